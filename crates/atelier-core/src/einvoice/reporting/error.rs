//! The refusals of the e-reporting and of the exchange with the approved
//! platform, and how each is told to a person.

use atelier_domain::Locale;

use super::period_label;

/// Why the e-reporting or the exchange with the PA refused. Nothing was
/// written. Reaches callers as [`crate::Error::Ereport`].
#[derive(Debug, thiserror::Error)]
pub enum EreportError {
    /// A period is frozen only once it is over.
    #[error("period {start}..{end} is not over")]
    NotOver {
        /// Its first day.
        start: String,
        /// Its last day.
        end: String,
    },
    /// This station already froze a period covering these days.
    #[error("period {start}..{end} already frozen")]
    AlreadyFrozen {
        /// Its first day.
        start: String,
        /// Its last day.
        end: String,
    },
    /// The exchange folders are not set on this workstation.
    #[error("no exchange folders")]
    NoFolders,
    /// A folder of the exchange could not be read or written.
    #[error("exchange folder {path}: {reason}")]
    Folder {
        /// The file or folder.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A status file from the PA could not be read; nothing of it was kept.
    #[error("status file {file}, line {line}: {reason}")]
    StatusFile {
        /// Its name.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong, in English (the format's own words).
        reason: String,
    },
    /// Only an issued invoice or credit note is sent to the PA.
    #[error("{number} is not issued")]
    NotIssued {
        /// Its number, or its id for a draft.
        number: String,
    },
}

impl EreportError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            EreportError::NotOver { .. } => "ereport_not_over",
            EreportError::AlreadyFrozen { .. } => "ereport_already_frozen",
            EreportError::NoFolders => "exchange_not_set",
            EreportError::Folder { .. } => "exchange_folder",
            EreportError::StatusFile { .. } => "status_file",
            EreportError::NotIssued { .. } => "not_issued",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            EreportError::NotOver { start, end } if fr => format!(
                "La période {} n’est pas terminée : elle ne peut être figée qu’à partir du lendemain de son dernier jour.",
                period_label(start, end, locale)
            ),
            EreportError::NotOver { start, end } => format!(
                "The period {} is not over: it can be frozen from the day after its last day.",
                period_label(start, end, locale)
            ),
            EreportError::AlreadyFrozen { start, end } if fr => format!(
                "Une période couvrant {} est déjà figée sur ce poste : ses chiffres ne changent plus. Envoyez-la de nouveau si la plateforme ne l’a pas reçue.",
                period_label(start, end, locale)
            ),
            EreportError::AlreadyFrozen { start, end } => format!(
                "A period covering {} is already frozen at this workstation: its figures no longer change. Send it again if the platform did not receive it.",
                period_label(start, end, locale)
            ),
            EreportError::NoFolders if fr => "Les dossiers d’échange avec la plateforme agréée ne sont pas choisis sur ce poste : choisissez-les dans Réglages › Comptabilité › Facturation électronique.".to_owned(),
            EreportError::NoFolders => "The exchange folders with the approved platform are not chosen on this workstation: choose them in Settings › Accounting › Electronic invoicing.".to_owned(),
            EreportError::Folder { path, reason } if fr => format!(
                "Le dossier d’échange ne peut pas être utilisé ({path} : {reason}). Vérifiez que le dossier existe, que le disque est branché et qu’il n’est pas plein, puis recommencez."
            ),
            EreportError::Folder { path, reason } => format!(
                "The exchange folder cannot be used ({path}: {reason}). Check that the folder exists, the disk is connected and not full, then try again."
            ),
            EreportError::StatusFile { file, line, reason } if fr => format!(
                "Le fichier de statuts « {file} » reçu de la plateforme est illisible (ligne {line} : {reason}) : rien n’en a été enregistré et il reste dans le dossier de retour. Demandez à la plateforme de le renvoyer."
            ),
            EreportError::StatusFile { file, line, reason } => format!(
                "The status file “{file}” from the platform cannot be read (line {line}: {reason}): nothing of it was recorded and it stays in the incoming folder. Ask the platform to send it again."
            ),
            EreportError::NotIssued { number } if fr => format!(
                "{number} n’est pas une facture émise : seules les factures et les avoirs émis sont envoyés à la plateforme."
            ),
            EreportError::NotIssued { number } => format!(
                "{number} is not an issued invoice: only issued invoices and credit notes are sent to the platform."
            ),
        }
    }
}

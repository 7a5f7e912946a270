//! Why an archive was not made or not read, and how each is told to a
//! person: the archive area's catalogue of user-facing texts.

use std::path::PathBuf;

use atelier_domain::Locale;

/// Why an archive was not made or could not be read. A refused or failed
/// [`super::make`] leaves no archive under its name, at most a temporary
/// file the next one removes, and no row in the registry. Reaches callers as
/// [`crate::Error::Archive`].
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The period asked for is not a month (`YYYY-MM`) or a range of days
    /// whose end is not before its start.
    #[error("not an archive period: {given}")]
    BadPeriod {
        /// What was given.
        given: String,
    },
    /// The period has not ended yet (on the day `now` falls on): its
    /// documents are not all there.
    #[error("the period ending {end} is not over")]
    PeriodOpen {
        /// The last day of the period.
        end: String,
    },
    /// This station already archived this period: the archive stays as it
    /// was made (append-only), and a second one would not replace it.
    #[error("already archived as {file_name}")]
    AlreadyMade {
        /// The archive's file name.
        file_name: String,
    },
    /// A file already has the archive's name in the folder, and it is not
    /// this station's archive of the period: it is left as it is.
    #[error("{path} is in the way")]
    NameTaken {
        /// The file.
        path: PathBuf,
    },
    /// The archive could not be written into the folder: full, read-only,
    /// unplugged. Nothing was written under the archive's name.
    #[error("writing an archive into {dir}: {source}")]
    Write {
        /// The folder.
        dir: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An archive file could not be opened or read.
    #[error("reading the archive {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The station's signing key could not be kept in or read from the OS
    /// keyring (none installed or unlocked, or it refused).
    #[error("no keyring for the archive signing key: {detail}")]
    NoKeyring {
        /// What the keyring said.
        detail: String,
    },
    /// The keyring holds something that is not an Ed25519 key of Atelier's.
    #[error("the keyring's archive signing key is unreadable")]
    BadKey,
}

impl ArchiveError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ArchiveError::BadPeriod { .. } => "archive_period",
            ArchiveError::PeriodOpen { .. } => "archive_period_open",
            ArchiveError::AlreadyMade { .. } => "archive_exists",
            ArchiveError::NameTaken { .. } => "archive_name_taken",
            ArchiveError::Write { .. } => "archive_write",
            ArchiveError::Read { .. } => "archive_read",
            ArchiveError::NoKeyring { .. } => "no_keyring",
            ArchiveError::BadKey => "archive_key",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            ArchiveError::BadPeriod { given } if fr => format!("« {given} » n’est pas une période d’archive : un mois s’écrit AAAA-MM, un exercice AAAA-MM-JJ..AAAA-MM-JJ (la fin après le début)."),
            ArchiveError::BadPeriod { given } => format!("“{given}” is not an archive period: a month is YYYY-MM, a fiscal year YYYY-MM-DD..YYYY-MM-DD (the end after the start)."),
            ArchiveError::PeriodOpen { end } if fr => format!("La période qui finit le {end} n’est pas terminée : l’archive se fait après son dernier jour."),
            ArchiveError::PeriodOpen { end } => format!("The period ending on {end} is not over: it is archived after its last day."),
            ArchiveError::AlreadyMade { file_name } if fr => format!("Cette période est déjà archivée ({file_name}) : une archive n’est jamais refaite. Vérifiez-la avec « atelier archive verify »."),
            ArchiveError::AlreadyMade { file_name } => format!("This period is already archived ({file_name}): an archive is never made again. Check it with “atelier archive verify”."),
            ArchiveError::NameTaken { path } if fr => format!("Un fichier {} existe déjà et n’est pas l’archive signée de ce poste pour cette période : il n’a pas été touché. Déplacez-le, puis recommencez.", path.display()),
            ArchiveError::NameTaken { path } => format!("A file {} already exists and is not this station’s signed archive of the period: it was left alone. Move it away, then try again.", path.display()),
            ArchiveError::Write { dir, source } if fr => format!("L’archive n’a pas pu être écrite dans {} : {}. Rien n’a été enregistré ; libérez de la place ou choisissez un dossier où Atelier peut écrire, puis recommencez. Détail : {source}", dir.display(), write_cause(source, locale)),
            ArchiveError::Write { dir, source } => format!("The archive could not be written into {}: {}. Nothing was recorded; free some space or choose a folder Atelier can write to, then try again. Detail: {source}", dir.display(), write_cause(source, locale)),
            ArchiveError::Read { path, source } if fr => format!("L’archive {} n’a pas pu être lue : vérifiez que le disque ou la clé USB est branché. Détail : {source}", path.display()),
            ArchiveError::Read { path, source } => format!("The archive {} could not be read: check the disk or USB key is plugged in. Detail: {source}", path.display()),
            ArchiveError::NoKeyring { detail } if fr => format!("La clé de signature des archives n’a pas pu être lue ni rangée dans le trousseau du système (GNOME Keyring, KWallet, Trousseau macOS, Gestionnaire d’identification Windows) : ouvrez ou installez-en un, puis recommencez. Détail : {detail}"),
            ArchiveError::NoKeyring { detail } => format!("The archive signing key could not be read from or kept in the system keyring (GNOME Keyring, KWallet, macOS Keychain, Windows Credential Manager): open or install one, then try again. Detail: {detail}"),
            ArchiveError::BadKey if fr => "Le trousseau du système contient une clé de signature des archives illisible : elle a été modifiée hors d’Atelier. Signalez-le avant de faire une archive.".to_owned(),
            ArchiveError::BadKey => "The system keyring holds an unreadable archive signing key: it was changed outside Atelier. Report it before making an archive.".to_owned(),
        }
    }
}

/// Why a write failed, in words: a full disk and a read-only one are what a
/// workshop meets.
fn write_cause(e: &std::io::Error, locale: Locale) -> &'static str {
    use std::io::ErrorKind as K;
    let fr = locale == Locale::Fr;
    match e.kind() {
        K::StorageFull | K::QuotaExceeded if fr => "le disque est plein",
        K::StorageFull | K::QuotaExceeded => "the disk is full",
        K::PermissionDenied | K::ReadOnlyFilesystem if fr => "le dossier est protégé en écriture",
        K::PermissionDenied | K::ReadOnlyFilesystem => "the folder is read-only",
        K::NotFound if fr => "le dossier n’existe pas (disque débranché ?)",
        K::NotFound => "the folder does not exist (disk unplugged?)",
        _ if fr => "le disque a refusé l’écriture",
        _ => "the disk refused the write",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_named_and_the_fix_given() {
        let e = ArchiveError::Write {
            dir: PathBuf::from("/media/usb/archives"),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        };
        assert_eq!(e.code(), "archive_write");
        let fr = e.message(Locale::Fr);
        assert!(
            fr.starts_with("L’archive n’a pas pu être écrite dans /media/usb/archives : le disque est plein. Rien n’a été enregistré"),
            "{fr}"
        );
        let en = e.message(Locale::En);
        assert!(
            en.starts_with("The archive could not be written into /media/usb/archives: the disk is full. Nothing was recorded"),
            "{en}"
        );
    }

    #[test]
    fn a_read_only_folder_is_named() {
        let e = ArchiveError::Write {
            dir: PathBuf::from("/mnt/ro"),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(
            e.message(Locale::Fr)
                .contains("le dossier est protégé en écriture")
        );
        assert!(e.message(Locale::En).contains("the folder is read-only"));
    }
}

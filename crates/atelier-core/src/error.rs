//! The error every atelier-core function returns, and how it is told to a person.
//!
//! Each business area keeps its own refusals, with their codes and texts, in
//! its own enum ([`CustomerError`], [`OrderError`], …); [`Error`] wraps them
//! beside what belongs to no area (a refused input, a missing record, the
//! database, a document, sync) and asks the one it holds.

use std::path::PathBuf;

use atelier_domain::Locale;
use rusqlite::ErrorCode;

use crate::archives::ArchiveError;
use crate::backup::BackupError;
use crate::campaigns::CampaignError;
use crate::cipher::CipherError;
use crate::customers::CustomerError;
use crate::diagnosis::DiagnosisError;
use crate::einvoice::inbound::InboundError;
use crate::einvoice::reporting::EreportError;
use crate::fec::FecError;
use crate::invoices::InvoiceError;
use crate::orders::OrderError;
use crate::planning::PlanningError;
use crate::till::TillError;
use crate::users::SignInError;
use crate::validation::Invalid;
use crate::vehicles::VehicleError;

/// Shorthand for results of atelier-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in atelier-core. Whatever the variant, a failed
/// write has written nothing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A person's input was refused.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The customer file refused a change (a possible duplicate, a merge
    /// into itself).
    #[error(transparent)]
    Customer(#[from] CustomerError),
    /// A vehicle's record refused a change (a lower mileage).
    #[error(transparent)]
    Vehicle(#[from] VehicleError),
    /// A sign-in or a switch of user was refused.
    #[error(transparent)]
    SignIn(#[from] SignInError),
    /// An order, its checklist, its clock or its supplement refused a change.
    #[error(transparent)]
    Order(#[from] OrderError),
    /// A backup was not taken, or a restore not done.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// An encrypted database or backup was not opened, or its key not
    /// made again.
    #[error(transparent)]
    Cipher(#[from] CipherError),
    /// A signed archive was not made, or not read.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// An invoice, its PDF or a payment refused a change.
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// A decision tree was refused when saved, or an answer to one of its
    /// questions; a diagnosis refused a change (closed, codes cleared
    /// without a confirmation).
    #[error(transparent)]
    Diagnosis(#[from] DiagnosisError),
    /// A booking clashes with the planning and waits for a confirmation.
    #[error(transparent)]
    Planning(#[from] PlanningError),
    /// The till refused: a closed period, a clock set back.
    #[error(transparent)]
    Till(#[from] TillError),
    /// The FEC was not written (no SIRET, an entry that does not balance).
    #[error(transparent)]
    Fec(#[from] FecError),
    /// A supplier's e-invoice was refused (not an e-invoice, inconsistent
    /// totals, already imported…), or a decision about it.
    #[error(transparent)]
    Inbound(#[from] InboundError),
    /// The e-reporting or the exchange with the approved platform refused
    /// (a period not over or already frozen, no exchange folder, a status
    /// file that cannot be read).
    #[error(transparent)]
    Ereport(#[from] EreportError),
    /// A campaign was not launched (nobody to write to, a channel not set
    /// up, its offer over).
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    /// A trouble code typed is no code.
    #[error(transparent)]
    Dtc(#[from] atelier_dtc::DtcError),
    /// A record asked for by id does not exist (or was deleted).
    #[error("{entity} {id} not found")]
    NotFound {
        /// The kind of record, e.g. `customer`.
        entity: &'static str,
        /// The id that was asked for.
        id: String,
    },
    /// The local database failed.
    #[error("database: {0}")]
    Storage(#[from] rusqlite::Error),
    /// The database could not be brought to this version's schema.
    #[error("migrating the database: {0}")]
    Migration(#[from] refinery::Error),
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file for the person could not be written.
    #[error("cannot write {path}: {source}")]
    Export {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The person signed in may not do this.
    #[error("forbidden: {action:?}")]
    Forbidden {
        /// What they tried.
        action: crate::access::Action,
    },
    /// Nobody is signed in at this workstation (or the screen locked itself).
    #[error("nobody is signed in")]
    NotSignedIn,
    /// A stored value does not parse: the database was changed outside Atelier.
    #[error("unreadable value in {0}")]
    Corrupt(&'static str),
    /// A document could not be laid out as PDF.
    #[error("document: {0}")]
    Document(#[from] atelier_pdf::Error),
    /// Sync with the server did not happen.
    #[error("sync: {0}")]
    Sync(#[from] crate::sync::SyncError),
    /// Messages cannot be sent: the settings are missing or refused.
    #[error("messaging: {0}")]
    Messaging(String),
}

impl Error {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "validation",
            Error::Customer(e) => e.code(),
            Error::Vehicle(e) => e.code(),
            Error::SignIn(e) => e.code(),
            Error::Order(e) => e.code(),
            Error::Backup(e) => e.code(),
            Error::Cipher(e) => e.code(),
            Error::Archive(e) => e.code(),
            Error::Invoice(e) => e.code(),
            Error::Planning(e) => e.code(),
            Error::Diagnosis(e) => e.code(),
            Error::Till(e) => e.code(),
            Error::Fec(e) => e.code(),
            Error::Inbound(e) => e.code(),
            Error::Ereport(e) => e.code(),
            Error::Dtc(e) => e.code(),
            Error::Campaign(e) => e.code(),
            Error::NotFound { .. } => "not_found",
            Error::Storage(e) if is_busy(e) => "busy",
            Error::Storage(_)
            | Error::Migration(_)
            | Error::DataDir { .. }
            | Error::Export { .. } => "storage",
            Error::Corrupt(_) => "corrupt",
            Error::Forbidden { .. } => "forbidden",
            Error::NotSignedIn => "not_signed_in",
            Error::Document(_) => "document",
            Error::Sync(e) => e.code(),
            Error::Messaging(_) => "messaging",
        }
    }

    /// The input field at fault, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid(i) => Some(i.field.name()),
            _ => None,
        }
    }

    /// Data the UI needs to act on the error: the matching customers of a
    /// duplicate, the previous reading of a lower mileage.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            Error::Customer(e) => e.details(),
            Error::Vehicle(e) => e.details(),
            Error::SignIn(e) => e.details(),
            Error::Order(e) => e.details(),
            Error::Planning(e) => e.details(),
            Error::Diagnosis(e) => e.details(),
            Error::Inbound(e) => e.details(),
            Error::Sync(crate::sync::SyncError::Refused { code, .. }) => {
                Some(serde_json::json!({ "server_code": code }))
            }
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Error::Invalid(i) => i.message(locale),
            Error::Customer(e) => e.message(locale),
            Error::Vehicle(e) => e.message(locale),
            Error::SignIn(e) => e.message(locale),
            Error::Order(e) => e.message(locale),
            Error::Backup(e) => e.message(locale),
            Error::Cipher(e) => e.message(locale),
            Error::Archive(e) => e.message(locale),
            Error::Invoice(e) => e.message(locale),
            Error::Planning(e) => e.message(locale),
            Error::Diagnosis(e) => e.message(locale),
            Error::Till(e) => e.message(locale),
            Error::Fec(e) => e.message(locale),
            Error::Inbound(e) => e.message(locale),
            Error::Ereport(e) => e.message(locale),
            Error::Dtc(e) => e.message(locale),
            Error::Campaign(e) => e.message(locale),
            Error::NotFound { .. } if fr => {
                "Cet élément n’existe plus : il a peut-être été supprimé. Actualisez la liste."
                    .to_owned()
            }
            Error::NotFound { .. } => {
                "This item no longer exists: it may have been deleted. Refresh the list.".to_owned()
            }
            Error::Storage(e) if is_busy(e) && fr => "La base de données est occupée par une autre fenêtre d’Atelier. Réessayez dans un instant ; rien n’a été enregistré.".to_owned(),
            Error::Storage(e) if is_busy(e) => "The database is busy in another Atelier window. Try again in a moment; nothing was saved.".to_owned(),
            Error::Storage(e) if fr => format!("La base de données locale a refusé l’opération ; rien n’a été enregistré. Vérifiez l’espace disque. Détail : {e}"),
            Error::Storage(e) => format!("The local database refused the operation; nothing was saved. Check the free disk space. Detail: {e}"),
            Error::Migration(e) if fr => format!("La base de données n’a pas pu être mise à jour pour cette version d’Atelier. Détail : {e}"),
            Error::Migration(e) => format!("The database could not be upgraded for this version of Atelier. Detail: {e}"),
            Error::DataDir { path, source } if fr => format!("Impossible de créer le dossier de données {} : {source}", path.display()),
            Error::DataDir { path, source } => format!("Cannot create the data folder {}: {source}", path.display()),
            Error::Export { path, source } if fr => format!("Impossible d’écrire le fichier {} : {source}. Vérifiez l’espace disque et les droits du dossier.", path.display()),
            Error::Export { path, source } => format!("Cannot write the file {}: {source}. Check the free disk space and the folder’s permissions.", path.display()),
            Error::Forbidden { action } if fr => format!(
                "Votre profil ne vous permet pas de {}. Demandez au gérant, ou changez d’utilisateur.",
                action.phrase(locale)
            ),
            Error::Forbidden { action } => format!(
                "Your role does not allow you to {}. Ask the owner, or switch user.",
                action.phrase(locale)
            ),
            Error::NotSignedIn if fr => "Identifiez-vous pour continuer : le poste a été verrouillé.".to_owned(),
            Error::NotSignedIn => "Sign in to continue: this workstation was locked.".to_owned(),
            Error::Corrupt(place) if fr => format!("Une donnée illisible a été trouvée ({place}) : la base a été modifiée hors d’Atelier. Restaurez une sauvegarde."),
            Error::Corrupt(place) => format!("Unreadable data was found ({place}): the database was changed outside Atelier. Restore a backup."),
            Error::Document(e) if fr => format!("Le document n’a pas pu être produit ; vérifiez le logo de l’atelier dans Réglages (une image PNG). Détail : {e}"),
            Error::Document(e) => format!("The document could not be produced; check the workshop’s logo in Settings (a PNG image). Detail: {e}"),
            Error::Sync(e) => e.message(locale),
            Error::Messaging(detail) if fr => format!("Les messages ne peuvent pas partir : {detail}. Vérifiez les réglages des messages."),
            Error::Messaging(detail) => format!("Messages cannot be sent: {detail}. Check the message settings."),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

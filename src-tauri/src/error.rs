//! The one error shape the UI receives.

use atelier_core::backup::BackupError;
use atelier_domain::Locale;
use serde::Serialize;

/// An error as the UI gets it: a `code` to branch on, a `message` in the user's
/// language to show as is, and for validation errors the input `field` at fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UiError {
    /// Stable code: `validation`, `duplicate`, `mileage_lower`, `not_found`, `busy`,
    /// `storage`, `corrupt`, `internal`.
    pub code: &'static str,
    /// What to tell the person.
    pub message: String,
    /// The input at fault, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// What the UI needs to act on some codes (the matches of a `duplicate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl UiError {
    /// Translates a core error for a person reading `locale`.
    pub fn from_core(e: &atelier_core::Error, locale: Locale) -> Self {
        // The code only: the message may quote what the person typed.
        match e {
            atelier_core::Error::Storage(_)
            | atelier_core::Error::Migration(_)
            | atelier_core::Error::Corrupt(_)
            | atelier_core::Error::Backup(BackupError::Io { .. } | BackupError::Damaged { .. }) => {
                tracing::error!(code = e.code(), "command failed");
            }
            _ => tracing::info!(code = e.code(), "command refused"),
        }
        UiError {
            code: e.code(),
            message: e.message(locale),
            field: e.field(),
            details: e.details(),
        }
    }

    /// A command the shell does not know (the UI and the shell disagree).
    pub fn unknown_command() -> Self {
        UiError {
            code: "forbidden",
            message: "Commande inconnue / Unknown command".to_owned(),
            field: None,
            details: None,
        }
    }

    /// A command the window ran before the station's database was open
    /// (the gate still shows), or one that needs a person signed in.
    pub fn not_open() -> Self {
        UiError {
            code: "not_open",
            message: "La base de ce poste n’est pas encore ouverte / This workstation’s database is not open yet".to_owned(),
            field: None,
            details: None,
        }
    }

    /// A failure of the shell itself (a worker thread that did not finish).
    pub fn internal(locale: Locale) -> Self {
        let message = crate::words::internal(locale);
        UiError {
            code: "internal",
            message: message.to_owned(),
            field: None,
            details: None,
        }
    }
}

//! The refusals of a diagnosis, and how each is told to a person: the
//! diagnosis area's catalogue of user-facing refusals.

use atelier_domain::Locale;

/// Why a diagnosis refused a change. Nothing was written. Reaches callers
/// as [`crate::Error::Diagnosis`].
#[derive(Debug, thiserror::Error)]
pub enum DiagnosisError {
    /// The diagnosis is closed: reopen it to change it.
    #[error("diagnosis is closed")]
    Closed,
    /// Codes cleared without the mechanic confirming it.
    #[error("clearing codes needs a confirmation")]
    ClearNotConfirmed,
}

impl DiagnosisError {
    /// The code the front end branches on.
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosisError::Closed => "diagnosis_closed",
            DiagnosisError::ClearNotConfirmed => "diagnosis_clear_unconfirmed",
        }
    }

    /// The message for the person, in their language, saying what to do.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            DiagnosisError::Closed if fr => {
                "Ce diagnostic est clos : rouvrez-le pour le modifier.".to_owned()
            }
            DiagnosisError::Closed => "This diagnosis is closed: reopen it to change it.".to_owned(),
            DiagnosisError::ClearNotConfirmed if fr => "L’effacement des codes doit être confirmé : il éteint le voyant et efface l’image figée que le contrôle technique et le diagnostic pourraient encore lire.".to_owned(),
            DiagnosisError::ClearNotConfirmed => "Clearing the codes must be confirmed: it turns the warning light off and erases the freeze frame the inspection and the diagnosis could still read.".to_owned(),
        }
    }
}

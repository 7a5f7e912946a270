//! The OBD-II trouble-code library, shipped inside Atelier so a code read
//! at the bench is explained offline: 18,805 descriptions (9,415 generic
//! SAE J2012 codes, the rest for about 30 makes), English, from the
//! `dtc-database` project (MIT: `data/LICENSE`, kept beside the data), and
//! a French title for every generic code made by a phrase glossary
//! ([`french`]): 9,339 of the 9,415 generic titles (99.2 %) are fully
//! translated (`cargo run -p atelier-dtc --example coverage` says it again
//! and lists the words missing); the others keep an English word or two and
//! say so ([`Generic::fully_translated`]), so the UI shows the English
//! beside them. "Fully translated" means every word was covered by the
//! glossary, not that a person reviewed each title: 47 reviewed titles
//! across the four families are pinned by `tests/french.rs`.
//!
//! A crate of its own, below core and depending only on atelier-domain (for
//! [`Locale`]): it is reference data that knows nothing of the workshop's
//! store, so core (the owner's corrections, the global search), the CLI and
//! the shell can all use it, and its 1.2 MB of text is compiled in one place.
//!
//! The CSV is embedded as text (`include_str!`, 1,190,184 bytes: the
//! installer's compression already shrinks it, so compressing it here would
//! only cost a decoder) and parsed once, on first use ([`library`]), into
//! entries sorted by code (binary search) and an index of folded words
//! (English and French titles) for [`Library::search`].
//!
//! ```
//! let lib = atelier_dtc::library();
//! let entry = lib.lookup("p 0420").unwrap();
//! assert_eq!(entry.code.as_str(), "P0420");
//! let generic = entry.generic.as_ref().unwrap();
//! assert_eq!(generic.english, "Catalyst System Efficiency Below Threshold Bank 1");
//! assert_eq!(generic.french, "Rendement du catalyseur sous le seuil, rangée 1");
//! ```

mod code;
pub mod french;
mod library;
mod make;
mod search;

pub use atelier_domain::Locale;
pub use code::{Code, Family};
pub use library::{Entry, Generic, Library, MakeMeaning, library};
pub use make::Make;

/// A code that cannot be looked up, with its message in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DtcError {
    /// The text is not a trouble code (a letter P/B/C/U and four hex digits).
    #[error("not a trouble code: {input:?}")]
    NotACode {
        /// What was typed.
        input: String,
    },
    /// A well-formed code the library has no meaning for.
    #[error("unknown trouble code {code}")]
    Unknown {
        /// The normalised code.
        code: Code,
    },
}

impl DtcError {
    /// The code the front end branches on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotACode { .. } => "validation",
            Self::Unknown { .. } => "not_found",
        }
    }

    /// The message for the person, in their language, saying what to do.
    #[must_use]
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (Self::NotACode { input }, Locale::Fr) => format!(
                "« {} » n’est pas un code défaut : une lettre P, B, C ou U suivie de quatre chiffres, par exemple P0420.",
                input.trim()
            ),
            (Self::NotACode { input }, Locale::En) => format!(
                "“{}” is not a trouble code: a letter P, B, C or U and four digits, e.g. P0420.",
                input.trim()
            ),
            (Self::Unknown { code }, Locale::Fr) => format!(
                "Le code {code} n’est pas dans la bibliothèque : vérifiez-le, ou consultez la documentation du constructeur."
            ),
            (Self::Unknown { code }, Locale::En) => format!(
                "Code {code} is not in the library: check it, or see the maker's documentation."
            ),
        }
    }
}

//! French titles for the generic codes (stub).

/// A French title and whether every word of the English was translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The French, with any word the glossary lacks left in English.
    pub text: String,
    /// Whether the glossary covered every word.
    pub complete: bool,
}

/// Translates an English description.
#[must_use]
pub fn translate(english: &str) -> Title {
    Title {
        text: english.to_owned(),
        complete: false,
    }
}

//! The language user-facing text is written in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A supported user interface language. French is the default: Atelier is
/// made for French workshops first.
///
/// Serialised as `"fr"` / `"en"`, the same codes the UI's i18n files use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// French (France): `1 234,56 €`.
    #[default]
    Fr,
    /// English: `€1,234.56`.
    En,
}

impl Locale {
    /// The two-letter code: `"fr"` or `"en"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language tag names a language Atelier does not support.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language {input:?}: use \"fr\" or \"en\"")]
pub struct LocaleError {
    /// The text that failed to parse.
    pub input: String,
}

impl FromStr for Locale {
    type Err = LocaleError;

    /// Accepts `fr` and `en` in any case, with or without a region, as a
    /// browser reports it (`fr-FR`, `en_GB`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let language = s.split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("fr") {
            Ok(Self::Fr)
        } else if language.eq_ignore_ascii_case("en") {
            Ok(Self::En)
        } else {
            Err(LocaleError {
                input: s.to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_the_default() {
        assert_eq!(Locale::default(), Locale::Fr);
    }

    #[test]
    fn parses_codes_and_browser_tags() {
        for (text, locale) in [
            ("fr", Locale::Fr),
            ("FR", Locale::Fr),
            ("fr-FR", Locale::Fr),
            ("fr_BE", Locale::Fr),
            ("en", Locale::En),
            ("en-GB", Locale::En),
        ] {
            assert_eq!(text.parse::<Locale>(), Ok(locale), "{text}");
        }
        for text in ["", "de", "french", "f"] {
            assert!(text.parse::<Locale>().is_err(), "{text:?} must be rejected");
        }
    }

    #[test]
    fn as_str_round_trips_through_parse() {
        for locale in [Locale::Fr, Locale::En] {
            assert_eq!(locale.as_str().parse::<Locale>(), Ok(locale));
            assert_eq!(locale.to_string(), locale.as_str());
        }
    }

    #[test]
    fn serde_uses_the_two_letter_code() {
        assert_eq!(serde_json::to_string(&Locale::Fr).unwrap(), "\"fr\"");
        assert_eq!(serde_json::to_string(&Locale::En).unwrap(), "\"en\"");
        let back: Locale = serde_json::from_str("\"en\"").unwrap();
        assert_eq!(back, Locale::En);
    }
}

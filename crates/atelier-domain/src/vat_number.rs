//! Intra-EU VAT numbers (*numéro de TVA intracommunautaire*), printed on
//! invoices to business customers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::siren::luhn_valid;

/// The French format, in the notation of [`VatNumberError::Format`].
const FRENCH_FORMAT: &str = "XX999999999";

/// The formats of each accepted prefix, in the notation of
/// [`VatNumberError::Format`]: `9` a digit, `L` a letter, `X` a letter or
/// digit, anything else itself; alternatives separated by `" | "`. France
/// is checked apart, more strictly.
const FORMATS: &[(&str, &str)] = &[
    ("AT", "U99999999"),
    ("BE", "0999999999 | 1999999999"),
    ("BG", "999999999 | 9999999999"),
    ("CY", "99999999L"),
    ("CZ", "99999999 | 999999999 | 9999999999"),
    ("DE", "999999999"),
    ("DK", "99999999"),
    ("EE", "999999999"),
    ("EL", "999999999"),
    // Spain also requires a letter at one end at least; see `matches_country`.
    ("ES", "X9999999X"),
    ("FI", "99999999"),
    ("FR", FRENCH_FORMAT),
    ("HR", "99999999999"),
    ("HU", "99999999"),
    ("IE", "9999999L | 9999999LL | 9X99999L"),
    ("IT", "99999999999"),
    ("LT", "999999999 | 999999999999"),
    ("LU", "99999999"),
    ("LV", "99999999999"),
    ("MT", "99999999"),
    ("NL", "999999999B99"),
    ("PL", "9999999999"),
    ("PT", "999999999"),
    (
        "RO",
        "99 | 999 | 9999 | 99999 | 999999 | 9999999 | 99999999 | 999999999 | 9999999999",
    ),
    ("SE", "999999999901"),
    ("SI", "99999999"),
    ("SK", "9999999999"),
    // Northern Ireland keeps the United Kingdom's formats.
    ("XI", "999999999 | 999999999999 | GD999 | HA999"),
];

/// An intra-EU VAT number: a country prefix (`FR`, `DE`, `EL` for Greece,
/// `XI` for Northern Ireland…) and the national number in that country's
/// format, compact and uppercase: `FR40303265045`.
///
/// French numbers are fully checked: the SIREN passes Luhn and a numeric
/// key matches it. Other countries' numbers are checked for length and
/// character classes only. On the wire it is the compact string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatNumber(String);

/// Text could not be read as an intra-EU VAT number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatNumberError {
    /// Nothing but spaces, dots or dashes was entered.
    #[error("no VAT number was entered")]
    Empty,
    /// A character other than a letter, a digit, a space, a dot or a dash.
    #[error("{found:?} cannot appear in a VAT number")]
    ForbiddenCharacter {
        /// The character as typed.
        found: char,
    },
    /// The number does not start with two letters; the country prefix is
    /// probably missing (`FR`…).
    #[error("a VAT number starts with its country code, such as FR")]
    MissingCountry,
    /// The first two letters are not an EU country prefix (note Greece is
    /// `EL`, not `GR`, which is accepted too).
    #[error("{prefix:?} is not the prefix of an EU VAT number")]
    UnknownCountry {
        /// The first two characters, uppercased.
        prefix: String,
    },
    /// The national part does not have the country's format.
    #[error("this is not a {country} VAT number: expected {country} followed by {expected}")]
    Format {
        /// The country prefix, e.g. `"DE"`.
        country: &'static str,
        /// The accepted formats, separated by `" | "`: `9` a digit, `L` a
        /// letter, `X` a letter or digit, anything else itself
        /// (`"999999999B99"` for the Netherlands).
        expected: &'static str,
    },
    /// The 9 digits after a French key are not a valid SIREN (Luhn fails).
    #[error("the last 9 digits of this French VAT number are not a valid SIREN")]
    FrenchSiren,
    /// The numeric key of a French number does not match its SIREN.
    #[error("the key of this French VAT number should be {expected:02}")]
    FrenchKey {
        /// The key the SIREN gives, 0 to 96; show it with two digits.
        expected: u8,
    },
}

impl VatNumber {
    /// Reads a VAT number typed in any case, with or without spaces, dots
    /// or dashes: `fr 40 303 265 045`. `GR` is read as `EL`, the prefix
    /// Greece uses for VAT.
    pub fn parse(input: &str) -> Result<Self, VatNumberError> {
        let mut compact = String::with_capacity(input.len());
        for c in input.chars() {
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
            } else if !(c.is_whitespace() || c == '.' || c == '-') {
                return Err(VatNumberError::ForbiddenCharacter { found: c });
            }
        }
        if compact.is_empty() {
            return Err(VatNumberError::Empty);
        }
        let prefix = compact
            .get(..2)
            .filter(|p| p.bytes().all(|b| b.is_ascii_alphabetic()));
        let Some(prefix) = prefix else {
            return Err(VatNumberError::MissingCountry);
        };
        let prefix = if prefix == "GR" { "EL" } else { prefix };
        let Some(&(country, formats)) = FORMATS.iter().find(|(code, _)| *code == prefix) else {
            return Err(VatNumberError::UnknownCountry {
                prefix: prefix.to_owned(),
            });
        };
        let national = &compact[2..];
        if country == "FR" {
            check_french(national)?;
        } else if !matches_country(country, formats, national) {
            return Err(VatNumberError::Format {
                country,
                expected: formats,
            });
        }
        Ok(Self(format!("{country}{national}")))
    }

    /// The compact number with its prefix: `FR40303265045`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country prefix: `FR`, `DE`, `EL` (Greece), `XI` (Northern Ireland)…
    #[must_use]
    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// The national part, after the prefix.
    #[must_use]
    pub fn national(&self) -> &str {
        &self.0[2..]
    }
}

/// Whether `national` has one of the country's formats.
fn matches_country(country: &str, formats: &str, national: &str) -> bool {
    let b = national.as_bytes();
    let shaped = formats
        .split(" | ")
        .any(|format| matches_format(format, national));
    // A Spanish number has a letter at one end at least (NIF, NIE or CIF).
    shaped && (country != "ES" || b[0].is_ascii_alphabetic() || b[8].is_ascii_alphabetic())
}

/// Whether `text` matches `format`: `9` a digit, `L` a letter, `X` a
/// letter or digit, any other character itself.
fn matches_format(format: &str, text: &str) -> bool {
    format.len() == text.len()
        && format.bytes().zip(text.bytes()).all(|(f, t)| match f {
            b'9' => t.is_ascii_digit(),
            b'L' => t.is_ascii_alphabetic(),
            b'X' => t.is_ascii_alphanumeric(),
            literal => t == literal,
        })
}

/// Checks the part after `FR`: a 2-character key (digits, or letters
/// other than I and O) and a 9-digit SIREN that passes Luhn; a numeric key
/// must be (12 + 3 × (SIREN mod 97)) mod 97.
fn check_french(national: &str) -> Result<(), VatNumberError> {
    let format = VatNumberError::Format {
        country: "FR",
        expected: FRENCH_FORMAT,
    };
    if !matches_format(FRENCH_FORMAT, national) {
        return Err(format);
    }
    let (key, siren) = national.split_at(2);
    if key.contains(['I', 'O']) {
        return Err(format);
    }
    if !luhn_valid(siren) {
        return Err(VatNumberError::FrenchSiren);
    }
    if let Ok(key) = key.parse::<u32>() {
        let siren: u32 = siren.parse().map_err(|_| VatNumberError::FrenchSiren)?;
        let expected = (12 + 3 * (siren % 97)) % 97;
        if key != expected {
            return Err(VatNumberError::FrenchKey {
                // Below 97, so it always fits.
                expected: u8::try_from(expected).unwrap_or(u8::MAX),
            });
        }
    }
    Ok(())
}

impl fmt::Display for VatNumber {
    /// The compact form: `FR40303265045`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for VatNumber {
    type Err = VatNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for VatNumber {
    type Error = VatNumberError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<VatNumber> for String {
    fn from(number: VatNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_french_numbers_with_separators() {
        for input in ["FR40303265045", "fr 40 303 265 045", "FR-40.303.265.045"] {
            let n = VatNumber::parse(input).unwrap();
            assert_eq!(n.as_str(), "FR40303265045", "{input:?}");
            assert_eq!(n.to_string(), "FR40303265045");
            assert_eq!(n.country(), "FR");
            assert_eq!(n.national(), "40303265045");
        }
        // Alphanumeric keys are not checked against the SIREN.
        assert!(VatNumber::parse("FRK7303265045").is_ok());
        assert!(VatNumber::parse("FR4Z303265045").is_ok());
    }

    #[test]
    fn french_errors_say_what_is_wrong() {
        assert_eq!(
            VatNumber::parse("FR41303265045"),
            Err(VatNumberError::FrenchKey { expected: 40 })
        );
        assert_eq!(
            VatNumber::parse("FR40303265046"),
            Err(VatNumberError::FrenchSiren)
        );
        let format = Err(VatNumberError::Format {
            country: "FR",
            expected: "XX999999999",
        });
        assert_eq!(VatNumber::parse("FR4030326504"), format);
        assert_eq!(
            VatNumber::parse("FRIO303265045"),
            format,
            "no I or O in the key"
        );
        assert_eq!(VatNumber::parse("FR4030326504A"), format);
    }

    #[test]
    fn reads_other_countries_by_format() {
        for input in [
            "DE 123456789",
            "BE0123456789",
            "IT12345678901",
            "ESA12345678",
            "ES12345678Z",
            "ESX1234567L",
            "NL123456789B01",
            "LU12345678",
            "ATU12345678",
            "IE1234567T",
            "IE1234567TW",
            "XI123456789",
            "SE123456789001",
            "EL123456789",
            "CY12345678L",
        ] {
            assert!(VatNumber::parse(input).is_ok(), "{input:?}");
        }
        let greek = VatNumber::parse("GR123456789").unwrap();
        assert_eq!(greek.as_str(), "EL123456789", "Greece's VAT prefix is EL");
    }

    #[test]
    fn other_errors_say_what_is_wrong() {
        assert_eq!(VatNumber::parse(" . "), Err(VatNumberError::Empty));
        assert_eq!(
            VatNumber::parse("FR40/303265045"),
            Err(VatNumberError::ForbiddenCharacter { found: '/' })
        );
        assert_eq!(
            VatNumber::parse("40303265045"),
            Err(VatNumberError::MissingCountry)
        );
        assert_eq!(VatNumber::parse("F"), Err(VatNumberError::MissingCountry));
        assert_eq!(
            VatNumber::parse("US123456789"),
            Err(VatNumberError::UnknownCountry {
                prefix: "US".into()
            })
        );
        assert_eq!(
            VatNumber::parse("GB123456789"),
            Err(VatNumberError::UnknownCountry {
                prefix: "GB".into()
            })
        );
        for (input, country) in [
            ("DE12345678", "DE"),
            ("BE2123456789", "BE"),
            ("ES123456789", "ES"),
            ("NL123456789X01", "NL"),
            ("SE123456789002", "SE"),
        ] {
            assert!(
                matches!(VatNumber::parse(input), Err(VatNumberError::Format { country: c, .. }) if c == country),
                "{input:?}"
            );
        }
    }

    #[test]
    fn serde_is_the_compact_string() {
        let n = VatNumber::parse("fr 40 303 265 045").unwrap();
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"FR40303265045\"");
        assert_eq!(serde_json::from_str::<VatNumber>(&json).unwrap(), n);
        assert!(serde_json::from_str::<VatNumber>("\"FR41303265045\"").is_err());
    }

    proptest! {
        #[test]
        fn the_computed_key_of_any_siren_is_accepted(body in 0u32..100_000_000) {
            let text = (0..10)
                .map(|d| format!("{body:08}{d}"))
                .find(|t| luhn_valid(t))
                .unwrap();
            let siren: u32 = text.parse().unwrap();
            let key = (12 + 3 * (siren % 97)) % 97;
            let number = VatNumber::parse(&format!("FR{key:02}{text}")).unwrap();
            prop_assert_eq!(number.national(), format!("{key:02}{text}"));
            let wrong = (key + 1) % 100;
            prop_assert_eq!(
                VatNumber::parse(&format!("FR{wrong:02}{text}")),
                Err(VatNumberError::FrenchKey { expected: u8::try_from(key).unwrap() })
            );
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = VatNumber::parse(&input);
        }

        #[test]
        fn parse_never_panics_on_vat_like_text(input in "[A-Za-z]{2}[0-9A-Z ]{0,14}") {
            let _ = VatNumber::parse(&input);
        }
    }
}

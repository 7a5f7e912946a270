//! French company identifiers: SIREN (the company, 9 digits) and SIRET
//! (one of its establishments, 14 digits), as printed on invoices.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Digits in a SIREN.
const SIREN_LEN: usize = 9;
/// Digits in a SIRET.
const SIRET_LEN: usize = 14;
/// La Poste's SIREN, whose establishments' SIRETs follow their own check.
const LA_POSTE: &str = "356000000";

/// A SIREN, the 9-digit number INSEE gives a French company; its Luhn
/// check holds. Shown grouped (`732 829 320`), stored and serialised as
/// the bare digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siren(String);

/// A SIRET, the 14-digit number of one establishment: its SIREN followed by
/// a 5-digit NIC. Both the SIREN and the whole number pass the Luhn check,
/// except for La Poste (SIREN 356 000 000), whose SIRETs may instead have a
/// digit sum that is a multiple of 5. Shown grouped
/// (`732 829 320 00074`), stored and serialised as the bare digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(String);

/// Text could not be read as a SIREN or a SIRET.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SirenError {
    /// A character other than a digit, space, dot or dash.
    #[error("{found:?} cannot appear in a SIREN or SIRET: only digits")]
    NotDigits {
        /// The character as typed.
        found: char,
    },
    /// The wrong number of digits.
    #[error("expected {expected} digits, found {found}")]
    Length {
        /// 9 for a SIREN, 14 for a SIRET.
        expected: usize,
        /// How many digits were entered.
        found: usize,
    },
    /// The number fails its check: a digit is mistyped or two are swapped.
    #[error("this number fails its check: a digit is wrong")]
    Checksum,
    /// In a SIRET, the first 9 digits (the SIREN) fail their own check.
    #[error("the first 9 digits of this SIRET are not a valid SIREN")]
    SirenChecksum,
}

impl Siren {
    /// Reads a SIREN; spaces, dots and dashes between digits are ignored.
    pub fn parse(input: &str) -> Result<Self, SirenError> {
        let digits = bare_digits(input, SIREN_LEN)?;
        if !luhn_valid(&digits) {
            return Err(SirenError::Checksum);
        }
        Ok(Self(digits))
    }

    /// The 9 digits, without spaces.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Siret {
    /// Reads a SIRET; spaces, dots and dashes between digits are ignored.
    pub fn parse(input: &str) -> Result<Self, SirenError> {
        let digits = bare_digits(input, SIRET_LEN)?;
        let siren = &digits[..SIREN_LEN];
        if !luhn_valid(siren) {
            return Err(SirenError::SirenChecksum);
        }
        // La Poste numbers its many establishments by digit sum instead;
        // its head office (…00048) still passes Luhn, so accept either.
        let valid =
            luhn_valid(&digits) || (siren == LA_POSTE && digit_sum(&digits).is_multiple_of(5));
        if !valid {
            return Err(SirenError::Checksum);
        }
        Ok(Self(digits))
    }

    /// The 14 digits, without spaces.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN of the company the establishment belongs to.
    #[must_use]
    pub fn siren(&self) -> Siren {
        Siren(self.0[..SIREN_LEN].to_owned())
    }

    /// The NIC: the last 5 digits, numbering the establishment within its company.
    #[must_use]
    pub fn nic(&self) -> &str {
        &self.0[SIREN_LEN..]
    }
}

/// The digits of `input` once spaces, dots and dashes are dropped, checked
/// to be exactly `expected` of them.
fn bare_digits(input: &str, expected: usize) -> Result<String, SirenError> {
    let mut digits = String::with_capacity(expected);
    for c in input.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !(c.is_whitespace() || c == '.' || c == '-') {
            return Err(SirenError::NotDigits { found: c });
        }
    }
    if digits.len() == expected {
        Ok(digits)
    } else {
        Err(SirenError::Length {
            expected,
            found: digits.len(),
        })
    }
}

/// Whether ASCII `digits` pass the Luhn check (every second digit from the
/// right doubled, the digits of the total summing to a multiple of 10).
/// Non-digits make it fail.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// The sum of ASCII `digits`.
fn digit_sum(digits: &str) -> u32 {
    digits.bytes().map(|b| u32::from(b - b'0')).sum()
}

impl fmt::Display for Siren {
    /// `732 829 320`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl fmt::Display for Siret {
    /// `732 829 320 00074`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.siren(), self.nic())
    }
}

impl FromStr for Siren {
    type Err = SirenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl FromStr for Siret {
    type Err = SirenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Siren {
    type Error = SirenError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl TryFrom<String> for Siret {
    type Error = SirenError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Siren> for String {
    fn from(siren: Siren) -> Self {
        siren.0
    }
}

impl From<Siret> for String {
    fn from(siret: Siret) -> Self {
        siret.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_siren_with_separators() {
        for input in ["732829320", "732 829 320", "732.829.320", " 732-829-320 "] {
            let siren = Siren::parse(input).unwrap();
            assert_eq!(siren.as_str(), "732829320", "{input:?}");
            assert_eq!(siren.to_string(), "732 829 320");
        }
    }

    #[test]
    fn reads_siret_and_its_parts() {
        let siret = Siret::parse("732 829 320 00074").unwrap();
        assert_eq!(siret.as_str(), "73282932000074");
        assert_eq!(siret.to_string(), "732 829 320 00074");
        assert_eq!(siret.siren().as_str(), "732829320");
        assert_eq!(siret.nic(), "00074");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(
            Siren::parse("732 829 32O"),
            Err(SirenError::NotDigits { found: 'O' })
        );
        assert_eq!(
            Siren::parse("73282932"),
            Err(SirenError::Length {
                expected: 9,
                found: 8
            })
        );
        assert_eq!(
            Siret::parse("732829320"),
            Err(SirenError::Length {
                expected: 14,
                found: 9
            })
        );
        assert_eq!(Siren::parse("732829321"), Err(SirenError::Checksum));
        assert_eq!(Siret::parse("73282932000075"), Err(SirenError::Checksum));
        assert_eq!(
            Siret::parse("73282932100074"),
            Err(SirenError::SirenChecksum)
        );
    }

    #[test]
    fn la_poste_sirets_may_use_the_digit_sum_rule() {
        assert!(Siren::parse("356 000 000").is_ok());
        assert!(
            Siret::parse("356 000 000 00048").is_ok(),
            "head office passes Luhn"
        );
        // Digit sum 3+5+6+1+0 = 15, a multiple of 5, though Luhn fails.
        assert!(!luhn_valid("35600000000010"));
        assert!(Siret::parse("35600000000010").is_ok());
        // Digit sum 16 and Luhn fails.
        assert_eq!(Siret::parse("35600000000011"), Err(SirenError::Checksum));
    }

    #[test]
    fn serde_is_the_bare_digits() {
        let siret = Siret::parse("732 829 320 00074").unwrap();
        let json = serde_json::to_string(&siret).unwrap();
        assert_eq!(json, "\"73282932000074\"");
        assert_eq!(serde_json::from_str::<Siret>(&json).unwrap(), siret);
        let siren = siret.siren();
        assert_eq!(serde_json::to_string(&siren).unwrap(), "\"732829320\"");
        assert!(serde_json::from_str::<Siren>("\"732829321\"").is_err());
    }

    /// Appends the digit that makes `body` pass Luhn.
    fn with_luhn_digit(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|candidate| luhn_valid(candidate))
            .unwrap()
    }

    proptest! {
        #[test]
        fn every_valid_siret_reads_back_from_its_display(
            siren in "[0-9]{8}",
            nic in "[0-9]{4}",
        ) {
            let siren = with_luhn_digit(&siren);
            let siret = with_luhn_digit(&format!("{siren}{nic}"));
            let parsed = Siret::parse(&siret).unwrap();
            prop_assert_eq!(Siret::parse(&parsed.to_string()), Ok(parsed.clone()));
            prop_assert_eq!(Siren::parse(&siren), Ok(parsed.siren()));
        }

        #[test]
        fn one_changed_digit_is_always_caught(
            siren in "[0-9]{8}",
            position in 0usize..9,
            delta in 1u8..10,
        ) {
            let mut bytes = with_luhn_digit(&siren).into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(Siren::parse(&changed), Err(SirenError::Checksum));
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = Siren::parse(&input);
            let _ = Siret::parse(&input);
        }
    }
}

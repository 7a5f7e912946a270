//! Vehicle identification numbers (VIN, ISO 3779) and what can be decoded
//! from them offline: manufacturer, country and model year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod decode;

/// Characters in a VIN.
const LEN: usize = 17;
/// Weight of each position in the check digit sum (position 9 is the check digit itself).
const WEIGHTS: [u32; LEN] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// A vehicle identification number: 17 characters, uppercase letters
/// without I, O and Q, and digits.
///
/// For North-American VINs (first character 1 to 5) the check digit at
/// position 9 is also verified, as it is mandatory there; elsewhere it is
/// optional and [`Vin::check_digit_valid`] tells whether it holds. On the
/// wire it is the 17-character string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vin(String);

/// Text could not be read as a VIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VinError {
    /// Not 17 characters once spaces are dropped.
    #[error("a VIN has {LEN} characters, not {found}")]
    Length {
        /// How many characters were entered, spaces excluded.
        found: usize,
    },
    /// The letter I, O or Q, never used in a VIN (likely a mistyped 1, 0 or 0).
    #[error("the letter {found} at position {position} is never used in a VIN")]
    ForbiddenLetter {
        /// The uppercase letter.
        found: char,
        /// Its position, from 1, spaces excluded.
        position: usize,
    },
    /// A character that is neither a letter A–Z nor a digit.
    #[error("{found:?} at position {position} cannot appear in a VIN")]
    InvalidCharacter {
        /// The character as typed.
        found: char,
        /// Its position, from 1, spaces excluded.
        position: usize,
    },
    /// A North-American VIN whose check digit (position 9) does not match
    /// the other characters: one of them is mistyped.
    #[error("the check digit of this VIN should be {expected}, not {found}")]
    CheckDigit {
        /// The check digit the other 16 characters give (`0`–`9` or `X`).
        expected: char,
        /// The character at position 9.
        found: char,
    },
}

impl Vin {
    /// Reads a VIN typed in any case, with or without spaces.
    pub fn parse(input: &str) -> Result<Self, VinError> {
        let chars: Vec<char> = input.chars().filter(|c| !c.is_whitespace()).collect();
        if chars.len() != LEN {
            return Err(VinError::Length { found: chars.len() });
        }
        let mut text = String::with_capacity(LEN);
        for (i, &c) in chars.iter().enumerate() {
            let upper = c.to_ascii_uppercase();
            match upper {
                'I' | 'O' | 'Q' => {
                    return Err(VinError::ForbiddenLetter {
                        found: upper,
                        position: i + 1,
                    });
                }
                'A'..='Z' | '0'..='9' => text.push(upper),
                _ => {
                    return Err(VinError::InvalidCharacter {
                        found: c,
                        position: i + 1,
                    });
                }
            }
        }
        let vin = Self(text);
        if vin.is_north_american() && !vin.check_digit_valid() {
            return Err(VinError::CheckDigit {
                expected: vin.expected_check_digit(),
                found: char::from(vin.0.as_bytes()[8]),
            });
        }
        Ok(vin)
    }

    /// The VIN, 17 uppercase characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last six characters: the serial number, enough for a person to
    /// tell two vehicles apart.
    #[must_use]
    pub fn last6(&self) -> &str {
        &self.0[LEN - 6..]
    }

    /// The world manufacturer identifier: the first three characters.
    #[must_use]
    pub fn wmi(&self) -> &str {
        &self.0[..3]
    }

    /// Whether the VIN was issued for North America (first character 1 to
    /// 5), where the check digit is mandatory.
    #[must_use]
    pub fn is_north_american(&self) -> bool {
        matches!(self.0.as_bytes()[0], b'1'..=b'5')
    }

    /// Whether position 9 holds the check digit computed from the other
    /// characters. Always true for North-American VINs; elsewhere many
    /// manufacturers put something else there, so a `false` is a hint to
    /// double-check the VIN, not an error.
    #[must_use]
    pub fn check_digit_valid(&self) -> bool {
        self.0.as_bytes()[8] == self.expected_check_digit() as u8
    }

    /// The manufacturer the WMI was issued to, from the built-in table of
    /// common codes; `None` for codes it does not know.
    #[must_use]
    pub fn manufacturer(&self) -> Option<&'static str> {
        decode::manufacturer(self.wmi())
    }

    /// The country the WMI belongs to, as an ISO 3166-1 alpha-2 code that
    /// the interface names in its own language: its ISO 3780 range
    /// (`VF`–`VR` `FR`, `W` `DE`…), or the country known for codes issued
    /// outside their range. `None` for unassigned ranges.
    #[must_use]
    pub fn country(&self) -> Option<&'static str> {
        decode::country(self.wmi())
    }

    /// The model year encoded at position 10, or `None` when that character
    /// is not a year code (I, O, Q, U, Z, 0).
    ///
    /// The code repeats every 30 years (`A` is 1980 and 2010). For
    /// North-American VINs, a letter at position 7 means 2010–2039 and a
    /// digit 1980–2009. Elsewhere the latest year not after
    /// `current_year + 1` is chosen. European manufacturers are not
    /// obliged to encode the year, so outside North America treat the
    /// result as a suggestion. `None` as well when the year would be after
    /// `current_year + 1`.
    #[must_use]
    pub fn model_year(&self, current_year: u16) -> Option<u16> {
        let b = self.0.as_bytes();
        let base: u32 = match b[9] {
            c @ b'A'..=b'H' => 1980 + u32::from(c - b'A'),
            c @ b'J'..=b'N' => 1988 + u32::from(c - b'J'),
            b'P' => 1993,
            c @ b'R'..=b'T' => 1994 + u32::from(c - b'R'),
            c @ b'V'..=b'Y' => 1997 + u32::from(c - b'V'),
            c @ b'1'..=b'9' => 2000 + u32::from(c - b'0'),
            _ => return None,
        };
        let latest = u32::from(current_year) + 1;
        let year = if self.is_north_american() {
            if b[6].is_ascii_alphabetic() {
                base + 30
            } else {
                base
            }
        } else if base <= latest {
            base + 30 * ((latest - base) / 30)
        } else {
            return None;
        };
        if year > latest {
            return None;
        }
        u16::try_from(year).ok()
    }

    /// The check digit the other 16 characters give: `0`–`9` or `X` for 10.
    fn expected_check_digit(&self) -> char {
        let sum: u32 = self
            .0
            .bytes()
            .zip(WEIGHTS)
            .map(|(c, weight)| transliterate(c) * weight)
            .sum();
        match sum % 11 {
            10 => 'X',
            // `sum % 11` is below 10 here, so this is always a digit.
            n => char::from_digit(n, 10).unwrap_or('X'),
        }
    }
}

/// The value of a VIN character in the check digit sum (ISO 3779 annex).
fn transliterate(c: u8) -> u32 {
    u32::from(match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'H' => c - b'A' + 1,
        b'J'..=b'N' => c - b'J' + 1,
        b'P' => 7,
        b'R' => 9,
        b'S'..=b'Z' => c - b'S' + 2,
        _ => 0,
    })
}

impl fmt::Display for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Vin {
    type Err = VinError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Vin {
    type Error = VinError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Vin> for String {
    fn from(vin: Vin) -> Self {
        vin.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters allowed in a VIN.
    const ALLOWED: &str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    /// A real North-American VIN with a correct check digit (Honda, 2003).
    const HONDA: &str = "1HGCM82633A004352";
    /// A Renault VIN whose position 9 is not a check digit, as is common in Europe.
    const RENAULT: &str = "VF1RFB00X56123456";

    fn vin(s: &str) -> Vin {
        Vin::parse(s).unwrap()
    }

    #[test]
    fn reads_with_spaces_and_any_case() {
        let v = vin(" 1hgcm826 33a004352 ");
        assert_eq!(v.as_str(), HONDA);
        assert_eq!(v.to_string(), HONDA);
        assert_eq!(v.last6(), "004352");
        assert_eq!(v.wmi(), "1HG");
    }

    #[test]
    fn errors_say_what_is_wrong_and_where() {
        assert_eq!(Vin::parse("VF1RFB00"), Err(VinError::Length { found: 8 }));
        assert_eq!(
            Vin::parse("VF1RFB00X5612345678"),
            Err(VinError::Length { found: 19 })
        );
        assert_eq!(
            Vin::parse("VF1RFBOOX56123456"),
            Err(VinError::ForbiddenLetter {
                found: 'O',
                position: 7
            })
        );
        assert_eq!(
            Vin::parse("vf1rfb00x5612345q"),
            Err(VinError::ForbiddenLetter {
                found: 'Q',
                position: 17
            })
        );
        assert_eq!(
            Vin::parse("VF1RFB00X5612345é"),
            Err(VinError::InvalidCharacter {
                found: 'é',
                position: 17
            })
        );
        assert_eq!(
            Vin::parse("1HGCM82643A004352"),
            Err(VinError::CheckDigit {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn check_digit_is_only_a_hint_outside_north_america() {
        let v = vin(RENAULT);
        assert!(!v.check_digit_valid(), "X is not this VIN's check digit");
        assert!(!v.is_north_american());
        assert!(vin(HONDA).check_digit_valid());
        // Check digit 10 is written X.
        assert!(vin("1M8GDM9AXKP042788").check_digit_valid());
    }

    #[test]
    fn model_year_picks_the_latest_cycle_outside_north_america() {
        let with_year = |code: char| vin(&format!("VF1RFB00X{code}6123456"));
        assert_eq!(with_year('A').model_year(2026), Some(2010));
        assert_eq!(with_year('A').model_year(2008), Some(1980));
        assert_eq!(
            with_year('A').model_year(2009),
            Some(2010),
            "next year's models are on sale"
        );
        assert_eq!(with_year('Y').model_year(2026), Some(2000));
        assert_eq!(with_year('9').model_year(2026), Some(2009));
        assert_eq!(with_year('T').model_year(2026), Some(2026));
        assert_eq!(with_year('V').model_year(2026), Some(2027));
        assert_eq!(with_year('W').model_year(2026), Some(1998));
        assert_eq!(with_year('Y').model_year(1990), None, "not built yet");
        for code in ['U', 'Z', '0'] {
            assert_eq!(with_year(code).model_year(2026), None, "{code}");
        }
    }

    #[test]
    fn model_year_uses_position_7_in_north_america() {
        assert_eq!(
            vin(HONDA).model_year(2026),
            Some(2003),
            "digit at 7: 1980-2009"
        );
        // 5YJ3E1EA… : letter at position 7, year code J.
        let tesla = vin("5YJ3E1EAXJF000001");
        assert_eq!(tesla.model_year(2026), Some(2018));
        assert_eq!(tesla.model_year(2010), None, "2018 cannot be built in 2010");
    }

    #[test]
    fn serde_is_the_string() {
        let v = vin(HONDA);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{HONDA}\""));
        assert_eq!(serde_json::from_str::<Vin>(&json).unwrap(), v);
        assert!(serde_json::from_str::<Vin>("\"1HGCM82643A004352\"").is_err());
    }

    /// 17 allowed characters with the check digit computed into position 9.
    fn valid_vin() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALLOWED.as_bytes()), LEN).prop_map(|b| {
            let raw = Vin(String::from_utf8(b).unwrap());
            let mut text = raw.0.clone();
            text.replace_range(8..9, &raw.expected_check_digit().to_string());
            text
        })
    }

    proptest! {
        #[test]
        fn valid_vins_round_trip_with_any_case_and_spaces(
            text in valid_vin(),
            lower in proptest::collection::vec(any::<bool>(), LEN),
            spaces in proptest::collection::vec(0usize..3, LEN),
        ) {
            let mut typed = String::new();
            for ((c, lower), spaces) in text.chars().zip(lower).zip(spaces) {
                typed.push(if lower { c.to_ascii_lowercase() } else { c });
                typed.push_str(&" ".repeat(spaces));
            }
            let v = Vin::parse(&typed).unwrap();
            prop_assert_eq!(v.as_str(), text.as_str());
            prop_assert!(v.check_digit_valid());
        }

        #[test]
        fn a_wrong_check_digit_is_refused_in_north_america(
            text in valid_vin(),
            first in proptest::sample::select(b"12345".as_slice()),
            shift in 1usize..11,
        ) {
            const CHECK_DIGITS: &[u8] = b"0123456789X";
            let mut bytes = text.into_bytes();
            bytes[0] = first;
            // Position 9 has weight 0, so the check digit does not depend on it.
            let expected = Vin(String::from_utf8(bytes.clone()).unwrap()).expected_check_digit() as u8;
            bytes[8] = expected;
            prop_assert!(Vin::parse(std::str::from_utf8(&bytes).unwrap()).is_ok());
            let index = CHECK_DIGITS.iter().position(|&d| d == expected).unwrap();
            let replacement = CHECK_DIGITS[(index + shift) % CHECK_DIGITS.len()];
            bytes[8] = replacement;
            let refused = Vin::parse(std::str::from_utf8(&bytes).unwrap());
            prop_assert_eq!(
                refused,
                Err(VinError::CheckDigit { expected: char::from(expected), found: char::from(replacement) })
            );
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = Vin::parse(&input);
        }

        #[test]
        fn decoding_never_panics(text in valid_vin(), year in any::<u16>()) {
            let v = Vin::parse(&text).unwrap();
            let _ = (v.manufacturer(), v.country(), v.model_year(year));
        }
    }
}

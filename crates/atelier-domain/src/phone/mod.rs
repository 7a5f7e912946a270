//! Telephone numbers, French by default, stored in E.164 form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Digits in a French national number, leading 0 included.
const FRENCH_LEN: usize = 10;
/// Fewest digits accepted after `+` for a foreign number, country code included.
const INTERNATIONAL_MIN: usize = 8;
/// Most digits E.164 allows after `+`, country code included.
const INTERNATIONAL_MAX: usize = 15;

/// Overseas departments' own country codes, and the first three digits of
/// the French national numbers (without the 0) they serve.
const OVERSEAS: &[(&str, &[&str])] = &[
    // Réunion and Mayotte.
    ("262", &["262", "263", "269", "639", "692", "693"]),
    // Guadeloupe, Saint-Martin, Saint-Barthélemy.
    ("590", &["590", "690", "691"]),
    // French Guiana.
    ("594", &["594", "694"]),
    // Martinique.
    ("596", &["596", "696"]),
];

/// A telephone number in E.164 form (`+33612345678`).
///
/// French numbers, mainland and overseas departments alike (0262, 0590,
/// 0694…), are kept as `+33` followed by the 9 digits after the national
/// 0. For overseas numbers that is not the official international form
/// (`+262 692…`), but it is what a French phone dials correctly and it
/// gives each number a single spelling: `+262 692 12 34 56` typed in
/// international form is stored as `+33692123456` too. Foreign numbers
/// are `+`, the country code and the number. On the wire it is the E.164
/// string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Text could not be read as a telephone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// No digit was entered.
    #[error("no telephone number was entered")]
    Empty,
    /// A character other than a digit, a space, `.`, `-`, `(`, `)` or a leading `+`.
    #[error("{found:?} cannot appear in a telephone number")]
    ForbiddenCharacter {
        /// The character as typed.
        found: char,
    },
    /// A `+` somewhere other than at the start.
    #[error("+ may only start a telephone number")]
    MisplacedPlus,
    /// Too few digits. For French numbers `digits` counts the national
    /// form with its leading 0 and `minimum` is 10; for foreign numbers it
    /// counts the digits after `+`, country code included, and `minimum` is 8.
    #[error("{digits} digits is too short for a telephone number: at least {minimum} are needed")]
    TooShort {
        /// How many digits were entered, counted as described above.
        digits: usize,
        /// How many are needed.
        minimum: usize,
    },
    /// Too many digits; counted as for [`PhoneError::TooShort`], with a
    /// maximum of 10 for French numbers and 15 for foreign ones.
    #[error("{digits} digits is too long for a telephone number: at most {maximum} are allowed")]
    TooLong {
        /// How many digits were entered.
        digits: usize,
        /// How many are allowed.
        maximum: usize,
    },
    /// A number without `+` or `00` that does not start with 0: neither a
    /// French national number nor an international one.
    #[error("a French number starts with 0; a foreign one with + and its country code")]
    NotFrench,
    /// After `+` or `00`, the country code starts with 0, which none does.
    #[error("no country code starts with 0")]
    BadCountryCode,
    /// After `+33`, the number still starts with 0 once the national 0 is
    /// dropped (`+33 00…`).
    #[error("after +33 a French number does not start with 0")]
    ZeroAfterCountryCode,
}

impl Phone {
    /// Reads a telephone number as people write it: `06 12 34 56 78`,
    /// `06.12.34.56.78`, `+33 6 12 34 56 78`, `+33 (0)6 12 34 56 78`,
    /// `0033612345678` or a foreign number in international form
    /// (`+44 20 7946 0958`). Without `+` or `00` the number is French.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let text = input.trim();
        let (plus, body) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let international = plus || body.starts_with("00");
        // "(0)" after a country code marks the national trunk 0: not dialled.
        let body = if international {
            body.replacen("(0)", "", 1)
        } else {
            body.to_owned()
        };
        let mut digits = String::with_capacity(body.len());
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '+' => return Err(PhoneError::MisplacedPlus),
                '.' | '-' | '(' | ')' => {}
                c if c.is_whitespace() => {}
                c => return Err(PhoneError::ForbiddenCharacter { found: c }),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        if plus {
            international_number(&digits)
        } else if let Some(rest) = digits.strip_prefix("00") {
            international_number(rest)
        } else if let Some(significant) = digits.strip_prefix('0') {
            french_number(significant)
        } else {
            Err(PhoneError::NotFrench)
        }
    }

    /// The E.164 form: `+33612345678`.
    #[must_use]
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// Whether this is a French number (`+33`), overseas departments included.
    #[must_use]
    pub fn is_french(&self) -> bool {
        self.0.starts_with("+33")
    }

    /// The country code, without `+`: `"33"`, `"44"`, `"1"`.
    #[must_use]
    pub fn country_code(&self) -> &str {
        let digits = &self.0[1..];
        &digits[..country_code_len(digits)]
    }

    /// The number as a French person writes it: `06 12 34 56 78`. Foreign
    /// numbers have no French national form, so they come back in
    /// [`Phone::international`] form.
    #[must_use]
    pub fn national(&self) -> String {
        if self.is_french() {
            let significant = &self.0[3..];
            format!("0{} {}", &significant[..1], pairs(&significant[1..]))
        } else {
            self.international()
        }
    }

    /// The international form for display: `+33 6 12 34 56 78`,
    /// `+44 20 79 46 09 58` (country code, then the rest in pairs).
    #[must_use]
    pub fn international(&self) -> String {
        let code = self.country_code();
        let rest = &self.0[1 + code.len()..];
        if self.is_french() {
            format!("+33 {} {}", &rest[..1], pairs(&rest[1..]))
        } else {
            format!("+{code} {}", pairs(rest))
        }
    }

    /// All the digits of the national form, for searching by the digits a
    /// person remembers: `0612345678`. For foreign numbers, the digits
    /// after `+`.
    #[must_use]
    pub fn digits(&self) -> String {
        if self.is_french() {
            format!("0{}", &self.0[3..])
        } else {
            self.0[1..].to_owned()
        }
    }
}

/// A French number from the digits after the national 0 (or after `+33`).
fn french_number(significant: &str) -> Result<Phone, PhoneError> {
    let national_len = significant.len() + 1;
    if national_len < FRENCH_LEN {
        return Err(PhoneError::TooShort {
            digits: national_len,
            minimum: FRENCH_LEN,
        });
    }
    if national_len > FRENCH_LEN {
        return Err(PhoneError::TooLong {
            digits: national_len,
            maximum: FRENCH_LEN,
        });
    }
    Ok(Phone(format!("+33{significant}")))
}

/// A number from the digits after `+` or `00`.
fn international_number(digits: &str) -> Result<Phone, PhoneError> {
    if digits.starts_with('0') {
        return Err(PhoneError::BadCountryCode);
    }
    if let Some(significant) = digits.strip_prefix("33") {
        // "+33 06…" is a common way of writing "+33 6…".
        let significant = significant.strip_prefix('0').unwrap_or(significant);
        if significant.starts_with('0') {
            return Err(PhoneError::ZeroAfterCountryCode);
        }
        if significant.is_empty() {
            return Err(PhoneError::TooShort {
                digits: 0,
                minimum: FRENCH_LEN,
            });
        }
        return french_number(significant);
    }
    for (code, prefixes) in OVERSEAS {
        if let Some(significant) = digits.strip_prefix(code)
            && significant.len() == FRENCH_LEN - 1
            && prefixes.iter().any(|p| significant.starts_with(p))
        {
            return Ok(Phone(format!("+33{significant}")));
        }
    }
    if digits.len() < INTERNATIONAL_MIN {
        return Err(PhoneError::TooShort {
            digits: digits.len(),
            minimum: INTERNATIONAL_MIN,
        });
    }
    if digits.len() > INTERNATIONAL_MAX {
        return Err(PhoneError::TooLong {
            digits: digits.len(),
            maximum: INTERNATIONAL_MAX,
        });
    }
    Ok(Phone(format!("+{digits}")))
}

/// How many of the leading `digits` (after `+`) are the country code: 1 for
/// +1 and +7, 2 for the two-digit codes of the ITU list, 3 otherwise.
fn country_code_len(digits: &str) -> usize {
    let b = digits.as_bytes();
    let second = b.get(1).map_or(0, |d| d.wrapping_sub(b'0'));
    let two_digits = match b.first() {
        Some(b'1' | b'7') => return 1,
        Some(b'2') => matches!(second, 0 | 7),
        Some(b'3') => matches!(second, 0..=4 | 6 | 9),
        Some(b'4') => matches!(second, 0 | 1 | 3..=9),
        Some(b'5') => matches!(second, 1..=8),
        Some(b'6') => matches!(second, 0..=6),
        Some(b'8') => matches!(second, 1 | 2 | 4 | 6),
        Some(b'9') => matches!(second, 0..=5 | 8),
        _ => false,
    };
    let len = if two_digits { 2 } else { 3 };
    len.min(digits.len())
}

/// `digits` in pairs from the left, separated by spaces: `12 34 5`.
fn pairs(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() * 3 / 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 2 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Phone {
    /// The national form for French numbers, the international one otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.national())
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests;

//! Vehicle registration plates: the two French numbering systems (SIV since
//! 2009, FNI before) and free text for plates from other countries.
//!
//! A [`Plate`] is always in its canonical display form, so two plates typed
//! with different spacing, dashes or case compare equal.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Most letters and digits a foreign plate may have.
const FOREIGN_MAX: usize = 15;

/// Which numbering system a plate belongs to.
///
/// Serialised in snake case: `"siv"`, `"fni"`, `"foreign"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlateKind {
    /// French *système d'immatriculation des véhicules*, since 2009: `AB-123-CD`.
    Siv,
    /// French *fichier national des immatriculations*, before 2009: `1234 AB 56`.
    Fni,
    /// A plate from another country, kept as typed (uppercased).
    Foreign,
}

impl PlateKind {
    /// The serialised name: `"siv"`, `"fni"` or `"foreign"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Siv => "siv",
            Self::Fni => "fni",
            Self::Foreign => "foreign",
        }
    }
}

/// A registration plate in canonical display form.
///
/// French plates are `AB-123-CD` (SIV) or `1234 AB 56` (FNI, number without
/// leading zeros); foreign plates are uppercased with one space or dash
/// between groups. On the wire it is the display string. Reading one back
/// gives a French plate when the string is exactly a canonical French form,
/// and a foreign plate otherwise: a foreign plate typed exactly as
/// `AB-123-CD` therefore reads back as French (store the kind beside it if
/// that matters).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Plate {
    kind: PlateKind,
    text: String,
}

/// Text could not be read as a registration plate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlateError {
    /// Nothing but spaces, dashes or dots was entered.
    #[error("no plate was entered")]
    Empty,
    /// A character that is neither a letter, a digit nor a separator
    /// (space, dash, dot). For French plates only unaccented ASCII letters
    /// count as letters.
    #[error("{found:?} cannot appear in a plate")]
    ForbiddenCharacter {
        /// The character as typed.
        found: char,
    },
    /// Starts with a letter, so it was read as SIV, but is not 2 letters,
    /// 3 digits and 2 letters.
    #[error("{found:?} is not a SIV plate: expected 2 letters, 3 digits, 2 letters (AB-123-CD)")]
    SivLayout {
        /// The letters and digits entered, uppercased, without separators.
        found: String,
    },
    /// Starts with a digit, so it was read as FNI, but is not 1–4 digits,
    /// 1–3 letters and a department.
    #[error(
        "{found:?} is not an FNI plate: expected 1-4 digits, 1-3 letters and a \
         department (1234 AB 56)"
    )]
    FniLayout {
        /// The letters and digits entered, uppercased, without separators.
        found: String,
    },
    /// A letter the system never uses: I, O or U in a SIV plate, I or O in
    /// an FNI plate.
    #[error("the letter {found} is never used on {} plates", kind.as_str())]
    ForbiddenLetter {
        /// Which system the plate was read as ([`PlateKind::Siv`] or [`PlateKind::Fni`]).
        kind: PlateKind,
        /// The uppercase letter.
        found: char,
    },
    /// The SIV number is `000`; it runs from 001 to 999.
    #[error("the number of a SIV plate runs from 001 to 999, not 000")]
    SivZeroNumber,
    /// A SIV block of letters is `SS`, which is never issued.
    #[error("the letter pair SS is never issued on SIV plates")]
    SivSsBlock,
    /// The FNI number is all zeros.
    #[error("the number of an FNI plate cannot be zero")]
    FniZeroNumber,
    /// The last part of an FNI plate is not a department: valid ones are
    /// 01–95 except 20, 2A, 2B and 971–976.
    #[error("{found:?} is not a department on an FNI plate")]
    FniDepartment {
        /// What stands where the department should be.
        found: String,
    },
    /// A foreign plate has more than 15 letters and digits.
    #[error("a plate has at most {FOREIGN_MAX} letters and digits, not {found}")]
    TooLong {
        /// How many letters and digits were entered.
        found: usize,
    },
}

impl Plate {
    /// Reads a French plate, SIV or FNI, typed with any spacing, dashes,
    /// dots or case: `ab123cd`, `AB 123 CD`, `1234-ab-56`.
    ///
    /// Text starting with a letter is read as SIV, text starting with a
    /// digit as FNI; the error says which rule the text breaks. Plates from
    /// other countries go through [`Plate::foreign`].
    pub fn parse(input: &str) -> Result<Self, PlateError> {
        let mut compact = String::with_capacity(input.len());
        for c in input.chars() {
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
            } else if !is_separator(c) {
                return Err(PlateError::ForbiddenCharacter { found: c });
            }
        }
        match compact.as_bytes().first() {
            None => Err(PlateError::Empty),
            Some(b) if b.is_ascii_alphabetic() => parse_siv(compact),
            Some(_) => parse_fni(compact),
        }
    }

    /// Reads a plate from another country as free text: 1 to 15 letters
    /// and digits once spaces, dashes and dots are dropped.
    ///
    /// The display form is uppercased and keeps the grouping as typed: each
    /// run of separators becomes one dash if it held a dash, one space
    /// otherwise (`m-ab 1234` → `M-AB 1234`). Letters may be accented
    /// (German plates use Ä, Ö, Ü).
    pub fn foreign(input: &str) -> Result<Self, PlateError> {
        let mut text = String::with_capacity(input.len());
        let mut count = 0;
        let mut pending: Option<char> = None;
        for c in input.chars() {
            if is_separator(c) {
                if pending != Some('-') {
                    pending = Some(if c == '-' { '-' } else { ' ' });
                }
            } else if is_plate_char(c) {
                if let Some(separator) = pending.take()
                    && !text.is_empty()
                {
                    text.push(separator);
                }
                for upper in c.to_uppercase().filter(|&u| is_plate_char(u)) {
                    text.push(upper);
                    count += 1;
                }
            } else {
                return Err(PlateError::ForbiddenCharacter { found: c });
            }
        }
        match count {
            0 => Err(PlateError::Empty),
            n if n > FOREIGN_MAX => Err(PlateError::TooLong { found: n }),
            _ => Ok(Self {
                kind: PlateKind::Foreign,
                text,
            }),
        }
    }

    /// Which numbering system the plate belongs to.
    #[must_use]
    pub const fn kind(&self) -> PlateKind {
        self.kind
    }

    /// The canonical display form: `AB-123-CD`, `1234 AB 56`, `M-AB 1234`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The uppercase letters and digits only (`AB123CD`, `1234AB56`): the
    /// key to store for searching, matched against [`plate_search_key`] of
    /// what a person types, even partially.
    #[must_use]
    pub fn search_key(&self) -> String {
        plate_search_key(&self.text)
    }
}

/// The search key of a query: its letters and digits, uppercased, with
/// everything else dropped (`"ab-12"` → `"AB12"`). A plate matches a query
/// when [`Plate::search_key`] contains this key.
#[must_use]
pub fn plate_search_key(input: &str) -> String {
    input
        .chars()
        .flat_map(char::to_uppercase)
        .filter(|&c| is_plate_char(c))
        .collect()
}

/// Whether `c` separates groups on a plate as typed.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '.'
}

/// Whether `c` counts as a letter or digit on a foreign plate.
fn is_plate_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit()
}

/// Reads `AB123CD` (uppercase, no separators) as a SIV plate.
fn parse_siv(compact: String) -> Result<Plate, PlateError> {
    let b = compact.as_bytes();
    let layout_ok = b.len() == 7
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..5].iter().all(u8::is_ascii_digit)
        && b[5..].iter().all(u8::is_ascii_alphabetic);
    if !layout_ok {
        return Err(PlateError::SivLayout { found: compact });
    }
    let (left, number, right) = (&compact[..2], &compact[2..5], &compact[5..]);
    if let Some(found) = left
        .chars()
        .chain(right.chars())
        .find(|c| "IOU".contains(*c))
    {
        return Err(PlateError::ForbiddenLetter {
            kind: PlateKind::Siv,
            found,
        });
    }
    if number == "000" {
        return Err(PlateError::SivZeroNumber);
    }
    // SS is never issued; WW on the left is a temporary registration and valid.
    if left == "SS" || right == "SS" {
        return Err(PlateError::SivSsBlock);
    }
    Ok(Plate {
        kind: PlateKind::Siv,
        text: format!("{left}-{number}-{right}"),
    })
}

/// Reads `1234AB56` (uppercase, no separators) as an FNI plate.
fn parse_fni(compact: String) -> Result<Plate, PlateError> {
    let digits = compact.bytes().take_while(u8::is_ascii_digit).count();
    let letters = compact[digits..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let department = &compact[digits + letters..];
    if !(1..=4).contains(&digits)
        || !(1..=3).contains(&letters)
        || !(1..=3).contains(&department.len())
    {
        return Err(PlateError::FniLayout { found: compact });
    }
    let (number, series) = (&compact[..digits], &compact[digits..digits + letters]);
    if let Some(found) = series.chars().find(|c| "IO".contains(*c)) {
        return Err(PlateError::ForbiddenLetter {
            kind: PlateKind::Fni,
            found,
        });
    }
    let number = number.trim_start_matches('0');
    if number.is_empty() {
        return Err(PlateError::FniZeroNumber);
    }
    if !is_fni_department(department) {
        return Err(PlateError::FniDepartment {
            found: department.to_owned(),
        });
    }
    Ok(Plate {
        kind: PlateKind::Fni,
        text: format!("{number} {series} {department}"),
    })
}

/// Whether `code` is a department as written on FNI plates: 01–95 except
/// 20 (Corsica was split into 2A and 2B in 1976), 2A, 2B, or 971–976.
fn is_fni_department(code: &str) -> bool {
    match code.as_bytes() {
        [b'2', b'A' | b'B'] => true,
        [b'9', b'7', last] => (b'1'..=b'6').contains(last),
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            let n = (a - b'0') * 10 + (b - b'0');
            (1..=95).contains(&n) && n != 20
        }
        _ => false,
    }
}

impl fmt::Display for Plate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for Plate {
    type Error = PlateError;

    /// A canonical French form gives a French plate; anything else is read
    /// as a foreign plate.
    fn try_from(text: String) -> Result<Self, Self::Error> {
        match Self::parse(&text) {
            Ok(plate) if plate.text == text => Ok(plate),
            _ => Self::foreign(&text),
        }
    }
}

impl From<Plate> for String {
    fn from(plate: Plate) -> Self {
        plate.text
    }
}

#[cfg(test)]
mod tests;

//! A trouble code as SAE J2012 writes it: a family letter and four hex
//! digits, the first 0–3 (`P0420`, `B001A`, `U0100`).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::DtcError;

/// A trouble code, always upper case and five characters: a `Code` that
/// exists is already normalised, whatever the person typed (« p 0420 »).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code([u8; 5]);

/// The system a code belongs to, from its first letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// `P`: engine and gearbox.
    Powertrain,
    /// `B`: body (airbags, seats, doors, climate).
    Body,
    /// `C`: chassis (brakes, steering, suspension).
    Chassis,
    /// `U`: the network between modules.
    Network,
}

impl Code {
    /// Reads what a person typed: case, spaces, dashes and dots are ignored
    /// (« p 0420 », « P-0420 » → `P0420`); anything else that is not a
    /// letter P/B/C/U and four hex digits, the first 0–3, is refused.
    pub fn parse(input: &str) -> Result<Self, DtcError> {
        let mut out = [0u8; 5];
        let mut n = 0;
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, '-' | '.' | '_') {
                continue;
            }
            let c = c.to_ascii_uppercase();
            let ok = match n {
                0 => matches!(c, 'P' | 'B' | 'C' | 'U'),
                1 => matches!(c, '0'..='3'),
                2..=4 => c.is_ascii_hexdigit(),
                _ => false,
            };
            if !ok {
                return Err(DtcError::NotACode {
                    input: input.to_owned(),
                });
            }
            // `ok` only holds for ASCII characters, so the cast keeps them.
            out[n] = c as u8;
            n += 1;
        }
        if n == 5 {
            Ok(Self(out))
        } else {
            Err(DtcError::NotACode {
                input: input.to_owned(),
            })
        }
    }

    /// The five characters, e.g. `"P0420"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored (see `parse`).
        std::str::from_utf8(&self.0).unwrap_or("?????")
    }

    /// The system the code belongs to.
    #[must_use]
    pub const fn family(self) -> Family {
        match self.0[0] {
            b'B' => Family::Body,
            b'C' => Family::Chassis,
            b'U' => Family::Network,
            _ => Family::Powertrain,
        }
    }

    /// Whether SAE reserves the code's meaning for the maker (second
    /// character 1, or 3 outside P3400–P3999): the same code means one thing
    /// at Volkswagen and another at Ford.
    #[must_use]
    pub const fn maker_defined(self) -> bool {
        match self.0[1] {
            b'1' => true,
            b'3' => !(self.0[0] == b'P' && matches!(self.0[2], b'4'..=b'9')),
            _ => false,
        }
    }
}

impl FromStr for Code {
    type Err = DtcError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_people_type_is_normalised() {
        for typed in ["P0420", "p0420", "p 0420", " P-0420 ", "p.04.20"] {
            assert_eq!(Code::parse(typed).unwrap().as_str(), "P0420", "{typed:?}");
        }
        assert_eq!(Code::parse("b001a").unwrap().as_str(), "B001A");
    }

    #[test]
    fn what_is_not_a_code_is_refused() {
        for typed in [
            "",
            "P042",
            "P04200",
            "X0420",
            "P4420",
            "P04G0",
            "catalyseur",
            "P0420é",
        ] {
            assert!(
                matches!(Code::parse(typed), Err(DtcError::NotACode { .. })),
                "{typed:?} is no code"
            );
        }
    }

    #[test]
    fn the_letter_names_the_family() {
        let family = |s: &str| Code::parse(s).unwrap().family();
        assert_eq!(family("P0420"), Family::Powertrain);
        assert_eq!(family("B0001"), Family::Body);
        assert_eq!(family("C0035"), Family::Chassis);
        assert_eq!(family("U0100"), Family::Network);
    }

    #[test]
    fn maker_ranges_are_told_apart() {
        let maker = |s: &str| Code::parse(s).unwrap().maker_defined();
        assert!(!maker("P0420"));
        assert!(maker("P1101"));
        assert!(!maker("P2096"));
        assert!(maker("P3000"));
        assert!(
            !maker("P3400"),
            "P3400–P3999 are SAE's (cylinder deactivation)"
        );
    }
}

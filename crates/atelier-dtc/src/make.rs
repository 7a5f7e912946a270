//! Vehicle makes as the library names them, from what a person or a
//! vehicle record says (« VW », « Volkswagen », « Citroën », « CITROEN »).

use std::fmt;

use serde::{Serialize, Serializer};

/// A make, normalised: upper case, no accents, spaces or dashes, and the
/// usual short names resolved to the library's name (`VW` → `VOLKSWAGEN`,
/// `CHEVROLET` → `CHEVY`, `MERCEDES-BENZ` → `MERCEDES`). Two spellings of
/// one make give equal values.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Make(String);

/// Short or long names of a make and the name the library files it under.
const ALIASES: &[(&str, &str)] = &[
    ("VW", "VOLKSWAGEN"),
    ("CHEVROLET", "CHEVY"),
    ("MERCEDESBENZ", "MERCEDES"),
    ("MB", "MERCEDES"),
    ("GENERALMOTORS", "GM"),
    ("LANDROVER", "LANDROVER"),
    ("ALFA", "ALFAROMEO"),
    ("VAUXHALL", "OPEL"),
    ("CHRYSLERJEEP", "CHRYSLER"),
];

impl Make {
    /// Normalises a make's name; `None` when nothing is left of it.
    #[must_use]
    pub fn new(name: &str) -> Option<Self> {
        let folded: String = deunicode::deunicode(name)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if folded.is_empty() {
            return None;
        }
        let name = ALIASES
            .iter()
            .find(|(alias, _)| *alias == folded)
            .map_or(folded, |(_, name)| (*name).to_owned());
        Some(Self(name))
    }

    /// The normalised name, e.g. `"VOLKSWAGEN"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Make {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Make {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Make({})", self.0)
    }
}

impl Serialize for Make {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_make_are_equal() {
        let make = |s: &str| Make::new(s).unwrap();
        assert_eq!(make("VW"), make("Volkswagen"));
        assert_eq!(make("vw"), make("VOLKSWAGEN"));
        assert_eq!(make("Citroën"), make("CITROEN"));
        assert_eq!(make("Mercedes-Benz"), make("mercedes"));
        assert_eq!(make("Chevrolet"), make("CHEVY"));
        assert_eq!(make("Land Rover").as_str(), "LANDROVER");
    }

    #[test]
    fn nothing_is_no_make() {
        assert_eq!(Make::new(""), None);
        assert_eq!(Make::new(" - "), None);
    }
}

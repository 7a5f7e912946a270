//! The words a tree is written with: texts in French and English, the
//! keys of its nodes, the units of its measures. Below everything else of
//! the area, so that its refusals can name them.

use atelier_domain::Locale;
use serde::{Deserialize, Serialize};

/// A text in French, with its English beside it. The English may be left
/// empty: the French is shown instead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Text {
    /// The French, always there once saved.
    pub fr: String,
    /// The English, or empty.
    pub en: String,
}

impl Text {
    /// A text from its French and English.
    pub fn new(fr: &str, en: &str) -> Text {
        Text {
            fr: fr.to_owned(),
            en: en.to_owned(),
        }
    }

    /// The text in `locale`, the French where there is no English.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.fr,
        }
    }
}

/// A node's key within its tree (`batterie_tension`): lower-case letters,
/// digits, `_` and `-`, stable across edits so that answers keep pointing
/// at the same question.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub String);

impl NodeId {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for NodeId {
    fn from(s: &str) -> Self {
        NodeId(s.to_owned())
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The units a workshop measures in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Volts.
    Volt,
    /// Amperes.
    Ampere,
    /// Milliamperes (a parasitic draw).
    Milliampere,
    /// Ohms.
    Ohm,
    /// Bars (fuel, oil, coolant and refrigerant pressures).
    Bar,
    /// Degrees Celsius.
    Celsius,
    /// Millimetres (pads, discs, tread).
    Millimetre,
    /// Engine revolutions per minute.
    Rpm,
    /// A percentage (fuel trims, load).
    Percent,
}

impl Unit {
    /// The unit's symbol, as printed after a value.
    pub fn symbol(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Unit::Volt, _) => "V",
            (Unit::Ampere, _) => "A",
            (Unit::Milliampere, _) => "mA",
            (Unit::Ohm, _) => "Ω",
            (Unit::Bar, _) => "bar",
            (Unit::Celsius, _) => "°C",
            (Unit::Millimetre, _) => "mm",
            (Unit::Rpm, Locale::Fr) => "tr/min",
            (Unit::Rpm, Locale::En) => "rpm",
            (Unit::Percent, _) => "%",
        }
    }
}

//! What starts a tree from a trouble code: one code (`P0420`) or a range
//! (`P0300–P0306`), and optionally the node to start from (the misfire
//! branch of the engine-light tree).

use atelier_dtc::Code;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::DiagnosisError;
use super::terms::NodeId;

/// The codes a trigger answers to: one, or a range of one family, both
/// ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codes {
    /// One code.
    One(Code),
    /// Every code from the first to the last, both included.
    Range(Code, Code),
}

impl Codes {
    /// Reads a code or a range as a person types it: « p0420 »,
    /// « P0300–P0306 », « P0300-P0306 », « P0300 à P0306 ». Refused when
    /// either end is not a code, the ends are of two families, or the range
    /// runs backwards.
    pub fn parse(input: &str) -> Result<Codes, DiagnosisError> {
        let bad = || DiagnosisError::BadTrigger {
            input: input.trim().to_owned(),
        };
        let text = input.trim();
        if let Ok(code) = Code::parse(text) {
            return Ok(Codes::One(code));
        }
        // A range: split where both halves read as codes (a dash may also
        // sit inside a code as typed, « P-0300 »).
        let cut = ["–", "—", " à ", " to ", "..", "-"]
            .iter()
            .flat_map(|sep| text.match_indices(sep).map(move |(i, s)| (i, i + s.len())))
            .find_map(|(at, after)| {
                Some((
                    Code::parse(&text[..at]).ok()?,
                    Code::parse(&text[after..]).ok()?,
                ))
            });
        let (from, to) = cut.ok_or_else(bad)?;
        if from.family() != to.family() || from > to {
            return Err(bad());
        }
        Ok(if from == to {
            Codes::One(from)
        } else {
            Codes::Range(from, to)
        })
    }

    /// Whether `code` is one of these.
    pub fn holds(&self, code: Code) -> bool {
        match *self {
            Codes::One(c) => c == code,
            Codes::Range(from, to) => from <= code && code <= to,
        }
    }
}

impl std::fmt::Display for Codes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Codes::One(c) => write!(f, "{c}"),
            Codes::Range(from, to) => write!(f, "{from}–{to}"),
        }
    }
}

impl Serialize for Codes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Codes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Codes::parse(&text).map_err(|_| serde::de::Error::custom(format!("not a trigger: {text}")))
    }
}

/// A trouble code, or a range of them, that starts a tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// The codes.
    pub codes: Codes,
    /// The node to start from, when it is not the tree's first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NodeId>,
}

/// A trigger as the editor sends it: the codes as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriggerInput {
    /// « P0420 » or « P0300–P0306 ».
    pub codes: String,
    /// The key of the node to start from, if not the first.
    pub start: Option<String>,
}

impl TriggerInput {
    /// A stored trigger as the editor shows it.
    pub fn of(trigger: &Trigger) -> TriggerInput {
        TriggerInput {
            codes: trigger.codes.to_string(),
            start: trigger.start.as_ref().map(|s| s.0.clone()),
        }
    }

    /// The trigger, or why it is refused.
    pub fn parse(&self) -> Result<Trigger, DiagnosisError> {
        Ok(Trigger {
            codes: Codes::parse(&self.codes)?,
            start: self
                .start
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(NodeId::from),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    #[test]
    fn a_range_is_read_however_it_is_typed_and_holds_its_ends() {
        for typed in [
            "P0300–P0306",
            "p0300-p0306",
            "P0300 à P0306",
            "P-0300-P-0306",
        ] {
            let codes = Codes::parse(typed).unwrap();
            assert_eq!(codes.to_string(), "P0300–P0306", "{typed:?}");
            assert!(codes.holds(code("P0300")) && codes.holds(code("P0306")));
            assert!(codes.holds(code("P0301")));
            assert!(!codes.holds(code("P0307")) && !codes.holds(code("P0299")));
        }
        assert_eq!(Codes::parse(" p0420 ").unwrap(), Codes::One(code("P0420")));
    }

    #[test]
    fn a_range_backwards_across_families_or_not_of_codes_is_refused() {
        for typed in [
            "P0306–P0300",
            "P0300–C0306",
            "P03O1",
            "",
            "P0300–",
            "misfire",
        ] {
            let e = Codes::parse(typed).unwrap_err();
            assert_eq!(e.code(), "diagnosis_bad_trigger", "{typed:?}");
        }
    }

    #[test]
    fn a_trigger_travels_as_text_and_reads_back() {
        let t = Trigger {
            codes: Codes::Range(code("P0171"), code("P0175")),
            start: Some("melange".into()),
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"codes":"P0171–P0175","start":"melange"}"#);
        assert_eq!(serde_json::from_str::<Trigger>(&json).unwrap(), t);
    }
}

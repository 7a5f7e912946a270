//! What the vehicle form sends, and the rules that turn it into stored fields.

use atelier_domain::{CustomerId, Plate, PlateKind, Vin};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Fuel, Gearbox};
use crate::search::Document;
use crate::text::{clean, fold, parse_date};
use crate::validation::{Field, Invalid, Problem, max_len};

const SHORT_MAX: usize = 60;
const NOTES_MAX: usize = 4000;
/// The shortest ending of a VIN that finds it: four characters, as read
/// off a windscreen.
const VIN_ENDING_MIN: usize = 4;
/// The highest odometer value accepted, in km.
pub const KM_MAX: i64 = 3_000_000;

/// What the vehicle form sends, as typed. Blank means absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct VehicleInput {
    /// The owner (ignored by `update`: ownership changes through `transfer`).
    pub customer_id: Option<String>,
    /// The plate, any spacing.
    pub plate: Option<String>,
    /// The plate is from another country: kept as free text.
    pub plate_foreign: bool,
    /// The VIN.
    pub vin: Option<String>,
    /// Make.
    pub make: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Version / finish.
    pub version: Option<String>,
    /// Engine code.
    pub engine_code: Option<String>,
    /// `petrol`, `diesel`, … or blank.
    pub fuel: Option<String>,
    /// `manual`, `automatic` or blank.
    pub gearbox: Option<String>,
    /// Colour.
    pub colour: Option<String>,
    /// Date of first registration, YYYY-MM-DD.
    pub first_registration: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The odometer now, as typed: recorded as a first reading on create.
    pub mileage: Option<Value>,
}

/// Validated, normalised fields of a vehicle (the owner apart).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fields {
    pub plate: Option<Plate>,
    pub vin: Option<Vin>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub version: Option<String>,
    pub engine_code: Option<String>,
    pub fuel: Option<Fuel>,
    pub gearbox: Option<Gearbox>,
    pub colour: Option<String>,
    pub first_registration: Option<String>,
    pub notes: Option<String>,
}

impl Fields {
    pub fn parse(input: &VehicleInput, today: &str) -> Result<Fields, Invalid> {
        let text = |s: &Option<String>| clean(s.as_deref());
        let plate = text(&input.plate)
            .map(|p| {
                if input.plate_foreign {
                    Plate::foreign(&p)
                } else {
                    Plate::parse(&p)
                }
            })
            .transpose()
            .map_err(|e| Invalid::new(Field::Plate, Problem::Plate(e)))?;
        let vin = text(&input.vin)
            .map(|v| Vin::parse(&v))
            .transpose()
            .map_err(|e| Invalid::new(Field::Vin, Problem::Vin(e)))?;
        if plate.is_none() && vin.is_none() {
            return Err(Invalid::new(Field::Plate, Problem::PlateOrVin));
        }
        let short = |field, value: &Option<String>| -> Result<Option<String>, Invalid> {
            let v = text(value);
            max_len(field, v.as_deref(), SHORT_MAX)?;
            Ok(v)
        };
        let fuel = text(&input.fuel)
            .map(|f| Fuel::parse(&f).ok_or(Invalid::new(Field::Fuel, Problem::NotAllowed)))
            .transpose()?;
        let gearbox = text(&input.gearbox)
            .map(|g| Gearbox::parse(&g).ok_or(Invalid::new(Field::Gearbox, Problem::NotAllowed)))
            .transpose()?;
        let first_registration = text(&input.first_registration)
            .map(|d| {
                let date =
                    parse_date(&d).ok_or(Invalid::new(Field::FirstRegistration, Problem::Date))?;
                if date.as_str() > today {
                    return Err(Invalid::new(Field::FirstRegistration, Problem::FutureDate));
                }
                Ok(date)
            })
            .transpose()?;
        let notes = text(&input.notes);
        max_len(Field::VehicleNotes, notes.as_deref(), NOTES_MAX)?;
        Ok(Fields {
            plate,
            vin,
            make: short(Field::Make, &input.make)?,
            model: short(Field::Model, &input.model)?,
            version: short(Field::Version, &input.version)?,
            engine_code: short(Field::EngineCode, &input.engine_code)?,
            fuel,
            gearbox,
            colour: short(Field::Colour, &input.colour)?,
            first_registration,
            notes,
        })
    }

    /// Lists sort by plate, then VIN.
    pub fn sort_key(&self) -> String {
        self.plate
            .as_ref()
            .map(|p| p.search_key())
            .or_else(|| self.vin.as_ref().map(|v| format!("~{}", v.as_str())))
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert(
            "plate".into(),
            json!(self.plate.as_ref().map(|p| p.as_str())),
        );
        m.insert(
            "plate_kind".into(),
            json!(self.plate.as_ref().map(|p| plate_kind_str(p.kind()))),
        );
        m.insert("vin".into(), json!(self.vin.as_ref().map(|v| v.as_str())));
        m.insert("make".into(), json!(self.make));
        m.insert("model".into(), json!(self.model));
        m.insert("version".into(), json!(self.version));
        m.insert("engine_code".into(), json!(self.engine_code));
        m.insert("fuel".into(), json!(self.fuel.map(Fuel::as_str)));
        m.insert("gearbox".into(), json!(self.gearbox.map(Gearbox::as_str)));
        m.insert("colour".into(), json!(self.colour));
        m.insert("first_registration".into(), json!(self.first_registration));
        m.insert("notes".into(), json!(self.notes));
        m
    }

    /// The search document: the plate without separators, found from its
    /// start and from inside (any run of three characters or more: people
    /// read the end of a plate first), the VIN and its endings from four
    /// characters (read off the windscreen or the registration document),
    /// make, model and version.
    pub(crate) fn search_document(&self) -> Document {
        let mut words = String::with_capacity(256);
        let mut push = |word: &str| {
            words.push_str(word);
            words.push(' ');
        };
        let plate = self.plate.as_ref().map(Plate::search_key);
        if let Some(p) = &plate {
            push(p);
        }
        if let Some(v) = &self.vin {
            let vin = v.as_str();
            for n in VIN_ENDING_MIN..vin.len() {
                push(&vin[vin.len() - n..]);
            }
            push(vin);
        }
        for w in [&self.make, &self.model, &self.version]
            .into_iter()
            .flatten()
        {
            push(w);
        }
        // Folding collapses the spaces between words and drops the last one.
        Document {
            words: fold(&words),
            inside: plate,
        }
    }
}

/// The owner id the form chose.
pub(crate) fn owner(input: &VehicleInput) -> Result<CustomerId, Invalid> {
    let id =
        clean(input.customer_id.as_deref()).ok_or(Invalid::new(Field::Owner, Problem::Required))?;
    id.parse()
        .map_err(|_| Invalid::new(Field::Owner, Problem::NotAllowed))
}

/// A kilometre count as typed ("123 456", 123456) or a refusal naming `field`.
pub(crate) fn km(value: &Value, field: Field) -> Result<i64, Invalid> {
    let bad = Invalid::new(
        field,
        Problem::Number {
            min: 0,
            max: KM_MAX,
        },
    );
    let n = match value {
        Value::Number(n) => n.as_i64().ok_or_else(|| bad.clone())?,
        Value::String(s) => {
            let digits: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
                .collect();
            digits.parse::<i64>().map_err(|_| bad.clone())?
        }
        _ => return Err(bad),
    };
    if (0..=KM_MAX).contains(&n) {
        Ok(n)
    } else {
        Err(bad)
    }
}

pub(crate) fn plate_kind_str(k: PlateKind) -> &'static str {
    match k {
        PlateKind::Siv => "siv",
        PlateKind::Fni => "fni",
        PlateKind::Foreign => "foreign",
    }
}

pub(crate) fn plate_kind(s: &str) -> Option<PlateKind> {
    match s {
        "siv" => Some(PlateKind::Siv),
        "fni" => Some(PlateKind::Fni),
        "foreign" => Some(PlateKind::Foreign),
        _ => None,
    }
}

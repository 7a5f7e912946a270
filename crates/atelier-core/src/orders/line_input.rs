//! A line as typed (in the order form or a canned job) and the rules that
//! turn it into stored fields, with what it takes from the workshop: the
//! default VAT rate and the hourly rate of its category.

use atelier_domain::{Locale, Money, OrderLineId, Percent, Quantity, SupplementId, VatRate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::line::{DEFAULT_RATE, Line, LineKind, PartOrigin};
use crate::amounts::{parse_percent, parse_price, parse_quantity};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::workshop::{self, RateCategory};
use crate::{Error, Result};

const DESCRIPTION_MAX: usize = 500;
const PART_ID_MAX: usize = 60;

/// A line as typed in the order form (or a canned job). Blank means absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LineInput {
    /// `labour`, `part` or `fee`.
    pub kind: Option<String>,
    /// What is done or supplied; for a part with a reference, defaults to it.
    pub description: Option<String>,
    /// Labour: hours ("1,5"); may be blank with a flat price.
    pub hours: Option<String>,
    /// Labour: the rate category (`mechanics` when blank).
    pub rate_code: Option<String>,
    /// Labour: an hourly rate typed instead of the category's.
    pub hourly_rate: Option<String>,
    /// Labour: a flat price HT, whatever the hours.
    pub flat_price: Option<String>,
    /// Part: its catalogue reference.
    pub part_id: Option<String>,
    /// Part or fee: quantity ("1" when blank).
    pub quantity: Option<String>,
    /// Part or fee: unit price HT ("0" when blank: to be priced).
    pub unit_price: Option<String>,
    /// VAT rate as a percentage; the workshop's default when blank.
    pub vat: Option<String>,
    /// Part: `new_oem`, `new_aftermarket`, `exchange` or `recycled`.
    pub origin: Option<String>,
    /// The line's discount as a percentage.
    pub discount: Option<String>,
    /// The pending supplement this line is added to.
    pub supplement_id: Option<String>,
}

/// A validated line, as stored (and as kept in a canned job).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LineFields {
    pub kind: LineKind,
    pub description: String,
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    #[serde(rename = "unit_cents")]
    pub unit: Money,
    #[serde(rename = "flat_cents")]
    pub flat: Option<Money>,
    pub rate_code: Option<String>,
    pub part_id: Option<String>,
    pub origin: Option<PartOrigin>,
    #[serde(rename = "vat_bp")]
    pub vat: VatRate,
    #[serde(rename = "discount_bp")]
    pub discount: Percent,
}

/// What a new line takes from the workshop: its default VAT rate and its
/// hourly rates. Before the workshop is set up: 20 % and no rates, so labour
/// then needs a typed rate or a flat price.
#[derive(Clone, Debug)]
pub(crate) struct Defaults {
    pub vat: VatRate,
    pub rates: Vec<RateCategory>,
}

impl Defaults {
    pub fn load(conn: &Connection) -> Result<Defaults> {
        match workshop::get(conn) {
            Ok(w) => Ok(Defaults {
                vat: w.default_vat,
                rates: w.rates,
            }),
            Err(Error::NotFound { .. }) => Ok(Defaults {
                vat: VatRate::STANDARD,
                rates: Vec::new(),
            }),
            Err(e) => Err(e),
        }
    }

    /// The hourly rate of a category; `None` for a code the workshop lacks,
    /// zero for every code before it is set up.
    pub fn rate(&self, code: &str) -> Option<Money> {
        if self.rates.is_empty() {
            return Some(Money::ZERO);
        }
        self.rates.iter().find(|r| r.code == code).map(|r| r.hourly)
    }
}

impl LineFields {
    /// Checks a typed line. `before` is the line being edited: a labour line
    /// keeps its copied rate unless another category or rate is chosen.
    pub fn parse(
        input: &LineInput,
        defaults: &Defaults,
        before: Option<&LineFields>,
        locale: Locale,
    ) -> Result<LineFields, Invalid> {
        let text = |s: &Option<String>| clean(s.as_deref());
        let kind = match text(&input.kind) {
            Some(k) => {
                LineKind::parse(&k).ok_or(Invalid::new(Field::LineKind, Problem::NotAllowed))?
            }
            None => before
                .map(|b| b.kind)
                .ok_or(Invalid::new(Field::LineKind, Problem::Required))?,
        };
        let part_id = text(&input.part_id).filter(|_| kind == LineKind::Part);
        max_len(Field::PartId, part_id.as_deref(), PART_ID_MAX)?;
        let description = text(&input.description)
            .or_else(|| part_id.clone())
            .ok_or(Invalid::new(Field::Description, Problem::Required))?;
        max_len(Field::Description, Some(&description), DESCRIPTION_MAX)?;
        let vat = match text(&input.vat) {
            None => defaults.vat,
            Some(v) => {
                if v.starts_with('-') {
                    return Err(Invalid::new(Field::Vat, Problem::Negative));
                }
                VatRate::parse_percent(&v).ok_or(Invalid::new(Field::Vat, Problem::Percent))?
            }
        };
        let discount = match text(&input.discount) {
            None => Percent::ZERO,
            Some(d) => parse_percent(&d, Field::Discount)?,
        };
        let price =
            |s: &Option<String>, field| text(s).map(|t| parse_price(&t, field, locale)).transpose();
        let mut fields = LineFields {
            kind,
            description,
            quantity: Quantity::ONE,
            unit: Money::ZERO,
            flat: None,
            rate_code: None,
            part_id,
            origin: None,
            vat,
            discount,
        };
        match kind {
            LineKind::Labour => {
                let flat = price(&input.flat_price, Field::FlatPrice)?;
                fields.flat = flat;
                fields.quantity = match text(&input.hours) {
                    Some(h) => parse_quantity(&h, Field::Hours)?,
                    None if flat.is_some() => Quantity::ZERO,
                    None => return Err(Invalid::new(Field::Hours, Problem::Required)),
                };
                let code = text(&input.rate_code).unwrap_or_else(|| DEFAULT_RATE.to_owned());
                let kept = before.filter(|b| {
                    b.kind == LineKind::Labour && b.rate_code.as_deref() == Some(&code)
                });
                let unit = match (price(&input.hourly_rate, Field::HourlyRate)?, kept) {
                    (Some(typed), _) => typed,
                    (None, Some(b)) => b.unit,
                    (None, None) => defaults
                        .rate(&code)
                        .ok_or(Invalid::new(Field::RateCode, Problem::NotAllowed))?,
                };
                fields.rate_code = Some(code);
                fields.unit = unit;
                if unit == Money::ZERO && flat.is_none() {
                    return Err(Invalid::new(Field::HourlyRate, Problem::LabourUnpriced));
                }
            }
            LineKind::Part | LineKind::Fee => {
                if let Some(q) = text(&input.quantity) {
                    fields.quantity = parse_quantity(&q, Field::Quantity)?;
                }
                fields.unit = price(&input.unit_price, Field::UnitPrice)?.unwrap_or(Money::ZERO);
                if kind == LineKind::Part {
                    fields.origin = text(&input.origin)
                        .map(|o| {
                            PartOrigin::parse(&o)
                                .ok_or(Invalid::new(Field::Origin, Problem::NotAllowed))
                        })
                        .transpose()?;
                }
            }
        }
        Ok(fields)
    }

    pub fn to_json(&self) -> Map<String, Value> {
        let json = json!({
            "kind": self.kind.as_str(), "description": self.description,
            "quantity_milli": self.quantity, "unit_cents": self.unit,
            "flat_cents": self.flat, "rate_code": self.rate_code, "part_id": self.part_id,
            "origin": self.origin.map(PartOrigin::as_str), "vat_bp": self.vat,
            "discount_bp": self.discount,
        });
        match json {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// The line these fields make once stored with `id` at `position`.
    pub fn to_line(
        &self,
        id: OrderLineId,
        order: atelier_domain::OrderId,
        supplement: Option<SupplementId>,
        position: i64,
        from_bench: bool,
    ) -> Result<Line> {
        let mut line = Line {
            id,
            order_id: order,
            supplement_id: supplement,
            position,
            kind: self.kind,
            description: self.description.clone(),
            quantity: self.quantity,
            unit: self.unit,
            flat: self.flat,
            rate_code: self.rate_code.clone(),
            part_id: self.part_id.clone(),
            origin: self.origin,
            vat: self.vat,
            discount: self.discount,
            from_bench,
            net: Money::ZERO,
        };
        line.net = line.amounts().net;
        Ok(line)
    }

    pub fn of(line: &Line) -> LineFields {
        LineFields {
            kind: line.kind,
            description: line.description.clone(),
            quantity: line.quantity,
            unit: line.unit,
            flat: line.flat,
            rate_code: line.rate_code.clone(),
            part_id: line.part_id.clone(),
            origin: line.origin,
            vat: line.vat,
            discount: line.discount,
        }
    }
}

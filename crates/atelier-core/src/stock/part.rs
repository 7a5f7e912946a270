//! A part of the catalogue as stored: how it is counted, what it sells
//! for, its form, and reading it back. [`super::catalogue`] writes parts;
//! the modules beside it that only need a part's shape come here.

use atelier_domain::{Money, PartId, VatRate};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::access::{Action, Actor};
use crate::amounts::mul_div_round;
use crate::{Error, Result};

/// The longest reference, brand or category.
pub const TEXT_MAX: usize = 60;

/// How a part is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// One by one.
    Piece,
    /// By the litre (oil, fluids).
    Litre,
    /// A kit or a set (pads for one axle).
    Set,
}

crate::text::str_enum!(Unit {
    Piece => "piece",
    Litre => "litre",
    Set => "set",
});

/// A part of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    /// Its id.
    pub id: PartId,
    /// The workshop's own reference, unique.
    pub reference: String,
    /// Its maker's (OEM) reference.
    pub oem_reference: Option<String>,
    /// Its barcode.
    pub ean: Option<String>,
    /// Its brand.
    pub brand: Option<String>,
    /// What it is.
    pub description: String,
    /// Its category (filters, brakes, oils…), which may carry a markup rule.
    pub category: Option<String>,
    /// How it is counted.
    pub unit: Unit,
    /// The last cost price HT. Every read of core fills it; `None` only
    /// once [`Part::for_viewer`] hid it from someone who may not see prices.
    #[serde(rename = "cost_cents")]
    pub cost: Option<Money>,
    /// Its own sale price HT.
    #[serde(rename = "sale_cents")]
    pub sale: Option<Money>,
    /// What it sells for: its own price, else its cost plus its category's
    /// markup; `None` unpriced, or hidden by [`Part::for_viewer`].
    #[serde(rename = "price_cents")]
    pub price: Option<Money>,
    /// Its VAT rate.
    #[serde(rename = "vat_bp")]
    pub vat: VatRate,
    /// Whether it is still sold (an inactive part keeps its history).
    pub active: bool,
}

impl Part {
    /// The part as `actor` may see it: without its cost and sale prices
    /// unless they may see prices (a mechanic may look up the catalogue,
    /// not what the workshop pays or charges).
    pub fn for_viewer(self, actor: &Actor) -> Part {
        if actor.may(Action::SeePrices) {
            return self;
        }
        Part {
            cost: None,
            sale: None,
            price: None,
            ..self
        }
    }

    /// The last cost price HT, in cents, for core's own use (a receipt's or
    /// a purchase line's default cost): zero when hidden.
    pub(crate) fn cost(&self) -> i64 {
        self.cost.map_or(0, Money::cents)
    }
}

/// A part as typed in its form. Blank means absent; on an update, a field
/// left out (`None`) keeps its value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PartInput {
    /// The workshop's reference (required).
    pub reference: Option<String>,
    /// The maker's reference.
    pub oem_reference: Option<String>,
    /// The barcode: 8, 12, 13 or 14 digits with their check digit.
    pub ean: Option<String>,
    /// Brand.
    pub brand: Option<String>,
    /// Description (required).
    pub description: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// `piece` (when blank), `litre` or `set`.
    pub unit: Option<String>,
    /// Cost price HT ("12,50").
    pub cost_price: Option<String>,
    /// Sale price HT; blank to use the category's markup.
    pub sale_price: Option<String>,
    /// VAT rate as a percentage; 20 when blank.
    pub vat: Option<String>,
    /// Still sold; true when absent on creation.
    pub active: Option<bool>,
    /// Bin location at the site the form is saved from.
    pub bin: Option<String>,
    /// Reorder point at that site.
    pub reorder_point: Option<String>,
    /// Quantity to order at that site.
    pub reorder_quantity: Option<String>,
    /// Equivalent references, replacing the list when present.
    pub equivalents: Option<Vec<String>>,
}

/// What a part sells for: its own price, else its cost plus its category's
/// markup, else nothing (to be priced on the order).
pub(crate) fn sale_price(own: Option<i64>, cost: i64, markup_bp: Option<i64>) -> Option<i64> {
    own.or_else(|| markup_bp.map(|m| mul_div_round(cost, 10_000 + m, 10_000)))
}
pub(crate) const SELECT: &str =
    "SELECT p.id, p.reference, p.oem_reference, p.ean, p.brand, p.description,
        p.category, p.unit, p.cost_cents, p.sale_cents, c.markup_bp, p.vat_bp, p.active
   FROM parts p LEFT JOIN part_categories c ON c.key = p.category_key";

/// One live part.
pub fn get_part(conn: &Connection, id: PartId) -> Result<Part> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE p.id = ?1 AND p.deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "part",
        id: id.to_string(),
    })?
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Part>> {
    let id: String = r.get(0)?;
    let Ok(id) = id.parse() else {
        return Ok(Err(Error::Corrupt("parts.id")));
    };
    let unit: String = r.get(7)?;
    let (cost_cents, sale_cents, markup): (i64, Option<i64>, Option<i64>) =
        (r.get(8)?, r.get(9)?, r.get(10)?);
    let Ok(vat) = VatRate::new(r.get(11)?) else {
        return Ok(Err(Error::Corrupt("parts.vat_bp")));
    };
    let part = Part {
        id,
        reference: r.get(1)?,
        oem_reference: r.get(2)?,
        ean: r.get(3)?,
        brand: r.get(4)?,
        description: r.get(5)?,
        category: r.get(6)?,
        unit: Unit::Piece,
        cost: Some(Money::from_cents(cost_cents)),
        sale: sale_cents.map(Money::from_cents),
        price: sale_price(sale_cents, cost_cents, markup).map(Money::from_cents),
        vat,
        active: r.get(12)?,
    };
    Ok(Unit::parse(&unit)
        .map(|unit| Part { unit, ..part })
        .ok_or(Error::Corrupt("parts.unit")))
}

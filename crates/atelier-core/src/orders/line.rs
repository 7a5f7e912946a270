//! One line of an order, as stored: what it bills (labour, part, fee), a
//! part's origin, its amounts, and reading lines back. [`super::lines`]
//! writes them; everything that only reads lines comes here.

use atelier_domain::{Money, OrderId, OrderLineId, Percent, Quantity, SupplementId, VatRate};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::parse_id;
use crate::amounts::LineAmounts;
use crate::{Error, Result};

/// The rate category a labour line takes when none is chosen.
pub const DEFAULT_RATE: &str = "mechanics";

/// What a line bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Main-d'œuvre: hours at an hourly rate, or a flat price.
    Labour,
    /// A part: quantity at a unit price.
    Part,
    /// A fee (disposal, consumables…): quantity at a unit price.
    Fee,
}

crate::text::str_enum!(LineKind {
    Labour => "labour",
    Part => "part",
    Fee => "fee",
});

/// Where a part comes from; recycled and exchange parts are the "pièces issues
/// de l'économie circulaire" the customer must be offered (PIEC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartOrigin {
    /// New, from the vehicle's maker.
    NewOem,
    /// New, of equivalent quality, from another maker.
    NewAftermarket,
    /// Exchange (échange standard): reconditioned by its maker.
    Exchange,
    /// Recycled (réemploi), from a dismantler.
    Recycled,
}

crate::text::str_enum!(PartOrigin {
    NewOem => "new_oem",
    NewAftermarket => "new_aftermarket",
    Exchange => "exchange",
    Recycled => "recycled",
});

impl PartOrigin {
    /// Whether the part comes from the circular economy (PIEC).
    pub fn is_circular(self) -> bool {
        matches!(self, PartOrigin::Exchange | PartOrigin::Recycled)
    }
}

/// One line of an order, with its price computed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// Stable id.
    pub id: OrderLineId,
    /// Its order.
    pub order_id: OrderId,
    /// The supplement it belongs to, if it is extra work found later.
    pub supplement_id: Option<SupplementId>,
    /// Its place in the order.
    pub position: i64,
    /// Labour, part or fee.
    pub kind: LineKind,
    /// What is done or supplied.
    pub description: String,
    /// Hours for labour, quantity otherwise.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// Hourly rate for labour, unit price otherwise, HT.
    pub unit: Money,
    /// A flat price for labour, whatever the hours.
    pub flat: Option<Money>,
    /// The labour rate category the rate was copied from.
    pub rate_code: Option<String>,
    /// The catalogue reference of a part.
    pub part_id: Option<String>,
    /// Where a part comes from.
    pub origin: Option<PartOrigin>,
    /// VAT rate.
    pub vat: VatRate,
    /// The line's own discount.
    #[serde(rename = "discount_bp")]
    pub discount: Percent,
    /// Added by a mechanic at the bench: its price needs checking.
    pub from_bench: bool,
    /// HT, after the line's discount.
    pub net: Money,
}

impl Line {
    /// What the line adds to the totals.
    pub fn amounts(&self) -> LineAmounts {
        LineAmounts::of(self.quantity, self.unit, self.flat, self.discount, self.vat)
    }
}

const SELECT: &str =
    "SELECT id, order_id, supplement_id, position, kind, description, quantity_milli,
        unit_cents, flat_cents, rate_code, part_id, origin, vat_bp, discount_bp, from_bench
   FROM order_lines";

/// One line.
pub fn get(conn: &Connection, line_id: OrderLineId) -> Result<Line> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([line_id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "order line",
            id: line_id.to_string(),
        })?
}

/// A line, even removed (a declined line recommended again).
pub(crate) fn get_any(conn: &Connection, line_id: OrderLineId) -> Result<Line> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([line_id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "order line",
            id: line_id.to_string(),
        })?
}

/// An order's lines in their order, supplements' lines included.
pub fn of_order(conn: &Connection, order: OrderId) -> Result<Vec<Line>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE order_id = ?1 AND deleted_at IS NULL ORDER BY position"
    ))?;
    stmt.query_map([order.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Line>> {
    let order: String = r.get(1)?;
    let kind: String = r.get(4)?;
    let origin: Option<String> = r.get(11)?;
    let vat: u32 = r.get(12)?;
    let (id, supplement, position, description, quantity_milli): (String, Option<String>, _, _, _) =
        (r.get(0)?, r.get(2)?, r.get(3)?, r.get(5)?, r.get(6)?);
    let (unit, flat, rate_code, part_id, discount, from_bench): (_, _, _, _, u32, _) = (
        Money::from_cents(r.get(7)?),
        r.get::<_, Option<i64>>(8)?.map(Money::from_cents),
        r.get(9)?,
        r.get(10)?,
        r.get(13)?,
        r.get(14)?,
    );
    let build = || -> Result<Line> {
        let mut line = Line {
            id: parse_id(&id, "order_lines.id")?,
            order_id: parse_id(&order, "order_lines.order_id")?,
            supplement_id: supplement
                .map(|s| parse_id(&s, "order_lines.supplement_id"))
                .transpose()?,
            position,
            kind: LineKind::parse(&kind).ok_or(Error::Corrupt("order_lines.kind"))?,
            description,
            quantity: Quantity::from_milli(quantity_milli),
            unit,
            flat,
            rate_code,
            part_id,
            origin: origin
                .map(|o| PartOrigin::parse(&o).ok_or(Error::Corrupt("order_lines.origin")))
                .transpose()?,
            vat: VatRate::new(vat).map_err(|_| Error::Corrupt("order_lines.vat_bp"))?,
            discount: Percent::new(discount)
                .map_err(|_| Error::Corrupt("order_lines.discount_bp"))?,
            from_bench,
            net: Money::ZERO,
        };
        line.net = line.amounts().net;
        Ok(line)
    };
    Ok(build())
}

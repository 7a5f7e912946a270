//! An order's lines: labour, parts and fees, each its own synced row with its
//! position. A labour line is hours × an hourly rate copied from the
//! workshop's rate category when the line is added (later rate changes do not
//! touch it), or a flat price; one with no rate and no flat price is refused.
//! Nothing on a line may be negative.

use atelier_domain::{Locale, Money, OrderId, VatRate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::amounts::{LineAmounts, parse_milli, parse_percent, parse_price};
use super::{editable, parse_id, steps};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::workshop::{self, RateCategory};
use crate::{Error, Result};

pub(crate) const ENTITY: &str = "order_lines";
const DESCRIPTION_MAX: usize = 500;
const PART_ID_MAX: usize = 60;
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
    pub id: String,
    /// Its order.
    pub order_id: OrderId,
    /// The supplement it belongs to, if it is extra work found later.
    pub supplement_id: Option<String>,
    /// Its place in the order.
    pub position: i64,
    /// Labour, part or fee.
    pub kind: LineKind,
    /// What is done or supplied.
    pub description: String,
    /// Hours for labour, quantity otherwise, in thousandths.
    pub quantity_milli: i64,
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
    /// The line's own discount, in basis points.
    pub discount_bp: u32,
    /// Added by a mechanic at the bench: its price needs checking.
    pub from_bench: bool,
    /// HT, after the line's discount.
    pub net: Money,
}

impl Line {
    /// What the line adds to the totals.
    pub fn amounts(&self) -> LineAmounts {
        LineAmounts::of(
            self.quantity_milli,
            self.unit,
            self.flat,
            self.discount_bp,
            self.vat,
        )
    }
}

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
    pub quantity_milli: i64,
    pub unit_cents: i64,
    pub flat_cents: Option<i64>,
    pub rate_code: Option<String>,
    pub part_id: Option<String>,
    pub origin: Option<PartOrigin>,
    pub vat_bp: u32,
    pub discount_bp: u32,
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
        let discount_bp = match text(&input.discount) {
            None => 0,
            Some(d) => parse_percent(&d, Field::Discount)?,
        };
        let price =
            |s: &Option<String>, field| text(s).map(|t| parse_price(&t, field, locale)).transpose();
        let mut fields = LineFields {
            kind,
            description,
            quantity_milli: 1000,
            unit_cents: 0,
            flat_cents: None,
            rate_code: None,
            part_id,
            origin: None,
            vat_bp: vat.bp(),
            discount_bp,
        };
        match kind {
            LineKind::Labour => {
                let flat = price(&input.flat_price, Field::FlatPrice)?;
                fields.flat_cents = flat.map(Money::cents);
                fields.quantity_milli = match text(&input.hours) {
                    Some(h) => parse_milli(&h, Field::Hours)?,
                    None if flat.is_some() => 0,
                    None => return Err(Invalid::new(Field::Hours, Problem::Required)),
                };
                let code = text(&input.rate_code).unwrap_or_else(|| DEFAULT_RATE.to_owned());
                let kept = before.filter(|b| {
                    b.kind == LineKind::Labour && b.rate_code.as_deref() == Some(&code)
                });
                let unit = match (price(&input.hourly_rate, Field::HourlyRate)?, kept) {
                    (Some(typed), _) => typed,
                    (None, Some(b)) => Money::from_cents(b.unit_cents),
                    (None, None) => defaults
                        .rate(&code)
                        .ok_or(Invalid::new(Field::RateCode, Problem::NotAllowed))?,
                };
                fields.rate_code = Some(code);
                fields.unit_cents = unit.cents();
                if unit == Money::ZERO && flat.is_none() {
                    return Err(Invalid::new(Field::HourlyRate, Problem::LabourUnpriced));
                }
            }
            LineKind::Part | LineKind::Fee => {
                if let Some(q) = text(&input.quantity) {
                    fields.quantity_milli = parse_milli(&q, Field::Quantity)?;
                }
                fields.unit_cents =
                    price(&input.unit_price, Field::UnitPrice)?.map_or(0, Money::cents);
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
            "quantity_milli": self.quantity_milli, "unit_cents": self.unit_cents,
            "flat_cents": self.flat_cents, "rate_code": self.rate_code, "part_id": self.part_id,
            "origin": self.origin.map(PartOrigin::as_str), "vat_bp": self.vat_bp,
            "discount_bp": self.discount_bp,
        });
        match json {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    pub fn of(line: &Line) -> LineFields {
        LineFields {
            kind: line.kind,
            description: line.description.clone(),
            quantity_milli: line.quantity_milli,
            unit_cents: line.unit.cents(),
            flat_cents: line.flat.map(Money::cents),
            rate_code: line.rate_code.clone(),
            part_id: line.part_id.clone(),
            origin: line.origin,
            vat_bp: line.vat.bp(),
            discount_bp: line.discount_bp,
        }
    }
}

/// Adds a line at the end of an order (or of one of its pending supplements).
/// A labour line outside a supplement also adds its checklist step.
pub fn add_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    input: &LineInput,
    locale: Locale,
) -> Result<Line> {
    editable(tx, order)?;
    let supplement = clean(input.supplement_id.as_deref());
    if let Some(s) = &supplement {
        super::approval::pending_supplement(tx, order, s)?;
    }
    let fields = LineFields::parse(input, &Defaults::load(tx)?, None, locale)?;
    let id = insert(tx, now_ms, order, supplement.as_deref(), &fields, false)?;
    get(tx, &id)
}

/// Stores a checked line at the end of `order`; answers its id.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    supplement: Option<&str>,
    f: &LineFields,
    from_bench: bool,
) -> Result<String> {
    let id = crate::new_row_id();
    let position: i64 = tx
        .prepare_cached(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM order_lines WHERE order_id = ?1",
        )?
        .query_row([order.to_string()], |r| r.get(0))?;
    let mut payload = f.to_json();
    payload.insert("order_id".into(), json!(order.to_string()));
    payload.insert("supplement_id".into(), json!(supplement));
    payload.insert("position".into(), json!(position));
    payload.insert("from_bench".into(), json!(from_bench));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id,
        OpKind::Insert,
        &Value::Object(payload),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO order_lines (id, order_id, supplement_id, position, kind, description,
                quantity_milli, unit_cents, flat_cents, rate_code, part_id, origin, vat_bp,
                discount_bp, from_bench, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
    )?
    .execute(params![
        id,
        order.to_string(),
        supplement,
        position,
        f.kind.as_str(),
        f.description,
        f.quantity_milli,
        f.unit_cents,
        f.flat_cents,
        f.rate_code,
        f.part_id,
        f.origin.map(PartOrigin::as_str),
        f.vat_bp,
        f.discount_bp,
        from_bench,
        hlc.as_i64()
    ])?;
    if f.kind == LineKind::Labour && supplement.is_none() {
        steps::insert(tx, now_ms, order, Some(&id), &f.description)?;
    }
    Ok(id)
}

/// Saves the form over a line; only the changed fields travel.
pub fn update_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    line_id: &str,
    input: &LineInput,
    locale: Locale,
) -> Result<Line> {
    let line = get(tx, line_id)?;
    editable(tx, line.order_id)?;
    let before = LineFields::of(&line);
    let after = LineFields::parse(input, &Defaults::load(tx)?, Some(&before), locale)?;
    let old = before.to_json();
    let changes = outbox::changes(&old, after.to_json());
    if changes.is_empty() {
        return Ok(line);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        line_id,
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE order_lines SET kind = ?2, description = ?3, quantity_milli = ?4, unit_cents = ?5,
                flat_cents = ?6, rate_code = ?7, part_id = ?8, origin = ?9, vat_bp = ?10,
                discount_bp = ?11, updated_at = ?12
         WHERE id = ?1",
    )?
    .execute(params![
        line_id,
        after.kind.as_str(),
        after.description,
        after.quantity_milli,
        after.unit_cents,
        after.flat_cents,
        after.rate_code,
        after.part_id,
        after.origin.map(PartOrigin::as_str),
        after.vat_bp,
        after.discount_bp,
        hlc.as_i64()
    ])?;
    get(tx, line_id)
}

/// Removes a line (a tombstone), and its checklist step if not yet ticked.
pub fn remove_line(tx: &Transaction<'_>, now_ms: u64, line_id: &str) -> Result<()> {
    let line = get(tx, line_id)?;
    editable(tx, line.order_id)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        line_id,
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE order_lines SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![line_id, hlc.as_i64()])?;
    steps::remove_for_line(tx, now_ms, line_id)
}

const SELECT: &str =
    "SELECT id, order_id, supplement_id, position, kind, description, quantity_milli,
        unit_cents, flat_cents, rate_code, part_id, origin, vat_bp, discount_bp, from_bench
   FROM order_lines";

/// One line.
pub fn get(conn: &Connection, line_id: &str) -> Result<Line> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([line_id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "order line",
            id: line_id.to_owned(),
        })?
}

/// A line, even removed (a declined line recommended again).
pub(crate) fn get_any(conn: &Connection, line_id: &str) -> Result<Line> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([line_id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "order line",
            id: line_id.to_owned(),
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
    let (id, supplement_id, position, description, quantity_milli) =
        (r.get(0)?, r.get(2)?, r.get(3)?, r.get(5)?, r.get(6)?);
    let (unit, flat, rate_code, part_id, discount_bp, from_bench) = (
        Money::from_cents(r.get(7)?),
        r.get::<_, Option<i64>>(8)?.map(Money::from_cents),
        r.get(9)?,
        r.get(10)?,
        r.get(13)?,
        r.get(14)?,
    );
    let build = || -> Result<Line> {
        let mut line = Line {
            id,
            order_id: parse_id(&order, "order_lines.order_id")?,
            supplement_id,
            position,
            kind: LineKind::parse(&kind).ok_or(Error::Corrupt("order_lines.kind"))?,
            description,
            quantity_milli,
            unit,
            flat,
            rate_code,
            part_id,
            origin: origin
                .map(|o| PartOrigin::parse(&o).ok_or(Error::Corrupt("order_lines.origin")))
                .transpose()?,
            vat: VatRate::new(vat).map_err(|_| Error::Corrupt("order_lines.vat_bp"))?,
            discount_bp,
            from_bench,
            net: Money::ZERO,
        };
        line.net = line.amounts().net;
        Ok(line)
    };
    Ok(build())
}

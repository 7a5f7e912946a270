//! Purchasing: the low-stock list, suggested purchase orders per supplier,
//! and purchase orders from draft to received.
//!
//! `draft → sent → partial → received`, and `cancelled` from any of the first
//! three. What a line has received is the sum of the receipts naming it, so a
//! partly delivered order keeps its backorder open until the rest arrives or
//! the order is cancelled. A received or cancelled order is closed: no more
//! receipts.

use atelier_domain::{
    Locale, Money, PartId, PurchaseId, PurchaseLineId, Quantity, SiteId, SupplierId,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::entries::{positive, site_or_current};
use super::movements::{MovementKind, NewMovement, write};
use super::part::{Unit, get_part};
use super::suppliers::get_supplier;
use crate::amounts::{parse_milli, parse_price};
use crate::outbox::{self, OpKind};
use crate::text::{clean, today};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

const ENTITY: &str = "purchase_orders";
const LINES: &str = "purchase_lines";

/// Where a purchase order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseStatus {
    /// Being prepared: lines may change.
    Draft,
    /// Sent to the supplier.
    Sent,
    /// Some of it arrived; the rest is on backorder.
    Partial,
    /// Everything arrived: closed.
    Received,
    /// Dropped (with whatever had not arrived): closed.
    Cancelled,
}

crate::text::str_enum!(PurchaseStatus {
    Draft => "draft",
    Sent => "sent",
    Partial => "partial",
    Received => "received",
    Cancelled => "cancelled",
});

impl PurchaseStatus {
    /// Whether receipts may still be entered against it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            PurchaseStatus::Draft | PurchaseStatus::Sent | PurchaseStatus::Partial
        )
    }
}

/// A line of a purchase order, with what has arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PurchaseLine {
    /// Its id.
    pub id: PurchaseLineId,
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// The supplier's reference for it, if known.
    pub supplier_reference: Option<String>,
    /// What it is.
    pub description: String,
    /// How it is counted.
    pub unit: Unit,
    /// Ordered.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// Received so far.
    #[serde(rename = "received_milli")]
    pub received: Quantity,
    /// Unit cost HT.
    #[serde(rename = "unit_cost_cents")]
    pub unit_cost: Money,
}

/// A purchase order with its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PurchaseOrder {
    /// Its id.
    pub id: PurchaseId,
    /// Its number, e.g. BC-2026-0001.
    pub number: String,
    /// The supplier.
    pub supplier_id: SupplierId,
    /// Its name.
    pub supplier_name: String,
    /// The site it delivers to.
    pub site_id: SiteId,
    /// Where it is in its life.
    pub status: PurchaseStatus,
    /// When it was sent (Unix ms).
    pub sent_at: Option<u64>,
    /// Its lines, in order.
    pub lines: Vec<PurchaseLine>,
    /// Σ quantity × unit cost, HT.
    #[serde(rename = "total_cents")]
    pub total: Money,
}

/// A line as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PurchaseLineInput {
    /// The part.
    pub part_id: PartId,
    /// How many, above zero.
    pub quantity: Option<String>,
    /// Unit cost HT; the supplier's price for the part, else its cost, when blank.
    pub unit_cost: Option<String>,
}

/// What arrived for one line.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReceiptLine {
    /// The purchase order line.
    pub line_id: PurchaseLineId,
    /// How many arrived; blank or zero for none.
    pub quantity: Option<String>,
}

/// Starts a purchase order (a draft) to `supplier` for delivery at `site`
/// (this workstation's when `None`).
pub fn create_purchase(
    tx: &Transaction<'_>,
    now_ms: u64,
    supplier: SupplierId,
    site: Option<SiteId>,
    lines: &[PurchaseLineInput],
    locale: Locale,
) -> Result<PurchaseOrder> {
    get_supplier(tx, supplier).map_err(|_| Invalid::new(Field::Supplier, Problem::Required))?;
    let site = site_or_current(tx, site, Field::Site)?;
    let checked = lines
        .iter()
        .map(|l| check_line(tx, supplier, l, locale))
        .collect::<Result<Vec<_>>>()?;
    let id = PurchaseId::new();
    let number = allocate_number(tx, now_ms)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "number": number, "supplier_id": supplier, "site_id": site.to_string(),
                 "status": "draft" }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO purchase_orders (id, number, supplier_id, site_id, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?5)",
    )?
    .execute(params![
        id.to_string(),
        number,
        supplier.to_string(),
        site.to_string(),
        hlc.as_i64()
    ])?;
    for (position, &(part, qty, cost)) in checked.iter().enumerate() {
        insert_line(tx, now_ms, id, position as i64 + 1, part, qty, cost)?;
    }
    get_purchase(tx, id)
}

fn check_line(
    conn: &Connection,
    supplier: SupplierId,
    input: &PurchaseLineInput,
    locale: Locale,
) -> Result<(PartId, i64, i64)> {
    let part =
        get_part(conn, input.part_id).map_err(|_| Invalid::new(Field::Part, Problem::Required))?;
    let quantity = positive(input.quantity.as_deref(), Field::Quantity)?;
    let cost = match clean(input.unit_cost.as_deref()) {
        Some(t) => parse_price(&t, Field::CostPrice, locale)?.cents(),
        None => super::suppliers::of_part(conn, part.id)?
            .into_iter()
            .find(|s| s.supplier_id == supplier)
            .and_then(|s| s.price.map(Money::cents))
            .unwrap_or_else(|| part.cost()),
    };
    Ok((part.id, quantity, cost))
}

fn insert_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
    position: i64,
    part: PartId,
    quantity: i64,
    cost: i64,
) -> Result<()> {
    let id = PurchaseLineId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        LINES,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "purchase_order_id": order, "part_id": part, "position": position,
                 "quantity_milli": quantity, "unit_cost_cents": cost }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO purchase_lines (id, purchase_order_id, part_id, position, quantity_milli,
                unit_cost_cents, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        id.to_string(),
        order.to_string(),
        part.to_string(),
        position,
        quantity,
        cost,
        hlc.as_i64()
    ])?;
    Ok(())
}

fn allocate_number(tx: &Transaction<'_>, now_ms: u64) -> Result<String> {
    let year: i64 = today(now_ms)[..4]
        .parse()
        .map_err(|_| Error::Corrupt("year"))?;
    let last: i64 = tx
        .prepare_cached(
            "INSERT INTO purchase_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([year], |r| r.get(0))?;
    Ok(format!("BC-{year}-{last:04}"))
}

/// Adds a line to a draft purchase order.
pub fn add_purchase_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
    input: &PurchaseLineInput,
    locale: Locale,
) -> Result<PurchaseOrder> {
    let po = draft(tx, order)?;
    let (part, qty, cost) = check_line(tx, po.supplier_id, input, locale)?;
    let position = po.lines.len() as i64 + 1;
    insert_line(tx, now_ms, order, position, part, qty, cost)?;
    get_purchase(tx, order)
}

/// Removes a line of a draft purchase order (a tombstone).
pub fn remove_purchase_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    line: PurchaseLineId,
) -> Result<PurchaseOrder> {
    let line = line.to_string();
    let order: String = tx
        .prepare_cached(
            "SELECT purchase_order_id FROM purchase_lines WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([&line], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "purchase line",
            id: line.clone(),
        })?;
    let order: PurchaseId = order
        .parse()
        .map_err(|_| Error::Corrupt("purchase_lines.purchase_order_id"))?;
    draft(tx, order)?;
    let hlc = outbox::record(tx, now_ms, LINES, &line, OpKind::Delete, &json!({}), None)?;
    tx.prepare_cached("UPDATE purchase_lines SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![line, hlc.as_i64()])?;
    get_purchase(tx, order)
}

fn draft(conn: &Connection, order: PurchaseId) -> Result<PurchaseOrder> {
    let po = get_purchase(conn, order)?;
    if po.status != PurchaseStatus::Draft {
        return Err(Invalid::new(Field::PurchaseOrder, Problem::PurchaseOrderSent).into());
    }
    Ok(po)
}

/// Marks a draft as sent to the supplier (its PDF printed or e-mailed).
pub fn send_purchase(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
) -> Result<PurchaseOrder> {
    let po = draft(tx, order)?;
    if po.lines.is_empty() {
        return Err(Invalid::new(Field::Lines, Problem::Required).into());
    }
    set_status(tx, now_ms, &po, PurchaseStatus::Sent, Some(now_ms))?;
    get_purchase(tx, order)
}

/// Drops an open purchase order, with whatever has not arrived yet.
pub fn cancel_purchase(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
) -> Result<PurchaseOrder> {
    let po = get_purchase(tx, order)?;
    if !po.status.is_open() {
        return Err(Invalid::new(Field::PurchaseOrder, Problem::PurchaseOrderClosed).into());
    }
    set_status(tx, now_ms, &po, PurchaseStatus::Cancelled, po.sent_at)?;
    get_purchase(tx, order)
}

fn set_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    po: &PurchaseOrder,
    to: PurchaseStatus,
    sent_at: Option<u64>,
) -> Result<()> {
    let before = Map::from_iter([("status".to_owned(), json!(po.status.as_str()))]);
    let mut payload = Map::from_iter([("status".to_owned(), json!(to.as_str()))]);
    if sent_at != po.sent_at {
        payload.insert("sent_at".into(), json!(sent_at));
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &po.id.to_string(),
        OpKind::Update,
        &Value::Object(payload),
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE purchase_orders SET status = ?2, sent_at = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        po.id.to_string(),
        to.as_str(),
        sent_at.map(|s| s as i64),
        hlc.as_i64()
    ])?;
    Ok(())
}

/// Enters what arrived against an open purchase order: a receipt per line at
/// the line's cost (so the average cost follows), then `partial` while
/// anything is still owed, `received` when nothing is. Refused, with nothing
/// written, on a closed order or a quantity that is not a positive number.
pub fn receive_purchase(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
    receipts: &[ReceiptLine],
) -> Result<PurchaseOrder> {
    let po = get_purchase(tx, order)?;
    if !po.status.is_open() {
        return Err(Invalid::new(Field::PurchaseOrder, Problem::PurchaseOrderClosed).into());
    }
    let mut checked = Vec::new();
    for r in receipts {
        let line = po
            .lines
            .iter()
            .find(|l| l.id == r.line_id)
            .ok_or(Invalid::new(Field::Lines, Problem::NotAllowed))?;
        let qty = match clean(r.quantity.as_deref()) {
            None => 0,
            Some(t) => parse_milli(&t, Field::Quantity)?,
        };
        if qty > 0 {
            checked.push((line, qty, line.unit_cost.cents()));
        }
    }
    receive_checked(tx, now_ms, &po, &checked)
}

/// Enters what a supplier's invoice says arrived against an open purchase
/// order: `(line id, quantity in thousandths, unit cost HT in cents)` each,
/// the cost being the invoiced one rather than the ordered one. Refused as
/// [`receive_purchase`] refuses.
pub(crate) fn receive_invoiced(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: PurchaseId,
    receipts: &[(PurchaseLineId, i64, i64)],
) -> Result<PurchaseOrder> {
    let po = get_purchase(tx, order)?;
    if !po.status.is_open() {
        return Err(Invalid::new(Field::PurchaseOrder, Problem::PurchaseOrderClosed).into());
    }
    let mut checked = Vec::new();
    for (line_id, qty, cost) in receipts {
        let line = po
            .lines
            .iter()
            .find(|l| l.id == *line_id)
            .ok_or(Invalid::new(Field::Lines, Problem::NotAllowed))?;
        if *qty > 0 {
            checked.push((line, *qty, (*cost).max(0)));
        }
    }
    receive_checked(tx, now_ms, &po, &checked)
}

fn receive_checked(
    tx: &Transaction<'_>,
    now_ms: u64,
    po: &PurchaseOrder,
    checked: &[(&PurchaseLine, i64, i64)],
) -> Result<PurchaseOrder> {
    let order = po.id;
    if checked.is_empty() {
        return Err(Invalid::new(Field::Quantity, Problem::Zero).into());
    }
    for &(line, qty, cost) in checked {
        write(
            tx,
            now_ms,
            MovementKind::Receipt,
            NewMovement {
                part: line.part_id,
                site: po.site_id,
                quantity_milli: qty,
                unit_cost_cents: Some(cost),
                purchase_line: Some(line.id),
                ..NewMovement::default()
            },
        )?;
    }
    let after = get_purchase(tx, order)?;
    let owed = after.lines.iter().any(|l| l.received < l.quantity);
    let to = if owed {
        PurchaseStatus::Partial
    } else {
        PurchaseStatus::Received
    };
    if to != after.status {
        set_status(tx, now_ms, &after, to, after.sent_at)?;
    }
    get_purchase(tx, order)
}

/// One purchase order with its lines.
pub fn get_purchase(conn: &Connection, id: PurchaseId) -> Result<PurchaseOrder> {
    let head = conn
        .prepare_cached(
            "SELECT o.id, o.number, o.supplier_id, s.name, o.site_id, o.status, o.sent_at
               FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
              WHERE o.id = ?1 AND o.deleted_at IS NULL",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "purchase order",
            id: id.to_string(),
        })?;
    let (number, supplier_id, supplier_name, site_id, status, sent_at) = head;
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.part_id, p.reference, ps.supplier_reference, p.description, p.unit,
                l.quantity_milli,
                COALESCE((SELECT SUM(m.quantity_milli) FROM stock_movements m
                           WHERE m.purchase_line_id = l.id), 0),
                l.unit_cost_cents
           FROM purchase_lines l JOIN parts p ON p.id = l.part_id
           LEFT JOIN part_suppliers ps ON ps.part_id = l.part_id AND ps.supplier_id = ?2
                AND ps.deleted_at IS NULL
          WHERE l.purchase_order_id = ?1 AND l.deleted_at IS NULL
          GROUP BY l.id ORDER BY l.position",
    )?;
    let lines = stmt
        .query_map(params![id.to_string(), supplier_id], |r| {
            let (line, part, unit): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(5)?);
            let (Ok(line), Ok(part)) = (line.parse(), part.parse()) else {
                return Ok(Err(Error::Corrupt("purchase_lines")));
            };
            Ok(Ok(PurchaseLine {
                id: line,
                part_id: part,
                reference: r.get(2)?,
                supplier_reference: r.get(3)?,
                description: r.get(4)?,
                unit: Unit::parse(&unit).unwrap_or(Unit::Piece),
                quantity: Quantity::from_milli(r.get(6)?),
                received: Quantity::from_milli(r.get(7)?),
                unit_cost: Money::from_cents(r.get(8)?),
            }))
        })?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    let total_cents = lines
        .iter()
        .map(|l| l.quantity.times(l.unit_cost).cents())
        .sum();
    Ok(PurchaseOrder {
        id,
        number,
        supplier_id: supplier_id
            .parse()
            .map_err(|_| Error::Corrupt("purchase_orders.supplier_id"))?,
        supplier_name,
        site_id: site_id
            .parse()
            .map_err(|_| Error::Corrupt("purchase_orders.site_id"))?,
        status: PurchaseStatus::parse(&status).ok_or(Error::Corrupt("purchase_orders.status"))?,
        sent_at: sent_at.map(i64::unsigned_abs),
        lines,
        total: Money::from_cents(total_cents),
    })
}

/// The purchase orders of a site, newest first: the open ones only, or all.
pub fn list_purchases(
    conn: &Connection,
    site: Option<SiteId>,
    open_only: bool,
) -> Result<Vec<PurchaseOrder>> {
    let site = super::sites::site_or_here(conn, site)?;
    let ids = conn
        .prepare_cached(
            "SELECT id FROM purchase_orders
              WHERE site_id = ?1 AND deleted_at IS NULL
                AND (?2 = 0 OR status IN ('draft', 'sent', 'partial'))
              ORDER BY created_at DESC LIMIT 200",
        )?
        .query_map(params![site.to_string(), open_only], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ids.iter()
        .map(|id| {
            let id = id
                .parse()
                .map_err(|_| Error::Corrupt("purchase_orders.id"))?;
            get_purchase(conn, id)
        })
        .collect()
}

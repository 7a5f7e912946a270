//! Drafts: an invoice before it is issued. It has no number and may change
//! or be discarded; nothing in it is legal yet.

use atelier_domain::{CustomerId, InvoiceId, Locale, OrderId};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{ENTITY, Invoice, InvoiceError, get, not_found};
use crate::access::Actor;
use crate::orders::lines::{Defaults, LineFields, LineInput};
use crate::orders::supplement::counted;
use crate::orders::{self, OrderDiscount, OrderError, OrderStatus};
use crate::outbox::{self, OpKind};
use crate::text::{clean, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

/// The most lines an invoice takes.
pub const LINES_MAX: usize = 500;
const NOTES_MAX: usize = 1000;

/// A counter-sale draft as typed: the customer, the lines, a note.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DraftInput {
    /// The customer's id.
    pub customer_id: Option<String>,
    /// The lines, as in the order form.
    pub lines: Vec<LineInput>,
    /// A note printed on the invoice.
    pub notes: Option<String>,
}

/// A draft invoice of a done repair order, its approved lines (estimate and
/// approved supplements) and discount copied. Asking again while a draft of
/// the order is live returns that draft. Refused with
/// [`OrderError::IllegalTransition`] unless the order is done, with
/// [`OrderError::Frozen`] once it is invoiced.
pub fn draft_from_order(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
) -> Result<Invoice> {
    let o = orders::get(tx, order)?;
    match o.status {
        OrderStatus::Done => {}
        OrderStatus::Invoiced => {
            return Err(OrderError::Frozen {
                number: o.number().to_owned(),
            }
            .into());
        }
        from => {
            return Err(OrderError::IllegalTransition {
                from,
                to: OrderStatus::Invoiced,
            }
            .into());
        }
    }
    if let Some(id) = live_draft(tx, order)? {
        return get(tx, id, &today(now_ms));
    }
    let lines = order_lines(tx, order)?;
    let id = InvoiceId::new();
    insert(
        tx,
        now_ms,
        actor,
        id,
        o.customer_id,
        Some(order),
        Some(o.vehicle_id),
        &lines,
        o.discount,
        None,
    )?;
    get(tx, id, &today(now_ms))
}

/// A draft invoice of a counter sale: parts sold over the counter, no order.
pub fn draft_counter_sale(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    input: &DraftInput,
    locale: Locale,
) -> Result<Invoice> {
    let (customer, lines, notes) = parse(tx, input, locale)?;
    let id = InvoiceId::new();
    insert(
        tx,
        now_ms,
        actor,
        id,
        customer,
        None,
        None,
        &lines,
        OrderDiscount::None,
        notes.as_deref(),
    )?;
    get(tx, id, &today(now_ms))
}

/// Replaces a draft's customer, lines and note. The draft of a repair order
/// keeps the order's customer and lines (they are taken again from the order
/// at issue); only its note changes. Refused with [`InvoiceError::Issued`]
/// once issued.
pub fn update_draft(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: InvoiceId,
    input: &DraftInput,
    locale: Locale,
) -> Result<Invoice> {
    let draft = editable(tx, id)?;
    let (customer, lines, notes) = if draft.order.is_some() {
        let notes = clean(input.notes.as_deref());
        max_len(Field::Notes, notes.as_deref(), NOTES_MAX)?;
        (draft.customer, draft.lines, notes)
    } else {
        parse(tx, input, locale)?
    };
    let lines_json = serde_json::to_string(&lines).map_err(|_| Error::Corrupt("invoices.lines"))?;
    let before = Map::from_iter([
        ("customer_id".to_owned(), json!(draft.customer.to_string())),
        ("lines".to_owned(), json!(draft.lines_json)),
        ("notes".to_owned(), json!(draft.notes)),
    ]);
    let after = Map::from_iter([
        ("customer_id".to_owned(), json!(customer.to_string())),
        ("lines".to_owned(), json!(lines_json)),
        ("notes".to_owned(), json!(notes)),
    ]);
    let changes = outbox::changes(&before, after);
    if !changes.is_empty() {
        let hlc = outbox::record(
            tx,
            now_ms,
            ENTITY,
            &id.to_string(),
            OpKind::Update,
            &Value::Object(changes),
            Some(&before),
        )?;
        tx.prepare_cached(
            "UPDATE invoices SET customer_id = ?2, lines = ?3, notes = ?4, updated_at = ?5
              WHERE id = ?1",
        )?
        .execute(params![
            id.to_string(),
            customer.to_string(),
            lines_json,
            notes,
            hlc.as_i64()
        ])?;
    }
    get(tx, id, &today(now_ms))
}

/// Throws a draft away (a tombstone: the row stays, hidden). An issued
/// invoice is never discarded: [`InvoiceError::Issued`].
pub fn discard_draft(tx: &Transaction<'_>, now_ms: u64, id: InvoiceId) -> Result<()> {
    editable(tx, id)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE invoices SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    Ok(())
}

/// A draft as stored.
pub(super) struct Draft {
    pub customer: CustomerId,
    pub order: Option<OrderId>,
    pub lines: Vec<LineFields>,
    pub lines_json: String,
    pub notes: Option<String>,
}

/// customer, order, lines, notes, status, number.
type DraftRow = (
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// The draft `id`, if it is still one.
pub(super) fn editable(tx: &Transaction<'_>, id: InvoiceId) -> Result<Draft> {
    let row: Option<DraftRow> = tx
        .prepare_cached(
            "SELECT customer_id, order_id, lines, notes, status, number FROM invoices
              WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let (customer, order, lines_json, notes, status, number) = row.ok_or_else(|| not_found(id))?;
    if status != "draft" {
        return Err(InvoiceError::Issued {
            number: number.unwrap_or_default(),
        }
        .into());
    }
    Ok(Draft {
        customer: orders::parse_id(&customer, "invoices.customer_id")?,
        order: order
            .map(|o| orders::parse_id(&o, "invoices.order_id"))
            .transpose()?,
        lines: serde_json::from_str(&lines_json).map_err(|_| Error::Corrupt("invoices.lines"))?,
        lines_json,
        notes,
    })
}

/// The order's lines that count, as invoice lines.
pub(super) fn order_lines(tx: &Transaction<'_>, order: OrderId) -> Result<Vec<LineFields>> {
    let all = orders::lines::of_order(tx, order)?;
    let supplements = orders::supplements::supplements(tx, order)?;
    Ok(counted(&all, &supplements).map(LineFields::of).collect())
}

/// What a draft invoice holds that a person typed about the customer (its
/// notes), with its value once erased: anonymising the customer erases a
/// draft's notes. An issued invoice is never touched: the law keeps it as
/// issued.
pub(crate) fn personal() -> serde_json::Map<String, serde_json::Value> {
    serde_json::Map::from_iter([("notes".to_owned(), serde_json::Value::Null)])
}

/// Erases the [`personal`] fields of invoice `id` named in `fields` if it
/// is still a draft.
pub(crate) fn erase_personal(tx: &Transaction<'_>, id: &str, fields: &[String]) -> Result<()> {
    if fields.iter().any(|f| f == "notes") {
        tx.prepare_cached("UPDATE invoices SET notes = NULL WHERE id = ?1 AND status = 'draft'")?
            .execute([id])?;
    }
    Ok(())
}

fn live_draft(tx: &Transaction<'_>, order: OrderId) -> Result<Option<InvoiceId>> {
    tx.prepare_cached(
        "SELECT id FROM invoices WHERE order_id = ?1 AND status = 'draft' AND deleted_at IS NULL",
    )?
    .query_row([order.to_string()], |r| r.get::<_, String>(0))
    .optional()?
    .map(|id| orders::parse_id(&id, "invoices.id"))
    .transpose()
}

fn parse(
    tx: &Transaction<'_>,
    input: &DraftInput,
    locale: Locale,
) -> Result<(CustomerId, Vec<LineFields>, Option<String>)> {
    let customer: CustomerId = clean(input.customer_id.as_deref())
        .ok_or(Invalid::new(Field::Customer, Problem::Required))?
        .parse()
        .map_err(|_| Invalid::new(Field::Customer, Problem::NotAllowed))?;
    crate::customers::get(tx, customer)
        .map_err(|_| Invalid::new(Field::Customer, Problem::NotAllowed))?;
    if input.lines.len() > LINES_MAX {
        return Err(Invalid::new(Field::Lines, Problem::TooMany { max: LINES_MAX }).into());
    }
    let defaults = Defaults::load(tx)?;
    let lines = input
        .lines
        .iter()
        .map(|l| LineFields::parse(l, &defaults, None, locale))
        .collect::<Result<Vec<_>, Invalid>>()?;
    let notes = clean(input.notes.as_deref());
    max_len(Field::Notes, notes.as_deref(), NOTES_MAX)?;
    Ok((customer, lines, notes))
}

/// Writes a new draft row and its operation.
#[allow(
    clippy::too_many_arguments,
    reason = "one row's fields; a struct would only restate them"
)]
pub(super) fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: InvoiceId,
    customer: CustomerId,
    order: Option<OrderId>,
    vehicle: Option<atelier_domain::VehicleId>,
    lines: &[LineFields],
    discount: OrderDiscount,
    notes: Option<&str>,
) -> Result<()> {
    let lines_json = serde_json::to_string(lines).map_err(|_| Error::Corrupt("invoices.lines"))?;
    let (dk, dv) = match discount {
        OrderDiscount::None => (None, None),
        OrderDiscount::Percent(share) => (Some("percent"), Some(i64::from(share.bp()))),
        OrderDiscount::Amount(m) => (Some("amount"), Some(m.cents())),
    };
    let payload = json!({
        "kind": "invoice", "status": "draft", "customer_id": customer.to_string(),
        "order_id": order.map(|o| o.to_string()), "vehicle_id": vehicle.map(|v| v.to_string()),
        "lines": lines_json, "discount_kind": dk, "discount_value": dv, "notes": notes,
        "created_by": actor.name,
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO invoices (id, kind, status, order_id, customer_id, vehicle_id, lines,
                               discount_kind, discount_value, notes, created_by, created_at, updated_at)
         VALUES (?1, 'invoice', 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, ?9)",
    )?
    .execute(params![
        id.to_string(),
        order.map(|o| o.to_string()),
        customer.to_string(),
        vehicle.map(|v| v.to_string()),
        lines_json,
        dk,
        dv,
        notes,
        hlc.as_i64(),
        actor.name,
    ])?;
    Ok(())
}

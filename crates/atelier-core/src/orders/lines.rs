//! An order's lines: labour, parts and fees, each its own synced row with its
//! position. A labour line is hours × an hourly rate copied from the
//! workshop's rate category when the line is added (later rate changes do not
//! touch it), or a flat price; one with no rate and no flat price is refused.
//! Nothing on a line may be negative.

use atelier_domain::{Locale, Money, OrderId, OrderLineId, SupplementId};
use rusqlite::{Connection, Transaction, params};
use serde_json::{Value, json};

use super::{Order, OrderError, OrderStatus, editable, steps};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::{Error, Result};

pub(crate) use super::line::get_any;
pub use super::line::{DEFAULT_RATE, Line, LineKind, PartOrigin, get, of_order};
pub use super::line_input::LineInput;
pub(crate) use super::line_input::{Defaults, LineFields};

pub(crate) const ENTITY: &str = "order_lines";
/// Adds a line at the end of an order (or of one of its pending supplements).
/// A labour line outside a supplement also adds its checklist step.
pub fn add_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    input: &LineInput,
    locale: Locale,
) -> Result<Line> {
    let mut added = add_lines(tx, now_ms, order, std::slice::from_ref(input), locale)?;
    added.pop().ok_or(Error::Corrupt("order_lines"))
}

/// Adds several lines at the end of an order in one go, as the order form
/// saves them: every line is checked before any is written, and the order,
/// the workshop's rates and the positions are read once.
pub fn add_lines(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    inputs: &[LineInput],
    locale: Locale,
) -> Result<Vec<Line>> {
    let o = editable(tx, order)?;
    let defaults = Defaults::load(tx)?;
    let mut checked = Vec::with_capacity(inputs.len());
    for input in inputs {
        let supplement = supplement_of(input)?;
        open_to_change(tx, &o, supplement, false)?;
        checked.push((
            supplement,
            LineFields::parse(input, &defaults, None, locale)?,
        ));
    }
    let mut end = Appender::new(tx, order)?;
    checked
        .iter()
        .map(|(supplement, fields)| end.push(tx, now_ms, *supplement, fields, false))
        .collect()
}

/// The supplement a typed line is added to. Text that is no id names no
/// supplement: refused as one not found, as before ids were typed.
fn supplement_of(input: &LineInput) -> Result<Option<SupplementId>> {
    clean(input.supplement_id.as_deref())
        .map(|s| s.parse().map_err(|_| super::supplement::not_found(&s)))
        .transpose()
}

/// Whether a line of `order` in `supplement` may be added, changed or
/// removed: anything while it is an estimate; once the customer signed, only
/// lines of a pending supplement, and parts a mechanic added at the bench
/// (`from_bench`, which the front desk prices).
pub(crate) fn open_to_change(
    conn: &Connection,
    order: &Order,
    supplement: Option<SupplementId>,
    from_bench: bool,
) -> Result<()> {
    match supplement {
        Some(s) => super::supplement::pending_supplement(conn, order.id, s),
        None if own_line_open(order.status, from_bench) => Ok(()),
        None => Err(OrderError::EstimateSigned {
            number: order.number().to_owned(),
        }
        .into()),
    }
}

/// Whether a line of the order's own (in no supplement) may be added,
/// changed or removed on an order in `status` that is still open: any while
/// it is an estimate, then only parts added at the bench.
pub(crate) fn own_line_open(status: OrderStatus, from_bench: bool) -> bool {
    status == OrderStatus::Estimate || from_bench
}

/// Whether `line` may be changed or removed now, as [`update_line`] and
/// [`remove_line`] decide: its order open, and its supplement still pending
/// (`supplement_pending`) or, outside a supplement, [`own_line_open`].
pub(crate) fn changeable(status: OrderStatus, line: &Line, supplement_pending: bool) -> bool {
    let open = !matches!(status, OrderStatus::Invoiced | OrderStatus::Cancelled);
    open && match line.supplement_id {
        Some(_) => supplement_pending,
        None => own_line_open(status, line.from_bench),
    }
}

/// Writes checked lines at the end of one order, reading where the order's
/// lines and checklist end only once.
pub(crate) struct Appender {
    order: OrderId,
    line: i64,
    step: i64,
    /// The order is done: a part line added now is taken from stock at once.
    done: bool,
}

impl Appender {
    /// Ready to append to `order`.
    pub fn new(conn: &Connection, order: OrderId) -> Result<Appender> {
        let line: i64 = conn
            .prepare_cached(
                // Live rows only: that is what the (partial) index holds, so the
                // look-up reads one order's rows rather than the whole table.
                "SELECT COALESCE(MAX(position), 0) FROM order_lines
                 WHERE order_id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([order.to_string()], |r| r.get(0))?;
        let done: bool = conn
            .prepare_cached("SELECT status IN ('done', 'invoiced') FROM orders WHERE id = ?1")?
            .query_row([order.to_string()], |r| r.get(0))?;
        Ok(Appender {
            order,
            line,
            step: steps::last_position(conn, order)?,
            done,
        })
    }

    /// Stores a checked line (and, for labour outside a supplement, its step).
    pub fn push(
        &mut self,
        tx: &Transaction<'_>,
        now_ms: u64,
        supplement: Option<SupplementId>,
        f: &LineFields,
        from_bench: bool,
    ) -> Result<Line> {
        self.line += 1;
        let (id, order, position) = (OrderLineId::new(), self.order, self.line);
        let mut payload = f.to_json();
        payload.insert("order_id".into(), json!(order.to_string()));
        payload.insert(
            "supplement_id".into(),
            json!(supplement.map(|s| s.to_string())),
        );
        payload.insert("position".into(), json!(position));
        payload.insert("from_bench".into(), json!(from_bench));
        let hlc = outbox::record(
            tx,
            now_ms,
            ENTITY,
            &id.to_string(),
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
            id.to_string(),
            order.to_string(),
            supplement.map(|s| s.to_string()),
            position,
            f.kind.as_str(),
            f.description,
            f.quantity.milli(),
            f.unit.cents(),
            f.flat.map(Money::cents),
            f.rate_code,
            f.part_id,
            f.origin.map(PartOrigin::as_str),
            f.vat.bp(),
            f.discount.bp(),
            from_bench,
            hlc.as_i64()
        ])?;
        if f.kind == LineKind::Labour && supplement.is_none() {
            self.step += 1;
            steps::insert_at(tx, now_ms, order, Some(id), &f.description, self.step)?;
        }
        if f.kind == LineKind::Part && self.done {
            crate::stock::follow_line(tx, now_ms, id)?;
        }
        f.to_line(id, order, supplement, position, from_bench)
    }
}

/// Saves the form over a line; only the changed fields travel.
pub fn update_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    line_id: OrderLineId,
    input: &LineInput,
    locale: Locale,
) -> Result<Line> {
    let line = get(tx, line_id)?;
    let order = editable(tx, line.order_id)?;
    open_to_change(tx, &order, line.supplement_id, line.from_bench)?;
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
        &line_id.to_string(),
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
        line_id.to_string(),
        after.kind.as_str(),
        after.description,
        after.quantity.milli(),
        after.unit.cents(),
        after.flat.map(Money::cents),
        after.rate_code,
        after.part_id,
        after.origin.map(PartOrigin::as_str),
        after.vat.bp(),
        after.discount.bp(),
        hlc.as_i64()
    ])?;
    if before.kind == LineKind::Part || after.kind == LineKind::Part {
        crate::stock::follow_line(tx, now_ms, line_id)?;
    }
    get(tx, line_id)
}

/// Removes a line (a tombstone), and its checklist step if not yet ticked. A
/// part it took from stock (its order done) goes back.
pub fn remove_line(tx: &Transaction<'_>, now_ms: u64, line_id: OrderLineId) -> Result<()> {
    let line = get(tx, line_id)?;
    let order = editable(tx, line.order_id)?;
    open_to_change(tx, &order, line.supplement_id, line.from_bench)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &line_id.to_string(),
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE order_lines SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![line_id.to_string(), hlc.as_i64()])?;
    if line.kind == LineKind::Part {
        crate::stock::follow_line(tx, now_ms, line_id)?;
    }
    steps::remove_for_line(tx, now_ms, line.order_id, line_id)
}

//! An order's moves through its life, and what every move must bring
//! with it: accepting a signed estimate, starting work (the first clock),
//! any other change of status, finishing the job, reopening it, invoicing.
//! All go through [`transition`], which stops the clocks of a finished or
//! cancelled order, closes the recommendations a finished order carried
//! out and takes its parts from stock (or gives them back), so that no
//! path forgets one. It sits above the parts of an order it moves; they
//! know their status ([`OrderStatus`]) but never move it themselves.

use atelier_domain::OrderId;
use rusqlite::{Transaction, params};
use serde_json::{Map, Value, json};

use super::approval::{Approval, circular_offered, record};
use super::clock::{self, ClockKind, ClockState, MechanicTime, append, state_of, user_of};
use super::numbers::{self, NumberKind};
use super::status::{OrderStatus, parse_reason, record_event};
use super::steps::{self, workable};
use super::{ENTITY, Order, OrderError, editable, get};
use crate::Result;
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::today;
use crate::validation::{Field, Invalid, Problem};

/// Records the customer's signed approval of an estimate: it becomes an
/// accepted repair order and gets its `OR-` number. Refused unless the order
/// is an estimate, and when the signature is not a PNG or too large.
pub fn accept_estimate(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    approval: &Approval,
) -> Result<Order> {
    let o = editable(tx, order)?;
    if o.status != OrderStatus::Estimate {
        return Err(OrderError::IllegalTransition {
            from: o.status,
            to: OrderStatus::Accepted,
        }
        .into());
    }
    let offered = circular_offered(tx, order, None)?;
    record(tx, now_ms, actor, order, None, approval, offered)?;
    transition(tx, now_ms, actor, &o, OrderStatus::Accepted, None)?;
    get(tx, order)
}

/// Starts `actor`'s clock on an order. An accepted order (or one waiting for
/// parts) moves to `in_progress`. Refused with [`OrderError::ClockRunning`] when
/// their clock already runs there.
pub fn start_clock(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
) -> Result<MechanicTime> {
    let o = workable(tx, order)?;
    let user = user_of(actor)?;
    if state_of(tx, order, user, now_ms)?.state == ClockState::Running {
        return Err(OrderError::ClockRunning.into());
    }
    if o.status != OrderStatus::InProgress {
        transition(tx, now_ms, actor, &o, OrderStatus::InProgress, None)?;
    }
    append(tx, now_ms, order, user, &actor.name, ClockKind::Start)?;
    state_of(tx, order, user, now_ms)
}

/// Moves an order to `to` (`in_progress`, `waiting_parts`, `cancelled`, or
/// `done`, which checks the checklist as [`mark_done`] does): one of
/// [`OrderStatus::moves`].
/// An optional `reason` is kept on the timeline. Refused with
/// [`OrderError::IllegalTransition`] when the move is not allowed or needs its own
/// action, with [`OrderError::Frozen`] once invoiced.
pub fn change_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<Order> {
    let order = editable(tx, id)?;
    if to == OrderStatus::Done {
        return mark_done(tx, now_ms, actor, id, reason);
    }
    if order.status.has_own_action(to) {
        return Err(OrderError::IllegalTransition {
            from: order.status,
            to,
        }
        .into());
    }
    let reason = parse_reason(reason)?;
    transition(tx, now_ms, actor, &order, to, reason.as_deref())?;
    get(tx, id)
}

/// Puts a done order back to work: an explicit action with a non-empty reason,
/// shown on the timeline.
pub fn reopen(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    reason: &str,
) -> Result<Order> {
    let order = editable(tx, id)?;
    let reason =
        parse_reason(Some(reason))?.ok_or(Invalid::new(Field::Reason, Problem::Required))?;
    if order.status != OrderStatus::Done {
        return Err(OrderError::IllegalTransition {
            from: order.status,
            to: OrderStatus::InProgress,
        }
        .into());
    }
    transition(
        tx,
        now_ms,
        actor,
        &order,
        OrderStatus::InProgress,
        Some(&reason),
    )?;
    get(tx, id)
}

/// Marks a done order invoiced, for the invoices area, in the transaction that
/// issues `invoice_number` (kept on the timeline). From then on the order is
/// frozen.
pub fn mark_invoiced(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    invoice_number: &str,
) -> Result<Order> {
    let order = editable(tx, id)?;
    transition(
        tx,
        now_ms,
        actor,
        &order,
        OrderStatus::Invoiced,
        Some(invoice_number),
    )?;
    get(tx, id)
}

/// Marks the job done: every step must be ticked, or `override_reason` says
/// why not (kept on the timeline). Running clocks stop.
pub fn mark_done(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    override_reason: Option<&str>,
) -> Result<Order> {
    let o = editable(tx, order)?;
    if !o.status.may_move_to(OrderStatus::Done) {
        return Err(OrderError::IllegalTransition {
            from: o.status,
            to: OrderStatus::Done,
        }
        .into());
    }
    let reason = parse_reason(override_reason)?;
    let progress = steps::progress(tx, order)?;
    let left = progress.total - progress.done;
    if left > 0 && reason.is_none() {
        return Err(OrderError::StepsLeft { left }.into());
    }
    transition(tx, now_ms, actor, &o, OrderStatus::Done, reason.as_deref())?;
    get(tx, order)
}
/// Moves `order` to `to` if its life allows it: writes the new status (and,
/// on acceptance, the repair order's number) and appends the event. Stopping
/// the clocks of a finished or cancelled order, closing the recommendations a
/// finished order carried out, and taking its parts from stock (or giving
/// them back when it leaves done) happen here so that every path does them.
pub(crate) fn transition(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: &Order,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<()> {
    if !order.status.may_move_to(to) {
        return Err(OrderError::IllegalTransition {
            from: order.status,
            to,
        }
        .into());
    }
    let mut before = Map::from_iter([("status".to_owned(), json!(order.status.as_str()))]);
    let mut payload = Map::from_iter([("status".to_owned(), json!(to.as_str()))]);
    let mut order_number = order.order_number.clone();
    if to == OrderStatus::Accepted && order_number.is_none() {
        let number = numbers::allocate(tx, NumberKind::Order, &today(now_ms))?;
        before.insert("order_number".into(), Value::Null);
        payload.insert("order_number".into(), json!(number));
        order_number = Some(number);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &order.id.to_string(),
        OpKind::Update,
        &Value::Object(payload),
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE orders SET status = ?2, order_number = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        order.id.to_string(),
        to.as_str(),
        order_number,
        hlc.as_i64()
    ])?;
    record_event(tx, now_ms, actor, order.id, Some(order.status), to, reason)?;
    if matches!(to, OrderStatus::Done | OrderStatus::Cancelled) {
        clock::stop_all(tx, now_ms, order.id)?;
    }
    if to == OrderStatus::Done {
        super::recommendations::carried_out(tx, now_ms, order.id, order.vehicle_id)?;
    }
    // Done takes the order's catalogue parts from stock; leaving done for
    // anything but invoiced gives them back.
    if to == OrderStatus::Done || (order.status == OrderStatus::Done && to != OrderStatus::Invoiced)
    {
        crate::stock::follow_order(tx, now_ms, order.id)?;
    }
    Ok(())
}

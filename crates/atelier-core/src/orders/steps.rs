//! The mechanic's checklist on an order: one step per labour line by default,
//! editable at the desk, ticked at the bench in order (step 3 waits for step
//! 2), each tick signed with who and when so the front desk reads progress.

use atelier_domain::{OrderId, OrderLineId, OrderStepId, UserId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::status::OrderStatus;
use super::{OrderError, editable, parse_id};
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::{clean, rfc3339_now};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "order_steps";
const LABEL_MAX: usize = 200;

/// One step of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Stable id.
    pub id: OrderStepId,
    /// Its place in the list.
    pub position: i64,
    /// What to do.
    pub label: String,
    /// The labour line it came from, if any.
    pub line_id: Option<OrderLineId>,
    /// When it was ticked (RFC 3339), if it was.
    pub done_at: Option<String>,
    /// Who ticked it (name at the time).
    pub done_by: Option<String>,
    /// Who ticked it (user id).
    pub done_by_id: Option<UserId>,
}

/// How far the checklist is: what the board and the desk show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Steps ticked.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
}

/// An order's steps in their order.
pub fn of_order(conn: &Connection, order: OrderId) -> Result<Vec<Step>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, label, line_id, done_at, done_by_name, done_by_id FROM order_steps
         WHERE order_id = ?1 AND deleted_at IS NULL ORDER BY position",
    )?;
    let rows = stmt.query_map([order.to_string()], |r| {
        let (id, line, done_by_id): (String, Option<String>, Option<String>) =
            (r.get(0)?, r.get(3)?, r.get(6)?);
        let (position, label, done_by) = (r.get(1)?, r.get(2)?, r.get(5)?);
        let done_at = r
            .get::<_, Option<i64>>(4)?
            .map(|ms| rfc3339_now(ms.unsigned_abs()));
        Ok((|| -> Result<Step> {
            Ok(Step {
                id: parse_id(&id, "order_steps.id")?,
                position,
                label,
                line_id: line
                    .map(|l| parse_id(&l, "order_steps.line_id"))
                    .transpose()?,
                done_at,
                done_by,
                done_by_id: done_by_id
                    .map(|u| parse_id(&u, "order_steps.done_by_id"))
                    .transpose()?,
            })
        })())
    })?;
    rows.collect::<rusqlite::Result<Result<_>>>()?
}

/// The progress of an order's checklist.
pub fn progress(conn: &Connection, order: OrderId) -> Result<Progress> {
    let (done, total): (u32, u32) = conn
        .prepare_cached(
            "SELECT COUNT(done_at), COUNT(*) FROM order_steps WHERE order_id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([order.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Progress { done, total })
}

/// Adds a step at the end of the checklist.
pub fn add_step(tx: &Transaction<'_>, now_ms: u64, order: OrderId, label: &str) -> Result<Step> {
    editable(tx, order)?;
    let label = parse_label(label)?;
    let id = insert(tx, now_ms, order, None, &label)?;
    get(tx, id)
}

/// Renames a step.
pub fn rename_step(
    tx: &Transaction<'_>,
    now_ms: u64,
    step_id: OrderStepId,
    label: &str,
) -> Result<Step> {
    let (order, step) = find(tx, step_id)?;
    editable(tx, order)?;
    let label = parse_label(label)?;
    if label == step.label {
        return Ok(step);
    }
    let old = Map::from_iter([("label".to_owned(), json!(step.label))]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &step_id.to_string(),
        OpKind::Update,
        &json!({ "label": label }),
        Some(&old),
    )?;
    tx.prepare_cached("UPDATE order_steps SET label = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![step_id.to_string(), label, hlc.as_i64()])?;
    get(tx, step_id)
}

/// Removes a step from the checklist (a tombstone).
pub fn remove_step(tx: &Transaction<'_>, now_ms: u64, step_id: OrderStepId) -> Result<()> {
    let (order, _) = find(tx, step_id)?;
    editable(tx, order)?;
    tombstone(tx, now_ms, &step_id.to_string())
}

/// Ticks a step as done by `actor`, now. Refused with
/// [`OrderError::StepOutOfOrder`] while an earlier step is not ticked, and on an
/// order that is not being worked on.
pub fn tick_step(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    step_id: OrderStepId,
) -> Result<Step> {
    let (order, step) = find(tx, step_id)?;
    workable(tx, order)?;
    if step.done_at.is_some() {
        return Ok(step);
    }
    let waiting: Option<String> = tx
        .prepare_cached(
            "SELECT label FROM order_steps WHERE order_id = ?1 AND deleted_at IS NULL
               AND position < ?2 AND done_at IS NULL ORDER BY position LIMIT 1",
        )?
        .query_row(params![order.to_string(), step.position], |r| r.get(0))
        .optional()?;
    if let Some(waiting) = waiting {
        return Err(OrderError::StepOutOfOrder {
            step: step.label,
            waiting,
        }
        .into());
    }
    let at = i64::try_from(now_ms).unwrap_or(i64::MAX);
    set_done(tx, now_ms, &step, Some(at), actor.user, Some(&actor.name))
}

/// Unticks a step, if no later step is ticked (the list is undone from the end).
pub fn untick_step(tx: &Transaction<'_>, now_ms: u64, step_id: OrderStepId) -> Result<Step> {
    let (order, step) = find(tx, step_id)?;
    workable(tx, order)?;
    if step.done_at.is_none() {
        return Ok(step);
    }
    let later: Option<String> = tx
        .prepare_cached(
            "SELECT label FROM order_steps WHERE order_id = ?1 AND deleted_at IS NULL
               AND position > ?2 AND done_at IS NOT NULL ORDER BY position DESC LIMIT 1",
        )?
        .query_row(params![order.to_string(), step.position], |r| r.get(0))
        .optional()?;
    if let Some(later) = later {
        return Err(OrderError::StepOutOfOrder {
            step: later,
            waiting: step.label,
        }
        .into());
    }
    set_done(tx, now_ms, &step, None, None, None)
}

fn set_done(
    tx: &Transaction<'_>,
    now_ms: u64,
    step: &Step,
    at: Option<i64>,
    user: Option<UserId>,
    name: Option<&str>,
) -> Result<Step> {
    let user = user.map(|u| u.to_string());
    let old = Map::from_iter([
        ("done_at".to_owned(), json!(step.done_at)),
        ("done_by_id".to_owned(), json!(step.done_by_id)),
        ("done_by_name".to_owned(), json!(step.done_by)),
    ]);
    let payload = json!({ "done_at": at, "done_by_id": user, "done_by_name": name });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &step.id.to_string(),
        OpKind::Update,
        &payload,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE order_steps SET done_at = ?2, done_by_id = ?3, done_by_name = ?4, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![step.id.to_string(), at, user, name, hlc.as_i64()])?;
    get(tx, step.id)
}

/// The order, if the bench may work on it: accepted, in progress or waiting.
pub(crate) fn workable(conn: &Connection, order: OrderId) -> Result<super::Order> {
    let o = editable(conn, order)?;
    if o.status.is_at_work() {
        Ok(o)
    } else {
        Err(OrderError::IllegalTransition {
            from: o.status,
            to: OrderStatus::InProgress,
        }
        .into())
    }
}

fn parse_label(label: &str) -> Result<String, Invalid> {
    let label = clean(Some(label)).ok_or(Invalid::new(Field::StepLabel, Problem::Required))?;
    max_len(Field::StepLabel, Some(&label), LABEL_MAX)?;
    Ok(label)
}

/// Where an order's checklist ends (0 when empty).
pub(crate) fn last_position(conn: &Connection, order: OrderId) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            // Live rows only, as the partial index holds them.
            "SELECT COALESCE(MAX(position), 0) FROM order_steps
             WHERE order_id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([order.to_string()], |r| r.get(0))?)
}

/// Appends a step; answers its id.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    line_id: Option<OrderLineId>,
    label: &str,
) -> Result<OrderStepId> {
    let position = last_position(tx, order)? + 1;
    insert_at(tx, now_ms, order, line_id, label, position)
}

/// Writes a step at `position`; answers its id.
pub(crate) fn insert_at(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    line_id: Option<OrderLineId>,
    label: &str,
    position: i64,
) -> Result<OrderStepId> {
    let id = OrderStepId::new();
    let line_id = line_id.map(|l| l.to_string());
    let label: String = label.chars().take(LABEL_MAX).collect();
    let payload = json!({
        "order_id": order.to_string(), "line_id": line_id, "position": position, "label": label,
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
        "INSERT INTO order_steps (id, order_id, line_id, position, label, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        id.to_string(),
        order.to_string(),
        line_id,
        position,
        label,
        hlc.as_i64()
    ])?;
    Ok(id)
}

/// Removes the unticked step of a removed labour line.
pub(crate) fn remove_for_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    line_id: OrderLineId,
) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM order_steps WHERE order_id = ?1 AND deleted_at IS NULL
               AND line_id = ?2 AND done_at IS NULL",
        )?
        .query_map(params![order.to_string(), line_id.to_string()], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        tombstone(tx, now_ms, &id)?;
    }
    Ok(())
}

fn tombstone(tx: &Transaction<'_>, now_ms: u64, step_id: &str) -> Result<()> {
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        step_id,
        OpKind::Delete,
        &Value::Object(Map::new()),
        None,
    )?;
    tx.prepare_cached("UPDATE order_steps SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![step_id, hlc.as_i64()])?;
    Ok(())
}

fn get(conn: &Connection, step_id: OrderStepId) -> Result<Step> {
    Ok(find(conn, step_id)?.1)
}

fn find(conn: &Connection, step_id: OrderStepId) -> Result<(OrderId, Step)> {
    let order: String = conn
        .prepare_cached("SELECT order_id FROM order_steps WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([step_id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "step",
            id: step_id.to_string(),
        })?;
    let order: OrderId = parse_id(&order, "order_steps.order_id")?;
    let step = of_order(conn, order)?
        .into_iter()
        .find(|s| s.id == step_id)
        .ok_or(Error::Corrupt("order_steps"))?;
    Ok((order, step))
}

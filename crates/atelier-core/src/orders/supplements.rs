//! Supplements: extra work found after the estimate was accepted, grouped and
//! pending until the customer approves it the way they approved the estimate.
//! Pending lines are shown but not counted; approved ones count and their
//! labour joins the checklist; declined ones become work recommended on the
//! vehicle.

use atelier_domain::{OrderId, VehicleId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Map, json};

use super::approval::{Approval, ApprovalRecord, approval_of, circular_offered, record};
use super::lines::{self, LineKind};
use super::recommendations::{self, Severity, Source};
use super::status::parse_reason;
use super::steps::{self, workable};
use super::{editable, parse_id};
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const SUPPLEMENTS: &str = "order_supplements";

/// Where a supplement stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplementStatus {
    /// Waiting for the customer: its lines are shown, not counted.
    Pending,
    /// Approved: its lines count like the others.
    Approved,
    /// Declined: its lines became recommendations on the vehicle.
    Declined,
}

crate::text::str_enum!(SupplementStatus {
    Pending => "pending",
    Approved => "approved",
    Declined => "declined",
});

/// Extra work proposed after the estimate was accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Supplement {
    /// Stable id.
    pub id: String,
    /// 1, 2… within the order.
    pub number: i64,
    /// What it is about.
    pub title: Option<String>,
    /// Where it stands.
    pub status: SupplementStatus,
    /// Who recorded the customer's answer.
    pub decided_by: Option<String>,
    /// Why the customer declined, if said.
    pub decline_reason: Option<String>,
    /// The customer's approval, once approved.
    pub approval: Option<ApprovalRecord>,
}

/// Opens a supplement on an order being worked on; its lines are then added
/// with [`lines::add_line`] naming it.
pub fn add_supplement(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    title: Option<&str>,
) -> Result<Supplement> {
    workable(tx, order)?;
    let title = clean(title);
    max_len(Field::Title, title.as_deref(), 200)?;
    let number: i64 = tx
        .prepare_cached(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM order_supplements WHERE order_id = ?1",
        )?
        .query_row([order.to_string()], |r| r.get(0))?;
    let id = crate::new_row_id();
    let payload = json!({
        "order_id": order.to_string(), "number": number, "title": title, "status": "pending",
    });
    let hlc = outbox::record(tx, now_ms, SUPPLEMENTS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO order_supplements (id, order_id, number, title, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
    )?
    .execute(params![id, order.to_string(), number, title, hlc.as_i64()])?;
    supplement(tx, &id)
}

/// Records the customer's approval of a pending supplement: its lines count
/// from now on and its labour lines join the checklist.
pub fn approve_supplement(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    supplement_id: &str,
    approval: &Approval,
) -> Result<Supplement> {
    let (order, _) = settle(tx, supplement_id)?;
    let offered = circular_offered(tx, order, Some(supplement_id))?;
    record(
        tx,
        now_ms,
        actor,
        order,
        Some(supplement_id),
        approval,
        offered,
    )?;
    decide(
        tx,
        now_ms,
        actor,
        supplement_id,
        SupplementStatus::Approved,
        None,
    )?;
    for line in lines::of_order(tx, order)? {
        if line.supplement_id.as_deref() == Some(supplement_id) && line.kind == LineKind::Labour {
            steps::insert(tx, now_ms, order, Some(&line.id), &line.description)?;
        }
    }
    supplement(tx, supplement_id)
}

/// Records that the customer declined a pending supplement: its lines stay
/// shown but uncounted, and each becomes work recommended on the vehicle.
pub fn decline_supplement(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    supplement_id: &str,
    reason: Option<&str>,
) -> Result<Supplement> {
    let (order, vehicle) = settle(tx, supplement_id)?;
    let reason = parse_reason(reason)?;
    decide(
        tx,
        now_ms,
        actor,
        supplement_id,
        SupplementStatus::Declined,
        reason.as_deref(),
    )?;
    for line in lines::of_order(tx, order)? {
        if line.supplement_id.as_deref() == Some(supplement_id) {
            let r = recommendations::New {
                vehicle,
                order: Some(order),
                source: Source::Declined,
                line_id: Some(&line.id),
                description: &line.description,
                severity: Severity::Watch,
            };
            recommendations::insert(tx, now_ms, &r)?;
        }
    }
    supplement(tx, supplement_id)
}

/// An order's supplements, in their order.
pub fn supplements(conn: &Connection, order: OrderId) -> Result<Vec<Supplement>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM order_supplements WHERE order_id = ?1 AND deleted_at IS NULL ORDER BY number",
        )?
        .query_map([order.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| supplement(conn, id)).collect()
}

/// Refuses a supplement that is not a pending one of `order`.
pub(crate) fn pending_supplement(conn: &Connection, order: OrderId, id: &str) -> Result<()> {
    let s = supplement(conn, id)?;
    let of_order: String = conn
        .prepare_cached("SELECT order_id FROM order_supplements WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    if of_order != order.to_string() {
        return Err(Invalid::new(Field::Supplement, Problem::NotAllowed).into());
    }
    if s.status != SupplementStatus::Pending {
        return Err(Error::SupplementSettled);
    }
    Ok(())
}

/// The order and vehicle of a supplement awaiting the customer's answer.
fn settle(tx: &Transaction<'_>, supplement_id: &str) -> Result<(OrderId, VehicleId)> {
    let order: String = tx
        .prepare_cached(
            "SELECT order_id FROM order_supplements WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([supplement_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(supplement_id))?;
    let order: OrderId = parse_id(&order, "order_supplements.order_id")?;
    let o = editable(tx, order)?;
    pending_supplement(tx, order, supplement_id)?;
    Ok((order, o.vehicle_id))
}

fn decide(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: &str,
    status: SupplementStatus,
    reason: Option<&str>,
) -> Result<()> {
    let old = Map::from_iter([("status".to_owned(), json!("pending"))]);
    let payload =
        json!({ "status": status.as_str(), "decided_by": actor.name, "decline_reason": reason });
    let hlc = outbox::record(
        tx,
        now_ms,
        SUPPLEMENTS,
        id,
        OpKind::Update,
        &payload,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE order_supplements SET status = ?2, decided_by = ?3, decline_reason = ?4, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), actor.name, reason, hlc.as_i64()])?;
    Ok(())
}

fn supplement(conn: &Connection, id: &str) -> Result<Supplement> {
    let (order, number, title, status, decided_by, decline_reason): (
        String,
        i64,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    ) = conn
        .prepare_cached(
            "SELECT order_id, number, title, status, decided_by, decline_reason
             FROM order_supplements WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let order: OrderId = parse_id(&order, "order_supplements.order_id")?;
    Ok(Supplement {
        id: id.to_owned(),
        number,
        title,
        status: SupplementStatus::parse(&status)
            .ok_or(Error::Corrupt("order_supplements.status"))?,
        decided_by,
        decline_reason,
        approval: approval_of(conn, order, Some(id))?,
    })
}

fn not_found(id: &str) -> Error {
    Error::NotFound {
        entity: "supplement",
        id: id.to_owned(),
    }
}

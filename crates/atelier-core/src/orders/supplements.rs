//! Supplements: extra work found after the estimate was accepted, grouped and
//! pending until the customer approves it the way they approved the estimate.
//! Pending lines are shown but not counted; approved ones count and their
//! labour joins the checklist; declined ones become work recommended on the
//! vehicle.

use atelier_domain::{OrderId, SupplementId, VehicleId};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, json};

use super::approval::{Approval, circular_offered, record};
use super::lines::{self, LineKind};
use super::recommendations::{self, Severity, Source};
use super::status::parse_reason;
use super::steps::{self, workable};
use super::{editable, parse_id};
use crate::Result;
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, max_len};

pub(crate) use super::supplement::pending_supplement;
pub use super::supplement::supplements;
use super::supplement::{SUPPLEMENTS, Supplement, SupplementStatus, not_found, supplement};

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
    let id = SupplementId::new();
    let payload = json!({
        "order_id": order.to_string(), "number": number, "title": title, "status": "pending",
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        SUPPLEMENTS,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO order_supplements (id, order_id, number, title, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)",
    )?
    .execute(params![
        id.to_string(),
        order.to_string(),
        number,
        title,
        hlc.as_i64()
    ])?;
    supplement(tx, id)
}

/// Records the customer's approval of a pending supplement: its lines count
/// from now on and its labour lines join the checklist.
pub fn approve_supplement(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    supplement_id: SupplementId,
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
        if line.supplement_id == Some(supplement_id) && line.kind == LineKind::Labour {
            steps::insert(tx, now_ms, order, Some(line.id), &line.description)?;
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
    supplement_id: SupplementId,
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
        if line.supplement_id == Some(supplement_id) {
            let r = recommendations::New {
                vehicle,
                order: Some(order),
                source: Source::Declined,
                line_id: Some(line.id),
                session: None,
                canned_job: None,
                description: &line.description,
                severity: Severity::Watch,
            };
            recommendations::insert(tx, now_ms, &r)?;
        }
    }
    supplement(tx, supplement_id)
}

/// The order and vehicle of a supplement awaiting the customer's answer.
fn settle(tx: &Transaction<'_>, supplement_id: SupplementId) -> Result<(OrderId, VehicleId)> {
    let order: String = tx
        .prepare_cached(
            "SELECT order_id FROM order_supplements WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([supplement_id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(&supplement_id.to_string()))?;
    let order: OrderId = parse_id(&order, "order_supplements.order_id")?;
    let o = editable(tx, order)?;
    pending_supplement(tx, order, supplement_id)?;
    Ok((order, o.vehicle_id))
}

fn decide(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: SupplementId,
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
        &id.to_string(),
        OpKind::Update,
        &payload,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE order_supplements SET status = ?2, decided_by = ?3, decline_reason = ?4, updated_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        status.as_str(),
        actor.name,
        reason,
        hlc.as_i64()
    ])?;
    Ok(())
}

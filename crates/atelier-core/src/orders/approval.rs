//! The customer's word: the signed approval that turns an estimate into a
//! repair order, and supplements — extra work found later, each pending until
//! approved the same way. Declined supplement lines become work recommended
//! on the vehicle. An approval records whether the customer accepts parts
//! from the circular economy (PIEC, code de la consommation art. L. 224-67).

use atelier_domain::{Locale, OrderId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};

use super::lines::{self, LineKind};
use super::recommendations::{self, Severity, Source};
use super::status::{OrderStatus, parse_reason, transition};
use super::steps::{self, workable};
use super::{Order, editable, get, parse_id};
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::{clean, parse_date, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const APPROVALS: &str = "order_approvals";
const SUPPLEMENTS: &str = "order_supplements";
/// The largest signature image accepted, in bytes.
pub const SIGNATURE_MAX_BYTES: usize = 256 * 1024;
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The customer's approval, as the signature screen sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Approval {
    /// Who signed, as they wrote their name.
    pub signer_name: String,
    /// The signature drawn on the screen's canvas, as PNG.
    pub signature_png: Vec<u8>,
    /// Whether the customer accepts recycled or exchange parts; required when
    /// any was offered.
    pub recycled_parts_accepted: Option<bool>,
    /// The day they accepted (YYYY-MM-DD); today when blank.
    pub accepted_on: String,
}

/// An approval as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApprovalRecord {
    /// Stable id.
    pub id: String,
    /// The supplement approved; none for the estimate itself.
    pub supplement_id: Option<String>,
    /// Who signed.
    pub signer_name: String,
    /// The signature (PNG); not sent to screens with the order.
    #[serde(skip)]
    pub signature_png: Vec<u8>,
    /// Whether the customer accepts recycled or exchange parts.
    pub recycled_parts_accepted: Option<bool>,
    /// The day they accepted (YYYY-MM-DD).
    pub accepted_on: String,
    /// Who at the workshop recorded it.
    pub recorded_by: String,
}

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
        return Err(Error::IllegalTransition {
            from: o.status,
            to: OrderStatus::Accepted,
        });
    }
    let offered = circular_offered(tx, order, None)?;
    record(tx, now_ms, actor, order, None, approval, offered)?;
    transition(tx, now_ms, actor, &o, OrderStatus::Accepted, None)?;
    get(tx, order)
}

/// Whether any part line (of the estimate, or of one supplement) was offered
/// recycled or in exchange: the documents then print the PIEC mention.
pub fn circular_offered(
    conn: &Connection,
    order: OrderId,
    supplement: Option<&str>,
) -> Result<bool> {
    Ok(lines::of_order(conn, order)?.iter().any(|l| {
        l.kind == LineKind::Part
            && l.supplement_id.as_deref() == supplement
            && l.origin.is_some_and(|o| o.is_circular())
    }))
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

/// The estimate's approval, once signed.
pub fn estimate_approval(conn: &Connection, order: OrderId) -> Result<Option<ApprovalRecord>> {
    approval_of(conn, order, None)
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
fn settle(
    tx: &Transaction<'_>,
    supplement_id: &str,
) -> Result<(OrderId, atelier_domain::VehicleId)> {
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

/// Checks and stores an approval.
fn record(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    supplement: Option<&str>,
    a: &Approval,
    circular_offered: bool,
) -> Result<()> {
    let signer =
        clean(Some(&a.signer_name)).ok_or(Invalid::new(Field::SignerName, Problem::Required))?;
    max_len(Field::SignerName, Some(&signer), 120)?;
    if a.signature_png.is_empty() {
        return Err(Invalid::new(Field::Signature, Problem::Required).into());
    }
    if !a.signature_png.starts_with(PNG_MAGIC) {
        return Err(Invalid::new(Field::Signature, Problem::Png).into());
    }
    if a.signature_png.len() > SIGNATURE_MAX_BYTES {
        let max_kb = SIGNATURE_MAX_BYTES / 1024;
        return Err(Invalid::new(Field::Signature, Problem::FileTooLarge { max_kb }).into());
    }
    let today = today(now_ms);
    let accepted_on = match a.accepted_on.trim() {
        "" => today.clone(),
        d => parse_date(d).ok_or(Invalid::new(Field::AcceptedOn, Problem::Date))?,
    };
    if accepted_on > today {
        return Err(Invalid::new(Field::AcceptedOn, Problem::FutureDate).into());
    }
    if circular_offered && a.recycled_parts_accepted.is_none() {
        return Err(Invalid::new(Field::RecycledParts, Problem::Required).into());
    }
    let id = crate::new_row_id();
    let user = actor.user.map(|u| u.to_string());
    // The image travels as its size, as the workshop logo does: sync fetches
    // the bytes rather than swelling the log.
    let payload = json!({
        "order_id": order.to_string(), "supplement_id": supplement, "signer_name": signer,
        "signature_png": format!("{} bytes", a.signature_png.len()),
        "recycled_parts_accepted": a.recycled_parts_accepted, "accepted_on": accepted_on,
        "recorded_by_id": user, "recorded_by_name": actor.name,
    });
    let hlc = outbox::record(tx, now_ms, APPROVALS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO order_approvals (id, order_id, supplement_id, signer_name, signature_png,
                recycled_parts_accepted, accepted_on, recorded_by_id, recorded_by_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        order.to_string(),
        supplement,
        signer,
        a.signature_png,
        a.recycled_parts_accepted,
        accepted_on,
        user,
        actor.name,
        hlc.as_i64()
    ])?;
    Ok(())
}

fn approval_of(
    conn: &Connection,
    order: OrderId,
    supplement: Option<&str>,
) -> Result<Option<ApprovalRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, supplement_id, signer_name, signature_png, recycled_parts_accepted,
                    accepted_on, recorded_by_name
             FROM order_approvals WHERE order_id = ?1 AND supplement_id IS ?2
             ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row(params![order.to_string(), supplement], |r| {
            Ok(ApprovalRecord {
                id: r.get(0)?,
                supplement_id: r.get(1)?,
                signer_name: r.get(2)?,
                signature_png: r.get(3)?,
                recycled_parts_accepted: r.get(4)?,
                accepted_on: r.get(5)?,
                recorded_by: r.get(6)?,
            })
        })
        .optional()?)
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

/// The PIEC mention printed on an estimate that offers parts from the circular
/// economy, with the customer's choice when known (art. L. 224-67 and
/// R. 224-22 of the code de la consommation).
pub fn piec_mention(accepted: Option<bool>, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    let law = if fr {
        "Conformément à l’article L. 224-67 du code de la consommation, le client peut opter pour des pièces issues de l’économie circulaire (réemploi ou échange standard) à la place de pièces neuves, pour les pièces concernées par la réglementation."
    } else {
        "Under article L. 224-67 of the French consumer code, the customer may choose parts from the circular economy (re-use or factory exchange) instead of new parts, for the parts the regulation covers."
    };
    let choice = match (accepted, fr) {
        (Some(true), true) => " Le client a accepté les pièces issues de l’économie circulaire.",
        (Some(false), true) => " Le client a refusé les pièces issues de l’économie circulaire.",
        (None, true) => " Choix du client : [ ] accepte   [ ] refuse",
        (Some(true), false) => " The customer accepted circular-economy parts.",
        (Some(false), false) => " The customer declined circular-economy parts.",
        (None, false) => " Customer’s choice: [ ] accepts   [ ] declines",
    };
    format!("{law}{choice}")
}

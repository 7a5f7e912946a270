//! One supplement of an order, as stored: where it stands, reading it
//! back, and which lines count because of it. [`super::supplements`] opens
//! and settles them.

use atelier_domain::{OrderId, SupplementId};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::approval::{ApprovalRecord, approval_of};
use super::line::Line;
use super::totals::{OrderDiscount, Totals, totals};
use super::{OrderError, parse_id};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

pub(crate) const SUPPLEMENTS: &str = "order_supplements";

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
    pub id: SupplementId,
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

/// An order's supplements, in their order.
pub fn supplements(conn: &Connection, order: OrderId) -> Result<Vec<Supplement>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM order_supplements WHERE order_id = ?1 AND deleted_at IS NULL ORDER BY number",
        )?
        .query_map([order.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter()
        .map(|id| supplement(conn, parse_id(id, "order_supplements.id")?))
        .collect()
}

/// Refuses a supplement that is not a pending one of `order`.
pub(crate) fn pending_supplement(
    conn: &Connection,
    order: OrderId,
    id: SupplementId,
) -> Result<()> {
    let s = supplement(conn, id)?;
    let of_order: String = conn
        .prepare_cached("SELECT order_id FROM order_supplements WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    if of_order != order.to_string() {
        return Err(Invalid::new(Field::Supplement, Problem::NotAllowed).into());
    }
    if s.status != SupplementStatus::Pending {
        return Err(OrderError::SupplementSettled.into());
    }
    Ok(())
}

pub(crate) fn supplement(conn: &Connection, id: SupplementId) -> Result<Supplement> {
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
        .optional()?
        .ok_or_else(|| not_found(&id.to_string()))?;
    let order: OrderId = parse_id(&order, "order_supplements.order_id")?;
    Ok(Supplement {
        id,
        number,
        title,
        status: SupplementStatus::parse(&status)
            .ok_or(Error::Corrupt("order_supplements.status"))?,
        decided_by,
        decline_reason,
        approval: approval_of(conn, order, Some(id))?,
    })
}
/// A supplement `id` names none (text, so that text that is no id is
/// refused the same way).
pub(crate) fn not_found(id: &str) -> Error {
    Error::NotFound {
        entity: "supplement",
        id: id.to_owned(),
    }
}
/// The lines that count: the estimate's and those of approved supplements.
pub fn counted<'a>(
    lines: &'a [Line],
    supplements: &'a [Supplement],
) -> impl Iterator<Item = &'a Line> {
    lines.iter().filter(move |l| match l.supplement_id {
        None => true,
        Some(s) => supplements
            .iter()
            .any(|x| x.id == s && x.status == SupplementStatus::Approved),
    })
}

/// The totals of the lines that count, after the order discount.
pub fn approved_totals(
    lines: &[Line],
    supplements: &[Supplement],
    discount: OrderDiscount,
) -> Totals {
    let amounts: Vec<_> = counted(lines, supplements).map(Line::amounts).collect();
    totals(&amounts, discount)
}

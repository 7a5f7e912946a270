//! Estimates (devis), repair orders (ordres de réparation) and the mechanic's
//! bench.
//!
//! An order is born an estimate and lives `estimate → accepted → in_progress
//! ⇄ waiting_parts → done → invoiced`, or is `cancelled` on the way; a done
//! order is only reopened on purpose, with a reason. Every move, and what it
//! brings with it, is [`workflow`]'s; the statuses and the timeline are
//! [`status`]'s. Each move is an append-only event: the order's timeline. An
//! invoiced order is frozen: every write refuses it with [`OrderError::Frozen`].
//!
//! A file that is needed below its writers holds the record as stored (its
//! types and reads), and the writers sit above it (docs/architecture.md).
//!
//! Where things live:
//! - the header (customer, vehicle, drop-off mileage, complaint, promised
//!   time, mechanics, notes, order discount): [`header`];
//! - human numbers, `D-2026-0042` then also `OR-2026-0017`: [`numbers`];
//! - lines (labour, parts, fees): [`line`] (one line as stored, read back)
//!   and [`lines`] (adding, changing, removing them); their prices:
//!   [`crate::amounts`];
//!   the totals, HT and TVA per rate: [`mod@totals`];
//! - the customer's signature and the PIEC choice: [`approval`]; extra work
//!   awaiting its own signature: [`supplement`] (as stored, and which lines
//!   count) and [`supplements`] (opening and settling them);
//! - work the customer put off, kept on the vehicle: [`recommendations`];
//! - canned jobs: [`canned`];
//! - the bench: [`mod@bench`] (job list, job card, parts used, notes, done),
//!   [`steps`] (the checklist), [`clock`] (time clock);
//! - the inspection checklist: [`inspection`];
//! - the open-orders board: [`board`]; the order page: [`mod@page`], and
//!   what it offers to do next from the order's status: [`offers`];
//! - the printed estimate, repair order and inspection report: [`documents`].
//!
//! Every write takes the transaction and `now_ms`, records its operation in the
//! outbox (and so its audit entry) in that transaction, and writes nothing
//! when it returns an error. Functions that attribute something to a person
//! take the [`Actor`](crate::access::Actor).

pub mod approval;
pub mod bench;
pub mod board;
pub mod canned;
pub mod clock;
pub mod documents;
mod error;
pub mod header;
pub mod inspection;
pub mod line;
mod line_input;
pub mod lines;
pub mod numbers;
pub mod offers;
pub mod page;
pub mod recommendations;
pub mod status;
pub mod steps;
pub mod supplement;
pub mod supplements;
pub mod totals;
mod words;
pub mod workflow;

use atelier_domain::{CustomerId, Money, OrderId, Percent, UserId, VehicleId};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::customers::{self, Civility, CustomerKind};
use crate::device::stored_hlc;
use crate::text::rfc3339;
use crate::{Error, Result};

pub use crate::amounts::{LineAmounts, format_milli, parse_milli};
pub use approval::{Approval, ApprovalRecord};
pub use error::OrderError;
pub use header::{OrderInput, create, update};
pub use lines::{
    Line, LineInput, LineKind, PartOrigin, add_line, add_lines, remove_line, update_line,
};
pub use offers::{InvoiceOffer, Offers};
pub use page::{OrderPage, page};
pub use status::{OrderEvent, OrderStatus, timeline};
pub use supplement::{Supplement, SupplementStatus};
pub use totals::{OrderDiscount, RateTotal, Totals, totals};
pub use workflow::{accept_estimate, change_status, mark_done, mark_invoiced, reopen, start_clock};

pub(crate) const ENTITY: &str = "orders";

/// An order's header as stored, with the names the screens show beside it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Order {
    /// Stable id.
    pub id: OrderId,
    /// The estimate's number, e.g. `D-2026-0042`; kept for life.
    pub estimate_number: String,
    /// The repair order's number, e.g. `OR-2026-0017`, from acceptance on.
    pub order_number: Option<String>,
    /// Where it is in its life.
    pub status: OrderStatus,
    /// The customer.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The vehicle (the customer's).
    pub vehicle_id: VehicleId,
    /// The vehicle's plate, in its display form.
    pub plate: Option<String>,
    /// Make and model, as one line ("Renault Clio").
    pub vehicle_label: Option<String>,
    /// The odometer at drop-off, in km.
    pub mileage_km: Option<i64>,
    /// What the customer said is wrong, in their words.
    pub complaint: Option<String>,
    /// When the car was promised back: `YYYY-MM-DDTHH:MM` or a day alone.
    pub promised_at: Option<String>,
    /// The mechanics assigned.
    pub mechanic_ids: Vec<UserId>,
    /// Notes for the workshop only, never printed.
    pub internal_notes: Option<String>,
    /// The discount on the whole order.
    pub discount: OrderDiscount,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

impl Order {
    /// The number people use: the repair order's once there is one, else the
    /// estimate's.
    pub fn number(&self) -> &str {
        self.order_number
            .as_deref()
            .unwrap_or(&self.estimate_number)
    }
}

const SELECT: &str = "SELECT o.id, o.estimate_number, o.order_number, o.status, o.customer_id,
        o.vehicle_id, o.mileage_km, o.complaint, o.promised_at, o.mechanic_ids,
        o.internal_notes, o.discount_kind, o.discount_value, o.created_at, o.updated_at,
        c.kind, c.civility, c.first_name, c.last_name, c.company_name,
        v.plate, v.make, v.model
   FROM orders o JOIN customers c ON c.id = o.customer_id JOIN vehicles v ON v.id = o.vehicle_id";

/// The order with this id.
pub fn get(conn: &Connection, id: OrderId) -> Result<Order> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE o.id = ?1 AND o.deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()?
    .ok_or_else(|| not_found(id))?
}

/// The order numbered `number`, by its repair order's number
/// (`OR-2026-0017`) or its estimate's (`D-2026-0042`); `None` when no
/// order has it.
pub fn by_number(conn: &Connection, number: &str) -> Result<Option<OrderId>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM orders WHERE order_number = ?1 AND deleted_at IS NULL
             UNION ALL
             SELECT id FROM orders WHERE estimate_number = ?1 AND deleted_at IS NULL
             LIMIT 1",
        )?
        .query_row([number.trim()], |r| r.get(0))
        .optional()?;
    id.map(|id| parse_id(&id, "orders.id")).transpose()
}

/// The orders of a vehicle, newest first: its history in the workshop.
pub fn of_vehicle(conn: &Connection, vehicle: VehicleId) -> Result<Vec<Order>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE o.vehicle_id = ?1 AND o.deleted_at IS NULL ORDER BY o.created_at DESC"
    ))?;
    stmt.query_map([vehicle.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

pub(crate) fn not_found(id: OrderId) -> Error {
    Error::NotFound {
        entity: "order",
        id: id.to_string(),
    }
}

/// The order, if it may still be changed: an invoiced order is frozen and a
/// cancelled one closed.
pub(crate) fn editable(conn: &Connection, id: OrderId) -> Result<Order> {
    let order = get(conn, id)?;
    match order.status {
        OrderStatus::Invoiced => Err(OrderError::Frozen {
            number: order.number().to_owned(),
        }
        .into()),
        OrderStatus::Cancelled => Err(OrderError::Cancelled {
            number: order.number().to_owned(),
        }
        .into()),
        _ => Ok(order),
    }
}

/// Reads `s` as an id, or says the stored value is corrupt.
pub(crate) fn parse_id<T: std::str::FromStr>(s: &str, place: &'static str) -> Result<T> {
    s.parse().map_err(|_| Error::Corrupt(place))
}

pub(crate) fn customer_name(r: &Row<'_>, first: usize) -> rusqlite::Result<String> {
    let kind: String = r.get(first)?;
    let civility: Option<String> = r.get(first + 1)?;
    Ok(customers::display_name(
        CustomerKind::parse(&kind).unwrap_or(CustomerKind::Individual),
        civility.as_deref().and_then(Civility::parse),
        r.get::<_, Option<String>>(first + 2)?.as_deref(),
        r.get::<_, Option<String>>(first + 3)?.as_deref(),
        r.get::<_, Option<String>>(first + 4)?.as_deref(),
    ))
}

pub(crate) fn vehicle_label(make: Option<String>, model: Option<String>) -> Option<String> {
    match (make, model) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

pub(crate) fn discount_of(kind: Option<&str>, value: Option<i64>) -> Result<OrderDiscount> {
    Ok(match (kind, value) {
        (None, _) | (_, None) => OrderDiscount::None,
        (Some("percent"), Some(bp)) => OrderDiscount::Percent(
            u32::try_from(bp)
                .ok()
                .and_then(|bp| Percent::new(bp).ok())
                .ok_or(Error::Corrupt("orders.discount"))?,
        ),
        (Some("amount"), Some(cents)) => OrderDiscount::Amount(Money::from_cents(cents)),
        _ => return Err(Error::Corrupt("orders.discount_kind")),
    })
}

pub(crate) fn mechanics_of(json: &str) -> Result<Vec<UserId>> {
    let ids: Vec<String> =
        serde_json::from_str(json).map_err(|_| Error::Corrupt("orders.mechanic_ids"))?;
    ids.iter()
        .map(|s| parse_id(s, "orders.mechanic_ids"))
        .collect()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Order>> {
    let id: String = r.get(0)?;
    let status: String = r.get(3)?;
    let customer: String = r.get(4)?;
    let vehicle: String = r.get(5)?;
    let mechanics: String = r.get(9)?;
    let discount_kind: Option<String> = r.get(11)?;
    let discount_value: Option<i64> = r.get(12)?;
    let created: i64 = r.get(13)?;
    let updated: i64 = r.get(14)?;
    let customer_name = customer_name(r, 15)?;
    let vehicle_label = vehicle_label(r.get(21)?, r.get(22)?);
    let (estimate_number, order_number, mileage_km, complaint, promised_at, internal_notes, plate) = (
        r.get(1)?,
        r.get(2)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(10)?,
        r.get(20)?,
    );
    let build = || -> Result<Order> {
        Ok(Order {
            id: parse_id(&id, "orders.id")?,
            estimate_number,
            order_number,
            status: OrderStatus::parse(&status).ok_or(Error::Corrupt("orders.status"))?,
            customer_id: parse_id(&customer, "orders.customer_id")?,
            customer_name,
            vehicle_id: parse_id(&vehicle, "orders.vehicle_id")?,
            plate,
            vehicle_label,
            mileage_km,
            complaint,
            promised_at,
            mechanic_ids: mechanics_of(&mechanics)?,
            internal_notes,
            discount: discount_of(discount_kind.as_deref(), discount_value)?,
            created_at: rfc3339(stored_hlc(created)?),
            updated_at: rfc3339(stored_hlc(updated)?),
        })
    };
    Ok(build())
}

#[cfg(test)]
pub(crate) mod tests;

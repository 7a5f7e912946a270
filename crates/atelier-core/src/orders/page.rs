//! The order page: the header, the lines grouped as approved, the totals the
//! customer agreed to, each pending supplement with its own totals, the
//! checklist, clocks and notes, the inspection, the timeline, the vehicle's
//! open recommendations, and what may be done next: the offers of its
//! status, the lines that may still change, the supplements still open.

use atelier_domain::{Locale, OrderId, OrderLineId, SupplementId};
use rusqlite::Connection;
use serde::Serialize;

use super::approval::{self, ApprovalRecord};
use super::bench::{self, BenchNote};
use super::clock::{self, MechanicTime};
use super::inspection::{self, Inspection};
use super::lines::{self, Line, changeable};
use super::offers::Offers;
use super::recommendations::{self, Recommendation};
use super::status::{OrderEvent, timeline};
use super::steps::{self, Progress, Step};
use super::supplement::{self, Supplement, SupplementStatus, approved_totals};
use super::totals::{OrderDiscount, Totals};
use super::{Order, get};
use crate::Result;

/// A supplement with the totals of its own lines (no order discount).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SupplementView {
    /// The supplement.
    #[serde(flatten)]
    pub supplement: Supplement,
    /// What its lines come to.
    pub totals: Totals,
    /// Awaiting the customer's answer on an order still open: lines may be
    /// added to it, and it may be approved or declined.
    pub open: bool,
}

/// Everything the order page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderPage {
    /// The header.
    pub order: Order,
    /// Every line in order; a line's `supplement_id` ties it to a supplement.
    pub lines: Vec<Line>,
    /// The ids of the lines that may be changed or removed now.
    pub editable_lines: Vec<OrderLineId>,
    /// What may be done next, from the order's status.
    pub offers: Offers,
    /// Totals of the approved lines (estimate lines and approved supplements),
    /// after the order discount: what the customer agreed to pay.
    pub totals: Totals,
    /// The supplements, each with its own totals.
    pub supplements: Vec<SupplementView>,
    /// The customer's signed approval of the estimate.
    pub approval: Option<ApprovalRecord>,
    /// Whether a recycled or exchange part is offered: the PIEC mention prints.
    pub circular_parts_offered: bool,
    /// The checklist.
    pub steps: Vec<Step>,
    /// Its progress.
    pub progress: Progress,
    /// Each mechanic's time.
    pub clocks: Vec<MechanicTime>,
    /// Notes from the bench.
    pub notes: Vec<BenchNote>,
    /// The inspection, if one was started.
    pub inspection: Option<Inspection>,
    /// The order's life, oldest first.
    pub timeline: Vec<OrderEvent>,
    /// Work still recommended on the vehicle.
    pub recommendations: Vec<Recommendation>,
}

/// The order page of `id`, in `locale`, with clocks counted up to `now_ms`.
pub fn page(conn: &Connection, id: OrderId, locale: Locale, now_ms: u64) -> Result<OrderPage> {
    let order = get(conn, id)?;
    let lines = lines::of_order(conn, id)?;
    let supplements = supplement::supplements(conn, id)?;
    let totals = approved_totals(&lines, &supplements, order.discount);
    let pending = |id: SupplementId| {
        supplements
            .iter()
            .any(|s| s.id == id && s.status == SupplementStatus::Pending)
    };
    let editable_lines = lines
        .iter()
        .filter(|l| changeable(order.status, l, l.supplement_id.is_some_and(pending)))
        .map(|l| l.id)
        .collect();
    let offers = Offers::of(order.status);
    let supplements = supplements
        .into_iter()
        .map(|s| {
            let own: Vec<_> = lines
                .iter()
                .filter(|l| l.supplement_id == Some(s.id))
                .map(Line::amounts)
                .collect();
            SupplementView {
                totals: super::totals(&own, OrderDiscount::None),
                open: offers.open && s.status == SupplementStatus::Pending,
                supplement: s,
            }
        })
        .collect();
    Ok(OrderPage {
        approval: approval::estimate_approval(conn, id)?,
        circular_parts_offered: approval::circular_offered(conn, id, None)?,
        steps: steps::of_order(conn, id)?,
        progress: steps::progress(conn, id)?,
        clocks: clock::clocks(conn, id, now_ms)?,
        notes: bench::notes(conn, id)?,
        inspection: inspection::of_order(conn, id, locale)?,
        timeline: timeline(conn, id, locale)?,
        recommendations: recommendations::open_recommendations(conn, order.vehicle_id)?,
        order,
        lines,
        editable_lines,
        offers,
        totals,
        supplements,
    })
}

/// The totals of an order the customer agreed to, as invoices will take them.
pub fn order_totals(conn: &Connection, id: OrderId) -> Result<Totals> {
    let order = get(conn, id)?;
    let lines = lines::of_order(conn, id)?;
    let supplements = supplement::supplements(conn, id)?;
    Ok(approved_totals(&lines, &supplements, order.discount))
}

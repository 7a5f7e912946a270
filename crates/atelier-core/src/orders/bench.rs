//! The mechanic's bench: their list of jobs, the job card, the parts they
//! used, their notes, and marking a job done.
//!
//! What a mechanic reads carries no prices, by construction: [`BenchJob`] has
//! no price field at all, and a [`JobLine`]'s price is `None` for anyone who
//! may not see prices.

use atelier_domain::{Money, OrderId, OrderLineId, OrderNoteId, Percent, Quantity, VatRate};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::clock::{self, ClockState, MechanicTime};
use super::lines::{self, Defaults, Line, LineFields, LineKind, PartOrigin};
use super::status::OrderStatus;
use super::steps::{self, Progress, Step, workable};
use super::supplement::counted;
use super::{editable, get, parse_id, vehicle_label};
use crate::access::{Action, Actor};
use crate::outbox::{self, OpKind};
use crate::text::{clean, rfc3339};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, device::stored_hlc};

const NOTES: &str = "order_notes";
const NOTE_MAX: usize = 2000;

/// One job on a mechanic's list. Never a price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BenchJob {
    /// The order.
    pub order_id: OrderId,
    /// Its number (`OR-…`).
    pub number: String,
    /// Accepted, in progress or waiting for parts.
    pub status: OrderStatus,
    /// The plate.
    pub plate: Option<String>,
    /// Make and model.
    pub vehicle_label: Option<String>,
    /// What the customer said.
    pub complaint: Option<String>,
    /// When it is promised.
    pub promised_at: Option<String>,
    /// The checklist's progress.
    pub progress: Progress,
    /// This mechanic's clock on it.
    pub my_clock: ClockState,
}

/// A line as the job card shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobLine {
    /// Stable id.
    pub id: OrderLineId,
    /// Labour, part or fee.
    pub kind: LineKind,
    /// What to do or fit.
    pub description: String,
    /// Hours for labour, quantity otherwise.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// A part's catalogue reference.
    pub part_id: Option<String>,
    /// A part's origin.
    pub origin: Option<PartOrigin>,
    /// Added at the bench.
    pub from_bench: bool,
    /// The price, only for those who may see prices.
    pub price: Option<JobLinePrice>,
}

/// A line's price, for those who may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct JobLinePrice {
    /// Hourly rate or unit price, HT.
    pub unit: Money,
    /// The line's HT.
    pub net: Money,
    /// Its VAT rate.
    pub vat: VatRate,
}

/// A note written at the bench.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BenchNote {
    /// Stable id.
    pub id: OrderNoteId,
    /// Who wrote it.
    pub user_name: String,
    /// What it says.
    pub body: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// Everything a mechanic needs at the bench for one order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobCard {
    /// The order.
    pub order_id: OrderId,
    /// Its number.
    pub number: String,
    /// Its status.
    pub status: OrderStatus,
    /// The plate.
    pub plate: Option<String>,
    /// Make and model.
    pub vehicle_label: Option<String>,
    /// The odometer at drop-off.
    pub mileage_km: Option<i64>,
    /// What the customer said, in their words.
    pub complaint: Option<String>,
    /// When it is promised.
    pub promised_at: Option<String>,
    /// The approved work (pending supplements are not work yet).
    pub lines: Vec<JobLine>,
    /// The checklist.
    pub steps: Vec<Step>,
    /// Notes from the bench, oldest first.
    pub notes: Vec<BenchNote>,
    /// Every mechanic's clock on the order.
    pub clocks: Vec<MechanicTime>,
    /// The reader's own clock.
    pub my_clock: ClockState,
    /// Time clocked by everyone, in ms.
    pub clocked_ms: u64,
    /// Labour hours billed.
    #[serde(rename = "billed_hours_milli")]
    pub billed_hours: Quantity,
    /// Whether the lines carry prices.
    pub prices_shown: bool,
    /// Being worked on: parts used and notes are recorded
    /// ([`OrderStatus::is_at_work`]).
    pub at_work: bool,
    /// In progress: « Travail terminé » finishes it (an accepted job starts
    /// with the clock or a ticked step, one waiting for parts resumes).
    pub finish: bool,
}

/// A part used at the bench, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PartUsedInput {
    /// The catalogue reference, if known.
    pub part_id: Option<String>,
    /// What it is (defaults to the reference).
    pub description: Option<String>,
    /// How many ("1" when blank; "0,5" for half a litre…).
    pub quantity: Option<String>,
}

/// The jobs of `actor` for `today` (YYYY-MM-DD): orders they are assigned to
/// that are in progress or waiting for parts, and accepted ones promised by
/// today or with no promised date. In progress first, then by promised time.
pub fn bench_jobs(conn: &Connection, actor: &Actor, today: &str) -> Result<Vec<BenchJob>> {
    let Some(user) = actor.user else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, COALESCE(o.order_number, o.estimate_number), o.status, v.plate, v.make, v.model,
                o.complaint, o.promised_at,
                (SELECT COUNT(done_at) FROM order_steps s WHERE s.order_id = o.id AND s.deleted_at IS NULL),
                (SELECT COUNT(*) FROM order_steps s WHERE s.order_id = o.id AND s.deleted_at IS NULL)
           FROM orders o JOIN vehicles v ON v.id = o.vehicle_id
          WHERE o.deleted_at IS NULL
            AND o.status IN ('accepted', 'in_progress', 'waiting_parts')
            AND EXISTS (SELECT 1 FROM json_each(o.mechanic_ids) WHERE value = ?1)
            AND (o.status <> 'accepted' OR o.promised_at IS NULL OR substr(o.promised_at, 1, 10) <= ?2)
          ORDER BY CASE o.status WHEN 'in_progress' THEN 0 WHEN 'waiting_parts' THEN 1 ELSE 2 END,
                   o.promised_at IS NULL, o.promised_at, o.created_at",
    )?;
    let rows = stmt.query_map(params![user.to_string(), today], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            vehicle_label(r.get(4)?, r.get(5)?),
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            Progress {
                done: r.get(8)?,
                total: r.get(9)?,
            },
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, number, status, plate, vehicle_label, complaint, promised_at, progress) = row?;
        let order_id: OrderId = parse_id(&id, "orders.id")?;
        let my_clock = clock::clocks(conn, order_id, 0)?
            .into_iter()
            .find(|t| t.user_id == user)
            .map_or(ClockState::Stopped, |t| t.state);
        out.push(BenchJob {
            order_id,
            number,
            status: OrderStatus::parse(&status).ok_or(Error::Corrupt("orders.status"))?,
            plate,
            vehicle_label,
            complaint,
            promised_at,
            progress,
            my_clock,
        });
    }
    Ok(out)
}

/// The job card of an order for `actor`, with clocks counted up to `now_ms`.
/// Prices only for those who may see them.
pub fn job_card(conn: &Connection, actor: &Actor, order: OrderId, now_ms: u64) -> Result<JobCard> {
    let o = get(conn, order)?;
    let prices_shown = actor.may(Action::SeePrices);
    let supplements = super::supplements::supplements(conn, order)?;
    let all = lines::of_order(conn, order)?;
    let work: Vec<&Line> = counted(&all, &supplements).collect();
    let billed_hours = Quantity::saturating_sum(
        work.iter()
            .filter(|l| l.kind == LineKind::Labour)
            .map(|l| l.quantity),
    );
    let clocks = clock::clocks(conn, order, now_ms)?;
    let my_clock = clocks
        .iter()
        .find(|t| Some(t.user_id) == actor.user)
        .map_or(ClockState::Stopped, |t| t.state);
    Ok(JobCard {
        order_id: o.id,
        number: o.number().to_owned(),
        status: o.status,
        at_work: o.status.is_at_work(),
        finish: o.status.may_move_to(OrderStatus::Done),
        plate: o.plate,
        vehicle_label: o.vehicle_label,
        mileage_km: o.mileage_km,
        complaint: o.complaint,
        promised_at: o.promised_at,
        lines: work
            .into_iter()
            .map(|l| job_line(l, prices_shown))
            .collect(),
        steps: steps::of_order(conn, order)?,
        notes: notes(conn, order)?,
        clocked_ms: clocks.iter().map(|t| t.clocked_ms).sum(),
        clocks,
        my_clock,
        billed_hours,
        prices_shown,
    })
}

/// A line as `actor`'s job card shows it.
pub fn job_line(l: &Line, prices_shown: bool) -> JobLine {
    JobLine {
        id: l.id,
        kind: l.kind,
        description: l.description.clone(),
        quantity: l.quantity,
        part_id: l.part_id.clone(),
        origin: l.origin,
        from_bench: l.from_bench,
        price: prices_shown.then_some(JobLinePrice {
            unit: l.unit,
            net: l.net,
            vat: l.vat,
        }),
    }
}

/// Records a part used at the bench as a part line of the order, priced at
/// zero and marked for the front desk to price.
pub fn add_part_used(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    input: &PartUsedInput,
) -> Result<JobLine> {
    workable(tx, order)?;
    let part_id = clean(input.part_id.as_deref());
    max_len(Field::PartId, part_id.as_deref(), 60)?;
    let description = clean(input.description.as_deref())
        .or_else(|| part_id.clone())
        .ok_or(Invalid::new(Field::Description, Problem::Required))?;
    max_len(Field::Description, Some(&description), 500)?;
    let quantity = match clean(input.quantity.as_deref()) {
        Some(q) => crate::amounts::parse_quantity(&q, Field::Quantity)?,
        None => Quantity::ONE,
    };
    let fields = LineFields {
        kind: LineKind::Part,
        description,
        quantity,
        unit: Money::ZERO,
        flat: None,
        rate_code: None,
        part_id,
        origin: None,
        vat: Defaults::load(tx)?.vat,
        discount: Percent::ZERO,
    };
    let line = lines::Appender::new(tx, order)?.push(tx, now_ms, None, &fields, true)?;
    Ok(job_line(&line, actor.may(Action::SeePrices)))
}

/// Adds a note from the bench to an order.
pub fn add_note(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    body: &str,
) -> Result<BenchNote> {
    editable(tx, order)?;
    let body = clean(Some(body)).ok_or(Invalid::new(Field::Note, Problem::Required))?;
    max_len(Field::Note, Some(&body), NOTE_MAX)?;
    let id = OrderNoteId::new();
    let user = actor.user.map(|u| u.to_string());
    let payload = json!({ "order_id": order.to_string(), "user_id": user, "user_name": actor.name, "body": body });
    let hlc = outbox::record(
        tx,
        now_ms,
        NOTES,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO order_notes (id, order_id, user_id, user_name, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id.to_string(),
        order.to_string(),
        user,
        actor.name,
        body,
        hlc.as_i64()
    ])?;
    Ok(BenchNote {
        id,
        user_name: actor.name.clone(),
        body,
        created_at: rfc3339(hlc),
    })
}

/// An order's bench notes, oldest first.
pub fn notes(conn: &Connection, order: OrderId) -> Result<Vec<BenchNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, user_name, body, created_at FROM order_notes WHERE order_id = ?1 ORDER BY created_at",
    )?;
    let rows = stmt.query_map([order.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, user_name, body, created) = row?;
        out.push(BenchNote {
            id: parse_id(&id, "order_notes.id")?,
            user_name,
            body,
            created_at: rfc3339(stored_hlc(created)?),
        });
    }
    Ok(out)
}

//! Appointments: booking, moving and resizing, confirming, cancelling and
//! no-shows, each with its history; overbooking and hours outside the
//! working day are refused unless the person confirms.

use atelier_domain::{
    AppointmentId, CustomerId, OrderId, ReminderRuleId, ResourceId, SiteId, VehicleId,
};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::PlanningError;
pub(crate) use super::appointment::Slot;
pub use super::appointment::{Appointment, AppointmentStatus, Source, get, of_customer, of_day};
use super::resources::{ResourceKind, get_resource};
use super::slots::check_slot;
use super::time::{format_at, parse_at};
use crate::orders::canned;
use crate::outbox::{self, OpKind};
use crate::stock::current_site;
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Result, customers, new_row_id, vehicles};

pub(crate) const ENTITY: &str = "appointments";
const EVENTS: &str = "appointment_events";
const WORK_MAX: usize = 2000;
/// How long an appointment lasts when neither an end, a duration nor a
/// canned job's estimate says.
pub const DEFAULT_MINUTES: u32 = 60;

/// The booking form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppointmentInput {
    /// The customer.
    pub customer_id: Option<String>,
    /// One of their vehicles.
    pub vehicle_id: Option<String>,
    /// `YYYY-MM-DDTHH:MM`.
    pub start_at: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, or left out for `duration_min`.
    pub end_at: Option<String>,
    /// Minutes; left out, the canned jobs' estimates (or an hour).
    pub duration_min: Option<u32>,
    /// The bay (required).
    pub bay_id: Option<String>,
    /// The mechanic, if one is chosen.
    pub mechanic_id: Option<String>,
    /// `phone`, `walk_in` or `email`; phone when left out.
    pub source: Option<String>,
    /// What the customer asked for.
    pub work: Option<String>,
    /// Canned jobs.
    pub canned_job_ids: Vec<String>,
    /// The reminder it answers.
    pub reminder_rule_id: Option<String>,
    /// `requested` or `confirmed` (the default).
    pub status: Option<String>,
}

/// Where and when: what a move or resize changes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlotInput {
    /// New start.
    pub start_at: Option<String>,
    /// New end (or `duration_min`).
    pub end_at: Option<String>,
    /// New length in minutes.
    pub duration_min: Option<u32>,
    /// New bay; left out keeps it.
    pub bay_id: Option<String>,
    /// New mechanic; left out keeps it, blank removes it.
    pub mechanic_id: Option<String>,
}

fn parse_slot(
    conn: &Connection,
    start: Option<&str>,
    end: Option<&str>,
    duration: Option<u32>,
    bay: Option<&str>,
    mechanic: Option<&str>,
) -> Result<Slot> {
    let start = clean(start).ok_or(Invalid::new(Field::StartAt, Problem::Required))?;
    let (day, from) = parse_at(&start).ok_or(Invalid::new(Field::StartAt, Problem::DateTime))?;
    let to = match (clean(end), duration) {
        (Some(end), _) => {
            let (end_day, to) =
                parse_at(&end).ok_or(Invalid::new(Field::EndAt, Problem::DateTime))?;
            if end_day < day || (end_day == day && to <= from) {
                return Err(Invalid::new(Field::EndAt, Problem::EndBeforeStart).into());
            }
            if end_day != day {
                return Err(Invalid::new(Field::EndAt, Problem::NotSameDay).into());
            }
            to
        }
        (None, Some(0)) => return Err(Invalid::new(Field::EndAt, Problem::EndBeforeStart).into()),
        (None, Some(d)) => from + d,
        (None, None) => from + DEFAULT_MINUTES,
    };
    if to > super::time::DAY_MINUTES {
        return Err(Invalid::new(Field::EndAt, Problem::NotSameDay).into());
    }
    let bay = clean(bay).ok_or(Invalid::new(Field::Bay, Problem::Required))?;
    let bay = require_resource(conn, &bay, ResourceKind::Bay, Field::Bay)?;
    let mechanic = match clean(mechanic) {
        Some(m) => Some(require_resource(
            conn,
            &m,
            ResourceKind::Mechanic,
            Field::Mechanic,
        )?),
        None => None,
    };
    Ok(Slot {
        day,
        from,
        to,
        bay,
        mechanic,
    })
}

/// The resource `id` as typed in a form, if it is an active one of `kind`:
/// text that is no id is refused as an unknown id is.
fn require_resource(
    conn: &Connection,
    id: &str,
    kind: ResourceKind,
    field: Field,
) -> Result<ResourceId> {
    let id: ResourceId = id
        .parse()
        .map_err(|_| Invalid::new(field, Problem::NotAllowed))?;
    let r = get_resource(conn, id).map_err(|_| Invalid::new(field, Problem::NotAllowed))?;
    if r.kind != kind {
        return Err(Invalid::new(field, Problem::NotAllowed).into());
    }
    if !r.active {
        return Err(Invalid::new(field, Problem::ResourceInactive).into());
    }
    Ok(id)
}

/// Refuses a slot taken or outside hours unless `force`; answers whether it
/// was forced over something.
fn confirm_slot(
    conn: &Connection,
    site: SiteId,
    slot: &Slot,
    except: Option<AppointmentId>,
    force: bool,
) -> Result<bool> {
    let check = check_slot(conn, site, slot, except)?;
    if check.clashes.is_empty() && !check.outside_hours {
        return Ok(false);
    }
    if force {
        return Ok(true);
    }
    Err(PlanningError::Conflict {
        clashes: check.clashes,
        outside_hours: check.outside_hours,
    }
    .into())
}

/// Books an appointment. Refused with [`PlanningError::Conflict`] when the
/// bay or mechanic is already booked then, or the slot is outside their
/// hours, unless `force` (the person confirmed): it is then marked
/// overbooked.
pub fn book(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &AppointmentInput,
    force: bool,
) -> Result<Appointment> {
    let text = |s: &Option<String>| clean(s.as_deref());
    let customer: CustomerId = text(&input.customer_id)
        .ok_or(Invalid::new(Field::Customer, Problem::Required))?
        .parse()
        .map_err(|_| Invalid::new(Field::Customer, Problem::NotAllowed))?;
    customers::get(tx, customer).map_err(|_| Invalid::new(Field::Customer, Problem::NotAllowed))?;
    let vehicle: VehicleId = text(&input.vehicle_id)
        .ok_or(Invalid::new(Field::Vehicle, Problem::Required))?
        .parse()
        .map_err(|_| Invalid::new(Field::Vehicle, Problem::NotAllowed))?;
    let car = vehicles::get(tx, vehicle)
        .map_err(|_| Invalid::new(Field::Vehicle, Problem::NotAllowed))?;
    if car.customer_id != customer {
        return Err(Invalid::new(Field::Vehicle, Problem::NotCustomersVehicle).into());
    }
    let mut jobs_minutes = 0;
    let mut jobs = Vec::new();
    for id in input.canned_job_ids.iter().filter_map(|j| clean(Some(j))) {
        let not_allowed = || Invalid::new(Field::JobName, Problem::NotAllowed);
        let job = id
            .parse()
            .map_err(|_| not_allowed())
            .and_then(|job| canned::get(tx, job).map_err(|_| not_allowed()))?;
        jobs_minutes += job.duration_hours.unwrap_or_default().milli() * 60 / 1000;
        if !jobs.contains(&id) {
            jobs.push(id);
        }
    }
    let duration = input
        .duration_min
        .or_else(|| u32::try_from(jobs_minutes).ok().filter(|m| *m > 0));
    let slot = parse_slot(
        tx,
        input.start_at.as_deref(),
        input.end_at.as_deref(),
        duration,
        input.bay_id.as_deref(),
        input.mechanic_id.as_deref(),
    )?;
    let source = match text(&input.source) {
        Some(s) => Source::parse(&s).ok_or(Invalid::new(Field::Source, Problem::NotAllowed))?,
        None => Source::Phone,
    };
    let status = match text(&input.status).as_deref() {
        None | Some("confirmed") => AppointmentStatus::Confirmed,
        Some("requested") => AppointmentStatus::Requested,
        Some(_) => return Err(Invalid::new(Field::AppointmentStatus, Problem::NotAllowed).into()),
    };
    let work = text(&input.work);
    max_len(Field::Complaint, work.as_deref(), WORK_MAX)?;
    let rule: Option<ReminderRuleId> = match text(&input.reminder_rule_id) {
        Some(r) => {
            let bad = || Invalid::new(Field::Rule, Problem::NotAllowed);
            let r = r.parse().map_err(|_| bad())?;
            super::reminders::get_rule(tx, r).map_err(|_| bad())?;
            Some(r)
        }
        None => None,
    };
    let site = current_site(tx)?;
    let overbooked = confirm_slot(tx, site, &slot, None, force)?;
    let id = AppointmentId::new();
    let (start_at, end_at) = (
        format_at(&slot.day, slot.from),
        format_at(&slot.day, slot.to),
    );
    let jobs_json = json!(jobs).to_string();
    let payload = json!({
        "site_id": site.to_string(), "customer_id": customer.to_string(),
        "vehicle_id": vehicle.to_string(), "start_at": start_at, "end_at": end_at,
        "bay_id": slot.bay, "mechanic_id": slot.mechanic, "status": status.as_str(),
        "source": source.as_str(), "work": work, "canned_job_ids": jobs_json,
        "reminder_rule_id": rule, "overbooked": overbooked, "order_id": null,
        "created_at": now_ms, "deleted_at": null,
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
        "INSERT INTO appointments (id, site_id, customer_id, vehicle_id, start_at, end_at, bay_id,
                mechanic_id, status, source, work, canned_job_ids, reminder_rule_id, overbooked,
                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        id.to_string(),
        site.to_string(),
        customer.to_string(),
        vehicle.to_string(),
        start_at,
        end_at,
        slot.bay.to_string(),
        slot.mechanic.map(|m| m.to_string()),
        status.as_str(),
        source.as_str(),
        work,
        jobs_json,
        rule.map(|r| r.to_string()),
        overbooked,
        now_ms as i64,
        hlc.as_i64()
    ])?;
    let appointment = get(tx, id)?;
    record_event(tx, now_ms, &appointment, "booked")?;
    Ok(appointment)
}

/// Moves or resizes an appointment (another time, bay or mechanic), with
/// the same rules as booking; the old slot stays in its history.
pub fn reschedule(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: AppointmentId,
    input: &SlotInput,
    force: bool,
) -> Result<Appointment> {
    let before = open(tx, id)?;
    let start = input
        .start_at
        .clone()
        .unwrap_or_else(|| before.start_at.clone());
    let keep_length = input.end_at.is_none() && input.duration_min.is_none();
    let length = keep_length.then(|| minutes_between(&before.start_at, &before.end_at));
    let mechanic = match &input.mechanic_id {
        Some(m) => clean(Some(m)),
        None => before.mechanic_id.map(|m| m.to_string()),
    };
    let bay_before = before.bay_id.map(|b| b.to_string());
    let slot = parse_slot(
        tx,
        Some(&start),
        input.end_at.as_deref(),
        input.duration_min.or(length.flatten()),
        input.bay_id.as_deref().or(bay_before.as_deref()),
        mechanic.as_deref(),
    )?;
    let overbooked = confirm_slot(tx, before.site_id, &slot, Some(id), force)?;
    let old = slot_json(
        &before.start_at,
        &before.end_at,
        before.bay_id,
        before.mechanic_id,
        before.overbooked,
    );
    let (start_at, end_at) = (
        format_at(&slot.day, slot.from),
        format_at(&slot.day, slot.to),
    );
    let new = slot_json(
        &start_at,
        &end_at,
        Some(slot.bay),
        slot.mechanic,
        overbooked,
    );
    let changed = outbox::changes(&old, new);
    if changed.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changed),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE appointments SET start_at = ?2, end_at = ?3, bay_id = ?4, mechanic_id = ?5,
                overbooked = ?6, updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        start_at,
        end_at,
        slot.bay.to_string(),
        slot.mechanic.map(|m| m.to_string()),
        overbooked,
        hlc.as_i64()
    ])?;
    let appointment = get(tx, id)?;
    record_event(tx, now_ms, &appointment, "moved")?;
    Ok(appointment)
}

/// What an appointment holds of the customer's own words (the work asked
/// for, as the front desk noted it), with its value once erased:
/// anonymising the customer erases it. The slot, the vehicle and the
/// status stay.
pub(crate) fn personal() -> Map<String, Value> {
    Map::from_iter([("work".to_owned(), Value::Null)])
}

/// Erases the [`personal`] fields of appointment `id` named in `fields`
/// (its customer anonymised).
pub(crate) fn erase_personal(tx: &Transaction<'_>, id: &str, fields: &[String]) -> Result<()> {
    if fields.iter().any(|f| f == "work") {
        tx.prepare_cached("UPDATE appointments SET work = NULL WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

fn slot_json(
    start: &str,
    end: &str,
    bay: Option<ResourceId>,
    mechanic: Option<ResourceId>,
    overbooked: bool,
) -> Map<String, Value> {
    Map::from_iter([
        ("start_at".to_owned(), json!(start)),
        ("end_at".to_owned(), json!(end)),
        ("bay_id".to_owned(), json!(bay)),
        ("mechanic_id".to_owned(), json!(mechanic)),
        ("overbooked".to_owned(), json!(overbooked)),
    ])
}

fn minutes_between(start: &str, end: &str) -> Option<u32> {
    let (a, b) = (parse_at(start)?, parse_at(end)?);
    b.1.checked_sub(a.1)
}

/// Confirms, cancels or records a no-show. Arrival goes through
/// [`super::arrive`], which makes the repair order.
pub fn set_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: AppointmentId,
    status: AppointmentStatus,
) -> Result<Appointment> {
    if status == AppointmentStatus::Arrived {
        return Err(Invalid::new(Field::AppointmentStatus, Problem::NotAllowed).into());
    }
    let before = open(tx, id)?;
    write_status(tx, now_ms, &before, status, None)
}

pub(crate) fn write_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    before: &Appointment,
    status: AppointmentStatus,
    order_id: Option<OrderId>,
) -> Result<Appointment> {
    if before.status == status {
        return Ok(before.clone());
    }
    let mut old = Map::from_iter([("status".to_owned(), json!(before.status.as_str()))]);
    let mut new = json!({ "status": status.as_str() });
    if let Some(order) = order_id {
        old.insert("order_id".into(), json!(before.order_id));
        new["order_id"] = json!(order);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &before.id.to_string(),
        OpKind::Update,
        &new,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE appointments SET status = ?2, order_id = COALESCE(?3, order_id), updated_at = ?4
          WHERE id = ?1",
    )?
    .execute(params![
        before.id.to_string(),
        status.as_str(),
        order_id.map(|o| o.to_string()),
        hlc.as_i64()
    ])?;
    let appointment = get(tx, before.id)?;
    record_event(tx, now_ms, &appointment, "status")?;
    Ok(appointment)
}

/// The appointment, if it may still change.
pub(crate) fn open(conn: &Connection, id: AppointmentId) -> Result<Appointment> {
    let a = get(conn, id)?;
    if !a.status.is_open() {
        return Err(Invalid::new(Field::AppointmentStatus, Problem::AppointmentClosed).into());
    }
    Ok(a)
}

fn record_event(tx: &Transaction<'_>, now_ms: u64, a: &Appointment, kind: &str) -> Result<()> {
    let id = new_row_id();
    let hlc = outbox::record(
        tx,
        now_ms,
        EVENTS,
        &id,
        OpKind::Insert,
        &json!({ "appointment_id": a.id, "kind": kind, "start_at": a.start_at,
                 "end_at": a.end_at, "status": a.status.as_str(), "at_ms": now_ms,
                 "created_at": now_ms }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO appointment_events (id, appointment_id, kind, start_at, end_at, status, at_ms,
                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    )?
    .execute(params![
        id,
        a.id.to_string(),
        kind,
        a.start_at,
        a.end_at,
        a.status.as_str(),
        now_ms as i64,
        hlc.as_i64()
    ])?;
    Ok(())
}

/// One step of an appointment's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppointmentEvent {
    /// `booked`, `moved` or `status`.
    pub kind: String,
    /// The slot after the step.
    pub start_at: String,
    /// Its end.
    pub end_at: String,
    /// The status after the step.
    pub status: String,
    /// When (Unix ms).
    pub at_ms: i64,
}

/// An appointment's history, oldest first.
pub fn history(conn: &Connection, id: AppointmentId) -> Result<Vec<AppointmentEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, start_at, end_at, status, at_ms FROM appointment_events
          WHERE appointment_id = ?1 ORDER BY at_ms, rowid",
    )?;
    Ok(stmt
        .query_map([id.to_string()], |r| {
            Ok(AppointmentEvent {
                kind: r.get(0)?,
                start_at: r.get(1)?,
                end_at: r.get(2)?,
                status: r.get(3)?,
                at_ms: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

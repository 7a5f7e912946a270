//! One appointment, as stored: where it stands, where it came from, the
//! slot it holds, and reading it back. [`super::appointments`] books,
//! moves and settles them; [`super::slots`] reads them to find free time.

use atelier_domain::{
    AppointmentId, CustomerId, OrderId, ReminderRuleId, ResourceId, SiteId, VehicleId,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::orders::{customer_name, parse_id, vehicle_label};
use crate::{Error, Result};

/// Where an appointment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Asked for, not confirmed to the customer yet.
    Requested,
    /// Confirmed.
    Confirmed,
    /// The car came: a repair order was made.
    Arrived,
    /// The customer did not come.
    NoShow,
    /// Called off.
    Cancelled,
}

crate::text::str_enum!(AppointmentStatus {
    Requested => "requested",
    Confirmed => "confirmed",
    Arrived => "arrived",
    NoShow => "no_show",
    Cancelled => "cancelled",
});

impl AppointmentStatus {
    /// Whether it still holds its slot on the board.
    pub fn holds_slot(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Requested
                | AppointmentStatus::Confirmed
                | AppointmentStatus::Arrived
        )
    }

    /// Whether it can still change (move, confirm, arrive, cancel).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Requested | AppointmentStatus::Confirmed
        )
    }
}

/// How the booking came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// On the phone.
    Phone,
    /// At the counter.
    WalkIn,
    /// By e-mail.
    Email,
}

crate::text::str_enum!(Source {
    Phone => "phone",
    WalkIn => "walk_in",
    Email => "email",
});

/// An appointment, with the names the board shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Appointment {
    /// Stable id.
    pub id: AppointmentId,
    /// Its site.
    pub site_id: SiteId,
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name.
    pub customer_name: String,
    /// The vehicle.
    pub vehicle_id: VehicleId,
    /// Its plate.
    pub plate: Option<String>,
    /// Make and model.
    pub vehicle_label: Option<String>,
    /// Start, `YYYY-MM-DDTHH:MM` local time.
    pub start_at: String,
    /// End, the same day.
    pub end_at: String,
    /// The bay.
    pub bay_id: Option<ResourceId>,
    /// The mechanic.
    pub mechanic_id: Option<ResourceId>,
    /// Where it stands.
    pub status: AppointmentStatus,
    /// How it came in.
    pub source: Source,
    /// What the customer asked for.
    pub work: Option<String>,
    /// Canned jobs to copy onto the repair order.
    pub canned_job_ids: Vec<String>,
    /// The reminder it was booked from.
    pub reminder_rule_id: Option<ReminderRuleId>,
    /// Booked over another appointment or outside hours, confirmed by a person.
    pub overbooked: bool,
    /// The repair order made on arrival.
    pub order_id: Option<OrderId>,
}

/// A checked slot: day, minutes, bay and mechanic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub day: String,
    pub from: u32,
    pub to: u32,
    pub bay: ResourceId,
    pub mechanic: Option<ResourceId>,
}
pub(crate) const SELECT: &str = "SELECT a.id, a.site_id, a.customer_id, a.vehicle_id, a.start_at,
        a.end_at, a.bay_id, a.mechanic_id, a.status, a.source, a.work, a.canned_job_ids,
        a.reminder_rule_id, a.overbooked, a.order_id,
        c.kind, c.civility, c.first_name, c.last_name, c.company_name, v.plate, v.make, v.model
   FROM appointments a JOIN customers c ON c.id = a.customer_id
   JOIN vehicles v ON v.id = a.vehicle_id";

/// One appointment.
pub fn get(conn: &Connection, id: AppointmentId) -> Result<Appointment> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "appointment",
        id: id.to_string(),
    })?
}

/// A customer's appointments, newest first: kept, cancelled and missed.
pub fn of_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.customer_id = ?1 AND a.deleted_at IS NULL ORDER BY a.start_at DESC"
    ))?;
    stmt.query_map([customer.to_string()], from_row)?
        .map(|r| r?)
        .collect()
}

/// The appointments of `day` (YYYY-MM-DD) at `site` still expected or
/// already arrived (neither cancelled nor missed), by start time: the
/// front desk's list on the dashboard. Read from the site and start index.
pub fn of_day(conn: &Connection, site: SiteId, day: &str) -> Result<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.site_id = ?1 AND a.start_at >= ?2 || 'T' AND a.start_at < ?2 || 'U'
            AND a.deleted_at IS NULL AND a.status NOT IN ('cancelled', 'no_show')
          ORDER BY a.start_at, a.end_at, a.id"
    ))?;
    stmt.query_map(params![site.to_string(), day], from_row)?
        .map(|r| r?)
        .collect()
}

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Appointment>> {
    let status: String = r.get(8)?;
    let source: String = r.get(9)?;
    let jobs: String = r.get(11)?;
    let customer_name = customer_name(r, 15)?;
    let vehicle_label = vehicle_label(r.get(21)?, r.get(22)?);
    let ids: (String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let links: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = (r.get(6)?, r.get(7)?, r.get(12)?, r.get(14)?);
    let a = (r.get(4)?, r.get(5)?, r.get(10)?, r.get(13)?, r.get(20)?);
    Ok((|| {
        Ok(Appointment {
            id: parse_id(&ids.0, "appointments.id")?,
            site_id: parse_id(&ids.1, "appointments.site_id")?,
            customer_id: parse_id(&ids.2, "appointments.customer_id")?,
            customer_name,
            vehicle_id: parse_id(&ids.3, "appointments.vehicle_id")?,
            plate: a.4,
            vehicle_label,
            start_at: a.0,
            end_at: a.1,
            bay_id: parse_link(links.0, "appointments.bay_id")?,
            mechanic_id: parse_link(links.1, "appointments.mechanic_id")?,
            status: AppointmentStatus::parse(&status)
                .ok_or(Error::Corrupt("appointments.status"))?,
            source: Source::parse(&source).ok_or(Error::Corrupt("appointments.source"))?,
            work: a.2,
            canned_job_ids: serde_json::from_str(&jobs)
                .map_err(|_| Error::Corrupt("appointments.canned_job_ids"))?,
            reminder_rule_id: parse_link(links.2, "appointments.reminder_rule_id")?,
            overbooked: a.3,
            order_id: parse_link(links.3, "appointments.order_id")?,
        })
    })())
}

/// Reads a nullable id column, or says the stored value is corrupt.
fn parse_link<T: std::str::FromStr>(
    text: Option<String>,
    place: &'static str,
) -> Result<Option<T>> {
    text.map(|t| parse_id(&t, place)).transpose()
}

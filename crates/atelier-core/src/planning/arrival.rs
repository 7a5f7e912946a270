//! The car arrives: one action turns the appointment into a repair order.

use atelier_domain::{AppointmentId, Locale, OrderId};
use rusqlite::Transaction;
use serde::Serialize;
use serde_json::Value;

use super::appointments::{Appointment, AppointmentStatus, open, write_status};
use super::reminders;
use super::resources::get_resource;
use crate::access::Actor;
use crate::orders::{self, OrderInput, canned::apply_canned_job};
use crate::{Error, Result};

/// What arrival made.
#[derive(Clone, Debug, Serialize)]
pub struct Arrival {
    /// The appointment, now arrived.
    pub appointment: Appointment,
    /// The new estimate / repair order.
    pub order_id: OrderId,
}

/// Marks the appointment arrived and creates its order through the orders
/// API: customer, vehicle, the drop-off `mileage` asked at the desk, the
/// requested work as the customer's words, the booked mechanic assigned,
/// and the canned jobs' lines copied. An appointment booked from a reminder
/// marks that reminder done on the appointment's day at this mileage.
pub fn arrive(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: AppointmentId,
    mileage: Option<Value>,
    locale: Locale,
) -> Result<Arrival> {
    let a = open(tx, id)?;
    let mechanic_ids = match a.mechanic_id {
        Some(m) => get_resource(tx, m)?
            .user_id
            .map(|u| u.to_string())
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let input = OrderInput {
        customer_id: Some(a.customer_id.to_string()),
        vehicle_id: Some(a.vehicle_id.to_string()),
        mileage,
        complaint: a.work.clone(),
        mechanic_ids,
        ..OrderInput::default()
    };
    let order = orders::create(tx, now_ms, actor, &input, locale)?;
    for job in &a.canned_job_ids {
        let not_found = || Error::NotFound {
            entity: "canned job",
            id: job.clone(),
        };
        apply_canned_job(tx, now_ms, order.id, job.parse().map_err(|_| not_found())?)?;
    }
    if let Some(rule) = a.reminder_rule_id {
        let day = a.start_at.get(..10).unwrap_or_default();
        reminders::mark_done(tx, now_ms, a.vehicle_id, rule, day, order.mileage_km)?;
    }
    let appointment = write_status(tx, now_ms, &a, AppointmentStatus::Arrived, Some(order.id))?;
    Ok(Arrival {
        appointment,
        order_id: order.id,
    })
}

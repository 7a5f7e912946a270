//! Appointments and the workshop's planning board, and service reminders.
//!
//! Where things live:
//! - bays and mechanics with their working hours, breaks and days off:
//!   [`resources`];
//! - booking, moving, resizing, confirming, cancelling, no-shows, each kept
//!   in the appointment's history: [`appointments`];
//! - the board's day and week views, free time and the next free slot:
//!   [`slots`];
//! - the car's arrival turning into a repair order: [`arrival`];
//! - reminder rules and what is due: [`reminders`].
//!
//! Times are the workshop's local wall clock (`YYYY-MM-DDTHH:MM`), never
//! UTC: the shell passes the local date where "today" matters. Every write
//! records its operation in the outbox in the same transaction, and writes
//! nothing when it fails. Appointments and resources belong to a site;
//! reminder rules are organisation-wide.

pub mod appointment;
pub mod appointments;
pub mod arrival;
mod error;
pub mod reminders;
pub mod resources;
pub mod slots;
pub mod time;
mod words;

#[cfg(test)]
mod tests;

pub use appointments::{
    Appointment, AppointmentEvent, AppointmentInput, AppointmentStatus, SlotInput, Source, book,
    history, of_customer, reschedule, set_status,
};
pub use arrival::{Arrival, arrive};
pub use error::PlanningError;
pub use reminders::{
    DueReminder, ReminderRule, RuleInput, RuleKind, add_default_rules, create_rule, due_reminders,
    due_reminders_of, list_rules, mark_done, update_rule,
};
pub use resources::{
    DayOff, Resource, ResourceInput, ResourceKind, add_day_off, create_resource, days_off,
    list_resources, remove_day_off, set_resource_active, update_resource,
};
pub use slots::{Board, BoardBy, BoardDay, BoardItem, BoardRow, FreeSlot, board, next_free_slot};

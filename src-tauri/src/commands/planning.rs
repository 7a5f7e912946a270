//! Planning commands: the board, bookings, arrival, reminders and the
//! messages to customers. Each is one atelier-core call. `today` comes from
//! the window: the workstation's local date, where UTC could be a day off.

use atelier_core::messages::{
    self, Message, MessageKind, MessageSettings, MessageSettingsInput, Template,
};
use atelier_core::planning::{
    self, Appointment, AppointmentEvent, AppointmentInput, AppointmentStatus, Arrival, Board,
    BoardBy, DayOff, DueReminder, FreeSlot, ReminderRule, Resource, ResourceInput, RuleInput,
    SlotInput,
};
use atelier_domain::{
    AppointmentId, CustomerId, DayOffId, Locale, MessageId, ReminderRuleId, ResourceId, VehicleId,
};
use serde_json::Value;
use tauri::State;

use crate::{AppState, UiError};

#[tauri::command]
pub async fn planning_board(
    state: State<'_, AppState>,
    from_day: String,
    days: u32,
    by: BoardBy,
) -> Result<Board, UiError> {
    state
        .read(move |conn| planning::board(conn, &from_day, days, by))
        .await
}

#[tauri::command]
pub async fn next_free_slot(
    state: State<'_, AppState>,
    from_at: String,
    minutes: u32,
    bay_id: Option<ResourceId>,
    mechanic_id: Option<ResourceId>,
) -> Result<Option<FreeSlot>, UiError> {
    state
        .read(move |conn| planning::next_free_slot(conn, &from_at, minutes, bay_id, mechanic_id))
        .await
}

/// A booking, and the confirmations queued for the customer when asked (the
/// sender is woken, so they leave at once when the network is there).
#[tauri::command]
pub async fn book_appointment(
    state: State<'_, AppState>,
    input: AppointmentInput,
    force: bool,
    notify: bool,
) -> Result<Appointment, UiError> {
    let a = state
        .write(move |tx, now| messages::book(tx, now, &input, force, notify))
        .await?;
    if notify {
        state.send_messages_soon();
    }
    Ok(a)
}

#[tauri::command]
pub async fn reschedule_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    slot: SlotInput,
    force: bool,
) -> Result<Appointment, UiError> {
    state
        .write(move |tx, now| planning::reschedule(tx, now, id, &slot, force))
        .await
}

#[tauri::command]
pub async fn set_appointment_status(
    state: State<'_, AppState>,
    id: AppointmentId,
    status: AppointmentStatus,
) -> Result<Appointment, UiError> {
    state
        .write(move |tx, now| planning::set_status(tx, now, id, status))
        .await
}

#[tauri::command]
pub async fn arrive_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    mileage: Option<Value>,
) -> Result<Arrival, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| planning::arrive(tx, now, &actor, id, mileage, locale))
        .await
}

#[tauri::command]
pub async fn appointment_history(
    state: State<'_, AppState>,
    id: AppointmentId,
) -> Result<Vec<AppointmentEvent>, UiError> {
    state.read(move |conn| planning::history(conn, id)).await
}

#[tauri::command]
pub async fn customer_appointments(
    state: State<'_, AppState>,
    customer_id: CustomerId,
) -> Result<Vec<Appointment>, UiError> {
    state
        .read(move |conn| planning::of_customer(conn, customer_id))
        .await
}

#[tauri::command]
pub async fn list_resources(
    state: State<'_, AppState>,
    with_inactive: bool,
) -> Result<Vec<Resource>, UiError> {
    state
        .read(move |conn| planning::list_resources(conn, None, with_inactive))
        .await
}

#[tauri::command]
pub async fn create_resource(
    state: State<'_, AppState>,
    input: ResourceInput,
) -> Result<Resource, UiError> {
    state
        .write(move |tx, now| planning::create_resource(tx, now, None, &input))
        .await
}

#[tauri::command]
pub async fn update_resource(
    state: State<'_, AppState>,
    id: ResourceId,
    input: ResourceInput,
) -> Result<Resource, UiError> {
    state
        .write(move |tx, now| planning::update_resource(tx, now, id, &input))
        .await
}

#[tauri::command]
pub async fn set_resource_active(
    state: State<'_, AppState>,
    id: ResourceId,
    active: bool,
) -> Result<Resource, UiError> {
    state
        .write(move |tx, now| planning::set_resource_active(tx, now, id, active))
        .await
}

#[tauri::command]
pub async fn add_day_off(
    state: State<'_, AppState>,
    resource_id: String,
    day: String,
    reason: Option<String>,
) -> Result<DayOff, UiError> {
    state
        .write(move |tx, now| planning::add_day_off(tx, now, &resource_id, &day, reason.as_deref()))
        .await
}

#[tauri::command]
pub async fn remove_day_off(state: State<'_, AppState>, id: DayOffId) -> Result<(), UiError> {
    state
        .write(move |tx, now| planning::remove_day_off(tx, now, id))
        .await
}

#[tauri::command]
pub async fn list_days_off(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<DayOff>, UiError> {
    state
        .read(move |conn| planning::days_off(conn, &from, &to))
        .await
}

#[tauri::command]
pub async fn list_reminder_rules(state: State<'_, AppState>) -> Result<Vec<ReminderRule>, UiError> {
    state.read(planning::list_rules).await
}

#[tauri::command]
pub async fn create_reminder_rule(
    state: State<'_, AppState>,
    input: RuleInput,
) -> Result<ReminderRule, UiError> {
    state
        .write(move |tx, now| planning::create_rule(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn update_reminder_rule(
    state: State<'_, AppState>,
    id: ReminderRuleId,
    input: RuleInput,
) -> Result<ReminderRule, UiError> {
    state
        .write(move |tx, now| planning::update_rule(tx, now, id, &input))
        .await
}

#[tauri::command]
pub async fn add_default_reminder_rules(
    state: State<'_, AppState>,
) -> Result<Vec<ReminderRule>, UiError> {
    state.write_at(planning::add_default_rules).await
}

#[tauri::command]
pub async fn due_reminders(
    state: State<'_, AppState>,
    today: String,
    within_days: Option<i64>,
) -> Result<Vec<DueReminder>, UiError> {
    let within = within_days.unwrap_or(30);
    state
        .read(move |conn| planning::due_reminders(conn, &today, within))
        .await
}

/// Queues the reminder's messages; they leave with the next sending pass.
#[tauri::command]
pub async fn send_reminder(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    rule_id: ReminderRuleId,
    due_on: String,
) -> Result<Vec<Message>, UiError> {
    let queued = state
        .write(move |tx, now| messages::queue_reminder(tx, now, vehicle_id, rule_id, &due_on))
        .await?;
    state.send_messages_soon();
    Ok(queued)
}

#[tauri::command]
pub async fn customer_messages(
    state: State<'_, AppState>,
    customer_id: CustomerId,
) -> Result<Vec<Message>, UiError> {
    state
        .read(move |conn| messages::of_customer(conn, customer_id))
        .await
}

#[tauri::command]
pub async fn resend_message(state: State<'_, AppState>, id: MessageId) -> Result<Message, UiError> {
    let m = state
        .write(move |tx, now| messages::resend(tx, now, id))
        .await?;
    state.send_messages_soon();
    Ok(m)
}

#[tauri::command]
pub async fn message_settings(state: State<'_, AppState>) -> Result<MessageSettings, UiError> {
    state.read(messages::settings).await
}

#[tauri::command]
pub async fn save_message_settings(
    state: State<'_, AppState>,
    input: MessageSettingsInput,
) -> Result<MessageSettings, UiError> {
    state
        .write(move |tx, _| {
            let keyring = atelier_messaging::Keyring::new(atelier_core::device::device_id(tx)?);
            messages::save_settings(tx, &input, &keyring)
        })
        .await
}

#[tauri::command]
pub async fn message_template(
    state: State<'_, AppState>,
    kind: MessageKind,
    locale: Locale,
) -> Result<Template, UiError> {
    state
        .read(move |conn| messages::template(conn, kind, locale))
        .await
}

#[tauri::command]
pub async fn save_message_template(
    state: State<'_, AppState>,
    kind: MessageKind,
    locale: Locale,
    template: Template,
) -> Result<Template, UiError> {
    state
        .write(move |tx, _| messages::save_template(tx, kind, locale, &template))
        .await
}

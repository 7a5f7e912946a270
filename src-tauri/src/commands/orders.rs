//! Order commands: the board, the order page and its changes, canned jobs,
//! the bench, and the printed papers. Each is one atelier-core call; those
//! that attribute something to a person pass the one signed in.

use atelier_core::orders::bench::{self, BenchJob, BenchNote, JobCard, JobLine, PartUsedInput};
use atelier_core::orders::board::{self, BoardFilter, BoardRow};
use atelier_core::orders::canned::{self, CannedJob, CannedJobInput};
use atelier_core::orders::clock::{self, MechanicTime};
use atelier_core::orders::documents::{self, Paper};
use atelier_core::orders::inspection::{self, Inspection, InspectionPoint, PointInput};
use atelier_core::orders::recommendations::{self, Recommendation};
use atelier_core::orders::steps::{self, Step};
use atelier_core::orders::supplements;
use atelier_core::orders::{
    self, Approval, Line, LineInput, Order, OrderInput, OrderPage, OrderStatus, Supplement,
};
use atelier_core::text::today;
use atelier_domain::{
    CannedJobId, OrderId, OrderLineId, OrderStepId, RecommendationId, SupplementId, VehicleId,
};
use tauri::State;

use super::Printed;
use crate::{AppState, UiError};

#[tauri::command]
pub async fn orders_board(
    state: State<'_, AppState>,
    filter: Option<BoardFilter>,
) -> Result<Vec<BoardRow>, UiError> {
    let actor = state.require_actor()?;
    let filter = filter.unwrap_or_default();
    state
        .read(move |conn| board::board(conn, &actor, &filter))
        .await
}

#[tauri::command]
pub async fn order_page(state: State<'_, AppState>, id: OrderId) -> Result<OrderPage, UiError> {
    state
        .read_at(move |conn, now, locale| orders::page(conn, id, locale, now))
        .await
}

#[tauri::command]
pub async fn create_order(state: State<'_, AppState>, input: OrderInput) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| orders::create(tx, now, &actor, &input, locale))
        .await
}

#[tauri::command]
pub async fn update_order(
    state: State<'_, AppState>,
    id: OrderId,
    input: OrderInput,
) -> Result<Order, UiError> {
    state
        .write_at(move |tx, now, locale| orders::update(tx, now, id, &input, locale))
        .await
}

#[tauri::command]
pub async fn add_order_line(
    state: State<'_, AppState>,
    order: OrderId,
    input: LineInput,
) -> Result<Line, UiError> {
    state
        .write_at(move |tx, now, locale| orders::add_line(tx, now, order, &input, locale))
        .await
}

#[tauri::command]
pub async fn update_order_line(
    state: State<'_, AppState>,
    line_id: OrderLineId,
    input: LineInput,
) -> Result<Line, UiError> {
    state
        .write_at(move |tx, now, locale| orders::update_line(tx, now, line_id, &input, locale))
        .await
}

#[tauri::command]
pub async fn remove_order_line(
    state: State<'_, AppState>,
    line_id: OrderLineId,
) -> Result<(), UiError> {
    state
        .write(move |tx, now| orders::remove_line(tx, now, line_id))
        .await
}

#[tauri::command]
pub async fn apply_canned_job(
    state: State<'_, AppState>,
    order: OrderId,
    job_id: CannedJobId,
) -> Result<Vec<Line>, UiError> {
    state
        .write(move |tx, now| canned::apply_canned_job(tx, now, order, job_id))
        .await
}

#[tauri::command]
pub async fn accept_estimate(
    state: State<'_, AppState>,
    order: OrderId,
    approval: Approval,
) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| orders::accept_estimate(tx, now, &actor, order, &approval))
        .await
}

#[tauri::command]
pub async fn change_order_status(
    state: State<'_, AppState>,
    id: OrderId,
    to: OrderStatus,
    reason: Option<String>,
) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| orders::change_status(tx, now, &actor, id, to, reason.as_deref()))
        .await
}

#[tauri::command]
pub async fn reopen_order(
    state: State<'_, AppState>,
    id: OrderId,
    reason: String,
) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| orders::reopen(tx, now, &actor, id, &reason))
        .await
}

#[tauri::command]
pub async fn add_supplement(
    state: State<'_, AppState>,
    order: OrderId,
    title: Option<String>,
) -> Result<Supplement, UiError> {
    state
        .write(move |tx, now| supplements::add_supplement(tx, now, order, title.as_deref()))
        .await
}

#[tauri::command]
pub async fn approve_supplement(
    state: State<'_, AppState>,
    id: SupplementId,
    approval: Approval,
) -> Result<Supplement, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| supplements::approve_supplement(tx, now, &actor, id, &approval))
        .await
}

#[tauri::command]
pub async fn decline_supplement(
    state: State<'_, AppState>,
    id: SupplementId,
    reason: Option<String>,
) -> Result<Supplement, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| {
            supplements::decline_supplement(tx, now, &actor, id, reason.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn vehicle_recommendations(
    state: State<'_, AppState>,
    vehicle: VehicleId,
) -> Result<Vec<Recommendation>, UiError> {
    state
        .read(move |conn| recommendations::open_recommendations(conn, vehicle))
        .await
}

#[tauri::command]
pub async fn dismiss_recommendation(
    state: State<'_, AppState>,
    id: RecommendationId,
) -> Result<Recommendation, UiError> {
    state
        .write(move |tx, now| recommendations::dismiss_recommendation(tx, now, id))
        .await
}

#[tauri::command]
pub async fn estimate_from_recommendations(
    state: State<'_, AppState>,
    vehicle: VehicleId,
    ids: Vec<RecommendationId>,
) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            recommendations::estimate_from_recommendations(tx, now, &actor, vehicle, &ids, locale)
        })
        .await
}

#[tauri::command]
pub async fn add_step(
    state: State<'_, AppState>,
    order: OrderId,
    label: String,
) -> Result<Step, UiError> {
    state
        .write(move |tx, now| steps::add_step(tx, now, order, &label))
        .await
}

#[tauri::command]
pub async fn remove_step(state: State<'_, AppState>, id: OrderStepId) -> Result<(), UiError> {
    state
        .write(move |tx, now| steps::remove_step(tx, now, id))
        .await
}

#[tauri::command]
pub async fn list_canned_jobs(state: State<'_, AppState>) -> Result<Vec<CannedJob>, UiError> {
    state.read(canned::canned_jobs).await
}

#[tauri::command]
pub async fn create_canned_job(
    state: State<'_, AppState>,
    input: CannedJobInput,
) -> Result<CannedJob, UiError> {
    state
        .write_at(move |tx, now, locale| canned::create_canned_job(tx, now, &input, locale))
        .await
}

#[tauri::command]
pub async fn update_canned_job(
    state: State<'_, AppState>,
    id: CannedJobId,
    input: CannedJobInput,
) -> Result<CannedJob, UiError> {
    state
        .write_at(move |tx, now, locale| canned::update_canned_job(tx, now, id, &input, locale))
        .await
}

#[tauri::command]
pub async fn delete_canned_job(state: State<'_, AppState>, id: CannedJobId) -> Result<(), UiError> {
    state
        .write(move |tx, now| canned::delete_canned_job(tx, now, id))
        .await
}

/// Writes a paper of the order in the export folder and opens it in the
/// system viewer for printing.
#[tauri::command]
pub async fn print_order(
    state: State<'_, AppState>,
    id: OrderId,
    paper: Paper,
) -> Result<Printed, UiError> {
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, locale| {
            documents::write_pdf(conn, id, paper, locale, &today(now), &dir)
        })
        .await?;
    Ok(super::show(path, true))
}

#[tauri::command]
pub async fn bench_jobs(state: State<'_, AppState>) -> Result<Vec<BenchJob>, UiError> {
    let actor = state.require_actor()?;
    state
        .read_at(move |conn, now, _| bench::bench_jobs(conn, &actor, &today(now)))
        .await
}

#[tauri::command]
pub async fn job_card(state: State<'_, AppState>, order: OrderId) -> Result<JobCard, UiError> {
    let actor = state.require_actor()?;
    state
        .read_at(move |conn, now, _| bench::job_card(conn, &actor, order, now))
        .await
}

#[tauri::command]
pub async fn tick_step(state: State<'_, AppState>, id: OrderStepId) -> Result<Step, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| steps::tick_step(tx, now, &actor, id))
        .await
}

#[tauri::command]
pub async fn untick_step(state: State<'_, AppState>, id: OrderStepId) -> Result<Step, UiError> {
    state
        .write(move |tx, now| steps::untick_step(tx, now, id))
        .await
}

/// `action`: `start`, `pause` or `stop` the signed-in mechanic's clock.
#[tauri::command]
pub async fn clock_job(
    state: State<'_, AppState>,
    order: OrderId,
    action: ClockAction,
) -> Result<MechanicTime, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| match action {
            ClockAction::Start => atelier_core::orders::start_clock(tx, now, &actor, order),
            ClockAction::Pause => clock::pause_clock(tx, now, &actor, order),
            ClockAction::Stop => clock::stop_clock(tx, now, &actor, order),
        })
        .await
}

/// What a mechanic does with their clock.
#[derive(Clone, Copy, Debug, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockAction {
    /// Start or resume.
    Start,
    /// Pause (a break, another job).
    Pause,
    /// Stop: finished with this job.
    Stop,
}

#[tauri::command]
pub async fn add_part_used(
    state: State<'_, AppState>,
    order: OrderId,
    input: PartUsedInput,
) -> Result<JobLine, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| bench::add_part_used(tx, now, &actor, order, &input))
        .await
}

#[tauri::command]
pub async fn add_bench_note(
    state: State<'_, AppState>,
    order: OrderId,
    body: String,
) -> Result<BenchNote, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| bench::add_note(tx, now, &actor, order, &body))
        .await
}

#[tauri::command]
pub async fn mark_job_done(
    state: State<'_, AppState>,
    order: OrderId,
    override_reason: Option<String>,
) -> Result<Order, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| {
            atelier_core::orders::mark_done(tx, now, &actor, order, override_reason.as_deref())
        })
        .await
}

#[tauri::command]
pub async fn start_inspection(
    state: State<'_, AppState>,
    order: OrderId,
) -> Result<Inspection, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            inspection::start_inspection(tx, now, &actor, order, locale)
        })
        .await
}

#[tauri::command]
pub async fn record_inspection_point(
    state: State<'_, AppState>,
    order: OrderId,
    code: String,
    input: PointInput,
) -> Result<InspectionPoint, UiError> {
    let actor = state.require_actor()?;
    state
        .write_at(move |tx, now, locale| {
            inspection::record_point(tx, now, &actor, order, &code, &input, locale)
        })
        .await
}

#[tauri::command]
pub async fn inspection_of(
    state: State<'_, AppState>,
    order: OrderId,
) -> Result<Option<Inspection>, UiError> {
    state
        .read_at(move |conn, _, locale| inspection::of_order(conn, order, locale))
        .await
}

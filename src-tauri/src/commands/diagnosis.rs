//! Diagnosis commands: a diagnosis on a repair order at the bench (codes,
//! checks, findings, conclusion), its paper, a trouble code's page, and the
//! owner's choices (the bench's adapter, the diagnosis fee, code titles).
//! Each is one atelier-core call.

use atelier_core::diagnosis::checks::{self, CheckInput};
use atelier_core::diagnosis::findings::{self, FindingInput};
use atelier_core::diagnosis::readings::{self, ReadingInput, Recorded};
use atelier_core::diagnosis::session::{Check, Reading};
use atelier_core::diagnosis::sessions::{self, AnswerInput, StartInput, WriteUp};
use atelier_core::diagnosis::titles::{self, OwnerTitle};
use atelier_core::diagnosis::{self, Past, Session, document};
use atelier_core::diagnosis::{NodeId, Tree, TreeInput};
use atelier_core::orders::canned::{self, CannedJobName};
use atelier_core::orders::recommendations::Recommendation;
use atelier_core::pages::code::{self, CodePage};
use atelier_core::settings;
use atelier_core::text::today;
use atelier_domain::{CannedJobId, DiagnosisSessionId, DiagnosisTreeId, OrderId, VehicleId};
use tauri::State;

use super::Printed;
use crate::{AppState, UiError};

/// A vehicle's diagnoses, on every order, newest first.
#[tauri::command]
pub async fn vehicle_diagnoses(
    state: State<'_, AppState>,
    vehicle: VehicleId,
) -> Result<Vec<Past>, UiError> {
    state
        .read(move |conn| diagnosis::of_vehicle(conn, vehicle))
        .await
}

/// The latest diagnosis of an order, if any.
#[tauri::command]
pub async fn diagnosis_of(
    state: State<'_, AppState>,
    order: OrderId,
) -> Result<Option<Session>, UiError> {
    state
        .read(move |conn| Ok(diagnosis::of_order(conn, order)?.pop()))
        .await
}

#[tauri::command]
pub async fn start_diagnosis(
    state: State<'_, AppState>,
    order: OrderId,
    input: Option<StartInput>,
) -> Result<Session, UiError> {
    let actor = state.require_actor()?;
    let input = input.unwrap_or_default();
    state
        .write(move |tx, now| sessions::start(tx, now, &actor, order, &input))
        .await
}

/// Records codes typed at the bench (or read by another tool).
#[tauri::command]
pub async fn record_codes(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    input: ReadingInput,
) -> Result<Recorded, UiError> {
    let actor = state.require_actor()?;
    let input = ReadingInput {
        from_car: false,
        ..input
    };
    state
        .write(move |tx, now| readings::record(tx, now, &actor, session, &input))
        .await
}

#[tauri::command]
pub async fn record_check(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    input: CheckInput,
) -> Result<Check, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| checks::record(tx, now, &actor, session, &input))
        .await
}

#[tauri::command]
pub async fn add_finding(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    input: FindingInput,
) -> Result<Recommendation, UiError> {
    state
        .write(move |tx, now| findings::add(tx, now, session, &input))
        .await
}

#[tauri::command]
pub async fn write_up_diagnosis(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    input: WriteUp,
) -> Result<Session, UiError> {
    state
        .write(move |tx, now| sessions::write_up(tx, now, session, &input))
        .await
}

#[tauri::command]
pub async fn close_diagnosis(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
) -> Result<Session, UiError> {
    state
        .write(move |tx, now| sessions::close(tx, now, session))
        .await
}

#[tauri::command]
pub async fn reopen_diagnosis(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
) -> Result<Session, UiError> {
    state
        .write(move |tx, now| sessions::reopen(tx, now, session))
        .await
}

/// Writes the diagnosis's paper in the export folder and opens it.
#[tauri::command]
pub async fn print_diagnosis(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
) -> Result<Printed, UiError> {
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, locale| {
            document::write_pdf(conn, session, locale, &today(now), &dir)
        })
        .await?;
    Ok(super::show(path, true))
}

/// A trouble code's page: its meaning and the vehicles that had it.
#[tauri::command]
pub async fn code_page(state: State<'_, AppState>, code: String) -> Result<CodePage, UiError> {
    state
        .read_at(move |conn, _, locale| code::page(conn, &code, locale))
        .await
}

#[tauri::command]
pub async fn code_titles(state: State<'_, AppState>) -> Result<Vec<OwnerTitle>, UiError> {
    state.read(titles::owner_titles).await
}

#[tauri::command]
pub async fn set_code_title(
    state: State<'_, AppState>,
    code: String,
    make: Option<String>,
    title: Option<String>,
) -> Result<Option<OwnerTitle>, UiError> {
    state
        .write(move |tx, now| titles::set_title(tx, now, &code, make.as_deref(), title.as_deref()))
        .await
}

/// The diagnosis fee (a canned job) the owner chose, if any.
#[tauri::command]
pub async fn diagnosis_fee(state: State<'_, AppState>) -> Result<Option<CannedJobId>, UiError> {
    state.read(sessions::fee_job).await
}

#[tauri::command]
pub async fn set_diagnosis_fee(
    state: State<'_, AppState>,
    job: Option<String>,
) -> Result<Option<CannedJobId>, UiError> {
    state
        .write(move |tx, now| sessions::set_fee_job(tx, now, job.as_deref()))
        .await
}

/// This bench station's OBD-II adapter, if chosen.
#[tauri::command]
pub async fn obd_adapter(state: State<'_, AppState>) -> Result<Option<String>, UiError> {
    state.read(settings::obd_adapter).await
}

#[tauri::command]
pub async fn set_obd_adapter(
    state: State<'_, AppState>,
    address: String,
) -> Result<Option<String>, UiError> {
    state
        .write(move |tx, _| settings::set_obd_adapter(tx, &address))
        .await
}

/// Records that the car's codes were cleared, once the mechanic confirmed.
#[tauri::command]
pub async fn record_codes_cleared(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    confirmed: bool,
) -> Result<Reading, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| readings::record_clearing(tx, now, &actor, session, confirmed))
        .await
}

/// Reads the car through this bench's adapter and records what it gave;
/// the VIN fills or checks the vehicle's. The adapter is read off the
/// window's thread and the database's, with every wait bounded.
#[tauri::command]
pub async fn read_car(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
) -> Result<Recorded, UiError> {
    let actor = state.require_actor()?;
    let locale = state.locale();
    let address = adapter_address(&state).await?;
    let reading = crate::obd::read(address, locale).await?;
    let input = crate::obd::reading_input(&reading, locale);
    state
        .write(move |tx, now| readings::record(tx, now, &actor, session, &input))
        .await
}

/// Clears the car's codes through this bench's adapter, once the mechanic
/// confirmed, and records it.
#[tauri::command]
pub async fn clear_car_codes(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    confirmed: bool,
) -> Result<Reading, UiError> {
    let actor = state.require_actor()?;
    let locale = state.locale();
    // Refused before the car is touched: a closed diagnosis, no confirmation.
    state
        .read(move |conn| {
            sessions::check_open(conn, session)?;
            readings::check_clearing(confirmed)
        })
        .await?;
    let address = adapter_address(&state).await?;
    crate::obd::clear(address, locale).await?;
    state
        .write(move |tx, now| readings::record_clearing(tx, now, &actor, session, confirmed))
        .await
}

async fn adapter_address(state: &State<'_, AppState>) -> Result<String, UiError> {
    state
        .read(|conn| {
            settings::obd_adapter(conn)?.ok_or_else(|| {
                atelier_core::validation::Invalid::new(
                    atelier_core::validation::Field::ObdAdapter,
                    atelier_core::validation::Problem::Required,
                )
                .into()
            })
        })
        .await
}

/// The decision trees, archived ones with them (the editor shows them
/// apart).
#[tauri::command]
pub async fn diagnosis_trees(state: State<'_, AppState>) -> Result<Vec<Tree>, UiError> {
    state.read(diagnosis::list).await
}

/// The tree editor's form: the tree `tree` (bounds written in the
/// station's language), a copy of it to save as a new tree when `copy`, or
/// a new tree's when `tree` is `None`.
#[tauri::command]
pub async fn diagnosis_tree_form(
    state: State<'_, AppState>,
    tree: Option<DiagnosisTreeId>,
    copy: bool,
) -> Result<TreeInput, UiError> {
    let locale = state.locale();
    state
        .read(move |conn| {
            let form = diagnosis::form(conn, tree, locale)?;
            Ok(if copy { form.copy() } else { form })
        })
        .await
}

/// Saves a tree from the editor, new or edited, once it is fit.
#[tauri::command]
pub async fn save_diagnosis_tree(
    state: State<'_, AppState>,
    input: TreeInput,
) -> Result<Tree, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| diagnosis::save_tree(tx, now, &actor, &input))
        .await
}

/// Puts a tree away, or back: kept, no longer offered.
#[tauri::command]
pub async fn archive_diagnosis_tree(
    state: State<'_, AppState>,
    tree: DiagnosisTreeId,
    archived: bool,
) -> Result<Tree, UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| diagnosis::archive(tx, now, &actor, tree, archived))
        .await
}

#[tauri::command]
pub async fn delete_diagnosis_tree(
    state: State<'_, AppState>,
    tree: DiagnosisTreeId,
) -> Result<(), UiError> {
    let actor = state.require_actor()?;
    state
        .write(move |tx, now| diagnosis::delete(tx, now, &actor, tree))
        .await
}

#[tauri::command]
pub async fn choose_diagnosis_tree(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    tree: Option<DiagnosisTreeId>,
    start: Option<NodeId>,
) -> Result<Session, UiError> {
    state
        .write(move |tx, now| sessions::choose_tree(tx, now, session, tree, start))
        .await
}

#[tauri::command]
pub async fn answer_diagnosis(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
    node: NodeId,
    answer: AnswerInput,
) -> Result<Session, UiError> {
    state
        .write(move |tx, now| sessions::answer(tx, now, session, &node, answer.parse()?))
        .await
}

/// Records the conclusion the tree reached as a finding.
#[tauri::command]
pub async fn finding_from_outcome(
    state: State<'_, AppState>,
    session: DiagnosisSessionId,
) -> Result<Recommendation, UiError> {
    state
        .write(move |tx, now| findings::from_outcome(tx, now, session))
        .await
}

/// The canned jobs' names, without prices, for naming a finding's work.
#[tauri::command]
pub async fn canned_job_names(state: State<'_, AppState>) -> Result<Vec<CannedJobName>, UiError> {
    state.read(canned::names).await
}

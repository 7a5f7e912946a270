//! Sync commands: enrolling this station (owner), a round now (anyone
//! signed in), what the server refused, and the conflicts to settle.

use atelier_core::sync::{self, Enrolment, Rejected, Report, conflicts::Conflict};
use tauri::State;

use crate::{AppState, UiError};

#[tauri::command]
pub async fn sync_enrol(
    state: State<'_, AppState>,
    server: String,
    code: String,
    name: String,
) -> Result<Enrolment, UiError> {
    state.sync(move |w| w.enrol(&server, &code, &name)).await
}

/// A new workstation joins its workshop at the first run: enrolment and a
/// first round, after which the people of the workshop can sign in here.
#[tauri::command]
pub async fn sync_join(
    state: State<'_, AppState>,
    server: String,
    code: String,
    name: String,
) -> Result<Report, UiError> {
    state.sync(move |w| w.join(&server, &code, &name)).await
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> Result<Report, UiError> {
    state.sync(|w| w.round()).await
}

#[tauri::command]
pub async fn sync_rejected(state: State<'_, AppState>) -> Result<Vec<Rejected>, UiError> {
    state.read(sync::rejected).await
}

#[tauri::command]
pub async fn sync_stations(state: State<'_, AppState>) -> Result<Vec<sync::Station>, UiError> {
    state.read(sync::stations).await
}

#[tauri::command]
pub async fn sync_conflicts(
    state: State<'_, AppState>,
    entity: Option<String>,
    row_id: Option<String>,
) -> Result<Vec<Conflict>, UiError> {
    state
        .read(move |conn| {
            let row = entity.as_deref().zip(row_id.as_deref());
            sync::conflicts::open(conn, row)
        })
        .await
}

#[tauri::command]
pub async fn sync_keep(state: State<'_, AppState>, id: i64) -> Result<(), UiError> {
    let by = state.actor().map(|a| a.name);
    state
        .write(move |tx, now| sync::conflicts::keep(tx, now, id, by.as_deref()))
        .await
}

#[tauri::command]
pub async fn sync_restore(state: State<'_, AppState>, id: i64) -> Result<(), UiError> {
    let by = state.actor().map(|a| a.name);
    state
        .write(move |tx, now| sync::conflicts::restore(tx, now, id, by.as_deref()))
        .await
}

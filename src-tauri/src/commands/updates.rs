//! Update commands: the workstation's update server (owner), looking for an
//! update (anyone signed in: the quiet check at start), installing it (owner).

use atelier_core::backup::{self, Reason};
use atelier_core::journal::{self, Code};
use atelier_core::settings;
use tauri::{AppHandle, Runtime, State};

use crate::updates::{self, UpdateCheck};
use crate::{AppState, UiError};

#[tauri::command]
pub async fn update_server(state: State<'_, AppState>) -> Result<Option<String>, UiError> {
    state.read(settings::update_server).await
}

#[tauri::command]
pub async fn set_update_server(
    state: State<'_, AppState>,
    address: String,
) -> Result<Option<String>, UiError> {
    state
        .write(move |tx, _| settings::set_update_server(tx, &address))
        .await
}

#[tauri::command]
pub async fn check_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<UpdateCheck, UiError> {
    let server = state.read(settings::update_server).await?;
    updates::check(&app, server, state.locale()).await
}

/// Downloads the update, refuses it unless its signature verifies, backs
/// the database up, installs it and restarts on the new version.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<UpdateCheck, UiError> {
    let locale = state.locale();
    let server = state.read(settings::update_server).await?;
    let Some(verified) = updates::download_verified(&app, server, locale).await? else {
        return Ok(UpdateCheck::UpToDate);
    };
    let data_dir = state.data_dir().to_path_buf();
    state
        .with_db(move |db, now| {
            backup::back_up(db, &data_dir, None, Reason::BeforeUpdate, now).map(|_| ())
        })
        .await?;
    let (from, to) = (env!("CARGO_PKG_VERSION"), verified.update.version.clone());
    if let Err(e) = verified.update.install(&verified.bytes) {
        tracing::error!(error = %e, "update install failed");
        state
            .write(move |tx, now| {
                journal::record(tx, now, Code::Error, &format!("update to {to} failed: {e}"))
            })
            .await?;
        return Err(updates::install_failed(locale));
    }
    state
        .write(move |tx, now| journal::record(tx, now, Code::Update, &format!("{from} → {to}")))
        .await?;
    crate::state::stop(&state);
    tracing::info!(
        version = verified.update.version,
        "update installed; restarting"
    );
    app.restart()
}

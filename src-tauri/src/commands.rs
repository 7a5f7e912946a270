//! The commands the UI invokes. Each takes the state, calls one atelier-core
//! function, and converts its error.

mod customers;
mod vehicles;

pub use customers::*;
pub use vehicles::*;

use atelier_core::{search, settings, sync};
use atelier_domain::Locale;
use serde::Serialize;
use tauri::State;

use crate::{AppState, UiError};

/// What the About section shows.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    db_path: String,
}

/// Where a file the app wrote for the person went.
#[derive(Debug, Serialize)]
pub struct Written {
    path: String,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, UiError> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir().display().to_string(),
        db_path: state
            .data_dir()
            .join(atelier_core::DB_FILE_NAME)
            .display()
            .to_string(),
    })
}

#[tauri::command]
pub async fn get_locale(state: State<'_, AppState>) -> Result<Locale, UiError> {
    state.read(settings::locale).await
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, locale: Locale) -> Result<Locale, UiError> {
    state
        .write(move |tx, _| settings::set_locale(tx, locale))
        .await
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<sync::SyncStatus, UiError> {
    state.read(sync::status).await
}

#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: Option<u32>,
) -> Result<Vec<search::Hit>, UiError> {
    let limit = limit.unwrap_or(12);
    state
        .read(move |conn| search::search(conn, &query, limit))
        .await
}

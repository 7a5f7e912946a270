//! The commands the UI invokes. Each takes the state, calls one atelier-core
//! function, and converts its error.

use atelier_core::customers::{self, Customer, CustomerInput, ListQuery, Page, Sort};
use atelier_core::{settings, sync};
use atelier_domain::{CustomerId, Locale};
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
pub async fn list_customers(
    state: State<'_, AppState>,
    query: Option<String>,
    sort: Option<Sort>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<Page<Customer>, UiError> {
    let q = ListQuery {
        query,
        sort: sort.unwrap_or_default(),
        limit: limit.unwrap_or_default(),
        offset: offset.unwrap_or_default(),
    };
    state.read(move |conn| customers::list(conn, &q)).await
}

#[tauri::command]
pub async fn get_customer(state: State<'_, AppState>, id: CustomerId) -> Result<Customer, UiError> {
    state.read(move |conn| customers::get(conn, id)).await
}

#[tauri::command]
pub async fn create_customer(
    state: State<'_, AppState>,
    input: CustomerInput,
) -> Result<Customer, UiError> {
    state
        .write(move |tx, now| customers::create(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn update_customer(
    state: State<'_, AppState>,
    id: CustomerId,
    input: CustomerInput,
) -> Result<Customer, UiError> {
    state
        .write(move |tx, now| customers::update(tx, now, id, &input))
        .await
}

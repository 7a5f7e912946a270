//! Customer commands.

use atelier_core::customers::{self, Customer, CustomerInput, ListQuery, Page, Sort};
use atelier_core::exports::{self, CustomerFormat};
use atelier_core::import::{self, Mode, Report};
use atelier_core::journal::{self, Code};
use atelier_core::pages::customer::{self as customer_page, CustomerPage};
use atelier_core::privacy;
use atelier_domain::CustomerId;
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    query: Option<String>,
    sort: Option<Sort>,
    limit: Option<u32>,
    offset: Option<u32>,
    include_archived: Option<bool>,
) -> Result<Page<Customer>, UiError> {
    let q = ListQuery {
        query,
        sort: sort.unwrap_or_default(),
        limit: limit.unwrap_or_default(),
        offset: offset.unwrap_or_default(),
        include_archived: include_archived.unwrap_or_default(),
    };
    state.read(move |conn| customers::list(conn, &q)).await
}

#[tauri::command]
pub async fn get_customer(state: State<'_, AppState>, id: CustomerId) -> Result<Customer, UiError> {
    state.read(move |conn| customers::get(conn, id)).await
}

#[tauri::command]
pub async fn customer_page(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerPage, UiError> {
    state.read(move |conn| customer_page::page(conn, id)).await
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

#[tauri::command]
pub async fn archive_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<Customer, UiError> {
    state
        .write(move |tx, now| customers::archive(tx, now, id))
        .await
}

#[tauri::command]
pub async fn merge_customers(
    state: State<'_, AppState>,
    keep: CustomerId,
    remove: CustomerId,
) -> Result<Customer, UiError> {
    state
        .write(move |tx, now| customers::merge(tx, now, keep, remove))
        .await
}

/// « Anonymiser »: erases the customer's personal data everywhere but in
/// what the law keeps, then scrubs the file.
#[tauri::command]
pub async fn anonymise_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<Customer, UiError> {
    state
        .with_db(move |db, now| privacy::anonymise_now(db, now, id))
        .await
}

/// « Exporter (RGPD) »: everything held about the customer, as the JSON
/// file or the readable PDF, in `folder` (blank: the export folder).
#[tauri::command]
pub async fn export_customer(
    state: State<'_, AppState>,
    id: CustomerId,
    format: Option<CustomerFormat>,
    folder: Option<String>,
) -> Result<Written, UiError> {
    let dir = state.export_dir_or(folder);
    let format = format.unwrap_or(CustomerFormat::Json);
    let path = state
        .write_at(move |tx, now, locale| exports::customer(tx, now, id, format, locale, &dir))
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

/// Imports (or, with `commit` false, previews) customers and vehicles from a
/// CSV file's bytes; core decides what is kept.
#[tauri::command]
pub async fn import_customers(
    state: State<'_, AppState>,
    bytes: Vec<u8>,
    commit: bool,
    skip_invalid: bool,
) -> Result<Report, UiError> {
    let mode = Mode::new(commit, skip_invalid);
    state
        .write_at(move |tx, now, locale| import::customers_csv(tx, now, locale, &bytes, mode))
        .await
}

/// Writes the active customers and their vehicles as a CSV file in the export folder.
#[tauri::command]
pub async fn export_customers_csv(state: State<'_, AppState>) -> Result<Written, UiError> {
    let dir = state.export_dir();
    let path = state
        .write(move |tx, now| {
            let path = exports::customers_csv(tx, now, &dir)?;
            journal::record(
                tx,
                now,
                Code::Export,
                &format!("customers {}", path.display()),
            )?;
            Ok(path)
        })
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

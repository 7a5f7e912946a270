//! The e-reporting of B2C sales and the exchange with the approved
//! platform (PA): each command one call into `atelier_core::einvoice`.

use atelier_core::einvoice::platform::{
    self, FolderExchange, Folders, FoldersInput, InvoiceExchange, Pulled, ReportingPage, Sending,
};
use atelier_core::einvoice::reporting::{
    self, FrozenPeriod, Settings, SettingsInput, file, frozen,
};
use atelier_domain::{EreportPeriodId, InvoiceId};
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

/// Réglages › Facturation électronique and the e-reporting screen: the
/// settings, the folders, the periods due and those frozen with their
/// sendings.
#[tauri::command]
pub async fn ereporting_page(state: State<'_, AppState>) -> Result<ReportingPage, UiError> {
    state.read_at(platform::reporting_page).await
}

/// Saves the VAT regime, VAT on debits and the first day reported.
#[tauri::command]
pub async fn save_ereporting_settings(
    state: State<'_, AppState>,
    input: SettingsInput,
) -> Result<Settings, UiError> {
    state
        .write(move |tx, now| reporting::save_settings(tx, now, &input))
        .await
}

/// Saves this workstation's exchange folders with the PA.
#[tauri::command]
pub async fn save_exchange_folders(
    state: State<'_, AppState>,
    input: FoldersInput,
) -> Result<Folders, UiError> {
    state
        .write(move |tx, _| platform::set_folders(tx, &input))
        .await
}

/// « Figer »: freezes the period holding `day` at this station.
#[tauri::command]
pub async fn freeze_ereport_period(
    state: State<'_, AppState>,
    day: String,
) -> Result<FrozenPeriod, UiError> {
    state
        .write(move |tx, now| frozen::freeze(tx, now, &day))
        .await
}

/// « Envoyer »: drops the frozen period's file in the outgoing folder.
#[tauri::command]
pub async fn send_ereport_period(
    state: State<'_, AppState>,
    id: EreportPeriodId,
) -> Result<Sending, UiError> {
    state
        .with_db(move |db, now| {
            let exchange = FolderExchange::of_settings(db.conn())?;
            platform::send_period(db, &exchange, now, id)
        })
        .await
}

/// « Exporter »: writes the frozen period's file in `folder` (blank: the
/// export folder).
#[tauri::command]
pub async fn export_ereport_period(
    state: State<'_, AppState>,
    id: EreportPeriodId,
    folder: Option<String>,
) -> Result<Written, UiError> {
    let dir = state.export_dir_or(folder);
    let path = state
        .write(move |tx, now| file::export(tx, now, id, &dir))
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

/// Sends an issued invoice or credit note to the PA (its PDF as stored).
#[tauri::command]
pub async fn send_invoice_to_platform(
    state: State<'_, AppState>,
    id: InvoiceId,
) -> Result<Sending, UiError> {
    state
        .with_db(move |db, now| {
            let exchange = FolderExchange::of_settings(db.conn())?;
            platform::send_invoice(db, &exchange, now, id)
        })
        .await
}

/// Takes in the lifecycle statuses waiting in the incoming folder.
#[tauri::command]
pub async fn fetch_platform_statuses(state: State<'_, AppState>) -> Result<Pulled, UiError> {
    let locale = state.locale();
    state
        .with_db(move |db, now| {
            let exchange = FolderExchange::of_settings(db.conn())?;
            platform::pull(db, &exchange, now, locale)
        })
        .await
}

/// An invoice's sendings and lifecycle statuses, for its page.
#[tauri::command]
pub async fn invoice_exchange(
    state: State<'_, AppState>,
    id: InvoiceId,
) -> Result<InvoiceExchange, UiError> {
    state
        .read_at(move |conn, _, locale| platform::of_invoice(conn, id, locale))
        .await
}

//! Suppliers' e-invoices: import (a file dropped or picked, or a path the
//! window's drop gave), the match with its purchase order, « Réceptionner »,
//! rejection, the lists and the accounts payable, payment, and the watched
//! folder of Réglages. Each a call into `atelier_core::einvoice::inbound`.

use std::path::PathBuf;

use atelier_core::einvoice::inbound::{
    self, Filter, Matching, Payables, PaymentMethod, Preview, SupplierInvoice,
};
use atelier_core::text::today;
use atelier_domain::{SupplierId, SupplierInvoiceId};
use tauri::State;

use crate::{AppState, UiError};

/// A file's bytes as the window sends them, or the path of a file dropped
/// on the window (the native drop gives paths, not bytes).
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum Incoming {
    /// The bytes read by the window from a picked file.
    Bytes {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// Its name.
        name: Option<String>,
    },
    /// A file on this station.
    Path {
        /// Where it is.
        path: String,
    },
}

impl Incoming {
    fn take(self) -> Result<(Vec<u8>, Option<String>), atelier_core::Error> {
        match self {
            Incoming::Bytes { bytes, name } => Ok((bytes, name)),
            Incoming::Path { path } => {
                let path = PathBuf::from(path);
                let bytes = std::fs::read(&path).map_err(|source| atelier_core::Error::Export {
                    path: path.clone(),
                    source,
                })?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                Ok((bytes, name))
            }
        }
    }
}

/// What a file holds and which supplier it is from, before importing.
#[tauri::command]
pub async fn preview_supplier_invoice(
    state: State<'_, AppState>,
    file: Incoming,
) -> Result<Preview, UiError> {
    state
        .read(move |conn| {
            let (bytes, _) = file.take()?;
            inbound::preview(conn, &bytes)
        })
        .await
}

/// Imports a supplier's e-invoice (for `supplier_id` when the person chose
/// it) and answers its match with the purchase order.
#[tauri::command]
pub async fn import_supplier_invoice(
    state: State<'_, AppState>,
    file: Incoming,
    supplier_id: Option<SupplierId>,
) -> Result<Matching, UiError> {
    state
        .write(move |tx, now| {
            let (bytes, name) = file.take()?;
            let page = inbound::import(tx, now, &bytes, name.as_deref(), supplier_id)?;
            inbound::matching(tx, page.invoice.id)
        })
        .await
}

#[tauri::command]
pub async fn supplier_invoice_matching(
    state: State<'_, AppState>,
    id: SupplierInvoiceId,
) -> Result<Matching, UiError> {
    state.read(move |conn| inbound::matching(conn, id)).await
}

/// « Réceptionner »: the invoiced parts received on the matched order.
#[tauri::command]
pub async fn accept_supplier_invoice(
    state: State<'_, AppState>,
    id: SupplierInvoiceId,
) -> Result<Matching, UiError> {
    state
        .write(move |tx, now| inbound::accept(tx, now, id))
        .await
}

#[tauri::command]
pub async fn reject_supplier_invoice(
    state: State<'_, AppState>,
    id: SupplierInvoiceId,
    reason: String,
) -> Result<SupplierInvoice, UiError> {
    state
        .write(move |tx, now| inbound::reject(tx, now, id, &reason))
        .await
}

#[tauri::command]
pub async fn list_supplier_invoices(
    state: State<'_, AppState>,
    filter: Option<Filter>,
) -> Result<Vec<SupplierInvoice>, UiError> {
    let filter = filter.unwrap_or_default();
    state.read(move |conn| inbound::list(conn, &filter)).await
}

/// The accounts payable today.
#[tauri::command]
pub async fn supplier_payables(state: State<'_, AppState>) -> Result<Payables, UiError> {
    state
        .read_at(|conn, now, _| inbound::payables(conn, &today(now)))
        .await
}

#[tauri::command]
pub async fn mark_supplier_invoice_paid(
    state: State<'_, AppState>,
    id: SupplierInvoiceId,
    paid_on: String,
    method: PaymentMethod,
) -> Result<SupplierInvoice, UiError> {
    state
        .write(move |tx, now| inbound::mark_paid(tx, now, id, &paid_on, method))
        .await
}

/// The watched folder of this workstation, if any.
#[tauri::command]
pub async fn einvoice_folder(state: State<'_, AppState>) -> Result<Option<String>, UiError> {
    state.read(inbound::folder).await
}

/// Chooses the watched folder; blank stops watching.
#[tauri::command]
pub async fn set_einvoice_folder(
    state: State<'_, AppState>,
    path: String,
) -> Result<Option<String>, UiError> {
    state
        .write(move |tx, _| inbound::set_folder(tx, &path))
        .await
}

//! The till law's commands: closing the day and its Z report, every
//! station's closures, the technical-event journal, the integrity check
//! and the fiscal year.

use atelier_core::integrity::{self, Integrity};
use atelier_core::journal::{self, Entry};
use atelier_core::till::closures::{self, Closure, Kind};
use atelier_core::till::fiscal::{self, FiscalYear, FiscalYearInput};
use atelier_core::{device, text::today};
use serde::Serialize;
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

/// A day's closure at this station, as the Z report prints it.
#[derive(Debug, Serialize)]
pub struct DayClosure {
    /// The day.
    pub day: String,
    /// This workstation.
    pub station: String,
    /// Its closure, once made.
    pub closure: Option<Closure>,
    /// Whether « Clôturer la journée » applies: the day is today, still open.
    pub can_close: bool,
}

/// Closes today at this station (every open day up to it): « Clôturer la
/// journée ». Returns today's closure, which the Z report prints.
#[tauri::command]
pub async fn close_day(state: State<'_, AppState>) -> Result<DayClosure, UiError> {
    state
        .with_db(|db, now| {
            closures::close_today(db, now)?;
            let station = device::station(db.conn())?;
            let own = device::device_id(db.conn())?.to_string();
            let day = today(now);
            let closure = closures::find(db.conn(), &own, Kind::Day, &day)?;
            Ok(DayClosure {
                day,
                station,
                closure,
                can_close: false,
            })
        })
        .await
}

/// This station's closure of `day` (today when none), if it was closed.
#[tauri::command]
pub async fn day_closure(
    state: State<'_, AppState>,
    day: Option<String>,
) -> Result<DayClosure, UiError> {
    state
        .read_at(move |conn, now, _| {
            let station = device::station(conn)?;
            let own = device::device_id(conn)?.to_string();
            let day = day.filter(|d| !d.is_empty()).unwrap_or_else(|| today(now));
            let closure = closures::find(conn, &own, Kind::Day, &day)?;
            Ok(DayClosure {
                can_close: closure.is_none() && day == today(now),
                day,
                station,
                closure,
            })
        })
        .await
}

/// Every station's closures this database holds, newest first.
#[tauri::command]
pub async fn list_closures(
    state: State<'_, AppState>,
    filter: Option<closures::Filter>,
) -> Result<Vec<Closure>, UiError> {
    let filter = filter.unwrap_or_default();
    state.read(move |conn| closures::list(conn, &filter)).await
}

/// The technical-event journal, newest first.
#[tauri::command]
pub async fn list_journal(
    state: State<'_, AppState>,
    filter: Option<journal::Filter>,
) -> Result<Vec<Entry>, UiError> {
    let filter = filter.unwrap_or_default();
    state.read(move |conn| journal::list(conn, &filter)).await
}

/// Writes the journal entries matching `filter` as CSV in the export
/// folder; the export itself is journalled.
#[tauri::command]
pub async fn export_journal(
    state: State<'_, AppState>,
    filter: Option<journal::Filter>,
) -> Result<Written, UiError> {
    let filter = filter.unwrap_or_default();
    let dir = state.export_dir();
    let path = state
        .write_at(move |tx, now, locale| journal::export(tx, now, &filter, locale, &dir))
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

/// Checks the invoices, the closures and the journal; the check is journalled.
#[tauri::command]
pub async fn check_integrity(state: State<'_, AppState>) -> Result<Integrity, UiError> {
    let locale = state.locale();
    state
        .with_db(move |db, now| integrity::check(db, now, locale))
        .await
}

/// The fiscal year as set.
#[tauri::command]
pub async fn fiscal_year(state: State<'_, AppState>) -> Result<FiscalYear, UiError> {
    state.read(fiscal::get).await
}

/// Saves the fiscal year.
#[tauri::command]
pub async fn save_fiscal_year(
    state: State<'_, AppState>,
    input: FiscalYearInput,
) -> Result<FiscalYear, UiError> {
    state
        .write(move |tx, now| fiscal::save(tx, now, &input))
        .await
}

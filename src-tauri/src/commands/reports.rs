//! The dashboard and the owner's reports: each a read of atelier-core.

use atelier_core::invoices::reports::{Unpaid, unpaid_at};
use atelier_core::pages::dashboard::Dashboard;
use atelier_core::reports::csv::{self, ReportKind};
use atelier_core::reports::{
    self, PartsReport, Productivity, ReportQuery, Revenue, Scope, VatReport,
};
use atelier_core::text::today;
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

/// The signed-in person's dashboard: core decides which panels their roles see.
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, UiError> {
    let actor = state.require_actor()?;
    state
        .read_at(move |conn, now, _| {
            atelier_core::pages::dashboard::dashboard(conn, &actor, &today(now))
        })
        .await
}

#[tauri::command]
pub async fn report_revenue(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Result<Revenue, UiError> {
    state
        .read_at(move |conn, now, _| reports::revenue(conn, &Scope::of(&query, &today(now))?))
        .await
}

#[tauri::command]
pub async fn report_productivity(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Result<Productivity, UiError> {
    state
        .read_at(move |conn, now, _| {
            reports::productivity(conn, &Scope::of(&query, &today(now))?, now)
        })
        .await
}

#[tauri::command]
pub async fn report_parts(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Result<PartsReport, UiError> {
    state
        .read_at(move |conn, now, _| reports::parts(conn, &Scope::of(&query, &today(now))?))
        .await
}

#[tauri::command]
pub async fn report_vat(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Result<VatReport, UiError> {
    state
        .read_at(move |conn, now, _| reports::vat(conn, &Scope::of(&query, &today(now))?))
        .await
}

/// The receivables by age as of today, of the site asked for or all.
#[tauri::command]
pub async fn report_ageing(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> Result<Unpaid, UiError> {
    state
        .read_at(move |conn, now, _| {
            let day = today(now);
            let scope = Scope::of(&query, &day)?;
            unpaid_at(conn, None, scope.site_id, &day)
        })
        .await
}

/// Writes one report's table as CSV in the export folder.
#[tauri::command]
pub async fn export_report(
    state: State<'_, AppState>,
    kind: ReportKind,
    query: ReportQuery,
) -> Result<Written, UiError> {
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, locale| {
            let day = today(now);
            let scope = Scope::of(&query, &day)?;
            csv::write(conn, kind, &scope, &day, now, locale, &dir)
        })
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

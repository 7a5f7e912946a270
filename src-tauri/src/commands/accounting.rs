//! The owner's accounting in Réglages: the FEC's account numbers and the
//! FEC export itself, each a call into `atelier_core::fec`.

use atelier_core::fec::{self, Accounts, AccountsInput, Exported, Separator};
use atelier_core::journal::{self, Code};
use atelier_core::reports::Period;
use atelier_core::text::today;
use serde::Serialize;
use tauri::State;

use crate::{AppState, UiError};

/// What the Comptabilité section opens with.
#[derive(Debug, Serialize)]
pub struct AccountingForm {
    /// The account numbers in force.
    accounts: Accounts,
    /// The fiscal year under way, proposed as the period.
    period: Period,
    /// Where the file goes unless another folder is typed.
    folder: String,
}

#[tauri::command]
pub async fn accounting_form(state: State<'_, AppState>) -> Result<AccountingForm, UiError> {
    let folder = state.export_dir().display().to_string();
    state
        .read_at(move |conn, now, _| {
            Ok(AccountingForm {
                accounts: fec::accounts::get(conn)?,
                period: fec::fiscal_year(conn, &today(now))?,
                folder,
            })
        })
        .await
}

#[tauri::command]
pub async fn save_accounts(
    state: State<'_, AppState>,
    input: AccountsInput,
) -> Result<Accounts, UiError> {
    state
        .write(move |tx, now| fec::accounts::save(tx, now, &input))
        .await
}

/// « Exporter le FEC »: the period's file in `folder` (blank: the export
/// folder), zones separated by `|` unless `separator` says tab.
#[tauri::command]
pub async fn export_fec(
    state: State<'_, AppState>,
    from: String,
    to: String,
    separator: Option<Separator>,
    folder: Option<String>,
) -> Result<Exported, UiError> {
    let dir = state.export_dir_or(folder);
    let exported = state
        .write(move |tx, now| {
            let period = fec::period(&from, &to)?;
            let exported = fec::export(tx, &period, separator.unwrap_or_default(), &dir)?;
            journal::record(
                tx,
                now,
                Code::Export,
                &format!(
                    "FEC {}..{} {} ({} entries)",
                    period.from,
                    period.to,
                    exported.path.display(),
                    exported.entries
                ),
            )?;
            Ok(exported)
        })
        .await?;
    tracing::info!(entries = exported.entries, "FEC exported");
    Ok(exported)
}

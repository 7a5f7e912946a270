//! Backup commands, for the owner in Réglages: where backups go, the last
//! one's result, taking one now, and restoring one.

use atelier_core::backup::{self, Outcome, Overview, Reason, Summary};
use atelier_core::cipher::RecoveryKey;
use atelier_core::startup::{self, Restored};
use tauri::State;

use crate::{AppState, UiError};

#[tauri::command]
pub async fn backup_state(state: State<'_, AppState>) -> Result<Overview, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    state
        .read(move |conn| backup::overview(conn, &data_dir))
        .await
}

#[tauri::command]
pub async fn set_backup_folder(
    state: State<'_, AppState>,
    path: String,
) -> Result<String, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    state
        .write(move |tx, _| backup::set_folder(tx, &path, &data_dir))
        .await
        .map(|p| p.display().to_string())
}

/// « Sauvegarder maintenant »: a checked backup into the folder, remembered
/// as the last one whether it worked or not.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<Outcome, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    state
        .with_db(move |db, now| backup::back_up(db, &data_dir, None, Reason::Manual, now))
        .await
}

#[tauri::command]
pub async fn inspect_backup(
    state: State<'_, AppState>,
    path: String,
    recovery_key: Option<String>,
) -> Result<Summary, UiError> {
    let station = state.recovery_key();
    state
        .read(move |_| {
            let typed = typed_key(recovery_key.as_deref())?;
            let keys = backup::Keys {
                station: station.as_ref(),
                typed: typed.as_ref(),
            };
            backup::inspect(std::path::Path::new(&path), keys)
        })
        .await
}

/// The recovery key a person typed for a backup of another station, if any.
fn typed_key(text: Option<&str>) -> atelier_core::Result<Option<RecoveryKey>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Ok(Some(text.parse::<RecoveryKey>()?)),
    }
}

/// Restores a backup over this station's database, verifies its invoice
/// chains, then starts over from the sign-in on the restored data.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    recovery_key: Option<String>,
) -> Result<Restored, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    let downloads = data_dir.join(OFFSITE_DOWNLOADS);
    let file = std::path::PathBuf::from(&path);
    let restored = state
        .with_db(move |db, now| {
            let typed = typed_key(recovery_key.as_deref())?;
            let path = std::path::Path::new(&path);
            startup::restore(db, &data_dir, path, typed.as_ref(), now)
        })
        .await?;
    tracing::info!(invoices_intact = restored.invoices.clean, "backup restored");
    // An off-site copy fetched for this restore has served (it stays on the
    // server): its download, as big as a database, goes. One whose restore
    // failed stays, so that trying again with the right key downloads nothing.
    if file.starts_with(&downloads) {
        std::fs::remove_file(&file).ok();
    }
    state.start_over().await?;
    Ok(restored)
}

/// « Exporter un diagnostic »: a zip of versions, the database's shape, the
/// backups' state and the logs, without customer data, in the export folder.
#[tauri::command]
pub async fn export_diagnostic(state: State<'_, AppState>) -> Result<super::Written, UiError> {
    let facts = atelier_core::diagnostic::AppFacts {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        logs_dir: crate::logging::dir(state.data_dir()),
        data_dir: state.data_dir().to_path_buf(),
    };
    let dir = state.export_dir();
    let path = state
        .read_at(move |conn, now, _| atelier_core::diagnostic::export(conn, &facts, &dir, now))
        .await?;
    tracing::info!("diagnostic exported");
    Ok(super::Written {
        path: path.display().to_string(),
    })
}

/// Where off-site copies are downloaded, in the data directory.
const OFFSITE_DOWNLOADS: &str = "offsite";

/// The off-site copies of backups on the station's sync server that it may
/// restore: its site's stations' (every site's for an owner's station).
#[tauri::command]
pub async fn offsite_backups(
    state: State<'_, AppState>,
) -> Result<atelier_domain::offsite::OffsiteListing, UiError> {
    state.sync(|worker| worker.offsite()).await
}

/// Downloads an off-site copy into the data directory's `offsite/` folder
/// (resuming a cut download) and returns its path, restored then as any
/// backup is, with the recovery key of the station that took it.
#[tauri::command]
pub async fn fetch_offsite(
    state: State<'_, AppState>,
    device: String,
    name: String,
) -> Result<String, UiError> {
    let folder = state.data_dir().join(OFFSITE_DOWNLOADS);
    let locale = state.locale();
    let device: atelier_domain::DeviceId = device
        .parse()
        .map_err(|_| UiError::from_core(&atelier_core::Error::Corrupt("device id"), locale))?;
    state
        .sync(move |worker| worker.fetch_offsite(device, &name, &folder))
        .await
        .map(|path| path.display().to_string())
}

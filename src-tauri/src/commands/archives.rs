//! The signed fiscal archives, the owner's: the registry with each file's
//! state, the periods closed and not archived yet, making one (the signing
//! key from the OS keyring, through atelier-keys) and verifying a file.

use atelier_core::archives::{self, Listed, Made, Period, Verification};
use atelier_core::device;
use atelier_core::till::closures;
use tauri::State;

use crate::{AppState, UiError};

/// The archives this station made, each with whether its file is still
/// where it was and intact.
#[tauri::command]
pub async fn list_archives(state: State<'_, AppState>) -> Result<Vec<Listed>, UiError> {
    state.read(archives::list).await
}

/// The monthly and fiscal-year closures of this station with no archive yet.
#[tauri::command]
pub async fn archives_due(state: State<'_, AppState>) -> Result<Vec<Period>, UiError> {
    state.read(archives::due).await
}

/// Makes the signed archive of a month (`YYYY-MM`) or of a fiscal year
/// (`start` and `end`, YYYY-MM-DD) into the backup folder's `archives/`.
#[tauri::command]
pub async fn make_archive(
    state: State<'_, AppState>,
    month: Option<String>,
    start: Option<String>,
    end: Option<String>,
) -> Result<Made, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    let made = state
        .with_db(move |db, now| {
            // The periods that ended are closed first, so the archive
            // carries the period's closure.
            closures::close(db, now, None)?;
            let station = archives::this_station(db.conn())?;
            let period = match month {
                Some(month) => Period::month(&station, &month)?,
                None => Period::year(
                    &station,
                    start.as_deref().unwrap_or_default(),
                    end.as_deref().unwrap_or_default(),
                )?,
            };
            let dir = archives::folder(db.conn(), &data_dir)?;
            let key = atelier_keys::signing_key(device::device_id(db.conn())?)?;
            archives::make(db, &period, &key, &dir, now)
        })
        .await?;
    tracing::info!(bytes = made.bytes, "archive made");
    Ok(made)
}

/// Closes the periods that ended, then makes every archive due (each month
/// and fiscal year closed without one).
#[tauri::command]
pub async fn make_due_archives(state: State<'_, AppState>) -> Result<Vec<Made>, UiError> {
    let data_dir = state.data_dir().to_path_buf();
    state
        .with_db(move |db, now| {
            closures::close(db, now, None)?;
            let dir = archives::folder(db.conn(), &data_dir)?;
            let key = atelier_keys::signing_key(device::device_id(db.conn())?)?;
            archives::make_due(db, &key, &dir, now)
        })
        .await
}

/// Proves an archive file intact (signed with this station's key) or names
/// what changed, in the station's language; the check is journalled.
#[tauri::command]
pub async fn verify_archive(
    state: State<'_, AppState>,
    path: String,
) -> Result<Verification, UiError> {
    let locale = state.locale();
    state
        .with_db(move |db, now| archives::check(db, std::path::Path::new(&path), now, locale))
        .await
}

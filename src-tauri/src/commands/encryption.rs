//! The station's encryption, for the owner: the recovery key shown once
//! after it was made (set-up, or the encryption of a plain database) and
//! again on demand after the owner's password, and where things stand for
//! Réglages.

use atelier_core::{startup, users, workshop};
use serde::Serialize;
use tauri::State;

use crate::{AppState, UiError};

/// The recovery key as the owner's sheet shows it.
#[derive(Debug, Serialize)]
pub struct RecoveryKeySheet {
    /// The key, `XXXX-XXXX-…`.
    pub key: String,
    /// The workshop it belongs to.
    pub workshop: String,
    /// The station's invoice series, which names it.
    pub station: Option<String>,
    /// Where the database lives on this machine.
    pub data_dir: String,
}

/// Whether the database is encrypted, and whether its recovery key is
/// still to be noted, for Réglages.
#[derive(Debug, Serialize)]
pub struct EncryptionState {
    /// The database (and its backups) are encrypted.
    pub encrypted: bool,
    /// The recovery key has not been noted yet.
    pub pending: bool,
}

/// The sheet of this station's key, `None` when its database is plain.
async fn sheet(state: &AppState) -> Result<Option<RecoveryKeySheet>, UiError> {
    let Some(key) = state.recovery_key() else {
        return Ok(None);
    };
    let data_dir = state.data_dir().display().to_string();
    state
        .read(move |conn| {
            Ok(Some(RecoveryKeySheet {
                key: key.to_string(),
                workshop: workshop::get(conn).map(|w| w.name).unwrap_or_default(),
                station: workshop::station(conn)?.series_prefix,
                data_dir,
            }))
        })
        .await
}

/// The recovery key, when it was made and not yet noted: shown to the
/// owner after the set-up, or at their first sign-in after the station
/// encrypted its database. `None` otherwise.
#[tauri::command]
pub async fn recovery_key_pending(
    state: State<'_, AppState>,
) -> Result<Option<RecoveryKeySheet>, UiError> {
    let pending = state.read(startup::recovery_pending).await?;
    if !pending {
        return Ok(None);
    }
    sheet(&state).await
}

/// The owner noted the recovery key: it is no longer shown by itself.
#[tauri::command]
pub async fn recovery_key_noted(state: State<'_, AppState>) -> Result<(), UiError> {
    state
        .with_db(|db, _| startup::set_recovery_pending(db, false))
        .await
}

/// The recovery key again, for the owner who types their password (checked
/// as a sign-in is, with its slow-down and lockout).
#[tauri::command]
pub async fn show_recovery_key(
    state: State<'_, AppState>,
    password: String,
) -> Result<RecoveryKeySheet, UiError> {
    let actor = state.require_actor()?;
    let Some(id) = actor.user else {
        return Err(UiError::not_open());
    };
    state
        .with_db(move |db, now| {
            let login = users::get(db.conn(), id)?.login;
            users::sign_in(db, now, &login, &password).map(|_| ())
        })
        .await?;
    sheet(&state).await?.ok_or_else(UiError::not_open)
}

/// Whether the station's data is encrypted, for Réglages.
#[tauri::command]
pub async fn encryption_state(state: State<'_, AppState>) -> Result<EncryptionState, UiError> {
    let encrypted = state.recovery_key().is_some();
    let pending = state.read(startup::recovery_pending).await?;
    Ok(EncryptionState { encrypted, pending })
}

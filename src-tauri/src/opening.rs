//! Opening the station's database at launch, before the window's work can
//! start: its key from the OS keyring, a new key for a new station, a plain
//! database encrypted while the window shows how far it is, or the owner's
//! recovery key asked for when the keyring lost the key (docs/architecture.md,
//! "Data at rest").
//!
//! Until the database is open, the window has only this gate
//! ([`station_gate`], [`unlock_station`]); [`AppState`] is managed once it
//! is, and the window starts over on it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use atelier_core::cipher::{FileState, RecoveryKey};
use atelier_core::{Error, startup};
use atelier_domain::Locale;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::state::now_ms;
use crate::{AppState, SYNC_ROUND_EVENT, UiError};

/// Where opening the database stands, as the window's gate shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    /// The database is being opened.
    Opening,
    /// A plain database is being encrypted: bytes written of all.
    Encrypting {
        /// Bytes of the encrypted copy written.
        done: u64,
        /// Bytes in all.
        total: u64,
    },
    /// The database is encrypted and its key is not at hand: the recovery
    /// key is asked for. `reason`: `key_missing` (the keyring has none),
    /// `key_wrong` (its key does not open it), `no_keyring` (no keyring).
    Locked {
        /// Why.
        reason: &'static str,
    },
    /// The database is open: the window starts.
    Ready,
    /// It could not be opened; the message says why, in French and English.
    Failed {
        /// In French.
        fr: String,
        /// In English.
        en: String,
    },
}

/// The gate's own state, managed from the start.
#[derive(Debug)]
pub struct Opening {
    phase: Mutex<Phase>,
    data_dir: PathBuf,
    export_dir: PathBuf,
}

impl Opening {
    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(PoisonError::into_inner) = phase;
    }

    fn phase(&self) -> Phase {
        self.phase
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// What the keyring and the database file say to do.
enum Decision {
    /// Open it: encrypted under the key, or plain without a keyring. `made`
    /// says the key was made now (a new station), so the owner is shown it.
    Open {
        recovery: Option<RecoveryKey>,
        made: bool,
    },
    /// Encrypt the plain database under this key (kept in the keyring
    /// already), then open it.
    Encrypt(RecoveryKey),
    /// Ask for the recovery key.
    Locked(&'static str),
}

fn decide(data_dir: &Path) -> atelier_core::Result<Decision> {
    let file = startup::state(data_dir)?;
    let stored = atelier_keys::recovery_key(data_dir);
    if let Err(why) = &stored {
        tracing::warn!(detail = %why.0, "no keyring: the database key cannot be kept");
    }
    Ok(match (file, stored) {
        (FileState::Encrypted { .. }, Ok(Some(recovery))) => Decision::Open {
            recovery: Some(recovery),
            made: false,
        },
        (FileState::Encrypted { .. }, Ok(None)) => Decision::Locked("key_missing"),
        (FileState::Encrypted { .. }, Err(_)) => Decision::Locked("no_keyring"),
        // No keyring to keep a key in: the station works, unencrypted, and
        // Réglages says so.
        (FileState::Missing | FileState::Plain, Err(_)) => Decision::Open {
            recovery: None,
            made: false,
        },
        // A key the keyring kept for this folder (a database deleted, or a
        // conversion cut off before its end) is used again.
        (FileState::Missing, Ok(Some(recovery))) => Decision::Open {
            recovery: Some(recovery),
            made: true,
        },
        (FileState::Plain, Ok(Some(recovery))) => Decision::Encrypt(recovery),
        (state, Ok(None)) => {
            let recovery = RecoveryKey::generate();
            match atelier_keys::keep_recovery_key(data_dir, &recovery) {
                Err(why) => {
                    tracing::warn!(detail = %why.0, "the keyring did not keep the database key");
                    Decision::Open {
                        recovery: None,
                        made: false,
                    }
                }
                Ok(()) if state == FileState::Plain => Decision::Encrypt(recovery),
                Ok(()) => Decision::Open {
                    recovery: Some(recovery),
                    made: true,
                },
            }
        }
    })
}

/// Opens the station's database in `data_dir` for the window: at once when
/// its key is at hand (the usual launch), in the background when it must
/// be encrypted first, or not before the owner types the recovery key.
/// An error only when the database cannot be opened at all.
pub fn start<R: Runtime>(
    app: &AppHandle<R>,
    data_dir: PathBuf,
    export_dir: PathBuf,
) -> atelier_core::Result<()> {
    let decision = decide(&data_dir)?;
    let opening = Arc::new(Opening {
        phase: Mutex::new(Phase::Opening),
        data_dir,
        export_dir,
    });
    app.manage(Arc::clone(&opening));
    match decision {
        Decision::Open { recovery, made } => match open(app, &opening, recovery, made, None) {
            Err(Error::Cipher(atelier_core::cipher::CipherError::WrongKey)) => {
                opening.set(Phase::Locked {
                    reason: "key_wrong",
                });
            }
            other => other?,
        },
        Decision::Encrypt(recovery) => {
            opening.set(Phase::Encrypting { done: 0, total: 0 });
            let app = app.clone();
            std::thread::Builder::new()
                .name("encrypt-database".into())
                .spawn(move || encrypt(&app, &opening, &recovery))
                .map_err(|_| Error::Corrupt("no thread to encrypt the database"))?;
        }
        Decision::Locked(reason) => opening.set(Phase::Locked { reason }),
    }
    Ok(())
}

/// Encrypts the plain database, then opens it. A conversion that fails
/// leaves the database as it was: the station opens it plain, journals
/// why, and tries again at the next launch.
fn encrypt<R: Runtime>(app: &AppHandle<R>, opening: &Opening, recovery: &RecoveryKey) {
    let started = std::time::Instant::now();
    let done = startup::encrypt(&opening.data_dir, recovery, now_ms(), &|done, total| {
        opening.set(Phase::Encrypting { done, total });
    });
    let opened = match done {
        Ok(()) => {
            tracing::info!(ms = started.elapsed().as_millis(), "database encrypted");
            open(
                app,
                opening,
                Some(recovery.clone()),
                true,
                Some("database encrypted"),
            )
        }
        Err(e) => {
            tracing::error!(code = e.code(), "database not encrypted; opened as it was");
            let why = format!("encryption failed: {}", e.message(Locale::En));
            open(app, opening, None, false, Some(&why))
        }
    };
    if let Err(e) = opened {
        opening.set(failed(&e));
    }
}

fn failed(e: &Error) -> Phase {
    Phase::Failed {
        fr: e.message(Locale::Fr),
        en: e.message(Locale::En),
    }
}

/// Opens the database into the [`AppState`] the commands use, starts its
/// background rounds, and marks the recovery key to show when it was just
/// made; `journal` is written in the station's journal once open.
fn open<R: Runtime>(
    app: &AppHandle<R>,
    opening: &Opening,
    recovery: Option<RecoveryKey>,
    made: bool,
    journal: Option<&str>,
) -> atelier_core::Result<()> {
    let state = AppState::open(
        opening.data_dir.clone(),
        opening.export_dir.clone(),
        recovery,
    )?;
    let noted = |db: &mut atelier_core::Db| -> atelier_core::Result<()> {
        if let Some(what) = journal {
            startup::record_encryption(db, now_ms(), what)?;
        }
        if made {
            startup::set_recovery_pending(db, true)?;
        }
        Ok(())
    };
    state.run_now(noted)?;
    // A background round that brought something redraws the window
    // (ui/app.js, "atelier:synced"), as « Synchroniser » does.
    let window = app.clone();
    state.start_background_sync(move |report| {
        if let Err(e) = window.emit(SYNC_ROUND_EVENT, report) {
            tracing::warn!(error = %e, "the window did not hear of a sync round");
        }
    });
    app.manage(state);
    opening.set(Phase::Ready);
    Ok(())
}

/// Where opening the database stands: the first thing the window asks.
#[tauri::command]
pub fn station_gate(opening: State<'_, Arc<Opening>>) -> Phase {
    opening.phase()
}

/// Opens the station's database with the recovery key the owner typed:
/// when the keyring lost the key (or holds another), the database's key is
/// made again from it (a new salt) and kept in the keyring, and the journal
/// says so. A wrong key is refused after a pause, and nothing is written.
#[tauri::command]
pub async fn unlock_station<R: Runtime>(
    app: AppHandle<R>,
    opening: State<'_, Arc<Opening>>,
    recovery_key: String,
    english: bool,
) -> Result<Phase, UiError> {
    let locale = if english { Locale::En } else { Locale::Fr };
    // One attempt at a time: the gate leaves « locked » while it runs, so a
    // second call cannot write the same copy of the database beside it.
    let reason = {
        let mut phase = opening.phase.lock().unwrap_or_else(PoisonError::into_inner);
        match *phase {
            Phase::Locked { reason } => {
                *phase = Phase::Opening;
                reason
            }
            ref other => return Ok(other.clone()),
        }
    };
    let opening = Arc::clone(&opening);
    let relock = Arc::clone(&opening);
    let tried = tauri::async_runtime::spawn_blocking(move || {
        let recovery: RecoveryKey =
            recovery_key
                .parse()
                .map_err(|e: atelier_core::cipher::CipherError| {
                    UiError::from_core(&e.into(), locale)
                })?;
        let what = if reason == "no_keyring" {
            // The key is not lost, only out of reach: opened for this run.
            startup::check_recovery(&opening.data_dir, &recovery)
                .map_err(|e| UiError::from_core(&e, locale))?;
            "opened with the recovery key (no keyring)"
        } else {
            startup::rekey(&opening.data_dir, &recovery, &|_, _| {})
                .map_err(|e| UiError::from_core(&e, locale))?;
            if let Err(why) = atelier_keys::keep_recovery_key(&opening.data_dir, &recovery) {
                tracing::warn!(detail = %why.0, "the keyring did not keep the database key");
            }
            "database key made again from the recovery key"
        };
        open(&app, &opening, Some(recovery), false, Some(what))
            .map_err(|e| UiError::from_core(&e, locale))?;
        Ok(opening.phase())
    })
    .await
    .unwrap_or_else(|_| Err(UiError::internal(locale)));
    if tried.is_err() {
        relock.set(Phase::Locked { reason });
    }
    tried
}

//! The application's one managed state: the open database and where it lives.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use atelier_core::{Connection, Transaction};
use atelier_core::{Db, settings};
use atelier_domain::Locale;

use crate::UiError;

/// The open database of this workstation and its data directory.
#[derive(Debug)]
pub struct AppState {
    db: Arc<Mutex<Db>>,
    data_dir: PathBuf,
    export_dir: PathBuf,
}

impl AppState {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    /// Files written for the person (exports) go to `export_dir`.
    pub fn open(data_dir: PathBuf, export_dir: PathBuf) -> atelier_core::Result<Self> {
        let db = Db::open_in_dir(&data_dir)?;
        Ok(AppState {
            db: Arc::new(Mutex::new(db)),
            data_dir,
            export_dir,
        })
    }

    /// Where exports are written.
    pub fn export_dir(&self) -> PathBuf {
        self.export_dir.clone()
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs a read on a worker thread, so the window never waits on the disk.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        self.run(move |db| f(db.conn())).await
    }

    /// Runs a read that also needs the time and the reader's language.
    pub async fn read_at<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, u64, Locale) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        self.run(move |db| f(db.conn(), now_ms(), locale_of(db)))
            .await
    }

    /// Runs a write in one transaction on a worker thread, passing it the
    /// current time in Unix milliseconds (the only place the clock is read).
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction<'_>, u64) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        self.run(move |db| db.write(|tx| f(tx, now_ms()))).await
    }

    /// Runs a write that also needs the reader's language (for messages it
    /// returns rather than fails with, like the lines of an import report).
    pub async fn write_at<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction<'_>, u64, Locale) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        self.run(move |db| {
            let locale = locale_of(db);
            db.write(|tx| f(tx, now_ms(), locale))
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        let db = Arc::clone(&self.db);
        let joined = tauri::async_runtime::spawn_blocking(move || {
            let mut db = lock(&db);
            f(&mut db).map_err(|e| UiError::from_core(&e, locale_of(&db)))
        })
        .await;
        joined.unwrap_or_else(|_| Err(UiError::internal(locale_of(&lock(&self.db)))))
    }
}

/// A panic in an earlier command leaves no half-written data (its transaction
/// rolled back when dropped), so a poisoned lock is safe to take over.
fn lock(db: &Mutex<Db>) -> MutexGuard<'_, Db> {
    db.lock().unwrap_or_else(PoisonError::into_inner)
}

fn locale_of(db: &Db) -> Locale {
    settings::locale(db.conn()).unwrap_or_default()
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

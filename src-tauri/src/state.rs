//! The application's one managed state: the open database and where it lives.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use atelier_core::access::{self, Action, Actor, Session};
use atelier_core::cipher::RecoveryKey;
use atelier_core::db::DbFile;
use atelier_core::{Connection, Transaction};
use atelier_core::{Db, backup, settings, sync, workshop};
use atelier_domain::Locale;

use crate::UiError;
use atelier_sync::Worker as SyncWorker;

/// The open database of this workstation, its data directory, and who is
/// signed in.
#[derive(Debug)]
pub struct AppState {
    db: Arc<Mutex<Db>>,
    session: Arc<Mutex<Session>>,
    /// The idle lock in milliseconds, kept here so the gate never waits on
    /// the database (0: never locks).
    idle_ms: AtomicU64,
    /// The interface language, likewise (1 for English).
    locale: AtomicU8,
    data_dir: PathBuf,
    export_dir: PathBuf,
    sync: Arc<SyncWorker>,
    /// Wakes the message sender before its next round.
    sender: std::sync::mpsc::Sender<()>,
    /// The recovery key the database's key comes from; `None` when plain.
    recovery: Option<RecoveryKey>,
}

impl AppState {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    /// Files written for the person (exports) go to `export_dir`.
    ///
    /// The database is encrypted under `recovery` (its key derived from it),
    /// or plain when the station has no keyring to keep that key.
    pub fn open(
        data_dir: PathBuf,
        export_dir: PathBuf,
        recovery: Option<RecoveryKey>,
    ) -> atelier_core::Result<Self> {
        let mut db = atelier_core::startup::open(&data_dir, recovery.as_ref())?;
        let recovery = db.file().and_then(DbFile::recovery).cloned();
        let began = atelier_core::startup::begin(&mut db, now_ms(), env!("CARGO_PKG_VERSION"))?;
        tracing::info!(
            unclean = began.after_unclean_stop,
            closures = began.closures.len(),
            refused = began.closing_refused.is_some(),
            "station started"
        );
        let mut checkpointing = false;
        if let Some(checkpointer) = db.background_checkpoints()? {
            // Commits no longer pay for copying the WAL into the database
            // file; this thread does it. A failed checkpoint is simply tried
            // again: the WAL keeps every commit meanwhile.
            let spawned = std::thread::Builder::new()
                .name("wal-checkpoint".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(atelier_core::CHECKPOINT_EVERY);
                        if let Err(e) = checkpointer.run() {
                            tracing::warn!(code = e.code(), "WAL checkpoint failed; retried later");
                        }
                    }
                });
            if spawned.is_err() {
                // No thread for it: commits checkpoint again, as SQLite does by default.
                db.conn().pragma_update(None, "wal_autocheckpoint", 1000)?;
            }
            checkpointing = spawned.is_ok();
        }
        let idle_minutes = workshop::station(db.conn())?.idle_minutes;
        let english = settings::locale(db.conn())? == Locale::En;
        let file = db
            .file()
            .cloned()
            .ok_or(atelier_core::Error::Corrupt("in-memory database"))?;
        let sync = Arc::new(SyncWorker::new(file.clone(), checkpointing));
        warm_search(file);
        let db = Arc::new(Mutex::new(db));
        daily_backup(Arc::clone(&db), data_dir.clone());
        close_ended_days(Arc::clone(&db), data_dir.clone());
        watch_einvoice_folder(Arc::clone(&db));
        let sender = atelier_messaging::sender::spawn(Arc::clone(&db), now_ms);
        Ok(AppState {
            db,
            session: Arc::default(),
            idle_ms: AtomicU64::new(u64::from(idle_minutes) * 60_000),
            locale: AtomicU8::new(u8::from(english)),
            data_dir,
            export_dir,
            sync,
            sender,
            recovery,
        })
    }

    /// Starts the background sync rounds (see [`SyncWorker::start`]).
    pub fn start_background_sync(&self, on_round: impl Fn(&sync::Report) + Send + 'static) {
        self.sync.start(on_round);
    }

    /// Runs a sync step (enrolment, a round) on the sync worker's own
    /// connection, off the window's thread.
    pub async fn sync<T: Send + 'static>(
        &self,
        f: impl FnOnce(&SyncWorker) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        let worker = Arc::clone(&self.sync);
        let locale = self.locale();
        tauri::async_runtime::spawn_blocking(move || {
            f(&worker).map_err(|e| UiError::from_core(&e, locale))
        })
        .await
        .unwrap_or_else(|_| Err(UiError::internal(locale)))
    }

    /// Asks the message sender to go through the queue now.
    pub fn send_messages_soon(&self) {
        // A sender that is gone (no thread) leaves the messages queued.
        let _ = self.sender.send(());
    }

    /// Decides whether the command needing `action` may run now: atelier-core
    /// checks the signed-in person's roles and the idle lock. Never touches
    /// the database, so the window's thread never waits.
    pub fn authorize(&self, action: Action) -> Result<(), UiError> {
        let idle_ms = self.idle_ms.load(Ordering::Relaxed);
        lock(&self.session)
            .authorize(action, now_ms(), idle_ms)
            .map(|_| ())
            .map_err(|e| UiError::from_core(&e, self.cached_locale()))
    }

    /// The person signed in now, if any (the idle lock applies).
    pub fn actor(&self) -> Option<Actor> {
        let idle_ms = self.idle_ms.load(Ordering::Relaxed);
        lock(&self.session).current(now_ms(), idle_ms).cloned()
    }

    /// The person signed in, or the refusal to show when nobody is.
    pub fn require_actor(&self) -> Result<Actor, UiError> {
        self.actor().ok_or_else(|| {
            UiError::from_core(&atelier_core::Error::NotSignedIn, self.cached_locale())
        })
    }

    /// Signs `actor` in at this workstation.
    pub fn begin_session(&self, actor: Actor) {
        lock(&self.session).begin(actor, now_ms());
    }

    /// Locks the workstation.
    pub fn lock_session(&self) {
        lock(&self.session).lock();
    }

    /// Sets the idle lock after the settings changed.
    pub fn set_idle_minutes(&self, minutes: u32) {
        self.idle_ms
            .store(u64::from(minutes) * 60_000, Ordering::Relaxed);
    }

    /// The recovery key this station's database key comes from; `None`
    /// when the database is plain (no keyring).
    pub fn recovery_key(&self) -> Option<RecoveryKey> {
        self.recovery.clone()
    }

    /// Runs `f` with the database on this thread, before the window works
    /// with it (the opening of the station).
    pub fn run_now<T>(
        &self,
        f: impl FnOnce(&mut Db) -> atelier_core::Result<T>,
    ) -> atelier_core::Result<T> {
        f(&mut self.db.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Runs `f` with the database itself (sign-in commits its failure count
    /// even though it fails), passing the current time.
    pub async fn with_db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db, u64) -> atelier_core::Result<T> + Send + 'static,
    ) -> Result<T, UiError> {
        self.run(move |db| f(db, now_ms())).await
    }

    /// Remembers the language chosen, for the gate's messages.
    pub fn set_cached_locale(&self, locale: Locale) {
        self.locale
            .store(u8::from(locale == Locale::En), Ordering::Relaxed);
    }

    /// The interface language, as last read or chosen.
    pub fn locale(&self) -> Locale {
        self.cached_locale()
    }

    fn cached_locale(&self) -> Locale {
        if self.locale.load(Ordering::Relaxed) == 1 {
            Locale::En
        } else {
            Locale::Fr
        }
    }

    /// Forgets what was cached from the database and who is signed in: after
    /// a restore, the station starts over on the restored data.
    pub async fn start_over(&self) -> Result<(), UiError> {
        let (idle, locale) = self
            .run(|db| {
                Ok((
                    workshop::station(db.conn())?.idle_minutes,
                    settings::locale(db.conn())?,
                ))
            })
            .await?;
        self.set_idle_minutes(idle);
        self.set_cached_locale(locale);
        self.lock_session();
        Ok(())
    }

    /// Where exports are written.
    pub fn export_dir(&self) -> PathBuf {
        self.export_dir.clone()
    }

    /// The folder the person typed for a file, or the export folder when
    /// they left it blank.
    pub fn export_dir_or(&self, folder: Option<String>) -> PathBuf {
        folder
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .map_or_else(|| self.export_dir(), PathBuf::from)
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
        let author = self.actor();
        let joined = tauri::async_runtime::spawn_blocking(move || {
            let mut db = lock(&db);
            // Whatever this command writes is audited under the person signed in.
            access::set_author(db.conn(), author.as_ref())
                .and_then(|()| f(&mut db))
                .map_err(|e| {
                    journal_failure(&mut db, &e);
                    UiError::from_core(&e, locale_of(&db))
                })
        })
        .await;
        joined.unwrap_or_else(|_| Err(UiError::internal(locale_of(&lock(&self.db)))))
    }
}

/// An error that stopped a command for another reason than the person's
/// input or rights (the disk, the database, a document, an archive's file,
/// the keyring, the PA's exchange folder) goes into the technical-event journal, as the till law
/// asks. Refusals a person can act on (a validation, a closed day, a busy
/// database) do not.
fn journal_failure(db: &mut Db, e: &atelier_core::Error) {
    let code = e.code();
    if !matches!(
        code,
        "storage"
            | "corrupt"
            | "document"
            | "archive_write"
            | "archive_read"
            | "archive_key"
            | "no_keyring"
            | "exchange_folder"
    ) {
        return;
    }
    let text = format!("{code}: {e}");
    let journalled = db.write(|tx| {
        atelier_core::journal::record(tx, now_ms(), atelier_core::journal::Code::Error, &text)
    });
    if let Err(e) = journalled {
        tracing::warn!(code = e.code(), "an error was not journalled");
    }
}

/// The first launch of the day backs the database up, in a thread of its
/// own: the copy reads through its own connection, so the window opens and
/// the station works meanwhile. The outcome, good or bad, is kept for
/// Réglages.
fn daily_backup(db: Arc<Mutex<Db>>, data_dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || {
            match backup::daily(&db, &data_dir, now_ms()) {
                None => {}
                Some(Ok(t)) => tracing::info!(
                    bytes = t.bytes,
                    ms = t.duration_ms,
                    removed = t.removed.len(),
                    "daily backup checked"
                ),
                Some(Err(e)) => tracing::error!(code = e.code(), "daily backup failed"),
            }
            encrypt_plain_backups(&db, &data_dir);
        });
    // Without a thread there is no daily backup today; the next launch tries again.
    drop(spawned);
}

/// Encrypts the backups of the folder still plain (taken before the
/// station encrypted its database, or on a USB key that was unplugged when
/// it did), once a day with the daily backup.
fn encrypt_plain_backups(db: &Mutex<Db>, data_dir: &Path) {
    let (folder, recovery) = {
        let db = db.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(recovery) = db.file().and_then(|f| f.recovery()).cloned() else {
            return;
        };
        match backup::folder(db.conn(), data_dir) {
            Ok(folder) => (folder, recovery),
            Err(_) => return,
        }
    };
    match backup::encrypt_plain(&folder, &recovery) {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, "plain backups encrypted"),
        Err(e) => tracing::warn!(code = e.code(), "plain backups not encrypted"),
    }
}

/// Once the window is up, reads the search index into the system's page
/// cache (`search::warm_up`) on a thread and a connection of its own, so
/// that the front desk's first search is as quick as the next ones.
fn warm_search(file: DbFile) {
    /// Past the window's own start, which reads its libraries from disk.
    const AFTER: std::time::Duration = std::time::Duration::from_secs(1);
    let spawned = std::thread::Builder::new()
        .name("search-warm-up".into())
        .spawn(move || {
            std::thread::sleep(AFTER);
            let started = std::time::Instant::now();
            match atelier_core::search::warm_up(&file) {
                Ok(bytes) => tracing::info!(
                    bytes,
                    ms = started.elapsed().as_millis(),
                    "search index read ahead"
                ),
                Err(e) => tracing::warn!(code = e.code(), "search index not read ahead"),
            }
        });
    // Without a thread the first search reads what it needs, as before.
    drop(spawned);
}

/// A station left open overnight closes the day that ended and freezes the
/// e-reporting periods that ended, as the next launch would have: every few minutes a thread of its own asks whether a
/// day ended since it last asked. A refusal (the clock was set back) is
/// journalled once a day; the next launch or « Clôturer la journée » tries
/// again.
fn close_ended_days(db: Arc<Mutex<Db>>, data_dir: PathBuf) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(300);
    let spawned = std::thread::Builder::new()
        .name("till-closures".into())
        .spawn(move || {
            // The archives of the months and years closed at launch (or
            // left due by a stop) are made first, off the window's way.
            archive_due(&db, &data_dir);
            let mut asked = atelier_core::text::today(now_ms());
            loop {
                std::thread::sleep(EVERY);
                let today = atelier_core::text::today(now_ms());
                if today == asked {
                    continue;
                }
                asked = today;
                let mut guard = lock(&db);
                match atelier_core::till::closures::close(&mut guard, now_ms(), None) {
                    Ok(made) => tracing::info!(closures = made.len(), "ended days closed"),
                    Err(e) => tracing::warn!(code = e.code(), "closing the ended days refused"),
                }
                match atelier_core::einvoice::reporting::frozen::freeze_due(&mut guard, now_ms()) {
                    Ok(made) => {
                        tracing::info!(periods = made.len(), "ended e-reporting periods frozen")
                    }
                    Err(e) => {
                        tracing::warn!(code = e.code(), "freezing the e-reporting periods failed")
                    }
                }
                drop(guard);
                archive_due(&db, &data_dir);
            }
        });
    // Without the thread, the next launch closes the days that ended.
    drop(spawned);
}

/// The watched folder of suppliers' e-invoices (Réglages): every minute a
/// thread of its own imports what was dropped there and moves each file to
/// `importés/` or `refusés/` with its reason. The imports are the system's,
/// not whoever last used the window.
fn watch_einvoice_folder(db: Arc<Mutex<Db>>) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(60);
    let spawned = std::thread::Builder::new()
        .name("einvoice-folder".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EVERY);
                let mut guard = lock(&db);
                let locale = locale_of(&guard);
                let done = access::set_author(guard.conn(), None).and_then(|()| {
                    atelier_core::einvoice::inbound::import_folder(&mut guard, now_ms(), locale)
                });
                drop(guard);
                match done {
                    Ok(files) if files.is_empty() => {}
                    Ok(files) => tracing::info!(
                        imported = files.iter().filter(|f| f.code.is_none()).count(),
                        refused = files.iter().filter(|f| f.code.is_some()).count(),
                        "e-invoice folder read"
                    ),
                    Err(e) => tracing::warn!(code = e.code(), "e-invoice folder not read"),
                }
            }
        });
    // Without the thread the folder waits; the next launch watches it.
    drop(spawned);
}

/// Makes the signed archive of each month and fiscal year this station
/// closed without one, with its key from the OS keyring, into the backup
/// folder's `archives/`. A failure (no keyring, a full disk) is journalled
/// as an error and logged; the periods stay due and are tried again after
/// the next closing or launch, or from Réglages → Registre de caisse.
fn archive_due(db: &Mutex<Db>, data_dir: &Path) {
    // One archive at a time, the database let go in between: the first
    // launch of a station with years of closed months behind it archives
    // them all, and the window's commands wait for one archive at most.
    let mut made = 0_usize;
    loop {
        let mut db = lock(db);
        match atelier_core::archives::make_next_due(
            &mut db,
            data_dir,
            now_ms(),
            atelier_keys::signing_key,
        ) {
            Ok(Some(_)) => made += 1,
            Ok(None) => break,
            // Journalled by core; the period stays due.
            Err(e) => {
                tracing::error!(code = e.code(), "archives not made");
                break;
            }
        }
    }
    if made > 0 {
        tracing::info!(archives = made, "archives made");
    }
}

/// Ends work at this station: the stop goes into the technical-event
/// journal and the next start knows the stop was clean.
pub fn stop(state: &AppState) {
    let mut db = lock(&state.db);
    if let Err(e) = atelier_core::startup::end(&mut db, now_ms()) {
        tracing::warn!(code = e.code(), "the stop was not journalled");
    }
}

/// A panic in an earlier command leaves no half-written data (its transaction
/// rolled back when dropped), so a poisoned lock is safe to take over.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn locale_of(db: &Db) -> Locale {
    settings::locale(db.conn()).unwrap_or_default()
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

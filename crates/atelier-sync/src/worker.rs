//! The desktop's sync worker: rounds run one at a time on a connection of
//! their own, so a round (network included) never holds the window's
//! database, from the « Synchroniser » button or every few minutes in a
//! thread of its own.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use atelier_core::db::DbFile;
use atelier_core::sync::{self, Enrolment, Report, SyncError};
use atelier_core::{Db, Result};

/// How often a round runs in the background unless `ATELIER_SYNC_EVERY_S`
/// says otherwise: 3 minutes.
const EVERY: Duration = Duration::from_secs(180);

/// Runs sync rounds one at a time.
#[derive(Debug)]
pub struct Worker {
    file: DbFile,
    /// Whether another connection's thread checkpoints the WAL, so this
    /// one's commits need not.
    checkpointing: bool,
    db: Mutex<Option<Db>>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Worker {
    /// A worker for the database `file` (keyed when encrypted); it opens
    /// its connection when first needed. `checkpointing` says a thread of the application
    /// checkpoints the WAL ([`Db::background_checkpoints`]), so the pages a
    /// round applies commit without doing it.
    pub fn new(file: DbFile, checkpointing: bool) -> Self {
        Worker {
            file,
            checkpointing,
            db: Mutex::new(None),
        }
    }

    fn db(&self) -> Result<MutexGuard<'_, Option<Db>>> {
        let mut slot = self.db.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            let db = self.file.open()?;
            if self.checkpointing {
                db.leave_checkpoints_to_background()?;
            }
            *slot = Some(db);
        }
        Ok(slot)
    }

    /// Enrols this station: checks a keyring can keep the token before the
    /// server hands one out, then keeps it there.
    pub fn enrol(&self, server: &str, code: &str, name: &str) -> Result<Enrolment> {
        let mut slot = self.db()?;
        let db = slot
            .as_mut()
            .ok_or(atelier_core::Error::Corrupt("sync connection"))?;
        crate::enrol(db, server, code, name, now_ms())
    }

    /// Joins an existing workshop from a new workstation (the first run,
    /// before anyone has an account here): enrols it, then runs a first
    /// round that brings the workshop, its users and its shared records.
    /// Refused once the workstation has users of its own.
    pub fn join(&self, server: &str, code: &str, name: &str) -> Result<Report> {
        {
            let slot = self.db()?;
            let db = slot
                .as_ref()
                .ok_or(atelier_core::Error::Corrupt("sync connection"))?;
            if atelier_core::users::any(db.conn())? {
                return Err(SyncError::AlreadySetUp.into());
            }
        }
        self.enrol(server, code, name)?;
        self.round()
    }

    /// One round now; waits for a round already running to end first.
    pub fn round(&self) -> Result<Report> {
        let mut slot = self.db()?;
        let db = slot
            .as_mut()
            .ok_or(atelier_core::Error::Corrupt("sync connection"))?;
        crate::round(db, &now_ms)
    }

    /// Starts the background rounds: every few minutes while enrolled; a
    /// failed round (server away) is simply tried again next time.
    /// `on_round` hears of each round that ended (the window redraws what
    /// it brought).
    pub fn start(self: &Arc<Self>, on_round: impl Fn(&Report) + Send + 'static) {
        let every = std::env::var("ATELIER_SYNC_EVERY_S")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(EVERY, Duration::from_secs);
        let worker = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(every);
                    let enrolled = worker
                        .db()
                        .and_then(|slot| match slot.as_ref() {
                            Some(db) => Ok(sync::enrolment(db.conn())?.is_some()),
                            None => Ok(false),
                        })
                        .unwrap_or(false);
                    if !enrolled {
                        continue;
                    }
                    match worker.round() {
                        Ok(r) => {
                            tracing::info!(
                                pushed = r.pushed,
                                pulled = r.pulled,
                                rejected = r.rejected,
                                conflicts = r.conflicts,
                                "sync round"
                            );
                            on_round(&r);
                            if let Ok(slot) = worker.db()
                                && let (Some(db), Some(data_dir)) =
                                    (slot.as_ref(), worker.file.path().parent())
                            {
                                upload_offsite(db, data_dir);
                            }
                        }
                        Err(e) => {
                            tracing::warn!(code = e.code(), "sync round failed; tried again later")
                        }
                    }
                }
            });
        if spawned.is_err() {
            tracing::warn!("no thread for background sync: only the button syncs");
        }
    }
}

impl Worker {
    /// The server this station is enrolled with, read on the worker's own
    /// connection (the lock held only for that).
    fn server(&self) -> Result<crate::Http> {
        let slot = self.db()?;
        let db = slot
            .as_ref()
            .ok_or(atelier_core::Error::Corrupt("sync connection"))?;
        crate::server(db.conn())
    }

    /// The off-site copies of backups this station may see on its server
    /// (its site's stations', or every site's for an owner's station).
    pub fn offsite(&self) -> Result<atelier_domain::offsite::OffsiteListing> {
        let http = self.server()?;
        Ok(http.offsite()?)
    }

    /// Downloads the off-site copy `name` of `device`'s backups into
    /// `folder` (resuming a download cut before, checked against its
    /// SHA-256), and returns where it is, to be restored as any backup is.
    pub fn fetch_offsite(
        &self,
        device: atelier_domain::DeviceId,
        name: &str,
        folder: &Path,
    ) -> Result<std::path::PathBuf> {
        let http = self.server()?;
        let listing = http.offsite()?;
        let copy = listing
            .backups
            .iter()
            .find(|b| b.device_id == device && b.name.as_str() == name)
            .ok_or_else(|| SyncError::Refused {
                code: "offsite_not_found".into(),
                message: format!("no off-site copy {name}"),
            })?;
        std::fs::create_dir_all(folder).map_err(|source| atelier_core::Error::DataDir {
            path: folder.to_path_buf(),
            source,
        })?;
        // Under its station's folder, by its own name, which says when it
        // was taken.
        let folder = folder.join(device.to_string());
        std::fs::create_dir_all(&folder).map_err(|source| atelier_core::Error::DataDir {
            path: folder.clone(),
            source,
        })?;
        let into = folder.join(name);
        if !into.exists() {
            http.download_offsite(copy, &into, &mut |_| {})?;
        }
        Ok(into)
    }
}

/// Whether an off-site upload is running: one at a time.
static UPLOADING: AtomicBool = AtomicBool::new(false);

/// After a round that went well: sends the newest of the station's
/// backups that the server does not keep yet (one per round) in a thread
/// of its own, at [`crate::offsite::BACKGROUND_BYTES_PER_S`], so that
/// neither the next rounds nor the window wait for it. What the database
/// says (server, backup folder) is read from `db` here; the upload runs
/// without it. Its outcome is logged; a failure is tried again after the
/// next round and never fails one.
fn upload_offsite(db: &Db, data_dir: &Path) {
    let plan = match crate::offsite::Plan::read(db.conn(), data_dir) {
        Ok(Some(plan)) => plan,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(code = e.code(), "off-site upload not started");
            return;
        }
    };
    if UPLOADING.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("offsite".into())
        .spawn(move || {
            let outcome =
                plan.upload_newest(Some(crate::offsite::BACKGROUND_BYTES_PER_S), &mut |_| {});
            UPLOADING.store(false, Ordering::Release);
            match outcome {
                Ok(Some(sent)) => tracing::info!(
                    name = sent.name,
                    bytes = sent.bytes,
                    seconds = sent.duration.as_secs(),
                    "backup copied off-site"
                ),
                Ok(None) => tracing::debug!("every backup is already off-site"),
                Err(e) => tracing::warn!(
                    code = e.code(),
                    error = %e,
                    "off-site upload failed; resumed after the next round"
                ),
            }
        });
    if spawned.is_err() {
        UPLOADING.store(false, Ordering::Release);
        tracing::warn!("no thread for the off-site upload; tried after the next round");
    }
}

//! Snapshots of a scope for new stations (`GET /v1/snapshot`), so that a
//! station joining a workshop with a long history installs a database
//! instead of replaying a million operations.
//!
//! For each scope the server serves (an organisation's site, or all its
//! sites) it keeps a shadow station (`atelier_core::sync::snapshot::Shadow`)
//! in the snapshot folder: a station database that pulls the scope's
//! operations from the store, as a station of that scope would, and applies
//! them with core's own rules. This is the one place the server links
//! atelier-core: a snapshot is by construction what a station that replayed
//! the log holds, because the same code made it. The log stays the truth:
//! the shadow is rebuilt from it if its file is lost.
//!
//! A scope is known once one of its stations pulls or asks for a snapshot;
//! [`Snapshots::refresh_every`] then brings its shadow up to the log now and
//! then (only what is new: the shadow keeps its cursor) and makes a new
//! snapshot file when at least [`REMAKE_OPS`] operations came since the
//! last one. Every station that joins meanwhile is served the same file —
//! ten stations at once cost one build — and pulls what came after it. The
//! file is the shadow's database copied at its cursor (`VACUUM INTO`: no
//! free pages, nothing erased), compressed with zstd, with its SHA-256.
//!
//! When the server's store is encrypted ([`Snapshots::keyed`]), so is what
//! this folder holds: each shadow under a recovery key derived from the
//! store key, and each snapshot file under a random key of its own, which
//! the station is given with the [`SnapshotInfo`] (over the authenticated
//! API) and which opens that file only. An encrypted file does not
//! compress: keyed snapshots travel at about their database's size.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use atelier_core::cipher::{self, FileKey, FileState, RecoveryKey};
use atelier_core::sync::snapshot::Shadow;
use atelier_domain::sync::{MAX_PULL_OPS, SNAPSHOT_MIN_OPS, SnapshotInfo};
use atelier_domain::{DeviceId, SiteId};
use sha2::{Digest, Sha256};

use crate::api::now_ms;
use crate::store::{Caller, Store, StoreKey};

/// How many new operations of a scope make its snapshot worth making
/// again: fewer are pulled by the joining station after the snapshot.
pub const REMAKE_OPS: u64 = 5_000;

/// The snapshots of every scope the server has seen, and their shadows.
#[derive(Debug)]
pub struct Snapshots {
    dir: PathBuf,
    store: Arc<dyn Store>,
    min_ops: u64,
    /// What the shadows are encrypted under, when the store is.
    recovery: Option<RecoveryKey>,
    scopes: Mutex<HashMap<Key, Arc<Scope>>>,
}

/// A scope: which operations a station receives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    org_key: i64,
    site: SiteId,
    all_sites: bool,
}

#[derive(Debug)]
struct Scope {
    key: Key,
    /// The shadow pulls as a station of the scope that wrote nothing.
    caller: Caller,
    shadow: Mutex<Option<Shadow>>,
    built: Mutex<Option<Built>>,
    refreshing: AtomicBool,
}

/// A snapshot file ready to serve, and the one before it (kept while a
/// station may still be downloading it).
#[derive(Debug, Clone)]
struct Built {
    info: SnapshotInfo,
    path: PathBuf,
    previous: Option<(SnapshotInfo, PathBuf)>,
}

/// Why a snapshot could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The shadow station failed (its database, an operation).
    #[error("shadow station: {0}")]
    Shadow(#[from] atelier_core::Error),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    /// The snapshot folder could not be written.
    #[error("snapshot folder: {0}")]
    Io(#[from] std::io::Error),
}

impl Snapshots {
    /// Snapshots kept in `dir` (created if missing) of `store`'s scopes.
    pub fn new(dir: PathBuf, store: Arc<dyn Store>) -> Snapshots {
        Snapshots::with_minimum(dir, store, SNAPSHOT_MIN_OPS)
    }

    /// [`Snapshots::new`] offering a snapshot from `min_ops` operations of
    /// a scope rather than [`SNAPSHOT_MIN_OPS`] (for tests on small
    /// histories).
    pub fn with_minimum(dir: PathBuf, store: Arc<dyn Store>, min_ops: u64) -> Snapshots {
        Snapshots {
            dir,
            store,
            min_ops,
            recovery: None,
            scopes: Mutex::new(HashMap::new()),
        }
    }

    /// The same, encrypted as the store is under `key`: the shadows under a
    /// recovery key derived from it, the snapshot files each under a key of
    /// its own given to the stations with it. A shadow left plain by a run
    /// without the key (or under another) is made again from the log.
    #[must_use]
    pub fn keyed(mut self, key: &StoreKey) -> Snapshots {
        let secret = key.derive("atelier server: shadow stations v1");
        self.recovery = Some(RecoveryKey::from_bytes(secret));
        self
    }

    /// Notes the scope of a station that syncs, so that its snapshot is
    /// kept up to date for the next station that joins it.
    pub fn seen(&self, caller: &Caller) {
        self.scope(caller);
    }

    /// The snapshot offered to `caller`: its scope's latest, if its scope
    /// has enough history. Starts bringing the scope's shadow up to date.
    pub fn offer(self: &Arc<Self>, caller: &Caller) -> Option<SnapshotInfo> {
        let scope = self.scope(caller);
        self.spawn_refresh(&scope);
        let built = lock(&scope.built).clone()?;
        (built.info.operations >= self.min_ops).then_some(built.info)
    }

    /// The file of the snapshot at `cursor` of `caller`'s scope, if it is
    /// still kept.
    pub fn file(&self, caller: &Caller, cursor: u64) -> Option<(SnapshotInfo, PathBuf)> {
        let scope = self.scope(caller);
        let built = lock(&scope.built).clone()?;
        if built.info.cursor == cursor {
            return Some((built.info, built.path));
        }
        built.previous.filter(|(info, _)| info.cursor == cursor)
    }

    /// Brings every known scope's shadow up to the log and remakes the
    /// snapshots that are worth it, one scope after the other. Returns
    /// when done; errors are logged and the scope tried again next time.
    pub async fn refresh_all(self: &Arc<Self>) {
        let scopes: Vec<Arc<Scope>> = lock(&self.scopes).values().cloned().collect();
        for scope in scopes {
            let this = Arc::clone(self);
            let handle = tokio::runtime::Handle::current();
            let done = tokio::task::spawn_blocking(move || {
                this.refresh_blocking(&scope, &handle);
            })
            .await;
            if done.is_err() {
                tracing::error!("a snapshot's refresh stopped");
            }
        }
    }

    /// Runs [`Snapshots::refresh_all`] every `every`, for as long as the
    /// runtime runs.
    pub fn refresh_every(self: &Arc<Self>, every: Duration) {
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                this.refresh_all().await;
            }
        });
    }

    fn scope(&self, caller: &Caller) -> Arc<Scope> {
        let key = Key {
            org_key: caller.org_key,
            site: caller.site.id,
            all_sites: caller.all_sites,
        };
        let mut scopes = lock(&self.scopes);
        Arc::clone(scopes.entry(key.clone()).or_insert_with(|| {
            Arc::new(Scope {
                caller: Caller {
                    device_id: DeviceId::new(),
                    last_seq: 0,
                    ..caller.clone()
                },
                key,
                shadow: Mutex::new(None),
                built: Mutex::new(None),
                refreshing: AtomicBool::new(false),
            })
        }))
    }

    /// Refreshes `scope` on a thread of the runtime's, unless a refresh
    /// started this way still runs.
    fn spawn_refresh(self: &Arc<Self>, scope: &Arc<Scope>) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if scope.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let (this, scope) = (Arc::clone(self), Arc::clone(scope));
        handle.clone().spawn_blocking(move || {
            this.refresh_blocking(&scope, &handle);
            scope.refreshing.store(false, Ordering::Release);
        });
    }

    /// Refreshes `scope`, after the refresh that runs if one does.
    fn refresh_blocking(&self, scope: &Scope, handle: &tokio::runtime::Handle) {
        if let Err(e) = self.refresh(scope, handle) {
            tracing::error!(error = %e, org = scope.key.org_key, site = %scope.key.site, "snapshot not made");
        }
    }

    fn refresh(&self, scope: &Scope, handle: &tokio::runtime::Handle) -> Result<(), SnapshotError> {
        let mut shadow = lock(&scope.shadow);
        if shadow.is_none() {
            std::fs::create_dir_all(&self.dir)?;
            *shadow = Some(self.open_shadow(scope)?);
        }
        let Some(shadow) = shadow.as_mut() else {
            return Ok(());
        };
        loop {
            let page = handle.block_on(self.store.pull(
                &scope.caller,
                shadow.cursor(),
                MAX_PULL_OPS,
                now_ms(),
            ))?;
            let more = page.more;
            if page.ops.is_empty() {
                break;
            }
            shadow.apply(page, now_ms())?;
            if !more {
                break;
            }
        }
        let last = lock(&scope.built).as_ref().map(|b| b.info.clone());
        let worth = match &last {
            None => shadow.operations() >= self.min_ops,
            Some(info) => shadow.operations() >= info.operations + REMAKE_OPS,
        };
        if !worth {
            return Ok(());
        }
        let made = self.make(&scope.key, shadow)?;
        let mut built = lock(&scope.built);
        let previous = built.take();
        match previous.as_ref() {
            Some(b) => {
                if let Some((_, older)) = &b.previous {
                    std::fs::remove_file(older).ok();
                }
            }
            // The first since the server started: what an earlier run
            // left of the scope's snapshots is no longer served.
            None => self.remove_snapshots_but(&scope.key, &made.1),
        }
        *built = Some(Built {
            info: made.0,
            path: made.1,
            previous: previous.map(|b| (b.info, b.path)),
        });
        Ok(())
    }

    /// Opens the scope's shadow, made again from the log when it does not
    /// open as the store is now: plain where the store is keyed (a run
    /// before the key), keyed where it is not, or under another key.
    fn open_shadow(&self, scope: &Scope) -> Result<Shadow, SnapshotError> {
        let path = self.dir.join(format!("{}.sqlite3", name(&scope.key)));
        let site = &scope.caller.site;
        let fits = match cipher::state(&path)? {
            FileState::Missing => true,
            FileState::Plain => self.recovery.is_none(),
            FileState::Encrypted { .. } => self.recovery.is_some(),
        };
        if fits {
            match Shadow::open(&path, site, self.recovery.as_ref()) {
                Err(atelier_core::Error::Cipher(cipher::CipherError::WrongKey)) => {}
                opened => return Ok(opened?),
            }
        }
        tracing::info!(
            path = %path.display(),
            "the shadow station does not open with the store's key (left by a run under another key or none): made again from the log"
        );
        for side in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(side);
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        // Its snapshots were made as it was: none is served any more.
        self.remove_snapshots_but(&scope.key, &path);
        Ok(Shadow::open(&path, site, self.recovery.as_ref())?)
    }

    /// Removes the scope's snapshot files other than `keep`.
    fn remove_snapshots_but(&self, key: &Key, keep: &Path) {
        let prefix = format!("{}-", name(key));
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let file = entry.file_name().to_string_lossy().into_owned();
            if path != keep && file.starts_with(&prefix) && file.ends_with(".sqlite3.zst") {
                std::fs::remove_file(&path).ok();
            }
        }
    }

    /// Copies the shadow at its cursor and compresses the copy.
    fn make(&self, key: &Key, shadow: &Shadow) -> Result<(SnapshotInfo, PathBuf), SnapshotError> {
        let stem = format!("{}-{}", name(key), shadow.cursor());
        let copy = self.dir.join(format!("{stem}.copy"));
        let path = self.dir.join(format!("{stem}.sqlite3.zst"));
        let partial = self.dir.join(format!("{stem}.sqlite3.zst.partial"));
        for stale in [&copy, &partial] {
            if stale.exists() {
                std::fs::remove_file(stale)?;
            }
        }
        // A key of its own, given away with the file: it opens no shadow.
        let file_key = self.recovery.as_ref().map(|_| FileKey::random());
        shadow.copy_to(&copy, file_key.as_ref())?;
        let counted = compress(&copy, &partial);
        std::fs::remove_file(&copy)?;
        let (bytes, sha256) = counted?;
        std::fs::rename(&partial, &path)?;
        let info = SnapshotInfo {
            cursor: shadow.cursor(),
            schema_version: atelier_core::db::schema_version(),
            operations: shadow.operations(),
            bytes,
            sha256,
            key: file_key.as_ref().map(FileKey::raw),
        };
        tracing::info!(
            org = key.org_key,
            site = %key.site,
            all_sites = key.all_sites,
            cursor = info.cursor,
            operations = info.operations,
            bytes = info.bytes,
            "snapshot made"
        );
        Ok((info, path))
    }
}

/// The file name of a scope's shadow and snapshots.
fn name(key: &Key) -> String {
    let scope = if key.all_sites { "all" } else { "site" };
    format!("{}-{}-{scope}", key.org_key, key.site)
}

/// Compresses `from` into `to` with zstd; the size and SHA-256 of what
/// was written.
fn compress(from: &Path, to: &Path) -> Result<(u64, String), SnapshotError> {
    let mut input = std::fs::File::open(from)?;
    let out = Counted {
        inner: std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(to)?),
        hash: Sha256::new(),
        bytes: 0,
    };
    let mut encoder = zstd::Encoder::new(out, 3)?;
    std::io::copy(&mut input, &mut encoder)?;
    let mut out = encoder.finish()?;
    out.flush()?;
    out.inner.get_ref().sync_all()?;
    let sha256 = atelier_core::text::hex(&out.hash.finalize());
    Ok((out.bytes, sha256))
}

/// A writer that hashes and counts what goes through it.
struct Counted<W> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

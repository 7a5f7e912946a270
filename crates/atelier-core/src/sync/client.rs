//! Talking to the server: the [`Transport`] a sync round goes through. The
//! one that crosses the network, over HTTP(S), is `atelier_sync::Http`;
//! tests put their own transport between a station and a real server to
//! drop answers, repeat requests or cut the connection at chosen moments.

use std::path::Path;

use atelier_domain::sync::{
    EnrolRequest, Enrolled, PullResponse, PushRequest, PushResponse, ServerStatus, SnapshotInfo,
};

use super::SyncError;

/// The calls a sync round makes. Every error is a [`SyncError`]: `Offline`
/// when the server could not be reached or its answer was lost, `Refused`
/// with the server's code otherwise.
pub trait Transport {
    /// Trades a one-time code for a device token.
    fn enrol(&self, request: &EnrolRequest) -> Result<Enrolled, SyncError>;
    /// Sends a batch of this device's operations.
    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError>;
    /// Fetches other devices' operations after `cursor`.
    fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, SyncError>;
    /// Starts fetching the page after `cursor` while the caller applies the
    /// one before, so the server's work and the station's overlap. By
    /// default the page is fetched only when waited for.
    fn pull_ahead(&self, cursor: u64, limit: u32) -> Ahead<'_> {
        Ahead::Later(Box::new(move || self.pull(cursor, limit)))
    }
    /// What the server knows of this device and its organisation.
    fn status(&self) -> Result<ServerStatus, SyncError>;
    /// The snapshot of this device's scope the server offers a new station
    /// (see `sync::snapshot`), if any. By default none: the station
    /// replays the log.
    fn snapshot(&self) -> Result<Option<SnapshotInfo>, SyncError> {
        Ok(None)
    }
    /// Downloads the snapshot `offered` into the file `into`, as a SQLite
    /// database checked against the offer's SHA-256; a download cut off or
    /// that does not match is an error and leaves nothing to install.
    fn download_snapshot(&self, offered: &SnapshotInfo, into: &Path) -> Result<(), SyncError> {
        let _ = (offered, into);
        Err(SyncError::Protocol {
            detail: "this transport takes no snapshots".into(),
        })
    }
}

/// A pull page on its way: [`Ahead::wait`] gives it.
pub enum Ahead<'a> {
    /// Fetched when waited for.
    Later(Box<dyn FnOnce() -> Result<PullResponse, SyncError> + 'a>),
    /// Being fetched by a thread of its own.
    Fetching(std::thread::JoinHandle<Result<PullResponse, SyncError>>),
}

impl std::fmt::Debug for Ahead<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Ahead::Later(_) => "Ahead::Later",
            Ahead::Fetching(_) => "Ahead::Fetching",
        })
    }
}

impl Ahead<'_> {
    /// The page, once it has arrived.
    ///
    /// # Errors
    /// What the fetch met: [`SyncError::Offline`] when the server could not
    /// be reached, its refusal otherwise.
    pub fn wait(self) -> Result<PullResponse, SyncError> {
        match self {
            Ahead::Later(fetch) => fetch(),
            Ahead::Fetching(thread) => thread.join().unwrap_or_else(|_| {
                Err(SyncError::Offline {
                    detail: "the page's fetch stopped".into(),
                })
            }),
        }
    }
}

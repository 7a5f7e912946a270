//! What the status bar says about synchronisation.
//!
//! The sync client arrives with the server; until a server is configured this
//! workstation works alone and its operations wait in the outbox.

use rusqlite::Connection;
use serde::Serialize;

use crate::{Result, outbox};

/// The sync state shown at all times in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// Whether this workstation has been enrolled with a sync server.
    pub configured: bool,
    /// Whether the server answered at the last attempt.
    pub online: bool,
    /// Operations written here and not yet acknowledged by the server.
    pub pending_operations: u64,
    /// When the last sync succeeded (RFC 3339), if ever.
    pub last_sync_at: Option<String>,
}

/// The current sync state of this workstation.
pub fn status(conn: &Connection) -> Result<SyncStatus> {
    Ok(SyncStatus {
        configured: false,
        online: false,
        pending_operations: outbox::pending_count(conn)?,
        last_sync_at: None,
    })
}

//! A new station's first sync from a snapshot of its scope, rather than a
//! replay of the whole log.
//!
//! A workshop with years of history has a million operations and more; a
//! station replaying them spends tens of seconds applying each one. The
//! server keeps, for each scope it serves (an organisation's site, or all
//! its sites), a **shadow station**: a station database like any other,
//! that pulls its scope's operations from the log and applies them with
//! the same [`Applier`] as a station's round ([`Shadow`]). Its database,
//! copied at a known cursor, is the snapshot: by construction what a
//! station that replayed the log up to that cursor holds, its per-field
//! stamps, parked operations, conflicts, derived figures and search index
//! included.
//!
//! A new station ([`eligible`]: enrolled, nothing pulled yet, no people of
//! its own) that is offered one installs it ([`install`]): in one
//! transaction every table but its own ([`LOCAL`]) takes the snapshot's
//! rows, the cursor moves to the snapshot's, its clock past the newest
//! stamp it holds, and its own operations (those of its enrolment) are
//! merged again over them as a pulled operation would be. Its round then
//! pulls what came after the cursor. A snapshot cut off while it downloads,
//! or that fails its checksum, installs nothing: the next round asks again.
//! One that cannot be installed here (no room for it, a file SQLite cannot
//! read) installs nothing either, and the round replays the log.
//! The replay stays the way for everything else (a station that already
//! has data, an older server, a small history, another schema version).

use std::path::{Path, PathBuf};

use atelier_domain::sync::{PullResponse, SiteInfo, SnapshotInfo};
use rusqlite::{OptionalExtension, params};

use super::apply::{Applier, Prepared};
use super::client::Transport;
use super::{SyncError, enrolment, state};
use crate::db::schema_version;
use crate::{Db, Error, Result, Transaction, device, outbox};

/// Tables that are a station's own, never taken from a snapshot: who it is
/// and its clock, what it sends, where its sync stands and whom it has
/// seen, its technical-event journal and signed archives, its settings
/// (site, invoice series), the counters of the numbers it gives (its
/// invoice series, which its till's closures also read to know its own
/// invoices; its estimates, orders and purchase orders), its keys, its
/// audit trail of who did what here, its sign-in guard, and the schema's
/// own history.
pub const LOCAL: &[&str] = &[
    "device",
    "outbox",
    "invoice_counters",
    "order_counters",
    "purchase_counters",
    "sync_state",
    "sync_stations",
    "journal",
    "archives",
    "local_settings",
    "station_keys",
    "sign_in_failures",
    "audit_log",
    "refinery_schema_history",
];

/// The page cache of an install, in KiB: the copy writes hundreds of
/// megabytes of a large workshop's pages and makes its indexes.
const INSTALL_CACHE_KIB: i64 = 128 * 1024;

/// Where a station downloads a snapshot: beside its database.
pub const FOLDER: &str = "snapshot";

/// The shadow's cursor and operation count, in its `local_settings`.
const CURSOR_KEY: &str = "snapshot.cursor";
const OPERATIONS_KEY: &str = "snapshot.operations";

/// Whether this station may take a snapshot: it is enrolled, has pulled
/// nothing yet, and has no people of its own (a station joining a
/// workshop; one that worked alone before it was enrolled replays the log,
/// which merges its own rows).
pub fn eligible(db: &Db) -> Result<bool> {
    if db.path().is_none() {
        return Ok(false);
    }
    let Some(e) = enrolment(db.conn())? else {
        return Ok(false);
    };
    Ok(e.cursor == 0 && !crate::users::any(db.conn())?)
}

/// Takes the snapshot the server behind `transport` offers, if there is
/// one worth taking: downloads it beside the database and [`install`]s it.
/// Returns how many operations it held (0 when none was taken).
pub(crate) fn take(db: &mut Db, transport: &dyn Transport, now_ms: u64) -> Result<u64> {
    let offered = match transport.snapshot() {
        Ok(Some(offered)) => offered,
        Ok(None) => return Ok(0),
        Err(e @ SyncError::Offline { .. }) => return Err(e.into()),
        // A server that does not make snapshots: the replay it is.
        Err(_) => return Ok(0),
    };
    // The server offers one only for a history worth it
    // (`SNAPSHOT_MIN_OPS`); one of another schema cannot be installed.
    if offered.schema_version != schema_version() {
        return Ok(0);
    }
    let Some(dir) = db.path().and_then(Path::parent).map(|d| d.join(FOLDER)) else {
        return Ok(0);
    };
    crate::db::create_dir(&dir)?;
    let file = dir.join("incoming.sqlite3");
    let taken = transport
        .download_snapshot(&offered, &file)
        .map_err(Error::from)
        .and_then(|()| install(db, &file, &offered, now_ms));
    // Downloaded or not, installed or not, the file is not kept.
    remove(&file);
    match taken {
        Ok(()) => Ok(offered.operations),
        // Cut off or damaged on the way: the next round asks again.
        Err(e @ Error::Sync(SyncError::Offline { .. })) => Err(e),
        // Not installable here (no room for it, a file SQLite cannot
        // read): nothing was written, and the replay needs no snapshot.
        Err(_) => Ok(0),
    }
}

/// Installs the snapshot database `file` (the one `offered` describes) in
/// this [`eligible`] station, in one transaction: every table but
/// [`LOCAL`] takes its rows, the sync cursor moves to the snapshot's and
/// the clock past its newest stamp, and the station's own operations are
/// merged again over them. Nothing is written if any step fails.
pub fn install(db: &mut Db, file: &Path, offered: &SnapshotInfo, now_ms: u64) -> Result<()> {
    if !eligible(db)? {
        return Err(SyncError::AlreadySetUp.into());
    }
    let path = file.to_str().ok_or(Error::Corrupt("snapshot path"))?;
    // A snapshot is a plain file: without `KEY ''` SQLCipher would read it
    // with the station's own key.
    db.conn()
        .execute("ATTACH DATABASE ?1 AS snap KEY ''", [path])?;
    let installed = copy(db, offered, now_ms);
    db.conn().execute_batch("DETACH DATABASE snap")?;
    installed
}

fn copy(db: &mut Db, offered: &SnapshotInfo, now_ms: u64) -> Result<()> {
    let version: Option<i64> = db
        .conn()
        .query_row(
            "SELECT MAX(version) FROM snap.refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if version != Some(i64::from(schema_version())) {
        return Err(SyncError::Protocol {
            detail: format!(
                "the snapshot's schema is {version:?}, this station's {}",
                schema_version()
            ),
        }
        .into());
    }
    let own = outbox_ops(db.conn())?;
    // The pages the copy writes, and the indexes it makes, in memory
    // rather than through SQLite's default 2 MB cache; as before after.
    let cache: i64 = db
        .conn()
        .query_row("PRAGMA main.cache_size", [], |r| r.get(0))?;
    db.conn()
        .pragma_update(Some("main"), "cache_size", -INSTALL_CACHE_KIB)?;
    let copied = db.write(|tx| {
        // The triggers keep derived rows (balances, figures, search
        // entries) and guard append-only ones: the snapshot's rows come
        // with their derived rows, and are written once.
        let triggers: Vec<(String, String)> = tx
            .prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
        }
        // An index made once over a filled table is a sort; kept while
        // rows arrive, it is a search for each of them.
        let indexes: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM main.sqlite_master
                  WHERE type = 'index' AND sql IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
        }
        for table in copied_tables(tx)? {
            let columns = columns(tx, &table)?;
            tx.execute_batch(&format!(
                "DELETE FROM main.\"{table}\";
                 INSERT INTO main.\"{table}\" ({columns}) SELECT {columns} FROM snap.\"{table}\";"
            ))?;
        }
        for (_, sql) in &indexes {
            tx.execute_batch(sql)?;
        }
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
        let newest: i64 = tx.query_row("SELECT hlc_last FROM snap.device", [], |r| r.get(0))?;
        device::observe(tx, device::stored_hlc(newest)?, now_ms)?;
        state::set_cursor(tx, offered.cursor, false)?;
        crate::journal::record(
            tx,
            now_ms,
            crate::journal::Code::Enrolment,
            &format!(
                "server snapshot installed: cursor {}, {} operations",
                offered.cursor, offered.operations
            ),
        )?;
        // This station's own operations (its enrolment's) are merged again
        // over the snapshot's rows, as a pulled operation would be.
        if !own.is_empty() {
            Applier::for_own_operations().apply_prepared(tx, &Prepared::new(own), now_ms)?;
        }
        Ok(())
    });
    db.conn().pragma_update(Some("main"), "cache_size", cache)?;
    copied
}

/// Every operation this station wrote, as it travels.
fn outbox_ops(conn: &rusqlite::Connection) -> Result<Vec<atelier_domain::sync::WireOp>> {
    outbox::all(conn)?
        .into_iter()
        .map(outbox::to_wire)
        .collect()
}

/// The tables a snapshot fills: every table but [`LOCAL`] and SQLite's
/// own; of a full-text index, the tables that hold it rather than the
/// virtual table itself.
fn copied_tables(tx: &Transaction<'_>) -> Result<Vec<String>> {
    let names: Vec<String> = tx
        .prepare(
            "SELECT name FROM main.sqlite_master
              WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
              ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names
        .into_iter()
        .filter(|n| !LOCAL.contains(&n.as_str()))
        .collect())
}

/// A table's columns as an SQL list.
fn columns(tx: &Transaction<'_>, table: &str) -> Result<String> {
    let names: Vec<String> = tx
        .prepare("SELECT name FROM pragma_table_info(?1, 'main')")?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", "))
}

fn remove(file: &Path) {
    for f in [file.to_path_buf(), with_suffix(file, "-journal")] {
        if f.exists() {
            // What cannot be removed now is replaced by the next download.
            std::fs::remove_file(&f).ok();
        }
    }
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The server's shadow station of one scope: a station database that
/// applies the scope's operations as they come and is copied into
/// snapshots. The server's snapshot module drives it; it never writes an
/// operation of its own.
#[derive(Debug)]
pub struct Shadow {
    db: Db,
    applier: Applier,
    cursor: u64,
    operations: u64,
}

impl Shadow {
    /// Opens the shadow at `path` (creating it, placed in `site`, the
    /// scope's site) where it stopped.
    pub fn open(path: &Path, site: &SiteInfo) -> Result<Shadow> {
        let mut db = Db::open(path)?;
        db.write(|tx| super::site::place_quietly(tx, site))?;
        let setting = |key: &str| -> Result<u64> {
            let value: Option<String> = db
                .conn()
                .query_row(
                    "SELECT value FROM local_settings WHERE key = ?1",
                    [key],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
        };
        let (cursor, operations) = (setting(CURSOR_KEY)?, setting(OPERATIONS_KEY)?);
        Ok(Shadow {
            db,
            applier: Applier::new(),
            cursor,
            operations,
        })
    }

    /// The log position it has applied up to.
    pub fn cursor(&self) -> u64 {
        self.cursor
    }

    /// How many operations it has applied.
    pub fn operations(&self) -> u64 {
        self.operations
    }

    /// Applies a page pulled from the log after [`Shadow::cursor`], with
    /// its cursor, in one transaction.
    pub fn apply(&mut self, page: PullResponse, now_ms: u64) -> Result<()> {
        let count = page.ops.len() as u64;
        let prepared = Prepared::new(page.ops);
        let (cursor, operations) = (page.next_cursor, self.operations + count);
        let applier = &mut self.applier;
        // As in a station's round: references to rows of another scope are
        // not checked where operations are replicated.
        self.db.conn().execute_batch("PRAGMA foreign_keys = OFF")?;
        let applied = self.db.write(|tx| {
            applier.apply_prepared(tx, &prepared, now_ms)?;
            for (key, value) in [(CURSOR_KEY, cursor), (OPERATIONS_KEY, operations)] {
                tx.prepare_cached(
                    "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![key, value.to_string()])?;
            }
            Ok(())
        });
        self.db.conn().execute_batch("PRAGMA foreign_keys = ON")?;
        applied?;
        (self.cursor, self.operations) = (cursor, operations);
        Ok(())
    }

    /// Writes a consistent copy of the shadow at its cursor to `out` (a new
    /// file), compact and without the free pages of what was erased.
    pub fn copy_to(&self, out: &Path) -> Result<()> {
        let path = out.to_str().ok_or(Error::Corrupt("snapshot path"))?;
        self.db.conn().execute("VACUUM INTO ?1", [path])?;
        Ok(())
    }
}

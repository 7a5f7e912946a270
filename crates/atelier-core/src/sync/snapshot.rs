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
use crate::cipher::{FileKey, RecoveryKey};
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

/// Installs the snapshot database `file` (the one `offered` describes,
/// encrypted under its [`SnapshotInfo::key`] when it has one) in this
/// [`eligible`] station, in one transaction: every table but
/// [`LOCAL`] takes its rows, the sync cursor moves to the snapshot's and
/// the clock past its newest stamp, and the station's own operations are
/// merged again over them. Nothing is written if any step fails.
pub fn install(db: &mut Db, file: &Path, offered: &SnapshotInfo, now_ms: u64) -> Result<()> {
    if !eligible(db)? {
        return Err(SyncError::AlreadySetUp.into());
    }
    let path = file.to_str().ok_or(Error::Corrupt("snapshot path"))?;
    // A plain snapshot is attached with `KEY ''`: without it SQLCipher
    // would read it with the station's own key.
    let key = match &offered.key {
        None => String::new(),
        Some(raw) => FileKey::from_raw(raw)
            .ok_or_else(|| SyncError::Protocol {
                detail: "the snapshot's key is not a SQLCipher raw key".to_owned(),
            })?
            .raw(),
    };
    db.conn()
        .execute("ATTACH DATABASE ?1 AS snap KEY ?2", [path, &key])?;
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
    /// scope's site) where it stopped: encrypted under `recovery` when
    /// given (the server's store is), plain otherwise.
    pub fn open(path: &Path, site: &SiteInfo, recovery: Option<&RecoveryKey>) -> Result<Shadow> {
        let mut db = match recovery {
            Some(recovery) => Db::open_encrypted(path, recovery)?,
            None => Db::open(path)?,
        };
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
    /// file), compact and without the free pages of what was erased:
    /// encrypted under `key` when given, plain otherwise.
    ///
    /// SQLCipher's `VACUUM INTO` writes the copy under the shadow's own key
    /// (its key and salt): a plain copy of a plain shadow is made so; any
    /// other is exported (`sqlcipher_export`) into a file under `key`, or
    /// plain, so that the key given away with a snapshot opens that file
    /// only, never the shadow.
    pub fn copy_to(&self, out: &Path, key: Option<&FileKey>) -> Result<()> {
        let keyed = self.db.file().is_some_and(|f| f.recovery().is_some());
        if key.is_none() && !keyed {
            let path = out.to_str().ok_or(Error::Corrupt("snapshot path"))?;
            self.db.conn().execute("VACUUM INTO ?1", [path])?;
            return Ok(());
        }
        // As the shadow holds them: references to rows of another scope
        // are not checked (see `apply`).
        self.db.conn().execute_batch("PRAGMA foreign_keys = OFF")?;
        let copied = crate::cipher::export(self.db.conn(), out, key, &|_, _| {});
        self.db.conn().execute_batch("PRAGMA foreign_keys = ON")?;
        copied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cipher::{self, FileState, Purpose};

    /// Whether `needle` is anywhere in the bytes of `path`.
    fn contains(path: &Path, needle: &str) -> bool {
        let bytes = std::fs::read(path).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    fn probe(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
        conn.query_row(
            "SELECT value FROM local_settings WHERE key = 'probe'",
            [],
            |r| r.get(0),
        )
    }

    #[test]
    fn a_keyed_shadow_s_snapshot_opens_with_its_own_key_and_never_the_shadow_s() {
        let dir = tempfile::tempdir().unwrap();
        let site = SiteInfo {
            id: atelier_domain::SiteId::new(),
            code: "LY".into(),
            name: "Lyon".into(),
        };
        let recovery = RecoveryKey::generate();
        let path = dir.path().join("shadow.sqlite3");
        let mut shadow = Shadow::open(&path, &site, Some(&recovery)).unwrap();
        shadow
            .db
            .write(|tx| {
                tx.execute(
                    "INSERT INTO local_settings (key, value) VALUES ('probe', 'Quennehen')",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let FileState::Encrypted { salt } = cipher::state(&path).unwrap() else {
            panic!("the shadow is encrypted");
        };
        let shadows_key = FileKey::derive(&recovery, salt, Purpose::Database);

        // SQLCipher's VACUUM INTO keeps the shadow's key: giving that copy's
        // key away would give the shadow's.
        let vacuumed = dir.path().join("vacuumed.sqlite3");
        shadow
            .db
            .conn()
            .execute("VACUUM INTO ?1", [vacuumed.to_str().unwrap()])
            .unwrap();
        let conn = rusqlite::Connection::open(&vacuumed).unwrap();
        cipher::apply(&conn, &shadows_key).expect("VACUUM INTO copies under the shadow's key");

        let key = FileKey::random();
        let out = dir.path().join("snapshot.sqlite3");
        shadow.copy_to(&out, Some(&key)).unwrap();
        assert!(!contains(&out, "Quennehen"), "nothing in clear");
        let conn = rusqlite::Connection::open(&out).unwrap();
        assert!(
            cipher::apply(&conn, &shadows_key).is_err(),
            "the shadow's key does not open the snapshot"
        );
        let conn = rusqlite::Connection::open(&out).unwrap();
        cipher::apply(&conn, &FileKey::from_raw(&key.raw()).unwrap()).unwrap();
        assert_eq!(probe(&conn).unwrap(), "Quennehen");

        // A plain copy of a keyed shadow is plain.
        let plain = dir.path().join("plain.sqlite3");
        shadow.copy_to(&plain, None).unwrap();
        assert_eq!(cipher::state(&plain).unwrap(), FileState::Plain);
        assert_eq!(
            probe(&rusqlite::Connection::open(&plain).unwrap()).unwrap(),
            "Quennehen"
        );
    }
}

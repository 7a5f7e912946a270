//! Opening the workstation's SQLite database: pragmas, migrations, transactions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::cipher::{self, CipherError, FileKey, FileState, Purpose, RecoveryKey};
use crate::{Error, Result, device};

pub(crate) mod embedded {
    refinery::embed_migrations!("../../migrations/local");
}

/// The database file's name inside a data directory.
pub const DB_FILE_NAME: &str = "atelier.sqlite3";

/// How many KiB of decrypted pages a connection to an encrypted database
/// keeps (SQLite's own cache grows to it as pages are read, no further):
/// a plain database's pages come back from the system's page cache for the
/// price of a copy, an encrypted one's are decrypted and checked again
/// each time they leave SQLite's cache. With SQLite's default 2 MiB a
/// search on 100,000 customers took 2.9 ms at p95 against 0.95 plain; with
/// 64 MiB, 0.93 (BENCHMARKS.md, Data at rest).
const DECRYPTED_CACHE_KIB: i64 = 64 * 1024;

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The local database of one workstation, migrated to the latest schema.
///
/// Holding a `Db` means: migrations have run, foreign keys are enforced, and the
/// workstation has its device identity (see [`device`]).
#[derive(Debug)]
pub struct Db {
    conn: Connection,
    file: Option<DbFile>,
}

/// A station's database file and, when it is encrypted, the recovery key
/// its key is derived from (see [`crate::cipher`]): what opens another
/// connection to it, from another thread (the sync rounds, the backups,
/// the checkpoints).
#[derive(Clone, Debug)]
pub struct DbFile {
    path: PathBuf,
    recovery: Option<RecoveryKey>,
}

impl DbFile {
    /// The database at `path`, encrypted under `recovery`, or plain.
    pub fn new(path: PathBuf, recovery: Option<RecoveryKey>) -> DbFile {
        DbFile { path, recovery }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The recovery key its key comes from, when it is encrypted.
    pub fn recovery(&self) -> Option<&RecoveryKey> {
        self.recovery.as_ref()
    }

    /// Opens (creating if needed) the database and migrates it.
    pub fn open(&self) -> Result<Db> {
        Db::init(self.connect()?, Some(self.clone()))
    }

    /// A connection to the file in WAL mode, keyed, not migrated. A new
    /// encrypted file gets a new salt, hence its own key.
    pub fn connect(&self) -> Result<Connection> {
        let conn = self.open_keyed(OpenFlags::default())?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(conn)
    }

    /// A read-only connection to the file, keyed.
    pub fn connect_read_only(&self) -> Result<Connection> {
        self.open_keyed(OpenFlags::SQLITE_OPEN_READ_ONLY)
    }

    fn open_keyed(&self, flags: OpenFlags) -> Result<Connection> {
        let Some(recovery) = &self.recovery else {
            return Ok(Connection::open_with_flags(&self.path, flags)?);
        };
        let key = match cipher::state(&self.path)? {
            FileState::Missing => FileKey::fresh(recovery, Purpose::Database),
            FileState::Encrypted { salt } => FileKey::derive(recovery, salt, Purpose::Database),
            // Plain where a key was expected: the station converts its
            // database before it opens it (cipher::reencrypt).
            FileState::Plain => return Err(CipherError::WrongKey.into()),
        };
        let conn = Connection::open_with_flags(&self.path, flags)?;
        cipher::apply(&conn, &key)?;
        conn.pragma_update(None, "cache_size", -DECRYPTED_CACHE_KIB)?;
        Ok(conn)
    }
}

impl Db {
    /// Opens (creating if needed) the plain database file at `path` and
    /// migrates it.
    ///
    /// Nothing more: the backup before a migration and the report figures'
    /// catch-up are steps of [`crate::startup::open`], which the desktop
    /// shell and the command line open their station's database with.
    pub fn open(path: &Path) -> Result<Db> {
        DbFile::new(path.to_path_buf(), None).open()
    }

    /// Opens (creating if needed) the database file at `path`, encrypted
    /// under `recovery`, and migrates it.
    pub fn open_encrypted(path: &Path, recovery: &RecoveryKey) -> Result<Db> {
        DbFile::new(path.to_path_buf(), Some(recovery.clone())).open()
    }

    /// Opens the database inside a data directory, creating the directory first.
    pub fn open_in_dir(dir: &Path) -> Result<Db> {
        create_dir(dir)?;
        Self::open(&dir.join(DB_FILE_NAME))
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        Self::init(Connection::open_in_memory()?, None)
    }

    /// Migrates a connection from [`connect`] and gives it its device identity.
    pub(crate) fn init(mut conn: Connection, file: Option<DbFile>) -> Result<Db> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Statement and savepoint journals in memory: measured 0.7 s of 3 s on a
        // 10,000-line import, where each line runs in its own savepoint.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // What a write deletes or replaces is overwritten with zeros, not
        // left in the file's free space: an anonymised customer's data is
        // gone from the file and from every backup copied from it after.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        migrate(&mut conn)?;
        crate::access::init_author(&conn)?;
        let mut db = Db { conn, file };
        db.write(device::ensure)?;
        Ok(db)
    }

    /// The file this database lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(DbFile::path)
    }

    /// The file this database lives in and its key (`None` in memory).
    pub fn file(&self) -> Option<&DbFile> {
        self.file.as_ref()
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection itself, for what replaces the whole database (a restore).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs `f` in one immediate transaction: everything it wrote is committed
    /// together if it returns `Ok`, and nothing is if it returns `Err`.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Moves WAL checkpoints off the commit path: SQLite no longer copies the
    /// WAL into the database file inside whichever commit crosses 1,000
    /// pages (a few milliseconds, the slow tail of every save); the returned
    /// [`Checkpointer`], on its own connection, does it when its owner calls
    /// [`Checkpointer::run`], typically from a background thread. `None` for
    /// an in-memory database, which has no WAL.
    ///
    /// A station that crashes before checkpointing loses nothing: committed
    /// transactions are in the WAL, and the next open (or the last close)
    /// checkpoints them.
    pub fn background_checkpoints(&self) -> Result<Option<Checkpointer>> {
        let Some(file) = &self.file else {
            return Ok(None);
        };
        let conn = file.connect()?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(Some(Checkpointer { conn }))
    }

    /// Leaves WAL checkpoints to the [`Checkpointer`] that another
    /// connection to the same file took with [`Db::background_checkpoints`]
    /// and runs: this connection's commits no longer copy the WAL either (a
    /// sync connection applying pages of operations paid for a checkpoint
    /// every few pages).
    pub fn leave_checkpoints_to_background(&self) -> Result<()> {
        if self.file.is_some() {
            self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        }
        Ok(())
    }
}

/// Copies the WAL into the database file for a [`Db`] whose commits no
/// longer do (see [`Db::background_checkpoints`]).
#[derive(Debug)]
pub struct Checkpointer {
    conn: Connection,
}

/// How often the desktop shell runs its [`Checkpointer`].
pub const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

impl Checkpointer {
    /// A passive checkpoint: copies every WAL frame no reader still needs,
    /// without waiting for or blocking the writer or readers. Returns the
    /// frames in the WAL and how many are now in the database file; once
    /// they are equal, the next commit starts the WAL over from its start.
    pub fn run(&self) -> Result<(i64, i64)> {
        Ok(self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(1)?, r.get(2)?))
            })?)
    }
}

/// Creates a data directory (and its parents) if it does not exist.
pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// Whether the database was migrated before, to an older schema than this
/// build's: a new database has nothing to lose and is not backed up.
pub(crate) fn migrations_pending(conn: &Connection) -> Result<bool> {
    let applied: Option<u32> = conn
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .or_else(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(m)) if m.contains("no such table") => Ok(None),
            other => Err(other),
        })?;
    Ok(applied.is_some_and(|v| v < schema_version()))
}

/// Brings a connection's schema to this build's: runs the migrations not
/// applied yet, with foreign keys off while they run, as SQLite asks of a
/// migration that makes a table again (copy, drop, rename: V22's
/// recommendations), then checks every reference and turns them back on.
/// A reference a migration left dangling refuses the database.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let ran = embedded::migrations::runner().run(conn);
    let dangling: Option<String> = match &ran {
        Ok(report) if !report.applied_migrations().is_empty() => conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    conn.pragma_update(None, "foreign_keys", "ON")?;
    ran?;
    match dangling {
        Some(_) => Err(Error::Corrupt("foreign keys")),
        None => Ok(()),
    }
}

/// The schema version of this build: the highest local migration. Every outbox
/// operation carries it so a peer knows which fields the writer could know.
pub fn schema_version() -> u32 {
    // Read once: building the runner parses every embedded migration, and
    // every outbox operation asks.
    static VERSION: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *VERSION.get_or_init(|| {
        embedded::migrations::runner()
            .get_migrations()
            .iter()
            .filter_map(|m| u32::try_from(m.version()).ok())
            .max()
            .unwrap_or(0)
    })
}

#[cfg(test)]
pub(crate) fn test_db() -> Db {
    Db::open_in_memory().expect("an in-memory database opens and migrates")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_checkpoints_copy_the_wal_that_commits_no_longer_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open_in_dir(dir.path()).unwrap();
        let checkpointer = db.background_checkpoints().unwrap().unwrap();
        let auto: i64 = db
            .conn()
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .unwrap();
        assert_eq!(auto, 0, "commits no longer checkpoint");
        checkpointer.run().unwrap();
        // Well past the 1,000 pages at which a commit would have checkpointed.
        let blob = vec![7u8; 64 * 1024];
        for i in 0..80 {
            db.write(|tx| {
                tx.execute(
                    "INSERT INTO local_settings (key, value) VALUES (?1, ?2)",
                    rusqlite::params![format!("bench.{i}"), format!("{:?}", &blob[..])],
                )?;
                Ok(())
            })
            .unwrap();
        }
        let wal = dir.path().join(format!("{DB_FILE_NAME}-wal"));
        let (frames, copied) = checkpointer.run().unwrap();
        assert!(
            frames > 1_000,
            "the WAL grew past the automatic threshold: {frames}"
        );
        assert_eq!(
            frames, copied,
            "a passive checkpoint with no reader copies it all"
        );
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        // What was written is in the database file itself.
        drop(checkpointer);
        let n: i64 = db
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM local_settings WHERE key LIKE 'bench.%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 80);
        assert!(
            Db::open_in_memory()
                .unwrap()
                .background_checkpoints()
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn file_database_uses_wal_and_enforces_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open_in_dir(&dir.path().join("nested")).unwrap();
        let mode: String = db
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "the design requires WAL for crash safety");
        let fk: i64 = db
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = db
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 1, "1 is NORMAL");
        let secure: i64 = db
            .conn()
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        assert_eq!(secure, 1, "deleted content is overwritten (GDPR erasure)");
        assert!(db.path().unwrap().ends_with(DB_FILE_NAME));
    }

    #[test]
    fn reopening_keeps_the_device_identity_and_does_not_remigrate() {
        let dir = tempfile::tempdir().unwrap();
        let first = device::device_id(Db::open_in_dir(dir.path()).unwrap().conn()).unwrap();
        let db = Db::open_in_dir(dir.path()).unwrap();
        assert_eq!(device::device_id(db.conn()).unwrap(), first);
        let applied: i64 = db
            .conn()
            .query_row("SELECT COUNT(*) FROM refinery_schema_history", [], |r| {
                r.get(0)
            })
            .unwrap();
        let embedded = embedded::migrations::runner().get_migrations().len();
        assert_eq!(applied, embedded as i64, "each migration applied once");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut db = test_db();
        let result: Result<()> = db.write(|tx| {
            tx.execute(
                "INSERT INTO local_settings (key, value) VALUES ('k', 'v')",
                [],
            )?;
            Err(Error::Storage(rusqlite::Error::InvalidQuery))
        });
        assert!(result.is_err());
        let n: i64 = db
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM local_settings WHERE key = 'k'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "the transaction must have rolled back");
    }
}

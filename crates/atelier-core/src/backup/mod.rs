//! Backups of the workstation's database, and restoring one.
//!
//! A backup is a copy made with SQLite's online backup API from its own
//! connection, never a file copy of the live database: the station keeps
//! working while it runs, and the copy is a consistent database. It is
//! written under a temporary name, checked (`PRAGMA integrity_check`), made
//! durable, then renamed: an interrupted or failed backup leaves the earlier
//! ones as they were and no half file under a backup's name.
//!
//! Backups live in a folder the owner may point at a second disk or a USB
//! key (`backups/` in the data directory until then), named
//! `atelier-YYYYMMDD-HHMMSSmmm-<reason>.sqlite3` in UTC, so their names sort
//! by age. The shell takes one at the first launch of each day, the database
//! takes one before migrating, and the owner one on demand; [`rotation`]
//! decides which to keep.
//!
//! Restoring copies the backup into the open database with the same API,
//! after taking a backup of what it replaces, and migrates it if it is
//! older; the application then starts over on it, from the sign-in.
//!
//! The backup of an encrypted database is encrypted too, under a key of
//! its own derived from the station's recovery key and the file's salt
//! ([`crate::cipher`]): the station opens its own backups without asking,
//! and another machine needs the recovery key. A backup still plain (taken
//! before the station encrypted its database) is encrypted in place by
//! [`encrypt_plain`].

mod error;
pub mod rotation;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;
use time::macros::format_description;

use crate::cipher::{self, CipherError, FileKey, FileState, Purpose, RecoveryKey};
use crate::db::DbFile;
use crate::journal;
use crate::text::rfc3339_now;
use crate::{Db, Error, Result};

pub use error::BackupError;

/// Where backups go when the owner has not chosen: inside the data directory.
pub const DEFAULT_FOLDER: &str = "backups";
const FOLDER_KEY: &str = "backup.folder";
const LAST_KEY: &str = "backup.last";
const PREFIX: &str = "atelier-";
const SUFFIX: &str = ".sqlite3";
/// How long a backup waits, in all, for a writer holding a lock it needs.
const BUSY_PATIENCE: Duration = Duration::from_secs(10);

/// Why a backup was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The first launch of the day.
    Daily,
    /// « Sauvegarder maintenant », or `atelier backup`.
    Manual,
    /// Before the database was migrated to a new schema.
    BeforeMigration,
    /// Before an update was installed.
    BeforeUpdate,
    /// Before another backup was restored over it.
    BeforeRestore,
    /// Before the database was encrypted.
    BeforeEncryption,
}

crate::text::str_enum!(Reason {
    Daily => "daily",
    Manual => "manual",
    BeforeMigration => "before-migration",
    BeforeUpdate => "before-update",
    BeforeRestore => "before-restore",
    BeforeEncryption => "before-encryption",
});

/// One backup file in the folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    /// Its full path.
    pub path: PathBuf,
    /// Its file name.
    pub name: String,
    /// When it was taken (RFC 3339, UTC).
    pub taken_at: String,
    /// Why.
    pub reason: Reason,
    /// Its size.
    pub bytes: u64,
}

/// What a backup just taken came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Its file name.
    pub name: String,
    /// Its full path.
    pub path: PathBuf,
    /// When it was taken (RFC 3339, UTC).
    pub taken_at: String,
    /// Why.
    pub reason: Reason,
    /// Its size.
    pub bytes: u64,
    /// How long it took, copy and check.
    pub duration_ms: u64,
    /// Older backups the rotation removed.
    pub removed: Vec<String>,
}

/// The last backup attempt of this workstation, as Réglages shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastBackup {
    /// When it was attempted (RFC 3339).
    pub at: String,
    /// Whether it was taken and checked.
    pub ok: bool,
    /// The backup, when it was.
    pub outcome: Option<Outcome>,
    /// Why it failed, in French and in English, when it did.
    pub error_fr: Option<String>,
    /// The same in English.
    pub error_en: Option<String>,
}

/// What a backup holds, shown before restoring it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The file.
    pub path: PathBuf,
    /// When it was taken, from its name (RFC 3339), if named as ours are.
    pub taken_at: Option<String>,
    /// Its schema version (highest migration applied).
    pub schema_version: u32,
    /// Customers in it (not archived nor merged away).
    pub customers: i64,
    /// Vehicles in it.
    pub vehicles: i64,
    /// Estimates and repair orders in it.
    pub orders: i64,
    /// Invoices issued in it.
    pub invoices: i64,
    /// The workshop it is the data of, if it was set up.
    pub workshop: Option<Identity>,
    /// Whether the file is encrypted.
    pub encrypted: bool,
}

/// Which workshop a database is the data of: its name, and its SIRET when
/// it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// The workshop's name.
    pub name: String,
    /// Its SIRET.
    pub siret: Option<String>,
}

/// The backup folder of this workstation: the one the owner chose, else
/// `backups/` in `data_dir`.
pub fn folder(conn: &Connection, data_dir: &Path) -> Result<PathBuf> {
    let chosen: Option<String> = conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [FOLDER_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(chosen.map_or_else(|| data_dir.join(DEFAULT_FOLDER), PathBuf::from))
}

/// Points the backups at `path` (a second disk, a USB key), after checking a
/// file can be written there; blank goes back to the default folder.
pub fn set_folder(tx: &Transaction<'_>, path: &str, data_dir: &Path) -> Result<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        tx.execute("DELETE FROM local_settings WHERE key = ?1", [FOLDER_KEY])?;
        return folder(tx, data_dir);
    }
    let dir = PathBuf::from(path);
    if !dir.is_absolute() {
        return Err(BackupError::Folder {
            path: dir,
            detail: "relative".to_owned(),
        }
        .into());
    }
    let probe = dir.join(".atelier-write-test");
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&probe, b"ok"))
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| BackupError::Folder {
            path: dir.clone(),
            detail: e.to_string(),
        })?;
    tx.execute(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (FOLDER_KEY, path),
    )?;
    Ok(dir)
}

/// Backs up the database file at `source` into `dir`, checks the copy,
/// then applies the rotation. On any failure the folder holds what it held
/// before (and no partial file). The copy of an encrypted database is
/// encrypted under a key of its own.
pub fn take(source: &DbFile, dir: &Path, reason: Reason, now_ms: u64) -> Result<Outcome> {
    write(dir, reason, now_ms, |partial, name| {
        copy_checked(source, partial, name)
    })
}

/// Writes a new backup into `dir` with `fill`, which writes and checks the
/// file it is given under the backup's name, then renames it in and applies
/// the rotation.
fn write(
    dir: &Path,
    reason: Reason,
    now_ms: u64,
    fill: impl FnOnce(&Path, &str) -> Result<()>,
) -> Result<Outcome> {
    let started = Instant::now();
    let io = |e: std::io::Error| BackupError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    remove_abandoned(dir);
    let name = file_name(now_ms, reason);
    let partial = dir.join(format!(".{name}.partial"));
    let done = fill(&partial, &name);
    if let Err(e) = done {
        std::fs::remove_file(&partial).ok();
        return Err(e);
    }
    let path = dir.join(&name);
    std::fs::rename(&partial, &path).map_err(io)?;
    // The rename itself must survive a power cut.
    if let Ok(d) = std::fs::File::open(dir) {
        d.sync_all().ok();
    }
    let bytes = std::fs::metadata(&path).map_err(io)?.len();
    let removed = rotate(dir)?;
    Ok(Outcome {
        taken_at: rfc3339_now(now_ms),
        name,
        path,
        reason,
        bytes,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        removed,
    })
}

fn copy_checked(source: &DbFile, partial: &Path, name: &str) -> Result<()> {
    let src = source.connect_read_only()?;
    src.busy_timeout(BUSY_PATIENCE)?;
    let key = source
        .recovery()
        .map(|r| FileKey::fresh(r, Purpose::Backup));
    {
        let mut dst = Connection::open(partial)?;
        if let Some(key) = &key {
            cipher::apply(&dst, key)?;
        }
        copy(&src, &mut dst)?;
        // The copy keeps the source's WAL mode; a backup is one file.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
    }
    integrity(partial, name, key.as_ref())?;
    durable(partial)
}

/// Flushes a backup just written to the disk.
fn durable(partial: &Path) -> Result<()> {
    cipher::durable(partial).map_err(|e| match e {
        Error::Cipher(CipherError::Io { path, source }) => BackupError::Io { path, source }.into(),
        other => other,
    })
}

/// The backup taken before a plain database is encrypted: already
/// encrypted itself, under `recovery` (the key the database is about to be
/// encrypted under), into the owner's folder or, out of reach, the data
/// directory's.
pub(crate) fn before_encrypting(
    plain: &Path,
    recovery: &RecoveryKey,
    now_ms: u64,
    progress: cipher::Progress<'_>,
) -> Result<Outcome> {
    let data_dir = plain.parent().unwrap_or(Path::new("."));
    // Read and write: what it exports into can be no more writable than it.
    let conn = Connection::open(plain)?;
    conn.busy_timeout(BUSY_PATIENCE)?;
    let chosen = folder(&conn, data_dir)?;
    let fill = |partial: &Path, name: &str| {
        let key = FileKey::fresh(recovery, Purpose::Backup);
        cipher::export(&conn, partial, Some(&key), progress)?;
        integrity(partial, name, Some(&key))?;
        durable(partial)
    };
    write(&chosen, Reason::BeforeEncryption, now_ms, fill).or_else(|_| {
        write(
            &data_dir.join(DEFAULT_FOLDER),
            Reason::BeforeEncryption,
            now_ms,
            fill,
        )
    })
}

/// Encrypts in place, under `recovery`, the backups in `dir` that are
/// still plain (taken before the station encrypted its database): each is
/// copied encrypted beside itself, checked, then renamed over itself.
/// Returns how many were encrypted; one that cannot be is left as it was
/// and tried again next time.
pub fn encrypt_plain(dir: &Path, recovery: &RecoveryKey) -> Result<usize> {
    let mut done = 0;
    for file in list(dir)? {
        if cipher::state(&file.path)? != FileState::Plain {
            continue;
        }
        let partial = dir.join(format!(".{}.partial", file.name));
        let key = FileKey::fresh(recovery, Purpose::Backup);
        let encrypted = Connection::open(&file.path)
            .map_err(Error::from)
            .and_then(|conn| cipher::export(&conn, &partial, Some(&key), &|_, _| {}))
            .and_then(|()| integrity(&partial, &file.name, Some(&key)))
            .and_then(|()| durable(&partial))
            .and_then(|()| {
                std::fs::rename(&partial, &file.path).map_err(|source| {
                    BackupError::Io {
                        path: file.path.clone(),
                        source,
                    }
                    .into()
                })
            });
        match encrypted {
            Ok(()) => done += 1,
            // Left plain, and tried again at the next start.
            Err(_) => {
                std::fs::remove_file(&partial).ok();
            }
        }
    }
    if done > 0 {
        cipher::sync_dir(&dir.join("."));
    }
    Ok(done)
}

/// Copies every page of `src` into `dst` in one step, waiting out writers.
fn copy(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if started.elapsed() < BUSY_PATIENCE => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => return Err(BackupError::Busy.into()),
        }
    }
}

/// Runs `PRAGMA integrity_check` on the file (opened with `key` when it
/// is encrypted) and refuses it unless "ok".
fn integrity(path: &Path, name: &str, key: Option<&FileKey>) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(key) = key {
        cipher::apply(&conn, key)?;
    }
    checked(&conn, name)
}

/// Runs `PRAGMA integrity_check` on an open backup and refuses it unless "ok".
fn checked(conn: &Connection, name: &str) -> Result<()> {
    let report: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if report == ["ok"] {
        Ok(())
    } else {
        Err(BackupError::Damaged {
            name: name.to_owned(),
            report: report.join("; "),
        }
        .into())
    }
}

fn file_name(now_ms: u64, reason: Reason) -> String {
    let stamp = rfc3339_now(now_ms);
    // 2026-11-21T08:55:13.123Z → 20261121-085513123
    let digits: String = stamp.chars().filter(char::is_ascii_digit).collect();
    let (day, time) = digits.split_at(8.min(digits.len()));
    format!("{PREFIX}{day}-{time:0<9}-{}{SUFFIX}", reason.as_str())
}

/// Reads a backup's name back: when it was taken and why.
fn parse_name(name: &str) -> Option<(PrimitiveDateTime, Reason)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (day, rest) = rest.split_once('-')?;
    let (time, reason) = rest.split_once('-')?;
    let at = PrimitiveDateTime::parse(
        &format!("{day}{}", time.get(..6)?),
        format_description!("[year][month][day][hour][minute][second]"),
    )
    .ok()?;
    Some((at, Reason::parse(reason)?))
}

/// The backups in `dir`, newest first. Other files are left out.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(BackupError::Io {
                path: dir.to_path_buf(),
                source,
            }
            .into());
        }
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, reason)) = parse_name(&name) else {
            continue;
        };
        found.push((
            at,
            BackupFile {
                path: entry.path(),
                taken_at: format!(
                    "{}Z",
                    at.format(format_description!(
                        "[year]-[month]-[day]T[hour]:[minute]:[second]"
                    ))
                    .unwrap_or_default()
                ),
                bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                name,
                reason,
            },
        ));
    }
    found.sort_by(|a, b| b.1.name.cmp(&a.1.name));
    Ok(found.into_iter().map(|(_, f)| f).collect())
}

/// How long a partial copy may go unwritten before it is taken for
/// abandoned: a copy in progress writes its file continuously (a 1.2 GB
/// database is copied in seconds), so an hour is generous.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);

/// Deletes the partial copies that a backup cut off (Atelier closed or the
/// station stopped in the middle of one) left behind, and their journals:
/// each is as big as the database, and nothing else would ever remove them.
/// One still being written, by this program or another, is left alone.
fn remove_abandoned(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let partial = name.starts_with(&format!(".{PREFIX}"))
            && (name.ends_with(".partial") || name.ends_with(".partial-journal"));
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|idle| idle > ABANDONED_AFTER);
        if partial && idle {
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

/// Deletes what the rotation does not keep; returns the names deleted.
fn rotate(dir: &Path) -> Result<Vec<String>> {
    let files = list(dir)?;
    let taken: Vec<rotation::Taken> = files
        .iter()
        .filter_map(|f| parse_name(&f.name))
        .map(|(at, reason)| rotation::Taken { at, reason })
        .collect();
    let mut removed = Vec::new();
    for i in rotation::to_delete(&taken) {
        if std::fs::remove_file(&files[i].path).is_ok() {
            removed.push(files[i].name.clone());
        }
    }
    Ok(removed)
}

/// Whether no backup was taken in `dir` on `today` (YYYY-MM-DD, UTC): the
/// first launch of the day takes one.
pub fn due_today(dir: &Path, today: &str) -> Result<bool> {
    let day: String = today.chars().filter(char::is_ascii_digit).collect();
    Ok(!list(dir)?
        .iter()
        .any(|f| f.name.starts_with(&format!("{PREFIX}{day}-"))))
}

/// Remembers how the last backup went, for Réglages.
pub fn record(tx: &Transaction<'_>, now_ms: u64, result: &Result<Outcome>) -> Result<LastBackup> {
    let last = LastBackup {
        at: rfc3339_now(now_ms),
        ok: result.is_ok(),
        outcome: result.as_ref().ok().cloned(),
        error_fr: result
            .as_ref()
            .err()
            .map(|e| e.message(atelier_domain::Locale::Fr)),
        error_en: result
            .as_ref()
            .err()
            .map(|e| e.message(atelier_domain::Locale::En)),
    };
    tx.execute(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (
            LAST_KEY,
            serde_json::to_string(&last).map_err(|_| Error::Corrupt("backup.last"))?,
        ),
    )?;
    match result {
        Ok(o) => journal::record(
            tx,
            now_ms,
            journal::Code::Backup,
            &format!("{} ({:?}, {} bytes)", o.path.display(), o.reason, o.bytes),
        )?,
        Err(e) => journal::record(
            tx,
            now_ms,
            journal::Code::Error,
            &format!("backup: {}", e.message(atelier_domain::Locale::Fr)),
        )?,
    };
    Ok(last)
}

/// How the last backup went, if one was attempted.
pub fn last(conn: &Connection) -> Result<Option<LastBackup>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [LAST_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// The keys a backup may be opened with: the station's own recovery key
/// (its own backups open without asking), and the one a person typed for a
/// backup of another station.
#[derive(Clone, Copy, Debug, Default)]
pub struct Keys<'a> {
    /// The station's recovery key, when its database is encrypted.
    pub station: Option<&'a RecoveryKey>,
    /// The recovery key the person typed, if any.
    pub typed: Option<&'a RecoveryKey>,
}

impl<'a> Keys<'a> {
    /// The station's own key, for the database `file`.
    pub fn of(file: Option<&'a DbFile>) -> Keys<'a> {
        Keys {
            station: file.and_then(DbFile::recovery),
            typed: None,
        }
    }
}

/// Opens the backup at `path` read-only: plain, or with the first of
/// `keys` that opens it (as a backup, or as a station's database copied as
/// it was). An encrypted backup no key opens asks for its recovery key, or
/// says the one typed is wrong (after a pause, see
/// [`cipher::refuse_typed_key`]).
fn open(path: &Path, name: &str, keys: Keys<'_>) -> Result<(Connection, Option<FileKey>)> {
    open_as(path, name, keys, OpenFlags::SQLITE_OPEN_READ_ONLY)
}

/// [`open`] with `flags`: a connection that copies its file into another
/// with `sqlcipher_export` must be able to write, as what it attaches can
/// be no more writable than it is.
fn open_as(
    path: &Path,
    name: &str,
    keys: Keys<'_>,
    flags: OpenFlags,
) -> Result<(Connection, Option<FileKey>)> {
    if !path.is_file() {
        return Err(BackupError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        }
        .into());
    }
    let not_ours = || -> Error {
        BackupError::Damaged {
            name: name.to_owned(),
            report: "not an Atelier database".to_owned(),
        }
        .into()
    };
    match cipher::state(path) {
        Ok(FileState::Plain) => return Ok((Connection::open_with_flags(path, flags)?, None)),
        Ok(FileState::Encrypted { .. }) => {}
        Ok(FileState::Missing) | Err(Error::Cipher(CipherError::NotADatabase(_))) => {
            return Err(not_ours());
        }
        Err(e) => return Err(e),
    }
    for (recovery, typed) in [(keys.station, false), (keys.typed, true)] {
        let Some(recovery) = recovery else { continue };
        for purpose in [Purpose::Backup, Purpose::Database] {
            if let Some((conn, key)) = cipher::open_with(path, recovery, purpose, flags)? {
                if typed {
                    cipher::typed_key_worked();
                }
                return Ok((conn, key));
            }
        }
    }
    Err(match keys.typed {
        Some(_) => cipher::refuse_typed_key(),
        None => CipherError::NeedsRecoveryKey.into(),
    })
}

/// Opens a backup read-only, checks it, and says what it holds.
pub fn inspect(path: &Path, keys: Keys<'_>) -> Result<Summary> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (conn, _) = open(path, &name, keys)?;
    checked(&conn, &name).map_err(|e| match e {
        Error::Storage(_) => BackupError::Damaged {
            name: name.clone(),
            report: "not an Atelier database".to_owned(),
        }
        .into(),
        other => other,
    })?;
    let not_ours = || BackupError::Damaged {
        name: name.clone(),
        report: "not an Atelier database".to_owned(),
    };
    let schema_version: u32 = conn
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .map_err(|_| not_ours())?;
    let count = |sql: &str| -> Result<i64> {
        match conn.query_row(sql, [], |r| r.get(0)) {
            Ok(n) => Ok(n),
            // What a backup this old did not have yet holds nothing.
            Err(e) if e.to_string().contains("no such") => Ok(0),
            Err(e) => Err(e.into()),
        }
    };
    Ok(Summary {
        path: path.to_path_buf(),
        taken_at: parse_name(&name).map(|(at, _)| {
            format!(
                "{}Z",
                at.format(format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second]"
                ))
                .unwrap_or_default()
            )
        }),
        schema_version,
        customers: count(
            "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL AND deleted_at IS NULL",
        )?,
        vehicles: count("SELECT COUNT(*) FROM vehicles WHERE deleted_at IS NULL")?,
        orders: count("SELECT COUNT(*) FROM orders WHERE deleted_at IS NULL")?,
        invoices: count("SELECT COUNT(*) FROM invoices")?,
        workshop: conn
            .query_row("SELECT name, siret FROM workshop", [], |r| {
                Ok(Identity {
                    name: r.get(0)?,
                    siret: r.get(1)?,
                })
            })
            .optional()
            .ok()
            .flatten(),
        encrypted: cipher::state(path)? != FileState::Plain,
    })
}

/// What the owner's backups panel shows: where backups go (and where they
/// go by default), the last backup's outcome and the backups there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overview {
    /// The folder backups go to.
    pub folder: String,
    /// The data directory's own folder, used until the owner chooses.
    pub default_folder: String,
    /// The last backup's outcome, good or bad.
    pub last: Option<LastBackup>,
    /// The backups in the folder, newest first; none when it cannot be read.
    pub backups: Vec<BackupFile>,
}

/// The backups panel of the station whose data directory is `data_dir`.
pub fn overview(conn: &Connection, data_dir: &Path) -> Result<Overview> {
    let folder = folder(conn, data_dir)?;
    Ok(Overview {
        backups: list(&folder).unwrap_or_default(),
        last: last(conn)?,
        folder: folder.display().to_string(),
        default_folder: data_dir.join(DEFAULT_FOLDER).display().to_string(),
    })
}

/// Backs the open database up now: into `to`, or the owner's folder when
/// `to` is `None`; checked and rotated by [`take`], and remembered as the
/// last backup (for Réglages) whether it worked or not. The one sequence
/// behind « Sauvegarder maintenant », the backup before an update and
/// `atelier backup`.
pub fn back_up(
    db: &mut Db,
    data_dir: &Path,
    to: Option<&Path>,
    reason: Reason,
    now_ms: u64,
) -> Result<Outcome> {
    let folder = match to {
        Some(folder) => folder.to_path_buf(),
        None => folder(db.conn(), data_dir)?,
    };
    let source = db
        .file()
        .cloned()
        .ok_or(Error::Corrupt("in-memory database"))?;
    let taken = take(&source, &folder, reason, now_ms);
    db.write(|tx| record(tx, now_ms, &taken))?;
    taken
}

/// The first launch of the day's backup, taken while the station works:
/// the lock on `db` is held to find the folder and to record the outcome,
/// not while the copy runs (it reads through its own connection). `None`
/// when today's backup is already there, or for an in-memory database.
///
/// A folder that cannot be read (an unplugged USB key) makes the backup
/// due: it then fails, and says why in Réglages.
pub fn daily(db: &Mutex<Db>, data_dir: &Path, now_ms: u64) -> Option<Result<Outcome>> {
    let lock = || db.lock().unwrap_or_else(PoisonError::into_inner);
    let (source, folder) = {
        let db = lock();
        let source = db.file()?.clone();
        (source, folder(db.conn(), data_dir).ok()?)
    };
    if !due_today(&folder, &crate::text::today(now_ms)).unwrap_or(true) {
        return None;
    }
    let taken = take(&source, &folder, Reason::Daily, now_ms);
    // The copy stands even if its outcome cannot be written down.
    lock().write(|tx| record(tx, now_ms, &taken)).ok();
    Some(taken)
}

/// The backup before a migration, of a database not yet migrated (so its
/// outcome is not recorded): into the owner's folder or, when that is out
/// of reach (an unplugged USB key), into the data directory's.
pub(crate) fn before_migrating(conn: &Connection, path: &DbFile) -> Result<()> {
    let data_dir = path.path().parent().unwrap_or(Path::new("."));
    // SQLite's clock: opening a database is the one place core has no caller's `now`.
    let now: i64 = conn.query_row(
        "SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER)",
        [],
        |r| r.get(0),
    )?;
    let now = u64::try_from(now).unwrap_or_default();
    let chosen = folder(conn, data_dir)?;
    take(path, &chosen, Reason::BeforeMigration, now)
        .or_else(|_| {
            take(
                path,
                &data_dir.join(DEFAULT_FOLDER),
                Reason::BeforeMigration,
                now,
            )
        })
        .map(|_| ())
}

/// Restores the backup at `path` over the open database: opens it with
/// the station's key or the one `typed`, checks it, refuses one written by
/// a newer Atelier or holding another workshop's data, backs up what it
/// replaces into `dir`, copies it in and migrates it to this build's
/// schema. The open `db` is then the restored database, encrypted as it
/// was; the caller starts over from its sign-in.
pub fn restore(
    db: &mut Db,
    path: &Path,
    dir: &Path,
    typed: Option<&RecoveryKey>,
    now_ms: u64,
) -> Result<Outcome> {
    let source = db
        .file()
        .cloned()
        .ok_or(Error::Corrupt("in-memory database"))?;
    let keys = Keys {
        station: source.recovery(),
        typed,
    };
    let summary = inspect(path, keys)?;
    let ours = crate::db::schema_version();
    if summary.schema_version > ours {
        return Err(BackupError::TooNew {
            version: summary.schema_version,
            ours,
        }
        .into());
    }
    let here: Option<Identity> = db
        .conn()
        .query_row("SELECT name, siret FROM workshop", [], |r| {
            Ok(Identity {
                name: r.get(0)?,
                siret: r.get(1)?,
            })
        })
        .optional()?;
    if let (Some(here), Some(there)) = (&here, &summary.workshop)
        && let (Some(a), Some(b)) = (&here.siret, &there.siret)
        && a.replace(' ', "") != b.replace(' ', "")
    {
        return Err(CipherError::OtherWorkshop(there.name.clone()).into());
    }
    let before = take(&source, dir, Reason::BeforeRestore, now_ms)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (src, _) = open_as(path, &name, keys, OpenFlags::default())?;
    if summary.encrypted == source.recovery().is_some() {
        copy(&src, db.conn_mut())?;
    } else {
        // SQLite's backup copies pages, and a plain page is not an
        // encrypted one: the backup is first written in the database's
        // form (a plain one encrypted, or the reverse) beside it.
        let staged = dir.join(format!(".{name}.restoring"));
        std::fs::remove_file(&staged).ok();
        let key = source
            .recovery()
            .map(|r| FileKey::fresh(r, Purpose::Backup));
        let copied = cipher::export(&src, &staged, key.as_ref(), &|_, _| {}).and_then(|()| {
            let staged_conn =
                Connection::open_with_flags(&staged, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            if let Some(key) = &key {
                cipher::apply(&staged_conn, key)?;
            }
            copy(&staged_conn, db.conn_mut())
        });
        std::fs::remove_file(&staged).ok();
        copied?;
    }
    // A backup from an older Atelier gets this build's schema, as at open.
    crate::db::migrate(db.conn_mut())?;
    Ok(before)
}

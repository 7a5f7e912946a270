//! The SQLite store encrypted with SQLCipher: every connection is keyed
//! first, and a plain store found where an encrypted one is expected is
//! converted once, at start.
//!
//! The conversion never leaves a half-encrypted store: the plain database
//! is checkpointed and exported (`sqlcipher_export`) into a new file beside
//! it, which is checked (integrity, and every table's row count against the
//! plain one's), made durable, then renamed over the plain file. A kill
//! before the rename leaves the plain store and a stray new file, which the
//! next start removes and makes again; after it, the encrypted store.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{OpenError, StoreKey};

/// SQLite's first bytes, which an encrypted database never shows.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a database file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// No database yet (no file, or an empty one).
    Nothing,
    /// A plain SQLite database.
    Plain,
    /// Something else: an encrypted database.
    Encrypted,
}

/// What the file at `path` is.
pub(crate) fn found(path: &Path) -> Result<Found, OpenError> {
    let head = header(path).map_err(|source| OpenError::DataDir {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(match head {
        None => Found::Nothing,
        Some(h) if &h == PLAIN_HEADER => Found::Plain,
        Some(_) => Found::Encrypted,
    })
}

/// The file's first 16 bytes; `None` when it does not exist or is empty.
fn header(path: &Path) -> std::io::Result<Option<[u8; 16]>> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut head = [0; 16];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok((read > 0).then_some(head))
}

/// Keys `conn` (its first statement) and checks the key opens it.
///
/// # Errors
/// [`OpenError::WrongKey`] when the database does not open with `key`.
pub(crate) fn key(conn: &Connection, key: &StoreKey, path: &Path) -> Result<(), OpenError> {
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher()))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
    .map_err(|_| OpenError::WrongKey(path.to_path_buf()))
}

/// Where a conversion writes the encrypted copy before it replaces `path`.
pub(crate) fn converting_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".encrypting");
    PathBuf::from(name)
}

/// Converts the plain store at `path` to one encrypted with `key`.
///
/// # Errors
/// When the copy fails or does not match the plain store, which is then
/// left as it was.
pub(crate) fn convert(path: &Path, key: &StoreKey) -> Result<(), OpenError> {
    let target = converting_path(path);
    remove_if_there(&target)?;
    remove_if_there(&journal_of(&target))?;
    let target_text = target.to_str().ok_or_else(|| {
        OpenError::Conversion(format!("{} is not a UTF-8 path", target.display()))
    })?;
    let plain = Connection::open(path)?;
    plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let counts = row_counts(&plain, "main")?;
    let user_version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    plain.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        [target_text, key.sqlcipher().as_str()],
    )?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    plain.execute_batch(&format!("PRAGMA encrypted.user_version = {user_version};"))?;
    plain.execute_batch("DETACH DATABASE encrypted;")?;
    plain.close().map_err(|(_, e)| e)?;

    let copy = Connection::open_with_flags(&target, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    self::key(&copy, key, &target)?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(OpenError::Conversion(format!(
            "the encrypted copy fails its integrity check: {check}"
        )));
    }
    let copied = row_counts(&copy, "main")?;
    if copied != counts {
        return Err(OpenError::Conversion(format!(
            "the encrypted copy's rows differ from the plain store's: {copied:?} against {counts:?}"
        )));
    }
    copy.close().map_err(|(_, e)| e)?;

    let io = |source| OpenError::DataDir {
        path: target.clone(),
        source,
    };
    std::fs::File::open(&target)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    // The plain store's WAL was checkpointed into it and emptied: nothing
    // of it may be read as the encrypted store's.
    for side in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(side);
        remove_if_there(Path::new(&name))?;
    }
    std::fs::rename(&target, path).map_err(io)?;
    if let Some(dir) = path.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        dir.sync_all().ok();
    }
    Ok(())
}

fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

fn remove_if_there(path: &Path) -> Result<(), OpenError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(OpenError::DataDir {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Every table of `schema` and its row count, by name.
fn row_counts(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>, OpenError> {
    let tables: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master
              WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {schema}.\"{quoted}\""),
            [],
            |r| r.get(0),
        )?;
        counts.push((table, n));
    }
    Ok(counts)
}

//! The station's registry of archives (`archives`) and of its signing keys
//! (`station_keys`): what was made, what is due, and how each file stands.

use std::path::PathBuf;

use atelier_domain::{ArchiveId, ClosureId};
use ed25519_dalek::VerifyingKey;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::file;
use super::period::{Kind, Period};
use crate::text::{hex, rfc3339_now};
use crate::{Error, Result};

/// Keeps the public half of the station's signing key in `station_keys`
/// (once; a key already there is left as it was).
pub fn register_key(tx: &Transaction<'_>, key: &VerifyingKey, now_ms: u64) -> Result<()> {
    tx.execute(
        "INSERT INTO station_keys (id, public_key, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (public_key) DO NOTHING",
        params![
            crate::new_row_id(),
            hex(key.as_bytes()),
            i64::try_from(now_ms).unwrap_or(i64::MAX)
        ],
    )?;
    Ok(())
}

/// This station's public signing keys (hex), oldest first: what an
/// archive's `public_key` is compared with.
pub fn public_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT public_key FROM station_keys ORDER BY created_at, id")?;
    let keys = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(keys)
}

/// Whether this database holds the closure `id`.
pub(crate) fn has_closure(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM closures WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether `public_key` (hex) is one of this station's signing keys.
pub fn is_station_key(conn: &Connection, public_key: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM station_keys WHERE public_key = ?1",
            [public_key.to_ascii_lowercase()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The file name of this period's archive, if the station made it already.
pub(crate) fn made_already(conn: &Connection, period: &Period) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT file_name FROM archives WHERE device_id = ?1 AND kind = ?2 AND period_start = ?3",
            params![
                crate::device::device_id(conn)?.to_string(),
                period.kind.as_str(),
                period.start
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// This station's monthly and fiscal-year closures that have no archive
/// yet, oldest first: what a launch after a stop, or the closure code after
/// a closure, hands to [`make`]. The periods carry the station's name now.
pub fn due(conn: &Connection) -> Result<Vec<Period>> {
    let station = crate::device::station(conn)?;
    let station = station.as_str();
    let mut stmt = conn.prepare(
        "SELECT c.kind, c.period_start, c.period_end FROM closures c
          WHERE c.device_id = ?1 AND c.kind IN ('month', 'year')
            AND NOT EXISTS (SELECT 1 FROM archives a
                             WHERE a.device_id = c.device_id AND a.kind = c.kind
                               AND a.period_start = c.period_start)
          ORDER BY c.period_end, c.kind",
    )?;
    let rows = stmt.query_map([crate::device::device_id(conn)?.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
    })?;
    let mut due = Vec::new();
    for row in rows {
        let (kind, start, end) = row?;
        due.push(Period {
            station: station.to_owned(),
            kind: Kind::parse(&kind).ok_or(Error::Corrupt("closures.kind"))?,
            start,
            end,
        });
    }
    Ok(due)
}

/// Where an archive of the registry stands now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Its file is where it was written, with the same SHA-256.
    Intact,
    /// No file there any more (moved, deleted, disk unplugged).
    Missing,
    /// A file is there but its bytes changed: [`verify`] names what.
    Changed,
}

/// One archive of the registry, and how its file stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// The registry row's id.
    pub id: ArchiveId,
    /// The period archived.
    pub period: Period,
    /// The closure it was made for.
    pub closure_id: Option<ClosureId>,
    /// Its file name.
    pub file_name: String,
    /// Where it was written.
    pub path: PathBuf,
    /// Its SHA-256 when written.
    pub sha256: String,
    /// Its size when written.
    pub bytes: u64,
    /// When it was made (RFC 3339).
    pub made_at: String,
    /// How its file stands now.
    pub state: FileState,
}

/// The registry of this database's archives, newest period first, each
/// with whether its file is still where it was and whole (its SHA-256
/// recomputed: this reads every archive).
pub fn list(conn: &Connection) -> Result<Vec<Listed>> {
    let mut stmt = conn.prepare(
        "SELECT id, station, kind, period_start, period_end, closure_id, file_name, path,
                sha256, bytes, created_at
           FROM archives ORDER BY period_end DESC, kind DESC, station",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, i64>(9)?,
            r.get::<_, i64>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, station, kind, start, end, closure_id, file_name, path, sha256, bytes, at) = row?;
        let path = PathBuf::from(path);
        let bytes = u64::try_from(bytes).unwrap_or(0);
        let state = match std::fs::metadata(&path) {
            Err(_) => FileState::Missing,
            Ok(m) if m.len() != bytes => FileState::Changed,
            Ok(_) => match file::digest(&path) {
                Ok((actual, _)) if actual == sha256 => FileState::Intact,
                Ok(_) => FileState::Changed,
                Err(_) => FileState::Missing,
            },
        };
        let corrupt = |what| move |_| Error::Corrupt(what);
        out.push(Listed {
            id: id.parse().map_err(corrupt("archives.id"))?,
            period: Period {
                station,
                kind: Kind::parse(&kind).ok_or(Error::Corrupt("archives.kind"))?,
                start,
                end,
            },
            closure_id: closure_id
                .map(|c| c.parse().map_err(corrupt("archives.closure_id")))
                .transpose()?,
            file_name,
            path,
            sha256,
            bytes,
            made_at: rfc3339_now(u64::try_from(at).unwrap_or(0)),
            state,
        });
    }
    Ok(out)
}

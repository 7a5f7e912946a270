//! Signed archives of a station's periods, as the till law asks
//! (BOI-TVA-DECLA-30-10-30, « conservation » and « archivage »).
//!
//! After each monthly and fiscal-year closure the station writes one file,
//! `atelier-archive-<station>-<kind>-<period>.zip`, into the `archives/`
//! folder of its backup folder: the period's issued invoices and credit
//! notes (their sealed fields and hash, and their issued PDFs), payments
//! and reversals, closures and technical-event journal, with a manifest of
//! every member's SHA-256 signed by the station's Ed25519 key. The format is
//! open and explained inside each archive (`FORMAT.txt`) and in
//! docs/archive-format.md: reading one needs Atelier or nothing but a zip
//! reader, a SHA-256 and an Ed25519 check.
//!
//! The private half of the key stays in the OS keyring (crate
//! `atelier-keys`; core never touches it, it is handed the key); the public
//! half is written on every archive and kept in `station_keys`, so
//! [`verify`] tells an archive of this station from one re-signed by
//! someone else. The registry `archives` records each archive written (its
//! path, size and SHA-256), only once its file is whole on disk; an archive
//! is made once per period and never replaced. Backup rotation never looks
//! into `archives/`: they are kept for as long as the folder is (at least
//! 10 years, the commercial-law term; 6 for the tax rules).

mod error;
mod file;
mod gather;
pub mod manifest;
mod verify;

use std::path::{Path, PathBuf};

use ed25519_dalek::Signer;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::macros::format_description;
use time::{Date, Duration, Month};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::text::{hex, rfc3339_now, today};
use crate::{Db, Error, Result, backup};

pub use error::ArchiveError;
use manifest::{FORMAT, MANIFEST, Manifest, Member, README, SIGNATURE, VERSION};
pub use verify::{Finding, Report, Verification, verify, verify_in};

/// The subfolder of the backup folder archives go to.
pub const FOLDER: &str = "archives";

/// The explanation written into every archive.
const FORMAT_TEXT: &str = include_str!("FORMAT.txt");

/// What period an archive covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A calendar month.
    Month,
    /// A fiscal year (the first may be shorter or longer than a year).
    Year,
}

crate::text::str_enum!(Kind {
    Month => "month",
    Year => "year",
});

/// One station's period to archive: both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The station: its series prefix, as on its invoices and payments.
    pub station: String,
    /// A month or a fiscal year.
    pub kind: Kind,
    /// First day (YYYY-MM-DD).
    pub start: String,
    /// Last day, included.
    pub end: String,
}

impl Period {
    /// The calendar month `YYYY-MM` of `station`.
    pub fn month(station: &str, month: &str) -> Result<Period> {
        let bad = || ArchiveError::BadPeriod {
            given: month.to_owned(),
        };
        let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
        let (year, month_no): (i32, u8) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        let m = Month::try_from(month_no).map_err(|_| bad())?;
        let first = Date::from_calendar_date(year, m, 1).map_err(|_| bad())?;
        let last = first.replace_day(m.length(year)).map_err(|_| bad())?;
        Ok(Period {
            station: station.to_owned(),
            kind: Kind::Month,
            start: iso(first),
            end: iso(last),
        })
    }

    /// The fiscal year of `station` from `start` to `end` (YYYY-MM-DD, both
    /// included).
    pub fn year(station: &str, start: &str, end: &str) -> Result<Period> {
        let bad = || ArchiveError::BadPeriod {
            given: format!("{start}..{end}"),
        };
        let (s, e) = (
            crate::text::parse_date(start).ok_or_else(bad)?,
            crate::text::parse_date(end).ok_or_else(bad)?,
        );
        if e < s {
            return Err(bad().into());
        }
        Ok(Period {
            station: station.to_owned(),
            kind: Kind::Year,
            start: s,
            end: e,
        })
    }

    /// The archive's file name: `atelier-archive-S1A-month-2026-03.zip`,
    /// `atelier-archive-S1A-year-2025-01-01_2025-12-31.zip`.
    pub fn file_name(&self) -> String {
        let station: String = self
            .station
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let period = match self.kind {
            Kind::Month => self.start.get(..7).unwrap_or(&self.start).to_owned(),
            Kind::Year => format!("{}_{}", self.start, self.end),
        };
        format!(
            "atelier-archive-{station}-{}-{period}.zip",
            self.kind.as_str()
        )
    }

    /// The period as Unix milliseconds: from its first day's midnight (UTC)
    /// to the midnight after its last, excluded.
    fn millis(&self) -> Result<(i64, i64)> {
        let day = |s: &str| {
            Date::parse(s, format_description!("[year]-[month]-[day]")).map_err(|_| {
                ArchiveError::BadPeriod {
                    given: s.to_owned(),
                }
            })
        };
        let from = day(&self.start)?.midnight().assume_utc();
        let to = (day(&self.end)? + Duration::days(1))
            .midnight()
            .assume_utc();
        let ms = |t: time::OffsetDateTime| {
            i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
        };
        Ok((ms(from), ms(to)))
    }
}

fn iso(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// An archive just written and recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Made {
    /// The registry row's id.
    pub id: String,
    /// The period archived.
    pub period: Period,
    /// Where the file is.
    pub path: PathBuf,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// What it holds.
    pub counts: manifest::Counts,
    /// The closure it was made for, when the period was closed.
    pub closure_id: Option<String>,
    /// The public key it is signed with, hex.
    pub public_key: String,
}

/// The station of this database: its series prefix, else its device id (as
/// its payments are marked).
pub fn this_station(conn: &Connection) -> Result<String> {
    crate::invoices::payments::station(conn)
}

/// Where this station's archives go: `archives/` in its backup folder
/// ([`backup::folder`]), so they follow the backups to a second disk or a
/// USB key; the rotation of backups never touches them.
pub fn folder(conn: &Connection, data_dir: &Path) -> Result<PathBuf> {
    Ok(backup::folder(conn, data_dir)?.join(FOLDER))
}

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

/// Makes the signed archive of `period` in `dir` (usually [`folder`]) and
/// records it: refuses a period not over on the day of `now_ms` or already
/// archived; stores first the PDFs of the period not stored yet (a stop
/// between issuing and storing); writes the file whole or not at all, and
/// only then registers the key and the archive in one transaction. The
/// closure code calls it after each monthly and fiscal-year closure (or
/// [`make_due`]).
pub fn make(
    db: &mut Db,
    period: &Period,
    key: &SigningKey,
    dir: &Path,
    now_ms: u64,
) -> Result<Made> {
    if period.end >= today(now_ms) {
        return Err(ArchiveError::PeriodOpen {
            end: period.end.clone(),
        }
        .into());
    }
    if let Some(file_name) = made_already(db.conn(), period)? {
        return Err(ArchiveError::AlreadyMade { file_name }.into());
    }
    let pending = gather::pdfs_pending(db.conn(), period)?;
    for id in pending {
        let id = id.parse().map_err(|_| Error::Corrupt("invoices.id"))?;
        db.write(|tx| crate::invoices::store_pdf(tx, now_ms, id).map(|_| ()))?;
    }
    let gathered = {
        let tx = db.conn().unchecked_transaction()?;
        let gathered = gather::gather(&tx, period)?;
        tx.rollback()?;
        gathered
    };
    let public_key = hex(key.verifying_key().as_bytes());
    let readme = gather::File {
        name: README.to_owned(),
        bytes: FORMAT_TEXT.as_bytes().to_vec(),
        deflate: true,
    };
    let members: Vec<Member> = std::iter::once(&readme)
        .chain(&gathered.files)
        .map(|f| Member {
            name: f.name.clone(),
            sha256: hex(&Sha256::digest(&f.bytes)),
            bytes: f.bytes.len() as u64,
        })
        .collect();
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        station: period.station.clone(),
        kind: period.kind.as_str().to_owned(),
        period_start: period.start.clone(),
        period_end: period.end.clone(),
        made_at: rfc3339_now(now_ms),
        software: format!("Atelier {}", env!("CARGO_PKG_VERSION")),
        workshop: gathered.workshop.clone(),
        signature_algorithm: "ed25519".to_owned(),
        public_key: public_key.clone(),
        closure: gathered.closure.clone(),
        counts: gathered.counts.clone(),
        members,
    };
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|_| Error::Corrupt("manifest.json"))?;
    let signature = hex(&key.sign(&manifest_bytes).to_bytes());
    let name = period.file_name();
    let (path, sha256, bytes) = file::write_atomically(dir, &name, |out| {
        let mut zip = zip::ZipWriter::new(out);
        let deflate = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut put = |name: &str, bytes: &[u8], compress: bool| -> std::io::Result<()> {
            zip.start_file(name, if compress { deflate } else { stored })
                .map_err(std::io::Error::other)?;
            std::io::Write::write_all(&mut zip, bytes)
        };
        put(&readme.name, &readme.bytes, true)?;
        put(MANIFEST, &manifest_bytes, true)?;
        put(SIGNATURE, signature.as_bytes(), false)?;
        for f in &gathered.files {
            put(&f.name, &f.bytes, f.deflate)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })?;
    let id = crate::new_row_id();
    let closure_id = gathered.closure.as_ref().map(|c| c.id.clone());
    let recorded = db.write(|tx| {
        register_key(tx, &key.verifying_key(), now_ms)?;
        tx.execute(
            "INSERT INTO archives (id, station, kind, period_start, period_end, closure_id,
                                   file_name, path, sha256, bytes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                period.station,
                period.kind.as_str(),
                period.start,
                period.end,
                closure_id,
                name,
                path.display().to_string(),
                sha256,
                i64::try_from(bytes).unwrap_or(i64::MAX),
                i64::try_from(now_ms).unwrap_or(i64::MAX),
            ],
        )?;
        Ok(())
    });
    if let Err(e) = recorded {
        // No row, no file: the next attempt makes it again.
        std::fs::remove_file(&path).ok();
        return Err(e);
    }
    Ok(Made {
        id,
        period: period.clone(),
        path,
        sha256,
        bytes,
        counts: gathered.counts,
        closure_id,
        public_key,
    })
}

/// The file name of this period's archive, if the station made it already.
fn made_already(conn: &Connection, period: &Period) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT file_name FROM archives WHERE station = ?1 AND kind = ?2 AND period_start = ?3",
            params![period.station, period.kind.as_str(), period.start],
            |r| r.get(0),
        )
        .optional()?)
}

/// The monthly and fiscal-year closures of `station` that have no archive
/// yet, oldest first: what a launch after a stop, or the closure code after
/// a closure, hands to [`make`].
pub fn due(conn: &Connection, station: &str) -> Result<Vec<Period>> {
    let mut stmt = conn.prepare(
        "SELECT c.kind, c.period_start, c.period_end FROM closures c
          WHERE c.station = ?1 AND c.kind IN ('month', 'year')
            AND NOT EXISTS (SELECT 1 FROM archives a
                             WHERE a.station = c.station AND a.kind = c.kind
                               AND a.period_start = c.period_start)
          ORDER BY c.period_end, c.kind",
    )?;
    let rows = stmt.query_map([station], |r| {
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

/// Makes every archive [`due`] for this station, oldest first; stops at the
/// first that fails (the others stay due).
pub fn make_due(db: &mut Db, key: &SigningKey, dir: &Path, now_ms: u64) -> Result<Vec<Made>> {
    let station = this_station(db.conn())?;
    let mut made = Vec::new();
    for period in due(db.conn(), &station)? {
        made.push(make(db, &period, key, dir, now_ms)?);
    }
    Ok(made)
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
    pub id: String,
    /// The period archived.
    pub period: Period,
    /// The closure it was made for.
    pub closure_id: Option<String>,
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
        out.push(Listed {
            id,
            period: Period {
                station,
                kind: Kind::parse(&kind).ok_or(Error::Corrupt("archives.kind"))?,
                start,
                end,
            },
            closure_id,
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

#[cfg(test)]
mod tests;

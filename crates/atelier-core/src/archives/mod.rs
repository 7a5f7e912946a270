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
mod period;
mod registry;
mod verify;

use std::path::{Path, PathBuf};

use ed25519_dalek::Signer;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{Connection, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::text::{hex, rfc3339_now, today};
use atelier_domain::{ArchiveId, ClosureId, Locale};

use crate::{Db, Error, Result, backup};

pub use error::ArchiveError;
use manifest::{FORMAT, MANIFEST, Manifest, Member, README, SIGNATURE, VERSION};
pub use period::{Kind, Period};
pub use registry::{FileState, Listed, due, is_station_key, list, public_keys, register_key};
pub use verify::{Finding, Report, Verification, verify, verify_in};

/// The subfolder of the backup folder archives go to.
pub const FOLDER: &str = "archives";

/// The explanation written into every archive.
const FORMAT_TEXT: &str = include_str!("FORMAT.txt");

/// An archive just written and recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Made {
    /// The registry row's id.
    pub id: ArchiveId,
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
    pub closure_id: Option<ClosureId>,
    /// The public key it is signed with, hex.
    pub public_key: String,
}

/// The station of this database: its series prefix, else its device id (as
/// its payments are marked).
pub fn this_station(conn: &Connection) -> Result<String> {
    crate::device::station(conn)
}

/// Where this station's archives go: `archives/` in its backup folder
/// ([`backup::folder`]), so they follow the backups to a second disk or a
/// USB key; the rotation of backups never touches them.
pub fn folder(conn: &Connection, data_dir: &Path) -> Result<PathBuf> {
    Ok(backup::folder(conn, data_dir)?.join(FOLDER))
}

/// Makes the signed archive of `period` in `dir` (usually [`folder`]) and
/// records it: refuses a period not over on the day of `now_ms` or already
/// archived; stores first the PDFs of the period not stored yet (a stop
/// between issuing and storing); writes the file whole or not at all, and
/// only then registers the key and the archive in one transaction. A file
/// already under the archive's name is never overwritten: recorded if it is
/// this station's intact archive of the period (a make stopped before its
/// row), refused otherwise. The
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
    if let Some(file_name) = registry::made_already(db.conn(), period)? {
        return Err(ArchiveError::AlreadyMade { file_name }.into());
    }
    let target = dir.join(period.file_name());
    if target.exists() {
        return adopt(db, period, key, &target, now_ms);
    }
    // What an archive killed half-way left goes first, and the journal
    // says the archive it belonged to was interrupted.
    let swept = file::sweep(dir);
    if !swept.is_empty() {
        db.write(|tx| {
            crate::journal::record(
                tx,
                now_ms,
                crate::journal::Code::Archive,
                &format!(
                    "removed {} left by an interrupted archive",
                    swept.join(", ")
                ),
            )
        })?;
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
        .chain(gathered.pdfs.iter().map(|p| Member {
            name: p.name.clone(),
            sha256: p.sha256.clone(),
            bytes: p.bytes,
        }))
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
    let conn = db.conn();
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
        // PDFs are compressed already: stored as they are. Their rows are
        // append-only, so the bytes are those hashed above.
        for p in &gathered.pdfs {
            let pdf = gather::pdf(conn, p.invoice_id).map_err(std::io::Error::other)?;
            put(&p.name, &pdf, false)?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })?;
    let made = Made {
        id: ArchiveId::new(),
        period: period.clone(),
        path,
        sha256,
        bytes,
        counts: gathered.counts,
        closure_id: gathered.closure.map(|c| closure_id(&c.id)).transpose()?,
        public_key,
    };
    if let Err(e) = record(db, &made, key, now_ms) {
        // No row, no file: the next attempt makes it again.
        std::fs::remove_file(&made.path).ok();
        return Err(e);
    }
    Ok(made)
}

/// The archive of `period` found already written at `path`: by a make
/// stopped between its rename and its row (a kill, a power cut), or before
/// the database was restored from an older backup. Recorded as it is when
/// it verifies intact, signed with `key`, for this very period; any other
/// file under that name is left alone and refused. Never overwritten.
fn adopt(db: &mut Db, period: &Period, key: &SigningKey, path: &Path, now_ms: u64) -> Result<Made> {
    let taken = || ArchiveError::NameTaken {
        path: path.to_path_buf(),
    };
    let report = verify::verify(path, None)?;
    let public_key = hex(key.verifying_key().as_bytes());
    let Some(m) = report.manifest.filter(|m| {
        report.findings.is_empty()
            && m.public_key == public_key
            && (
                m.station.as_str(),
                m.kind.as_str(),
                m.period_start.as_str(),
                m.period_end.as_str(),
            ) == (
                period.station.as_str(),
                period.kind.as_str(),
                period.start.as_str(),
                period.end.as_str(),
            )
    }) else {
        return Err(taken().into());
    };
    let (sha256, bytes) = file::digest(path).map_err(|source| ArchiveError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // The closure it names, if this database has it (after a restore it may not).
    let closure_id = match m.closure {
        Some(c) if registry::has_closure(db.conn(), &c.id)? => Some(closure_id(&c.id)?),
        _ => None,
    };
    let made = Made {
        id: ArchiveId::new(),
        period: period.clone(),
        path: path.to_path_buf(),
        sha256,
        bytes,
        counts: m.counts,
        closure_id,
        public_key,
    };
    record(db, &made, key, now_ms)?;
    Ok(made)
}

/// The id of a closure of this database, as a manifest names it.
fn closure_id(text: &str) -> Result<ClosureId> {
    text.parse().map_err(|_| Error::Corrupt("closures.id"))
}

/// Registers the key and the archive, and journals it, in one transaction.
fn record(db: &mut Db, made: &Made, key: &SigningKey, now_ms: u64) -> Result<()> {
    db.write(|tx| {
        register_key(tx, &key.verifying_key(), now_ms)?;
        crate::journal::record(
            tx,
            now_ms,
            crate::journal::Code::Archive,
            &format!(
                "{} ({} o, SHA-256 {})",
                made.period.file_name(),
                made.bytes,
                made.sha256
            ),
        )?;
        tx.execute(
            "INSERT INTO archives (id, station, kind, period_start, period_end, closure_id,
                                   file_name, path, sha256, bytes, created_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                made.id.to_string(),
                made.period.station,
                made.period.kind.as_str(),
                made.period.start,
                made.period.end,
                made.closure_id.map(|c| c.to_string()),
                made.period.file_name(),
                made.path.display().to_string(),
                made.sha256,
                i64::try_from(made.bytes).unwrap_or(i64::MAX),
                i64::try_from(now_ms).unwrap_or(i64::MAX),
                crate::device::device_id(tx)?.to_string(),
            ],
        )?;
        Ok(())
    })
}

/// Makes every archive [`due`] for this station, oldest first; stops at the
/// first that fails (the others stay due).
pub fn make_due(db: &mut Db, key: &SigningKey, dir: &Path, now_ms: u64) -> Result<Vec<Made>> {
    let mut made = Vec::new();
    for period in due(db.conn())? {
        made.push(make(db, &period, key, dir, now_ms)?);
    }
    Ok(made)
}

/// Makes the oldest archive due (a month or fiscal year this station closed
/// without one) into the backup folder's `archives/` of `data_dir`, with
/// the key `key` gives for this station's device (the callers read the OS
/// keyring); `None` when none is due. A failure (no keyring, a full disk)
/// is journalled as an error before it is returned: the period stays due
/// for the next closing or launch. The desktop calls it in a loop, letting
/// the database go between archives; the command line the same.
pub fn make_next_due(
    db: &mut Db,
    data_dir: &Path,
    now_ms: u64,
    key: impl FnOnce(atelier_domain::DeviceId) -> Result<SigningKey>,
) -> Result<Option<Made>> {
    let Some(period) = due(db.conn())?.into_iter().next() else {
        return Ok(None);
    };
    let made = folder(db.conn(), data_dir).and_then(|dir| {
        let key = key(crate::device::device_id(db.conn())?)?;
        make(db, &period, &key, &dir, now_ms)
    });
    match made {
        Ok(made) => Ok(Some(made)),
        Err(e) => {
            let text = format!("archives: {}", e.message(Locale::Fr));
            db.write(|tx| crate::journal::record(tx, now_ms, crate::journal::Code::Error, &text))?;
            Err(e)
        }
    }
}

/// Checks the archive at `path` as [`verify_in`] does, against this
/// station's keys, and journals the check and its result
/// ([`Code::ArchiveCheck`](crate::journal::Code::ArchiveCheck)).
pub fn check(db: &mut Db, path: &Path, now_ms: u64, locale: Locale) -> Result<Verification> {
    let checked = verify_in(path, Some(db.conn()), locale)?;
    let outcome = if checked.intact {
        "intact".to_owned()
    } else {
        format!("{} finding(s)", checked.messages.len())
    };
    db.write(|tx| {
        crate::journal::record(
            tx,
            now_ms,
            crate::journal::Code::ArchiveCheck,
            &format!("{}: {outcome}", path.display()),
        )
    })?;
    Ok(checked)
}

#[cfg(test)]
mod tests;

//! Off-site copies of the stations' backups (`atelier_domain::offsite`),
//! kept as files in the off-site folder (`--offsite-dir`).
//!
//! The server never reads them: a station encrypts its backups before they
//! leave it, and the server keeps the bytes, their size and their SHA-256.
//! Layout: `<dir>/<organisation key>/<device id>/` holds, for each copy,
//! the file under the station's name and `<name>.json`, its record (SHA-256,
//! size, when it was received); an upload in progress is
//! `.<name>.<sha256>.partial`.
//!
//! **Append-only from the stations' side**, so that ransomware on a
//! workshop PC, holding that PC's device token, cannot destroy the off-site
//! history: a station can add a copy and read those of its scope; nothing
//! it sends deletes, truncates or overwrites a complete copy. A complete
//! copy is made by a hard link from its partial (which fails if the name
//! exists, so even a race cannot replace one) and is left read-only. Only
//! the server's retention ([`retention`]) removes copies: those older than
//! `keep_days`, never a station's newest.

mod retention;
pub mod routes;

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use atelier_domain::DeviceId;
use atelier_domain::offsite::{BackupName, OffsiteBackup, OffsiteReceived, OffsiteUpload};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use retention::{PARTIAL_IDLE, Pruned};

/// How often the server applies its retention.
pub const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// What the server's owner decided to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Copies are kept this many days after they arrive (`--offsite-keep-days`).
    pub keep_days: u32,
    /// A station's copies and uploads take at most this many bytes
    /// (`--offsite-max-gb`).
    pub max_bytes_per_station: u64,
}

impl Default for Limits {
    /// A year, and 20 GB per station.
    fn default() -> Self {
        Limits {
            keep_days: 365,
            max_bytes_per_station: 20_000_000_000,
        }
    }
}

/// The off-site folder and its rules.
#[derive(Debug)]
pub struct Offsite {
    dir: PathBuf,
    limits: Limits,
    /// One lock per station: its chunks are written one at a time.
    stations: Mutex<HashMap<StationKey, Arc<Mutex<()>>>>,
}

/// A station: its organisation's key and its device.
type StationKey = (i64, DeviceId);

/// One chunk of an upload, as a station sent it.
#[derive(Debug, Clone)]
pub struct Chunk<'a> {
    /// The backup's name.
    pub name: &'a BackupName,
    /// Where in the file the chunk starts.
    pub offset: u64,
    /// The whole file's size.
    pub total: u64,
    /// The whole file's SHA-256, lower-case hex.
    pub sha256: &'a str,
    /// The chunk's bytes.
    pub bytes: &'a [u8],
}

/// Why a chunk or a download is refused, with what the station should do.
#[derive(Debug, thiserror::Error)]
pub enum OffsiteError {
    /// The copy is complete: it is kept as it is.
    #[error("{0} is already kept off-site: a copy is never overwritten")]
    Exists(BackupName),
    /// The chunk does not start where the upload stands.
    #[error("the server holds {received} bytes of this upload: continue from there")]
    Offset {
        /// The bytes the server holds.
        received: u64,
    },
    /// The whole file did not hash to what the station announced.
    #[error(
        "the received file's SHA-256 is {got}, not the {expected} announced: the upload was discarded, send the file again"
    )]
    Checksum {
        /// What the station announced.
        expected: String,
        /// What arrived.
        got: String,
    },
    /// The station's copies would take more than the server allows.
    #[error(
        "this station's off-site copies would take {wanted} bytes, over the {max} the server keeps per station: the server's owner can raise --offsite-max-gb, or wait for --offsite-keep-days to retire old copies"
    )]
    Quota {
        /// What they would take with this file.
        wanted: u64,
        /// The limit.
        max: u64,
    },
    /// The chunk is not consistent (empty, past the end, a bad checksum).
    #[error("{0}")]
    Invalid(String),
    /// No such copy the caller may see.
    #[error("no off-site copy {0} for this station")]
    NotFound(String),
    /// The folder failed.
    #[error("off-site folder: {0}")]
    Io(#[from] std::io::Error),
}

/// A complete copy's record, beside it.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    sha256: String,
    bytes: u64,
    uploaded_at_ms: u64,
}

impl Offsite {
    /// Copies kept in `dir` (created when the first arrives) under `limits`.
    pub fn new(dir: PathBuf, limits: Limits) -> Offsite {
        Offsite {
            dir,
            limits,
            stations: Mutex::new(HashMap::new()),
        }
    }

    /// The owner's limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The folder of a station's copies.
    pub fn station_dir(&self, org_key: i64, device: DeviceId) -> PathBuf {
        self.dir.join(org_key.to_string()).join(device.to_string())
    }

    fn lock(&self, org_key: i64, device: DeviceId) -> Arc<Mutex<()>> {
        let mut stations = self.stations.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(stations.entry((org_key, device)).or_default())
    }

    /// Writes one chunk of the station's upload; the last one, when the
    /// file hashes to what was announced, makes the copy complete.
    ///
    /// # Errors
    /// See [`OffsiteError`]: nothing is written when a chunk is refused,
    /// and a file that does not hash right is discarded.
    pub fn receive(
        &self,
        org_key: i64,
        device: DeviceId,
        chunk: &Chunk<'_>,
        now_ms: u64,
    ) -> Result<OffsiteReceived, OffsiteError> {
        let sha256 = parse_sha256(chunk.sha256)?;
        let len = chunk.bytes.len() as u64;
        let end = chunk.offset.saturating_add(len);
        if chunk.total == 0 || end > chunk.total || (len == 0 && chunk.offset != chunk.total) {
            return Err(OffsiteError::Invalid(format!(
                "a chunk of {len} bytes at {} does not fit a file of {} bytes (only the end may be sent empty)",
                chunk.offset, chunk.total
            )));
        }
        let lock = self.lock(org_key, device);
        let _held = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = self.station_dir(org_key, device);
        let name = chunk.name.as_str();
        if dir.join(name).exists() {
            return Err(OffsiteError::Exists(chunk.name.clone()));
        }
        let partial = dir.join(format!(".{name}.{sha256}.partial"));
        let received = std::fs::metadata(&partial).map_or(0, |m| m.len());
        if chunk.offset != received {
            return Err(OffsiteError::Offset { received });
        }
        if received == 0 {
            std::fs::create_dir_all(&dir)?;
            // Another attempt at this name with other bytes is abandoned.
            for other in partials(&dir)?.into_iter().filter(|p| p.name == *name) {
                std::fs::remove_file(dir.join(other.file)).ok();
            }
            let wanted = self.used(&dir)?.saturating_add(chunk.total);
            if wanted > self.limits.max_bytes_per_station {
                return Err(OffsiteError::Quota {
                    wanted,
                    max: self.limits.max_bytes_per_station,
                });
            }
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&partial)?;
        file.write_all(chunk.bytes)?;
        file.sync_data()?;
        if end < chunk.total {
            return Ok(OffsiteReceived {
                received: end,
                total: chunk.total,
                complete: false,
            });
        }
        drop(file);
        complete(&dir, chunk.name, &partial, &sha256, chunk.total, now_ms)?;
        Ok(OffsiteReceived {
            received: end,
            total: chunk.total,
            complete: true,
        })
    }

    /// The complete copies of `stations` (device and name) in the
    /// organisation, newest first per station.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn list(
        &self,
        org_key: i64,
        stations: &[(DeviceId, String)],
    ) -> Result<Vec<OffsiteBackup>, OffsiteError> {
        let mut found = Vec::new();
        for (device, device_name) in stations {
            let dir = self.station_dir(org_key, *device);
            let mut copies = complete_copies(&dir)?;
            copies.sort_by(|a, b| b.0.cmp(&a.0));
            for (name, record) in copies {
                found.push(OffsiteBackup {
                    device_id: *device,
                    device_name: device_name.clone(),
                    name,
                    bytes: record.bytes,
                    sha256: record.sha256,
                    uploaded_at_ms: record.uploaded_at_ms,
                });
            }
        }
        Ok(found)
    }

    /// The station's unfinished uploads, and the bytes its copies and
    /// uploads take.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn uploading(
        &self,
        org_key: i64,
        device: DeviceId,
    ) -> Result<(Vec<OffsiteUpload>, u64), OffsiteError> {
        let dir = self.station_dir(org_key, device);
        let uploads = partials(&dir)?
            .into_iter()
            .filter_map(|p| {
                Some(OffsiteUpload {
                    name: BackupName::parse(&p.name).ok()?,
                    sha256: p.sha256,
                    received: p.received,
                })
            })
            .collect();
        Ok((uploads, self.used(&dir)?))
    }

    /// A complete copy, opened for reading, with its record.
    ///
    /// # Errors
    /// [`OffsiteError::NotFound`] when the station has no such copy.
    pub fn open(
        &self,
        org_key: i64,
        device: DeviceId,
        name: &BackupName,
    ) -> Result<(File, OffsiteBackup), OffsiteError> {
        let dir = self.station_dir(org_key, device);
        let not_found = || OffsiteError::NotFound(name.to_string());
        let file = File::open(dir.join(name.as_str())).map_err(|_| not_found())?;
        let record = read_record(&dir, name.as_str())?.ok_or_else(not_found)?;
        Ok((
            file,
            OffsiteBackup {
                device_id: device,
                device_name: String::new(),
                name: name.clone(),
                bytes: record.bytes,
                sha256: record.sha256,
                uploaded_at_ms: record.uploaded_at_ms,
            },
        ))
    }

    /// The bytes a station's folder takes: its copies and its uploads.
    fn used(&self, dir: &Path) -> Result<u64, OffsiteError> {
        let copies: u64 = complete_copies(dir)?.iter().map(|(_, r)| r.bytes).sum();
        let uploads: u64 = partials(dir)?.iter().map(|p| p.received).sum();
        Ok(copies + uploads)
    }
}

/// A SHA-256 as the station announced it, in lower-case hex.
fn parse_sha256(text: &str) -> Result<String, OffsiteError> {
    let text = text.trim().to_ascii_lowercase();
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(text)
    } else {
        Err(OffsiteError::Invalid(
            "sha256 must be the whole file's SHA-256 in 64 hex digits".into(),
        ))
    }
}

/// Checks the received file and keeps it: its record first, then the copy
/// under its name by a hard link (never over an existing file), read-only.
/// A kill in between leaves the partial, which the station's next chunk
/// (empty, at the end) completes.
fn complete(
    dir: &Path,
    name: &BackupName,
    partial: &Path,
    sha256: &str,
    total: u64,
    now_ms: u64,
) -> Result<(), OffsiteError> {
    let got = hash_file(partial)?;
    if got != sha256 {
        std::fs::remove_file(partial)?;
        return Err(OffsiteError::Checksum {
            expected: sha256.to_owned(),
            got,
        });
    }
    let record = Record {
        sha256: got,
        bytes: total,
        uploaded_at_ms: now_ms,
    };
    let json = serde_json::to_vec(&record).map_err(std::io::Error::other)?;
    let record_tmp = dir.join(format!(".{name}.json.tmp"));
    let mut file = File::create(&record_tmp)?;
    file.write_all(&json)?;
    file.sync_all()?;
    std::fs::rename(&record_tmp, dir.join(format!("{name}.json")))?;
    let kept = dir.join(name.as_str());
    std::fs::hard_link(partial, &kept).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            OffsiteError::Exists(name.clone())
        } else {
            OffsiteError::Io(e)
        }
    })?;
    std::fs::remove_file(partial)?;
    let mut permissions = std::fs::metadata(&kept)?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&kept, permissions)?;
    sync_dir(dir);
    Ok(())
}

/// Makes the folder's renames and links durable (a no-op where folders
/// cannot be opened, as on Windows).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        d.sync_all().ok();
    }
}

/// The SHA-256 of a file, in lower-case hex.
pub(crate) fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hash = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn read_record(dir: &Path, name: &str) -> Result<Option<Record>, OffsiteError> {
    match std::fs::read(dir.join(format!("{name}.json"))) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The complete copies in a station's folder, with their records. A copy
/// whose record was lost gets one again from its bytes.
fn complete_copies(dir: &Path) -> Result<Vec<(BackupName, Record)>, OffsiteError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Ok(name) = BackupName::parse(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        let record = match read_record(dir, name.as_str())? {
            Some(record) => record,
            None => {
                let meta = entry.metadata()?;
                let at = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
                Record {
                    sha256: hash_file(&entry.path())?,
                    bytes: meta.len(),
                    uploaded_at_ms: at,
                }
            }
        };
        found.push((name, record));
    }
    Ok(found)
}

/// An upload in progress.
struct Partial {
    file: String,
    name: String,
    sha256: String,
    received: u64,
    idle: std::time::Duration,
}

/// The uploads in progress in a station's folder.
fn partials(dir: &Path) -> Result<Vec<Partial>, OffsiteError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(inner) = file
            .strip_prefix('.')
            .and_then(|f| f.strip_suffix(".partial"))
        else {
            continue;
        };
        let Some((name, sha256)) = inner.rsplit_once('.') else {
            continue;
        };
        let meta = entry.metadata()?;
        found.push(Partial {
            name: name.to_owned(),
            sha256: sha256.to_owned(),
            received: meta.len(),
            idle: meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .unwrap_or_default(),
            file,
        });
    }
    Ok(found)
}

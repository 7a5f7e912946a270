//! Off-site copies of the station's backups on its sync server
//! (`atelier_domain::offsite`): [`Http::offsite`] lists them,
//! [`Http::upload_offsite`] sends one in chunks, resuming where the server
//! stands and throttled so that it does not slow the workshop's line, and
//! [`Http::download_offsite`] fetches one back, resuming a cut download.
//! [`Plan::upload_newest`] is what the sync worker runs after a round.

mod newest;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atelier_core::sync::SyncError;
use atelier_domain::DeviceId;
use atelier_domain::offsite::{
    BackupName, CHUNK_BYTES, OffsiteBackup, OffsiteListing, OffsiteReceived,
};
use atelier_domain::sync::{ErrorBody, SCHEMA_HEADER};
use sha2::{Digest, Sha256};

use crate::Http;
use crate::http::{answer, local, offline, protocol};

pub use newest::{BACKGROUND_BYTES_PER_S, Plan, Uploaded, next_to_upload};

/// How long one download request may take before it is cut and resumed.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// How far a transfer is: reported after each piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transferred {
    /// The bytes of the file the other side holds.
    pub bytes: u64,
    /// The file's size.
    pub total: u64,
}

/// Keeps a transfer under a number of bytes per second, on average since it
/// started: each read waits until the bytes so far are within the cap.
#[derive(Debug)]
struct Throttle {
    bytes_per_s: Option<u64>,
    start: Instant,
    sent: u64,
}

impl Throttle {
    fn new(bytes_per_s: Option<u64>) -> Throttle {
        Throttle {
            bytes_per_s: bytes_per_s.filter(|&b| b > 0),
            start: Instant::now(),
            sent: 0,
        }
    }

    /// Counts `n` bytes and sleeps as long as they came too fast.
    fn pace(&mut self, n: usize) {
        self.sent += n as u64;
        let Some(cap) = self.bytes_per_s else {
            return;
        };
        let due = Duration::from_secs_f64(self.sent as f64 / cap as f64);
        if let Some(wait) = due.checked_sub(self.start.elapsed()) {
            std::thread::sleep(wait);
        }
    }
}

/// A chunk read through a [`Throttle`], in pieces of at most 16 KiB.
struct Paced<'a> {
    bytes: &'a [u8],
    throttle: &'a mut Throttle,
}

impl Read for Paced<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.bytes.len()).min(16 * 1024);
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        self.throttle.pace(n);
        Ok(n)
    }
}

/// What the server answered a chunk.
enum Sent {
    Received(OffsiteReceived),
    /// The server holds this many bytes: continue from there.
    ResumeAt(u64),
}

/// The SHA-256 of a file, in lower-case hex.
fn hash_file(path: &Path) -> Result<String, SyncError> {
    let mut file = File::open(path).map_err(|e| local(path, &e))?;
    let mut hash = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|e| local(path, &e))?;
        if n == 0 {
            return Ok(atelier_core::text::hex(&hash.finalize()));
        }
        hash.update(&buf[..n]);
    }
}

impl Http {
    /// The off-site copies this station may see, its own unfinished
    /// uploads and the server's limits (`GET /v1/offsite`).
    ///
    /// # Errors
    /// `offsite_disabled` when the server keeps no off-site copies; what
    /// the network met otherwise.
    pub fn offsite(&self) -> Result<OffsiteListing, SyncError> {
        answer(
            self.agent()
                .get(self.url("/v1/offsite"))
                .header("authorization", self.bearer())
                .header(
                    SCHEMA_HEADER,
                    atelier_core::db::schema_version().to_string(),
                )
                .call(),
        )
    }

    /// Uploads the backup at `path` as `device`'s off-site copy, in chunks
    /// of [`CHUNK_BYTES`], from where the server stands (a cut upload
    /// resumes), at most `bytes_per_s` bytes a second when given;
    /// `progress` hears after each chunk. A copy the server already keeps
    /// with the same bytes is not sent again.
    ///
    /// # Errors
    /// `offsite_exists` when the server keeps other bytes under that name,
    /// `offsite_quota` when the station's space on the server is full,
    /// `offsite_checksum_mismatch` when the file changed while it went;
    /// what the network met otherwise (the next call resumes).
    pub fn upload_offsite(
        &self,
        device: DeviceId,
        path: &Path,
        bytes_per_s: Option<u64>,
        progress: &mut dyn FnMut(Transferred),
    ) -> Result<OffsiteReceived, SyncError> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| protocol(format!("{} has no file name", path.display())))
            .and_then(|n| BackupName::parse(n).map_err(protocol))?;
        let total = std::fs::metadata(path).map_err(|e| local(path, &e))?.len();
        let sha256 = hash_file(path)?;
        let listing = self.offsite()?;
        let kept = listing
            .backups
            .iter()
            .any(|b| b.device_id == device && b.name == name && b.sha256 == sha256);
        if kept {
            progress(Transferred {
                bytes: total,
                total,
            });
            return Ok(OffsiteReceived {
                received: total,
                total,
                complete: true,
            });
        }
        let mut offset = listing
            .uploading
            .iter()
            .find(|u| u.name == name && u.sha256 == sha256)
            .map_or(0, |u| u.received);
        let mut file = File::open(path).map_err(|e| local(path, &e))?;
        let mut throttle = Throttle::new(bytes_per_s);
        let mut buf = vec![0; CHUNK_BYTES];
        // A server that keeps answering "continue from there" without
        // taking anything is not followed for ever.
        let mut resumed = 0;
        loop {
            if offset > total {
                return Err(protocol(format!(
                    "the server holds {offset} bytes of a {total}-byte file"
                )));
            }
            let len = usize::try_from(total - offset).map_or(CHUNK_BYTES, |n| n.min(CHUNK_BYTES));
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.read_exact(&mut buf[..len]))
                .map_err(|e| local(path, &e))?;
            let chunk = Paced {
                bytes: &buf[..len],
                throttle: &mut throttle,
            };
            match self.send_chunk(device, &name, offset, total, &sha256, len, chunk)? {
                Sent::Received(received) => {
                    resumed = 0;
                    offset = received.received;
                    progress(Transferred {
                        bytes: offset,
                        total,
                    });
                    if received.complete {
                        return Ok(received);
                    }
                }
                Sent::ResumeAt(at) if resumed < 3 => {
                    resumed += 1;
                    offset = at;
                }
                Sent::ResumeAt(at) => {
                    return Err(protocol(format!(
                        "the server keeps asking to continue from byte {at}"
                    )));
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn send_chunk(
        &self,
        device: DeviceId,
        name: &BackupName,
        offset: u64,
        total: u64,
        sha256: &str,
        len: usize,
        mut chunk: Paced<'_>,
    ) -> Result<Sent, SyncError> {
        let response = self
            .agent()
            .put(self.url(&format!("/v1/offsite/{device}/{name}")))
            .query("offset", offset.to_string())
            .query("total", total.to_string())
            .query("sha256", sha256)
            .header("authorization", self.bearer())
            .header("content-type", "application/octet-stream")
            .header("content-length", len.to_string())
            .header(
                SCHEMA_HEADER,
                atelier_core::db::schema_version().to_string(),
            )
            .send(ureq::SendBody::from_reader(&mut chunk))
            .map_err(offline)?;
        if response.status() != ureq::http::StatusCode::CONFLICT {
            return answer(Ok(response)).map(Sent::Received);
        }
        let mut response = response;
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_vec()
            .map_err(offline)?;
        let refusal: ErrorBody = serde_json::from_slice(&body).map_err(protocol)?;
        match refusal.received_bytes {
            Some(at) if refusal.code == "offsite_offset" => Ok(Sent::ResumeAt(at)),
            _ => Err(SyncError::Refused {
                code: refusal.code,
                message: refusal.message,
            }),
        }
    }

    /// Downloads the off-site copy `copy` to `into`: into `into` +
    /// `.partial` first, resuming one a cut download left (`Range`), then,
    /// once the whole file hashes to the copy's SHA-256, renamed to `into`.
    /// `progress` hears as the bytes arrive.
    ///
    /// # Errors
    /// `offsite_not_found` when the copy is gone or not this station's to
    /// see; [`SyncError::Offline`] when the download was cut (call again
    /// to resume) or arrived damaged (the partial file is then removed).
    pub fn download_offsite(
        &self,
        copy: &OffsiteBackup,
        into: &Path,
        progress: &mut dyn FnMut(Transferred),
    ) -> Result<(), SyncError> {
        let partial = partial_path(into);
        let mut have = std::fs::metadata(&partial).map_or(0, |m| m.len());
        if have > copy.bytes {
            std::fs::remove_file(&partial).map_err(|e| local(&partial, &e))?;
            have = 0;
        }
        if have < copy.bytes {
            self.fetch(copy, &partial, have, progress)?;
        }
        let sha256 = hash_file(&partial)?;
        if sha256 != copy.sha256 {
            std::fs::remove_file(&partial).ok();
            return Err(SyncError::Offline {
                detail: format!(
                    "the off-site copy {} arrived damaged: download it again",
                    copy.name
                ),
            });
        }
        std::fs::rename(&partial, into).map_err(|e| local(into, &e))
    }

    /// Appends to `partial` the bytes of `copy` from `have`.
    fn fetch(
        &self,
        copy: &OffsiteBackup,
        partial: &Path,
        have: u64,
        progress: &mut dyn FnMut(Transferred),
    ) -> Result<(), SyncError> {
        let mut request = self
            .agent()
            .get(self.url(&format!("/v1/offsite/{}/{}", copy.device_id, copy.name)))
            .header("authorization", self.bearer())
            .header(
                SCHEMA_HEADER,
                atelier_core::db::schema_version().to_string(),
            );
        if have > 0 {
            request = request.header("range", format!("bytes={have}-"));
        }
        let mut response = request
            .config()
            .timeout_global(Some(DOWNLOAD_TIMEOUT))
            .build()
            .call()
            .map_err(offline)?;
        let status = response.status();
        if !status.is_success() {
            return answer::<()>(Ok(response));
        }
        // 200: the server sent the whole file, so the partial starts over.
        let from = if status == ureq::http::StatusCode::PARTIAL_CONTENT {
            have
        } else {
            0
        };
        let mut out = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(from == 0)
            .open(partial)
            .map_err(|e| local(partial, &e))?;
        out.seek(SeekFrom::Start(from))
            .map_err(|e| local(partial, &e))?;
        let mut body = response
            .body_mut()
            .with_config()
            .limit(copy.bytes.saturating_add(1))
            .reader();
        let mut buf = vec![0; 1 << 16];
        let mut bytes = from;
        loop {
            let n = body.read(&mut buf).map_err(offline)?;
            if n == 0 {
                break;
            }
            out.write_all(&buf[..n]).map_err(|e| local(partial, &e))?;
            bytes += n as u64;
            progress(Transferred {
                bytes,
                total: copy.bytes,
            });
        }
        out.sync_all().map_err(|e| local(partial, &e))
    }
}

/// Where a download to `into` is written until it is checked.
#[must_use]
pub fn partial_path(into: &Path) -> PathBuf {
    let mut name = into.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

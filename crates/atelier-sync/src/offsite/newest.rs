//! The off-site upload the sync worker runs after a round: the newest of
//! the station's backups that the server does not keep yet, one per round,
//! throttled so that it does not slow the workshop's line.
//!
//! Only an encrypted backup leaves the station: a file that is plain SQLite
//! (a backup taken before the station encrypted its database) is never
//! sent, so the server only ever holds what it cannot read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atelier_core::backup::{self, BackupFile};
use atelier_core::sync::SyncError;
use atelier_core::{Connection, Result, device, sync};
use atelier_domain::DeviceId;
use atelier_domain::offsite::OffsiteListing;

use super::Transferred;
use crate::{Http, secret};

/// The background upload's pace: 1 MB/s, a small share of a workshop's
/// fibre line and less than its ADSL's, so the day's work never waits.
pub const BACKGROUND_BYTES_PER_S: u64 = 1_000_000;

/// A backup sent off-site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uploaded {
    /// Its file name.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// How long the upload took (this time: a resumed one counts its end only).
    pub duration: Duration,
}

/// What the upload needs from the station's database, read while it is
/// held, so that the upload itself runs without it.
#[derive(Debug, Clone)]
pub struct Plan {
    http: Http,
    device: DeviceId,
    folder: PathBuf,
}

impl Plan {
    /// The station's server, token, device and backup folder (`data_dir`
    /// is the folder of its database); `None` before enrolment or when the
    /// keyring has no token.
    ///
    /// # Errors
    /// When the database or the keyring cannot be read.
    pub fn read(conn: &Connection, data_dir: &Path) -> Result<Option<Plan>> {
        let Some(enrolment) = sync::enrolment(conn)? else {
            return Ok(None);
        };
        let device = device::device_id(conn)?;
        let Some(token) = secret::load(device)? else {
            return Ok(None);
        };
        Ok(Some(Plan {
            http: Http::new(&enrolment.server_url, Some(token))?,
            device,
            folder: backup::folder(conn, data_dir)?,
        }))
    }

    /// A plan over `http` for `device`'s backups in `folder`.
    #[must_use]
    pub fn new(http: Http, device: DeviceId, folder: PathBuf) -> Plan {
        Plan {
            http,
            device,
            folder,
        }
    }

    /// Uploads the newest encrypted backup the server does not keep yet, at
    /// most `bytes_per_s` a second; `None` when there is nothing to send.
    ///
    /// # Errors
    /// What the server refused (`offsite_disabled`, `offsite_quota`…) or
    /// the network met; a cut upload resumes at the next call.
    pub fn upload_newest(
        &self,
        bytes_per_s: Option<u64>,
        progress: &mut dyn FnMut(Transferred),
    ) -> Result<Option<Uploaded>> {
        let local: Vec<BackupFile> = backup::list(&self.folder)?
            .into_iter()
            .filter(|f| !is_plain_sqlite(&f.path))
            .collect();
        if local.is_empty() {
            return Ok(None);
        }
        let listing = self.http.offsite()?;
        let Some(file) = next_to_upload(&local, &listing, self.device) else {
            return Ok(None);
        };
        let start = Instant::now();
        let received = self
            .http
            .upload_offsite(self.device, &file.path, bytes_per_s, progress)?;
        if !received.complete {
            return Err(SyncError::Protocol {
                detail: format!("the server did not complete {}", file.name),
            }
            .into());
        }
        Ok(Some(Uploaded {
            name: file.name.clone(),
            bytes: received.total,
            duration: start.elapsed(),
        }))
    }
}

/// Which of the station's backups (`local`, newest first) to send next:
/// an upload the server holds part of first, else the newest the server
/// does not keep for `device`.
#[must_use]
pub fn next_to_upload<'a>(
    local: &'a [BackupFile],
    listing: &OffsiteListing,
    device: DeviceId,
) -> Option<&'a BackupFile> {
    let kept = |f: &BackupFile| {
        listing
            .backups
            .iter()
            .any(|b| b.device_id == device && b.name.as_str() == f.name)
    };
    let started = |f: &BackupFile| listing.uploading.iter().any(|u| u.name.as_str() == f.name);
    local
        .iter()
        .find(|f| started(f) && !kept(f))
        .or_else(|| local.iter().find(|f| !kept(f)))
}

/// Whether `path` is an SQLite database anyone can read: its first bytes
/// are SQLite's header, which an encrypted database does not show.
fn is_plain_sqlite(path: &Path) -> bool {
    let mut header = [0; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

#[cfg(test)]
mod tests {
    use atelier_domain::offsite::{BackupName, OffsiteBackup, OffsiteUpload};

    use super::*;

    fn file(name: &str) -> BackupFile {
        BackupFile {
            path: PathBuf::from(name),
            name: name.into(),
            taken_at: String::new(),
            reason: backup::Reason::Daily,
            bytes: 10,
        }
    }

    fn kept(device: DeviceId, name: &str) -> OffsiteBackup {
        OffsiteBackup {
            device_id: device,
            device_name: "Accueil".into(),
            name: BackupName::parse(name).unwrap(),
            bytes: 10,
            sha256: String::new(),
            uploaded_at_ms: 0,
        }
    }

    #[test]
    fn the_newest_backup_not_kept_goes_first_and_a_started_one_before_it() {
        let (me, other) = (DeviceId::new(), DeviceId::new());
        let (new, mid, old) = (
            "atelier-20260103-080000000-daily.sqlite3",
            "atelier-20260102-080000000-daily.sqlite3",
            "atelier-20260101-080000000-daily.sqlite3",
        );
        let local = [file(new), file(mid), file(old)];
        let mut listing = OffsiteListing {
            backups: vec![kept(me, new), kept(other, mid)],
            uploading: Vec::new(),
            keep_days: 365,
            max_bytes_per_station: 1 << 30,
            used_bytes: 0,
        };
        assert_eq!(
            next_to_upload(&local, &listing, me).map(|f| f.name.as_str()),
            Some(mid),
            "another station's copy of the same name is not this one's"
        );
        listing.uploading.push(OffsiteUpload {
            name: BackupName::parse(old).unwrap(),
            sha256: String::new(),
            received: 4,
        });
        assert_eq!(
            next_to_upload(&local, &listing, me).map(|f| f.name.as_str()),
            Some(old),
            "a cut upload is finished first"
        );
        listing.backups.extend([kept(me, mid), kept(me, old)]);
        assert_eq!(next_to_upload(&local, &listing, me), None);
    }

    #[test]
    fn a_plain_sqlite_file_is_never_taken_for_an_encrypted_one() {
        let dir = std::env::temp_dir().join(format!("atelier-plain-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("plain");
        std::fs::write(&plain, b"SQLite format 3\0 and the rest").unwrap();
        let sealed = dir.join("sealed");
        std::fs::write(&sealed, [7u8; 64]).unwrap();
        assert!(is_plain_sqlite(&plain));
        assert!(!is_plain_sqlite(&sealed));
        assert!(!is_plain_sqlite(&dir.join("missing")));
        std::fs::remove_dir_all(&dir).ok();
    }
}

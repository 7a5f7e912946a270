//! Off-site copies of a station's backups on the sync server: what the
//! station and the server say to each other, and the one name a copy may
//! have.
//!
//! A station uploads the backup files it takes (already encrypted by the
//! station: the server keeps them as opaque bytes) in chunks; the server
//! keeps them for as long as its owner decided, and no station can delete
//! or overwrite one. Every station of a site sees its site's copies (a new
//! PC restores the one that was stolen); an owner's all-sites station sees
//! the organisation's.
//!
//! | Endpoint | Body | Answer |
//! |---|---|---|
//! | `GET /v1/offsite` | — | [`OffsiteListing`] |
//! | `PUT /v1/offsite/{device}/{name}?offset=O&total=T&sha256=H` | the bytes from `O` | [`OffsiteReceived`] |
//! | `GET /v1/offsite/{device}/{name}` (`Range: bytes=N-` resumes) | — | the file |
//!
//! A chunk whose offset is not what the server holds is refused with 409
//! `offsite_offset` and [`crate::sync::ErrorBody::received_bytes`]: the
//! station continues from there.

use serde::{Deserialize, Serialize};

use crate::DeviceId;

/// The chunk a station uploads at a time.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The largest chunk the server accepts.
pub const MAX_CHUNK_BYTES: usize = 8 << 20;

/// The reasons a station takes a backup for, as its file names spell them.
pub const REASONS: &[&str] = &[
    "daily",
    "manual",
    "before-migration",
    "before-update",
    "before-restore",
    "before-encryption",
];

/// A station backup's file name, `atelier-YYYYMMDD-HHMMSSmmm-<reason>.sqlite3`
/// (UTC), checked strictly: a `BackupName` is never a path, never hidden,
/// and names a real date and time and one of [`REASONS`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct BackupName(String);

/// Why a name is not a station backup's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a station backup's name: expected atelier-YYYYMMDD-HHMMSSmmm-<reason>.sqlite3 with a reason among {REASONS:?}"
)]
pub struct BackupNameError(pub String);

impl BackupName {
    /// Reads `name`.
    ///
    /// # Errors
    /// [`BackupNameError`] for anything but the exact pattern.
    pub fn parse(name: &str) -> Result<BackupName, BackupNameError> {
        let bad = || BackupNameError(name.chars().take(120).collect());
        let rest = name
            .strip_prefix("atelier-")
            .and_then(|r| r.strip_suffix(".sqlite3"))
            .ok_or_else(bad)?;
        let (day, rest) = rest.split_at_checked(8).ok_or_else(bad)?;
        let rest = rest.strip_prefix('-').ok_or_else(bad)?;
        let (time, rest) = rest.split_at_checked(9).ok_or_else(bad)?;
        let reason = rest.strip_prefix('-').ok_or_else(bad)?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !digits(day) || !digits(time) || !REASONS.contains(&reason) {
            return Err(bad());
        }
        let number = |s: &str, from: usize, to: usize| s[from..to].parse::<u32>().unwrap_or(99);
        let (month, mday) = (number(day, 4, 6), number(day, 6, 8));
        let (hour, minute, second) = (number(time, 0, 2), number(time, 2, 4), number(time, 4, 6));
        if !(1..=12).contains(&month) || !(1..=31).contains(&mday) {
            return Err(bad());
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        Ok(BackupName(name.to_owned()))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BackupName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for BackupName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        BackupName::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// A complete off-site copy, as the server lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsiteBackup {
    /// The station that uploaded it.
    pub device_id: DeviceId,
    /// That station's name.
    pub device_name: String,
    /// The backup's file name, as the station took it.
    pub name: BackupName,
    /// Its size.
    pub bytes: u64,
    /// Its SHA-256, in lower-case hex.
    pub sha256: String,
    /// When the server received its last byte (Unix ms, the server's clock).
    pub uploaded_at_ms: u64,
}

/// An upload of the caller's that the server holds part of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsiteUpload {
    /// The backup's file name.
    pub name: BackupName,
    /// The SHA-256 of the whole file, as the station announced it.
    pub sha256: String,
    /// How many bytes the server holds: the next chunk starts there.
    pub received: u64,
}

/// What `GET /v1/offsite` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsiteListing {
    /// The complete copies the caller may see (its site's stations, or the
    /// organisation's for an all-sites station), newest first per station.
    pub backups: Vec<OffsiteBackup>,
    /// The caller's own unfinished uploads.
    pub uploading: Vec<OffsiteUpload>,
    /// How many days the server keeps a copy (its owner's choice).
    pub keep_days: u32,
    /// How many bytes of copies the server keeps per station at most.
    pub max_bytes_per_station: u64,
    /// How many of them the caller's copies and uploads take.
    pub used_bytes: u64,
}

/// What the server answers a chunk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsiteReceived {
    /// How many bytes of the file the server holds now.
    pub received: u64,
    /// The file's size.
    pub total: u64,
    /// Whether the file is complete, checked against its SHA-256, and kept.
    pub complete: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_station_s_backup_names_are_read_and_nothing_else() {
        for good in [
            "atelier-20260115-083012345-daily.sqlite3",
            "atelier-20251231-235959999-before-encryption.sqlite3",
            "atelier-20260101-000000000-before-restore.sqlite3",
        ] {
            assert_eq!(BackupName::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "atelier-20260115-083012345-daily.sqlite3/",
            "../atelier-20260115-083012345-daily.sqlite3",
            "atelier-20260115-083012345-daily.sqlite3.partial",
            ".atelier-20260115-083012345-daily.sqlite3",
            "atelier-20260115-083012345-weekly.sqlite3",
            "atelier-20261315-083012345-daily.sqlite3",
            "atelier-20260132-083012345-daily.sqlite3",
            "atelier-20260115-243012345-daily.sqlite3",
            "atelier-20260115-08301234-daily.sqlite3",
            "atelier-2026011-5083012345-daily.sqlite3",
            "atelier-20260115-083012345-daily/../x.sqlite3",
            "atelier-20260115-083012345-daily.SQLITE3",
            "atelier-2026011é-083012345-daily.sqlite3",
            "atelier-+2026011-083012345-daily.sqlite3",
        ] {
            assert!(BackupName::parse(bad).is_err(), "{bad:?} is refused");
        }
    }

    #[test]
    fn a_listing_refuses_a_name_that_is_not_a_backup_s() {
        let bad = r#"{"name":"../../etc/passwd","sha256":"00","received":1}"#;
        assert!(serde_json::from_str::<OffsiteUpload>(bad).is_err());
    }
}

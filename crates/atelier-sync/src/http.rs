//! [`Http`]: the transport that crosses the network, JSON over HTTP(S)
//! with pushes and pulls compressed with zstd, through ureq and rustls (no
//! OpenSSL to install on a workshop PC).

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use atelier_core::db::schema_version;
use atelier_core::sync::{Ahead, SyncError, Transport};
use atelier_domain::sync::{
    EnrolRequest, Enrolled, ErrorBody, PullResponse, PushRequest, PushResponse, SCHEMA_HEADER,
    ServerStatus, SnapshotInfo,
};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The largest answer read from the server (a pull page, decompressed).
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// How long a snapshot's download may take in all: a large workshop's
/// snapshot is a few hundred megabytes, on a workshop's line.
const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// The network transport: JSON over HTTP(S), pushes and pulls compressed
/// with zstd.
#[derive(Debug, Clone)]
pub struct Http {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
}

impl Http {
    /// A transport to the server at `base` (`https://host:port`), with this
    /// device's token once it has one.
    pub fn new(base: &str, token: Option<String>) -> Result<Self, SyncError> {
        let base = base.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) || base.len() < 10 {
            return Err(SyncError::BadAddress);
        }
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Http { base, token, agent })
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) fn bearer(&self) -> String {
        format!("Bearer {}", self.token.as_deref().unwrap_or_default())
    }

    pub(crate) fn agent(&self) -> &ureq::Agent {
        &self.agent
    }
}

pub(crate) fn offline(e: impl std::fmt::Display) -> SyncError {
    SyncError::Offline {
        detail: e.to_string(),
    }
}

pub(crate) fn protocol(e: impl std::fmt::Display) -> SyncError {
    SyncError::Protocol {
        detail: e.to_string(),
    }
}

/// Reads an answer: the value on 2xx, the server's refusal otherwise.
pub(crate) fn answer<T: DeserializeOwned>(
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<T, SyncError> {
    let mut response = response.map_err(offline)?;
    let status = response.status();
    let zstd = response
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"zstd"));
    let raw = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER)
        .read_to_vec()
        .map_err(offline)?;
    let body = if zstd {
        let mut out = Vec::new();
        zstd::Decoder::new(raw.as_slice())
            .map_err(protocol)?
            .take(MAX_ANSWER)
            .read_to_end(&mut out)
            .map_err(protocol)?;
        out
    } else {
        raw
    };
    if status.is_success() {
        return serde_json::from_slice(&body).map_err(protocol);
    }
    match serde_json::from_slice::<ErrorBody>(&body) {
        Ok(ErrorBody {
            code,
            expected_seq: Some(expected),
            ..
        }) if code == "sequence_gap" => Err(SyncError::Gap { expected }),
        Ok(e) => Err(SyncError::Refused {
            code: e.code,
            message: e.message,
        }),
        // A proxy's or a stranger's page: not our server.
        Err(_) if status.is_server_error() => Err(offline(format!("server error {status}"))),
        Err(_) => Err(protocol(format!("HTTP {status}"))),
    }
}

/// The body of a push as it goes on the wire: the request as JSON,
/// compressed with zstd at level 3 (`Content-Encoding: zstd`). Public so
/// that the benchmarks measure the bytes a station really sends.
pub fn push_body(request: &PushRequest) -> Result<Vec<u8>, SyncError> {
    let json = serde_json::to_vec(request).map_err(protocol)?;
    zstd::encode_all(json.as_slice(), 3).map_err(protocol)
}

impl Transport for Http {
    fn enrol(&self, request: &EnrolRequest) -> Result<Enrolled, SyncError> {
        let body = serde_json::to_vec(request).map_err(protocol)?;
        answer(
            self.agent
                .post(self.url("/v1/enrol"))
                .header("content-type", "application/json")
                .header(SCHEMA_HEADER, schema_version().to_string())
                .send(&body[..]),
        )
    }

    fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        let body = push_body(request)?;
        answer(
            self.agent
                .post(self.url("/v1/push"))
                .header("authorization", self.bearer())
                .header("content-type", "application/json")
                .header("content-encoding", "zstd")
                .header("accept-encoding", "zstd")
                .header(SCHEMA_HEADER, schema_version().to_string())
                .send(&body[..]),
        )
    }

    fn pull_ahead(&self, cursor: u64, limit: u32) -> Ahead<'_> {
        let http = self.clone();
        match std::thread::Builder::new()
            .name("sync-pull".into())
            .spawn(move || http.pull(cursor, limit))
        {
            Ok(thread) => Ahead::Fetching(thread),
            // No thread to spare: fetched when waited for.
            Err(_) => Ahead::Later(Box::new(move || self.pull(cursor, limit))),
        }
    }

    fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, SyncError> {
        answer(
            self.agent
                .get(self.url("/v1/pull"))
                .query("cursor", cursor.to_string())
                .query("limit", limit.to_string())
                .header("authorization", self.bearer())
                .header("accept-encoding", "zstd")
                .header(SCHEMA_HEADER, schema_version().to_string())
                .call(),
        )
    }

    fn snapshot(&self) -> Result<Option<SnapshotInfo>, SyncError> {
        let response = self
            .agent
            .get(self.url("/v1/snapshot"))
            .header("authorization", self.bearer())
            .header(SCHEMA_HEADER, schema_version().to_string())
            .call()
            .map_err(offline)?;
        if response.status() == ureq::http::StatusCode::NO_CONTENT {
            return Ok(None);
        }
        answer(Ok(response)).map(Some)
    }

    fn download_snapshot(&self, offered: &SnapshotInfo, into: &Path) -> Result<(), SyncError> {
        let mut response = self
            .agent
            .get(self.url("/v1/snapshot/file"))
            .query("cursor", offered.cursor.to_string())
            .header("authorization", self.bearer())
            .header(SCHEMA_HEADER, schema_version().to_string())
            .config()
            .timeout_global(Some(SNAPSHOT_TIMEOUT))
            .build()
            .call()
            .map_err(offline)?;
        if !response.status().is_success() {
            return answer::<()>(Ok(response));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(offered.bytes.saturating_add(1))
            .reader();
        let mut hashed = Hashed {
            inner: body,
            hash: Sha256::new(),
            bytes: 0,
        };
        let file = std::fs::File::create(into).map_err(|e| local(into, &e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let mut decoder = zstd::Decoder::new(&mut hashed).map_err(protocol)?;
        // A cut connection fails the copy; a corrupt stream too.
        std::io::copy(&mut decoder, &mut out).map_err(offline)?;
        drop(decoder);
        // The whole body, to its end, is what the checksum covers.
        std::io::copy(&mut hashed, &mut std::io::sink()).map_err(offline)?;
        let file = out.into_inner().map_err(|e| local(into, e.error()))?;
        file.sync_all().map_err(|e| local(into, &e))?;
        let sha256 = atelier_core::text::hex(&hashed.hash.finalize());
        if hashed.bytes != offered.bytes || sha256 != offered.sha256 {
            return Err(SyncError::Offline {
                detail: format!(
                    "the snapshot arrived incomplete or damaged ({} of {} bytes)",
                    hashed.bytes, offered.bytes
                ),
            });
        }
        Ok(())
    }

    fn status(&self) -> Result<ServerStatus, SyncError> {
        answer(
            self.agent
                .get(self.url("/v1/status"))
                .header("authorization", self.bearer())
                .header(SCHEMA_HEADER, schema_version().to_string())
                .call(),
        )
    }
}

/// A body being read, hashed and counted on the way.
struct Hashed<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The station could not write the file it downloads into.
pub(crate) fn local(path: &Path, e: &std::io::Error) -> SyncError {
    SyncError::Protocol {
        detail: format!("cannot write {}: {e}", path.display()),
    }
}

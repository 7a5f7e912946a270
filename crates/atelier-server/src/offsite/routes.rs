//! The `/v1/offsite` endpoints (`atelier_domain::offsite`): list, upload by
//! chunks, download with `Range`. There is no route that deletes or
//! replaces a copy: a `DELETE` is answered 405 by the router itself.

use std::sync::Arc;

use atelier_domain::DeviceId;
use atelier_domain::offsite::{BackupName, MAX_CHUNK_BYTES, OffsiteListing};
use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::{Chunk, Offsite, OffsiteError};
use crate::api::{ApiError, AppState, Authed, Logged, logged, now_ms};
use crate::store::Caller;

/// The off-site routes, answering `offsite_disabled` when the server keeps
/// no off-site copies. Bodies are taken as they come: encrypted bytes do
/// not compress.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/offsite", get(list))
        .route("/v1/offsite/{device}/{name}", get(download).put(upload))
        .layer(DefaultBodyLimit::max(MAX_CHUNK_BYTES))
}

impl From<OffsiteError> for ApiError {
    fn from(e: OffsiteError) -> ApiError {
        let message = e.to_string();
        let (status, code) = match &e {
            OffsiteError::Exists(_) => (StatusCode::CONFLICT, "offsite_exists"),
            OffsiteError::Offset { received } => {
                return ApiError::new(StatusCode::CONFLICT, "offsite_offset", message)
                    .with_received(*received);
            }
            OffsiteError::Checksum { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "offsite_checksum_mismatch",
            ),
            OffsiteError::Quota { .. } => (StatusCode::INSUFFICIENT_STORAGE, "offsite_quota"),
            OffsiteError::Invalid(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            OffsiteError::NotFound(_) => (StatusCode::NOT_FOUND, "offsite_not_found"),
            OffsiteError::Io(_) => {
                tracing::error!(error = %e, "off-site folder failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        ApiError::new(status, code, message)
    }
}

fn enabled(state: &AppState) -> Result<Arc<Offsite>, ApiError> {
    state.offsite.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "offsite_disabled",
            "this server keeps no off-site backups: its owner can give it an --offsite-dir",
        )
    })
}

fn for_device(response: Response, caller: &Caller) -> Response {
    logged(
        response,
        Logged {
            device: Some(caller.device_id),
            ..Logged::default()
        },
    )
}

/// A device and a backup name from the path.
fn target(
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<(DeviceId, BackupName), ApiError> {
    let Path((device, name)) = path.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let device = device
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{device:?} is not a device id")))?;
    let name = BackupName::parse(&name).map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok((device, name))
}

/// The stations whose copies the caller may see: its site's, or the
/// organisation's for an all-sites station (revoked ones included: a
/// stolen PC's copies are what its replacement restores).
async fn visible(state: &AppState, caller: &Caller) -> Result<Vec<(DeviceId, String)>, ApiError> {
    Ok(state
        .store
        .stations(caller)
        .await?
        .into_iter()
        .map(|s| (s.device_id, s.name))
        .collect())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, OffsiteError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::from(OffsiteError::Io(std::io::Error::other(e))))?
        .map_err(ApiError::from)
}

async fn list(State(state): State<AppState>, Authed(caller): Authed) -> Result<Response, ApiError> {
    let offsite = enabled(&state)?;
    let stations = visible(&state, &caller).await?;
    let (org, device) = (caller.org_key, caller.device_id);
    let limits = offsite.limits();
    let (backups, (uploading, used_bytes)) = blocking(move || {
        Ok((
            offsite.list(org, &stations)?,
            offsite.uploading(org, device)?,
        ))
    })
    .await?;
    let listing = OffsiteListing {
        backups,
        uploading,
        keep_days: limits.keep_days,
        max_bytes_per_station: limits.max_bytes_per_station,
        used_bytes,
    };
    Ok(for_device(Json(listing).into_response(), &caller))
}

/// Where a chunk goes in its file.
#[derive(Debug, Deserialize)]
struct ChunkQuery {
    offset: u64,
    total: u64,
    sha256: String,
}

async fn upload(
    State(state): State<AppState>,
    Authed(caller): Authed,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<ChunkQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let offsite = enabled(&state)?;
    let (device, name) = target(path)?;
    if device != caller.device_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "device_mismatch",
            "a station uploads its own backups only",
        ));
    }
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let bytes = body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("a chunk is at most {MAX_CHUNK_BYTES} bytes"),
            )
        } else {
            ApiError::bad_request(format!("the chunk could not be read: {r}"))
        }
    })?;
    let org = caller.org_key;
    let received = blocking(move || {
        let chunk = Chunk {
            name: &name,
            offset: query.offset,
            total: query.total,
            sha256: &query.sha256,
            bytes: &bytes,
        };
        let received = offsite.receive(org, device, &chunk, now_ms())?;
        if received.complete {
            tracing::info!(%device, name = %name, bytes = received.total, "off-site copy kept");
        }
        Ok(received)
    })
    .await?;
    let status = if received.complete {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(for_device(
        (status, Json(received)).into_response(),
        &caller,
    ))
}

async fn download(
    State(state): State<AppState>,
    Authed(caller): Authed,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let offsite = enabled(&state)?;
    let (device, name) = target(path)?;
    if !visible(&state, &caller)
        .await?
        .iter()
        .any(|(d, _)| *d == device)
    {
        return Err(OffsiteError::NotFound(name.to_string()).into());
    }
    let org = caller.org_key;
    let (file, copy) = blocking(move || offsite.open(org, device, &name)).await?;
    let range = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        None => None,
        Some(asked) => match byte_range(asked, copy.bytes) {
            Ok(range) => range,
            Err(()) => {
                let mut refused = ApiError::new(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "bad_range",
                    format!("the copy has {} bytes", copy.bytes),
                )
                .into_response();
                if let Ok(value) = format!("bytes */{}", copy.bytes).parse() {
                    refused.headers_mut().insert(header::CONTENT_RANGE, value);
                }
                return Ok(for_device(refused, &caller));
            }
        },
    };
    let (start, end) = range.unwrap_or((0, copy.bytes.saturating_sub(1)));
    let length = if copy.bytes == 0 { 0 } else { end - start + 1 };
    let mut file = tokio::fs::File::from_std(file);
    file.seek(std::io::SeekFrom::Start(start))
        .await
        .map_err(|e| ApiError::from(OffsiteError::Io(e)))?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        file.take(length),
        1 << 16,
    ));
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (header::ACCEPT_RANGES, "bytes".to_owned()),
            (header::ETAG, format!("\"{}\"", copy.sha256)),
        ],
        body,
    )
        .into_response();
    if range.is_some() {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(value) = format!("bytes {start}-{end}/{}", copy.bytes).parse() {
            response.headers_mut().insert(header::CONTENT_RANGE, value);
        }
    }
    Ok(for_device(response, &caller))
}

/// The inclusive byte range one `Range: bytes=…` asks of a file of `len`
/// bytes: `Ok(None)` for a form the server ignores (several ranges, another
/// unit: the whole file is sent, as HTTP allows), `Err` when it is
/// unsatisfiable.
fn byte_range(asked: &str, len: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = asked.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (first, last) = spec.trim().split_once('-').ok_or(())?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| ());
    let (start, end) = match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, true) => return Err(()),
        // The last N bytes.
        (true, false) => {
            let n = number(last)?.min(len);
            if n == 0 {
                return Err(());
            }
            (len - n, len - 1)
        }
        (false, true) => (number(first)?, len.saturating_sub(1)),
        (false, false) => (number(first)?, number(last)?.min(len.saturating_sub(1))),
    };
    if start >= len || start > end {
        return Err(());
    }
    Ok(Some((start, end)))
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn a_range_is_read_as_http_says() {
        assert_eq!(byte_range("bytes=0-", 10), Ok(Some((0, 9))));
        assert_eq!(byte_range("bytes=4-", 10), Ok(Some((4, 9))));
        assert_eq!(byte_range("bytes=2-5", 10), Ok(Some((2, 5))));
        assert_eq!(byte_range("bytes=2-50", 10), Ok(Some((2, 9))));
        assert_eq!(byte_range("bytes=-3", 10), Ok(Some((7, 9))));
        assert_eq!(byte_range("bytes=-30", 10), Ok(Some((0, 9))));
        assert_eq!(byte_range("bytes=0-1,4-5", 10), Ok(None));
        assert_eq!(byte_range("items=0-1", 10), Ok(None));
        assert_eq!(byte_range("bytes=10-", 10), Err(()));
        assert_eq!(byte_range("bytes=5-2", 10), Err(()));
        assert_eq!(byte_range("bytes=-0", 10), Err(()));
        assert_eq!(byte_range("bytes=x-", 10), Err(()));
        assert_eq!(byte_range("bytes=-", 10), Err(()));
    }
}

//! The `/v1` sync endpoints (the protocol is `atelier_domain::sync`): enrol,
//! push, pull and status over a [`Store`], and a new station's snapshot
//! ([`Snapshots`]).
//!
//! Bad input is always a 4xx with an [`ErrorBody`] and changes nothing; a 5xx
//! only means the database failed. Handlers read the clock and pass `now`
//! down, as the store's rules take it as an argument.

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use atelier_domain::DeviceId;
use atelier_domain::sync::{
    EnrolRequest, ErrorBody, MAX_PULL_OPS, PullResponse, PushRequest, SCHEMA_HEADER, ServerStatus,
};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::offsite::Offsite;
use crate::snapshots::Snapshots;
use crate::store::{BatchError, Caller, Store, StoreError, check_batch, hash_secret, new_token};

/// The largest request body, once decompressed.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The default pull page.
pub const DEFAULT_PULL_OPS: u32 = 1000;

/// What the handlers share.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The lowest schema version pushes and enrolments are accepted from.
    pub min_schema_version: u32,
    /// New stations' snapshots, when the server makes them.
    pub snapshots: Option<Arc<Snapshots>>,
    /// The stations' off-site backups, when the server keeps them.
    pub offsite: Option<Arc<Offsite>>,
}

/// The sync routes over `state`: zstd request bodies are decompressed (up to
/// [`MAX_BODY_BYTES`]) and answers compressed when the caller accepts zstd.
pub fn routes(state: AppState) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/status", get(status))
        .route("/v1/snapshot", get(snapshot))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::decompression::RequestDecompressionLayer::new())
        .layer(tower_http::compression::CompressionLayer::new())
        // Already compressed with zstd, and sent as it is.
        .route("/v1/snapshot/file", get(snapshot_file))
        // Encrypted by the stations: taken and sent as they are.
        .merge(crate::offsite::routes::routes())
        .with_state(state)
}

/// A refusal, sent as an [`ErrorBody`].
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                expected_seq: None,
                min_schema_version: None,
                received_bytes: None,
            },
        }
    }

    /// The refusal telling how many bytes of an upload the server holds.
    pub(crate) fn with_received(mut self, received: u64) -> ApiError {
        self.body.received_bytes = Some(received);
        self
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    fn schema_too_old(version: u32, min: u32) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            "schema_too_old",
            format!(
                "schema version {version} is older than the server accepts ({min}): update the application"
            ),
        );
        error.body.min_schema_version = Some(min);
        error
    }

    fn body(rejection: &BytesRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the request is larger than {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::bad_request(format!("the request body could not be read: {rejection}"))
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let message = e.to_string();
        let (status, code) = match &e {
            StoreError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            StoreError::CodeInvalid => (StatusCode::UNAUTHORIZED, "enrol_code_invalid"),
            StoreError::CodeExpired => (StatusCode::UNAUTHORIZED, "enrol_code_expired"),
            StoreError::AlreadyEnrolled(_) => (StatusCode::CONFLICT, "device_already_enrolled"),
            StoreError::SequenceGap { expected } => {
                let mut error = ApiError::new(StatusCode::CONFLICT, "sequence_gap", message);
                error.body.expected_seq = Some(*expected);
                return error;
            }
            StoreError::SequenceReused { .. } => (StatusCode::CONFLICT, "sequence_reused"),
            StoreError::Invalid(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            StoreError::UnknownOrganisation(_)
            | StoreError::OrganisationExists(_)
            | StoreError::UnknownSite { .. }
            | StoreError::SiteExists { .. }
            | StoreError::UnknownDevice(_)
            | StoreError::Backend(_) => {
                tracing::error!(error = %e, "store failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        ApiError::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// What the request log line tells of a sync call, set by its handler.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Logged {
    pub(crate) device: Option<DeviceId>,
    pub(crate) ops_in: usize,
    pub(crate) ops_out: usize,
}

pub(crate) fn logged(mut response: Response, logged: Logged) -> Response {
    response.extensions_mut().insert(logged);
    response
}

/// One log line per request: method, path, status, device, operation counts
/// and duration. Never the token, the query's values or a payload.
pub async fn log_request(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let start = Instant::now();
    let response = next.run(request).await;
    let info = response
        .extensions()
        .get::<Logged>()
        .copied()
        .unwrap_or_default();
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        device = info.device.map(|d| d.to_string()),
        ops_in = info.ops_in,
        ops_out = info.ops_out,
        ms = start.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// The clock, in Unix milliseconds, as the store's rules take it.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The device calling, found by its bearer token.
pub(crate) struct Authed(pub(crate) Caller);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "missing `Authorization: Bearer <token>`",
                )
            })?;
        Ok(Authed(state.store.authenticate(&hash_secret(token)).await?))
    }
}

/// A schema version below the minimum in the `x-atelier-schema` header.
fn check_schema_header(headers: &HeaderMap, min: u32) -> Result<(), ApiError> {
    let version = headers
        .get(SCHEMA_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok());
    match version {
        Some(v) if v < min => Err(ApiError::schema_too_old(v, min)),
        _ => Ok(()),
    }
}

async fn enrol(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::body(&r))?;
    let request: EnrolRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("not an enrolment request: {e}")))?;
    if request.schema_version < state.min_schema_version {
        return Err(ApiError::schema_too_old(
            request.schema_version,
            state.min_schema_version,
        ));
    }
    let token = new_token();
    let mut enrolled = state
        .store
        .enrol(
            &request.code,
            request.device_id,
            &request.device_name,
            &hash_secret(&token),
            now_ms(),
        )
        .await?;
    enrolled.token = token;
    tracing::info!(device = %request.device_id, series = enrolled.series_prefix, "device enrolled");
    Ok(logged(
        Json(enrolled).into_response(),
        Logged {
            device: Some(request.device_id),
            ..Logged::default()
        },
    ))
}

async fn push(
    State(state): State<AppState>,
    Authed(caller): Authed,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    check_schema_header(&headers, state.min_schema_version)?;
    let body = body.map_err(|r| ApiError::body(&r))?;
    let request: PushRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("not a push request: {e}")))?;
    check_batch(caller.device_id, &request.ops, state.min_schema_version).map_err(|e| match e {
        BatchError::DeviceMismatch { seq } => ApiError::new(
            StatusCode::FORBIDDEN,
            "device_mismatch",
            format!("operation {seq} belongs to another device: nothing was stored"),
        ),
        BatchError::NotConsecutive => ApiError::bad_request(
            "sequence numbers must start at 1 or more and follow each other, and names hold no NUL",
        ),
        BatchError::TooMany => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "at most {} operations per push",
                atelier_domain::sync::MAX_PUSH_OPS
            ),
        ),
        BatchError::SchemaTooOld { version } => {
            ApiError::schema_too_old(version, state.min_schema_version)
        }
    })?;
    let response = state.store.push(&caller, &request.ops, now_ms()).await?;
    Ok(logged(
        Json(response).into_response(),
        Logged {
            device: Some(caller.device_id),
            ops_in: request.ops.len(),
            ops_out: 0,
        },
    ))
}

/// The query of a pull.
#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    cursor: u64,
    limit: Option<u32>,
}

async fn pull(
    State(state): State<AppState>,
    Authed(caller): Authed,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let limit = match query.limit {
        None => DEFAULT_PULL_OPS,
        Some(0) => return Err(ApiError::bad_request("limit must be at least 1")),
        Some(n) => n.min(MAX_PULL_OPS),
    };
    if query.cursor > i64::MAX as u64 {
        return Err(ApiError::bad_request("cursor out of range"));
    }
    if let Some(snapshots) = &state.snapshots {
        snapshots.seen(&caller);
    }
    let page: PullResponse = state
        .store
        .pull(&caller, query.cursor, limit, now_ms())
        .await?;
    let count = page.ops.len();
    Ok(logged(
        Json(page).into_response(),
        Logged {
            device: Some(caller.device_id),
            ops_in: 0,
            ops_out: count,
        },
    ))
}

/// The snapshot offered to a new station of the caller's scope: 204 when
/// there is none (the station replays the log).
async fn snapshot(
    State(state): State<AppState>,
    Authed(caller): Authed,
) -> Result<Response, ApiError> {
    let offered = state.snapshots.as_ref().and_then(|s| s.offer(&caller));
    let device = Some(caller.device_id);
    let response = match offered {
        Some(info) => Json(info).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    };
    Ok(logged(
        response,
        Logged {
            device,
            ..Logged::default()
        },
    ))
}

/// The query of a snapshot's download.
#[derive(Debug, Deserialize)]
struct SnapshotQuery {
    cursor: u64,
}

/// The snapshot file at `cursor` of the caller's scope, as it was made
/// (zstd); 410 when it is no longer kept (the station asks again).
async fn snapshot_file(
    State(state): State<AppState>,
    Authed(caller): Authed,
    query: Result<Query<SnapshotQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let Some((info, path)) = state
        .snapshots
        .as_ref()
        .and_then(|s| s.file(&caller, query.cursor))
    else {
        return Err(ApiError::new(
            StatusCode::GONE,
            "snapshot_gone",
            "this snapshot is no longer kept: ask for the current one",
        ));
    };
    let file = tokio::fs::File::open(&path).await.map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "snapshot file unreadable");
        ApiError::new(
            StatusCode::GONE,
            "snapshot_gone",
            "this snapshot is no longer kept: ask for the current one",
        )
    })?;
    let body =
        axum::body::Body::from_stream(tokio_util::io::ReaderStream::with_capacity(file, 1 << 16));
    let response = (
        [
            (header::CONTENT_TYPE, "application/zstd".to_owned()),
            (header::CONTENT_LENGTH, info.bytes.to_string()),
        ],
        body,
    )
        .into_response();
    Ok(logged(
        response,
        Logged {
            device: Some(caller.device_id),
            ..Logged::default()
        },
    ))
}

async fn status(
    State(state): State<AppState>,
    Authed(caller): Authed,
) -> Result<Response, ApiError> {
    let stations = state.store.stations(&caller).await?;
    let device = caller.device_id;
    let status = ServerStatus {
        organisation: caller.organisation,
        site: caller.site,
        all_sites: caller.all_sites,
        last_seq: caller.last_seq,
        min_schema_version: state.min_schema_version,
        server_time_ms: now_ms(),
        stations,
    };
    Ok(logged(
        Json(status).into_response(),
        Logged {
            device: Some(device),
            ..Logged::default()
        },
    ))
}

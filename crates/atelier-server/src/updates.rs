//! Serving application updates from a folder, so a multi-site owner updates
//! every station from their own server (`--updates-dir D`):
//!
//! - `GET /v1/updates/{target}/{version}` answers `D/{target}/latest.json`
//!   when it offers a newer version than `{version}`, else 204 No Content
//!   (the updater's "up to date");
//! - `GET /v1/updates/files/{name}` serves `D/files/{name}`, the packages
//!   the manifests point at.
//!
//! The server only passes files along: a package is trusted by the station
//! because its signature verifies against the key built into Atelier, not
//! because this server served it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The routes, over the folder `dir`.
pub fn routes(dir: PathBuf) -> Router {
    Router::new()
        .route("/v1/updates/files/{name}", get(file))
        .route("/v1/updates/{target}/{version}", get(manifest))
        .with_state(Arc::new(dir))
}

/// A path segment safe to join to the folder: letters, digits, `.`, `_`,
/// `-`, not starting with a dot.
fn safe(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

async fn manifest(
    State(dir): State<Arc<PathBuf>>,
    UrlPath((target, version)): UrlPath<(String, String)>,
) -> Response {
    if !safe(&target) {
        return (StatusCode::BAD_REQUEST, "invalid target").into_response();
    }
    let Ok(current) = semver::Version::parse(version.trim_start_matches('v')) else {
        return (StatusCode::BAD_REQUEST, "the version must look like 1.2.3").into_response();
    };
    let Some(text) = read(&dir.join(&target).join("latest.json")).await else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let offered = serde_json::from_slice::<serde_json::Value>(&text)
        .ok()
        .and_then(|m| m["version"].as_str().map(str::to_owned))
        .and_then(|v| semver::Version::parse(v.trim_start_matches('v')).ok());
    match offered {
        Some(offered) if offered > current => {
            ([(header::CONTENT_TYPE, "application/json")], text).into_response()
        }
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => {
            tracing::error!(target, "latest.json has no valid version");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the update manifest is not valid",
            )
                .into_response()
        }
    }
}

async fn file(State(dir): State<Arc<PathBuf>>, UrlPath(name): UrlPath<String>) -> Response {
    if !safe(&name) {
        return (StatusCode::BAD_REQUEST, "invalid file name").into_response();
    }
    match read(&dir.join("files").join(&name)).await {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn read(path: &Path) -> Option<Vec<u8>> {
    tokio::fs::read(path).await.ok()
}

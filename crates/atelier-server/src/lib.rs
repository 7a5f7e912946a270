//! The Atelier sync server, as a library: the binary only parses its arguments
//! and calls [`serve`] or a [`store`] function, so tests run the same server
//! on port 0.
//!
//! - [`store`]: organisations, sites, devices, enrolment codes and each
//!   organisation's ordered operation log, behind one [`store::Store`] trait
//!   with a SQLite and a PostgreSQL implementation;
//! - [`api`]: the `/v1` sync endpoints of `atelier_domain::sync` (enrol,
//!   push, pull, status), with zstd bodies and `ErrorBody` refusals;
//! - [`snapshots`]: what a new station installs instead of replaying a
//!   long history, made by shadow stations that apply the log with
//!   atelier-core's rules;
//! - [`offsite`]: the stations' encrypted backups kept off-site, which no
//!   station can delete or overwrite, under the server's own retention;
//! - [`updates`]: application updates served from a folder;
//! - `GET /v1/health`, and optional TLS (rustls) from PEM files.
//!
//! DESIGN.md (Sync) says what the log is for; the rules it keeps are in
//! [`store`].

pub mod api;
pub mod offsite;
pub mod snapshots;
pub mod store;
pub mod updates;

use std::path::PathBuf;
use std::sync::Arc;

use axum::{Json, Router, routing::get};
use serde::Serialize;
use tokio::net::TcpListener;

/// How the server is set up.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The folder updates are served from (`--updates-dir`), if any.
    pub updates_dir: Option<PathBuf>,
    /// The store the sync endpoints use; without one only health and
    /// updates are served.
    pub store: Option<Arc<dyn store::Store>>,
    /// The lowest schema version pushes and enrolments are accepted from
    /// (`--min-schema-version`; 0 and 1 accept every version).
    pub min_schema_version: u32,
    /// Serve HTTPS with this certificate and key, if set.
    pub tls: Option<TlsFiles>,
    /// Make snapshots for new stations, and how often their shadows catch
    /// up with the log; none when unset.
    pub snapshots: Option<(Arc<snapshots::Snapshots>, std::time::Duration)>,
    /// Keep the stations' off-site backups (`--offsite-dir`); none when unset.
    pub offsite: Option<Arc<offsite::Offsite>>,
}

/// A PEM certificate chain and its private key, for HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain (`--tls-cert`).
    pub cert: PathBuf,
    /// The private key (`--tls-key`).
    pub key: PathBuf,
}

/// What `GET /v1/health` answers: the server is up and which version it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// Always `ok` when the server answers at all.
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
}

/// The server's routes, each request logged on one line.
pub fn router(config: &Config) -> Router {
    let mut router = Router::new().route("/v1/health", get(health));
    if let Some(dir) = &config.updates_dir {
        router = router.merge(updates::routes(dir.clone()));
    }
    if let Some(store) = &config.store {
        router = router.merge(api::routes(api::AppState {
            store: store.clone(),
            min_schema_version: config.min_schema_version,
            snapshots: config.snapshots.as_ref().map(|(s, _)| s.clone()),
            offsite: config.offsite.clone(),
        }));
    }
    router.layer(axum::middleware::from_fn(api::log_request))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Serves on `listener` until `shutdown` completes, over TLS when
/// [`Config::tls`] is set.
///
/// # Errors
/// When the listener fails, or the certificate or key cannot be read.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    let app = router(config);
    if let Some((snapshots, every)) = &config.snapshots {
        snapshots.refresh_every(*every);
    }
    if let Some(offsite) = &config.offsite {
        offsite.prune_every(offsite::PRUNE_EVERY);
    }
    let Some(tls) = &config.tls else {
        tracing::info!(%addr, "atelier-server listening (HTTP)");
        return axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
    };
    // One process-wide crypto provider; a second install is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rustls = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key)
        .await
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!(
                    "cannot load the TLS certificate {} and key {}: {e}",
                    tls.cert.display(),
                    tls.key.display()
                ),
            )
        })?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    tracing::info!(%addr, "atelier-server listening (HTTPS)");
    axum_server::from_tcp_rustls(listener.into_std()?, rustls)
        .handle(handle)
        .serve(app.into_make_service())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A real server on port 0, stopped when dropped.
    struct TestServer {
        addr: std::net::SocketAddr,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
    }

    impl TestServer {
        async fn start() -> TestServer {
            TestServer::with(Config::default()).await
        }

        async fn with(config: Config) -> TestServer {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(async move {
                serve(listener, &config, async {
                    stopped.await.ok();
                })
                .await
            });
            TestServer {
                addr,
                stop: Some(stop),
            }
        }

        async fn get(&self, path: &str) -> (u16, String) {
            let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
            let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            let status = response[9..12].parse().unwrap();
            let body = response
                .split("\r\n\r\n")
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            (status, body)
        }
    }

    impl Drop for TestServer {
        fn drop(&mut self) {
            if let Some(stop) = self.stop.take() {
                stop.send(()).ok();
            }
        }
    }

    #[tokio::test]
    async fn health_answers_ok_with_the_version_over_real_tcp() {
        let server = TestServer::start().await;
        let (status, body) = server.get("/v1/health").await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["status"], "ok");
        assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    }

    #[tokio::test]
    async fn updates_are_served_from_the_folder_only_when_newer() {
        let dir = tempfile::tempdir().unwrap();
        let linux = dir.path().join("linux-x86_64");
        std::fs::create_dir_all(&linux).unwrap();
        std::fs::create_dir_all(dir.path().join("files")).unwrap();
        std::fs::write(
            linux.join("latest.json"),
            r#"{"version":"0.2.0","platforms":{"linux-x86_64":{"signature":"c2ln","url":"http://server/v1/updates/files/atelier_0.2.0.AppImage"}}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("files/atelier_0.2.0.AppImage"), b"package").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"not served").unwrap();
        let server = TestServer::with(Config {
            updates_dir: Some(dir.path().to_path_buf()),
            ..Config::default()
        })
        .await;

        let (status, body) = server.get("/v1/updates/linux-x86_64/0.1.0").await;
        assert_eq!(status, 200);
        assert!(body.contains("\"version\":\"0.2.0\""), "{body}");
        assert_eq!(server.get("/v1/updates/linux-x86_64/0.2.0").await.0, 204);
        assert_eq!(server.get("/v1/updates/linux-x86_64/1.0.0").await.0, 204);
        assert_eq!(server.get("/v1/updates/windows-x86_64/0.1.0").await.0, 204);
        let (status, body) = server.get("/v1/updates/files/atelier_0.2.0.AppImage").await;
        assert_eq!((status, body.as_str()), (200, "package"));

        // Bad input is a 4xx with a reason, never a 5xx, never a file outside the folder.
        assert_eq!(server.get("/v1/updates/linux-x86_64/latest").await.0, 400);
        assert_eq!(server.get("/v1/updates/files/..%2Fsecret.txt").await.0, 400);
        assert_eq!(server.get("/v1/updates/..%2F..%2Fetc/0.1.0").await.0, 400);
        assert_eq!(
            server.get("/v1/updates/files/missing.AppImage").await.0,
            404
        );
        // Without --updates-dir there is no such route.
        let plain = TestServer::start().await;
        assert_eq!(plain.get("/v1/updates/linux-x86_64/0.1.0").await.0, 404);
    }

    #[tokio::test]
    async fn an_unknown_path_is_a_404_not_a_crash() {
        let server = TestServer::start().await;
        assert_eq!(server.get("/v1/nothing-here").await.0, 404);
    }
}

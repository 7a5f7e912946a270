//! The Atelier sync server, as a library: the binary only parses its arguments
//! and calls [`serve`], so tests run the same server on port 0.
//!
//! This first slice answers `GET /v1/health`; the store, enrolment, push and
//! pull arrive with the sync work (DESIGN.md, Sync).

use axum::{Json, Router, routing::get};
use serde::Serialize;
use tokio::net::TcpListener;

/// What `GET /v1/health` answers: the server is up and which version it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    /// Always `ok` when the server answers at all.
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
}

/// The server's routes.
pub fn router() -> Router {
    Router::new().route("/v1/health", get(health))
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Serves on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tracing::info!(addr = %listener.local_addr()?, "atelier-server listening");
    axum::serve(listener, router())
        .with_graceful_shutdown(shutdown)
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
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(serve(listener, async {
                stopped.await.ok();
            }));
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
    async fn an_unknown_path_is_a_404_not_a_crash() {
        let server = TestServer::start().await;
        assert_eq!(server.get("/v1/nothing-here").await.0, 404);
    }
}

//! What the server's integration tests and the benches share: a store of
//! either kind, a real server on port 0, a station speaking the protocol
//! over HTTP, and a station's network with its snapshots changed.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod pg;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use atelier_core::sync::{Ahead, SyncError, Transport};
use atelier_domain::sync::{PushResponse, ServerStatus, SnapshotInfo};
use atelier_sync::Http;

use atelier_domain::sync::{EnrolRequest, Enrolled, OpKind, PullResponse, PushRequest, WireOp};
use atelier_domain::{DeviceId, Hlc, OperationId};
use atelier_server::store::{self, Store, StoreConfig};
use atelier_server::{Config, serve};
use serde_json::value::RawValue;

/// Which store a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded SQLite store.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// An open store and what keeps it alive.
pub struct TestStore {
    pub store: Arc<dyn Store>,
    pub config: StoreConfig,
    _dir: Option<tempfile::TempDir>,
}

/// A new, empty store of the kind asked for.
pub async fn open_store(backend: Backend) -> TestStore {
    open_store_with(backend, false).await
}

/// The same, with PostgreSQL durable (`fsync` on) when `durable`, for the bench.
pub async fn open_store_with(backend: Backend, durable: bool) -> TestStore {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let config = StoreConfig::Sqlite(dir.path().to_path_buf());
            TestStore {
                store: store::open(&config).await.unwrap(),
                config,
                _dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let config = StoreConfig::Postgres(pg::fresh_database(durable).await);
            TestStore {
                store: store::open(&config).await.unwrap(),
                config,
                _dir: None,
            }
        }
    }
}

/// A real server on port 0, stopped when dropped.
pub struct TestServer {
    pub base: String,
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Serves `config` on a free port of 127.0.0.1.
    pub async fn start(config: Config) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let scheme = if config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        let task = tokio::spawn(async move {
            serve(listener, &config, async {
                stopped.await.ok();
            })
            .await
        });
        TestServer {
            base: format!("{scheme}://{addr}"),
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Serves the sync endpoints over `store`.
    pub async fn sync(store: &Arc<dyn Store>) -> TestServer {
        TestServer::start(Config {
            store: Some(store.clone()),
            min_schema_version: 1,
            ..Config::default()
        })
        .await
    }

    /// Stops the server and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
    }
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// An enrolled workstation: its token and its next sequence number.
#[derive(Debug, Clone)]
pub struct Station {
    pub device: DeviceId,
    pub token: String,
    pub enrolled: Enrolled,
    pub next_seq: u64,
}

/// Mints a code for `org`/`site` and enrols a new device with it.
pub async fn enrol(
    http: &reqwest::Client,
    server: &TestServer,
    store: &Arc<dyn Store>,
    org: &str,
    site: &str,
    all_sites: bool,
) -> Station {
    let code = store
        .mint_code(org, site, all_sites, Duration::from_secs(3600), now_ms())
        .await
        .unwrap();
    let device = DeviceId::new();
    let response = http
        .post(server.url("/v1/enrol"))
        .json(&EnrolRequest {
            code,
            device_id: device,
            device_name: format!("Poste {site}"),
            schema_version: 1,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let enrolled: Enrolled = response.json().await.unwrap();
    Station {
        device,
        token: enrolled.token.clone(),
        enrolled,
        next_seq: 1,
    }
}

/// An operation of `device`.
pub fn op(device: DeviceId, seq: u64, entity: &str, row_id: &str, payload: &str) -> WireOp {
    WireOp {
        device_id: device,
        seq,
        op_id: OperationId::new(),
        hlc: Hlc::new(1_767_225_600_000 + seq, 0).unwrap(),
        schema_version: 1,
        entity: entity.into(),
        row_id: row_id.into(),
        kind: OpKind::Insert,
        payload: RawValue::from_string(payload.into()).unwrap(),
        by: Some("Léa".into()),
    }
}

impl Station {
    /// The station's next operations, its sequence moved on.
    pub fn ops(&mut self, entity: &str, payloads: &[&str]) -> Vec<WireOp> {
        payloads
            .iter()
            .map(|p| {
                let seq = self.next_seq;
                self.next_seq += 1;
                op(self.device, seq, entity, &format!("row-{seq}"), p)
            })
            .collect()
    }
}

/// The zstd of a push body, as the workstation sends it.
pub fn compress(body: &[u8]) -> Vec<u8> {
    zstd::encode_all(body, 3).unwrap()
}

/// Pushes `ops` (zstd-compressed when `compressed`) and returns the status
/// and the JSON answer.
pub async fn push(
    http: &reqwest::Client,
    server: &TestServer,
    token: &str,
    ops: &[WireOp],
    compressed: bool,
) -> (u16, serde_json::Value) {
    let body = serde_json::to_vec(&PushRequest { ops: ops.to_vec() }).unwrap();
    push_raw(http, server, token, body, compressed).await
}

/// Pushes any body.
pub async fn push_raw(
    http: &reqwest::Client,
    server: &TestServer,
    token: &str,
    body: Vec<u8>,
    compressed: bool,
) -> (u16, serde_json::Value) {
    let mut request = http
        .post(server.url("/v1/push"))
        .bearer_auth(token)
        .header("content-type", "application/json");
    request = if compressed {
        request
            .header("content-encoding", "zstd")
            .body(compress(&body))
    } else {
        request.body(body)
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// Pulls one page.
pub async fn pull(
    http: &reqwest::Client,
    server: &TestServer,
    token: &str,
    cursor: u64,
    limit: Option<u32>,
) -> PullResponse {
    let mut url = server.url(&format!("/v1/pull?cursor={cursor}"));
    if let Some(limit) = limit {
        url.push_str(&format!("&limit={limit}"));
    }
    let response = http.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Every operation the station may pull, from the start.
pub async fn pull_all(http: &reqwest::Client, server: &TestServer, token: &str) -> Vec<WireOp> {
    let mut all = Vec::new();
    let mut cursor = 0;
    loop {
        let page = pull(http, server, token, cursor, None).await;
        all.extend(page.ops);
        cursor = page.next_cursor;
        if !page.more {
            return all;
        }
    }
}

/// How a [`Network`] downloads a snapshot.
pub type Download = fn(&Http, &SnapshotInfo, &Path) -> Result<(), SyncError>;

/// A station's network to the server, its snapshots changed: none offered
/// ([`Network::replay`]: the station replays the log, as one did before
/// snapshots), or downloaded through a [`Download`] that may break them.
pub struct Network {
    pub http: Http,
    pub download: Option<Download>,
}

impl Network {
    /// The network without snapshots.
    pub fn replay(http: Http) -> Network {
        Network {
            http,
            download: None,
        }
    }

    /// The network with snapshots downloaded through `download`.
    pub fn downloading(http: Http, download: Download) -> Network {
        Network {
            http,
            download: Some(download),
        }
    }
}

impl Transport for Network {
    fn enrol(&self, r: &EnrolRequest) -> Result<Enrolled, SyncError> {
        self.http.enrol(r)
    }
    fn push(&self, r: &PushRequest) -> Result<PushResponse, SyncError> {
        self.http.push(r)
    }
    fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, SyncError> {
        self.http.pull(cursor, limit)
    }
    fn pull_ahead(&self, cursor: u64, limit: u32) -> Ahead<'_> {
        self.http.pull_ahead(cursor, limit)
    }
    fn status(&self) -> Result<ServerStatus, SyncError> {
        self.http.status()
    }
    fn snapshot(&self) -> Result<Option<SnapshotInfo>, SyncError> {
        match self.download {
            Some(_) => self.http.snapshot(),
            None => Ok(None),
        }
    }
    fn download_snapshot(&self, offered: &SnapshotInfo, into: &Path) -> Result<(), SyncError> {
        match self.download {
            Some(download) => download(&self.http, offered, into),
            None => self.http.download_snapshot(offered, into),
        }
    }
}

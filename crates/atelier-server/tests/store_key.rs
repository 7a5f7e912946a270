//! The server's SQLite store encrypted with SQLCipher: a customer synced
//! through it is nowhere in its file or WAL in plain bytes, a plain store
//! is converted at start without losing a row (also after a conversion cut
//! off half-way), and a missing or wrong key is refused with nothing changed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use atelier_server::store::{self, Store, StoreConfig, StoreKey};
use common::{TestServer, enrol, push};

const ORG: &str = "Garage Martin";
const NAME: &str = "Gwendoline Kerbrat-Lefeuvre";
const KEY: &str = "4f1c2e9a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

fn key() -> StoreKey {
    StoreKey::parse(KEY, "test").unwrap()
}

/// Whether `needle` is in the store's file or its WAL.
fn in_plain_bytes(dir: &Path, needle: &str) -> bool {
    ["atelier-server.db", "atelier-server.db-wal"]
        .iter()
        .any(|f| {
            std::fs::read(dir.join(f))
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
}

/// An organisation whose station syncs a customer named [`NAME`] through
/// the store `config`; returns the store, with its server still running.
async fn sync_a_customer(config: &StoreConfig) -> (Arc<dyn Store>, TestServer) {
    let store = store::open(config).await.unwrap();
    store.create_organisation(ORG).await.unwrap();
    store.add_site(ORG, "S1", "Lyon").await.unwrap();
    let server = TestServer::sync(&store).await;
    let http = reqwest::Client::new();
    let mut station = enrol(&http, &server, &store, ORG, "S1", false).await;
    let payload = format!(r#"{{"name":"{NAME}","phone":"+33 6 12 34 56 78"}}"#);
    let ops = station.ops("customers", &[&payload]);
    let (status, _) = push(&http, &server, &station.token, &ops, true).await;
    assert_eq!(status, 200);
    (store, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_synced_through_an_encrypted_store_is_not_in_its_files() {
    let plain = tempfile::tempdir().unwrap();
    let (_store, _server) = sync_a_customer(&StoreConfig::Sqlite(plain.path().into())).await;
    assert!(
        in_plain_bytes(plain.path(), NAME),
        "a plain store shows the name: the search below would find it"
    );

    let sealed = tempfile::tempdir().unwrap();
    let (store, _server) =
        sync_a_customer(&StoreConfig::EncryptedSqlite(sealed.path().into(), key())).await;
    assert!(
        std::fs::metadata(sealed.path().join("atelier-server.db-wal")).is_ok_and(|m| m.len() > 0),
        "the WAL holds the push"
    );
    assert!(!in_plain_bytes(sealed.path(), NAME));
    assert_eq!(store.list_devices(ORG).await.unwrap().len(), 1);
}

async fn devices_and_ops(store: &Arc<dyn Store>) -> (usize, u64) {
    let devices = store.list_devices(ORG).await.unwrap();
    (devices.len(), devices[0].last_seq)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_store_is_encrypted_at_start_and_then_needs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let plain = StoreConfig::Sqlite(dir.path().into());
    let before = {
        let (store, server) = sync_a_customer(&plain).await;
        server.stop().await;
        devices_and_ops(&store).await
    };
    // Give the store time to be dropped by the server's tasks.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    let sealed = StoreConfig::EncryptedSqlite(dir.path().into(), key());
    let store = store::open(&sealed).await.unwrap();
    assert_eq!(
        devices_and_ops(&store).await,
        before,
        "every row came across"
    );
    drop(store);
    assert!(!in_plain_bytes(dir.path(), NAME));
    assert!(!dir.path().join("atelier-server.db.encrypting").exists());

    let err = store::open(&plain).await.unwrap_err().to_string();
    assert!(
        err.contains("is encrypted") && err.contains("ATELIER_STORE_KEY"),
        "{err}"
    );
    let wrong = StoreKey::parse(&KEY.replace('4', "5"), "test").unwrap();
    let err = store::open(&StoreConfig::EncryptedSqlite(dir.path().into(), wrong))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not open with this key"), "{err}");
    let store = store::open(&sealed).await.unwrap();
    assert_eq!(
        devices_and_ops(&store).await,
        before,
        "a refusal changed nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conversion_cut_off_half_way_is_made_again_from_the_plain_store() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let (store, server) = sync_a_customer(&StoreConfig::Sqlite(dir.path().into())).await;
        server.stop().await;
        devices_and_ops(&store).await
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // What a kill during the export leaves: the plain store, untouched,
    // and half an encrypted copy beside it.
    let half = dir.path().join("atelier-server.db.encrypting");
    std::fs::write(&half, vec![0x5a; 6000]).unwrap();

    let store = store::open(&StoreConfig::EncryptedSqlite(dir.path().into(), key()))
        .await
        .unwrap();
    assert_eq!(devices_and_ops(&store).await, before);
    assert!(!half.exists());
    assert!(!in_plain_bytes(dir.path(), NAME));
}

//! HTTPS with rustls, from a self-signed certificate made in the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Backend, TestServer, open_store};

#[tokio::test]
async fn the_server_speaks_https_with_the_given_certificate() {
    let rcgen::CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key_pair.serialize_pem()).unwrap();
    let store = open_store(Backend::Sqlite).await;
    let server = TestServer::start(atelier_server::Config {
        store: Some(store.store.clone()),
        min_schema_version: 1,
        tls: Some(atelier_server::TlsFiles {
            cert: cert_path,
            key: key_path,
        }),
        ..atelier_server::Config::default()
    })
    .await;
    let url = format!("https://localhost:{}/v1/health", server.addr.port());

    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let response = trusting.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let status = trusting
        .get(format!(
            "https://localhost:{}/v1/status",
            server.addr.port()
        ))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "the sync endpoints are there, behind TLS");

    let stranger = reqwest::Client::new();
    assert!(
        stranger.get(&url).send().await.is_err(),
        "a client that does not trust the certificate is refused"
    );
    let plain = reqwest::Client::new()
        .get(format!("http://localhost:{}/v1/health", server.addr.port()))
        .send()
        .await;
    assert!(
        plain.is_err() || plain.unwrap().status() != 200,
        "no plain HTTP on the TLS port"
    );
    server.stop().await;
}

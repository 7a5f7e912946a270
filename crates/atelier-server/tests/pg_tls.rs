//! The server reaches PostgreSQL over TLS, against a real cluster with
//! `ssl = on` and a certificate for `localhost` signed by an authority
//! made for the test: stations sync through a store reached with
//! `sslmode=verify-full`, the database server sees every connection of the
//! store encrypted, and a certificate of another authority or for another
//! host is refused with a message that says what to check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use atelier_server::store::{self, OpenError, StoreConfig};
use common::pg::{TlsDatabase, fresh_tls_database};
use common::{TestServer, enrol, pull_all, push};

const ORG: &str = "Garage Martin";

/// Opens the store at `url`, for what it says when it cannot.
async fn opens(url: String) -> Result<(), OpenError> {
    store::open(&StoreConfig::Postgres(url)).await.map(drop)
}

/// The store's backends on `db` as the database server sees them: how
/// many, and how many of them speak TLS (`pg_stat_ssl`).
async fn encrypted_backends(db: &TlsDatabase) -> (i64, i64) {
    // The test's own look, in clear: over TLS it would count itself.
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", db.port);
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let row = client
        .query_one(
            "SELECT count(*), count(*) FILTER (WHERE s.ssl AND s.version LIKE 'TLSv1.%')
               FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid
              WHERE a.datname = $1",
            &[&db.name],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test]
async fn stations_sync_through_a_store_reached_with_verify_full() {
    let db = fresh_tls_database();
    let url = db.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", db.ca.display()),
    );
    let store = store::open(&StoreConfig::Postgres(url)).await.unwrap();
    store.create_organisation(ORG).await.unwrap();
    store.add_site(ORG, "S1", "Lyon").await.unwrap();
    let server = TestServer::sync(&store).await;
    let http = reqwest::Client::new();
    let mut accueil = enrol(&http, &server, &store, ORG, "S1", false).await;
    let atelier = enrol(&http, &server, &store, ORG, "S1", false).await;

    let ops = accueil.ops("customers", &[r#"{"last_name":"Durand"}"#]);
    let (status, answer) = push(&http, &server, &accueil.token, &ops, true).await;
    assert_eq!(status, 200, "{answer}");
    let pulled = pull_all(&http, &server, &atelier.token).await;
    assert_eq!(
        pulled.iter().map(|o| o.op_id).collect::<Vec<_>>(),
        ops.iter().map(|o| o.op_id).collect::<Vec<_>>(),
        "the workshop's operation went through the store and back"
    );

    let (backends, encrypted) = encrypted_backends(&db).await;
    assert!(backends > 0, "the store keeps connections open");
    assert_eq!(
        encrypted, backends,
        "every connection of the store is encrypted, as PostgreSQL sees it"
    );
    server.stop().await;
}

#[tokio::test]
async fn require_encrypts_without_checking_the_certificate() {
    let db = fresh_tls_database();
    // Neither the authority nor the host name (127.0.0.1) would pass a check.
    let store = store::open(&StoreConfig::Postgres(
        db.url("127.0.0.1", "sslmode=require"),
    ))
    .await
    .unwrap();
    store.create_organisation(ORG).await.unwrap();
    let (backends, encrypted) = encrypted_backends(&db).await;
    assert!(backends > 0);
    assert_eq!(encrypted, backends, "require still encrypts");
}

#[tokio::test]
async fn verify_ca_checks_the_authority_but_not_the_host_name() {
    let db = fresh_tls_database();
    let ca = db.ca.display();
    opens(db.url("127.0.0.1", &format!("sslmode=verify-ca&sslrootcert={ca}")))
        .await
        .expect("the right authority, whatever the host is called");
    let other = db.other_ca.display();
    let refused = opens(db.url(
        "localhost",
        &format!("sslmode=verify-ca&sslrootcert={other}"),
    ))
    .await
    .unwrap_err();
    assert!(matches!(refused, OpenError::PostgresTls(_)), "{refused}");
}

#[tokio::test]
async fn verify_full_refuses_another_authority_and_another_host_name() {
    let db = fresh_tls_database();
    let other = db.other_ca.display();
    let refused = opens(db.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={other}"),
    ))
    .await
    .unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains("over TLS")
            && message.contains("certificate verify failed")
            && message.contains("sslrootcert"),
        "says the certificate was refused and what to check: {message}"
    );

    let ca = db.ca.display();
    let refused = opens(db.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    ))
    .await
    .unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains("mismatch") && message.contains("the URL's host"),
        "says the certificate does not name this host: {message}"
    );

    let missing = opens(db.url(
        "localhost",
        "sslmode=verify-full&sslrootcert=/nowhere/ca.pem",
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(&missing, OpenError::RootCert { path, .. } if path.ends_with("ca.pem")),
        "{missing}"
    );
}

#[tokio::test]
async fn a_database_server_without_tls_is_refused_when_the_url_requires_it() {
    if std::env::var_os("ATELIER_TEST_DATABASE_URL").is_some() {
        // That server may well speak TLS.
        return;
    }
    let plain = common::pg::fresh_database(false).await;
    let refused = opens(format!("{plain}?sslmode=require")).await.unwrap_err();
    assert!(
        matches!(&refused, OpenError::PostgresTls(m) if m.contains("does not support TLS")),
        "{refused}"
    );
}

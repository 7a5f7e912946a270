//! `atelier enrol` and `atelier sync` on headless stations, against a real
//! sync server on loopback. The device token goes to the OS keyring: each
//! run happens in a private D-Bus session with an unlocked GNOME Keyring
//! (the way a headless station is set up), and without one the station is
//! told so and nothing is written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use atelier_server::store::{self, Store, StoreConfig};
use atelier_server::{Config, serve};

const ORG: &str = "Garage du Centre";

fn now_ms() -> u64 {
    u64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// Runs `script` (shell, with `$ATELIER` the CLI) in a desktop session of
/// its own, with an unlocked keyring kept in `home`.
fn in_session(home: &Path, script: &str) -> Output {
    Command::new("dbus-run-session")
        .args([
            "--",
            "sh",
            "-c",
            &format!(
                "eval \"$(printf atelier | gnome-keyring-daemon --unlock --components=secrets)\"; {script}"
            ),
        ])
        .env("HOME", home)
        .env("ATELIER", env!("CARGO_BIN_EXE_atelier"))
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("dbus-run-session runs (scripts/setup installs dbus and gnome-keyring)")
}

fn said(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_headless_stations_enrol_and_a_customer_travels_from_one_to_the_other() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server_dir = tempfile::tempdir().unwrap();
    let (url, codes) = rt.block_on(async {
        let store: Arc<dyn Store> =
            store::open(&StoreConfig::Sqlite(server_dir.path().to_path_buf()))
                .await
                .unwrap();
        store.create_organisation(ORG).await.unwrap();
        store.add_site(ORG, "LYA", "Lyon").await.unwrap();
        let mut codes = Vec::new();
        for _ in 0..2 {
            let code = store
                .mint_code(ORG, "LYA", false, Duration::from_secs(600), now_ms())
                .await
                .unwrap();
            codes.push(code);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let config = Config {
            store: Some(store),
            min_schema_version: 1,
            ..Config::default()
        };
        tokio::spawn(async move { serve(listener, &config, std::future::pending()).await });
        (url, codes)
    });
    let dir = tempfile::tempdir().unwrap();
    let (home, desk, bench) = (
        dir.path().join("home"),
        dir.path().join("accueil"),
        dir.path().join("atelier"),
    );
    std::fs::create_dir_all(&home).unwrap();

    // The front desk: a demo workshop, enrolled, its records sent.
    let out = said(&in_session(
        &home,
        &format!(
            "\"$ATELIER\" demo --customers 30 --data-dir '{d}' | grep 'Clé de secours' &&
             \"$ATELIER\" enrol --data-dir '{d}' --server '{url}' --code '{c}' --name Accueil &&
             \"$ATELIER\" sync --data-dir '{d}'",
            d = desk.display(),
            c = codes[0],
        ),
    ));
    assert!(
        out.contains("Poste inscrit auprès de Garage du Centre (LYA — Lyon)."),
        "{out}"
    );
    assert!(out.contains("Synchronisé : "), "{out}");
    let mut keys = std::collections::HashMap::new();
    keys.insert(desk.clone(), recovery_key(&out));

    // A second headless station, empty, enrolled and synced: the customers
    // are there, and the station stands in the server's site.
    let out = said(&in_session(
        &home,
        &format!(
            "\"$ATELIER\" init --data-dir '{b}' | grep 'Clé de secours' &&
             \"$ATELIER\" enrol --data-dir '{b}' --server '{url}' --code '{c}' --name Atelier &&
             \"$ATELIER\" sync --data-dir '{b}'",
            b = bench.display(),
            c = codes[1],
        ),
    ));
    assert!(
        out.contains("Synchronisé : 1 envoyée(s)"),
        "the site it took: {out}"
    );
    keys.insert(bench.clone(), recovery_key(&out));
    // Each station's database is encrypted, under the recovery key its
    // first command printed; the keyring of the session keeps it.
    let open = |data: &Path| {
        atelier_core::Db::open_encrypted(
            &data.join(atelier_core::DB_FILE_NAME),
            &keys[&data.to_path_buf()],
        )
        .unwrap()
    };
    let customers = |data: &Path| {
        let db = open(data);
        atelier_core::customers::list(db.conn(), &Default::default())
            .unwrap()
            .total
    };
    assert_eq!(customers(&bench), customers(&desk));
    assert!(customers(&bench) >= 4);

    // The front desk closes its day; the closure travels like an invoice,
    // and the other station sees it, kept by the desk's own chain.
    let out = said(&in_session(
        &home,
        &format!(
            "\"$ATELIER\" close day --data-dir '{d}' &&
             \"$ATELIER\" sync --data-dir '{d}' >/dev/null &&
             \"$ATELIER\" sync --data-dir '{b}' >/dev/null",
            d = desk.display(),
            b = bench.display(),
        ),
    ));
    assert!(
        out.contains("clôturée (n° 1) : ") && !out.contains(": 0 facture(s)"),
        "the demo's invoices of the day, issued before enrolment gave the desk its prefix: {out}"
    );
    let closures = |data: &Path| {
        let db = open(data);
        atelier_core::till::closures::list(db.conn(), &Default::default()).unwrap()
    };
    let seen = closures(&bench);
    assert_eq!(seen, closures(&desk));
    assert_eq!(seen.len(), 1);
    let desk_device = {
        let db = open(&desk);
        atelier_core::device::device_id(db.conn())
            .unwrap()
            .to_string()
    };
    assert_eq!(seen[0].device_id, desk_device);
    let db = open(&bench);
    assert!(
        atelier_core::till::closures::verify(db.conn())
            .unwrap()
            .ok(),
        "the chain arrives intact"
    );
    assert!(
        atelier_core::till::closed_through(db.conn(), &desk_device)
            .unwrap()
            .is_some()
    );
    drop(db);

    // A code used once is refused, in French, and the station stays as it was.
    let third = dir.path().join("troisieme");
    let out = in_session(
        &home,
        &format!(
            "\"$ATELIER\" init --data-dir '{t}' | grep 'Clé de secours' &&
             \"$ATELIER\" enrol --data-dir '{t}' --server '{url}' --code '{c}'",
            t = third.display(),
            c = codes[1],
        ),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Ce code d’inscription n’est pas valable"),
        "{err}"
    );
    let key = recovery_key(&String::from_utf8_lossy(&out.stdout));
    let db =
        atelier_core::Db::open_encrypted(&third.join(atelier_core::DB_FILE_NAME), &key).unwrap();
    assert!(atelier_core::sync::enrolment(db.conn()).unwrap().is_none());
}

#[test]
fn without_a_keyring_enrolment_is_refused_with_what_to_do_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("atelier-data");
    let out = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args([
            "enrol",
            "--server",
            "http://127.0.0.1:9",
            "--code",
            "ABCD-EFGH-JK",
            "--data-dir",
        ])
        .arg(&data)
        .env_remove("ATELIER_DATA_DIR")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Aucun trousseau de clés du système n’est disponible"),
        "{err}"
    );
    let db = atelier_core::Db::open_in_dir(&data).unwrap();
    assert!(atelier_core::sync::enrolment(db.conn()).unwrap().is_none());
}

/// The recovery key a station's first command printed.
fn recovery_key(out: &str) -> atelier_core::cipher::RecoveryKey {
    let line = out
        .lines()
        .find(|l| l.contains("Clé de secours"))
        .unwrap_or_else(|| panic!("no recovery key printed: {out}"));
    line.rsplit(": ").next().unwrap().trim().parse().unwrap()
}

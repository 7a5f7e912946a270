//! A new station's first sync from a snapshot, against the real server:
//! a station that installs its scope's snapshot and pulls what came after
//! holds exactly what a station that replayed the whole log holds (every
//! table's rows, per-field stamps, parked operations, conflicts, counters,
//! figures and search entries), for a site's station and for an owner's
//! that sees every site, on the server's SQLite store and on PostgreSQL; a
//! download cut off installs nothing and the next round takes the snapshot
//! whole. With the server's store encrypted, so are the shadows and the
//! snapshot files, and a station still joins from one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use atelier_core::access::Actor;
use atelier_core::customers::CustomerInput;
use atelier_core::invoices::DraftInput;
use atelier_core::orders::LineInput;
use atelier_core::sync::snapshot::LOCAL;
use atelier_core::sync::{self, SyncError, Transport};
use atelier_core::{Db, customers, invoices};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::Locale;
use atelier_domain::sync::SnapshotInfo;
use atelier_server::snapshots::Snapshots;
use atelier_server::store::{self, Store, StoreConfig, StoreKey};
use atelier_sync::Http;
use common::{Backend, Network, TestServer, now_ms, open_store};

const ORG: &str = "Garages Martin";

struct Station {
    db: Db,
    token: String,
}

/// A new station in `dir`, enrolled at `site`.
fn station(
    dir: &Path,
    name: &str,
    site: &str,
    all_sites: bool,
    server: &TestServer,
    store: &Arc<dyn Store>,
    rt: &tokio::runtime::Runtime,
) -> Station {
    let db = Db::open(&dir.join(format!("{name}.sqlite3"))).unwrap();
    enrolled(db, name, (site, all_sites), server, store, rt)
}

/// `db` enrolled as `name` at `site` (all sites or not).
fn enrolled(
    mut db: Db,
    name: &str,
    (site, all_sites): (&str, bool),
    server: &TestServer,
    store: &Arc<dyn Store>,
    rt: &tokio::runtime::Runtime,
) -> Station {
    let code = rt
        .block_on(store.mint_code(ORG, site, all_sites, Duration::from_secs(600), now_ms()))
        .unwrap();
    let token = Cell::new(String::new());
    sync::enrol(
        &mut db,
        &Http::new(&server.base, None).unwrap(),
        &server.base,
        &code,
        name,
        now_ms(),
        |t| {
            token.set(t.to_owned());
            Ok(())
        },
    )
    .unwrap();
    Station {
        db,
        token: token.take(),
    }
}

impl Station {
    fn http(&self, server: &TestServer) -> Http {
        Http::new(&server.base, Some(self.token.clone())).unwrap()
    }

    fn round(&mut self, server: &TestServer) -> sync::Report {
        let http = self.http(server);
        sync::run(&mut self.db, &http, &now_ms).unwrap()
    }
}

/// Half of the snapshot arrived when the connection dropped.
fn cut_off(http: &Http, offered: &SnapshotInfo, into: &Path) -> Result<(), SyncError> {
    http.download_snapshot(offered, into)?;
    let half = std::fs::metadata(into).unwrap().len() / 2;
    std::fs::OpenOptions::new()
        .write(true)
        .open(into)
        .unwrap()
        .set_len(half)
        .unwrap();
    Err(SyncError::Offline {
        detail: "connection reset during the snapshot".into(),
    })
}

/// The snapshot arrived whole, but it is not a database.
fn not_a_database(_: &Http, _: &SnapshotInfo, into: &Path) -> Result<(), SyncError> {
    std::fs::write(into, b"not a SQLite database").unwrap();
    Ok(())
}

fn customer(first: &str, phone: &str) -> CustomerInput {
    CustomerInput {
        kind: Some("individual".into()),
        first_name: Some(first.into()),
        last_name: Some("Snapshot".into()),
        phone: Some(phone.into()),
        city: Some("Lyon".into()),
        confirm_duplicate: true,
        ..CustomerInput::default()
    }
}

fn counter_sale(db: &mut Db, customer: &str) {
    let actor = Actor::system();
    let draft = DraftInput {
        customer_id: Some(customer.to_owned()),
        lines: vec![LineInput {
            kind: Some("part".into()),
            description: Some("Huile 5W-30 (l)".into()),
            quantity: Some("4".into()),
            unit_price: Some("13,90".into()),
            ..LineInput::default()
        }],
        notes: None,
    };
    let d = db
        .write(|tx| invoices::draft_counter_sale(tx, now_ms(), &actor, &draft, Locale::Fr))
        .unwrap();
    db.write(|tx| invoices::issue(tx, now_ms(), &actor, d.summary.id))
        .unwrap();
}

fn first_customer(db: &Db) -> String {
    db.conn()
        .query_row(
            "SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Columns that say when something happened at one station, on its own
/// clock, which two stations replaying the same log differ in as well:
/// the record of its own site, written when it enrols; when it met a
/// conflict or parked an operation (a snapshot's, when the server's shadow
/// met them). Their values and field stamps are compared.
const WHEN_HERE: &[(&str, &str)] = &[
    ("sites", "created_at"),
    ("sites", "updated_at"),
    ("sync_conflicts", "detected_at"),
    ("sync_parked", "parked_at"),
];

/// Every table a station shares with the others, row by row, sorted: all
/// but the station's own ([`LOCAL`]); the search index by its entries
/// rather than the tables that store it.
fn dump(db: &Db) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = db
        .conn()
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'search_index_%'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .filter(|t| !LOCAL.contains(&t.as_str()))
        .map(|table| {
            let sql = if table == "search_index" {
                "SELECT rowid, body FROM search_index".to_owned()
            } else {
                let columns: Vec<String> = db
                    .conn()
                    .prepare("SELECT name FROM pragma_table_info(?1)")
                    .unwrap()
                    .query_map([&table], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .filter(|c: &String| !WHEN_HERE.contains(&(table.as_str(), c.as_str())))
                    .map(|c| format!("\"{c}\""))
                    .collect();
                format!("SELECT {} FROM \"{table}\"", columns.join(", "))
            };
            let mut stmt = db.conn().prepare(&sql).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (table, rows)
        })
        .collect()
}

fn assert_same(label: &str, snapshotted: &Db, replayed: &Db) {
    let (a, b) = (dump(snapshotted), dump(replayed));
    assert_eq!(a.len(), b.len(), "{label}: the same tables");
    let mut filled = 0;
    for ((table, rows_a), (_, rows_b)) in a.iter().zip(&b) {
        assert_eq!(
            rows_a, rows_b,
            "{label}: table {table} differs between the snapshot and the replay"
        );
        filled += usize::from(!rows_a.is_empty());
    }
    assert!(filled > 30, "{label}: only {filled} tables hold rows");
}

#[test]
fn a_station_bootstrapped_from_a_snapshot_is_the_station_a_replay_makes() {
    bootstrap_against(Backend::Sqlite);
}

#[test]
fn a_station_bootstrapped_from_a_snapshot_on_postgresql_is_the_station_a_replay_makes() {
    bootstrap_against(Backend::Postgres);
}

fn bootstrap_against(backend: Backend) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let opened = rt.block_on(open_store(backend));
    let store = opened.store.clone();
    rt.block_on(async {
        store.create_organisation(ORG).await.unwrap();
        store.add_site(ORG, "LY", "Lyon").await.unwrap();
        store.add_site(ORG, "VI", "Villeurbanne").await.unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let snapshots = Arc::new(Snapshots::with_minimum(
        dir.path().join("server-snapshots"),
        store.clone(),
        1,
    ));
    let server = rt.block_on(TestServer::start(atelier_server::Config {
        store: Some(store.clone()),
        min_schema_version: 1,
        snapshots: Some((snapshots.clone(), Duration::from_secs(3600))),
        ..atelier_server::Config::default()
    }));
    let stations = dir.path().join("stations");
    std::fs::create_dir_all(&stations).unwrap();

    // A demo workshop at Lyon: customers, vehicles, orders, invoices,
    // stock, appointments.
    let mut lyon = {
        let mut db = Db::open(&stations.join("lyon.sqlite3")).unwrap();
        db.write(|tx| demo::set_up_workshop(tx, now_ms(), Locale::Fr))
            .unwrap();
        enrolled(db, "Accueil Lyon", ("LY", false), &server, &store, &rt)
    };
    demo::generate(
        &mut lyon.db,
        &DemoOptions {
            customers: 30,
            seed: 7,
        },
        now_ms(),
    )
    .unwrap();
    lyon.round(&server);
    let mut villeurbanne = station(&stations, "vi", "VI", false, &server, &store, &rt);
    let mut owner = station(&stations, "owner", "LY", true, &server, &store, &rt);
    villeurbanne.round(&server);
    owner.round(&server);

    // Villeurbanne sells; Lyon and Villeurbanne change the same customer's
    // phone without having synced: a conflict for the later round.
    let shared = first_customer(&lyon.db);
    counter_sale(&mut villeurbanne.db, &shared);
    for (station, phone) in [
        (&mut lyon, "06 11 22 33 44"),
        (&mut villeurbanne, "06 55 66 77 88"),
    ] {
        let id = shared.parse().unwrap();
        let mut edit = customer("Brigitte", phone);
        edit.last_name = customers::get(station.db.conn(), id).unwrap().last_name;
        station
            .db
            .write(|tx| customers::update(tx, now_ms(), id, &edit))
            .unwrap();
    }
    for _ in 0..2 {
        lyon.round(&server);
        villeurbanne.round(&server);
        owner.round(&server);
    }
    rt.block_on(snapshots.refresh_all());

    // Work after the snapshot: a newcomer pulls it after the snapshot's cursor.
    lyon.db
        .write(|tx| customers::create(tx, now_ms(), &customer("Arnaud", "06 98 76 54 32")))
        .unwrap();
    counter_sale(&mut lyon.db, &shared);
    lyon.round(&server);
    villeurbanne
        .db
        .write(|tx| customers::create(tx, now_ms(), &customer("Inès", "06 12 12 12 12")))
        .unwrap();
    villeurbanne.round(&server);

    for (site, all_sites) in [("LY", false), ("VI", false), ("LY", true)] {
        let label = format!("{site}{}", if all_sites { " (all sites)" } else { "" });
        let name = |what: &str| format!("{what}-{site}-{all_sites}");
        let mut snapshotted = station(
            &stations,
            &name("snapshot"),
            site,
            all_sites,
            &server,
            &store,
            &rt,
        );
        let mut replayed = station(
            &stations,
            &name("replay"),
            site,
            all_sites,
            &server,
            &store,
            &rt,
        );
        let first = snapshotted.round(&server);
        assert!(first.from_snapshot > 0, "{label}: {first:?}");
        assert!(
            first.pulled > 0,
            "{label}: what came after the snapshot is pulled"
        );
        let replay = Network::replay(replayed.http(&server));
        let whole = sync::run(&mut replayed.db, &replay, &now_ms).unwrap();
        assert_eq!(whole.from_snapshot, 0);
        assert!(whole.pulled > first.pulled);
        assert_same(&label, &snapshotted.db, &replayed.db);

        // Both carry on as any station: a write of each reaches the other,
        // and an invoice of the new station takes a number of its own
        // series, which the server accepts.
        snapshotted
            .db
            .write(|tx| customers::create(tx, now_ms(), &customer("Léo", "06 01 02 03 04")))
            .unwrap();
        counter_sale(&mut snapshotted.db, &shared);
        let sent = snapshotted.round(&server);
        assert_eq!(
            (sent.rejected, sent.pushed > 2),
            (0, true),
            "{label}: {sent:?}"
        );
        sync::run(&mut replayed.db, &replay, &now_ms).unwrap();
        snapshotted.round(&server);
        assert_same(&label, &snapshotted.db, &replayed.db);
    }

    // One snapshot of each scope served every station that joined it.
    let files = std::fs::read_dir(dir.path().join("server-snapshots"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".sqlite3.zst")
        })
        .count();
    assert_eq!(files, 3, "one snapshot per scope: LY, VI, LY's all sites");

    // A download cut off installs nothing; the next round takes it whole.
    let mut cut = station(&stations, "cut", "LY", false, &server, &store, &rt);
    let broken = Network::downloading(cut.http(&server), cut_off);
    let failed = sync::run(&mut cut.db, &broken, &now_ms).unwrap_err();
    assert_eq!(failed.code(), "sync_offline", "{failed:?}");
    let customers_here: i64 = cut
        .db
        .conn()
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(customers_here, 0, "nothing of the snapshot was installed");
    assert!(sync::snapshot::eligible(&cut.db).unwrap());
    assert!(
        !stations
            .join(sync::snapshot::FOLDER)
            .join("incoming.sqlite3")
            .exists(),
        "the broken download is not kept"
    );
    let again = cut.round(&server);
    assert!(again.from_snapshot > 0, "{again:?}");
    let mut reference = station(&stations, "reference", "LY", false, &server, &store, &rt);
    let replay = Network::replay(reference.http(&server));
    sync::run(&mut reference.db, &replay, &now_ms).unwrap();
    assert_same("after a cut download", &cut.db, &reference.db);

    // A snapshot this station cannot install: nothing of it is written,
    // and the same round replays the log.
    let mut unreadable = station(&stations, "unreadable", "LY", false, &server, &store, &rt);
    let odd = Network::downloading(unreadable.http(&server), not_a_database);
    let replayed = sync::run(&mut unreadable.db, &odd, &now_ms).unwrap();
    assert_eq!(replayed.from_snapshot, 0, "{replayed:?}");
    sync::run(&mut reference.db, &replay, &now_ms).unwrap();
    assert_same(
        "after an unreadable snapshot",
        &unreadable.db,
        &reference.db,
    );
}

/// Whether `needle` is anywhere in `bytes`.
fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file under `dir`, a snapshot's decompressed, with its bytes.
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let bytes = if path.to_string_lossy().ends_with(".zst") {
            zstd::decode_all(bytes.as_slice()).unwrap()
        } else {
            bytes
        };
        found.push((path, bytes));
    }
    found
}

#[test]
fn with_the_store_encrypted_a_station_joins_from_a_snapshot_no_file_shows_in_clear() {
    const NAME: &str = "Quennehen-Dardaillon";
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = StoreKey::parse(&"5a".repeat(32), "the test's key").unwrap();
    let store_dir = dir.path().join("server");
    let store = rt
        .block_on(store::open(&StoreConfig::EncryptedSqlite(
            store_dir.clone(),
            key.clone(),
        )))
        .unwrap();
    rt.block_on(async {
        store.create_organisation(ORG).await.unwrap();
        store.add_site(ORG, "LY", "Lyon").await.unwrap();
    });
    let snapshot_dir = dir.path().join("server-snapshots");
    let serving = |rt: &tokio::runtime::Runtime, snapshots: &Arc<Snapshots>| {
        rt.block_on(TestServer::start(atelier_server::Config {
            store: Some(store.clone()),
            min_schema_version: 1,
            snapshots: Some((snapshots.clone(), Duration::from_secs(3600))),
            ..atelier_server::Config::default()
        }))
    };
    let stations = dir.path().join("stations");
    std::fs::create_dir_all(&stations).unwrap();

    // A server run from before the snapshots were keyed: its shadow and
    // snapshot hold the customer in clear (what the search below finds).
    // It ends, its runtime with it, before the next run opens the folder.
    let earlier = tokio::runtime::Runtime::new().unwrap();
    let plain = Arc::new(Snapshots::with_minimum(
        snapshot_dir.clone(),
        store.clone(),
        1,
    ));
    let server = serving(&earlier, &plain);
    let mut lyon = station(&stations, "lyon", "LY", false, &server, &store, &earlier);
    for (first, phone) in [("Eulalie", "06 10 20 30 40"), ("Marcel", "06 50 60 70 80")] {
        let mut input = customer(first, phone);
        input.last_name = Some(NAME.into());
        lyon.db
            .write(|tx| customers::create(tx, now_ms(), &input))
            .unwrap();
    }
    lyon.round(&server);
    earlier.block_on(plain.refresh_all());
    let in_clear: Vec<_> = files_under(&snapshot_dir)
        .into_iter()
        .filter(|(_, bytes)| holds(bytes, NAME))
        .collect();
    assert!(
        in_clear.len() >= 2,
        "a plain shadow and its snapshot show the name: {:?}",
        in_clear.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    earlier.block_on(server.stop());
    drop(earlier);
    assert_eq!(Arc::strong_count(&plain), 1, "the earlier run is over");
    drop(plain);

    // The same folder served keyed: the shadow is made again encrypted.
    let keyed =
        Arc::new(Snapshots::with_minimum(snapshot_dir.clone(), store.clone(), 1).keyed(&key));
    let server = serving(&rt, &keyed);
    lyon.round(&server);
    rt.block_on(keyed.refresh_all());

    let mut newcomer = station(&stations, "newcomer", "LY", false, &server, &store, &rt);
    let first = newcomer.round(&server);
    assert!(
        first.from_snapshot > 0,
        "joined from the snapshot: {first:?}"
    );
    let theirs: i64 = newcomer
        .db
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM customers WHERE last_name = ?1",
            [NAME],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(theirs, 2, "the snapshot's customers are the newcomer's");

    let written = [files_under(&snapshot_dir), files_under(&store_dir)].concat();
    let snapshots: Vec<_> = written
        .iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".sqlite3.zst"))
        .collect();
    assert_eq!(snapshots.len(), 1, "the plain snapshot is no longer kept");
    assert!(
        !snapshots[0].1.starts_with(b"SQLite format 3\0"),
        "the snapshot is not a plain database"
    );
    assert!(
        written
            .iter()
            .any(|(p, _)| p.extension().is_some_and(|e| e == "sqlite3")
                && p.starts_with(&snapshot_dir)),
        "the shadow is there"
    );
    for (path, bytes) in &written {
        assert!(
            !holds(bytes, NAME),
            "{} holds a customer's name in clear",
            path.display()
        );
    }
}

//! Whole sync rounds between real stations and the server over loopback
//! (SQLite store), timed from the stations' side:
//!
//! - a busy day of one site: a station's operations (≈ 5,000: demo
//!   customers with their vehicles and odometer readings, written through
//!   the same functions as the screens) pushed by it, then pulled and
//!   applied by another station of the site (target: under 1 s);
//! - a new station's first sync of a large workshop, the operations
//!   pushed beforehand: from the snapshot the server made of the site
//!   (target: 1,000,000 operations in under 5 s; the time the server took
//!   to make it is printed too), then, for comparison, by replaying the
//!   whole log (the way before snapshots, and still the way for a station
//!   that already has data).
//!
//! Each station's WAL is checkpointed by a thread of its own, as the
//! desktop app does. `cargo bench -p atelier-server --bench round`.
//! `ATELIER_BENCH_DAY_CUSTOMERS` (default 575, ≈ 5,000 operations) and
//! `ATELIER_BENCH_FIRST_CUSTOMERS` (default 115,000, ≈ 1,000,000 operations)
//! set the sizes. `cargo test --benches` runs both on a few customers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use atelier_core::sync;
use atelier_core::{CHECKPOINT_EVERY, Db, outbox};
use atelier_demo::{self as demo, DemoOptions};
use atelier_server::snapshots::Snapshots;
use atelier_server::store::Store;
use atelier_sync::Http;
use common::{Backend, Network, TestServer, open_store};

/// The allocator of the desktop app, the command line and the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;
const ORG: &str = "Garages Martin";

fn size(var: &str, bench: u32, test: u32) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            bench
        } else {
            test
        })
}

/// A station on disk in `dir`, enrolled at the site `LY`.
fn station(
    dir: &std::path::Path,
    name: &str,
    base: &str,
    store: &Arc<dyn Store>,
    rt: &tokio::runtime::Runtime,
) -> (Db, Http) {
    let mut db = Db::open(&dir.join(format!("{name}.db"))).unwrap();
    let code = rt
        .block_on(store.mint_code(ORG, "LY", false, Duration::from_secs(600), common::now_ms()))
        .unwrap();
    let token = Cell::new(String::new());
    sync::enrol(
        &mut db,
        &Http::new(base, None).unwrap(),
        base,
        &code,
        name,
        NOW,
        |t| {
            token.set(t.to_owned());
            Ok(())
        },
    )
    .unwrap();
    let http = Http::new(base, Some(token.take())).unwrap();
    // As in the desktop app, a thread checkpoints the WAL every few seconds
    // and the commits of the connection syncing leave it to that thread.
    let checkpointer = db.background_checkpoints().unwrap().unwrap();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(CHECKPOINT_EVERY);
            checkpointer.run().unwrap();
        }
    });
    (db, http)
}

fn main() {
    let day_customers = size("ATELIER_BENCH_DAY_CUSTOMERS", 575, 20);
    let first_customers = size("ATELIER_BENCH_FIRST_CUSTOMERS", 115_000, 40);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(open_store(Backend::Sqlite)).store;
    rt.block_on(async {
        store.create_organisation(ORG).await.unwrap();
        store.add_site(ORG, "LY", "Lyon").await.unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let snapshots = Arc::new(Snapshots::with_minimum(
        dir.path().join("snapshots"),
        store.clone(),
        1,
    ));
    let server = rt.block_on(TestServer::start(atelier_server::Config {
        store: Some(store.clone()),
        min_schema_version: 1,
        snapshots: Some((snapshots.clone(), Duration::from_secs(24 * 3600))),
        ..atelier_server::Config::default()
    }));
    let clock = || NOW;

    // A busy day: the front desk writes, the bench station receives.
    let (mut desk, desk_net) = station(dir.path(), "accueil", &server.base, &store, &rt);
    let (mut bench, bench_net) = station(dir.path(), "atelier", &server.base, &store, &rt);
    sync::run(&mut desk, &desk_net, &clock).unwrap();
    sync::run(&mut bench, &bench_net, &clock).unwrap();
    demo::generate(
        &mut desk,
        &DemoOptions {
            customers: day_customers,
            seed: 3,
        },
        NOW,
    )
    .unwrap();
    let ops = outbox::pending_count(desk.conn()).unwrap();
    let start = Instant::now();
    let pushed = sync::run(&mut desk, &desk_net, &clock).unwrap();
    let push = start.elapsed();
    let pulled = sync::run(&mut bench, &bench_net, &clock).unwrap();
    let both = start.elapsed();
    assert_eq!((pushed.pushed, pulled.pulled), (ops, ops));
    println!(
        "busy day: {ops} operations pushed in {:.0} ms, pulled and applied by another station in {:.0} ms: {:.0} ms in all (target < 1,000 ms)",
        push.as_secs_f64() * 1e3,
        (both - push).as_secs_f64() * 1e3,
        both.as_secs_f64() * 1e3,
    );

    // A large workshop, then a new station's first sync.
    demo::generate(
        &mut desk,
        &DemoOptions {
            customers: first_customers,
            seed: 5,
        },
        NOW,
    )
    .unwrap();
    sync::run(&mut desk, &desk_net, &clock).unwrap();
    let start = Instant::now();
    rt.block_on(snapshots.refresh_all());
    println!(
        "the server's snapshot of the site: made in {:.1} s (once, for every station that joins)",
        start.elapsed().as_secs_f64()
    );
    let (mut new, new_net) = station(dir.path(), "nouveau", &server.base, &store, &rt);
    let start = Instant::now();
    let first = sync::run(&mut new, &new_net, &clock).unwrap();
    let took = start.elapsed();
    println!(
        "first sync of a new station from the snapshot: {} operations installed and {} pulled and applied in {:.2} s (target: 1,000,000 in < 5 s)",
        first.from_snapshot,
        first.pulled,
        took.as_secs_f64(),
    );
    assert!(first.from_snapshot > 0);
    assert_eq!(first.parked, 0);
    drop(new);

    let (mut replay, replay_net) = station(dir.path(), "rejoue", &server.base, &store, &rt);
    let start = Instant::now();
    let first = sync::run(&mut replay, &Network::replay(replay_net), &clock).unwrap();
    let took = start.elapsed();
    println!(
        "first sync of a new station replaying the log: {} operations pulled and applied in {:.1} s: {:.0} operations/s",
        first.pulled,
        took.as_secs_f64(),
        first.pulled as f64 / took.as_secs_f64()
    );
    assert_eq!(first.parked, 0);
    drop(server);
}

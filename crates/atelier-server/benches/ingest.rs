//! Server ingest: one station pushes batches of 1,000 synthetic operations
//! (customers, vehicles' mileage, stock movements) over loopback, zstd
//! compressed as the workstation sends them, into each store; prints the
//! rate and the bytes per operation of those batches on the wire. Then the
//! bytes per operation of what a station really sends: a demo workshop's
//! outbox (customers, vehicles and readings, then months of orders,
//! invoices, payments and stock movements: `atelier_demo::add_business`),
//! cut into pushes of `MAX_PUSH_OPS` as a round cuts it, each body made by
//! the function the station's transport sends (`atelier_sync::push_body`).
//!
//! `cargo bench -p atelier-server --bench ingest` (release; PostgreSQL is a
//! throwaway cluster with fsync on, or `ATELIER_TEST_DATABASE_URL`).
//! `ATELIER_BENCH_BATCHES` sets the number of timed batches (default 60),
//! `ATELIER_BENCH_CUSTOMERS` the demo workshop's customers (default 4,000,
//! with a quarter as many orders). `cargo test --benches` runs it once on 2
//! batches and 100 customers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use atelier_demo::{self as demo, BusinessOptions, DemoOptions};
use atelier_domain::sync::{MAX_PUSH_OPS, OpKind, PushRequest, WireOp};
use atelier_domain::{Hlc, Locale, OperationId};
use common::{Backend, Station, TestServer, compress, enrol, open_store_with};
use serde_json::value::RawValue;

const BATCH: usize = 1000;

/// A small deterministic generator, so every run pushes the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier",
];
const FIRST: &[&str] = &[
    "Marie", "Jean", "Pierre", "Michel", "Nathalie", "Isabelle", "Hélène", "Philippe", "Sophie",
    "Nicolas", "Camille", "Léa", "Lucas", "Hugo", "Chloé",
];
const TOWNS: &[(&str, &str)] = &[
    ("Lyon", "69003"),
    ("Villeurbanne", "69100"),
    ("Vénissieux", "69200"),
    ("Bron", "69500"),
    ("Caluire-et-Cuire", "69300"),
    ("Saint-Priest", "69800"),
];
const KINDS: &[&str] = &["receipt", "use", "adjustment", "return"];

/// `n` operations as a busy front desk writes them: 40 % new customers,
/// 30 % mileage readings, 30 % stock movements over a catalogue of 2,000 parts.
fn realistic_ops(station: &mut Station, rng: &mut Rng, n: usize, parts: &[String]) -> Vec<WireOp> {
    let mut ops = Vec::with_capacity(n);
    for _ in 0..n {
        let seq = station.next_seq;
        station.next_seq += 1;
        let roll = rng.next() % 10;
        let row_id = OperationId::new().to_string();
        let (entity, kind, payload) = if roll < 4 {
            let (town, postal) = TOWNS[(rng.next() % TOWNS.len() as u64) as usize];
            let (surname, first) = (rng.pick(SURNAMES), rng.pick(FIRST));
            (
                "customers",
                OpKind::Insert,
                format!(
                    r#"{{"first_name":"{first}","last_name":"{surname}","phone":"+33 6 {:02} {:02} {:02} {:02}","email":"{}.{}@example.fr","town":"{town}","postal_code":"{postal}"}}"#,
                    rng.next() % 100,
                    rng.next() % 100,
                    rng.next() % 100,
                    rng.next() % 100,
                    first.to_lowercase(),
                    surname.to_lowercase()
                ),
            )
        } else if roll < 7 {
            (
                "mileage_readings",
                OpKind::Insert,
                format!(
                    r#"{{"vehicle_id":"{}","km":{}}}"#,
                    parts[(rng.next() % parts.len() as u64) as usize],
                    10_000 + rng.next() % 190_000
                ),
            )
        } else {
            (
                "stock_movements",
                OpKind::Insert,
                format!(
                    r#"{{"part_id":"{}","kind":"{}","quantity":{},"unit_cost":{}}}"#,
                    parts[(rng.next() % parts.len() as u64) as usize],
                    rng.pick(KINDS),
                    1 + rng.next() % 4,
                    500 + rng.next() % 20_000
                ),
            )
        };
        ops.push(WireOp {
            device_id: station.device,
            seq,
            op_id: OperationId::new(),
            hlc: Hlc::new(1_767_225_600_000 + seq * 7, 0).unwrap(),
            schema_version: 1,
            entity: entity.into(),
            row_id,
            kind,
            payload: RawValue::from_string(payload).unwrap(),
            by: Some("Léa".into()),
        });
    }
    ops
}

async fn run(backend: Backend, batches: usize) {
    let store = open_store_with(backend, true).await;
    store.store.create_organisation("Bench").await.unwrap();
    store.store.add_site("Bench", "S1", "Lyon").await.unwrap();
    let server = TestServer::sync(&store.store).await;
    let http = reqwest::Client::new();
    let mut station = enrol(&http, &server, &store.store, "Bench", "S1", false).await;
    let mut rng = Rng(0x5eed);
    let parts: Vec<String> = (0..2000).map(|_| OperationId::new().to_string()).collect();
    let warmup = 2;
    let bodies: Vec<(Vec<u8>, usize)> = (0..warmup + batches)
        .map(|_| {
            let ops = realistic_ops(&mut station, &mut rng, BATCH, &parts);
            let json = serde_json::to_vec(&PushRequest { ops }).unwrap();
            (compress(&json), json.len())
        })
        .collect();
    let send = |body: Vec<u8>| {
        let request = http
            .post(server.url("/v1/push"))
            .bearer_auth(&station.token)
            .header("content-type", "application/json")
            .header("content-encoding", "zstd")
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();
        }
    };
    for (body, _) in &bodies[..warmup] {
        send(body.clone()).await;
    }
    let timed = &bodies[warmup..];
    let start = Instant::now();
    for (body, _) in timed {
        send(body.clone()).await;
    }
    let elapsed = start.elapsed();
    let ops = (batches * BATCH) as f64;
    let compressed: usize = timed.iter().map(|(b, _)| b.len()).sum();
    let plain: usize = timed.iter().map(|(_, n)| n).sum();
    println!(
        "| {:?} | {} | {:.0} ops/s | {:.1} ms | {:.1} B | {:.0} B |",
        backend,
        batches * BATCH,
        ops / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / batches as f64,
        compressed as f64 / ops,
        plain as f64 / ops,
    );
    server.stop().await;
}

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

/// The bytes per operation of a demo workshop's outbox, pushed as a round
/// pushes it.
fn demo_outbox(customers: u32) {
    let orders = customers / 4;
    let dir = tempfile::tempdir().unwrap();
    let mut db = atelier_core::Db::open(&dir.path().join("station.db")).unwrap();
    db.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(&mut db, &DemoOptions { customers, seed: 3 }, NOW).unwrap();
    demo::add_business(
        &mut db,
        NOW,
        &BusinessOptions {
            orders,
            open: orders / 40,
            seed: 3,
        },
    )
    .unwrap();
    let ops = atelier_core::sync::outgoing(db.conn(), u32::MAX).unwrap();
    // Pushes in the outbox's order; a page is the people's when most of its
    // operations are customers, vehicles and readings, else the work's.
    let people = |op: &WireOp| {
        matches!(
            op.entity.as_str(),
            "customers" | "vehicles" | "vehicle_owners" | "mileage_readings"
        )
    };
    // (pushes, operations, zstd bytes, JSON bytes) for all, people's, work's.
    let mut sums = [(0, 0, 0, 0); 3];
    let mut per_push = Vec::new();
    for page in ops.chunks(MAX_PUSH_OPS) {
        let request = PushRequest { ops: page.to_vec() };
        let body = atelier_sync::push_body(&request).unwrap().len();
        let json = serde_json::to_vec(&request).unwrap().len();
        let kind = if page.iter().filter(|op| people(op)).count() * 2 > page.len() {
            1
        } else {
            2
        };
        for k in [0, kind] {
            sums[k].0 += 1;
            sums[k].1 += page.len();
            sums[k].2 += body;
            sums[k].3 += json;
        }
        per_push.push(body as f64 / page.len() as f64);
    }
    let work = ops.iter().filter(|op| !people(op)).count();
    println!(
        "\nA demo workshop's outbox ({customers} customers, {orders} more orders): {} operations, \
         {work} of them orders, invoices, payments, stock and the rest",
        ops.len()
    );
    println!("| pushes | how many | operations | bytes per op, zstd | bytes per op, JSON |");
    println!("| --- | --- | --- | --- | --- |");
    for (what, (pushes, n, body, json)) in [
        "all",
        "mostly customers, vehicles, readings",
        "mostly the work",
    ]
    .iter()
    .zip(sums)
    {
        if n > 0 {
            println!(
                "| {what} | {pushes} | {n} | {:.1} B | {:.0} B |",
                body as f64 / n as f64,
                json as f64 / n as f64
            );
        }
    }
    per_push.sort_by(f64::total_cmp);
    if let (Some(least), Some(most)) = (per_push.first(), per_push.last()) {
        println!("one push: {least:.1}–{most:.1} B per operation, zstd");
    }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let batches = if benching {
        std::env::var("ATELIER_BENCH_BATCHES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60)
    } else {
        2
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "| store | ops pushed | ingest rate | per 1,000-op batch | bytes per op, zstd | bytes per op, JSON |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    runtime.block_on(run(Backend::Sqlite, batches));
    runtime.block_on(run(Backend::Postgres, batches));
    demo_outbox(if benching {
        std::env::var("ATELIER_BENCH_CUSTOMERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4_000)
    } else {
        100
    });
}

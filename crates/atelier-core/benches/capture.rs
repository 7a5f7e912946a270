//! What change capture costs a write (target: a write with its outbox
//! operation at most 2× the same write without it), measured side by side
//! in one run on one database file:
//!
//! - an odometer reading inserted as `vehicles::mileage` stores it, with and
//!   without the `outbox::record` call that goes with it (HLC tick, outbox
//!   row, audit entry);
//! - a customer's phone changed, with and without its operation (which also
//!   reads the stamp of the value it replaces and stamps the new one).
//!
//! Each variant writes `ATELIER_BENCH_WRITES` rows (default 100,000) in one
//! transaction, alternating variants three times; the best of three counts.
//! `cargo bench -p atelier-core --bench capture`.

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::demo::{self, DemoOptions};
use atelier_core::outbox::{self, OpKind};
use atelier_core::{Db, Transaction};
use serde_json::json;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

fn reading(tx: &Transaction<'_>, vehicle: &str, km: i64, capture: bool) {
    let id = atelier_domain::OperationId::new().to_string();
    let stamp = if capture {
        outbox::record(
            tx,
            NOW,
            "mileage_readings",
            &id,
            OpKind::Insert,
            &json!({
                "vehicle_id": vehicle, "km": km, "read_on": "2026-03-02",
                "source": "manual", "meter_replaced": false,
            }),
            None,
        )
        .unwrap()
        .as_i64()
    } else {
        NOW as i64
    };
    tx.prepare_cached(
        "INSERT INTO mileage_readings (id, vehicle_id, km, read_on, source, meter_replaced, created_at)
         VALUES (?1, ?2, ?3, '2026-03-02', 'manual', 0, ?4)",
    )
    .unwrap()
    .execute((id, vehicle, km, stamp))
    .unwrap();
}

fn phone(tx: &Transaction<'_>, customer: &str, n: usize, capture: bool) {
    let phone = format!(
        "06 {:02} {:02} {:02} {:02}",
        n % 100,
        n / 100 % 100,
        n / 10_000 % 100,
        n % 97
    );
    let stamp = if capture {
        let before = json!({ "phone": null }).as_object().cloned().unwrap();
        outbox::record(
            tx,
            NOW,
            "customers",
            customer,
            OpKind::Update,
            &json!({ "phone": phone }),
            Some(&before),
        )
        .unwrap()
        .as_i64()
    } else {
        NOW as i64
    };
    tx.prepare_cached("UPDATE customers SET phone = ?2, updated_at = ?3 WHERE id = ?1")
        .unwrap()
        .execute((customer, phone, stamp))
        .unwrap();
}

fn timed(db: &mut Db, f: impl Fn(&Transaction<'_>)) -> Duration {
    let start = Instant::now();
    db.write(|tx| {
        f(tx);
        Ok(())
    })
    .unwrap();
    start.elapsed()
}

fn main() {
    let writes: usize = std::env::var("ATELIER_BENCH_WRITES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            100_000
        } else {
            500
        });
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open(&dir.path().join("capture.db")).unwrap();
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 200,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
    let ids = |sql: &str| -> Vec<String> {
        let mut stmt = db.conn().prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let vehicles = ids("SELECT id FROM vehicles");
    let customers = ids("SELECT id FROM customers");

    let mut best = [[Duration::MAX; 2]; 2];
    for _ in 0..3 {
        for (v, capture) in [(0, false), (1, true)] {
            let t = timed(&mut db, |tx| {
                for n in 0..writes {
                    reading(tx, &vehicles[n % vehicles.len()], n as i64, capture);
                }
            });
            best[0][v] = best[0][v].min(t);
            let t = timed(&mut db, |tx| {
                for n in 0..writes {
                    phone(tx, &customers[n % customers.len()], n, capture);
                }
            });
            best[1][v] = best[1][v].min(t);
        }
    }
    for (name, [plain, captured]) in ["odometer reading inserted", "customer's phone changed"]
        .iter()
        .zip(best)
    {
        let per = |d: Duration| d.as_secs_f64() * 1e6 / writes as f64;
        println!(
            "{name}: {:.2} µs without its operation, {:.2} µs with it: {:.2}× (target ≤ 2×)",
            per(plain),
            per(captured),
            captured.as_secs_f64() / plain.as_secs_f64()
        );
    }
}

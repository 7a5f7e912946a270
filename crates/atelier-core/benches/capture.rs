//! What change capture costs a write (target: a write with its outbox
//! operation at most 2× the same write without it), measured side by side
//! in one run on one database file, two ways:
//!
//! 1. **Bare statements**: the one SQL statement of a write, with and
//!    without the `outbox::record` call that goes with it (HLC tick, outbox
//!    row, audit entry, and for an edit the stamps of the values it replaces
//!    and of its own):
//!    - an odometer reading inserted with the statement `vehicles::mileage`
//!      uses;
//!    - a customer's phone changed by a one-column `UPDATE`.
//! 2. **The application's writes**, as the screens make them:
//!    `vehicles::record_mileage` (checks the vehicle and its neighbouring
//!    readings, then inserts; each car gets ten readings a round) and `customers::update` (reads the customer,
//!    validates the form, looks for duplicates of the new phone, rewrites the
//!    row and its search entry). Those cannot be run without their operation,
//!    so the run also times `outbox::record` alone with the same arguments;
//!    the write without its operation is the difference. The bare statements
//!    check that subtraction: their capture measured alone and as a
//!    difference are printed side by side.
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

use atelier_core::customers::{self, CustomerInput};
use atelier_core::outbox::{self, OpKind};
use atelier_core::vehicles::{self, MileageSource, VehicleInput};
use atelier_core::{Db, Transaction};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::{CustomerId, VehicleId};
use serde_json::{Map, Value, json};

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

/// What a bare-statement run writes.
#[derive(Clone, Copy, PartialEq)]
enum Variant {
    /// The statement alone.
    Plain,
    /// The statement and its operation.
    Captured,
    /// The operation alone.
    CaptureAlone,
}

fn reading(tx: &Transaction<'_>, vehicle: &str, km: i64, variant: Variant) {
    let id = atelier_domain::OperationId::new().to_string();
    let stamp = if variant == Variant::Plain {
        NOW as i64
    } else {
        reading_operation(tx, &id, vehicle, km)
    };
    if variant == Variant::CaptureAlone {
        return;
    }
    tx.prepare_cached(
        "INSERT INTO mileage_readings (id, vehicle_id, km, read_on, source, meter_replaced, created_at)
         VALUES (?1, ?2, ?3, '2026-03-02', 'manual', 0, ?4)",
    )
    .unwrap()
    .execute((id, vehicle, km, stamp))
    .unwrap();
}

fn phone(tx: &Transaction<'_>, customer: &str, n: usize, variant: Variant) {
    let phone = phone_number(n);
    let stamp = if variant == Variant::Plain {
        NOW as i64
    } else {
        phone_operation(tx, customer, &phone)
    };
    if variant == Variant::CaptureAlone {
        return;
    }
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

    let mut bare = [[Duration::MAX; 3]; 2];
    for _ in 0..3 {
        for (v, variant) in [
            (0, Variant::Plain),
            (1, Variant::Captured),
            (2, Variant::CaptureAlone),
        ] {
            let t = timed(&mut db, |tx| {
                for n in 0..writes {
                    reading(tx, &vehicles[n % vehicles.len()], n as i64, variant);
                }
            });
            bare[0][v] = bare[0][v].min(t);
            let t = timed(&mut db, |tx| {
                for n in 0..writes {
                    phone(tx, &customers[n % customers.len()], n, variant);
                }
            });
            bare[1][v] = bare[1][v].min(t);
        }
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / writes as f64;
    println!("Bare statements, µs per write:");
    for (name, [plain, captured, alone]) in
        ["odometer reading inserted", "customer's phone changed"]
            .iter()
            .zip(bare)
    {
        println!(
            "  {name}: {:.2} without its operation, {:.2} with it: {:.2}× (target ≤ 2×); \
             its capture {:.2} as the difference, {:.2} alone",
            per(plain),
            per(captured),
            captured.as_secs_f64() / plain.as_secs_f64(),
            per(captured.saturating_sub(plain)),
            per(alone),
        );
    }

    // The application's writes: customers of the bench's own, so their form
    // is known, and readings above every bare one.
    let form = |n: usize| CustomerInput {
        kind: Some("individual".into()),
        civility: Some("Mme".into()),
        first_name: Some("Hélène".into()),
        last_name: Some(format!("Bench{n}")),
        phone: Some(phone_number(n)),
        email: Some(format!("bench{n}@example.fr")),
        address_line1: Some("12 rue des Lilas".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        ..CustomerInput::default()
    };
    let own: Vec<CustomerId> = db
        .write(|tx| {
            (0..200)
                .map(|n| customers::create(tx, NOW, &form(n)).map(|c| c.id))
                .collect()
        })
        .unwrap();
    // A car has a few readings, as in a workshop (the neighbouring-reading
    // checks read them): ten a round each.
    let cars: Vec<VehicleId> = db
        .write(|tx| {
            (0..writes.div_ceil(10))
                .map(|n| {
                    let car = VehicleInput {
                        customer_id: Some(own[n % own.len()].to_string()),
                        plate: Some(plate(n)),
                        make: Some("Renault".into()),
                        model: Some("Clio".into()),
                        ..VehicleInput::default()
                    };
                    vehicles::create_id(tx, NOW, &car)
                })
                .collect()
        })
        .unwrap();
    let mut app = [[Duration::MAX; 2]; 2];
    let mut next = 1_000_000;
    for _ in 0..3 {
        let t = timed(&mut db, |tx| {
            for n in 0..writes {
                let km = json!(next + n);
                let car = cars[n % cars.len()];
                vehicles::record_mileage(tx, NOW, car, &km, "", false, MileageSource::Manual)
                    .unwrap();
            }
        });
        app[0][0] = app[0][0].min(t);
        let t = timed(&mut db, |tx| {
            for n in 0..writes {
                let car = cars[n % cars.len()].to_string();
                let id = atelier_domain::OperationId::new().to_string();
                reading_operation(tx, &id, &car, (next + n) as i64);
            }
        });
        app[0][1] = app[0][1].min(t);
        let t = timed(&mut db, |tx| {
            for n in 0..writes {
                let mut input = form(n % own.len());
                input.phone = Some(phone_number(next + n));
                customers::update(tx, NOW, own[n % own.len()], &input).unwrap();
            }
        });
        app[1][0] = app[1][0].min(t);
        let t = timed(&mut db, |tx| {
            for n in 0..writes {
                let id = own[n % own.len()].to_string();
                phone_operation(tx, &id, &phone_number(next + n));
            }
        });
        app[1][1] = app[1][1].min(t);
        next += writes;
    }
    println!("The application's writes, µs per write:");
    for (name, [with, alone]) in ["vehicles::record_mileage", "customers::update (the phone)"]
        .iter()
        .zip(app)
    {
        let without = with.saturating_sub(alone);
        println!(
            "  {name}: {:.2} with its operation, of which capture {:.2}; without it {:.2}: {:.2}× (target ≤ 2×)",
            per(with),
            per(alone),
            per(without),
            with.as_secs_f64() / without.as_secs_f64(),
        );
    }
}

/// An SIV plate of its own for each `n` below 477,000.
fn plate(n: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRTVXYZ";
    let pair = n / 999;
    let letter = |i: usize| char::from(LETTERS[i % LETTERS.len()]);
    format!(
        "{}{}-{:03}-BC",
        letter(pair / LETTERS.len()),
        letter(pair),
        n % 999 + 1
    )
}

/// A French mobile number of its own for each `n`.
fn phone_number(n: usize) -> String {
    let d = format!("{:08}", n % 100_000_000);
    format!("06 {} {} {} {}", &d[0..2], &d[2..4], &d[4..6], &d[6..8])
}

/// The operation `vehicles::record_mileage` records for reading `id`; its
/// stamp.
fn reading_operation(tx: &Transaction<'_>, id: &str, vehicle: &str, km: i64) -> i64 {
    outbox::record(
        tx,
        NOW,
        "mileage_readings",
        id,
        OpKind::Insert,
        &json!({
            "vehicle_id": vehicle, "km": km, "read_on": "2026-03-02",
            "source": "manual", "meter_replaced": false,
        }),
        None,
    )
    .unwrap()
    .as_i64()
}

/// The operation `customers::update` records for a new phone; its stamp.
fn phone_operation(tx: &Transaction<'_>, customer: &str, phone: &str) -> i64 {
    let before = Map::from_iter([("phone".to_owned(), Value::from("06 00 00 00 00"))]);
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
}

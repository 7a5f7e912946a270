//! The front desk's everyday actions on a workshop-sized database: a demo
//! workshop with 100,000 demo customers and their ~150,000 vehicles, its
//! demo orders, invoices, stock and appointments, and 5,000 more orders of
//! its past months, invoiced and mostly paid (`atelier_demo::add_business`).
//! BENCHMARKS.md states the targets and the numbers measured.
//!
//! `cargo bench -p atelier-core --bench customers` builds the data set once
//! into `target/bench-data/` (a few minutes) and reuses it afterwards.
//! Criterion gives means; the targets are 95th percentiles, so the bench
//! also times 2,000 searches and page opens one by one and prints their
//! percentiles. A customer page is timed as the screen opens it
//! (`atelier_demo::screens::customer_screen`: the page with its open work,
//! the balance, the appointments and the messages, each a command), for
//! customers drawn at random and for customers who had orders or invoices.
//! Run by `cargo test --benches` (no `--bench` argument), every benchmark
//! runs once on 300 customers and 60 orders.
//!
//! `ATELIER_BENCH_CUSTOMERS`, `ATELIER_BENCH_ORDERS` and
//! `ATELIER_BENCH_IMPORT_ROWS` change the sizes.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::customers::{CustomerError, CustomerInput};
use atelier_core::import::{self, Mode};
use atelier_core::pages::search;
use atelier_core::{Db, Error, customers, exports, text, users, vehicles};
use atelier_demo::{self as demo, DemoOptions, Percentiles, QueryKind, Sample};
use atelier_domain::{CustomerId, Locale, Plate};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput};

#[path = "support/at_rest.rs"]
mod at_rest;
#[path = "support/workshop.rs"]
mod workshop;

use workshop::{NOW, bench_data, demo_dir};
/// The seed of the searched data set.
const SEED: u64 = 1;
/// The seed of the imported file, another workshop's customers.
const IMPORT_SEED: u64 = 2;
/// Hits per search: what the search box asks for.
const LIMIT: u32 = 8;

/// How big a run is.
struct Scale {
    customers: u32,
    /// Orders of the workshop's past months, on top of the demo's.
    orders: u32,
    import_rows: usize,
    timed: usize,
}

fn scale() -> Scale {
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    if std::env::args().any(|a| a == "--bench") {
        Scale {
            customers: env("ATELIER_BENCH_CUSTOMERS", 100_000) as u32,
            orders: env("ATELIER_BENCH_ORDERS", 5_000) as u32,
            import_rows: env("ATELIER_BENCH_IMPORT_ROWS", 10_000),
            timed: 2_000,
        }
    } else {
        Scale {
            customers: 300,
            orders: 60,
            import_rows: 50,
            timed: 60,
        }
    }
}

/// A customer file of `rows` lines in the import format: demo customers of
/// another seed, exported by `exports::customers_csv` and cut to size. Lines
/// the import would refuse are left out: the export writes foreign plates
/// without saying they are foreign, and the import reads them as French.
fn import_file(rows: usize) -> Vec<u8> {
    let path = bench_data().join(format!(
        "import-{rows}-seed{IMPORT_SEED}-gen{}.csv",
        demo::GENERATOR_VERSION
    ));
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    // About 1.6 lines a customer: one a vehicle, one for those without.
    let mut customers = (rows * 5 / 8 + 50) as u32;
    loop {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut db = Db::open_in_dir(dir.path()).expect("a new database");
        demo::generate(
            &mut db,
            &DemoOptions {
                customers,
                seed: IMPORT_SEED,
            },
            NOW,
        )
        .expect("demo data goes in");
        let file = exports::customers_csv(db.conn(), NOW, dir.path()).expect("an export");
        let all = std::fs::read(file).expect("the export reads back");
        // The file holds no quotes, so a line splits on its separators.
        let text = String::from_utf8(all).expect("the export is UTF-8");
        assert!(!text.contains('"'), "no quoted field");
        let mut lines = text.split_inclusive('\n');
        let header = lines.next().expect("a header row");
        let plate_at = header
            .split(';')
            .position(|c| c.trim() == "immatriculation")
            .expect("a plate column");
        let lines: Vec<&str> = std::iter::once(header)
            .chain(lines.filter(|line| {
                let plate = line.split(';').nth(plate_at).unwrap_or_default();
                plate.is_empty() || Plate::parse(plate).is_ok()
            }))
            .collect();
        if lines.len() > rows {
            let bytes = lines[..=rows].concat().into_bytes();
            std::fs::create_dir_all(bench_data()).expect("target/bench-data");
            std::fs::write(&path, &bytes).expect("the file is kept");
            return bytes;
        }
        customers *= 2;
    }
}

fn bench_search(c: &mut Criterion, db: &Db, sample: &Sample) {
    let conn = db.conn();
    let mut group = c.benchmark_group("search");
    let texts: Vec<&str> = sample.queries.iter().map(|q| q.text.as_str()).collect();
    let mut i = 0;
    group.bench_function("mix", |b| {
        b.iter(|| {
            i += 1;
            search::find(conn, texts[i % texts.len()], LIMIT, Locale::Fr).expect("search")
        });
    });
    for kind in QueryKind::ALL {
        let texts: Vec<&str> = sample
            .queries
            .iter()
            .filter(|q| q.kind == kind)
            .map(|q| q.text.as_str())
            .collect();
        let mut i = 0;
        group.bench_function(kind.as_str(), |b| {
            b.iter(|| {
                i += 1;
                search::find(conn, texts[i % texts.len()], LIMIT, Locale::Fr).expect("search")
            });
        });
    }
    group.finish();
}

/// Who opens the pages: the front desk, and the owner (who also sees the
/// record's history).
struct People {
    desk: Actor,
    owner: Actor,
}

fn people(db: &Db) -> People {
    let all = users::list(db.conn()).expect("users");
    let actor = |login: &str| {
        all.iter()
            .find(|u| u.login == login)
            .map(users::actor)
            .expect("a demo account")
    };
    People {
        desk: actor("accueil"),
        owner: actor("gerant"),
    }
}

/// The customer page as the front desk's screen opens it.
fn customer_screen(db: &Db, who: &Actor, id: CustomerId, history: bool) {
    demo::screens::customer_screen(db.conn(), who, id, &text::today(NOW), history)
        .expect("customer page");
}

fn bench_pages(c: &mut Criterion, db: &Db, sample: &Sample, busy: &[CustomerId]) {
    let conn = db.conn();
    let today = text::today(NOW);
    let who = people(db);
    let mut group = c.benchmark_group("page");
    let mut i = 0;
    group.bench_function("customer", |b| {
        b.iter(|| {
            i += 1;
            customer_screen(
                db,
                &who.desk,
                sample.customers[i % sample.customers.len()],
                false,
            );
        });
    });
    let mut i = 0;
    group.bench_function("customer_with_business", |b| {
        b.iter(|| {
            i += 1;
            customer_screen(db, &who.desk, busy[i % busy.len()], false);
        });
    });
    let mut i = 0;
    group.bench_function("vehicle", |b| {
        b.iter(|| {
            i += 1;
            let id = sample.vehicles[i % sample.vehicles.len()];
            vehicles::page(conn, id, &today, Locale::Fr).expect("vehicle page")
        });
    });
    group.finish();
}

/// Imports the file, committed, into a fresh empty database each time.
fn bench_import(c: &mut Criterion, rows: usize) {
    let bytes = import_file(rows);
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(1))
        .throughput(Throughput::Elements(rows as u64));
    group.bench_function(format!("customers_csv/{rows}_rows"), |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let db = Db::open_in_dir(dir.path()).expect("a new database");
                (dir, db)
            },
            |(dir, mut db)| {
                let report = db
                    .write(|tx| {
                        import::customers_csv(tx, NOW, Locale::Fr, &bytes, Mode::new(true, false))
                    })
                    .expect("the import runs");
                assert!(
                    report.committed && report.errors.is_empty(),
                    "an export imports back whole: {:?}",
                    &report.errors[..report.errors.len().min(3)]
                );
                (dir, db)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// Times each call of `f(0..n)`, after running them all once untimed.
fn timed(n: usize, mut f: impl FnMut(usize)) -> Percentiles {
    (0..n).for_each(&mut f);
    let mut t = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        f(i);
        t.push(started.elapsed());
    }
    Percentiles::of(t)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1_000.0)
}

fn row(what: &str, p: &Percentiles) {
    println!(
        "{what:<26} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.p99),
        ms(p.max)
    );
}

/// The percentiles the targets are stated in, timed call by call.
fn percentiles(db: &Db, sample: &Sample, busy: &[CustomerId], n: usize) {
    let conn = db.conn();
    println!(
        "\nPercentiles ({} searches, {LIMIT} hits at most; ms)",
        sample.queries.len()
    );
    println!(
        "{:<26} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "", "n", "mean", "p50", "p95", "p99", "max"
    );
    let search = |i: usize, kind: Option<QueryKind>| {
        let q = &sample.queries[i];
        if kind.is_none_or(|k| k == q.kind) {
            search::find(conn, &q.text, LIMIT, Locale::Fr).expect("search");
        }
    };
    for kind in QueryKind::ALL {
        let of_kind: Vec<usize> = (0..sample.queries.len())
            .filter(|&i| sample.queries[i].kind == kind)
            .collect();
        let p = timed(of_kind.len(), |i| search(of_kind[i], Some(kind)));
        row(&format!("search {}", kind.as_str()), &p);
    }
    let all = timed(sample.queries.len(), |i| search(i, None));
    row("search (all)", &all);
    let today = text::today(NOW);
    let people = &sample.customers[..n.min(sample.customers.len())];
    let cars = &sample.vehicles[..n.min(sample.vehicles.len())];
    let who = self::people(db);
    let customer = timed(people.len(), |i| {
        customer_screen(db, &who.desk, people[i], false);
    });
    row("customer page", &customer);
    let with_business = timed(busy.len(), |i| {
        customer_screen(db, &who.desk, busy[i], false);
    });
    row("  had business", &with_business);
    let owner = timed(people.len(), |i| {
        customer_screen(db, &who.owner, people[i], true);
    });
    row("  owner, + history", &owner);
    let only_page = timed(people.len(), |i| {
        atelier_core::pages::customer::page(conn, people[i]).expect("customer page");
    });
    row("  customer_page alone", &only_page);
    let vehicle = timed(cars.len(), |i| {
        vehicles::page(conn, cars[i], &today, Locale::Fr).expect("vehicle page");
    });
    row("vehicle page", &vehicle);
    let (guarded, confirmed) = creates(db, 200);
    row("create customer (guard)", &guarded);
    row("create customer (no guard)", &confirmed);
    for (what, p95, target) in [
        ("search p95", all.p95, 2),
        ("customer page p95", customer.p95, 5),
        ("customer page (had business) p95", with_business.p95, 5),
        ("vehicle page p95", vehicle.p95, 5),
    ] {
        let met = if p95 < Duration::from_millis(target) {
            "met"
        } else {
            "MISSED"
        };
        println!("{what}: {} ms, target < {target} ms: {met}", ms(p95));
    }
}

/// Times `customers::create` with the duplicate guard and without it
/// (`confirm_duplicate`), `n` of each, in a transaction that is rolled back.
fn creates(db: &Db, n: usize) -> (Percentiles, Percentiles) {
    let tx = db.conn().unchecked_transaction().expect("a transaction");
    let mut timings = [Vec::new(), Vec::new()];
    for i in 0..2 * n {
        let input = CustomerInput {
            first_name: Some("Benoît".into()),
            last_name: Some(format!("Essai {i}")),
            phone: Some(format!("01 99 00 {:02} {:02}", i / 100, i % 100)),
            email: Some(format!("essai.{i}@atelier.example")),
            confirm_duplicate: i % 2 == 1,
            ..CustomerInput::default()
        };
        let started = Instant::now();
        match customers::create(&tx, NOW, &input) {
            Ok(_) | Err(Error::Customer(CustomerError::Duplicate { .. })) => {}
            Err(e) => panic!("create: {e}"),
        }
        timings[i % 2].push(started.elapsed());
    }
    drop(tx);
    let [guarded, confirmed] = timings;
    (Percentiles::of(guarded), Percentiles::of(confirmed))
}

fn main() {
    let scale = scale();
    let mut c = Criterion::default().configure_from_args();
    // Encrypted when ATELIER_BENCH_ENCRYPTED=1 (its copy made once).
    let db = at_rest::open_cached(&demo_dir(scale.customers, scale.orders, SEED));
    let sample = demo::sample(db.conn(), scale.timed, SEED).expect("a sample");
    let busy = demo::customers_with_business(db.conn(), scale.timed, SEED).expect("a sample");
    bench_search(&mut c, &db, &sample);
    bench_pages(&mut c, &db, &sample, &busy);
    bench_import(&mut c, scale.import_rows);
    percentiles(&db, &sample, &busy, scale.timed);
    c.final_summary();
}

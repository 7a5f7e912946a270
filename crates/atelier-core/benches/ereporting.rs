//! The e-reporting of a busy site's month: 31 days of 200 documents each
//! (190 counter sales of four lines — labour and three parts — to private
//! customers, and 10 credit notes) and 300 payments, at one station.
//! BENCHMARKS.md states the target (< 200 ms) and the numbers.
//!
//! `cargo bench -p atelier-core --bench ereporting`. Times
//! `einvoice::reporting::figures::compute` over the month (what a monthly
//! period of the simplified regime freezes: every B2C document's frozen
//! content read and split per day, rate and category, and every payment's
//! share for services), then freezing that month committed
//! (`frozen::freeze`: the figures, the chained row, its sync operation) on
//! a fresh copy of the database each time, as a period is frozen once.
//! Run by `cargo test --benches`, it makes two days of 20 documents.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::customers::{self, CustomerInput};
use atelier_core::einvoice::reporting::{self, SettingsInput, figures, frozen};
use atelier_core::invoices::payments::{self, PaymentInput};
use atelier_core::invoices::{self, CreditNoteInput, DraftInput};
use atelier_core::orders::LineInput;
use atelier_core::{Db, users};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::{InvoiceId, Locale};
use criterion::{BatchSize, Criterion};

/// 2026-03-01T08:00:00Z, the first day of the month.
const START: u64 = 1_772_352_000_000;
const DAY: u64 = 86_400_000;
const FR: Locale = Locale::Fr;

/// A day of business at `now`, as the till's bench makes it.
fn a_day(db: &mut Db, desk: &Actor, customer: &str, now: u64, documents: usize) {
    let credited = documents / 20;
    let mut issued: Vec<InvoiceId> = Vec::new();
    for i in 0..documents - credited {
        let input = DraftInput {
            customer_id: Some(customer.to_owned()),
            lines: (0..4)
                .map(|l| LineInput {
                    kind: Some(if l == 0 { "labour" } else { "part" }.into()),
                    description: Some(format!("Ligne {l}")),
                    quantity: (l != 0).then(|| "1".into()),
                    hours: (l == 0).then(|| "0,5".into()),
                    unit_price: (l != 0).then(|| format!("{},50", 10 + l + i % 7)),
                    vat: (l == 3).then(|| "5,5".into()),
                    origin: (l != 0).then(|| "new_aftermarket".into()),
                    ..LineInput::default()
                })
                .collect(),
            notes: None,
        };
        let id = db
            .write(|tx| {
                let d = invoices::draft_counter_sale(tx, now, desk, &input, FR)?;
                invoices::issue(tx, now, desk, d.summary.id)
            })
            .expect("issued")
            .summary
            .id;
        let pay = |method: &str| PaymentInput {
            method: Some(method.into()),
            amount: Some("10".into()),
            paid_on: None,
            reference: None,
        };
        let paid = if i % 2 == 0 {
            vec![pay("card")]
        } else {
            vec![pay("card"), pay("cash")]
        };
        for p in paid {
            db.write(|tx| payments::record_payment(tx, now, desk, id, &p, FR))
                .expect("paid");
        }
        issued.push(id);
    }
    for id in issued.iter().take(credited) {
        let input = CreditNoteInput {
            invoice_id: Some(id.to_string()),
            reason: Some("Retour".into()),
            lines: Vec::new(),
        };
        db.write(|tx| invoices::credit_note(tx, now, desk, &input, FR))
            .expect("credited");
    }
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let (days, documents) = if quick { (2, 20) } else { (31, 200) };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = Db::open_in_dir(dir.path()).expect("a database");
    db.write(|tx| demo::set_up_workshop(tx, START, FR))
        .expect("the demo workshop");
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 30,
            seed: 5,
        },
        START,
    )
    .expect("demo data");
    let desk = users::list(db.conn())
        .expect("users")
        .iter()
        .find(|u| u.login == "accueil")
        .map(users::actor)
        .expect("the front desk");
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                START,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .expect("a private customer")
        .id
        .to_string();
    db.write(|tx| {
        reporting::save_settings(
            tx,
            START,
            &SettingsInput {
                regime: Some("simplified".into()),
                ..SettingsInput::default()
            },
        )
    })
    .expect("monthly periods");
    let t = Instant::now();
    for d in 0..days {
        a_day(&mut db, &desk, &customer, START + d * DAY, documents);
    }
    println!(
        "{days} days of {documents} documents and {} payments made in {:?}",
        documents * 3 / 2,
        t.elapsed()
    );
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpointed");

    let (from, to) = ("2026-03-01", "2026-03-31");
    let month = figures::compute(db.conn(), from, to, false).expect("the month");
    let expected = i64::try_from(days as usize * (documents - 2 * (documents / 20))).unwrap_or(0);
    assert!(
        month.transactions >= expected,
        "invoices less credit notes (and the demo's own private invoices)"
    );
    let n = if quick { 1 } else { 30 };
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        figures::compute(db.conn(), from, to, false).expect("the month");
        times.push(t.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "the month's e-reporting figures ({} rows, {} payment rows): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        month.sales.len(),
        month.payments.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );

    let source = dir.path().join(atelier_core::DB_FILE_NAME);
    let fresh = || {
        let copy = tempfile::tempdir().expect("a temporary directory");
        std::fs::copy(&source, copy.path().join(atelier_core::DB_FILE_NAME)).expect("a copy");
        let db = Db::open_in_dir(copy.path()).expect("the copy opens");
        (copy, db)
    };
    let freeze = |(copy, mut db): (tempfile::TempDir, Db)| {
        let p = db
            .write(|tx| frozen::freeze(tx, START + 32 * DAY, from))
            .expect("frozen");
        assert_eq!(p.figures.transactions, month.transactions);
        (copy, db)
    };
    let mut times = Vec::new();
    for _ in 0..if quick { 1 } else { 10 } {
        let copy = fresh();
        let t = Instant::now();
        let done = freeze(copy);
        times.push(t.elapsed());
        drop(done);
    }
    times.sort();
    println!(
        "freeze the month, committed: p50 {:.2} ms, max {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("ereporting/month_figures", |b| {
        b.iter(|| figures::compute(db.conn(), from, to, false).expect("the month"))
    });
    c.bench_function("ereporting/freeze_month", |b| {
        b.iter_batched(fresh, freeze, BatchSize::PerIteration)
    });
    c.final_summary();
}

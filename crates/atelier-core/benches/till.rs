//! The till: the daily closure of a busy day (200 documents — 190 invoices
//! and 10 credit notes — and 300 payments), committed with its journal entry
//! and its sync operation, on a station with 30 days of such business
//! behind it. BENCHMARKS.md states the target (< 50 ms) and the numbers.
//!
//! `cargo bench -p atelier-core --bench till`. Closing is append-only, so
//! each run closes the day on a fresh copy of the same database file; the
//! copy, its opening and what a launch does before closing (the start's
//! journal entry) are not timed. Run by `cargo test --benches`, it
//! closes once a day of 20 documents.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::invoices::payments::{self, PaymentInput};
use atelier_core::invoices::{self, CreditNoteInput, DraftInput};
use atelier_core::journal;
use atelier_core::orders::LineInput;
use atelier_core::till::closures;
use atelier_core::{Db, users};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::{InvoiceId, Locale};
use criterion::{BatchSize, Criterion};

/// 2026-03-02T08:00:00Z, the first of the days of business.
const START: u64 = 1_772_438_400_000;
const DAY: u64 = 86_400_000;
const FR: Locale = Locale::Fr;

/// A day of business at `now`: `documents` counter sales of 4 lines, one in
/// twenty credited, each invoice paid by card and half of them with a cash
/// payment too (300 payments for 200 documents).
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
                    origin: (l != 0).then(|| "new_aftermarket".into()),
                    ..LineInput::default()
                })
                .collect(),
            notes: None,
        };
        let id = db
            .write(|tx| invoices::draft_counter_sale(tx, now, desk, &input, FR))
            .expect("a draft")
            .summary
            .id;
        db.write(|tx| invoices::issue(tx, now, desk, id))
            .expect("issued");
        let pay = |method: &str, amount: &str| PaymentInput {
            method: Some(method.into()),
            amount: Some(amount.into()),
            paid_on: None,
            reference: None,
        };
        let paid = if i % 2 == 0 {
            vec![pay("card", "10")]
        } else {
            vec![pay("card", "10"), pay("cash", "10")]
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
    // `cargo test --benches` runs each benchmark once, on little data.
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
    let customer: String = db
        .conn()
        .query_row("SELECT id FROM customers LIMIT 1", [], |r| r.get(0))
        .expect("a customer");
    let t = Instant::now();
    for d in 0..days {
        let now = START + d * DAY;
        a_day(&mut db, &desk, &customer, now, documents);
        if d + 1 < days {
            // Every day but the last closed, as the station would have.
            closures::close(&mut db, now + DAY, None).expect("closed");
        }
    }
    let busy = START + (days - 1) * DAY;
    println!(
        "{days} days of {documents} documents and {} payments made in {:?}",
        documents * 3 / 2,
        t.elapsed()
    );
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpointed");
    let source = dir.path().join(atelier_core::DB_FILE_NAME);
    let day = atelier_core::text::today(busy);
    let t = Instant::now();
    let n = if quick { 1 } else { 30 };
    for _ in 0..n {
        closures::totals(db.conn(), &day, &day).expect("the day's totals");
    }
    println!(
        "the busy day's totals, read alone: {:.2} ms",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
    );
    let fresh = || {
        let copy = tempfile::tempdir().expect("a temporary directory");
        std::fs::copy(&source, copy.path().join(atelier_core::DB_FILE_NAME)).expect("a copy");
        let db = Db::open_in_dir(copy.path()).expect("the copy opens");
        // As on a station's long-open connection: the schema read, the
        // day's rows in the page cache (what the shell's screens did), the
        // write-ahead log under way (the start's journal entry, which a
        // launch writes before it closes the day that ended).
        closures::totals(db.conn(), &day, &day).expect("the day's totals");
        let mut db = db;
        db.write(|tx| journal::record(tx, busy + DAY, journal::Code::Start, "bench"))
            .expect("the start journalled");
        (copy, db)
    };
    // The copy is handed back, so closing its connection (a checkpoint)
    // and removing it are not timed either.
    let close = |(copy, mut db): (tempfile::TempDir, Db)| {
        let made = closures::close(&mut db, busy + DAY, None).expect("closed");
        assert_eq!(made.len(), 1, "the busy day alone");
        assert_eq!(
            made[0].totals.invoices + made[0].totals.credit_notes,
            documents as u32
        );
        (copy, db)
    };
    let mut times = Vec::new();
    for _ in 0..if quick { 1 } else { 30 } {
        let copy = fresh();
        let t = Instant::now();
        let done = close(copy);
        times.push(t.elapsed());
        drop(done);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "close a day of {documents} documents: p50 {:.2} ms, max {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    let mut c = Criterion::default().configure_from_args();
    c.bench_function("till/close_busy_day", |b| {
        b.iter_batched(fresh, close, BatchSize::PerIteration)
    });
    c.final_summary();
}

//! The monthly archive of a busy month (issue 20: < 3 s): one station's June
//! with 200 documents and 300 payments on each of its 25 open days (Monday to Saturday) (the
//! issue's busy day, every day), each document with a real 20-line invoice
//! PDF, the days' closures and the month's, and a technical-event journal;
//! plus the months around it, which the archive must leave out. BENCHMARKS.md
//! states the numbers measured.
//!
//! `cargo bench -p atelier-core --bench archives`. The documents are
//! written straight to the tables (issuing 5,000 one by one takes half a
//! minute and is measured by the invoices benchmark), chained like issued
//! ones, all with the same real PDF. `archives::make` is timed once (a
//! period is archived once; a second make is refused), file written,
//! fsync'ed, renamed and recorded; then `archives::verify` of it, which
//! criterion repeats. Run by `cargo test --benches`, the month has 2 days.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::Instant;

use atelier_core::Db;
use atelier_core::access::Actor;
use atelier_core::archives::{self, Period, SigningKey};
use atelier_core::customers::{self, CustomerInput};
use atelier_core::invoices::chain::GENESIS;
use atelier_core::invoices::{self, DraftInput, Sealed};
use atelier_core::orders::LineInput;
use atelier_demo as demo;
use atelier_domain::{ClosureId, InvoiceId, Locale, Money};
use criterion::Criterion;
use sha2::{Digest, Sha256};

/// 2025-05-01T08:00:00Z.
const MAY_1: u64 = 1_746_086_400_000;
const DAY: u64 = 86_400_000;
/// 2025-07-02T10:00:00Z: June is over.
const JULY_2: u64 = 1_751_450_400_000;
const FR: Locale = Locale::Fr;
const STATION: &str = "BENCH";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A station with `days` busy days in June, 2 in May and 2 in July.
fn fill(days: u64) -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = Db::open_in_dir(dir.path()).expect("a database");
    db.write(|tx| demo::set_up_workshop(tx, MAY_1, FR))
        .expect("the demo workshop");
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                MAY_1,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .expect("a customer")
        .id
        .to_string();
    // The model: a real 20-line counter sale, its content and its PDF.
    let input = DraftInput {
        customer_id: Some(customer.clone()),
        lines: (0..20)
            .map(|i| LineInput {
                kind: Some("part".into()),
                description: Some(format!("Pièce de démonstration n° {i}")),
                quantity: Some(format!("{}", 1 + i % 3)),
                unit_price: Some(format!("{},90", 5 + i * 3)),
                origin: Some("new_aftermarket".into()),
                ..LineInput::default()
            })
            .collect(),
        notes: None,
    };
    let actor = Actor::system();
    let model = db
        .write(|tx| invoices::draft_counter_sale(tx, MAY_1, &actor, &input, FR))
        .expect("a draft")
        .summary
        .id;
    db.write(|tx| invoices::issue(tx, MAY_1, &actor, model))
        .expect("issued");
    let pdf = db
        .write(|tx| invoices::store_pdf(tx, MAY_1, model))
        .expect("its PDF");
    let (content, net, tax, gross): (String, i64, i64, i64) = db
        .conn()
        .query_row(
            "SELECT content, net_cents, tax_cents, gross_cents FROM invoices WHERE id = ?1",
            [model.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("the model invoice");
    println!("each document's PDF: {} bytes", pdf.len());
    let pdf_sha = hex(&Sha256::digest(&pdf));
    // Open days: 2 of May, `days` of June (Monday to Saturday), 2 of July.
    let june_1 = MAY_1 + 31 * DAY;
    let mut open: Vec<u64> = vec![MAY_1 + 28 * DAY, MAY_1 + 29 * DAY];
    let mut d = june_1;
    let july_1 = june_1 + 30 * DAY;
    while open.len() < 2 + days as usize && d < july_1 {
        // 2025-06-01 is a Sunday.
        if !((d - june_1) / DAY).is_multiple_of(7) {
            open.push(d);
        }
        d += DAY;
    }
    open.extend([JULY_2 - DAY, JULY_2]);
    let series = format!("F-{STATION}-2025");
    db.write(|tx| {
        let mut prev = GENESIS.to_owned();
        let mut seq = 0_i64;
        let mut row = tx.prepare(
            "INSERT INTO invoices (id, kind, status, customer_id, lines, series, seq, number,
                    issued_on, due_on, net_cents, tax_cents, gross_cents, deposit_cents, content,
                    prev_hash, hash, created_at, updated_at)
                 VALUES (?1, 'invoice', 'issued', ?2, '[]', ?3, ?4, ?5, ?6, ?6,
                    ?7, ?8, ?9, 0, ?10, ?11, ?12, 0, 0)",
        )?;
        let mut file = tx.prepare(
            "INSERT INTO invoice_pdfs (invoice_id, pdf, pdf_sha256, created_at)
             VALUES (?1, ?2, ?3, 0)",
        )?;
        let mut pay = tx.prepare(
            "INSERT INTO payments (id, invoice_id, customer_id, method, amount_cents,
                    change_cents, paid_on, station, user_name, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, 'Léa', ?8)",
        )?;
        let mut journal = tx.prepare(
            "INSERT INTO journal (seq, at_ms, station, code, text, prev_hash, hash)
             VALUES (?1, ?2, ?3, 'sign_in', 'Connexion de Léa', ?4, ?5)",
        )?;
        let mut closure = tx.prepare(
            "INSERT INTO closures (id, device_id, station, kind, period_start, period_end, seq, site_id,
                    closed_at, user_name, totals, period_total_cents, perpetual_total_cents,
                    perpetual_abs_cents, prev_hash, hash, created_at)
             VALUES (?1, 'bench-device', ?2, ?3, ?4, ?5, ?6, 'site', 0, 'Léa', '{}', 0, 0, 0, ?7, ?8, 0)",
        )?;
        let (mut journal_seq, mut journal_prev) = (0_i64, GENESIS.to_owned());
        let (mut closure_seq, mut closure_prev) = (0_i64, GENESIS.to_owned());
        for &day_ms in &open {
            let day = atelier_core::text::today(day_ms);
            let mut ids = Vec::new();
            for _ in 0..200 {
                seq += 1;
                let number = format!("{series}-{seq:06}");
                let sealed = Sealed {
                    kind: "invoice".into(),
                    series: series.clone(),
                    seq,
                    number: number.clone(),
                    issued_on: day.clone(),
                    order_id: None,
                    customer_id: customer.clone(),
                    credited_invoice_id: None,
                    net: Money::from_cents(net),
                    tax: Money::from_cents(tax),
                    gross: Money::from_cents(gross),
                    deposit: Money::ZERO,
                    content: content.clone(),
                    pdf_sha256: None,
                    prev_hash: prev.clone(),
                };
                let hash = sealed.hash();
                let id = InvoiceId::new().to_string();
                row.execute(rusqlite::params![
                    id, customer, series, seq, number, day, net, tax, gross, content, prev, hash,
                ])?;
                file.execute((&id, &pdf, &pdf_sha))?;
                ids.push(id);
                prev = hash;
            }
            for p in 0..300 {
                let method = ["card", "cash", "cheque", "transfer"][p % 4];
                pay.execute(rusqlite::params![
                    InvoiceId::new().to_string(),
                    ids[p % ids.len()],
                    customer,
                    method,
                    gross / 2,
                    day,
                    STATION,
                    i64::try_from(day_ms).unwrap_or(0),
                ])?;
            }
            for e in 0..20 {
                journal_seq += 1;
                let hash = hex(&Sha256::digest(format!("{journal_prev}{journal_seq}")));
                journal.execute(rusqlite::params![
                    journal_seq,
                    i64::try_from(day_ms + e * 60_000).unwrap_or(0),
                    STATION,
                    journal_prev,
                    hash
                ])?;
                journal_prev = hash;
            }
            closure_seq += 1;
            let hash = hex(&Sha256::digest(format!("{closure_prev}{closure_seq}")));
            closure.execute(rusqlite::params![
                ClosureId::new().to_string(),
                STATION,
                "day",
                day,
                day,
                closure_seq,
                closure_prev,
                hash
            ])?;
            closure_prev = hash;
        }
        closure_seq += 1;
        let hash = hex(&Sha256::digest(format!("{closure_prev}{closure_seq}")));
        closure.execute(rusqlite::params![
            ClosureId::new().to_string(),
            STATION,
            "month",
            "2025-06-01",
            "2025-06-30",
            closure_seq,
            closure_prev,
            hash
        ])?;
        tx.execute(
            "INSERT INTO invoice_counters (series, last) VALUES (?1, ?2)",
            (&series, seq),
        )?;
        Ok(())
    })
    .expect("filled");
    (dir, db)
}

fn main() {
    // `cargo test --benches` runs each benchmark once, on little data.
    let quick = !std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().configure_from_args();
    let started = Instant::now();
    let (dir, mut db) = fill(if quick { 2 } else { 25 });
    println!("filled in {:?}", started.elapsed());
    let key = SigningKey::from_bytes(&[7; 32]);
    let june = Period::month(STATION, "2025-06").expect("June");
    let out = dir.path().join("archives");
    let t = Instant::now();
    let made = archives::make(&mut db, &june, &key, &out, JULY_2).expect("June archived");
    let took = t.elapsed();
    println!(
        "archives::make, June: {took:?} — {} invoices, {} PDFs, {} payments, {} closures, {} journal entries; {:.1} MB",
        made.counts.invoices,
        made.counts.pdfs,
        made.counts.payments,
        made.counts.closures,
        made.counts.journal,
        made.bytes as f64 / 1_048_576.0
    );
    let t = Instant::now();
    let report = archives::verify(&made.path, Some(db.conn())).expect("read back");
    assert!(report.is_intact(), "{:?}", report.findings.first());
    println!("archives::verify of it: {:?}", t.elapsed());
    let mut group = c.benchmark_group("archives");
    group.sample_size(10);
    group.bench_function("verify_busy_month", |b| {
        b.iter(|| archives::verify(&made.path, Some(db.conn())).expect("read back"))
    });
    group.finish();
    c.final_summary();
}

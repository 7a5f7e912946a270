//! What the GDPR rights cost on a demo workshop's database on disk
//! (BENCHMARKS.md, GDPR, states the numbers measured):
//!
//! 1. the export of the customers with the most records, as the JSON
//!    document and as the summary PDF;
//! 2. anonymising each of them as « Anonymiser » does (the erasure, its
//!    operation, then the WAL emptied), whose one pass over the outbox grows
//!    with the station's history;
//! 3. the first anonymisation on a database from before V19, which also
//!    merges the search index and vacuums the file;
//! 4. what overwriting deleted data costs the writes that delete or
//!    replace (a customer's phone changed: its row, index entries and
//!    search document rewritten): `secure_delete` alone (as shipped), with
//!    the index's `secure-delete` too, neither, on one connection,
//!    alternating three times, best of three.
//!
//! `cargo bench -p atelier-core --bench privacy`; `ATELIER_BENCH_CUSTOMERS`
//! sets the size (default 20,000).

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

/// The allocator of the desktop app and the command line.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use atelier_core::customers::{self, CustomerInput};
use atelier_core::{Db, privacy};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::{CustomerId, Locale};

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;
/// Customers exported and anonymised.
const SAMPLE: usize = 50;
/// Phones changed per variant and round of part 4.
const EDITS: usize = 5_000;

fn main() {
    let customers: u32 = std::env::var("ATELIER_BENCH_CUSTOMERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            20_000
        } else {
            200
        });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let mut db = Db::open(&path).unwrap();
    db.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    let made = demo::generate(
        &mut db,
        &DemoOptions {
            customers,
            seed: 31,
        },
        NOW,
    )
    .unwrap();
    db.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let outbox: i64 = db
        .conn()
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    println!(
        "{} customers, {} vehicles, {} orders, {} invoices, {outbox} operations in the outbox; {:.0} MB",
        made.customers,
        made.vehicles,
        made.orders,
        made.invoices,
        megabytes(&path)
    );

    let busiest = busiest(&db);
    let mut json = Vec::new();
    let mut pdf = Vec::new();
    let mut sizes = (0, 0);
    for &id in &busiest {
        let start = Instant::now();
        let doc = privacy::export::document(db.conn(), id, NOW, Locale::Fr).unwrap();
        json.push(start.elapsed());
        let start = Instant::now();
        let bytes = privacy::summary::pdf(db.conn(), &doc, Locale::Fr).unwrap();
        pdf.push(start.elapsed());
        sizes.0 = sizes.0.max(serde_json::to_vec(&doc).unwrap().len());
        sizes.1 = sizes.1.max(bytes.len());
    }
    report("export, JSON document", &mut json);
    report("export, summary PDF", &mut pdf);
    println!(
        "  largest: JSON {} KB, PDF {} KB",
        sizes.0 / 1024,
        sizes.1 / 1024
    );

    let mut erase = Vec::new();
    for (i, &id) in busiest.iter().enumerate() {
        let start = Instant::now();
        privacy::anonymise_now(&mut db, NOW + i as u64, id).unwrap();
        erase.push(start.elapsed());
    }
    report(
        "anonymise_now (erasure, operation, WAL emptied)",
        &mut erase,
    );

    let start = Instant::now();
    db.conn()
        .execute_batch("INSERT INTO search_index (search_index) VALUES ('optimize')")
        .unwrap();
    println!(
        "the search index merged into one segment ('optimize'): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    db.conn()
        .execute(
            "DELETE FROM local_settings WHERE key = 'privacy.free_space_clean'",
            [],
        )
        .unwrap();
    let before = megabytes(&path);
    let start = Instant::now();
    let scrubbed = privacy::scrub(&mut db).unwrap();
    println!(
        "first scrub of a database from before V19 (index merged, file vacuumed: {}): {:.2} s, {before:.0} MB → {:.0} MB",
        scrubbed.vacuumed,
        start.elapsed().as_secs_f64(),
        megabytes(&path)
    );

    let forms = forms(&db, EDITS);
    // The file's only (as shipped), the file's and the index's, neither.
    let variants = [(true, false), (true, true), (false, false)];
    let mut best = [Duration::MAX; 3];
    for round in 0..3 {
        for (variant, &(file, index)) in variants.iter().enumerate() {
            overwrite(&db, file, index);
            let took = Instant::now();
            db.write(|tx| {
                for (n, (id, form)) in forms.iter().enumerate() {
                    let mut form = form.clone();
                    let k = (round * variants.len() + variant) * EDITS + n;
                    form.phone = Some(format!("06{k:08}"));
                    form.confirm_duplicate = true;
                    customers::update(tx, NOW, *id, &form)?;
                }
                Ok(())
            })
            .unwrap();
            best[variant] = best[variant].min(took.elapsed());
        }
    }
    overwrite(&db, true, false);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / EDITS as f64;
    println!(
        "a phone changed (customers::update, {EDITS} in one transaction), per change: \
         {:.1} µs overwriting in the file (as shipped), {:.1} µs in the file and the index \
         (FTS5 secure-delete), {:.1} µs neither: {:.2}× and {:.2}× the last",
        per(best[0]),
        per(best[1]),
        per(best[2]),
        best[0].as_secs_f64() / best[2].as_secs_f64(),
        best[1].as_secs_f64() / best[2].as_secs_f64()
    );
}

/// The customers with the most orders, invoices and appointments.
fn busiest(db: &Db) -> Vec<CustomerId> {
    let mut stmt = db
        .conn()
        .prepare(
            "SELECT c.id FROM customers c
              WHERE c.merged_into IS NULL AND c.deleted_at IS NULL
              ORDER BY (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id)
                     + (SELECT COUNT(*) FROM invoices i WHERE i.customer_id = c.id)
                     + (SELECT COUNT(*) FROM appointments a WHERE a.customer_id = c.id) DESC,
                       c.id
              LIMIT ?1",
        )
        .unwrap();
    stmt.query_map([SAMPLE as i64], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|id| id.unwrap().parse().unwrap())
        .collect()
}

/// `n` individual customers not anonymised, as their forms.
fn forms(db: &Db, n: usize) -> Vec<(CustomerId, CustomerInput)> {
    let page = customers::list(
        db.conn(),
        &customers::ListQuery {
            limit: 200,
            ..Default::default()
        },
    )
    .unwrap();
    page.items
        .into_iter()
        .filter(|c| !c.anonymised)
        .cycle()
        .take(n)
        .map(|c| {
            let form = CustomerInput {
                kind: Some(c.kind.as_str().into()),
                civility: c.civility.map(|c| c.as_str().into()),
                first_name: c.first_name,
                last_name: c.last_name,
                company_name: c.company_name,
                registration: c.siret.or(c.siren),
                vat_number: c.vat_number,
                email: c.email,
                address_line1: c.address_line1,
                postal_code: c.postal_code,
                city: c.city,
                marketing_consent: c.marketing_consent,
                ..CustomerInput::default()
            };
            (c.id, form)
        })
        .collect()
}

/// Turns overwriting deleted data on or off, in the file and in the index.
fn overwrite(db: &Db, file: bool, index: bool) {
    db.conn()
        .pragma_update(None, "secure_delete", if file { "ON" } else { "OFF" })
        .unwrap();
    db.conn()
        .execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', ?1)",
            [i64::from(index)],
        )
        .unwrap();
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} customers)",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        times.len()
    );
}

fn megabytes(path: &std::path::Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

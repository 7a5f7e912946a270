//! Importing a supplier's 50-line e-invoice (target < 50 ms): read and
//! checked from its CII XML, its supplier found, refused if already there,
//! stored as received (header, 50 lines, the file, 52 operations), committed;
//! then the same with its match to the open purchase order, which is what
//! « Importer » answers the window. WAL checkpoints run in a thread of their
//! own, as the shell runs them. BENCHMARKS.md states the numbers.
//!
//! `cargo bench -p atelier-core --bench einvoice`. Run by `cargo test
//! --benches`, everything runs a few times.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::Db;
use atelier_core::einvoice::inbound;
use atelier_core::stock::{self, PartInput, PurchaseLineInput, SupplierInput};
use atelier_demo::Percentiles;
use atelier_domain::Locale;
use criterion::{BatchSize, Criterion};

/// 2026-03-03T09:00:00Z.
const NOW: u64 = 1_772_528_400_000;
const FR: Locale = Locale::Fr;
const LINES: usize = 50;
const SAMPLE: &str = include_str!("../tests/fixtures/einvoice/supplier-cii.xml");

/// The sample with `LINES` lines of its own (reference AD-Pn, n + 1 units at
/// n + 1,25 €, 20 % VAT), numbered `number`, its totals made to agree.
fn invoice(number: usize) -> Vec<u8> {
    let open = "<ram:IncludedSupplyChainTradeLineItem>";
    let close = "</ram:IncludedSupplyChainTradeLineItem>";
    let first = SAMPLE.find(open).expect("a line");
    let last = SAMPLE.rfind(close).expect("a line") + close.len();
    let mut lines = String::new();
    let mut net = 0_i64;
    for n in 0..LINES {
        let qty = (n % 5 + 1) as i64;
        let price = (n as i64 + 1) * 100 + 25;
        net += qty * price;
        lines.push_str(&format!(
            "{open}<ram:AssociatedDocumentLineDocument><ram:LineID>{}</ram:LineID></ram:AssociatedDocumentLineDocument>\
             <ram:SpecifiedTradeProduct><ram:SellerAssignedID>AD-P{n}</ram:SellerAssignedID><ram:Name>Pièce {n}</ram:Name></ram:SpecifiedTradeProduct>\
             <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>\
             <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"C62\">{qty}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>\
             <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20.00</ram:RateApplicablePercent></ram:ApplicableTradeTax>\
             <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>{close}\n",
            n + 1,
            euros(price),
            euros(qty * price),
        ));
    }
    let vat = (net * 20 + 50) / 100;
    (SAMPLE[..first].replace("FA-2026-00417", &format!("FA-2026-{number:05}"))
        + &lines
        + &SAMPLE[last..]
            .replace(">83.50<", &format!(">{}<", euros(net)))
            .replace(">16.70<", &format!(">{}<", euros(vat)))
            .replace(">100.20<", &format!(">{}<", euros(net + vat))))
        .into_bytes()
}

fn euros(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The supplier, its 50 parts under its references, and purchase order
/// BC-2026-0001 for all of them, sent.
fn workshop(db: &mut Db) {
    let supplier = db
        .write(|tx| {
            stock::create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("PAR Lyon".into()),
                    vat_number: Some("FR64443061841".into()),
                    ..SupplierInput::default()
                },
            )
        })
        .expect("a supplier")
        .id;
    let lines = db
        .write(|tx| {
            (0..LINES)
                .map(|n| {
                    let input = PartInput {
                        reference: Some(format!("P-{n}")),
                        description: Some(format!("Pièce {n}")),
                        cost_price: Some("1,00".into()),
                        ..PartInput::default()
                    };
                    let part = stock::create_part(tx, NOW, None, &input, FR)?.id;
                    let reference = format!("AD-P{n}");
                    stock::link_supplier(
                        tx,
                        NOW,
                        part,
                        supplier,
                        Some(&reference),
                        "1,00",
                        true,
                        FR,
                    )?;
                    Ok(PurchaseLineInput {
                        part_id: part,
                        quantity: Some("5".into()),
                        unit_cost: Some("1,00".into()),
                    })
                })
                .collect::<atelier_core::Result<Vec<_>>>()
        })
        .expect("parts");
    let order = db
        .write(|tx| stock::create_purchase(tx, NOW, supplier, None, &lines, FR))
        .expect("an order");
    assert_eq!(order.number, "BC-2026-0001");
    db.write(|tx| stock::send_purchase(tx, NOW, order.id))
        .expect("sent");
}

fn report(what: &str, p: &Percentiles, target_ms: u64) {
    let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1_000.0);
    let verdict = if p.p95 < Duration::from_millis(target_ms) {
        "met"
    } else {
        "MISSED"
    };
    println!(
        "{what:<34} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}  target < {target_ms} ms: {verdict}",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.p99),
        ms(p.max)
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n = if full { 500 } else { 5 };
    let mut c = Criterion::default().configure_from_args();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = Db::open_in_dir(dir.path()).expect("a database");
    // As the shell runs it: no WAL checkpoint inside commits, a thread doing
    // them every 100 ms.
    let checkpointer = db
        .background_checkpoints()
        .expect("a checkpointer")
        .expect("a file database");
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            checkpointer.run().expect("a checkpoint");
        }
    });
    workshop(&mut db);
    let sample = invoice(0);
    assert_eq!(
        inbound::read(&sample).expect("a valid invoice").lines.len(),
        LINES
    );

    c.bench_function("einvoice/read_50_lines", |b| {
        b.iter(|| inbound::read(&sample).expect("read"));
    });
    let mut next = 1;
    c.bench_function("einvoice/import_50_lines", |b| {
        b.iter_batched(
            || {
                next += 1;
                invoice(next)
            },
            |bytes| {
                db.write(|tx| inbound::import(tx, NOW, &bytes, None, None))
                    .expect("imported")
            },
            BatchSize::SmallInput,
        );
    });
    c.bench_function("einvoice/import_and_match_50_lines", |b| {
        b.iter_batched(
            || {
                next += 1;
                invoice(next)
            },
            |bytes| {
                db.write(|tx| {
                    let page = inbound::import(tx, NOW, &bytes, None, None)?;
                    inbound::matching(tx, page.invoice.id)
                })
                .expect("matched")
            },
            BatchSize::SmallInput,
        );
    });

    println!("\nPercentiles (ms), {next} invoices stored before");
    println!(
        "{:<34} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "", "n", "mean", "p50", "p95", "p99", "max"
    );
    let files: Vec<Vec<u8>> = (0..n).map(|i| invoice(next + 1 + i)).collect();
    let mut timings = Vec::with_capacity(n);
    for bytes in &files {
        let started = Instant::now();
        let m = db
            .write(|tx| {
                let page = inbound::import(tx, NOW, bytes, None, None)?;
                inbound::matching(tx, page.invoice.id)
            })
            .expect("matched");
        timings.push(started.elapsed());
        assert!(m.purchase_order.is_some(), "matched to BC-2026-0001");
    }
    report("import + match, 50 lines", &Percentiles::of(timings), 50);
    c.final_summary();
}

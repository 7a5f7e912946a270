//! Invoices: the front desk invoicing a done 20-line repair order as the
//! screens do it, laying an invoice's PDF out, and verifying 100,000 chained
//! invoices. BENCHMARKS.md states the targets and the numbers measured.
//!
//! `cargo bench -p atelier-core --bench invoices`. The front desk's path,
//! each step a command as the shell runs it (`atelier_demo::screens`),
//! committed: on the done order's page « Facturer » (`draft_invoice_from_order`,
//! then the invoice page opens: `invoice_page`), then « Émettre »
//! (`issue_invoice`: `invoices::issue` in one transaction, the order marked
//! invoiced, then `invoices::store_pdf` in a second: the Factur-X PDF laid
//! out, made PDF/A-3 with its CII, stored). Each timed invoice is a fresh
//! done order of 20 lines (10 labour, 10 parts), made untimed. A counter
//! sale of 20 lines issued alone is timed too, for comparison with earlier
//! runs. The database is written as the desktop shell writes it: no WAL
//! checkpoint inside commits, a [`Db::background_checkpoints`] thread doing
//! them (here every 100 ms). The PDF is timed on an invoice laid out again
//! from its frozen content. The verify benchmark fills a database with
//! 100,000 chained invoices written straight to the table (issuing them one
//! by one would take minutes), with real content but a small stand-in PDF,
//! and prints what hashing real-size PDFs adds. Run by `cargo test
//! --benches`, each benchmark runs once on 1,000 invoices.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::invoices::chain::GENESIS;
use atelier_core::invoices::{self, DraftInput, Sealed};
use atelier_core::orders::{self, Approval, LineInput, OrderInput, steps};
use atelier_core::text::today;
use atelier_core::{Db, users};
use atelier_demo::{self as demo, DemoOptions, Percentiles, screens};
use atelier_domain::{InvoiceId, Locale, Money, OrderId};
use criterion::{BatchSize, Criterion};
use sha2::{Digest, Sha256};

#[path = "support/at_rest.rs"]
mod at_rest;

/// 2025-06-02T10:00:00Z.
const NOW: u64 = 1_748_858_400_000;
const FR: Locale = Locale::Fr;

struct Shop {
    _dir: tempfile::TempDir,
    db: Db,
    desk: Actor,
    mechanic: Actor,
    customer: String,
    vehicle: String,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = at_rest::open_in_dir(dir.path());
    db.write(|tx| demo::set_up_workshop(tx, NOW, FR))
        .expect("the demo workshop");
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 30,
            seed: 5,
        },
        NOW,
    )
    .expect("demo data");
    let people = users::list(db.conn()).expect("users");
    let actor = |login: &str| {
        people
            .iter()
            .find(|u| u.login == login)
            .map(users::actor)
            .expect("a demo account")
    };
    let (desk, mechanic) = (actor("accueil"), actor("meca"));
    let (customer, vehicle): (String, String) = db
        .conn()
        .query_row(
            "SELECT customer_id, id FROM vehicles WHERE customer_id IS NOT NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a customer's car");
    // As the desktop shell: checkpoints off the commits, on their own thread.
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
    Shop {
        _dir: dir,
        db,
        desk,
        mechanic,
        customer,
        vehicle,
    }
}

/// Line `i` of a 20-line order: labour and parts in turn.
fn order_line(i: usize) -> LineInput {
    if i.is_multiple_of(2) {
        LineInput {
            kind: Some("labour".into()),
            description: Some(format!("Main-d’œuvre : opération {i}")),
            hours: Some(format!("{},{}", 1 + i % 3, (i * 7) % 10)),
            ..LineInput::default()
        }
    } else {
        LineInput {
            kind: Some("part".into()),
            description: Some(format!("Pièce {i} (la paire)")),
            part_id: Some(format!("REF-{i:04}")),
            quantity: Some(format!("{}", 1 + i % 4)),
            unit_price: Some(format!("{},90", 10 + i * 13)),
            origin: Some("new_aftermarket".into()),
            vat: Some(if i.is_multiple_of(7) { "5,5" } else { "20" }.into()),
            ..LineInput::default()
        }
    }
}

impl Shop {
    /// A counter-sale draft of 20 lines.
    fn draft(&mut self) -> InvoiceId {
        let input = DraftInput {
            customer_id: Some(self.customer.clone()),
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
        let desk = self.desk.clone();
        self.db
            .write(|tx| invoices::draft_counter_sale(tx, NOW, &desk, &input, FR))
            .expect("a draft")
            .summary
            .id
    }

    /// A repair order of 20 lines, signed, worked on and done: what the
    /// front desk invoices.
    fn done_order(&mut self) -> OrderId {
        let (desk, mechanic) = (self.desk.clone(), self.mechanic.clone());
        let header = OrderInput {
            customer_id: Some(self.customer.clone()),
            vehicle_id: Some(self.vehicle.clone()),
            complaint: Some("Révision et freins".into()),
            mechanic_ids: mechanic.user.iter().map(ToString::to_string).collect(),
            ..OrderInput::default()
        };
        self.db
            .write(|tx| {
                let id = orders::header::create_id(tx, NOW, &desk, &header, FR)?;
                let lines: Vec<LineInput> = (0..20).map(order_line).collect();
                orders::add_lines(tx, NOW, id, &lines, FR)?;
                let approval = Approval {
                    signer_name: "Client".into(),
                    signature_png: b"\x89PNG\r\n\x1a\n".to_vec(),
                    recycled_parts_accepted: Some(true),
                    accepted_on: String::new(),
                };
                orders::accept_estimate(tx, NOW, &desk, id, &approval)?;
                orders::start_clock(tx, NOW, &mechanic, id)?;
                for step in steps::of_order(tx, id)? {
                    steps::tick_step(tx, NOW, &mechanic, step.id)?;
                }
                orders::mark_done(tx, NOW, &mechanic, id, None)?;
                Ok(id)
            })
            .expect("a done order")
    }

    /// « Facturer » on the done order's page: `draft_invoice_from_order`,
    /// then the invoice page (`invoice_page`) the screen goes to.
    fn draft_of(&mut self, order: OrderId) -> InvoiceId {
        let desk = self.desk.clone();
        let id = screens::write(&mut self.db, &desk, NOW, |tx, now| {
            invoices::draft_from_order(tx, now, &desk, order)
        })
        .expect("draft_invoice_from_order")
        .summary
        .id;
        screens::read(self.db.conn(), &desk, |c| invoices::get(c, id, &today(NOW)))
            .expect("invoice_page");
        id
    }

    /// « Émettre »: `issue_invoice`, the issue committed, then its PDF
    /// stored in a second transaction, as the shell's command does.
    /// Returns the time of the first transaction alone.
    fn emit(&mut self, id: InvoiceId) -> Duration {
        let desk = self.desk.clone();
        let started = Instant::now();
        screens::write(&mut self.db, &desk, NOW, |tx, now| {
            invoices::issue(tx, now, &desk, id)
        })
        .expect("issued");
        let issued = started.elapsed();
        screens::write(&mut self.db, &desk, NOW, |tx, now| {
            invoices::store_pdf(tx, now, id)
        })
        .expect("its PDF stored");
        issued
    }

    /// Issues `id`: number, frozen content, chain, committed.
    fn issue(&mut self, id: InvoiceId) {
        let desk = self.desk.clone();
        self.db
            .write(|tx| invoices::issue(tx, NOW, &desk, id))
            .expect("issued");
    }

    /// What the shell does: issues `id`, then stores its PDF in a second
    /// transaction.
    fn issue_and_store(&mut self, id: InvoiceId) {
        self.issue(id);
        self.db
            .write(|tx| invoices::store_pdf(tx, NOW, id))
            .expect("its PDF stored");
    }
}

/// Prints the mean, p50, p95 and max of `times`, in ms.
fn report(what: &str, times: Vec<Duration>) {
    let p = Percentiles::of(times);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what}: n {}, mean {:.2} ms, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.max),
    );
}

fn bench_issue(c: &mut Criterion, quick: bool) {
    let mut s = shop();
    let n = if quick { 3 } else { 200 };
    // The front desk's path, on a fresh done order each time; one untimed
    // first round, as the other timings here warm up.
    let mut path = Vec::new();
    let (mut facturer, mut emettre, mut issue) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..=n {
        let order = s.done_order();
        let t = Instant::now();
        let id = s.draft_of(order);
        let drafted = t.elapsed();
        let t2 = Instant::now();
        let issued = s.emit(id);
        let emitted = t2.elapsed();
        if round > 0 {
            path.push(t.elapsed());
            facturer.push(drafted);
            emettre.push(emitted);
            issue.push(issued);
        }
    }
    report(
        "a done 20-line order invoiced: « Facturer », then « Émettre »",
        path,
    );
    report("  « Facturer » (draft, invoice page)", facturer);
    report("  « Émettre » (issue, then store the PDF)", emettre);
    report("  its first transaction (issue)", issue);
    let mut times = Vec::new();
    for _ in 0..n {
        let id = s.draft();
        let t = Instant::now();
        s.issue(id);
        times.push(t.elapsed());
    }
    report("a 20-line counter sale issued (issue alone)", times);
    {
        let shared = std::cell::RefCell::new(&mut s);
        c.bench_function("invoices/order_facturer_emettre_20_lines", |b| {
            b.iter_batched(
                || shared.borrow_mut().done_order(),
                |order| {
                    let mut s = shared.borrow_mut();
                    let id = s.draft_of(order);
                    s.emit(id)
                },
                BatchSize::PerIteration,
            )
        });
        c.bench_function("invoices/order_emettre_20_lines", |b| {
            b.iter_batched(
                || {
                    let mut s = shared.borrow_mut();
                    let order = s.done_order();
                    s.draft_of(order)
                },
                |id| shared.borrow_mut().emit(id),
                BatchSize::PerIteration,
            )
        });
        c.bench_function("invoices/counter_sale_issue_20_lines", |b| {
            b.iter_batched(
                || shared.borrow_mut().draft(),
                |id| shared.borrow_mut().issue(id),
                BatchSize::PerIteration,
            )
        });
    }
    let id = s.draft();
    s.issue_and_store(id);
    let pdf = invoices::pdf_of(s.db.conn(), id).expect("its PDF");
    println!("the 20-line invoice PDF: {} bytes", pdf.len());
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        invoices::rerender(s.db.conn(), id).expect("laid out");
        times.push(t.elapsed());
    }
    report("lay out a 20-line invoice", times);
    c.bench_function("invoices/pdf_20_lines", |b| {
        b.iter(|| invoices::rerender(s.db.conn(), id).expect("laid out"))
    });
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(Sha256::digest(&pdf));
    }
    println!(
        "hashing that PDF once: {:?} (what verify adds per invoice with real PDFs)",
        t.elapsed() / n
    );
}

/// `count` chained invoices written straight to the tables.
fn fill(count: i64) -> (tempfile::TempDir, Db) {
    let mut s = shop();
    let id = s.draft();
    s.issue_and_store(id);
    let (content, customer): (String, String) =
        s.db.conn()
            .query_row(
                "SELECT content, customer_id FROM invoices WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the model invoice");
    let totals: (i64, i64, i64) =
        s.db.conn()
            .query_row(
                "SELECT net_cents, tax_cents, gross_cents FROM invoices WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("its totals");
    let pdf = b"%PDF-1.7 stand-in".to_vec();
    let pdf_sha = hex(&Sha256::digest(&pdf));
    let series = "F-BENCH-2025";
    s.db.write(|tx| {
        let mut prev = GENESIS.to_owned();
        let mut row = tx.prepare(
            "INSERT INTO invoices (id, kind, status, customer_id, lines, series, seq, number,
                    issued_on, due_on, net_cents, tax_cents, gross_cents, deposit_cents, content,
                    prev_hash, hash, created_at, updated_at)
                 VALUES (?1, 'invoice', 'issued', ?2, '[]', ?3, ?4, ?5, '2025-06-02', '2025-06-02',
                    ?6, ?7, ?8, 0, ?9, ?10, ?11, 0, 0)",
        )?;
        let mut file = tx.prepare(
            "INSERT INTO invoice_pdfs (invoice_id, pdf, pdf_sha256, created_at)
             VALUES (?1, ?2, ?3, 0)",
        )?;
        // The audit entry storing a PDF writes, which verify reads back.
        let mut trail = tx.prepare(
            "INSERT INTO audit_log (at_ms, hlc, device_id, entity, row_id, kind, changes)
             VALUES (0, 0, 'bench', 'invoice_pdfs', ?1, 'insert', ?2)",
        )?;
        let trail_changes = serde_json::json!({ "pdf_sha256": [null, pdf_sha] }).to_string();
        for seq in 1..=count {
            let number = format!("{series}-{seq:06}");
            let sealed = Sealed {
                kind: "invoice".into(),
                series: series.into(),
                seq,
                number: number.clone(),
                issued_on: "2025-06-02".into(),
                order_id: None,
                customer_id: customer.clone(),
                credited_invoice_id: None,
                net: Money::from_cents(totals.0),
                tax: Money::from_cents(totals.1),
                gross: Money::from_cents(totals.2),
                deposit: Money::ZERO,
                content: content.clone(),
                pdf_sha256: None,
                prev_hash: prev.clone(),
            };
            let hash = sealed.hash();
            let id = InvoiceId::new().to_string();
            row.execute(rusqlite::params![
                id, customer, series, seq, number, totals.0, totals.1, totals.2, content, prev,
                hash,
            ])?;
            file.execute((&id, &pdf, &pdf_sha))?;
            trail.execute((&id, &trail_changes))?;
            prev = hash;
        }
        tx.execute(
            "INSERT INTO invoice_counters (series, last) VALUES (?1, ?2)",
            (series, count),
        )?;
        Ok(())
    })
    .expect("filled");
    (s._dir, s.db)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn bench_verify(c: &mut Criterion, quick: bool) {
    let count = if quick { 1_000 } else { 100_000 };
    let started = Instant::now();
    let (_dir, db) = fill(count);
    println!("filled {count} chained invoices in {:?}", started.elapsed());
    let t = Instant::now();
    let report = invoices::verify(db.conn()).expect("verified");
    assert!(report.is_clean(), "{:?}", report.findings.first());
    assert!(report.documents > count, "the filled ones and the model");
    println!("verify {count} invoices: {:?}", t.elapsed());
    let mut group = c.benchmark_group("invoices");
    group.sample_size(10);
    group.bench_function(format!("verify_{count}"), |b| {
        b.iter(|| invoices::verify(db.conn()).expect("verified"))
    });
    group.finish();
}

fn main() {
    // `cargo test --benches` runs each benchmark once, on little data.
    let quick = !std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().configure_from_args();
    bench_issue(&mut c, quick);
    bench_verify(&mut c, quick);
    c.final_summary();
}

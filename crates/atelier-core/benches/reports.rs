//! Reports over ten years of a three-site business (each under 200 ms), the
//! dashboard (under 50 ms) and the FEC of the ten years (under 5 s).
//! BENCHMARKS.md states the numbers measured.
//!
//! `cargo bench -p atelier-core --bench reports` builds the history in a
//! temporary directory by bulk inserts (going through `invoices::issue` for
//! 90,000 documents would take hours): demo customers and parts, then for
//! every working day at each site its repair orders, each with its issued
//! invoice, the invoice's figures rows (what issuing derives), a payment
//! unless recent, two clock events, a done event and two parts used; a credit
//! note every fiftieth invoice. What each invoice still awaits
//! (`invoice_balances`) is kept by the database's own triggers as the rows go
//! in, as it is for every writer. Then it times each report call by call. Run by
//! `cargo test --benches`, everything runs once on one year.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::invoices::reports::unpaid_at;
use atelier_core::reports::{self, Grain, Preset, ReportQuery, Scope};
use atelier_core::{Db, fec, stock};
use atelier_demo::{self as demo, DemoOptions, Percentiles};
use criterion::Criterion;
use rusqlite::params;

/// 2026-03-10T08:00:00Z.
const NOW: u64 = 1_773_129_600_000;
const TODAY: &str = "2026-03-10";
const DAY: i64 = 86_400_000;
/// Repair orders per site and working day.
const PER_DAY: i64 = 12;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn day_of(ms: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp(ms / 1000).expect("a date");
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Writes `years` of history for three sites; returns how many invoices.
fn history(db: &mut Db, years: i64) -> usize {
    demo::generate(
        db,
        &DemoOptions {
            customers: 2_000,
            seed: 7,
        },
        NOW,
    )
    .expect("demo customers");
    demo::add_parts(db, NOW, 7, 2_000).expect("demo parts");
    db.conn()
        .pragma_update(None, "foreign_keys", "OFF")
        .expect("bulk load");
    db.write(|tx| {
        let mut sites = vec![stock::current_site(tx)?.to_string()];
        for name in ["Lyon Sud", "Villeurbanne"] {
            sites.push(stock::create_site(tx, NOW, name)?.id.to_string());
        }
        let people: Vec<(String, String)> = tx
            .prepare("SELECT customer_id, id FROM vehicles LIMIT 3000")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let parts: Vec<String> = tx
            .prepare("SELECT id FROM parts LIMIT 2000")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mechanics: Vec<String> = (0..9).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut order = tx.prepare(
            "INSERT INTO orders (id, estimate_number, order_number, status, customer_id, vehicle_id,
                 mechanic_ids, site_id, created_at, updated_at)
             VALUES (?1, ?2, ?2, 'invoiced', ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        let mut invoice = tx.prepare(
            "INSERT INTO invoices (id, kind, status, order_id, credited_invoice_id, customer_id,
                 vehicle_id, series, seq, number, issued_on, due_on, net_cents, tax_cents,
                 gross_cents, deposit_cents, content, hash, site_id, created_at, updated_at)
             VALUES (?1, ?2, 'issued', ?3, ?4, ?5, ?6, ?7, ?8, ?7 || '-' || ?8, ?9, ?9, ?10, ?11,
                 ?12, 0, '{}', 'h', ?13, ?14, ?14)",
        )?;
        let mut figures = tx.prepare(
            "INSERT INTO invoice_figures (invoice_id, site_id, issued_on, sign, order_id, vehicle_id,
                 net_cents, tax_cents, gross_cents, labour_cents, parts_cents, other_cents,
                 parts_costed_cents, parts_cost_cents, billed_hours_milli)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?11, ?13, ?14)",
        )?;
        let mut vat = tx.prepare(
            "INSERT INTO invoice_vat_figures (invoice_id, vat_bp, issued_on, site_id, net_cents, tax_cents)
             VALUES (?1, 2000, ?2, ?3, ?4, ?5)",
        )?;
        let mut payment = tx.prepare(
            "INSERT INTO payments (id, invoice_id, customer_id, method, amount_cents, paid_on,
                 station, user_name, created_at)
             VALUES (?1, ?2, ?3, 'card', ?4, ?5, 'S1A', 'Léa', ?6)",
        )?;
        let mut clock = tx.prepare(
            "INSERT INTO clock_events (id, order_id, user_id, user_name, kind, at_ms, created_at)
             VALUES (?1, ?2, ?3, 'Mécanicien', ?4, ?5, ?5)",
        )?;
        let mut done = tx.prepare(
            "INSERT INTO order_events (id, order_id, from_status, to_status, at_ms, user_name, created_at)
             VALUES (?1, ?2, 'in_progress', 'done', ?3, 'Mécanicien', ?3)",
        )?;
        let mut used = tx.prepare(
            "INSERT INTO stock_movements (id, part_id, site_id, kind, quantity_milli, at_ms, created_at)
             VALUES (?1, ?2, ?3, 'use', ?4, ?5, ?5)",
        )?;
        let start = NOW as i64 - years * 365 * DAY;
        let mut count = 0_usize;
        let mut seq = 0_i64;
        let new_id = || uuid::Uuid::now_v7().to_string();
        for d in 0..years * 365 {
            let at = start + d * DAY;
            if (d + 3) % 7 >= 5 {
                continue; // the weekend
            }
            let day = day_of(at);
            for (s, site) in sites.iter().enumerate() {
                for _ in 0..PER_DAY {
                    let (customer, vehicle) = &people[rng.below(people.len() as u64) as usize];
                    let o = new_id();
                    let m = &mechanics[s * 3 + rng.below(3) as usize];
                    seq += 1;
                    order.execute(params![
                        o,
                        format!("OR-{seq}"),
                        customer,
                        vehicle,
                        format!("[\"{m}\"]"),
                        site,
                        at
                    ])?;
                    let labour = 3_000 + rng.below(40_000) as i64;
                    let parts_net = rng.below(60_000) as i64;
                    let other = rng.below(1_500) as i64;
                    let net = labour + parts_net + other;
                    let tax = net / 5;
                    let inv = new_id();
                    invoice.execute(params![
                        inv,
                        "invoice",
                        o,
                        None::<String>,
                        customer,
                        vehicle,
                        format!("F-S{s}A"),
                        seq,
                        day,
                        net,
                        tax,
                        net + tax,
                        site,
                        at
                    ])?;
                    figures.execute(params![
                        inv,
                        site,
                        day,
                        1,
                        o,
                        vehicle,
                        net,
                        tax,
                        net + tax,
                        labour,
                        parts_net,
                        other,
                        parts_net * 6 / 10,
                        labour * 1000 / 6_500
                    ])?;
                    vat.execute(params![inv, day, site, net, tax])?;
                    if at < NOW as i64 - 40 * DAY || rng.below(3) == 0 {
                        payment.execute(params![new_id(), inv, customer, net + tax, day, at])?;
                    }
                    let begin = at + 3_600_000 * rng.below(8) as i64;
                    clock.execute(params![new_id(), o, m, "start", begin])?;
                    clock.execute(params![
                        new_id(),
                        o,
                        m,
                        "stop",
                        begin + 60_000 * (20 + rng.below(300) as i64)
                    ])?;
                    done.execute(params![new_id(), o, begin + 6 * 3_600_000])?;
                    for _ in 0..2 {
                        let part = &parts[rng.below(parts.len() as u64) as usize];
                        used.execute(params![
                            new_id(),
                            part,
                            site,
                            -1000 * (1 + rng.below(4) as i64),
                            begin
                        ])?;
                    }
                    count += 1;
                    if seq % 50 == 0 {
                        let cn = new_id();
                        let back = net / 10;
                        invoice.execute(params![
                            cn,
                            "credit_note",
                            None::<String>,
                            inv,
                            customer,
                            vehicle,
                            format!("A-S{s}A"),
                            seq,
                            day,
                            back,
                            back / 5,
                            back + back / 5,
                            site,
                            at
                        ])?;
                        figures.execute(params![
                            cn,
                            site,
                            day,
                            -1,
                            o,
                            vehicle,
                            -back,
                            -back / 5,
                            -back - back / 5,
                            0,
                            0,
                            -back,
                            0,
                            0
                        ])?;
                        vat.execute(params![cn, day, site, -back, -back / 5])?;
                        count += 1;
                    }
                }
            }
        }
        Ok(count)
    })
    .expect("ten years of history")
}

fn timed(n: usize, mut f: impl FnMut(usize)) -> Percentiles {
    for i in 0..n.min(3) {
        f(i);
    }
    let mut timings: Vec<Duration> = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i);
        timings.push(t.elapsed());
    }
    Percentiles::of(timings)
}

fn report(name: &str, p: &Percentiles, target_ms: Option<u64>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let verdict = target_ms.map_or(String::new(), |t| {
        let met = p.p95 <= Duration::from_millis(t);
        format!("  target < {t} ms: {}", if met { "met" } else { "NOT met" })
    });
    println!(
        "{name:<44} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2}{verdict}",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.max)
    );
}

fn scope(preset: Preset, from: &str, grain: Option<Grain>, site: Option<String>) -> Scope {
    Scope::of(
        &ReportQuery {
            preset: Some(preset),
            from: Some(from.into()),
            to: Some(TODAY.into()),
            grain,
            site_id: site,
        },
        TODAY,
    )
    .expect("a scope")
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (years, n) = if full { (10, 30) } else { (1, 2) };
    let mut c = Criterion::default().configure_from_args();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = Db::open_in_dir(dir.path()).expect("a database");
    let started = Instant::now();
    let invoices = history(&mut db, years);
    eprintln!(
        "{years} years, 3 sites: {invoices} invoices and credit notes built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db.conn().execute_batch("ANALYZE").expect("statistics");
    let conn = db.conn();
    let owner = Actor::system();
    let south: String = conn
        .query_row("SELECT id FROM sites WHERE name = 'Lyon Sud'", [], |r| {
            r.get(0)
        })
        .expect("a site");
    let from = if full { "2016-03-11" } else { "2025-03-11" };
    let all = scope(Preset::Custom, from, None, None);
    let month = scope(Preset::LastMonth, from, None, None);
    let one_site = scope(Preset::Custom, from, None, Some(south.clone()));
    let by_day = scope(Preset::Custom, from, Some(Grain::Day), None);

    c.bench_function("reports/revenue_all_years_by_month", |b| {
        b.iter(|| reports::revenue(conn, &all).expect("revenue"));
    });
    c.bench_function("reports/dashboard_owner", |b| {
        b.iter(|| {
            atelier_core::pages::dashboard::dashboard(conn, &owner, TODAY).expect("dashboard")
        });
    });

    println!("\nPercentiles (ms), {years} years, 3 sites, {invoices} documents");
    println!(
        "{:<44} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "", "n", "mean", "p50", "p95", "max"
    );
    let cases: [(&str, &dyn Fn()); 10] = [
        ("revenue, all years by month, all sites", &|| {
            reports::revenue(conn, &all).map(drop).expect("revenue");
        }),
        ("revenue, all years by day, all sites", &|| {
            reports::revenue(conn, &by_day).map(drop).expect("revenue");
        }),
        ("revenue, all years, one site", &|| {
            reports::revenue(conn, &one_site)
                .map(drop)
                .expect("revenue");
        }),
        ("revenue, last month by day", &|| {
            reports::revenue(conn, &month).map(drop).expect("revenue");
        }),
        ("productivity, all years", &|| {
            reports::productivity(conn, &all, NOW)
                .map(drop)
                .expect("productivity");
        }),
        ("productivity, last month", &|| {
            reports::productivity(conn, &month, NOW)
                .map(drop)
                .expect("productivity");
        }),
        ("parts, all years", &|| {
            reports::parts(conn, &all).map(drop).expect("parts");
        }),
        ("VAT per rate, all years", &|| {
            reports::vat(conn, &all).map(drop).expect("vat");
        }),
        ("receivables by age, all sites", &|| {
            unpaid_at(conn, None, None, TODAY)
                .map(drop)
                .expect("ageing");
        }),
        ("dashboard, owner (all panels)", &|| {
            atelier_core::pages::dashboard::dashboard(conn, &owner, TODAY)
                .map(drop)
                .expect("dashboard");
        }),
    ];
    for (name, f) in cases {
        let target = if name.starts_with("dashboard") {
            50
        } else {
            200
        };
        report(name, &timed(n, |_| f()), Some(target));
    }

    // The FEC of every year of the history: the sales journal and the bank
    // journal of its payments, written to a file (the workshop's SIRET names it).
    conn.execute(
        "INSERT INTO workshop (singleton, name, siret, created_at, updated_at)
         VALUES (1, 'Garage du Centre', '73282932000074', 0, 0)",
        [],
    )
    .expect("the workshop");
    let out = tempfile::tempdir().expect("a folder for the FEC");
    let years_period = fec::period(from, TODAY).expect("a period");
    let mut written = None;
    let p = timed(n.min(5), |_| {
        written = Some(
            fec::export(conn, &years_period, fec::Separator::Pipe, out.path()).expect("the FEC"),
        );
    });
    report("FEC, all years, all sites", &p, Some(5_000));
    if let Some(w) = written {
        let bytes = std::fs::metadata(&w.path).map_or(0, |m| m.len());
        println!(
            "  FEC: {} entries, {} lines, {:.1} MB",
            w.entries,
            w.lines,
            bytes as f64 / 1e6
        );
    }
    c.final_summary();
}

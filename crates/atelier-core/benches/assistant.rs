//! The assistant on a workshop-sized database: a question understood and
//! answered as the window's `ask` command does it — the workshop's lexicon
//! read, the words understood, the answer read from the screens' queries —
//! for a fixed set of typical questions, asked by the owner (every right,
//! so every answer). Target: p95 under 20 ms (BENCHMARKS.md, Assistant).
//!
//! `cargo bench -p atelier-core --bench assistant` uses the customers
//! bench's data set (a demo workshop of 100,000 customers and 5,000 more
//! orders, built once into `target/bench-data/`), then asks each question
//! once untimed, then 30 rounds timed call by call, and criterion's mean of
//! the whole set. Run by `cargo test --benches`, it asks each question once
//! on 300 customers and 60 orders.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::assistant::{self, Answer, AnswerKind, Asker, Lexicon};
use atelier_core::{Connection, text, users};
use atelier_demo::Percentiles;
use atelier_domain::Locale;
use criterion::Criterion;
use time::macros::date;

/// mimalloc, as the window's program (see the workspace manifest).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/at_rest.rs"]
mod at_rest;
#[path = "support/workshop.rs"]
mod workshop;

use workshop::{NOW, demo_dir};

/// The data set's today, as the window sends it, and the time it shows.
const TODAY: time::Date = date!(2025 - 06 - 02);
const CLOCK: &str = "10:00";
/// The target: p95 under 20 ms.
const TARGET: Duration = Duration::from_millis(20);

/// A value of the data set a question names.
fn one(conn: &Connection, sql: &str) -> String {
    conn.query_row(sql, [], |r| r.get(0))
        .expect("the data set has one")
}

/// The questions: what a front desk, a mechanic and an owner ask in a day,
/// each kind of answer at least once, the records named taken from the data.
fn questions(conn: &Connection) -> Vec<(Locale, String)> {
    let at_work = one(
        conn,
        "SELECT v.plate FROM orders o JOIN vehicles v ON v.id = o.vehicle_id
          WHERE o.status = 'in_progress' AND v.plate LIKE '__-___-__' ORDER BY o.rowid LIMIT 1",
    );
    let plate = one(
        conn,
        "SELECT plate FROM vehicles WHERE plate LIKE '__-___-__' AND deleted_at IS NULL
          ORDER BY rowid LIMIT 1 OFFSET 150",
    );
    let name = one(
        conn,
        "SELECT first_name || ' ' || last_name FROM customers WHERE kind = 'individual'
          AND deleted_at IS NULL ORDER BY rowid LIMIT 1 OFFSET 70",
    );
    let invoice = one(
        conn,
        "SELECT number FROM invoices WHERE number LIKE 'F-%' ORDER BY number DESC LIMIT 1",
    );
    let fr = |q: String| (Locale::Fr, q);
    vec![
        fr(format!("où en est la voiture {at_work} ?")),
        fr("quels ordres sont en attente de pièces ?".into()),
        fr("voitures prêtes à facturer".into()),
        fr("rendez-vous de demain".into()),
        fr("prochain créneau libre de 2 heures".into()),
        fr(format!("historique de la voiture {plate}")),
        fr("historique de Martin".into()),
        fr(format!("téléphone de {name}")),
        fr(format!("kilométrage de la {plate}")),
        fr("qui a une vidange en retard ?".into()),
        fr(format!("quand doit revenir la {plate} ?")),
        fr("factures impayées de plus de 30 jours".into()),
        fr(format!("retrouve la facture {invoice}")),
        fr("devis en attente de réponse".into()),
        fr("combien de filtres à huile en stock ?".into()),
        fr("quelles pièces sont à commander ?".into()),
        fr("combien on a encaissé aujourd'hui ?".into()),
        fr("chiffre d'affaires du mois dernier".into()),
        fr("qui est absent demain ?".into()),
        fr("résumé de la journée".into()),
        fr(format!(
            "prends un rendez-vous demain à 10h pour la {plate}, vidange"
        )),
        (Locale::En, format!("where is the car {at_work} at?")),
    ]
}

/// One question as the window's command answers it.
fn ask(conn: &Connection, owner: &Actor, locale: Locale, question: &str) -> Answer {
    let lexicon = Lexicon::of_workshop(conn).expect("the lexicon");
    let understood = assistant::understand(question, &lexicon, TODAY);
    let asker = Asker {
        actor: owner.clone(),
        locale,
        today: text::today(NOW),
        now_ms: NOW,
        time: Some(CLOCK.to_owned()),
    };
    assistant::answer(conn, &asker, &understood).expect("an answer")
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1_000.0)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (customers, orders, rounds) = if full {
        (100_000, 5_000, 30)
    } else {
        (300, 60, 1)
    };
    let db = at_rest::open_cached(&demo_dir(customers, orders, 1));
    let conn = db.conn();
    let owner = users::list(conn)
        .expect("users")
        .iter()
        .find(|u| u.login == "gerant")
        .map(users::actor)
        .expect("the demo's owner");
    let questions = questions(conn);
    // Every question understood as meant, untimed: a warm cache, and a
    // check that the bench measures answers rather than refusals.
    for (locale, q) in &questions {
        let a = ask(conn, &owner, *locale, q);
        assert!(
            matches!(
                a.kind,
                AnswerKind::Answered | AnswerKind::Ambiguous | AnswerKind::Prepared
            ),
            "{q}: {a:#?}"
        );
    }
    let mut all = Vec::new();
    let mut each: Vec<Vec<Duration>> = vec![Vec::new(); questions.len()];
    for _ in 0..rounds {
        for (i, (locale, q)) in questions.iter().enumerate() {
            let started = Instant::now();
            let a = ask(conn, &owner, *locale, q);
            let took = started.elapsed();
            std::hint::black_box(a);
            all.push(took);
            each[i].push(took);
        }
    }
    println!(
        "{:<62} {:>5} {:>8} {:>8} {:>8}",
        "ms", "n", "p50", "p95", "max"
    );
    let mut over = Vec::new();
    for ((_, q), t) in questions.iter().zip(each) {
        let p = Percentiles::of(t);
        println!(
            "{q:<62} {:>5} {:>8} {:>8} {:>8}",
            p.count,
            ms(p.p50),
            ms(p.p95),
            ms(p.max)
        );
        if p.p95 >= TARGET {
            over.push(q.as_str());
        }
    }
    let p = Percentiles::of(all);
    let verdict = if p.p95 < TARGET { "met" } else { "MISSED" };
    println!(
        "{:<62} {:>5} {:>8} {:>8} {:>8}  mean {} ms, target p95 < 20 ms: {verdict} ({})",
        "all questions",
        p.count,
        ms(p.p50),
        ms(p.p95),
        ms(p.max),
        ms(p.mean),
        at_rest::label()
    );
    // The set's p95 hides a question that is slow every time when it is
    // under one call in twenty: each is named.
    println!(
        "questions whose own p95 misses the target: {}",
        if over.is_empty() {
            "none".to_owned()
        } else {
            over.join(" | ")
        }
    );
    if full {
        let mut c = Criterion::default().configure_from_args();
        let mut i = 0;
        c.bench_function("assistant/mix", |b| {
            b.iter(|| {
                i += 1;
                let (locale, q) = &questions[i % questions.len()];
                ask(conn, &owner, *locale, q)
            })
        });
        c.final_summary();
    }
}

//! The planning's two hot reads: the week view of a 6-bay workshop with 400
//! appointments (target < 10 ms) and the next free slot once that week is
//! full (target < 5 ms). BENCHMARKS.md states the numbers measured.
//!
//! `cargo bench -p atelier-core --bench planning` makes 400 customers and
//! their cars with the demo generator in memory, 6 bays and 2 mechanics,
//! books 400 appointments of 40 minutes from Monday to Friday (every bay
//! full but one on its day off), then times. Criterion gives means; the
//! targets are checked on 95th percentiles timed call by call.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::Db;
use atelier_core::planning::{self, BoardBy};
use atelier_demo::{self as demo, DemoOptions, Percentiles};
use criterion::Criterion;

/// 2026-03-16T07:00:00Z, a Monday.
const NOW: u64 = 1_773_644_400_000;
const MONDAY: &str = "2026-03-16";

fn timed(n: usize, mut f: impl FnMut()) -> Percentiles {
    (0..n.min(20)).for_each(|_| f());
    let mut t = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        f();
        t.push(started.elapsed());
    }
    Percentiles::of(t)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1_000.0)
}

fn report(what: &str, p: &Percentiles, target_ms: u64) {
    let verdict = if p.p95 < Duration::from_millis(target_ms) {
        format!("target < {target_ms} ms: met")
    } else {
        format!("target < {target_ms} ms: MISSED")
    };
    println!(
        "{what:<30} {:>5} {:>8} {:>8} {:>8} {:>8}  {verdict}",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.max)
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let mut db = Db::open_in_memory().expect("a database");
    let opts = DemoOptions {
        customers: 400,
        seed: 9,
    };
    demo::generate(&mut db, &opts, NOW).expect("demo customers");
    let made = demo::add_planning(&mut db, NOW, MONDAY, 6, 400, &[40], 0).expect("a full week");
    assert_eq!(made.appointments, 400, "400 appointments fit the week");
    let n = if full { 500 } else { 5 };
    let week = timed(n, || {
        let b = planning::board(db.conn(), MONDAY, 7, BoardBy::Bay).expect("week");
        assert_eq!(b.rows.len(), 6);
    });
    let slot = timed(n, || {
        let s = planning::next_free_slot(db.conn(), "2026-03-16T08:00", 60, None, None)
            .expect("search")
            .expect("a slot");
        assert!(s.start_at.as_str() > "2026-03-18", "{}", s.start_at);
    });
    println!(
        "{:<30} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "ms", "n", "mean", "p50", "p95", "max"
    );
    report("week view, 6 bays, 400 appts", &week, 10);
    report("next free slot, full week", &slot, 5);
    if full {
        let mut c = Criterion::default().configure_from_args();
        c.bench_function("planning/week_view", |b| {
            b.iter(|| planning::board(db.conn(), MONDAY, 7, BoardBy::Bay))
        });
        c.bench_function("planning/next_free_slot", |b| {
            b.iter(|| planning::next_free_slot(db.conn(), "2026-03-16T08:00", 60, None, None))
        });
        c.final_summary();
    }
}

//! The trouble-code library at the bench: looking a code up as it is typed
//! or read (target p95 < 1 ms), with a make's own meaning, and searching by
//! words; and what the first use costs (parsing the CSV, the French titles,
//! the word index). BENCHMARKS.md states the numbers measured.
//!
//! `cargo bench -p atelier-dtc --bench lookup`. Criterion gives means; the
//! target is checked on percentiles timed call by call after a warm-up.
//! Run by `cargo test --benches`, everything runs a few times only.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use atelier_dtc::{Make, library};
use criterion::Criterion;

/// Codes as people type them, drawn from the whole library: lower case,
/// with a space, and a code the library lacks now and then.
fn typed_codes() -> Vec<String> {
    library()
        .entries()
        .step_by(7)
        .enumerate()
        .map(|(i, e)| {
            let c = e.code.as_str();
            match i % 4 {
                0 => c.to_owned(),
                1 => c.to_lowercase(),
                2 => format!("{} {}", &c[..1], &c[1..]),
                _ => format!("{}F", &c[..4]),
            }
        })
        .collect()
}

/// What a mechanic types in the search box, French and English, whole
/// words and starts of words.
const QUERIES: &[&str] = &[
    "catalyseur",
    "sonde lambda",
    "capteur temperature admission",
    "pression rampe",
    "vanne egr",
    "bougie prechauffage",
    "perte communication abs",
    "raté allumage",
    "catalyst efficiency",
    "oxygen sensor heater",
    "turbo",
    "misfire",
    "fuel pump",
    "injecteur cyl",
    "batterie traction",
    "thermostat",
];

struct Stats {
    p50: Duration,
    p95: Duration,
    p99: Duration,
    max: Duration,
    mean: Duration,
}

fn timed(n: usize, mut f: impl FnMut(usize)) -> Stats {
    (0..n.min(200)).for_each(&mut f);
    let mut t: Vec<Duration> = (0..n)
        .map(|i| {
            let started = Instant::now();
            f(i);
            started.elapsed()
        })
        .collect();
    t.sort();
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    Stats {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        max: t[t.len() - 1],
        mean: t.iter().sum::<Duration>() / t.len() as u32,
    }
}

fn report(what: &str, s: &Stats) {
    println!(
        "{what}: mean {:.4} ms, p50 {:.4} ms, p95 {:.4} ms, p99 {:.4} ms, max {:.4} ms",
        s.mean.as_secs_f64() * 1e3,
        s.p50.as_secs_f64() * 1e3,
        s.p95.as_secs_f64() * 1e3,
        s.p99.as_secs_f64() * 1e3,
        s.max.as_secs_f64() * 1e3,
    );
}

fn main() {
    let started = Instant::now();
    let lib = library();
    println!(
        "first use (parse {} codes, French titles, word index): {:.1} ms",
        lib.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let codes = typed_codes();
    let vw = Make::new("VW").expect("a make");
    // `cargo bench` passes --bench; `cargo test --benches` does not, and
    // everything then runs a few times only.
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick { 200 } else { 100_000 };

    let lookup = timed(n, |i| {
        let _ = black_box(lib.lookup(&codes[i % codes.len()]));
    });
    report("look-up of a typed code", &lookup);
    let with_make = timed(n, |i| {
        let entry = lib.lookup(&codes[i % codes.len()]).ok();
        black_box(entry.and_then(|e| e.for_make(&vw)));
    });
    report("look-up with a make's meaning", &with_make);
    let search = timed(if quick { 50 } else { 5_000 }, |i| {
        black_box(lib.search(QUERIES[i % QUERIES.len()], 20));
    });
    report("word search, 20 hits", &search);
    if !quick {
        for q in QUERIES {
            let s = timed(300, |_| {
                black_box(lib.search(q, 20));
            });
            println!(
                "  {q:?}: p50 {:.3} ms, p95 {:.3} ms",
                s.p50.as_secs_f64() * 1e3,
                s.p95.as_secs_f64() * 1e3
            );
        }
    }

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("dtc lookup", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(lib.lookup(&codes[i % codes.len()]).ok())
        });
    });
    c.bench_function("dtc word search", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(lib.search(QUERIES[i % QUERIES.len()], 20))
        });
    });
    c.final_summary();
}

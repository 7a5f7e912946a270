//! A full read of a car (codes, monitors, freeze frame, live values, VIN,
//! the adapter's identity, voltage and protocol: 28 commands) against the
//! real ELM327 emulator, target < 3 s; BENCHMARKS.md states the numbers.
//!
//! `cargo bench -p atelier-obd --bench read` (the emulator from
//! `scripts/setup`'s target/venv, or `ATELIER_VENV`). It times reads one
//! by one on a pseudo-terminal and over TCP, with four stored codes, a
//! pending one and a freeze frame (`atelier_codes`); and a first read of
//! the emulator's shipped `car`, whose adapter searches its protocol for
//! 1.5 s as a real one does. The emulator itself sleeps 0.5 s on every
//! `ATDPN`, so that much of each read is its own. Run by `cargo test
//! --benches`, everything runs once or twice only.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

#[path = "../tests/emulator/mod.rs"]
mod emulator;

use std::hint::black_box;
use std::time::{Duration, Instant};

use atelier_obd::{Options, read};
use criterion::Criterion;
use emulator::Emulator;

/// The target of BENCHMARKS.md.
const TARGET: Duration = Duration::from_secs(3);

fn full_read(emulator: &Emulator) -> Duration {
    let started = Instant::now();
    let r = read(&emulator.adapter, &Options::default()).expect("a read");
    let took = started.elapsed();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.stored.as_ref().map(Vec::len), Some(4));
    assert!(r.freeze_frame.is_some() && r.vin.is_some());
    black_box(r);
    took
}

fn report(what: &str, mut t: Vec<Duration>) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mean = t.iter().sum::<Duration>() / u32::try_from(t.len()).unwrap_or(1);
    println!(
        "{what}: {} reads, mean {:.0} ms, p50 {:.0} ms, max {:.0} ms (target < {} s: {})",
        t.len(),
        ms(mean),
        ms(t[t.len() / 2]),
        ms(t[t.len() - 1]),
        TARGET.as_secs(),
        if t[t.len() - 1] < TARGET {
            "met"
        } else {
            "NOT met"
        }
    );
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = if quick { 2 } else { 20 };

    let car = Emulator::pty("car");
    let started = Instant::now();
    let first = read(&car.adapter, &Options::default()).expect("the shipped car");
    println!(
        "first read of the shipped car (SEARCHING... 1.5 s): {:.0} ms, {} warnings",
        started.elapsed().as_secs_f64() * 1e3,
        first.warnings.len()
    );
    drop(car);

    let pty = Emulator::pty("atelier_codes");
    report(
        "full read, pseudo-terminal",
        (0..n).map(|_| full_read(&pty)).collect(),
    );
    let tcp = Emulator::tcp("atelier_codes");
    report("full read, TCP", (0..n).map(|_| full_read(&tcp)).collect());

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if quick { 1 } else { 15 }))
        .configure_from_args();
    c.bench_function("obd full read, pty", |b| b.iter(|| full_read(&pty)));
    c.bench_function("obd full read, tcp", |b| b.iter(|| full_read(&tcp)));
    c.final_summary();
}

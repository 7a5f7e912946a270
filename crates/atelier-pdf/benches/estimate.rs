//! Rendering a 20-line estimate with totals, a logo and a signature: what the
//! front desk waits for when it prints or e-mails a devis. Target: under 30 ms
//! per render in release.
//!
//! `cargo bench -p atelier-pdf --bench estimate`. The first render in a
//! process also parses the two fonts; it is timed once and printed before
//! criterion measures the renders that follow.

#![allow(clippy::print_stderr, reason = "a benchmark reports on the terminal")]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/mod.rs"]
mod common;

fn estimate(c: &mut Criterion) {
    let doc = common::estimate(20);
    let start = Instant::now();
    let first = atelier_pdf::render(&doc).map(|bytes| bytes.len());
    eprintln!(
        "first render, fonts parsed: {:.1} ms ({first:?} bytes)",
        start.elapsed().as_secs_f64() * 1e3
    );
    c.bench_function("render a 20-line estimate", |b| {
        b.iter(|| atelier_pdf::render(black_box(&doc)))
    });
}

criterion_group!(benches, estimate);
criterion_main!(benches);

//! Applying other stations' operations (target: 100,000 operations a
//! second or more into a local database). BENCHMARKS.md states the numbers
//! measured.
//!
//! `cargo bench -p atelier-core --bench sync` writes, at one station, a demo
//! workshop: its customers, vehicles and odometer readings, its demo orders,
//! invoices, stock and appointments, then a quarter as many orders as
//! customers of its past months (`atelier_demo::add_business`: each written
//! line by line, signed, clocked, done, its parts taken from stock and
//! received again, invoiced with its PDF stored, most paid). Every write
//! goes through the same functions as the screens, so with its outbox
//! operation. It takes the operations as they travel, then applies them at
//! a fresh station on disk in pages of `sync::PULL_PAGE` (5,000), each page
//! in one transaction, the next one prepared on another thread meanwhile,
//! as a pull does. `ATELIER_BENCH_CUSTOMERS` sets the size (default 20,000,
//! so 5,000 more orders); `ATELIER_BENCH_ORDERS` the orders alone. As in the
//! desktop app, the station's WAL is checkpointed by a thread of its own
//! every few seconds, not by the commits.

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

/// The allocator of the desktop app and the command line.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;

use atelier_core::sync::{Applier, PULL_PAGE, Prepared, outgoing};
use atelier_core::{CHECKPOINT_EVERY, Db};
use atelier_demo::{self as demo, BusinessOptions, DemoOptions};
use atelier_domain::Locale;

#[path = "support/at_rest.rs"]
mod at_rest;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

fn main() {
    let customers: u32 = std::env::var("ATELIER_BENCH_CUSTOMERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if std::env::args().any(|a| a == "--bench") {
            20_000
        } else {
            200
        });
    let orders: u32 = std::env::var("ATELIER_BENCH_ORDERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(customers / 4);
    let dir = tempfile::tempdir().unwrap();
    let mut source = Db::open(&dir.path().join("source.db")).unwrap();
    let built = Instant::now();
    source
        .write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut source,
        &DemoOptions {
            customers,
            seed: 11,
        },
        NOW,
    )
    .unwrap();
    demo::add_business(
        &mut source,
        NOW,
        &BusinessOptions {
            orders,
            open: orders / 40,
            seed: 11,
        },
    )
    .unwrap();
    let ops = outgoing(source.conn(), u32::MAX).unwrap();
    println!(
        "the source station written in {:.1} s: {} operations",
        built.elapsed().as_secs_f64(),
        ops.len()
    );
    let mut tables: BTreeMap<&str, usize> = BTreeMap::new();
    for op in &ops {
        *tables.entry(op.entity.as_str()).or_default() += 1;
    }
    let mut mix: BTreeMap<&str, usize> = BTreeMap::new();
    for (table, n) in &tables {
        *mix.entry(area(table)).or_default() += n;
    }
    for (what, n) in &mix {
        println!(
            "  {what}: {n} ({:.1} %)",
            *n as f64 * 100.0 / ops.len() as f64
        );
    }
    let tables: Vec<String> = tables.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!("  by table: {}", tables.join(", "));
    // The station that applies them: encrypted when ATELIER_BENCH_ENCRYPTED=1.
    let mut target = at_rest::open(&dir.path().join("target.db"));
    target
        .conn()
        .execute_batch("PRAGMA foreign_keys = OFF")
        .unwrap();
    // As the desktop app: a thread checkpoints the WAL every few seconds,
    // and the sync connection's commits leave it to that thread.
    let checkpointer = target.background_checkpoints().unwrap().unwrap();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(CHECKPOINT_EVERY);
            checkpointer.run().unwrap();
        }
    });
    let mut applier = Applier::new();
    let cpu = cpu_time();
    let process_cpu = process_cpu_time();
    let start = Instant::now();
    // As a round: each page is prepared (payloads parsed, new rows' derived
    // data) on a thread of its own while the one before is applied.
    let mut pages = ops.chunks(PULL_PAGE as usize);
    let mut current = Prepared::new(pages.next().unwrap_or_default().to_vec());
    // Each page's own transaction, timed, by the area most of it is of.
    let kinds: Vec<(&str, usize)> = ops
        .chunks(PULL_PAGE as usize)
        .map(|page| {
            let people = page.iter().filter(|op| area(&op.entity) == PEOPLE).count();
            let kind = if people * 2 > page.len() {
                "pages mostly customers, vehicles, readings"
            } else {
                "pages mostly orders, invoices, stock"
            };
            (kind, page.len())
        })
        .collect();
    let mut by_kind: BTreeMap<&str, (usize, Duration)> = BTreeMap::new();
    std::thread::scope(|s| {
        for (kind, len) in &kinds {
            let coming = pages
                .next()
                .map(|page| s.spawn(move || Prepared::new(page.to_vec())));
            let page = Instant::now();
            target
                .write(|tx| applier.apply_prepared(tx, &current, NOW))
                .unwrap();
            let entry = by_kind.entry(kind).or_default();
            entry.0 += len;
            entry.1 += page.elapsed();
            let Some(coming) = coming else { break };
            current = coming.join().unwrap();
        }
    });
    let took = start.elapsed();
    let rate = ops.len() as f64 / took.as_secs_f64();
    println!(
        "applied {} operations ({customers} customers, {orders} more orders) in {:.2} s: {:.0} operations/s",
        ops.len(),
        took.as_secs_f64(),
        rate
    );
    let parked: i64 = target
        .conn()
        .query_row("SELECT COUNT(*) FROM sync_parked", [], |r| r.get(0))
        .unwrap();
    println!("  parked (waiting for something they need): {parked}");
    for (kind, (n, took)) in &by_kind {
        println!(
            "  {kind}: {n} operations in {:.2} s of their transactions, {:.0} operations/s",
            took.as_secs_f64(),
            *n as f64 / took.as_secs_f64()
        );
    }
    if let (Some(before), Some(after)) = (cpu, cpu_time()) {
        let used = (after - before).as_secs_f64();
        println!(
            "  the applying thread: {used:.2} s on a CPU, {:.0} operations per CPU second",
            ops.len() as f64 / used
        );
    }
    if let (Some(before), Some(after)) = (process_cpu, process_cpu_time()) {
        let used = after - before;
        println!(
            "  the whole process (preparing pages and checkpoints too): {used:.2} s on a CPU, \
             {:.0} operations per CPU second",
            ops.len() as f64 / used
        );
    }
}

/// The CPU time of the whole process in seconds (user and system, in clock
/// ticks of 10 ms), where Linux tells it.
fn process_cpu_time() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The time this thread has spent on a CPU, where Linux tells it: on a
/// shared machine the wall clock also counts other programs' turns.
fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(nanos))
}

const PEOPLE: &str = "customers, vehicles, readings";

/// The part of the workshop a table belongs to, for the operations' mix.
fn area(entity: &str) -> &'static str {
    match entity {
        "customers" | "vehicles" | "vehicle_owners" | "mileage_readings" => PEOPLE,
        e if e.starts_with("order")
            || e.starts_with("canned")
            || e.starts_with("inspection")
            || e == "clock_events"
            || e == "vehicle_recommendations" =>
        {
            "orders (lines, steps, clock, signatures)"
        }
        e if e.starts_with("invoice") || e.starts_with("payment") => "invoices and payments",
        e if e.starts_with("stock") || e.starts_with("part") || e.starts_with("supplier") => {
            "stock and catalogue"
        }
        _ => "the rest (workshop, people, appointments, messages)",
    }
}

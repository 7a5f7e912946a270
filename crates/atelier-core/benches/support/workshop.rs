//! The demo workshop the benchmarks measure the front desk's actions on:
//! 100,000 customers by default, with their vehicles, the demo's orders,
//! invoices, stock and appointments, and months of past work
//! (`atelier_demo::add_business`), built once into `target/bench-data/`
//! and kept under a name that changes with the generator and the schema.

use std::path::{Path, PathBuf};
use std::time::Instant;

use atelier_core::{DB_FILE_NAME, Db};
use atelier_demo::{self as demo, BusinessOptions, DemoOptions};
use atelier_domain::Locale;

/// 2025-06-02T10:00:00Z: the data set's today, the same whatever the day.
pub const NOW: u64 = 1_748_858_400_000;

/// `target/bench-data`, where built data sets are kept between runs.
pub fn bench_data() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("bench-data")
}

/// The data directory of a demo workshop with `customers` demo customers
/// from `seed` and `orders` orders of its past months, built the first time
/// and kept (under a name that changes with the generator and the schema, so
/// a stale one is never reused).
pub fn demo_dir(customers: u32, orders: u32, seed: u64) -> PathBuf {
    let dir = bench_data().join(format!(
        "workshop-{customers}-orders{orders}-seed{seed}-gen{}-schema{}",
        demo::GENERATOR_VERSION,
        atelier_core::db::schema_version()
    ));
    if dir.join(DB_FILE_NAME).exists() {
        return dir;
    }
    let building = dir.with_extension("building");
    let _ = std::fs::remove_dir_all(&building);
    eprintln!(
        "Building a demo workshop of {customers} customers and {orders} orders in {} (once)…",
        dir.display()
    );
    let started = Instant::now();
    {
        let mut db = Db::open_in_dir(&building).expect("a new database");
        db.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
            .expect("the demo workshop");
        let s = demo::generate(&mut db, &DemoOptions { customers, seed }, NOW)
            .expect("demo data goes in");
        eprintln!(
            "  {} customers, {} vehicles, {} readings, {} orders, {} invoices, {} parts, \
             {} appointments in {:.1} s",
            s.customers,
            s.vehicles,
            s.readings,
            s.orders,
            s.invoices,
            s.parts,
            s.appointments,
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let b = demo::add_business(
            &mut db,
            NOW,
            &BusinessOptions {
                orders,
                open: orders / 40,
                seed,
            },
        )
        .expect("the workshop's months of work");
        eprintln!(
            "  then {} orders ({} open), {} lines, {} invoices, {} payments in {:.1} s",
            b.orders,
            b.open,
            b.lines,
            b.invoices,
            b.payments,
            started.elapsed().as_secs_f64()
        );
    }
    std::fs::rename(&building, &dir).expect("the finished data set is kept");
    dir
}

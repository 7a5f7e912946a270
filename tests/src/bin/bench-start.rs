//! How fast the Atelier window is ready: from launch to a usable sign-in
//! screen (`html[data-booted]`, the `atelier-booted` performance mark set
//! by ui/app.js) on the 100,000-customer demo workshop, release build,
//! cold and warm; and the first global search after sign-in against the
//! ones after it.
//!
//! ```sh
//! cargo build --release -p atelier-desktop --bin atelier-desktop
//! cargo run --release -p atelier-e2e --bin bench-start -- [--app PATH] [--customers 100000] [--cold 3] [--warm 5]
//! ```
//!
//! The database is made once (about a minute) under
//! `target/bench-start/<customers>/` and kept for the next runs; today's
//! daily backup is taken before the launches, so that each is a later
//! start of the day (the first one also starts the backup, in the
//! background).
//!
//! Cold: the page cache cannot be dropped on these machines (no
//! `/proc/sys/vm/drop_caches` even for root in the sandbox), so every file
//! the app maps — its program, WebKit's and GTK's libraries, the database —
//! is evicted from it before each cold launch (`dd iflag=nocache count=0`,
//! checked with `fincore`): what a workstation's first start of the day
//! reads from its disk. Warm: the launch after a launch.
//!
//! Each launch is timed from just before the WebDriver session asks for
//! the app (WebKitWebDriver starts it: a few milliseconds of the driver's
//! are in every number) to three moments: the X window mapped (polled
//! with xdotool every 10 ms), the page's navigation start
//! (`performance.timeOrigin`) and the sign-in screen ready.

#![allow(
    clippy::print_stdout,
    reason = "printing the table is this benchmark's job"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use atelier_core::Db;
use atelier_e2e::{App, Desktop, PATIENCE, procs, target_dir};
use clap::Parser;
use serde_json::Value;

/// The window's start, cold and warm, and the first search after sign-in.
#[derive(Debug, Parser)]
struct Options {
    /// The program measured: the release build, or the packaged one.
    #[arg(long, default_value_os_t = target_dir().join("release/atelier-desktop"))]
    app: PathBuf,
    /// Customers of the demo workshop.
    #[arg(long, default_value_t = 100_000)]
    customers: u32,
    /// Cold launches.
    #[arg(long, default_value_t = 3)]
    cold: usize,
    /// Warm launches.
    #[arg(long, default_value_t = 5)]
    warm: usize,
}

fn epoch_ms() -> Result<f64> {
    Ok(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0)
}

/// The demo workshop of `customers` customers, made once and kept.
fn database(customers: u32) -> Result<PathBuf> {
    let dir = target_dir().join(format!("bench-start/{customers}"));
    let ready = dir.join("ready");
    if ready.exists() {
        today_backed_up(&dir)?;
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    println!(
        "making the demo workshop of {customers} customers in {}…",
        dir.display()
    );
    atelier_e2e::demo_workshop(&dir, customers)?;
    std::fs::write(&ready, b"")?;
    today_backed_up(&dir)?;
    Ok(dir)
}

/// Takes today's backup if none is there yet: the first start of a day
/// starts one in the background (and every start does until one is done),
/// which would read the whole database beside the launches measured. Each
/// launch measured is a later start of the day.
fn today_backed_up(dir: &Path) -> Result<()> {
    let db = std::sync::Mutex::new(Db::open_in_dir(dir)?);
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    if let Some(taken) = atelier_core::backup::daily(&db, dir, now) {
        taken?;
    }
    Ok(())
}

/// Evicts `files` from the page cache; returns how many bytes of them were
/// still cached after (fincore), which should be none.
fn evict(files: &BTreeSet<PathBuf>) -> Result<u64> {
    for f in files {
        Command::new("dd")
            .arg(format!("if={}", f.display()))
            .args(["iflag=nocache", "count=0", "status=none"])
            .stderr(Stdio::null())
            .status()?;
    }
    let out = Command::new("fincore")
        .args(["--bytes", "--noheadings", "--output", "RES"])
        .args(files)
        .output()
        .context("running fincore (util-linux)")?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .sum())
}

/// One launch's times, in milliseconds from the launch.
struct Launch {
    window: f64,
    page: f64,
    ready: f64,
}

/// Polls the display every 10 ms for the window titled Atelier; returns the
/// epoch ms it was first seen.
fn watch_window(display: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Option<f64>> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let seen = Command::new("xdotool")
                .args(["search", "--name", "^Atelier$"])
                .env("DISPLAY", &display)
                .output()
                .is_ok_and(|o| o.status.success() && !o.stdout.is_empty());
            if seen {
                return epoch_ms().ok();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    })
}

/// Launches the app, times it, and leaves it open.
async fn launch(desktop: &Desktop, binary: &Path, data: &Path) -> Result<(App, Launch)> {
    let stop = Arc::new(AtomicBool::new(false));
    let start = epoch_ms()?;
    let window = watch_window(desktop.display().to_owned(), stop.clone());
    let app = desktop.launch_with(binary, data).await?;
    stop.store(true, Ordering::Relaxed);
    let marks = app
        .client
        .execute(
            "const m = performance.getEntriesByName('atelier-booted')[0];
             return [performance.timeOrigin, m ? performance.timeOrigin + m.startTime : null];",
            vec![],
        )
        .await?;
    let (origin, ready): (f64, Option<f64>) = serde_json::from_value(marks)?;
    let ready = ready.context("ui/app.js set no atelier-booted mark")?;
    let window = window
        .join()
        .ok()
        .flatten()
        .context("the window was never seen on the display")?;
    Ok((
        app,
        Launch {
            window: window - start,
            page: origin - start,
            ready: ready - start,
        },
    ))
}

/// Closes the app and waits until its processes are gone.
async fn close(app: App, data: &Path) -> Result<()> {
    app.quit().await.ok();
    let start = Instant::now();
    let marker = data.display().to_string();
    while procs::running("atelier-desktop", &marker).is_some() {
        ensure!(start.elapsed() < PATIENCE, "the app did not quit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok(())
}

fn summary(label: &str, runs: &[Launch]) {
    let stat = |f: fn(&Launch) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        let median = v.get(v.len() / 2).copied().unwrap_or(f64::NAN);
        format!(
            "{median:.0} ({:.0}–{:.0})",
            v.first().copied().unwrap_or(f64::NAN),
            v.last().copied().unwrap_or(f64::NAN)
        )
    };
    println!(
        "| {label}, {} launches | {} | {} | {} |",
        runs.len(),
        stat(|l| l.window),
        stat(|l| l.page),
        stat(|l| l.ready)
    );
}

/// Times `search` through the page's own IPC, as the search box calls it.
const SEARCH: &str = r#"
const [query, times] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const took = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await window.__TAURI__.core.invoke('search', { query, limit: 8 });
    took.push(performance.now() - t0);
  }
  return took;
})().then(done, (e) => done(String(e)));
"#;

async fn searches(app: &App, query: &str, times: usize) -> Result<Vec<f64>> {
    let took = app
        .client
        .execute_async(SEARCH, vec![Value::from(query), Value::from(times)])
        .await?;
    serde_json::from_value(took.clone()).with_context(|| format!("search failed: {took}"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let o = Options::parse();
    let binary = o.app.clone();
    ensure!(
        binary.exists(),
        "{} is missing: cargo build --release -p atelier-desktop --bin atelier-desktop",
        binary.display()
    );
    let data = database(o.customers)?;
    let desktop = Desktop::start()?;

    // A first launch finds what the app maps, to evict before the cold ones.
    let (app, _) = launch(&desktop, &binary, &data).await?;
    let pid = procs::find("atelier-desktop", &data.display().to_string())?;
    let mut files = procs::mapped_files(pid);
    for entry in std::fs::read_dir(&data)?.flatten() {
        files.insert(entry.path());
    }
    files.insert(binary.clone());
    close(app, &data).await?;

    println!();
    println!("| launch | X window, ms | page starts, ms | sign-in screen ready, ms |");
    println!("| --- | --- | --- | --- |");
    let mut cold = Vec::new();
    let mut left = 0;
    for _ in 0..o.cold {
        left = left.max(evict(&files)?);
        let (app, l) = launch(&desktop, &binary, &data).await?;
        cold.push(l);
        close(app, &data).await?;
    }
    summary(
        &format!(
            "cold ({} files evicted, {} bytes of them left cached)",
            files.len(),
            left
        ),
        &cold,
    );
    let mut warm = Vec::new();
    for _ in 0..o.warm {
        let (app, l) = launch(&desktop, &binary, &data).await?;
        warm.push(l);
        close(app, &data).await?;
    }
    summary("warm", &warm);

    // The first search after sign-in, at the front desk, then the same again,
    // after the day's first start: nothing of the app's files cached.
    // A person takes a few seconds to pick their name and type their PIN.
    evict(&files)?;
    let (app, _) = launch(&desktop, &binary, &data).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    app.switch_to("accueil", "2345").await?;
    let first = searches(&app, "martin", 1).await?;
    let again = searches(&app, "martin", 20).await?;
    let other_first = searches(&app, "renault clio", 1).await?;
    let other_again = searches(&app, "renault clio", 20).await?;
    close(app, &data).await?;
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    println!();
    println!("| search after sign-in | first, ms | median of the next 20, ms |");
    println!("| --- | --- | --- |");
    println!(
        "| « martin » (the first search) | {:.1} | {:.1} |",
        first.first().copied().unwrap_or(f64::NAN),
        median(&again)
    );
    println!(
        "| « renault clio » (the second query) | {:.1} | {:.1} |",
        other_first.first().copied().unwrap_or(f64::NAN),
        median(&other_again)
    );
    Ok(())
}

//! How fast the Atelier window is ready: from launch to a usable sign-in
//! screen (`html[data-booted]`, the `atelier-booted` performance mark set
//! by ui/app.js) on the 100,000-customer demo workshop, release build,
//! cold and warm; and the first global search after sign-in against the
//! ones after it.
//!
//! ```sh
//! cargo build --release -p atelier-desktop --bin atelier-desktop
//! cargo build --release -p atelier-desktop --features tauri/custom-protocol --example minimal-window
//! cargo run --release -p atelier-e2e --bin bench-start -- [--app PATH] [--customers 100000] [--cold 3] [--warm 5] [--minimal 5]
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
//! Each launch is timed from just before the app is started as a
//! workstation starts it (`dbus-run-session`, no WebDriver: see [`spawn`])
//! to four moments: the X window mapped (polled with xdotool every 10 ms),
//! the page's navigation start (`performance.timeOrigin`), the front end's
//! modules run and the sign-in screen ready — the page's own clock, which
//! ui/app.js hands the shell once ready and the shell logs (`window
//! ready`). `--minimal N` times the minimal Tauri 2 window the same way
//! (`src-tauri/examples/minimal-window.rs`, which prints when its page has
//! loaded): the floor of this stack. The first search is timed through
//! WebDriver, which signs in.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "printing the table is this benchmark's job"
)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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
    /// Also launch the minimal Tauri 2 window this many times, warm (the
    /// release build's `examples/minimal-window`), beside Atelier's.
    #[arg(long, default_value_t = 0)]
    minimal: usize,
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
    /// Every module of the front end loaded and run (ui/app.js's
    /// `atelier-modules` mark; the minimal window's `DOMContentLoaded`).
    modules: f64,
    ready: f64,
}

/// Polls the display every 10 ms for the window titled Atelier; returns the
/// epoch ms it was first seen.
fn watch_window(
    display: String,
    title: &'static str,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Option<f64>> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let seen = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
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

/// The app started as a workstation starts it: `dbus-run-session` (the
/// session bus a desktop gives it) on the benchmark's display, no WebDriver.
/// WebDriver's automation delays WebKit's first navigation by about half a
/// second when the page is painted without compositing (as Atelier paints
/// it on Linux), in most launches but not all: timed through it, the start
/// measured that delay, not the app's.
fn spawn(desktop: &Desktop, binary: &Path, data: &Path, stdout: Stdio) -> Result<Child> {
    Command::new("dbus-run-session")
        .arg("--")
        .arg(binary)
        .arg("--data-dir")
        .arg(data)
        .env("DISPLAY", desktop.display())
        .env("NO_AT_BRIDGE", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {} under dbus-run-session", binary.display()))
}

/// The newest log file of the station in `data`, and its length.
fn newest_log(data: &Path) -> Option<(PathBuf, u64)> {
    std::fs::read_dir(data.join("logs"))
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, path)| {
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            (path, len)
        })
}

/// The value of `key=` in a log line.
fn field(line: &str, key: &str) -> Option<f64> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// Launches the app, times it from the shell's log (ui/app.js tells the
/// shell when its page started, when its modules had run and when the
/// sign-in screen was ready: `window ready` in the log), and leaves it open.
fn launch(desktop: &Desktop, binary: &Path, data: &Path) -> Result<(Child, Launch)> {
    let before = newest_log(data);
    let stop = Arc::new(AtomicBool::new(false));
    let start = epoch_ms()?;
    let window = watch_window(desktop.display().to_owned(), "Atelier", stop.clone());
    let child = spawn(desktop, binary, data, Stdio::null())?;
    let begun = Instant::now();
    let line = loop {
        if let Some((log, len)) = newest_log(data) {
            // The same file read on from where it was; a new day's file from its start.
            let from = match &before {
                Some((old, old_len)) if *old == log => (*old_len).min(len),
                _ => 0,
            };
            let text = std::fs::read(&log).unwrap_or_default();
            let text = String::from_utf8_lossy(text.get(from as usize..).unwrap_or_default());
            if let Some(line) = text.lines().find(|l| l.contains("window ready")) {
                break line.to_owned();
            }
        }
        ensure!(
            begun.elapsed() < PATIENCE,
            "the window never said it was ready (no \"window ready\" in its log)"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    // The shell shows the window as it logs this; the X server maps it just after.
    let shown = Instant::now();
    while !window.is_finished() && shown.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    let window = window
        .join()
        .ok()
        .flatten()
        .context("the window was never seen on the display")?;
    let parse = |key| field(&line, key).with_context(|| format!("no {key} in {line:?}"));
    let origin = parse("navigation_start")?;
    Ok((
        child,
        Launch {
            window: window - start,
            page: origin - start,
            modules: origin + parse("modules")? - start,
            ready: origin + parse("ready")? - start,
        },
    ))
}

/// Launches the minimal Tauri 2 window (`src-tauri/examples/minimal-window.rs`,
/// one line of text) as [`launch`] launches Atelier and times it: it prints
/// when its page has loaded, its only moment (`page`, `modules` and `ready`
/// are all that one). Closed at once: the floor of this stack.
fn launch_minimal(desktop: &Desktop, binary: &Path, data: &Path) -> Result<Launch> {
    let stop = Arc::new(AtomicBool::new(false));
    let start = epoch_ms()?;
    let window = watch_window(desktop.display().to_owned(), "Minimal", stop.clone());
    let mut child = spawn(desktop, binary, data, Stdio::piped())?;
    let out = child.stdout.take().context("the minimal window's output")?;
    let loaded = BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| field(&l, "loaded"))
        .context("the minimal window never said its page loaded");
    // The window is mapped before its page loads; give the poll its last look.
    std::thread::sleep(Duration::from_millis(50));
    stop.store(true, Ordering::Relaxed);
    let window = window.join().ok().flatten();
    stop_child(&mut child);
    std::thread::sleep(Duration::from_millis(500));
    let loaded = loaded?;
    Ok(Launch {
        window: window.context("the minimal window was never seen on the display")? - start,
        page: loaded - start,
        modules: loaded - start,
        ready: loaded - start,
    })
}

/// Stops `child` (dbus-run-session) and everything under it.
fn stop_child(child: &mut Child) {
    for pid in procs::tree(child.id()).into_iter().rev() {
        Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .ok();
    }
    child.kill().ok();
    child.wait().ok();
}

/// Quits the app WebDriver started and waits until its processes are gone.
async fn quit(app: App, data: &Path) -> Result<()> {
    app.quit().await.ok();
    let start = Instant::now();
    let marker = data.display().to_string();
    while procs::running("atelier-desktop", &marker).is_some() {
        ensure!(start.elapsed() < PATIENCE, "the app did not quit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Closes the app and waits until its processes are gone.
fn close(mut child: Child, data: &Path) -> Result<()> {
    stop_child(&mut child);
    let start = Instant::now();
    let marker = data.display().to_string();
    while procs::running("atelier-desktop", &marker).is_some() {
        ensure!(start.elapsed() < PATIENCE, "the app did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
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
        "| {label}, {} launches | {} | {} | {} | {} |",
        runs.len(),
        stat(|l| l.window),
        stat(|l| l.page),
        stat(|l| l.modules),
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
    let (app, _) = launch(&desktop, &binary, &data)?;
    let pid = procs::find("atelier-desktop", &data.display().to_string())?;
    let mut files = procs::mapped_files(pid);
    for entry in std::fs::read_dir(&data)?.flatten() {
        files.insert(entry.path());
    }
    files.insert(binary.clone());
    close(app, &data)?;

    println!();
    println!(
        "| launch | X window, ms | page starts, ms | front end's modules run, ms | sign-in screen ready, ms |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let mut cold = Vec::new();
    let mut left = 0;
    for _ in 0..o.cold {
        left = left.max(evict(&files)?);
        let (app, l) = launch(&desktop, &binary, &data)?;
        cold.push(l);
        close(app, &data)?;
    }
    if o.cold > 0 {
        summary(
            &format!(
                "cold ({} files evicted, {} bytes of them left cached)",
                files.len(),
                left
            ),
            &cold,
        );
    }
    let mut warm = Vec::new();
    for _ in 0..o.warm {
        let (app, l) = launch(&desktop, &binary, &data)?;
        warm.push(l);
        close(app, &data)?;
    }
    summary("warm", &warm);
    if o.minimal > 0 {
        let minimal = target_dir().join("release/examples/minimal-window");
        let mut runs = Vec::new();
        for _ in 0..o.minimal {
            // A launch that did not come up (rare: seen once in a run after
            // the cold launches) is said and tried once more.
            let run = match launch_minimal(&desktop, &minimal, &data) {
                Ok(run) => run,
                Err(error) => {
                    eprintln!("the minimal window's launch failed, tried again: {error:#}");
                    launch_minimal(&desktop, &minimal, &data)?
                }
            };
            runs.push(run);
        }
        summary("minimal Tauri 2 window (its page loaded), warm", &runs);
    }

    // The first search after sign-in, at the front desk, then the same again,
    // after the day's first start: nothing of the app's files cached.
    // A person takes a few seconds to pick their name and type their PIN.
    evict(&files)?;
    let app = desktop.launch_with(&binary, &data).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    app.switch_to("accueil", "2345").await?;
    let first = searches(&app, "martin", 1).await?;
    let again = searches(&app, "martin", 20).await?;
    let other_first = searches(&app, "renault clio", 1).await?;
    let other_again = searches(&app, "renault clio", 20).await?;
    quit(app, &data).await?;
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

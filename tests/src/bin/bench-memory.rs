//! The memory of the Atelier window over a workshop's day, in proportional
//! set size (PSS, `/proc/PID/smaps_rollup`: each page shared between the
//! app's processes counted once in all), summed over every process of the
//! app — the shell, WebKit's web process and its network process — and
//! side by side with a minimal Tauri 2 window built from the same crates
//! (`src-tauri/examples/minimal-window.rs`), the floor this stack allows.
//!
//! The release builds, then the run (BENCHMARKS.md, « Memory », has the
//! numbers):
//!
//! ```sh
//! cargo build --release -p atelier-desktop --bin atelier-desktop --example minimal-window
//! cargo run --release -p atelier-e2e --bin bench-memory -- [--customers 2000] [--navigations 1000] [--saves 200]
//! ```
//!
//! On a demo workshop of `--customers` customers, signed in as the owner
//! (Xvfb 1280×800, through WebDriver as the end-to-end tests drive it), it
//! measures the app idle at its first screen; after one visit of every
//! screen; then every 200 screen changes of an afternoon's soak that goes
//! round every screen `--navigations` times in all and records a car's
//! mileage `--saves` times on its page; and once more after a minute's
//! rest, when WebKit's collector has had its turn. Each measure is taken
//! after 5 s of quiet.

#![allow(
    clippy::print_stdout,
    reason = "printing the table is this benchmark's job"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use atelier_core::Db;
use atelier_e2e::places::{Stop, first_id, stops};
use atelier_e2e::{App, Desktop, PATIENCE, procs, target_dir};

/// What the command line asked for.
struct Options {
    customers: u32,
    navigations: usize,
    saves: usize,
}

fn options() -> Result<Options> {
    let mut o = Options {
        customers: 2_000,
        navigations: 1_000,
        saves: 200,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a number"))?;
        match flag.as_str() {
            "--customers" => o.customers = value.parse()?,
            "--navigations" => o.navigations = value.parse()?,
            "--saves" => o.saves = value.parse()?,
            _ => bail!("unknown option {flag}: --customers, --navigations, --saves"),
        }
    }
    Ok(o)
}

/// Kibibytes of PSS by process name.
type Memory = BTreeMap<String, u64>;

fn mb(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

/// One line of the report: the total and each process.
fn report(label: &str, m: &Memory) -> u64 {
    let total: u64 = m.values().sum();
    let parts: Vec<String> = m
        .iter()
        .map(|(name, kib)| format!("{name} {}", mb(*kib)))
        .collect();
    println!("| {label} | {} | {} |", mb(total), parts.join(", "));
    total
}

/// The minimal window's PSS once it has been on screen for 5 s.
fn minimal_window(desktop: &Desktop, binary: &Path) -> Result<Memory> {
    let mut child = Command::new("dbus-run-session")
        .arg("--")
        .arg(binary)
        .env("DISPLAY", desktop.display())
        .env("NO_AT_BRIDGE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting the minimal window under dbus-run-session")?;
    let measured = (|| {
        let pid = procs::find("minimal-window", "minimal-window")?;
        let start = Instant::now();
        while !desktop.has_window_titled("Minimal")? {
            if start.elapsed() > PATIENCE {
                bail!("the minimal window did not open");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(5));
        procs::pss(pid)
    })();
    Command::new("pkill")
        .args(["-KILL", "-P", &child.id().to_string()])
        .status()
        .ok();
    child.kill().ok();
    child.wait().ok();
    measured
}

/// Records a car's mileage on its page, `km` higher than the last, as the
/// front desk does, and waits until it is saved.
async fn save_mileage(app: &App, vehicle: &str, km: u32) -> Result<()> {
    app.go(&format!("#/vehicules/{vehicle}")).await?;
    app.settle().await?;
    app.fill("#mileage-form [name=km]", &km.to_string()).await?;
    app.click("#mileage-save").await?;
    let start = Instant::now();
    loop {
        let state = app
            .client
            .execute(
                "const f = document.getElementById('mileage-form');
                 return [f.elements.km.value, f.querySelector('.form-error')?.textContent ?? ''];",
                vec![],
            )
            .await?;
        let (left, error): (String, String) = serde_json::from_value(state)?;
        if !error.trim().is_empty() {
            bail!("the mileage {km} was refused: {error}");
        }
        if left.is_empty() {
            return Ok(());
        }
        if start.elapsed() > PATIENCE {
            bail!("the mileage {km} was not saved");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn quiet() {
    tokio::time::sleep(Duration::from_secs(5)).await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let o = options()?;
    let release = target_dir().join("release");
    let (app_bin, minimal_bin) = (
        release.join("atelier-desktop"),
        release.join("examples/minimal-window"),
    );
    for bin in [&app_bin, &minimal_bin] {
        if !bin.exists() {
            bail!(
                "{} is missing: cargo build --release -p atelier-desktop --bin atelier-desktop --example minimal-window",
                bin.display()
            );
        }
    }
    let desktop = Desktop::start()?;
    println!("| measure | PSS, MB | by process, MB |");
    println!("| --- | --- | --- |");
    let floor = report(
        "minimal Tauri 2 window",
        &minimal_window(&desktop, &minimal_bin)?,
    );

    desktop.set_up_workshop()?;
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let places: Vec<Stop> = {
        let mut db = Db::open_in_dir(desktop.data_dir())?;
        atelier_demo::generate(
            &mut db,
            &atelier_demo::DemoOptions {
                customers: o.customers,
                seed: 7,
            },
            now,
        )?;
        stops(&db)?
            .into_iter()
            .filter(|s| s.opens.is_none())
            .collect()
    };
    let (vehicle, mut km) = {
        let db = Db::open_in_dir(desktop.data_dir())?;
        let vehicle = first_id(&db, "SELECT id FROM vehicles ORDER BY id LIMIT 1")?;
        let km: u32 = db.conn().query_row(
            "SELECT coalesce(max(km), 0) FROM mileage_readings WHERE vehicle_id = ?1",
            [&vehicle],
            |r| r.get(0),
        )?;
        (vehicle, km)
    };

    let app = desktop.launch_with(&app_bin, desktop.data_dir()).await?;
    app.client.set_window_size(1280, 800).await?;
    app.switch_to("gerant", "1234").await?;
    let pid = procs::find("atelier-desktop", &desktop.data_dir().display().to_string())?;
    app.settle().await?;
    quiet().await;
    let idle = report("Atelier, signed in, idle", &procs::pss(pid)?);

    for place in &places {
        app.go(&place.hash).await?;
        app.settle()
            .await
            .with_context(|| format!("on {}", place.name))?;
    }
    app.go("#/accueil").await?;
    app.settle().await?;
    quiet().await;
    let visited = report(
        &format!("after one visit of {} screens", places.len()),
        &procs::pss(pid)?,
    );

    let every = o
        .navigations
        .checked_div(o.saves)
        .map_or(usize::MAX, |n| n.max(1));
    let started = Instant::now();
    let mut saved = 0;
    for n in 1..=o.navigations {
        let place = &places[n % places.len()];
        app.go(&place.hash).await?;
        app.settle()
            .await
            .with_context(|| format!("navigation {n}, on {}", place.name))?;
        if n % every == 0 && saved < o.saves {
            km += 7;
            save_mileage(&app, &vehicle, km).await?;
            saved += 1;
        }
        if n % 200 == 0 || n == o.navigations {
            app.go("#/accueil").await?;
            app.settle().await?;
            quiet().await;
            report(
                &format!("soak: {n} screen changes, {saved} saves"),
                &procs::pss(pid)?,
            );
        }
    }
    let soak = started.elapsed();
    tokio::time::sleep(Duration::from_secs(60)).await;
    let rested = report("after a minute's rest", &procs::pss(pid)?);
    app.quit().await.ok();

    let ratio = |a: u64, b: u64| a as f64 / b as f64;
    println!();
    println!(
        "idle: {:.2}× the minimal window; after the soak ({} changes, {saved} saves in {:.0} s): {:+.1} % over the first visit",
        ratio(idle, floor),
        o.navigations,
        soak.as_secs_f64(),
        (ratio(rested, visited) - 1.0) * 100.0
    );
    Ok(())
}

//! The memory of the Atelier window over a workshop's day, in proportional
//! set size (PSS, `/proc/PID/smaps_rollup`: each page shared between the
//! app's processes counted once in all), summed over every process of the
//! app — the shell, WebKit's web process and its network process — and
//! side by side with a minimal Tauri 2 window built from the same crates
//! (`src-tauri/examples/minimal-window.rs`), the floor this stack allows.
//!
//! The release builds, then the run (BENCHMARKS.md, « Memory », has the
//! numbers); `--app` measures another build of Atelier, e.g. the packaged
//! one (`target/release/bundle/deb/*/data/usr/bin/atelier-desktop` after
//! `scripts/package --bundles deb`):
//!
//! ```sh
//! cargo build --release -p atelier-desktop --bin atelier-desktop --example minimal-window
//! cargo run --release -p atelier-e2e --bin bench-memory -- [--app PATH] [--customers 2000] [--navigations 1000] [--saves 200] [--detail]
//!   [--only customers,vehicles | --ipc-only | --dom-only [--extra dialog|form|select]]
//! ```
//!
//! The last options are diagnoses of the growth (BENCHMARKS.md, « Memory of
//! the window »): some screens only, the IPC without drawing, the DOM
//! without Atelier's code.
//!
//! On a demo workshop of `--customers` customers, signed in as the owner
//! (Xvfb 1280×800, through WebDriver as the end-to-end tests drive it), it
//! measures the app idle at its first screen; after one visit of every
//! screen; then every 200 screen changes of an afternoon's soak that goes
//! round every screen `--navigations` times in all and records a car's
//! mileage `--saves` times on its page; and once more after a minute's
//! rest, when WebKit's collector has had its turn. Each measure is taken
//! after 5 s of quiet. `--detail` adds the web process's memory by kind of
//! mapping: the C library's main heap, other anonymous memory, the
//! libraries.

#![allow(
    clippy::print_stdout,
    reason = "printing the table is this benchmark's job"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use atelier_core::Db;
use atelier_e2e::places::{Stop, first_id, stops};
use atelier_e2e::{App, Desktop, PATIENCE, procs, target_dir};
use clap::Parser;

/// The window's memory over a workshop's day, beside a minimal Tauri 2 window.
#[derive(Debug, Parser)]
struct Options {
    /// The program measured: the release build, or the packaged one.
    #[arg(long, default_value_os_t = target_dir().join("release/atelier-desktop"))]
    app: PathBuf,
    /// Customers of the demo workshop.
    #[arg(long, default_value_t = 2_000)]
    customers: u32,
    /// Screen changes of the soak.
    #[arg(long, default_value_t = 1_000)]
    navigations: usize,
    /// Mileages saved during the soak, spread over it.
    #[arg(long, default_value_t = 200)]
    saves: usize,
    /// Also print the web process's PSS by kind of mapping at each measure.
    #[arg(long)]
    detail: bool,
    /// Soak round these screens only (their short names, comma-separated,
    /// e.g. `customers,customer`) instead of every screen: to find which
    /// screens the memory grows on.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// A diagnosis: the soak changes no screen and saves nothing; each
    /// "change" is ten calls to the shell through the page's IPC, as a
    /// screen makes them (a search, the sync status), so that what the IPC
    /// itself costs is told apart from what the screens cost.
    #[arg(long)]
    ipc_only: bool,
    /// A diagnosis: the soak draws, in the content's place, a list of 50
    /// rows of six cells and a button with its listener, made with the DOM
    /// alone (no screen of Atelier's, no IPC): what WebKit keeps of screens
    /// drawn and dropped, whatever the front end does.
    #[arg(long)]
    dom_only: bool,
    /// With `--dom-only`, what each list also holds, as the customers' and
    /// the vehicles' lists build their forms: `dialog`, a closed `<dialog>`
    /// with a form of ten fields and a select of 250 options; `form`, the
    /// same without the select; `select`, the select alone, in the page.
    #[arg(long)]
    extra: Option<String>,
}

/// Kibibytes of PSS by process name.
type Memory = BTreeMap<String, u64>;

fn mb(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

/// One line of the report: the total, each process, and what the page
/// holds (`dom`: its elements, or « — » for the minimal window).
fn report(label: &str, m: &Memory, dom: &str) -> u64 {
    let total: u64 = m.values().sum();
    let parts: Vec<String> = m
        .iter()
        .map(|(name, kib)| format!("{name} {}", mb(*kib)))
        .collect();
    println!("| {label} | {} | {} | {dom} |", mb(total), parts.join(", "));
    total
}

/// Measures the app `pid` now: its memory and the page's elements; with
/// `--detail`, the web process's memory by kind of mapping.
async fn measure(o: &Options, app: &App, pid: u32, label: &str) -> Result<u64> {
    let dom = app
        .client
        .execute(
            "const callbacks = window.__TAURI_INTERNALS__?.callbacks;
             return `${document.getElementsByTagName('*').length} (window: ${Object.keys(window).length} names, ${callbacks?.size ?? Object.keys(callbacks ?? {}).length} IPC callbacks)`;",
            vec![],
        )
        .await?;
    let total = report(label, &procs::pss(pid)?, dom.as_str().unwrap_or("?"));
    if o.detail {
        let kinds = procs::pss_by_mapping(pid, "WebKitWebProcess");
        let mut kinds: Vec<_> = kinds.into_iter().filter(|(_, kib)| *kib >= 1024).collect();
        kinds.sort_by_key(|(_, kib)| std::cmp::Reverse(*kib));
        let parts: Vec<String> = kinds
            .iter()
            .map(|(kind, kib)| format!("{kind} {}", mb(*kib)))
            .collect();
        println!(
            "|   web process by mapping, MB | {} | | |",
            parts.join(", ")
        );
    }
    Ok(total)
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

/// A stretch of the afternoon, walked inside the page so that WebDriver
/// holds nothing of it (WebKitWebDriver keeps every element it hands out,
/// and so the whole screen around it, until its session ends): `count`
/// screen changes round `hashes` from change `from` on, each waited for as
/// [`App::settle`] does; every `every`-th change also records the car
/// `vehicle`'s mileage on its page, 7 km more each time from `km`, typed
/// into the form and saved with its button. Resolves to
/// `{ok: [km, saves]}` or `{error}`.
const SOAK: &str = r#"
const [hashes, vehicle, startKm, from, count, every] = arguments;
const done = arguments[arguments.length - 1];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function settle() {
  const t0 = performance.now();
  let calm = 0;
  while (calm < 3) {
    const main = document.getElementById('content');
    const busy = !main.querySelector('h1') || /Chargement|Loading/.test(main.innerText)
      || Boolean(document.querySelector('[aria-busy=true]'));
    calm = busy ? 0 : calm + 1;
    if (performance.now() - t0 > 15000) throw new Error(`${location.hash} never finished drawing`);
    await sleep(150);
  }
}
async function saveMileage(km) {
  location.hash = `#/vehicules/${vehicle}`;
  await settle();
  const form = document.getElementById('mileage-form');
  form.elements.km.value = String(km);
  form.elements.km.dispatchEvent(new Event('input', { bubbles: true }));
  document.getElementById('mileage-save').click();
  const t0 = performance.now();
  while (form.elements.km.value !== '') {
    const refused = form.querySelector('.form-error')?.textContent.trim();
    if (refused) throw new Error(`the mileage ${km} was refused: ${refused}`);
    if (performance.now() - t0 > 15000) throw new Error(`the mileage ${km} was not saved`);
    await sleep(50);
  }
}
(async () => {
  let km = startKm;
  let saves = 0;
  for (let n = from + 1; n <= from + count; n++) {
    location.hash = hashes[n % hashes.length];
    await settle();
    if (n % every === 0) {
      km += 7;
      await saveMileage(km);
      saves += 1;
    }
  }
  return [km, saves];
})().then((ok) => done({ ok }), (e) => done({ error: String(e) }));
"#;

/// The soak of `--ipc-only`: `count` times ten IPC calls, no screen drawn.
const IPC_SOAK: &str = r#"
const [count] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const invoke = window.__TAURI__.core.invoke;
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < 5; i++) {
      await invoke('search', { query: i % 2 ? 'martin' : 'renault clio', limit: 8 });
      await invoke('sync_status');
    }
  }
  return [0, 0];
})().then((ok) => done({ ok }), (e) => done({ error: String(e) }));
"#;

/// The soak of `--dom-only`: `count` lists drawn with the DOM alone, each
/// replacing the one before and kept 450 ms on screen, as a settled screen.
const DOM_SOAK: &str = r#"
const [count, extra] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const content = document.getElementById('content');
  function select() {
    const s = document.createElement('select');
    for (let i = 0; i < 250; i++) s.append(new Option(`Pays ${i}`, `P${i}`));
    return s;
  }
  function dialog(withSelect) {
    const d = document.createElement('dialog');
    const form = document.createElement('form');
    for (let i = 0; i < 10; i++) {
      const label = document.createElement('label');
      label.textContent = `Champ ${i}`;
      const input = document.createElement('input');
      input.addEventListener('input', () => console.log(i));
      label.append(input);
      form.append(label);
    }
    if (withSelect) form.append(select());
    d.append(form);
    return d;
  }
  for (let n = 0; n < count; n++) {
    const section = document.createElement('section');
    section.className = 'screen';
    const title = document.createElement('h1');
    title.textContent = `Liste ${n}`;
    const table = document.createElement('table');
    const body = table.createTBody();
    for (let r = 0; r < 50; r++) {
      const row = body.insertRow();
      for (let c = 0; c < 6; c++) row.insertCell().textContent = `Client ${n}-${r}-${c}`;
      const button = document.createElement('button');
      button.textContent = 'Ouvrir';
      button.addEventListener('click', () => console.log(n, r));
      row.insertCell().append(button);
    }
    section.append(title, table);
    if (extra === 'dialog') section.append(dialog(true));
    if (extra === 'form') section.append(dialog(false));
    if (extra === 'select') section.append(select());
    content.replaceChildren(section);
    await sleep(450);
  }
  return [0, 0];
})().then((ok) => done({ ok }), (e) => done({ error: String(e) }));
"#;

async fn quiet() {
    tokio::time::sleep(Duration::from_secs(5)).await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let o = Options::parse();
    let (app_bin, minimal_bin) = (
        o.app.clone(),
        target_dir().join("release/examples/minimal-window"),
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
    println!("| measure | PSS, MB | by process, MB | elements in the page |");
    println!("| --- | --- | --- | --- |");
    let floor = report(
        "minimal Tauri 2 window",
        &minimal_window(&desktop, &minimal_bin)?,
        "—",
    );

    desktop.set_up_demo(o.customers)?;
    let places: Vec<Stop> = {
        let db = Db::open_in_dir(desktop.data_dir())?;
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
    let idle = measure(&o, &app, pid, "Atelier, signed in, idle").await?;

    for place in &places {
        app.go(&place.hash).await?;
        app.settle()
            .await
            .with_context(|| format!("on {}", place.name))?;
    }
    app.go("#/accueil").await?;
    app.settle().await?;
    quiet().await;
    let visited = measure(
        &o,
        &app,
        pid,
        &format!("after one visit of {} screens", places.len()),
    )
    .await?;

    let every = o
        .navigations
        .checked_div(o.saves)
        .map_or(usize::MAX, |n| n.max(1));
    let hashes: Vec<&str> = places
        .iter()
        .filter(|p| o.only.is_empty() || o.only.contains(&p.name))
        .map(|p| p.hash.as_str())
        .collect();
    if hashes.is_empty() {
        bail!("--only names no screen of the tour");
    }
    app.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(1800)),
            None,
            None,
        ))
        .await?;
    let started = Instant::now();
    let mut saved = 0;
    let mut n = 0;
    while n < o.navigations {
        let count = (o.navigations - n).min(200);
        let walked = if o.ipc_only {
            app.client
                .execute_async(IPC_SOAK, vec![serde_json::json!(count)])
                .await?
        } else if o.dom_only {
            app.client
                .execute_async(
                    DOM_SOAK,
                    vec![serde_json::json!(count), serde_json::json!(o.extra)],
                )
                .await?
        } else {
            app.client
                .execute_async(
                    SOAK,
                    vec![
                        serde_json::json!(hashes),
                        serde_json::json!(vehicle),
                        serde_json::json!(km),
                        serde_json::json!(n),
                        serde_json::json!(count),
                        serde_json::json!(every),
                    ],
                )
                .await?
        };
        if let Some(error) = walked.get("error") {
            bail!("the soak stopped after change {n}: {error}");
        }
        let (to_km, saves): (u32, usize) = serde_json::from_value(walked["ok"].clone())?;
        km = to_km;
        saved += saves;
        n += count;
        app.go("#/accueil").await?;
        app.settle().await?;
        quiet().await;
        measure(
            &o,
            &app,
            pid,
            &format!("soak: {n} screen changes, {saved} saves"),
        )
        .await?;
    }
    let soak = started.elapsed();
    tokio::time::sleep(Duration::from_secs(60)).await;
    let rested = measure(&o, &app, pid, "after a minute's rest").await?;
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

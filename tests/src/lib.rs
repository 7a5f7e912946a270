//! The end-to-end harness: the real `atelier-desktop` binary in a real
//! WebKitGTK window on a private Xvfb display, driven through tauri-driver over
//! WebDriver, the way a person uses it.
//!
//! Each [`Desktop`] owns its display, its driver on free ports and its data
//! directory, so scenarios are independent. When a scenario fails, a screenshot
//! of the window is saved under `target/e2e/<scenario>.png`.

pub mod places;
pub mod procs;

use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long to wait for something to appear before calling it a failure.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The debug build of the desktop app, which `scripts/test` builds first.
pub fn app_binary() -> Result<PathBuf> {
    let bin = target_dir().join("debug/atelier-desktop");
    if !bin.exists() {
        bail!(
            "{} is missing: run `cargo build -p atelier-desktop` first (scripts/test does)",
            bin.display()
        );
    }
    Ok(bin.canonicalize()?)
}

/// A child process stopped when dropped.
#[derive(Debug)]
struct Guard {
    child: Child,
    how: Stop,
}

/// How a [`Guard`] stops its process.
#[derive(Clone, Copy, Debug)]
enum Stop {
    /// SIGTERM, so the process cleans up after itself (Xvfb removes its lock
    /// file and socket; killed with SIGKILL it would leave them behind).
    Terminate,
    /// SIGKILL to the whole process group the child leads: tauri-driver starts
    /// WebKitWebDriver, which starts the app, and none may outlive the test.
    KillGroup,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if matches!(self.how, Stop::KillGroup) {
            // The leader's own children first: dbus-run-session's D-Bus
            // daemon (a keyring session) is not in the group, and a killed
            // leader cannot stop it: it would outlive every scenario and use
            // up the system's inotify instances.
            Command::new("pkill")
                .args(["-KILL", "-P", &self.child.id().to_string()])
                .stderr(Stdio::null())
                .status()
                .ok();
        }
        let (signal, target) = match self.how {
            Stop::Terminate => ("-TERM", self.child.id().to_string()),
            Stop::KillGroup => ("-KILL", format!("-{}", self.child.id())),
        };
        let sent = Command::new("kill")
            .args([signal, "--", &target])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !sent {
            self.child.kill().ok();
        }
        self.child.wait().ok();
    }
}

/// An X display and a WebDriver endpoint able to launch the app.
#[derive(Debug)]
pub struct Desktop {
    display: String,
    driver_url: String,
    data: tempfile::TempDir,
    // Fields drop in declaration order: the driver before the display.
    _driver: Guard,
    _xvfb: Guard,
    // The home of the keyring's desktop session, removed once all is stopped.
    _home: tempfile::TempDir,
}

impl Desktop {
    /// Starts a private Xvfb display and a tauri-driver on free ports, with a
    /// fresh empty data directory for the app.
    pub fn start() -> Result<Desktop> {
        Desktop::start_with(false, &[])
    }

    /// The same, with the app in a desktop session of its own that has an
    /// unlocked OS keyring (a private D-Bus session and GNOME Keyring, in a
    /// home directory of its own), as a station that enrols for sync needs.
    pub fn start_with_keyring() -> Result<Desktop> {
        Desktop::start_with(true, &[])
    }

    /// [`Desktop::start`], with `env` set for the app, e.g. `TZ` for the
    /// window's local day to be the one a scenario set its records on.
    pub fn start_with_env(env: &[(&str, &str)]) -> Result<Desktop> {
        Desktop::start_with(false, env)
    }

    /// [`Desktop::start_with_keyring`], with `env` set for the app, e.g.
    /// `ATELIER_SYNC_EVERY_S` for background sync rounds a few seconds apart.
    pub fn start_with_keyring_and_env(env: &[(&str, &str)]) -> Result<Desktop> {
        Desktop::start_with(true, env)
    }

    fn start_with(keyring: bool, env: &[(&str, &str)]) -> Result<Desktop> {
        let (display, xvfb) = start_xvfb()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let logs = target_dir().join("e2e");
        std::fs::create_dir_all(&logs)?;
        let log = std::fs::File::create(logs.join(format!("tauri-driver-{port}.log")))?;
        let home = tempfile::tempdir()?;
        // Every window gets a D-Bus session of its own, stopped with it: left
        // to itself the app would start one per display (and an
        // accessibility bus) that outlive the scenario.
        let unlock = if keyring {
            "eval \"$(printf atelier | gnome-keyring-daemon --unlock --components=secrets)\"; "
        } else {
            ""
        };
        let mut driver = Command::new("dbus-run-session");
        driver
            .args(["--", "sh", "-c", &format!("{unlock}exec \"$0\" \"$@\"")])
            .arg(tauri_driver())
            .env("NO_AT_BRIDGE", "1");
        if keyring {
            driver.env("HOME", home.path());
        }
        let driver = driver
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", &display)
            // Printed papers are written but not opened in a viewer
            // (`ATELIER_NO_VIEWER`, read by the desktop shell).
            .env("ATELIER_NO_VIEWER", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .process_group(0)
            .spawn()
            .with_context(|| {
                format!(
                    "starting tauri-driver (scripts/setup installs it{})",
                    if keyring {
                        ", with dbus-run-session and gnome-keyring"
                    } else {
                        ""
                    }
                )
            })?;
        let driver = Guard {
            child: driver,
            how: Stop::KillGroup,
        };
        wait_for_port(port)?;
        Ok(Desktop {
            display,
            driver_url: format!("http://127.0.0.1:{port}"),
            data: tempfile::tempdir()?,
            _home: home,
            _xvfb: xvfb,
            _driver: driver,
        })
    }

    /// The app's data directory, kept across launches of this desktop.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The X display the window is on.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Whether a top-level X window with exactly this title is shown on the
    /// display, within a few seconds: Atelier's window opens hidden and is
    /// shown once its page has drawn its first screen, just after the page
    /// is ready.
    pub fn has_window_titled(&self, title: &str) -> Result<bool> {
        let start = Instant::now();
        loop {
            let out = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
                .env("DISPLAY", &self.display)
                .output()
                .context("running xdotool (scripts/setup installs it)")?;
            if out.status.success() && !out.stdout.is_empty() {
                return Ok(true);
            }
            if start.elapsed() > Duration::from_secs(5) {
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Launches the app on this desktop's data directory and waits until its
    /// frame is on screen.
    pub async fn launch(&self) -> Result<App> {
        self.launch_with(&app_binary()?, self.data_dir()).await
    }

    /// [`Desktop::launch`] with another build of the app on another data
    /// directory: the benchmarks launch the release build, on a database
    /// they keep from one run to the next.
    pub async fn launch_with(&self, binary: &Path, data: &Path) -> Result<App> {
        let caps = json!({
            "tauri:options": {
                "application": binary,
                "args": ["--data-dir", data],
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("built as an object above")
        };
        // An app that never shows its window (it could not open its
        // database, say) must fail the scenario, not hang the run.
        let client = tokio::time::timeout(
            Duration::from_secs(90),
            ClientBuilder::native()
                .capabilities(caps)
                .connect(&self.driver_url),
        )
        .await
        .context("the app's window did not open within 90 s")?
        .context("opening a WebDriver session on the app")?;
        let app = App { client };
        // Set by ui/app.js once the frame is drawn in the user's language.
        app.wait_for("html[data-booted]").await?;
        Ok(app)
    }

    /// Gives this desktop's database the demo workshop and its accounts
    /// (`gerant`/PIN 1234 owner, `accueil`/2345 front desk, `meca`/3456
    /// mechanic), as `atelier demo` does, unless it is set up already.
    pub fn set_up_workshop(&self) -> Result<()> {
        set_up_workshop(&mut atelier_core::Db::open_in_dir(self.data_dir())?)
    }

    /// Gives this desktop's database the demo workshop (see
    /// [`Desktop::set_up_workshop`]) and `customers` customers more, with
    /// their cars, orders, invoices and stock, as `atelier demo` makes them
    /// (seed 7).
    pub fn set_up_demo(&self, customers: u32) -> Result<()> {
        demo_workshop(self.data_dir(), customers)
    }

    /// Puts a customer and their car on file, as an import would have, and
    /// returns the car's id.
    pub fn add_car(
        &self,
        customer: atelier_core::customers::CustomerInput,
        vehicle: atelier_core::vehicles::VehicleInput,
    ) -> Result<atelier_domain::VehicleId> {
        const ON_FILE: u64 = 1_763_700_000_000;
        let mut db = atelier_core::Db::open_in_dir(self.data_dir())?;
        let car = db.write(|tx| {
            let c = atelier_core::customers::create(tx, ON_FILE, &customer)?;
            let input = atelier_core::vehicles::VehicleInput {
                customer_id: Some(c.id.to_string()),
                ..vehicle
            };
            atelier_core::vehicles::create(tx, ON_FILE, &input)
        })?;
        Ok(car.id)
    }

    /// Puts on file a customer, their car and a repair order of `lines` the
    /// customer signed, moved on to `status` (in progress or done), as the
    /// front desk and the bench would have; returns the order's id.
    pub fn signed_order(
        &self,
        customer: atelier_core::customers::CustomerInput,
        vehicle: atelier_core::vehicles::VehicleInput,
        lines: &[atelier_core::orders::LineInput],
        status: atelier_core::orders::OrderStatus,
    ) -> Result<atelier_domain::OrderId> {
        use atelier_core::orders::{self, Approval, OrderInput, OrderStatus};
        const ON_FILE: u64 = 1_763_700_000_000;
        let (fr, system) = (
            atelier_domain::Locale::Fr,
            atelier_core::access::Actor::system(),
        );
        let car = self.add_car(customer, vehicle)?;
        let mut db = atelier_core::Db::open_in_dir(self.data_dir())?;
        let id = db.write(|tx| {
            let v = atelier_core::vehicles::get(tx, car)?;
            let header = OrderInput {
                customer_id: Some(v.customer_id.to_string()),
                vehicle_id: Some(car.to_string()),
                ..OrderInput::default()
            };
            let order = orders::create(tx, ON_FILE, &system, &header, fr)?;
            orders::add_lines(tx, ON_FILE, order.id, lines, fr)?;
            let approval = Approval {
                signer_name: "Client".into(),
                // A PNG's signature bytes: what core checks of a drawn signature.
                signature_png: [b"\x89PNG\r\n\x1a\n".as_slice(), &[0; 64]].concat(),
                recycled_parts_accepted: None,
                accepted_on: String::new(),
            };
            orders::accept_estimate(tx, ON_FILE, &system, order.id, &approval)?;
            orders::change_status(
                tx,
                ON_FILE,
                &system,
                order.id,
                OrderStatus::InProgress,
                None,
            )?;
            if status == OrderStatus::Done {
                orders::change_status(tx, ON_FILE, &system, order.id, OrderStatus::Done, None)?;
            }
            Ok(order.id)
        })?;
        Ok(id)
    }

    /// Launches the app on the demo workshop and switches to `login` by PIN.
    pub async fn launch_as(&self, login: &str, pin: &str) -> Result<App> {
        self.set_up_workshop()?;
        let app = self.launch().await?;
        app.switch_to(login, pin).await?;
        Ok(app)
    }

    /// Runs one scenario: on failure, saves a screenshot of the last window
    /// under `target/e2e/<name>.png` and returns the error.
    pub async fn scenario<F, Fut>(&self, name: &str, f: F) -> Result<()>
    where
        F: FnOnce(Recorder) -> Fut,
        Fut: Future<Output = Result<()>>,
    {
        let recorder = Recorder::default();
        let Err(e) = f(recorder.clone()).await else {
            return Ok(());
        };
        let Some(client) = recorder.last() else {
            return Err(e.context(format!("scenario {name} failed before a window opened")));
        };
        let dir = target_dir().join("e2e");
        let path = dir.join(format!("{name}.png"));
        let saved = match client.screenshot().await {
            Ok(png) => std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&path, png))
                .map(|()| format!("screenshot: {}", path.display()))
                .unwrap_or_else(|err| format!("screenshot not saved: {err}")),
            Err(err) => format!("screenshot not taken: {err}"),
        };
        client.close().await.ok();
        Err(e.context(format!("scenario {name} failed ({saved})")))
    }
}

fn set_up_workshop(db: &mut atelier_core::Db) -> Result<()> {
    db.write(|tx| {
        atelier_demo::set_up_workshop(tx, 1_763_700_000_000, atelier_domain::Locale::Fr)
    })?;
    Ok(())
}

/// Fills the database in `dir` (made if needed) with the demo workshop and
/// `customers` customers more, as [`Desktop::set_up_demo`] does: the
/// benchmarks keep such a database from one run to the next.
pub fn demo_workshop(dir: &Path, customers: u32) -> Result<()> {
    let mut db = atelier_core::Db::open_in_dir(dir)?;
    set_up_workshop(&mut db)?;
    let now = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis(),
    )?;
    atelier_demo::generate(
        &mut db,
        &atelier_demo::DemoOptions { customers, seed: 7 },
        now,
    )?;
    Ok(())
}

/// Remembers the scenario's current window, for the screenshot on failure.
#[derive(Clone, Debug, Default)]
pub struct Recorder(std::sync::Arc<std::sync::Mutex<Option<Client>>>);

impl Recorder {
    /// Marks `app` as the window to photograph if the scenario fails.
    pub fn watch(&self, app: &App) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(app.client.clone());
    }

    fn last(&self) -> Option<Client> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// The running app, seen through WebDriver.
#[derive(Debug)]
pub struct App {
    /// The WebDriver session on the app's window.
    pub client: Client,
}

impl App {
    /// Waits for an element to exist. A page that starts over meanwhile (the
    /// window reloads itself once its database is open, recovery.js) cuts
    /// WebDriver's search short ("before the unload event"): it is searched
    /// again in the new page.
    pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element> {
        let start = Instant::now();
        loop {
            let left = PATIENCE.saturating_sub(start.elapsed());
            match self
                .client
                .wait()
                .at_most(left)
                .for_element(Locator::Css(css))
                .await
            {
                Err(e) if e.to_string().contains("unload") && !left.is_zero() => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                found => return found.with_context(|| format!("waiting for {css}")),
            }
        }
    }

    /// The element's text as rendered (`innerText`). WebDriver's own "element
    /// text" comes back empty for table cells in WebKitWebDriver.
    async fn inner_text(&self, css: &str) -> Result<String> {
        let el = self.client.find(Locator::Css(css)).await?;
        Ok(el.prop("innerText").await?.unwrap_or_default())
    }

    /// Waits until the element's visible text contains `text`, and returns it.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<String> {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < PATIENCE {
            if let Ok(seen) = self.inner_text(css).await {
                if seen.contains(text) {
                    return Ok(seen);
                }
                last = seen;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("waited {PATIENCE:?} for {css} to say {text:?}; it said {last:?}")
    }

    /// Clicks the element, scrolled to the middle of its scroll area first.
    /// A screen that redraws between finding the element and clicking it
    /// (a list refreshed by a search) replaces the node: it is found again.
    pub async fn click(&self, css: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            let el = self.wait_for(css).await?;
            self.centre(css).await?;
            match el.click().await {
                Ok(()) => return Ok(()),
                Err(e) if e.to_string().contains("was not found") && start.elapsed() < PATIENCE => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e).with_context(|| format!("clicking {css}")),
            }
        }
    }

    /// Scrolls the element to the middle of its scrolling box, as a person
    /// scrolls to what they are about to use: WebKitWebDriver's own scrolling
    /// leaves an element at the edge of a dialog's scroll area unusable.
    async fn centre(&self, css: &str) -> Result<()> {
        self.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({block: 'center'});",
                vec![serde_json::Value::from(css)],
            )
            .await?;
        Ok(())
    }

    /// Types `text` into the input, after clearing it, once it is on screen.
    /// A node replaced by a redraw meanwhile is found again.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            match self.try_fill(css, text).await {
                Err(e) if stale(&e) && start.elapsed() < PATIENCE => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                done => return done,
            }
        }
    }

    async fn try_fill(&self, css: &str, text: &str) -> Result<()> {
        let el = self.wait_for(css).await?;
        let start = Instant::now();
        while !el.is_displayed().await.unwrap_or(false) {
            if start.elapsed() > PATIENCE {
                bail!("{css} never became visible");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.centre(css).await?;
        el.clear()
            .await
            .with_context(|| format!("clearing {css}"))?;
        el.send_keys(text)
            .await
            .with_context(|| format!("typing into {css}"))
    }

    /// An attribute of the first element matching `css` as the page holds it
    /// now (read in the page, so a redraw in between cannot fail it).
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>> {
        let v = self
            .client
            .execute(
                "return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null;",
                vec![serde_json::Value::from(css), serde_json::Value::from(name)],
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// The element's visible text.
    pub async fn text(&self, css: &str) -> Result<String> {
        self.wait_for(css).await?;
        self.inner_text(css).await
    }

    /// How many elements match.
    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// The violations of impact serious or critical axe-core finds on the
    /// page as it is now, each as one line; axe-core (the pinned npm
    /// package) is injected once per page load.
    pub async fn axe_violations(&self) -> Result<Vec<String>> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if loaded != serde_json::Value::Bool(true) {
            let axe = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js"),
            )
            .context("axe-core is installed by `npm ci` (scripts/lint-ui, run by scripts/test)")?;
            let loaded = self
                .client
                .execute(
                    &format!("{axe}\nreturn typeof window.axe === 'object';"),
                    vec![],
                )
                .await?;
            ensure!(
                loaded == serde_json::Value::Bool(true),
                "axe-core did not load in the page"
            );
        }
        let violations = self.client.execute_async(AXE, vec![]).await?;
        Ok(serde_json::from_value(violations)?)
    }

    /// Saves a screenshot of the window.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.client.screenshot().await?)?;
        Ok(())
    }

    /// The owner's recovery-key sheet, shown after the set-up or the
    /// encryption of a plain database at its first sign-in: reads the key,
    /// ticks that it was noted and closes the sheet, as the owner does.
    pub async fn note_recovery_key(&self) -> Result<String> {
        let key = self.wait_for_text("#recovery-key", "-").await?;
        self.click("#recovery-noted").await?;
        self.click("#recovery-done").await?;
        let start = Instant::now();
        while self.count("#recovery-dialog").await? > 0 {
            if start.elapsed() > PATIENCE {
                bail!("the recovery key's sheet did not close");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(key.trim().to_owned())
    }

    /// On the switch screen: taps `login`'s tile, types the PIN, and waits
    /// for the frame to show them signed in.
    pub async fn switch_to(&self, login: &str, pin: &str) -> Result<()> {
        self.wait_for("#switch-screen").await?;
        self.click(&format!("#switch-users [data-login={login}]"))
            .await?;
        self.fill("#switch-pin", pin).await?;
        self.click("#pin-submit").await?;
        let start = Instant::now();
        while self.client.find(Locator::Css("body.gated")).await.is_ok() {
            if start.elapsed() > PATIENCE {
                let said = self.inner_text("#switch-error").await.unwrap_or_default();
                bail!("{login} could not switch in: {said:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Chooses the option of value `value` in the `<select>` at `css`, as a
    /// person picking it would (the change event fires).
    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        self.wait_for(css).await?;
        self.client
            .execute(
                "const s = document.querySelector(arguments[0]);
                 s.value = arguments[1];
                 if (s.value !== arguments[1]) throw new Error('no option ' + arguments[1]);
                 s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![css.into(), value.into()],
            )
            .await
            .with_context(|| format!("choosing {value} in {css}"))?;
        Ok(())
    }

    /// Draws a stroke across the canvas at `css` with pointer events, as a
    /// finger or a mouse signing would.
    pub async fn draw_on(&self, css: &str) -> Result<()> {
        self.wait_for(css).await?;
        self.client
            .execute(
                "const c = document.querySelector(arguments[0]);
                 const r = c.getBoundingClientRect();
                 const at = (type, x, y) => c.dispatchEvent(new PointerEvent(type, {
                   clientX: r.left + x * r.width, clientY: r.top + y * r.height,
                   pointerId: 1, pointerType: 'touch', bubbles: true }));
                 at('pointerdown', 0.1, 0.5);
                 for (let i = 1; i <= 24; i++) at('pointermove', 0.1 + i * 0.03, 0.5 + Math.sin(i / 2) * 0.3);
                 at('pointerup', 0.82, 0.5);",
                vec![css.into()],
            )
            .await
            .with_context(|| format!("drawing on {css}"))?;
        Ok(())
    }

    /// Goes to `hash` as if typed in an address bar (there is none).
    pub async fn go(&self, hash: &str) -> Result<()> {
        self.client
            .execute(
                "location.hash = arguments[0];",
                vec![serde_json::Value::from(hash)],
            )
            .await?;
        Ok(())
    }

    /// Waits until the screen has finished drawing: a title, nothing
    /// loading, nothing busy, three times in a row 150 ms apart. A look
    /// that WebKitWebDriver could not answer (the screen was being
    /// replaced under it) counts as busy.
    pub async fn settle(&self) -> Result<()> {
        let start = Instant::now();
        let mut calm = 0;
        while calm < 3 {
            let busy = self
                .client
                .execute(
                    "const main = document.getElementById('content');
                     const text = main.innerText;
                     return !main.querySelector('h1') || /Chargement|Loading/.test(text)
                       || Boolean(document.querySelector('[aria-busy=true]'));",
                    vec![],
                )
                .await;
            calm = if matches!(busy, Ok(serde_json::Value::Bool(false))) {
                calm + 1
            } else {
                0
            };
            if start.elapsed() > PATIENCE {
                let why = busy.err().map(|e| format!(" ({e})")).unwrap_or_default();
                bail!("the screen never finished drawing{why}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Ok(())
    }

    /// Closes the window, which quits the app.
    pub async fn quit(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// Runs axe-core on the page; resolves to the serious and critical violations.
const AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] }).then((result) => {
  done(result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}, (error) => done([`axe failed: ${error}`]));
"#;

/// The text of a PDF, as `pdftotext` reads it (layout kept, so a table's
/// row reads as one line).
pub fn pdf_text(path: &Path) -> Result<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .context("running pdftotext (poppler-utils, installed by scripts/setup)")?;
    ensure!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    Ok(String::from_utf8(out.stdout)?)
}

/// The path a « saved at … » notice names (the text after its colon).
pub fn path_in(toast: &str) -> Result<String> {
    toast
        .split_once(": ")
        .or_else(|| toast.split_once("\u{a0}: "))
        .map(|(_, p)| p.trim().to_owned())
        .context("the path in the notice")
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for_port(port: u16) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("tauri-driver did not listen on port {port}")
}

/// Starts Xvfb on a display it picks itself (`-displayfd`: it writes the
/// number once it is ready to accept clients), so parallel runs never collide.
fn start_xvfb() -> Result<(String, Guard)> {
    let child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting Xvfb (scripts/setup installs it)")?;
    let mut guard = Guard {
        child,
        how: Stop::Terminate,
    };
    let stdout = guard.child.stdout.take().context("Xvfb's stdout")?;
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)?;
    let number: u32 = line
        .trim()
        .parse()
        .with_context(|| format!("Xvfb did not report a display (it said {line:?})"))?;
    Ok((format!(":{number}"), guard))
}

/// Whether WebDriver said the element was replaced (the screen redrew).
fn stale(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.to_string().contains("was not found"))
}

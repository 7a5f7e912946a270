//! The tour: every screen and the main dialogs of the demo workshop, opened
//! as the owner in French and in English, at 1280×800 and at a small
//! workshop PC's 1024×768. Each is photographed into `target/e2e/tour/`
//! and read in the page:
//! - no text cut off or spilling out of its box (`scrollWidth >
//!   clientWidth` on an element holding text, unless it scrolls on purpose
//!   or says its whole text in a `title`);
//! - no translation key shown raw, no `{placeholder}` left, no « null »,
//!   « undefined » or « NaN »;
//! - in French, none of a few English words that would betray an
//!   untranslated text;
//! - axe-core (the pinned npm package, injected over WebDriver) finds no
//!   violation of impact serious or critical;
//! - Tab shows where the keyboard is on every element it reaches, and
//!   stays in an open dialog; a dialog closes with Escape; the bench's
//!   buttons are at least 44 px high, for gloved hands.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use atelier_core::Db;
use atelier_e2e::places::{Stop, stops};
use atelier_e2e::{App, Desktop, PATIENCE, target_dir};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

/// The window sizes: a common laptop's and a small workshop PC's.
const SIZES: [(u32, u32); 2] = [(1280, 800), (1024, 768)];

/// Words of English that a French screen must not show. Chosen so that no
/// French word, name or demo datum is one of them.
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "and",
    "with",
    "from",
    "Save",
    "Cancel",
    "Close",
    "Delete",
    "Edit",
    "Search",
    "Loading",
    "Customer",
    "Customers",
    "Vehicle",
    "Vehicles",
    "Invoice",
    "Invoices",
    "Settings",
    "Order",
    "Orders",
    "Payment",
    "Error",
    "Yes",
    "None",
    "Unknown",
    "Italy",
    "Germany",
    "Spain",
    "United",
];

/// What the page is checked for, in the page: returns a list of problems.
const CHECK: &str = r#"
const [french, englishWords, namespaces] = arguments;
const problems = [];
const scope = document.querySelector('dialog[open]') ?? document.body;
const shown = (el) => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  for (let e = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
  }
  return true;
};
const label = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
for (const el of scope.querySelectorAll('h1, h2, h3, h4, legend, label, th, td, button, a, p, dt, dd, li, summary, .badge, span, strong')) {
  if (!shown(el)) continue;
  const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  if (!own || el.closest('.visually-hidden')) continue;
  const style = getComputedStyle(el);
  if (style.display === 'inline') continue;
  if (['auto', 'scroll'].includes(style.overflowX)) continue;
  if (el.scrollWidth > el.clientWidth + 1 && !(el.title && el.title.includes(own))) {
    problems.push(`text cut off or spilling: ${label(el)} « ${el.textContent.trim().slice(0, 60)} » (${el.scrollWidth} > ${el.clientWidth} px)`);
  }
}
// A legend cut by the top of its scrolling box (a dialog's body).
for (const legend of scope.querySelectorAll('legend')) {
  if (!shown(legend)) continue;
  for (let box = legend.parentElement; box && box !== document.body; box = box.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowY)) {
      if (box.scrollTop === 0 && legend.getBoundingClientRect().top < box.getBoundingClientRect().top - 1) {
        problems.push(`a legend cut by the top of its box: « ${legend.textContent.trim()} »`);
      }
      break;
    }
  }
}
// A list wider than the window hides columns behind a sideways scroll.
for (const table of scope.querySelectorAll('table')) {
  if (!shown(table)) continue;
  for (let box = table.parentElement; box && box.id !== 'content' && box !== scope.parentElement; box = box.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth + 1) {
      problems.push(`a table wider than its place: ${label(table)} in ${label(box)} (${box.scrollWidth} > ${box.clientWidth} px)`);
      break;
    }
  }
}
// A screen wider than the window: name what sticks out furthest.
const main = document.getElementById('content');
if (scope === document.body && main.scrollWidth > main.clientWidth + 1) {
  const edge = main.getBoundingClientRect().left + main.clientWidth;
  let worst = null;
  let right = edge + 1;
  for (const el of main.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right >= right) { worst = el; right = box.right; }
  }
  problems.push(`the screen is wider than the window (${main.scrollWidth} > ${main.clientWidth} px)${worst ? `: ${label(worst)} « ${worst.textContent.trim().slice(0, 40)} » ends at ${Math.round(right)} px` : ''}`);
}
// The hints that document message templates name their {placeholders} and
// a JSON body's English field names on purpose: they are read apart.
const hints = [...scope.querySelectorAll('.hint')].map((el) => el.innerText);
const text = hints.reduce((all, hint) => all.replace(hint, ''), scope.innerText);
const attributes = [...scope.querySelectorAll('[title], [aria-label], [placeholder]')]
  .flatMap((el) => ['title', 'aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
const everything = [text, ...attributes].join('\n');
const key = new RegExp(`(?:^|[^\\w@./-])((?:${namespaces.join('|')})\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*)(?![\\w@-])`, 'm');
const raw = key.exec(everything);
if (raw) problems.push(`a translation key shown raw: ${raw[1]}`);
const placeholder = /\{[a-z_]+\}/.exec(everything);
if (placeholder) problems.push(`a placeholder left in the text: ${placeholder[0]}`);
const nothing = /\b(null|undefined|NaN)\b/.exec(everything);
if (nothing) problems.push(`« ${nothing[1]} » shown: …${everything.slice(Math.max(0, nothing.index - 40), nothing.index + 20)}…`);
if (french) {
  for (const word of englishWords) {
    const found = new RegExp(`(?:^|[^\\p{L}])${word}(?:$|[^\\p{L}])`, 'u').exec(text);
    if (found) problems.push(`English in the French interface: « ${word} » in …${text.slice(Math.max(0, found.index - 30), found.index + 30).replace(/\n/g, ' ')}…`);
  }
}
return problems;
"#;

/// The translation catalogues' namespaces (`customer`, `order`…): text that
/// starts with one and a dot is a key shown raw.
fn namespaces() -> Result<Vec<String>> {
    let catalogue = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/i18n/fr.js"),
    )?;
    let mut found = BTreeSet::new();
    for line in catalogue.lines() {
        let line = line.trim_start();
        let Some(rest) = line.strip_prefix(['\'', '"']) else {
            continue;
        };
        if let Some((namespace, _)) = rest.split_once('.')
            && !namespace.is_empty()
            && namespace
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
        {
            found.insert(namespace.to_owned());
        }
    }
    Ok(found.into_iter().collect())
}

/// What is wrong on the page as it is now.
async fn problems(app: &App, french: bool, namespaces: &[String]) -> Result<Vec<String>> {
    let found = app
        .client
        .execute(
            CHECK,
            vec![json!(french), json!(ENGLISH_WORDS), json!(namespaces)],
        )
        .await?;
    let mut problems: Vec<String> = serde_json::from_value(found)?;
    problems.extend(app.axe_violations().await?);
    Ok(problems)
}

/// Presses Tab as a person without a mouse would: each element reached shows
/// where the keyboard is (an outline or a ring), and in a dialog the keyboard
/// stays in the dialog.
async fn tab_through(app: &App, in_dialog: bool) -> Result<Vec<String>> {
    const PRESSES: usize = 12;
    let mut problems = BTreeSet::new();
    let mut reached = BTreeSet::new();
    for _ in 0..PRESSES {
        let tab = char::from(Key::Tab);
        app.client
            .perform_actions(
                KeyActions::new("keyboard".into())
                    .then(KeyAction::Down { value: tab })
                    .then(KeyAction::Up { value: tab }),
            )
            .await?;
        let seen = app
            .client
            .execute(
                "const el = document.activeElement;
                 if (!el || el === document.body) return null;
                 const style = getComputedStyle(el);
                 const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                   || style.boxShadow !== 'none';
                 const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} « ${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)} »`;
                 return { ring, name, inDialog: Boolean(el.closest('dialog[open]')) };",
                vec![],
            )
            .await?;
        if seen.is_null() {
            continue;
        }
        let name = seen["name"].as_str().unwrap_or_default();
        reached.insert(name.to_owned());
        if seen["ring"] != Value::Bool(true) {
            problems.insert(format!("no visible focus on {name}"));
        }
        if in_dialog && seen["inDialog"] != Value::Bool(true) {
            problems.insert(format!("the keyboard left the dialog for {name}"));
        }
    }
    if reached.len() < 3 {
        problems.insert(format!("Tab reaches almost nothing: {reached:?}"));
    }
    Ok(problems.into_iter().collect())
}

/// What every pass of the tour shares.
#[derive(Clone, Copy)]
struct Tour<'a> {
    stops: &'a [Stop],
    /// Where the pictures go.
    shots: &'a std::path::Path,
    /// The catalogues' namespaces.
    namespaces: &'a [String],
}

/// One pass of the tour in the current language and size; returns what it found.
async fn walk(
    app: &App,
    tour: &Tour<'_>,
    prefix: &str,
    french: bool,
    keyboard: bool,
) -> Result<Vec<String>> {
    let Tour {
        stops,
        shots,
        namespaces,
    } = *tour;
    let mut found = Vec::new();
    for stop in stops {
        app.go(&stop.hash).await?;
        app.settle()
            .await
            .with_context(|| format!("{prefix} {}", stop.name))?;
        if let Some(button) = stop.opens {
            app.click(button).await?;
            app.wait_for("dialog[open]").await?;
            if let Some(button) = stop.then {
                app.click(button).await?;
                app.wait_for("dialog[open] .form-error:not(:empty)").await?;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        app.screenshot(&shots.join(format!("{prefix}-{}.png", stop.name)))
            .await?;
        let mut seen = BTreeSet::new();
        for problem in problems(app, french, namespaces).await? {
            // One line for the same fault in every row of a table.
            let kind = problem.split(" « ").next().unwrap_or(&problem).to_owned();
            if seen.insert(kind) {
                found.push(format!("{prefix} {}: {problem}", stop.name));
            }
        }
        if keyboard {
            for problem in tab_through(app, stop.opens.is_some()).await? {
                found.push(format!("{prefix} {}: {problem}", stop.name));
            }
        }
        if stop.opens.is_some() {
            // A dialog closes with Escape and gives the keyboard back.
            app.wait_for("dialog[open]")
                .await?
                .send_keys(&char::from(Key::Escape).to_string())
                .await?;
            let start = Instant::now();
            while app.count("dialog[open]").await? > 0 {
                if start.elapsed() > PATIENCE {
                    found.push(format!(
                        "{prefix} {}: Escape does not close the dialog",
                        stop.name
                    ));
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        if stop.name == "bench-job" {
            let small = app
                .client
                .execute(
                    "return [...document.querySelectorAll('#content button')]
                       .filter((b) => b.getBoundingClientRect().height > 0 && b.getBoundingClientRect().height < 44)
                       .map((b) => `${b.id || b.textContent.trim()} (${Math.round(b.getBoundingClientRect().height)} px)`);",
                    vec![],
                )
                .await?;
            for button in serde_json::from_value::<Vec<String>>(small)? {
                found.push(format!(
                    "{prefix} bench-job: a button too small for gloved hands: {button}"
                ));
            }
        }
    }
    Ok(found)
}

#[tokio::test]
async fn every_screen_reads_well_in_both_languages_at_both_sizes_and_passes_axe() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_demo(120)?;
    let stops = stops(&Db::open_in_dir(desktop.data_dir())?)?;
    let namespaces = &namespaces()?;
    let shots: PathBuf = target_dir().join("e2e/tour");
    std::fs::create_dir_all(&shots)?;
    desktop
        .scenario("tour", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            let mut found = Vec::new();
            for (locale, french) in [("fr", true), ("en", false)] {
                app.go("#/reglages").await?;
                app.select("select#locale", locale).await?;
                app.wait_for_text("nav", if french { "Réglages" } else { "Settings" })
                    .await?;
                for (width, height) in SIZES {
                    app.client.set_window_size(width, height).await?;
                    let prefix = format!("{locale}-{width}x{height}");
                    // The keyboard is tried once, in French on the larger window.
                    let keyboard = french && width == SIZES[0].0;
                    let tour = Tour {
                        stops: &stops,
                        shots: &shots,
                        namespaces,
                    };
                    found.extend(walk(&app, &tour, &prefix, french, keyboard).await?);
                }
            }
            ensure!(
                found.is_empty(),
                "{} problems on the tour:\n{}",
                found.len(),
                found.join("\n")
            );
            app.quit().await?;
            Ok(())
        })
        .await
}

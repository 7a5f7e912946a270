//! `atelier obd`: read a car through an ELM327 adapter, or clear its codes,
//! for support and scripts; no database needed. Each code is shown with
//! its French title from the trouble-code library.

use anyhow::Context;
use atelier_domain::Locale;
use atelier_dtc::library;
use atelier_obd::{Adapter, Code, Engine, Options, Reading};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::say;

/// `atelier obd read|clear`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the car: stored and pending codes with their titles, the
    /// warning light and readiness monitors, the freeze frame, live values,
    /// the VIN. Parts that could not be read are listed as warnings.
    Read {
        #[command(flatten)]
        target: Target,
        /// The language of the answer and of errors: fr or en.
        #[arg(long, default_value = "fr")]
        lang: Locale,
        /// Print JSON instead of lines, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Clear the codes, the freeze frame and the monitors' results (mode
    /// 04). Asks for --yes: the warning light goes out and the monitors
    /// start again from « not complete ».
    Clear {
        #[command(flatten)]
        target: Target,
        /// Confirm the clearing.
        #[arg(long)]
        yes: bool,
        /// The language of the answer and of errors: fr or en.
        #[arg(long, default_value = "fr")]
        lang: Locale,
    },
}

/// Where the adapter is: one of --port or --address.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct Target {
    /// The adapter's serial port: /dev/ttyUSB0, /dev/rfcomm0.
    #[arg(long)]
    port: Option<String>,
    /// A Wi-Fi adapter's address, host:port (often 192.168.0.10:35000).
    #[arg(long)]
    address: Option<String>,
}

impl Target {
    fn adapter(&self) -> Adapter {
        match (&self.port, &self.address) {
            (Some(port), _) => Adapter::serial(port),
            (None, Some(address)) => Adapter::tcp(address),
            // clap requires one of the two.
            (None, None) => Adapter::tcp(""),
        }
    }
}

/// Runs `atelier obd …`.
pub fn run(command: &Command) -> anyhow::Result<()> {
    match command {
        Command::Read { target, lang, json } => read(target, *lang, *json),
        Command::Clear { target, yes, lang } => clear(target, *yes, *lang),
    }
}

/// What `--json` prints: the reading, each code's title and each
/// warning's sentence in `--lang`.
#[derive(Debug, Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    reading: &'a Reading,
    titles: Vec<Title>,
    messages: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Title {
    code: Code,
    title: String,
}

fn read(target: &Target, locale: Locale, json: bool) -> anyhow::Result<()> {
    let reading = atelier_obd::read(&target.adapter(), &Options::default())
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let messages = reading.warnings.iter().map(|w| w.message(locale)).collect();
    if json {
        let codes = reading.stored.iter().chain(&reading.pending).flatten();
        let titles = codes
            .chain(reading.freeze_frame.as_ref().map(|f| &f.code))
            .map(|&code| Title {
                code,
                title: title(code, locale),
            })
            .collect();
        let answer = Answer {
            reading: &reading,
            titles,
            messages,
        };
        say(&serde_json::to_string_pretty(&answer).context("writing the JSON")?);
        return Ok(());
    }
    for line in text(&reading, locale) {
        say(&line);
    }
    Ok(())
}

fn clear(target: &Target, yes: bool, locale: Locale) -> anyhow::Result<()> {
    let fr = locale == Locale::Fr;
    if !yes {
        anyhow::bail!(if fr {
            "Effacer les codes éteint le voyant et remet les moniteurs à « non terminé » : relisez d’abord les codes, puis relancez avec --yes."
        } else {
            "Clearing the codes puts the light out and sets the monitors back to “not complete”: read the codes first, then run again with --yes."
        });
    }
    atelier_obd::clear_codes(&target.adapter(), &Options::default())
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    say(if fr {
        "Codes effacés."
    } else {
        "Codes cleared."
    });
    Ok(())
}

/// A code's title in `locale`, from the library.
fn title(code: Code, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match library()
        .lookup(code.as_str())
        .ok()
        .and_then(|e| e.generic.as_ref())
    {
        Some(g) if fr => g.french.clone(),
        Some(g) => g.english.clone(),
        None if fr => "code propre au constructeur".to_owned(),
        None => "a maker's own code".to_owned(),
    }
}

/// A number as the person writes it: a decimal comma in French.
fn num(value: f64, locale: Locale) -> String {
    let text = format!("{}", (value * 100.0).round() / 100.0);
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

fn engine(e: &Engine, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    let mut parts = Vec::new();
    if let Some(v) = e.rpm {
        parts.push(format!(
            "{} {} {}",
            if fr { "régime" } else { "engine speed" },
            num(v, locale),
            if fr { "tr/min" } else { "rpm" }
        ));
    }
    if let Some(v) = e.coolant_celsius {
        parts.push(format!(
            "{} {v} °C",
            if fr {
                "liquide de refroidissement"
            } else {
                "coolant"
            }
        ));
    }
    if let Some(v) = e.speed_kmh {
        parts.push(format!("{} {v} km/h", if fr { "vitesse" } else { "speed" }));
    }
    if let Some(v) = e.load_percent {
        parts.push(format!(
            "{} {} %",
            if fr { "charge" } else { "load" },
            num(v, locale)
        ));
    }
    if let Some(v) = e.short_trim_percent {
        parts.push(format!(
            "{} {} %",
            if fr {
                "correction court terme"
            } else {
                "short-term trim"
            },
            num(v, locale)
        ));
    }
    if let Some(v) = e.long_trim_percent {
        parts.push(format!(
            "{} {} %",
            if fr {
                "correction long terme"
            } else {
                "long-term trim"
            },
            num(v, locale)
        ));
    }
    parts.join(", ")
}

/// The reading as lines for a person.
fn text(r: &Reading, locale: Locale) -> Vec<String> {
    let fr = locale == Locale::Fr;
    let colon = if fr { " :" } else { ":" };
    let unknown = if fr { "non lu" } else { "not read" };
    let mut out = Vec::new();
    let adapter = r.adapter.as_deref().unwrap_or(unknown);
    let protocol = r
        .protocol
        .map_or_else(|| unknown.to_owned(), |p| p.describe(locale));
    out.push(format!(
        "{}{colon} {adapter} — {protocol}",
        if fr { "Adaptateur" } else { "Adapter" }
    ));
    if let Some(v) = r.battery_volts {
        out.push(format!(
            "{}{colon} {} V",
            if fr { "Batterie" } else { "Battery" },
            num(v, locale)
        ));
    }
    out.push(format!(
        "VIN{colon} {}",
        r.vin.as_ref().map_or(unknown, |v| v.as_str())
    ));
    if let Some(s) = &r.status {
        let light = match (s.mil_on, fr) {
            (true, true) => "allumé",
            (false, true) => "éteint",
            (true, false) => "on",
            (false, false) => "off",
        };
        out.push(format!(
            "{}{colon} {light} ({} {})",
            if fr { "Voyant moteur" } else { "Engine light" },
            s.code_count,
            if fr {
                "code(s) selon le calculateur"
            } else {
                "code(s) by the ECU's count"
            }
        ));
    }
    for (codes, fr_name, en_name) in [
        (&r.stored, "Codes mémorisés", "Stored codes"),
        (&r.pending, "Codes en attente", "Pending codes"),
    ] {
        let name = if fr { fr_name } else { en_name };
        match codes {
            None => out.push(format!("{name}{colon} {unknown}")),
            Some(c) if c.is_empty() => out.push(format!(
                "{name}{colon} {}",
                if fr { "aucun" } else { "none" }
            )),
            Some(c) => {
                out.push(format!("{name} ({}){colon}", c.len()));
                for &code in c {
                    out.push(format!("  {code} — {}", title(code, locale)));
                }
            }
        }
    }
    if let Some(f) = &r.freeze_frame {
        out.push(format!(
            "{} ({}){colon} {}",
            if fr { "Image figée" } else { "Freeze frame" },
            f.code,
            engine(&f.engine, locale)
        ));
    }
    if let Some(s) = &r.status
        && !s.monitors.is_empty()
    {
        out.push(format!(
            "{}{colon}",
            if fr {
                "Moniteurs de disponibilité"
            } else {
                "Readiness monitors"
            }
        ));
        for m in &s.monitors {
            let state = match (m.complete, fr) {
                (true, true) => "terminé",
                (false, true) => "non terminé",
                (true, false) => "complete",
                (false, false) => "not complete",
            };
            out.push(format!("  {}{colon} {state}", m.monitor.label(locale)));
        }
    }
    let mut live = engine(&r.live.engine, locale);
    if let Some(v) = r.live.module_volts {
        if !live.is_empty() {
            live.push_str(", ");
        }
        live.push_str(&format!(
            "{} {} V",
            if fr {
                "tension calculateur"
            } else {
                "module voltage"
            },
            num(v, locale)
        ));
    }
    if !live.is_empty() {
        out.push(format!(
            "{}{colon} {live}",
            if fr { "En direct" } else { "Live" }
        ));
    }
    if !r.warnings.is_empty() {
        out.push(format!(
            "{}{colon}",
            if fr { "Avertissements" } else { "Warnings" }
        ));
        for w in &r.warnings {
            out.push(format!("  {}", w.message(locale)));
        }
    }
    out
}

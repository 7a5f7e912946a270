//! `atelier obd`: read a car through an ELM327 adapter, or clear its codes,
//! for support and scripts; no database needed. Each code is shown with
//! its French title from the trouble-code library.

use anyhow::Context;
use atelier_domain::{AdapterAddress, Locale};
use atelier_dtc::library;
use atelier_obd::{Adapter, Code, Engine, Options, Reading};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::say;
use crate::words::obd::{number as num, words};

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
    /// The adapter's serial port: /dev/ttyUSB0, /dev/rfcomm0 (Bluetooth) on
    /// Linux; COM3 on Windows.
    #[arg(long)]
    port: Option<String>,
    /// A Wi-Fi adapter's address, host:port (often 192.168.0.10:35000).
    #[arg(long)]
    address: Option<String>,
}

impl Target {
    fn adapter(&self) -> Adapter {
        match (&self.port, &self.address) {
            // `com3` and `\\.\COM10` are COM3 and COM10; anything else is
            // tried as typed, and the port's own error says why it fails.
            (Some(port), _) => match port.parse::<AdapterAddress>() {
                Ok(address @ AdapterAddress::Serial(_)) => Adapter::from(&address),
                _ => Adapter::serial(port),
            },
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
    let w = words(locale);
    if !yes {
        anyhow::bail!(w.clear_needs_yes);
    }
    atelier_obd::clear_codes(&target.adapter(), &Options::default())
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    say(w.cleared);
    Ok(())
}

/// A code's title in `locale`, from the library.
fn title(code: Code, locale: Locale) -> String {
    match library()
        .lookup(code.as_str())
        .ok()
        .and_then(|e| e.generic.as_ref())
    {
        Some(g) => crate::words::dtc::title(g, locale).to_owned(),
        None => words(locale).makers_own_code.to_owned(),
    }
}

fn engine(e: &Engine, locale: Locale) -> String {
    let w = words(locale);
    let mut parts = Vec::new();
    if let Some(v) = e.rpm {
        parts.push(format!("{} {} {}", w.engine_speed, num(v, locale), w.rpm));
    }
    if let Some(v) = e.coolant_celsius {
        parts.push(format!("{} {v} °C", w.coolant));
    }
    if let Some(v) = e.speed_kmh {
        parts.push(format!("{} {v} km/h", w.speed));
    }
    if let Some(v) = e.load_percent {
        parts.push(format!("{} {} %", w.load, num(v, locale)));
    }
    if let Some(v) = e.short_trim_percent {
        parts.push(format!("{} {} %", w.short_term_trim, num(v, locale)));
    }
    if let Some(v) = e.long_trim_percent {
        parts.push(format!("{} {} %", w.long_term_trim, num(v, locale)));
    }
    parts.join(", ")
}

/// The reading as lines for a person.
fn text(r: &Reading, locale: Locale) -> Vec<String> {
    let w = words(locale);
    let colon = w.colon;
    let unknown = w.not_read;
    let mut out = Vec::new();
    let adapter = r.adapter.as_deref().unwrap_or(unknown);
    let protocol = r
        .protocol
        .map_or_else(|| unknown.to_owned(), |p| p.describe(locale));
    out.push(format!("{}{colon} {adapter} — {protocol}", w.adapter));
    if let Some(v) = r.battery_volts {
        out.push(format!("{}{colon} {} V", w.battery, num(v, locale)));
    }
    out.push(format!(
        "VIN{colon} {}",
        r.vin.as_ref().map_or(unknown, |v| v.as_str())
    ));
    if let Some(s) = &r.status {
        let light = if s.mil_on { w.light_on } else { w.light_off };
        out.push(format!(
            "{}{colon} {light} ({} {})",
            w.engine_light, s.code_count, w.codes_by_ecu
        ));
    }
    for (codes, name) in [(&r.stored, w.stored_codes), (&r.pending, w.pending_codes)] {
        match codes {
            None => out.push(format!("{name}{colon} {unknown}")),
            Some(c) if c.is_empty() => out.push(format!("{name}{colon} {}", w.no_code)),
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
            w.freeze_frame,
            f.code,
            engine(&f.engine, locale)
        ));
    }
    if let Some(s) = &r.status
        && !s.monitors.is_empty()
    {
        out.push(format!("{}{colon}", w.readiness_monitors));
        for m in &s.monitors {
            let state = if m.complete {
                w.complete
            } else {
                w.not_complete
            };
            out.push(format!("  {}{colon} {state}", m.monitor.label(locale)));
        }
    }
    let mut live = engine(&r.live.engine, locale);
    if let Some(v) = r.live.module_volts {
        if !live.is_empty() {
            live.push_str(", ");
        }
        live.push_str(&format!("{} {} V", w.module_voltage, num(v, locale)));
    }
    if !live.is_empty() {
        out.push(format!("{}{colon} {live}", w.live));
    }
    if !r.warnings.is_empty() {
        out.push(format!("{}{colon}", w.warnings));
        for warning in &r.warnings {
            out.push(format!("  {}", warning.message(locale)));
        }
    }
    out
}

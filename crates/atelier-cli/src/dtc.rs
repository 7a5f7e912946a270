//! `atelier dtc`: a trouble code looked up in the embedded library, for
//! support and scripts; no database needed.

use anyhow::Context;
use atelier_domain::Locale;
use atelier_dtc::{Entry, Make, library};
use clap::Args;
use serde::Serialize;

use crate::say;

use crate::words::dtc::{title, words};

/// `atelier dtc CODE [--make M] [--json]`.
#[derive(Debug, Args)]
pub struct DtcArgs {
    /// The code, as read or typed: « P0420 », « p 0420 ».
    code: String,
    /// The vehicle's make (« VW », « Citroën »): its own meaning of the code,
    /// when the library has one.
    #[arg(long)]
    make: Option<String>,
    /// The language of the answer and of errors: fr or en.
    #[arg(long, default_value = "fr")]
    lang: Locale,
    /// Print JSON instead of lines, for scripts.
    #[arg(long)]
    json: bool,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Answer<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    family: atelier_dtc::Family,
    /// The make asked for, normalised, and its meaning when there is one.
    make: Option<MakeAnswer<'a>>,
}

#[derive(Debug, Serialize)]
struct MakeAnswer<'a> {
    make: &'a Make,
    english: Option<&'a str>,
}

/// Looks the code up and prints it; an unknown code or what is no code
/// fails the command, with the message in `--lang`.
pub fn run(args: &DtcArgs) -> anyhow::Result<()> {
    let locale = args.lang;
    let entry = library()
        .lookup(&args.code)
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let make = args.make.as_deref().and_then(Make::new);
    let specific = make.as_ref().and_then(|m| entry.for_make(m));
    if args.json {
        let answer = Answer {
            entry,
            family: entry.code.family(),
            make: make.as_ref().map(|m| MakeAnswer {
                make: m,
                english: specific.map(|s| s.english.as_str()),
            }),
        };
        say(&serde_json::to_string_pretty(&answer).context("writing the JSON")?);
        return Ok(());
    }
    let w = words(locale);
    match &entry.generic {
        Some(generic) => {
            let title = title(generic, locale);
            let partial = if generic.fully_translated {
                ""
            } else {
                w.partial
            };
            say(&format!("{} — {title}{partial}", entry.code));
            if let Some(label) = w.english {
                say(&format!("  {label}{} {}", w.colon, generic.english));
            }
        }
        None => say(&format!("{} — {}", entry.code, w.makers_own)),
    }
    let colon = w.colon;
    match (&make, specific) {
        (Some(m), Some(s)) => say(&format!("  {m}{colon} {}", s.english)),
        (Some(m), None) => say(&format!("  {m}{colon} {}", w.no_make_meaning)),
        // No make asked: a maker's code lists what each make says.
        (None, _) if entry.generic.is_none() => {
            for meaning in &entry.makes {
                let name = meaning.make.as_ref().map_or(w.other_maker, Make::as_str);
                say(&format!("  {name}{colon} {}", meaning.english));
            }
        }
        (None, _) => {}
    }
    Ok(())
}

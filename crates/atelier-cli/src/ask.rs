//! `atelier ask`: a question to the assistant, answered as the window
//! answers it — the same understanding, the same answer, within the rights
//! of the user named — for support, scripts and trying it out. Reads only:
//! an action comes back prepared, as the window's dialog would be filled.

use std::path::PathBuf;

use atelier_core::access::{Actor, Role};
use atelier_core::assistant::{self, Answer, Asker, Lexicon, Understanding};
use atelier_core::planning::time::date;
use atelier_core::{text, users};
use serde::Serialize;

use crate::words::ask as words;
use crate::{now_ms, say};

/// `atelier ask --data-dir D [--as USER] [--json] "question"`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data directory.
    #[arg(long, env = "ATELIER_DATA_DIR")]
    data_dir: PathBuf,
    /// The login of the person asking: the answer keeps to their rights.
    /// The workshop's owner when left out.
    #[arg(long = "as", value_name = "USER")]
    as_user: Option<String>,
    /// Print what was understood (the intent, the slots) and the answer as
    /// JSON, for scripts.
    #[arg(long)]
    json: bool,
    /// The question, in French or in English.
    question: String,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Asked<'a> {
    question: &'a str,
    /// The login of the person asking.
    user: &'a str,
    understood: &'a Understanding,
    answer: &'a Answer,
}

/// Answers the question and prints the answer.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let (db, locale) = crate::open(&args.data_dir)?;
    let conn = db.conn();
    let core = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let people = users::list(conn).map_err(core)?;
    let person = match args.as_user.as_deref() {
        Some(login) => people
            .iter()
            .find(|u| u.active && u.login.eq_ignore_ascii_case(login))
            .ok_or_else(|| {
                let logins: Vec<&str> = people
                    .iter()
                    .filter(|u| u.active)
                    .map(|u| u.login.as_str())
                    .collect();
                anyhow::anyhow!(words::no_such_user(locale, login, &logins.join(", ")))
            })?,
        None => people
            .iter()
            .find(|u| u.active && u.roles.has(Role::Owner))
            .ok_or_else(|| anyhow::anyhow!(words::no_owner(locale)))?,
    };
    let actor: Actor = users::actor(person);
    // The command line's clock is UTC, as every command's day is.
    let now = now_ms();
    let stamp = text::rfc3339_now(now);
    let today = text::today(now);
    let day = date(&today).ok_or_else(|| anyhow::anyhow!("{today}"))?;
    let lexicon = Lexicon::of_workshop(conn).map_err(core)?;
    let understood = assistant::understand(&args.question, &lexicon, day);
    let asker = Asker {
        actor,
        locale,
        today,
        now_ms: now,
        time: stamp.get(11..16).map(str::to_owned),
    };
    let answer = assistant::answer(conn, &asker, &understood).map_err(core)?;
    if args.json {
        let asked = Asked {
            question: &args.question,
            user: &person.login,
            understood: &understood,
            answer: &answer,
        };
        say(&serde_json::to_string_pretty(&asked)?);
    } else {
        print(&answer, locale);
    }
    Ok(())
}

/// The answer as lines: its sentence, its records with their screens, the
/// choices, the prepared dialog's fields, the questions to try.
fn print(a: &Answer, locale: atelier_domain::Locale) {
    say(&a.text);
    for line in &a.lines {
        match &line.link {
            Some(link) => say(&format!("  - {}  [{}]", line.text, link.route)),
            None => say(&format!("  - {}", line.text)),
        }
    }
    for (n, choice) in a.choices.iter().enumerate() {
        say(&words::choice(locale, n + 1, &choice.label, &choice.ask));
    }
    if let Some(p) = &a.prepared {
        say(&words::prepared(locale, &p.action));
        for (field, value) in &p.fields {
            say(&format!("  {field} = {value}"));
        }
    }
    for suggestion in &a.suggestions {
        say(&words::suggestion(locale, suggestion));
    }
    for link in &a.links {
        say(&words::open(locale, &link.label, &link.route));
    }
}

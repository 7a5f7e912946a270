//! The till law from the command line: closing a day, a month or a fiscal
//! year, reading the technical-event journal, and the integrity check.

use std::path::{Path, PathBuf};

use atelier_core::integrity;
use atelier_core::journal::{self, Code};
use atelier_core::text::format_int;
use atelier_core::till::closures::{self, Closure};
use atelier_domain::Locale;
use clap::{Args, ValueEnum};

use crate::words::till as words;
use crate::{now_ms, open, say};

/// Which periods `atelier close` closes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Period {
    /// Today (or --date): every day up to it, as « Clôturer la journée ».
    Day,
    /// Every day that ended, then the months that ended.
    Month,
    /// Every day and month that ended, then the fiscal year if it ended.
    Year,
}

/// `atelier close`.
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The data directory.
    #[arg(long, env = "ATELIER_DATA_DIR")]
    data_dir: PathBuf,
    /// What to close.
    #[arg(value_enum)]
    period: Period,
    /// With `day`: close up to this day (YYYY-MM-DD) instead of today.
    #[arg(long)]
    date: Option<String>,
}

/// `atelier journal`.
#[derive(Debug, Args)]
pub struct JournalArgs {
    /// The data directory.
    #[arg(long, env = "ATELIER_DATA_DIR")]
    data_dir: PathBuf,
    /// Print CSV (`;`-separated) instead of lines.
    #[arg(long)]
    csv: bool,
    /// Only this code (start, stop, sign_in, closure, export…).
    #[arg(long)]
    code: Option<String>,
    /// From this day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// To this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
}

fn line(c: &Closure, locale: Locale) -> String {
    let period = if c.period_start == c.period_end {
        c.period_start.clone()
    } else {
        format!("{} → {}", c.period_start, c.period_end)
    };
    words::closed(locale, c, &period)
}

/// `atelier close day|month|year`.
pub fn close(args: &CloseArgs) -> anyhow::Result<()> {
    let (mut db, locale) = open(&args.data_dir)?;
    let now = now_ms();
    let made = match (args.period, &args.date) {
        (Period::Day, None) => closures::close_today(&mut db, now),
        (Period::Day, Some(day)) => closures::close(&mut db, now, Some(day)),
        (Period::Month | Period::Year, _) => closures::close(&mut db, now, None),
    }
    .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    if made.is_empty() {
        say(words::nothing_to_close(locale));
    }
    for c in &made {
        say(&line(c, locale));
    }
    archive_due(&mut db, &args.data_dir, locale);
    Ok(())
}

/// Makes the archives of the months and fiscal years closed without one.
/// The closures stand whatever happens here: a failure (no keyring, a full
/// disk) is said and journalled, and the periods stay due for the next
/// closing or `atelier archive make`.
fn archive_due(db: &mut atelier_core::Db, dir: &Path, locale: Locale) {
    loop {
        match atelier_core::archives::make_next_due(db, dir, now_ms(), atelier_keys::signing_key) {
            Ok(Some(m)) => say(&words::archive_signed(locale, &m.path)),
            Ok(None) => return,
            Err(e) => {
                #[allow(clippy::print_stderr, reason = "a warning on the terminal")]
                {
                    eprintln!("{} {}", e.message(locale), words::archive_waiting(locale));
                }
                return;
            }
        }
    }
}

/// `atelier journal`.
pub fn journal(args: &JournalArgs) -> anyhow::Result<()> {
    let (db, locale) = open(&args.data_dir)?;
    let filter = journal::Filter {
        code: args.code.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        ..journal::Filter::default()
    };
    if let Some(code) = &args.code
        && Code::parse(code).is_none()
    {
        let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        anyhow::bail!(words::unknown_code(locale, code, &known.join(", ")));
    }
    if args.csv {
        let text = journal::csv(db.conn(), &filter, locale)
            .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
        #[allow(clippy::print_stdout, reason = "printing is this command's job")]
        {
            print!("{text}");
        }
        return Ok(());
    }
    let mut entries =
        journal::all(db.conn(), &filter).map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    entries.reverse();
    for e in entries {
        say(&format!(
            "{:>6}  {}  {:<8} {:<16} {}{}",
            e.seq,
            atelier_core::text::rfc3339_now(e.at_ms),
            e.station.chars().take(8).collect::<String>(),
            e.code.label(locale),
            e.user_name
                .as_deref()
                .map(|u| format!("[{u}] "))
                .unwrap_or_default(),
            e.text
        ));
    }
    Ok(())
}

/// `atelier verify`: invoices, closures and the journal.
pub fn verify(dir: &Path) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let check = integrity::check(&mut db, now_ms(), locale)
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let n = |v: i64| format_int(v, locale);
    let count = |v: u64| n(i64::try_from(v).unwrap_or(i64::MAX));
    let report = &check.invoices.report;
    let series = i64::try_from(report.series.len()).unwrap_or(i64::MAX);
    if !report.pdfs_pending.is_empty() {
        // Issued just before the station stopped: chained, PDF stored at first print.
        let numbers = report.pdfs_pending.join(", ");
        say(&words::pdfs_pending(locale, &numbers));
    }
    if check.clean {
        say(&words::invoices_intact(
            locale,
            &n(report.documents),
            &n(series),
        ));
        say(&words::closures_intact(
            locale,
            &count(check.closures.closures),
            &count(check.closures.stations),
            &count(check.journal.entries),
        ));
        return Ok(());
    }
    for message in check.invoices.messages.iter().chain(&check.messages) {
        say(message);
    }
    let found = check.invoices.messages.len() + check.messages.len();
    let found = n(i64::try_from(found).unwrap_or(i64::MAX));
    anyhow::bail!(words::changed_outside(locale, &found))
}

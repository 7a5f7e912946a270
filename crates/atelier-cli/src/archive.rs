//! `atelier archive make|list|verify`: the station's signed fiscal archives
//! (atelier-core's `archives`), the signing key from the OS keyring
//! (atelier-keys). Messages in the station's language.

use std::path::{Path, PathBuf};

use atelier_core::archives::{self, FileState, Period};
use atelier_core::device;
use atelier_domain::Locale;
use clap::Subcommand;

use crate::words::archive as words;
use crate::{now_ms, open, say};

/// What `atelier archive` does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the signed archive of a month or a fiscal year that is over,
    /// into the `archives/` folder of the backup folder (or --to). A period
    /// is archived once; the signing key is made at first use and kept in
    /// the OS keyring.
    Make {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// A month: YYYY-MM.
        #[arg(long, conflicts_with = "year", required_unless_present = "year")]
        month: Option<String>,
        /// A fiscal year: YYYY-MM-DD..YYYY-MM-DD, both days included.
        #[arg(long)]
        year: Option<String>,
        /// Another folder for the archive.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// List the archives this station made, and whether each file is still
    /// where it was and intact.
    List {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
    },
    /// Prove an archive intact or name what changed in it. With the data
    /// directory, also check it is signed with this station's key. Exits
    /// with a non-zero code when it is not intact.
    Verify {
        /// The station's data directory (optional).
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// The archive file.
        file: PathBuf,
    },
}

/// Runs one `atelier archive` command.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Make {
            data_dir,
            month,
            year,
            to,
        } => make(&data_dir, month.as_deref(), year.as_deref(), to.as_deref()),
        Command::List { data_dir } => list(&data_dir),
        Command::Verify { data_dir, file } => verify(data_dir.as_deref(), &file),
    }
}

fn make(
    dir: &Path,
    month: Option<&str>,
    year: Option<&str>,
    to: Option<&Path>,
) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    // The periods that ended are closed first, so the archive carries the
    // period's closure.
    atelier_core::till::closures::close(&mut db, now_ms(), None).map_err(fail)?;
    let station = archives::this_station(db.conn()).map_err(fail)?;
    let period = match (month, year) {
        (Some(month), _) => Period::month(&station, month),
        (None, Some(range)) => {
            let (start, end) = range.split_once("..").unwrap_or((range, ""));
            Period::year(&station, start, end)
        }
        (None, None) => Period::month(&station, ""),
    }
    .map_err(fail)?;
    let folder = match to {
        Some(to) => to.to_path_buf(),
        None => archives::folder(db.conn(), dir).map_err(fail)?,
    };
    let device = device::device_id(db.conn()).map_err(fail)?;
    let key = atelier_keys::signing_key(device).map_err(fail)?;
    let made = archives::make(&mut db, &period, &key, &folder, now_ms()).map_err(fail)?;
    say(&words::signed(locale, &made));
    Ok(())
}

fn list(dir: &Path) -> anyhow::Result<()> {
    let (db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let listed = archives::list(db.conn()).map_err(fail)?;
    for key in archives::public_keys(db.conn()).map_err(fail)? {
        say(&words::public_key(locale, &key));
    }
    if listed.is_empty() {
        say(words::none_made(locale));
    }
    let mut bad = 0;
    for a in &listed {
        let kind = words::kind(locale, a.period.kind);
        let state = words::state(locale, a.state);
        if a.state != FileState::Intact {
            bad += 1;
        }
        say(&format!(
            "{} {} → {}  {kind}  {}  {state}  {}",
            a.period.station,
            a.period.start,
            a.period.end,
            a.made_at,
            a.path.display()
        ));
    }
    if bad > 0 {
        anyhow::bail!(words::missing_or_changed(locale, bad));
    }
    Ok(())
}

fn verify(dir: Option<&Path>, file: &Path) -> anyhow::Result<()> {
    let opened = dir.map(open).transpose()?;
    let locale = opened.as_ref().map_or(Locale::Fr, |(_, l)| *l);
    // With the station's database, the check is against its keys and goes
    // into its journal.
    let checked = match opened {
        Some((mut db, _)) => archives::check(&mut db, file, now_ms(), locale),
        None => archives::verify_in(file, None, locale),
    }
    .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let report = &checked.report;
    if let Some(m) = &report.manifest {
        say(&words::manifest(locale, m));
    }
    if report.key_known.is_none() && report.signature_valid {
        say(words::key_not_compared(locale));
    }
    if checked.intact {
        say(&words::intact(locale, report.members, report.invoices));
        return Ok(());
    }
    for message in &checked.messages {
        say(message);
    }
    anyhow::bail!(words::not_intact(locale, checked.messages.len()))
}

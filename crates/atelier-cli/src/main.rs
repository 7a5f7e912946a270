//! `atelier`: scripts and administrators work on a workstation's database
//! through this thin command line over atelier-core.

mod archive;
mod ask;
mod bench;
mod dtc;
mod einvoice;
mod obd;
mod till;
mod words;

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use atelier_core::cipher::{FileState, RecoveryKey};
use atelier_core::customers::{self, ListQuery};
use atelier_core::text::format_int;
use atelier_core::{Db, backup, device, settings};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::Locale;
use clap::{Parser, Subcommand};

/// mimalloc, as every Atelier binary (see the workspace manifest).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Atelier's command line.
#[derive(Debug, Parser)]
#[command(name = "atelier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the local database in a data directory (or bring it to this
    /// version's schema) and print where it is.
    Init {
        /// The data directory (created if missing).
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
    },
    /// Fill a database with invented French customers, vehicles and odometer
    /// readings, to try Atelier or measure it. Refuses a database that
    /// already has customers, unless --force.
    Demo {
        /// The data directory (created if missing).
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// How many customers; vehicles come to about 1.5 per customer.
        #[arg(long, default_value_t = 200)]
        customers: u32,
        /// The same seed gives the same people, phones, plates and VINs.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add demo data even though the database already has customers.
        #[arg(long)]
        force: bool,
        /// When the database already has customers, do nothing and succeed
        /// (for scripts that fill a demo database once).
        #[arg(long, conflicts_with = "force")]
        if_empty: bool,
    },
    /// Back up the database of a data directory (SQLite's online backup,
    /// checked), into the workstation's backup folder or --to, and apply the
    /// rotation there. Safe while the application runs.
    Backup {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// Another folder for this backup (a USB key).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Restore a backup over the database of a data directory, after backing
    /// up what it replaces. Close the application on that workstation first.
    Restore {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// The backup file.
        file: PathBuf,
        /// The recovery key of the station that took it, when it is not
        /// this one's (`XXXX-XXXX-…`).
        #[arg(long, env = "ATELIER_RECOVERY_KEY", hide_env_values = true)]
        recovery_key: Option<String>,
    },
    /// Ask the assistant a question as the window does, within the rights of
    /// a user (the owner unless --as names another): the answer, the
    /// records found with their screens, the choices, or the action
    /// prepared (never done); --json prints what was understood too.
    Ask(ask::Args),
    /// Time the global search and the customer and vehicle pages on the data
    /// of a database (fill one with `atelier demo` first), and print the
    /// p50/p95/p99 of each kind of search.
    Bench(bench::Args),
    /// Enrol a headless station with the sync server using the owner's
    /// one-time code; the device token goes to the OS keyring.
    Enrol {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// The server's address, e.g. https://serveur.garage.fr:8480.
        #[arg(long)]
        server: String,
        /// The one-time code from `atelier-server code mint`.
        #[arg(long)]
        code: String,
        /// The station's name as the others see it.
        #[arg(long, default_value = "Poste")]
        name: String,
    },
    /// One sync round: push what waits, pull and apply what the others
    /// wrote. Exits non-zero when the server could not be reached or refused.
    Sync {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
    },
    /// The signed fiscal archives of this station: make one for a closed
    /// month or fiscal year, list those made, verify a file.
    Archive {
        #[command(subcommand)]
        command: archive::Command,
    },
    /// Recompute the hash chains of every invoice and credit note series,
    /// of every station's closures and of this station's event journal, and
    /// report anything changed, moved or deleted. Exits with a non-zero code
    /// when a chain is broken.
    Verify {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
    },
    /// Close the till: `day` closes today (every day up to it), `month` and
    /// `year` close every day, month and fiscal year that ended. Each
    /// closure is chained, synced and never undone.
    Close(till::CloseArgs),
    /// The technical-event journal of this station, oldest first; `--csv`
    /// for a spreadsheet.
    Journal(till::JournalArgs),
    /// Electronic invoices: `import` a supplier's Factur-X, CII or UBL file;
    /// `export` an issued invoice or credit note as Factur-X, CII or UBL 2.1.
    Einvoice {
        #[command(subcommand)]
        command: einvoice::Command,
    },
    /// Look a trouble code up in the embedded library: its French (or
    /// English) title, the English, and a make's own meaning. Exits non-zero
    /// for an unknown code or what is not a code.
    Dtc(dtc::DtcArgs),
    /// Read a car through an ELM327 adapter (serial port or Wi-Fi), or
    /// clear its codes. Exits non-zero when the adapter or the car cannot be
    /// reached; parts of a read that failed are listed as warnings.
    Obd {
        #[command(subcommand)]
        command: obd::Command,
    },
    /// Write the Fichier des Écritures Comptables (FEC, article A47 A-1 of
    /// the LPF) of a period into a folder, named <SIREN>FEC<last day>.txt:
    /// the sales journal and the cash and bank journals, every entry
    /// balanced. Without --from and --to, the fiscal year under way.
    Fec {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// First day, YYYY-MM-DD.
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (the fiscal year's closing day).
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// The folder the file goes to.
        #[arg(long)]
        out: PathBuf,
        /// Separate the zones with tabs instead of `|`.
        #[arg(long)]
        tab: bool,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Init { data_dir } => init(&data_dir),
        Command::Demo {
            data_dir,
            customers,
            seed,
            force,
            if_empty,
        } => fill_demo(&data_dir, &DemoOptions { customers, seed }, force, if_empty),
        Command::Backup { data_dir, to } => back_up(&data_dir, to.as_deref()),
        Command::Restore {
            data_dir,
            file,
            recovery_key,
        } => restore(&data_dir, &file, recovery_key.as_deref()),
        Command::Ask(args) => ask::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Dtc(args) => dtc::run(&args),
        Command::Obd { command } => obd::run(&command),
        Command::Verify { data_dir } => till::verify(&data_dir),
        Command::Close(args) => till::close(&args),
        Command::Journal(args) => till::journal(&args),
        Command::Archive { command } => archive::run(command),
        Command::Einvoice { command } => einvoice::run(command),
        Command::Fec {
            data_dir,
            from,
            to,
            out,
            tab,
        } => fec(&data_dir, from.as_deref().zip(to.as_deref()), &out, tab),
        Command::Enrol {
            data_dir,
            server,
            code,
            name,
        } => enrol(&data_dir, &server, &code, &name),
        Command::Sync { data_dir } => sync_round(&data_dir),
    }
}

/// Opens the database of a data directory, saying what went wrong in French
/// (the workstation's language is in the database itself).
///
/// An encrypted database opens with the recovery key the OS keyring keeps
/// for its folder, or the one in `ATELIER_RECOVERY_KEY`; a new one is
/// encrypted under a new key kept in the keyring (shown to the owner at
/// their first sign-in), and stays plain without a keyring. A plain
/// database is left plain: the application encrypts it at its next launch,
/// showing how far it is.
pub(crate) fn open(dir: &Path) -> anyhow::Result<(Db, Locale)> {
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(Locale::Fr));
    let typed = match std::env::var("ATELIER_RECOVERY_KEY") {
        Ok(text) if !text.trim().is_empty() => {
            Some(text.parse::<RecoveryKey>().map_err(|e| fail(e.into()))?)
        }
        _ => None,
    };
    let (recovery, made) = match atelier_core::startup::state(dir).map_err(fail)? {
        FileState::Plain => (None, false),
        FileState::Encrypted { .. } => match (typed, atelier_keys::recovery_key(dir)) {
            (Some(key), _) | (None, Ok(Some(key))) => (Some(key), false),
            (None, _) => anyhow::bail!(
                "La base de {} est chiffrée et sa clé n’est pas dans le trousseau de cette session : ouvrez Atelier pour saisir la clé de secours, ou donnez-la dans ATELIER_RECOVERY_KEY.",
                dir.display()
            ),
        },
        FileState::Missing => match atelier_keys::recovery_key(dir) {
            Ok(Some(key)) => (Some(key), true),
            Ok(None) => {
                let key = RecoveryKey::generate();
                match atelier_keys::keep_recovery_key(dir, &key) {
                    Ok(()) => (Some(key), true),
                    Err(_) => (None, false),
                }
            }
            Err(_) => (None, false),
        },
    };
    let mut db = atelier_core::startup::open(dir, recovery.as_ref()).map_err(fail)?;
    let locale = settings::locale(db.conn()).unwrap_or_default();
    if made && let Some(key) = &recovery {
        atelier_core::startup::set_recovery_pending(&mut db, true).map_err(fail)?;
        say(&words::station::recovery_key_made(locale, &key.to_string()));
    }
    Ok((db, locale))
}

/// Prints the one line a command answers with.
pub(crate) fn say(line: &str) {
    #[allow(clippy::print_stdout, reason = "printing is this command's job")]
    {
        println!("{line}");
    }
}

fn init(dir: &Path) -> anyhow::Result<()> {
    let (db, locale) = open(dir)?;
    let device = device::device_id(db.conn()).context("reading the device id")?;
    let path = db.path().unwrap_or(dir).display().to_string();
    let schema = atelier_core::db::schema_version();
    say(&words::station::database_ready(
        locale, &path, schema, device,
    ));
    Ok(())
}

/// Milliseconds since the epoch: the command line is where the clock is read.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn back_up(dir: &Path, to: Option<&Path>) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let taken =
        backup::back_up(&mut db, dir, to, backup::Reason::Manual, now_ms()).map_err(fail)?;
    let size = format_int(
        i64::try_from(taken.bytes / 1024).unwrap_or(i64::MAX),
        locale,
    );
    say(&words::station::backup_checked(
        locale,
        &taken.path,
        &size,
        taken.duration_ms,
        taken.removed.len(),
    ));
    Ok(())
}

fn restore(dir: &Path, file: &Path, recovery_key: Option<&str>) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let typed = recovery_key
        .map(str::parse::<RecoveryKey>)
        .transpose()
        .map_err(|e| fail(e.into()))?;
    let keys = backup::Keys {
        station: db.file().and_then(|f| f.recovery()),
        typed: typed.as_ref(),
    };
    let summary = backup::inspect(file, keys).map_err(fail)?;
    let folder = backup::folder(db.conn(), dir).map_err(fail)?;
    let kept = backup::restore(&mut db, file, &folder, typed.as_ref(), now_ms()).map_err(fail)?;
    let chains = atelier_core::invoices::verify_in(db.conn(), locale).map_err(fail)?;
    let n = |v: i64| format_int(v, locale);
    let counts = [
        n(summary.customers),
        n(summary.vehicles),
        n(summary.orders),
        n(summary.invoices),
    ];
    say(&words::station::backup_restored(
        locale,
        counts.each_ref().map(String::as_str),
        &kept.path,
    ));
    if chains.clean {
        say(words::station::restored_invoices_intact(locale));
        Ok(())
    } else {
        for message in &chains.messages {
            say(message);
        }
        anyhow::bail!(words::station::restored_invoices_broken(locale))
    }
}

fn enrol(dir: &Path, server: &str, code: &str, name: &str) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let e = atelier_sync::enrol(&mut db, server, code, name, now_ms()).map_err(fail)?;
    say(&words::station::enrolled(locale, &e));
    Ok(())
}

fn sync_round(dir: &Path) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let r = atelier_sync::round(&mut db, &now_ms).map_err(fail)?;
    say(&words::station::synced(locale, &r));
    Ok(())
}

fn fill_demo(dir: &Path, opts: &DemoOptions, force: bool, if_empty: bool) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let path = db.path().unwrap_or(dir).display().to_string();
    let existing = customers::list(
        db.conn(),
        &ListQuery {
            include_archived: true,
            limit: 1,
            ..ListQuery::default()
        },
    )
    .map_err(|e| anyhow::anyhow!(e.message(locale)))?
    .total;
    if existing > 0 && !force {
        let n = format_int(i64::try_from(existing).unwrap_or(i64::MAX), locale);
        if if_empty {
            say(&words::station::demo_not_added(locale, &path, &n));
            return Ok(());
        }
        anyhow::bail!(words::station::demo_needs_empty(locale, &path, &n));
    }
    let now_ms = now_ms();
    let started = Instant::now();
    let workshop_created = db
        .write(|tx| demo::set_up_workshop(tx, now_ms, locale))
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let s =
        demo::generate(&mut db, opts, now_ms).map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let secs = started.elapsed().as_secs_f64();
    let n = |v: u32| format_int(i64::from(v), locale);
    let seed = opts.seed;
    let counts = [n(s.customers), n(s.companies), n(s.vehicles), n(s.readings)];
    say(&words::station::demo_added(
        locale,
        counts.each_ref().map(String::as_str),
        secs,
        &path,
        seed,
    ));
    if s.orders > 0 {
        say(&words::station::demo_orders(
            locale,
            &n(s.canned_jobs),
            &n(s.orders),
        ));
    }
    if s.invoices > 0 {
        say(&words::station::demo_invoices(locale, &n(s.invoices)));
    }
    if s.parts > 0 {
        say(&words::station::demo_stock(locale, &n(s.parts)));
    }
    if workshop_created {
        say(words::station::demo_workshop(locale));
        for (login, _, pin, roles) in demo::DEMO_ACCOUNTS {
            let roles: Vec<&str> = roles.iter().map(|r| r.label(locale)).collect();
            say(&format!("  {login:<8} PIN {pin}  {}", roles.join(", ")));
        }
    }
    Ok(())
}

fn fec(dir: &Path, period: Option<(&str, &str)>, out: &Path, tab: bool) -> anyhow::Result<()> {
    use atelier_core::fec::{self, Separator};
    let (mut db, locale) = open(dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let period = match period {
        Some((from, to)) => fec::period(from, to),
        None => fec::fiscal_year(db.conn(), &atelier_core::text::today(now_ms())),
    }
    .map_err(fail)?;
    let separator = if tab { Separator::Tab } else { Separator::Pipe };
    let done = db
        .write(|tx| {
            let done = fec::export(tx, &period, separator, out)?;
            atelier_core::journal::record(
                tx,
                now_ms(),
                atelier_core::journal::Code::Export,
                &format!(
                    "FEC {}..{} {} ({} entries)",
                    period.from,
                    period.to,
                    done.path.display(),
                    done.entries
                ),
            )?;
            Ok(done)
        })
        .map_err(fail)?;
    let (entries, lines) = (
        format_int(i64::try_from(done.entries).unwrap_or(i64::MAX), locale),
        format_int(i64::try_from(done.lines).unwrap_or(i64::MAX), locale),
    );
    let total = done.debit.format(locale);
    say(&words::station::fec_written(
        locale,
        (period.from.as_str(), period.to.as_str()),
        &done.path,
        &entries,
        &lines,
        &total,
    ));
    Ok(())
}

//! `atelier`: scripts and administrators work on a workstation's database
//! through this thin command line over atelier-core.

mod bench;

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use atelier_core::customers::{self, ListQuery};
use atelier_core::demo::{self, DemoOptions};
use atelier_core::text::format_int;
use atelier_core::{Db, device, settings};
use atelier_domain::Locale;
use clap::{Parser, Subcommand};

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
    /// Time the global search and the customer and vehicle pages on the data
    /// of a database (fill one with `atelier demo` first), and print the
    /// p50/p95/p99 of each kind of search.
    Bench(bench::Args),
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
        Command::Bench(args) => bench::run(&args),
    }
}

/// Opens the database of a data directory, saying what went wrong in French
/// (the workstation's language is in the database itself).
fn open(dir: &Path) -> anyhow::Result<(Db, Locale)> {
    let db = Db::open_in_dir(dir).map_err(|e| anyhow::anyhow!(e.message(Locale::Fr)))?;
    let locale = settings::locale(db.conn()).unwrap_or_default();
    Ok((db, locale))
}

/// Prints the one line a command answers with.
fn say(line: &str) {
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
    say(&match locale {
        Locale::Fr => format!("Base de données prête : {path} (schéma v{schema}, poste {device})"),
        Locale::En => format!("Database ready: {path} (schema v{schema}, device {device})"),
    });
    Ok(())
}

fn fill_demo(dir: &Path, opts: &DemoOptions, force: bool, if_empty: bool) -> anyhow::Result<()> {
    let (mut db, locale) = open(dir)?;
    let fr = locale == Locale::Fr;
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
            say(&if fr {
                format!("{path} contient déjà {n} clients : rien n’a été ajouté.")
            } else {
                format!("{path} already holds {n} customers: nothing was added.")
            });
            return Ok(());
        }
        anyhow::bail!(if fr {
            format!(
                "{path} contient déjà {n} clients : les données de démonstration ne s’ajoutent \
                 qu’à une base vide. Choisissez un autre --data-dir, ou ajoutez --force pour \
                 les mélanger aux données existantes."
            )
        } else {
            format!(
                "{path} already holds {n} customers: demo data only goes into an empty \
                 database. Choose another --data-dir, or add --force to mix it with the \
                 existing data."
            )
        });
    }
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default();
    let started = Instant::now();
    let workshop_created = db
        .write(|tx| demo::set_up_workshop(tx, now_ms, locale))
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let s =
        demo::generate(&mut db, opts, now_ms).map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let secs = started.elapsed().as_secs_f64();
    let n = |v: u32| format_int(i64::from(v), locale);
    let seed = opts.seed;
    say(&if fr {
        format!(
            "Données de démonstration ajoutées : {} clients (dont {} sociétés), {} véhicules, \
             {} relevés kilométriques en {} s — {path} (graine {seed})",
            n(s.customers),
            n(s.companies),
            n(s.vehicles),
            n(s.readings),
            format!("{secs:.1}").replace('.', ",")
        )
    } else {
        format!(
            "Demo data added: {} customers ({} companies), {} vehicles, {} odometer readings \
             in {secs:.1} s — {path} (seed {seed})",
            n(s.customers),
            n(s.companies),
            n(s.vehicles),
            n(s.readings),
        )
    });
    if s.orders > 0 {
        say(&if fr {
            format!(
                "Et {} forfaits, {} devis et ordres de réparation à toutes les étapes.",
                n(s.canned_jobs),
                n(s.orders)
            )
        } else {
            format!(
                "And {} canned jobs, {} estimates and repair orders at every stage.",
                n(s.canned_jobs),
                n(s.orders)
            )
        });
    }
    if s.parts > 0 {
        say(&if fr {
            format!(
                "Et un stock de {} pièces avec leurs fournisseurs.",
                n(s.parts)
            )
        } else {
            format!(
                "And a stock room of {} parts with their suppliers.",
                n(s.parts)
            )
        });
    }
    if workshop_created {
        say(if fr {
            "Atelier de démonstration créé. Comptes (mot de passe « atelier-demo ») :"
        } else {
            "Demo workshop created. Accounts (password “atelier-demo”):"
        });
        for (login, _, pin, roles) in demo::DEMO_ACCOUNTS {
            let roles: Vec<&str> = roles.iter().map(|r| r.label(locale)).collect();
            say(&format!("  {login:<8} PIN {pin}  {}", roles.join(", ")));
        }
    }
    Ok(())
}

//! `atelier`: scripts and administrators work on a workstation's database
//! through this thin command line over atelier-core.

use std::path::PathBuf;

use anyhow::Context;
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
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Init { data_dir } => init(&data_dir),
    }
}

fn init(dir: &std::path::Path) -> anyhow::Result<()> {
    let db = Db::open_in_dir(dir).map_err(|e| anyhow::anyhow!(e.message(Locale::Fr)))?;
    let device = device::device_id(db.conn()).context("reading the device id")?;
    let path = db.path().unwrap_or(dir).display().to_string();
    let schema = atelier_core::db::schema_version();
    let line = match settings::locale(db.conn()).unwrap_or_default() {
        Locale::Fr => format!("Base de données prête : {path} (schéma v{schema}, poste {device})"),
        Locale::En => format!("Database ready: {path} (schema v{schema}, device {device})"),
    };
    #[allow(clippy::print_stdout, reason = "printing is this command's job")]
    {
        println!("{line}");
    }
    Ok(())
}

//! Electronic invoices from the command line, for scripts and tests: what
//! the invoice screen exports.

use std::path::PathBuf;

use atelier_core::invoices::einvoice::EinvoiceFormat;
use atelier_core::invoices::export as einvoice;
use clap::{Subcommand, ValueEnum};

use crate::{open, say};

/// The syntaxes an issued invoice is exported in.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// The Factur-X PDF/A-3 as issued, the CII inside.
    Facturx,
    /// The UN/CEFACT CII XML.
    Cii,
    /// UBL 2.1.
    Ubl,
}

/// `atelier einvoice`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an issued invoice or credit note as an electronic invoice.
    Export {
        /// The data directory.
        #[arg(long, env = "ATELIER_DATA_DIR")]
        data_dir: PathBuf,
        /// Its number, e.g. F-S1A-2026-000123.
        number: String,
        /// The syntax.
        #[arg(long, value_enum, default_value = "facturx")]
        format: Format,
        /// The file to write (replaced whole, or left as it was).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs `atelier einvoice …`.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Export {
            data_dir,
            number,
            format,
            out,
        } => {
            let (db, locale) = open(&data_dir)?;
            let format = match format {
                Format::Facturx => EinvoiceFormat::FacturX,
                Format::Cii => EinvoiceFormat::Cii,
                Format::Ubl => EinvoiceFormat::Ubl,
            };
            let bytes = einvoice::by_number(db.conn(), &number)
                .and_then(|id| einvoice::export(db.conn(), id, format))
                .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
            let dir = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(|| std::path::Path::new("."));
            let name = out
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| anyhow::anyhow!("--out: a file name is needed"))?;
            let written = atelier_core::files::write(dir, name, &bytes)
                .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
            say(&format!("{}", written.display()));
            Ok(())
        }
    }
}

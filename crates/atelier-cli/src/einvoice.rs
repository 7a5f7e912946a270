//! Electronic invoices from the command line, for scripts and tests:
//! `atelier einvoice import` reads a supplier's Factur-X, CII or UBL file as
//! the purchase-order screen does, prints what it read and which order it
//! bills, and stores it; `atelier einvoice export` writes an issued invoice
//! as the invoice screen does.

use std::path::{Path, PathBuf};

use atelier_core::einvoice::inbound::{self, InboundError, LineMatch, Matching};
use atelier_core::invoices::einvoice::EinvoiceFormat;
use atelier_core::stock::{self, SupplierInput};
use atelier_core::text::format_date;
use atelier_domain::{Locale, Money};
use clap::{Args, Subcommand, ValueEnum};

use crate::words::einvoice as words;
use crate::{now_ms, open, say};

/// `atelier einvoice …`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a supplier's e-invoice (Factur-X PDF, CII or UBL 2.1 XML):
    /// checked, stored as received with its SHA-256, matched to the open
    /// purchase order it bills. Exits non-zero, with the reason and
    /// nothing stored, when the file is refused.
    Import(ImportArgs),
    /// Write an issued invoice or credit note as an electronic invoice.
    Export(ExportArgs),
}

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

/// `atelier einvoice export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
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
}

/// `atelier einvoice import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The data directory.
    #[arg(long, env = "ATELIER_DATA_DIR")]
    data_dir: PathBuf,
    /// The supplier's id, when its VAT number, SIREN or name does not find it.
    #[arg(long, conflicts_with = "create_supplier")]
    supplier: Option<String>,
    /// When no supplier is this seller, create it from the invoice (its
    /// name, VAT number and SIREN) instead of refusing.
    #[arg(long)]
    create_supplier: bool,
    /// Receive it at once on the matched purchase order (« Réceptionner »).
    #[arg(long)]
    accept: bool,
    /// The file.
    file: PathBuf,
}

/// Runs `atelier einvoice`.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Import(args) => import(&args),
        Command::Export(args) => export(&args),
    }
}

fn export(args: &ExportArgs) -> anyhow::Result<()> {
    use atelier_core::invoices::export as out;
    let (db, locale) = open(&args.data_dir)?;
    let format = match args.format {
        Format::Facturx => EinvoiceFormat::FacturX,
        Format::Cii => EinvoiceFormat::Cii,
        Format::Ubl => EinvoiceFormat::Ubl,
    };
    let bytes = out::by_number(db.conn(), &args.number)
        .and_then(|id| out::export(db.conn(), id, format))
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    let dir = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = args
        .out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow::anyhow!("--out: a file name is needed"))?;
    let written = atelier_core::files::write(dir, name, &bytes)
        .map_err(|e| anyhow::anyhow!(e.message(locale)))?;
    say(&written.display().to_string());
    Ok(())
}

fn import(args: &ImportArgs) -> anyhow::Result<()> {
    let (mut db, locale) = open(&args.data_dir)?;
    let fail = |e: atelier_core::Error| anyhow::anyhow!(e.message(locale));
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!(words::cannot_read(locale, &args.file, &e)))?;
    let name = file_name(&args.file);
    let now = now_ms();
    let matched = db
        .write(|tx| {
            // Text that is no id finds no supplier, as an unknown id does.
            let chosen = match args.supplier.as_deref() {
                Some(text) => Some(text.parse().map_err(|_| atelier_core::Error::NotFound {
                    entity: "supplier",
                    id: text.to_owned(),
                })?),
                None => None,
            };
            let page = match inbound::import(tx, now, &bytes, name.as_deref(), chosen) {
                Err(atelier_core::Error::Inbound(InboundError::UnknownSupplier {
                    name: seller,
                    vat,
                    siren,
                })) if args.create_supplier => {
                    let input = SupplierInput {
                        name: Some(seller),
                        vat_number: vat,
                        siren,
                        ..SupplierInput::default()
                    };
                    let made = stock::create_supplier(tx, now, &input)?;
                    inbound::import(tx, now, &bytes, name.as_deref(), Some(made.id))?
                }
                other => other?,
            };
            if args.accept {
                inbound::accept(tx, now, page.invoice.id)
            } else {
                inbound::matching(tx, page.invoice.id)
            }
        })
        .map_err(fail)?;
    print(&matched, locale);
    say(words::imported(locale, args.accept));
    Ok(())
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn money(amount: Money, locale: Locale) -> String {
    amount.format(locale)
}

/// What was read, the supplier, the order and each line's difference.
fn print(m: &Matching, locale: Locale) {
    let i = &m.invoice;
    let due = i
        .due_date
        .as_deref()
        .map(|d| format_date(d, locale))
        .unwrap_or_else(|| "—".to_owned());
    say(&words::invoice(
        locale,
        &i.number,
        &i.seller_name,
        i.syntax.as_str(),
        &format_date(&i.issue_date, locale),
        &due,
    ));
    let euros = |c| money(c, locale);
    say(&words::amounts(
        locale,
        &euros(i.total_ht),
        &euros(i.total_vat),
        &euros(i.total_ttc),
        &euros(i.due),
    ));
    say(&format!("  SHA-256 {}", i.file_sha256));
    say(&words::supplier(locale, &i.supplier_name));
    match &m.purchase_order {
        Some(po) => say(&words::purchase_order(locale, &po.number, m.by)),
        None => say(words::no_purchase_order(locale)),
    }
    for l in &m.lines {
        say(&line(l, locale));
    }
    for n in &m.not_invoiced {
        say(&words::not_invoiced(
            locale,
            &n.reference,
            &n.description,
            &n.outstanding.format(locale),
        ));
    }
}

fn line(l: &LineMatch, locale: Locale) -> String {
    let reference = l
        .supplier_reference
        .as_deref()
        .or(l.part_reference.as_deref())
        .unwrap_or("—");
    let invoiced = format!(
        "{} × {}",
        l.invoiced.format(locale),
        money(l.invoiced_price, locale)
    );
    let versus = match (l.ordered, l.ordered_price) {
        (Some(q), Some(p)) => {
            let ordered = format!("{} × {}", q.format(locale), money(p, locale));
            words::ordered(locale, &ordered, l.quantity_differs, l.price_differs)
        }
        _ => words::not_on_order(locale).to_owned(),
    };
    format!(
        "  {:>3}. {reference} {} — {invoiced}{versus}",
        l.position, l.name
    )
}

//! The Fichier des Écritures Comptables (FEC, article A47 A-1 of the livre des
//! procédures fiscales): every accounting entry the workshop's sales and
//! takings make over a fiscal year or any period, as one text file the tax
//! authority and the accountant read.
//!
//! # The file
//!
//! - One record per account line, the first naming the 18 zones in their
//!   order ([`COLUMNS`]): JournalCode … Idevise. Zones are separated by `|`
//!   or a tab ([`Separator`]), records by CR LF.
//! - Dates `YYYYMMDD`; amounts in euros with a decimal comma and no
//!   thousands separator, in the Debit and Credit zones (never a negative
//!   amount: a movement the other way is written on the other side, a zero
//!   side as `0,00`).
//! - Text in ISO 8859-15 (the text lists ASCII, ISO 8859-15 and EBCDIC):
//!   a character outside it is written `?`, typographic quotes and dashes
//!   their plain forms, and nothing inside a zone can be read as a separator.
//! - Named `<SIREN>FEC<YYYYMMDD>.txt`: the SIREN is the first nine digits of
//!   the workshop's SIRET, the date the closing date of the fiscal year — for
//!   a period that is not a fiscal year, its last day.
//!
//! # How the rules are read
//!
//! - **EcritureNum**: one continuous sequence over the whole file, from 1,
//!   entries in date order (each day: the sales journal in document-number
//!   order, then the suppliers' invoices received, then the takings in the
//!   order they were recorded). Numbers are
//!   those of one export: the FEC of a month and of its year number the same
//!   entry differently.
//! - **EcritureDate, PieceDate, ValidDate**: the day of the document (an
//!   invoice's or credit note's issue, a payment's day). An issued document
//!   and a recorded payment can never change, so they are validated the day
//!   they are made.
//! - **EcritureLet, DateLet** (lettering) are left empty: Atelier does not
//!   letter accounts; **Montantdevise, Idevise** too: every amount is in euros.
//! - **CompAuxNum, CompAuxLib**: the customer's auxiliary account
//!   (`C` and the random end of their id, the same on every station) and
//!   their current name, on every customers and deposits line.
//! - Labels (JournalLib, CompteLib, EcritureLib) are in French whatever the
//!   station's language: the file is for the French tax authority.
//!
//! # The entries
//!
//! - **Sales journal (VE)**, one entry per issued invoice or credit note:
//!   the customer (411 + auxiliary) debited with the TTC; labour (706),
//!   parts (707) and other (7088: fees such as disposal or administrative
//!   fees are ancillary revenue, not goods or services of the trade)
//!   credited with their HT, as the revenue report splits them; each VAT
//!   rate's output VAT (44571…) credited. A credit note reverses every side.
//!   An invoice that deducts deposits also moves them from the deposits
//!   account (4191) to the customer's (debit 4191, credit 411).
//! - **Cash (CA) and bank (BQ) journals**, one entry per payment: cash
//!   (530), card and transfer (512, the bank), cheque (5112, cheques to pay
//!   in: the workshop takes them to the bank later, outside Atelier)
//!   debited, the customer credited; a reversal the other way round.
//! - **Purchases journal (HA)**, one entry per supplier's e-invoice received
//!   and not rejected (`einvoice::inbound`), on its issue day: purchases
//!   (607) debited with its HT, deductible VAT (44566) with its VAT, the
//!   supplier (401 + an auxiliary account `F` and the end of its id)
//!   credited with its TTC; a supplier's credit note the other way round.
//!   These three accounts are fixed for now. A supplier's invoice marked
//!   paid debits the supplier and credits the bank (512, the transfer
//!   account) or cash (530) in the bank or cash journal, on the day paid.
//! - **Deposits** taken on an order before its invoice credit 4191
//!   (advances received on orders) instead of 411: they are not a payment
//!   of an invoice yet. The invoice moves them to 411, so once invoiced a
//!   deposit leaves 4191 at zero.
//! - VAT is recorded at the invoice (as a sale of goods and the régime des
//!   débits have it). A workshop that pays VAT on its services when paid
//!   (the default for services) has its accountant adjust the VAT due on
//!   deposits and unpaid invoices: the FEC records what Atelier knows.
//!
//! Every account number can be changed ([`accounts`]). An entry that would
//! not balance stops the export: nothing is written unless every entry
//! balances, and the file appears under its name only once complete.

pub mod accounts;
mod format;
mod journal;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use atelier_domain::{Locale, Money};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use crate::reports::Period;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

pub use accounts::{Accounts, AccountsInput, VatAccount};
pub use format::COLUMNS;

/// What separates the zones of a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    /// `|`, the vertical bar.
    #[default]
    Pipe,
    /// A tab.
    Tab,
}

impl Separator {
    /// The byte written between zones.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Pipe => b'|',
            Separator::Tab => b'\t',
        }
    }
}

/// Why no FEC was written. Nothing was.
#[derive(Debug, thiserror::Error)]
pub enum FecError {
    /// The workshop has no SIRET: the file is named after its SIREN.
    #[error("the workshop has no SIRET")]
    NoSiret,
    /// A document's figures do not balance (or are missing): the file would
    /// hold an unbalanced entry.
    #[error("entry {piece} does not balance")]
    Unbalanced {
        /// The document's number.
        piece: String,
    },
}

impl FecError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            FecError::NoSiret => "fec_no_siret",
            FecError::Unbalanced { .. } => "fec_unbalanced",
        }
    }

    /// What to tell the person, in their language, with what to do.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            FecError::NoSiret if fr => "Le SIRET de l’atelier n’est pas renseigné : le FEC porte le SIREN dans son nom. Indiquez-le dans Réglages › Atelier, puis recommencez. Aucun fichier n’a été écrit.".to_owned(),
            FecError::NoSiret => "The workshop’s SIRET is not set: the FEC is named after the SIREN. Enter it in Settings › Workshop, then try again. No file was written.".to_owned(),
            FecError::Unbalanced { piece } if fr => format!("Les montants de la pièce {piece} ne s’équilibrent pas : relancez Atelier (il recalcule les chiffres des factures à l’ouverture), puis recommencez. Aucun fichier n’a été écrit."),
            FecError::Unbalanced { piece } => format!("The amounts of {piece} do not balance: restart Atelier (it recomputes the invoices’ figures when it opens), then try again. No file was written."),
        }
    }
}

/// A FEC written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exported {
    /// Where.
    pub path: PathBuf,
    /// The period covered.
    pub period: Period,
    /// Entries (EcritureNum 1 to this).
    pub entries: u64,
    /// Account lines, the header not counted.
    pub lines: u64,
    /// Total debits, equal to total credits.
    pub debit: Money,
}

fn parse_day(s: &str, field: Field) -> Result<Date, Invalid> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| Invalid::new(field, Problem::Date))
}

fn format_day(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// Two days typed by the person (YYYY-MM-DD), checked: both dates, the
/// first not after the last.
pub fn period(from: &str, to: &str) -> Result<Period> {
    let start = parse_day(from, Field::From)?;
    let end = parse_day(to, Field::To)?;
    if end < start {
        return Err(Invalid::new(Field::To, Problem::PeriodReversed).into());
    }
    Ok(Period {
        from: format_day(start),
        to: format_day(end),
    })
}

/// The workshop's SIREN: the first nine digits of its SIRET.
fn siren(conn: &Connection) -> Result<String> {
    let siret: Option<String> = conn
        .prepare_cached("SELECT siret FROM workshop")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten();
    let digits: String = siret
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .get(..9)
        .filter(|_| digits.len() >= 9)
        .map(str::to_owned)
        .ok_or_else(|| FecError::NoSiret.into())
}

/// The file's name: `<SIREN>FEC<closing date>.txt`.
pub fn file_name(siren: &str, closing: &str) -> String {
    format!("{siren}FEC{}.txt", format::date(closing))
}

/// Writes the FEC of `period` into `dir` (created if need be) and says what
/// it holds. The file
/// is written under a temporary name and renamed once complete, so a
/// failure (a full disk, an entry that does not balance) leaves no file,
/// not even half of one. A period without any document writes the header
/// alone. Refused, writing nothing, when the workshop has no SIRET.
pub fn export(
    conn: &Connection,
    period: &Period,
    separator: Separator,
    dir: &Path,
) -> Result<Exported> {
    let siren = siren(conn)?;
    let accounts = accounts::get(conn)?;
    let path = dir.join(file_name(&siren, &period.to));
    let part = dir.join(format!(".{}.partial", file_name(&siren, &period.to)));
    let failed = |e: std::io::Error| Error::Export {
        path: path.clone(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let file = std::fs::File::create(&part).map_err(failed)?;
    let written = (|| {
        let mut out = BufWriter::with_capacity(1 << 16, file);
        out.write_all(&format::header(separator)).map_err(failed)?;
        let mut journal = journal::Journal::new(out, separator, &accounts);
        journal.period(conn, &period.from, &period.to)?;
        let totals = std::mem::take(&mut journal.totals);
        let file = journal
            .out
            .into_inner()
            .map_err(|e| failed(e.into_error()))?;
        file.sync_all().map_err(failed)?;
        std::fs::rename(&part, &path).map_err(failed)?;
        Ok(totals)
    })();
    match written {
        Ok(totals) => Ok(Exported {
            path,
            period: period.clone(),
            entries: totals.entries,
            lines: totals.lines,
            debit: Money::from_cents(totals.debit),
        }),
        Err(e) => {
            // What was written so far is no FEC: it goes.
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

/// The fiscal year that holds `today` (YYYY-MM-DD), as the export form
/// proposes it: the workshop's fiscal year ([`crate::till::fiscal`]); the
/// first one, when it is shorter or longer, starts on the first document.
pub fn fiscal_year(conn: &Connection, today: &str) -> Result<Period> {
    parse_day(today, Field::To)?;
    let earliest: Option<String> = conn
        .prepare_cached(
            "SELECT MIN(day) FROM (SELECT MIN(issued_on) AS day FROM invoices WHERE status = 'issued'
                           UNION ALL SELECT MIN(paid_on) FROM payments)",
        )?
        .query_row([], |r| r.get(0))?;
    let (from, to) = crate::till::fiscal::get(conn)?
        .containing(today, earliest.as_deref().unwrap_or(today))
        .ok_or(Error::Corrupt("workshop.fiscal_year_end"))?;
    Ok(Period { from, to })
}

//! Importing customers and their vehicles from a CSV file, as a workshop
//! brings them from its old software or a spreadsheet.
//!
//! The file has a header row naming its columns (in any order and case; see
//! [`read`]), then one line per vehicle: a customer with several vehicles is
//! repeated on each line, one without vehicle leaves the vehicle columns blank.
//! The columns, as an export writes them:
//!
//! `type;civilite;prenom;nom;societe;siret;tva;telephone;telephone2;email;adresse;complement;code_postal;ville;pays;langue;consentement_marketing;notes;immatriculation;plaque_etrangere;vin;marque;modele;version;motorisation;energie;boite;couleur;mise_en_circulation;kilometrage`
//!
//! Every line goes through [`customers::create`] and [`vehicles::create`], so
//! an imported record obeys the forms' rules, duplicate guard included. Each
//! line is written inside its own savepoint, and the whole file inside one
//! more: a refused line leaves nothing of itself, and a preview or a refused
//! file leaves nothing at all.

mod read;
mod refusal;
mod row;

use std::collections::HashMap;

use atelier_domain::{CustomerId, Locale};
use csv::StringRecord;
use rusqlite::Transaction;
use serde::Serialize;

use crate::customers::{self, CustomerError, CustomerSummary};
use crate::search::Deferral;
use crate::text::today;
use crate::validation::Invalid;
use crate::{Error, Result, vehicles};

pub(crate) use read::{COLUMN_COUNT, Column};
pub use read::{Encoding, Separator};
pub(crate) use row::{fuel_word, gearbox_word};

use read::{Header, RowNumbers};
use refusal::Refusal;
use row::{Keys, Line};

/// What to do with the lines once they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Check every line exactly as an import would, then keep nothing.
    Preview,
    /// Keep every line, or nothing at all if any is refused.
    AllOrNothing,
    /// Keep the accepted lines and leave out the refused ones.
    SkipInvalid,
}

impl Mode {
    /// The mode the import screen asks for: `commit` false is a preview.
    pub fn new(commit: bool, skip_invalid: bool) -> Mode {
        match (commit, skip_invalid) {
            (false, _) => Mode::Preview,
            (true, false) => Mode::AllOrNothing,
            (true, true) => Mode::SkipInvalid,
        }
    }
}

/// What an import found and did. In a preview, the counts are what a commit
/// would create; nothing was kept unless `committed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How the file's bytes were read.
    pub encoding: Encoding,
    /// The separator found in the header row.
    pub separator: Separator,
    /// Data lines read (the header and blank lines apart).
    pub rows: usize,
    /// Customers created, or to be created by a commit.
    pub customers: usize,
    /// Vehicles created, or to be created by a commit.
    pub vehicles: usize,
    /// The refused lines, in file order.
    pub errors: Vec<LineError>,
    /// Whether the accepted lines were kept.
    pub committed: bool,
}

/// A refused line, or a problem with the whole file (on line 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// The line as a spreadsheet numbers its rows: the header is line 1.
    pub line: u64,
    /// The CSV column at fault; empty when it is the whole line.
    pub column: String,
    /// What is wrong and how to fix it, in the reader's language.
    pub message: String,
}

/// How one line ended: refused (the import goes on), or a failure of the
/// database (the import stops and nothing is kept).
enum Failure {
    Refused(Refusal),
    Fatal(Error),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid(i) => Failure::Refused(Refusal::Invalid(i)),
            other => Failure::Fatal(other),
        }
    }
}

impl From<Invalid> for Failure {
    fn from(i: Invalid) -> Self {
        Failure::Refused(Refusal::Invalid(i))
    }
}

const FILE_SAVEPOINT: &str = "atelier_import";
const LINE_BEGIN: &str = "SAVEPOINT atelier_import_line";
const LINE_RELEASE: &str = "RELEASE atelier_import_line";
const LINE_ROLLBACK: &str = "ROLLBACK TO atelier_import_line";

/// Imports the customers and vehicles of a CSV file in `tx`, telling each
/// problem in `locale`.
///
/// Whatever the mode, every line is checked and written, so a preview counts
/// exactly what a commit creates; then the file's savepoint is released or
/// rolled back as `mode` says. A problem with the file itself (not text, no
/// header) is one error on line 1 and reads no line. Only a failure of the
/// database is an `Err`, and then nothing is kept either.
pub fn customers_csv(
    tx: &Transaction<'_>,
    now_ms: u64,
    locale: Locale,
    bytes: &[u8],
    mode: Mode,
) -> Result<Report> {
    let (text, encoding) = read::decode(bytes);
    let separator = read::separator(&text);
    let mut report = Report {
        encoding,
        separator,
        rows: 0,
        customers: 0,
        vehicles: 0,
        errors: Vec::new(),
        committed: false,
    };
    if text.trim().is_empty() {
        report.refuse(1, &Refusal::Empty, locale);
        return Ok(report);
    }
    if read::is_binary(&text) {
        report.refuse(1, &Refusal::NotText, locale);
        return Ok(report);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator.byte())
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut rows = RowNumbers::default();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) | Err(_) => {
            report.refuse(1, &Refusal::Empty, locale);
            return Ok(report);
        }
    }
    let header_row = rows.row_of(&record);
    let mut warnings = Vec::new();
    let header = Header::read(&record, &mut warnings);
    for w in &warnings {
        report.refuse(header_row, w, locale);
    }
    let header = match header {
        Ok(h) => h,
        Err(refusal) => {
            report.refuse(header_row, &refusal, locale);
            return Ok(report);
        }
    };

    tx.execute_batch(&format!("SAVEPOINT {FILE_SAVEPOINT}"))?;
    let mut import = Import {
        tx,
        now_ms,
        today: today(now_ms),
        groups: Groups::default(),
        index: Deferral::start(),
    };
    let done = import.lines(&mut reader, &header, &mut rows, &mut report, locale);
    let keep = done.is_ok()
        && match mode {
            Mode::Preview => false,
            Mode::AllOrNothing => report.errors.is_empty(),
            Mode::SkipInvalid => true,
        };
    // Dropping the deferral when not keeping discards the held-back documents
    // along with the records being rolled back.
    let end: Result<()> = if keep {
        import.index.finish(tx).and_then(|()| {
            tx.execute_batch(&format!("RELEASE {FILE_SAVEPOINT}"))?;
            Ok(())
        })
    } else {
        drop(import);
        tx.execute_batch(&format!(
            "ROLLBACK TO {FILE_SAVEPOINT}; RELEASE {FILE_SAVEPOINT}"
        ))
        .map_err(Into::into)
    };
    done?;
    end?;
    report.committed = keep;
    Ok(report)
}

impl Report {
    fn refuse(&mut self, line: u64, refusal: &Refusal, locale: Locale) {
        self.errors.push(LineError {
            line,
            column: refusal.column(),
            message: refusal.message(locale),
        });
    }
}

/// One import under way: the transaction and the customers created so far.
struct Import<'t, 'c> {
    tx: &'t Transaction<'c>,
    now_ms: u64,
    today: String,
    groups: Groups,
    /// The file's search documents, written once at the end.
    index: Deferral,
}

/// What one accepted line created.
struct Created {
    customer: Option<(Keys, CustomerId)>,
    vehicle: bool,
}

impl Import<'_, '_> {
    fn lines(
        &mut self,
        reader: &mut csv::Reader<&[u8]>,
        header: &Header,
        rows: &mut RowNumbers,
        report: &mut Report,
        locale: Locale,
    ) -> Result<()> {
        let mut record = StringRecord::new();
        loop {
            let row = match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => rows.row_of(&record),
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    report.refuse(line, &Refusal::Unreadable, locale);
                    continue;
                }
            };
            let line = Line::new(header, &record);
            if line.is_blank() {
                continue;
            }
            report.rows += 1;
            let mark = self.index.mark();
            self.tx.prepare_cached(LINE_BEGIN)?.execute([])?;
            match self.line(&line) {
                Ok(created) => {
                    self.tx.prepare_cached(LINE_RELEASE)?.execute([])?;
                    if let Some((keys, id)) = created.customer {
                        self.groups.remember(keys, id);
                        report.customers += 1;
                    }
                    report.vehicles += usize::from(created.vehicle);
                }
                Err(failure) => {
                    self.tx.prepare_cached(LINE_ROLLBACK)?.execute([])?;
                    self.tx.prepare_cached(LINE_RELEASE)?.execute([])?;
                    self.index.rewind(mark);
                    match failure {
                        Failure::Refused(refusal) => report.refuse(row, &refusal, locale),
                        Failure::Fatal(e) => return Err(e),
                    }
                }
            }
        }
    }

    /// Writes one line: its customer, unless an earlier line created it, then
    /// its vehicle, if it has one.
    fn line(&self, line: &Line<'_>) -> Result<Created, Failure> {
        let input = line.customer()?;
        let keys = line.keys();
        let (owner, customer) = match self.groups.find(&keys) {
            Some(id) => {
                // The customer's columns are checked on every line all the same.
                customers::Fields::parse(&input, &self.today, None)?;
                (id, None)
            }
            None => match customers::create_id(self.tx, self.now_ms, &input) {
                Ok(id) => (id, Some((keys, id))),
                Err(Error::Customer(CustomerError::Duplicate { matches })) => {
                    return Err(self.duplicate(&input, &matches)?.into());
                }
                Err(e) => return Err(e.into()),
            },
        };
        let vehicle = match line.vehicle(owner) {
            Some(v) => vehicles::create_id(self.tx, self.now_ms, &v).map(|_| true)?,
            None => false,
        };
        Ok(Created { customer, vehicle })
    }

    /// Says which customer the line duplicates, and by which column.
    fn duplicate(
        &self,
        input: &customers::CustomerInput,
        matches: &[CustomerSummary],
    ) -> Result<Refusal, Failure> {
        let Some(first) = matches.first() else {
            return Err(Failure::Fatal(Error::Corrupt("customers")));
        };
        let existing = customers::get(self.tx, first.id)?;
        let f = customers::Fields::parse(input, &self.today, None)?;
        let same_phone =
            |p: &Option<String>| p.is_some() && (*p == existing.phone || *p == existing.phone_alt);
        let same_email = match (&f.email, &existing.email) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        let column = if same_phone(&f.phone) {
            Column::Telephone
        } else if same_phone(&f.phone_alt) {
            Column::Telephone2
        } else if same_email {
            Column::Email
        } else {
            Column::Siret
        };
        Ok(Refusal::Duplicate {
            name: first.display_name.clone(),
            column,
        })
    }
}

/// The customers created by earlier lines, found by phone, e-mail or name.
/// Hash maps, so grouping stays linear in the number of lines.
#[derive(Debug, Default)]
struct Groups {
    by_phone: HashMap<String, CustomerId>,
    by_email: HashMap<String, CustomerId>,
    by_name: HashMap<String, CustomerId>,
}

impl Groups {
    fn find(&self, keys: &Keys) -> Option<CustomerId> {
        let get = |map: &HashMap<String, CustomerId>, key: &Option<String>| {
            key.as_ref().and_then(|k| map.get(k)).copied()
        };
        get(&self.by_phone, &keys.phone)
            .or_else(|| get(&self.by_email, &keys.email))
            .or_else(|| get(&self.by_name, &keys.name))
    }

    fn remember(&mut self, keys: Keys, id: CustomerId) {
        for (map, key) in [
            (&mut self.by_phone, keys.phone),
            (&mut self.by_email, keys.email),
            (&mut self.by_name, keys.name),
        ] {
            if let Some(k) = key {
                map.entry(k).or_insert(id);
            }
        }
    }
}

#[cfg(test)]
mod tests;

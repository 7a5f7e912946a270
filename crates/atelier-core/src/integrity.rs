//! The integrity check a certifier, the owner and `atelier verify` run: the
//! invoice chains, every station's closure chain, this station's
//! technical-event journal, the frozen e-reporting periods and the
//! suppliers' e-invoices kept as received, recomputed, with the result
//! journalled.

use atelier_domain::Locale;
use serde::Serialize;

use crate::journal::{self, Code};
use crate::till::closures;
use crate::{Db, Result, invoices};

mod words;
pub(crate) use words::{Words, words};

/// What the check found.
#[derive(Debug, Serialize)]
pub struct Integrity {
    /// Whether everything is intact.
    pub clean: bool,
    /// The invoice and credit-note chains.
    pub invoices: invoices::Verification,
    /// The closures' chains.
    pub closures: closures::Verification,
    /// The journal's chain.
    pub journal: journal::Verification,
    /// The frozen e-reporting periods that are not intact: `(station, seq)`.
    pub ereport_periods: Vec<(String, i64)>,
    /// The suppliers' e-invoices whose stored file is no longer what
    /// arrived.
    pub supplier_files: Vec<crate::einvoice::inbound::AlteredFile>,
    /// Each finding about closures and the journal, said in the reader's
    /// language (the invoices' are in `invoices.messages`).
    pub messages: Vec<String>,
}

/// Checks the invoices, the closures, the journal, the frozen e-reporting
/// periods and the suppliers' e-invoice files, and journals the
/// result (an [`Code::IntegrityCheck`] entry, written after the journal
/// itself was checked).
pub fn check(db: &mut Db, now_ms: u64, locale: Locale) -> Result<Integrity> {
    let invoices = invoices::verify_in(db.conn(), locale)?;
    let closures = closures::verify(db.conn())?;
    let journal = journal::verify(db.conn())?;
    let w = words(locale);
    let mut messages: Vec<String> = closures
        .findings
        .iter()
        .map(|f| closure_message(f, w))
        .collect();
    messages.extend(journal.findings.iter().map(|f| journal_message(f, w)));
    let ereport_periods = crate::einvoice::reporting::frozen::verify(db.conn())?;
    messages.extend(
        ereport_periods
            .iter()
            .map(|(station, seq)| (w.ereport_period)(station, *seq)),
    );
    let supplier_files = crate::einvoice::inbound::verify_files(db.conn())?;
    messages.extend(supplier_files.iter().map(|f| (w.supplier_file)(&f.number)));
    let clean = invoices.clean
        && closures.ok()
        && journal.ok()
        && ereport_periods.is_empty()
        && supplier_files.is_empty();
    let summary = format!(
        "{}: {} documents, {} closures of {} stations, {} journal entries",
        if clean { "intact" } else { "FINDINGS" },
        invoices.report.documents,
        closures.closures,
        closures.stations,
        journal.entries
    );
    db.write(|tx| journal::record(tx, now_ms, Code::IntegrityCheck, &summary))?;
    Ok(Integrity {
        clean,
        invoices,
        closures,
        journal,
        ereport_periods,
        supplier_files,
        messages,
    })
}

/// What the owner reads about a closure found not intact.
pub(crate) fn closure_message(f: &closures::Finding, w: &Words) -> String {
    match f {
        closures::Finding::Altered { station, seq } => (w.closure_altered)(station, *seq),
        closures::Finding::BrokenLink { station, seq } => (w.closure_broken_link)(station, *seq),
        closures::Finding::Gap { station, seq } => (w.closure_gap)(station, *seq),
        closures::Finding::GrandTotal { station, day } => (w.closure_grand_total)(station, day),
        closures::Finding::Unreadable { station, seq } => (w.closure_unreadable)(station, *seq),
    }
}

/// What the owner reads about a journal entry found not intact.
pub(crate) fn journal_message(f: &journal::Finding, w: &Words) -> String {
    match f {
        journal::Finding::Altered { seq } => (w.journal_altered)(*seq),
        journal::Finding::BrokenLink { seq } => (w.journal_broken_link)(*seq),
        journal::Finding::Gap { seq, expected } => (w.journal_gap)(*expected, seq - 1),
        journal::Finding::Unreadable { seq } => (w.journal_unreadable)(*seq),
    }
}

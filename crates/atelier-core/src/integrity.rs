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
    let fr = locale == Locale::Fr;
    let mut messages: Vec<String> = closures
        .findings
        .iter()
        .map(|f| match f {
            closures::Finding::Altered { station, seq } if fr => {
                format!("Clôture n° {seq} du poste {station} : modifiée après coup.")
            }
            closures::Finding::Altered { station, seq } => {
                format!("Closure no. {seq} of station {station}: changed afterwards.")
            }
            closures::Finding::BrokenLink { station, seq } if fr => format!(
                "Clôture n° {seq} du poste {station} : ne suit plus la précédente (chaîne rompue)."
            ),
            closures::Finding::BrokenLink { station, seq } => format!(
                "Closure no. {seq} of station {station}: no longer follows the previous one (broken chain)."
            ),
            closures::Finding::Gap { station, seq } if fr => {
                format!("Poste {station} : des clôtures manquent avant la n° {seq}.")
            }
            closures::Finding::Gap { station, seq } => {
                format!("Station {station}: closures are missing before no. {seq}.")
            }
            closures::Finding::GrandTotal { station, day } if fr => format!(
                "Poste {station}, journée du {day} : le grand total perpétuel ne suit pas celui de la veille."
            ),
            closures::Finding::GrandTotal { station, day } => format!(
                "Station {station}, day {day}: the perpetual grand total does not follow the day before's."
            ),
            closures::Finding::Unreadable { station, seq } if fr => {
                format!("Clôture n° {seq} du poste {station} : illisible.")
            }
            closures::Finding::Unreadable { station, seq } => {
                format!("Closure no. {seq} of station {station}: unreadable.")
            }
        })
        .collect();
    messages.extend(journal.findings.iter().map(|f| match f {
        journal::Finding::Altered { seq } if fr => {
            format!("Journal des événements, entrée n° {seq} : modifiée après coup.")
        }
        journal::Finding::Altered { seq } => {
            format!("Event journal, entry no. {seq}: changed afterwards.")
        }
        journal::Finding::BrokenLink { seq } if fr => {
            format!("Journal des événements, entrée n° {seq} : chaîne rompue.")
        }
        journal::Finding::BrokenLink { seq } => {
            format!("Event journal, entry no. {seq}: broken chain.")
        }
        journal::Finding::Gap { seq, expected } if fr => format!(
            "Journal des événements : entrées manquantes de la n° {expected} à la n° {}.",
            seq - 1
        ),
        journal::Finding::Gap { seq, expected } => format!(
            "Event journal: entries missing from no. {expected} to no. {}.",
            seq - 1
        ),
        journal::Finding::Unreadable { seq } if fr => {
            format!("Journal des événements, entrée n° {seq} : illisible.")
        }
        journal::Finding::Unreadable { seq } => {
            format!("Event journal, entry no. {seq}: unreadable.")
        }
    }));
    let ereport_periods = crate::einvoice::reporting::frozen::verify(db.conn())?;
    messages.extend(ereport_periods.iter().map(|(station, seq)| {
        if fr {
            format!("Période d’e-reporting n° {seq} du poste {station} : modifiée après coup, illisible ou hors chaîne.")
        } else {
            format!("E-reporting period no. {seq} of station {station}: changed afterwards, unreadable or out of the chain.")
        }
    }));
    let supplier_files = crate::einvoice::inbound::verify_files(db.conn())?;
    messages.extend(supplier_files.iter().map(|f| {
        if fr {
            format!(
                "Facture fournisseur {} : le fichier reçu a été modifié après coup.",
                f.number
            )
        } else {
            format!(
                "Supplier invoice {}: the file received was changed afterwards.",
                f.number
            )
        }
    }));
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

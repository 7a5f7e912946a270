//! The exchange with the workshop's approved platform (« plateforme
//! agréée », PA), behind one trait, [`Platform`]: send an issued invoice
//! (its Factur-X PDF) or a frozen e-reporting period, fetch the lifecycle
//! statuses the PA returns for invoices, fetch the invoices it received
//! for the workshop (its suppliers').
//!
//! The one implementation today is [`FolderExchange`]: two folders the
//! owner chooses (outgoing, incoming), as PAs offer for SFTP or file drop.
//!
//! Around the trait, this module keeps what happened, in the same way for
//! every platform: each sending in `einvoice_sendings` (what, which file,
//! its SHA-256, when, by whom) and each lifecycle status in
//! `einvoice_statuses`, both append-only and synced, so every station shows
//! an invoice's history and what was sent when.

use atelier_domain::{EreportPeriodId, InvoiceId, Locale};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::reporting::{EreportError, file, frozen};
use crate::outbox::{self, OpKind};
use crate::text::hex;
use crate::{Db, Error, Result, access, device};

mod folder;
mod page;
#[cfg(test)]
mod tests;

pub use folder::{
    DONE_FOLDER, FolderExchange, Folders, FoldersInput, folders, parse_statuses, set_folders,
};
pub use page::{DuePeriod, ListedPeriod, ReportingPage, reporting_page};

/// An approved platform (PA), as Atelier talks to it.
///
/// Sending hands the platform a file whole or not at all; fetching reads
/// what it returned without consuming it, and the `*_done` methods tell it
/// what was kept, so nothing is lost when storing fails in between.
pub trait Platform {
    /// Deposits the issued invoice or credit note `number`: its Factur-X
    /// PDF, as stored at issue. Returns the file's name at the platform.
    fn send_invoice(&self, number: &str, pdf: &[u8]) -> Result<String>;
    /// Deposits one e-reporting period's file ([`file::render`]) under
    /// `file_name`. Returns the file's name at the platform.
    fn send_ereport(&self, file_name: &str, bytes: &[u8]) -> Result<String>;
    /// The batches of lifecycle statuses waiting, each read from one
    /// source; one that cannot be read is returned with its error.
    fn fetch_statuses(&self) -> Result<Vec<StatusBatch>>;
    /// The batch `source` was stored: it is not fetched again.
    fn statuses_done(&self, source: &str) -> Result<()>;
    /// The invoices received for the workshop, waiting: names and bytes
    /// (Factur-X PDF, CII or UBL XML), for the inbound import.
    fn fetch_received(&self) -> Result<Vec<ReceivedFile>>;
    /// The received file `name` was imported: it is not fetched again.
    fn received_done(&self, name: &str) -> Result<()>;
}

/// A received invoice's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedFile {
    /// Its name at the platform.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The statuses read from one source (a file), or why it could not be read.
#[derive(Debug)]
pub struct StatusBatch {
    /// Where they came from (the file's name).
    pub source: String,
    /// The statuses, or the reason none was taken.
    pub statuses: std::result::Result<Vec<StatusLine>, EreportError>,
}

/// One lifecycle status of an invoice, as the platform returned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    /// The invoice's or credit note's number.
    pub number: String,
    /// Its status.
    pub status: Lifecycle,
    /// The day the status was reached (YYYY-MM-DD).
    pub on: String,
    /// Why (a rejection's or refusal's reason), if given.
    pub reason: Option<String>,
}

/// The lifecycle statuses of an invoice in the French reform's « cycle de
/// vie », with their codes (200–213).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// 200 « Déposée »: the platform has it.
    Deposited,
    /// 201 « Émise par la plateforme ».
    Issued,
    /// 202 « Reçue par la plateforme » of the buyer.
    Received,
    /// 203 « Mise à disposition » of the buyer.
    MadeAvailable,
    /// 204 « Prise en charge » by the buyer.
    InHand,
    /// 205 « Approuvée ».
    Approved,
    /// 206 « Approuvée partiellement ».
    PartlyApproved,
    /// 207 « En litige ».
    Disputed,
    /// 208 « Suspendue ».
    Suspended,
    /// 209 « Complétée ».
    Completed,
    /// 210 « Refusée » by the buyer.
    Refused,
    /// 211 « Paiement transmis ».
    PaymentSent,
    /// 212 « Encaissée ».
    Paid,
    /// 213 « Rejetée » by the platform (not compliant).
    Rejected,
}

impl Lifecycle {
    /// Every status, in code order.
    pub const ALL: [Lifecycle; 14] = [
        Lifecycle::Deposited,
        Lifecycle::Issued,
        Lifecycle::Received,
        Lifecycle::MadeAvailable,
        Lifecycle::InHand,
        Lifecycle::Approved,
        Lifecycle::PartlyApproved,
        Lifecycle::Disputed,
        Lifecycle::Suspended,
        Lifecycle::Completed,
        Lifecycle::Refused,
        Lifecycle::PaymentSent,
        Lifecycle::Paid,
        Lifecycle::Rejected,
    ];

    /// Its code in the « cycle de vie ».
    pub fn code(self) -> u16 {
        let i = Lifecycle::ALL.iter().position(|s| *s == self).unwrap_or(0);
        200 + u16::try_from(i).unwrap_or(0)
    }

    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        self.names().0
    }

    /// (stored name, French, English).
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Lifecycle::Deposited => ("deposited", "Déposée", "Deposited"),
            Lifecycle::Issued => (
                "issued",
                "Émise par la plateforme",
                "Issued by the platform",
            ),
            Lifecycle::Received => (
                "received",
                "Reçue par la plateforme",
                "Received by the platform",
            ),
            Lifecycle::MadeAvailable => ("made_available", "Mise à disposition", "Made available"),
            Lifecycle::InHand => ("in_hand", "Prise en charge", "Taken in hand"),
            Lifecycle::Approved => ("approved", "Approuvée", "Approved"),
            Lifecycle::PartlyApproved => (
                "partly_approved",
                "Approuvée partiellement",
                "Partly approved",
            ),
            Lifecycle::Disputed => ("disputed", "En litige", "Disputed"),
            Lifecycle::Suspended => ("suspended", "Suspendue", "Suspended"),
            Lifecycle::Completed => ("completed", "Complétée", "Completed"),
            Lifecycle::Refused => ("refused", "Refusée", "Refused"),
            Lifecycle::PaymentSent => ("payment_sent", "Paiement transmis", "Payment sent"),
            Lifecycle::Paid => ("paid", "Encaissée", "Paid"),
            Lifecycle::Rejected => ("rejected", "Rejetée", "Rejected"),
        }
    }

    /// How people read it.
    pub fn label(self, locale: Locale) -> &'static str {
        let (_, fr, en) = self.names();
        match locale {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }

    /// The status a stored name or a code (`"212"`) stands for.
    pub fn parse(s: &str) -> Option<Lifecycle> {
        let s = s.trim();
        Lifecycle::ALL.into_iter().find(|l| {
            l.as_str().eq_ignore_ascii_case(s) || s.parse::<u16>().is_ok_and(|c| c == l.code())
        })
    }
}

/// What was handed to the platform, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sending {
    /// `invoice` or `ereport`.
    pub kind: String,
    /// The invoice sent, for an invoice.
    pub invoice_id: Option<InvoiceId>,
    /// The frozen period sent, for an e-reporting file.
    pub period_id: Option<EreportPeriodId>,
    /// The file's name at the platform.
    pub file_name: String,
    /// Its SHA-256.
    pub sha256: String,
    /// When (Unix ms).
    pub sent_at: u64,
    /// Who sent it.
    pub user_name: String,
}

/// One status of an invoice's history, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The status.
    pub status: Lifecycle,
    /// Its code (200–213).
    pub code: u16,
    /// How people read it, in the reader's language.
    pub label: String,
    /// The day it was reached.
    pub on: String,
    /// Why, when the platform said.
    pub reason: Option<String>,
    /// The file it came in.
    pub source: String,
    /// When Atelier took it in (Unix ms).
    pub received_at: u64,
}

/// An invoice's exchange with the platform: its sendings and its statuses,
/// oldest first; what the invoice page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct InvoiceExchange {
    /// Each time it was sent.
    pub sendings: Vec<Sending>,
    /// Its lifecycle statuses, in the order they arrived.
    pub statuses: Vec<Status>,
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Records a sending in `tx`, with its sync operation.
fn record_sending(
    tx: &Transaction<'_>,
    now_ms: u64,
    invoice: Option<InvoiceId>,
    period: Option<EreportPeriodId>,
    file_name: &str,
    bytes: &[u8],
) -> Result<Sending> {
    let (_, author) = access::author(tx)?;
    let s = Sending {
        kind: if invoice.is_some() {
            "invoice"
        } else {
            "ereport"
        }
        .to_owned(),
        invoice_id: invoice,
        period_id: period,
        file_name: file_name.to_owned(),
        sha256: sha256(bytes),
        sent_at: now_ms,
        user_name: author.unwrap_or_else(|| "Atelier".to_owned()),
    };
    let id = crate::new_row_id();
    let device = device::device_id(tx)?.to_string();
    let hlc = outbox::record(
        tx,
        now_ms,
        "einvoice_sendings",
        &id,
        OpKind::Insert,
        &json!({
            "kind": s.kind, "invoice_id": s.invoice_id, "period_id": s.period_id,
            "file_name": s.file_name, "sha256": s.sha256, "sent_at": now_ms,
            "device_id": device, "user_name": s.user_name,
        }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO einvoice_sendings (id, kind, invoice_id, period_id, file_name, sha256,
             sent_at, device_id, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        s.kind,
        s.invoice_id.map(|i| i.to_string()),
        s.period_id.map(|p| p.to_string()),
        s.file_name,
        s.sha256,
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        device,
        s.user_name,
        hlc.as_i64(),
    ])?;
    Ok(s)
}

/// Sends the issued invoice or credit note `id` to `platform` (its PDF as
/// stored at issue, stored first if it was not yet) and records it.
/// Refused for a draft ([`EreportError::NotIssued`]).
pub fn send_invoice(
    db: &mut Db,
    platform: &dyn Platform,
    now_ms: u64,
    id: InvoiceId,
) -> Result<Sending> {
    let number: Option<Option<String>> = db
        .conn()
        .prepare_cached("SELECT number FROM invoices WHERE id = ?1 AND status = 'issued'")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    let Some(Some(number)) = number else {
        return Err(EreportError::NotIssued {
            number: id.to_string(),
        }
        .into());
    };
    let pdf = db.write(|tx| crate::invoices::store_pdf(tx, now_ms, id))?;
    let name = platform.send_invoice(&number, &pdf)?;
    db.write(|tx| record_sending(tx, now_ms, Some(id), None, &name, &pdf))
}

/// Sends the frozen e-reporting period `id` to `platform` and records it.
pub fn send_period(
    db: &mut Db,
    platform: &dyn Platform,
    now_ms: u64,
    id: EreportPeriodId,
) -> Result<Sending> {
    let p = frozen::get(db.conn(), id)?;
    let (name, bytes) = file::render(db.conn(), &p)?;
    let name = platform.send_ereport(&name, &bytes)?;
    db.write(|tx| record_sending(tx, now_ms, None, Some(id), &name, &bytes))
}

/// What fetching statuses did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pulled {
    /// Statuses stored (those already stored are not counted).
    pub stored: usize,
    /// Sources stored and marked done.
    pub sources: Vec<String>,
    /// Sources refused, with what to tell the owner (in their language):
    /// nothing of them was stored and they stay where they are.
    pub refused: Vec<(String, String)>,
    /// Suppliers' invoices the platform delivered and the inbound import
    /// took (their file names); they are then « Factures fournisseurs » to
    /// match and receive.
    pub received: Vec<String>,
}

/// Fetches everything waiting at `platform`: the lifecycle statuses of the
/// invoices sent ([`pull_statuses`]), then the suppliers' invoices it
/// delivered, each imported as a dropped file would be
/// ([`crate::einvoice::inbound::import`], its own transaction). A file is
/// acknowledged to the platform only once its import committed, or once it
/// is refused for good (not an e-invoice, inconsistent, already imported:
/// the reason is in `refused`); a file the database could not take for a
/// passing reason, or from a supplier not on file yet, stays for the next
/// fetch.
pub fn pull(db: &mut Db, platform: &dyn Platform, now_ms: u64, locale: Locale) -> Result<Pulled> {
    let mut out = pull_statuses(db, platform, now_ms, locale)?;
    for file in platform.fetch_received()? {
        let imported = db.write(|tx| {
            crate::einvoice::inbound::import(tx, now_ms, &file.bytes, Some(&file.name), None)
        });
        match imported {
            Ok(_) => out.received.push(file.name.clone()),
            Err(e) if matches!(e.code(), "busy" | "storage") => continue,
            // A supplier to create first: the file waits for the next fetch.
            Err(e) if e.code() == "einvoice_unknown_supplier" => {
                out.refused.push((file.name.clone(), e.message(locale)));
                continue;
            }
            Err(e) => out.refused.push((file.name.clone(), e.message(locale))),
        }
        platform.received_done(&file.name)?;
    }
    Ok(out)
}

/// Fetches the statuses waiting at `platform` and stores them: each source
/// in one transaction, all of its lines or none (an unknown invoice number
/// refuses the source), then marked done. A status already stored (same
/// invoice, status, day and reason) is not stored twice, so a source stored
/// but not marked done before a stop does no harm when fetched again.
pub fn pull_statuses(
    db: &mut Db,
    platform: &dyn Platform,
    now_ms: u64,
    locale: Locale,
) -> Result<Pulled> {
    let mut out = Pulled::default();
    for batch in platform.fetch_statuses()? {
        let lines = match batch.statuses {
            Ok(lines) => lines,
            Err(e) => {
                out.refused.push((batch.source, e.message(locale)));
                continue;
            }
        };
        let stored = db.write(|tx| store_statuses(tx, now_ms, &batch.source, &lines));
        match stored {
            Ok(n) => {
                platform.statuses_done(&batch.source)?;
                out.stored += n;
                out.sources.push(batch.source);
            }
            Err(Error::Ereport(e)) => out.refused.push((batch.source, e.message(locale))),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn store_statuses(
    tx: &Transaction<'_>,
    now_ms: u64,
    source: &str,
    lines: &[StatusLine],
) -> Result<usize> {
    let mut stored = 0;
    for (i, line) in lines.iter().enumerate() {
        let invoice: Option<String> = tx
            .prepare_cached("SELECT id FROM invoices WHERE number = ?1 AND status = 'issued'")?
            .query_row([&line.number], |r| r.get(0))
            .optional()?;
        let Some(invoice) = invoice else {
            return Err(EreportError::StatusFile {
                file: source.to_owned(),
                line: i + 1,
                reason: format!("no issued invoice numbered {}", line.number),
            }
            .into());
        };
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM einvoice_statuses WHERE invoice_id = ?1
                    AND status = ?2 AND status_on = ?3 AND reason IS ?4)",
            )?
            .query_row(
                params![invoice, line.status.as_str(), line.on, line.reason],
                |r| r.get(0),
            )?;
        if known {
            continue;
        }
        let id = crate::new_row_id();
        let hlc = outbox::record(
            tx,
            now_ms,
            "einvoice_statuses",
            &id,
            OpKind::Insert,
            &json!({
                "invoice_id": invoice, "status": line.status.as_str(), "status_on": line.on,
                "reason": line.reason, "source_file": source, "received_at": now_ms,
            }),
            None,
        )?;
        tx.prepare_cached(
            "INSERT INTO einvoice_statuses (id, invoice_id, status, status_on, reason,
                 source_file, received_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            invoice,
            line.status.as_str(),
            line.on,
            line.reason,
            source,
            i64::try_from(now_ms).unwrap_or(i64::MAX),
            hlc.as_i64(),
        ])?;
        stored += 1;
    }
    Ok(stored)
}

const SENDING: &str = "SELECT kind, invoice_id, period_id, file_name, sha256, sent_at, user_name
    FROM einvoice_sendings";

fn sending(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Sending>> {
    let (invoice, period): (Option<String>, Option<String>) = (r.get(1)?, r.get(2)?);
    let (Ok(invoice_id), Ok(period_id)) = (
        invoice.map(|i| i.parse()).transpose(),
        period.map(|p| p.parse()).transpose(),
    ) else {
        return Ok(Err(Error::Corrupt("einvoice_sendings")));
    };
    Ok(Ok(Sending {
        kind: r.get(0)?,
        invoice_id,
        period_id,
        file_name: r.get(3)?,
        sha256: r.get(4)?,
        sent_at: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
        user_name: r.get(6)?,
    }))
}

/// Every sending of the frozen period `id`, oldest first.
pub fn sendings_of_period(conn: &Connection, id: EreportPeriodId) -> Result<Vec<Sending>> {
    conn.prepare_cached(&format!(
        "{SENDING} WHERE period_id = ?1 ORDER BY sent_at, created_at"
    ))?
    .query_map([id.to_string()], sending)?
    .collect::<rusqlite::Result<Result<_>>>()?
}

/// Invoice `id`'s sendings and lifecycle statuses, labels in `locale`.
pub fn of_invoice(conn: &Connection, id: InvoiceId, locale: Locale) -> Result<InvoiceExchange> {
    let sendings = conn
        .prepare_cached(&format!(
            "{SENDING} WHERE invoice_id = ?1 ORDER BY sent_at, created_at"
        ))?
        .query_map([id.to_string()], sending)?
        .collect::<rusqlite::Result<Result<_>>>()??;
    let mut stmt = conn.prepare_cached(
        "SELECT status, status_on, reason, source_file, received_at FROM einvoice_statuses
          WHERE invoice_id = ?1 ORDER BY received_at, created_at",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut statuses = Vec::new();
    for row in rows {
        let (status, on, reason, source, at) = row?;
        let status = Lifecycle::parse(&status).ok_or(Error::Corrupt("einvoice_statuses.status"))?;
        statuses.push(Status {
            status,
            code: status.code(),
            label: status.label(locale).to_owned(),
            on,
            reason,
            source,
            received_at: u64::try_from(at).unwrap_or(0),
        });
    }
    Ok(InvoiceExchange { sendings, statuses })
}

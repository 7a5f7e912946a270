//! Reading one station's period out of the database, as the archive's
//! members: every issued invoice and credit note with its PDF, every
//! payment and reversal, the closures and the journal of the period.

use atelier_domain::{InvoiceId, Money};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::manifest::{
    CLOSURES, ClosureRecord, ClosureRef, Counts, INVOICES, InvoiceRecord, JOURNAL, JournalRecord,
    PAYMENTS, Workshop,
};
use super::period::{Kind, Period};
use crate::{Error, Result};

/// One member's name and bytes, and whether it is worth compressing.
pub(crate) struct File {
    pub name: String,
    pub bytes: Vec<u8>,
    pub deflate: bool,
}

/// An issued PDF of the period, hashed: its bytes stay in the database
/// until they are written, one at a time, so a fiscal year's thousands of
/// PDFs are never all in memory.
pub(crate) struct Pdf {
    pub name: String,
    pub invoice_id: InvoiceId,
    pub sha256: String,
    pub bytes: u64,
}

/// What a period of a station comes to, ready to write.
pub(crate) struct Gathered {
    pub files: Vec<File>,
    pub pdfs: Vec<Pdf>,
    pub counts: Counts,
    pub closure: Option<ClosureRef>,
    pub workshop: Workshop,
}

/// Reads the period; call inside one read transaction so the members agree.
pub(crate) fn gather(conn: &Connection, period: &Period) -> Result<Gathered> {
    let (invoices, pdfs) = invoices(conn, period)?;
    let mut counts = Counts {
        invoices: invoices.iter().filter(|i| i.kind == "invoice").count(),
        credit_notes: invoices.iter().filter(|i| i.kind == "credit_note").count(),
        pdfs: pdfs.len(),
        ..Counts::default()
    };
    let (payments, n) = payments(conn, period)?;
    counts.payments = n;
    let closures = closures(conn, period)?;
    counts.closures = closures.len();
    let journal = journal(conn, period)?;
    counts.journal = journal.len();
    let files = vec![
        File {
            name: INVOICES.to_owned(),
            bytes: json(&invoices)?,
            deflate: true,
        },
        File {
            name: PAYMENTS.to_owned(),
            bytes: payments,
            deflate: true,
        },
        File {
            name: CLOSURES.to_owned(),
            bytes: json(&closures)?,
            deflate: true,
        },
        File {
            name: JOURNAL.to_owned(),
            bytes: json(&journal)?,
            deflate: true,
        },
    ];
    Ok(Gathered {
        files,
        pdfs,
        counts,
        closure: closure_of(conn, period)?,
        workshop: workshop(conn)?,
    })
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(|_| Error::Corrupt("archive member"))
}

/// The issued documents of the period, in series order, and their PDFs.
fn invoices(conn: &Connection, period: &Period) -> Result<(Vec<InvoiceRecord>, Vec<Pdf>)> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.kind, i.series, i.seq, i.number, i.issued_on, i.order_id,
                i.customer_id, i.credited_invoice_id, i.net_cents, i.tax_cents,
                i.gross_cents, i.deposit_cents, i.content, i.pdf_sha256, i.prev_hash,
                i.hash, p.pdf, p.pdf_sha256
           FROM invoices i LEFT JOIN invoice_pdfs p ON p.invoice_id = i.id
          WHERE i.status = 'issued' AND i.issued_on BETWEEN ?1 AND ?2
            AND i.series IN (SELECT series FROM invoice_counters)
          ORDER BY i.series, i.seq",
    )?;
    let mut rows = stmt.query(params![period.start, period.end])?;
    let (mut records, mut pdfs) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let number: String = r.get(4)?;
        let id: String = r.get(0)?;
        // One PDF in memory at a time: hashed here, read again when written.
        let member = match r.get_ref(17)? {
            rusqlite::types::ValueRef::Blob(pdf) => {
                let name = format!("pdfs/{number}.pdf");
                pdfs.push(Pdf {
                    name: name.clone(),
                    invoice_id: id.parse().map_err(|_| Error::Corrupt("invoices.id"))?,
                    sha256: crate::text::hex(&Sha256::digest(pdf)),
                    bytes: pdf.len() as u64,
                });
                Some(name)
            }
            _ => None,
        };
        records.push(InvoiceRecord {
            id,
            kind: r.get(1)?,
            series: r.get(2)?,
            seq: r.get(3)?,
            number,
            issued_on: r.get(5)?,
            order_id: r.get(6)?,
            customer_id: r.get(7)?,
            credited_invoice_id: r.get(8)?,
            net: Money::from_cents(r.get::<_, Option<i64>>(9)?.unwrap_or(0)),
            tax: Money::from_cents(r.get::<_, Option<i64>>(10)?.unwrap_or(0)),
            gross: Money::from_cents(r.get::<_, Option<i64>>(11)?.unwrap_or(0)),
            deposit: Money::from_cents(r.get::<_, Option<i64>>(12)?.unwrap_or(0)),
            content: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            pdf_sha256: r.get(14)?,
            prev_hash: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
            hash: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
            pdf: member,
            stored_pdf_sha256: r.get(18)?,
        });
    }
    Ok((records, pdfs))
}

/// The issued documents of the period whose PDF is not stored yet (the
/// station stopped between issuing and storing): stored before archiving.
pub(crate) fn pdfs_pending(conn: &Connection, period: &Period) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT i.id FROM invoices i
          WHERE i.status = 'issued' AND i.issued_on BETWEEN ?1 AND ?2
            AND i.series IN (SELECT series FROM invoice_counters)
            AND NOT EXISTS (SELECT 1 FROM invoice_pdfs p WHERE p.invoice_id = i.id)",
    )?;
    let ids = stmt
        .query_map(params![period.start, period.end], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// `payments.csv`: RFC 4180, UTF-8, a header line; amounts in cents.
fn payments(conn: &Connection, period: &Period) -> Result<(Vec<u8>, usize)> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let corrupt = |_| Error::Corrupt("payments.csv");
    out.write_record([
        "id",
        "paid_on",
        "station",
        "method",
        "amount_cents",
        "tendered_cents",
        "change_cents",
        "invoice_id",
        "invoice_number",
        "order_id",
        "customer_id",
        "reference",
        "reverses_id",
        "reason",
        "user_id",
        "user_name",
        "created_at",
    ])
    .map_err(corrupt)?;
    let mut stmt = conn.prepare(
        "SELECT p.id, p.paid_on, p.station, p.method, p.amount_cents, p.tendered_cents,
                p.change_cents, p.invoice_id, i.number, p.order_id, p.customer_id,
                p.reference, p.reverses_id, p.reason, p.user_id, p.user_name, p.created_at
           FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
          WHERE p.station IN (SELECT value FROM json_each(?1)) AND p.paid_on BETWEEN ?2 AND ?3
          ORDER BY p.paid_on, p.created_at, p.id",
    )?;
    let mut rows = stmt.query(params![
        crate::till::own_names(conn)?,
        period.start,
        period.end
    ])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let fields: Vec<String> = (0..17)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        out.write_record(&fields).map_err(corrupt)?;
        n += 1;
    }
    let bytes = out
        .into_inner()
        .map_err(|_| Error::Corrupt("payments.csv"))?;
    Ok((bytes, n))
}

/// The station's closures lying inside the period, in chain order.
fn closures(conn: &Connection, period: &Period) -> Result<Vec<ClosureRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, station, kind, period_start, period_end, seq, site_id, closed_at,
                user_id, user_name, totals, period_total_cents, perpetual_total_cents,
                perpetual_abs_cents, prev_hash, hash, created_at, device_id
           FROM closures
          WHERE device_id = ?1 AND period_start >= ?2 AND period_end <= ?3
          ORDER BY seq",
    )?;
    let device = crate::device::device_id(conn)?.to_string();
    let rows = stmt.query_map(params![device, period.start, period.end], |r| {
        Ok(ClosureRecord {
            id: r.get(0)?,
            station: r.get(1)?,
            kind: r.get(2)?,
            period_start: r.get(3)?,
            period_end: r.get(4)?,
            seq: r.get(5)?,
            site_id: r.get(6)?,
            closed_at: r.get(7)?,
            user_id: r.get(8)?,
            user_name: r.get(9)?,
            totals: r.get(10)?,
            period_total: Money::from_cents(r.get(11)?),
            perpetual_total: Money::from_cents(r.get(12)?),
            perpetual_abs: Money::from_cents(r.get(13)?),
            prev_hash: r.get(14)?,
            hash: r.get(15)?,
            created_at: r.get(16)?,
            device_id: r.get(17)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The journal entries of the period (its days in UTC, as the documents'
/// dates): the journal is the station's own, every entry of it is taken.
fn journal(conn: &Connection, period: &Period) -> Result<Vec<JournalRecord>> {
    let (from, to) = period.millis()?;
    let mut stmt = conn.prepare(
        "SELECT seq, at_ms, station, user_id, user_name, code, text, prev_hash, hash
           FROM journal WHERE at_ms >= ?1 AND at_ms < ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(JournalRecord {
            seq: r.get(0)?,
            at_ms: r.get(1)?,
            station: r.get(2)?,
            user_id: r.get(3)?,
            user_name: r.get(4)?,
            code: r.get(5)?,
            text: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The closure of exactly this period, with its id, when there is one.
fn closure_of(conn: &Connection, period: &Period) -> Result<Option<ClosureRef>> {
    let kind = match period.kind {
        Kind::Month => "month",
        Kind::Year => "year",
    };
    Ok(conn
        .query_row(
            "SELECT id, seq, hash FROM closures
              WHERE device_id = ?1 AND kind = ?2 AND period_start = ?3 AND period_end = ?4",
            params![
                crate::device::device_id(conn)?.to_string(),
                kind,
                period.start,
                period.end
            ],
            |r| {
                Ok(ClosureRef {
                    id: r.get(0)?,
                    seq: r.get(1)?,
                    hash: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn workshop(conn: &Connection) -> Result<Workshop> {
    Ok(conn
        .query_row("SELECT name, siret FROM workshop LIMIT 1", [], |r| {
            Ok(Workshop {
                name: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                siret: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// The bytes of an issued PDF, to write it into the archive.
pub(crate) fn pdf(conn: &Connection, invoice_id: InvoiceId) -> rusqlite::Result<Vec<u8>> {
    conn.prepare_cached("SELECT pdf FROM invoice_pdfs WHERE invoice_id = ?1")?
        .query_row([invoice_id.to_string()], |r| r.get(0))
}

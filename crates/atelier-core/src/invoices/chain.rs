//! The chain that makes a silent change of an issued document detectable.
//!
//! Each issued invoice or credit note stores the SHA-256 of its sealed fields
//! (kind, series, number, date, order, customer, amounts, frozen content) and
//! of the previous document's hash in its series; the first of a series
//! starts from [`GENESIS`]. The frozen content fully determines the printed
//! document, so the chain seals what the customer is given.
//!
//! The PDF itself is rendered from that content and stored right after issue,
//! in a transaction of its own ([`super::store_pdf`]), with its own SHA-256
//! recorded beside the bytes (append-only, like the invoice row). A crash in
//! between loses nothing: the next print renders and stores it from the
//! frozen content. Documents issued before that change (format
//! `atelier-invoice-v1`) carry their PDF's hash inside the chain instead.
//!
//! [`verify`] recomputes every hash, follows every link, compares the numbers
//! with the series counter and every stored PDF with its recorded hash, and
//! that hash with the one the append-only audit trail wrote when the PDF was
//! stored (so replacing the bytes and their hash together is found, and a
//! stored PDF removed is not taken for one not stored yet).
//! Anyone editing the SQLite file must then rewrite every later document of
//! the series and the counter, and the hashes already pushed to the server
//! (the and the stored PDF's operations) give that away.

use std::collections::BTreeMap;

use atelier_domain::Money;
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::totals_of;
use crate::Result;
use crate::text::{hex, sealed_hash};

/// The `prev_hash` of the first document of a series.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields a document's hash covers, as stored in its row. Its ids are
/// the text stored, not typed ids: the hash covers that text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// `invoice` or `credit_note`.
    pub kind: String,
    /// E.g. `F-S1A-2026`.
    pub series: String,
    /// Its place in the series, from 1.
    pub seq: i64,
    /// E.g. `F-S1A-2026-000123`.
    pub number: String,
    /// Issue date (YYYY-MM-DD).
    pub issued_on: String,
    /// The order invoiced.
    pub order_id: Option<String>,
    /// The customer.
    pub customer_id: String,
    /// The invoice a credit note corrects.
    pub credited_invoice_id: Option<String>,
    /// Total HT.
    pub net: Money,
    /// Total TVA.
    pub tax: Money,
    /// Total TTC.
    pub gross: Money,
    /// Deposits deducted.
    pub deposit: Money,
    /// The frozen content, as stored (JSON).
    pub content: String,
    /// SHA-256 of the stored PDF, in hex, for a document issued before the
    /// PDF left the chain (hashed as `atelier-invoice-v1`); `None` for every
    /// document issued since (`atelier-invoice-v2`, whose PDF records its
    /// hash in `invoice_pdfs`).
    pub pdf_sha256: Option<String>,
    /// The hash of the previous document of the series, or [`GENESIS`].
    pub prev_hash: String,
}

impl Sealed {
    /// The SHA-256, in hex, of its sealed fields, each on a line of its own
    /// prefixed with its length ([`sealed_hash`]). Version 1 (a PDF hash in
    /// the chain) and version 2 (none) differ in their first field and in
    /// that field, so one cannot pass for the other.
    pub fn hash(&self) -> String {
        let (version, pdf) = match &self.pdf_sha256 {
            Some(pdf) => ("atelier-invoice-v1", pdf.as_str()),
            None => ("atelier-invoice-v2", ""),
        };
        sealed_hash(&[
            version,
            &self.kind,
            &self.series,
            &self.seq.to_string(),
            &self.number,
            &self.issued_on,
            self.order_id.as_deref().unwrap_or(""),
            &self.customer_id,
            self.credited_invoice_id.as_deref().unwrap_or(""),
            &format!(
                "{}/{}/{}",
                self.net.cents(),
                self.tax.cents(),
                self.gross.cents()
            ),
            &self.deposit.cents().to_string(),
            &self.content,
            pdf,
            &self.prev_hash,
            "",
        ])
    }
}

/// What is wrong with one document, or one place of a series.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    /// Its stored fields no longer give its hash: changed after issue.
    Altered {
        /// Its number as stored now.
        number: String,
    },
    /// Its link does not point at the previous document's hash: a document
    /// before it was replaced, or the chain rewritten.
    BrokenLink {
        /// Its number.
        number: String,
    },
    /// A number of the series has no document: deleted after issue.
    Missing {
        /// The missing number.
        number: String,
    },
    /// Its stored PDF is not the one given to the customer: its bytes no
    /// longer give its recorded hash, or (for a document whose chain carries
    /// the PDF's hash) it is gone.
    PdfAltered {
        /// Its number.
        number: String,
    },
    /// Its amounts do not add up from its frozen lines.
    TotalsMismatch {
        /// Its number.
        number: String,
    },
}

impl Finding {
    /// The number it is about.
    pub fn number(&self) -> &str {
        match self {
            Finding::Altered { number }
            | Finding::BrokenLink { number }
            | Finding::Missing { number }
            | Finding::PdfAltered { number }
            | Finding::TotalsMismatch { number } => number,
        }
    }

    /// What to tell the owner.
    pub fn message(&self, locale: atelier_domain::Locale) -> String {
        let fr = locale == atelier_domain::Locale::Fr;
        let n = self.number();
        match self {
            Finding::Altered { .. } if fr => format!("{n} : modifiée après émission."),
            Finding::Altered { .. } => format!("{n}: changed after issue."),
            Finding::BrokenLink { .. } if fr => {
                format!("{n} : le chaînage avec la facture précédente est rompu.")
            }
            Finding::BrokenLink { .. } => {
                format!("{n}: the link to the previous invoice is broken.")
            }
            Finding::Missing { .. } if fr => format!("{n} : supprimée après émission."),
            Finding::Missing { .. } => format!("{n}: deleted after issue."),
            Finding::PdfAltered { .. } if fr => format!("{n} : le PDF conservé a été modifié."),
            Finding::PdfAltered { .. } => format!("{n}: the stored PDF was changed."),
            Finding::TotalsMismatch { .. } if fr => {
                format!("{n} : les totaux ne correspondent plus aux lignes.")
            }
            Finding::TotalsMismatch { .. } => format!("{n}: the totals no longer match the lines."),
        }
    }
}

/// One series as verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeriesCheck {
    /// E.g. `F-S1A-2026`.
    pub series: String,
    /// Documents found.
    pub documents: i64,
    /// The last number given, by the counter.
    pub last: i64,
}

/// Every chain checked: each series, and what is wrong, if anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// The series, in name order.
    pub series: Vec<SeriesCheck>,
    /// Documents checked.
    pub documents: i64,
    /// What was found wrong, in series and number order.
    pub findings: Vec<Finding>,
    /// Issued documents whose PDF is not stored yet (the station stopped
    /// between issuing and storing it): not a fault, their frozen content is
    /// chained, and the next print or open renders and stores the PDF.
    pub pdfs_pending: Vec<String>,
}

impl VerifyReport {
    /// Whether every chain is intact.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// A verification as the owner reads it: the report and each finding in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Whether every chain is intact.
    pub clean: bool,
    /// The report.
    #[serde(flatten)]
    pub report: VerifyReport,
    /// Each finding, said in `locale`.
    pub messages: Vec<String>,
}

/// [`verify`], with the findings said in `locale`.
pub fn verify_in(conn: &Connection, locale: atelier_domain::Locale) -> Result<Verification> {
    let report = verify(conn)?;
    Ok(Verification {
        clean: report.is_clean(),
        messages: report.findings.iter().map(|f| f.message(locale)).collect(),
        report,
    })
}

/// Recomputes every chain of this database.
pub fn verify(conn: &Connection) -> Result<VerifyReport> {
    let mut counters: BTreeMap<String, i64> = BTreeMap::new();
    {
        let mut stmt = conn.prepare("SELECT series, last FROM invoice_counters")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
            let (series, last) = row?;
            counters.insert(series, last);
        }
    }
    let mut report = VerifyReport::default();
    let mut stmt = conn.prepare(
        "SELECT i.kind, i.series, i.seq, i.number, i.issued_on, i.order_id, i.customer_id,
                i.credited_invoice_id, i.net_cents, i.tax_cents, i.gross_cents,
                i.deposit_cents, i.content, i.pdf_sha256, i.prev_hash, i.hash, p.pdf,
                p.pdf_sha256,
                (SELECT json_extract(a.changes, '$.pdf_sha256[1]') FROM audit_log a
                  WHERE a.entity = 'invoice_pdfs' AND a.row_id = i.id
                  ORDER BY a.id LIMIT 1)
           FROM invoices i LEFT JOIN invoice_pdfs p ON p.invoice_id = i.id
          WHERE i.status = 'issued' OR i.number IS NOT NULL
          ORDER BY i.series, i.seq",
    )?;
    let mut rows = stmt.query([])?;
    // Per series: the previous seq and hash seen.
    let mut current: Option<(String, i64, String)> = None;
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let sealed = Sealed {
            kind: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            series: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            seq: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
            number: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            issued_on: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            order_id: r.get(5)?,
            customer_id: r.get(6)?,
            credited_invoice_id: r.get(7)?,
            net: Money::from_cents(r.get::<_, Option<i64>>(8)?.unwrap_or(0)),
            tax: Money::from_cents(r.get::<_, Option<i64>>(9)?.unwrap_or(0)),
            gross: Money::from_cents(r.get::<_, Option<i64>>(10)?.unwrap_or(0)),
            deposit: Money::from_cents(r.get::<_, Option<i64>>(11)?.unwrap_or(0)),
            content: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            pdf_sha256: r.get(13)?,
            prev_hash: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
        };
        let hash: String = r.get::<_, Option<String>>(15)?.unwrap_or_default();
        let pdf: Option<Vec<u8>> = r.get(16)?;
        let recorded: Option<String> = r.get(17)?;
        // The hash the append-only audit trail wrote when the PDF was stored.
        let audited: Option<String> = r.get(18)?;
        report.documents += 1;
        *counts.entry(sealed.series.clone()).or_default() += 1;
        counters.entry(sealed.series.clone()).or_insert(0);
        let number = sealed.number.clone();
        // Numbers skipped since the previous document of the series.
        let (expected_seq, expected_prev) = match &current {
            Some((series, seq, prev)) if *series == sealed.series => (seq + 1, Some(prev.clone())),
            _ => (1, Some(GENESIS.to_owned())),
        };
        for missing in expected_seq..sealed.seq {
            report.findings.push(Finding::Missing {
                number: format!("{}-{missing:06}", sealed.series),
            });
        }
        if sealed.hash() != hash {
            report.findings.push(Finding::Altered {
                number: number.clone(),
            });
        } else if expected_seq == sealed.seq && expected_prev.as_deref() != Some(&sealed.prev_hash)
        {
            report.findings.push(Finding::BrokenLink {
                number: number.clone(),
            });
        }
        match pdf {
            // Not stored yet: fine for a document whose chain does not name
            // its PDF and whose trail never saw one stored; otherwise the
            // stored PDF was removed.
            None if sealed.pdf_sha256.is_none() && audited.is_none() => {
                report.pdfs_pending.push(number.clone());
            }
            None => report.findings.push(Finding::PdfAltered {
                number: number.clone(),
            }),
            Some(pdf) => {
                let actual = hex(&Sha256::digest(&pdf));
                // Every hash recorded for it must match: the chained one of a
                // version-1 document, the one stored with the bytes, the one
                // in the audit trail; and the chain or the row must have one.
                let expected = [
                    sealed.pdf_sha256.as_deref(),
                    recorded.as_deref(),
                    audited.as_deref(),
                ];
                let matches = expected.iter().flatten().all(|h| *h == actual)
                    && (sealed.pdf_sha256.is_some() || recorded.is_some());
                if !matches {
                    report.findings.push(Finding::PdfAltered {
                        number: number.clone(),
                    });
                }
            }
        }
        let adds_up = serde_json::from_str::<super::Content>(&sealed.content)
            .map(|c| {
                let t = totals_of(&c.lines, c.discount);
                (t.net, t.tax, t.gross) == (sealed.net, sealed.tax, sealed.gross)
            })
            .unwrap_or(false);
        if !adds_up {
            report.findings.push(Finding::TotalsMismatch { number });
        }
        current = Some((sealed.series, sealed.seq, hash));
    }
    for (series, last) in counters {
        let documents = counts.get(&series).copied().unwrap_or(0);
        // Documents deleted at the end of a series: the counter went further.
        let seen: i64 = conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM invoices WHERE series = ?1",
            [&series],
            |r| r.get(0),
        )?;
        for missing in seen + 1..=last {
            report.findings.push(Finding::Missing {
                number: format!("{series}-{missing:06}"),
            });
        }
        report.series.push(SeriesCheck {
            series,
            documents,
            last,
        });
    }
    Ok(report)
}

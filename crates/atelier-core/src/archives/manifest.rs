//! What an archive holds, as written and read back: the manifest (signed),
//! and the records of `invoices.json`, `closures.json` and `journal.json`.
//! docs/archive-format.md describes each field; changing one is a new
//! [`VERSION`].

use atelier_domain::Money;
use serde::{Deserialize, Serialize};

use crate::invoices::Sealed;

/// The format's name, first field of every manifest.
pub const FORMAT: &str = "atelier-archive";
/// The format's version; a reader refuses none it knows.
pub const VERSION: u32 = 1;
/// The manifest's member name.
pub const MANIFEST: &str = "manifest.json";
/// The signature's member name: 128 hex digits, the Ed25519 signature of
/// the manifest's exact bytes.
pub const SIGNATURE: &str = "manifest.sig";
/// The format explained, in French and English.
pub const README: &str = "FORMAT.txt";
/// The issued invoices and credit notes.
pub const INVOICES: &str = "invoices.json";
/// The payments, reversals included.
pub const PAYMENTS: &str = "payments.csv";
/// The station's closures inside the period.
pub const CLOSURES: &str = "closures.json";
/// The technical-event journal of the period.
pub const JOURNAL: &str = "journal.json";

/// The signed description of an archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written.
    pub version: u32,
    /// The workstation archived: its series prefix (`S1A`).
    pub station: String,
    /// `month` or `year`.
    pub kind: String,
    /// First day of the period (YYYY-MM-DD).
    pub period_start: String,
    /// Last day of the period, included.
    pub period_end: String,
    /// When the archive was made (RFC 3339, UTC).
    pub made_at: String,
    /// The Atelier version that made it.
    pub software: String,
    /// The workshop (name and SIRET) as set up when it was made.
    pub workshop: Workshop,
    /// `ed25519`.
    pub signature_algorithm: String,
    /// The station's public key, 64 hex digits: the signature verifies with it.
    pub public_key: String,
    /// The closure of the period, when the station closed it.
    pub closure: Option<ClosureRef>,
    /// How many records each member holds.
    pub counts: Counts,
    /// Every member but the manifest and its signature, in archive order.
    pub members: Vec<Member>,
}

/// Who the archive belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    /// Its name.
    pub name: String,
    /// Its SIRET, when set.
    pub siret: Option<String>,
}

/// The closure an archive was made for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureRef {
    /// Its id.
    pub id: String,
    /// Its place in the station's chain of closures.
    pub seq: i64,
    /// Its hash (SHA-256, hex), as chained.
    pub hash: String,
}

/// Records per member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Invoices issued in the period.
    pub invoices: usize,
    /// Credit notes issued in the period.
    pub credit_notes: usize,
    /// Issued PDFs.
    pub pdfs: usize,
    /// Payments and reversals.
    pub payments: usize,
    /// Closures.
    pub closures: usize,
    /// Journal entries.
    pub journal: usize,
}

/// One file of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its name in the zip (`pdfs/F-S1A-2026-000001.pdf`).
    pub name: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}

/// One issued invoice or credit note in `invoices.json`: the sealed fields
/// of [`Sealed`] with its id and hash, and where its PDF is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRecord {
    /// Its id (what a credit note's `credited_invoice_id` names).
    pub id: String,
    /// `invoice` or `credit_note`.
    pub kind: String,
    /// E.g. `F-S1A-2026`.
    pub series: String,
    /// Its place in the series.
    pub seq: i64,
    /// E.g. `F-S1A-2026-000123`.
    pub number: String,
    /// Issue date.
    pub issued_on: String,
    /// The repair order invoiced.
    pub order_id: Option<String>,
    /// The customer.
    pub customer_id: String,
    /// The invoice a credit note corrects.
    pub credited_invoice_id: Option<String>,
    /// Total HT.
    #[serde(rename = "net_cents")]
    pub net: Money,
    /// Total TVA.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
    /// Total TTC.
    #[serde(rename = "gross_cents")]
    pub gross: Money,
    /// Deposits deducted.
    #[serde(rename = "deposit_cents")]
    pub deposit: Money,
    /// The frozen content, the exact JSON text that was hashed.
    pub content: String,
    /// The PDF's SHA-256 inside the chain (documents of `atelier-invoice-v1`).
    pub pdf_sha256: Option<String>,
    /// The previous document's hash in the series.
    pub prev_hash: String,
    /// Its hash: SHA-256 of the sealed fields (`docs/archive-format.md`).
    pub hash: String,
    /// The member holding its issued PDF, when stored.
    pub pdf: Option<String>,
    /// The PDF's SHA-256 recorded when it was stored (`atelier-invoice-v2`).
    pub stored_pdf_sha256: Option<String>,
}

impl InvoiceRecord {
    /// The fields its hash covers.
    pub fn sealed(&self) -> Sealed {
        Sealed {
            kind: self.kind.clone(),
            series: self.series.clone(),
            seq: self.seq,
            number: self.number.clone(),
            issued_on: self.issued_on.clone(),
            order_id: self.order_id.clone(),
            customer_id: self.customer_id.clone(),
            credited_invoice_id: self.credited_invoice_id.clone(),
            net: self.net,
            tax: self.tax,
            gross: self.gross,
            deposit: self.deposit,
            content: self.content.clone(),
            pdf_sha256: self.pdf_sha256.clone(),
            prev_hash: self.prev_hash.clone(),
        }
    }

    /// The SHA-256 its PDF must have: the chained one, else the recorded one.
    pub fn expected_pdf_sha256(&self) -> Option<&str> {
        self.pdf_sha256
            .as_deref()
            .or(self.stored_pdf_sha256.as_deref())
    }
}

/// One closure in `closures.json`, as stored (`totals` is its exact JSON text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureRecord {
    /// Its id.
    pub id: String,
    /// The device whose chain it is in.
    pub device_id: String,
    /// The station's name then (its series prefix).
    pub station: String,
    /// `day`, `month` or `year`.
    pub kind: String,
    /// First day closed.
    pub period_start: String,
    /// Last day closed, included.
    pub period_end: String,
    /// Its place in the station's chain, from 1.
    pub seq: i64,
    /// The site of the station.
    pub site_id: String,
    /// When it was made (Unix ms).
    pub closed_at: i64,
    /// Who closed it, if a user.
    pub user_id: Option<String>,
    /// Their name.
    pub user_name: String,
    /// The frozen totals, the exact JSON text stored.
    pub totals: String,
    /// Sales TTC of the period.
    #[serde(rename = "period_total_cents")]
    pub period_total: Money,
    /// Sales TTC since the first sale, never reset.
    #[serde(rename = "perpetual_total_cents")]
    pub perpetual_total: Money,
    /// The same in absolute value (invoices plus credit notes).
    #[serde(rename = "perpetual_abs_cents")]
    pub perpetual_abs: Money,
    /// The previous closure's hash.
    pub prev_hash: String,
    /// Its hash, as the closure code chained it.
    pub hash: String,
    /// When the row was written (Unix ms).
    pub created_at: i64,
}

/// One entry of the technical-event journal in `journal.json`, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalRecord {
    /// Its place in the journal, from 1.
    pub seq: i64,
    /// When it happened (Unix ms).
    pub at_ms: i64,
    /// The station.
    pub station: String,
    /// Who, if a user.
    pub user_id: Option<String>,
    /// Their name.
    pub user_name: Option<String>,
    /// What happened, as a stable code.
    pub code: String,
    /// What happened, in words.
    pub text: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// Its hash, as the journal code chained it.
    pub hash: String,
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    crate::text::hex(bytes)
}

/// The bytes of lower-case or upper-case hex, if it is hex of `N` bytes.
pub(crate) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0_u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

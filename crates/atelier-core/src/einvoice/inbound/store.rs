//! Storing a supplier's e-invoice as received: the file's bytes with their
//! SHA-256, what it says (header and lines), the supplier it is from, each
//! with its operation in the outbox, in one transaction or not at all.

use atelier_domain::{Money, PurchaseId, Quantity, SiteId, SupplierId, SupplierInvoiceId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::error::InboundError;
use super::read::{ReceivedInvoice, ReceivedLine, Syntax, read};
use crate::outbox::{self, OpKind};
use crate::stock;
use crate::text::{fold, today};
use crate::{Error, Result, new_row_id};

pub(super) const ENTITY: &str = "supplier_invoices";
const LINES: &str = "supplier_invoice_lines";
const FILES: &str = "supplier_invoice_files";

/// What the workshop decided about a received invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Imported, not decided yet.
    Received,
    /// Accepted: its parts were received into stock.
    Accepted,
    /// Rejected, with a reason.
    Rejected,
}

crate::text::str_enum!(Status {
    Received => "received",
    Accepted => "accepted",
    Rejected => "rejected",
});

/// How a supplier invoice was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Bank transfer.
    Transfer,
    /// Direct debit (prélèvement).
    DirectDebit,
    /// Card.
    Card,
    /// Cheque.
    Cheque,
    /// Cash.
    Cash,
}

crate::text::str_enum!(PaymentMethod {
    Transfer => "transfer",
    DirectDebit => "direct_debit",
    Card => "card",
    Cheque => "cheque",
    Cash => "cash",
});

/// How the invoice's seller was recognised as one of the workshop's
/// suppliers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplierBy {
    /// By its VAT number.
    VatNumber,
    /// By its SIREN.
    Siren,
    /// By its name (accents and case aside).
    Name,
    /// Chosen by the person importing.
    Chosen,
}

/// The supplier an invoice is from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupplierMatch {
    /// Its id.
    pub supplier_id: SupplierId,
    /// Its name in Atelier.
    pub name: String,
    /// How it was found.
    pub by: SupplierBy,
}

/// A received supplier invoice as stored (its lines apart:
/// [`SupplierInvoicePage`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupplierInvoice {
    /// Its id.
    pub id: SupplierInvoiceId,
    /// The supplier.
    pub supplier_id: SupplierId,
    /// Its name in Atelier.
    pub supplier_name: String,
    /// The site it was received at.
    pub site_id: SiteId,
    /// The supplier's number for it (BT-1).
    pub number: String,
    /// BT-3: 380 invoice, 381 credit note…
    pub type_code: String,
    /// The form it came in.
    pub syntax: Syntax,
    /// BT-2, `YYYY-MM-DD`.
    pub issue_date: String,
    /// BT-9, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// BT-5.
    pub currency: String,
    /// BT-13 as written.
    pub order_reference: Option<String>,
    /// The seller's name as written.
    pub seller_name: String,
    /// Total HT.
    #[serde(rename = "total_ht_cents")]
    pub total_ht: Money,
    /// Total VAT.
    #[serde(rename = "total_vat_cents")]
    pub total_vat: Money,
    /// Total TTC.
    #[serde(rename = "total_ttc_cents")]
    pub total_ttc: Money,
    /// Already paid when invoiced.
    #[serde(rename = "prepaid_cents")]
    pub prepaid: Money,
    /// Amount due.
    #[serde(rename = "due_cents")]
    pub due: Money,
    /// SHA-256 of the file as received.
    pub file_sha256: String,
    /// Its size in bytes.
    pub file_size: i64,
    /// Its name when imported, if known.
    pub file_name: Option<String>,
    /// When it was imported (Unix ms).
    pub imported_at: i64,
    /// Who imported it.
    pub imported_by: Option<String>,
    /// What was decided.
    pub status: Status,
    /// The purchase order it was received against.
    pub purchase_order_id: Option<PurchaseId>,
    /// That order's number.
    pub purchase_order_number: Option<String>,
    /// When it was accepted or rejected (Unix ms).
    pub decided_at: Option<i64>,
    /// By whom.
    pub decided_by: Option<String>,
    /// Why it was rejected.
    pub reject_reason: Option<String>,
    /// The day it was paid, `YYYY-MM-DD`.
    pub paid_on: Option<String>,
    /// How.
    pub payment_method: Option<PaymentMethod>,
}

/// A received invoice with its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SupplierInvoicePage {
    /// The invoice.
    pub invoice: SupplierInvoice,
    /// Its lines, in the file's order.
    pub lines: Vec<ReceivedLine>,
}

/// What a file would import as, before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// The invoice read and checked.
    pub invoice: ReceivedInvoice,
    /// The supplier it is from, when recognised.
    pub supplier: Option<SupplierMatch>,
}

/// Reads and checks `bytes` and finds its supplier, writing nothing: what
/// the import screen shows before the person imports. Refused as [`import`]
/// refuses, except for an unknown supplier (then `supplier` is `None`).
pub fn preview(conn: &Connection, bytes: &[u8]) -> Result<Preview> {
    let invoice = read(bytes)?;
    refuse_same_file(conn, &invoice.sha256)?;
    let supplier = find_supplier(conn, &invoice)?;
    if let Some(s) = &supplier {
        refuse_same_number(conn, s.supplier_id, &invoice.number)?;
    }
    Ok(Preview { invoice, supplier })
}

/// Imports a supplier's e-invoice: reads and checks it ([`super::read`]),
/// finds its supplier (by VAT number, SIREN, then name; `supplier` when the
/// person chose one, which then learns the invoice's VAT number and SIREN),
/// refuses the same invoice twice (same file, or same supplier and number,
/// naming the first import), and stores the file as received with its
/// SHA-256, the header and the lines. Refused with nothing written.
pub fn import(
    tx: &Transaction<'_>,
    now_ms: u64,
    bytes: &[u8],
    file_name: Option<&str>,
    supplier: Option<SupplierId>,
) -> Result<SupplierInvoicePage> {
    let inv = read(bytes)?;
    refuse_same_file(tx, &inv.sha256)?;
    let found = match supplier {
        Some(id) => {
            let s = stock::list_suppliers(tx)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or_else(|| Error::NotFound {
                    entity: "supplier",
                    id: id.to_string(),
                })?;
            stock::learn_identity(
                tx,
                now_ms,
                s.id,
                inv.seller.vat_number.as_deref(),
                inv.seller.siren.as_deref(),
            )?;
            SupplierMatch {
                supplier_id: s.id,
                name: s.name,
                by: SupplierBy::Chosen,
            }
        }
        None => find_supplier(tx, &inv)?.ok_or_else(|| InboundError::UnknownSupplier {
            name: inv.seller.name.clone(),
            vat: inv.seller.vat_number.clone(),
            siren: inv.seller.siren.clone(),
        })?,
    };
    refuse_same_number(tx, found.supplier_id, &inv.number)?;
    let site = stock::site_or_here(tx, None)?.to_string();
    let (_, imported_by) = crate::access::author(tx)?;
    let file_name = crate::text::clean(file_name);
    let id = SupplierInvoiceId::new();
    let header = json!({
        "supplier_id": found.supplier_id, "site_id": site, "number": inv.number,
        "type_code": inv.type_code, "syntax": inv.syntax.as_str(),
        "issue_date": inv.issue_date, "due_date": inv.due_date, "currency": inv.currency,
        "order_reference": inv.order_reference, "seller_name": inv.seller.name,
        "seller_vat": inv.seller.vat_number, "seller_siren": inv.seller.siren,
        "total_ht_cents": inv.total_ht, "total_vat_cents": inv.total_vat,
        "total_ttc_cents": inv.total_ttc, "prepaid_cents": inv.prepaid,
        "due_cents": inv.due, "file_sha256": inv.sha256, "file_size": inv.size,
        "file_name": file_name, "imported_at": now_ms, "imported_by": imported_by,
        "status": Status::Received.as_str(),
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &header,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO supplier_invoices (id, supplier_id, site_id, number, type_code, syntax,
                issue_date, due_date, currency, order_reference, seller_name, seller_vat,
                seller_siren, total_ht_cents, total_vat_cents, total_ttc_cents, prepaid_cents,
                due_cents, file_sha256, file_size, file_name, imported_at, imported_by, status,
                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, 'received', ?24, ?24)",
    )?
    .execute(params![
        id.to_string(),
        found.supplier_id.to_string(),
        site,
        inv.number,
        inv.type_code,
        inv.syntax.as_str(),
        inv.issue_date,
        inv.due_date,
        inv.currency,
        inv.order_reference,
        inv.seller.name,
        inv.seller.vat_number,
        inv.seller.siren,
        inv.total_ht.cents(),
        inv.total_vat.cents(),
        inv.total_ttc.cents(),
        inv.prepaid.cents(),
        inv.due.cents(),
        inv.sha256,
        inv.size as i64,
        file_name,
        now_ms as i64,
        imported_by,
        hlc.as_i64()
    ])?;
    for line in &inv.lines {
        insert_line(tx, now_ms, id, line)?;
    }
    // The operation names the file by its hash and size: the bytes are not
    // copied into the outbox and the audit trail (as an issued invoice's PDF).
    let hlc = outbox::record(
        tx,
        now_ms,
        FILES,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "supplier_invoice_id": id, "sha256": inv.sha256, "bytes": inv.size }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO supplier_invoice_files (supplier_invoice_id, bytes, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id.to_string(), bytes, inv.sha256, hlc.as_i64()])?;
    page(tx, id)
}

fn insert_line(
    tx: &Transaction<'_>,
    now_ms: u64,
    invoice: SupplierInvoiceId,
    l: &ReceivedLine,
) -> Result<()> {
    let id = new_row_id();
    let hlc = outbox::record(
        tx,
        now_ms,
        LINES,
        &id,
        OpKind::Insert,
        &json!({
            "supplier_invoice_id": invoice, "position": l.position,
            "supplier_reference": l.supplier_reference, "name": l.name,
            "quantity_milli": l.quantity, "unit": l.unit,
            "net_price_cents": l.net_price, "net_amount_cents": l.net_amount,
            "vat_bp": l.vat_bp, "vat_category": l.vat_category,
        }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO supplier_invoice_lines (id, supplier_invoice_id, position, supplier_reference,
                name, quantity_milli, unit, net_price_cents, net_amount_cents, vat_bp,
                vat_category, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id,
        invoice.to_string(),
        l.position,
        l.supplier_reference,
        l.name,
        l.quantity.milli(),
        l.unit,
        l.net_price.cents(),
        l.net_amount.cents(),
        l.vat_bp,
        l.vat_category,
        hlc.as_i64()
    ])?;
    Ok(())
}

/// The workshop's supplier the invoice's seller is: the one with its VAT
/// number, else its SIREN, else the only one with its name.
pub fn find_supplier(conn: &Connection, inv: &ReceivedInvoice) -> Result<Option<SupplierMatch>> {
    let suppliers = stock::list_suppliers(conn)?;
    let found = |by: SupplierBy, s: &stock::Supplier| SupplierMatch {
        supplier_id: s.id,
        name: s.name.clone(),
        by,
    };
    if let Some(vat) = &inv.seller.vat_number
        && let Some(s) = suppliers
            .iter()
            .find(|s| stock::vat_number(s.vat_number.as_deref()).as_ref() == Some(vat))
    {
        return Ok(Some(found(SupplierBy::VatNumber, s)));
    }
    if let Some(siren) = &inv.seller.siren
        && let Some(s) = suppliers
            .iter()
            .find(|s| stock::siren(s.siren.as_deref()).as_ref() == Some(siren))
    {
        return Ok(Some(found(SupplierBy::Siren, s)));
    }
    let name = fold(&inv.seller.name);
    let named: Vec<_> = suppliers.iter().filter(|s| fold(&s.name) == name).collect();
    Ok(match named.as_slice() {
        [one] => Some(found(SupplierBy::Name, one)),
        _ => None,
    })
}

fn refuse_same_file(conn: &Connection, sha256: &str) -> Result<()> {
    let first = conn
        .prepare_cached("SELECT id FROM supplier_invoices WHERE file_sha256 = ?1")?
        .query_row([sha256], |r| r.get::<_, String>(0))
        .optional()?;
    match first {
        Some(id) => Err(duplicate(conn, &id)),
        None => Ok(()),
    }
}

fn refuse_same_number(conn: &Connection, supplier: SupplierId, number: &str) -> Result<()> {
    let first = conn
        .prepare_cached("SELECT id FROM supplier_invoices WHERE supplier_id = ?1 AND number = ?2")?
        .query_row(params![supplier.to_string(), number], |r| {
            r.get::<_, String>(0)
        })
        .optional()?;
    match first {
        Some(id) => Err(duplicate(conn, &id)),
        None => Ok(()),
    }
}

fn duplicate(conn: &Connection, id: &str) -> Error {
    let Ok(id) = id.parse() else {
        return Error::Corrupt("supplier_invoices.id");
    };
    match get(conn, id) {
        Ok(first) => InboundError::Duplicate {
            id: first.id,
            number: first.number,
            supplier: first.supplier_name,
            imported_on: today(first.imported_at.unsigned_abs()),
        }
        .into(),
        Err(e) => e,
    }
}

const COLUMNS: &str = "i.id, i.supplier_id, s.name, i.site_id, i.number, i.type_code, i.syntax,
        i.issue_date, i.due_date, i.currency, i.order_reference, i.seller_name, i.total_ht_cents,
        i.total_vat_cents, i.total_ttc_cents, i.prepaid_cents, i.due_cents, i.file_sha256,
        i.file_size, i.file_name, i.imported_at, i.imported_by, i.status, i.purchase_order_id,
        o.number, i.decided_at, i.decided_by, i.reject_reason, i.paid_on, i.payment_method
   FROM supplier_invoices i JOIN suppliers s ON s.id = i.supplier_id
   LEFT JOIN purchase_orders o ON o.id = i.purchase_order_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<SupplierInvoice>> {
    let syntax: String = r.get(6)?;
    let status: String = r.get(22)?;
    let method: Option<String> = r.get(29)?;
    let (id, supplier, site, order): (String, String, String, Option<String>) =
        (r.get(0)?, r.get(1)?, r.get(3)?, r.get(23)?);
    let (Ok(id), Ok(supplier_id), Ok(site_id), Ok(purchase_order_id)) = (
        id.parse(),
        supplier.parse(),
        site.parse(),
        order.map(|o| o.parse()).transpose(),
    ) else {
        return Ok(Err(Error::Corrupt("supplier_invoices")));
    };
    Ok(Ok(SupplierInvoice {
        id,
        supplier_id,
        supplier_name: r.get(2)?,
        site_id,
        number: r.get(4)?,
        type_code: r.get(5)?,
        syntax: Syntax::parse(&syntax).unwrap_or(Syntax::Cii),
        issue_date: r.get(7)?,
        due_date: r.get(8)?,
        currency: r.get(9)?,
        order_reference: r.get(10)?,
        seller_name: r.get(11)?,
        total_ht: Money::from_cents(r.get(12)?),
        total_vat: Money::from_cents(r.get(13)?),
        total_ttc: Money::from_cents(r.get(14)?),
        prepaid: Money::from_cents(r.get(15)?),
        due: Money::from_cents(r.get(16)?),
        file_sha256: r.get(17)?,
        file_size: r.get(18)?,
        file_name: r.get(19)?,
        imported_at: r.get(20)?,
        imported_by: r.get(21)?,
        status: Status::parse(&status).unwrap_or(Status::Received),
        purchase_order_id,
        purchase_order_number: r.get(24)?,
        decided_at: r.get(25)?,
        decided_by: r.get(26)?,
        reject_reason: r.get(27)?,
        paid_on: r.get(28)?,
        payment_method: method.as_deref().and_then(PaymentMethod::parse),
    }))
}

/// One received invoice.
pub fn get(conn: &Connection, id: SupplierInvoiceId) -> Result<SupplierInvoice> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} WHERE i.id = ?1"))?
        .query_row([id.to_string()], row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "supplier invoice",
            id: id.to_string(),
        })?
}

/// One received invoice with its lines.
pub fn page(conn: &Connection, id: SupplierInvoiceId) -> Result<SupplierInvoicePage> {
    let invoice = get(conn, id)?;
    let lines = conn
        .prepare_cached(
            "SELECT position, supplier_reference, name, quantity_milli, unit, net_price_cents,
                    net_amount_cents, vat_bp, vat_category
               FROM supplier_invoice_lines WHERE supplier_invoice_id = ?1 ORDER BY position",
        )?
        .query_map([id.to_string()], |r| {
            Ok(ReceivedLine {
                position: r.get(0)?,
                supplier_reference: r.get(1)?,
                name: r.get(2)?,
                quantity: Quantity::from_milli(r.get(3)?),
                unit: r.get(4)?,
                net_price: Money::from_cents(r.get(5)?),
                net_amount: Money::from_cents(r.get(6)?),
                vat_bp: r.get(7)?,
                vat_category: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(SupplierInvoicePage { invoice, lines })
}

/// The file of a received invoice exactly as it arrived, on the station
/// that imported it; `None` elsewhere (the bytes travel as a file, not as
/// an operation).
pub fn file(conn: &Connection, id: SupplierInvoiceId) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM supplier_invoice_files WHERE supplier_invoice_id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?)
}

/// Which received invoices a list shows.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only this supplier's.
    pub supplier_id: Option<SupplierId>,
    /// Only those received against this purchase order, or naming it.
    pub purchase_order_id: Option<PurchaseId>,
    /// Only the unpaid ones.
    pub unpaid: bool,
}

/// The received invoices of this site, newest first (at most 500).
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<SupplierInvoice>> {
    let site = stock::site_or_here(conn, None)?.to_string();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}
          WHERE i.site_id = ?1 AND i.deleted_at IS NULL
            AND (?2 IS NULL OR i.supplier_id = ?2)
            AND (?3 IS NULL OR i.purchase_order_id = ?3)
            AND (?4 = 0 OR (i.paid_on IS NULL AND i.status <> 'rejected'))
          ORDER BY i.issue_date DESC, i.imported_at DESC LIMIT 500"
    ))?;
    stmt.query_map(
        params![
            site,
            filter.supplier_id.map(|s| s.to_string()),
            filter.purchase_order_id.map(|p| p.to_string()),
            filter.unpaid
        ],
        row,
    )?
    .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// One unpaid invoice in the accounts-payable view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payable {
    /// The invoice.
    pub invoice: SupplierInvoice,
    /// Whether its due date is past.
    pub overdue: bool,
}

/// The accounts payable: every unpaid, not rejected supplier invoice by due
/// date (those without one by issue date), with the total owed and the part
/// of it overdue on `today`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payables {
    /// The invoices, the earliest due first.
    pub invoices: Vec<Payable>,
    /// Σ amounts due.
    #[serde(rename = "total_due_cents")]
    pub total_due: Money,
    /// Σ amounts due of the overdue ones.
    #[serde(rename = "overdue_cents")]
    pub overdue: Money,
}

/// The accounts payable on `today` (`YYYY-MM-DD`).
pub fn payables(conn: &Connection, today: &str) -> Result<Payables> {
    let mut invoices: Vec<Payable> = list(
        conn,
        &Filter {
            unpaid: true,
            ..Filter::default()
        },
    )?
    .into_iter()
    .map(|invoice| Payable {
        overdue: invoice.due_date.as_deref().is_some_and(|d| d < today),
        invoice,
    })
    .collect();
    invoices.sort_by(|a, b| {
        let key = |p: &Payable| {
            p.invoice
                .due_date
                .clone()
                .unwrap_or_else(|| p.invoice.issue_date.clone())
        };
        key(a).cmp(&key(b))
    });
    let sign = |p: &Payable| {
        if p.invoice.type_code == "381" {
            -p.invoice.due.cents()
        } else {
            p.invoice.due.cents()
        }
    };
    Ok(Payables {
        total_due: Money::from_cents(invoices.iter().map(sign).sum()),
        overdue: Money::from_cents(invoices.iter().filter(|p| p.overdue).map(sign).sum()),
        invoices,
    })
}

/// Marks a received invoice paid on `paid_on` (`YYYY-MM-DD`) by `method`.
pub fn mark_paid(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: SupplierInvoiceId,
    paid_on: &str,
    method: PaymentMethod,
) -> Result<SupplierInvoice> {
    let inv = get(tx, id)?;
    if inv.paid_on.is_some() {
        return Err(InboundError::Paid { number: inv.number }.into());
    }
    let paid_on = crate::text::parse_date(paid_on).ok_or(crate::validation::Invalid::new(
        crate::validation::Field::PaidOn,
        crate::validation::Problem::Date,
    ))?;
    let before = serde_json::Map::from_iter([
        ("paid_on".to_owned(), serde_json::Value::Null),
        ("payment_method".to_owned(), serde_json::Value::Null),
    ]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({ "paid_on": paid_on, "payment_method": method.as_str() }),
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE supplier_invoices SET paid_on = ?2, payment_method = ?3, updated_at = ?4
          WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        paid_on,
        method.as_str(),
        hlc.as_i64()
    ])?;
    get(tx, id)
}

/// A received file whose bytes no longer hash to what was recorded when it
/// arrived (changed outside Atelier, the triggers dropped).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlteredFile {
    /// The received invoice.
    pub supplier_invoice_id: SupplierInvoiceId,
    /// Its number.
    pub number: String,
}

/// Hashes again every supplier's e-invoice file stored on this station and
/// lists those whose bytes are no longer what arrived: the SHA-256 beside
/// them and the one in the invoice's row must both match. For the
/// integrity check (`atelier verify`) to report.
pub fn verify_files(conn: &Connection) -> Result<Vec<AlteredFile>> {
    use sha2::{Digest, Sha256};
    let mut stmt = conn.prepare(
        "SELECT f.supplier_invoice_id, i.number, f.bytes, f.sha256, i.file_sha256
           FROM supplier_invoice_files f JOIN supplier_invoices i ON i.id = f.supplier_invoice_id
          ORDER BY f.supplier_invoice_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut altered = Vec::new();
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(2)?;
        let beside: String = r.get(3)?;
        let recorded: String = r.get(4)?;
        let now = crate::text::hex(&Sha256::digest(&bytes));
        if now != beside || now != recorded {
            let id: String = r.get(0)?;
            altered.push(AlteredFile {
                supplier_invoice_id: id
                    .parse()
                    .map_err(|_| Error::Corrupt("supplier_invoice_files.supplier_invoice_id"))?,
                number: r.get(1)?,
            });
        }
    }
    Ok(altered)
}

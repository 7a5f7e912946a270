//! Invoices (factures), credit notes (avoirs) and payments (règlements).
//!
//! An invoice starts as a draft: from a done repair order ([`draft_from_order`],
//! its approved lines copied) or a counter sale ([`draft_counter_sale`], free
//! lines). [`issue`] then, in one transaction, gives it the next number of this
//! workstation's series (`F-S1A-2026-000123`), freezes what it prints as JSON
//! ([`Content`]), chains its SHA-256 (over that frozen content, which fully
//! determines the document) to the previous document of the series
//! ([`chain`]) and marks the order invoiced. The PDF is rendered from the
//! frozen content and stored right after, in a second transaction
//! ([`store_pdf`]), with its own recorded SHA-256; a crash in between loses
//! nothing, the next print stores it ([`write_pdf`]).
//! From then on the rows never change (SQLite triggers refuse it too); the only
//! correction is a credit note ([`credit_note`]), numbered in its own series
//! (`A-S1A-2026-000007`) and chained the same way. [`verify`] recomputes
//! every chain.
//!
//! Payments are append-only ([`payments`]); what an invoice still awaits and
//! its status (unpaid, partly paid, paid, overdue, cancelled) are derived from
//! them, never stored. Lists, ageing, customer balances and the daily cash
//! summary are in [`reports`].
//!
//! Totals come from [`crate::orders::totals()`], the very function the order
//! page uses, so an invoice always shows the order's amounts to the cent.

pub mod chain;
mod content;
mod document;
pub(crate) mod draft;
pub mod einvoice;
mod error;
pub mod export;
pub mod figures;
mod issue;
pub mod payments;
pub mod reports;
mod words;

use atelier_domain::{
    CustomerId, InvoiceId, Money, OrderId, Percent, Quantity, VatRate, VehicleId,
};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::orders::lines::{LineFields, LineKind, PartOrigin};
use crate::orders::{OrderDiscount, Totals, discount_of, parse_id};
use crate::{Error, Result};

pub use chain::{Sealed, Verification, VerifyReport, verify, verify_in};
pub use content::{Buyer, Content, CreditedRef, VehicleRef, is_balance_line};
pub use document::{pdf_of, rerender, store_pdf, write_pdf};
pub use draft::{DraftInput, discard_draft, draft_counter_sale, draft_from_order, update_draft};
pub use error::InvoiceError;
pub use issue::{CreditNoteInput, credit_note, issue};
pub use payments::{Payment, PaymentInput, PaymentMethod};
pub use reports::{InvoiceQuery, list};

pub(crate) const ENTITY: &str = "invoices";

/// An invoice or a credit note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// A facture.
    Invoice,
    /// An avoir: cancels all or part of an invoice.
    CreditNote,
}

crate::text::str_enum!(InvoiceKind {
    Invoice => "invoice",
    CreditNote => "credit_note",
});

impl InvoiceKind {
    /// The letter its numbers start with: `F` for factures, `A` for avoirs.
    pub fn letter(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "F",
            InvoiceKind::CreditNote => "A",
        }
    }
}

/// Where an invoice stands, derived from its payments and credit notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Not issued: no number, editable.
    Draft,
    /// Issued, nothing paid, not yet due.
    Unpaid,
    /// Issued, partly paid, not yet due.
    PartlyPaid,
    /// Nothing left to pay.
    Paid,
    /// Money left to pay after the due date.
    Overdue,
    /// Credit notes cancel its whole amount.
    Cancelled,
    /// A credit note, issued.
    Issued,
}

crate::text::str_enum!(InvoiceStatus {
    Draft => "draft",
    Unpaid => "unpaid",
    PartlyPaid => "partly_paid",
    Paid => "paid",
    Overdue => "overdue",
    Cancelled => "cancelled",
    Issued => "issued",
});

/// How late an unpaid invoice is, in the usual buckets of an ageing report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ageing {
    /// Not due yet.
    NotDue,
    /// 1 to 30 days past its due date.
    Days1To30,
    /// 31 to 60 days.
    Days31To60,
    /// 61 to 90 days.
    Days61To90,
    /// More than 90 days.
    Over90,
}

impl Ageing {
    /// Every bucket, least late first.
    pub const ALL: [Ageing; 5] = [
        Ageing::NotDue,
        Ageing::Days1To30,
        Ageing::Days31To60,
        Ageing::Days61To90,
        Ageing::Over90,
    ];

    /// The bucket of an invoice `days` past its due date.
    pub fn of_days(days: i64) -> Ageing {
        match days {
            ..=0 => Ageing::NotDue,
            1..=30 => Ageing::Days1To30,
            31..=60 => Ageing::Days31To60,
            61..=90 => Ageing::Days61To90,
            _ => Ageing::Over90,
        }
    }
}

/// One line of an invoice, with its price computed; frozen in [`Content`] at issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// Labour, part or fee.
    pub kind: LineKind,
    /// What was done or supplied.
    pub description: String,
    /// Hours for labour, quantity otherwise.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// Hourly rate or unit price, HT.
    pub unit: Money,
    /// A flat price for labour, whatever the hours.
    pub flat: Option<Money>,
    /// A part's catalogue reference.
    pub part_id: Option<String>,
    /// Where a part comes from (new, exchange, recycled): a required mention.
    pub origin: Option<PartOrigin>,
    /// VAT rate.
    pub vat: VatRate,
    /// The line's own discount.
    #[serde(rename = "discount_bp")]
    pub discount: Percent,
    /// HT after the line's discount.
    pub net: Money,
}

impl InvoiceLine {
    /// The line of stored fields, priced as the order prices it.
    pub(crate) fn of_fields(f: &LineFields) -> Result<InvoiceLine> {
        let amounts = crate::orders::LineAmounts::of(f.quantity, f.unit, f.flat, f.discount, f.vat);
        Ok(InvoiceLine {
            kind: f.kind,
            description: f.description.clone(),
            quantity: f.quantity,
            unit: f.unit,
            flat: f.flat,
            part_id: f.part_id.clone(),
            origin: f.origin,
            vat: f.vat,
            discount: f.discount,
            net: amounts.net,
        })
    }

    /// What the line adds to the totals.
    pub fn amounts(&self) -> crate::orders::LineAmounts {
        crate::orders::LineAmounts {
            net: self.net,
            vat: self.vat,
        }
    }
}

/// The totals of invoice lines less a discount: [`crate::orders::totals()`].
pub fn totals_of(lines: &[InvoiceLine], discount: OrderDiscount) -> Totals {
    let amounts: Vec<_> = lines.iter().map(InvoiceLine::amounts).collect();
    crate::orders::totals(&amounts, discount)
}

/// An invoice in a list: who, how much, how much is left, how late.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InvoiceSummary {
    /// Stable id.
    pub id: InvoiceId,
    /// Invoice or credit note.
    pub kind: InvoiceKind,
    /// `F-S1A-2026-000123`, once issued.
    pub number: Option<String>,
    /// The repair order invoiced.
    pub order_id: Option<OrderId>,
    /// Its number.
    pub order_number: Option<String>,
    /// The invoice a credit note corrects.
    pub credited_invoice_id: Option<InvoiceId>,
    /// Its number.
    pub credited_number: Option<String>,
    /// The customer.
    pub customer_id: CustomerId,
    /// The customer's name.
    pub customer_name: String,
    /// The vehicle.
    pub vehicle_id: Option<VehicleId>,
    /// Issue date (YYYY-MM-DD).
    pub issued_on: Option<String>,
    /// Due date (YYYY-MM-DD).
    pub due_on: Option<String>,
    /// Total TTC.
    pub gross: Money,
    /// Deposits paid before the invoice and deducted on it.
    pub deposits: Money,
    /// What credit notes took off it.
    pub credited: Money,
    /// What was paid on it (reversals deducted).
    pub paid: Money,
    /// What is left to pay; negative when the customer is owed money.
    pub balance: Money,
    /// Its status.
    pub status: InvoiceStatus,
    /// Days past the due date with money left (0 otherwise).
    pub days_overdue: i64,
    /// The ageing bucket, for an invoice with money left.
    pub ageing: Option<Ageing>,
}

/// An invoice with its lines, totals and payments: the invoice page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Invoice {
    /// Who, how much, status.
    #[serde(flatten)]
    pub summary: InvoiceSummary,
    /// The lines (the draft's, or frozen at issue).
    pub lines: Vec<InvoiceLine>,
    /// The whole-invoice discount.
    pub discount: OrderDiscount,
    /// HT per rate, TVA per rate, TTC.
    pub totals: Totals,
    /// Printed notes (a credit note's reason).
    pub notes: Option<String>,
    /// Everything printed, once issued.
    pub content: Option<Content>,
    /// Payments and reversals, oldest first.
    pub payments: Vec<Payment>,
    /// Credit notes issued against it.
    pub credit_notes: Vec<InvoiceSummary>,
}

impl Invoice {
    /// Whether it is issued (numbered, frozen).
    pub fn is_issued(&self) -> bool {
        self.summary.number.is_some()
    }
}

pub(crate) const SUMMARY: &str =
    "SELECT i.id, i.kind, i.status, i.number, i.order_id, o.order_number,
        i.credited_invoice_id, ci.number, i.customer_id,
        c.kind, c.civility, c.first_name, c.last_name, c.company_name,
        i.vehicle_id, i.issued_on, i.due_on, i.gross_cents, i.deposit_cents,
        (SELECT COALESCE(SUM(cn.gross_cents), 0) FROM invoices cn
          WHERE cn.credited_invoice_id = i.id AND cn.status = 'issued'),
        (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p WHERE p.invoice_id = i.id),
        i.lines, i.discount_kind, i.discount_value
   FROM invoices i JOIN customers c ON c.id = i.customer_id
   LEFT JOIN orders o ON o.id = i.order_id
   LEFT JOIN invoices ci ON ci.id = i.credited_invoice_id";

/// Reads a summary row of [`SUMMARY`] as of `today`.
pub(crate) fn summary_row(r: &Row<'_>, today: &str) -> rusqlite::Result<Result<InvoiceSummary>> {
    let id: String = r.get(0)?;
    let kind: String = r.get(1)?;
    let status: String = r.get(2)?;
    let order: Option<String> = r.get(4)?;
    let credited_id: Option<String> = r.get(6)?;
    let customer: String = r.get(8)?;
    let customer_name = crate::orders::customer_name(r, 9)?;
    let vehicle: Option<String> = r.get(14)?;
    let gross: Option<i64> = r.get(17)?;
    let deposits: Option<i64> = r.get(18)?;
    let credited: i64 = r.get(19)?;
    let paid: i64 = r.get(20)?;
    let lines: String = r.get(21)?;
    let discount_kind: Option<String> = r.get(22)?;
    let discount_value: Option<i64> = r.get(23)?;
    #[allow(
        clippy::type_complexity,
        reason = "five text columns, named right here"
    )]
    let (number, order_number, credited_number, issued_on, due_on): (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = (r.get(3)?, r.get(5)?, r.get(7)?, r.get(15)?, r.get(16)?);
    let build = || -> Result<InvoiceSummary> {
        let kind = InvoiceKind::parse(&kind).ok_or(Error::Corrupt("invoices.kind"))?;
        let issued = status == "issued";
        let gross = match gross {
            Some(g) if issued => g,
            _ => {
                let discount = discount_of(discount_kind.as_deref(), discount_value)?;
                totals_of(&draft_lines(&lines)?, discount).gross.cents()
            }
        };
        let deposits = deposits.unwrap_or(0);
        let balance = gross - credited - deposits - paid;
        let (status, days_overdue) = if !issued {
            (InvoiceStatus::Draft, 0)
        } else {
            derive_status(
                kind,
                gross,
                credited,
                deposits + paid,
                balance,
                due_on.as_deref(),
                today,
            )
        };
        let open = matches!(
            status,
            InvoiceStatus::Unpaid | InvoiceStatus::PartlyPaid | InvoiceStatus::Overdue
        );
        Ok(InvoiceSummary {
            id: parse_id(&id, "invoices.id")?,
            kind,
            number,
            order_id: order
                .map(|o| parse_id(&o, "invoices.order_id"))
                .transpose()?,
            order_number,
            credited_invoice_id: credited_id
                .map(|c| parse_id(&c, "invoices.credited_invoice_id"))
                .transpose()?,
            credited_number,
            customer_id: parse_id(&customer, "invoices.customer_id")?,
            customer_name,
            vehicle_id: vehicle
                .map(|v| parse_id(&v, "invoices.vehicle_id"))
                .transpose()?,
            issued_on,
            due_on,
            gross: Money::from_cents(gross),
            deposits: Money::from_cents(deposits),
            credited: Money::from_cents(credited),
            paid: Money::from_cents(paid),
            balance: Money::from_cents(balance),
            status,
            days_overdue,
            ageing: open.then(|| Ageing::of_days(days_overdue)),
        })
    };
    Ok(build())
}

/// The status rules: a credit note is just issued; an invoice whose credit
/// notes reach its amount is cancelled; nothing left to pay is paid; money
/// left after the due date is overdue; otherwise partly paid or unpaid.
/// Returns the status and the days past due (0 unless overdue).
pub fn derive_status(
    kind: InvoiceKind,
    gross: i64,
    credited: i64,
    received: i64,
    balance: i64,
    due_on: Option<&str>,
    today: &str,
) -> (InvoiceStatus, i64) {
    if kind == InvoiceKind::CreditNote {
        return (InvoiceStatus::Issued, 0);
    }
    if gross > 0 && credited >= gross {
        return (InvoiceStatus::Cancelled, 0);
    }
    if balance <= 0 {
        return (InvoiceStatus::Paid, 0);
    }
    let late = due_on.map_or(0, |d| days_between(d, today));
    if late > 0 {
        (InvoiceStatus::Overdue, late)
    } else if received > 0 {
        (InvoiceStatus::PartlyPaid, 0)
    } else {
        (InvoiceStatus::Unpaid, 0)
    }
}

/// Days from `from` to `to` (YYYY-MM-DD); 0 when either is not a date.
pub(crate) fn days_between(from: &str, to: &str) -> i64 {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match (
        time::Date::parse(from, format),
        time::Date::parse(to, format),
    ) {
        (Ok(a), Ok(b)) => (b - a).whole_days(),
        _ => 0,
    }
}

/// `day` plus `days` (YYYY-MM-DD).
pub(crate) fn add_days(day: &str, days: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(day, format)
        .ok()
        .and_then(|d| d.checked_add(time::Duration::days(days)))
        .and_then(|d| d.format(format).ok())
        .unwrap_or_else(|| day.to_owned())
}

/// The draft lines stored as JSON.
pub(crate) fn draft_lines(json: &str) -> Result<Vec<InvoiceLine>> {
    let fields: Vec<LineFields> =
        serde_json::from_str(json).map_err(|_| Error::Corrupt("invoices.lines"))?;
    fields.iter().map(InvoiceLine::of_fields).collect()
}

/// The summary of `id` as of `today`.
pub fn summary(conn: &Connection, id: InvoiceId, today: &str) -> Result<InvoiceSummary> {
    conn.prepare_cached(&format!(
        "{SUMMARY} WHERE i.id = ?1 AND i.deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], |r| summary_row(r, today))
    .optional()?
    .ok_or_else(|| not_found(id))?
}

/// The invoice page of `id` as of `today`: lines, totals, payments, credit notes.
pub fn get(conn: &Connection, id: InvoiceId, today: &str) -> Result<Invoice> {
    let summary = summary(conn, id, today)?;
    let (lines, discount_kind, discount_value, notes, content): (
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
    ) = conn
        .prepare_cached(
            "SELECT lines, discount_kind, discount_value, notes, content FROM invoices WHERE id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let content: Option<Content> = content
        .map(|c| serde_json::from_str(&c).map_err(|_| Error::Corrupt("invoices.content")))
        .transpose()?;
    let (lines, discount, notes) = match &content {
        Some(c) => (c.lines.clone(), c.discount, c.notes.clone()),
        None => (
            draft_lines(&lines)?,
            discount_of(discount_kind.as_deref(), discount_value)?,
            notes,
        ),
    };
    let credit_notes = conn
        .prepare_cached(&format!(
            "{SUMMARY} WHERE i.credited_invoice_id = ?1 AND i.status = 'issued' ORDER BY i.seq"
        ))?
        .query_map([id.to_string()], |r| summary_row(r, today))?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    Ok(Invoice {
        totals: totals_of(&lines, discount),
        payments: payments::of_invoice(conn, id)?,
        summary,
        lines,
        discount,
        notes,
        content,
        credit_notes,
    })
}

/// The live draft or issued invoice of an order, if there is one.
pub fn of_order(conn: &Connection, order: OrderId) -> Result<Option<InvoiceId>> {
    conn.prepare_cached(
        "SELECT id FROM invoices WHERE order_id = ?1 AND kind = 'invoice' AND deleted_at IS NULL
          ORDER BY status = 'issued' DESC, created_at DESC LIMIT 1",
    )?
    .query_row([order.to_string()], |r| r.get::<_, String>(0))
    .optional()?
    .map(|id| parse_id(&id, "invoices.id"))
    .transpose()
}

pub(crate) fn not_found(id: InvoiceId) -> Error {
    Error::NotFound {
        entity: "invoice",
        id: id.to_string(),
    }
}

#[cfg(test)]
mod tests;

//! Issuing: the number, the frozen content and the chained hash, all in the
//! caller's transaction, or nothing. Credit notes are issued the same way, in
//! their own series. The PDF is not part of it: the caller stores it right
//! after, in a transaction of its own ([`super::store_pdf`]).

use atelier_domain::{InvoiceId, Locale, Money, OrderId, Percent, Quantity};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::chain::{GENESIS, Sealed};
use super::content::{self, BALANCE_EN, BALANCE_FR, Content, CreditedRef};
use super::draft::{self, LINES_MAX, editable, order_lines};
use super::{
    ENTITY, Invoice, InvoiceError, InvoiceKind, InvoiceLine, add_days, get, summary, totals_of,
};
use crate::access::Actor;
use crate::orders::lines::{Defaults, LineFields, LineInput};
use crate::orders::{self, OrderDiscount, OrderError, OrderStatus};
use crate::outbox::{self, OpKind};
use crate::text::{clean, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, workshop};

const REASON_MAX: usize = 500;

/// Issues the draft `id`: gives it the next number of this workstation's
/// series, freezes its content (for an order's draft, the order's approved
/// lines as they are now, so the totals are the order's), chains its hash
/// (over the frozen content, which fully determines the printed document)
/// and marks the order invoiced.
///
/// The PDF is not rendered here: call [`super::store_pdf`] right after, in
/// a transaction of its own, as the shell does. If the station stops in
/// between, nothing is lost: the frozen content is chained, and the next
/// print or open ([`super::write_pdf`]) renders and stores the PDF from it.
///
/// Refused, writing nothing, with: [`InvoiceError::Issued`] when already
/// issued; a validation error on `lines` when it has none, on
/// `series_prefix` when this workstation has no series yet;
/// [`OrderError::IllegalTransition`] when its order is not done.
pub fn issue(tx: &Transaction<'_>, now_ms: u64, actor: &Actor, id: InvoiceId) -> Result<Invoice> {
    let d = editable(tx, id)?;
    let mut lines = d.lines;
    let (mut vehicle, mut order_number, mut work_date, mut deposits) =
        (None, None, None, Money::ZERO);
    let mut discount = stored_discount(tx, id)?;
    if let Some(order) = d.order {
        let o = orders::get(tx, order)?;
        if o.status != OrderStatus::Done {
            return Err(OrderError::IllegalTransition {
                from: o.status,
                to: OrderStatus::Invoiced,
            }
            .into());
        }
        lines = order_lines(tx, order)?;
        discount = o.discount;
        vehicle = Some(content::vehicle(tx, o.vehicle_id, o.mileage_km)?);
        order_number = o.order_number.clone();
        work_date = done_on(tx, order)?;
        deposits = super::payments::deposits(tx, order)?;
    }
    let today = today(now_ms);
    let lines = lines
        .iter()
        .map(InvoiceLine::of_fields)
        .collect::<Result<Vec<_>>>()?;
    let sale = Sale {
        kind: InvoiceKind::Invoice,
        customer: d.customer,
        lines,
        discount,
        vehicle,
        order_number,
        work_date: work_date.unwrap_or_else(|| today.clone()),
        deposits,
        notes: d.notes,
        credited: None,
    };
    seal(tx, now_ms, actor, id, sale)?;
    if let Some(order) = d.order {
        let number: String = tx
            .prepare_cached("SELECT number FROM invoices WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))?;
        orders::mark_invoiced(tx, now_ms, actor, order, &number)?;
    }
    get(tx, id, &today)
}

/// A credit note as asked for: which invoice, why, and for a partial credit
/// the lines to credit (none: the whole invoice).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreditNoteInput {
    /// The invoice corrected.
    pub invoice_id: Option<String>,
    /// Why, printed on the credit note.
    pub reason: Option<String>,
    /// The lines credited, as in the order form; empty credits every line.
    pub lines: Vec<LineInput>,
}

/// Issues a credit note against an issued invoice: every line of it, or the
/// lines given. Numbered in this workstation's credit-note series, chained
/// like invoices; its PDF is stored afterwards like an invoice's
/// ([`super::store_pdf`]). Refused when the invoice is a draft, already
/// cancelled, or when the credit note would take off more than remains of
/// it.
pub fn credit_note(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    input: &CreditNoteInput,
    locale: Locale,
) -> Result<Invoice> {
    let invoice: InvoiceId = clean(input.invoice_id.as_deref())
        .ok_or(Invalid::new(Field::Invoice, Problem::Required))?
        .parse()
        .map_err(|_| Invalid::new(Field::Invoice, Problem::NotAllowed))?;
    let today = today(now_ms);
    let original = get(tx, invoice, &today)?;
    let (Some(content), InvoiceKind::Invoice) = (&original.content, original.summary.kind) else {
        return Err(if original.is_issued() {
            Invalid::new(Field::Invoice, Problem::NotAllowed).into()
        } else {
            InvoiceError::Draft.into()
        });
    };
    let remaining = original
        .summary
        .gross
        .checked_sub(original.summary.credited)
        .unwrap_or(Money::ZERO);
    if remaining <= Money::ZERO {
        return Err(InvoiceError::Cancelled {
            number: content.number.clone(),
        }
        .into());
    }
    let reason = clean(input.reason.as_deref());
    max_len(Field::Reason, reason.as_deref(), REASON_MAX)?;
    if input.lines.len() > LINES_MAX {
        return Err(Invalid::new(Field::Lines, Problem::TooMany { max: LINES_MAX }).into());
    }
    let (lines, discount) = if input.lines.is_empty() {
        if original.summary.credited > Money::ZERO {
            // A part is already credited: what remains is credited as one line per rate.
            (remaining_lines(&original, remaining)?, OrderDiscount::None)
        } else {
            (content.lines.clone(), content.discount)
        }
    } else {
        let defaults = Defaults::load(tx)?;
        let lines = input
            .lines
            .iter()
            .map(|l| {
                LineFields::parse(l, &defaults, None, locale)
                    .map_err(Error::from)
                    .and_then(|f| InvoiceLine::of_fields(&f))
            })
            .collect::<Result<Vec<_>>>()?;
        (lines, OrderDiscount::None)
    };
    let gross = totals_of(&lines, discount).gross;
    if gross <= Money::ZERO {
        return Err(Invalid::new(Field::Lines, Problem::Required).into());
    }
    if gross > remaining {
        return Err(Invalid::new(Field::Lines, Problem::MoreThanDue { max: remaining }).into());
    }
    let id = InvoiceId::new();
    let fields: Vec<LineFields> = Vec::new();
    draft::insert(
        tx,
        now_ms,
        actor,
        id,
        original.summary.customer_id,
        None,
        original.summary.vehicle_id,
        &fields,
        OrderDiscount::None,
        reason.as_deref(),
    )?;
    // The row was written as an invoice draft; it becomes a credit note before sealing.
    tx.prepare_cached(
        "UPDATE invoices SET kind = 'credit_note', credited_invoice_id = ?2 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), invoice.to_string()])?;
    let sale = Sale {
        kind: InvoiceKind::CreditNote,
        customer: original.summary.customer_id,
        lines,
        discount,
        vehicle: content.vehicle.clone(),
        order_number: content.order_number.clone(),
        work_date: content.work_date.clone(),
        deposits: Money::ZERO,
        notes: reason,
        credited: Some(CreditedRef {
            number: content.number.clone(),
            issued_on: content.issued_on.clone(),
        }),
    };
    seal(tx, now_ms, actor, id, sale)?;
    get(tx, id, &today)
}

/// What remains of a partly credited invoice, one line per VAT rate.
fn remaining_lines(original: &Invoice, remaining: Money) -> Result<Vec<InvoiceLine>> {
    let fr = original.content.as_ref().map(|c| c.locale) != Some(Locale::En);
    let mut left = remaining.cents();
    let mut lines = Vec::new();
    for r in &original.totals.by_rate {
        let net = r.net.cents();
        if net <= 0 || left <= 0 {
            continue;
        }
        let gross = net + r.tax.cents();
        let take = gross.min(left);
        // Net back out of the gross taken, so the line's tax recomputes to it.
        let net_taken = if take == gross {
            net
        } else {
            crate::amounts::mul_div_round(take, 10_000, 10_000 + i64::from(r.rate.bp()))
        };
        left -= take;
        lines.push(InvoiceLine {
            kind: orders::LineKind::Fee,
            description: if fr {
                format!("{BALANCE_FR}{}", r.rate.format(Locale::Fr))
            } else {
                format!("{BALANCE_EN}{}", r.rate.format(Locale::En))
            },
            quantity: Quantity::ONE,
            unit: Money::from_cents(net_taken),
            flat: None,
            part_id: None,
            origin: None,
            vat: r.rate,
            discount: Percent::ZERO,
            net: Money::from_cents(net_taken),
        });
    }
    // Rounding back from TTC may overshoot by a cent: take it off the last line.
    loop {
        let over = totals_of(&lines, OrderDiscount::None).gross > remaining;
        match lines.last_mut() {
            Some(last) if over && last.net > Money::ZERO => {
                last.net = Money::from_cents(last.net.cents() - 1);
                last.unit = last.net;
            }
            _ => break,
        }
    }
    Ok(lines)
}

/// What is sealed into a document at issue.
struct Sale {
    kind: InvoiceKind,
    customer: atelier_domain::CustomerId,
    lines: Vec<InvoiceLine>,
    discount: OrderDiscount,
    vehicle: Option<content::VehicleRef>,
    order_number: Option<String>,
    work_date: String,
    deposits: Money,
    notes: Option<String>,
    credited: Option<CreditedRef>,
}

/// Numbers, freezes, chains and writes the document `id` (its PDF is
/// stored afterwards, [`super::store_pdf`]).
fn seal(tx: &Transaction<'_>, now_ms: u64, actor: &Actor, id: InvoiceId, sale: Sale) -> Result<()> {
    if sale.lines.is_empty() {
        return Err(Invalid::new(Field::Lines, Problem::Required).into());
    }
    let prefix = workshop::station(tx)?
        .series_prefix
        .ok_or(Invalid::new(Field::SeriesPrefix, Problem::Required))?;
    let today = today(now_ms);
    crate::till::ensure_open(tx, &today)?;
    let year = today.get(..4).unwrap_or("1970");
    let series = format!("{}-{prefix}-{year}", sale.kind.letter());
    let seq = next_in_series(tx, &series)?;
    let number = format!("{series}-{seq:06}");
    let prev_hash = match seq {
        1 => GENESIS.to_owned(),
        n => tx
            .prepare_cached("SELECT hash FROM invoices WHERE series = ?1 AND seq = ?2")?
            .query_row(params![series, n - 1], |r| r.get(0))
            .optional()?
            .ok_or(Error::Corrupt("invoices.seq"))?,
    };
    let (buyer, locale, terms, buyer_data) = content::buyer(tx, sale.customer)?;
    let (seller_name, seller_lines, seller_data) = content::seller(tx, locale)?;
    let due_on = match sale.kind {
        InvoiceKind::Invoice => add_days(&today, i64::from(terms)),
        InvoiceKind::CreditNote => today.clone(),
    };
    let content = Content {
        kind: sale.kind,
        number: number.clone(),
        issued_on: today.clone(),
        work_date: sale.work_date,
        due_on: due_on.clone(),
        payment_terms_days: terms,
        locale,
        seller_name,
        seller_lines,
        buyer,
        vehicle: sale.vehicle,
        order_number: sale.order_number,
        credited: sale.credited,
        lines: sale.lines,
        discount: sale.discount,
        deposits: sale.deposits,
        notes: sale.notes,
        parties: seller_data.map(|seller| content::Parties {
            seller,
            buyer: buyer_data,
        }),
    };
    super::einvoice::check(&content)?;
    let totals = totals_of(&content.lines, content.discount);
    let content_json =
        serde_json::to_string(&content).map_err(|_| Error::Corrupt("invoices.content"))?;
    let order_id: Option<String> = tx
        .prepare_cached("SELECT order_id FROM invoices WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    let credited_id: Option<String> = tx
        .prepare_cached("SELECT credited_invoice_id FROM invoices WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    let site = site_of(tx, order_id.as_deref(), credited_id.as_deref())?;
    let sealed = Sealed {
        kind: sale.kind.as_str().to_owned(),
        series: series.clone(),
        seq,
        number: number.clone(),
        issued_on: today.clone(),
        order_id,
        customer_id: content.buyer.id.to_string(),
        credited_invoice_id: credited_id,
        net: totals.net,
        tax: totals.tax,
        gross: totals.gross,
        deposit: content.deposits,
        content: content_json,
        pdf_sha256: None,
        prev_hash,
    };
    let hash = sealed.hash();
    let payload = Map::from_iter([
        ("status".to_owned(), json!("issued")),
        ("kind".to_owned(), json!(sealed.kind)),
        ("series".to_owned(), json!(sealed.series)),
        ("seq".to_owned(), json!(sealed.seq)),
        ("number".to_owned(), json!(sealed.number)),
        ("issued_on".to_owned(), json!(sealed.issued_on)),
        ("due_on".to_owned(), json!(due_on)),
        (
            "credited_invoice_id".to_owned(),
            json!(sealed.credited_invoice_id),
        ),
        ("net_cents".to_owned(), json!(sealed.net)),
        ("tax_cents".to_owned(), json!(sealed.tax)),
        ("gross_cents".to_owned(), json!(sealed.gross)),
        ("deposit_cents".to_owned(), json!(sealed.deposit)),
        ("content".to_owned(), json!(sealed.content)),
        ("prev_hash".to_owned(), json!(sealed.prev_hash)),
        ("hash".to_owned(), json!(hash)),
        ("issued_by".to_owned(), json!(actor.name)),
        ("site_id".to_owned(), json!(site)),
    ]);
    let before = Map::from_iter([("status".to_owned(), json!("draft"))]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(payload),
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE invoices SET status = 'issued', series = ?2, seq = ?3, number = ?4,
                issued_on = ?5, due_on = ?6, net_cents = ?7, tax_cents = ?8, gross_cents = ?9,
                deposit_cents = ?10, content = ?11, prev_hash = ?12,
                hash = ?13, issued_by = ?14, updated_at = ?15, site_id = ?16
          WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        sealed.series,
        sealed.seq,
        sealed.number,
        sealed.issued_on,
        due_on,
        sealed.net.cents(),
        sealed.tax.cents(),
        sealed.gross.cents(),
        sealed.deposit.cents(),
        sealed.content,
        sealed.prev_hash,
        hash,
        actor.name,
        hlc.as_i64(),
        site,
    ])?;
    // Keep the summary query honest: the row must read back as issued.
    summary(tx, id, &today)?;
    super::figures::record(tx, id)?;
    Ok(())
}

/// The site a document belongs to: its order's, the credited invoice's, else
/// this workstation's.
fn site_of(tx: &Transaction<'_>, order: Option<&str>, credited: Option<&str>) -> Result<String> {
    let owner: Option<String> = match (order, credited) {
        (Some(o), _) => tx
            .prepare_cached("SELECT site_id FROM orders WHERE id = ?1")?
            .query_row([o], |r| r.get(0))
            .optional()?,
        (None, Some(c)) => tx
            .prepare_cached("SELECT site_id FROM invoices WHERE id = ?1")?
            .query_row([c], |r| r.get(0))
            .optional()?,
        (None, None) => None,
    };
    match owner {
        Some(site) => Ok(site),
        None => Ok(crate::stock::current_site(tx)?.to_string()),
    }
}

/// The next number of `series`, moved forward in this transaction.
fn next_in_series(tx: &Transaction<'_>, series: &str) -> Result<i64> {
    let last: Option<i64> = tx
        .prepare_cached("SELECT last FROM invoice_counters WHERE series = ?1")?
        .query_row([series], |r| r.get(0))
        .optional()?;
    let next = last.unwrap_or(0) + 1;
    tx.prepare_cached(
        "INSERT INTO invoice_counters (series, last) VALUES (?1, ?2)
         ON CONFLICT (series) DO UPDATE SET last = excluded.last",
    )?
    .execute(params![series, next])?;
    Ok(next)
}

/// The day the order was last marked done.
fn done_on(tx: &Transaction<'_>, order: OrderId) -> Result<Option<String>> {
    let at: Option<i64> = tx
        .prepare_cached(
            "SELECT MAX(at_ms) FROM order_events WHERE order_id = ?1 AND to_status = 'done'",
        )?
        .query_row([order.to_string()], |r| r.get(0))?;
    Ok(at.and_then(|ms| u64::try_from(ms).ok()).map(today))
}

fn stored_discount(tx: &Transaction<'_>, id: InvoiceId) -> Result<OrderDiscount> {
    let (kind, value): (Option<String>, Option<i64>) = tx
        .prepare_cached("SELECT discount_kind, discount_value FROM invoices WHERE id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    orders::discount_of(kind.as_deref(), value)
}

//! Payments: append-only. Money received against an issued invoice, or a
//! deposit (acompte) against an order before its invoice; a mistake is undone
//! by a reversal entry, never by an edit. Cash handed over beyond what is due
//! is given back as change; any other method may not pay more than is due.

use atelier_domain::{InvoiceId, Locale, Money, OrderId, PaymentId};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Invoice, InvoiceError, InvoiceKind, InvoiceStatus, get, summary};
use crate::access::Actor;
use crate::orders::{self, parse_id};
use crate::outbox::{self, OpKind};
use crate::text::{clean, parse_date, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "payments";
const REFERENCE_MAX: usize = 100;

/// How the customer paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Espèces.
    Cash,
    /// Carte bancaire.
    Card,
    /// Chèque.
    Cheque,
    /// Virement.
    Transfer,
}

crate::text::str_enum!(PaymentMethod {
    Cash => "cash",
    Card => "card",
    Cheque => "cheque",
    Transfer => "transfer",
});

impl PaymentMethod {
    /// Every method, in the order the till shows them.
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Cheque,
        PaymentMethod::Transfer,
    ];

    /// The method's name for a person.
    pub fn label(self, locale: Locale) -> &'static str {
        let (fr, en) = match self {
            PaymentMethod::Cash => ("Espèces", "Cash"),
            PaymentMethod::Card => ("Carte bancaire", "Card"),
            PaymentMethod::Cheque => ("Chèque", "Cheque"),
            PaymentMethod::Transfer => ("Virement", "Bank transfer"),
        };
        if locale == Locale::Fr { fr } else { en }
    }
}

/// A payment as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PaymentInput {
    /// `cash`, `card`, `cheque` or `transfer`.
    pub method: Option<String>,
    /// The amount ("80", "80,50"); for cash, what the customer handed over.
    pub amount: Option<String>,
    /// The day it was received (YYYY-MM-DD); today when blank.
    pub paid_on: Option<String>,
    /// A cheque number, a transfer reference, a card receipt number.
    pub reference: Option<String>,
}

/// A payment or reversal as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Payment {
    /// Stable id.
    pub id: PaymentId,
    /// The invoice paid.
    pub invoice_id: Option<InvoiceId>,
    /// The order a deposit was paid on.
    pub order_id: Option<OrderId>,
    /// How.
    pub method: PaymentMethod,
    /// What settles the debt; negative for a reversal.
    pub amount: Money,
    /// Cash handed over, when more than was due.
    pub tendered: Option<Money>,
    /// Change given back.
    pub change: Money,
    /// The day it was received.
    pub paid_on: String,
    /// Cheque number, transfer reference…
    pub reference: Option<String>,
    /// The payment a reversal undoes.
    pub reverses_id: Option<PaymentId>,
    /// Whether a later reversal undid this payment.
    pub reversed: bool,
    /// Why it was reversed.
    pub reason: Option<String>,
    /// The workstation that took it.
    pub station: String,
    /// Who took it.
    pub user_name: String,
}

/// What recording a payment gives back: the payment, the change to hand
/// over, and the invoice as it now stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Receipt {
    /// The payment written.
    pub payment: Payment,
    /// The invoice afterwards.
    pub invoice: Invoice,
}

/// Records a payment on an issued invoice. Refused, writing nothing: an
/// amount of zero or less; more than what is left, except in cash where the
/// difference is change; a draft, a credit note, a cancelled or paid invoice.
pub fn record_payment(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    invoice: InvoiceId,
    input: &PaymentInput,
    locale: Locale,
) -> Result<Receipt> {
    let today = today(now_ms);
    let s = summary(tx, invoice, &today)?;
    let number = s.number.clone().ok_or(InvoiceError::Draft)?;
    if s.kind == InvoiceKind::CreditNote {
        return Err(Invalid::new(Field::Invoice, Problem::NotAllowed).into());
    }
    if s.status == InvoiceStatus::Cancelled {
        return Err(InvoiceError::Cancelled { number }.into());
    }
    let parsed = parse(input, &today, locale)?;
    let due = s.balance;
    if due <= Money::ZERO {
        return Err(Invalid::new(Field::Amount, Problem::MoreThanDue { max: Money::ZERO }).into());
    }
    let payment = write(
        tx,
        now_ms,
        actor,
        Target {
            invoice: Some(invoice),
            order: None,
            customer: s.customer_id.to_string(),
        },
        parsed,
        due,
    )?;
    Ok(Receipt {
        payment,
        invoice: get(tx, invoice, &today)?,
    })
}

/// Records a deposit (acompte) on an order before its invoice; the invoice
/// deducts it. At most what the order's approved work comes to, less the
/// deposits already paid. Refused once the order is invoiced or cancelled.
pub fn record_deposit(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    input: &PaymentInput,
    locale: Locale,
) -> Result<Payment> {
    let o = orders::editable(tx, order)?;
    let today = today(now_ms);
    let parsed = parse(input, &today, locale)?;
    let gross = orders::page::order_totals(tx, order)?.gross;
    let due = gross
        .checked_sub(deposits(tx, order)?)
        .unwrap_or(Money::ZERO);
    if due <= Money::ZERO {
        return Err(Invalid::new(Field::Amount, Problem::MoreThanDue { max: Money::ZERO }).into());
    }
    write(
        tx,
        now_ms,
        actor,
        Target {
            invoice: None,
            order: Some(order),
            customer: o.customer_id.to_string(),
        },
        parsed,
        due,
    )
}

/// Undoes a payment with a reversal entry of the opposite amount. Refused
/// for a reversal, a payment already reversed, and a deposit whose order is
/// invoiced (its invoice deducted it; a credit note corrects that).
pub fn reverse_payment(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    payment: PaymentId,
    reason: Option<&str>,
) -> Result<Payment> {
    let p = get_payment(tx, payment)?;
    if p.reverses_id.is_some() || p.reversed {
        return Err(InvoiceError::PaymentReversed.into());
    }
    if let (None, Some(order)) = (p.invoice_id, p.order_id) {
        orders::editable(tx, order)?;
    }
    let reason = clean(reason);
    max_len(Field::Reason, reason.as_deref(), 500)?;
    let id = PaymentId::new();
    let station = crate::device::station(tx)?;
    let today = today(now_ms);
    crate::till::ensure_open(tx, &today)?;
    let amount = p
        .amount
        .checked_neg()
        .ok_or(Error::Corrupt("payments.amount"))?;
    let customer: String = tx
        .prepare_cached("SELECT customer_id FROM payments WHERE id = ?1")?
        .query_row([payment.to_string()], |r| r.get(0))?;
    let payload = json!({
        "invoice_id": p.invoice_id.map(|i| i.to_string()),
        "order_id": p.order_id.map(|o| o.to_string()), "customer_id": customer,
        "method": p.method.as_str(), "amount_cents": amount.cents(), "paid_on": today,
        "reverses_id": p.id.to_string(), "reason": reason, "station": station, "user_name": actor.name,
        "user_id": actor.user.map(|u| u.to_string()),
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO payments (id, invoice_id, order_id, customer_id, method, amount_cents,
                               change_cents, paid_on, reverses_id, reason, station, user_id,
                               user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        id.to_string(),
        p.invoice_id.map(|i| i.to_string()),
        p.order_id.map(|o| o.to_string()),
        customer,
        p.method.as_str(),
        amount.cents(),
        today,
        p.id.to_string(),
        reason,
        station,
        actor.user.map(|u| u.to_string()),
        actor.name,
        hlc.as_i64(),
    ])?;
    get_payment(tx, id)
}

/// The payments and reversals of an invoice, oldest first.
pub fn of_invoice(conn: &Connection, invoice: InvoiceId) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.invoice_id = ?1 ORDER BY p.created_at"
    ))?;
    stmt.query_map([invoice.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// The deposits paid on an order and not yet taken by an invoice, oldest first.
pub fn deposits_of_order(conn: &Connection, order: OrderId) -> Result<Vec<Payment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.order_id = ?1 AND p.invoice_id IS NULL ORDER BY p.created_at"
    ))?;
    stmt.query_map([order.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// What the deposits on an order come to, reversals deducted.
pub fn deposits(conn: &Connection, order: OrderId) -> Result<Money> {
    let cents: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM payments
              WHERE order_id = ?1 AND invoice_id IS NULL",
        )?
        .query_row([order.to_string()], |r| r.get(0))?;
    Ok(Money::from_cents(cents))
}

/// This workstation's name on the payments it takes: its series prefix,
/// else its device id.
struct Parsed {
    method: PaymentMethod,
    amount: Money,
    paid_on: String,
    reference: Option<String>,
}

struct Target {
    invoice: Option<InvoiceId>,
    order: Option<OrderId>,
    customer: String,
}

fn parse(input: &PaymentInput, today: &str, locale: Locale) -> Result<Parsed, Invalid> {
    let method = clean(input.method.as_deref())
        .ok_or(Invalid::new(Field::PaymentMethod, Problem::Required))?;
    let method = PaymentMethod::parse(&method)
        .ok_or(Invalid::new(Field::PaymentMethod, Problem::NotAllowed))?;
    let amount =
        clean(input.amount.as_deref()).ok_or(Invalid::new(Field::Amount, Problem::Required))?;
    let amount =
        Money::parse(&amount, locale).map_err(|_| Invalid::new(Field::Amount, Problem::Amount))?;
    if amount <= Money::ZERO {
        return Err(Invalid::new(Field::Amount, Problem::NotPositive));
    }
    let paid_on = match clean(input.paid_on.as_deref()) {
        None => today.to_owned(),
        Some(d) => parse_date(&d).ok_or(Invalid::new(Field::PaidOn, Problem::Date))?,
    };
    if paid_on.as_str() > today {
        return Err(Invalid::new(Field::PaidOn, Problem::FutureDate));
    }
    let reference = clean(input.reference.as_deref());
    max_len(Field::Reference, reference.as_deref(), REFERENCE_MAX)?;
    Ok(Parsed {
        method,
        amount,
        paid_on,
        reference,
    })
}

fn write(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    target: Target,
    p: Parsed,
    due: Money,
) -> Result<Payment> {
    let (amount, tendered, change) = if p.amount <= due {
        (p.amount, None, Money::ZERO)
    } else if p.method == PaymentMethod::Cash {
        let change = p.amount.checked_sub(due).unwrap_or(Money::ZERO);
        (due, Some(p.amount), change)
    } else {
        return Err(Invalid::new(Field::Amount, Problem::MoreThanDue { max: due }).into());
    };
    crate::till::ensure_open(tx, &p.paid_on)?;
    let id = PaymentId::new();
    let station = crate::device::station(tx)?;
    let payload = json!({
        "invoice_id": target.invoice.map(|i| i.to_string()),
        "order_id": target.order.map(|o| o.to_string()), "customer_id": target.customer,
        "method": p.method.as_str(), "amount_cents": amount.cents(),
        "tendered_cents": tendered.map(Money::cents), "change_cents": change.cents(),
        "paid_on": p.paid_on, "reference": p.reference, "station": station,
        "user_name": actor.name, "user_id": actor.user.map(|u| u.to_string()),
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO payments (id, invoice_id, order_id, customer_id, method, amount_cents,
                               tendered_cents, change_cents, paid_on, reference, station,
                               user_id, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id.to_string(),
        target.invoice.map(|i| i.to_string()),
        target.order.map(|o| o.to_string()),
        target.customer,
        p.method.as_str(),
        amount.cents(),
        tendered.map(Money::cents),
        change.cents(),
        p.paid_on,
        p.reference,
        station,
        actor.user.map(|u| u.to_string()),
        actor.name,
        hlc.as_i64(),
    ])?;
    get_payment(tx, id)
}

const SELECT: &str = "SELECT p.id, p.invoice_id, p.order_id, p.method, p.amount_cents,
        p.tendered_cents, p.change_cents, p.paid_on, p.reference, p.reverses_id,
        EXISTS (SELECT 1 FROM payments r WHERE r.reverses_id = p.id), p.reason, p.station,
        p.user_name
   FROM payments p";

fn get_payment(conn: &Connection, id: PaymentId) -> Result<Payment> {
    conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "payment",
            id: id.to_string(),
        })?
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Payment>> {
    let invoice: Option<String> = r.get(1)?;
    let order: Option<String> = r.get(2)?;
    let method: String = r.get(3)?;
    let tendered: Option<i64> = r.get(5)?;
    let (id, reverses): (String, Option<String>) = (r.get(0)?, r.get(9)?);
    let (amount, change, paid_on, reference, reversed, reason, station, user_name) = (
        r.get(4)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
    );
    let build = || -> Result<Payment> {
        Ok(Payment {
            id: parse_id(&id, "payments.id")?,
            invoice_id: invoice
                .map(|i| parse_id(&i, "payments.invoice_id"))
                .transpose()?,
            order_id: order
                .map(|o| parse_id(&o, "payments.order_id"))
                .transpose()?,
            method: PaymentMethod::parse(&method).ok_or(Error::Corrupt("payments.method"))?,
            amount: Money::from_cents(amount),
            tendered: tendered.map(Money::from_cents),
            change: Money::from_cents(change),
            paid_on,
            reference,
            reverses_id: reverses
                .map(|p| parse_id(&p, "payments.reverses_id"))
                .transpose()?,
            reversed,
            reason,
            station,
            user_name,
        })
    };
    Ok(build())
}

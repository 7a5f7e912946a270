//! Answers about invoices and the till, from what the invoices screen and
//! the cash summary read: the unpaid invoices (older than so many days, of
//! one customer), an invoice found by its number, its customer or its
//! date, and the takings of a day by means of payment.

use std::collections::BTreeMap;

use atelier_domain::Money;

use super::context::{Cx, Reply};
use super::links::{self, Screen};
use super::orders::age;
use super::resolve::{self, Document};
use crate::invoices::payments::PaymentMethod;
use crate::invoices::reports::{
    InvoiceQuery, LIST_MAX, cash_summary, list, unpaid as unpaid_invoices,
};
use crate::invoices::{self, InvoiceSummary};
use crate::planning::time::add_days;

/// One invoice as a line: its number, customer, day, amount and where it
/// stands; linked to its page.
fn with_invoice(cx: &Cx<'_>, answer: super::Answer, i: &InvoiceSummary) -> super::Answer {
    let number = i.number.clone().unwrap_or_else(|| cx.w.draft.to_owned());
    let mut text = format!("{number} · {}", i.customer_name);
    if let Some(day) = i.issued_on.as_deref() {
        text.push_str(&format!(" · {}", cx.date(day)));
    }
    text.push_str(&format!(
        " · {}",
        (cx.w.invoice_state)(
            i.status,
            &cx.money(i.gross),
            &cx.money(i.balance),
            i.days_overdue
        )
    ));
    answer.line(text, Some(links::invoice(i.id, &number)))
}

/// The invoices with money left: older than the days said (from their
/// issue), of the customer named.
pub(super) fn unpaid(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let customer = match s.customer.as_deref() {
        Some(name) => Some(resolve::customer_named(cx, name)?),
        None => None,
    };
    let all = unpaid_invoices(cx.conn, customer.as_ref().map(|c| c.id), cx.today())?;
    let older = |i: &&InvoiceSummary| {
        s.days.is_none_or(|d| {
            i.issued_on
                .as_deref()
                .is_some_and(|day| age(cx, day) > i64::from(d))
        })
    };
    let found: Vec<&InvoiceSummary> = all.invoices.iter().filter(older).collect();
    let total = Money::checked_sum(found.iter().map(|i| i.balance)).unwrap_or_default();
    let whom = customer.as_ref().map(|c| c.display_name.as_str());
    let mut answer = cx.answered((cx.w.unpaid)(found.len(), s.days, whom, &cx.money(total)));
    for i in found {
        answer = with_invoice(cx, answer, i);
    }
    Ok(answer.link(links::screen(Screen::Invoices, cx.w.invoices_screen)))
}

/// An invoice by its number (or the invoice of the order numbered), or the
/// invoices of a customer, of a day or period.
pub(super) fn find_invoice(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    if let Some(number) = s.number.as_deref() {
        let id = match resolve::document(cx, number)? {
            Document::Invoice(id) => id,
            Document::Order(order) => invoices::of_order(cx.conn, order)?
                .ok_or_else(|| cx.invalid((cx.w.not_invoiced)(number)))?,
        };
        let i = invoices::summary(cx.conn, id, cx.today())?;
        let answer = cx.answered((cx.w.invoice_found)(i.number.as_deref().unwrap_or(number)));
        return Ok(with_invoice(cx, answer, &i));
    }
    let customer = match s.customer.as_deref() {
        Some(name) => Some(resolve::customer_named(cx, name)?),
        None => None,
    };
    let period = cx.period();
    if customer.is_none() && period.is_none() {
        return Err(cx.invalid(cx.w.which_invoice.to_owned()));
    }
    let query = InvoiceQuery {
        customer_id: customer.as_ref().map(|c| c.id.to_string()),
        limit: Some(LIST_MAX),
        ..InvoiceQuery::default()
    };
    let found: Vec<InvoiceSummary> = list(cx.conn, &query, cx.today())?
        .into_iter()
        .filter(|i| {
            period.is_none_or(|(from, to)| {
                i.issued_on.as_deref().is_some_and(|d| d >= from && d <= to)
            })
        })
        .collect();
    let whom = match (&customer, period) {
        (Some(c), _) => c.display_name.clone(),
        (None, Some((from, to))) => cx.span(from, to),
        (None, None) => String::new(),
    };
    let mut answer = cx.answered((cx.w.invoices)(found.len(), &whom));
    for i in found.iter().take(20) {
        answer = with_invoice(cx, answer, i);
    }
    if let Some(c) = &customer {
        answer = answer.link(links::customer(c.id, &c.display_name));
    }
    Ok(answer.link(links::screen(Screen::Invoices, cx.w.invoices_screen)))
}

/// The takings of the day said (or of each day of the period), by means of
/// payment, as the till's summary counts them.
pub(super) fn cash(cx: &Cx<'_>) -> Reply {
    let (from, to) = cx.period().unwrap_or((cx.today(), cx.today()));
    let mut methods: BTreeMap<PaymentMethod, (u32, i64)> = BTreeMap::new();
    let mut total = 0_i64;
    let mut day = from.to_owned();
    for _ in 0..31 {
        if day.as_str() > to {
            break;
        }
        let summary = cash_summary(cx.conn, &day)?;
        total = total.saturating_add(summary.total.cents());
        for m in summary.methods.iter().filter(|m| m.count > 0) {
            let e = methods.entry(m.method).or_default();
            e.0 += m.count;
            e.1 = e.1.saturating_add(m.total.cents());
        }
        let Some(next) = add_days(&day, 1) else { break };
        day = next;
    }
    let mut answer = cx.answered((cx.w.cash)(
        &cx.money(Money::from_cents(total)),
        &cx.span(from, to),
    ));
    for (method, (count, cents)) in methods {
        let text = (cx.w.method_total)(
            method.label(cx.locale()),
            &cx.money(Money::from_cents(cents)),
            count,
        );
        answer = answer.line(text, Some(links::screen(Screen::Till, cx.w.till_screen)));
    }
    Ok(answer.link(links::screen(Screen::Till, cx.w.till_screen)))
}

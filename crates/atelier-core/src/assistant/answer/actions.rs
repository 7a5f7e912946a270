//! Actions, prepared and never done: the dialog to open and its fields
//! (docs on [`Prepared`]), filled from what the question named — the
//! customer and vehicle found as for any answer (asked back when several
//! match), the day and time (with whether the slot is free), the kind of
//! work, the invoice and the amount. The person confirms in the dialog;
//! nothing is written here.

use std::collections::BTreeMap;

use atelier_domain::Money;

use super::ask::{self, Naming};
use super::context::{Cx, Reply, Stop};
use super::links;
use super::orders::car_of;
use super::resolve::{self, CHOICES, Document, Need, Subject};
use super::{Answer, AnswerKind, Choice, Prepared};
use crate::access::Action;
use crate::assistant::Intent;
use crate::invoices::{self, InvoiceSummary};
use crate::planning::next_free_slot;

/// A booking's length when none is said.
const BOOKING_MINUTES: u32 = 60;

/// The prepared answer of the understood action.
fn prepared(cx: &Cx<'_>, text: String, fields: BTreeMap<String, String>) -> Answer {
    let mut answer = cx.say(AnswerKind::Prepared, text);
    answer.prepared = Some(Prepared {
        action: cx.understood.intent.as_str().to_owned(),
        fields,
    });
    answer
}

fn put(fields: &mut BTreeMap<String, String>, name: &str, value: impl Into<String>) {
    fields.insert(name.to_owned(), value.into());
}

/// The customer's and vehicle's fields, and how to name them in a sentence.
fn with_subject(
    cx: &Cx<'_>,
    fields: &mut BTreeMap<String, String>,
    subject: &Subject,
) -> Option<String> {
    if let Some(c) = &subject.customer {
        put(fields, "customer_id", c.id.to_string());
        put(fields, "customer_label", c.display_name.clone());
    }
    if let Some(v) = &subject.vehicle {
        put(fields, "vehicle_id", v.id.to_string());
        put(fields, "vehicle_label", car_of(v));
        if !fields.contains_key("customer_id") && cx.may(Action::ReadCustomers) {
            put(fields, "customer_id", v.customer_id.to_string());
            put(fields, "customer_label", v.owner_name.clone());
        }
    }
    match (fields.get("customer_label"), fields.get("vehicle_label")) {
        (Some(c), Some(v)) => Some(format!("{c} ({v})")),
        (Some(c), None) => Some(c.clone()),
        (None, Some(v)) => Some(v.clone()),
        (None, None) => None,
    }
}

fn with_work(cx: &Cx<'_>, fields: &mut BTreeMap<String, String>) {
    if let Some(work) = cx.slots().work.as_deref() {
        put(fields, "work", (cx.w.work_label)(work));
    }
}

/// The subject of an action: the customer's vehicle named or chosen; no
/// one when the question names no one (the dialog asks).
fn subject(cx: &Cx<'_>) -> Result<Subject, Stop> {
    resolve::subject(cx, Need::Vehicle)
}

/// « prends un rendez-vous jeudi 14 h pour M. Martin, vidange »: the
/// booking dialog, filled, with whether the slot is free.
pub(super) fn book(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let subject = subject(cx)?;
    let mut fields = BTreeMap::new();
    let who = with_subject(cx, &mut fields, &subject);
    let day = cx.period().map(|(from, _)| from);
    if let Some(day) = day {
        put(&mut fields, "day", day);
    }
    if let Some(time) = s.time.as_deref() {
        put(&mut fields, "time", time);
    }
    let minutes = s.duration.filter(|d| *d > 0);
    if let Some(m) = minutes {
        put(&mut fields, "duration", m.to_string());
    }
    with_work(cx, &mut fields);
    let slot = match (day, s.time.as_deref()) {
        (Some(day), Some(time)) => {
            let at = format!("{day}T{time}");
            let free =
                next_free_slot(cx.conn, &at, minutes.unwrap_or(BOOKING_MINUTES), None, None)?;
            Some(match free {
                Some(f) if f.start_at == at => {
                    put(&mut fields, "bay_id", f.bay_id.to_string());
                    (cx.w.slot_free)(&f.bay_name)
                }
                Some(f) => (cx.w.slot_taken)(&cx.moment(&f.start_at)),
                None => cx.w.no_slot.to_owned(),
            })
        }
        _ => None,
    };
    let when = match (day, s.time.as_deref()) {
        (Some(d), Some(t)) => Some((cx.w.at_time)(&cx.date(d), t)),
        (Some(d), None) => Some(cx.date(d)),
        _ => None,
    };
    let text = (cx.w.booking)(who.as_deref(), when.as_deref(), slot.as_deref());
    Ok(prepared(cx, text, fields))
}

/// A new estimate for the customer's vehicle.
pub(super) fn estimate(cx: &Cx<'_>) -> Reply {
    let subject = subject(cx)?;
    let mut fields = BTreeMap::new();
    let who = with_subject(cx, &mut fields, &subject);
    with_work(cx, &mut fields);
    Ok(prepared(cx, (cx.w.new_estimate)(who.as_deref()), fields))
}

/// A service reminder to send to the customer of the vehicle.
pub(super) fn reminder(cx: &Cx<'_>) -> Reply {
    let subject = subject(cx)?;
    let mut fields = BTreeMap::new();
    let who = with_subject(cx, &mut fields, &subject);
    with_work(cx, &mut fields);
    Ok(prepared(cx, (cx.w.send_reminder)(who.as_deref()), fields))
}

/// « Jean-Pierre Le Gall » from « jean-pierre le gall ».
fn capitalised(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// A new customer's card, with the customers already known by that name
/// or phone listed, so that no one is entered twice.
pub(super) fn customer(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let mut fields = BTreeMap::new();
    if let Some(name) = s.customer.as_deref() {
        put(&mut fields, "name", capitalised(name));
    }
    if let Some(phone) = s.phone.as_deref() {
        put(&mut fields, "phone", phone);
    }
    if let Some(email) = s.email.as_deref() {
        put(&mut fields, "email", email);
    }
    let mut known = Vec::new();
    if cx.may(Action::ReadCustomers) {
        for said in [
            s.phone.as_deref(),
            s.email.as_deref(),
            s.customer.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            if let Ok(c) = resolve::customer_named(cx, said) {
                known.push(c);
                break;
            }
        }
    }
    let name = fields.get("name").cloned();
    let mut answer = prepared(
        cx,
        (cx.w.new_customer)(name.as_deref(), known.len()),
        fields,
    );
    for c in &known {
        answer = answer.line(
            c.display_name.clone(),
            Some(links::customer(c.id, &c.display_name)),
        );
    }
    Ok(answer)
}

/// `150.00`: euros with two decimals, as the payment dialog reads them.
fn euros(m: Money) -> String {
    let c = m.cents();
    format!(
        "{}{}.{:02}",
        if c < 0 { "-" } else { "" },
        c.unsigned_abs() / 100,
        c.unsigned_abs() % 100
    )
}

/// A payment on an invoice: the one numbered, or the customer's only
/// invoice left to pay (asked back when they have several), for the
/// amount said or what is left.
pub(super) fn payment(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let invoice: InvoiceSummary = if let Some(number) = s.number.as_deref() {
        let id = match resolve::document(cx, number)? {
            Document::Invoice(id) => id,
            Document::Order(order) => invoices::of_order(cx.conn, order)?
                .ok_or_else(|| cx.invalid((cx.w.not_invoiced)(number)))?,
        };
        invoices::summary(cx.conn, id, cx.today())?
    } else if let Some(name) = s.customer.as_deref() {
        let c = resolve::customer_named(cx, name)?;
        let mut open = invoices::reports::unpaid(cx.conn, Some(c.id), cx.today())?.invoices;
        match open.len() {
            0 => return Ok(cx.answered((cx.w.nothing_to_pay)(&c.display_name))),
            1 => open.remove(0),
            _ => return Err(invoice_choices(cx, &open).into()),
        }
    } else {
        return Err(cx.invalid(cx.w.which_invoice.to_owned()));
    };
    let number = invoice.number.clone().unwrap_or_default();
    if invoice.balance.cents() <= 0 {
        return Ok(cx.answered((cx.w.already_paid)(&number)));
    }
    let amount = s.amount.clone().unwrap_or_else(|| euros(invoice.balance));
    let mut fields = BTreeMap::new();
    put(&mut fields, "invoice_id", invoice.id.to_string());
    put(&mut fields, "invoice_number", number.clone());
    put(&mut fields, "customer_id", invoice.customer_id.to_string());
    put(&mut fields, "customer_label", invoice.customer_name.clone());
    put(&mut fields, "amount", amount.clone());
    let shown = Money::parse(&amount, atelier_domain::Locale::En).map_or(amount, |m| cx.money(m));
    let text = (cx.w.payment)(
        &shown,
        &number,
        &invoice.customer_name,
        &cx.money(invoice.balance),
    );
    let answer = prepared(cx, text, fields);
    Ok(answer.link(links::invoice(invoice.id, &number)))
}

/// « Which invoice? », each asked by its number.
fn invoice_choices(cx: &Cx<'_>, open: &[InvoiceSummary]) -> Answer {
    let mut answer = cx.say(AnswerKind::Ambiguous, (cx.w.which_invoice_of)(open.len()));
    for i in open.iter().take(CHOICES) {
        let Some(number) = i.number.as_deref() else {
            continue;
        };
        let day = i
            .issued_on
            .as_deref()
            .map(|d| cx.date(d))
            .unwrap_or_default();
        answer.choices.push(Choice {
            label: format!(
                "{number} · {day} · {}",
                (cx.w.left_to_pay)(&cx.money(i.balance))
            ),
            ask: ask::question(cx, &Naming::Number(number)),
        });
    }
    debug_assert_eq!(cx.understood.intent, Intent::RecordPayment);
    answer
}

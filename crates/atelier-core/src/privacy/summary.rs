//! The readable summary of a customer's export: an A4 PDF headed by the
//! workshop, laid out from the export document itself ([`super::export`])
//! so the two always say the same. Each kind of record is a table of what
//! a person looks for; the JSON file holds every column.

use atelier_domain::{Locale, Money};
use atelier_pdf::{Align, Block, Column, Document, Party, Table};
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::words::{Words, words};
use crate::orders::OrderStatus;
use crate::text::{format_date, rfc3339_now};
use crate::{Error, Result, invoices, workshop};

/// The summary of `doc` (an export of [`super::export::document`]) as PDF
/// bytes, in `locale`.
pub fn pdf(conn: &Connection, doc: &Value, locale: Locale) -> Result<Vec<u8>> {
    Ok(atelier_pdf::render(&document(conn, doc, locale)?)?)
}

fn document(conn: &Connection, doc: &Value, locale: Locale) -> Result<Document> {
    let w = words(locale);
    let customer = doc
        .get("customer")
        .and_then(Value::as_object)
        .ok_or(Error::Corrupt("export"))?;
    let name = text(customer, "display_name");
    let mut paper = workshop::paper(conn, w.title.to_owned(), locale)?;
    paper.meta = vec![
        (
            w.exported_on.to_owned(),
            day(doc.get("exported_at"), locale),
        ),
        (w.customer_no.to_owned(), text(customer, "id")),
    ];
    paper.recipient = Some(Party {
        name: name.clone(),
        lines: [
            text(customer, "address_line1"),
            text(customer, "address_line2"),
            [text(customer, "postal_code"), text(customer, "city")]
                .join(" ")
                .trim()
                .to_owned(),
        ]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect(),
    });
    let records = doc.get("records").and_then(Value::as_object);
    let rows = |table: &str| -> Vec<&Map<String, Value>> {
        records
            .and_then(|r| r.get(table))
            .and_then(Value::as_array)
            .map(|rows| rows.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default()
    };
    let mut blocks = vec![
        Block::Paragraph(w.notice.to_owned()),
        Block::Paragraph(w.json_holds_all.to_owned()),
        Block::Heading(w.identity.to_owned()),
        Block::Fields(identity(customer, locale)),
    ];
    let consent = doc
        .get("consent_history")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    section(
        &mut blocks,
        w.consent_heading,
        &[(w.date, 1.0), (w.consent, 1.0), (w.recorded_by, 1.5)],
        consent
            .iter()
            .filter_map(Value::as_object)
            .map(|c| {
                vec![
                    day(c.get("at"), locale),
                    yes_no(c.get("consent"), w),
                    text(c, "by"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.vehicles,
        &[(w.registration, 1.0), (w.vehicle, 1.6), ("VIN", 1.6)],
        rows("vehicles")
            .iter()
            .map(|v| {
                vec![
                    text(v, "plate"),
                    [text(v, "make"), text(v, "model")]
                        .join(" ")
                        .trim()
                        .to_owned(),
                    text(v, "vin"),
                ]
            })
            .collect(),
    );
    let orders = rows("orders");
    let number_of = |order_id: &str| {
        orders
            .iter()
            .find(|o| text(o, "id") == order_id)
            .map(|o| order_number(o))
            .unwrap_or_default()
    };
    section(
        &mut blocks,
        w.orders,
        &[
            (w.number, 1.0),
            (w.created, 0.8),
            (w.status, 0.9),
            (w.request, 2.0),
        ],
        orders
            .iter()
            .map(|o| {
                vec![
                    order_number(o),
                    day_ms(o.get("created_at"), locale),
                    OrderStatus::parse(&text(o, "status"))
                        .map(|s| s.label(locale).to_owned())
                        .unwrap_or_default(),
                    text(o, "complaint"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.order_lines,
        &[(w.number, 1.0), (w.description, 3.0)],
        rows("order_lines")
            .iter()
            .filter(|l| l.get("deleted_at").is_none_or(Value::is_null))
            .map(|l| vec![number_of(&text(l, "order_id")), text(l, "description")])
            .collect(),
    );
    section(
        &mut blocks,
        w.signatures,
        &[(w.number, 1.0), (w.signed_by, 1.5), (w.signed_on, 1.0)],
        rows("order_approvals")
            .iter()
            .map(|a| {
                vec![
                    number_of(&text(a, "order_id")),
                    text(a, "signer_name"),
                    day(a.get("accepted_on"), locale),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.invoices,
        &[
            (w.number, 1.2),
            (w.kind, 0.8),
            (w.issued, 0.9),
            (w.total_incl_vat, 1.0),
        ],
        rows("invoices")
            .iter()
            .map(|i| {
                let issued = text(i, "status") == "issued";
                vec![
                    if issued {
                        text(i, "number")
                    } else {
                        w.draft.to_owned()
                    },
                    if text(i, "kind") == "credit_note" {
                        w.credit_note.to_owned()
                    } else {
                        w.invoice.to_owned()
                    },
                    day(i.get("issued_on"), locale),
                    money(i.get("gross_cents"), locale),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.payments,
        &[
            (w.date, 1.0),
            (w.method, 1.0),
            (w.amount, 1.0),
            (w.reference, 1.4),
        ],
        rows("payments")
            .iter()
            .map(|p| {
                vec![
                    day(p.get("paid_on"), locale),
                    invoices::PaymentMethod::parse(&text(p, "method"))
                        .map(|m| m.label(locale).to_owned())
                        .unwrap_or_default(),
                    money(p.get("amount_cents"), locale),
                    text(p, "reference"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.appointments,
        &[(w.start, 1.0), (w.status, 0.8), (w.work, 2.2)],
        rows("appointments")
            .iter()
            .map(|a| {
                vec![
                    text(a, "start_at").replace('T', " "),
                    text(a, "status"),
                    text(a, "work"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.messages,
        &[
            (w.date, 0.8),
            (w.channel, 0.6),
            (w.recipient, 1.2),
            (w.text, 2.6),
        ],
        rows("messages")
            .iter()
            .map(|m| {
                vec![
                    day_ms(m.get("queued_at_ms"), locale),
                    text(m, "channel"),
                    text(m, "recipient"),
                    [text(m, "subject"), text(m, "body")]
                        .join("\n")
                        .trim()
                        .to_owned(),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.withdrawals,
        &[(w.date, 0.8), (w.channel, 0.6), (w.source, 1.4)],
        rows("consent_withdrawals")
            .iter()
            .map(|r| {
                let how = match text(r, "source").as_str() {
                    "link" => w.sources[0],
                    "sms_stop" => w.sources[1],
                    _ => w.sources[2],
                };
                vec![
                    day(r.get("withdrawn_on"), locale),
                    text(r, "channel"),
                    how.to_owned(),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.ratings,
        &[(w.date, 0.8), (w.score, 0.5), (w.comment, 2.7)],
        rows("ratings")
            .iter()
            .map(|r| {
                vec![
                    day_ms(r.get("rated_at_ms"), locale),
                    format!("{}/5", text(r, "score")),
                    text(r, "comment"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        w.reminders,
        &[(w.last_done_on, 1.0), (w.mileage, 1.0)],
        rows("vehicle_reminders")
            .iter()
            .map(|r| vec![day(r.get("last_done_on"), locale), text(r, "last_done_km")])
            .collect(),
    );
    let audit = rows("audit_log");
    section(
        &mut blocks,
        w.audit,
        &[(w.date, 0.9), (w.by, 1.0), (w.record, 1.0), (w.fields, 2.2)],
        audit
            .iter()
            .map(|e| {
                let fields = e
                    .get("changes")
                    .and_then(Value::as_object)
                    .map(|c| c.keys().cloned().collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                vec![
                    day_ms(e.get("at_ms"), locale),
                    text(e, "user_name"),
                    format!("{} ({})", text(e, "entity"), text(e, "kind")),
                    fields,
                ]
            })
            .collect(),
    );
    blocks.push(Block::Heading(w.law_keeps.to_owned()));
    blocks.push(Block::Paragraph(w.kept_by_law.to_owned()));
    paper.blocks = blocks;
    Ok(paper)
}

/// A heading and its table, or a line saying there is none.
fn section(
    blocks: &mut Vec<Block>,
    heading: &str,
    columns: &[(&str, f32)],
    rows: Vec<Vec<String>>,
) {
    blocks.push(Block::Heading(heading.to_owned()));
    if rows.is_empty() {
        blocks.push(Block::Paragraph("—".to_owned()));
        return;
    }
    blocks.push(Block::Table(Table {
        columns: columns
            .iter()
            .map(|(header, width)| Column {
                header: (*header).to_owned(),
                width: *width,
                align: Align::Left,
            })
            .collect(),
        rows,
    }));
}

fn identity(c: &Map<String, Value>, locale: Locale) -> Vec<(String, String)> {
    let w = words(locale);
    let mut out = vec![(w.name.to_owned(), text(c, "display_name"))];
    for (label, field) in [
        (w.phone.to_owned(), "phone_display"),
        (w.other_phone.to_owned(), "phone_alt_display"),
        (w.email.to_owned(), "email"),
        ("SIRET / SIREN".to_owned(), "registration_display"),
        (w.vat_number.to_owned(), "vat_number"),
        (w.notes.to_owned(), "notes"),
    ] {
        let v = text(c, field);
        if !v.is_empty() {
            out.push((label, v));
        }
    }
    out.push((
        w.language.to_owned(),
        match text(c, "language").as_str() {
            "en" => w.english.to_owned(),
            _ => w.french.to_owned(),
        },
    ));
    out.push((
        w.marketing.to_owned(),
        yes_no(c.get("marketing_consent"), w),
    ));
    out.push((
        w.customer_since.to_owned(),
        day(c.get("created_at"), locale),
    ));
    out
}

fn order_number(o: &Map<String, Value>) -> String {
    let number = text(o, "order_number");
    if number.is_empty() {
        text(o, "estimate_number")
    } else {
        number
    }
}

/// A field as text: a string as is, a number written out, nothing for null.
fn text(row: &Map<String, Value>, field: &str) -> String {
    match row.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// A date (`YYYY-MM-DD`, or the start of an RFC 3339 timestamp) as people
/// write it.
fn day(v: Option<&Value>, locale: Locale) -> String {
    v.and_then(Value::as_str)
        .and_then(|s| s.get(..10))
        .map(|d| format_date(d, locale))
        .unwrap_or_default()
}

/// A time in Unix milliseconds (or an HLC, whose high bits are them) as a day.
fn day_ms(v: Option<&Value>, locale: Locale) -> String {
    let Some(n) = v.and_then(Value::as_i64) else {
        return String::new();
    };
    // An HLC keeps the wall clock's milliseconds above 16 bits of counter.
    let ms = if n > 1 << 50 { n >> 16 } else { n };
    day(Some(&Value::String(rfc3339_now(ms.unsigned_abs()))), locale)
}

fn money(v: Option<&Value>, locale: Locale) -> String {
    v.and_then(Value::as_i64)
        .map(|c| Money::from_cents(c).format(locale))
        .unwrap_or_default()
}

fn yes_no(v: Option<&Value>, w: &Words) -> String {
    match v {
        Some(Value::Bool(true)) | Some(Value::Number(_))
            if v.and_then(Value::as_i64) != Some(0) =>
        {
            w.yes.to_owned()
        }
        Some(Value::Bool(_) | Value::Number(_)) => w.no.to_owned(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

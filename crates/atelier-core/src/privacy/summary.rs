//! The readable summary of a customer's export: an A4 PDF headed by the
//! workshop, laid out from the export document itself ([`super::export`])
//! so the two always say the same. Each kind of record is a table of what
//! a person looks for; the JSON file holds every column.

use atelier_domain::{Locale, Money};
use atelier_pdf::{Align, Block, Column, Document, Party, Table};
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::export::{kept_by_law, notice};
use crate::orders::OrderStatus;
use crate::text::{format_date, rfc3339_now, t};
use crate::{Error, Result, invoices, workshop};

/// The summary of `doc` (an export of [`super::export::document`]) as PDF
/// bytes, in `locale`.
pub fn pdf(conn: &Connection, doc: &Value, locale: Locale) -> Result<Vec<u8>> {
    Ok(atelier_pdf::render(&document(conn, doc, locale)?)?)
}

fn document(conn: &Connection, doc: &Value, locale: Locale) -> Result<Document> {
    let fr = locale == Locale::Fr;
    let customer = doc
        .get("customer")
        .and_then(Value::as_object)
        .ok_or(Error::Corrupt("export"))?;
    let name = text(customer, "display_name");
    let title = t(fr, "Données personnelles", "Personal data");
    let mut paper = workshop::paper(conn, title, locale)?;
    paper.meta = vec![
        (
            t(fr, "Exporté le", "Exported on"),
            day(doc.get("exported_at"), locale),
        ),
        (t(fr, "N° client", "Customer no."), text(customer, "id")),
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
        Block::Paragraph(notice(locale).to_owned()),
        Block::Paragraph(t(
            fr,
            "Le fichier JSON remis avec ce document contient chaque donnée, colonne par colonne.",
            "The JSON file handed over with this document holds every piece of data, column by column.",
        )),
        Block::Heading(t(fr, "Identité et coordonnées", "Identity and contact")),
        Block::Fields(identity(customer, locale)),
    ];
    let consent = doc
        .get("consent_history")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    section(
        &mut blocks,
        t(fr, "Consentement aux messages", "Consent to messages"),
        &[
            (t(fr, "Date", "Date"), 1.0),
            (t(fr, "Consentement", "Consent"), 1.0),
            (t(fr, "Enregistré par", "Recorded by"), 1.5),
        ],
        consent
            .iter()
            .filter_map(Value::as_object)
            .map(|c| {
                vec![
                    day(c.get("at"), locale),
                    yes_no(c.get("consent"), fr),
                    text(c, "by"),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        t(fr, "Véhicules", "Vehicles"),
        &[
            (t(fr, "Immatriculation", "Registration"), 1.0),
            (t(fr, "Véhicule", "Vehicle"), 1.6),
            ("VIN".to_owned(), 1.6),
        ],
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
        t(
            fr,
            "Devis et ordres de réparation",
            "Estimates and repair orders",
        ),
        &[
            (t(fr, "Numéro", "Number"), 1.0),
            (t(fr, "Créé le", "Created"), 0.8),
            (t(fr, "État", "Status"), 0.9),
            (t(fr, "Demande", "Request"), 2.0),
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
        t(
            fr,
            "Lignes des devis et ordres",
            "Lines of the estimates and orders",
        ),
        &[
            (t(fr, "Numéro", "Number"), 1.0),
            (t(fr, "Désignation", "Description"), 3.0),
        ],
        rows("order_lines")
            .iter()
            .filter(|l| l.get("deleted_at").is_none_or(Value::is_null))
            .map(|l| vec![number_of(&text(l, "order_id")), text(l, "description")])
            .collect(),
    );
    section(
        &mut blocks,
        t(fr, "Signatures", "Signatures"),
        &[
            (t(fr, "Numéro", "Number"), 1.0),
            (t(fr, "Signé par", "Signed by"), 1.5),
            (t(fr, "Le", "On"), 1.0),
        ],
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
        t(fr, "Factures et avoirs", "Invoices and credit notes"),
        &[
            (t(fr, "Numéro", "Number"), 1.2),
            (t(fr, "Type", "Kind"), 0.8),
            (t(fr, "Émise le", "Issued"), 0.9),
            (t(fr, "Total TTC", "Total incl. VAT"), 1.0),
        ],
        rows("invoices")
            .iter()
            .map(|i| {
                let issued = text(i, "status") == "issued";
                vec![
                    if issued {
                        text(i, "number")
                    } else {
                        t(fr, "brouillon", "draft")
                    },
                    if text(i, "kind") == "credit_note" {
                        t(fr, "avoir", "credit note")
                    } else {
                        t(fr, "facture", "invoice")
                    },
                    day(i.get("issued_on"), locale),
                    money(i.get("gross_cents"), locale),
                ]
            })
            .collect(),
    );
    section(
        &mut blocks,
        t(fr, "Paiements", "Payments"),
        &[
            (t(fr, "Date", "Date"), 1.0),
            (t(fr, "Moyen", "Method"), 1.0),
            (t(fr, "Montant", "Amount"), 1.0),
            (t(fr, "Référence", "Reference"), 1.4),
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
        t(fr, "Rendez-vous", "Appointments"),
        &[
            (t(fr, "Début", "Start"), 1.0),
            (t(fr, "État", "Status"), 0.8),
            (t(fr, "Travaux", "Work"), 2.2),
        ],
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
        t(fr, "Messages envoyés", "Messages sent"),
        &[
            (t(fr, "Date", "Date"), 0.8),
            (t(fr, "Canal", "Channel"), 0.6),
            (t(fr, "Destinataire", "Recipient"), 1.2),
            (t(fr, "Texte", "Text"), 2.6),
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
        t(fr, "Rappels d’entretien", "Service reminders"),
        &[
            (t(fr, "Dernière fois le", "Last done on"), 1.0),
            (t(fr, "Kilométrage", "Mileage"), 1.0),
        ],
        rows("vehicle_reminders")
            .iter()
            .map(|r| vec![day(r.get("last_done_on"), locale), text(r, "last_done_km")])
            .collect(),
    );
    let audit = rows("audit_log");
    section(
        &mut blocks,
        t(fr, "Journal des modifications", "Audit trail"),
        &[
            (t(fr, "Date", "Date"), 0.9),
            (t(fr, "Par", "By"), 1.0),
            (t(fr, "Donnée", "Record"), 1.0),
            (t(fr, "Champs", "Fields"), 2.2),
        ],
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
    blocks.push(Block::Heading(t(
        fr,
        "Ce que la loi conserve",
        "What the law keeps",
    )));
    blocks.push(Block::Paragraph(kept_by_law(locale).to_owned()));
    paper.blocks = blocks;
    Ok(paper)
}

/// A heading and its table, or a line saying there is none.
fn section(
    blocks: &mut Vec<Block>,
    heading: String,
    columns: &[(String, f32)],
    rows: Vec<Vec<String>>,
) {
    blocks.push(Block::Heading(heading));
    if rows.is_empty() {
        blocks.push(Block::Paragraph("—".to_owned()));
        return;
    }
    blocks.push(Block::Table(Table {
        columns: columns
            .iter()
            .map(|(header, width)| Column {
                header: header.clone(),
                width: *width,
                align: Align::Left,
            })
            .collect(),
        rows,
    }));
}

fn identity(c: &Map<String, Value>, locale: Locale) -> Vec<(String, String)> {
    let fr = locale == Locale::Fr;
    let mut out = vec![(t(fr, "Nom", "Name"), text(c, "display_name"))];
    for (label, field) in [
        (t(fr, "Téléphone", "Phone"), "phone_display"),
        (t(fr, "Autre téléphone", "Other phone"), "phone_alt_display"),
        (t(fr, "E-mail", "E-mail"), "email"),
        ("SIRET / SIREN".to_owned(), "registration_display"),
        (t(fr, "N° de TVA", "VAT number"), "vat_number"),
        (t(fr, "Notes", "Notes"), "notes"),
    ] {
        let v = text(c, field);
        if !v.is_empty() {
            out.push((label, v));
        }
    }
    out.push((
        t(fr, "Langue", "Language"),
        match text(c, "language").as_str() {
            "en" => t(fr, "anglais", "English"),
            _ => t(fr, "français", "French"),
        },
    ));
    out.push((
        t(fr, "Messages commerciaux", "Marketing messages"),
        yes_no(c.get("marketing_consent"), fr),
    ));
    out.push((
        t(fr, "Client depuis le", "Customer since"),
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

fn yes_no(v: Option<&Value>, fr: bool) -> String {
    match v {
        Some(Value::Bool(true)) | Some(Value::Number(_))
            if v.and_then(Value::as_i64) != Some(0) =>
        {
            t(fr, "oui", "yes")
        }
        Some(Value::Bool(_) | Value::Number(_)) => t(fr, "non", "no"),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

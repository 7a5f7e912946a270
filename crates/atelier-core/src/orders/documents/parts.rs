//! The pieces every printed paper shares: the letterhead and recipient, the
//! vehicle, the lines table, the totals box and the signature.

use atelier_domain::{Locale, Money, Quantity};
use atelier_pdf::{Align, Block, Column, Document, Party, Table, TotalRow};
use rusqlite::Connection;
use time::macros::format_description;
use time::{Date, Duration};

use crate::orders::Order;
use crate::orders::approval::ApprovalRecord;
use crate::orders::lines::{Line, LineKind, PartOrigin};
use crate::orders::totals::Totals;
use crate::orders::words::words;
use crate::text::{format_date, format_km};
use crate::{Result, customers, workshop};

/// The letterhead, recipient, title and page numbers every paper shares.
pub(crate) fn frame(
    conn: &Connection,
    order: &Order,
    locale: Locale,
    kind: &str,
    number: &str,
) -> Result<Document> {
    let customer = customers::get_any(conn, order.customer_id)?;
    let town = [customer.postal_code.as_deref(), customer.city.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let recipient = Party {
        name: customer.display_name,
        lines: [
            customer.address_line1,
            customer.address_line2,
            Some(town).filter(|t| !t.is_empty()),
        ]
        .into_iter()
        .flatten()
        .collect(),
    };
    Ok(Document {
        recipient: Some(recipient),
        ..workshop::paper(conn, format!("{kind} {number}"), locale)?
    })
}

pub(crate) fn vehicle_and_complaint(
    conn: &Connection,
    order: &Order,
    locale: Locale,
) -> Result<Vec<Block>> {
    let w = words(locale);
    // Read straight from the row: an archived vehicle's papers still print.
    let (plate, vin, first_registration): (Option<String>, Option<String>, Option<String>) = conn
        .prepare_cached("SELECT plate, vin, first_registration FROM vehicles WHERE id = ?1")?
        .query_row([order.vehicle_id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut fields = Vec::new();
    if let Some(p) = plate {
        fields.push((w.registration.to_owned(), p));
    }
    if let Some(label) = order.vehicle_label.clone() {
        fields.push((w.make_and_model.to_owned(), label));
    }
    if let Some(vin) = vin {
        fields.push(("VIN".to_owned(), vin));
    }
    if let Some(km) = order.mileage_km {
        fields.push((w.mileage.to_owned(), format_km(km, locale)));
    }
    if let Some(d) = first_registration {
        fields.push((w.first_registered.to_owned(), format_date(&d, locale)));
    }
    let mut blocks = vec![Block::Heading(w.vehicle.to_owned()), Block::Fields(fields)];
    if let Some(c) = &order.complaint {
        blocks.push(Block::Heading(w.customer_request.to_owned()));
        blocks.push(Block::Paragraph(c.clone()));
    }
    Ok(blocks)
}

pub(super) fn table(lines: &[Line], locale: Locale) -> Table {
    let w = words(locale);
    let discounts = lines.iter().any(|l| !l.discount.is_zero());
    let column = |header: &str, width, align| Column {
        header: header.to_owned(),
        width,
        align,
    };
    let mut columns = vec![
        column(w.description, 5.6, Align::Left),
        column(w.quantity, 1.0, Align::Right),
        column(w.unit_price, 1.5, Align::Right),
    ];
    if discounts {
        columns.push(column(w.discount, 1.2, Align::Right));
    }
    columns.push(column(w.vat, 0.9, Align::Right));
    columns.push(column(w.total_excl_vat, 1.6, Align::Right));
    let rows = lines
        .iter()
        .map(|l| {
            let mut description = l.description.clone();
            if let Some(r) = l.part_id.as_deref().filter(|r| *r != l.description) {
                description.push_str(&format!(" ({} {r})", w.reference.to_owned()));
            }
            match l.origin {
                Some(PartOrigin::Recycled) => {
                    description.push_str(&format!(" — {}", w.reused_part));
                }
                Some(PartOrigin::Exchange) => {
                    description.push_str(&format!(" — {}", w.factory_exchange));
                }
                _ => {}
            }
            let quantity = match l.kind {
                LineKind::Labour if l.flat.is_some() && l.quantity == Quantity::ZERO => {
                    "1".to_owned()
                }
                LineKind::Labour => format!("{}\u{a0}h", l.quantity.format(locale)),
                _ => l.quantity.format(locale),
            };
            let unit = match l.flat {
                Some(_) => w.flat_rate.to_owned(),
                None => l.unit.format(locale),
            };
            let mut row = vec![description, quantity, unit];
            if discounts {
                row.push(if l.discount.is_zero() {
                    String::new()
                } else {
                    l.discount.format(locale)
                });
            }
            row.push(l.vat.format(locale));
            row.push(l.net.format(locale));
            row
        })
        .collect();
    Table { columns, rows }
}

/// HT, the discount, HT and TVA per rate, TTC.
pub(super) fn total_rows(totals: &Totals, locale: Locale) -> Vec<TotalRow> {
    let mut rows = tax_rows(totals, locale, false);
    rows.push(TotalRow {
        label: words(locale).total_incl_vat.to_owned(),
        amount: totals.gross.format(locale),
        strong: true,
    });
    rows
}

/// The rows every paper with prices prints above its TTC: the lines' HT and
/// the discount when there is one, the HT of each VAT rate when there are
/// several, the total HT (which, with one rate and `base_per_rate`, as an
/// invoice must show the base per rate, says it is that rate's base) and the
/// TVA of each rate. Estimates and invoices share them, so
/// the customer reads the same figures on both.
pub(crate) fn tax_rows(totals: &Totals, locale: Locale, base_per_rate: bool) -> Vec<TotalRow> {
    let w = words(locale);
    let row = |label: String, amount: Money| TotalRow {
        label,
        amount: amount.format(locale),
        strong: false,
    };
    let mut rows = Vec::new();
    if totals.discount > Money::ZERO {
        rows.push(row(w.total_before_discount.to_owned(), totals.lines_net));
        let minus = totals.discount.checked_neg().unwrap_or(Money::ZERO);
        rows.push(row(w.discount.to_owned(), minus));
    }
    // With one rate, the total HT is that rate's base: an invoice says so on
    // the total's line rather than print the same amount twice.
    let single_base = match totals.by_rate.as_slice() {
        [only] if base_per_rate => Some(only.rate.format(locale)),
        _ => None,
    };
    if totals.by_rate.len() > 1 {
        for r in &totals.by_rate {
            let rate = r.rate.format(locale);
            rows.push(row((w.net_at)(&rate), r.net));
        }
    }
    let total_label = match &single_base {
        Some(rate) => (w.total_vat_base)(rate),
        None => w.total_excl_vat.to_owned(),
    };
    rows.push(row(total_label, totals.net));
    for r in &totals.by_rate {
        let rate = r.rate.format(locale);
        rows.push(row((w.vat_at)(&rate), r.tax));
    }
    rows
}

pub(super) fn signature(approval: Option<&ApprovalRecord>, locale: Locale) -> Block {
    let w = words(locale);
    let label = w.approval_box.to_owned();
    match approval {
        Some(a) => Block::Signature {
            label,
            // Erased with its customer: the box stays empty.
            png: Some(a.signature_png.clone()).filter(|png| !png.is_empty()),
            caption: (w.accepted_on_by)(&format_date(&a.accepted_on, locale), &a.signer_name),
        },
        None => Block::Signature {
            label,
            png: None,
            caption: w.date_and_signature.to_owned(),
        },
    }
}

pub(super) fn format_promised(p: &str, locale: Locale) -> String {
    match p.split_once('T') {
        Some((day, time)) => format!("{} {time}", format_date(day, locale)),
        None => format_date(p, locale),
    }
}

/// `today` plus `days`, as YYYY-MM-DD (`today` as it is if it is not a date).
pub(super) fn add_days(today: &str, days: u32) -> String {
    let format = format_description!("[year]-[month]-[day]");
    Date::parse(today, format)
        .ok()
        .and_then(|d| d.checked_add(Duration::days(i64::from(days))))
        .and_then(|d| d.format(format).ok())
        .unwrap_or_else(|| today.to_owned())
}

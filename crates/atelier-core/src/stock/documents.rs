//! The papers the stock room prints: the purchase order sent to a supplier
//! and the stocktake's count sheet, in the reader's language, laid out by
//! `atelier_pdf`.

use std::path::{Path, PathBuf};

use atelier_domain::{Locale, PurchaseId, SiteId, StocktakeId};
use atelier_pdf::{Align, Block, Column, Document, Party, Table, TotalRow};
use rusqlite::Connection;

use super::purchasing::get_purchase;
use super::sites::list_sites;
use super::stocktake::get_stocktake;
use super::suppliers::get_supplier;
use super::words::words;
use crate::text::format_date;
use crate::{Result, workshop};

fn site_name(conn: &Connection, id: SiteId) -> Result<String> {
    Ok(list_sites(conn)?
        .into_iter()
        .find(|s| s.id == id)
        .map(|s| s.name)
        .unwrap_or_default())
}

/// A document headed by the workshop (or by nobody before it is set up).
fn frame(conn: &Connection, title: String, locale: Locale) -> Result<Document> {
    workshop::paper(conn, title, locale)
}

/// The purchase order as the supplier reads it: their references first, the
/// quantities, the agreed prices and the total HT, dated `today` (YYYY-MM-DD).
pub fn purchase_order_pdf(
    conn: &Connection,
    id: PurchaseId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    let w = words(locale);
    let po = get_purchase(conn, id)?;
    let supplier = get_supplier(conn, po.supplier_id)?;
    let mut doc = frame(conn, format!("{} {}", w.purchase_order, po.number), locale)?;
    doc.meta = vec![
        (w.date.to_owned(), format_date(today, locale)),
        (w.deliver_to.to_owned(), site_name(conn, po.site_id)?),
    ];
    doc.recipient = Some(Party {
        name: supplier.name,
        lines: [supplier.email, supplier.phone]
            .into_iter()
            .flatten()
            .collect(),
    });
    let column = |header: &str, width: f32, align: Align| Column {
        header: header.to_owned(),
        width,
        align,
    };
    let rows = po
        .lines
        .iter()
        .map(|l| {
            vec![
                l.supplier_reference.clone().unwrap_or_default(),
                l.reference.clone(),
                l.description.clone(),
                format!("{} {}", l.quantity.format(locale), w.unit_name(l.unit)),
                l.unit_cost.format(locale),
                l.quantity.times(l.unit_cost).format(locale),
            ]
        })
        .collect();
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(w.your_ref, 2.0, Align::Left),
            column(w.our_ref, 2.0, Align::Left),
            column(w.description, 5.0, Align::Left),
            column(w.quantity, 1.8, Align::Right),
            column(w.unit_price, 1.6, Align::Right),
            column(w.total_excl_vat, 1.8, Align::Right),
        ],
        rows,
    }));
    doc.blocks.push(Block::Totals(vec![TotalRow {
        label: w.total_excl_vat.to_owned(),
        amount: po.total.format(locale),
        strong: true,
    }]));
    doc.blocks
        .push(Block::Paragraph(w.quote_our_number.to_owned()));
    render(&doc, today)
}

/// The stocktake's count sheet, by bin then reference, with a blank column to
/// write the count in and what the movements say is there.
pub fn count_sheet_pdf(
    conn: &Connection,
    id: StocktakeId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    let w = words(locale);
    let take = get_stocktake(conn, id)?;
    let mut doc = frame(conn, w.count_sheet.to_owned(), locale)?;
    doc.meta = vec![
        (w.date.to_owned(), format_date(today, locale)),
        (w.site.to_owned(), site_name(conn, take.site_id)?),
        (w.items.to_owned(), take.lines.len().to_string()),
    ];
    let column = |header: &str, width: f32, align: Align| Column {
        header: header.to_owned(),
        width,
        align,
    };
    let rows = take
        .lines
        .iter()
        .map(|l| {
            vec![
                l.bin.clone().unwrap_or_else(|| "—".to_owned()),
                l.reference.clone(),
                l.description.clone(),
                w.unit_name(l.unit).to_owned(),
                l.on_hand.format(locale),
                l.counted
                    .map(|c| c.format(locale))
                    .unwrap_or_else(|| "________".to_owned()),
            ]
        })
        .collect();
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(w.bin, 2.1, Align::Left),
            column(w.reference, 2.0, Align::Left),
            column(w.description, 5.0, Align::Left),
            column(w.unit, 1.1, Align::Left),
            column(w.on_hand, 1.4, Align::Right),
            column(w.counted, 1.6, Align::Right),
        ],
        rows,
    }));
    doc.blocks.push(Block::Signature {
        label: w.counted_by.to_owned(),
        png: None,
        caption: format_date(today, locale),
    });
    render(&doc, today)
}

/// Writes the purchase order's PDF into `dir` as `<number>.pdf`, to print or
/// attach to an e-mail; returns where.
pub fn save_purchase_order_pdf(
    conn: &Connection,
    id: PurchaseId,
    locale: Locale,
    today: &str,
    dir: &Path,
) -> Result<PathBuf> {
    let number = get_purchase(conn, id)?.number;
    let bytes = purchase_order_pdf(conn, id, locale, today)?;
    crate::files::write(dir, &format!("{number}.pdf"), &bytes)
}

/// Writes the count sheet's PDF into `dir`; returns where.
pub fn save_count_sheet_pdf(
    conn: &Connection,
    id: StocktakeId,
    locale: Locale,
    today: &str,
    dir: &Path,
) -> Result<PathBuf> {
    let bytes = count_sheet_pdf(conn, id, locale, today)?;
    let name = (words(locale).count_sheet_file)(today);
    crate::files::write(dir, &name, &bytes)
}

/// The PDF of `doc`, made on `today` (YYYY-MM-DD): its properties carry that date.
fn render(doc: &Document, today: &str) -> Result<Vec<u8>> {
    let made_at_s = crate::text::day_start_ms(today).map(|ms| ms / 1000);
    Ok(atelier_pdf::render_made_at(doc, made_at_s)?)
}

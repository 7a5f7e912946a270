//! The papers the stock room prints: the purchase order sent to a supplier
//! and the stocktake's count sheet, in the reader's language, laid out by
//! `atelier_pdf`.

use std::path::{Path, PathBuf};

use atelier_domain::{Locale, PurchaseId, SiteId, StocktakeId};
use atelier_pdf::{Align, Block, Column, Document, Party, Table, TotalRow};
use rusqlite::Connection;

use super::part::Unit;
use super::purchasing::get_purchase;
use super::sites::list_sites;
use super::stocktake::get_stocktake;
use super::suppliers::get_supplier;
use crate::text::{format_date, t};
use crate::{Result, workshop};

fn unit(u: Unit, fr: bool) -> String {
    match u {
        Unit::Piece => t(fr, "pièce", "piece"),
        Unit::Litre => t(fr, "litre", "litre"),
        Unit::Set => t(fr, "jeu", "set"),
    }
}

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
    let fr = locale == Locale::Fr;
    let po = get_purchase(conn, id)?;
    let supplier = get_supplier(conn, po.supplier_id)?;
    let mut doc = frame(
        conn,
        format!(
            "{} {}",
            t(fr, "Bon de commande", "Purchase order"),
            po.number
        ),
        locale,
    )?;
    doc.meta = vec![
        (t(fr, "Date", "Date"), format_date(today, locale)),
        (
            t(fr, "Livrer à", "Deliver to"),
            site_name(conn, po.site_id)?,
        ),
    ];
    doc.recipient = Some(Party {
        name: supplier.name,
        lines: [supplier.email, supplier.phone]
            .into_iter()
            .flatten()
            .collect(),
    });
    let column = |header: String, width: f32, align: Align| Column {
        header,
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
                format!("{} {}", l.quantity.format(locale), unit(l.unit, fr)),
                l.unit_cost.format(locale),
                l.quantity.times(l.unit_cost).format(locale),
            ]
        })
        .collect();
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(t(fr, "Votre réf.", "Your ref."), 2.0, Align::Left),
            column(t(fr, "Notre réf.", "Our ref."), 2.0, Align::Left),
            column(t(fr, "Désignation", "Description"), 5.0, Align::Left),
            column(t(fr, "Quantité", "Quantity"), 1.8, Align::Right),
            column(t(fr, "PU HT", "Unit excl. VAT"), 1.6, Align::Right),
            column(t(fr, "Total HT", "Total excl. VAT"), 1.8, Align::Right),
        ],
        rows,
    }));
    doc.blocks.push(Block::Totals(vec![TotalRow {
        label: t(fr, "Total HT", "Total excl. VAT"),
        amount: po.total.format(locale),
        strong: true,
    }]));
    doc.blocks.push(Block::Paragraph(t(
        fr,
        "Merci de rappeler le numéro de ce bon sur le bon de livraison et la facture. Les articles non disponibles restent en reliquat, sauf avis contraire de notre part.",
        "Please quote this order’s number on the delivery note and the invoice. Items not available stay on backorder unless we say otherwise.",
    )));
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
    let fr = locale == Locale::Fr;
    let take = get_stocktake(conn, id)?;
    let mut doc = frame(conn, t(fr, "Feuille d’inventaire", "Count sheet"), locale)?;
    doc.meta = vec![
        (t(fr, "Date", "Date"), format_date(today, locale)),
        (t(fr, "Site", "Site"), site_name(conn, take.site_id)?),
        (t(fr, "Articles", "Items"), take.lines.len().to_string()),
    ];
    let column = |header: String, width: f32, align: Align| Column {
        header,
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
                unit(l.unit, fr),
                l.on_hand.format(locale),
                l.counted
                    .map(|c| c.format(locale))
                    .unwrap_or_else(|| "________".to_owned()),
            ]
        })
        .collect();
    doc.blocks.push(Block::Table(Table {
        columns: vec![
            column(t(fr, "Emplacement", "Bin"), 2.1, Align::Left),
            column(t(fr, "Référence", "Reference"), 2.0, Align::Left),
            column(t(fr, "Désignation", "Description"), 5.0, Align::Left),
            column(t(fr, "Unité", "Unit"), 1.1, Align::Left),
            column(t(fr, "En stock", "On hand"), 1.4, Align::Right),
            column(t(fr, "Compté", "Counted"), 1.6, Align::Right),
        ],
        rows,
    }));
    doc.blocks.push(Block::Signature {
        label: t(fr, "Compté par", "Counted by"),
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
    let name = match locale {
        Locale::Fr => format!("inventaire-{today}.pdf"),
        Locale::En => format!("stocktake-{today}.pdf"),
    };
    crate::files::write(dir, &name, &bytes)
}

/// The PDF of `doc`, made on `today` (YYYY-MM-DD): its properties carry that date.
fn render(doc: &Document, today: &str) -> Result<Vec<u8>> {
    let made_at_s = crate::text::day_start_ms(today).map(|ms| ms / 1000);
    Ok(atelier_pdf::render_made_at(doc, made_at_s)?)
}

//! The papers an order prints: the estimate (devis), the repair order (ordre
//! de réparation, with the customer's signature) and the inspection report.
//!
//! Everything is decided and formatted here, in the reader's language, then
//! laid out by `atelier_pdf`. The workshop's identity heads every page; a
//! workshop not set up yet prints without one rather than refusing.

mod parts;

pub(crate) use parts::{frame, tax_rows, vehicle_and_complaint};

use atelier_domain::{Locale, OrderId};
use atelier_pdf::{Block, CheckItem, Document, Status};
use rusqlite::Connection;

use super::approval::{self, piec_mention};
use super::get;
use super::inspection::{self, MeasureUnit, PointStatus};
use super::lines::{self, Line, PartOrigin};
use super::supplement::{approved_totals, counted};
use super::words::words;
use crate::Result;
use crate::text::format_date;
use crate::workshop;
use parts::{add_days, format_promised, signature, table, total_rows};

/// The estimate as PDF, dated `today` (YYYY-MM-DD) and valid for the
/// workshop's number of days from then. It lists the estimate's own lines
/// (not later supplements) and prints the PIEC mention when recycled or
/// exchange parts are offered.
pub fn estimate_pdf(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    render(&estimate_document(conn, id, locale, today)?, today)
}

/// The repair order as PDF: the approved work (estimate and approved
/// supplements) with the customer's signature and acceptance date.
pub fn repair_order_pdf(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    render(&repair_order_document(conn, id, locale, today)?, today)
}

/// The inspection report as PDF: every point with its colour, measure and comment.
pub fn inspection_pdf(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Vec<u8>> {
    render(&inspection_document(conn, id, locale, today)?, today)
}

/// Which paper of an order to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// The estimate (devis).
    Estimate,
    /// The repair order with the customer's signature.
    RepairOrder,
    /// The inspection report.
    Inspection,
}

/// Renders `paper` of order `id` and writes it in `dir` as
/// `<number>-<paper>.pdf` (e.g. `D-2026-0042-devis.pdf`), replacing an
/// earlier print of the same paper. Returns where it went.
pub fn write_pdf(
    conn: &Connection,
    id: OrderId,
    paper: Paper,
    locale: Locale,
    today: &str,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let order = get(conn, id)?;
    let w = words(locale);
    let (bytes, number, name) = match paper {
        Paper::Estimate => (
            estimate_pdf(conn, id, locale, today)?,
            order.estimate_number.as_str(),
            w.estimate_file.to_owned(),
        ),
        Paper::RepairOrder => (
            repair_order_pdf(conn, id, locale, today)?,
            order.number(),
            w.repair_order_file.to_owned(),
        ),
        Paper::Inspection => (
            inspection_pdf(conn, id, locale, today)?,
            order.number(),
            w.inspection_file.to_owned(),
        ),
    };
    crate::files::write(dir, &format!("{number}-{name}.pdf"), &bytes)
}

/// The PDF of `doc`, made on `today` (YYYY-MM-DD): its properties carry that date.
fn render(doc: &Document, today: &str) -> Result<Vec<u8>> {
    let made_at_s = crate::text::day_start_ms(today).map(|ms| ms / 1000);
    Ok(atelier_pdf::render_made_at(doc, made_at_s)?)
}

pub(crate) fn estimate_document(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Document> {
    let w = words(locale);
    let order = get(conn, id)?;
    let valid_days = workshop::get(conn).map_or(30, |shop| shop.estimate_valid_days);
    let valid_until = add_days(today, valid_days);
    let lines: Vec<Line> = lines::of_order(conn, id)?
        .into_iter()
        .filter(|l| l.supplement_id.is_none())
        .collect();
    let totals = super::totals(
        &lines.iter().map(Line::amounts).collect::<Vec<_>>(),
        order.discount,
    );
    let approval = approval::estimate_approval(conn, id)?;
    let mut doc = frame(conn, &order, locale, w.estimate, &order.estimate_number)?;
    doc.meta = vec![
        (w.date.to_owned(), format_date(today, locale)),
        (w.valid_until.to_owned(), format_date(&valid_until, locale)),
    ];
    doc.blocks
        .extend(vehicle_and_complaint(conn, &order, locale)?);
    doc.blocks.push(Block::Heading(w.proposed_work.to_owned()));
    doc.blocks.push(Block::Table(table(&lines, locale)));
    doc.blocks.push(Block::Totals(total_rows(&totals, locale)));
    if approval::circular_offered(conn, id, None)? {
        let choice = approval.as_ref().and_then(|a| a.recycled_parts_accepted);
        doc.blocks
            .push(Block::Paragraph(piec_mention(choice, locale)));
    }
    doc.blocks.push(Block::Paragraph(w.further_work.to_owned()));
    doc.blocks.push(signature(approval.as_ref(), locale));
    doc.footer
        .push((w.estimate_valid_until)(&format_date(&valid_until, locale)));
    Ok(doc)
}

pub(crate) fn repair_order_document(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Document> {
    let w = words(locale);
    let order = get(conn, id)?;
    let all = lines::of_order(conn, id)?;
    let supplements = super::supplements::supplements(conn, id)?;
    let work: Vec<Line> = counted(&all, &supplements).cloned().collect();
    let totals = approved_totals(&all, &supplements, order.discount);
    let approval = approval::estimate_approval(conn, id)?;
    let mut doc = frame(conn, &order, locale, w.repair_order, order.number())?;
    doc.meta = vec![
        (w.date.to_owned(), format_date(today, locale)),
        (w.estimate.to_owned(), order.estimate_number.clone()),
    ];
    if let Some(p) = &order.promised_at {
        doc.meta
            .push((w.promised_for.to_owned(), format_promised(p, locale)));
    }
    doc.blocks
        .extend(vehicle_and_complaint(conn, &order, locale)?);
    doc.blocks.push(Block::Heading(w.accepted_work.to_owned()));
    doc.blocks.push(Block::Table(table(&work, locale)));
    doc.blocks.push(Block::Totals(total_rows(&totals, locale)));
    if work
        .iter()
        .any(|l| l.origin.is_some_and(PartOrigin::is_circular))
    {
        let choice = approval.as_ref().and_then(|a| a.recycled_parts_accepted);
        doc.blocks
            .push(Block::Paragraph(piec_mention(choice, locale)));
    }
    doc.blocks.push(signature(approval.as_ref(), locale));
    Ok(doc)
}

pub(crate) fn inspection_document(
    conn: &Connection,
    id: OrderId,
    locale: Locale,
    today: &str,
) -> Result<Document> {
    let w = words(locale);
    let order = get(conn, id)?;
    let found = inspection::of_order(conn, id, locale)?;
    let mut doc = frame(conn, &order, locale, w.inspection_report, order.number())?;
    doc.meta = vec![(w.date.to_owned(), format_date(today, locale))];
    doc.blocks
        .extend(vehicle_and_complaint(conn, &order, locale)?);
    doc.blocks.push(Block::Heading(w.points_checked.to_owned()));
    let points = found
        .as_ref()
        .map(|i| i.points.as_slice())
        .unwrap_or_default();
    doc.blocks.push(Block::Checklist(
        points
            .iter()
            .map(|p| {
                let (status, word) = match p.status {
                    Some(PointStatus::Ok) => (Status::Ok, w.point_good),
                    Some(PointStatus::Watch) => (Status::Watch, w.point_watch),
                    Some(PointStatus::Urgent) => (Status::Urgent, w.point_repair),
                    None => (Status::NotChecked, w.point_not_checked),
                };
                let measure = p.measure.zip(p.unit).map(|(m, unit)| {
                    let unit = if unit == MeasureUnit::Mm { "mm" } else { "%" };
                    format!("{}\u{a0}{unit}", m.format(locale))
                });
                let comment = [measure, p.comment.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" — ");
                CheckItem {
                    label: p.label.clone(),
                    status,
                    status_label: word.to_owned(),
                    comment,
                }
            })
            .collect(),
    ));
    if points.iter().any(|p| p.status == Some(PointStatus::Urgent)) {
        doc.blocks
            .push(Block::Paragraph(w.urgent_advice.to_owned()));
    }
    let by = found.map(|i| i.created_by).unwrap_or_default();
    doc.blocks.push(Block::Signature {
        label: w.technician.to_owned(),
        png: None,
        caption: (w.checked_by)(&by),
    });
    Ok(doc)
}

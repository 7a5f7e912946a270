//! The invoice and credit note as PDF, laid out from the frozen [`Content`]
//! alone, with every mention French law requires (Code de commerce
//! L441-9 and R123-237, CGI 242 nonies A, arrêté du 8 juin 2017 on parts
//! from the circular economy): number and date, date of the work, the
//! seller's full identity, the buyer's (and a business buyer's SIREN and VAT
//! number), the vehicle, each line with its VAT rate and the origin of
//! parts, HT and TVA per rate and TTC, the due date and terms, the early
//! payment discount, and for a business the late penalties and the 40 €
//! flat recovery indemnity.

use atelier_domain::{InvoiceId, Locale, Money, Quantity};
use atelier_pdf::{Align, Block, Column, Document, Party, Table, TotalRow};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::words::words;
use super::{Content, InvoiceError, InvoiceKind, InvoiceLine, not_found, totals_of};
use crate::Result;
use crate::orders::LineKind;
use crate::orders::lines::PartOrigin;
use crate::outbox::{self, OpKind};
use crate::text::{format_date, format_km};

/// The PDF given to the customer when `id` was issued, byte for byte, as
/// stored. A draft has none: [`InvoiceError::Draft`]; an issued
/// invoice whose PDF is not stored yet (the station stopped between
/// [`super::issue`] and [`store_pdf`]):
/// [`InvoiceError::PdfNotStored`]. Reading only; printing goes through
/// [`store_pdf`] or [`write_pdf`], which store it first when needed.
pub fn pdf_of(conn: &Connection, id: InvoiceId) -> Result<Vec<u8>> {
    match stored(conn, id)? {
        Stored::Pdf(pdf) => Ok(pdf),
        Stored::Pending { number, .. } => Err(InvoiceError::PdfNotStored { number }.into()),
    }
}

/// What is stored of an issued document's PDF.
enum Stored {
    /// The bytes.
    Pdf(Vec<u8>),
    /// Nothing yet: its number and frozen content.
    Pending { number: String, content: String },
}

fn stored(conn: &Connection, id: InvoiceId) -> Result<Stored> {
    type Row = (Option<String>, Option<String>, Option<Vec<u8>>);
    let found: Option<Row> = conn
        .prepare_cached(
            "SELECT i.number, i.content, p.pdf
               FROM invoices i LEFT JOIN invoice_pdfs p ON p.invoice_id = i.id
              WHERE i.id = ?1 AND i.deleted_at IS NULL",
        )?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match found {
        None => Err(not_found(id)),
        Some((_, _, Some(pdf))) => Ok(Stored::Pdf(pdf)),
        Some((Some(number), Some(content), None)) => Ok(Stored::Pending { number, content }),
        Some(_) => Err(InvoiceError::Draft.into()),
    }
}

/// The PDF of the issued document `id`, stored if it was not yet: rendered
/// from its frozen content (which the chain seals), made a Factur-X (PDF/A-3b
/// carrying the CII made from the same content, [`super::einvoice`]), written once to
/// `invoice_pdfs` with its own SHA-256 beside it (append-only, checked by
/// [`super::verify`]) and recorded in the outbox by that hash and size.
/// Returns the stored bytes, the same on every later call.
///
/// The shell calls it in its own transaction right after [`super::issue`],
/// and again before every print or open: when the station stopped between
/// the two, nothing is lost, the first print stores the PDF from the frozen
/// content. The layout uses the workshop's logo as it is when the PDF is
/// stored, which right after issue is the logo of the issue.
pub fn store_pdf(tx: &Transaction<'_>, now_ms: u64, id: InvoiceId) -> Result<Vec<u8>> {
    let content = match stored(tx, id)? {
        Stored::Pdf(pdf) => return Ok(pdf),
        Stored::Pending { content, .. } => content,
    };
    let content: Content =
        serde_json::from_str(&content).map_err(|_| crate::Error::Corrupt("invoices.content"))?;
    let mut pdf = render(tx, &content)?;
    if content.parties.is_some() {
        pdf = super::einvoice::facturx(&pdf, &content, now_ms)?;
    }
    let pdf_sha256 = crate::text::hex(&Sha256::digest(&pdf));
    // The operation names the stored bytes by their hash and size; the bytes
    // themselves (tens of kB) are not copied into the outbox and the audit
    // trail: sync is to carry them as a blob. A PDF laid out again elsewhere
    // would differ (printpdf writes a random document id).
    let op = json!({
        "invoice_id": id.to_string(),
        "pdf_sha256": pdf_sha256,
        "bytes": pdf.len(),
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        "invoice_pdfs",
        &id.to_string(),
        OpKind::Insert,
        &op,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO invoice_pdfs (invoice_id, pdf, pdf_sha256, created_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id.to_string(), pdf, pdf_sha256, hlc.as_i64()])?;
    Ok(pdf)
}

/// Lays the frozen content of `id` out again. The stored bytes
/// ([`pdf_of`]) are what the customer received: a new layout differs from
/// them at least by the random document id printpdf writes in every PDF's
/// trailer. This is for checking that a layout change keeps old invoices
/// printable, and for benchmarks.
pub fn rerender(conn: &Connection, id: InvoiceId) -> Result<Vec<u8>> {
    let content: Option<String> = conn
        .prepare_cached("SELECT content FROM invoices WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let content: Content = serde_json::from_str(&content.ok_or(InvoiceError::Draft)?)
        .map_err(|_| crate::Error::Corrupt("invoices.content"))?;
    render(conn, &content)
}

/// Writes the issued PDF of `id` as `<number>.pdf` in `dir` (to open,
/// print or send it) and returns its path. Stores the PDF first if it is not
/// stored yet ([`store_pdf`]), so a print after a crash between issuing and
/// storing still gives the customer a PDF kept unalterable.
pub fn write_pdf(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: InvoiceId,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let pdf = store_pdf(tx, now_ms, id)?;
    let number: String = tx
        .prepare_cached("SELECT number FROM invoices WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    crate::files::write(dir, &format!("{number}.pdf"), &pdf)
}

/// Lays `content` out as PDF bytes, with the workshop's logo as it is now.
pub(super) fn render(conn: &Connection, content: &Content) -> Result<Vec<u8>> {
    let logo = crate::workshop::logo(conn)?;
    Ok(atelier_pdf::render(&document(content, logo))?)
}

/// The document of `content`, with the workshop's logo.
pub(super) fn document(c: &Content, logo_png: Option<Vec<u8>>) -> Document {
    let w = words(c.locale);
    let locale = c.locale;
    let credit = c.kind == InvoiceKind::CreditNote;
    let title = w.kind(c.kind);
    let mut meta = vec![
        (w.issue_date.to_owned(), format_date(&c.issued_on, locale)),
        (
            if c.order_number.is_some() {
                w.work_date
            } else {
                w.sale_date
            }
            .to_owned(),
            format_date(&c.work_date, locale),
        ),
    ];
    if let Some(o) = &c.order_number {
        meta.push((w.repair_order.to_owned(), o.clone()));
    }
    if let Some(r) = &c.credited {
        meta.push((
            w.original_invoice.to_owned(),
            format!("{} — {}", r.number, format_date(&r.issued_on, locale)),
        ));
    }
    if !credit {
        meta.push((w.due_date.to_owned(), format_date(&c.due_on, locale)));
    }
    let mut buyer_lines = c.buyer.address.clone();
    if let Some(r) = &c.buyer.registration {
        buyer_lines.push(format!("SIREN/SIRET {r}"));
    }
    if let Some(v) = c.buyer.vat_number.as_ref().filter(|_| c.buyer.business) {
        buyer_lines.push((w.buyer_vat)(v));
    }
    let mut blocks = Vec::new();
    if let Some(v) = &c.vehicle {
        let mut fields = Vec::new();
        if let Some(p) = &v.plate {
            fields.push((w.registration.to_owned(), p.clone()));
        }
        if let Some(l) = &v.label {
            fields.push((w.make_and_model.to_owned(), l.clone()));
        }
        if let Some(vin) = &v.vin {
            fields.push(("VIN".to_owned(), vin.clone()));
        }
        if let Some(km) = v.mileage_km {
            fields.push((w.mileage.to_owned(), format_km(km, locale)));
        }
        blocks.push(Block::Heading(w.vehicle.to_owned()));
        blocks.push(Block::Fields(fields));
    }
    blocks.push(Block::Heading(if credit {
        w.amounts_credited.to_owned()
    } else {
        w.details.to_owned()
    }));
    blocks.push(Block::Table(table(&c.lines, locale)));
    blocks.push(Block::Totals(total_rows(c)));
    if let Some(n) = &c.notes {
        blocks.push(Block::Paragraph(if credit {
            format!("{} {n}", w.reason)
        } else {
            n.clone()
        }));
    }
    blocks.push(Block::Paragraph(terms(c)));
    let footer = (!c.seller_name.is_empty())
        .then(|| {
            [vec![c.seller_name.clone()], c.seller_lines.clone()]
                .concat()
                .join(" — ")
        })
        .into_iter()
        .collect();
    Document {
        title: format!("{title} {}", c.number),
        issuer: Party {
            name: c.seller_name.clone(),
            lines: c.seller_lines.clone(),
        },
        logo_png,
        meta,
        recipient: Some(Party {
            name: c.buyer.name.clone(),
            lines: buyer_lines,
        }),
        blocks,
        footer,
        page_label: w.page_label.to_owned(),
    }
}

/// The payment terms and the mentions that go with them.
fn terms(c: &Content) -> String {
    let w = words(c.locale);
    let mut out = Vec::new();
    if c.kind == InvoiceKind::CreditNote {
        out.push(w.credit_note_cancels.to_owned());
        return out.join("\n");
    }
    out.push(c.terms_sentence());
    out.push(w.no_early_discount.to_owned());
    if c.buyer.business {
        out.push(w.late_payment.to_owned());
    }
    if c.lines
        .iter()
        .any(|l| l.origin.is_some_and(PartOrigin::is_circular))
    {
        out.push(w.circular_parts.to_owned());
    }
    out.join("\n")
}

fn table(lines: &[InvoiceLine], locale: Locale) -> Table {
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
                description.push_str(&format!(" ({} {r})", w.reference));
            }
            if let Some(o) = l.origin {
                description.push_str(&format!(" — {}", w.part_origin(o)));
            }
            let quantity = match l.kind {
                LineKind::Labour if l.flat.is_some() && l.quantity == Quantity::ZERO => {
                    "1".to_owned()
                }
                LineKind::Labour => format!("{}\u{a0}h", l.quantity.format(locale)),
                _ => l.quantity.format(locale),
            };
            let unit = match l.flat {
                Some(f) => f.format(locale),
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

fn total_rows(c: &Content) -> Vec<TotalRow> {
    let w = words(c.locale);
    let locale = c.locale;
    let totals = totals_of(&c.lines, c.discount);
    let row = |label: String, amount: Money, strong| TotalRow {
        label,
        amount: amount.format(locale),
        strong,
    };
    // An invoice states the HT of each VAT rate, even when there is one.
    let mut rows = crate::orders::documents::tax_rows(&totals, locale, true);
    let credit = c.kind == InvoiceKind::CreditNote;
    rows.push(row(
        if credit {
            w.total_credited
        } else {
            w.total_incl_vat
        }
        .to_owned(),
        totals.gross,
        credit || c.deposits == Money::ZERO,
    ));
    if c.deposits > Money::ZERO {
        rows.push(row(
            w.deposit_paid.to_owned(),
            c.deposits.checked_neg().unwrap_or(Money::ZERO),
            false,
        ));
        rows.push(row(
            w.amount_due.to_owned(),
            totals.gross.checked_sub(c.deposits).unwrap_or(Money::ZERO),
            true,
        ));
    }
    rows
}

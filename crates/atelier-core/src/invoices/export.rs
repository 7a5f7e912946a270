//! An issued invoice or credit note exported as an electronic invoice: the
//! stored Factur-X PDF, or its CII or UBL made again from the frozen content
//! (the same XML every time), for the invoice screen and the command line.

use en16931_formats::Syntax;

use super::einvoice::{EinvoiceFormat, xml};
use super::{Content, InvoiceError};
use crate::Result;

fn corrupt() -> crate::Error {
    crate::Error::Corrupt("invoices.content")
}

/// The issued document `id` as an electronic invoice in `format`: the
/// stored Factur-X PDF as issued, or its CII or UBL made again from its
/// frozen content (the same XML every time). A draft has none
/// ([`InvoiceError::Draft`]); a document issued before Atelier issued
/// electronic invoices has only its PDF ([`InvoiceError::BeforeElectronic`]).
pub fn export(
    conn: &rusqlite::Connection,
    id: atelier_domain::InvoiceId,
    format: EinvoiceFormat,
) -> Result<Vec<u8>> {
    if format == EinvoiceFormat::FacturX {
        let content = frozen(conn, id)?;
        if content.parties.is_none() {
            return Err(InvoiceError::BeforeElectronic {
                number: content.number,
            }
            .into());
        }
        return super::pdf_of(conn, id);
    }
    let syntax = if format == EinvoiceFormat::Ubl {
        Syntax::Ubl
    } else {
        Syntax::Cii
    };
    Ok(xml(&frozen(conn, id)?, syntax)?.into_bytes())
}

/// The frozen content of the issued document `id`.
fn frozen(conn: &rusqlite::Connection, id: atelier_domain::InvoiceId) -> Result<Content> {
    use rusqlite::OptionalExtension;
    let content: Option<String> = conn
        .prepare_cached("SELECT content FROM invoices WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| super::not_found(id))?;
    serde_json::from_str(&content.ok_or(InvoiceError::Draft)?).map_err(|_| corrupt())
}

/// The issued invoice or credit note numbered `number`.
pub fn by_number(conn: &rusqlite::Connection, number: &str) -> Result<atelier_domain::InvoiceId> {
    use rusqlite::OptionalExtension;
    let id: Option<String> = conn
        .prepare_cached("SELECT id FROM invoices WHERE number = ?1 AND deleted_at IS NULL")?
        .query_row([number.trim()], |r| r.get(0))
        .optional()?;
    id.and_then(|id| id.parse().ok())
        .ok_or_else(|| crate::Error::NotFound {
            entity: "invoice",
            id: number.trim().to_owned(),
        })
}

/// Writes the issued document `id` in `format` into `dir`, named after its
/// number (`F-S1A-2026-000123.pdf`, `…-cii.xml`, `…-ubl.xml`), whole or not
/// at all, and returns the path: what the invoice screen's export does.
pub fn write_file(
    conn: &rusqlite::Connection,
    id: atelier_domain::InvoiceId,
    format: EinvoiceFormat,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let bytes = export(conn, id, format)?;
    let number = frozen(conn, id)?.number;
    let name = match format {
        EinvoiceFormat::FacturX => format!("{number}.pdf"),
        EinvoiceFormat::Cii => format!("{number}-cii.xml"),
        EinvoiceFormat::Ubl => format!("{number}-ubl.xml"),
    };
    crate::files::write(dir, &name, &bytes)
}

//! Suppliers' e-invoices in: a Factur-X PDF, a CII XML or a UBL 2.1 XML
//! from a supplier, read and checked ([`read`]), stored as received with
//! its SHA-256 ([`import`]), matched to the open purchase order it bills
//! ([`matching`]), then accepted — its parts received into stock at the
//! invoiced prices — or rejected ([`accept`], [`reject`]), and paid
//! ([`mark_paid`], [`payables`]).
//!
//! - The received document never changes: its file, header and lines are
//!   append-only (triggers refuse an UPDATE or DELETE of what the file
//!   says); only what the workshop decided (status, order, payment) is
//!   written later, and merged field by field like any header.
//! - The same invoice twice (same file, or same supplier and number) is
//!   refused, naming the first import.
//! - Bad input writes nothing: every refusal is an [`InboundError`] with a
//!   code and French and English texts.
//! - Every write records its operation in the outbox in the same
//!   transaction; the file's operation names its bytes by SHA-256 and size
//!   (the bytes stay with the station that imported them, as an issued
//!   invoice's PDF does).
//! - A watched folder chosen in Réglages ([`set_folder`]) is emptied by
//!   [`import_folder`]: each file imported, or refused, and moved aside.

mod error;
mod folder;
mod matching;
mod read;
mod store;

#[cfg(test)]
mod tests;

pub use error::{InboundError, Inconsistency};
pub use folder::{FolderImport, IMPORTED, REFUSED, folder, import_folder, set_folder};
pub use matching::{LineMatch, Matching, NotInvoiced, OrderBy, OrderRef, accept, matching, reject};
pub use read::{ReceivedInvoice, ReceivedLine, Seller, Syntax, VatTotal, read};
pub use store::{
    AlteredFile, Filter, Payable, Payables, PaymentMethod, Preview, Status, SupplierBy,
    SupplierInvoice, SupplierInvoicePage, SupplierMatch, file, find_supplier, get, import, list,
    mark_paid, page, payables, preview, verify_files,
};

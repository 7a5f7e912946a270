//! Electronic invoices, the French reform of 2026–2027
//! (docs/compliance/einvoicing.md).
//!
//! Each part has a module of its own:
//! - what Atelier issues: every issued invoice and credit note as an
//!   EN 16931 invoice, written as CII (inside the Factur-X PDF) or UBL 2.1;
//! - what it receives: suppliers' e-invoices (Factur-X, CII, UBL), checked,
//!   stored as received, matched to purchase orders and received into stock;
//! - what it reports: the B2C e-reporting of sales to private customers;
//! - the exchange with the workshop's approved platform (PA), behind one
//!   trait.
//!
//! The model is the `en16931` crate's; the syntaxes are `en16931-formats`'.

pub mod reporting;

pub mod platform;

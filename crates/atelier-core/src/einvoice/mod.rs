//! Electronic invoices, the French reform of 2026–2027
//! (docs/compliance/einvoicing.md).
//!
//! Each part has a module of its own:
//! - what Atelier issues lives with the invoices, which make it at issue
//!   from the frozen content ([`crate::invoices::einvoice`]: the EN 16931
//!   invoice written as CII inside the Factur-X PDF, or UBL 2.1;
//!   [`crate::invoices::export`]);
//! - what it receives ([`inbound`]): suppliers' e-invoices (Factur-X, CII,
//!   UBL), checked, stored as received, matched to purchase orders and
//!   received into stock;
//! - what it reports ([`reporting`]): the B2C e-reporting of sales to
//!   private customers, frozen per period and chained;
//! - the exchange with the workshop's approved platform (PA), behind one
//!   trait ([`platform`]), with a folder exchange.
//!
//! The model is the `en16931` crate's; the syntaxes are `en16931-formats`'.

pub mod inbound;
pub mod platform;
pub mod reporting;

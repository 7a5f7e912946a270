//! A customer's rights over their data (GDPR): everything Atelier holds
//! about them, exported as JSON and as a readable PDF (art. 15 and 20).
//! docs/compliance/gdpr.md says where each requirement is met and which
//! test proves it.
//!
//! Where their data lives is one list, [`footprint`]'s, which the export
//! reads whole.

pub mod export;
pub(crate) mod footprint;
pub mod summary;
#[cfg(test)]
mod tests;

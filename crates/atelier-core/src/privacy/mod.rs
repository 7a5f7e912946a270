//! A customer's rights over their data (GDPR): everything Atelier holds
//! about them, exported as JSON and as a readable PDF (art. 15 and 20), and
//! erased on request while what the law requires is kept (art. 17).
//! docs/compliance/gdpr.md says where each requirement is met and which
//! test proves it.
//!
//! Where their data lives is one list, [`footprint`]'s, which the export
//! reads whole and the erasure reads the personal fields of; what the areas
//! hold of a person (an order's complaint, an appointment's notes, a
//! signature) and how it is erased stays in each area.

mod erase;
pub mod export;
pub(crate) mod footprint;
pub mod summary;
#[cfg(test)]
mod tests;
mod words;

pub use erase::{Scrubbed, anonymise, anonymise_now, scrub};
pub(crate) use erase::{anonymise_again, anonymised, apply_anonymisation, strip_older};

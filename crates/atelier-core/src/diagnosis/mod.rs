//! Diagnosing a car at the bench, on its repair order: the codes read from
//! the car (or typed), what they mean for this workshop, the checks and
//! measurements made, the conclusion, and the findings that become the
//! vehicle's recommended work and, in one action, an estimate's lines.
//!
//! - [`session`]: a diagnosis as stored and read, with its readings, checks
//!   and findings;
//! - [`sessions`]: starting (with the owner's diagnosis fee), writing up,
//!   concluding and reopening;
//! - [`readings`]: the car's codes, lamp and VIN, or codes typed, or cleared;
//! - [`checks`]: the mechanic's checks and measurements;
//! - [`findings`]: recommended work with its priority and canned job;
//! - [`titles`]: what a code means here, with the owner's own titles;
//! - [`document`]: the « Diagnostic » paper for the customer.
//!
//! Reading the car itself is not core's: the shell reads it through
//! atelier-obd and hands the result to [`readings::record`].

pub mod checks;
pub mod document;
mod error;
pub mod findings;
pub mod readings;
pub mod session;
pub mod sessions;
pub mod titles;

pub use error::DiagnosisError;
pub use session::{Session, SessionStatus, get, of_order};

#[cfg(test)]
mod tests;

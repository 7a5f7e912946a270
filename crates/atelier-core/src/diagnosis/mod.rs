//! Diagnosing a car at the bench, on its repair order: the codes read from
//! the car (or typed) and what they mean for this workshop, the guided
//! diagnosis that leads from a symptom or a code, question by question (a
//! choice, or a measured value), to the likely causes, the checks made, the
//! conclusion, and the findings that become the vehicle's recommended work
//! and, in one action, an estimate's lines.
//!
//! The trees:
//! - [`model`]: a tree, its nodes and their texts, French first.
//! - [`validate`]: what makes a tree fit to save (no loop, no dead end…).
//! - [`walk`]: the question to ask now, or the conclusion, from the answers
//!   so far: pure functions a diagnosis calls again at each answer.
//! - [`store`]: the trees as stored and synced, saved by the owner.
//! - [`starts`]: the trees a car's trouble codes start.
//! - [`shipped`]: the six trees Atelier ships, and how a station gets them.
//!
//! A diagnosis on an order:
//! - [`session`]: a diagnosis as stored and read, with its readings, checks,
//!   findings and the tree's path;
//! - [`sessions`]: starting (with the owner's diagnosis fee), following a
//!   tree, writing up, concluding and reopening;
//! - [`readings`]: the car's codes, lamp and VIN, or codes typed, or cleared;
//! - [`checks`]: the mechanic's checks and measurements;
//! - [`findings`]: recommended work with its priority and canned job;
//! - [`titles`]: what a code means here, with the owner's own titles;
//! - [`document`]: the « Diagnostic » paper for the customer.
//!
//! Reading the car itself is not core's: the shell reads it through
//! atelier-obd and hands the result to [`readings::record`]. Reading trees
//! is for everyone (the shell asks `ReadCatalogue`); saving, archiving and
//! deleting them for those who change the settings.

pub mod checks;
pub mod document;
mod error;
pub mod findings;
mod messages;
pub mod model;
mod ranges;
pub mod readings;
pub mod session;
pub mod sessions;
pub mod shipped;
pub mod starts;
pub mod store;
mod terms;
pub mod titles;
pub mod trigger;
pub mod validate;
pub mod walk;
pub(crate) mod words;

#[cfg(test)]
mod tests;

pub use error::{DiagnosisError, Many, Place, Spot};
pub use model::{
    Choice, ChoiceQuestion, JobLink, MeasureQuestion, Node, NodeId, Outcome, Range, Severity, Step,
    Text, Tree, Unit,
};
pub use ranges::locate;
pub use session::{Past, Session, SessionStatus, of_order, of_vehicle};
pub use shipped::{seed, shipped};
pub use starts::{Triggered, trees_for_codes};
pub use store::{
    MeasureInput, NodeInput, RangeInput, StepInput, TreeInput, archive, canned_job, delete, form,
    get, list, save_tree,
};
pub use trigger::{Codes, Trigger, TriggerInput};
pub use walk::{Answer, Answered, Answers, Reached, Walk, answer, walk};

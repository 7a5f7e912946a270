//! Guided diagnosis: decision trees that lead a mechanic from a symptom or
//! a trouble code, question by question (a choice, or a measured value), to
//! the likely causes, the checks that confirm them and the canned job that
//! does the repair.
//!
//! - [`model`]: a tree, its nodes and their texts, French first.
//! - [`validate`]: what makes a tree fit to save (no loop, no dead end…).
//! - [`walk`]: the question to ask now, or the conclusion, from the answers
//!   so far: pure functions a diagnostic session calls again at each answer.
//! - [`store`]: the trees as stored and synced, saved by the owner.
//! - [`starts`]: the trees a car's trouble codes start.
//! - [`shipped`]: the six trees Atelier ships, and how a station gets them.
//!
//! Reading trees is for everyone (the shell asks `ReadCatalogue`); saving,
//! archiving and deleting them for those who change the settings.

mod error;
mod messages;
pub mod model;
mod ranges;
pub mod shipped;
pub mod starts;
pub mod store;
pub mod trigger;
pub mod validate;
pub mod walk;
mod words;

#[cfg(test)]
mod tests;

pub use error::{DiagnosisError, Many, Place, Spot};
pub use model::{
    Choice, ChoiceQuestion, JobLink, MeasureQuestion, Node, NodeId, Outcome, Range, Severity, Step,
    Text, Tree, Unit,
};
pub use ranges::locate;
pub use shipped::{seed, shipped};
pub use starts::{Triggered, trees_for_codes};
pub use store::{TreeInput, archive, canned_job, delete, get, list, save_tree};
pub use trigger::{Codes, Trigger, TriggerInput};
pub use walk::{Answer, Answered, Answers, Reached, Walk, answer, walk};

//! Guided diagnosis: decision trees that lead a mechanic from a symptom or
//! a trouble code, question by question (a choice, or a measured value), to
//! the likely causes, the checks that confirm them and the canned job that
//! does the repair.
//!
//! - [`model`]: a tree, its nodes and their texts, French first.
//! - [`validate`]: what makes a tree fit to save (no loop, no dead end…).
//! - [`walk`]: the question to ask now, or the conclusion, from the answers
//!   so far: pure functions a diagnostic session calls again at each answer.

mod error;
mod messages;
pub mod model;
mod ranges;
pub mod trigger;
pub mod validate;
pub mod walk;
mod words;

pub use error::{DiagnosisError, Many, Place, Spot};
pub use model::{
    Choice, ChoiceQuestion, JobLink, MeasureQuestion, Node, NodeId, Outcome, Range, Severity, Step,
    Text, Tree, Unit,
};
pub use ranges::locate;
pub use trigger::{Codes, Trigger, TriggerInput};
pub use walk::{Answer, Answered, Answers, Reached, Walk, answer, walk};

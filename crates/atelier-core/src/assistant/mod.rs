//! The assistant: a question in plain French or English, understood without
//! any network, answered from the workshop's own data (docs/assistant.md).
//!
//! [`understand`] turns an utterance into an [`Understanding`]: an
//! [`Intent`] and its [`Slots`], deterministic, from words alone and the
//! workshop's [`Lexicon`] (its mechanics, canned jobs, makes and models).
//! [`answer`] then runs the intent's core query within the person's rights.

pub mod answer;
pub mod dates;
pub mod intents;
mod learned;
pub mod slots;
pub mod words;

#[cfg(test)]
mod corpus;

use serde::Serialize;
use time::Date;

pub use answer::{Answer, AnswerKind, AnswerLine, Asker, Choice, Link, Prepared, answer};
pub use intents::Intent;
pub use slots::{Lexicon, Slots};

/// What the assistant made of an utterance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Understanding {
    /// The intent chosen, or [`Intent::Unknown`].
    pub intent: Intent,
    /// The slots the intent reads, as found in the words.
    pub slots: Slots,
    /// The closest other intents, best first (the proposals when the
    /// intent is unknown).
    pub alternatives: Vec<Intent>,
    /// Why nothing can be done, when the words themselves say so: an empty
    /// or too long question, a date that cannot be.
    pub problem: Option<Problem>,
}

/// A question the assistant refuses to read, before any data is looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// Nothing but spaces.
    Empty,
    /// Longer than [`words::MAX_CHARS`].
    TooLong,
    /// A date that does not exist (« 31 février »), as said.
    ImpossibleDate {
        /// The words of the date.
        said: String,
    },
}

/// Reads `utterance`, seen on `today`, with the workshop's `lexicon`.
pub fn understand(utterance: &str, lexicon: &Lexicon, today: Date) -> Understanding {
    let trimmed = utterance.trim();
    let refuse = |problem| Understanding {
        intent: Intent::Unknown,
        slots: Slots::default(),
        alternatives: Vec::new(),
        problem: Some(problem),
    };
    if trimmed.is_empty() {
        return refuse(Problem::Empty);
    }
    if trimmed.chars().count() > words::MAX_CHARS {
        return refuse(Problem::TooLong);
    }
    let ws = words::words(trimmed);
    let found = slots::extract(&ws, lexicon, today);
    let (intent, alternatives) = intents::choose(&ws, &found);
    let (slots, problem) = found.for_intent(intent, today);
    Understanding {
        intent,
        slots,
        alternatives,
        problem: problem.map(|said| Problem::ImpossibleDate { said }),
    }
}

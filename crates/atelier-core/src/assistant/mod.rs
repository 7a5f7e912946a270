//! The assistant: a question in plain French or English, understood without
//! any network, answered from the workshop's own data (docs/assistant.md).
//!
//! [`understand`] turns an utterance into an [`Understanding`]: an
//! [`Intent`] and its [`Slots`], deterministic, from words alone and the
//! workshop's [`Lexicon`] (its mechanics, canned jobs, makes and models).
//! [`answer`] then runs the intent's core query within the person's rights.

pub mod answer;
pub mod choice;
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
    let (intent, alternatives) = choice::choose(&ws, &found);
    let (slots, problem) = found.for_intent(intent, today);
    Understanding {
        intent,
        slots,
        alternatives,
        problem: problem.map(|said| Problem::ImpossibleDate { said }),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn read(s: &str) -> Understanding {
        understand(s, &Lexicon::default(), date!(2026 - 12 - 07))
    }

    #[test]
    fn a_booking_said_with_a_spaced_hour_is_a_weekday_and_a_time() {
        let u = read("prends un rendez-vous jeudi 14 h pour M. Girard, vidange");
        assert_eq!(u.intent, Intent::BookAppointment);
        assert_eq!(u.slots.date.as_deref(), Some("2026-12-10"));
        assert_eq!(u.slots.time.as_deref(), Some("14:00"));
        assert_eq!(u.slots.customer.as_deref(), Some("girard"));
        assert_eq!(u.slots.work.as_deref(), Some("vidange"));
        let u = read("rdv jeudi 14 h 30");
        assert_eq!(
            (u.slots.date.as_deref(), u.slots.time.as_deref()),
            (Some("2026-12-10"), Some("14:30"))
        );
    }

    #[test]
    fn bad_input_is_refused_before_anything_is_looked_at() {
        assert_eq!(read("   ").problem, Some(Problem::Empty));
        assert_eq!(read(&"a".repeat(600)).problem, Some(Problem::TooLong));
        assert!(matches!(
            read("rdv le 31 février").problem,
            Some(Problem::ImpossibleDate { .. })
        ));
        assert_eq!(read("🚗🔧").intent, Intent::Unknown);
        assert_eq!(read("Wie spät ist es in Berlin?").intent, Intent::Unknown);
        assert_eq!(read("Que sais-tu faire ?").intent, Intent::Help);
    }
}

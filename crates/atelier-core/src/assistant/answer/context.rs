//! What every answer is made from — the question understood, who asks, the
//! station's data, the words of the asker's language — and how an answer
//! stops before its end: a name that matches several customers, a plate no
//! vehicle has, a right the person does not hold.

use atelier_domain::{Locale, Money};
use rusqlite::Connection;

use super::words::{Words, words};
use super::{Answer, AnswerKind, Asker};
use crate::access::Action;
use crate::assistant::{Slots, Understanding};
use crate::text::format_date;

/// One question being answered.
pub(super) struct Cx<'a> {
    pub conn: &'a Connection,
    pub asker: &'a Asker,
    pub understood: &'a Understanding,
    /// The sentences in the asker's language.
    pub w: &'static Words,
}

/// Why an answer ends early: an answer already (asking back, refusing,
/// saying a record does not exist), or the database failing.
#[derive(Debug)]
pub(super) enum Stop {
    Said(Box<Answer>),
    Failed(crate::Error),
}

impl From<crate::Error> for Stop {
    fn from(e: crate::Error) -> Self {
        Stop::Failed(e)
    }
}

impl From<Answer> for Stop {
    fn from(a: Answer) -> Self {
        Stop::Said(Box::new(a))
    }
}

/// An answer, or why it ended early.
pub(super) type Reply = std::result::Result<Answer, Stop>;

impl<'a> Cx<'a> {
    pub fn new(conn: &'a Connection, asker: &'a Asker, understood: &'a Understanding) -> Cx<'a> {
        Cx {
            conn,
            asker,
            understood,
            w: words(asker.locale),
        }
    }

    pub fn slots(&self) -> &'a Slots {
        &self.understood.slots
    }

    pub fn locale(&self) -> Locale {
        self.asker.locale
    }

    pub fn today(&self) -> &'a str {
        &self.asker.today
    }

    /// Whether the person may do `action`.
    pub fn may(&self, action: Action) -> bool {
        self.asker.actor.may(action)
    }

    /// An answer of `kind` saying `text`.
    pub fn say(&self, kind: AnswerKind, text: String) -> Answer {
        Answer::new(kind, self.understood, text)
    }

    /// Records found (or none).
    pub fn answered(&self, text: String) -> Answer {
        self.say(AnswerKind::Answered, text)
    }

    /// Words that cannot be answered: nothing is done.
    pub fn invalid(&self, text: String) -> Stop {
        self.say(AnswerKind::Invalid, text).into()
    }

    /// The polite refusal of `action`.
    pub fn refusal(&self, action: Action) -> Answer {
        self.say(
            AnswerKind::Refused,
            (self.w.refused)(action.phrase(self.locale())),
        )
    }

    /// Stops with the refusal of `action` unless the person may do it.
    pub fn require(&self, action: Action) -> Result<(), Stop> {
        if self.may(action) {
            Ok(())
        } else {
            Err(self.refusal(action).into())
        }
    }

    /// The period said (`date`): its first and last days, both included.
    pub fn period(&self) -> Option<(&'a str, &'a str)> {
        let date = self.slots().date.as_deref()?;
        Some(date.split_once("..").unwrap_or((date, date)))
    }

    /// The day said, or the first of the period said, or today.
    pub fn day(&self) -> &'a str {
        self.period().map_or(self.today(), |(from, _)| from)
    }

    /// A day as people read it (« 19/11/2026 », « 19 Nov 2026 »).
    pub fn date(&self, iso: &str) -> String {
        format_date(iso.get(..10).unwrap_or(iso), self.locale())
    }

    /// A period as people read it: one day, or from one day to another.
    pub fn span(&self, from: &str, to: &str) -> String {
        if from == to {
            (self.w.on_day)(&self.date(from))
        } else {
            (self.w.from_to)(&self.date(from), &self.date(to))
        }
    }

    /// An amount as the app writes it (« 1 245,00 € »).
    pub fn money(&self, m: Money) -> String {
        m.format(self.locale())
    }

    /// A `YYYY-MM-DDTHH:MM` moment (or a day alone) as people read it.
    pub fn moment(&self, at: &str) -> String {
        match at.get(11..16) {
            Some(time) => (self.w.at_time)(&self.date(at), time),
            None => self.date(at),
        }
    }
}

//! Answers: an [`Understanding`] turned into what the person reads — from
//! the same core queries the screens use, within the person's rights, with
//! links to the screens behind each answer. An action is never done here:
//! it comes back [`Prepared`], for the person to confirm in its usual dialog.

use std::collections::BTreeMap;

use atelier_domain::Locale;
use rusqlite::Connection;
use serde::Serialize;

use super::{Intent, Problem, Slots, Understanding};
use crate::Result;
use crate::access::Actor;

/// Who asks, where and when.
#[derive(Clone, Debug)]
pub struct Asker {
    /// The person signed in: what they may see and do.
    pub actor: Actor,
    /// The language the answer is written in.
    pub locale: Locale,
    /// Today, `YYYY-MM-DD` (the station's local day).
    pub today: String,
    /// Now, Unix milliseconds.
    pub now_ms: u64,
}

/// What kind of answer this is: the UI shows each differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Records found (perhaps none: « aucune facture impayée »).
    Answered,
    /// Several records match what was said: [`Answer::choices`] asks back.
    Ambiguous,
    /// An action ready for its dialog: [`Answer::prepared`].
    Prepared,
    /// The person's role does not allow it: a polite refusal.
    Refused,
    /// The words themselves cannot be answered (empty, too long, a date
    /// that does not exist, a plate no one has): nothing was done.
    Invalid,
    /// Not understood: [`Answer::suggestions`] proposes the closest
    /// questions the assistant knows.
    NotUnderstood,
}

/// A screen to open: its label and its address in the app (`#/clients/ID`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: String,
    pub route: String,
}

/// One line of an answer: a record or a figure, perhaps with its screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerLine {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// One choice when what was said matches several records: its label, and
/// the question to ask instead (« historique de Martin Paul, 06 12 … »
/// becomes an utterance naming that record without doubt).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub label: String,
    pub ask: String,
}

/// An action ready for its dialog: the dialog's name and its fields filled
/// from the question (ids of the records found, dates, times, amounts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Prepared {
    /// The intent's name: `book_appointment`, `new_estimate`,
    /// `send_reminder`, `new_customer`, `record_payment`.
    pub action: String,
    /// The dialog's fields, by name.
    pub fields: BTreeMap<String, String>,
}

/// What the assistant answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub kind: AnswerKind,
    pub intent: Intent,
    pub slots: Slots,
    /// The answer's first sentence, in the asker's language.
    pub text: String,
    /// The records or figures behind it.
    pub lines: Vec<AnswerLine>,
    /// The screens to open for more.
    pub links: Vec<Link>,
    /// When ambiguous: the records to choose from.
    pub choices: Vec<Choice>,
    /// When an action: the dialog to open, filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prepared: Option<Prepared>,
    /// Questions to try: the closest intents' examples when not
    /// understood.
    pub suggestions: Vec<String>,
}

/// Answers `understood` for `asker` from the station's data. Reads only.
pub fn answer(conn: &Connection, asker: &Asker, understood: &Understanding) -> Result<Answer> {
    let _ = (conn, asker, understood, Problem::Empty);
    unimplemented!("assistant answers: being written")
}

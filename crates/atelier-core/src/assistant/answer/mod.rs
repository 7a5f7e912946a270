//! Answers: an [`Understanding`] turned into what the person reads — from
//! the same core queries the screens use, within the person's rights, with
//! links to the screens behind each answer. An action is never done here:
//! it comes back [`Prepared`], for the person to confirm in its usual dialog.
//!
//! Where things live: the order of the checks and which right each intent
//! needs, [`route`]; who or what a question names (a customer, a plate, a
//! document's number) and the choices when it names several, [`resolve`];
//! the questions proposed (examples, and the question naming one choice
//! without doubt), [`ask`]; the screens' addresses, [`links`]; the answers
//! themselves by area: [`orders`], [`planning`], [`people`] (customers and
//! vehicles), [`money`] (invoices and the till), [`stock`], [`reports`],
//! and the prepared actions, [`actions`]. Every sentence is in [`words`].

mod actions;
mod ask;
mod context;
mod links;
mod money;
mod orders;
mod people;
mod planning;
mod reports;
mod resolve;
mod route;
mod stock;
#[cfg(test)]
mod tests;
mod words;

use std::collections::BTreeMap;

use atelier_domain::Locale;
use serde::Serialize;

use super::{Intent, Slots, Understanding};
use crate::access::Actor;

pub use route::answer;

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
    /// Now on the station's wall clock, `HH:MM`, when the caller knows it:
    /// free slots offered today start after it. `None`: today counts from
    /// its start.
    pub time: Option<String>,
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
    /// What the link says.
    pub label: String,
    /// The route of the screen (ui/app.js), with the record's id.
    pub route: String,
}

/// One line of an answer: a record or a figure, perhaps with its screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerLine {
    /// The record or figure, in a few words.
    pub text: String,
    /// The screen of that record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// One choice when what was said matches several records: its label, and
/// the question to ask instead (« historique de Martin Paul, 06 12 … »
/// becomes an utterance naming that record without doubt).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// The record as the person recognises it: a name with a phone and a
    /// town, a plate with its make and model.
    pub label: String,
    /// The question again, naming this record so that asking it gives
    /// exactly this record (by a plate, a phone, a document's number, or
    /// the name with its town).
    pub ask: String,
}

/// An action ready for its dialog: the dialog's name and its fields filled
/// from the question (ids of the records found, dates, times, amounts).
/// A field not known is left out.
///
/// The fields of each action:
/// - `book_appointment`: `customer_id`, `customer_label`, `vehicle_id`,
///   `vehicle_label`, `day` (`YYYY-MM-DD`), `time` (`HH:MM`), `duration`
///   (minutes), `work` (the kind of work, as a label), and `bay_id` when
///   the slot asked for is free (the bay found free for it);
/// - `new_estimate`: `customer_id`, `customer_label`, `vehicle_id`,
///   `vehicle_label`, `work`;
/// - `send_reminder`: `customer_id`, `customer_label`, `vehicle_id`,
///   `vehicle_label`, `work`;
/// - `new_customer`: `name`, `phone`, `email`;
/// - `record_payment`: `invoice_id`, `invoice_number`, `customer_id`,
///   `customer_label`, `amount` (euros with two decimals, `150.00`).
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

impl Answer {
    /// An answer of `kind` to `understood` saying `text`, with nothing else
    /// yet.
    pub(crate) fn new(kind: AnswerKind, understood: &Understanding, text: String) -> Answer {
        Answer {
            kind,
            intent: understood.intent,
            slots: understood.slots.clone(),
            text,
            lines: Vec::new(),
            links: Vec::new(),
            choices: Vec::new(),
            prepared: None,
            suggestions: Vec::new(),
        }
    }

    /// Adds a line, linked to its screen when there is one.
    pub(crate) fn line(mut self, text: String, link: Option<Link>) -> Answer {
        self.lines.push(AnswerLine { text, link });
        self
    }

    /// Adds a screen to open.
    pub(crate) fn link(mut self, link: Link) -> Answer {
        if !self.links.contains(&link) {
            self.links.push(link);
        }
        self
    }
}

//! The refusals of the diagnosis, and how each is told to a person: a tree
//! refused when saved (a loop, a dead end, ranges that overlap…), an answer
//! that does not fit its question, a change to a closed diagnosis, codes
//! cleared without a confirmation.

use atelier_domain::{Locale, Quantity};

use super::terms::{Text, Unit};

/// A node named in a refusal: its key, and its question (or likeliest
/// cause) so the person recognises it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    /// The node's key.
    pub key: String,
    /// Its question, or its first cause.
    pub title: Text,
}

impl Spot {
    /// « La batterie tient-elle la charge ? », shortened, or the key when
    /// the node has no text yet.
    pub(super) fn show(&self, locale: Locale) -> String {
        let title = self.title.get(locale).trim();
        if title.is_empty() {
            return self.key.clone();
        }
        let short: String = title.chars().take(60).collect();
        if short.len() < title.len() {
            format!("{}…", short.trim_end())
        } else {
            short
        }
    }
}

/// Which text of a tree a refusal is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The tree's name.
    Name,
    /// A node's question.
    Question(Spot),
    /// A question's help.
    Help(Spot),
    /// The label of a question's choice (by its key).
    Choice(Spot, String),
    /// The label of a range of a measure (1 for the first).
    Range(Spot, usize),
    /// A cause of an outcome (1 for the first).
    Cause(Spot, usize),
    /// A check of an outcome (1 for the first).
    Check(Spot, usize),
    /// The canned job an outcome names.
    JobName(Spot),
}

impl Place {
    /// The text named for a person (« la question « … » »).
    pub(super) fn show(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Place::Name if fr => "le nom de l’arbre".to_owned(),
            Place::Name => "the tree’s name".to_owned(),
            Place::Question(s) if fr => format!("la question « {} »", s.show(locale)),
            Place::Question(s) => format!("the question “{}”", s.show(locale)),
            Place::Help(s) if fr => format!("l’aide de « {} »", s.show(locale)),
            Place::Help(s) => format!("the help of “{}”", s.show(locale)),
            Place::Choice(s, c) if fr => format!("la réponse {c} de « {} »", s.show(locale)),
            Place::Choice(s, c) => format!("answer {c} of “{}”", s.show(locale)),
            Place::Range(s, n) if fr => format!("la plage n° {n} de « {} »", s.show(locale)),
            Place::Range(s, n) => format!("range {n} of “{}”", s.show(locale)),
            Place::Cause(s, n) if fr => format!("la cause n° {n} de « {} »", s.show(locale)),
            Place::Cause(s, n) => format!("cause {n} of “{}”", s.show(locale)),
            Place::Check(s, n) if fr => format!("le contrôle n° {n} de « {} »", s.show(locale)),
            Place::Check(s, n) => format!("check {n} of “{}”", s.show(locale)),
            Place::JobName(s) if fr => format!("le forfait de « {} »", s.show(locale)),
            Place::JobName(s) => format!("the canned job of “{}”", s.show(locale)),
        }
    }
}

/// What a tree has too many of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Many {
    /// Nodes in the tree.
    Nodes,
    /// Choices or ranges in one question.
    Answers,
    /// Causes or checks in one outcome.
    Lines,
    /// Code triggers.
    Triggers,
}

/// Why a tree was refused when saved, or an answer when given. Nothing was
/// written. Reaches callers as [`crate::Error::Diagnosis`].
#[derive(Debug, thiserror::Error)]
pub enum DiagnosisError {
    /// A text that must be written is empty.
    #[error("empty text: {0:?}")]
    Empty(Place),
    /// A text is longer than its limit.
    #[error("text too long ({max} characters at most): {place:?}")]
    TooLong {
        /// Which text.
        place: Place,
        /// The limit, in characters.
        max: usize,
    },
    /// More nodes, answers, causes or triggers than a tree holds.
    #[error("too many {what:?} ({max} at most)")]
    TooMany {
        /// Of what.
        what: Many,
        /// The limit.
        max: usize,
    },
    /// A node's or a choice's key is not lower-case letters, digits, `_`, `-`.
    #[error("bad key {key:?}")]
    BadKey {
        /// The key.
        key: String,
    },
    /// Two nodes share a key.
    #[error("two nodes are keyed {key:?}")]
    DuplicateNode {
        /// The key.
        key: String,
    },
    /// Two choices of a question share a key.
    #[error("two choices of {node:?} are keyed {choice:?}")]
    DuplicateChoice {
        /// The question.
        node: Spot,
        /// The key.
        choice: String,
    },
    /// The tree has no node, or starts with a conclusion.
    #[error("the tree does not start with a question")]
    NoQuestion,
    /// A question with fewer than two choices (or ranges).
    #[error("{node:?} has fewer than two answers")]
    TooFewAnswers {
        /// The question.
        node: Spot,
    },
    /// An answer leads to a node that does not exist: no conclusion is
    /// reached that way.
    #[error("{node:?} leads to missing node {to:?}")]
    DeadEnd {
        /// The question.
        node: Spot,
        /// The missing key (empty: it leads nowhere).
        to: String,
    },
    /// A path comes back to a node it went through.
    #[error("a path loops back to {node:?}")]
    Loop {
        /// The node reached again.
        node: Spot,
    },
    /// No path from the first question reaches this node.
    #[error("{node:?} is unreachable")]
    Unreachable {
        /// The node.
        node: Spot,
    },
    /// Values between two ranges lead nowhere.
    #[error("{node:?}: nothing between {from:?} and {to:?}")]
    RangeGap {
        /// The measure.
        node: Spot,
        /// Where the gap starts.
        from: Quantity,
        /// Where it ends.
        to: Quantity,
        /// The measure's unit.
        unit: Unit,
    },
    /// Two ranges both hold some values.
    #[error("{node:?}: ranges overlap at {at:?}")]
    RangeOverlap {
        /// The measure.
        node: Spot,
        /// A value held by both.
        at: Quantity,
        /// The measure's unit.
        unit: Unit,
    },
    /// A range's bound that is not a number of the measure's unit.
    #[error("{node:?}: range {n} has a bound {typed:?} that is no number")]
    BadBound {
        /// The measure.
        node: Spot,
        /// Which range (1 for the first).
        n: usize,
        /// What was typed.
        typed: String,
    },
    /// A range that ends where it starts, or before.
    #[error("{node:?}: range {n} is empty")]
    EmptyRange {
        /// The measure.
        node: Spot,
        /// Which range (1 for the first).
        n: usize,
    },
    /// An outcome names a canned job that does not exist (or was deleted).
    #[error("{node:?} names a canned job that does not exist")]
    UnknownCannedJob {
        /// The outcome.
        node: Spot,
    },
    /// A trigger that is not a trouble code or a range of them.
    #[error("not a trigger: {input:?}")]
    BadTrigger {
        /// What was typed.
        input: String,
    },
    /// A trigger starts at a node that is not a question of the tree.
    #[error("trigger {codes} starts at {start:?}, not a question of the tree")]
    TriggerStart {
        /// The trigger's codes.
        codes: String,
        /// The key it names.
        start: String,
    },
    /// A choice the question does not offer.
    #[error("{node:?} has no choice {choice:?}")]
    UnknownChoice {
        /// The question.
        node: Spot,
        /// The choice given.
        choice: String,
    },
    /// A measured value outside every range of the question.
    #[error("{node:?}: {value:?} is outside every range")]
    OutOfRange {
        /// The measure.
        node: Spot,
        /// The value given.
        value: Quantity,
        /// The measure's unit.
        unit: Unit,
    },
    /// A value given to a question with choices, or a choice to a measure.
    #[error("{node:?} takes the other kind of answer")]
    WrongAnswer {
        /// The question.
        node: Spot,
    },
    /// An answer to a node the diagnosis has not reached (or a conclusion).
    #[error("node {key:?} is not a question on the way")]
    NotAsked {
        /// The key given.
        key: String,
    },
    /// The diagnosis is closed: reopen it to change it.
    #[error("diagnosis is closed")]
    Closed,
    /// Codes cleared without the mechanic confirming it.
    #[error("clearing codes needs a confirmation")]
    ClearNotConfirmed,
}

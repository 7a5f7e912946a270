//! Following a tree: given the answers so far, the question to ask now or
//! the conclusion reached, and the way there (each question with its
//! answer) for the report. Pure functions over a tree and its answers, so
//! that a diagnostic session only keeps the answers and asks again.

use std::collections::BTreeMap;

use atelier_domain::{Locale, Quantity};
use serde::{Deserialize, Serialize};

use super::error::DiagnosisError as E;
use super::model::{Node, NodeId, Outcome, Step, Text, Tree, Unit};
use super::ranges::locate;

/// An answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The key of the choice picked.
    Choice(String),
    /// The value measured, in thousandths of the question's unit.
    Measured(Quantity),
}

/// The answers given so far, by question.
pub type Answers = BTreeMap<NodeId, Answer>;

/// A question on the way, with its answer as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answered {
    /// The question's key.
    pub node: NodeId,
    /// The question.
    pub question: Text,
    /// The answer given.
    pub answer: Answer,
    /// The answer for a person: the choice's label, or the value with its
    /// unit and what its range means (« 11,8 V — batterie déchargée »).
    pub shown: Text,
}

/// Where the answers lead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reached {
    /// A question still to answer.
    Question {
        /// The question's node.
        node: Node,
    },
    /// A conclusion.
    Outcome {
        /// The conclusion's key.
        node: NodeId,
        /// The likely causes, checks and canned job.
        outcome: Outcome,
    },
}

/// The way through a tree so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Walk {
    /// The questions answered on the way, in order.
    pub path: Vec<Answered>,
    /// The question to ask now, or the conclusion.
    pub at: Reached,
    /// Answers to questions off the way (an earlier answer was changed).
    pub unused: Vec<NodeId>,
}

/// Follows `tree` from `from` (a trigger's start; the first node when
/// `None`) along `answers`. Refused when an answer on the way does not fit
/// its question, or `from` is not a question of the tree.
pub fn walk(tree: &Tree, from: Option<&NodeId>, answers: &Answers) -> Result<Walk, E> {
    trace(tree, from, answers, true)
}

/// Answers `node` with `answer`, which must fit it: `node` is the question
/// asked now or one answered on the way (changing it). Answers the answers
/// that then hold, those off the new way left out.
pub fn answer(
    tree: &Tree,
    from: Option<&NodeId>,
    answers: &Answers,
    node: &NodeId,
    answer: Answer,
) -> Result<Answers, E> {
    let so_far = trace(tree, from, answers, false)?;
    let asked = so_far.path.iter().any(|a| &a.node == node)
        || matches!(&so_far.at, Reached::Question { node: n } if &n.id == node);
    let question = tree
        .node(node)
        .filter(|_| asked)
        .ok_or_else(|| E::NotAsked {
            key: node.0.clone(),
        })?;
    fits(question, &answer)?;
    let mut given = answers.clone();
    given.insert(node.clone(), answer);
    let then = trace(tree, from, &given, false)?;
    Ok(then
        .path
        .into_iter()
        .filter_map(|a| given.remove_entry(&a.node))
        .collect())
}

/// The node `answer` leads to from `node`, or why it does not fit.
pub fn fits<'t>(node: &'t Node, answer: &Answer) -> Result<&'t NodeId, E> {
    match (&node.step, answer) {
        (Step::Choice(q), Answer::Choice(key)) => q
            .choices
            .iter()
            .find(|c| &c.id == key)
            .map(|c| &c.next)
            .ok_or_else(|| E::UnknownChoice {
                node: node.spot(),
                choice: key.clone(),
            }),
        (Step::Measure(q), Answer::Measured(value)) => {
            locate(q, *value).map(|r| &r.next).ok_or(E::OutOfRange {
                node: node.spot(),
                value: *value,
                unit: q.unit,
            })
        }
        (Step::Outcome(_), _) => Err(E::NotAsked {
            key: node.id.0.clone(),
        }),
        _ => Err(E::WrongAnswer { node: node.spot() }),
    }
}

/// Walks the tree; `strict` refuses an answer that does not fit, otherwise
/// the walk stops at its question, as if unanswered.
fn trace(tree: &Tree, from: Option<&NodeId>, answers: &Answers, strict: bool) -> Result<Walk, E> {
    let mut at = match from {
        Some(key) => tree
            .node(key)
            .filter(|n| !matches!(n.step, Step::Outcome(_)))
            .ok_or_else(|| E::NotAsked { key: key.0.clone() })?,
        None => tree.start().ok_or(E::NoQuestion)?,
    };
    let mut path: Vec<Answered> = Vec::new();
    loop {
        if let Step::Outcome(outcome) = &at.step {
            let unused = unused(answers, &path);
            return Ok(Walk {
                path,
                at: Reached::Outcome {
                    node: at.id.clone(),
                    outcome: outcome.clone(),
                },
                unused,
            });
        }
        let next = match answers.get(&at.id).map(|a| (a, fits(at, a))) {
            Some((a, Ok(next))) => {
                path.push(Answered {
                    node: at.id.clone(),
                    question: at.step.title().cloned().unwrap_or_default(),
                    answer: a.clone(),
                    shown: shown(at, a),
                });
                next
            }
            Some((_, Err(e))) if strict => return Err(e),
            _ => {
                let unused = unused(answers, &path);
                return Ok(Walk {
                    path,
                    at: Reached::Question { node: at.clone() },
                    unused,
                });
            }
        };
        if path.iter().any(|a| &a.node == next) || path.len() > tree.nodes.len() {
            // Only a stored tree changed outside Atelier can loop.
            return Err(E::Loop { node: at.spot() });
        }
        at = tree.node(next).ok_or_else(|| E::DeadEnd {
            node: at.spot(),
            to: next.0.clone(),
        })?;
    }
}

fn unused(answers: &Answers, path: &[Answered]) -> Vec<NodeId> {
    answers
        .keys()
        .filter(|k| !path.iter().any(|a| &a.node == *k))
        .cloned()
        .collect()
}

/// An answer as a person reads it, in both languages.
fn shown(node: &Node, answer: &Answer) -> Text {
    match (&node.step, answer) {
        (Step::Choice(q), Answer::Choice(key)) => q
            .choices
            .iter()
            .find(|c| &c.id == key)
            .map(|c| c.label.clone())
            .unwrap_or_default(),
        (Step::Measure(q), Answer::Measured(v)) => {
            let label = locate(q, *v).and_then(|r| r.label.as_ref());
            let one = |l: Locale| {
                let value = measured(*v, q.unit, l);
                match label {
                    Some(t) => format!("{value} — {}", t.get(l)),
                    None => value,
                }
            };
            Text {
                fr: one(Locale::Fr),
                en: one(Locale::En),
            }
        }
        _ => Text::default(),
    }
}

/// « 11,8 V », « 650 tr/min ».
pub fn measured(value: Quantity, unit: Unit, locale: Locale) -> String {
    format!("{}\u{a0}{}", value.format(locale), unit.symbol(locale))
}

//! A decision tree as it is stored and shown: nodes that ask a question
//! with choices, ask for a measured value, or conclude with likely causes.
//! Every text is French first, with its English beside it.
//!
//! The nodes are one list, edited and synced as a whole; the first node is
//! where a diagnosis starts, and each answer names the node that follows
//! by its key.

use atelier_domain::{CannedJobId, DiagnosisTreeId, Quantity};
use serde::{Deserialize, Serialize};

use super::error::Spot;
pub use super::terms::{NodeId, Text, Unit};
use super::trigger::Trigger;
pub use crate::orders::recommendations::Severity;

/// One node of a tree: its key and what it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Its key, unique in the tree.
    pub id: NodeId,
    /// A question or a conclusion.
    #[serde(flatten)]
    pub step: Step,
}

/// What a node does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// A question answered by picking one choice.
    Choice(ChoiceQuestion),
    /// A question answered by a measured value, sorted into ranges.
    Measure(MeasureQuestion),
    /// The end of a path: likely causes and what to check.
    Outcome(Outcome),
}

/// A question answered by one of its choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChoiceQuestion {
    /// The question, as a mechanic asks it.
    pub question: Text,
    /// How to find the answer (which tool, where to look), if it helps.
    pub help: Option<Text>,
    /// The answers offered, in order.
    pub choices: Vec<Choice>,
}

/// One answer to a question with choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choice {
    /// Its key, unique in its question (`oui`, `non`, `clic`).
    pub id: String,
    /// What the mechanic reads on the button.
    pub label: Text,
    /// The node this answer leads to.
    pub next: NodeId,
}

/// A question answered by measuring a value: each range of values leads to
/// its own next node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureQuestion {
    /// What to measure, and how (« Tension batterie, moteur arrêté »).
    pub question: Text,
    /// How to measure it, if it helps.
    #[serde(default)]
    pub help: Option<Text>,
    /// The unit the value is read in.
    pub unit: Unit,
    /// The ranges, from the lowest values up, each starting where the one
    /// before ends.
    #[serde(default)]
    pub ranges: Vec<Range>,
}

/// A range of measured values and where it leads: `from` included, `to`
/// left out; no `from` is as low as it goes, no `to` as high.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Range {
    /// The lowest value in the range, in thousandths of the unit.
    #[serde(rename = "from_milli")]
    pub from: Option<Quantity>,
    /// The value just above the range, in thousandths of the unit.
    #[serde(rename = "to_milli")]
    pub to: Option<Quantity>,
    /// What the range means (« batterie déchargée »), if it helps.
    pub label: Option<Text>,
    /// The node a value in this range leads to.
    pub next: NodeId,
}

impl Range {
    /// Whether `value` falls in the range.
    pub fn holds(&self, value: Quantity) -> bool {
        self.from.is_none_or(|f| value >= f) && self.to.is_none_or(|t| value < t)
    }
}

/// Where a path ends: the likely causes, how urgent, what to check and the
/// canned job that does the repair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The likely causes, the likeliest first.
    #[serde(default)]
    pub causes: Vec<Text>,
    /// How soon the repair is needed.
    pub priority: Severity,
    /// What to check to confirm it, cheapest first.
    #[serde(default)]
    pub checks: Vec<Text>,
    /// The canned job that does the repair, if one fits.
    #[serde(default)]
    pub canned_job: Option<JobLink>,
}

/// How an outcome names its canned job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobLink {
    /// A canned job of this workshop, chosen by the owner: it must exist
    /// when the tree is saved.
    Id(CannedJobId),
    /// A canned job by its name, as the trees shipped with Atelier link
    /// theirs: the workshop's job of that name (accents and case aside),
    /// if it has one, found when the outcome is reached.
    Named(String),
}

/// A decision tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    /// Its id; the shipped trees' are fixed ([`super::shipped`]).
    pub id: DiagnosisTreeId,
    /// Its name (« Voyant moteur allumé »).
    pub name: Text,
    /// The trouble codes that start it, and where.
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// Its nodes; the first is where a diagnosis starts.
    pub nodes: Vec<Node>,
    /// Whether it is put away: kept, no longer offered.
    #[serde(default)]
    pub archived: bool,
}

impl Tree {
    /// The node with key `id`.
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// The node a diagnosis starts from.
    pub fn start(&self) -> Option<&Node> {
        self.nodes.first()
    }
}

impl Node {
    /// The node as a refusal names it.
    pub fn spot(&self) -> Spot {
        Spot {
            key: self.id.0.clone(),
            title: self.step.title().cloned().unwrap_or_default(),
        }
    }
}

impl Step {
    /// The nodes this one leads to, in the order of its answers.
    pub fn next(&self) -> Vec<&NodeId> {
        match self {
            Step::Choice(q) => q.choices.iter().map(|c| &c.next).collect(),
            Step::Measure(q) => q.ranges.iter().map(|r| &r.next).collect(),
            Step::Outcome(_) => Vec::new(),
        }
    }

    /// The question asked, or the likeliest cause of an outcome.
    pub fn title(&self) -> Option<&Text> {
        match self {
            Step::Choice(q) => Some(&q.question),
            Step::Measure(q) => Some(&q.question),
            Step::Outcome(o) => o.causes.first(),
        }
    }
}

//! The trees as stored: one row each, its nodes and its triggers one JSON
//! field each, edited and synced as a whole like a canned job's lines.
//! Saving checks the tree and writes the row, its operation and its audit
//! entry together, or nothing; only those who may change the settings save.

use atelier_domain::{CannedJobId, DiagnosisTreeId, Locale, Quantity};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::error::{DiagnosisError, Spot};
use super::model::{
    Choice, ChoiceQuestion, JobLink, MeasureQuestion, Node, NodeId, Outcome, Range, Step, Text,
    Tree, Unit,
};
use super::trigger::TriggerInput;
use super::validate::{check, tidy};
use crate::access::{Action, Actor};
use crate::outbox::{self, OpKind};
use crate::text::fold;
use crate::{Error, Result};

pub(super) const ENTITY: &str = "diagnosis_trees";

/// The tree editor's form: the whole tree, as the owner left it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TreeInput {
    /// The tree edited, or `None` for a new one.
    pub id: Option<DiagnosisTreeId>,
    /// Its name, French and English.
    pub name: Text,
    /// The codes that start it, as typed.
    pub triggers: Vec<TriggerInput>,
    /// Its nodes, the first where a diagnosis starts.
    pub nodes: Vec<NodeInput>,
}

/// A node in the editor: a stored [`Node`], but a measure's bounds as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInput {
    /// Its key, unique in the tree.
    pub id: NodeId,
    /// A question or a conclusion.
    #[serde(flatten)]
    pub step: StepInput,
}

/// What a node of the editor does: [`Step`], a measure's bounds as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepInput {
    /// A question answered by picking one choice.
    Choice(ChoiceQuestion),
    /// A question answered by a measured value.
    Measure(MeasureInput),
    /// The end of a path.
    Outcome(Outcome),
}

/// A measure in the editor: [`MeasureQuestion`], its bounds as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureInput {
    /// What to measure, and how.
    pub question: Text,
    /// How to measure it, if it helps.
    #[serde(default)]
    pub help: Option<Text>,
    /// The unit the value is read in.
    pub unit: Unit,
    /// The ranges, from the lowest values up.
    #[serde(default)]
    pub ranges: Vec<RangeInput>,
}

/// A range in the editor: its bounds as typed in the measure's unit
/// (« 12,4 »), empty for no bound.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RangeInput {
    /// The lowest value in the range, or empty.
    pub from: String,
    /// The value just above the range, or empty.
    pub to: String,
    /// What the range means, if it helps.
    pub label: Option<Text>,
    /// The node a value in this range leads to.
    pub next: NodeId,
}

impl NodeInput {
    /// The node it describes; a bound that is no number is refused.
    fn read(&self) -> Result<Node, DiagnosisError> {
        let step = match &self.step {
            StepInput::Choice(q) => Step::Choice(q.clone()),
            StepInput::Outcome(o) => Step::Outcome(o.clone()),
            StepInput::Measure(q) => {
                let bad = |n: usize, typed: &str| DiagnosisError::BadBound {
                    node: Spot {
                        key: self.id.0.trim().to_owned(),
                        title: q.question.clone(),
                    },
                    n,
                    typed: typed.trim().to_owned(),
                };
                let bound = |n: usize, typed: &str| match typed.trim() {
                    "" => Ok(None),
                    t => Quantity::parse(t).map(Some).map_err(|_| bad(n, t)),
                };
                let ranges = q
                    .ranges
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        Ok(Range {
                            from: bound(i + 1, &r.from)?,
                            to: bound(i + 1, &r.to)?,
                            label: r.label.clone(),
                            next: r.next.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, DiagnosisError>>()?;
                Step::Measure(MeasureQuestion {
                    question: q.question.clone(),
                    help: q.help.clone(),
                    unit: q.unit,
                    ranges,
                })
            }
        };
        Ok(Node {
            id: self.id.clone(),
            step,
        })
    }

    /// A stored node as the editor shows it, its bounds written for
    /// `locale`.
    pub fn of(node: &Node, locale: Locale) -> NodeInput {
        let step = match &node.step {
            Step::Choice(q) => StepInput::Choice(q.clone()),
            Step::Outcome(o) => StepInput::Outcome(o.clone()),
            Step::Measure(q) => {
                let typed = |b: Option<Quantity>| b.map(|b| b.format(locale)).unwrap_or_default();
                StepInput::Measure(MeasureInput {
                    question: q.question.clone(),
                    help: q.help.clone(),
                    unit: q.unit,
                    ranges: q
                        .ranges
                        .iter()
                        .map(|r| RangeInput {
                            from: typed(r.from),
                            to: typed(r.to),
                            label: r.label.clone(),
                            next: r.next.clone(),
                        })
                        .collect(),
                })
            }
        };
        NodeInput {
            id: node.id.clone(),
            step,
        }
    }
}

impl TreeInput {
    /// The form as a new tree: no id, « (copie) » after its names, to
    /// save beside the tree it copies (a shipped tree adapted by the owner).
    #[must_use]
    pub fn copy(self) -> TreeInput {
        let suffix = |name: &str, word: &str| {
            if name.trim().is_empty() {
                String::new()
            } else {
                format!("{} ({word})", name.trim())
            }
        };
        TreeInput {
            id: None,
            name: Text {
                fr: suffix(&self.name.fr, "copie"),
                en: suffix(&self.name.en, "copy"),
            },
            ..self
        }
    }

    /// A new tree as the editor starts it: a question answered yes or no,
    /// each answer leading to its conclusion, every text but the answers'
    /// left for the owner to write.
    pub fn blank() -> TreeInput {
        let outcome = |id: &str| NodeInput {
            id: id.into(),
            step: StepInput::Outcome(Outcome {
                causes: vec![Text::default()],
                priority: super::model::Severity::Watch,
                checks: vec![Text::default()],
                canned_job: None,
            }),
        };
        let choice = |id: &str, fr: &str, en: &str, next: &str| Choice {
            id: id.to_owned(),
            label: Text::new(fr, en),
            next: next.into(),
        };
        TreeInput {
            id: None,
            name: Text::default(),
            triggers: Vec::new(),
            nodes: vec![
                NodeInput {
                    id: "question_1".into(),
                    step: StepInput::Choice(ChoiceQuestion {
                        question: Text::default(),
                        help: None,
                        choices: vec![
                            choice("oui", "Oui", "Yes", "conclusion_1"),
                            choice("non", "Non", "No", "conclusion_2"),
                        ],
                    }),
                },
                outcome("conclusion_1"),
                outcome("conclusion_2"),
            ],
        }
    }

    /// A stored tree as the editor opens it, its bounds written for
    /// `locale`.
    pub fn of(tree: &Tree, locale: Locale) -> TreeInput {
        TreeInput {
            id: Some(tree.id),
            name: tree.name.clone(),
            triggers: tree.triggers.iter().map(TriggerInput::of).collect(),
            nodes: tree
                .nodes
                .iter()
                .map(|n| NodeInput::of(n, locale))
                .collect(),
        }
    }
}

/// The form the tree editor opens on: the tree `id`, or a new tree's
/// first question and two conclusions when `id` is `None`.
pub fn form(conn: &Connection, id: Option<DiagnosisTreeId>, locale: Locale) -> Result<TreeInput> {
    let Some(id) = id else {
        return Ok(TreeInput::blank());
    };
    Ok(TreeInput::of(&get(conn, id)?, locale))
}

/// Every tree not deleted, archived ones too, by name.
pub fn list(conn: &Connection) -> Result<Vec<Tree>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, name_en, triggers, nodes, archived FROM diagnosis_trees
          WHERE deleted_at IS NULL",
    )?;
    let mut trees = stmt
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    trees.sort_by_cached_key(|t| (fold(&t.name.fr), t.id));
    Ok(trees)
}

/// One tree.
pub fn get(conn: &Connection, id: DiagnosisTreeId) -> Result<Tree> {
    conn.prepare_cached(
        "SELECT id, name, name_en, triggers, nodes, archived FROM diagnosis_trees
          WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id.to_string()], row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "diagnosis tree",
        id: id.to_string(),
    })?
}

/// Saves a tree from the editor: a new one, or over the one it names (only
/// the fields that changed travel). Refused, writing nothing, when the
/// actor may not change the settings or the tree is not fit
/// ([`super::validate::check`], and every canned job it names by id exists).
pub fn save_tree(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    input: &TreeInput,
) -> Result<Tree> {
    actor.require(Action::Settings)?;
    let triggers = input
        .triggers
        .iter()
        .map(TriggerInput::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let old = input.id.map(|id| get(tx, id)).transpose()?;
    let mut tree = Tree {
        id: input.id.unwrap_or_default(),
        name: input.name.clone(),
        triggers,
        nodes: input
            .nodes
            .iter()
            .map(NodeInput::read)
            .collect::<Result<Vec<_>, _>>()?,
        archived: old.as_ref().is_some_and(|t| t.archived),
    };
    tidy(&mut tree);
    check(&tree)?;
    links(tx, &tree)?;
    let id = tree.id.to_string();
    let new = fields(&tree);
    let Some(old) = old else {
        let mut payload = new.clone();
        payload.insert("archived".to_owned(), Value::Bool(false));
        let hlc = outbox::record(
            tx,
            now_ms,
            ENTITY,
            &id,
            OpKind::Insert,
            &Value::Object(payload),
            None,
        )?;
        let (triggers, nodes) = stored(&new);
        tx.prepare_cached(
            "INSERT INTO diagnosis_trees (id, name, name_en, triggers, nodes, archived, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
        )?
        .execute(params![id, tree.name.fr, tree.name.en, triggers, nodes, hlc.as_i64()])?;
        return get(tx, tree.id);
    };
    let before = fields(&old);
    let changes = outbox::changes(&before, new.clone());
    if changes.is_empty() {
        return Ok(old);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id,
        OpKind::Update,
        &Value::Object(changes),
        Some(&before),
    )?;
    let (triggers, nodes) = stored(&new);
    tx.prepare_cached(
        "UPDATE diagnosis_trees SET name = ?2, name_en = ?3, triggers = ?4, nodes = ?5, updated_at = ?6
          WHERE id = ?1",
    )?
    .execute(params![id, tree.name.fr, tree.name.en, triggers, nodes, hlc.as_i64()])?;
    get(tx, tree.id)
}

/// Puts a tree away (`archived`), or back: kept, but no longer offered
/// nor started by a code.
pub fn archive(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: DiagnosisTreeId,
    archived: bool,
) -> Result<Tree> {
    actor.require(Action::Settings)?;
    let tree = get(tx, id)?;
    if tree.archived == archived {
        return Ok(tree);
    }
    let before = Map::from_iter([("archived".to_owned(), Value::Bool(tree.archived))]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({ "archived": archived }),
        Some(&before),
    )?;
    tx.prepare_cached("UPDATE diagnosis_trees SET archived = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id.to_string(), archived, hlc.as_i64()])?;
    get(tx, id)
}

/// Deletes a tree (a tombstone). A shipped tree deleted stays deleted: it
/// is not seeded again.
pub fn delete(tx: &Transaction<'_>, now_ms: u64, actor: &Actor, id: DiagnosisTreeId) -> Result<()> {
    actor.require(Action::Settings)?;
    get(tx, id)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE diagnosis_trees SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    Ok(())
}

/// The canned job an outcome links, if it (still) exists: the one chosen
/// by id, or the workshop's job of that name (accents and case aside).
pub fn canned_job(conn: &Connection, link: &JobLink) -> Result<Option<CannedJobId>> {
    let found: Option<String> = match link {
        JobLink::Id(id) => conn
            .prepare_cached("SELECT id FROM canned_jobs WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?,
        JobLink::Named(name) => conn
            .prepare_cached(
                "SELECT id FROM canned_jobs WHERE name_key = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            )?
            .query_row([fold(name)], |r| r.get(0))
            .optional()?,
    };
    found
        .map(|id| id.parse().map_err(|_| Error::Corrupt("canned_jobs.id")))
        .transpose()
}

/// Every canned job the tree links by id exists.
fn links(conn: &Connection, tree: &Tree) -> Result<()> {
    for node in &tree.nodes {
        if let Step::Outcome(o) = &node.step
            && let Some(link @ JobLink::Id(_)) = &o.canned_job
            && canned_job(conn, link)?.is_none()
        {
            return Err(DiagnosisError::UnknownCannedJob { node: node.spot() }.into());
        }
    }
    Ok(())
}

/// The synced fields of a tree, as they travel.
pub(super) fn fields(tree: &Tree) -> Map<String, Value> {
    Map::from_iter([
        ("name".to_owned(), Value::from(tree.name.fr.clone())),
        ("name_en".to_owned(), Value::from(tree.name.en.clone())),
        ("triggers".to_owned(), json!(tree.triggers)),
        ("nodes".to_owned(), json!(tree.nodes)),
    ])
}

/// The triggers' and the nodes' JSON as stored, from [`fields`].
pub(super) fn stored(fields: &Map<String, Value>) -> (String, String) {
    let text = |k: &str| fields.get(k).map(Value::to_string).unwrap_or_default();
    (text("triggers"), text("nodes"))
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Tree>> {
    let (id, fr, en, triggers, nodes, archived): (String, String, String, String, String, bool) = (
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    );
    let build = || -> Result<Tree> {
        Ok(Tree {
            id: id
                .parse()
                .map_err(|_| Error::Corrupt("diagnosis_trees.id"))?,
            name: Text { fr, en },
            triggers: serde_json::from_str(&triggers)
                .map_err(|_| Error::Corrupt("diagnosis_trees.triggers"))?,
            nodes: serde_json::from_str(&nodes)
                .map_err(|_| Error::Corrupt("diagnosis_trees.nodes"))?,
            archived,
        })
    };
    Ok(build())
}

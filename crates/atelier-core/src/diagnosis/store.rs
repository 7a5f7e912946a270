//! The trees as stored: one row each, its nodes and its triggers one JSON
//! field each, edited and synced as a whole like a canned job's lines.
//! Saving checks the tree and writes the row, its operation and its audit
//! entry together, or nothing; only those who may change the settings save.

use atelier_domain::{CannedJobId, DiagnosisTreeId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::error::DiagnosisError;
use super::model::{JobLink, Node, Step, Text, Tree};
use super::trigger::TriggerInput;
use super::validate::{check, tidy};
use crate::access::{Action, Actor};
use crate::outbox::{self, OpKind};
use crate::text::fold;
use crate::{Error, Result};

pub(super) const ENTITY: &str = "diagnosis_trees";

/// The tree editor's form: the whole tree, as the owner left it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct TreeInput {
    /// The tree edited, or `None` for a new one.
    pub id: Option<DiagnosisTreeId>,
    /// Its name, French and English.
    pub name: Text,
    /// The codes that start it, as typed.
    pub triggers: Vec<TriggerInput>,
    /// Its nodes, the first where a diagnosis starts.
    pub nodes: Vec<Node>,
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
        nodes: input.nodes.clone(),
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

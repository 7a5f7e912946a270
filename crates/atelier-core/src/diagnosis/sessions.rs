//! Starting, writing up, concluding and reopening a diagnosis. A diagnosis
//! belongs to an editable repair order; starting one on an order that
//! already has one open answers that one, so two taps make one diagnosis.

use atelier_domain::{CannedJobId, DiagnosisSessionId, DiagnosisTreeId, OrderId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::DiagnosisError;
use super::model::NodeId;
use super::session::{self, Session, SessionStatus};
use super::store;
use super::walk::{self, Answer, Answers, walk};
use crate::access::Actor;
use crate::amounts::parse_quantity;
use crate::orders::{self, canned, lines};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

pub(super) const ENTITY: &str = "diagnosis_sessions";
const TEXT_MAX: usize = 2000;
const SYMPTOM_MAX: usize = 500;

/// What the bench sends to start a diagnosis.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StartInput {
    /// What the customer or the mechanic noticed; the order's complaint when
    /// blank.
    pub symptom: Option<String>,
}

/// What the mechanic writes up: each field given replaces the one stored;
/// a field left out stays as it is.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct WriteUp {
    /// The symptom.
    pub symptom: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The conclusion.
    pub conclusion: Option<String>,
}

/// Starts a diagnosis on an order (or answers the one open on it). When the
/// owner chose a diagnosis fee and this is the order's first diagnosis, the
/// fee's canned job is added to the order's lines, if its lines may still
/// change without a supplement.
pub fn start(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    input: &StartInput,
) -> Result<Session> {
    let o = orders::editable(tx, order)?;
    if let Some(open) = session::open_of_order(tx, order)? {
        return Ok(open);
    }
    let symptom = clean(input.symptom.as_deref()).or_else(|| clean(o.complaint.as_deref()));
    max_len(Field::Symptom, symptom.as_deref(), SYMPTOM_MAX)?;
    let first = !has_any(tx, order)?;
    let id = DiagnosisSessionId::new();
    let user = actor.user.map(|u| u.to_string());
    let payload = json!({
        "order_id": order.to_string(), "vehicle_id": o.vehicle_id.to_string(),
        "started_by_id": user, "started_by_name": actor.name, "symptom": symptom,
        "answers": "{}", "status": "open",
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO diagnosis_sessions (id, order_id, vehicle_id, started_by_id, started_by_name,
                symptom, answers, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '{}', 'open', ?7, ?7)",
    )?
    .execute(params![
        id.to_string(),
        order.to_string(),
        o.vehicle_id.to_string(),
        user,
        actor.name,
        symptom,
        hlc.as_i64()
    ])?;
    let mut fee_job_id = None;
    if first
        && let Some(job) = fee_job(tx)?
        && lines::open_to_change(tx, &o, None, false).is_ok()
        && canned::get(tx, job).is_ok()
    {
        canned::apply_canned_job(tx, now_ms, order, job)?;
        fee_job_id = Some(job);
    }
    let mut s = session::get(tx, id)?;
    s.fee_job_id = fee_job_id;
    Ok(s)
}

/// Replaces the symptom, notes or conclusion of an open diagnosis. Only the
/// changed fields travel.
pub fn write_up(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: DiagnosisSessionId,
    input: &WriteUp,
) -> Result<Session> {
    let before = open(tx, id)?;
    let mut changes = Map::new();
    let mut old = Map::new();
    let fields = [
        (
            "symptom",
            Field::Symptom,
            SYMPTOM_MAX,
            &input.symptom,
            &before.symptom,
        ),
        ("notes", Field::Notes, TEXT_MAX, &input.notes, &before.notes),
        (
            "conclusion",
            Field::Conclusion,
            TEXT_MAX,
            &input.conclusion,
            &before.conclusion,
        ),
    ];
    for (name, field, max, given, stored) in fields {
        let Some(given) = given else { continue };
        let value = clean(Some(given));
        max_len(field, value.as_deref(), max)?;
        if value != *stored {
            changes.insert(name.to_owned(), json!(value));
            old.insert(name.to_owned(), json!(stored));
        }
    }
    update(tx, now_ms, &before, changes, old)
}

/// Chooses the decision tree to follow (or none), from its first question
/// or from `start` (where a trouble code starts it), forgetting the answers
/// given along another one.
pub fn choose_tree(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: DiagnosisSessionId,
    tree: Option<DiagnosisTreeId>,
    start: Option<NodeId>,
) -> Result<Session> {
    let before = open(tx, id)?;
    if let Some(tree) = tree {
        let t = store::get(tx, tree)
            .map_err(|_| Invalid::new(Field::DiagnosisTree, Problem::NotAllowed))?;
        walk(&t, start.as_ref(), &Answers::new())?;
    }
    let start = start.filter(|_| tree.is_some());
    if tree == before.tree_id && start == before.tree_start {
        return Ok(before);
    }
    let mut changes = Map::new();
    let mut old = Map::new();
    changes.insert("tree_id".to_owned(), json!(tree.map(|t| t.to_string())));
    old.insert(
        "tree_id".to_owned(),
        json!(before.tree_id.map(|t| t.to_string())),
    );
    changes.insert(
        "tree_start".to_owned(),
        json!(start.as_ref().map(|n| n.0.clone())),
    );
    old.insert(
        "tree_start".to_owned(),
        json!(before.tree_start.as_ref().map(|n| n.0.clone())),
    );
    if !before.answers.is_empty() {
        changes.insert("answers".to_owned(), json!("{}"));
        old.insert("answers".to_owned(), json!(answers_text(&before.answers)?));
    }
    update(tx, now_ms, &before, changes, old)
}

/// An answer as the bench sends it: the key of the choice picked, or the
/// value measured as typed (« 12,4 »).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    /// The choice's key.
    pub choice: Option<String>,
    /// The value, in the question's unit.
    pub value: Option<String>,
}

impl AnswerInput {
    /// The answer it gives; a value that is no number is refused.
    pub fn parse(&self) -> Result<Answer> {
        match (clean(self.choice.as_deref()), clean(self.value.as_deref())) {
            (Some(choice), _) => Ok(Answer::Choice(choice)),
            (None, Some(value)) => Ok(Answer::Measured(parse_quantity(&value, Field::Answer)?)),
            (None, None) => Err(Invalid::new(Field::Answer, Problem::Required).into()),
        }
    }
}

/// Answers a question of the tree followed: the one asked now, or one
/// answered on the way (the answers after it that no longer lie on the way
/// are dropped). An answer that does not fit the question is refused.
pub fn answer(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: DiagnosisSessionId,
    node: &NodeId,
    given: Answer,
) -> Result<Session> {
    let before = open(tx, id)?;
    let tree = before
        .tree_id
        .ok_or(Invalid::new(Field::DiagnosisTree, Problem::Required))?;
    let tree = store::get(tx, tree)?;
    let answers = walk::answer(
        &tree,
        before.tree_start.as_ref(),
        &before.answers,
        node,
        given,
    )?;
    if answers == before.answers {
        return Ok(before);
    }
    let mut changes = Map::new();
    let mut old = Map::new();
    changes.insert("answers".to_owned(), json!(answers_text(&answers)?));
    old.insert("answers".to_owned(), json!(answers_text(&before.answers)?));
    update(tx, now_ms, &before, changes, old)
}

/// Concludes a diagnosis: it is read only from then on. A conclusion is
/// needed.
pub fn close(tx: &Transaction<'_>, now_ms: u64, id: DiagnosisSessionId) -> Result<Session> {
    let before = open(tx, id)?;
    if before.conclusion.is_none() {
        return Err(Invalid::new(Field::Conclusion, Problem::Required).into());
    }
    set_status(tx, now_ms, &before, SessionStatus::Closed)
}

/// Opens a closed diagnosis again, while its order may still change.
pub fn reopen(tx: &Transaction<'_>, now_ms: u64, id: DiagnosisSessionId) -> Result<Session> {
    let before = session::get(tx, id)?;
    orders::editable(tx, before.order_id)?;
    set_status(tx, now_ms, &before, SessionStatus::Open)
}

/// Refuses a change to a diagnosis that is closed or whose order no
/// longer changes, before anything outside the database is touched (the
/// car's codes cleared).
pub fn check_open(conn: &Connection, id: DiagnosisSessionId) -> Result<()> {
    open(conn, id).map(|_| ())
}

/// The diagnosis, refused when it is closed or its order no longer changes.
pub(super) fn open(conn: &Connection, id: DiagnosisSessionId) -> Result<Session> {
    let s = session::get(conn, id)?;
    if s.status == SessionStatus::Closed {
        return Err(DiagnosisError::Closed.into());
    }
    orders::editable(conn, s.order_id)?;
    Ok(s)
}

fn set_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    before: &Session,
    status: SessionStatus,
) -> Result<Session> {
    if before.status == status {
        return Ok(before.clone());
    }
    let changes = Map::from_iter([("status".to_owned(), json!(status.as_str()))]);
    let old = Map::from_iter([("status".to_owned(), json!(before.status.as_str()))]);
    update(tx, now_ms, before, changes, old)
}

/// Records the changed fields and writes them.
fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    before: &Session,
    changes: Map<String, Value>,
    old: Map<String, Value>,
) -> Result<Session> {
    if changes.is_empty() {
        return Ok(before.clone());
    }
    let id = before.id.to_string();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id,
        OpKind::Update,
        &Value::Object(changes.clone()),
        Some(&old),
    )?;
    for (column, value) in &changes {
        // The column names come from this module's own list above.
        let sql =
            format!("UPDATE diagnosis_sessions SET {column} = ?2, updated_at = ?3 WHERE id = ?1");
        tx.prepare_cached(&sql)?.execute(params![
            id,
            value.as_str().map(str::to_owned),
            hlc.as_i64()
        ])?;
    }
    session::get(tx, before.id)
}

fn answers_text(answers: &Answers) -> Result<String> {
    serde_json::to_string(answers).map_err(|_| Error::Corrupt("diagnosis_sessions.answers"))
}

fn has_any(conn: &Connection, order: OrderId) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM diagnosis_sessions WHERE order_id = ?1)")?
        .query_row([order.to_string()], |r| r.get(0))?)
}

/// A diagnosis's fields that may hold what a customer said (the symptom
/// starts as the order's complaint) or about them: erased with their
/// other personal data when they are anonymised.
pub(crate) fn personal() -> Map<String, Value> {
    Map::from_iter([
        ("symptom".to_owned(), Value::Null),
        ("notes".to_owned(), Value::Null),
    ])
}

/// Erases the [`personal`] fields of diagnosis `id` named in `fields`.
pub(crate) fn erase_personal(tx: &Transaction<'_>, id: &str, fields: &[String]) -> Result<()> {
    for field in personal().keys().filter(|f| fields.contains(f)) {
        // A column of `personal`'s, never a name from outside.
        tx.prepare_cached(&format!(
            "UPDATE diagnosis_sessions SET {field} = NULL WHERE id = ?1"
        ))?
        .execute([id])?;
    }
    Ok(())
}

/// The canned job the owner chose as the diagnosis fee, if any.
pub fn fee_job(conn: &Connection) -> Result<Option<CannedJobId>> {
    let id: Option<Option<String>> = conn
        .prepare_cached("SELECT diagnosis_fee_job_id FROM workshop")?
        .query_row([], |r| r.get(0))
        .optional()?;
    id.flatten()
        .map(|id| orders::parse_id(&id, "workshop.diagnosis_fee_job_id"))
        .transpose()
}

/// Chooses the canned job added to an order when its first diagnosis
/// starts (the owner's choice), or none.
pub fn set_fee_job(
    tx: &Transaction<'_>,
    now_ms: u64,
    job: Option<&str>,
) -> Result<Option<CannedJobId>> {
    let before = fee_job(tx)?;
    let job: Option<CannedJobId> = match clean(job) {
        None => None,
        Some(text) => {
            let id = text
                .parse()
                .map_err(|_| Invalid::new(Field::DiagnosisFee, Problem::NotAllowed))?;
            canned::get(tx, id)
                .map_err(|_| Invalid::new(Field::DiagnosisFee, Problem::NotAllowed))?;
            Some(id)
        }
    };
    if job == before {
        return Ok(before);
    }
    let text = job.map(|j| j.to_string());
    let hlc = outbox::record(
        tx,
        now_ms,
        "workshop",
        "1",
        OpKind::Update,
        &json!({ "diagnosis_fee_job_id": text }),
        Some(&Map::from_iter([(
            "diagnosis_fee_job_id".to_owned(),
            json!(before.map(|j| j.to_string())),
        )])),
    )?;
    let changed = tx
        .prepare_cached("UPDATE workshop SET diagnosis_fee_job_id = ?1, updated_at = ?2")?
        .execute(params![text, hlc.as_i64()])?;
    if changed == 0 {
        return Err(Error::NotFound {
            entity: "workshop",
            id: "1".to_owned(),
        });
    }
    Ok(job)
}

//! The mechanic's checks and measurements in a diagnosis, in the order
//! made: what was checked, what was found, the value and its unit. Never
//! changed once written: a check made again is a new line.

use atelier_domain::{DiagnosisCheckId, DiagnosisSessionId, Quantity};
use rusqlite::{Transaction, params};
use serde::Deserialize;
use serde_json::json;

use super::session::{self, Check};
use super::sessions;
use crate::access::Actor;
use crate::amounts::parse_quantity;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "diagnosis_checks";
const DESCRIPTION_MAX: usize = 200;
const RESULT_MAX: usize = 500;
const UNIT_MAX: usize = 12;

/// A check as the bench sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckInput {
    /// What was checked.
    pub description: Option<String>,
    /// What was found, in words.
    pub result: Option<String>,
    /// The value measured, as typed (« 12,4 »).
    pub value: Option<String>,
    /// Its unit.
    pub unit: Option<String>,
}

/// Records a check in an open diagnosis.
pub fn record(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    session: DiagnosisSessionId,
    input: &CheckInput,
) -> Result<Check> {
    let s = sessions::open(tx, session)?;
    let description =
        clean(input.description.as_deref()).ok_or(Invalid::new(Field::Check, Problem::Required))?;
    max_len(Field::Check, Some(&description), DESCRIPTION_MAX)?;
    let result = clean(input.result.as_deref());
    max_len(Field::CheckResult, result.as_deref(), RESULT_MAX)?;
    let value: Option<Quantity> = clean(input.value.as_deref())
        .map(|v| parse_signed(&v))
        .transpose()?;
    let unit = clean(input.unit.as_deref());
    max_len(Field::Unit, unit.as_deref(), UNIT_MAX)?;
    if result.is_none() && value.is_none() {
        return Err(Invalid::new(Field::CheckResult, Problem::Required).into());
    }
    let id = DiagnosisCheckId::new();
    let user = actor.user.map(|u| u.to_string());
    let payload = json!({
        "session_id": s.id.to_string(), "description": description, "result": result,
        "value_milli": value.map(Quantity::milli), "unit": unit,
        "user_id": user, "user_name": actor.name,
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
        "INSERT INTO diagnosis_checks (id, session_id, description, result, value_milli, unit,
                user_id, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id.to_string(),
        s.id.to_string(),
        description,
        result,
        value.map(Quantity::milli),
        unit,
        user,
        actor.name,
        hlc.as_i64()
    ])?;
    session::checks_of(tx, session)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(Error::Corrupt("diagnosis_checks"))
}

/// A measured value, which may be below zero (a fuel trim of -12 %, a
/// vacuum in bar).
fn parse_signed(text: &str) -> Result<Quantity> {
    let (negative, digits) = match text.trim().strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let q = parse_quantity(digits, Field::CheckResult)?;
    Ok(if negative {
        Quantity::from_milli(-q.milli())
    } else {
        q
    })
}

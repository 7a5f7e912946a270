//! A diagnosis as stored, and its reads: the session's row with what was
//! read from the car, the checks made and the findings, as one record for
//! the bench, the order's page and the diagnosis PDF.

use atelier_domain::Locale;
use atelier_domain::{
    CannedJobId, DiagnosisCheckId, DiagnosisReadingId, DiagnosisSessionId, DiagnosisTreeId,
    OrderId, Quantity, VehicleId,
};
use atelier_dtc::{Code, Make};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{NodeId, Text};
use super::starts::trees_for_codes;
use super::store;
use super::titles;
use super::walk::{Answers, Reached, Walk, walk};
use crate::device::stored_hlc;
use crate::orders::parse_id;
use crate::orders::recommendations::{self, Recommendation};
use crate::text::rfc3339;
use crate::{Error, Result};

/// Whether a diagnosis is still being made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Codes, checks and findings may still be added.
    Open,
    /// Concluded: read only until reopened.
    Closed,
}

crate::text::str_enum!(SessionStatus {
    Open => "open",
    Closed => "closed",
});

/// How a reading came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingKind {
    /// Read from the car through the adapter.
    Read,
    /// Typed by the mechanic (another scan tool, the customer's paper).
    Typed,
    /// The codes were cleared in the car (mode 04), confirmed.
    Cleared,
}

crate::text::str_enum!(ReadingKind {
    Read => "read",
    Typed => "typed",
    Cleared => "cleared",
});

/// Where a code stands in the car's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeState {
    /// Confirmed, stored (mode 03): what lights the warning lamp.
    Stored,
    /// Seen once, not confirmed yet (mode 07).
    Pending,
    /// Permanent (mode 0A): clears only when the car has checked itself.
    Permanent,
}

/// One code read, with its meaning for this vehicle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadCode {
    /// The code, normalised (`P0420`).
    pub code: String,
    /// Stored, pending or permanent.
    pub state: CodeState,
    /// Its title: the owner's, else the library's French (or the make's own
    /// meaning in English); `None` for a code the library does not know.
    pub title: Option<String>,
    /// The English, shown beside a title the glossary did not fully
    /// translate.
    pub english: Option<String>,
}

/// One reading of the car's codes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reading {
    /// Stable id.
    pub id: DiagnosisReadingId,
    /// Read, typed or cleared.
    pub kind: ReadingKind,
    /// The codes, stored first.
    pub codes: Vec<ReadCode>,
    /// Whether the engine warning lamp (MIL) was on.
    pub mil: Option<bool>,
    /// The VIN the car gave.
    pub vin: Option<String>,
    /// The odometer then, when typed.
    pub mileage_km: Option<i64>,
    /// What else the adapter gave: monitors, freeze frame, live values,
    /// adapter, protocol, warnings.
    pub details: Value,
    /// Who read it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A check or measurement the mechanic made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable id.
    pub id: DiagnosisCheckId,
    /// What was checked (« Tension batterie moteur arrêté »).
    pub description: String,
    /// What was found, in words.
    pub result: Option<String>,
    /// The value measured.
    #[serde(rename = "value_milli")]
    pub value: Option<Quantity>,
    /// Its unit (V, A, bar, °C, Ω…).
    pub unit: Option<String>,
    /// Who made it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A diagnosis on a repair order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Session {
    /// Stable id.
    pub id: DiagnosisSessionId,
    /// The order it belongs to.
    pub order_id: OrderId,
    /// The vehicle diagnosed.
    pub vehicle_id: VehicleId,
    /// Who started it.
    pub started_by: String,
    /// What the customer or the mechanic noticed.
    pub symptom: Option<String>,
    /// The decision tree followed, if any.
    pub tree_id: Option<DiagnosisTreeId>,
    /// The question it started from, when a trouble code chose it.
    pub tree_start: Option<NodeId>,
    /// The tree's answers so far, by question.
    pub answers: Answers,
    /// The tree followed: its name, the way so far and the question to ask
    /// now or the conclusion; `None` without a tree, or when the tree was
    /// deleted or edited so that the answers no longer lead anywhere.
    pub guide: Option<Guide>,
    /// The trees the codes read start, and where: what to offer first.
    pub suggested: Vec<Suggestion>,
    /// The mechanic's notes.
    pub notes: Option<String>,
    /// What was concluded.
    pub conclusion: Option<String>,
    /// Open or closed.
    pub status: SessionStatus,
    /// When it started (RFC 3339).
    pub created_at: String,
    /// The readings, oldest first.
    pub readings: Vec<Reading>,
    /// The checks, oldest first.
    pub checks: Vec<Check>,
    /// Its findings: the vehicle's recommended work it raised.
    pub findings: Vec<Recommendation>,
    /// The canned job added to the order when it started, if the owner
    /// chose one and the order took it.
    pub fee_job_id: Option<CannedJobId>,
}

/// A tree being followed, and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guide {
    /// The tree's name.
    pub name: Text,
    /// The way so far and what comes next.
    pub walk: Walk,
}

/// A tree the codes read start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The tree.
    pub tree_id: DiagnosisTreeId,
    /// Its name.
    pub name: Text,
    /// The question to start from, when not its first.
    pub start: Option<NodeId>,
    /// The codes that start it.
    pub codes: Vec<String>,
}

const SELECT: &str = "SELECT id, order_id, vehicle_id, started_by_name, symptom, tree_id, answers,
        notes, conclusion, status, created_at, tree_start
   FROM diagnosis_sessions";

/// One diagnosis, with its readings, checks and findings.
pub fn get(conn: &Connection, id: DiagnosisSessionId) -> Result<Session> {
    let mut s = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "diagnosis",
            id: id.to_string(),
        })??;
    fill(conn, &mut s)?;
    Ok(s)
}

/// The diagnoses of an order, oldest first.
pub fn of_order(conn: &Connection, order: OrderId) -> Result<Vec<Session>> {
    let ids: Vec<String> = conn
        .prepare_cached(
            "SELECT id FROM diagnosis_sessions WHERE order_id = ?1 AND deleted_at IS NULL
              ORDER BY created_at",
        )?
        .query_map([order.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter()
        .map(|id| get(conn, parse_id(id, "diagnosis_sessions.id")?))
        .collect()
}

/// A diagnosis as the vehicle's page lists it: when, on which order, the
/// codes read, the tree's likely cause and the conclusion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Past {
    /// The diagnosis.
    pub id: DiagnosisSessionId,
    /// The order it was made on.
    pub order_id: OrderId,
    /// That order's number (its estimate's before it was signed).
    pub order_number: Option<String>,
    /// When it started (RFC 3339).
    pub at: String,
    /// Who started it.
    pub by: String,
    /// Open or closed.
    pub status: SessionStatus,
    /// What the customer or the mechanic noticed.
    pub symptom: Option<String>,
    /// Every code read, once each, in the order first read (cleared ones
    /// aside).
    pub codes: Vec<String>,
    /// The tree followed, if any.
    pub tree: Option<Text>,
    /// The likeliest cause the tree reached, if it reached one.
    pub likely_cause: Option<Text>,
    /// What was concluded.
    pub conclusion: Option<String>,
    /// How many findings (recommended work) it raised.
    pub findings: usize,
}

/// The diagnoses of a vehicle, on every order, newest first.
pub fn of_vehicle(conn: &Connection, vehicle: VehicleId) -> Result<Vec<Past>> {
    let rows: Vec<(String, Option<String>)> = conn
        .prepare_cached(
            "SELECT s.id, COALESCE(o.order_number, o.estimate_number)
               FROM diagnosis_sessions s JOIN orders o ON o.id = s.order_id
              WHERE s.vehicle_id = ?1 AND s.deleted_at IS NULL
              ORDER BY s.created_at DESC",
        )?
        .query_map([vehicle.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.iter()
        .map(|(id, number)| {
            let s = get(conn, parse_id(id, "diagnosis_sessions.id")?)?;
            let mut codes: Vec<String> = Vec::new();
            for r in s.readings.iter().filter(|r| r.kind != ReadingKind::Cleared) {
                for c in &r.codes {
                    if !codes.contains(&c.code) {
                        codes.push(c.code.clone());
                    }
                }
            }
            let likely_cause = s.guide.as_ref().and_then(|g| match &g.walk.at {
                Reached::Outcome { outcome, .. } => outcome.causes.first().cloned(),
                Reached::Question { .. } => None,
            });
            Ok(Past {
                id: s.id,
                order_id: s.order_id,
                order_number: number.clone(),
                at: s.created_at,
                by: s.started_by,
                status: s.status,
                symptom: s.symptom,
                codes,
                tree: s.guide.map(|g| g.name),
                likely_cause,
                conclusion: s.conclusion,
                findings: s.findings.len(),
            })
        })
        .collect()
}

/// The open diagnosis of an order, if one is.
pub(crate) fn open_of_order(conn: &Connection, order: OrderId) -> Result<Option<Session>> {
    let id: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM diagnosis_sessions
              WHERE order_id = ?1 AND status = 'open' AND deleted_at IS NULL
              ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row([order.to_string()], |r| r.get(0))
        .optional()?;
    id.map(|id| get(conn, parse_id(&id, "diagnosis_sessions.id")?))
        .transpose()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Session>> {
    let (id, order, vehicle): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
    let (answers, status, created): (String, String, i64) = (r.get(6)?, r.get(9)?, r.get(10)?);
    let (tree_id, tree_start): (Option<String>, Option<String>) = (r.get(5)?, r.get(11)?);
    let (started_by, symptom, notes, conclusion) = (r.get(3)?, r.get(4)?, r.get(7)?, r.get(8)?);
    let build = || -> Result<Session> {
        Ok(Session {
            id: parse_id(&id, "diagnosis_sessions.id")?,
            order_id: parse_id(&order, "diagnosis_sessions.order_id")?,
            vehicle_id: parse_id(&vehicle, "diagnosis_sessions.vehicle_id")?,
            started_by,
            symptom,
            tree_id: tree_id
                .map(|t| parse_id(&t, "diagnosis_sessions.tree_id"))
                .transpose()?,
            tree_start: tree_start.map(NodeId),
            answers: serde_json::from_str(&answers)
                .map_err(|_| Error::Corrupt("diagnosis_sessions.answers"))?,
            guide: None,
            suggested: Vec::new(),
            notes,
            conclusion,
            status: SessionStatus::parse(&status)
                .ok_or(Error::Corrupt("diagnosis_sessions.status"))?,
            created_at: rfc3339(stored_hlc(created)?),
            readings: Vec::new(),
            checks: Vec::new(),
            findings: Vec::new(),
            fee_job_id: None,
        })
    };
    Ok(build())
}

/// Reads the session's readings, checks and findings into it.
fn fill(conn: &Connection, s: &mut Session) -> Result<()> {
    let make = crate::vehicles::get(conn, s.vehicle_id)?.make;
    s.readings = readings_of(conn, s.id, make.as_deref())?;
    s.checks = checks_of(conn, s.id)?;
    s.findings = recommendations::of_session(conn, s.id)?;
    s.guide = match s.tree_id {
        Some(tree) => match store::get(conn, tree) {
            Ok(tree) => walk(&tree, s.tree_start.as_ref(), &s.answers)
                .ok()
                .map(|walk| Guide {
                    name: tree.name,
                    walk,
                }),
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut codes: Vec<Code> = Vec::new();
    for r in s.readings.iter().filter(|r| r.kind != ReadingKind::Cleared) {
        for c in &r.codes {
            if let Ok(code) = Code::parse(&c.code)
                && !codes.contains(&code)
            {
                codes.push(code);
            }
        }
    }
    s.suggested = trees_for_codes(conn, &codes)?
        .into_iter()
        .map(|t| Suggestion {
            tree_id: t.tree.id,
            name: t.tree.name,
            start: t.start,
            codes: t.codes.iter().map(|c| c.as_str().to_owned()).collect(),
        })
        .collect();
    Ok(())
}

/// The readings of a diagnosis, oldest first, each code with its title for
/// the vehicle's make.
pub(super) fn readings_of(
    conn: &Connection,
    session: DiagnosisSessionId,
    make: Option<&str>,
) -> Result<Vec<Reading>> {
    let make = make.and_then(Make::new);
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, codes, mil, vin, mileage_km, details, user_name, created_at
           FROM diagnosis_readings WHERE session_id = ?1 ORDER BY created_at",
    )?;
    let rows = stmt
        .query_map([session.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, kind, codes, mil, vin, mileage_km, details, by, at) in rows {
        out.push(Reading {
            id: parse_id(&id, "diagnosis_readings.id")?,
            kind: ReadingKind::parse(&kind).ok_or(Error::Corrupt("diagnosis_readings.kind"))?,
            codes: read_codes(conn, &codes, make.as_ref())?,
            mil: mil.map(|m| m != 0),
            vin,
            mileage_km,
            details: serde_json::from_str(&details)
                .map_err(|_| Error::Corrupt("diagnosis_readings.details"))?,
            by,
            at: rfc3339(stored_hlc(at)?),
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct StoredCode {
    code: String,
    state: CodeState,
}

fn read_codes(conn: &Connection, text: &str, make: Option<&Make>) -> Result<Vec<ReadCode>> {
    let stored: Vec<StoredCode> =
        serde_json::from_str(text).map_err(|_| Error::Corrupt("diagnosis_readings.codes"))?;
    let mut codes = Vec::with_capacity(stored.len());
    for c in stored {
        let code = Code::parse(&c.code).map_err(|_| Error::Corrupt("diagnosis_readings.codes"))?;
        let meaning = titles::explain(conn, code, make, Locale::Fr)?;
        codes.push(ReadCode {
            code: code.as_str().to_owned(),
            state: c.state,
            title: meaning.title,
            english: meaning.english,
        });
    }
    codes.sort_by_key(|c| c.state != CodeState::Stored);
    Ok(codes)
}

/// The checks of a diagnosis, oldest first.
pub(super) fn checks_of(conn: &Connection, session: DiagnosisSessionId) -> Result<Vec<Check>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, description, result, value_milli, unit, user_name, created_at
           FROM diagnosis_checks WHERE session_id = ?1 ORDER BY created_at",
    )?;
    let rows = stmt
        .query_map([session.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, description, result, value, unit, by, at)| {
            Ok(Check {
                id: parse_id(&id, "diagnosis_checks.id")?,
                description,
                result,
                value: value.map(Quantity::from_milli),
                unit,
                by,
                at: rfc3339(stored_hlc(at)?),
            })
        })
        .collect()
}

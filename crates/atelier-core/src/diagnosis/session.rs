//! A diagnosis as stored, and its reads: the session's row with what was
//! read from the car, the checks made and the findings, as one record for
//! the bench, the order's page and the diagnosis PDF.

use std::collections::BTreeMap;

use atelier_domain::{
    CannedJobId, DiagnosisCheckId, DiagnosisReadingId, DiagnosisSessionId, OrderId, Quantity,
    VehicleId,
};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
    pub tree_id: Option<String>,
    /// The tree's answers so far, by node.
    pub answers: BTreeMap<String, Value>,
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

const SELECT: &str = "SELECT id, order_id, vehicle_id, started_by_name, symptom, tree_id, answers,
        notes, conclusion, status, created_at
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
    let (started_by, symptom, tree_id, notes, conclusion) =
        (r.get(3)?, r.get(4)?, r.get(5)?, r.get(7)?, r.get(8)?);
    let build = || -> Result<Session> {
        Ok(Session {
            id: parse_id(&id, "diagnosis_sessions.id")?,
            order_id: parse_id(&order, "diagnosis_sessions.order_id")?,
            vehicle_id: parse_id(&vehicle, "diagnosis_sessions.vehicle_id")?,
            started_by,
            symptom,
            tree_id,
            answers: serde_json::from_str(&answers)
                .map_err(|_| Error::Corrupt("diagnosis_sessions.answers"))?,
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
    s.readings = super::readings::of_session(conn, s.id, make.as_deref())?;
    s.checks = super::checks::of_session(conn, s.id)?;
    s.findings = recommendations::of_session(conn, s.id)?;
    Ok(())
}

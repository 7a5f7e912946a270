//! Recommended (deferred) work: what the customer did not have done yet —
//! declined supplement lines, amber and red inspection points. It stays on
//! the vehicle, open, for the next visit; the front desk turns the chosen
//! ones into a new estimate in one go, and they close themselves when that
//! order is done.

use atelier_domain::{
    CannedJobId, DiagnosisSessionId, Locale, Money, OrderId, OrderLineId, Percent, Quantity,
    RecommendationId, VehicleId,
};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};

use super::canned;
use super::header::{self, OrderInput};
use super::lines::{self, DEFAULT_RATE, Defaults, LineFields, LineKind};
use super::{Order, get as get_order, parse_id};
use crate::access::Actor;
use crate::device::stored_hlc;
use crate::outbox::{self, OpKind};
use crate::text::rfc3339;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result, vehicles};

const ENTITY: &str = "vehicle_recommendations";

/// How soon the work is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Amber: to watch, plan it.
    Watch,
    /// Red: needed now.
    Urgent,
}

crate::text::str_enum!(Severity {
    Watch => "watch",
    Urgent => "urgent",
});

/// Where a recommendation comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An amber or red inspection point.
    Inspection,
    /// A line of a supplement the customer declined.
    Declined,
    /// A finding of a diagnosis.
    Diagnosis,
}

crate::text::str_enum!(Source {
    Inspection => "inspection",
    Declined => "declined",
    Diagnosis => "diagnosis",
});

/// Where a recommendation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    /// Waiting for the next visit.
    Open,
    /// Turned into an estimate.
    Accepted,
    /// Carried out.
    Done,
    /// No longer relevant.
    Dismissed,
}

crate::text::str_enum!(RecommendationStatus {
    Open => "open",
    Accepted => "accepted",
    Done => "done",
    Dismissed => "dismissed",
});

/// Work recommended on a vehicle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// Stable id.
    pub id: RecommendationId,
    /// The vehicle.
    pub vehicle_id: VehicleId,
    /// The order it was found on.
    pub source_order_id: Option<OrderId>,
    /// Inspection, declined supplement or diagnosis.
    pub source: Source,
    /// The diagnosis it was found in.
    pub source_session_id: Option<DiagnosisSessionId>,
    /// The canned job that carries it out: its lines are the estimate's.
    pub canned_job_id: Option<CannedJobId>,
    /// What to do.
    pub description: String,
    /// Amber or red.
    pub severity: Severity,
    /// Where it stands.
    pub status: RecommendationStatus,
    /// The estimate it became.
    pub estimate_id: Option<OrderId>,
    /// When it was found (RFC 3339).
    pub created_at: String,
}

/// A recommendation to record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct New<'a> {
    pub vehicle: VehicleId,
    pub order: Option<OrderId>,
    pub source: Source,
    pub line_id: Option<OrderLineId>,
    pub session: Option<DiagnosisSessionId>,
    pub canned_job: Option<CannedJobId>,
    pub description: &'a str,
    pub severity: Severity,
}

/// Records an open recommendation; answers its id.
pub(crate) fn insert(tx: &Transaction<'_>, now_ms: u64, r: &New<'_>) -> Result<RecommendationId> {
    let id = RecommendationId::new();
    let order = r.order.map(|o| o.to_string());
    let line = r.line_id.map(|l| l.to_string());
    let session = r.session.map(|s| s.to_string());
    let job = r.canned_job.map(|j| j.to_string());
    let mut payload = json!({
        "vehicle_id": r.vehicle.to_string(), "source_order_id": order, "source": r.source.as_str(),
        "source_line_id": line, "description": r.description,
        "severity": r.severity.as_str(), "status": "open",
    });
    // Only a diagnosis's findings name these: a station of an older version
    // stores the others as it always did.
    if let Some(fields) = payload.as_object_mut() {
        if session.is_some() {
            fields.insert("source_session_id".to_owned(), json!(session));
        }
        if job.is_some() {
            fields.insert("canned_job_id".to_owned(), json!(job));
        }
    }
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
        "INSERT INTO vehicle_recommendations (id, vehicle_id, source_order_id, source, source_line_id,
                description, severity, status, created_at, updated_at, source_session_id, canned_job_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?8, ?9, ?10)",
    )?
    .execute(params![
        id.to_string(),
        r.vehicle.to_string(),
        order,
        r.source.as_str(),
        line,
        r.description,
        r.severity.as_str(),
        hlc.as_i64(),
        session,
        job,
    ])?;
    Ok(id)
}

/// Rewrites what an open recommendation says (an inspection point re-checked).
pub(crate) fn revise(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: RecommendationId,
    description: &str,
    severity: Severity,
) -> Result<()> {
    let r = get(tx, id)?;
    if r.description == description && r.severity == severity {
        return Ok(());
    }
    let old = Map::from_iter([
        ("description".to_owned(), json!(r.description)),
        ("severity".to_owned(), json!(r.severity.as_str())),
    ]);
    let payload = json!({ "description": description, "severity": severity.as_str() });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &payload,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE vehicle_recommendations SET description = ?2, severity = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        description,
        severity.as_str(),
        hlc.as_i64()
    ])?;
    Ok(())
}

/// The open recommendations of a vehicle, urgent first, then oldest first:
/// what to mention at the next visit.
pub fn open_recommendations(conn: &Connection, vehicle: VehicleId) -> Result<Vec<Recommendation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE vehicle_id = ?1 AND status = 'open' AND deleted_at IS NULL
         ORDER BY severity = 'urgent' DESC, created_at"
    ))?;
    stmt.query_map([vehicle.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// The findings of a diagnosis, in the order they were made, whatever
/// became of them since.
pub fn of_session(conn: &Connection, session: DiagnosisSessionId) -> Result<Vec<Recommendation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE source_session_id = ?1 AND deleted_at IS NULL ORDER BY created_at"
    ))?;
    stmt.query_map([session.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// Marks a recommendation as no longer relevant.
pub fn dismiss_recommendation(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: RecommendationId,
) -> Result<Recommendation> {
    let r = get(tx, id)?;
    set_status(tx, now_ms, &r, RecommendationStatus::Dismissed, None)?;
    get(tx, id)
}

/// Turns the chosen open recommendations of a vehicle into the lines of a new
/// estimate for its current owner, and marks them accepted. A declined line
/// comes back as it was quoted; a finding with a canned job brings the job's
/// lines (labour at today's rates, parts); any other finding becomes a labour
/// line of zero hours at the mechanics' rate (or a zero flat price before
/// rates are set), for the desk to complete.
pub fn estimate_from_recommendations(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    vehicle: VehicleId,
    ids: &[RecommendationId],
    locale: Locale,
) -> Result<Order> {
    if ids.is_empty() {
        return Err(Invalid::new(Field::Recommendations, Problem::Required).into());
    }
    let mut chosen = Vec::with_capacity(ids.len());
    for id in ids {
        let r = get(tx, *id)?;
        if r.vehicle_id != vehicle || r.status != RecommendationStatus::Open {
            return Err(Invalid::new(Field::Recommendations, Problem::NotAllowed).into());
        }
        chosen.push(r);
    }
    let owner = vehicles::get(tx, vehicle)?.customer_id;
    let input = OrderInput {
        customer_id: Some(owner.to_string()),
        vehicle_id: Some(vehicle.to_string()),
        ..OrderInput::default()
    };
    let order = header::create_id(tx, now_ms, actor, &input, locale)?;
    let defaults = Defaults::load(tx)?;
    let mut end = lines::Appender::new(tx, order)?;
    for r in &chosen {
        let fields = match (source_line(tx, r.id)?, r.canned_job_id) {
            (Some(line_id), _) => {
                let l = lines::get_any(tx, line_id)?;
                vec![LineFields::of(&l)]
            }
            (None, Some(job)) => canned::lines_of(tx, job, &defaults)?,
            (None, None) => vec![finding_line(&r.description, &defaults)],
        };
        for f in &fields {
            end.push(tx, now_ms, None, f, false)?;
        }
        set_status(tx, now_ms, r, RecommendationStatus::Accepted, Some(order))?;
    }
    get_order(tx, order)
}

fn finding_line(description: &str, defaults: &Defaults) -> LineFields {
    let rate = defaults.rate(DEFAULT_RATE).unwrap_or(Money::ZERO);
    LineFields {
        kind: LineKind::Labour,
        description: description.to_owned(),
        quantity: Quantity::ZERO,
        unit: rate,
        flat: (rate == Money::ZERO).then_some(Money::ZERO),
        rate_code: Some(DEFAULT_RATE.to_owned()),
        part_id: None,
        origin: None,
        vat: defaults.vat,
        discount: Percent::ZERO,
    }
}

/// Closes the recommendations an order carried out (it is done).
pub(crate) fn carried_out(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    vehicle: VehicleId,
) -> Result<()> {
    // By vehicle first: that is what the index holds.
    let mut stmt = tx.prepare_cached(&format!(
        "{SELECT} WHERE vehicle_id = ?1 AND status = 'accepted' AND deleted_at IS NULL
           AND estimate_id = ?2"
    ))?;
    let done = stmt
        .query_map([vehicle.to_string(), order.to_string()], from_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    for r in done {
        set_status(tx, now_ms, &r, RecommendationStatus::Done, Some(order))?;
    }
    Ok(())
}

pub(crate) fn set_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    r: &Recommendation,
    status: RecommendationStatus,
    estimate: Option<OrderId>,
) -> Result<()> {
    if r.status == status {
        return Ok(());
    }
    let estimate = estimate.or(r.estimate_id).map(|o| o.to_string());
    let old = Map::from_iter([
        ("status".to_owned(), json!(r.status.as_str())),
        (
            "estimate_id".to_owned(),
            json!(r.estimate_id.map(|o| o.to_string())),
        ),
    ]);
    let payload = json!({ "status": status.as_str(), "estimate_id": estimate });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &r.id.to_string(),
        OpKind::Update,
        &payload,
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE vehicle_recommendations SET status = ?2, estimate_id = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        r.id.to_string(),
        status.as_str(),
        estimate,
        hlc.as_i64()
    ])?;
    Ok(())
}

const SELECT: &str =
    "SELECT id, vehicle_id, source_order_id, source, description, severity, status,
        estimate_id, created_at, source_session_id, canned_job_id
   FROM vehicle_recommendations";

/// One recommendation.
pub fn get(conn: &Connection, id: RecommendationId) -> Result<Recommendation> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "recommendation",
            id: id.to_string(),
        })?
}

fn source_line(conn: &Connection, id: RecommendationId) -> Result<Option<OrderLineId>> {
    let line: Option<String> = conn
        .prepare_cached("SELECT source_line_id FROM vehicle_recommendations WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    line.map(|l| parse_id(&l, "vehicle_recommendations.source_line_id"))
        .transpose()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Recommendation>> {
    let vehicle: String = r.get(1)?;
    let order: Option<String> = r.get(2)?;
    let source: String = r.get(3)?;
    let severity: String = r.get(5)?;
    let status: String = r.get(6)?;
    let estimate: Option<String> = r.get(7)?;
    let created: i64 = r.get(8)?;
    let (session, job): (Option<String>, Option<String>) = (r.get(9)?, r.get(10)?);
    let (id, description): (String, String) = (r.get(0)?, r.get(4)?);
    let build = || -> Result<Recommendation> {
        let corrupt = |what| move || Error::Corrupt(what);
        Ok(Recommendation {
            id: parse_id(&id, "vehicle_recommendations.id")?,
            vehicle_id: parse_id(&vehicle, "vehicle_recommendations.vehicle_id")?,
            source_order_id: order
                .map(|o| parse_id(&o, "vehicle_recommendations.source_order_id"))
                .transpose()?,
            source: Source::parse(&source).ok_or_else(corrupt("vehicle_recommendations.source"))?,
            source_session_id: session
                .map(|s| parse_id(&s, "vehicle_recommendations.source_session_id"))
                .transpose()?,
            canned_job_id: job
                .map(|j| parse_id(&j, "vehicle_recommendations.canned_job_id"))
                .transpose()?,
            description,
            severity: Severity::parse(&severity)
                .ok_or_else(corrupt("vehicle_recommendations.severity"))?,
            status: RecommendationStatus::parse(&status)
                .ok_or_else(corrupt("vehicle_recommendations.status"))?,
            estimate_id: estimate
                .map(|o| parse_id(&o, "vehicle_recommendations.estimate_id"))
                .transpose()?,
            created_at: rfc3339(stored_hlc(created)?),
        })
    };
    Ok(build())
}

//! The inspection checklist: the points a mechanic checks on every car, each
//! ok (green), to watch (amber) or urgent (red), with a comment and, for
//! tyres and brake pads, what was measured. Amber and red points become work
//! recommended on the vehicle, which the front desk turns into an estimate.
//!
//! The template lives here, in code, with its French and English labels. An
//! order has one inspection; a point's row is written when it is checked.

mod template;

use atelier_domain::{InspectionId, Locale, OrderId, Quantity, RecommendationId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};

use super::recommendations::{self, RecommendationStatus, Severity, Source};
use super::{editable, get as get_order, parse_id};
use crate::access::Actor;
use crate::amounts::{format_milli, parse_milli};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

pub use template::{MeasureUnit, PointStatus, TEMPLATE, TemplatePoint, suggest};

const INSPECTIONS: &str = "inspections";
const POINTS: &str = "inspection_points";
const COMMENT_MAX: usize = 500;

/// A point of an order's inspection: the template's point and, once checked,
/// what was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InspectionPoint {
    /// The template code.
    pub code: String,
    /// Its label in the reader's language.
    pub label: String,
    /// What it measures.
    pub unit: Option<MeasureUnit>,
    /// Its condition, once checked.
    pub status: Option<PointStatus>,
    /// What was measured.
    #[serde(rename = "measure_milli")]
    pub measure: Option<Quantity>,
    /// The mechanic's comment.
    pub comment: Option<String>,
    /// Who checked it.
    pub checked_by: Option<String>,
    /// The recommendation it raised, if amber or red.
    pub recommendation_id: Option<RecommendationId>,
}

/// An order's inspection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inspection {
    /// Stable id.
    pub id: InspectionId,
    /// The order.
    pub order_id: OrderId,
    /// Who started it.
    pub created_by: String,
    /// Every template point, checked or not, in template order.
    pub points: Vec<InspectionPoint>,
}

/// A point as the bench sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct PointInput {
    /// `ok`, `watch` or `urgent`; when blank, suggested from the measure.
    pub status: Option<String>,
    /// What was measured ("3,5" mm, "15" %).
    pub measure: Option<String>,
    /// A comment.
    pub comment: Option<String>,
}

/// Starts the inspection of an order (or answers the one already started).
pub fn start_inspection(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    locale: Locale,
) -> Result<Inspection> {
    editable(tx, order)?;
    if let Some(found) = of_order(tx, order, locale)? {
        return Ok(found);
    }
    let id = InspectionId::new().to_string();
    let user = actor.user.map(|u| u.to_string());
    let payload = json!({ "order_id": order.to_string(), "created_by_id": user, "created_by_name": actor.name });
    let hlc = outbox::record(tx, now_ms, INSPECTIONS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO inspections (id, order_id, created_by_id, created_by_name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![id, order.to_string(), user, actor.name, hlc.as_i64()])?;
    of_order(tx, order, locale)?.ok_or(Error::Corrupt("inspections"))
}

/// Records what was found at one point of an order's inspection (starting the
/// inspection if needed). An amber or red point raises — or revises — a
/// recommendation on the vehicle; back to green, its open recommendation is
/// dismissed.
pub fn record_point(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    code: &str,
    input: &PointInput,
    locale: Locale,
) -> Result<InspectionPoint> {
    let template = TEMPLATE
        .iter()
        .find(|p| p.code == code)
        .ok_or(Invalid::new(Field::InspectionPoint, Problem::NotAllowed))?;
    let inspection = start_inspection(tx, now_ms, actor, order, locale)?;
    let measure = clean(input.measure.as_deref())
        .filter(|_| template.unit.is_some())
        .map(|m| parse_milli(&m, Field::Measure))
        .transpose()?;
    let comment = clean(input.comment.as_deref());
    max_len(Field::Comment, comment.as_deref(), COMMENT_MAX)?;
    let status = match clean(input.status.as_deref()) {
        Some(s) => {
            PointStatus::parse(&s).ok_or(Invalid::new(Field::PointStatus, Problem::NotAllowed))?
        }
        None => measure
            .map(|m| suggest(template, m))
            .ok_or(Invalid::new(Field::PointStatus, Problem::Required))?,
    };
    let before = inspection.points.iter().find(|p| p.code == code).cloned();
    let existing: Option<String> = tx
        .prepare_cached("SELECT id FROM inspection_points WHERE inspection_id = ?1 AND code = ?2 AND deleted_at IS NULL")?
        .query_row(params![inspection.id.to_string(), code], |r| r.get(0))
        .optional()?;
    let label = if locale == Locale::Fr {
        template.fr
    } else {
        template.en
    };
    let recommendation = sync_recommendation(
        tx,
        now_ms,
        order,
        before.as_ref(),
        status,
        &finding(label, template, measure, comment.as_deref(), locale),
    )?;
    let recommendation = recommendation.map(|r| r.to_string());
    let user = actor.user.map(|u| u.to_string());
    let fields = json!({
        "status": status.as_str(), "measure_milli": measure, "comment": comment,
        "checked_by_id": user, "checked_by_name": actor.name, "recommendation_id": recommendation,
    });
    match existing {
        Some(id) => {
            let old = before.map(|b| {
                Map::from_iter([
                    (
                        "status".to_owned(),
                        json!(b.status.map(PointStatus::as_str)),
                    ),
                    ("measure_milli".to_owned(), json!(b.measure)),
                    ("comment".to_owned(), json!(b.comment)),
                    (
                        "recommendation_id".to_owned(),
                        json!(b.recommendation_id.map(|r| r.to_string())),
                    ),
                ])
            });
            let hlc = outbox::record(
                tx,
                now_ms,
                POINTS,
                &id,
                OpKind::Update,
                &fields,
                old.as_ref(),
            )?;
            tx.prepare_cached(
                "UPDATE inspection_points SET status = ?2, measure_milli = ?3, comment = ?4,
                        checked_by_id = ?5, checked_by_name = ?6, recommendation_id = ?7, updated_at = ?8
                 WHERE id = ?1",
            )?
            .execute(params![id, status.as_str(), measure, comment, user, actor.name, recommendation, hlc.as_i64()])?;
        }
        None => {
            let id = crate::new_row_id();
            let mut payload = fields;
            payload["inspection_id"] = json!(inspection.id.to_string());
            payload["code"] = json!(code);
            let hlc = outbox::record(tx, now_ms, POINTS, &id, OpKind::Insert, &payload, None)?;
            tx.prepare_cached(
                "INSERT INTO inspection_points (id, inspection_id, code, status, measure_milli, comment,
                        checked_by_id, checked_by_name, recommendation_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?
            .execute(params![id, inspection.id.to_string(), code, status.as_str(), measure, comment, user, actor.name, recommendation, hlc.as_i64()])?;
        }
    }
    of_order(tx, order, locale)?
        .and_then(|i| i.points.into_iter().find(|p| p.code == code))
        .ok_or(Error::Corrupt("inspection_points"))
}

/// What the recommendation says: "Plaquettes de frein AV : 15 % — bruit au freinage".
fn finding(
    label: &str,
    t: &TemplatePoint,
    measure: Option<i64>,
    comment: Option<&str>,
    locale: Locale,
) -> String {
    let mut text = label.to_owned();
    if let (Some(m), Some(unit)) = (measure, t.unit) {
        let unit = match unit {
            MeasureUnit::Mm => "mm",
            MeasureUnit::Percent => "%",
        };
        let sep = if locale == Locale::Fr { " : " } else { ": " };
        text.push_str(&format!("{sep}{}\u{a0}{unit}", format_milli(m, locale)));
    }
    if let Some(c) = comment {
        text.push_str(&format!(" — {c}"));
    }
    text
}

/// Keeps the point's recommendation in step with its status; answers the id
/// of the recommendation the point now carries.
fn sync_recommendation(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    before: Option<&InspectionPoint>,
    status: PointStatus,
    description: &str,
) -> Result<Option<RecommendationId>> {
    let open = match before.and_then(|b| b.recommendation_id) {
        Some(id) => {
            Some(recommendations::get(tx, id)?).filter(|r| r.status == RecommendationStatus::Open)
        }
        None => None,
    };
    let severity = match status {
        PointStatus::Ok => {
            if let Some(r) = open {
                recommendations::set_status(tx, now_ms, &r, RecommendationStatus::Dismissed, None)?;
            }
            return Ok(None);
        }
        PointStatus::Watch => Severity::Watch,
        PointStatus::Urgent => Severity::Urgent,
    };
    if let Some(r) = open {
        recommendations::revise(tx, now_ms, r.id, description, severity)?;
        return Ok(Some(r.id));
    }
    let vehicle = get_order(tx, order)?.vehicle_id;
    let new = recommendations::New {
        vehicle,
        order: Some(order),
        source: Source::Inspection,
        line_id: None,
        session: None,
        canned_job: None,
        description,
        severity,
    };
    recommendations::insert(tx, now_ms, &new).map(Some)
}

/// An order's inspection, every template point in order, if one was started.
pub fn of_order(conn: &Connection, order: OrderId, locale: Locale) -> Result<Option<Inspection>> {
    let Some((id, created_by)) = conn
        .prepare_cached(
            "SELECT id, created_by_name FROM inspections WHERE order_id = ?1 AND deleted_at IS NULL
             ORDER BY created_at LIMIT 1",
        )?
        .query_row([order.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT code, status, measure_milli, comment, checked_by_name, recommendation_id
         FROM inspection_points WHERE inspection_id = ?1 AND deleted_at IS NULL",
    )?;
    type Found = (
        String,
        String,
        Option<i64>,
        Option<String>,
        String,
        Option<String>,
    );
    let found: Vec<Found> = stmt
        .query_map([&id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut points = Vec::with_capacity(TEMPLATE.len());
    for t in TEMPLATE {
        let mut p = InspectionPoint {
            code: t.code.to_owned(),
            label: (if locale == Locale::Fr { t.fr } else { t.en }).to_owned(),
            unit: t.unit,
            status: None,
            measure: None,
            comment: None,
            checked_by: None,
            recommendation_id: None,
        };
        if let Some((_, status, measure, comment, by, rec)) = found.iter().find(|f| f.0 == t.code) {
            p.status =
                Some(PointStatus::parse(status).ok_or(Error::Corrupt("inspection_points.status"))?);
            p.measure = measure.map(Quantity::from_milli);
            p.comment.clone_from(comment);
            p.checked_by = Some(by.clone());
            p.recommendation_id = rec
                .as_deref()
                .map(|r| parse_id(r, "inspection_points.recommendation_id"))
                .transpose()?;
        }
        points.push(p);
    }
    Ok(Some(Inspection {
        id: parse_id(&id, "inspections.id")?,
        order_id: order,
        created_by,
        points,
    }))
}

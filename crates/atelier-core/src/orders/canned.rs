//! Canned jobs (forfaits): named templates of labour and part lines with an
//! estimated duration for the planning. Applying one copies its lines onto an
//! order, where they are ordinary lines from then on.
//!
//! A template's lines are one JSON field: it is edited as a whole, so it
//! syncs and merges as a whole.

use atelier_domain::{CannedJobId, Locale, Money, OrderId, Percent, Quantity, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::lines::{self, Defaults, Line, LineFields, LineInput, LineKind, PartOrigin};
use super::{editable, parse_id};
use crate::amounts::parse_quantity;
use crate::outbox::{self, OpKind};
use crate::text::{clean, fold};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "canned_jobs";
const NAME_MAX: usize = 120;
const LINES_MAX: usize = 100;

/// A canned job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CannedJob {
    /// Stable id.
    pub id: CannedJobId,
    /// Its name ("Vidange + filtre à huile").
    pub name: String,
    /// How long it takes, in hours, for the planning.
    #[serde(rename = "duration_hours_milli")]
    pub duration_hours: Option<Quantity>,
    /// Its lines, in order.
    pub lines: Vec<CannedLine>,
}

/// One line of a canned job, with the prices it was saved with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CannedLine {
    /// Labour, part or fee.
    pub kind: LineKind,
    /// What is done or supplied.
    pub description: String,
    /// Hours for labour, quantity otherwise.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// Hourly rate (labour: the category's current rate is taken when
    /// applied) or unit price, HT.
    pub unit: Money,
    /// A flat labour price.
    pub flat: Option<Money>,
    /// The labour rate category.
    pub rate_code: Option<String>,
    /// A part's catalogue reference.
    pub part_id: Option<String>,
    /// A part's origin.
    pub origin: Option<PartOrigin>,
    /// VAT rate.
    pub vat: VatRate,
    /// Line discount.
    #[serde(rename = "discount_bp")]
    pub discount: Percent,
}

/// The canned-job form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CannedJobInput {
    /// Its name.
    pub name: Option<String>,
    /// Estimated duration in hours ("1,5").
    pub duration: Option<String>,
    /// Its lines, as the order form types them.
    pub lines: Vec<LineInput>,
}

/// Every canned job, by name.
pub fn canned_jobs(conn: &Connection) -> Result<Vec<CannedJob>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, duration_hours_milli, lines FROM canned_jobs
         WHERE deleted_at IS NULL ORDER BY name_key, id",
    )?;
    let rows = stmt.query_map([], row)?;
    rows.map(|r| r?).collect()
}

/// A canned job's name, without its prices: what the bench offers a
/// mechanic to name the work a diagnosis found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CannedJobName {
    /// Its id.
    pub id: CannedJobId,
    /// Its name.
    pub name: String,
}

/// Every canned job's name, by name.
pub fn names(conn: &Connection) -> Result<Vec<CannedJobName>> {
    canned_jobs(conn).map(|jobs| {
        jobs.into_iter()
            .map(|j| CannedJobName {
                id: j.id,
                name: j.name,
            })
            .collect()
    })
}

/// One canned job.
pub fn get(conn: &Connection, id: CannedJobId) -> Result<CannedJob> {
    conn.prepare_cached(
        "SELECT id, name, duration_hours_milli, lines FROM canned_jobs WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id.to_string()], row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "canned job",
        id: id.to_string(),
    })?
}

/// Creates a canned job from the form.
pub fn create_canned_job(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &CannedJobInput,
    locale: Locale,
) -> Result<CannedJob> {
    let (name, duration, lines) = parse(tx, input, locale)?;
    let id = CannedJobId::new();
    let lines_json = json!(lines);
    let payload = json!({ "name": name, "duration_hours_milli": duration, "lines": lines_json });
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
        "INSERT INTO canned_jobs (id, name, name_key, duration_hours_milli, lines, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        id.to_string(),
        name,
        fold(&name),
        duration.map(Quantity::milli),
        lines_json.to_string(),
        hlc.as_i64()
    ])?;
    get(tx, id)
}

/// Saves the form over a canned job; only changed fields travel.
pub fn update_canned_job(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CannedJobId,
    input: &CannedJobInput,
    locale: Locale,
) -> Result<CannedJob> {
    let job = get(tx, id)?;
    let (name, duration, lines) = parse(tx, input, locale)?;
    let old_lines: Vec<LineFields> = job.lines.iter().map(fields_of).collect();
    let old = to_map(
        json!({ "name": job.name, "duration_hours_milli": job.duration_hours, "lines": old_lines }),
    );
    let new = to_map(json!({ "name": name, "duration_hours_milli": duration, "lines": lines }));
    let changes = outbox::changes(&old, new);
    if changes.is_empty() {
        return Ok(job);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE canned_jobs SET name = ?2, name_key = ?3, duration_hours_milli = ?4, lines = ?5,
                updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        name,
        fold(&name),
        duration.map(Quantity::milli),
        json!(lines).to_string(),
        hlc.as_i64()
    ])?;
    get(tx, id)
}

/// Deletes a canned job (a tombstone). Orders it was applied to keep their lines.
pub fn delete_canned_job(tx: &Transaction<'_>, now_ms: u64, id: CannedJobId) -> Result<()> {
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
    tx.prepare_cached("UPDATE canned_jobs SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    Ok(())
}

/// Copies a canned job's lines to the end of an order, where they can then be
/// edited like any line. Labour lines take their category's current rate
/// (the one saved with the job when the category has none). Answers the new
/// lines.
pub fn apply_canned_job(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    job_id: CannedJobId,
) -> Result<Vec<Line>> {
    let o = editable(tx, order)?;
    lines::open_to_change(tx, &o, None, false)?;
    let defaults = Defaults::load(tx)?;
    let fields = lines_of(tx, job_id, &defaults)?;
    let mut end = lines::Appender::new(tx, order)?;
    let mut out = Vec::with_capacity(fields.len());
    for f in &fields {
        out.push(end.push(tx, now_ms, None, f, false)?);
    }
    Ok(out)
}

/// A canned job's lines as they go onto an order today: labour lines at
/// their category's current rate (the one saved with the job when the
/// category has none).
pub(crate) fn lines_of(
    conn: &Connection,
    job_id: CannedJobId,
    defaults: &Defaults,
) -> Result<Vec<LineFields>> {
    let job = get(conn, job_id)?;
    Ok(job
        .lines
        .iter()
        .map(|line| {
            let mut fields = fields_of(line);
            if let Some(rate) = line
                .rate_code
                .as_deref()
                .and_then(|code| defaults.rate(code))
                .filter(|r| *r > Money::ZERO)
            {
                fields.unit = rate;
            }
            fields
        })
        .collect())
}

type Parsed = (String, Option<Quantity>, Vec<LineFields>);

fn parse(conn: &Connection, input: &CannedJobInput, locale: Locale) -> Result<Parsed> {
    let name =
        clean(input.name.as_deref()).ok_or(Invalid::new(Field::JobName, Problem::Required))?;
    max_len(Field::JobName, Some(&name), NAME_MAX)?;
    let duration = clean(input.duration.as_deref())
        .map(|d| parse_quantity(&d, Field::Duration))
        .transpose()?;
    if input.lines.len() > LINES_MAX {
        return Err(Invalid::new(Field::Lines, Problem::TooMany { max: LINES_MAX }).into());
    }
    let defaults = Defaults::load(conn)?;
    let lines = input
        .lines
        .iter()
        .map(|l| LineFields::parse(l, &defaults, None, locale))
        .collect::<Result<Vec<_>, Invalid>>()?;
    Ok((name, duration, lines))
}

fn fields_of(l: &CannedLine) -> LineFields {
    LineFields {
        kind: l.kind,
        description: l.description.clone(),
        quantity: l.quantity,
        unit: l.unit,
        flat: l.flat,
        rate_code: l.rate_code.clone(),
        part_id: l.part_id.clone(),
        origin: l.origin,
        vat: l.vat,
        discount: l.discount,
    }
}

fn to_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<CannedJob>> {
    let (id, name, duration, lines): (String, String, Option<i64>, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let build = || -> Result<CannedJob> {
        let fields: Vec<LineFields> =
            serde_json::from_str(&lines).map_err(|_| Error::Corrupt("canned_jobs.lines"))?;
        let lines = fields
            .into_iter()
            .map(|f| {
                Ok(CannedLine {
                    kind: f.kind,
                    description: f.description,
                    quantity: f.quantity,
                    unit: f.unit,
                    flat: f.flat,
                    rate_code: f.rate_code,
                    part_id: f.part_id,
                    origin: f.origin,
                    vat: f.vat,
                    discount: f.discount,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CannedJob {
            id: parse_id(&id, "canned_jobs.id")?,
            name,
            duration_hours: duration.map(Quantity::from_milli),
            lines,
        })
    };
    Ok(build())
}

/// A canned job's derived data: the folded name it is found by.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[ENTITY]
    }

    fn columns(
        &self,
        _entity: &str,
        payload: &Map<String, Value>,
    ) -> Vec<(&'static str, rusqlite::types::Value)> {
        vec![crate::derive::folded("name_key", payload, "name")]
    }

    fn refresh(&self, tx: &Transaction<'_>, _entity: &str, row_id: &str) -> Result<()> {
        crate::derive::rekey(tx, ENTITY, "name_key", "name", row_id)
    }
}

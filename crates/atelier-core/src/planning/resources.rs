//! What gets booked: bays (lifts) and mechanics, each with working hours per
//! weekday, breaks and days off.

use atelier_domain::{DayOffId, ResourceId, SiteId, UserId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::time::{DAY_MINUTES, clock, date};
use crate::orders::parse_id;
use crate::outbox::{self, OpKind};
use crate::stock::{current_site, require_site};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, users};

const ENTITY: &str = "resources";
const DAYS_OFF: &str = "resource_days_off";
const NAME_MAX: usize = 60;

/// A bay or a mechanic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// A bay or lift: where the car stands.
    Bay,
    /// A mechanic: who works on it.
    Mechanic,
}

crate::text::str_enum!(ResourceKind {
    Bay => "bay",
    Mechanic => "mechanic",
});

/// Working intervals of one day, `[from, to)` in minutes after midnight,
/// sorted and apart: the gaps are breaks.
pub type DayHours = Vec<[u32; 2]>;

/// A bay or mechanic of a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resource {
    /// Stable id.
    pub id: ResourceId,
    /// Its site.
    pub site_id: SiteId,
    /// Bay or mechanic.
    pub kind: ResourceKind,
    /// Its name ("Pont 1", "Karim").
    pub name: String,
    /// A mechanic's user account, assigned on the repair order at arrival.
    pub user_id: Option<UserId>,
    /// Monday first, seven days of working intervals.
    pub week_hours: Vec<DayHours>,
    /// Whether it takes new appointments.
    pub active: bool,
    /// Its place in the board's rows.
    pub position: i64,
}

impl Resource {
    /// The working intervals of a weekday (Monday 0).
    pub fn hours_of(&self, weekday: usize) -> &[[u32; 2]] {
        self.week_hours.get(weekday).map_or(&[], Vec::as_slice)
    }
}

/// The resource form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResourceInput {
    /// `bay` or `mechanic`.
    pub kind: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// A mechanic's user id, or blank.
    pub user_id: Option<String>,
    /// Seven days, Monday first, each as typed: "08:00-12:00, 13:30-18:00";
    /// blank for a day off. Left out: Monday to Friday 08:00–12:00 and
    /// 13:30–18:00.
    pub week_hours: Option<Vec<String>>,
    /// Its place among the rows.
    pub position: Option<i64>,
}

/// Monday to Friday 08:00–12:00 and 13:30–18:00; closed at the weekend.
pub fn default_week() -> Vec<DayHours> {
    (0..7)
        .map(|d| {
            if d < 5 {
                vec![[480, 720], [810, 1080]]
            } else {
                vec![]
            }
        })
        .collect()
}

/// One day's hours as typed: "08:00-12:00, 13:30-18:00" (`h` or `:`,
/// `-` or `–`); blank is a day off.
pub fn parse_day_hours(text: &str) -> Result<DayHours, Invalid> {
    let bad = || Invalid::new(Field::WeekHours, Problem::HoursFormat);
    let mut out: DayHours = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (a, b) = part.split_once(['-', '–']).ok_or_else(bad)?;
        let (a, b) = (minutes(a).ok_or_else(bad)?, minutes(b).ok_or_else(bad)?);
        if b <= a || out.last().is_some_and(|last| last[1] > a) {
            return Err(bad());
        }
        out.push([a, b]);
    }
    Ok(out)
}

/// A day's hours as a person reads them: "08:00-12:00, 13:30-18:00".
pub fn format_day_hours(hours: &[[u32; 2]]) -> String {
    hours
        .iter()
        .map(|[a, b]| format!("{}-{}", clock(*a), clock(*b)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn minutes(s: &str) -> Option<u32> {
    let s = s.trim();
    let (h, m) = s.split_once([':', 'h', 'H']).unwrap_or((s, "0"));
    let (h, m): (u32, u32) = (
        h.trim().parse().ok()?,
        if m.trim().is_empty() {
            0
        } else {
            m.trim().parse().ok()?
        },
    );
    let total = h * 60 + m;
    (m < 60 && total <= DAY_MINUTES).then_some(total)
}

struct Fields {
    kind: ResourceKind,
    name: String,
    user_id: Option<UserId>,
    week_hours: Vec<DayHours>,
    position: i64,
}

impl Fields {
    fn parse(
        conn: &Connection,
        input: &ResourceInput,
        before: Option<&Resource>,
    ) -> Result<Fields> {
        let kind = match clean(input.kind.as_deref()) {
            Some(k) => ResourceKind::parse(&k)
                .ok_or(Invalid::new(Field::ResourceKind, Problem::NotAllowed))?,
            None => before.map_or(ResourceKind::Bay, |b| b.kind),
        };
        let name = clean(input.name.as_deref())
            .ok_or(Invalid::new(Field::ResourceName, Problem::Required))?;
        max_len(Field::ResourceName, Some(&name), NAME_MAX)?;
        let user_id = match clean(input.user_id.as_deref()) {
            Some(u) => {
                let bad = || Invalid::new(Field::Mechanic, Problem::NotAllowed);
                let u = u.parse().map_err(|_| bad())?;
                users::get(conn, u).map_err(|_| bad())?;
                Some(u)
            }
            None => None,
        };
        let week_hours = match &input.week_hours {
            Some(days) if days.len() == 7 => days
                .iter()
                .map(|d| parse_day_hours(d))
                .collect::<Result<Vec<_>, Invalid>>()?,
            Some(_) => return Err(Invalid::new(Field::WeekHours, Problem::NotAllowed).into()),
            None => before.map_or_else(default_week, |b| b.week_hours.clone()),
        };
        let position = input
            .position
            .or(before.map(|b| b.position))
            .unwrap_or_default();
        Ok(Fields {
            kind,
            name,
            user_id,
            week_hours,
            position,
        })
    }

    fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("kind".into(), json!(self.kind.as_str()));
        m.insert("name".into(), json!(self.name));
        m.insert("user_id".into(), json!(self.user_id));
        m.insert(
            "week_hours".into(),
            json!(json!(self.week_hours).to_string()),
        );
        m.insert("position".into(), json!(self.position));
        m
    }
}

/// Adds a bay or mechanic to `site` (this workstation's when `None`).
pub fn create_resource(
    tx: &Transaction<'_>,
    now_ms: u64,
    site: Option<SiteId>,
    input: &ResourceInput,
) -> Result<Resource> {
    let site = match site {
        Some(s) => {
            require_site(tx, s, Field::Site)?;
            s
        }
        None => current_site(tx)?,
    };
    let fields = Fields::parse(tx, input, None)?;
    let id = ResourceId::new();
    let mut payload = fields.to_json();
    payload.insert("site_id".into(), json!(site.to_string()));
    payload.insert("active".into(), json!(true));
    payload.insert("deleted_at".into(), Value::Null);
    payload.insert("created_at".into(), json!(now_ms));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &Value::Object(payload),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO resources (id, site_id, kind, name, user_id, week_hours, active, position,
                                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9)",
    )?
    .execute(params![
        id.to_string(),
        site.to_string(),
        fields.kind.as_str(),
        fields.name,
        fields.user_id.map(|u| u.to_string()),
        json!(fields.week_hours).to_string(),
        fields.position,
        now_ms as i64,
        hlc.as_i64()
    ])?;
    get_resource(tx, id)
}

/// Saves the form over a resource; only changed fields travel.
pub fn update_resource(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: ResourceId,
    input: &ResourceInput,
) -> Result<Resource> {
    let before = get_resource(tx, id)?;
    let old = Fields {
        kind: before.kind,
        name: before.name.clone(),
        user_id: before.user_id,
        week_hours: before.week_hours.clone(),
        position: before.position,
    }
    .to_json();
    let fields = Fields::parse(tx, input, Some(&before))?;
    let changed = outbox::changes(&old, fields.to_json());
    if changed.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changed),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE resources SET kind = ?2, name = ?3, user_id = ?4, week_hours = ?5, position = ?6,
                updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        fields.kind.as_str(),
        fields.name,
        fields.user_id.map(|u| u.to_string()),
        json!(fields.week_hours).to_string(),
        fields.position,
        hlc.as_i64()
    ])?;
    get_resource(tx, id)
}

/// Deactivates (or reactivates) a resource: a deactivated one keeps its
/// appointments but takes no new ones.
pub fn set_resource_active(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: ResourceId,
    active: bool,
) -> Result<Resource> {
    let before = get_resource(tx, id)?;
    if before.active == active {
        return Ok(before);
    }
    let old = Map::from_iter([("active".to_owned(), json!(before.active))]);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({ "active": active }),
        Some(&old),
    )?;
    tx.prepare_cached("UPDATE resources SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id.to_string(), active, hlc.as_i64()])?;
    get_resource(tx, id)
}

/// The resources of `site` (this workstation's when `None`), bays first,
/// in board order; deactivated ones only when `with_inactive`.
pub fn list_resources(
    conn: &Connection,
    site: Option<SiteId>,
    with_inactive: bool,
) -> Result<Vec<Resource>> {
    let site = match site {
        Some(s) => s,
        None => current_site(conn)?,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, site_id, kind, name, user_id, week_hours, active, position FROM resources
          WHERE site_id = ?1 AND deleted_at IS NULL AND (active = 1 OR ?2)
          ORDER BY kind = 'mechanic', position, name COLLATE NOCASE",
    )?;
    stmt.query_map(params![site.to_string(), with_inactive], row)?
        .map(|r| r?)
        .collect()
}

/// One resource, active or not.
pub fn get_resource(conn: &Connection, id: ResourceId) -> Result<Resource> {
    conn.prepare_cached(
        "SELECT id, site_id, kind, name, user_id, week_hours, active, position FROM resources
          WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id.to_string()], row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "resource",
        id: id.to_string(),
    })?
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Resource>> {
    let (id, site): (String, String) = (r.get(0)?, r.get(1)?);
    let kind: String = r.get(2)?;
    let user: Option<String> = r.get(4)?;
    let hours: String = r.get(5)?;
    let (name, active, position) = (r.get(3)?, r.get(6)?, r.get(7)?);
    Ok((|| {
        Ok(Resource {
            id: parse_id(&id, "resources.id")?,
            site_id: parse_id(&site, "resources.site_id")?,
            kind: ResourceKind::parse(&kind).ok_or(Error::Corrupt("resources.kind"))?,
            name,
            user_id: user
                .map(|u| parse_id(&u, "resources.user_id"))
                .transpose()?,
            week_hours: serde_json::from_str(&hours)
                .map_err(|_| Error::Corrupt("resources.week_hours"))?,
            active,
            position,
        })
    })())
}

/// A day a resource is away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayOff {
    /// Stable id.
    pub id: DayOffId,
    /// The resource.
    pub resource_id: ResourceId,
    /// The day (YYYY-MM-DD).
    pub day: String,
    /// Why, if said.
    pub reason: Option<String>,
}

/// Records a day off of a resource, chosen in a form: `resource` is its
/// id as the form sends it, refused as the field's error when it is none.
pub fn add_day_off(
    tx: &Transaction<'_>,
    now_ms: u64,
    resource: &str,
    day: &str,
    reason: Option<&str>,
) -> Result<DayOff> {
    let bad = || Invalid::new(Field::Resource, Problem::NotAllowed);
    let resource: ResourceId = resource.parse().map_err(|_| bad())?;
    get_resource(tx, resource).map_err(|_| bad())?;
    let day = date(day)
        .map(super::time::day_str)
        .ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let reason = clean(reason);
    max_len(Field::Reason, reason.as_deref(), 200)?;
    let id = DayOffId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        DAYS_OFF,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "resource_id": resource, "day": day, "reason": reason,
                 "created_at": now_ms, "deleted_at": null }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO resource_days_off (id, resource_id, day, reason, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id.to_string(),
        resource.to_string(),
        day,
        reason,
        now_ms as i64,
        hlc.as_i64()
    ])?;
    Ok(DayOff {
        id,
        resource_id: resource,
        day,
        reason,
    })
}

/// Removes a day off (a tombstone).
pub fn remove_day_off(tx: &Transaction<'_>, now_ms: u64, id: DayOffId) -> Result<()> {
    let id = id.to_string();
    let found = tx
        .prepare_cached("SELECT 1 FROM resource_days_off WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([&id], |_| Ok(()))
        .optional()?;
    if found.is_none() {
        return Err(Error::NotFound {
            entity: "day off",
            id,
        });
    }
    let hlc = outbox::record(tx, now_ms, DAYS_OFF, &id, OpKind::Delete, &json!({}), None)?;
    tx.prepare_cached(
        "UPDATE resource_days_off SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
    )?
    .execute(params![id, hlc.as_i64()])?;
    Ok(())
}

/// The days off between `from` and `to` (inclusive), of every resource.
pub fn days_off(conn: &Connection, from: &str, to: &str) -> Result<Vec<DayOff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, resource_id, day, reason FROM resource_days_off
          WHERE day BETWEEN ?1 AND ?2 AND deleted_at IS NULL ORDER BY day",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, resource, day, reason) = row?;
        out.push(DayOff {
            id: parse_id(&id, "resource_days_off.id")?,
            resource_id: parse_id(&resource, "resource_days_off.resource_id")?,
            day,
            reason,
        });
    }
    Ok(out)
}

//! Service reminders: the workshop's rules (organisation-wide), when each
//! was last done on a vehicle, and which are due soon or overdue.
//!
//! A rule falls due every `every_km` and/or every `every_months`, whichever
//! comes first. The mileage date is estimated from the vehicle's odometer
//! readings (its average daily distance). With no record of the rule being
//! done on the vehicle, the vehicle is assumed to have kept the schedule
//! from its first registration: the next due date is the first of
//! `registration + first_months (or every_months) + k × every_months` not
//! older than [`GRACE_DAYS`], and the next mileage the first multiple of
//! `every_km` above the last reading. The contrôle technique is such a rule:
//! first at 48 months, then every 24.

use std::collections::HashMap;

use atelier_domain::{CustomerId, Locale, ReminderRuleId, VehicleId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::time::{add_months_to_number, day_number, day_of_number};
use super::words::words;
use crate::orders::{customer_name, parse_id, vehicle_label};
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, new_row_id};

const ENTITY: &str = "reminder_rules";
const DONE: &str = "vehicle_reminders";
/// A due date missed longer ago than this, on a vehicle with no record of
/// the rule, is taken as done elsewhere: the next one is shown instead.
pub const GRACE_DAYS: i64 = 60;

/// A service or the roadworthiness test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A service (oil, timing belt…).
    Service,
    /// The contrôle technique.
    Inspection,
}

crate::text::str_enum!(RuleKind {
    Service => "service",
    Inspection => "inspection",
});

/// A reminder rule of the workshop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReminderRule {
    /// Stable id.
    pub id: ReminderRuleId,
    /// Its name ("Vidange").
    pub name: String,
    /// Service or inspection.
    pub kind: RuleKind,
    /// Every so many km.
    pub every_km: Option<i64>,
    /// Every so many months.
    pub every_months: Option<i64>,
    /// The first due date, in months after the first registration.
    pub first_months: Option<i64>,
    /// Whether it is applied.
    pub active: bool,
}

/// The rule form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuleInput {
    /// Its name.
    pub name: Option<String>,
    /// `service` or `inspection`.
    pub kind: Option<String>,
    /// "15 000", or blank.
    pub every_km: Option<String>,
    /// "12", or blank.
    pub every_months: Option<String>,
    /// "48", or blank.
    pub first_months: Option<String>,
    /// Left out: active.
    pub active: Option<bool>,
}

fn number(field: Field, text: Option<&str>, max: i64) -> Result<Option<i64>, Invalid> {
    let Some(t) = clean(text) else {
        return Ok(None);
    };
    let digits: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
        .collect();
    let n: i64 = digits
        .parse()
        .map_err(|_| Invalid::new(field, Problem::Number { min: 1, max }))?;
    if n <= 0 {
        return Err(Invalid::new(field, Problem::NotPositive));
    }
    if n > max {
        return Err(Invalid::new(field, Problem::Number { min: 1, max }));
    }
    Ok(Some(n))
}

/// The rule the form describes: `before`'s id when it edits one, else a
/// fresh one.
fn parse(input: &RuleInput, before: Option<&ReminderRule>) -> Result<ReminderRule, Invalid> {
    let name =
        clean(input.name.as_deref()).ok_or(Invalid::new(Field::RuleName, Problem::Required))?;
    max_len(Field::RuleName, Some(&name), 80)?;
    let kind = match clean(input.kind.as_deref()) {
        Some(k) => RuleKind::parse(&k).ok_or(Invalid::new(Field::RuleKind, Problem::NotAllowed))?,
        None => before.map_or(RuleKind::Service, |b| b.kind),
    };
    let every_km = number(Field::EveryKm, input.every_km.as_deref(), 1_000_000)?;
    let every_months = number(Field::EveryMonths, input.every_months.as_deref(), 240)?;
    let first_months = number(Field::FirstMonths, input.first_months.as_deref(), 240)?;
    if every_km.is_none() && every_months.is_none() {
        return Err(Invalid::new(Field::EveryKm, Problem::KmOrMonths));
    }
    Ok(ReminderRule {
        id: before.map_or_else(ReminderRuleId::new, |b| b.id),
        name,
        kind,
        every_km,
        every_months,
        first_months,
        active: input.active.or(before.map(|b| b.active)).unwrap_or(true),
    })
}

fn rule_json(r: &ReminderRule) -> Map<String, Value> {
    Map::from_iter([
        ("name".to_owned(), json!(r.name)),
        ("kind".to_owned(), json!(r.kind.as_str())),
        ("every_km".to_owned(), json!(r.every_km)),
        ("every_months".to_owned(), json!(r.every_months)),
        ("first_months".to_owned(), json!(r.first_months)),
        ("active".to_owned(), json!(r.active)),
    ])
}

/// Adds a reminder rule. A rule of 0 km (or 0 months), or with neither, is
/// refused and nothing is written.
pub fn create_rule(tx: &Transaction<'_>, now_ms: u64, input: &RuleInput) -> Result<ReminderRule> {
    let rule = parse(input, None)?;
    let mut payload = rule_json(&rule);
    payload.insert("created_at".into(), json!(now_ms));
    payload.insert("deleted_at".into(), Value::Null);
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &rule.id.to_string(),
        OpKind::Insert,
        &Value::Object(payload),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO reminder_rules (id, name, kind, every_km, every_months, first_months, active,
                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        rule.id.to_string(),
        rule.name,
        rule.kind.as_str(),
        rule.every_km,
        rule.every_months,
        rule.first_months,
        rule.active,
        now_ms as i64,
        hlc.as_i64()
    ])?;
    Ok(rule)
}

/// Saves the form over a rule; only changed fields travel.
pub fn update_rule(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: ReminderRuleId,
    input: &RuleInput,
) -> Result<ReminderRule> {
    let before = get_rule(tx, id)?;
    let rule = parse(input, Some(&before))?;
    let old = rule_json(&before);
    let changed = outbox::changes(&old, rule_json(&rule));
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
        "UPDATE reminder_rules SET name = ?2, kind = ?3, every_km = ?4, every_months = ?5,
                first_months = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        rule.name,
        rule.kind.as_str(),
        rule.every_km,
        rule.every_months,
        rule.first_months,
        rule.active,
        hlc.as_i64()
    ])?;
    Ok(rule)
}

/// Every rule, by name.
pub fn list_rules(conn: &Connection) -> Result<Vec<ReminderRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, every_km, every_months, first_months, active FROM reminder_rules
          WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE",
    )?;
    stmt.query_map([], rule_row)?.map(|r| r?).collect()
}

/// One rule.
pub fn get_rule(conn: &Connection, id: ReminderRuleId) -> Result<ReminderRule> {
    conn.prepare_cached(
        "SELECT id, name, kind, every_km, every_months, first_months, active FROM reminder_rules
          WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id.to_string()], rule_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "reminder rule",
        id: id.to_string(),
    })?
}

fn rule_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<ReminderRule>> {
    let (id, kind): (String, String) = (r.get(0)?, r.get(2)?);
    let (name, every_km, every_months, first_months, active) =
        (r.get(1)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(ReminderRule {
            id: parse_id(&id, "reminder_rules.id")?,
            name,
            kind: RuleKind::parse(&kind).ok_or(Error::Corrupt("reminder_rules.kind"))?,
            every_km,
            every_months,
            first_months,
            active,
        })
    })())
}

/// Adds the usual rules when the workshop has none yet: oil service every
/// 15 000 km or 1 year, timing belt every 120 000 km or 5 years, the
/// contrôle technique at 4 years then every 2. Answers every rule.
pub fn add_default_rules(
    tx: &Transaction<'_>,
    now_ms: u64,
    locale: Locale,
) -> Result<Vec<ReminderRule>> {
    if list_rules(tx)?.is_empty() {
        let w = words(locale);
        let rules = [
            (w.oil_service, "service", Some("15000"), Some("12"), None),
            (w.timing_belt, "service", Some("120000"), Some("60"), None),
            (
                w.roadworthiness_test,
                "inspection",
                None,
                Some("24"),
                Some("48"),
            ),
        ];
        for (name, kind, km, months, first) in rules {
            create_rule(
                tx,
                now_ms,
                &RuleInput {
                    name: Some(name.into()),
                    kind: Some(kind.into()),
                    every_km: km.map(Into::into),
                    every_months: months.map(Into::into),
                    first_months: first.map(Into::into),
                    active: Some(true),
                },
            )?;
        }
    }
    list_rules(tx)
}

/// Records that `rule` was done on `vehicle` on `day` at `km`: the base of
/// its next due date.
pub fn mark_done(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: VehicleId,
    rule: ReminderRuleId,
    day: &str,
    km: Option<i64>,
) -> Result<()> {
    get_rule(tx, rule).map_err(|_| Invalid::new(Field::Rule, Problem::NotAllowed))?;
    let (vehicle, rule) = (vehicle.to_string(), rule.to_string());
    let day = crate::text::parse_date(day).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let existing: Option<(String, String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT id, last_done_on, last_done_km FROM vehicle_reminders
              WHERE vehicle_id = ?1 AND rule_id = ?2 AND deleted_at IS NULL",
        )?
        .query_row([&vehicle, &rule], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match existing {
        Some((id, on, done_km)) => {
            let old = Map::from_iter([
                ("last_done_on".to_owned(), json!(on)),
                ("last_done_km".to_owned(), json!(done_km)),
            ]);
            let new = Map::from_iter([
                ("last_done_on".to_owned(), json!(day)),
                ("last_done_km".to_owned(), json!(km)),
            ]);
            let changed = outbox::changes(&old, new);
            if changed.is_empty() {
                return Ok(());
            }
            let hlc = outbox::record(
                tx,
                now_ms,
                DONE,
                &id,
                OpKind::Update,
                &Value::Object(changed),
                Some(&old),
            )?;
            tx.prepare_cached(
                "UPDATE vehicle_reminders SET last_done_on = ?2, last_done_km = ?3, updated_at = ?4
                  WHERE id = ?1",
            )?
            .execute(params![id, day, km, hlc.as_i64()])?;
        }
        None => {
            let id = new_row_id();
            let hlc = outbox::record(
                tx,
                now_ms,
                DONE,
                &id,
                OpKind::Insert,
                &json!({ "vehicle_id": vehicle, "rule_id": rule, "last_done_on": day,
                         "last_done_km": km, "created_at": now_ms, "deleted_at": null }),
                None,
            )?;
            tx.prepare_cached(
                "INSERT INTO vehicle_reminders (id, vehicle_id, rule_id, last_done_on, last_done_km,
                        created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, vehicle, rule, day, km, now_ms as i64, hlc.as_i64()])?;
        }
    }
    Ok(())
}

/// The day (a day number) a vehicle reaches `target_km`, from its odometer
/// `readings` (day number, km), oldest first, at its average daily distance:
/// between its first and last reading, or from its first registration
/// (`registered`, at 0 km) when it has one reading. `None` when its pace is
/// unknown (no distance covered, no time elapsed).
pub fn estimate_day(
    readings: &[(i64, i64)],
    registered: Option<i64>,
    target_km: i64,
) -> Option<i64> {
    let last = *readings.last()?;
    let first = match readings {
        [_] => (registered?, 0),
        _ => readings[0],
    };
    let (span_days, span_km) = (last.0 - first.0, last.1 - first.1);
    if span_days <= 0 || span_km <= 0 {
        return None;
    }
    let offset =
        (i128::from(target_km - last.1) * i128::from(span_days)).div_euclid(i128::from(span_km));
    i64::try_from(offset).ok().map(|o| last.0 + o)
}

/// When a rule falls due on a vehicle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueDate {
    /// The day (day number): the earlier of the date and the estimated
    /// mileage date.
    pub day: i64,
    /// The mileage it is due at, if the rule counts km.
    pub km: Option<i64>,
    /// Whether the mileage comes first.
    pub by_km: bool,
}

/// When `rule` falls due on a vehicle registered on `registered` (day
/// number), last done on `done` (day number, km), with these `readings`,
/// seen from `today`. Pure: the rules of the module's documentation.
pub fn due_date(
    rule: &ReminderRule,
    registered: Option<i64>,
    done: Option<(i64, Option<i64>)>,
    readings: &[(i64, i64)],
    today: i64,
) -> Option<DueDate> {
    let months = add_months_to_number;
    let by_date = match (done, rule.every_months) {
        (Some((on, _)), Some(every)) => months(on, every),
        (None, Some(every)) => {
            let mut due = months(registered?, rule.first_months.unwrap_or(every))?;
            let mut guard = 0;
            while due < today - GRACE_DAYS && guard < 1000 {
                due = months(due, every)?;
                guard += 1;
            }
            Some(due)
        }
        (_, None) => None,
    };
    let due_km = rule.every_km.and_then(|every| match done {
        Some((_, Some(km))) => Some(km + every),
        _ => readings.last().map(|(_, km)| (km / every + 1) * every),
    });
    let by_km = due_km.and_then(|km| estimate_day(readings, registered, km));
    let (day, is_km) = match (by_date, by_km) {
        (Some(d), Some(k)) if k < d => (k, true),
        (Some(d), _) => (d, false),
        (None, Some(k)) => (k, true),
        (None, None) => return None,
    };
    Some(DueDate {
        day,
        km: due_km,
        by_km: is_km,
    })
}

/// A reminder due soon or overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueReminder {
    /// The vehicle.
    pub vehicle_id: VehicleId,
    /// Its plate.
    pub plate: Option<String>,
    /// Make and model.
    pub vehicle_label: Option<String>,
    /// Its owner.
    pub customer_id: CustomerId,
    /// Their name.
    pub customer_name: String,
    /// The rule.
    pub rule_id: ReminderRuleId,
    /// Its name.
    pub rule_name: String,
    /// Service or inspection.
    pub rule_kind: RuleKind,
    /// When it is due (YYYY-MM-DD).
    pub due_on: String,
    /// The mileage it is due at, if counted.
    pub due_km: Option<i64>,
    /// Whether the mileage (estimated) comes first.
    pub by_km: bool,
    /// Whether the day has passed.
    pub overdue: bool,
    /// The start of an open appointment already booked for it.
    pub booked_at: Option<String>,
    /// Whether the customer agreed to receive reminders.
    pub consent: bool,
}

/// The reminders due within `within_days` of `today` (the workstation's
/// local date) or overdue, soonest first.
pub fn due_reminders(conn: &Connection, today: &str, within_days: i64) -> Result<Vec<DueReminder>> {
    due(conn, today, within_days, None)
}

/// The reminders of one vehicle due within `within_days` of `today` or
/// overdue, soonest first: when its next services fall, by the same rules
/// as [`due_reminders`], reading that vehicle's rows alone.
pub fn due_reminders_of(
    conn: &Connection,
    vehicle: VehicleId,
    today: &str,
    within_days: i64,
) -> Result<Vec<DueReminder>> {
    due(conn, today, within_days, Some(vehicle))
}

fn due(
    conn: &Connection,
    today: &str,
    within_days: i64,
    vehicle: Option<VehicleId>,
) -> Result<Vec<DueReminder>> {
    // One vehicle's rows through its indexes, or every vehicle's.
    let only = vehicle.map(|v| v.to_string());
    let of = |column: &str| match only {
        Some(_) => format!(" AND {column} = ?1"),
        None => String::new(),
    };
    let args = rusqlite::params_from_iter(only.iter());
    let today_n = day_number(today).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let rules: Vec<ReminderRule> = list_rules(conn)?.into_iter().filter(|r| r.active).collect();
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let mut done: HashMap<(String, String), (i64, Option<i64>)> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT vehicle_id, rule_id, last_done_on, last_done_km FROM vehicle_reminders
          WHERE deleted_at IS NULL{}",
        of("vehicle_id")
    ))?;
    for row in stmt.query_map(args.clone(), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })? {
        let (v, rule, on, km) = row?;
        if let Some(n) = day_number(&on) {
            done.insert((v, rule), (n, km));
        }
    }
    let mut readings: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT vehicle_id, read_on, km, meter_replaced FROM mileage_readings
          WHERE 1{} ORDER BY vehicle_id, read_on, created_at",
        of("vehicle_id")
    ))?;
    for row in stmt.query_map(args.clone(), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, bool>(3)?,
        ))
    })? {
        let (v, on, km, replaced) = row?;
        let list = readings.entry(v).or_default();
        if replaced {
            // A new meter: the pace is measured on it alone.
            list.clear();
        }
        if let Some(n) = day_number(&on) {
            list.push((n, km));
        }
    }
    let mut booked: HashMap<(String, String), String> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT vehicle_id, reminder_rule_id, MIN(start_at) FROM appointments
          WHERE reminder_rule_id IS NOT NULL AND deleted_at IS NULL
            AND status IN ('requested', 'confirmed'){}
          GROUP BY vehicle_id, reminder_rule_id",
        of("vehicle_id")
    ))?;
    for row in stmt.query_map(args.clone(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (v, rule, at) = row?;
        booked.insert((v, rule), at);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.id, v.plate, v.make, v.model, v.first_registration, c.id,
                c.kind, c.civility, c.first_name, c.last_name, c.company_name, c.marketing_consent
           FROM vehicles v JOIN customers c ON c.id = v.customer_id
          WHERE v.deleted_at IS NULL AND c.deleted_at IS NULL AND c.anonymised_at IS NULL{}",
        of("v.id")
    ))?;
    let mut out = Vec::new();
    let vehicles = stmt.query_map(args, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            vehicle_label(r.get(2)?, r.get(3)?),
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            customer_name(r, 6)?,
            r.get::<_, bool>(11)?,
        ))
    })?;
    // The rows' ids are compared as stored, as text.
    let rule_texts: Vec<String> = rules.iter().map(|r| r.id.to_string()).collect();
    for v in vehicles {
        let (vehicle_text, plate, label, registered, customer_text, name, consent) = v?;
        let registered = registered.as_deref().and_then(day_number);
        let reads = readings.get(&vehicle_text).map_or(&[][..], Vec::as_slice);
        let mut ids: Option<(VehicleId, CustomerId)> = None;
        for (rule, rule_text) in rules.iter().zip(&rule_texts) {
            let key = (vehicle_text.clone(), rule_text.clone());
            let Some(due) = due_date(rule, registered, done.get(&key).copied(), reads, today_n)
            else {
                continue;
            };
            if due.day > today_n + within_days {
                continue;
            }
            let (vehicle_id, customer_id) = match ids {
                Some(ids) => ids,
                None => *ids.insert((
                    parse_id(&vehicle_text, "vehicles.id")?,
                    parse_id(&customer_text, "customers.id")?,
                )),
            };
            out.push(DueReminder {
                vehicle_id,
                plate: plate.clone(),
                vehicle_label: label.clone(),
                customer_id,
                customer_name: name.clone(),
                rule_id: rule.id,
                rule_name: rule.name.clone(),
                rule_kind: rule.kind,
                due_on: day_of_number(due.day).unwrap_or_default(),
                due_km: due.km,
                by_km: due.by_km,
                overdue: due.day < today_n,
                booked_at: booked.get(&key).cloned(),
                consent,
            });
        }
    }
    out.sort_by(|a, b| {
        a.due_on
            .cmp(&b.due_on)
            .then_with(|| a.customer_name.cmp(&b.customer_name))
    });
    Ok(out)
}

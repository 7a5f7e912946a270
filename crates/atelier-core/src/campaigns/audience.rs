//! Who a campaign goes to: the filters a workshop uses, over the customers
//! and the vehicles they own now, and on each channel only the customers
//! who may be written to there.
//!
//! Never reached, whatever the filters: a customer without consent (the
//! form's tick), who withdrew it on that channel (a link, a « STOP », the
//! front desk), anonymised, archived or merged into another, or without an
//! address on that channel.
//!
//! With vehicle filters a customer is in when one of their vehicles meets
//! them all; that vehicle fills `{vehicule}`. Ages count from the first
//! registration; the mileage is estimated today from the vehicle's
//! readings at its average pace (as the service reminders estimate it);
//! a service due is a reminder rule falling due within the days given (or
//! overdue), as [`crate::planning::reminders`] computes it. A visit is a
//! repair order (its creation day); « last visit before » reaches those
//! who came at least once.

use std::collections::{HashMap, HashSet};

use atelier_domain::{CustomerId, VehicleId};
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::customers::consent::{Channel, withdrawn_condition};
use crate::orders::{parse_id, vehicle_label};
use crate::planning::reminders::{due_reminders, estimate_day};
use crate::planning::time::{add_months_to_number, day_number, day_of_number};
use crate::text::{day_start_ms, parse_date};
use crate::validation::{Field, Invalid, Problem};
use crate::vehicles::Fuel;

/// How many recipients the preview shows.
pub const SAMPLE: usize = 10;

/// The audience's filters; every one left empty lets everyone through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Audience {
    /// Vehicles of one of these makes (any case).
    pub makes: Vec<String>,
    /// Vehicles of one of these fuels (`diesel`, `petrol`…).
    pub fuels: Vec<String>,
    /// Vehicles at least this many years old.
    pub min_age_years: Option<u32>,
    /// Vehicles at most this many years old.
    pub max_age_years: Option<u32>,
    /// Vehicles estimated at this many km or more today.
    pub min_km: Option<i64>,
    /// Vehicles estimated at this many km or fewer today.
    pub max_km: Option<i64>,
    /// Customers whose last visit was before this day.
    pub last_visit_before: Option<String>,
    /// Customers whose last visit was on or after this day.
    pub last_visit_after: Option<String>,
    /// Vehicles with a service (or CT) due within this many days, or overdue.
    pub service_due_within_days: Option<i64>,
    /// Vehicles with a service overdue.
    pub service_overdue: bool,
    /// Customers who came to this site (an order or an appointment there).
    pub site_id: Option<String>,
}

/// One customer a campaign reaches on one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recipient {
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name.
    pub name: String,
    /// Their first name (a company: its name), for `{prenom}`.
    pub first_name: String,
    /// The channel.
    pub channel: Channel,
    /// The address or number.
    pub address: String,
    /// Their language.
    pub language: atelier_domain::Locale,
    /// The vehicle that put them in, if a vehicle filter did.
    pub vehicle_id: Option<VehicleId>,
    /// That vehicle as people name it.
    pub vehicle: Option<String>,
}

/// What the campaign screen shows before sending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AudienceCount {
    /// Customers reached on at least one channel.
    pub customers: usize,
    /// Messages by e-mail.
    pub email: usize,
    /// Messages by SMS.
    pub sms: usize,
    /// The first few recipients, to check the filters.
    pub sample: Vec<Recipient>,
}

impl Audience {
    /// Refuses filters out of bounds: a date that is no date, a negative
    /// distance or number of days, a fuel that does not exist.
    pub(crate) fn check(&self) -> Result<(), Invalid> {
        for day in [&self.last_visit_before, &self.last_visit_after]
            .into_iter()
            .flatten()
        {
            parse_date(day).ok_or(Invalid::new(Field::Day, Problem::Date))?;
        }
        if self.min_km.is_some_and(|k| k < 0) || self.max_km.is_some_and(|k| k < 0) {
            return Err(Invalid::new(Field::Km, Problem::Negative));
        }
        if self
            .service_due_within_days
            .is_some_and(|d| !(0..=730).contains(&d))
        {
            return Err(Invalid::new(
                Field::Day,
                Problem::Number { min: 0, max: 730 },
            ));
        }
        if self.fuels.iter().any(|f| Fuel::parse(f).is_none()) {
            return Err(Invalid::new(Field::Fuel, Problem::NotAllowed));
        }
        Ok(())
    }

    fn filters_vehicles(&self) -> bool {
        !self.makes.is_empty()
            || !self.fuels.is_empty()
            || self.min_age_years.is_some()
            || self.max_age_years.is_some()
            || self.min_km.is_some()
            || self.max_km.is_some()
            || self.service_due_within_days.is_some()
            || self.service_overdue
    }
}

/// The count of an audience on the channels a campaign uses, and a sample.
pub fn preview(
    conn: &Connection,
    audience: &Audience,
    channels: &[Channel],
    today: &str,
) -> Result<AudienceCount> {
    let mut all = Vec::new();
    for channel in channels {
        all.extend(recipients(conn, audience, *channel, today)?);
    }
    let customers: HashSet<CustomerId> = all.iter().map(|r| r.customer_id).collect();
    let count = |c| all.iter().filter(|r| r.channel == c).count();
    Ok(AudienceCount {
        customers: customers.len(),
        email: count(Channel::Email),
        sms: count(Channel::Sms),
        sample: all.into_iter().take(SAMPLE).collect(),
    })
}

/// The customers `audience` reaches on `channel` on `today`, by name.
pub fn recipients(
    conn: &Connection,
    audience: &Audience,
    channel: Channel,
    today: &str,
) -> Result<Vec<Recipient>> {
    audience.check()?;
    let address = match channel {
        Channel::Email => "c.email",
        Channel::Sms => "c.phone",
    };
    let mut sql = format!(
        "SELECT c.id, c.kind, c.civility, c.first_name, c.last_name, c.company_name, {address},
                c.language,
                (SELECT v.id FROM vehicles v WHERE v.customer_id = c.id AND v.deleted_at IS NULL
                  ORDER BY v.created_at DESC LIMIT 1)
           FROM customers c
          WHERE c.deleted_at IS NULL AND c.anonymised_at IS NULL AND c.merged_into IS NULL
            AND c.marketing_consent = 1 AND {address} IS NOT NULL
            AND NOT {}",
        withdrawn_condition(1)
    );
    let mut args: Vec<Sql> = vec![Sql::Text(channel.as_str().to_owned())];
    let visits = "SELECT MAX(o.created_at) FROM orders o
                   WHERE o.customer_id = c.id AND o.deleted_at IS NULL AND o.status <> 'cancelled'";
    if let Some(day) = &audience.last_visit_before {
        args.push(Sql::Integer(hlc_of_day(day)));
        sql.push_str(&format!(" AND ({visits}) < ?{}", args.len()));
    }
    if let Some(day) = &audience.last_visit_after {
        args.push(Sql::Integer(hlc_of_day(day)));
        sql.push_str(&format!(" AND ({visits}) >= ?{}", args.len()));
    }
    if let Some(site) = &audience.site_id {
        args.push(Sql::Text(site.clone()));
        let n = args.len();
        sql.push_str(&format!(
            " AND (EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.site_id = ?{n})
                OR EXISTS (SELECT 1 FROM appointments a WHERE a.customer_id = c.id AND a.site_id = ?{n}))"
        ));
    }
    sql.push_str(" ORDER BY c.sort_key, c.id");
    let vehicles = if audience.filters_vehicles() {
        Some(matching_vehicles(conn, audience, today)?)
    } else {
        None
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, String>(0)?,
            crate::orders::customer_name(r, 1)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, first, company, address, language, newest) = row?;
        let vehicle = match &vehicles {
            Some(found) => match found.get(&id) {
                Some(v) => Some(v.clone()),
                None => continue,
            },
            // No vehicle filter: their newest vehicle fills `{vehicule}`.
            None => match newest {
                Some(v) => Some((v.clone(), label_of(conn, &v)?)),
                None => None,
            },
        };
        out.push(Recipient {
            customer_id: parse_id(&id, "customers.id")?,
            first_name: first.or(company).unwrap_or_else(|| name.clone()),
            name,
            channel,
            address,
            language: language.parse().unwrap_or_default(),
            vehicle_id: vehicle
                .as_ref()
                .map(|(v, _)| parse_id(v, "vehicles.id"))
                .transpose()?,
            vehicle: vehicle.and_then(|(_, label)| label),
        });
    }
    Ok(out)
}

/// A vehicle as people name it: make and model, else its plate.
fn label_of(conn: &Connection, vehicle: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT make, model, plate FROM vehicles WHERE id = ?1")?
        .query_row([vehicle], |r| {
            Ok(vehicle_label(r.get(0)?, r.get(1)?).or(r.get(2)?))
        })?)
}

/// A day's first instant as an HLC, to compare with `created_at` columns.
fn hlc_of_day(day: &str) -> i64 {
    day_start_ms(day).unwrap_or(0) << 16
}

/// For each customer with a vehicle meeting every vehicle filter, the
/// first such vehicle (id and label).
fn matching_vehicles(
    conn: &Connection,
    audience: &Audience,
    today: &str,
) -> Result<HashMap<String, (String, Option<String>)>> {
    let today_n = day_number(today).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let mut sql = String::from(
        "SELECT v.id, v.customer_id, v.make, v.model, v.plate, v.first_registration
           FROM vehicles v WHERE v.deleted_at IS NULL",
    );
    let mut args: Vec<Sql> = Vec::new();
    let mut any_of = |column: &str, values: Vec<String>, sql: &mut String| {
        let start = args.len() + 1;
        args.extend(values.into_iter().map(Sql::Text));
        let marks: Vec<String> = (start..=args.len()).map(|i| format!("?{i}")).collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    if !audience.makes.is_empty() {
        let makes = audience
            .makes
            .iter()
            .map(|m| m.trim().to_lowercase())
            .collect();
        any_of("lower(v.make)", makes, &mut sql);
    }
    if !audience.fuels.is_empty() {
        any_of("v.fuel", audience.fuels.clone(), &mut sql);
    }
    let years_ago =
        |years: u32| add_months_to_number(today_n, -12 * i64::from(years)).and_then(day_of_number);
    if let Some(day) = audience.min_age_years.and_then(years_ago) {
        args.push(Sql::Text(day));
        sql.push_str(&format!(" AND v.first_registration <= ?{}", args.len()));
    }
    if let Some(day) = audience.max_age_years.and_then(years_ago) {
        args.push(Sql::Text(day));
        sql.push_str(&format!(" AND v.first_registration >= ?{}", args.len()));
    }
    sql.push_str(" ORDER BY v.sort_key, v.id");
    let due: Option<HashSet<VehicleId>> =
        match (audience.service_due_within_days, audience.service_overdue) {
            (None, false) => None,
            (within, overdue) => Some(
                due_reminders(conn, today, within.unwrap_or(0))?
                    .into_iter()
                    .filter(|d| !overdue || d.overdue)
                    .map(|d| d.vehicle_id)
                    .collect(),
            ),
        };
    let by_km = audience.min_km.is_some() || audience.max_km.is_some();
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            vehicle_label(r.get(2)?, r.get(3)?),
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out: HashMap<String, (String, Option<String>)> = HashMap::new();
    for row in rows {
        let (id, customer, label, plate, registered) = row?;
        if out.contains_key(&customer) {
            continue;
        }
        if let Some(due) = &due
            && !due.contains(&parse_id::<VehicleId>(&id, "vehicles.id")?)
        {
            continue;
        }
        if by_km {
            let registered = registered.as_deref().and_then(day_number);
            let Some(km) = estimated_km(conn, &id, registered, today_n)? else {
                continue;
            };
            if audience.min_km.is_some_and(|m| km < m) || audience.max_km.is_some_and(|m| km > m) {
                continue;
            }
        }
        out.insert(customer, (id, label.or(plate)));
    }
    Ok(out)
}

/// A vehicle's mileage estimated on day `today` (a day number): its last
/// reading plus its average pace since; `None` without a reading.
fn estimated_km(
    conn: &Connection,
    vehicle: &str,
    registered: Option<i64>,
    today: i64,
) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT read_on, km, meter_replaced FROM mileage_readings
          WHERE vehicle_id = ?1 ORDER BY read_on, created_at",
    )?;
    let mut readings: Vec<(i64, i64)> = Vec::new();
    for row in stmt.query_map([vehicle], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, bool>(2)?,
        ))
    })? {
        let (on, km, replaced) = row?;
        if replaced {
            readings.clear();
        }
        if let Some(n) = day_number(&on) {
            readings.push((n, km));
        }
    }
    let Some(&(last_day, last_km)) = readings.last() else {
        return Ok(None);
    };
    // The pace is the one the reminders use: the day a distance is reached,
    // turned around (the km of 1,000 km further, found by day).
    let pace =
        estimate_day(&readings, registered, last_km + 1000).map(|day| (day - last_day).max(1));
    Ok(Some(match pace {
        Some(days_per_1000) => last_km + (today - last_day).max(0) * 1000 / days_per_1000,
        None => last_km,
    }))
}

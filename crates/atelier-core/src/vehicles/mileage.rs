//! Odometer readings: append-only, and never silently lower than the last one.

use atelier_domain::{MileageReadingId, VehicleId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Value, json};

use super::input::km;
use super::{VehicleError, get};
use crate::device::stored_hlc;
use crate::outbox::{self, OpKind};
use crate::text::{parse_date, rfc3339, today};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

const ENTITY: &str = "mileage_readings";

/// Where a reading comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MileageSource {
    /// Noted when the car was dropped off.
    DropOff,
    /// Printed on an invoice.
    Invoice,
    /// Typed in by hand.
    Manual,
}

crate::text::str_enum!(MileageSource {
    DropOff => "drop_off",
    Invoice => "invoice",
    Manual => "manual",
});

/// One odometer reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MileageReading {
    /// Stable id.
    pub id: MileageReadingId,
    /// Kilometres.
    pub km: i64,
    /// The day it was read (YYYY-MM-DD).
    pub read_on: String,
    /// Where it comes from.
    pub source: MileageSource,
    /// Confirmed lower than the previous reading because the meter was replaced.
    pub meter_replaced: bool,
    /// When it was recorded (RFC 3339).
    pub created_at: String,
}

/// Records a reading read on `read_on` (YYYY-MM-DD, not in the future).
///
/// A reading lower than the previous one is refused with
/// [`VehicleError::MileageLower`] unless `meter_replaced` confirms the meter was
/// changed; one higher than a later reading is refused as impossible.
pub fn record_mileage(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: VehicleId,
    km_typed: &Value,
    read_on: &str,
    meter_replaced: bool,
    source: MileageSource,
) -> Result<MileageReading> {
    get(tx, vehicle)?;
    let km = km(km_typed, Field::Km)?;
    let today = today(now_ms);
    let read_on = match read_on.trim() {
        "" => today.clone(),
        d => parse_date(d).ok_or(Invalid::new(Field::ReadOn, Problem::Date))?,
    };
    if read_on > today {
        return Err(Invalid::new(Field::ReadOn, Problem::FutureDate).into());
    }
    if let Some((last_km, last_on)) = neighbour(tx, vehicle, &read_on, true)?
        && km < last_km
        && !meter_replaced
    {
        return Err(VehicleError::MileageLower {
            last_km,
            last_read_on: last_on,
        }
        .into());
    }
    if let Some((next_km, next_on)) = neighbour(tx, vehicle, &read_on, false)?
        && km > next_km
    {
        let later = Problem::AboveLaterReading {
            km: next_km,
            on: next_on,
        };
        return Err(Invalid::new(Field::Km, later).into());
    }
    insert_reading(tx, now_ms, vehicle, km, &read_on, source, meter_replaced)
}

/// The reading just before (`before`) or just after `on`, as (km, date).
/// Readings after a meter replacement start a new series, so only the
/// latest series counts after `on`.
fn neighbour(
    conn: &Connection,
    vehicle: VehicleId,
    on: &str,
    before: bool,
) -> Result<Option<(i64, String)>> {
    let sql = if before {
        "SELECT km, read_on FROM mileage_readings WHERE vehicle_id = ?1 AND read_on <= ?2
         ORDER BY read_on DESC, created_at DESC LIMIT 1"
    } else {
        "SELECT km, read_on FROM mileage_readings WHERE vehicle_id = ?1 AND read_on > ?2
           AND meter_replaced = 0
           AND NOT EXISTS (SELECT 1 FROM mileage_readings r WHERE r.vehicle_id = ?1
                           AND r.meter_replaced = 1 AND r.read_on > ?2)
         ORDER BY read_on, created_at LIMIT 1"
    };
    Ok(conn
        .query_row(sql, params![vehicle.to_string(), on], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub(crate) fn insert_reading(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: VehicleId,
    km: i64,
    read_on: &str,
    source: MileageSource,
    meter_replaced: bool,
) -> Result<MileageReading> {
    let id = MileageReadingId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &json!({
            "vehicle_id": vehicle.to_string(), "km": km, "read_on": read_on,
            "source": source.as_str(), "meter_replaced": meter_replaced,
        }),
        None,
    )?;
    tx.prepare_cached("INSERT INTO mileage_readings (id, vehicle_id, km, read_on, source, meter_replaced, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![id.to_string(), vehicle.to_string(), km, read_on, source.as_str(), meter_replaced, hlc.as_i64()])?;
    Ok(MileageReading {
        id,
        km,
        read_on: read_on.to_owned(),
        source,
        meter_replaced,
        created_at: rfc3339(hlc),
    })
}

/// A vehicle's readings, newest first.
pub fn readings(conn: &Connection, vehicle: VehicleId) -> Result<Vec<MileageReading>> {
    let mut stmt = conn.prepare(
        "SELECT id, km, read_on, source, meter_replaced, created_at FROM mileage_readings
         WHERE vehicle_id = ?1 ORDER BY read_on DESC, created_at DESC",
    )?;
    let rows = stmt.query_map([vehicle.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, km, read_on, source, meter_replaced, created) = row?;
        out.push(MileageReading {
            id: id
                .parse()
                .map_err(|_| Error::Corrupt("mileage_readings.id"))?,
            km,
            read_on,
            source: MileageSource::parse(&source)
                .ok_or(Error::Corrupt("mileage_readings.source"))?,
            meter_replaced,
            created_at: rfc3339(stored_hlc(created)?),
        });
    }
    Ok(out)
}

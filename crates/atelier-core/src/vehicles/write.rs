//! Creating and editing vehicles, and changing their owner.

use atelier_domain::{CustomerId, VehicleId};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value, json};

use super::input::{Fields, VehicleInput, km, owner};
use super::mileage::{MileageSource, insert_reading};
use super::{ENTITY, Vehicle, get};
use crate::Result;
use crate::customers;
use crate::outbox::{self, OpKind};
use crate::search;
use crate::text::today;
use crate::validation::{Field, Invalid, Problem};

const OWNERS: &str = "vehicle_owners";

/// Creates a vehicle for its owner, with an ownership period starting today
/// and, when given, a first odometer reading. Refuses a plate or VIN already
/// on another vehicle: that car changes owner, it is not entered twice.
pub fn create(tx: &Transaction<'_>, now_ms: u64, input: &VehicleInput) -> Result<Vehicle> {
    let id = create_id(tx, now_ms, input)?;
    get(tx, id)
}

/// [`create`], answering only the new id: for bulk writers (import, demo
/// data) that do not show the record.
pub fn create_id(tx: &Transaction<'_>, now_ms: u64, input: &VehicleInput) -> Result<VehicleId> {
    let today = today(now_ms);
    let fields = Fields::parse(input, &today)?;
    let customer = owner(input)?;
    customers::get(tx, customer).map_err(|_| Invalid::new(Field::Owner, Problem::NotAllowed))?;
    let mileage = match &input.mileage {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => Some(km(v, Field::Mileage)?),
    };
    check_unique(tx, &fields, None)?;

    let id = VehicleId::new();
    let mut payload = fields.to_json();
    payload.insert("customer_id".into(), json!(customer.to_string()));
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
        "INSERT INTO vehicles (id, customer_id, sort_key, created_at, updated_at, plate, vin)
         VALUES (?1, ?2, '', ?3, ?3, ?4, ?5)",
    )?
    .execute(params![
        id.to_string(),
        customer.to_string(),
        hlc.as_i64(),
        fields.plate.as_ref().map(|p| p.as_str()),
        fields.vin.as_ref().map(|v| v.as_str())
    ])?;
    store(tx, id, &fields, hlc.as_i64())?;
    open_ownership(tx, now_ms, id, customer, &today)?;
    if let Some(km) = mileage {
        insert_reading(tx, now_ms, id, km, &today, MileageSource::Manual, false)?;
    }
    Ok(id)
}

/// Replaces a vehicle's fields with what the form sent (the owner apart). Only
/// the changed fields travel; an unchanged form writes nothing.
pub fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: VehicleId,
    input: &VehicleInput,
) -> Result<Vehicle> {
    let before = get(tx, id)?;
    let fields = Fields::parse(input, &today(now_ms))?;
    let old = json!({
        "plate": before.plate, "plate_kind": before.plate_kind.map(super::input::plate_kind_str),
        "vin": before.vin, "make": before.make, "model": before.model, "version": before.version,
        "engine_code": before.engine_code, "fuel": before.fuel.map(super::Fuel::as_str),
        "gearbox": before.gearbox.map(super::Gearbox::as_str), "colour": before.colour,
        "first_registration": before.first_registration, "notes": before.notes,
    });
    let Value::Object(old) = old else {
        unreachable!("built as an object above")
    };
    let changes = outbox::changes(&old, fields.to_json());
    if changes.is_empty() {
        return Ok(before);
    }
    check_unique(tx, &fields, Some(id))?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    store(tx, id, &fields, hlc.as_i64())?;
    get(tx, id)
}

fn store(tx: &Transaction<'_>, id: VehicleId, f: &Fields, updated_at: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE vehicles SET plate = ?2, plate_kind = ?3, plate_key = ?4, vin = ?5, make = ?6,
                model = ?7, version = ?8, engine_code = ?9, fuel = ?10, gearbox = ?11,
                colour = ?12, first_registration = ?13, notes = ?14, sort_key = ?15,
                updated_at = ?16
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        f.plate.as_ref().map(|p| p.as_str()),
        f.plate
            .as_ref()
            .map(|p| super::input::plate_kind_str(p.kind())),
        f.plate.as_ref().map(|p| p.search_key()),
        f.vin.as_ref().map(|v| v.as_str()),
        f.make,
        f.model,
        f.version,
        f.engine_code,
        f.fuel.map(super::Fuel::as_str),
        f.gearbox.map(super::Gearbox::as_str),
        f.colour,
        f.first_registration,
        f.notes,
        f.sort_key(),
        updated_at,
    ])?;
    search::index(
        tx,
        search::Kind::Vehicle,
        &id.to_string(),
        &f.search_document(),
    )
}

/// Recomputes the plate key, the sort key and the search entry of a vehicle
/// whose row was written by sync: derived here, never synced.
pub(crate) fn refresh_derived(tx: &Transaction<'_>, row_id: &str) -> Result<()> {
    let row = tx
        .prepare_cached(
            "SELECT plate, plate_kind, vin, make, model, version, deleted_at IS NOT NULL
               FROM vehicles WHERE id = ?1",
        )?
        .query_row([row_id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
    let (plate, kind, vin, make, model, version, gone) = row;
    let fields = stored_fields(plate, kind.as_deref(), vin, make, model, version);
    tx.prepare_cached("UPDATE vehicles SET plate_key = ?2, sort_key = ?3 WHERE id = ?1")?
        .execute(params![
            row_id,
            fields.plate.as_ref().map(|p| p.search_key()),
            fields.sort_key()
        ])?;
    if gone {
        search::unindex(tx, search::Kind::Vehicle, row_id)
    } else {
        search::index(tx, search::Kind::Vehicle, row_id, &fields.search_document())
    }
}

/// Writes every indexed vehicle's search document again when a migration
/// asked for it (V18 added the plate's scraps and the VIN's endings of four
/// and five characters, V20 made the scraps again keyed by the plate);
/// returns how many. Cheap when none was asked.
pub(crate) fn reindex_if_asked(tx: &Transaction<'_>) -> Result<usize> {
    if !search::reindex_asked(tx, search::Kind::Vehicle)? {
        return Ok(0);
    }
    let rows = tx
        .prepare(
            "SELECT v.id, v.plate, v.plate_kind, v.vin, v.make, v.model, v.version
               FROM search_docs d JOIN vehicles v ON v.id = d.row_id
              WHERE d.kind = 'vehicle' ORDER BY d.doc",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                stored_fields(
                    r.get(1)?,
                    r.get::<_, Option<String>>(2)?.as_deref(),
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The documents' words in one statement, as an import writes them.
    let words = search::Deferral::start();
    for (id, fields) in &rows {
        search::index(tx, search::Kind::Vehicle, id, &fields.search_document())?;
    }
    words.finish(tx)?;
    search::reindexed(tx, search::Kind::Vehicle)?;
    Ok(rows.len())
}

/// The fields the derived columns and the search document come from, as a
/// row stores them: its plate (read as its kind says; a plate no rule
/// accepts is left out), VIN, make, model and version.
pub(crate) fn stored_fields(
    plate: Option<String>,
    kind: Option<&str>,
    vin: Option<String>,
    make: Option<String>,
    model: Option<String>,
    version: Option<String>,
) -> Fields {
    let plate = plate.and_then(|p| match kind {
        Some("foreign") => atelier_domain::Plate::foreign(&p).ok(),
        _ => atelier_domain::Plate::parse(&p)
            .or_else(|_| atelier_domain::Plate::foreign(&p))
            .ok(),
    });
    Fields {
        plate,
        vin: vin.and_then(|v| atelier_domain::Vin::parse(&v).ok()),
        make,
        model,
        version,
        engine_code: None,
        fuel: None,
        gearbox: None,
        colour: None,
        first_registration: None,
        notes: None,
    }
}

/// The fields [`refresh_derived`] reads back once an insert's `payload` is
/// stored, or `None` when it could read back anything else: one of them
/// not text (stored as its text, which this does not spell), a tombstone,
/// derived keys sent along.
pub(crate) fn payload_fields(payload: &Map<String, Value>) -> Option<Fields> {
    if ["plate_key", "sort_key"]
        .iter()
        .any(|k| payload.contains_key(*k))
        || payload.get("deleted_at").is_some_and(|d| !d.is_null())
    {
        return None;
    }
    let text = |k: &str| match payload.get(k) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    };
    Some(stored_fields(
        text("plate")?,
        text("plate_kind")?.as_deref(),
        text("vin")?,
        text("make")?,
        text("model")?,
        text("version")?,
    ))
}

/// Refuses a plate or VIN that another active vehicle already has.
fn check_unique(tx: &Transaction<'_>, f: &Fields, except: Option<VehicleId>) -> Result<()> {
    let except = except.map(|id| id.to_string());
    if let Some(plate) = &f.plate {
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM vehicles WHERE plate_key = ?1 AND deleted_at IS NULL AND id IS NOT ?2",
                params![plate.search_key(), except],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Invalid::new(Field::Plate, Problem::AlreadyRegistered).into());
        }
    }
    if let Some(vin) = &f.vin {
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM vehicles WHERE vin = ?1 AND deleted_at IS NULL AND id IS NOT ?2",
                params![vin.as_str(), except],
                |r| r.get(0),
            )
            .optional()?;
        if taken.is_some() {
            return Err(Invalid::new(Field::Vin, Problem::AlreadyRegistered).into());
        }
    }
    Ok(())
}

fn open_ownership(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: VehicleId,
    customer: CustomerId,
    from_on: &str,
) -> Result<()> {
    let id = crate::new_row_id();
    let hlc = outbox::record(
        tx,
        now_ms,
        OWNERS,
        &id,
        OpKind::Insert,
        &json!({"vehicle_id": vehicle.to_string(), "customer_id": customer.to_string(), "from_on": from_on}),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO vehicle_owners (id, vehicle_id, customer_id, from_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![
        id,
        vehicle.to_string(),
        customer.to_string(),
        from_on,
        hlc.as_i64()
    ])?;
    Ok(())
}

/// Gives the vehicle a new owner from today. The previous ownership period
/// ends today and stays in the history.
pub fn transfer(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: VehicleId,
    to: CustomerId,
) -> Result<Vehicle> {
    let vehicle = get(tx, id)?;
    customers::get(tx, to).map_err(|_| Invalid::new(Field::Owner, Problem::NotAllowed))?;
    if vehicle.customer_id == to {
        return Err(Invalid::new(Field::Owner, Problem::SameOwner).into());
    }
    let today = today(now_ms);
    let open: Vec<String> = {
        let mut stmt =
            tx.prepare("SELECT id FROM vehicle_owners WHERE vehicle_id = ?1 AND until_on IS NULL")?;
        stmt.query_map([id.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for period in open {
        let hlc = outbox::record(
            tx,
            now_ms,
            OWNERS,
            &period,
            OpKind::Update,
            &json!({"until_on": today}),
            Some(&serde_json::Map::from_iter([(
                "until_on".to_owned(),
                Value::Null,
            )])),
        )?;
        tx.prepare_cached(
            "UPDATE vehicle_owners SET until_on = ?2, updated_at = ?3 WHERE id = ?1",
        )?
        .execute(params![period, today, hlc.as_i64()])?;
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({"customer_id": to.to_string()}),
        Some(&serde_json::Map::from_iter([(
            "customer_id".to_owned(),
            json!(vehicle.customer_id.to_string()),
        )])),
    )?;
    tx.prepare_cached("UPDATE vehicles SET customer_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id.to_string(), to.to_string(), hlc.as_i64()])?;
    open_ownership(tx, now_ms, id, to, &today)?;
    get(tx, id)
}

/// A vehicle's derived data: its plate key, sort key and search document.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[super::ENTITY]
    }

    fn columns(
        &self,
        _entity: &str,
        _payload: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<(&'static str, rusqlite::types::Value)> {
        // Built from several fields: refreshed once the row is stored.
        vec![("sort_key", rusqlite::types::Value::Text(String::new()))]
    }

    fn fresh(
        &self,
        _entity: &str,
        _row_id: &str,
        payload: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<crate::derive::Fresh> {
        use rusqlite::types::Value as SqlValue;
        let f = payload_fields(payload)?;
        let plate_key = f.plate.as_ref().map(|p| p.search_key());
        Some(crate::derive::Fresh {
            columns: vec![
                (
                    "plate_key",
                    plate_key.map_or(SqlValue::Null, SqlValue::Text),
                ),
                ("sort_key", SqlValue::Text(f.sort_key())),
            ],
            search: (search::Kind::Vehicle, f.search_document()),
        })
    }

    fn refresh(&self, tx: &Transaction<'_>, _entity: &str, row_id: &str) -> Result<()> {
        refresh_derived(tx, row_id)
    }
}

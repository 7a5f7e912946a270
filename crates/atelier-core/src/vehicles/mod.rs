//! Vehicles: each belongs to one customer at a time, keeps who owned it when,
//! and its odometer readings.
//!
//! Reads and the vehicle page live here; the form's rules in [`input`];
//! creating, editing and changing owner in [`write`]; readings in [`mileage`].

mod error;
mod input;
mod mileage;
mod words;
mod write;

use atelier_domain::{CustomerId, Locale, PlateKind, VehicleId, Vin};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::customers::{self, Page, page_limit};
use crate::device::stored_hlc;
use crate::search;
use crate::text::{format_km, rfc3339};
use crate::{Error, Result};
use words::words;

pub use error::VehicleError;
pub use input::VehicleInput;
pub(crate) use input::km;
pub use mileage::{MileageReading, MileageSource, readings, record_mileage};
#[cfg(test)]
pub(crate) use write::stored_fields;
pub(crate) use write::{Derived, reindex_if_asked};
pub use write::{create, create_id, transfer, update};

pub(crate) const ENTITY: &str = "vehicles";

/// The energy a vehicle runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fuel {
    /// Essence.
    Petrol,
    /// Gazole.
    Diesel,
    /// Hybride.
    Hybrid,
    /// Hybride rechargeable.
    PluginHybrid,
    /// Électrique.
    Electric,
    /// GPL.
    Lpg,
    /// GNV.
    Cng,
    /// Hydrogène.
    Hydrogen,
    /// Anything else.
    Other,
}

crate::text::str_enum!(Fuel {
    Petrol => "petrol",
    Diesel => "diesel",
    Hybrid => "hybrid",
    PluginHybrid => "plugin_hybrid",
    Electric => "electric",
    Lpg => "lpg",
    Cng => "cng",
    Hydrogen => "hydrogen",
    Other => "other",
});

/// The gearbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gearbox {
    /// Boîte manuelle.
    Manual,
    /// Boîte automatique.
    Automatic,
}

crate::text::str_enum!(Gearbox {
    Manual => "manual",
    Automatic => "automatic",
});

/// What Atelier decodes from a VIN, offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VinInfo {
    /// World manufacturer identifier (first three characters).
    pub wmi: String,
    /// The manufacturer, when the WMI is in Atelier's table.
    pub manufacturer: Option<String>,
    /// The country of manufacture, from the first two characters, as an
    /// ISO 3166-1 alpha-2 code (the interface names it in its language).
    pub country: Option<String>,
    /// The model year, from the tenth character.
    pub model_year: Option<u16>,
    /// Whether the ISO 3779 check digit (ninth character) is right. Only
    /// North-American VINs must have one; elsewhere a wrong one is a hint of a typo.
    pub check_digit_valid: bool,
}

/// The year a VIN's model-year letter is read against: the year of `today`
/// (YYYY-MM-DD), or none when `today` is not a date.
fn reference_year(today: &str) -> u16 {
    today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// Decodes a VIN as typed on `today` (YYYY-MM-DD), or says what is wrong with it.
pub fn decode_vin(vin: &str, today: &str) -> Result<VinInfo> {
    let vin = Vin::parse(vin).map_err(|e| {
        crate::validation::Invalid::new(
            crate::validation::Field::Vin,
            crate::validation::Problem::Vin(e),
        )
    })?;
    Ok(vin_info(&vin, reference_year(today)))
}

fn vin_info(vin: &Vin, current_year: u16) -> VinInfo {
    VinInfo {
        wmi: vin.wmi().to_owned(),
        manufacturer: vin.manufacturer().map(str::to_owned),
        country: vin.country().map(str::to_owned),
        model_year: vin.model_year(current_year),
        check_digit_valid: vin.check_digit_valid(),
    }
}

/// A vehicle as stored, with what the UI shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vehicle {
    /// Stable id.
    pub id: VehicleId,
    /// The current owner.
    pub customer_id: CustomerId,
    /// The current owner's name.
    pub owner_name: String,
    /// The plate, in its display form.
    pub plate: Option<String>,
    /// French SIV, French FNI, or foreign.
    pub plate_kind: Option<PlateKind>,
    /// The VIN.
    pub vin: Option<String>,
    /// What the VIN says.
    pub vin_info: Option<VinInfo>,
    /// Make.
    pub make: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Version / finish.
    pub version: Option<String>,
    /// Engine code.
    pub engine_code: Option<String>,
    /// Energy.
    pub fuel: Option<Fuel>,
    /// Gearbox.
    pub gearbox: Option<Gearbox>,
    /// Colour.
    pub colour: Option<String>,
    /// Date of first registration (YYYY-MM-DD).
    pub first_registration: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The latest odometer reading, in km.
    pub last_km: Option<i64>,
    /// Archived.
    pub archived: bool,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A vehicle in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VehicleSummary {
    /// Stable id.
    pub id: VehicleId,
    /// The plate, in its display form.
    pub plate: Option<String>,
    /// French SIV, French FNI, or foreign.
    pub plate_kind: Option<PlateKind>,
    /// The VIN.
    pub vin: Option<String>,
    /// Make.
    pub make: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// The current owner.
    pub owner_id: CustomerId,
    /// The current owner's name.
    pub owner_name: String,
    /// The latest odometer reading, in km.
    pub last_km: Option<i64>,
}

impl From<&Vehicle> for VehicleSummary {
    fn from(v: &Vehicle) -> Self {
        VehicleSummary {
            id: v.id,
            plate: v.plate.clone(),
            plate_kind: v.plate_kind,
            vin: v.vin.clone(),
            make: v.make.clone(),
            model: v.model.clone(),
            owner_id: v.customer_id,
            owner_name: v.owner_name.clone(),
            last_km: v.last_km,
        }
    }
}

/// One period of ownership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ownership {
    /// The owner.
    pub customer_id: CustomerId,
    /// Their name now.
    pub customer_name: String,
    /// The first day.
    pub from: String,
    /// The last day, or none for the current owner.
    pub to: Option<String>,
}

/// What the vehicle's history shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// The vehicle was entered in Atelier.
    Created,
    /// An odometer reading.
    Mileage,
    /// A change of owner.
    Owner,
}

/// One line of a vehicle's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// What happened.
    pub kind: TimelineKind,
    /// The line to show, in the reader's language.
    pub text: String,
}

/// Everything the vehicle page shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VehiclePage {
    /// The vehicle.
    pub vehicle: Vehicle,
    /// Its owners, oldest first.
    pub owners: Vec<Ownership>,
    /// Its odometer readings, newest first.
    pub readings: Vec<MileageReading>,
    /// Its history, newest first.
    pub timeline: Vec<TimelineEntry>,
}

/// One page of the vehicle list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// What to search for, as in the global search.
    pub query: Option<String>,
    /// Rows per page, 1 to 200; 0 means 25.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

const SELECT: &str =
    "SELECT v.id, v.customer_id, v.plate, v.plate_kind, v.vin, v.make, v.model, v.version,
        v.engine_code, v.fuel, v.gearbox, v.colour, v.first_registration, v.notes, v.deleted_at,
        v.created_at, v.updated_at,
        (SELECT km FROM mileage_readings m WHERE m.vehicle_id = v.id
          ORDER BY m.read_on DESC, m.created_at DESC LIMIT 1) AS last_km,
        c.kind AS c_kind, c.civility AS c_civility, c.first_name AS c_first,
        c.last_name AS c_last, c.company_name AS c_company
   FROM vehicles v JOIN customers c ON c.id = v.customer_id";

/// The vehicle with this id, unless it does not exist or was archived.
pub fn get(conn: &Connection, id: VehicleId) -> Result<Vehicle> {
    get_with(conn, id, 0)
}

fn get_with(conn: &Connection, id: VehicleId, current_year: u16) -> Result<Vehicle> {
    let v = conn
        .prepare_cached(&format!("{SELECT} WHERE v.id = ?1"))?
        .query_row([id.to_string()], |r| from_row(r, current_year))
        .optional()?
        .ok_or_else(|| not_found(id))??;
    if v.archived {
        return Err(not_found(id));
    }
    Ok(v)
}

fn not_found(id: VehicleId) -> Error {
    Error::NotFound {
        entity: "vehicle",
        id: id.to_string(),
    }
}

/// The list line of one vehicle.
pub fn summary(conn: &Connection, id: VehicleId) -> Result<VehicleSummary> {
    Ok(VehicleSummary::from(&get(conn, id)?))
}

/// One page of vehicles matching `q`, by plate, with the total count.
pub fn list(conn: &Connection, q: &ListQuery) -> Result<Page<VehicleSummary>> {
    let mut filter = String::from("v.deleted_at IS NULL");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(m) = search::Query::parse(q.query.as_deref().unwrap_or_default()) {
        filter.push_str(&format!(" AND v.id IN ({})", search::MATCHING_IDS));
        args.extend(m.matching_ids_params(search::Kind::Vehicle));
    } else if q.query.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        filter.push_str(" AND 0");
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM vehicles v WHERE {filter}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    args.push(i64::from(page_limit(q.limit)).into());
    args.push(i64::from(q.offset).into());
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE {filter} ORDER BY v.sort_key, v.id LIMIT ? OFFSET ?"
    ))?;
    let items = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| from_row(r, 0))?
        .map(|v| Ok(VehicleSummary::from(&v??)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total: total.unsigned_abs(),
    })
}

/// The active vehicles of a customer, by plate.
pub fn of_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<VehicleSummary>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE v.customer_id = ?1 AND v.deleted_at IS NULL ORDER BY v.sort_key"
    ))?;
    stmt.query_map([customer.to_string()], |r| from_row(r, 0))?
        .map(|v| Ok(VehicleSummary::from(&v??)))
        .collect()
}

/// The makes of the active vehicles, each with its models, once each, in
/// order: what the workshop calls its cars (the assistant's lexicon). Read
/// by stepping through `vehicles_make_model` from one make, and one model,
/// to the next (V23): a look-up each, whatever the number of vehicles.
pub fn makes_and_models(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut next_make = conn
        .prepare_cached("SELECT MIN(make) FROM vehicles WHERE deleted_at IS NULL AND make > ?1")?;
    let mut next_model = conn.prepare_cached(
        "SELECT MIN(model) FROM vehicles WHERE deleted_at IS NULL AND make = ?1 AND model > ?2",
    )?;
    let mut out = Vec::new();
    let mut make = String::new();
    while let Some(m) = next_make.query_row([&make], |r| r.get::<_, Option<String>>(0))? {
        let mut models = Vec::new();
        let mut model = String::new();
        while let Some(next) =
            next_model.query_row([&m, &model], |r| r.get::<_, Option<String>>(0))?
        {
            models.push(next.clone());
            model = next;
        }
        out.push((m.clone(), models));
        make = m;
    }
    Ok(out)
}

/// The vehicle page: the vehicle with its decoded VIN, owners, readings and
/// history in `locale`.
pub fn page(conn: &Connection, id: VehicleId, today: &str, locale: Locale) -> Result<VehiclePage> {
    let vehicle = get_with(conn, id, reference_year(today))?;
    let owners = owners(conn, id)?;
    let readings = readings(conn, id)?;
    let timeline = timeline(&vehicle, &owners, &readings, locale);
    Ok(VehiclePage {
        vehicle,
        owners,
        readings,
        timeline,
    })
}

/// The owners of a vehicle, oldest first.
pub fn owners(conn: &Connection, id: VehicleId) -> Result<Vec<Ownership>> {
    let mut stmt = conn.prepare(
        "SELECT o.customer_id, o.from_on, o.until_on, c.kind, c.civility, c.first_name,
                c.last_name, c.company_name
           FROM vehicle_owners o JOIN customers c ON c.id = o.customer_id
          WHERE o.vehicle_id = ?1 ORDER BY o.from_on, o.created_at",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            owner_name(r, 3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (customer, from, to, name) = row?;
        out.push(Ownership {
            customer_id: customer
                .parse()
                .map_err(|_| Error::Corrupt("vehicle_owners.customer_id"))?,
            customer_name: name,
            from,
            to,
        });
    }
    Ok(out)
}

fn timeline(
    v: &Vehicle,
    owners: &[Ownership],
    readings: &[MileageReading],
    locale: Locale,
) -> Vec<TimelineEntry> {
    let w = words(locale);
    let mut out = Vec::new();
    out.push(TimelineEntry {
        date: v.created_at.get(..10).unwrap_or_default().to_owned(),
        kind: TimelineKind::Created,
        text: w.entered.to_owned(),
    });
    for (i, o) in owners.iter().enumerate() {
        let text = if i == 0 {
            (w.owner)(&o.customer_name)
        } else {
            (w.new_owner)(&o.customer_name)
        };
        out.push(TimelineEntry {
            date: o.from.clone(),
            kind: TimelineKind::Owner,
            text,
        });
    }
    for r in readings {
        let km = format_km(r.km, locale);
        let text = if r.meter_replaced {
            (w.reading_new_meter)(&km)
        } else {
            (w.reading)(&km)
        };
        out.push(TimelineEntry {
            date: r.read_on.clone(),
            kind: TimelineKind::Mileage,
            text,
        });
    }
    // Newest first; on the same day the order of events is kept (stable sort).
    out.sort_by(|a, b| b.date.cmp(&a.date));
    out
}

fn owner_name(r: &Row<'_>, first: usize) -> rusqlite::Result<String> {
    let kind: String = r.get(first)?;
    let civility: Option<String> = r.get(first + 1)?;
    let kind = customers::CustomerKind::parse(&kind).unwrap_or(customers::CustomerKind::Individual);
    Ok(customers::display_name(
        kind,
        civility.as_deref().and_then(customers::Civility::parse),
        r.get::<_, Option<String>>(first + 2)?.as_deref(),
        r.get::<_, Option<String>>(first + 3)?.as_deref(),
        r.get::<_, Option<String>>(first + 4)?.as_deref(),
    ))
}

fn from_row(r: &Row<'_>, current_year: u16) -> rusqlite::Result<Result<Vehicle>> {
    let owner_name = owner_name(r, 18)?;
    let id: String = r.get(0)?;
    let customer: String = r.get(1)?;
    let plate_kind: Option<String> = r.get(3)?;
    let vin: Option<String> = r.get(4)?;
    let fuel: Option<String> = r.get(9)?;
    let gearbox: Option<String> = r.get(10)?;
    let deleted: Option<i64> = r.get(14)?;
    let created: i64 = r.get(15)?;
    let updated: i64 = r.get(16)?;
    let (plate, make, model, version, engine_code, colour, first_registration, notes, last_km) = (
        r.get(2)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
        r.get(17)?,
    );
    let build = || -> Result<Vehicle> {
        fn corrupt<E>(what: &'static str) -> impl Fn(E) -> Error {
            move |_| Error::Corrupt(what)
        }
        let vin_info = match (&vin, current_year) {
            (Some(v), year) if year > 0 => Vin::parse(v).ok().map(|v| vin_info(&v, year)),
            _ => None,
        };
        Ok(Vehicle {
            id: id.parse().map_err(corrupt("vehicles.id"))?,
            customer_id: customer.parse().map_err(corrupt("vehicles.customer_id"))?,
            owner_name,
            plate,
            plate_kind: plate_kind
                .map(|k| input::plate_kind(&k).ok_or(Error::Corrupt("vehicles.plate_kind")))
                .transpose()?,
            vin,
            vin_info,
            make,
            model,
            version,
            engine_code,
            fuel: fuel
                .map(|f| Fuel::parse(&f).ok_or(Error::Corrupt("vehicles.fuel")))
                .transpose()?,
            gearbox: gearbox
                .map(|g| Gearbox::parse(&g).ok_or(Error::Corrupt("vehicles.gearbox")))
                .transpose()?,
            colour,
            first_registration,
            notes,
            last_km,
            archived: deleted.is_some(),
            created_at: rfc3339(stored_hlc(created)?),
            updated_at: rfc3339(stored_hlc(updated)?),
        })
    };
    Ok(build())
}

#[cfg(test)]
mod tests;

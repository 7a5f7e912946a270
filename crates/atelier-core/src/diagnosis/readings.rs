//! What was read from the car: its trouble codes (stored, pending,
//! permanent), the warning lamp, the VIN and what else the adapter gave, or
//! the codes typed by hand; and the clearing of the codes, recorded once the
//! mechanic confirmed it. A reading is never changed once written.
//!
//! The adapter is not read here: the station's shell reads the car (through
//! atelier-obd) and hands the result over as a [`ReadingInput`]. The VIN the
//! car gives fills the vehicle's when it has none, and is compared with it
//! when it has one: a different VIN is a warning the bench shows, never a
//! silent change of the vehicle.

use atelier_domain::{DiagnosisReadingId, DiagnosisSessionId, Vin};
use atelier_dtc::Code;
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::DiagnosisError;
use super::session::{self, CodeState, Reading, ReadingKind};
use super::sessions;
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::validation::{Field, Invalid, Problem};
use crate::vehicles::{self, VehicleInput};
use crate::{Error, Result};

const ENTITY: &str = "diagnosis_readings";
/// More codes than any car stores at once.
const CODES_MAX: usize = 64;

/// A code as the shell or the bench sends it.
#[derive(Clone, Debug, Deserialize)]
pub struct CodeInput {
    /// The code, as read or typed (`p0420`, `P 0420`).
    pub code: String,
    /// Stored, pending or permanent; typed codes are stored.
    #[serde(default = "stored")]
    pub state: CodeState,
}

fn stored() -> CodeState {
    CodeState::Stored
}

/// A reading to record.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReadingInput {
    /// Read through the adapter (`true`) or typed.
    pub from_car: bool,
    /// The codes.
    pub codes: Vec<CodeInput>,
    /// The warning lamp, when the car said.
    pub mil: Option<bool>,
    /// The VIN the car gave.
    pub vin: Option<String>,
    /// The odometer, when typed.
    pub mileage_km: Option<i64>,
    /// What else the adapter gave, kept as given for the report.
    pub details: Option<Value>,
}

/// How the car's VIN compares with the vehicle's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum VinCheck {
    /// The car gave no VIN (many cars before 2005 do not).
    NotGiven,
    /// It is the vehicle's.
    Same,
    /// The vehicle had none: it has this one now.
    Filled,
    /// It is not the vehicle's: is this the right car?
    Mismatch {
        /// The vehicle's VIN.
        vehicle: String,
        /// The car's.
        car: String,
    },
    /// The car answered something that is no VIN; kept in the reading only.
    Unreadable,
}

/// A reading recorded, with what its VIN said.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recorded {
    /// The reading, with its codes' titles.
    pub reading: Reading,
    /// The VIN compared with the vehicle's.
    pub vin: VinCheck,
}

/// Records a reading of the car's codes in an open diagnosis.
pub fn record(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    session: DiagnosisSessionId,
    input: &ReadingInput,
) -> Result<Recorded> {
    let s = sessions::open(tx, session)?;
    if input.codes.len() > CODES_MAX {
        return Err(Invalid::new(Field::TroubleCodes, Problem::TooMany { max: CODES_MAX }).into());
    }
    let mut codes: Vec<(Code, CodeState)> = Vec::with_capacity(input.codes.len());
    for c in &input.codes {
        let code = Code::parse(&c.code)?;
        if !codes.contains(&(code, c.state)) {
            codes.push((code, c.state));
        }
    }
    if let Some(km) = input.mileage_km
        && !(0..=9_999_999).contains(&km)
    {
        return Err(Invalid::new(
            Field::Mileage,
            Problem::Number {
                min: 0,
                max: 9_999_999,
            },
        )
        .into());
    }
    let kind = if input.from_car {
        ReadingKind::Read
    } else {
        ReadingKind::Typed
    };
    let vin = input
        .vin
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let check = match vin {
        None => VinCheck::NotGiven,
        Some(text) => compare_vin(tx, now_ms, s.vehicle_id, text)?,
    };
    let details = input.details.clone().unwrap_or_else(|| json!({}));
    let id = insert(
        tx,
        now_ms,
        actor,
        &s,
        kind,
        &codes,
        input.mil,
        vin,
        input.mileage_km,
        &details,
    )?;
    let reading = session::readings_of(tx, session, make_of(tx, s.vehicle_id)?.as_deref())?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::Corrupt("diagnosis_readings"))?;
    Ok(Recorded {
        reading,
        vin: check,
    })
}

/// Records that the car's codes were cleared (mode 04), which the mechanic
/// must have confirmed: it turns the lamp off and erases the freeze frame.
pub fn record_clearing(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    session: DiagnosisSessionId,
    confirmed: bool,
) -> Result<Reading> {
    let s = sessions::open(tx, session)?;
    check_clearing(confirmed)?;
    let id = insert(
        tx,
        now_ms,
        actor,
        &s,
        ReadingKind::Cleared,
        &[],
        None,
        None,
        None,
        &json!({}),
    )?;
    session::readings_of(tx, session, None)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::Corrupt("diagnosis_readings"))
}

/// Refuses clearing the codes the mechanic did not confirm.
pub fn check_clearing(confirmed: bool) -> Result<()> {
    if confirmed {
        Ok(())
    } else {
        Err(DiagnosisError::ClearNotConfirmed.into())
    }
}

#[allow(clippy::too_many_arguments)]
fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    s: &super::Session,
    kind: ReadingKind,
    codes: &[(Code, CodeState)],
    mil: Option<bool>,
    vin: Option<&str>,
    mileage_km: Option<i64>,
    details: &Value,
) -> Result<DiagnosisReadingId> {
    let id = DiagnosisReadingId::new();
    let codes: Vec<Value> = codes
        .iter()
        .map(|(c, state)| json!({ "code": c.as_str(), "state": state }))
        .collect();
    let codes = Value::Array(codes).to_string();
    let details = details.to_string();
    let user = actor.user.map(|u| u.to_string());
    let payload = json!({
        "session_id": s.id.to_string(), "vehicle_id": s.vehicle_id.to_string(),
        "kind": kind.as_str(), "codes": codes, "mil": mil.map(i64::from), "vin": vin,
        "mileage_km": mileage_km, "details": details, "user_id": user, "user_name": actor.name,
    });
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
        "INSERT INTO diagnosis_readings (id, session_id, vehicle_id, kind, codes, mil, vin,
                mileage_km, details, user_id, user_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        id.to_string(),
        s.id.to_string(),
        s.vehicle_id.to_string(),
        kind.as_str(),
        codes,
        mil.map(i64::from),
        vin,
        mileage_km,
        details,
        user,
        actor.name,
        hlc.as_i64()
    ])?;
    Ok(id)
}

/// Compares the car's VIN with the vehicle's, filling the vehicle's when it
/// had none.
fn compare_vin(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: atelier_domain::VehicleId,
    text: &str,
) -> Result<VinCheck> {
    let Ok(car) = Vin::parse(text) else {
        return Ok(VinCheck::Unreadable);
    };
    let v = vehicles::get(tx, vehicle)?;
    match v.vin.as_deref().map(Vin::parse) {
        Some(Ok(known)) if known == car => Ok(VinCheck::Same),
        Some(_) => Ok(VinCheck::Mismatch {
            vehicle: v.vin.unwrap_or_default(),
            car: car.as_str().to_owned(),
        }),
        None => {
            let input = VehicleInput {
                customer_id: Some(v.customer_id.to_string()),
                plate: v.plate.clone(),
                plate_foreign: v.plate_kind == Some(atelier_domain::PlateKind::Foreign),
                vin: Some(car.as_str().to_owned()),
                make: v.make.clone(),
                model: v.model.clone(),
                version: v.version.clone(),
                engine_code: v.engine_code.clone(),
                fuel: v.fuel.map(|f| f.as_str().to_owned()),
                gearbox: v.gearbox.map(|g| g.as_str().to_owned()),
                colour: v.colour.clone(),
                first_registration: v.first_registration.clone(),
                notes: v.notes.clone(),
                mileage: None,
            };
            match vehicles::update(tx, now_ms, vehicle, &input) {
                Ok(_) => Ok(VinCheck::Filled),
                // Another vehicle has this VIN: say so rather than move it.
                Err(Error::Invalid(_)) => Ok(VinCheck::Mismatch {
                    vehicle: String::new(),
                    car: car.as_str().to_owned(),
                }),
                Err(e) => Err(e),
            }
        }
    }
}

fn make_of(conn: &Connection, vehicle: atelier_domain::VehicleId) -> Result<Option<String>> {
    Ok(vehicles::get(conn, vehicle)?.make)
}

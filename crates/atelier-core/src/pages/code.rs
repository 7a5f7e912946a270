//! A trouble code looked up from anywhere: typed in the search box
//! (« P0420 », « p 0420 »), it is the first hit ([`super::search::find`]),
//! and its page says what it
//! means (the owner's title, the library's French with the English, each
//! make's own meaning) and which of the workshop's vehicles had it, when,
//! on which order, with what the code means on that vehicle's make.

use atelier_domain::{Locale, OrderId, VehicleId};
use atelier_dtc::{Code, Make, library};
use rusqlite::Connection;
use serde::Serialize;

use crate::device::stored_hlc;
use crate::diagnosis::session::CodeState;
use crate::diagnosis::titles::{self, Meaning};
use crate::orders::parse_id;
use crate::text::rfc3339;
use crate::{Error, Result};

/// The most past occurrences a code's page lists.
const OCCURRENCES_MAX: i64 = 50;

/// One make's own meaning of a code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MakeMeaning {
    /// The make (`None` where the library does not name it).
    pub make: Option<String>,
    /// What it says the code means, in English.
    pub english: String,
}

/// A time a vehicle of the workshop had the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// The vehicle.
    pub vehicle_id: VehicleId,
    /// Its plate (or VIN).
    pub plate: Option<String>,
    /// Make and model.
    pub label: Option<String>,
    /// What its make says the code means, when the library has it.
    pub make_meaning: Option<String>,
    /// The order the diagnosis was on.
    pub order_id: OrderId,
    /// That order's number.
    pub order_number: String,
    /// Stored, pending or permanent.
    pub state: CodeState,
    /// When it was read (RFC 3339).
    pub read_at: String,
}

/// A code's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodePage {
    /// What it means here.
    pub meaning: Meaning,
    /// The library's French title, beside the owner's when they corrected it.
    pub library_title: Option<String>,
    /// Each make's own meaning.
    pub makes: Vec<MakeMeaning>,
    /// The workshop's vehicles that had it, latest first.
    pub occurrences: Vec<Occurrence>,
    /// How many readings had it in all.
    pub occurrences_total: i64,
}

/// The page of code `text` (any case and spacing); an unknown code that no
/// vehicle had is refused with the library's message.
pub fn page(conn: &Connection, text: &str, locale: Locale) -> Result<CodePage> {
    let code = Code::parse(text)?;
    let entry = library().get(code);
    let total = count(conn, code)?;
    if entry.is_none() && total == 0 {
        return Err(atelier_dtc::DtcError::Unknown { code }.into());
    }
    let meaning = titles::explain(conn, code, None, locale)?;
    let library_title = entry
        .and_then(|e| e.generic.as_ref())
        .map(|g| g.french.clone())
        .filter(|_| meaning.corrected);
    let makes = entry
        .map(|e| {
            e.makes
                .iter()
                .map(|m| MakeMeaning {
                    make: m.make.as_ref().map(|m| m.as_str().to_owned()),
                    english: m.english.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(CodePage {
        meaning,
        library_title,
        makes,
        occurrences: occurrences(conn, code)?,
        occurrences_total: total,
    })
}

/// How many readings of the workshop had `code`.
pub(super) fn count(conn: &Connection, code: Code) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM diagnosis_readings r, json_each(r.codes) c
              WHERE r.kind != 'cleared' AND json_extract(c.value, '$.code') = ?1",
        )?
        .query_row([code.as_str()], |r| r.get(0))?)
}

fn occurrences(conn: &Connection, code: Code) -> Result<Vec<Occurrence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.vehicle_id, v.plate, v.vin, v.make, v.model, s.order_id,
                COALESCE(o.order_number, o.estimate_number), json_extract(c.value, '$.state'),
                r.created_at
           FROM diagnosis_readings r, json_each(r.codes) c
           JOIN vehicles v ON v.id = r.vehicle_id
           JOIN diagnosis_sessions s ON s.id = r.session_id
           JOIN orders o ON o.id = s.order_id
          WHERE r.kind != 'cleared' AND json_extract(c.value, '$.code') = ?1
          ORDER BY r.created_at DESC LIMIT ?2",
    )?;
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
        i64,
    );
    let rows: Vec<Row> = stmt
        .query_map(rusqlite::params![code.as_str(), OCCURRENCES_MAX], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let entry = library().get(code);
    rows.into_iter()
        .map(
            |(vehicle, plate, vin, make, model, order, number, state, at)| {
                let make_meaning = make
                    .as_deref()
                    .and_then(Make::new)
                    .and_then(|m| entry.and_then(|e| e.for_make(&m)))
                    .map(|m| m.english.clone());
                let label = [make.as_deref(), model.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                Ok(Occurrence {
                    vehicle_id: parse_id(&vehicle, "diagnosis_readings.vehicle_id")?,
                    plate: plate.or(vin),
                    label: Some(label).filter(|l| !l.is_empty()),
                    make_meaning,
                    order_id: parse_id(&order, "diagnosis_sessions.order_id")?,
                    order_number: number,
                    state: serde_json::from_value(serde_json::Value::String(state))
                        .map_err(|_| Error::Corrupt("diagnosis_readings.codes"))?,
                    read_at: rfc3339(stored_hlc(at)?),
                })
            },
        )
        .collect()
}

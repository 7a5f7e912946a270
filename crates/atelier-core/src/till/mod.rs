//! The till law's closures (« clôtures ») of this workstation and the rule
//! they enforce: nothing is dated in a closed period.
//!
//! A closure freezes a period's totals — sales HT, TVA per rate, TTC,
//! credit notes, payments per method, how many documents and their first
//! and last numbers — with the period's grand total and the perpetual grand
//! total, cumulated since the station's first sale and never reset. Each
//! station's closures form one chain ([`closures`]), synced like payments so
//! the owner sees every station's, written only by the station itself.
//!
//! How the BOFiP text (BOI-TVA-DECLA-30-10-30, § 80–140) is read here:
//! - « Par poste » : a station is what numbers invoices and takes payments:
//!   a device, shown by its series prefix (its device id before it has
//!   one). Its closures cover the documents of every series it numbered
//!   (its local counters: a series used before enrolment gave it a new
//!   prefix included) and the payments it took under any of its names.
//! - Days are closed one after the other from the station's first sale,
//!   empty ones included, so the chain of days has no hole; a day is
//!   closed at the first launch after it ended, or earlier by « Clôturer
//!   la journée ». Months follow their last day; the fiscal year follows
//!   its last day, on the date set in Réglages ([`FiscalYear`]).
//! - A month's and a year's totals are the sum of their days' closures, so
//!   they cannot disagree; their grand total is the perpetual one as of
//!   their last day.
//! - The perpetual grand total is signed (invoices less credit notes, TTC);
//!   the same in absolute value (invoices plus credit notes) is kept beside
//!   it, as certifiers read both.
//! - After a day is closed, nothing may be dated on or before it at this
//!   station ([`ensure_open`]): a correction is a credit note or a reversal
//!   dated in the open period.
//! - A closure is refused while the clock reads earlier than the last
//!   entry of the technical-event journal (the clock was set back): the
//!   period's end is not known for sure.

use rusqlite::{Connection, OptionalExtension};

use crate::Result;

pub mod closures;
mod error;
pub mod fiscal;

pub use closures::{Closure, Kind, Totals};
pub use error::TillError;
pub use fiscal::FiscalYear;

/// The last day closed by the station whose device is `device`, if any.
pub fn closed_through(conn: &Connection, device: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT period_end FROM closures WHERE device_id = ?1 AND kind = 'day'
              ORDER BY period_end DESC LIMIT 1",
        )?
        .query_row([device], |r| r.get(0))
        .optional()?)
}

/// Refuses anything dated `day` at this station once that day is closed.
pub fn ensure_open(conn: &Connection, day: &str) -> Result<()> {
    let device = crate::device::device_id(conn)?.to_string();
    match closed_through(conn, &device)? {
        Some(through) if day <= through.as_str() => Err(TillError::PeriodClosed {
            day: day.to_owned(),
            through,
        }
        .into()),
        _ => Ok(()),
    }
}

/// The names this station's payments carry: its device id, its series
/// prefix now, and the prefix of every series it numbered (its local
/// counters), as a JSON array for `json_each`.
pub(crate) fn own_names(conn: &Connection) -> Result<String> {
    let mut names = vec![
        crate::device::device_id(conn)?.to_string(),
        crate::device::station(conn)?,
    ];
    let mut stmt = conn.prepare_cached("SELECT series FROM invoice_counters")?;
    let series = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for s in series {
        // `F-S1A-2026`: the prefix between the letter and the year.
        let s = s?;
        if let Some(prefix) = s.get(2..s.len().saturating_sub(5)) {
            names.push(prefix.to_owned());
        }
    }
    names.sort();
    names.dedup();
    serde_json::to_string(&names).map_err(|_| crate::Error::Corrupt("station names"))
}

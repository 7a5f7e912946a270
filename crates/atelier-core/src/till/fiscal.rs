//! The workshop's fiscal year: on which day it ends, and the first one's end
//! when it is shorter or longer than a year.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use time::{Date, Month};

use crate::outbox::{self, OpKind};
use crate::text::parse_date;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

/// The fiscal year as set in Réglages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FiscalYear {
    /// The day each fiscal year ends, `MM-DD` (`12-31` unless set).
    pub end: String,
    /// The first fiscal year's last day, when it is not a full year.
    pub first_end: Option<String>,
}

impl Default for FiscalYear {
    fn default() -> FiscalYear {
        FiscalYear {
            end: "12-31".to_owned(),
            first_end: None,
        }
    }
}

const DAY: time::Duration = time::Duration::days(1);

pub(crate) fn date(day: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(day, &format).ok()
}

pub(crate) fn day_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The day after `day`.
pub(crate) fn next_day(day: &str) -> Option<String> {
    date(day).and_then(|d| d.checked_add(DAY)).map(day_text)
}

/// The day before `day`.
pub(crate) fn previous_day(day: &str) -> Option<String> {
    date(day).and_then(|d| d.checked_sub(DAY)).map(day_text)
}

/// `(month, day)` of an `MM-DD` text. `02-29` is the last day of February,
/// whatever the year.
fn month_day(end: &str) -> Option<(Month, u8)> {
    let (m, d) = end.split_once('-')?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let day = d.parse::<u8>().ok()?;
    (day >= 1 && day <= time::util::days_in_month(month, 2024)).then_some((month, day))
}

impl FiscalYear {
    /// The last day of the fiscal year that ends in `year`.
    fn end_in(&self, year: i32) -> Option<Date> {
        let (m, d) = month_day(&self.end)?;
        Date::from_calendar_date(year, m, d.min(time::util::days_in_month(m, year))).ok()
    }

    /// The fiscal year holding `day`: its first and last days. The first
    /// fiscal year, when set, runs from `opened` (the station's first day of
    /// business) to `first_end`.
    pub fn containing(&self, day: &str, opened: &str) -> Option<(String, String)> {
        let d = date(day)?;
        if let Some(first) = self.first_end.as_deref().and_then(date)
            && d <= first
        {
            let start = date(opened).unwrap_or(d).min(d);
            return Some((day_text(start), day_text(first)));
        }
        let mut end = self.end_in(d.year())?;
        if end < d {
            end = self.end_in(d.year() + 1)?;
        }
        let mut start = self.end_in(end.year() - 1)?.checked_add(DAY)?;
        if let Some(first) = self.first_end.as_deref().and_then(date)
            && start <= first
        {
            start = first.checked_add(DAY)?;
        }
        Some((day_text(start), day_text(end)))
    }
}

/// The fiscal year as set.
pub fn get(conn: &Connection) -> Result<FiscalYear> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT fiscal_year_end, first_fiscal_year_end FROM workshop")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(
        row.map_or_else(FiscalYear::default, |(end, first_end)| FiscalYear {
            end,
            first_end,
        }),
    )
}

/// The fiscal year form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FiscalYearInput {
    /// `MM-DD`, or `DD/MM` as French people write it.
    pub end: Option<String>,
    /// The first fiscal year's last day, `YYYY-MM-DD`; blank when it is a
    /// full year.
    pub first_end: Option<String>,
}

/// Saves the fiscal year (synced with the workshop's other fields).
pub fn save(tx: &Transaction<'_>, now_ms: u64, input: &FiscalYearInput) -> Result<FiscalYear> {
    let typed = input.end.as_deref().map(str::trim).unwrap_or("12-31");
    let end = match typed.split_once('/') {
        Some((d, m)) => format!("{:0>2}-{:0>2}", m.trim(), d.trim()),
        None => typed.to_owned(),
    };
    if month_day(&end).is_none() {
        return Err(Invalid::new(Field::FiscalYearEnd, Problem::Date).into());
    }
    let first_end = match input.first_end.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => {
            Some(parse_date(f).ok_or(Invalid::new(Field::FirstFiscalYearEnd, Problem::Date))?)
        }
    };
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM workshop)")?
        .query_row([], |r| r.get(0))?;
    if !exists {
        return Err(Error::NotFound {
            entity: "workshop",
            id: "1".to_owned(),
        });
    }
    let before = get(tx)?;
    let mut changes = Map::new();
    if before.end != end {
        changes.insert("fiscal_year_end".to_owned(), json!(end));
    }
    if before.first_end != first_end {
        changes.insert("first_fiscal_year_end".to_owned(), json!(first_end));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let mut old = Map::new();
    old.insert("fiscal_year_end".to_owned(), json!(before.end));
    old.insert("first_fiscal_year_end".to_owned(), json!(before.first_end));
    old.retain(|k, _| changes.contains_key(k));
    let hlc = outbox::record(
        tx,
        now_ms,
        "workshop",
        "1",
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE workshop SET fiscal_year_end = ?1, first_fiscal_year_end = ?2, updated_at = ?3",
    )?
    .execute((&end, &first_end, hlc.as_i64()))?;
    get(tx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(end: &str, first: Option<&str>) -> FiscalYear {
        FiscalYear {
            end: end.to_owned(),
            first_end: first.map(str::to_owned),
        }
    }

    fn span(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_owned(), b.to_owned()))
    }

    #[test]
    fn a_calendar_year_and_a_year_ending_in_june() {
        let cal = FiscalYear::default();
        let at = |y: &FiscalYear, day| y.containing(day, "2020-05-01");
        assert_eq!(at(&cal, "2026-12-31"), span("2026-01-01", "2026-12-31"));
        assert_eq!(at(&cal, "2027-01-01"), span("2027-01-01", "2027-12-31"));
        let june = year("06-30", None);
        assert_eq!(at(&june, "2026-06-30"), span("2025-07-01", "2026-06-30"));
        assert_eq!(at(&june, "2026-07-01"), span("2026-07-01", "2027-06-30"));
    }

    #[test]
    fn a_longer_first_year_then_full_years() {
        // Started in March 2026, first closing at the end of 2027.
        let y = year("12-31", Some("2027-12-31"));
        let at = |y: &FiscalYear, day| y.containing(day, "2026-03-15");
        assert_eq!(at(&y, "2026-03-15"), span("2026-03-15", "2027-12-31"));
        assert_eq!(at(&y, "2027-06-01"), span("2026-03-15", "2027-12-31"));
        assert_eq!(at(&y, "2028-02-01"), span("2028-01-01", "2028-12-31"));
        // A shorter one: first closing on 30 June, then calendar years.
        let y = year("12-31", Some("2026-06-30"));
        assert_eq!(at(&y, "2026-04-01"), span("2026-03-15", "2026-06-30"));
        assert_eq!(at(&y, "2026-07-01"), span("2026-07-01", "2026-12-31"));
    }

    #[test]
    fn days_next_and_before() {
        assert_eq!(next_day("2026-02-28").as_deref(), Some("2026-03-01"));
        assert_eq!(previous_day("2026-01-01").as_deref(), Some("2025-12-31"));
        assert!(month_day("02-30").is_none() && month_day("13-01").is_none());
        // A year ending with February ends on its last day.
        let feb = year("02-29", None);
        let at = |day| feb.containing(day, "2020-01-01");
        assert_eq!(at("2026-03-01"), span("2026-03-01", "2027-02-28"));
        assert_eq!(at("2027-03-01"), span("2027-03-01", "2028-02-29"));
    }
}

//! The period an archive covers: a calendar month or a fiscal year of one
//! station, both ends included, and the archive's file name.

use serde::Serialize;
use time::macros::format_description;
use time::{Date, Duration, Month};

use super::ArchiveError;
use crate::Result;

/// What period an archive covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A calendar month.
    Month,
    /// A fiscal year (the first may be shorter or longer than a year).
    Year,
}

crate::text::str_enum!(Kind {
    Month => "month",
    Year => "year",
});

/// One station's period to archive: both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// The station: its series prefix, as on its invoices and payments.
    pub station: String,
    /// A month or a fiscal year.
    pub kind: Kind,
    /// First day (YYYY-MM-DD).
    pub start: String,
    /// Last day, included.
    pub end: String,
}

impl Period {
    /// The calendar month `YYYY-MM` of `station`.
    pub fn month(station: &str, month: &str) -> Result<Period> {
        let bad = || ArchiveError::BadPeriod {
            given: month.to_owned(),
        };
        let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
        let (year, month_no): (i32, u8) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        let m = Month::try_from(month_no).map_err(|_| bad())?;
        let first = Date::from_calendar_date(year, m, 1).map_err(|_| bad())?;
        let last = first.replace_day(m.length(year)).map_err(|_| bad())?;
        Ok(Period {
            station: station.to_owned(),
            kind: Kind::Month,
            start: iso(first),
            end: iso(last),
        })
    }

    /// The fiscal year of `station` from `start` to `end` (YYYY-MM-DD, both
    /// included).
    pub fn year(station: &str, start: &str, end: &str) -> Result<Period> {
        let bad = || ArchiveError::BadPeriod {
            given: format!("{start}..{end}"),
        };
        let (s, e) = (
            crate::text::parse_date(start).ok_or_else(bad)?,
            crate::text::parse_date(end).ok_or_else(bad)?,
        );
        if e < s {
            return Err(bad().into());
        }
        Ok(Period {
            station: station.to_owned(),
            kind: Kind::Year,
            start: s,
            end: e,
        })
    }

    /// The archive's file name: `atelier-archive-S1A-month-2026-03.zip`,
    /// `atelier-archive-S1A-year-2025-01-01_2025-12-31.zip`.
    pub fn file_name(&self) -> String {
        let station: String = self
            .station
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let period = match self.kind {
            Kind::Month => self.start.get(..7).unwrap_or(&self.start).to_owned(),
            Kind::Year => format!("{}_{}", self.start, self.end),
        };
        format!(
            "atelier-archive-{station}-{}-{period}.zip",
            self.kind.as_str()
        )
    }

    /// The period as Unix milliseconds: from its first day's midnight (UTC)
    /// to the midnight after its last, excluded.
    pub(crate) fn millis(&self) -> Result<(i64, i64)> {
        let day = |s: &str| {
            Date::parse(s, format_description!("[year]-[month]-[day]")).map_err(|_| {
                ArchiveError::BadPeriod {
                    given: s.to_owned(),
                }
            })
        };
        let from = day(&self.start)?.midnight().assume_utc();
        let to = (day(&self.end)? + Duration::days(1))
            .midnight()
            .assume_utc();
        let ms = |t: time::OffsetDateTime| {
            i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
        };
        Ok((ms(from), ms(to)))
    }
}

fn iso(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

//! The owner's reports and everyone's dashboard (Accueil).
//!
//! Every figure is read from what the invoices, credit notes, payments, clock
//! events and stock movements hold, so a report shows the amounts the
//! invoices show, to the cent: revenue and VAT from each issued document's
//! [`figures`] (derived once from its frozen content), receivables from
//! [`crate::invoices::reports`], time from the clock events, parts from the
//! stock movements. A report is asked for a [`Period`] (a preset or two
//! days) and a site or all of them; nothing here writes.
//!
//! Days are the days invoices are dated with (`issued_on`); times in
//! milliseconds (clock events, stock movements) are placed on the same
//! calendar, UTC, as [`crate::text::today`] does.

pub mod csv;
pub mod parts;
pub mod productivity;
pub mod revenue;
pub mod vat;
mod words;

#[cfg(test)]
mod tests;

use atelier_domain::SiteId;
use serde::{Deserialize, Serialize};
use time::macros::format_description;
use time::{Date, Duration, Month};

use crate::Result;
use crate::validation::{Field, Invalid, Problem};

pub use parts::{PartsReport, parts};
pub use productivity::{Productivity, productivity};
pub use revenue::{Revenue, revenue};
pub use vat::{VatReport, vat};

/// The periods offered in one click.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Today only.
    Today,
    /// Monday to Sunday of this week.
    ThisWeek,
    /// The first to the last day of this month.
    ThisMonth,
    /// The whole of last month.
    LastMonth,
    /// The first of January to the thirty-first of December.
    ThisYear,
    /// Two days chosen by the person.
    Custom,
}

/// How revenue is grouped over a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// One row per day.
    Day,
    /// One row per week, from Monday.
    Week,
    /// One row per calendar month.
    Month,
}

/// What a report is asked for, as the screen sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// A preset; `custom` (or none) takes `from` and `to`.
    pub preset: Option<Preset>,
    /// First day (YYYY-MM-DD), for a custom period.
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
    /// Revenue grouping; by default days up to a month, weeks up to four
    /// months, months beyond.
    pub grain: Option<Grain>,
    /// One site, or all of them when `None`.
    pub site_id: Option<String>,
}

/// A period of whole days, both ends included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day (YYYY-MM-DD).
    pub from: String,
    /// Last day, included.
    pub to: String,
}

/// A query made precise: the period, the grain, the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// The days covered.
    pub period: Period,
    /// How revenue is grouped.
    pub grain: Grain,
    /// One site, or all.
    pub site_id: Option<SiteId>,
}

const DAY_MS: i64 = 86_400_000;

fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

fn format_day(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

impl Period {
    /// The period of `preset` as of `today` (YYYY-MM-DD).
    pub fn preset(preset: Preset, today: &str) -> Result<Period> {
        let day = parse_day(today).ok_or(Invalid::new(Field::From, Problem::NotAllowed))?;
        let first_of_month = day.replace_day(1).unwrap_or(day);
        let (from, to) = match preset {
            Preset::Today | Preset::Custom => (day, day),
            Preset::ThisWeek => {
                let monday =
                    day - Duration::days(i64::from(day.weekday().number_days_from_monday()));
                (monday, monday + Duration::days(6))
            }
            Preset::ThisMonth => (first_of_month, last_of_month(first_of_month)),
            Preset::LastMonth => {
                let last = first_of_month - Duration::days(1);
                (last.replace_day(1).unwrap_or(last), last)
            }
            Preset::ThisYear => (
                day.replace_ordinal(1).unwrap_or(day),
                Date::from_calendar_date(day.year(), Month::December, 31).unwrap_or(day),
            ),
        };
        Ok(Period {
            from: format_day(from),
            to: format_day(to),
        })
    }

    /// Two days typed by the person; refused when either is not a date or
    /// the first comes after the last.
    pub fn custom(from: Option<&str>, to: Option<&str>) -> Result<Period> {
        let from = from
            .and_then(parse_day)
            .ok_or(Invalid::new(Field::From, Problem::Required))?;
        let to = to
            .and_then(parse_day)
            .ok_or(Invalid::new(Field::To, Problem::Required))?;
        if to < from {
            return Err(Invalid::new(Field::To, Problem::NotAllowed).into());
        }
        Ok(Period {
            from: format_day(from),
            to: format_day(to),
        })
    }

    /// Its length in days.
    pub fn days(&self) -> i64 {
        match (parse_day(&self.from), parse_day(&self.to)) {
            (Some(a), Some(b)) => (b - a).whole_days() + 1,
            _ => 0,
        }
    }

    /// Its first instant and the instant after its last day, Unix ms (UTC).
    pub fn ms_range(&self) -> (i64, i64) {
        let ms = |d: Option<Date>| {
            d.map_or(0, |d| {
                (d - Date::from_calendar_date(1970, Month::January, 1).unwrap_or(d)).whole_days()
                    * DAY_MS
            })
        };
        let from = ms(parse_day(&self.from));
        (from, ms(parse_day(&self.to)) + DAY_MS)
    }
}

fn last_of_month(first: Date) -> Date {
    let next = if first.month() == Month::December {
        Date::from_calendar_date(first.year() + 1, Month::January, 1)
    } else {
        Date::from_calendar_date(first.year(), first.month().next(), 1)
    };
    next.map_or(first, |n| n - Duration::days(1))
}

impl Scope {
    /// The scope of `q` as of `today`.
    pub fn of(q: &ReportQuery, today: &str) -> Result<Scope> {
        let period = match q.preset {
            Some(Preset::Custom) | None => Period::custom(q.from.as_deref(), q.to.as_deref())?,
            Some(p) => Period::preset(p, today)?,
        };
        let grain = q.grain.unwrap_or(match period.days() {
            ..=31 => Grain::Day,
            32..=124 => Grain::Week,
            _ => Grain::Month,
        });
        let site_id = match q
            .site_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(s) => Some(
                s.parse()
                    .map_err(|_| Invalid::new(Field::Site, Problem::NotAllowed))?,
            ),
            None => None,
        };
        Ok(Scope {
            period,
            grain,
            site_id,
        })
    }

    /// The site as a bound parameter (`NULL` for all).
    pub(crate) fn site(&self) -> Option<String> {
        self.site_id.map(|s| s.to_string())
    }
}

/// Every bucket key of `period` at `grain`, in order: days and week starts
/// as YYYY-MM-DD, months as YYYY-MM.
pub(crate) fn buckets(period: &Period, grain: Grain) -> Vec<String> {
    let (Some(from), Some(to)) = (parse_day(&period.from), parse_day(&period.to)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = match grain {
        Grain::Day => from,
        Grain::Week => from - Duration::days(i64::from(from.weekday().number_days_from_monday())),
        Grain::Month => from.replace_day(1).unwrap_or(from),
    };
    while d <= to {
        out.push(match grain {
            Grain::Month => format_day(d).get(..7).unwrap_or_default().to_owned(),
            _ => format_day(d),
        });
        d = match grain {
            Grain::Day => d + Duration::days(1),
            Grain::Week => d + Duration::days(7),
            Grain::Month => last_of_month(d) + Duration::days(1),
        };
    }
    out
}

/// Column `i` of `r` as text borrowed from the row (no copy): for the
/// reports that read many rows and keep few of their strings.
pub(crate) fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    text_or_null(r, i)?.ok_or(crate::Error::Corrupt("a report column is empty"))
}

/// Column `i` of `r` as borrowed text, `None` for NULL.
pub(crate) fn text_or_null<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    let value = r.get_ref(i)?;
    Ok(value.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e))
    })?)
}

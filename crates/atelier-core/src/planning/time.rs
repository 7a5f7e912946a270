//! The planning's clock: local days (`YYYY-MM-DD`), minutes after midnight,
//! and the `YYYY-MM-DDTHH:MM` instants appointments are stored as.

use time::Date;
use time::macros::format_description;

/// Minutes in a day.
pub const DAY_MINUTES: u32 = 24 * 60;

/// The day of `YYYY-MM-DD`.
pub fn date(day: &str) -> Option<Date> {
    Date::parse(day.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// `d` as `YYYY-MM-DD`.
pub fn day_str(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The day `n` days after `day` (before, when negative).
pub fn add_days(day: &str, n: i64) -> Option<String> {
    let d = date(day)?;
    Date::from_julian_day(d.to_julian_day() + i32::try_from(n).ok()?)
        .ok()
        .map(day_str)
}

/// The day's number (Julian day), for arithmetic on dates. `YYYY-MM-DD`
/// is read digit by digit, without the general parser: the reminders read
/// every odometer reading's day (485,000 on the 100,000-customer demo).
pub(crate) fn day_number(day: &str) -> Option<i64> {
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0_u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let d = if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
        Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()?
    } else {
        date(day)?
    };
    Some(i64::from(d.to_julian_day()))
}

/// Day number `n` plus `months` calendar months, the day clamped to the
/// month's end (31 January + 1 month = 28 or 29 February).
pub(crate) fn add_months_to_number(n: i64, months: i64) -> Option<i64> {
    let d = Date::from_julian_day(i32::try_from(n).ok()?).ok()?;
    add_months_to(d, months).map(|d| i64::from(d.to_julian_day()))
}

fn add_months_to(d: Date, months: i64) -> Option<Date> {
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, d.day().min(last)).ok()
}

/// The day of a day number.
pub(crate) fn day_of_number(n: i64) -> Option<String> {
    Date::from_julian_day(i32::try_from(n).ok()?)
        .ok()
        .map(day_str)
}

/// Monday 0 … Sunday 6.
pub(crate) fn weekday(day: &str) -> Option<usize> {
    date(day).map(|d| usize::from(d.weekday().number_days_from_monday()))
}

/// `YYYY-MM-DDTHH:MM` (a space instead of `T` is accepted) as its day and
/// minutes after midnight.
pub fn parse_at(s: &str) -> Option<(String, u32)> {
    let s = s.trim();
    let (day, clock) = s.split_once(['T', ' '])?;
    let d = date(day)?;
    let (h, m) = clock.get(..5)?.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 23 || m > 59 || h.to_string().len() > 2 {
        return None;
    }
    Some((day_str(d), h * 60 + m))
}

/// The instant at `minutes` after midnight of `day`.
pub fn format_at(day: &str, minutes: u32) -> String {
    format!("{day}T{}", clock(minutes))
}

/// `HH:MM`.
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `day` plus `months` calendar months, as `YYYY-MM-DD`.
    fn add_months(day: &str, months: i64) -> Option<String> {
        add_months_to_number(day_number(day)?, months).and_then(day_of_number)
    }

    #[test]
    fn instants_and_months_read_as_a_workshop_writes_them() {
        assert_eq!(
            parse_at("2026-03-14T09:30"),
            Some(("2026-03-14".into(), 570))
        );
        assert_eq!(
            parse_at("2026-03-14 17:05"),
            Some(("2026-03-14".into(), 1025))
        );
        assert_eq!(parse_at("2026-03-14T24:00"), None);
        assert_eq!(parse_at("2026-02-30T10:00"), None);
        assert_eq!(format_at("2026-03-14", 570), "2026-03-14T09:30");
        assert_eq!(add_months("2026-01-31", 1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2024-02-29", 12).as_deref(), Some("2025-02-28"));
        assert_eq!(add_months("2026-11-15", 48).as_deref(), Some("2030-11-15"));
        assert_eq!(weekday("2026-03-16"), Some(0), "a Monday");
        assert_eq!(add_days("2026-03-31", 1).as_deref(), Some("2026-04-01"));
    }

    #[test]
    fn day_numbers_read_digit_by_digit_agree_with_the_parser() {
        for day in [
            "2026-03-14",
            "2024-02-29",
            "2000-01-01",
            " 2026-03-14 ",
            "0999-12-31",
        ] {
            assert_eq!(
                day_number(day),
                date(day).map(|d| i64::from(d.to_julian_day())),
                "{day}"
            );
        }
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-10",
            "20a6-01-01",
            "",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }
}

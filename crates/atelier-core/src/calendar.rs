//! France's calendar for messages that must not leave at any time: the
//! public holidays (Code du travail, art. L3133-1: eleven days, three of
//! them counted from Easter) and metropolitan France's legal time (UTC+1,
//! UTC+2 from the last Sunday of March to the last Sunday of October, both
//! changes at 01:00 UTC), computed here so that core needs no time-zone
//! database and its tests no clock. Alsace-Moselle's two extra days (Good
//! Friday, 26 December) and the overseas departments' are not counted.

use time::{Date, Month, OffsetDateTime, Weekday};

/// Easter Sunday of `year` (Gregorian calendar; the anonymous algorithm
/// of Meeus, Jones and Butcher).
pub fn easter(year: i32) -> Option<Date> {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_calendar_date(
        year,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()
}

/// Whether `day` is one of France's eleven public holidays: 1 January,
/// Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July,
/// 15 August, 1 November, 11 November, 25 December.
pub fn is_public_holiday(day: Date) -> bool {
    let fixed = matches!(
        (day.month(), day.day()),
        (Month::January, 1)
            | (Month::May, 1 | 8)
            | (Month::July, 14)
            | (Month::August, 15)
            | (Month::November, 1 | 11)
            | (Month::December, 25)
    );
    fixed
        || easter(day.year()).is_some_and(|e| {
            let after = day.to_julian_day() - e.to_julian_day();
            matches!(after, 1 | 39 | 50)
        })
}

/// `day` as `YYYY-MM-DD`.
pub fn day_text(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Whether messages under the quiet rules may not leave on `day`: a
/// Sunday or a public holiday.
pub fn is_quiet_day(day: Date) -> bool {
    day.weekday() == Weekday::Sunday || is_public_holiday(day)
}

const HOUR_MS: i64 = 3_600_000;

/// The last Sunday of `month` of `year`, at 01:00 UTC, in Unix ms.
fn last_sunday_1am_utc(year: i32, month: Month) -> i64 {
    let last = time::util::days_in_month(month, year);
    let Ok(end) = Date::from_calendar_date(year, month, last) else {
        return 0;
    };
    let back = i64::from(end.weekday().number_days_from_sunday());
    let sunday = i64::from(end.to_julian_day()) - back;
    let unix_day = sunday - i64::from(UNIX_EPOCH_JULIAN);
    unix_day * 86_400_000 + HOUR_MS
}

/// 1970-01-01's Julian day number.
const UNIX_EPOCH_JULIAN: i32 = 2_440_588;

/// The offset of metropolitan France's legal time from UTC at `utc_ms`, in ms.
pub fn paris_offset_ms(utc_ms: i64) -> i64 {
    let year = OffsetDateTime::from_unix_timestamp(utc_ms.div_euclid(1000))
        .map_or(1970, OffsetDateTime::year);
    let summer = last_sunday_1am_utc(year, Month::March) <= utc_ms
        && utc_ms < last_sunday_1am_utc(year, Month::October);
    if summer { 2 * HOUR_MS } else { HOUR_MS }
}

/// The local day and minute after midnight in France at `utc_ms`.
pub fn paris_local(utc_ms: u64) -> (Date, u32) {
    let utc = i64::try_from(utc_ms).unwrap_or(i64::MAX / 2);
    let local = utc + paris_offset_ms(utc);
    let day = local.div_euclid(86_400_000);
    let minute = u32::try_from(local.rem_euclid(86_400_000) / 60_000).unwrap_or(0);
    let date = i32::try_from(day)
        .ok()
        .and_then(|d| Date::from_julian_day(d + UNIX_EPOCH_JULIAN).ok())
        .unwrap_or(Date::MIN);
    (date, minute)
}

/// The UTC instant (Unix ms) of `minute` after midnight on `day` in France.
/// A time the spring change skips is read with the winter offset (02:30
/// becomes 03:30), one the autumn change repeats as its first occurrence.
pub fn paris_utc_ms(day: Date, minute: u32) -> u64 {
    let local = (i64::from(day.to_julian_day() - UNIX_EPOCH_JULIAN)) * 86_400_000
        + i64::from(minute) * 60_000;
    let summer = local - 2 * HOUR_MS;
    let utc = if paris_offset_ms(summer) == 2 * HOUR_MS {
        summer
    } else {
        local - HOUR_MS
    };
    u64::try_from(utc).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn easter_and_the_holidays_it_moves_fall_on_the_known_days() {
        assert_eq!(easter(2024), Some(date!(2024 - 03 - 31)));
        assert_eq!(easter(2025), Some(date!(2025 - 04 - 20)));
        assert_eq!(easter(2026), Some(date!(2026 - 04 - 05)));
        assert_eq!(easter(2027), Some(date!(2027 - 03 - 28)));
        assert_eq!(easter(2038), Some(date!(2038 - 04 - 25)));
        // 2026: Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May.
        for d in [
            date!(2026 - 01 - 01),
            date!(2026 - 04 - 06),
            date!(2026 - 05 - 01),
            date!(2026 - 05 - 08),
            date!(2026 - 05 - 14),
            date!(2026 - 05 - 25),
            date!(2026 - 07 - 14),
            date!(2026 - 08 - 15),
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 11),
            date!(2026 - 12 - 25),
        ] {
            assert!(is_public_holiday(d), "{d} is a public holiday");
        }
        for d in [
            date!(2026 - 04 - 05),
            date!(2026 - 04 - 03),
            date!(2026 - 12 - 26),
            date!(2026 - 05 - 15),
        ] {
            assert!(!is_public_holiday(d), "{d} is a working day in France");
        }
        assert!(is_quiet_day(date!(2026 - 12 - 06)), "a Sunday");
        assert!(!is_quiet_day(date!(2026 - 12 - 05)), "a Saturday");
    }

    #[test]
    fn french_time_changes_on_the_last_sundays_of_march_and_october() {
        // 2026-03-29 01:00 UTC: 02:00 becomes 03:00.
        let before = 1_774_745_940_000; // 00:59 UTC
        assert_eq!(paris_local(before), (date!(2026 - 03 - 29), 119));
        assert_eq!(paris_local(before + 60_000), (date!(2026 - 03 - 29), 180));
        // A winter noon and a summer noon.
        let jan = paris_utc_ms(date!(2026 - 01 - 15), 12 * 60);
        assert_eq!(jan, 1_768_474_800_000, "11:00 UTC");
        let jul = paris_utc_ms(date!(2026 - 07 - 15), 12 * 60);
        assert_eq!(jul, 1_784_109_600_000, "10:00 UTC");
        assert_eq!(paris_local(jul), (date!(2026 - 07 - 15), 720));
        // 2026-10-25 01:00 UTC: 03:00 becomes 02:00 again.
        let oct = paris_utc_ms(date!(2026 - 10 - 25), 12 * 60);
        assert_eq!(paris_local(oct), (date!(2026 - 10 - 25), 720));
        assert_eq!(paris_offset_ms(i64::try_from(oct).unwrap()), HOUR_MS);
    }
}

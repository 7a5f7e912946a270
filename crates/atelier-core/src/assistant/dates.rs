//! Dates, periods and times in words, French and English, relative to
//! today: « demain », « jeudi prochain », « la semaine dernière »,
//! « en novembre », « dans 3 jours », « le 3 », « 14 h 30 », « midi ».
//!
//! Finding a date and resolving it are two steps: « le 3 » and « en
//! décembre » mean the next such day or month for a booking and the last one
//! for a report, which only the intent knows.

use time::{Date, Duration, Month, Weekday};

use super::words::Word;

/// A date or period as said, before the intent says whether to look back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateExpr {
    /// A day known without doubt (« demain », « le 3 décembre »).
    Day(Date),
    /// A period known without doubt (« la semaine dernière »).
    Range(Date, Date),
    /// A day of the month without its month (« le 3 »).
    DayOfMonth(u8),
    /// A weekday without its week (« jeudi »).
    Weekday(Weekday),
    /// A month, perhaps without its year (« en novembre »).
    Month(Month, Option<i32>),
    /// Words that name a date that does not exist (« 31 février »).
    Invalid(String),
}

/// A date resolved against today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// One day.
    Day(Date),
    /// From the first day to the last, both included.
    Range(Date, Date),
}

impl When {
    /// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
    pub fn canonical(&self) -> String {
        match self {
            When::Day(d) => iso(*d),
            When::Range(a, b) => format!("{}..{}", iso(*a), iso(*b)),
        }
    }

    /// The first and last days.
    pub fn bounds(&self) -> (Date, Date) {
        match *self {
            When::Day(d) => (d, d),
            When::Range(a, b) => (a, b),
        }
    }
}

/// `YYYY-MM-DD`.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Words that name a date that does not exist (« 31 février »), as said.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no such date: {said}")]
pub struct ImpossibleDate {
    /// The words of the date.
    pub said: String,
}

impl ImpossibleDate {
    fn of(said: impl Into<String>) -> Self {
        ImpossibleDate { said: said.into() }
    }
}

impl DateExpr {
    /// The day or period meant, seen from `today`; `look_back` for a report,
    /// which speaks of the past: « le 3 » is then this month's 3rd even when
    /// it is past, « lundi » last Monday, « en décembre » last December when
    /// this one has not begun.
    pub fn resolve(&self, today: Date, look_back: bool) -> Result<When, ImpossibleDate> {
        Ok(match self {
            DateExpr::Day(d) => When::Day(*d),
            DateExpr::Range(a, b) => When::Range(*a, *b),
            DateExpr::DayOfMonth(n) => {
                let this = Date::from_calendar_date(today.year(), today.month(), *n);
                match this {
                    Ok(d) if look_back || d >= today => When::Day(d),
                    _ if look_back => {
                        let (y, m) = previous_month(today.year(), today.month());
                        When::Day(
                            Date::from_calendar_date(y, m, *n)
                                .map_err(|_| ImpossibleDate::of(format!("{n}")))?,
                        )
                    }
                    _ => {
                        let (y, m) = next_month(today.year(), today.month());
                        When::Day(
                            Date::from_calendar_date(y, m, *n)
                                .map_err(|_| ImpossibleDate::of(format!("{n}")))?,
                        )
                    }
                }
            }
            DateExpr::Weekday(wd) => {
                if look_back {
                    let mut d = today;
                    while d.weekday() != *wd {
                        d -= Duration::days(1);
                    }
                    When::Day(d)
                } else {
                    When::Day(next_weekday(today, *wd))
                }
            }
            DateExpr::Month(m, year) => {
                let year = year.unwrap_or_else(|| {
                    if look_back && u8::from(*m) > u8::from(today.month()) {
                        today.year() - 1
                    } else {
                        today.year()
                    }
                });
                month_range(year, *m).ok_or_else(|| ImpossibleDate::of(format!("{m} {year}")))?
            }
            DateExpr::Invalid(words) => return Err(ImpossibleDate::of(words.clone())),
        })
    }
}

/// The next `wd` strictly after `today`.
fn next_weekday(today: Date, wd: Weekday) -> Date {
    let mut d = today + Duration::days(1);
    while d.weekday() != wd {
        d += Duration::days(1);
    }
    d
}

fn monday_of(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn month_range(year: i32, m: Month) -> Option<When> {
    let first = Date::from_calendar_date(year, m, 1).ok()?;
    let last = Date::from_calendar_date(year, m, time::util::days_in_month(m, year)).ok()?;
    Some(When::Range(first, last))
}

fn previous_month(year: i32, m: Month) -> (i32, Month) {
    if m == Month::January {
        (year - 1, Month::December)
    } else {
        (year, m.previous())
    }
}

fn next_month(year: i32, m: Month) -> (i32, Month) {
    if m == Month::December {
        (year + 1, Month::January)
    } else {
        (year, m.next())
    }
}

/// A number said as a word or in digits (« trois », « 3 », « fifteen »).
pub fn number(w: &str) -> Option<i64> {
    if let Ok(n) = w.parse::<i64>() {
        return Some(n);
    }
    Some(match w {
        "un" | "une" | "one" | "a" | "an" => 1,
        "deux" | "two" => 2,
        "trois" | "three" => 3,
        "quatre" | "four" => 4,
        "cinq" | "five" => 5,
        "six" => 6,
        "sept" | "seven" => 7,
        "huit" | "eight" => 8,
        "neuf" | "nine" => 9,
        "dix" | "ten" => 10,
        "onze" | "eleven" => 11,
        "douze" | "twelve" => 12,
        "quinze" | "fifteen" => 15,
        "vingt" | "twenty" => 20,
        "trente" | "thirty" => 30,
        "quarante" | "forty" => 40,
        "cinquante" | "fifty" => 50,
        "soixante" | "sixty" => 60,
        "quatre-vingt-dix" | "ninety" => 90,
        _ => return None,
    })
}

/// The month a word names, French or English, in full or shortened.
pub fn month(w: &str) -> Option<Month> {
    use Month::*;
    Some(match w {
        "janvier" | "janv" | "january" | "jan" => January,
        "fevrier" | "fevr" | "fev" | "february" | "feb" => February,
        "mars" | "march" => March,
        "avril" | "avr" | "april" | "apr" => April,
        "mai" | "may" => May,
        "juin" | "june" | "jun" => June,
        "juillet" | "juil" | "july" | "jul" => July,
        "aout" | "august" | "aug" => August,
        "septembre" | "sept" | "september" | "sep" => September,
        "octobre" | "oct" | "october" => October,
        "novembre" | "nov" | "november" => November,
        "decembre" | "dec" | "december" => December,
        _ => return None,
    })
}

/// The weekday a word names, French or English.
pub fn weekday(w: &str) -> Option<Weekday> {
    use Weekday::*;
    Some(match w {
        "lundi" | "monday" => Monday,
        "mardi" | "tuesday" | "tue" => Tuesday,
        "mercredi" | "wednesday" | "wed" => Wednesday,
        "jeudi" | "thursday" | "thu" => Thursday,
        "vendredi" | "friday" | "fri" => Friday,
        "samedi" | "saturday" | "sat" => Saturday,
        "dimanche" | "sunday" | "sun" => Sunday,
        _ => return None,
    })
}

fn is(words: &[Word], i: usize, options: &[&str]) -> bool {
    words
        .get(i)
        .is_some_and(|w| options.contains(&w.text.as_str()))
}

/// Finds the first date or period in `words`, marks its words used, and
/// says what it is.
pub fn take_date(words: &[Word], used: &mut [bool], today: Date) -> Option<DateExpr> {
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        if let Some((expr, from, to)) = date_at(words, i, today) {
            for u in &mut used[from..to] {
                *u = true;
            }
            return Some(expr);
        }
    }
    None
}

/// A date starting at word `i` (or reaching back a word or two for « il y a »
/// and « de la semaine prochaine »): the expression and the words it covers.
fn date_at(words: &[Word], i: usize, today: Date) -> Option<(DateExpr, usize, usize)> {
    let w = words[i].text.as_str();
    let day = |n: i64| DateExpr::Day(today + Duration::days(n));
    // Single words.
    // A slip in a long word (« demian », « aujourdhiu »).
    let w = [
        "aujourdhui",
        "demain",
        "apres-demain",
        "yesterday",
        "tomorrow",
    ]
    .into_iter()
    .find(|t| w != *t && super::words::close(w, t))
    .unwrap_or(w);
    let single = match w {
        "aujourdhui" | "today" | "tonight" => Some(day(0)),
        "demain" | "tomorrow" | "tmrw" | "tomorow" => Some(day(1)),
        "apres-demain" => Some(day(2)),
        "hier" | "yesterday" => Some(day(-1)),
        "avant-hier" => Some(day(-2)),
        _ => None,
    };
    if let Some(e) = single {
        return Some((e, i, i + 1));
    }
    if w == "day" && is(words, i + 1, &["after"]) && is(words, i + 2, &["tomorrow"]) {
        return Some((day(2), i, i + 3));
    }
    if w == "day" && is(words, i + 1, &["before"]) && is(words, i + 2, &["yesterday"]) {
        return Some((day(-2), i, i + 3));
    }
    // « ce matin », « cet après-midi », « ce soir », « this morning ».
    if (w == "ce" || w == "cet" || w == "this")
        && is(
            words,
            i + 1,
            &[
                "matin",
                "soir",
                "apres-midi",
                "morning",
                "afternoon",
                "evening",
            ],
        )
    {
        return Some((day(0), i, i + 2));
    }
    // « dans 3 jours », « in 2 weeks ».
    if (w == "dans" || w == "in")
        && let Some(n) = words.get(i + 1).and_then(|w| number(&w.text))
        && let Some(unit) = words.get(i + 2).map(|w| w.text.as_str())
    {
        let days = match unit {
            "jour" | "jours" | "j" | "day" | "days" => Some(n),
            "semaine" | "semaines" | "week" | "weeks" => Some(7 * n),
            _ => None,
        };
        if let Some(days) = days {
            return Some((day(days), i, i + 3));
        }
    }
    // « il y a 2 jours », « 2 days ago ».
    if w == "il"
        && is(words, i + 1, &["y"])
        && is(words, i + 2, &["a"])
        && let Some(n) = words.get(i + 3).and_then(|w| number(&w.text))
        && is(words, i + 4, &["jour", "jours", "j"])
    {
        return Some((day(-n), i, i + 5));
    }
    if let Some(n) = number(w)
        && is(words, i + 1, &["day", "days"])
        && is(words, i + 2, &["ago"])
    {
        return Some((day(-n), i, i + 3));
    }
    // Weeks, months and years named relative to this one.
    let this_week = monday_of(today);
    let week = |offset: i64| {
        let first = this_week + Duration::weeks(offset);
        DateExpr::Range(first, first + Duration::days(6))
    };
    let month_of = |offset: i32| {
        let (mut y, mut m) = (today.year(), today.month());
        for _ in 0..offset.abs() {
            (y, m) = if offset > 0 {
                next_month(y, m)
            } else {
                previous_month(y, m)
            };
        }
        match month_range(y, m) {
            Some(When::Range(a, b)) => DateExpr::Range(a, b),
            _ => DateExpr::Invalid(String::new()),
        }
    };
    let year_of = |offset: i32| {
        let y = today.year() + offset;
        match (
            Date::from_calendar_date(y, Month::January, 1),
            Date::from_calendar_date(y, Month::December, 31),
        ) {
            (Ok(a), Ok(b)) => DateExpr::Range(a, b),
            _ => DateExpr::Invalid(String::new()),
        }
    };
    let unit = |w: &str| match w {
        "semaine" | "sem" | "week" => Some('w'),
        "mois" | "month" => Some('m'),
        "annee" | "an" | "year" => Some('y'),
        _ => None,
    };
    let of_unit = |u: char, offset: i32| match u {
        'w' => week(i64::from(offset)),
        'm' => month_of(offset),
        _ => year_of(offset),
    };
    // « cette semaine », « ce mois(-ci) », « cette année », « this week ».
    if (w == "cette" || w == "ce" || w == "this" || w == "current")
        && let Some(u) = words
            .get(i + 1)
            .and_then(|n| unit(n.text.as_str().trim_end_matches("-ci")))
    {
        let end = if is(words, i + 2, &["ci"]) {
            i + 3
        } else {
            i + 2
        };
        return Some((of_unit(u, 0), i, end));
    }
    // « la semaine prochaine / dernière », « le mois dernier », « l'an dernier ».
    if let Some(u) = unit(w) {
        let after = words.get(i + 1).map(|w| w.text.as_str());
        let offset = match after {
            Some("prochaine" | "prochain" | "suivante" | "suivant") => Some(1),
            Some("derniere" | "dernier" | "passee" | "passe" | "precedente" | "precedent") => {
                Some(-1)
            }
            _ => None,
        };
        if let Some(offset) = offset {
            // « jeudi de la semaine prochaine ».
            if u == 'w'
                && i >= 3
                && is(words, i - 1, &["la"])
                && is(words, i - 2, &["de"])
                && let Some(wd) = weekday(&words[i - 3].text)
            {
                let first = this_week + Duration::weeks(offset.into());
                let d = first + Duration::days(i64::from(wd.number_days_from_monday()));
                return Some((DateExpr::Day(d), i - 3, i + 2));
            }
            return Some((of_unit(u, offset), i, i + 2));
        }
        if after == Some("ci") && !words[i].text.is_empty() {
            return Some((of_unit(u, 0), i, i + 2));
        }
    }
    // « mois-ci ».
    if w == "mois-ci" {
        return Some((month_of(0), i, i + 1));
    }
    // « next week », « last month », « next monday », « last friday ».
    if w == "next" || w == "last" || w == "previous" || w == "coming" {
        let offset = if w == "next" || w == "coming" { 1 } else { -1 };
        if let Some(u) = words.get(i + 1).and_then(|n| unit(&n.text)) {
            return Some((of_unit(u, offset), i, i + 2));
        }
        if let Some(wd) = words.get(i + 1).and_then(|n| weekday(&n.text)) {
            let d = if offset > 0 {
                next_weekday(today, wd)
            } else {
                previous_weekday(today, wd)
            };
            return Some((DateExpr::Day(d), i, i + 2));
        }
    }
    // A weekday: « jeudi », « jeudi prochain », « lundi dernier ».
    if let Some(wd) = weekday(w) {
        let next = words.get(i + 1).map(|w| w.text.as_str());
        // « jeudi de la semaine prochaine »: read from « semaine ».
        if next == Some("de")
            && is(words, i + 2, &["la"])
            && is(words, i + 3, &["semaine"])
            && let Some(found) = date_at(words, i + 3, today)
        {
            return Some(found);
        }
        // Its date may follow: « jeudi 3 décembre », « jeudi 25 ».
        if let Some((e, _, to)) = words
            .get(i + 1)
            .and_then(|_| numbered_date(words, i + 1, today))
        {
            return Some((e, i, to));
        }
        // « jeudi 26 », but not « jeudi 14 h » (a time).
        if let Some(n) = words.get(i + 1).and_then(|w| day_number(&w.text))
            && !is(words, i + 2, &["h", "heure", "heures", "hr", "pm", "am"])
        {
            return Some((DateExpr::DayOfMonth(u8::try_from(n).ok()?), i, i + 2));
        }
        return Some(match next {
            Some("prochain" | "prochaine" | "next") => {
                (DateExpr::Day(next_weekday(today, wd)), i, i + 2)
            }
            Some("dernier" | "derniere" | "passe" | "last") => {
                (DateExpr::Day(previous_weekday(today, wd)), i, i + 2)
            }
            Some("matin" | "soir" | "apres-midi" | "morning" | "afternoon") => {
                (DateExpr::Weekday(wd), i, i + 2)
            }
            _ => (DateExpr::Weekday(wd), i, i + 1),
        });
    }
    // A month: « en novembre », « novembre 2025 », « in november ».
    if let Some(m) = month(w) {
        // Not the « mai » of « mais », nor a shortened word standing alone
        // without « en » or a year.
        let said_as_month =
            w.len() > 3 || (i > 0 && is(words, i - 1, &["en", "in", "of", "de", "d"]));
        if said_as_month {
            let year = words
                .get(i + 1)
                .and_then(|w| w.text.parse::<i32>().ok())
                .filter(|y| (2000..=2100).contains(y));
            let end = if year.is_some() { i + 2 } else { i + 1 };
            return Some((DateExpr::Month(m, year), i, end));
        }
    }
    numbered_date(words, i, today)
}

fn previous_weekday(today: Date, wd: Weekday) -> Date {
    let mut d = today - Duration::days(1);
    while d.weekday() != wd {
        d -= Duration::days(1);
    }
    d
}

/// « le 25 », « 25 novembre (2026) », « 1er décembre », « 25/11(/2026) »,
/// « 2026-11-25 ».
fn numbered_date(words: &[Word], i: usize, today: Date) -> Option<(DateExpr, usize, usize)> {
    let w = words[i].text.as_str();
    // ISO.
    if let Some(d) = crate::planning::time::date(w)
        && w.len() == 10
    {
        return Some((DateExpr::Day(d), i, i + 1));
    }
    // 25/11 and 25/11/2026 (25-11 is not read: plates and numbers use dashes).
    if w.contains('/') {
        let parts: Vec<&str> = w.split('/').collect();
        if (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            let d: u8 = parts[0].parse().ok()?;
            let m: u8 = parts[1].parse().ok()?;
            let year = match parts.get(2) {
                Some(y) if y.len() == 2 => 2000 + y.parse::<i32>().ok()?,
                Some(y) => y.parse().ok()?,
                None => today.year(),
            };
            let month = Month::try_from(m).ok()?;
            return Some((
                match Date::from_calendar_date(year, month, d) {
                    Ok(date) => DateExpr::Day(date),
                    Err(_) => DateExpr::Invalid(w.to_owned()),
                },
                i,
                i + 1,
            ));
        }
        return None;
    }
    let (n, from) = if (w == "le" || w == "the" || w == "du" || w == "au" || w == "on")
        && i + 1 < words.len()
    {
        // « le 06 de M. Lecomte » is a phone number's start, not the 6th.
        if words[i + 1].text.starts_with('0')
            && words.get(i + 2).is_none_or(|n| month(&n.text).is_none())
        {
            return None;
        }
        (day_number(&words[i + 1].text)?, i + 1)
    } else {
        (day_number(w)?, i)
    };
    // « 25 novembre (2026) », « 3 dec ».
    if let Some(m) = words.get(from + 1).and_then(|w| month(&w.text)) {
        let year = words
            .get(from + 2)
            .and_then(|w| w.text.parse::<i32>().ok())
            .filter(|y| (2000..=2100).contains(y));
        let end = if year.is_some() { from + 3 } else { from + 2 };
        let year_or_next = year.unwrap_or_else(|| {
            // A month already past this year, said without a year, is next
            // year's for a booking; reports resolve « en » months instead.
            today.year()
        });
        let said = words[from..end]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let expr = match Date::from_calendar_date(year_or_next, m, u8::try_from(n).ok()?) {
            Ok(d) => DateExpr::Day(d),
            Err(_) => DateExpr::Invalid(said),
        };
        return Some((expr, i, end));
    }
    // « le 25 » alone: a day of the month.
    if from == i + 1 && (1..=31).contains(&n) {
        // Not « le 3 » of a quantity (« le 308 » is a model, too big anyway).
        return Some((DateExpr::DayOfMonth(u8::try_from(n).ok()?), i, i + 2));
    }
    None
}

/// « 25 », « 1er », « 3rd » as a day of the month.
fn day_number(w: &str) -> Option<i64> {
    let digits = w
        .strip_suffix("er")
        .or_else(|| w.strip_suffix("st"))
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

/// Finds the first time of day in `words` (« 14 h 30 », « 14h », « à 9
/// heures », « midi », « 2 pm », « 10:30 »), marks its words used, and gives
/// minutes after midnight.
pub fn take_time(words: &[Word], used: &mut [bool]) -> Option<u32> {
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        if let Some((minutes, to)) = time_at(words, i) {
            let from = if i > 0
                && !used[i - 1]
                && is(words, i - 1, &["a", "at", "vers", "around", "pour"])
            {
                i - 1
            } else {
                i
            };
            for u in &mut used[from..to] {
                *u = true;
            }
            return Some(minutes);
        }
    }
    None
}

fn time_at(words: &[Word], i: usize) -> Option<(u32, usize)> {
    let w = words[i].text.as_str();
    match w {
        "midi" | "noon" | "midday" => {
            if is(words, i + 1, &["et"]) && is(words, i + 2, &["demi", "demie"]) {
                return Some((12 * 60 + 30, i + 3));
            }
            if let Some(m) = words
                .get(i + 1)
                .and_then(|w| w.text.parse::<u32>().ok())
                .filter(|m| *m < 60)
            {
                return Some((12 * 60 + m, i + 2));
            }
            return Some((12 * 60, i + 1));
        }
        "minuit" | "midnight" => return Some((0, i + 1)),
        _ => {}
    }
    // 14h30, 14h, 9h00, 14:30.
    let sep = w.find(['h', ':']);
    if let Some(p) = sep {
        let (h, rest) = (&w[..p], &w[p + 1..]);
        if !h.is_empty() && h.len() <= 2 && h.bytes().all(|b| b.is_ascii_digit()) {
            let h: u32 = h.parse().ok()?;
            let rest = rest.trim_end_matches("min");
            let (m, end) = if rest.is_empty() {
                // « 14 h 30 » split over words, or « 14h » alone.
                match words
                    .get(i + 1)
                    .and_then(|n| n.text.parse::<u32>().ok())
                    .filter(|m| *m < 60)
                {
                    Some(m) if words[i + 1].text.len() == 2 => (m, i + 2),
                    _ => (0, i + 1),
                }
            } else if rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
                (rest.parse().ok()?, i + 1)
            } else {
                return None;
            };
            if h < 24 && m < 60 {
                return Some((h * 60 + m, end));
            }
        }
        return None;
    }
    // « 14 h 30 », « 9 heures », « 2 pm », « 10 am ».
    if w.bytes().all(|b| b.is_ascii_digit()) && w.len() <= 2 {
        let h: u32 = w.parse().ok()?;
        let next = words.get(i + 1).map(|w| w.text.as_str());
        match next {
            Some("h" | "heure" | "heures" | "hr") if h < 24 => {
                // Not a duration: « 2 heures de travail » is read by the slots.
                if let Some(m) = words
                    .get(i + 2)
                    .and_then(|n| n.text.parse::<u32>().ok())
                    .filter(|m| *m < 60)
                    && words[i + 2].text.len() == 2
                {
                    return Some((h * 60 + m, i + 3));
                }
                return Some((h * 60, i + 2));
            }
            Some("pm") if (1..=12).contains(&h) => return Some(((h % 12 + 12) * 60, i + 2)),
            Some("am") if (1..=12).contains(&h) => return Some(((h % 12) * 60, i + 2)),
            _ => {}
        }
    }
    if let Some(h) = w
        .strip_suffix("pm")
        .and_then(|h| h.parse::<u32>().ok())
        .filter(|h| (1..=12).contains(h))
    {
        return Some(((h % 12 + 12) * 60, i + 1));
    }
    if let Some(h) = w
        .strip_suffix("am")
        .and_then(|h| h.parse::<u32>().ok())
        .filter(|h| (1..=12).contains(h))
    {
        return Some(((h % 12) * 60, i + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assistant::words::words;
    use time::macros::date;

    /// Wednesday 18 November 2026, the corpus's today.
    const TODAY: Date = date!(2026 - 11 - 18);

    fn when(s: &str, today: Date, look_back: bool) -> String {
        let ws = words(s);
        let mut used = vec![false; ws.len()];
        match take_date(&ws, &mut used, today).map(|e| e.resolve(today, look_back)) {
            Some(Ok(w)) => w.canonical(),
            Some(Err(_)) => "invalid".into(),
            None => "none".into(),
        }
    }

    fn at(s: &str) -> Option<String> {
        let ws = words(s);
        let mut used = vec![false; ws.len()];
        take_time(&ws, &mut used).map(|m| format!("{:02}:{:02}", m / 60, m % 60))
    }

    #[test]
    fn relative_days_and_weekdays() {
        for (said, day) in [
            ("rdv aujourd'hui", "2026-11-18"),
            ("demain", "2026-11-19"),
            ("après-demain", "2026-11-20"),
            ("apres demain", "2026-11-20"),
            ("hier", "2026-11-17"),
            ("dans 3 jours", "2026-11-21"),
            ("dans trois jours", "2026-11-21"),
            ("in 2 weeks", "2026-12-02"),
            ("il y a 2 jours", "2026-11-16"),
            ("jeudi", "2026-11-19"),
            ("jeudi prochain", "2026-11-19"),
            ("mercredi", "2026-11-25"),
            ("jeudi de la semaine prochaine", "2026-11-26"),
            ("lundi dernier", "2026-11-16"),
            ("next friday", "2026-11-20"),
            ("le 25", "2026-11-25"),
            ("le 3", "2026-12-03"),
            ("le 3 décembre", "2026-12-03"),
            ("1er décembre", "2026-12-01"),
            ("25/11", "2026-11-25"),
            ("25/11/2026", "2026-11-25"),
            ("jeudi 26 novembre", "2026-11-26"),
            ("jeudi 26", "2026-11-26"),
            ("jeudi 14 h", "2026-11-19"),
        ] {
            assert_eq!(when(said, TODAY, false), day, "{said}");
        }
    }

    #[test]
    fn periods_and_months() {
        for (said, period, back) in [
            ("cette semaine", "2026-11-16..2026-11-22", false),
            ("la semaine prochaine", "2026-11-23..2026-11-29", false),
            ("la semaine dernière", "2026-11-09..2026-11-15", false),
            ("ce mois-ci", "2026-11-01..2026-11-30", false),
            ("ce mois ci", "2026-11-01..2026-11-30", false),
            ("le mois dernier", "2026-10-01..2026-10-31", false),
            ("last month", "2026-10-01..2026-10-31", false),
            ("cette année", "2026-01-01..2026-12-31", false),
            ("l'année dernière", "2025-01-01..2025-12-31", false),
            ("en novembre", "2026-11-01..2026-11-30", true),
            ("en décembre", "2025-12-01..2025-12-31", true),
            ("en décembre", "2026-12-01..2026-12-31", false),
            ("novembre 2025", "2025-11-01..2025-11-30", true),
            ("le 3", "2026-11-03", true),
            ("lundi", "2026-11-16", true),
        ] {
            assert_eq!(when(said, TODAY, back), period, "{said}");
        }
    }

    #[test]
    fn month_ends_leap_years_and_impossible_dates() {
        // The 31st said on 30 April is next month's... no: May has a 31st.
        assert_eq!(when("le 31", date!(2026 - 04 - 30), false), "2026-05-31");
        // Said on 31 January, « le 30 » is next month's — February has none.
        assert_eq!(when("le 30", date!(2026 - 01 - 31), false), "invalid");
        assert_eq!(
            when("le mois dernier", date!(2026 - 03 - 31), false),
            "2026-02-01..2026-02-28"
        );
        assert_eq!(
            when("le mois dernier", date!(2024 - 03 - 31), false),
            "2024-02-01..2024-02-29"
        );
        assert_eq!(
            when("le mois prochain", date!(2026 - 12 - 15), false),
            "2027-01-01..2027-01-31"
        );
        assert_eq!(when("demain", date!(2026 - 12 - 31), false), "2027-01-01");
        assert_eq!(when("31 février", TODAY, false), "invalid");
        assert_eq!(when("29/02/2027", TODAY, false), "invalid");
        assert_eq!(when("29/02/2028", TODAY, false), "2028-02-29");
        // Around the change to winter time (25 October 2026) days stay days.
        assert_eq!(when("demain", date!(2026 - 10 - 24), false), "2026-10-25");
        assert_eq!(
            when("dans 2 jours", date!(2026 - 10 - 24), false),
            "2026-10-26"
        );
        assert_eq!(
            when("la semaine prochaine", date!(2026 - 03 - 28), false),
            "2026-03-30..2026-04-05"
        );
        assert_eq!(when("mais rien", TODAY, false), "none");
    }

    #[test]
    fn times_of_day() {
        for (said, time) in [
            ("à 14h30", "14:30"),
            ("14 h 30", "14:30"),
            ("14h", "14:00"),
            ("à 9 heures", "09:00"),
            ("midi", "12:00"),
            ("2 pm", "14:00"),
            ("10am", "10:00"),
            ("10:30", "10:30"),
            ("9h00", "09:00"),
        ] {
            assert_eq!(at(said).as_deref(), Some(time), "{said}");
        }
        assert_eq!(at("le 25"), None);
    }
}

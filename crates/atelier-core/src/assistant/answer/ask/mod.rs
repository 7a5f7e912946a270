//! Questions the assistant proposes: an example of each intent (when it
//! did not understand, and for help), and a choice's question, which asks
//! the question understood again naming one record without doubt — by its
//! plate, a phone, a document's number or a name — with the rest of what
//! was said (the date, the time, the kind of work…) kept.

mod words;

use atelier_domain::Locale;
use time::{Date, Month};

use super::context::Cx;
use crate::assistant::{Lexicon, Understanding, understand};
use crate::planning::time::date;

pub(super) use words::example;

/// How a choice's question names its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Naming<'a> {
    /// A plate, canonical (`AB-123-CD`).
    Plate(&'a str),
    /// A phone, its digits.
    Phone(&'a str),
    /// A document's number.
    Number(&'a str),
    /// A person's or company's name, perhaps with their town.
    Name(&'a str),
}

/// What a question says besides whom it is about, worded for its
/// language.
#[derive(Debug)]
pub(super) struct Said<'a> {
    pub naming: Naming<'a>,
    /// The date or period, as words the assistant reads back.
    pub date: Option<String>,
    pub time: Option<&'a str>,
    pub work: Option<&'a str>,
    pub duration: Option<u32>,
    pub days: Option<u32>,
    pub amount: Option<&'a str>,
    pub number: Option<&'a str>,
    pub vehicle: Option<&'a str>,
}

/// The question understood again, about the record `naming` names.
pub(super) fn question(cx: &Cx<'_>, naming: &Naming<'_>) -> String {
    let s = cx.slots();
    let today = date(cx.today());
    let said = Said {
        naming: *naming,
        date: s
            .date
            .as_deref()
            .and_then(|d| date_words(d, today, cx.locale())),
        time: s.time.as_deref(),
        work: s.work.as_deref(),
        duration: s.duration,
        days: s.days,
        amount: s.amount.as_deref(),
        // The number said stays unless it is what names the record.
        number: s
            .number
            .as_deref()
            .filter(|_| !matches!(naming, Naming::Number(_))),
        vehicle: s
            .vehicle
            .as_deref()
            .filter(|_| !matches!(naming, Naming::Plate(_))),
    };
    (words::words(cx.locale()).question)(cx.understood.intent, &said)
}

/// `question` read as the assistant reads every question, on the asker's
/// today, with `lexicon` (the workshop's).
pub(super) fn reread(cx: &Cx<'_>, question: &str, lexicon: Option<&Lexicon>) -> Understanding {
    let today = date(cx.today()).unwrap_or(Date::MIN);
    match lexicon {
        Some(l) => understand(question, l, today),
        None => understand(question, &Lexicon::default(), today),
    }
}

/// A canonical date or period (`YYYY-MM-DD`, `A..B`) in words the
/// assistant reads back to the same: a day as itself, a month by its name,
/// this, next or last week or year by those words.
fn date_words(canonical: &str, today: Option<Date>, locale: Locale) -> Option<String> {
    let w = words::words(locale);
    let (from, to) = canonical.split_once("..").unwrap_or((canonical, canonical));
    let (a, b) = (date(from)?, date(to)?);
    if a == b {
        return Some((w.on_day)(from));
    }
    let last_of_month = time::util::days_in_month(a.month(), a.year());
    if a.day() == 1 && b.month() == a.month() && b.year() == a.year() && b.day() == last_of_month {
        return Some((w.in_month)(
            w.months[usize::from(u8::from(a.month())) - 1],
            a.year(),
        ));
    }
    if let Some(today) = today {
        let monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        for (offset, said) in [(0, w.this_week), (1, w.next_week), (-1, w.last_week)] {
            let first = monday + time::Duration::weeks(offset);
            if a == first && b == first + time::Duration::days(6) {
                return Some(said.to_owned());
            }
        }
        let whole_year = a.month() == Month::January
            && a.day() == 1
            && b.month() == Month::December
            && b.day() == 31;
        if whole_year && a.year() == b.year() {
            if a.year() == today.year() {
                return Some(w.this_year.to_owned());
            }
            if a.year() == today.year() - 1 {
                return Some(w.last_year.to_owned());
            }
        }
    }
    // Any other period: its first day.
    Some((w.on_day)(from))
}

//! The e-reporting periods of each VAT regime: ten days under the normal
//! regime (1–10, 11–20, 21 to the month's last day, so 8, 9, 10 or 11
//! days), a calendar month under the simplified one. Pure functions of
//! dates, so the rules are tested without a database.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::till::fiscal::{date, day_text, next_day};

/// The VAT regime, as far as the e-reporting is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// « Régime réel normal », monthly VAT returns: periods of ten days.
    Normal,
    /// « Régime simplifié d'imposition »: monthly periods.
    Simplified,
}

impl Regime {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Normal => "normal",
            Regime::Simplified => "simplified",
        }
    }

    /// The regime a stored or typed name stands for.
    pub fn parse(s: &str) -> Option<Regime> {
        match s {
            "normal" => Some(Regime::Normal),
            "simplified" => Some(Regime::Simplified),
            _ => None,
        }
    }

    /// The period holding `day` (YYYY-MM-DD): its first and last days.
    pub fn period_of(self, day: &str) -> Option<(String, String)> {
        let d = date(day)?;
        let last = time::util::days_in_month(d.month(), d.year());
        let (first, end) = match self {
            Regime::Simplified => (1, last),
            Regime::Normal => match d.day() {
                1..=10 => (1, 10),
                11..=20 => (11, 20),
                _ => (21, last),
            },
        };
        let at = |n: u8| Date::from_calendar_date(d.year(), d.month(), n).ok();
        Some((day_text(at(first)?), day_text(at(end)?)))
    }

    /// The periods from the one holding `from` to the last one over before
    /// `today` (whose last day is before `today`), in order.
    pub fn periods_over(self, from: &str, today: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut day = from.to_owned();
        while let Some((start, end)) = self.period_of(&day) {
            if end.as_str() >= today {
                break;
            }
            let Some(next) = next_day(&end) else { break };
            out.push((start, end));
            day = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_owned(), b.to_owned()))
    }

    #[test]
    fn the_normal_regime_reports_every_ten_days_and_the_third_period_runs_to_the_month_s_end() {
        let n = Regime::Normal;
        assert_eq!(n.period_of("2027-09-01"), span("2027-09-01", "2027-09-10"));
        assert_eq!(n.period_of("2027-09-10"), span("2027-09-01", "2027-09-10"));
        assert_eq!(n.period_of("2027-09-11"), span("2027-09-11", "2027-09-20"));
        assert_eq!(n.period_of("2027-09-30"), span("2027-09-21", "2027-09-30"));
        // 31-day months: the third period has eleven days.
        assert_eq!(n.period_of("2027-10-31"), span("2027-10-21", "2027-10-31"));
        // February: eight days, nine in a leap year.
        assert_eq!(n.period_of("2027-02-25"), span("2027-02-21", "2027-02-28"));
        assert_eq!(n.period_of("2028-02-29"), span("2028-02-21", "2028-02-29"));
        assert_eq!(n.period_of("2027-02-30"), None, "not a date");
    }

    #[test]
    fn the_simplified_regime_reports_each_calendar_month() {
        let s = Regime::Simplified;
        assert_eq!(s.period_of("2027-02-14"), span("2027-02-01", "2027-02-28"));
        assert_eq!(s.period_of("2028-02-01"), span("2028-02-01", "2028-02-29"));
        assert_eq!(s.period_of("2027-12-31"), span("2027-12-01", "2027-12-31"));
        assert_eq!(s.period_of("2027-04-30"), span("2027-04-01", "2027-04-30"));
    }

    #[test]
    fn the_periods_over_stop_before_the_one_still_running() {
        let over = Regime::Normal.periods_over("2027-01-25", "2027-02-21");
        assert_eq!(
            over,
            vec![
                ("2027-01-21".into(), "2027-01-31".into()),
                ("2027-02-01".into(), "2027-02-10".into()),
                ("2027-02-11".into(), "2027-02-20".into()),
            ],
            "the period of 21 February has not ended on 21 February"
        );
        assert!(
            Regime::Normal
                .periods_over("2027-02-21", "2027-02-28")
                .is_empty()
        );
        assert_eq!(
            Regime::Simplified.periods_over("2027-11-15", "2028-01-01"),
            vec![
                ("2027-11-01".into(), "2027-11-30".into()),
                ("2027-12-01".into(), "2027-12-31".into()),
            ]
        );
    }
}

//! When a campaign's or a satisfaction request's message may leave: within
//! its allowed hours (France's legal time, [`crate::calendar`]), and for an
//! SMS under the quiet rules — never at night (before [`QUIET_FROM`] or
//! from [`QUIET_UNTIL`]), on a Sunday or a public holiday — with at most
//! a daily cap of messages per campaign.
//!
//! The rules are checked twice: when the campaign is launched, its
//! messages are spread over the allowed hours of the days ahead
//! ([`SendWindow::plan`]); and when the sender claims a message
//! ([`super::claim_due`]), one whose time is not allowed now (the station
//! was off, a retry fell at night, the day's cap is reached) is put back to
//! the next allowed time instead of leaving.

use serde::Serialize;
use time::Date;

use crate::calendar::{is_quiet_day, paris_local, paris_utc_ms};

/// Under the quiet rules, the earliest minute of the day a message leaves (08:00).
pub const QUIET_FROM: u32 = 8 * 60;
/// Under the quiet rules, the minute from which none leaves (20:00).
pub const QUIET_UNTIL: u32 = 20 * 60;

/// When messages may leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SendWindow {
    /// The first allowed minute after midnight.
    pub from: u32,
    /// The minute after the last allowed one (1440: until midnight).
    pub until: u32,
    /// The SMS rules: not on Sundays and public holidays, nor at night.
    pub quiet: bool,
    /// At most this many messages of the campaign leave in a day.
    pub daily_cap: Option<u32>,
}

impl SendWindow {
    /// The allowed minutes of a day, the quiet rules applied.
    fn hours(&self) -> (u32, u32) {
        if self.quiet {
            (self.from.max(QUIET_FROM), self.until.min(QUIET_UNTIL))
        } else {
            (self.from, self.until.min(24 * 60))
        }
    }

    fn day_allowed(&self, day: Date) -> bool {
        let (from, until) = self.hours();
        from < until && !(self.quiet && is_quiet_day(day))
    }

    /// Whether a message may leave at `now_ms`.
    pub fn allows(&self, now_ms: u64) -> bool {
        let (day, minute) = paris_local(now_ms);
        let (from, until) = self.hours();
        self.day_allowed(day) && (from..until).contains(&minute)
    }

    /// The first allowed instant at or after `now_ms`; the start of the
    /// next allowed day when `skip_today` (the day's cap is reached).
    /// `None` when no day is ever allowed (empty hours).
    pub fn next_open(&self, now_ms: u64, skip_today: bool) -> Option<u64> {
        if !skip_today && self.allows(now_ms) {
            return Some(now_ms);
        }
        let (today, minute) = paris_local(now_ms);
        let (from, _) = self.hours();
        let mut day = today;
        // Sundays and holidays never run eight days in a row.
        for _ in 0..10 {
            let later = day != today || (!skip_today && minute < from);
            if later && self.day_allowed(day) {
                return Some(paris_utc_ms(day, from));
            }
            day = day.next_day()?;
        }
        None
    }

    /// When each of `n` messages queued at `now_ms` is to leave: spread
    /// evenly over the allowed hours, today's rest first, at most the
    /// daily cap a day. `None` when no day is allowed.
    pub fn plan(&self, now_ms: u64, n: usize) -> Option<Vec<u64>> {
        let mut out = Vec::with_capacity(n);
        let (from, until) = self.hours();
        let mut at = self.next_open(now_ms, false)?;
        while out.len() < n {
            let (day, start) = paris_local(at);
            let left = n - out.len();
            let take = self
                .daily_cap
                .map_or(left, |cap| left.min(cap as usize))
                .max(1);
            let span = u64::from(until.saturating_sub(start.max(from)).max(1)) * 60_000;
            let step = span / take as u64;
            for i in 0..take as u64 {
                out.push(at + i * step);
            }
            let Some(next) = self.next_open(paris_utc_ms(day, start), true) else {
                break;
            };
            at = next;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const SMS: SendWindow = SendWindow {
        from: 7 * 60,
        until: 21 * 60,
        quiet: true,
        daily_cap: Some(3),
    };

    #[test]
    fn an_sms_never_leaves_at_night_on_sundays_or_holidays() {
        // Saturday 2026-12-05: 07:30 is before 08:00 even though the
        // campaign allows 07:00; 20:30 after 20:00.
        assert!(!SMS.allows(paris_utc_ms(date!(2026 - 12 - 05), 7 * 60 + 30)));
        assert!(SMS.allows(paris_utc_ms(date!(2026 - 12 - 05), 8 * 60)));
        assert!(!SMS.allows(paris_utc_ms(date!(2026 - 12 - 05), 20 * 60 + 30)));
        // Sunday, then Christmas Day (a Friday).
        assert!(!SMS.allows(paris_utc_ms(date!(2026 - 12 - 06), 10 * 60)));
        assert!(!SMS.allows(paris_utc_ms(date!(2026 - 12 - 25), 10 * 60)));
        // Saturday 20:30 → Monday 08:00.
        let late = paris_utc_ms(date!(2026 - 12 - 05), 20 * 60 + 30);
        assert_eq!(
            SMS.next_open(late, false),
            Some(paris_utc_ms(date!(2026 - 12 - 07), 8 * 60))
        );
        // Thursday 24 December in the evening → Saturday 26 (25 is a holiday).
        let eve = paris_utc_ms(date!(2026 - 12 - 24), 22 * 60);
        assert_eq!(
            SMS.next_open(eve, false),
            Some(paris_utc_ms(date!(2026 - 12 - 26), 8 * 60))
        );
        // An e-mail keeps its own hours, any day.
        let mail = SendWindow {
            quiet: false,
            ..SMS
        };
        assert!(mail.allows(paris_utc_ms(date!(2026 - 12 - 06), 7 * 60 + 30)));
    }

    #[test]
    fn a_plan_spreads_over_the_allowed_hours_at_most_the_cap_a_day() {
        // Friday 2026-12-04 at 19:00: one hour left today (3 messages),
        // Saturday 3, Sunday none, Monday the last.
        let now = paris_utc_ms(date!(2026 - 12 - 04), 19 * 60);
        let plan = SMS.plan(now, 7).unwrap();
        let days: Vec<(Date, u32)> = plan.iter().map(|t| paris_local(*t)).collect();
        assert_eq!(
            days,
            vec![
                (date!(2026 - 12 - 04), 19 * 60),
                (date!(2026 - 12 - 04), 19 * 60 + 20),
                (date!(2026 - 12 - 04), 19 * 60 + 40),
                (date!(2026 - 12 - 05), 8 * 60),
                (date!(2026 - 12 - 05), 12 * 60),
                (date!(2026 - 12 - 05), 16 * 60),
                (date!(2026 - 12 - 07), 8 * 60),
            ]
        );
        assert!(plan.iter().all(|t| SMS.allows(*t)), "every slot is allowed");
    }
}

//! Which backups to keep: the newest of each of the last 7 days, of each of
//! the last 4 ISO weeks and of each of the last 12 months that have one (the
//! daily and manual backups together); and the newest 5 of each kind taken
//! before something risky (a migration, an update, a restore).

use std::collections::BTreeSet;

use time::PrimitiveDateTime;

use super::Reason;

/// Days, weeks and months kept.
pub const DAYS: usize = 7;
/// ISO weeks kept.
pub const WEEKS: usize = 4;
/// Months kept.
pub const MONTHS: usize = 12;
/// Backups kept of each kind taken before a migration, an update or a restore.
pub const BEFORE_EACH: usize = 5;

/// One backup as rotation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taken {
    /// When it was taken (UTC).
    pub at: PrimitiveDateTime,
    /// Why.
    pub reason: Reason,
}

/// The indexes of `backups` to delete.
pub fn to_delete(backups: &[Taken]) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    // Newest first: the first seen of a period is the one kept.
    order.sort_by(|&a, &b| backups[b].at.cmp(&backups[a].at));
    let mut keep = BTreeSet::new();
    let scheduled: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| matches!(backups[i].reason, Reason::Daily | Reason::Manual))
        .collect();
    let day = |i: usize| backups[i].at.date();
    let week = |i: usize| {
        let (year, week, _) = backups[i].at.date().to_iso_week_date();
        (year, week)
    };
    let month = |i: usize| (backups[i].at.year(), backups[i].at.month() as u8);
    keep.extend(newest_per(&scheduled, day, DAYS));
    keep.extend(newest_per(&scheduled, week, WEEKS));
    keep.extend(newest_per(&scheduled, month, MONTHS));
    for reason in [
        Reason::BeforeMigration,
        Reason::BeforeUpdate,
        Reason::BeforeRestore,
        Reason::BeforeEncryption,
    ] {
        keep.extend(
            order
                .iter()
                .copied()
                .filter(|&i| backups[i].reason == reason)
                .take(BEFORE_EACH),
        );
    }
    (0..backups.len()).filter(|i| !keep.contains(i)).collect()
}

/// The first (newest) of each of the `count` newest periods in `newest_first`.
fn newest_per<P: PartialEq>(
    newest_first: &[usize],
    period: impl Fn(usize) -> P,
    count: usize,
) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for &i in newest_first {
        if kept.len() == count {
            break;
        }
        if kept.last().is_none_or(|&last| period(last) != period(i)) {
            kept.push(i);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::datetime;
    use time::{Duration, PrimitiveDateTime};

    use super::*;

    fn daily(at: PrimitiveDateTime) -> Taken {
        Taken {
            at,
            reason: Reason::Daily,
        }
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_days_4_weeks_and_12_months() {
        let start = datetime!(2025-11-22 08:00);
        // One backup a day for a year, the newest on Saturday 2026-11-21.
        let backups: Vec<Taken> = (0..365).map(|d| daily(start + Duration::days(d))).collect();
        let deleted = to_delete(&backups);
        let kept: Vec<_> = (0..backups.len())
            .filter(|i| !deleted.contains(i))
            .map(|i| backups[i].at.date().to_string())
            .collect();
        assert_eq!(
            kept,
            [
                // the newest of each month, oldest first: Nov 2025 … Oct 2026
                "2025-12-31",
                "2026-01-31",
                "2026-02-28",
                "2026-03-31",
                "2026-04-30",
                "2026-05-31",
                "2026-06-30",
                "2026-07-31",
                "2026-08-31",
                "2026-09-30",
                // the newest of the weeks before this one (Sundays)
                "2026-10-31",
                "2026-11-01",
                "2026-11-08",
                // the last seven days (this week's Sunday is among them)
                "2026-11-15",
                "2026-11-16",
                "2026-11-17",
                "2026-11-18",
                "2026-11-19",
                "2026-11-20",
                "2026-11-21",
            ]
        );
    }

    #[test]
    fn several_backups_of_one_day_keep_the_newest_and_the_risky_ones_keep_five() {
        let at = datetime!(2026-11-21 08:00);
        let mut backups = vec![
            daily(at),
            Taken {
                at: at + Duration::hours(3),
                reason: Reason::Manual,
            },
        ];
        for h in 0..7 {
            backups.push(Taken {
                at: at + Duration::hours(h),
                reason: Reason::BeforeMigration,
            });
        }
        let deleted = to_delete(&backups);
        assert!(
            deleted.contains(&0),
            "the morning's backup gives way to the later manual one"
        );
        assert!(!deleted.contains(&1));
        assert_eq!(
            deleted
                .iter()
                .filter(|&&i| i >= 2)
                .copied()
                .collect::<Vec<_>>(),
            [2, 3],
            "the two oldest of seven before-migration backups go"
        );
    }

    proptest! {
        #[test]
        fn a_newest_backup_is_always_kept_and_at_most_the_limits_are(
            offsets in proptest::collection::vec(0i64..800 * 24, 1..120),
            reasons in proptest::collection::vec(0usize..5, 120),
        ) {
            let start = datetime!(2024-01-01 00:00);
            let all = [Reason::Daily, Reason::Manual, Reason::BeforeMigration, Reason::BeforeUpdate, Reason::BeforeRestore];
            let backups: Vec<Taken> = offsets
                .iter()
                .zip(&reasons)
                .map(|(h, r)| Taken { at: start + Duration::hours(*h), reason: all[*r] })
                .collect();
            let deleted = to_delete(&backups);
            // Of the backups taken at the latest instant, one at least stays.
            let latest = backups.iter().map(|b| b.at).max().unwrap();
            prop_assert!((0..backups.len()).any(|i| backups[i].at == latest && !deleted.contains(&i)));
            let kept = backups.len() - deleted.len();
            prop_assert!(kept <= DAYS + WEEKS + MONTHS + 3 * BEFORE_EACH);
            prop_assert!(kept >= 1);
        }
    }
}

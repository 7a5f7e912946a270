//! Human numbers: `D-2026-0042` for an estimate and, once it is accepted,
//! `OR-2026-0017` for the repair order (it keeps both). Each kind counts on
//! its own from 1 every calendar year, so repair orders are numbered without
//! the gaps declined estimates leave.
//!
//! A number is allocated in the transaction that creates it: if that
//! transaction rolls back the counter does too, and once committed a number is
//! never given again, even when its order is cancelled. The `UNIQUE`
//! constraints on `orders` guard against a bug reusing one.
//!
//! The counter is this workstation's. Once the station is enrolled with a
//! sync server, its numbers carry the invoice series prefix the server gave
//! it, unique in the organisation (`D-S1A-2026-0042`), so two stations
//! numbering offline never give the same number.

use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;

use crate::Result;

/// What is numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// An estimate: `D-…`.
    Estimate,
    /// A repair order: `OR-…`.
    Order,
}

crate::text::str_enum!(NumberKind {
    Estimate => "estimate",
    Order => "order",
});

impl NumberKind {
    /// The prefix printed before the year.
    pub fn prefix(self) -> &'static str {
        match self {
            NumberKind::Estimate => "D",
            NumberKind::Order => "OR",
        }
    }
}

/// The next number of `kind` in the year of `today` (YYYY-MM-DD): four digits
/// at least, more past 9 999.
pub(crate) fn allocate(tx: &Transaction<'_>, kind: NumberKind, today: &str) -> Result<String> {
    let year: i64 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(1970);
    let last: Option<i64> = tx
        .prepare_cached("SELECT last FROM order_counters WHERE kind = ?1 AND year = ?2")?
        .query_row((kind.as_str(), year), |r| r.get(0))
        .optional()?;
    let next = last.unwrap_or(0) + 1;
    tx.prepare_cached(
        "INSERT INTO order_counters (kind, year, last) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last",
    )?
    .execute((kind.as_str(), year, next))?;
    let station: Option<String> = tx
        .prepare_cached(
            "SELECT value FROM local_settings
              WHERE key = 'invoice.series_prefix' AND EXISTS (SELECT 1 FROM sync_state)",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(match station {
        Some(station) => format!("{}-{station}-{year}-{next:04}", kind.prefix()),
        None => format(kind, year, next),
    })
}

/// `D-2026-0042`.
pub fn format(kind: NumberKind, year: i64, n: i64) -> String {
    format!("{}-{year}-{n:04}", kind.prefix())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db;

    #[test]
    fn each_kind_counts_from_one_every_year_and_a_rolled_back_number_comes_back() {
        let mut db = test_db();
        let take = |db: &mut crate::Db, kind, day: &str| {
            let day = day.to_owned();
            db.write(|tx| allocate(tx, kind, &day)).unwrap()
        };
        assert_eq!(
            take(&mut db, NumberKind::Estimate, "2026-01-02"),
            "D-2026-0001"
        );
        assert_eq!(
            take(&mut db, NumberKind::Estimate, "2026-12-31"),
            "D-2026-0002"
        );
        assert_eq!(
            take(&mut db, NumberKind::Order, "2026-06-01"),
            "OR-2026-0001"
        );
        assert_eq!(
            take(&mut db, NumberKind::Estimate, "2027-01-01"),
            "D-2027-0001"
        );
        let failed: Result<String> = db.write(|tx| {
            allocate(tx, NumberKind::Estimate, "2027-01-02")?;
            Err(crate::Error::Corrupt("test"))
        });
        assert!(failed.is_err());
        assert_eq!(
            take(&mut db, NumberKind::Estimate, "2027-01-02"),
            "D-2027-0002",
            "a number is only used once its transaction commits"
        );
        assert_eq!(format(NumberKind::Order, 2026, 12_345), "OR-2026-12345");
    }
}

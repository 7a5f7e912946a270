//! The hybrid logical clock that orders sync operations.
//!
//! An [`Hlc`] follows wall time in milliseconds while it can and counts
//! events when it cannot (several writes in one millisecond, or a wall clock
//! that went back), so every value a device hands out is larger than the one
//! before and larger than any it has received. [`Stamp`] adds the device id
//! to break ties, which gives the total order used for last-writer-wins.
//!
//! The clock never reads the system time: callers pass `wall_ms`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DeviceId;

/// Bits of an [`Hlc`] that hold the logical counter.
const COUNTER_BITS: u32 = 16;

/// The largest wall time an [`Hlc`] can hold: 2^47 − 1 ms after the Unix
/// epoch, in the year 6429. Keeping millis below 2^47 keeps bit 63 clear, so
/// an `Hlc` stored as a signed SQLite INTEGER sorts like the clock.
pub const MAX_MILLIS: u64 = (1 << 47) - 1;

/// How far ahead of local wall time a remote clock may be before the sync
/// status flags it: 5 minutes.
pub const MAX_DRIFT_MS: u64 = 5 * 60 * 1000;

/// A hybrid logical clock value: wall milliseconds in the high 48 bits, a
/// counter in the low 16.
///
/// Values compare as numbers, which is (millis, counter) order. Every `Hlc`
/// has millis at most [`MAX_MILLIS`], so bit 63 is always clear and the
/// `i64` form orders like the `u64` form. Serialised as a number.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "u64", into = "u64")]
pub struct Hlc(u64);

/// A number is not a valid hybrid logical clock value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HlcError {
    /// The wall time is past [`MAX_MILLIS`].
    #[error("clock time {millis} ms is after the year 6429: check the system clock")]
    MillisOutOfRange {
        /// The rejected wall time in milliseconds.
        millis: u64,
    },
    /// A raw value has bit 63 set (a negative `i64`), which no `Hlc` has.
    #[error("{raw:#x} is not a clock value: its wall time would be after the year 6429")]
    OutOfRange {
        /// The rejected raw value.
        raw: u64,
    },
}

impl Hlc {
    /// The smallest value, before any event.
    pub const ZERO: Self = Self(0);
    /// The largest value: [`MAX_MILLIS`] with a full counter.
    pub const MAX: Self = Self((MAX_MILLIS << COUNTER_BITS) | u16::MAX as u64);

    /// The clock value for `counter` events at wall time `millis`; refused
    /// when `millis` is past [`MAX_MILLIS`].
    pub const fn new(millis: u64, counter: u16) -> Result<Self, HlcError> {
        if millis > MAX_MILLIS {
            return Err(HlcError::MillisOutOfRange { millis });
        }
        Ok(Self((millis << COUNTER_BITS) | counter as u64))
    }

    /// Wall time in milliseconds since the Unix epoch.
    #[must_use]
    pub const fn millis(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    /// Number of events counted within the same millisecond.
    #[must_use]
    pub const fn counter(self) -> u16 {
        (self.0 & u16::MAX as u64) as u16
    }

    /// The packed 64-bit value.
    #[must_use]
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// Unpacks a value from [`Hlc::as_u64`]; refused if bit 63 is set.
    pub const fn from_u64(raw: u64) -> Result<Self, HlcError> {
        if raw > Self::MAX.0 {
            return Err(HlcError::OutOfRange { raw });
        }
        Ok(Self(raw))
    }

    /// The value as a SQLite INTEGER. It is never negative, so SQL
    /// `ORDER BY` sorts it like the clock.
    #[must_use]
    pub const fn as_i64(self) -> i64 {
        // Bit 63 is clear (see MAX_MILLIS), so the value is unchanged.
        self.0 as i64
    }

    /// Reads a value stored with [`Hlc::as_i64`]; refused if negative.
    pub const fn from_i64(raw: i64) -> Result<Self, HlcError> {
        Self::from_u64(raw as u64)
    }

    /// The next value, or `self` at [`Hlc::MAX`]. Counter overflow carries
    /// into the millis, because the counter is the low bits.
    const fn saturating_next(self) -> Self {
        if self.0 < Self::MAX.0 {
            Self(self.0 + 1)
        } else {
            self
        }
    }

    /// The first value at wall time `wall_ms`, clamped to [`MAX_MILLIS`].
    const fn at_wall(wall_ms: u64) -> Self {
        let millis = if wall_ms < MAX_MILLIS {
            wall_ms
        } else {
            MAX_MILLIS
        };
        Self(millis << COUNTER_BITS)
    }
}

impl fmt::Display for Hlc {
    /// Twenty zero-padded digits, so the text sorts like the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:020}", self.0)
    }
}

impl TryFrom<u64> for Hlc {
    type Error = HlcError;

    fn try_from(raw: u64) -> Result<Self, Self::Error> {
        Self::from_u64(raw)
    }
}

impl From<Hlc> for u64 {
    fn from(hlc: Hlc) -> Self {
        hlc.0
    }
}

/// One device's hybrid logical clock: hands out increasing [`Hlc`] values.
///
/// Each value it returns is strictly greater than the one before, whatever
/// the wall clock does, up to [`Hlc::MAX`] where it stays (year 6429). The
/// owner persists [`HlcClock::last`] and restores it with [`HlcClock::new`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HlcClock {
    last: Hlc,
}

impl HlcClock {
    /// A clock that continues after `last`, the value persisted last time.
    #[must_use]
    pub const fn new(last: Hlc) -> Self {
        Self { last }
    }

    /// The last value handed out or received.
    #[must_use]
    pub const fn last(&self) -> Hlc {
        self.last
    }

    /// A value for a local event at wall time `wall_ms`: the wall time itself
    /// if it moved past the last value, else the last value plus one.
    pub fn now(&mut self, wall_ms: u64) -> Hlc {
        self.last = Hlc::at_wall(wall_ms).max(self.last.saturating_next());
        self.last
    }

    /// Takes in a `remote` value received from another device at wall time
    /// `wall_ms` and returns a value strictly greater than both it and the
    /// last local value, so later local events order after what was seen.
    ///
    /// It does not refuse a remote clock far in the future: check
    /// [`is_far_ahead`] first to flag or reject one.
    pub fn recv(&mut self, remote: Hlc, wall_ms: u64) -> Hlc {
        self.last = Hlc::at_wall(wall_ms)
            .max(self.last.saturating_next())
            .max(remote.saturating_next());
        self.last
    }
}

/// Whether `remote` is more than [`MAX_DRIFT_MS`] ahead of local wall time
/// `wall_ms`: a sign that one of the two system clocks is wrong.
#[must_use]
pub fn is_far_ahead(remote: Hlc, wall_ms: u64) -> bool {
    remote.millis() > wall_ms.saturating_add(MAX_DRIFT_MS)
}

/// When and where a change was made: the total order for last-writer-wins.
///
/// Ordered by `hlc`, then by `device` to break ties, so two different
/// devices never produce equal stamps and every site picks the same winner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp {
    /// The clock value of the change. Compared first.
    pub hlc: Hlc,
    /// The device that made the change. Breaks ties between equal clocks.
    pub device: DeviceId,
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;

    /// 2026-01-01T00:00:00Z in milliseconds.
    const JAN_2026: u64 = 1_767_225_600_000;
    const HOUR_MS: i64 = 3_600_000;

    fn hlc(millis: u64, counter: u16) -> Hlc {
        Hlc::new(millis, counter).unwrap()
    }

    /// Any valid value below [`Hlc::MAX`], often close to one another so
    /// that equal millis and full counters come up.
    fn any_hlc() -> impl Strategy<Value = Hlc> {
        prop_oneof![
            (0..Hlc::MAX.as_u64()).prop_map(|raw| Hlc::from_u64(raw).unwrap()),
            (
                JAN_2026..JAN_2026 + 3,
                prop_oneof![
                    Just(0),
                    Just(1),
                    Just(u16::MAX - 1),
                    Just(u16::MAX),
                    any::<u16>()
                ],
            )
                .prop_map(|(m, c)| hlc(m, c)),
        ]
    }

    /// A wall clock that wanders around 2026, jumping back and forth by hours.
    fn wall_clocks() -> impl Strategy<Value = Vec<u64>> {
        proptest::collection::vec(
            prop_oneof![Just(0), -2..=2i64, -10 * HOUR_MS..=10 * HOUR_MS],
            1..60,
        )
        .prop_map(|steps| {
            steps
                .iter()
                .scan(JAN_2026, |wall, &step| {
                    *wall = wall.saturating_add_signed(step);
                    Some(*wall)
                })
                .collect()
        })
    }

    #[test]
    fn packs_millis_and_counter() {
        let h = hlc(JAN_2026, 7);
        assert_eq!(h.millis(), JAN_2026);
        assert_eq!(h.counter(), 7);
        assert_eq!(h.as_u64(), (JAN_2026 << 16) | 7);
        assert_eq!(Hlc::MAX.millis(), MAX_MILLIS);
        assert_eq!(Hlc::MAX.counter(), u16::MAX);
    }

    #[test]
    fn refuses_values_that_would_set_bit_63() {
        assert_eq!(
            Hlc::new(MAX_MILLIS + 1, 0),
            Err(HlcError::MillisOutOfRange {
                millis: MAX_MILLIS + 1
            })
        );
        assert!(Hlc::from_u64(1 << 63).is_err());
        assert!(Hlc::from_i64(-1).is_err());
        assert!(serde_json::from_str::<Hlc>(&u64::MAX.to_string()).is_err());
        assert!(Hlc::MAX.as_i64() > 0, "the largest value is a positive i64");
    }

    #[test]
    fn display_is_fixed_width() {
        assert_eq!(Hlc::ZERO.to_string(), "00000000000000000000");
        assert_eq!(hlc(1, 2).to_string(), "00000000000000065538");
        assert_eq!(Hlc::MAX.to_string().len(), 20);
    }

    #[test]
    fn serde_is_a_number() {
        let h = hlc(JAN_2026, 3);
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, h.as_u64().to_string());
        assert_eq!(serde_json::from_str::<Hlc>(&json).unwrap(), h);
    }

    #[test]
    fn now_follows_the_wall_clock_then_counts() {
        let mut clock = HlcClock::new(Hlc::ZERO);
        assert_eq!(clock.now(JAN_2026), hlc(JAN_2026, 0));
        assert_eq!(clock.now(JAN_2026), hlc(JAN_2026, 1));
        assert_eq!(
            clock.now(JAN_2026 - 1000),
            hlc(JAN_2026, 2),
            "wall went back"
        );
        assert_eq!(clock.now(JAN_2026 + 1), hlc(JAN_2026 + 1, 0));
        assert_eq!(clock.last(), hlc(JAN_2026 + 1, 0));
    }

    #[test]
    fn counter_overflow_carries_into_the_millis() {
        let mut clock = HlcClock::new(hlc(JAN_2026, u16::MAX));
        assert_eq!(clock.now(JAN_2026), hlc(JAN_2026 + 1, 0));
        let mut clock = HlcClock::new(Hlc::ZERO);
        let mut previous = clock.now(JAN_2026);
        for _ in 0..70_000 {
            let next = clock.now(JAN_2026);
            assert!(next > previous, "a frozen wall clock must still advance");
            previous = next;
        }
        assert_eq!(previous.millis(), JAN_2026 + 1);
    }

    #[test]
    fn recv_takes_the_largest_of_wall_local_and_remote() {
        let mut clock = HlcClock::new(hlc(JAN_2026, 4));
        assert_eq!(clock.recv(hlc(JAN_2026, 9), JAN_2026), hlc(JAN_2026, 10));
        assert_eq!(clock.recv(hlc(JAN_2026, 2), JAN_2026), hlc(JAN_2026, 11));
        assert_eq!(
            clock.recv(hlc(JAN_2026 + 5, 1), JAN_2026),
            hlc(JAN_2026 + 5, 2)
        );
        assert_eq!(
            clock.recv(hlc(JAN_2026, 0), JAN_2026 + 9),
            hlc(JAN_2026 + 9, 0)
        );
    }

    #[test]
    fn saturates_at_the_end_of_time_without_panicking() {
        let mut clock = HlcClock::new(Hlc::MAX);
        assert_eq!(clock.now(u64::MAX), Hlc::MAX);
        assert_eq!(clock.recv(Hlc::MAX, u64::MAX), Hlc::MAX);
        let mut clock = HlcClock::new(Hlc::ZERO);
        assert_eq!(
            clock.now(u64::MAX),
            hlc(MAX_MILLIS, 0),
            "wall time is clamped"
        );
    }

    #[test]
    fn flags_remote_clocks_more_than_five_minutes_ahead() {
        let five_min = hlc(JAN_2026 + MAX_DRIFT_MS, u16::MAX);
        assert!(
            !is_far_ahead(five_min, JAN_2026),
            "exactly 5 minutes is tolerated"
        );
        assert!(is_far_ahead(hlc(JAN_2026 + MAX_DRIFT_MS + 1, 0), JAN_2026));
        assert!(!is_far_ahead(hlc(JAN_2026 - HOUR_MS as u64, 0), JAN_2026));
        assert!(
            !is_far_ahead(Hlc::MAX, u64::MAX),
            "no overflow near the end"
        );
    }

    #[test]
    fn stamps_break_clock_ties_by_device() {
        let a = DeviceId::from_uuid(Uuid::from_u128(1));
        let b = DeviceId::from_uuid(Uuid::from_u128(2));
        let early = hlc(JAN_2026, 0);
        let late = hlc(JAN_2026, 1);
        assert!(
            Stamp {
                hlc: early,
                device: a
            } < Stamp {
                hlc: early,
                device: b
            }
        );
        assert!(
            Stamp {
                hlc: early,
                device: b
            } < Stamp {
                hlc: late,
                device: a
            },
            "the clock decides before the device"
        );
    }

    proptest! {
        #[test]
        fn now_strictly_increases_whatever_the_wall_clock(walls in wall_clocks()) {
            let mut clock = HlcClock::default();
            let mut previous = clock.last();
            for wall in walls {
                let next = clock.now(wall);
                prop_assert!(next > previous, "{next} after {previous} at wall {wall}");
                prop_assert_eq!(clock.last(), next);
                previous = next;
            }
        }

        #[test]
        fn recv_exceeds_both_local_and_remote(
            last in any_hlc(),
            remote in any_hlc(),
            wall in prop_oneof![any::<u64>(), JAN_2026 - 2..JAN_2026 + 4],
        ) {
            let mut clock = HlcClock::new(last);
            let next = clock.recv(remote, wall);
            prop_assert!(next > last, "{next} must exceed local {last}");
            prop_assert!(next > remote, "{next} must exceed remote {remote}");
            prop_assert_eq!(clock.last(), next);
        }

        #[test]
        fn millis_never_go_back_and_keep_up_with_the_wall(
            walls in wall_clocks(),
            remotes in proptest::collection::vec(proptest::option::of(any_hlc()), 60),
        ) {
            let mut clock = HlcClock::default();
            let mut highest_wall = 0;
            for (wall, remote) in walls.into_iter().zip(remotes) {
                let before = clock.last().millis();
                let next = match remote {
                    Some(remote) => clock.recv(remote, wall),
                    None => clock.now(wall),
                };
                highest_wall = highest_wall.max(wall);
                prop_assert!(next.millis() >= before, "millis went back at wall {wall}");
                prop_assert!(next.millis() >= highest_wall, "fell behind the wall clock");
            }
        }

        #[test]
        fn stamp_order_is_total_and_antisymmetric(
            stamps in proptest::collection::vec((0..3u64, 0..3u128), 3),
        ) {
            let [a, b, c] = [0, 1, 2].map(|i| Stamp {
                hlc: hlc(JAN_2026 + stamps[i].0, 0),
                device: DeviceId::from_uuid(Uuid::from_u128(stamps[i].1)),
            });
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse(), "antisymmetric");
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b, "equal only when identical");
            prop_assert_eq!(a.cmp(&b), (a.hlc, a.device).cmp(&(b.hlc, b.device)));
            if a <= b && b <= c {
                prop_assert!(a <= c, "transitive");
            }
        }

        #[test]
        fn integer_and_text_forms_preserve_order(a in any_hlc(), b in any_hlc()) {
            prop_assert_eq!(Hlc::from_i64(a.as_i64()), Ok(a));
            prop_assert_eq!(Hlc::from_u64(a.as_u64()), Ok(a));
            prop_assert!(a.as_i64() >= 0);
            prop_assert_eq!(a.as_i64().cmp(&b.as_i64()), a.cmp(&b));
            prop_assert_eq!(a.to_string().cmp(&b.to_string()), a.cmp(&b));
            prop_assert_eq!(Hlc::new(a.millis(), a.counter()), Ok(a));
        }
    }
}

//! Shares in basis points. [`Percent`]: a share of an amount, 0 % to
//! 100 %, a line's or an order's discount (a VAT rate is one too, and
//! [`crate::VatRate`] reads and writes itself through it, kept apart so that
//! a discount is never taken for a rate of VAT). [`Ratio`]: what one figure
//! is of another, any size and either sign, as the reports give margins
//! and efficiencies.

use serde::{Deserialize, Serialize};

use crate::money::NBSP;
use crate::{Locale, Money};

/// Basis points in 100 %.
const FULL_BP: u32 = 10_000;

/// A share in basis points: 1250 is 12,5 %.
///
/// Always between 0 and 10 000 (0 % to 100 %), which [`Percent::new`] and
/// deserialisation both check. On the wire and in the database it is the
/// plain number of basis points.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct Percent(u32);

/// A number of basis points is not a share of 0 % to 100 %.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    /// Above 100 %.
    #[error("{bp} basis points is above 100 %: give shares in basis points, 1000 for 10 %")]
    OutOfRange {
        /// The rejected number of basis points.
        bp: u32,
    },
}

impl Percent {
    /// Nothing: no discount.
    pub const ZERO: Self = Self(0);
    /// All of it.
    pub const FULL: Self = Self(FULL_BP);

    /// A share of `bp` basis points; refused above 10 000 (100 %).
    pub const fn new(bp: u32) -> Result<Self, PercentError> {
        if bp <= FULL_BP {
            Ok(Self(bp))
        } else {
            Err(PercentError::OutOfRange { bp })
        }
    }

    /// The share in basis points.
    #[must_use]
    pub const fn bp(self) -> u32 {
        self.0
    }

    /// Whether it is nothing.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// This share of `amount`, rounded to the cent half away from zero
    /// (12,345 → 12,35; −12,345 → −12,35). Formed in 128 bits: at most
    /// 100 %, it is never larger than the amount and cannot overflow.
    #[must_use]
    pub fn of(self, amount: Money) -> Money {
        let product = i128::from(amount.cents()) * i128::from(self.0);
        let half = i128::from(FULL_BP / 2);
        let magnitude = (product.abs() + half) / i128::from(FULL_BP);
        let share = if product < 0 { -magnitude } else { magnitude };
        // |share| <= |amount| fits in i64: the clamp never changes the
        // value, it only makes the conversion total without a panic path.
        let share = share.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        Money::from_cents(i64::try_from(share).unwrap_or_default())
    }

    /// Reads a share typed by a person as a percentage: `10`, `12,5 %`,
    /// `5.5%`, at most two decimals; `None` if it is not one between 0 and
    /// 100.
    pub fn parse(input: &str) -> Option<Self> {
        let text = input.trim().trim_end_matches('%').trim().replace(',', ".");
        let (units, frac) = match text.split_once('.') {
            Some((_, "")) => return None,
            Some(parts) => parts,
            None => (text.as_str(), ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty()
            || units.len() > 3
            || frac.len() > 2
            || !all_digits(units)
            || !all_digits(frac)
        {
            return None;
        }
        let units: u32 = units.parse().ok()?;
        let frac: u32 = format!("{frac:0<2}").parse().ok()?;
        Self::new(units * 100 + frac).ok()
    }

    /// The share as a person reads it, as the browser's `Intl.NumberFormat`
    /// writes percentages: `20 %`, `5,5 %` (no-break space) in French and
    /// `20%`, `5.5%` in English. No trailing zeros.
    #[must_use]
    pub fn format(&self, locale: Locale) -> String {
        let (units, hundredths) = (self.0 / 100, self.0 % 100);
        let decimal = match locale {
            Locale::Fr => ',',
            Locale::En => '.',
        };
        let number = if hundredths == 0 {
            units.to_string()
        } else if hundredths.is_multiple_of(10) {
            format!("{units}{decimal}{}", hundredths / 10)
        } else {
            format!("{units}{decimal}{hundredths:02}")
        };
        match locale {
            Locale::Fr => format!("{number}{NBSP}%"),
            Locale::En => format!("{number}%"),
        }
    }
}

impl TryFrom<u32> for Percent {
    type Error = PercentError;

    fn try_from(bp: u32) -> Result<Self, Self::Error> {
        Self::new(bp)
    }
}

impl From<Percent> for u32 {
    fn from(p: Percent) -> Self {
        p.0
    }
}

/// What one figure is of another, in basis points: 11 667 is 116,67 %. A
/// report's margin or a mechanic's efficiency: above 100 % and below zero
/// are figures like any other. On the wire, the plain number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ratio(i64);

impl Ratio {
    /// `part` of `whole`, rounded to the basis point half away from zero;
    /// `None` when `whole` is zero (no ratio to give).
    #[must_use]
    pub fn of(part: i64, whole: i64) -> Option<Ratio> {
        if whole == 0 {
            return None;
        }
        let product = i128::from(part) * i128::from(FULL_BP);
        let w = i128::from(whole);
        let magnitude = (product.abs() * 2 + w.abs()) / (w.abs() * 2);
        let q = if (product < 0) != (w < 0) {
            -magnitude
        } else {
            magnitude
        };
        Some(Ratio(
            i64::try_from(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX))).unwrap_or_default(),
        ))
    }

    /// A ratio of `bp` basis points.
    #[must_use]
    pub const fn from_bp(bp: i64) -> Ratio {
        Ratio(bp)
    }

    /// The ratio in basis points.
    #[must_use]
    pub const fn bp(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_as_people_type_them() {
        for (text, bp) in [
            ("10", 1000),
            ("12,5 %", 1250),
            ("5.5%", 550),
            ("2,10", 210),
            ("0", 0),
            ("100", 10_000),
        ] {
            assert_eq!(Percent::parse(text), Some(Percent(bp)), "{text}");
        }
        for text in ["", "%", "abc", "-5", "100,01", "5,555", "1e2", "10,"] {
            assert_eq!(Percent::parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_share_of_an_amount_rounds_half_away_from_zero() {
        let of = |bp, cents| Percent(bp).of(Money::from_cents(cents)).cents();
        assert_eq!(of(1000, 12_345), 1235, "10 % of 123,45 €: 12,345 → 12,35");
        assert_eq!(of(1000, -12_345), -1235);
        assert_eq!(of(1250, 8), 1, "12,5 % of 0,08 € is 0,01 €");
        assert_eq!(of(10_000, 4_990), 4_990);
        assert_eq!(of(0, 4_990), 0);
    }

    #[test]
    fn more_than_all_is_refused_on_the_wire_too() {
        assert_eq!(
            Percent::new(10_001),
            Err(PercentError::OutOfRange { bp: 10_001 })
        );
        assert!(serde_json::from_str::<Percent>("10001").is_err());
        assert_eq!(
            serde_json::from_str::<Percent>("1250").unwrap(),
            Percent(1250)
        );
        assert_eq!(serde_json::to_string(&Percent(1250)).unwrap(), "1250");
    }

    #[test]
    fn a_ratio_is_rounded_to_the_basis_point_and_has_no_bounds() {
        assert_eq!(Ratio::of(7, 6).map(Ratio::bp), Some(11_667), "116,67 %");
        assert_eq!(Ratio::of(-1, 3).map(Ratio::bp), Some(-3_333));
        assert_eq!(Ratio::of(1, -8).map(Ratio::bp), Some(-1_250));
        assert_eq!(Ratio::of(5, 0), None);
        assert_eq!(
            serde_json::to_string(&Ratio::from_bp(-250)).unwrap(),
            "-250"
        );
    }

    proptest! {
        #[test]
        fn what_format_writes_parses_back(bp in 0u32..=10_000) {
            for locale in [Locale::Fr, Locale::En] {
                let p = Percent(bp);
                prop_assert_eq!(Percent::parse(&p.format(locale).replace(NBSP, " ")), Some(p));
            }
        }

        #[test]
        fn a_share_is_never_more_than_the_amount(bp in 0u32..=10_000, cents in -10_000_000_000i64..10_000_000_000) {
            let share = Percent(bp).of(Money::from_cents(cents)).cents();
            prop_assert!(share.abs() <= cents.abs());
        }
    }
}

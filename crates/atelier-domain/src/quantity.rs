//! Quantities, hours and measures in whole thousandths.
//!
//! `1500` is 1,5 (hours of labour, litres of oil, units of a part), so no
//! float ever comes near an amount: what a line costs is the quantity times
//! its unit price, rounded once, to the cent ([`Quantity::times`]).

use serde::{Deserialize, Serialize};

use crate::money::{NARROW_NBSP, group_thousands};
use crate::{Locale, Money};

/// A quantity, an hour count or a measure as whole thousandths.
///
/// What a person types is read by [`Quantity::parse`], which refuses
/// negatives and values above [`Quantity::MAX`]; a quantity computed from
/// others (a stock correction, a difference counted) may be negative. On
/// the wire and in the database it is the plain number of thousandths.
///
/// Like [`Money`] it does not implement `Add`, `Sub` or `Sum`: a total or
/// a difference says how it overflows ([`Quantity::saturating_add`],
/// [`Quantity::saturating_sub`], [`Quantity::saturating_sum`]).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Quantity(i64);

/// Why text typed as a quantity was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// A minus sign before a number: told apart, so the message can say
    /// what to fix.
    #[error("a quantity cannot be negative")]
    Negative,
    /// Not a number with at most three decimals, or above
    /// [`Quantity::MAX`].
    #[error("not a quantity: digits with at most three decimals, up to a million")]
    Invalid,
}

impl Quantity {
    /// Nothing.
    pub const ZERO: Quantity = Quantity(0);
    /// One unit, one hour.
    pub const ONE: Quantity = Quantity(1000);
    /// The largest quantity, hour count or measure a person may type: a
    /// million units.
    pub const MAX: Quantity = Quantity(1_000_000_000);

    /// The quantity of `milli` thousandths.
    #[must_use]
    pub const fn from_milli(milli: i64) -> Self {
        Self(milli)
    }

    /// The number of thousandths.
    #[must_use]
    pub const fn milli(self) -> i64 {
        self.0
    }

    /// `self + other`, held at the bounds of `i64` rather than wrapping.
    #[must_use]
    pub const fn saturating_add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }

    /// `self - other`, held at the bounds of `i64` rather than wrapping.
    #[must_use]
    pub const fn saturating_sub(self, other: Self) -> Self {
        Self(self.0.saturating_sub(other.0))
    }

    /// The total of `quantities`, held at the bounds of `i64` rather than
    /// wrapping. Adds in 128 bits, so a total that fits is exact even when
    /// a running subtotal would not have.
    pub fn saturating_sum(quantities: impl IntoIterator<Item = Self>) -> Self {
        let total = quantities
            .into_iter()
            .fold(0i128, |acc, q| acc.saturating_add(i128::from(q.0)));
        let total = total.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        Self(i64::try_from(total).unwrap_or_default())
    }

    /// Reads a quantity typed by a person ("1,5", "0.75", "2", "1 000").
    ///
    /// A comma or a point is the decimal separator whatever the language
    /// (nobody groups thousands of hours with a comma); spaces, ordinary or
    /// no-break, group digits. At most three decimals and ten digits before
    /// them.
    pub fn parse(text: &str) -> Result<Self, QuantityError> {
        let compact: String = text
            .trim()
            .chars()
            .filter(|&c| !matches!(c, ' ' | '\u{a0}' | NARROW_NBSP))
            .collect();
        if compact.starts_with('-') && compact.len() > 1 {
            return Err(QuantityError::Negative);
        }
        let (units, frac) = compact
            .split_once([',', '.'])
            .unwrap_or((compact.as_str(), ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (units.is_empty() && frac.is_empty())
            || !digits(units)
            || !digits(frac)
            || frac.len() > 3
            || units.len() > 10
        {
            return Err(QuantityError::Invalid);
        }
        let units: i64 = if units.is_empty() {
            0
        } else {
            units.parse().map_err(|_| QuantityError::Invalid)?
        };
        let frac: i64 = format!("{frac:0<3}")
            .parse()
            .map_err(|_| QuantityError::Invalid)?;
        let milli = units
            .checked_mul(1000)
            .and_then(|u| u.checked_add(frac))
            .ok_or(QuantityError::Invalid)?;
        if milli > Self::MAX.0 {
            return Err(QuantityError::Invalid);
        }
        Ok(Self(milli))
    }

    /// The quantity as people read it: "1,5" in French, "1.5" in English,
    /// thousands grouped as in amounts, no trailing zeros. Everything it
    /// writes, [`Quantity::parse`] reads back (negatives aside).
    #[must_use]
    pub fn format(&self, locale: Locale) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (units, frac) = (abs / 1000, abs % 1000);
        let (group, decimal) = match locale {
            Locale::Fr => (NARROW_NBSP, ','),
            Locale::En => (',', '.'),
        };
        let units = group_thousands(units, group);
        if frac == 0 {
            return format!("{sign}{units}");
        }
        let frac = format!("{frac:03}");
        format!("{sign}{units}{decimal}{}", frac.trim_end_matches('0'))
    }

    /// What this quantity of something at `unit` each costs, rounded half
    /// away from zero to the cent, once; saturates at the bounds of
    /// [`Money`] rather than wrapping.
    #[must_use]
    pub fn times(self, unit: Money) -> Money {
        let product = i128::from(self.0) * i128::from(unit.cents());
        let magnitude = (product.abs() * 2 + 1000) / 2000;
        let cents = if product < 0 { -magnitude } else { magnitude };
        let cents = cents.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
        Money::from_cents(i64::try_from(cents).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quantities_read_as_people_type_them() {
        for (text, milli) in [
            ("1,5", 1500),
            ("0.75", 750),
            ("2", 2000),
            (" 1 000,125 ", 1_000_125),
            ("1\u{202f}000", 1_000_000),
            (",5", 500),
            ("3.", 3000),
            ("0", 0),
            ("1000000", 1_000_000_000),
        ] {
            assert_eq!(Quantity::parse(text), Ok(Quantity(milli)), "{text}");
        }
        for text in [
            "",
            "-",
            "abc",
            "1,2,3",
            "1,2345",
            "1e3",
            "+1",
            "99999999999",
            "1000000,001",
        ] {
            assert_eq!(Quantity::parse(text), Err(QuantityError::Invalid), "{text}");
        }
        assert_eq!(Quantity::parse("-1,5"), Err(QuantityError::Negative));
    }

    #[test]
    fn a_quantity_reads_as_people_write_it() {
        assert_eq!(Quantity(1500).format(Locale::Fr), "1,5");
        assert_eq!(Quantity(1250).format(Locale::En), "1.25");
        assert_eq!(Quantity(2000).format(Locale::Fr), "2");
        assert_eq!(Quantity(1_234_567).format(Locale::Fr), "1\u{202f}234,567");
        assert_eq!(Quantity(1_234_567).format(Locale::En), "1,234.567");
        assert_eq!(Quantity(-250).format(Locale::Fr), "-0,25");
    }

    #[test]
    fn a_price_is_rounded_to_the_cent_once_half_away_from_zero() {
        // 1,5 h at 65,00 € = 97,50 €.
        assert_eq!(Quantity(1500).times(Money::from_cents(6500)).cents(), 9750);
        // 0,333 × 10,00 € = 3,33 €; 3,335 × 1,00 € = 3,34 € (half up).
        assert_eq!(Quantity(333).times(Money::from_cents(1000)).cents(), 333);
        assert_eq!(Quantity(3335).times(Money::from_cents(100)).cents(), 334);
        assert_eq!(Quantity(-3335).times(Money::from_cents(100)).cents(), -334);
        assert_eq!(
            Quantity(i64::MAX)
                .times(Money::from_cents(i64::MAX))
                .cents(),
            i64::MAX,
            "saturates"
        );
    }

    #[test]
    fn totals_and_differences_hold_at_the_bounds() {
        let q = [Quantity(1500), Quantity(250), Quantity(-750)];
        assert_eq!(Quantity::saturating_sum(q), Quantity(1000));
        assert_eq!(Quantity::saturating_sum([]), Quantity::ZERO);
        assert_eq!(
            Quantity::saturating_sum([Quantity(i64::MAX), Quantity::ONE]),
            Quantity(i64::MAX),
            "saturates"
        );
        assert_eq!(
            Quantity::saturating_sum([Quantity(i64::MAX), Quantity::ONE, Quantity(-2000)]),
            Quantity(i64::MAX - 1000),
            "exact when the total fits"
        );
        assert_eq!(Quantity(500).saturating_add(Quantity(1500)), Quantity(2000));
        assert_eq!(
            Quantity(500).saturating_sub(Quantity(1500)),
            Quantity(-1000)
        );
        assert_eq!(
            Quantity(i64::MIN).saturating_sub(Quantity::ONE),
            Quantity(i64::MIN),
            "saturates"
        );
    }

    #[test]
    fn serde_is_the_number_of_thousandths() {
        assert_eq!(serde_json::to_string(&Quantity(1500)).unwrap(), "1500");
        let back: Quantity = serde_json::from_str("750").unwrap();
        assert_eq!(back, Quantity(750));
    }

    proptest! {
        #[test]
        fn what_format_writes_parse_reads_back(milli in 0..=Quantity::MAX.0, fr in any::<bool>()) {
            let locale = if fr { Locale::Fr } else { Locale::En };
            let text = Quantity(milli).format(locale);
            // English groups thousands with a comma, which reads as a
            // decimal separator: only French round-trips above 999.
            if fr || milli < 1_000_000 {
                prop_assert_eq!(Quantity::parse(&text), Ok(Quantity(milli)), "{}", text);
            }
        }
    }
}

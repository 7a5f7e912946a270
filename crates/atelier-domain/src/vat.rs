//! VAT rates (TVA) in basis points.

use serde::{Deserialize, Serialize};

use crate::{Locale, Money, Percent};

/// Basis points in 100 %.
const FULL_BP: u32 = 10_000;

/// A VAT rate in basis points of the net amount: 2000 is 20 %.
///
/// Always between 0 and 10 000 (0 % to 100 %), which [`VatRate::new`] and
/// deserialisation both check. On the wire it is the plain number of basis
/// points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct VatRate(u32);

/// A number of basis points is not a VAT rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VatError {
    /// The rate is above 100 %.
    #[error(
        "a VAT rate of {bp} basis points is above 100 %: give rates in basis \
         points, 2000 for 20 %"
    )]
    OutOfRange {
        /// The rejected number of basis points.
        bp: u32,
    },
}

impl VatRate {
    /// The French standard rate, 20 %.
    pub const STANDARD: Self = Self(2000);
    /// The French intermediate rate, 10 % (e.g. some work on homes).
    pub const INTERMEDIATE: Self = Self(1000);
    /// The French reduced rate, 5.5 %.
    pub const REDUCED: Self = Self(550);
    /// The French super-reduced rate, 2.1 %.
    pub const SUPER_REDUCED: Self = Self(210);
    /// No VAT (exempt or zero-rated supplies).
    pub const ZERO: Self = Self(0);

    /// A rate of `bp` basis points; refused above 10 000 (100 %).
    pub const fn new(bp: u32) -> Result<Self, VatError> {
        if bp <= FULL_BP {
            Ok(Self(bp))
        } else {
            Err(VatError::OutOfRange { bp })
        }
    }

    /// The rate in basis points.
    #[must_use]
    pub const fn bp(self) -> u32 {
        self.0
    }

    /// The VAT due on a net (HT) amount, rounded to the cent, half away from
    /// zero (12,345 → 12,35; −12,345 → −12,35).
    ///
    /// It cannot overflow: the product is formed in 128 bits, and since the
    /// rate is at most 100 % the tax is never larger than the net amount.
    #[must_use]
    pub fn tax_on(&self, net: Money) -> Money {
        self.share().of(net)
    }

    /// Reads a rate typed by a person as a percentage: `20`, `20 %`, `5,5`,
    /// `5.5%`, at most two decimals; `None` if it is not one between 0 and 100.
    pub fn parse_percent(input: &str) -> Option<Self> {
        Percent::parse(input).map(|p| Self(p.bp()))
    }

    /// The rate as a person reads it, as the browser's `Intl.NumberFormat`
    /// writes percentages: `20 %`, `5,5 %` (no-break space) in French and
    /// `20%`, `5.5%` in English. No trailing zeros.
    #[must_use]
    pub fn format(&self, locale: Locale) -> String {
        self.share().format(locale)
    }

    /// The rate as a share of the net amount.
    fn share(self) -> Percent {
        // Both hold 0 to 10 000 basis points.
        Percent::new(self.0).unwrap_or(Percent::FULL)
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use crate::money::NBSP;

    #[test]
    fn percentages_as_people_type_them() {
        for (text, bp) in [
            ("20", 2000),
            ("20 %", 2000),
            ("5,5", 550),
            ("5.5%", 550),
            ("2,10", 210),
            ("0", 0),
            ("100", 10_000),
        ] {
            assert_eq!(VatRate::parse_percent(text), Some(VatRate(bp)), "{text}");
        }
        for text in ["", "%", "abc", "-5", "100,01", "5,555", "1e2", "20,"] {
            assert_eq!(VatRate::parse_percent(text), None, "{text}");
        }
    }

    #[test]
    fn what_format_writes_parses_back() {
        for bp in [0, 210, 550, 1000, 2000, 10_000] {
            let rate = VatRate(bp);
            for locale in [Locale::Fr, Locale::En] {
                assert_eq!(
                    VatRate::parse_percent(&rate.format(locale).replace(NBSP, " ")),
                    Some(rate)
                );
            }
        }
    }
}

impl TryFrom<u32> for VatRate {
    type Error = VatError;

    fn try_from(bp: u32) -> Result<Self, Self::Error> {
        Self::new(bp)
    }
}

impl From<VatRate> for u32 {
    fn from(rate: VatRate) -> Self {
        rate.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tax(rate: VatRate, cents: i64) -> i64 {
        rate.tax_on(Money::from_cents(cents)).cents()
    }

    #[test]
    fn new_accepts_zero_to_one_hundred_percent() {
        assert_eq!(VatRate::new(0), Ok(VatRate::ZERO));
        assert_eq!(VatRate::new(2000), Ok(VatRate::STANDARD));
        assert_eq!(VatRate::new(10_000).map(VatRate::bp), Ok(10_000));
        assert_eq!(
            VatRate::new(10_001),
            Err(VatError::OutOfRange { bp: 10_001 })
        );
    }

    #[test]
    fn tax_rounds_half_away_from_zero() {
        assert_eq!(tax(VatRate::STANDARD, 10_000), 2000, "20 % of 100 €");
        assert_eq!(tax(VatRate::REDUCED, 1000), 55, "5.5 % of 10 €");
        // 5.5 % of 0.09 € is 0.495 cent: below half, rounds to 0.
        assert_eq!(tax(VatRate::REDUCED, 9), 0);
        // 5.5 % of 0.10 € is 0.55 cent: rounds to 1.
        assert_eq!(tax(VatRate::REDUCED, 10), 1);
        // 10 % of 0.05 € is exactly half a cent: away from zero, both signs.
        assert_eq!(tax(VatRate::INTERMEDIATE, 5), 1);
        assert_eq!(tax(VatRate::INTERMEDIATE, -5), -1);
        assert_eq!(tax(VatRate::INTERMEDIATE, 4), 0);
        assert_eq!(tax(VatRate::ZERO, 123_456), 0);
    }

    #[test]
    fn tax_on_extremes_does_not_overflow() {
        let full = VatRate::new(10_000).unwrap();
        assert_eq!(tax(full, i64::MIN), i64::MIN);
        assert_eq!(tax(full, i64::MAX), i64::MAX);
        // 20 % of 92 233 720 368 547 758,07 € is …161,4 cents: rounds down.
        assert_eq!(tax(VatRate::STANDARD, i64::MAX), 1_844_674_407_370_955_161);
    }

    #[test]
    fn formats_like_intl_number_format() {
        assert_eq!(VatRate::STANDARD.format(Locale::Fr), "20\u{A0}%");
        assert_eq!(VatRate::REDUCED.format(Locale::Fr), "5,5\u{A0}%");
        assert_eq!(VatRate::SUPER_REDUCED.format(Locale::Fr), "2,1\u{A0}%");
        assert_eq!(VatRate::STANDARD.format(Locale::En), "20%");
        assert_eq!(VatRate::REDUCED.format(Locale::En), "5.5%");
        assert_eq!(VatRate::ZERO.format(Locale::En), "0%");
        let odd = VatRate::new(1234).unwrap();
        assert_eq!(odd.format(Locale::Fr), "12,34\u{A0}%");
        assert_eq!(VatRate::new(5).unwrap().format(Locale::En), "0.05%");
    }

    #[test]
    fn serde_is_basis_points_and_checks_the_range() {
        assert_eq!(serde_json::to_string(&VatRate::REDUCED).unwrap(), "550");
        let back: VatRate = serde_json::from_str("2000").unwrap();
        assert_eq!(back, VatRate::STANDARD);
        assert!(serde_json::from_str::<VatRate>("10001").is_err());
    }

    proptest! {
        #[test]
        fn tax_matches_exact_rounding_and_never_exceeds_net(
            cents in any::<i64>(),
            bp in 0u32..=10_000,
        ) {
            let rate = VatRate::new(bp).unwrap();
            let got = i128::from(tax(rate, cents));
            let exact_times_ten_thousand = i128::from(cents) * i128::from(bp);
            // |got * 10000 - exact| <= 5000, and ties go away from zero.
            let diff = got * 10_000 - exact_times_ten_thousand;
            prop_assert!(diff.abs() <= 5000, "rounded to the nearest cent");
            if diff.abs() == 5000 {
                prop_assert_eq!(diff.signum(), exact_times_ten_thousand.signum(), "tie away from zero");
            }
            prop_assert!(got.abs() <= i128::from(cents).abs(), "tax never exceeds net");
        }
    }
}

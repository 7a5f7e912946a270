//! Amounts of money in euro cents.
//!
//! No floats: an amount is a whole number of cents, and every operation that
//! could overflow says so in its return type.

use serde::{Deserialize, Serialize};

use crate::Locale;

/// Separates thousands in French amounts, as CLDR and the browser's `Intl` do.
pub(crate) const NARROW_NBSP: char = '\u{202F}';
/// Sits between a French amount and its unit (`€`, `%`).
pub(crate) const NBSP: char = '\u{A0}';

/// An amount of money as a whole number of euro cents; it may be negative
/// (credit notes, refunds, stock corrections).
///
/// It deliberately does not implement `Add` or `Sum`: overflow must be
/// handled where it can happen, through the `checked_*` methods.
/// On the wire and in the database it is the plain number of cents.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Text typed by a person could not be read as an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    /// Nothing but spaces was entered.
    #[error("no amount was entered: type an amount such as 12.50")]
    Empty,
    /// The text is not digits with optional grouping, sign, decimals and `€`.
    #[error(
        "{input:?} is not an amount: type digits with at most one decimal \
         separator, such as 1234.56"
    )]
    Invalid {
        /// The text as entered.
        input: String,
    },
    /// More than two digits follow the decimal separator.
    #[error("{input:?} has more than two decimals: amounts are counted in cents, such as 12.34")]
    TooManyDecimals {
        /// The text as entered.
        input: String,
    },
    /// The amount does not fit in 64 bits of cents.
    #[error("{input:?} is too large for an amount")]
    Overflow {
        /// The text as entered.
        input: String,
    },
}

impl Money {
    /// Zero euros.
    pub const ZERO: Self = Self(0);

    /// An amount of `cents` hundredths of a euro.
    #[must_use]
    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    /// The amount in cents.
    #[must_use]
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// `self + other`, or `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.0.checked_add(other.0) {
            Some(c) => Some(Self(c)),
            None => None,
        }
    }

    /// `self - other`, or `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, other: Self) -> Option<Self> {
        match self.0.checked_sub(other.0) {
            Some(c) => Some(Self(c)),
            None => None,
        }
    }

    /// `-self`, or `None` for the one amount with no opposite (`i64::MIN` cents).
    #[must_use]
    pub const fn checked_neg(self) -> Option<Self> {
        match self.0.checked_neg() {
            Some(c) => Some(Self(c)),
            None => None,
        }
    }

    /// `self` times a whole count (e.g. 3 identical parts), or `None` on overflow.
    #[must_use]
    pub const fn checked_mul(self, count: i64) -> Option<Self> {
        match self.0.checked_mul(count) {
            Some(c) => Some(Self(c)),
            None => None,
        }
    }

    /// Whether the amount is below zero.
    #[must_use]
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The total of `amounts`, or `None` if the total does not fit.
    ///
    /// Adds in 128 bits, so a total that fits is returned even when a running
    /// subtotal would not have.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Self>) -> Option<Self> {
        let total = amounts
            .into_iter()
            .try_fold(0i128, |acc, m| acc.checked_add(i128::from(m.0)))?;
        i64::try_from(total).ok().map(Self)
    }

    /// The amount as a person reads it: `1 234,56 €` in French (narrow
    /// no-break space between thousands, no-break space before `€`) and
    /// `€1,234.56` in English, exactly as the browser's `Intl.NumberFormat`
    /// writes euros, so the UI and printed documents agree.
    #[must_use]
    pub fn format(&self, locale: Locale) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        match locale {
            Locale::Fr => format!(
                "{sign}{},{cents:02}{NBSP}€",
                group_thousands(units, NARROW_NBSP)
            ),
            Locale::En => format!("{sign}€{}.{cents:02}", group_thousands(units, ',')),
        }
    }

    /// Reads an amount typed by a person.
    ///
    /// Accepts digits with at most one decimal separator followed by one or
    /// two digits; an optional leading `-`; an optional `€` before or after.
    /// In French the decimal separator is `,` or `.` and thousands are grouped
    /// by spaces (ordinary, no-break or narrow no-break). In English the
    /// decimal separator is `.` and thousands are grouped by `,` or spaces.
    /// Groups after the first must have exactly three digits, so `12,5` in
    /// English is refused rather than read as 125. Everything
    /// [`Money::format`] writes is accepted back.
    pub fn parse(input: &str, locale: Locale) -> Result<Self, MoneyParseError> {
        let invalid = || MoneyParseError::Invalid {
            input: input.to_owned(),
        };
        let overflow = || MoneyParseError::Overflow {
            input: input.to_owned(),
        };
        let text = input.trim();
        if text.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (negative, body) = strip_sign_and_euro(text);

        let is_decimal = |c: char| c == '.' || (locale == Locale::Fr && c == ',');
        let is_group = |c: char| {
            c == ' ' || c == NBSP || c == NARROW_NBSP || (locale == Locale::En && c == ',')
        };

        let (int_part, frac_part) = match body.split_once(is_decimal) {
            Some((_, frac)) if frac.contains(is_decimal) => return Err(invalid()),
            Some((int, frac)) => (int, Some(frac)),
            None => (body, None),
        };

        let grouped = int_part.contains(is_group);
        let mut units: u128 = 0;
        for (i, group) in int_part.split(is_group).enumerate() {
            let well_sized = match (grouped, i) {
                (false, _) => true,
                (true, 0) => group.len() <= 3,
                (true, _) => group.len() == 3,
            };
            if !all_digits(group) || !well_sized {
                return Err(invalid());
            }
            for digit in group.bytes() {
                units = units
                    .checked_mul(10)
                    .and_then(|u| u.checked_add(u128::from(digit - b'0')))
                    .ok_or_else(overflow)?;
            }
        }

        let cents = match frac_part {
            None => 0,
            Some(frac) if !all_digits(frac) => return Err(invalid()),
            Some(frac) if frac.len() > 2 => {
                return Err(MoneyParseError::TooManyDecimals {
                    input: input.to_owned(),
                });
            }
            Some(frac) => {
                let value: u128 = frac
                    .bytes()
                    .fold(0, |acc, d| acc * 10 + u128::from(d - b'0'));
                if frac.len() == 1 { value * 10 } else { value }
            }
        };

        let magnitude = units
            .checked_mul(100)
            .and_then(|u| u.checked_add(cents))
            .and_then(|u| i128::try_from(u).ok())
            .ok_or_else(overflow)?;
        let signed = if negative { -magnitude } else { magnitude };
        i64::try_from(signed).map(Self).map_err(|_| overflow())
    }
}

/// Whether `s` is one or more ASCII digits.
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Removes a leading `-` and one `€` placed before (either side of the sign)
/// or after the number. Returns whether the amount is negative and the rest.
fn strip_sign_and_euro(text: &str) -> (bool, &str) {
    let mut rest = text;
    let mut negative = false;
    let mut euro = false;
    loop {
        if !negative && let Some(r) = rest.strip_prefix('-') {
            negative = true;
            rest = r;
        } else if !euro && let Some(r) = rest.strip_prefix('€') {
            euro = true;
            rest = r.trim_start();
        } else {
            break;
        }
    }
    if !euro && let Some(r) = rest.strip_suffix('€') {
        rest = r.trim_end();
    }
    (negative, rest)
}

/// Writes `n` with `separator` between each group of three digits.
pub(crate) fn group_thousands(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fr(s: &str) -> Result<Money, MoneyParseError> {
        Money::parse(s, Locale::Fr)
    }

    fn en(s: &str) -> Result<Money, MoneyParseError> {
        Money::parse(s, Locale::En)
    }

    #[test]
    fn formats_like_intl_number_format() {
        let m = Money::from_cents(123_456);
        assert_eq!(m.format(Locale::Fr), "1\u{202F}234,56\u{A0}€");
        assert_eq!(m.format(Locale::En), "€1,234.56");
        let n = Money::from_cents(-123_456);
        assert_eq!(n.format(Locale::Fr), "-1\u{202F}234,56\u{A0}€");
        assert_eq!(n.format(Locale::En), "-€1,234.56");
        assert_eq!(Money::from_cents(5).format(Locale::Fr), "0,05\u{A0}€");
        assert_eq!(Money::ZERO.format(Locale::En), "€0.00");
        assert_eq!(
            Money::from_cents(100_000_000).format(Locale::En),
            "€1,000,000.00"
        );
    }

    #[test]
    fn extremes_format_without_panicking() {
        assert_eq!(
            Money::from_cents(i64::MIN).format(Locale::En),
            "-€92,233,720,368,547,758.08"
        );
        assert_eq!(
            Money::from_cents(i64::MAX).format(Locale::En),
            "€92,233,720,368,547,758.07"
        );
        assert!(
            Money::from_cents(i64::MIN)
                .format(Locale::Fr)
                .starts_with("-92\u{202F}233")
        );
    }

    #[test]
    fn parses_what_people_type_in_french() {
        let cases = [
            ("1234", 123_400),
            ("1234,5", 123_450),
            ("1234.56", 123_456),
            ("1 234,56", 123_456),
            ("1\u{A0}234,56 €", 123_456),
            ("1\u{202F}234,56\u{A0}€", 123_456),
            ("€12", 1200),
            ("-12,30", -1230),
            ("  0,07  ", 7),
            ("1 000 000", 100_000_000),
        ];
        for (text, cents) in cases {
            assert_eq!(fr(text), Ok(Money::from_cents(cents)), "{text:?}");
        }
    }

    #[test]
    fn parses_what_people_type_in_english() {
        let cases = [
            ("1234", 123_400),
            ("1234.5", 123_450),
            ("1,234.56", 123_456),
            ("€1,234.56", 123_456),
            ("-€1,234.56", -123_456),
            ("€-3.10", -310),
            ("12 €", 1200),
        ];
        for (text, cents) in cases {
            assert_eq!(en(text), Ok(Money::from_cents(cents)), "{text:?}");
        }
    }

    #[test]
    fn refuses_ambiguous_or_malformed_text() {
        assert_eq!(fr("   "), Err(MoneyParseError::Empty));
        for text in [
            "1.234,56", "12,", ",5", "1 23", "12 3456", "abc", "--1", "1-", "€€1", "1€€", "1e3",
            "+1", "12,5,0", "1  234", "12 12",
        ] {
            assert!(
                matches!(fr(text), Err(MoneyParseError::Invalid { .. })),
                "{text:?} is not an unambiguous French amount: {:?}",
                fr(text)
            );
        }
        assert!(
            matches!(en("12,5"), Err(MoneyParseError::Invalid { .. })),
            "a comma is not a decimal separator in English"
        );
        assert!(matches!(
            en("1,234,56"),
            Err(MoneyParseError::Invalid { .. })
        ));
        assert!(matches!(
            fr("1,234"),
            Err(MoneyParseError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            en("1.234"),
            Err(MoneyParseError::TooManyDecimals { .. })
        ));
    }

    #[test]
    fn refuses_amounts_that_do_not_fit() {
        assert!(matches!(
            fr("92233720368547758,08"),
            Err(MoneyParseError::Overflow { .. })
        ));
        assert_eq!(fr("-92233720368547758,08"), Ok(Money::from_cents(i64::MIN)));
        assert!(matches!(
            fr(&"9".repeat(60)),
            Err(MoneyParseError::Overflow { .. })
        ));
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        let max = Money::from_cents(i64::MAX);
        let one = Money::from_cents(1);
        assert_eq!(max.checked_add(one), None);
        assert_eq!(Money::from_cents(i64::MIN).checked_sub(one), None);
        assert_eq!(Money::from_cents(i64::MIN).checked_neg(), None);
        assert_eq!(max.checked_mul(2), None);
        assert_eq!(one.checked_mul(3), Some(Money::from_cents(3)));
        assert_eq!(one.checked_neg(), Some(Money::from_cents(-1)));
        assert!(Money::from_cents(-1).is_negative());
        assert!(!Money::ZERO.is_negative());
    }

    #[test]
    fn checked_sum_tolerates_an_overflowing_subtotal() {
        let max = Money::from_cents(i64::MAX);
        let amounts = [max, Money::from_cents(1), Money::from_cents(-1)];
        assert_eq!(Money::checked_sum(amounts), Some(max));
        assert_eq!(Money::checked_sum([max, max]), None);
        assert_eq!(Money::checked_sum([]), Some(Money::ZERO));
    }

    #[test]
    fn serde_is_the_number_of_cents() {
        assert_eq!(
            serde_json::to_string(&Money::from_cents(-1250)).unwrap(),
            "-1250"
        );
        let back: Money = serde_json::from_str("1250").unwrap();
        assert_eq!(back, Money::from_cents(1250));
    }

    proptest! {
        #[test]
        fn parse_reads_back_what_format_writes(cents in any::<i64>()) {
            let m = Money::from_cents(cents);
            for locale in [Locale::Fr, Locale::En] {
                prop_assert_eq!(Money::parse(&m.format(locale), locale), Ok(m));
            }
        }

        #[test]
        fn checked_sum_equals_the_exact_sum_when_it_fits(
            cents in proptest::collection::vec(any::<i64>(), 0..8),
        ) {
            let exact: i128 = cents.iter().map(|&c| i128::from(c)).sum();
            let sum = Money::checked_sum(cents.iter().copied().map(Money::from_cents));
            prop_assert_eq!(sum, i64::try_from(exact).ok().map(Money::from_cents));
        }

        #[test]
        fn checked_add_matches_exact_arithmetic(a in any::<i64>(), b in any::<i64>()) {
            let exact = i128::from(a) + i128::from(b);
            let got = Money::from_cents(a).checked_add(Money::from_cents(b));
            prop_assert_eq!(got, i64::try_from(exact).ok().map(Money::from_cents));
        }
    }
}

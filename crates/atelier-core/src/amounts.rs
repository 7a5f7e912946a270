//! Quantities and hours as people type them, and what one line costs.
//!
//! Quantities, hours and measures are integer thousandths (`1500` is 1,5),
//! atelier-domain's [`Quantity`], so no float ever comes near an amount: a
//! line's price is [`Quantity::times`] its unit price, rounded once, to the
//! cent. This module says which field a refusal names, for the forms.

use atelier_domain::{Locale, Money, Percent, Quantity, QuantityError, VatRate};
use serde::{Deserialize, Serialize};

use crate::validation::{Field, Invalid, Problem};

/// The largest quantity, hour count or measure accepted: a million units.
pub const MILLI_MAX: i64 = Quantity::MAX.milli();
/// The largest unit price or flat price accepted on a line: 10 million euros.
pub const PRICE_MAX: Money = Money::from_cents(1_000_000_000);

/// Reads a quantity typed by a person ("1,5", "0.75", "2", "1 000")
/// ([`Quantity::parse`]); a refusal names `field`, and tells a negative
/// apart so the message says what to fix.
pub fn parse_quantity(text: &str, field: Field) -> Result<Quantity, Invalid> {
    Quantity::parse(text).map_err(|e| match e {
        QuantityError::Negative => Invalid::new(field, Problem::Negative),
        QuantityError::Invalid => Invalid::new(field, Problem::Quantity),
    })
}

/// [`parse_quantity`] as a number of thousandths.
pub fn parse_milli(text: &str, field: Field) -> Result<i64, Invalid> {
    parse_quantity(text, field).map(Quantity::milli)
}

/// Thousandths as people read them: "1,5" in French, "1.5" in English, no
/// trailing zeros ([`Quantity::format`]).
pub fn format_milli(milli: i64, locale: Locale) -> String {
    Quantity::from_milli(milli).format(locale)
}

/// Reads a price typed on a line: not negative, at most [`PRICE_MAX`].
pub(crate) fn parse_price(text: &str, field: Field, locale: Locale) -> Result<Money, Invalid> {
    let money = Money::parse(text, locale).map_err(|_| Invalid::new(field, Problem::Amount))?;
    if money.is_negative() {
        return Err(Invalid::new(field, Problem::Negative));
    }
    if money > PRICE_MAX {
        return Err(Invalid::new(field, Problem::Amount));
    }
    Ok(money)
}

/// Reads a percentage typed by a person ("10", "12,5 %").
pub(crate) fn parse_percent(text: &str, field: Field) -> Result<Percent, Invalid> {
    if text.trim().starts_with('-') {
        return Err(Invalid::new(field, Problem::Negative));
    }
    Percent::parse(text).ok_or(Invalid::new(field, Problem::Percent))
}

/// `value × numerator / denominator`, rounded half away from zero, in 128
/// bits so no intermediate product overflows; saturates at the i64 bounds.
pub(crate) fn mul_div_round(value: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator == 0 {
        return 0;
    }
    let product = i128::from(value) * i128::from(numerator);
    let d = i128::from(denominator);
    let magnitude = (product.abs() * 2 + d.abs()) / (d.abs() * 2);
    let negative = (product < 0) != (d < 0);
    let q = if negative { -magnitude } else { magnitude };
    i64::try_from(q.clamp(i128::from(i64::MIN), i128::from(i64::MAX))).unwrap_or_default()
}

/// What one line contributes to an order's totals, before the whole-order
/// discount: its net amount (HT, after its own discount) and its VAT rate.
/// [`super::totals()`] takes a list of these; the order page, documents and
/// invoices all build them with [`LineAmounts::of`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    /// Net amount (HT) of the line, after its own discount.
    pub net: Money,
    /// The line's VAT rate.
    pub vat: VatRate,
}

impl LineAmounts {
    /// The amounts of a line of `quantity` at `unit` each (or at `flat`, a
    /// fixed price whatever the quantity), less `discount`.
    /// The price is rounded to the cent once, then the discount once.
    pub fn of(
        quantity: Quantity,
        unit: Money,
        flat: Option<Money>,
        discount: Percent,
        vat: VatRate,
    ) -> LineAmounts {
        let gross = match flat {
            Some(price) => price.cents(),
            None => quantity.times(unit).cents(),
        };
        let discount = discount.of(Money::from_cents(gross)).cents();
        LineAmounts {
            net: Money::from_cents(gross.saturating_sub(discount)),
            vat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_as_people_type_them() {
        for (text, milli) in [
            ("1,5", 1500),
            ("0.75", 750),
            ("2", 2000),
            (" 1 000,125 ", 1_000_125),
            (",5", 500),
            ("3.", 3000),
            ("0", 0),
        ] {
            assert_eq!(parse_milli(text, Field::Quantity), Ok(milli), "{text}");
        }
        for text in ["", "abc", "1,2,3", "1,2345", "1e3", "+1", "99999999999"] {
            assert_eq!(
                parse_milli(text, Field::Quantity),
                Err(Invalid::new(Field::Quantity, Problem::Quantity)),
                "{text}"
            );
        }
        assert_eq!(
            parse_milli("-1,5", Field::Hours),
            Err(Invalid::new(Field::Hours, Problem::Negative)),
            "a negative is told apart, so the message says what to fix"
        );
    }

    #[test]
    fn what_format_writes_reads_back() {
        for milli in [0, 1, 10, 750, 1500, 2000, 1_234_567] {
            let text = format_milli(milli, Locale::Fr);
            assert_eq!(parse_milli(&text, Field::Quantity), Ok(milli), "{text}");
        }
        assert_eq!(format_milli(1500, Locale::Fr), "1,5");
        assert_eq!(format_milli(1_250, Locale::En), "1.25");
        assert_eq!(
            parse_milli(&format_milli(999_250, Locale::En), Field::Quantity),
            Ok(999_250)
        );
    }

    #[test]
    fn a_line_is_rounded_to_the_cent_once_then_discounted_once() {
        let rate = VatRate::STANDARD;
        // 1,5 h at 65,00 € = 97,50 €.
        let l = LineAmounts::of(
            Quantity::from_milli(1500),
            Money::from_cents(6500),
            None,
            Percent::ZERO,
            rate,
        );
        assert_eq!(l.net, Money::from_cents(9750));
        // 0,333 × 10,00 € = 3,33 €; 0,335 × 10,00 € = 3,35 € (half up).
        assert_eq!(
            LineAmounts::of(
                Quantity::from_milli(333),
                Money::from_cents(1000),
                None,
                Percent::ZERO,
                rate
            )
            .net
            .cents(),
            333
        );
        assert_eq!(
            LineAmounts::of(
                Quantity::from_milli(3335),
                Money::from_cents(100),
                None,
                Percent::ZERO,
                rate
            )
            .net
            .cents(),
            334
        );
        // A flat price ignores the hours; 10 % off 89,99 € leaves 80,99 €.
        let flat = LineAmounts::of(
            Quantity::from_milli(2000),
            Money::from_cents(6500),
            Some(Money::from_cents(8999)),
            Percent::new(1000).unwrap(),
            rate,
        );
        assert_eq!(flat.net, Money::from_cents(8099));
    }
}

//! An order's totals as a French invoice shows them: HT per VAT rate, TVA per
//! rate (the tax on each rate's HT total, not a sum of per-line taxes), and
//! TTC. One pure function, [`totals`], used by the order page, the board, the
//! documents and, later, invoices, so they can never disagree.

use std::collections::BTreeMap;

use atelier_domain::{Money, Percent, VatRate};
use serde::{Deserialize, Serialize};

use crate::amounts::LineAmounts;

/// A discount on the whole order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum OrderDiscount {
    /// No discount.
    #[default]
    None,
    /// A percentage of the lines' total.
    Percent(Percent),
    /// A fixed amount off, HT; never more than the lines' total.
    Amount(Money),
}

/// The totals of one VAT rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RateTotal {
    /// The rate.
    pub rate: VatRate,
    /// HT of this rate's lines, after their share of the order discount.
    pub net: Money,
    /// This rate's share of the order discount.
    pub discount: Money,
    /// TVA: `rate.tax_on(net)`.
    pub tax: Money,
}

/// An order's totals. Invariants: `net` is the sum of the rates' `net`, `tax`
/// the sum of their `tax`, `gross = net + tax`, and `net = lines_net - discount`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// HT of the lines, each after its own discount, before the order discount.
    pub lines_net: Money,
    /// The order discount, HT.
    pub discount: Money,
    /// Per VAT rate, lowest rate first.
    pub by_rate: Vec<RateTotal>,
    /// Total HT.
    pub net: Money,
    /// Total TVA.
    pub tax: Money,
    /// Total TTC.
    pub gross: Money,
}

/// The totals of `lines` less the order `discount`.
///
/// The discount is spread over the VAT rates in proportion to their HT, each
/// share rounded down and the cents left over given to the largest remainders
/// (ties to the larger HT, then the lower rate), so the shares add up to the
/// discount exactly and no rate's HT goes below zero. Lines are expected
/// non-negative, as the line parsers guarantee.
pub fn totals(lines: &[LineAmounts], discount: OrderDiscount) -> Totals {
    let mut by_rate: BTreeMap<VatRate, i128> = BTreeMap::new();
    for line in lines {
        *by_rate.entry(line.vat).or_default() += i128::from(line.net.cents());
    }
    let lines_net: i128 = by_rate.values().sum();
    let wanted: i128 = match discount {
        OrderDiscount::None => 0,
        OrderDiscount::Percent(share) => {
            let total = i64::try_from(lines_net).unwrap_or(i64::MAX);
            i128::from(share.of(Money::from_cents(total)).cents())
        }
        OrderDiscount::Amount(m) => i128::from(m.cents()),
    };
    let discount = wanted.clamp(0, lines_net.max(0));
    let shares = spread(discount, &by_rate);
    let mut out = Totals {
        lines_net: money(lines_net),
        discount: money(discount),
        ..Totals::default()
    };
    let (mut net_sum, mut tax_sum) = (0_i128, 0_i128);
    for ((rate, net), share) in by_rate.into_iter().zip(shares) {
        let net = money(net - share);
        let tax = rate.tax_on(net);
        net_sum += i128::from(net.cents());
        tax_sum += i128::from(tax.cents());
        out.by_rate.push(RateTotal {
            rate,
            net,
            discount: money(share),
            tax,
        });
    }
    out.net = money(net_sum);
    out.tax = money(tax_sum);
    out.gross = money(net_sum + tax_sum);
    out
}

/// Splits `discount` over the rates in proportion to their positive HT, by
/// largest remainder.
pub(crate) fn spread<K: Ord>(discount: i128, by_rate: &BTreeMap<K, i128>) -> Vec<i128> {
    let base: i128 = by_rate.values().filter(|v| **v > 0).sum();
    if discount == 0 || base == 0 {
        return vec![0; by_rate.len()];
    }
    let mut shares = Vec::with_capacity(by_rate.len());
    let mut remainders = Vec::with_capacity(by_rate.len());
    for (i, net) in by_rate.values().enumerate() {
        let net = (*net).max(0);
        let exact = discount * net;
        shares.push(exact / base);
        remainders.push((exact % base, net, i));
    }
    let left = discount - shares.iter().sum::<i128>();
    // Largest remainder first; then the larger HT; then the lower rate.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    for &(_, _, i) in remainders.iter().take(usize::try_from(left).unwrap_or(0)) {
        shares[i] += 1;
    }
    shares
}

fn money(cents: i128) -> Money {
    Money::from_cents(
        i64::try_from(cents.clamp(i128::from(i64::MIN), i128::from(i64::MAX))).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(cents: i64, bp: u32) -> LineAmounts {
        LineAmounts {
            net: Money::from_cents(cents),
            vat: VatRate::new(bp).unwrap(),
        }
    }

    #[test]
    fn vat_is_taxed_on_each_rates_total_not_line_by_line() {
        // Three lines of 0,02 € at 20 %: line by line the tax rounds to
        // 0,00 € three times; on the rate's total of 0,06 € it is 0,01 €.
        let t = totals(
            &[line(2, 2000), line(2, 2000), line(2, 2000)],
            OrderDiscount::None,
        );
        assert_eq!(
            t.tax,
            Money::from_cents(1),
            "0,06 € × 20 % = 0,012 € → 0,01 €"
        );
        assert_eq!(t.gross, Money::from_cents(7));
    }

    #[test]
    fn an_amount_discount_is_spread_over_the_rates_to_the_cent() {
        // 100 € at 20 % and 50 € at 5,5 %, 10 € off: 6,67 € and 3,33 €.
        let lines = [line(10_000, 2000), line(5_000, 550)];
        let t = totals(&lines, OrderDiscount::Amount(Money::from_cents(1000)));
        let shares: Vec<i64> = t.by_rate.iter().map(|r| r.discount.cents()).collect();
        assert_eq!(
            shares,
            [333, 667],
            "lowest rate first; the shares add up to 10 €"
        );
        assert_eq!(t.net, Money::from_cents(14_000));
        assert_eq!(t.by_rate[1].tax, Money::from_cents(1867), "20 % of 93,33 €");
        assert_eq!(
            t.by_rate[0].tax,
            Money::from_cents(257),
            "5,5 % of 46,67 € = 2,566…"
        );
    }

    #[test]
    fn a_discount_never_takes_more_than_the_lines_are_worth() {
        let t = totals(
            &[line(500, 2000)],
            OrderDiscount::Amount(Money::from_cents(900)),
        );
        assert_eq!(t.discount, Money::from_cents(500));
        assert_eq!(t.gross, Money::ZERO);
        let t = totals(
            &[line(999, 2000)],
            OrderDiscount::Percent(Percent::new(1000).unwrap()),
        );
        assert_eq!(
            t.discount,
            Money::from_cents(100),
            "10 % of 9,99 € rounds to 1,00 €"
        );
        assert_eq!(
            totals(&[], OrderDiscount::Percent(Percent::new(5000).unwrap())),
            Totals::default()
        );
    }

    fn any_rate() -> impl Strategy<Value = VatRate> {
        prop_oneof![
            Just(VatRate::STANDARD),
            Just(VatRate::INTERMEDIATE),
            Just(VatRate::REDUCED),
            Just(VatRate::SUPER_REDUCED),
            Just(VatRate::ZERO),
            (0_u32..=10_000).prop_map(|bp| VatRate::new(bp).unwrap()),
        ]
    }

    fn any_line() -> impl Strategy<Value = LineAmounts> {
        (
            0_i64..=50_000_000,
            0_i64..=2_000_000,
            proptest::option::weighted(0.2, 0_i64..=5_000_000),
            prop_oneof![Just(0_u32), 0_u32..=10_000],
            any_rate(),
        )
            .prop_map(|(q, unit, flat, disc, vat)| {
                LineAmounts::of(
                    atelier_domain::Quantity::from_milli(q),
                    Money::from_cents(unit),
                    flat.map(Money::from_cents),
                    Percent::new(disc).unwrap(),
                    vat,
                )
            })
    }

    fn any_discount() -> impl Strategy<Value = OrderDiscount> {
        prop_oneof![
            Just(OrderDiscount::None),
            (0_u32..=10_000).prop_map(|bp| OrderDiscount::Percent(Percent::new(bp).unwrap())),
            (0_i64..=100_000_000).prop_map(|c| OrderDiscount::Amount(Money::from_cents(c))),
        ]
    }

    proptest! {
        #[test]
        fn totals_add_up_to_the_cent(
            lines in proptest::collection::vec(any_line(), 0..30),
            discount in any_discount(),
        ) {
            let t = totals(&lines, discount);
            let net: i64 = t.by_rate.iter().map(|r| r.net.cents()).sum();
            let tax: i64 = t.by_rate.iter().map(|r| r.tax.cents()).sum();
            let shares: i64 = t.by_rate.iter().map(|r| r.discount.cents()).sum();
            prop_assert_eq!(net + tax, t.gross.cents(), "HT + TVA per rate is TTC");
            prop_assert_eq!(net, t.net.cents());
            prop_assert_eq!(tax, t.tax.cents());
            prop_assert_eq!(shares, t.discount.cents(), "the shares are the discount, exactly");
            prop_assert_eq!(t.net.cents(), t.lines_net.cents() - t.discount.cents());
            prop_assert!(t.discount <= t.lines_net);
            for r in &t.by_rate {
                prop_assert!(r.net.cents() >= 0, "no rate goes below zero: {r:?}");
                prop_assert_eq!(r.tax, r.rate.tax_on(r.net), "TVA is taxed on the rate's HT");
                // Each share is within a cent of its exact proportion.
                let before = r.net.cents() + r.discount.cents();
                if t.lines_net.cents() > 0 {
                    let exact = i128::from(t.discount.cents()) * i128::from(before);
                    let lines = i128::from(t.lines_net.cents());
                    let share = i128::from(r.discount.cents()) * lines;
                    prop_assert!((share - exact).abs() < lines, "{r:?} of {t:?}");
                }
            }
        }
    }
}

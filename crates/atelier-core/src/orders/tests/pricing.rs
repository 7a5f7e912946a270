//! Lines and what they cost.

use atelier_domain::{Money, VatRate};

use super::*;
use crate::orders::page::order_totals;
use crate::orders::steps;
use crate::outbox;
use crate::validation::{Field, Problem};

#[test]
fn a_labour_line_copies_the_rate_of_its_category_when_added() {
    let mut s = shop();
    let o = s.estimate();
    let l = s.add(o.id, labour("Remplacement plaquettes AV", "1,5"));
    assert_eq!(l.kind, LineKind::Labour);
    assert_eq!(l.quantity.milli(), 1500);
    assert_eq!(l.rate_code.as_deref(), Some("mechanics"));
    assert_eq!(l.unit, Money::from_cents(6500));
    assert_eq!(l.net, Money::from_cents(9750), "1,5 h × 65 €");
    assert_eq!(l.vat, VatRate::STANDARD);

    // The workshop raises its rate: the line keeps the price it was quoted at.
    let mut raised = garage();
    raised.rates[0].hourly = Some("70".into());
    s.db.write(|tx| workshop::save(tx, NOW, &raised, FR))
        .unwrap();
    let again = lines::get(s.db.conn(), l.id).unwrap();
    assert_eq!(again.unit, Money::from_cents(6500));
    let body = s.add(
        o.id,
        LineInput {
            rate_code: Some("bodywork".into()),
            ..labour("Redresser l’aile", "2")
        },
    );
    assert_eq!(body.unit, Money::from_cents(5800));
    let steps = steps::of_order(s.db.conn(), o.id).unwrap();
    let labels: Vec<_> = steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Remplacement plaquettes AV", "Redresser l’aile"],
        "one step per labour line"
    );
}

#[test]
fn labour_without_a_rate_or_a_flat_price_is_refused() {
    let mut s = shop_not_set_up();
    let o = s.estimate();
    let ops = s.ops();
    let err =
        s.db.write(|tx| add_line(tx, NOW, o.id, &labour("Diagnostic", "1"), FR))
            .unwrap_err();
    assert!(err.message(FR).contains("forfait"), "{}", err.message(FR));
    assert_eq!(refusal(err), (Field::HourlyRate, Problem::LabourUnpriced));
    assert_eq!(s.ops(), ops, "nothing written");
    assert_eq!(s.count("order_lines"), 0);

    // A flat price, or a typed rate, prices it; VAT defaults to 20 % before set-up.
    let flat = s.add(
        o.id,
        LineInput {
            flat_price: Some("49".into()),
            hours: None,
            ..labour("Diagnostic", "")
        },
    );
    assert_eq!(
        (flat.quantity.milli(), flat.net),
        (0, Money::from_cents(4900))
    );
    assert_eq!(flat.vat, VatRate::STANDARD);
    let typed = s.add(
        o.id,
        LineInput {
            hourly_rate: Some("60".into()),
            ..labour("Vidange", "0,5")
        },
    );
    assert_eq!(typed.net, Money::from_cents(3000));
}

#[test]
fn nothing_on_a_line_may_be_negative_or_unreadable() {
    let mut s = shop();
    let o = s.estimate();
    let cases: Vec<(LineInput, Field, Problem)> = vec![
        (
            part("Plaquettes", "-2", "45"),
            Field::Quantity,
            Problem::Negative,
        ),
        (
            part("Plaquettes", "2", "-45"),
            Field::UnitPrice,
            Problem::Negative,
        ),
        (labour("Vidange", "-1"), Field::Hours, Problem::Negative),
        (labour("Vidange", "1,2345"), Field::Hours, Problem::Quantity),
        (
            LineInput {
                discount: Some("-10".into()),
                ..part("x", "1", "1")
            },
            Field::Discount,
            Problem::Negative,
        ),
        (
            LineInput {
                discount: Some("120".into()),
                ..part("x", "1", "1")
            },
            Field::Discount,
            Problem::Percent,
        ),
        (
            LineInput {
                vat: Some("-20".into()),
                ..part("x", "1", "1")
            },
            Field::Vat,
            Problem::Negative,
        ),
        (
            LineInput {
                origin: Some("stolen".into()),
                ..part("x", "1", "1")
            },
            Field::Origin,
            Problem::NotAllowed,
        ),
        (
            LineInput {
                rate_code: Some("welding".into()),
                ..labour("Soudure", "1")
            },
            Field::RateCode,
            Problem::NotAllowed,
        ),
        (
            LineInput {
                kind: None,
                ..part("x", "1", "1")
            },
            Field::LineKind,
            Problem::Required,
        ),
        (
            LineInput {
                description: None,
                ..part("x", "1", "1")
            },
            Field::Description,
            Problem::Required,
        ),
    ];
    for (input, field, problem) in cases {
        let err =
            s.db.write(|tx| add_line(tx, NOW, o.id, &input, FR))
                .unwrap_err();
        assert_eq!(refusal(err), (field, problem), "{input:?}");
    }
    assert_eq!(s.count("order_lines"), 0);
    let by_ref = s.add(
        o.id,
        LineInput {
            description: None,
            part_id: Some("7701208265".into()),
            ..part("", "1", "12")
        },
    );
    assert_eq!(
        by_ref.description, "7701208265",
        "a part with a reference may go without a description"
    );
}

#[test]
fn a_line_edit_sends_only_what_changed_and_removal_takes_its_step() {
    let mut s = shop();
    let o = s.estimate();
    let l = s.add(o.id, labour("Remplacement plaquettes AV", "1,5"));
    let edit = LineInput {
        hours: Some("2".into()),
        ..labour("Remplacement plaquettes AV", "")
    };
    let edited =
        s.db.write(|tx| update_line(tx, NOW + MINUTE, l.id, &edit, FR))
            .unwrap();
    assert_eq!(edited.net, Money::from_cents(13_000));
    assert_eq!(
        edited.unit,
        Money::from_cents(6500),
        "the copied rate stays"
    );
    let last = outbox::pending(s.db.conn(), 100).unwrap().pop().unwrap();
    assert_eq!(last.payload, json!({ "quantity_milli": 2000 }));

    s.db.write(|tx| remove_line(tx, NOW + 2 * MINUTE, l.id))
        .unwrap();
    assert!(lines::of_order(s.db.conn(), o.id).unwrap().is_empty());
    assert!(
        steps::of_order(s.db.conn(), o.id).unwrap().is_empty(),
        "its unticked step goes with it"
    );
    assert_eq!(s.count("order_lines"), 1, "a tombstone, not a deletion");
}

#[test]
fn lines_saved_together_are_all_checked_before_any_is_written() {
    let mut s = shop();
    let o = s.estimate();
    s.add(o.id, labour("Diagnostic", "0,5"));
    let ops = s.ops();
    let batch = [labour("Vidange", "0,5"), part("Filtre", "-1", "9")];
    let err =
        s.db.write(|tx| add_lines(tx, NOW, o.id, &batch, FR))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::Quantity, Problem::Negative));
    assert_eq!(s.ops(), ops, "the good line was not written either");
    let batch = [labour("Vidange", "0,5"), part("Filtre", "1", "9")];
    let added =
        s.db.write(|tx| add_lines(tx, NOW, o.id, &batch, FR))
            .unwrap();
    assert_eq!(added.iter().map(|l| l.position).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        added,
        lines::of_order(s.db.conn(), o.id).unwrap()[1..],
        "what was answered is what is stored"
    );
    let positions: Vec<_> = steps::of_order(s.db.conn(), o.id)
        .unwrap()
        .iter()
        .map(|s| s.position)
        .collect();
    assert_eq!(positions, [1, 2]);
}

#[test]
fn the_order_totals_show_ht_and_tva_per_rate_after_the_discounts() {
    let mut s = shop();
    let o = s.estimate();
    s.add(o.id, labour("Remplacement plaquettes AV", "1,5")); // 97,50 € at 20 %
    s.add(
        o.id,
        LineInput {
            discount: Some("10".into()),
            ..part("Plaquettes AV", "2", "45,00")
        },
    ); // 81,00 €
    s.add(
        o.id,
        LineInput {
            vat: Some("5,5".into()),
            ..part("Produit", "1", "10")
        },
    ); // 10,00 € at 5,5 %
    let input = OrderInput {
        discount: Some("18,85".into()),
        discount_kind: Some("amount".into()),
        ..s.header()
    };
    s.db.write(|tx| update(tx, NOW, o.id, &input, FR)).unwrap();
    let t = order_totals(s.db.conn(), o.id).unwrap();
    assert_eq!(t.lines_net, Money::from_cents(18_850));
    assert_eq!(t.discount, Money::from_cents(1885));
    assert_eq!(t.net, Money::from_cents(16_965));
    let rates: Vec<_> = t
        .by_rate
        .iter()
        .map(|r| (r.rate.bp(), r.net.cents(), r.tax.cents()))
        .collect();
    assert_eq!(
        rates,
        [(550, 900, 50), (2000, 16_065, 3213)],
        "10 % of each rate's HT"
    );
    assert_eq!(t.gross, Money::from_cents(16_965 + 50 + 3213));
}

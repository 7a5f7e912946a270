//! The header form: field-by-field edits and checks.

use super::*;
use crate::outbox;
use crate::validation::{Field, Problem};

#[test]
fn a_header_edit_sends_only_the_fields_that_changed() {
    let mut s = shop();
    let o = s.estimate();
    let before = s.ops();
    let input = OrderInput {
        complaint: Some("Bruit au freinage, et voyant moteur".into()),
        ..s.header()
    };
    let edited =
        s.db.write(|tx| update(tx, NOW + MINUTE, o.id, &input, FR))
            .unwrap();
    assert_eq!(
        edited.complaint.as_deref(),
        Some("Bruit au freinage, et voyant moteur")
    );
    let ops = outbox::pending(s.db.conn(), 100).unwrap();
    assert_eq!(
        ops.len() as i64,
        before + 1,
        "one operation, and no second reading"
    );
    let last = ops.last().unwrap();
    assert_eq!(last.entity, "orders");
    assert_eq!(
        last.payload,
        json!({ "complaint": "Bruit au freinage, et voyant moteur" }),
        "only the changed field travels, so another station's edit of another field survives"
    );
    let unchanged =
        s.db.write(|tx| update(tx, NOW + 2 * MINUTE, o.id, &input, FR))
            .unwrap();
    assert_eq!(unchanged, edited);
    assert_eq!(
        s.ops(),
        before + 1,
        "saving an unchanged form writes nothing"
    );

    let history = crate::audit::of_record(s.db.conn(), "orders", &o.id.to_string()).unwrap();
    assert_eq!(
        history.last().unwrap().changes["complaint"],
        json!([
            "Bruit au freinage à l’avant",
            "Bruit au freinage, et voyant moteur"
        ]),
        "the audit trail shows old → new"
    );
}

#[test]
fn a_header_is_checked_field_by_field() {
    let mut s = shop();
    let o = s.estimate();
    let cases: Vec<(OrderInput, Field, Problem)> = vec![
        (
            OrderInput {
                vehicle_id: None,
                ..s.header()
            },
            Field::Vehicle,
            Problem::Required,
        ),
        (
            OrderInput {
                promised_at: Some("demain".into()),
                ..s.header()
            },
            Field::PromisedAt,
            Problem::DateTime,
        ),
        (
            OrderInput {
                mechanic_ids: vec![UserId::new().to_string()],
                ..s.header()
            },
            Field::Mechanics,
            Problem::NotAllowed,
        ),
        (
            OrderInput {
                discount: Some("-5".into()),
                ..s.header()
            },
            Field::Discount,
            Problem::Negative,
        ),
        (
            OrderInput {
                discount: Some("1 000,00".into()),
                discount_kind: Some("other".into()),
                ..s.header()
            },
            Field::DiscountKind,
            Problem::NotAllowed,
        ),
    ];
    for (input, field, problem) in cases {
        let err =
            s.db.write(|tx| update(tx, NOW, o.id, &input, FR))
                .unwrap_err();
        assert_eq!(refusal(err), (field, problem));
    }
    let lower = OrderInput {
        mileage: Some(json!(80_000)),
        ..s.header()
    };
    let err =
        s.db.write(|tx| update(tx, NOW, o.id, &lower, FR))
            .unwrap_err();
    assert_eq!(
        err.code(),
        "mileage_lower",
        "the vehicle's rule on readings holds"
    );

    let accepted = s.accepted();
    let other_car = car(&mut s.db, s.customer, "EF-456-GH");
    let input = OrderInput {
        vehicle_id: Some(other_car.to_string()),
        ..s.header()
    };
    let err =
        s.db.write(|tx| update(tx, NOW, accepted.id, &input, FR))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::Vehicle, Problem::FixedOnceAccepted));
}

//! Two stations: the anonymisation made on one reaches the other, which
//! erases the same; an edit written before it but arriving after it does
//! not bring her data back, one written after it is kept by both.

use serde_json::Value;

use super::*;
use crate::db::test_db;
use crate::sync::{Applied, Applier, outgoing};

/// Moves every operation of `from` not yet sent to `to`, as a pull would.
fn exchange(from: &mut Db, to: &mut Db, now: u64) -> Applied {
    let ops = outgoing(from.conn(), u32::MAX).unwrap();
    from.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    to.write(|tx| Applier::new().apply_page(tx, &ops, now))
        .unwrap()
}

/// Her form as station B has it, with another phone.
fn with_phone(db: &Db, id: CustomerId, phone: &str) -> CustomerInput {
    let c = customers::get(db.conn(), id).unwrap();
    CustomerInput {
        civility: Some("Mme".into()),
        first_name: c.first_name,
        last_name: c.last_name,
        phone: Some(phone.into()),
        email: c.email,
        address_line1: c.address_line1,
        postal_code: c.postal_code,
        city: c.city,
        notes: c.notes,
        marketing_consent: c.marketing_consent,
        ..CustomerInput::default()
    }
}

/// Everything a station keeps beside the records that could hold her
/// data: its operations (but an issued invoice's, which the law keeps),
/// its audit trail, its conflicts and parked operations.
fn history(db: &Db) -> String {
    db.conn()
        .query_row(
            "SELECT coalesce((SELECT group_concat(payload, ' ') FROM outbox
                               WHERE NOT (entity = 'invoices' AND payload LIKE '%\"content\"%')), '')
                 || coalesce((SELECT group_concat(changes, ' ') FROM audit_log), '')
                 || coalesce((SELECT group_concat(kept_value || lost_value, ' ') FROM sync_conflicts), '')
                 || coalesce((SELECT group_concat(operation, ' ') FROM sync_parked), '')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_other_station_erases_her_too_and_an_older_edit_does_not_bring_her_back() {
    let mut a = test_db();
    let her = her_years(&mut a);
    let mut b = test_db();
    let first = exchange(&mut a, &mut b, NOW);
    assert_eq!(first.parked, 0, "station B holds all of her");
    // B, offline, records a new phone; A, not knowing, anonymises her later.
    let input = with_phone(&b, her.id, "07 11 22 33 44");
    b.write(|tx| customers::update(tx, NOW + 500, her.id, &input))
        .unwrap();
    a.write(|tx| anonymise(tx, NOW + 1_000, her.id)).unwrap();

    let at_a = exchange(&mut b, &mut a, NOW + 2_000);
    assert_eq!(
        at_a.conflicts, 0,
        "an older edit loses to the erasure quietly"
    );
    let at_b = exchange(&mut a, &mut b, NOW + 3_000);
    assert!(at_b.anonymised, "B is told to scrub its file");
    assert_eq!((at_b.parked, at_b.conflicts), (0, 0));

    for (station, db) in [("A", &a), ("B", &b)] {
        let c = customers::get_any(db.conn(), her.id).unwrap();
        assert!(c.anonymised, "{station}");
        assert_eq!(c.display_name, customers::ANONYMOUS, "{station}");
        assert_eq!((c.phone, c.email, c.city), (None, None, None), "{station}");
        let order = orders::get(db.conn(), her.order).unwrap();
        assert_eq!(order.complaint, None, "{station}: her words on the order");
        let (work, signer): (Option<String>, String) = db
            .conn()
            .query_row(
                "SELECT (SELECT work FROM appointments), (SELECT signer_name FROM order_approvals)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(work, None, "{station}: her appointment's notes");
        assert_eq!(signer, customers::ANONYMOUS, "{station}: her signature");
        let kept = history(db);
        for needle in [
            NAME,
            PHONE,
            "+33711223344",
            OLD_PHONE,
            EMAIL,
            ALIAS_EMAIL,
            STREET,
        ] {
            assert!(!kept.contains(needle), "{station} keeps {needle:?}");
        }
        assert!(
            crate::pages::search::search(db.conn(), FOLDED, 5)
                .unwrap()
                .is_empty(),
            "{station}: search"
        );
        assert!(
            crate::sync::conflicts::open(db.conn(), None)
                .unwrap()
                .is_empty()
        );
        let issued: String = db
            .conn()
            .query_row(
                "SELECT content FROM invoices WHERE status = 'issued'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            issued.contains(NAME),
            "{station}: the invoice stays as issued"
        );
    }
    // The stamps agree: nothing more to exchange changes either side.
    let again = exchange(&mut a, &mut b, NOW + 4_000);
    assert_eq!(again.applied, 0);
}

#[test]
fn a_phone_typed_again_after_the_anonymisation_is_kept_on_both_stations() {
    let mut a = test_db();
    let her = her_years(&mut a);
    let mut b = test_db();
    exchange(&mut a, &mut b, NOW);
    a.write(|tx| anonymise(tx, NOW + 1_000, her.id)).unwrap();
    // B had not heard of it; her new number is typed there later.
    let input = with_phone(&b, her.id, "07 11 22 33 44");
    b.write(|tx| customers::update(tx, NOW + 5_000, her.id, &input))
        .unwrap();
    exchange(&mut a, &mut b, NOW + 6_000);
    exchange(&mut b, &mut a, NOW + 6_000);
    for db in [&a, &b] {
        let c = customers::get_any(db.conn(), her.id).unwrap();
        assert!(c.anonymised);
        assert_eq!(
            c.phone.as_deref(),
            Some("+33711223344"),
            "written after the anonymisation: kept by both"
        );
        assert_eq!(c.email, None, "the rest stays erased");
        assert_eq!(c.display_name, customers::ANONYMOUS);
    }
    let payload: Value = serde_json::from_str(
        &b.conn()
            .query_row(
                "SELECT payload FROM outbox WHERE entity = 'customers' ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["phone"], "+33711223344");
}

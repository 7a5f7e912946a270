//! A new customer's or vehicle's derived data (sort and plate keys, search
//! document) computed from its insert is what reading the stored row back
//! gives: a page applied in runs holds what the same page applied one
//! operation at a time holds, where every row is read back.

use atelier_domain::sync::{OpKind, WireOp};
use atelier_domain::{DeviceId, Hlc, OperationId};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::Applier;
use crate::db::test_db;
use crate::sync::tests::rows;

/// 2026-03-02T10:00:00Z
const NOW: u64 = 1_772_445_600_000;

/// An operation of another station, the `n`th it wrote.
fn op(n: u16, entity: &str, row_id: &str, kind: OpKind, payload: Value) -> WireOp {
    WireOp {
        device_id: DeviceId::new(),
        seq: u64::from(n) + 1,
        op_id: OperationId::new(),
        hlc: Hlc::new(NOW - 60_000, n).unwrap(),
        schema_version: crate::db::schema_version(),
        entity: entity.into(),
        row_id: row_id.into(),
        kind,
        payload: serde_json::value::RawValue::from_string(payload.to_string()).unwrap(),
        by: None,
    }
}

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Applies `ops` as one page in runs and one by one; the tables that hold
/// derived data must be the same.
fn same_as_one_by_one(ops: &[WireOp]) -> Result<(), TestCaseError> {
    let apply = |mut applier: Applier| {
        let mut db = test_db();
        db.conn()
            .execute_batch("PRAGMA foreign_keys = OFF")
            .unwrap();
        db.write(|tx| applier.apply_page(tx, ops, NOW)).unwrap();
        db
    };
    let (runs, alone) = (apply(Applier::new()), apply(Applier::per_op()));
    for table in [
        "customers",
        "vehicles",
        "search_index",
        "search_docs",
        "search_scraps",
        "sync_parked",
    ] {
        prop_assert!(
            rows(&runs, table, &["parked_at"]) == rows(&alone, table, &["parked_at"]),
            "{table} holds what reading each row back leaves"
        );
    }
    Ok(())
}

fn customer(fields: Value) -> Value {
    let mut c = json!({
        "kind": "individual", "civility": "Mme", "first_name": "Hélène",
        "last_name": "Lefèvre", "company_name": null, "siren": null, "siret": null,
        "vat_number": null, "phone": "+33612345678", "phone_alt": null,
        "email": "h.lefevre@example.fr", "address_line1": "8 rue Garibaldi",
        "address_line2": null, "postal_code": "69007", "city": "Lyon", "country": "FR",
        "language": "fr", "marketing_consent": false, "marketing_consent_at": null,
        "payment_terms_days": null, "notes": null,
    });
    if let (Value::Object(c), Value::Object(f)) = (&mut c, fields) {
        c.extend(f);
    }
    c
}

fn vehicle(owner: &str, fields: Value) -> Value {
    let mut v = json!({
        "customer_id": owner, "plate": "AB-123-CD", "plate_kind": "siv",
        "vin": "VF1RFB00X56789012", "make": "Renault", "model": "Clio", "version": "V 1.5 dCi",
        "engine_code": null, "fuel": "diesel", "gearbox": "manual", "colour": null,
        "first_registration": "2019-04-01", "notes": null,
    });
    if let (Value::Object(v), Value::Object(f)) = (&mut v, fields) {
        v.extend(f);
    }
    v
}

/// A page that meets a full disk fails with that error (not with the
/// savepoint SQLite dropped along with the transaction) and stores nothing.
#[test]
fn a_page_that_fills_the_disk_fails_with_that_error_and_stores_nothing() {
    let mut db = test_db();
    db.conn()
        .execute_batch("PRAGMA foreign_keys = OFF")
        .unwrap();
    let pages: i64 = db
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    db.conn()
        .execute_batch(&format!("PRAGMA max_page_count = {}", pages + 4))
        .unwrap();
    let ops: Vec<WireOp> = (0..300)
        .map(|n| {
            let fields = json!({ "last_name": format!("Durand{n}"), "notes": "x".repeat(2000) });
            op(n, "customers", &id(), OpKind::Insert, customer(fields))
        })
        .collect();
    let failed = db.write(|tx| Applier::new().apply_page(tx, &ops, NOW));
    let message = failed.expect_err("the disk is full").to_string();
    assert!(message.contains("full"), "{message}");
    let stored: i64 = db
        .conn()
        .query_row("SELECT COUNT(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
}

#[test]
fn rows_whose_insert_does_not_say_what_they_read_back_as_are_read_back() {
    use OpKind::{Insert, Update};
    let (a, b, c) = (id(), id(), id());
    let ops = [
        // Plain, as the form writes them.
        op(0, "customers", &a, Insert, customer(json!({}))),
        op(1, "vehicles", &id(), Insert, vehicle(&a, json!({}))),
        // A company, its columns' defaults left out.
        op(
            2,
            "customers",
            &id(),
            Insert,
            json!({"kind": "company", "company_name": "Garage Émile", "siren": "123456789"}),
        ),
        // Values that are stored as their text.
        op(
            3,
            "customers",
            &id(),
            Insert,
            customer(json!({"last_name": 1234, "marketing_consent": 1})),
        ),
        op(
            4,
            "vehicles",
            &id(),
            Insert,
            vehicle(&a, json!({"make": 7, "plate": "ab 123 cd"})),
        ),
        // A foreign plate, a plate no rule reads, no plate at all.
        op(
            5,
            "vehicles",
            &id(),
            Insert,
            vehicle(&a, json!({"plate": "B-XY 123", "plate_kind": "foreign"})),
        ),
        op(
            6,
            "vehicles",
            &id(),
            Insert,
            vehicle(&a, json!({"plate": "???", "plate_kind": null})),
        ),
        op(
            7,
            "vehicles",
            &id(),
            Insert,
            vehicle(&a, json!({"plate": null})),
        ),
        // Born archived; a column this version does not have.
        op(
            8,
            "customers",
            &id(),
            Insert,
            customer(json!({"deleted_at": 5})),
        ),
        op(
            9,
            "vehicles",
            &id(),
            Insert,
            vehicle(&a, json!({"deleted_at": 5})),
        ),
        op(
            10,
            "customers",
            &id(),
            Insert,
            customer(json!({"nickname": "Lenou"})),
        ),
        // An id that is not a customer's.
        op(11, "customers", "not-an-id", Insert, customer(json!({}))),
        // Created, then changed in the same page.
        op(12, "customers", &b, Insert, customer(json!({}))),
        op(13, "customers", &b, Update, json!({"last_name": "Martin"})),
        op(
            14,
            "vehicles",
            &c,
            Insert,
            vehicle(&b, json!({"plate": "EF-456-GH"})),
        ),
        op(15, "vehicles", &c, Update, json!({"make": "Peugeot"})),
    ];
    same_as_one_by_one(&ops).unwrap();
}

/// Text as people type it: accents, case, separators, now and then nothing.
fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        4 => "[A-Za-zÀÂÉÈÊËÎÏÔÙÛÜŸàâéèêëîïôùûüÿŒœ0-9 '.@-]{0,16}".prop_map(Value::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_new_row_s_derived_data_is_what_reading_it_back_gives(
        company in any::<bool>(),
        names in proptest::collection::vec(text(), 6),
        phone in prop_oneof![Just(Value::Null), "\\+33[67][0-9]{8}".prop_map(Value::from)],
        plate in prop_oneof![
            Just(Value::Null),
            "[A-Z]{2}-[0-9]{3}-[A-Z]{2}".prop_map(Value::from),
            "[A-Za-z0-9 -]{1,10}".prop_map(Value::from),
        ],
        plate_kind in prop_oneof![Just(Value::Null), Just(json!("siv")), Just(json!("foreign"))],
        vin in prop_oneof![Just(Value::Null), "[A-HJ-NPR-Z0-9]{17}".prop_map(Value::from)],
    ) {
        let owner = id();
        let kind = if company { "company" } else { "individual" };
        let ops = [
            op(0, "customers", &owner, OpKind::Insert, customer(json!({
                "kind": kind, "first_name": names[0], "last_name": names[1],
                "company_name": names[2], "email": names[3], "city": names[4],
                "postal_code": names[5], "phone": phone, "phone_alt": phone,
            }))),
            op(1, "vehicles", &id(), OpKind::Insert, vehicle(&owner, json!({
                "plate": plate, "plate_kind": plate_kind, "vin": vin,
                "make": names[0], "model": names[1], "version": names[2],
            }))),
        ];
        same_as_one_by_one(&ops)?;
    }
}

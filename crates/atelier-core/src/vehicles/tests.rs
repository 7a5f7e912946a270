use super::*;
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::outbox;
use crate::validation::{Field, Problem};
use crate::{Db, search};
use atelier_domain::Locale;
use serde_json::json;

/// 2023-11-14T22:13:20Z
const NOW: u64 = 1_700_000_000_000;
const DAY: u64 = 86_400_000;

fn owner(db: &mut Db, last: &str) -> CustomerId {
    let input = CustomerInput {
        last_name: Some(last.into()),
        ..Default::default()
    };
    db.write(|tx| customers::create(tx, NOW, &input))
        .unwrap()
        .id
}

fn car(customer: CustomerId, plate: &str) -> VehicleInput {
    VehicleInput {
        customer_id: Some(customer.to_string()),
        plate: Some(plate.into()),
        make: Some("Renault".into()),
        model: Some("Clio".into()),
        ..Default::default()
    }
}

fn refusal(err: Error) -> (Field, Problem) {
    match err {
        Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_vehicle_is_created_with_its_plate_normalised_its_owner_and_first_reading() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let input = VehicleInput {
        vin: Some("vf1 rfb00 0 6 5 4 3 2 1 0 9".into()),
        fuel: Some("diesel".into()),
        first_registration: Some("2019-03-01".into()),
        mileage: Some(json!("84 500")),
        ..car(dupont, " ab 123-cd ")
    };
    let v = db.write(|tx| create(tx, NOW, &input)).unwrap();
    assert_eq!(v.plate.as_deref(), Some("AB-123-CD"));
    assert_eq!(v.plate_kind, Some(PlateKind::Siv));
    assert_eq!(v.vin.as_deref(), Some("VF1RFB00065432109"));
    assert_eq!(v.fuel, Some(Fuel::Diesel));
    assert_eq!(v.last_km, Some(84_500));
    assert_eq!(v.owner_name, "Dupont");

    let p = page(db.conn(), v.id, "2023-11-14", Locale::Fr).unwrap();
    let info = p.vehicle.vin_info.expect("the VIN is decoded on the page");
    assert_eq!(info.manufacturer.as_deref(), Some("Renault"));
    assert_eq!(info.country.as_deref(), Some("FR"));
    assert_eq!(p.owners.len(), 1);
    assert_eq!(p.owners[0].from, "2023-11-14");
    assert_eq!(p.readings[0].source, MileageSource::Manual);
    let kinds = outbox::pending(db.conn(), 10)
        .unwrap()
        .into_iter()
        .map(|o| o.entity)
        .collect::<Vec<_>>();
    assert_eq!(
        kinds,
        [
            "customers",
            "vehicles",
            "vehicle_owners",
            "mileage_readings"
        ]
    );
}

#[test]
fn bad_vehicles_are_refused_with_the_field_at_fault() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let cases: Vec<(VehicleInput, Field)> = vec![
        (
            VehicleInput {
                plate: None,
                ..car(dupont, "")
            },
            Field::Plate,
        ),
        (car(dupont, "AB-123-IO"), Field::Plate),
        (car(dupont, "1234 AB"), Field::Plate),
        (
            VehicleInput {
                vin: Some("VF1RFB0006543210".into()),
                ..car(dupont, "AB-123-CD")
            },
            Field::Vin,
        ),
        (
            VehicleInput {
                vin: Some("VF1RFB0O065432109".into()),
                ..car(dupont, "AB-123-CD")
            },
            Field::Vin,
        ),
        (
            VehicleInput {
                fuel: Some("steam".into()),
                ..car(dupont, "AB-123-CD")
            },
            Field::Fuel,
        ),
        (
            VehicleInput {
                first_registration: Some("2031-01-01".into()),
                ..car(dupont, "AB-123-CD")
            },
            Field::FirstRegistration,
        ),
        (
            VehicleInput {
                first_registration: Some("31/01/2020".into()),
                ..car(dupont, "AB-123-CD")
            },
            Field::FirstRegistration,
        ),
        (
            VehicleInput {
                mileage: Some(json!(-5)),
                ..car(dupont, "AB-123-CD")
            },
            Field::Mileage,
        ),
        (
            VehicleInput {
                customer_id: None,
                ..car(dupont, "AB-123-CD")
            },
            Field::Owner,
        ),
        (
            VehicleInput {
                customer_id: Some(CustomerId::new().to_string()),
                ..car(dupont, "AB-123-CD")
            },
            Field::Owner,
        ),
    ];
    for (input, field) in cases {
        let err = db.write(|tx| create(tx, NOW, &input)).unwrap_err();
        assert!(!err.message(Locale::Fr).is_empty());
        assert_eq!(refusal(err).0, field, "input {input:?}");
    }
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 0);
    assert_eq!(
        outbox::pending_count(db.conn()).unwrap(),
        1,
        "only the owner was written"
    );
}

#[test]
fn a_plate_already_on_a_vehicle_is_refused_in_any_spelling() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    db.write(|tx| create(tx, NOW, &car(dupont, "AB-123-CD")))
        .unwrap();
    let err = db
        .write(|tx| create(tx, NOW, &car(dupont, "ab123cd")))
        .unwrap_err();
    assert_eq!(refusal(err), (Field::Plate, Problem::AlreadyRegistered));
}

#[test]
fn foreign_and_old_french_plates_are_kept_as_their_kind() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let fni = db
        .write(|tx| create(tx, NOW, &car(dupont, "1234ab56")))
        .unwrap();
    assert_eq!(
        (fni.plate.as_deref(), fni.plate_kind),
        (Some("1234 AB 56"), Some(PlateKind::Fni))
    );
    let foreign = VehicleInput {
        plate_foreign: true,
        ..car(dupont, "b-ab 1234")
    };
    let de = db.write(|tx| create(tx, NOW, &foreign)).unwrap();
    assert_eq!(de.plate_kind, Some(PlateKind::Foreign));
}

#[test]
fn a_transfer_keeps_who_owned_the_vehicle_when() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let martin = owner(&mut db, "Martin");
    let v = db
        .write(|tx| create(tx, NOW, &car(dupont, "AB-123-CD")))
        .unwrap();
    let later = NOW + 30 * DAY;
    let moved = db.write(|tx| transfer(tx, later, v.id, martin)).unwrap();
    assert_eq!(moved.customer_id, martin);
    assert_eq!(moved.owner_name, "Martin");
    let owners = owners(db.conn(), v.id).unwrap();
    assert_eq!(owners.len(), 2);
    assert_eq!(
        (owners[0].customer_name.as_str(), owners[0].to.as_deref()),
        ("Dupont", Some("2023-12-14"))
    );
    assert_eq!(
        (owners[1].customer_name.as_str(), owners[1].to.as_deref()),
        ("Martin", None)
    );
    assert!(of_customer(db.conn(), dupont).unwrap().is_empty());
    assert_eq!(of_customer(db.conn(), martin).unwrap().len(), 1);

    let err = db
        .write(|tx| transfer(tx, later, v.id, martin))
        .unwrap_err();
    assert_eq!(refusal(err), (Field::Owner, Problem::SameOwner));
}

#[test]
fn a_lower_reading_needs_the_meter_replacement_confirmed() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let v = db
        .write(|tx| {
            create(
                tx,
                NOW,
                &VehicleInput {
                    mileage: Some(json!(120_000)),
                    ..car(dupont, "AB-123-CD")
                },
            )
        })
        .unwrap();
    let record = |db: &mut Db, km: i64, on: &str, replaced: bool| {
        db.write(|tx| {
            record_mileage(
                tx,
                NOW + DAY,
                v.id,
                &json!(km),
                on,
                replaced,
                MileageSource::Manual,
            )
        })
    };
    let err = record(&mut db, 5_000, "2023-11-15", false).unwrap_err();
    assert_eq!(err.code(), "mileage_lower");
    assert_eq!(
        err.details().unwrap(),
        json!({"last_km": 120000, "last_read_on": "2023-11-14"})
    );
    assert!(
        err.message(Locale::Fr).contains("120\u{202f}000\u{a0}km"),
        "{}",
        err.message(Locale::Fr)
    );
    assert_eq!(
        readings(db.conn(), v.id).unwrap().len(),
        1,
        "nothing written"
    );

    let r = record(&mut db, 5_000, "2023-11-15", true).unwrap();
    assert!(r.meter_replaced);
    assert_eq!(get(db.conn(), v.id).unwrap().last_km, Some(5_000));
    record(&mut db, 6_000, "2023-11-15", false).unwrap();

    let err = record(&mut db, 1, "2023-11-20", false).unwrap_err();
    assert_eq!(refusal(err).1, Problem::FutureDate, "read after today");
    let err = record(&mut db, -5, "", false).unwrap_err();
    assert_eq!(refusal(err).0, Field::Km);
}

#[test]
fn a_reading_above_a_later_one_is_impossible() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let v = db
        .write(|tx| {
            create(
                tx,
                NOW,
                &VehicleInput {
                    mileage: Some(json!(50_000)),
                    ..car(dupont, "AB-123-CD")
                },
            )
        })
        .unwrap();
    let err = db
        .write(|tx| {
            record_mileage(
                tx,
                NOW,
                v.id,
                &json!(60_000),
                "2023-01-01",
                false,
                MileageSource::Manual,
            )
        })
        .unwrap_err();
    assert!(matches!(
        refusal(err).1,
        Problem::AboveLaterReading { km: 50_000, .. }
    ));
}

#[test]
fn the_timeline_tells_the_history_newest_first_in_the_readers_language() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let martin = owner(&mut db, "Martin");
    let v = db
        .write(|tx| {
            create(
                tx,
                NOW,
                &VehicleInput {
                    mileage: Some(json!(1000)),
                    ..car(dupont, "AB-123-CD")
                },
            )
        })
        .unwrap();
    db.write(|tx| transfer(tx, NOW + 2 * DAY, v.id, martin))
        .unwrap();
    let fr = page(db.conn(), v.id, "2023-11-20", Locale::Fr)
        .unwrap()
        .timeline;
    assert_eq!(fr[0].text, "Nouveau propriétaire : Martin");
    assert_eq!(fr[0].date, "2023-11-16");
    assert!(
        fr.iter()
            .any(|e| e.text == "Relevé kilométrique : 1\u{202f}000\u{a0}km")
    );
    let en = page(db.conn(), v.id, "2023-11-20", Locale::En)
        .unwrap()
        .timeline;
    assert_eq!(en[0].text, "New owner: Martin");
}

#[test]
fn search_finds_a_vehicle_by_partial_plate_in_lower_case_and_by_the_end_of_its_vin() {
    let mut db = test_db();
    let dupont = owner(&mut db, "Dupont");
    let input = VehicleInput {
        vin: Some("VF1RFB00065432109".into()),
        ..car(dupont, "AB-123-CD")
    };
    let v = db.write(|tx| create(tx, NOW, &input)).unwrap();
    for q in [
        "ab-12", "ab 123", "ab123c", "432109", "65432109", "VF1RFB", "clio",
    ] {
        let hits = crate::pages::search::search(db.conn(), q, 10).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.kind == search::Kind::Vehicle && h.id == v.id.to_string()),
            "{q:?} finds the vehicle: {hits:?}"
        );
    }
    let hit = &crate::pages::search::search(db.conn(), "ab-123", 10).unwrap()[0];
    assert_eq!(hit.title, "AB-123-CD");
    assert_eq!(hit.subtitle, "Renault Clio · Dupont");
    let page = list(
        db.conn(),
        &ListQuery {
            query: Some("cd".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        page.total, 0,
        "a plate matches from its start, not from the middle"
    );
}

#[test]
fn a_vin_is_decoded_against_todays_year_or_refused_on_the_vin_field() {
    let info = decode_vin("vf1 rfb00 065432109", "2023-11-14").unwrap();
    assert_eq!(info.wmi, "VF1");
    assert_eq!(info.manufacturer.as_deref(), Some("Renault"));
    assert_eq!(
        info.model_year,
        Some(2006),
        "'6' read in the cycle ending before 2024"
    );
    let err = decode_vin("VF1RFB0006543210", "2023-11-14").unwrap_err();
    assert_eq!(refusal(err).0, Field::Vin);
}

#[test]
fn makes_and_models_are_read_once_each_through_their_index() {
    let mut db = test_db();
    let c = owner(&mut db, "Dupont");
    for (plate, make, model) in [
        ("AB-123-CD", "Renault", Some("Clio")),
        ("AB-124-CD", "Renault", Some("Clio")),
        ("AB-125-CD", "Renault", Some("Kangoo")),
        ("AB-126-CD", "Citroën", None),
        ("AB-127-CD", "Citroën", Some("Jumper")),
    ] {
        let input = VehicleInput {
            make: Some(make.into()),
            model: model.map(Into::into),
            ..car(c, plate)
        };
        db.write(|tx| create(tx, NOW, &input)).unwrap();
    }
    assert_eq!(
        makes_and_models(db.conn()).unwrap(),
        vec![
            ("Citroën".to_owned(), vec!["Jumper".to_owned()]),
            (
                "Renault".to_owned(),
                vec!["Clio".to_owned(), "Kangoo".to_owned()]
            ),
        ]
    );
    for sql in [
        "SELECT MIN(make) FROM vehicles WHERE deleted_at IS NULL AND make > ?1",
        "SELECT MIN(model) FROM vehicles WHERE deleted_at IS NULL AND make = ?1 AND model > ?1",
    ] {
        let plan: String = db
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(["x"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            plan.contains("INDEX vehicles_make_model (make"),
            "each step is one look-up in the index, not a read of every vehicle:\n{plan}"
        );
    }
}

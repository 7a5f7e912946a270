use super::*;
use crate::db::test_db;
use crate::outbox::{self, OpKind};
use crate::pages::customer::page;
use crate::validation::{Field, Problem};
use crate::{Db, vehicles};
use atelier_domain::Locale;
use serde_json::json;

/// 2023-11-14T22:13:20Z
const NOW: u64 = 1_700_000_000_000;

fn person(first: &str, last: &str) -> CustomerInput {
    CustomerInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn company(name: &str, registration: &str) -> CustomerInput {
    CustomerInput {
        kind: Some("company".into()),
        company_name: Some(name.into()),
        registration: Some(registration.into()),
        ..Default::default()
    }
}

fn add(db: &mut Db, input: &CustomerInput) -> Customer {
    db.write(|tx| create(tx, NOW, input))
        .expect("a valid customer")
}

fn refusal(err: Error) -> (Field, Problem) {
    match err {
        Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn names(page: Page<Customer>) -> Vec<String> {
    page.items.into_iter().map(|c| c.display_name).collect()
}

#[test]
fn a_full_customer_is_stored_normalised_and_records_one_insert() {
    let mut db = test_db();
    let input = CustomerInput {
        civility: Some("Mme".into()),
        phone: Some(" 06.12.34.56.78 ".into()),
        phone_alt: Some("+33 1 44 55 66 77".into()),
        email: Some("Helene.Lefevre@Example.FR".into()),
        address_line1: Some("12 rue des Lilas".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        language: Some("en".into()),
        marketing_consent: true,
        payment_terms_days: Some(json!("30")),
        ..person("  Hélène ", "Lefèvre")
    };
    let c = add(&mut db, &input);
    assert_eq!(c.display_name, "Hélène Lefèvre");
    assert_eq!(c.phone.as_deref(), Some("+33612345678"), "stored as E.164");
    assert_eq!(
        c.phone_display.as_deref(),
        Some("06 12 34 56 78"),
        "shown the French way"
    );
    assert_eq!(c.phone_alt_display.as_deref(), Some("01 44 55 66 77"));
    assert_eq!(
        c.email.as_deref(),
        Some("Helene.Lefevre@example.fr"),
        "domain lowercased"
    );
    assert_eq!(c.country, "FR");
    assert_eq!(c.language, Locale::En);
    assert_eq!(
        c.marketing_consent_at.as_deref(),
        Some("2023-11-14"),
        "consent is dated"
    );
    assert_eq!(c.payment_terms_days, Some(30));
    assert_eq!(c.created_at, "2023-11-14T22:13:20Z");
    assert_eq!(get(db.conn(), c.id).unwrap(), c);

    let ops = outbox::pending(db.conn(), 10).unwrap();
    assert_eq!(ops.len(), 1, "one write, one operation");
    assert_eq!(ops[0].kind, OpKind::Insert);
    assert_eq!(ops[0].payload["phone"], "+33612345678");
}

#[test]
fn a_company_keeps_its_siren_from_a_siret_and_its_vat_number() {
    let mut db = test_db();
    let input = CustomerInput {
        vat_number: Some("FR 40 303 265 045".into()),
        civility: Some("M.".into()),
        ..company("Transports Martin SARL", "303 265 045 00011")
    };
    let c = add(&mut db, &input);
    assert_eq!(c.display_name, "Transports Martin SARL");
    assert_eq!(c.siret.as_deref(), Some("30326504500011"));
    assert_eq!(c.siren.as_deref(), Some("303265045"));
    assert_eq!(c.registration_display.as_deref(), Some("303 265 045 00011"));
    assert_eq!(c.vat_number.as_deref(), Some("FR40303265045"));
    assert_eq!(c.civility, None, "companies have no civility");
}

#[test]
fn bad_input_is_refused_with_the_field_at_fault_and_writes_nothing() {
    let mut db = test_db();
    let cases: Vec<(CustomerInput, Field)> = vec![
        (person("Jean", "  "), Field::LastName),
        (
            CustomerInput {
                kind: Some("company".into()),
                ..person("a", "b")
            },
            Field::CompanyName,
        ),
        (
            CustomerInput {
                kind: Some("robot".into()),
                ..person("a", "b")
            },
            Field::Kind,
        ),
        (
            CustomerInput {
                civility: Some("Dr".into()),
                ..person("a", "b")
            },
            Field::Civility,
        ),
        (
            CustomerInput {
                email: Some("jean@".into()),
                ..person("a", "b")
            },
            Field::Email,
        ),
        (
            CustomerInput {
                phone: Some("06 12 ab".into()),
                ..person("a", "b")
            },
            Field::Phone,
        ),
        (
            CustomerInput {
                phone_alt: Some("12".into()),
                ..person("a", "b")
            },
            Field::PhoneAlt,
        ),
        (
            CustomerInput {
                postal_code: Some("6900".into()),
                ..person("a", "b")
            },
            Field::PostalCode,
        ),
        (
            CustomerInput {
                payment_terms_days: Some(json!(-5)),
                ..person("a", "b")
            },
            Field::PaymentTerms,
        ),
        (company("X", "303 265 046"), Field::Registration),
        (
            CustomerInput {
                vat_number: Some("FR00303265045".into()),
                ..company("X", "")
            },
            Field::VatNumber,
        ),
        (person("a", &"x".repeat(101)), Field::LastName),
    ];
    for (input, field) in cases {
        let err = db.write(|tx| create(tx, NOW, &input)).unwrap_err();
        let message = err.message(Locale::Fr);
        assert_eq!(refusal(err).0, field, "input {input:?}");
        assert!(
            !message.is_empty() && !message.contains("Error"),
            "a sentence: {message}"
        );
    }
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 0);
    assert_eq!(outbox::pending_count(db.conn()).unwrap(), 0);
}

#[test]
fn messages_tell_the_person_what_to_fix_in_their_language() {
    let mut db = test_db();
    let err = db
        .write(|tx| create(tx, NOW, &person("Jean", "")))
        .unwrap_err();
    assert_eq!(err.message(Locale::Fr), "Le champ « Nom » est obligatoire.");
    assert_eq!(err.message(Locale::En), "“Last name” is required.");
    assert_eq!(err.field(), Some("last_name"));
}

#[test]
fn a_matching_phone_email_or_siren_asks_before_creating_a_second_record() {
    let mut db = test_db();
    let first = add(
        &mut db,
        &CustomerInput {
            phone: Some("0612345678".into()),
            email: Some("jean@example.fr".into()),
            ..person("Jean", "Dupont")
        },
    );
    let same_phone = CustomerInput {
        phone: Some("+33 6 12 34 56 78".into()),
        ..person("J.", "Dupond")
    };
    let err = db.write(|tx| create(tx, NOW, &same_phone)).unwrap_err();
    assert_eq!(err.code(), "duplicate");
    let Error::Customer(CustomerError::Duplicate { matches }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(matches.len(), 1);
    assert_eq!(
        matches[0].id, first.id,
        "the same number however it is typed"
    );
    assert_eq!(
        err.details().unwrap()["matches"][0]["display_name"],
        "Jean Dupont"
    );
    assert!(err.message(Locale::Fr).contains("Jean Dupont"));

    let same_email = CustomerInput {
        email: Some("JEAN@example.fr".into()),
        ..person("Jean", "Autre")
    };
    assert_eq!(
        db.write(|tx| create(tx, NOW, &same_email))
            .unwrap_err()
            .code(),
        "duplicate"
    );
    assert_eq!(
        list(db.conn(), &ListQuery::default()).unwrap().total,
        1,
        "nothing written"
    );

    let confirmed = CustomerInput {
        confirm_duplicate: true,
        ..same_phone
    };
    add(&mut db, &confirmed);
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 2);

    add(&mut db, &company("Garage A", "303265045"));
    let err = db
        .write(|tx| create(tx, NOW, &company("Garage B", "30326504500011")))
        .unwrap_err();
    assert_eq!(err.code(), "duplicate", "same SIREN through a SIRET");
}

#[test]
fn updating_records_only_the_changed_fields_and_keeps_the_consent_date() {
    let mut db = test_db();
    let c = add(
        &mut db,
        &CustomerInput {
            marketing_consent: true,
            ..person("Jean", "Dupont")
        },
    );
    let edit = CustomerInput {
        marketing_consent: true,
        phone: Some("06 00 00 00 01".into()),
        ..person("Jean", "Dupont")
    };
    let later = NOW + 86_400_000 * 3;
    let updated = db.write(|tx| update(tx, later, c.id, &edit)).unwrap();
    assert_eq!(updated.phone.as_deref(), Some("+33600000001"));
    assert_eq!(
        updated.marketing_consent_at, c.marketing_consent_at,
        "consent keeps its first date"
    );
    let ops = outbox::pending(db.conn(), 10).unwrap();
    assert_eq!(ops[1].kind, OpKind::Update);
    assert_eq!(
        ops[1].payload,
        json!({"phone": "+33600000001"}),
        "only the phone travels"
    );

    db.write(|tx| update(tx, later, c.id, &edit)).unwrap();
    assert_eq!(
        outbox::pending_count(db.conn()).unwrap(),
        2,
        "an unchanged save writes nothing"
    );
    let err = db
        .write(|tx| update(tx, 1, CustomerId::new(), &edit))
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn archiving_hides_a_customer_from_lists_and_search_but_keeps_the_record() {
    let mut db = test_db();
    let c = add(&mut db, &person("Paul", "Archivé"));
    db.write(|tx| archive(tx, NOW, c.id)).unwrap();
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 0);
    assert!(
        crate::pages::search::search(db.conn(), "archive", 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(get(db.conn(), c.id).unwrap_err().code(), "not_found");
    let kept = get_any(db.conn(), c.id).unwrap();
    assert!(kept.archived);
    let all = ListQuery {
        include_archived: true,
        ..Default::default()
    };
    assert_eq!(list(db.conn(), &all).unwrap().total, 1);
    assert_eq!(
        outbox::pending(db.conn(), 10).unwrap()[1].kind,
        OpKind::Delete
    );
}

#[test]
fn merging_moves_vehicles_and_history_and_leaves_an_alias_in_one_operation() {
    let mut db = test_db();
    let keep = add(&mut db, &person("Jean", "Dupont"));
    let remove = add(
        &mut db,
        &CustomerInput {
            confirm_duplicate: true,
            ..person("Jean", "Dupond")
        },
    );
    let car = db
        .write(|tx| {
            vehicles::create(
                tx,
                NOW,
                &vehicles::VehicleInput {
                    customer_id: Some(remove.id.to_string()),
                    plate: Some("ab-123-cd".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let ops_before = outbox::pending_count(db.conn()).unwrap();

    let kept = db.write(|tx| merge(tx, NOW, keep.id, remove.id)).unwrap();
    assert_eq!(kept.id, keep.id);
    let ops = outbox::pending(db.conn(), 100).unwrap();
    assert_eq!(ops.len() as u64, ops_before + 1, "a merge is one operation");
    assert_eq!(ops.last().unwrap().kind, OpKind::Merge);
    assert_eq!(
        ops.last().unwrap().payload,
        json!({"into": keep.id.to_string()})
    );

    assert_eq!(
        vehicles::get(db.conn(), car.id).unwrap().customer_id,
        keep.id
    );
    let owners = vehicles::owners(db.conn(), car.id).unwrap();
    assert!(
        owners.iter().all(|o| o.customer_id == keep.id),
        "history moved too"
    );
    let alias = get_any(db.conn(), remove.id).unwrap();
    assert_eq!(alias.merged_into, Some(keep.id));
    assert_eq!(
        page(db.conn(), remove.id).unwrap().customer.id,
        keep.id,
        "the alias leads to the kept record"
    );
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 1);

    let err = db.write(|tx| merge(tx, NOW, keep.id, keep.id)).unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn anonymising_wipes_personal_data_and_keeps_the_record_and_its_vehicles() {
    let mut db = test_db();
    let c = add(
        &mut db,
        &CustomerInput {
            civility: Some("Mme".into()),
            phone: Some("0612345678".into()),
            phone_alt: Some("04 78 00 00 00".into()),
            email: Some("h@example.fr".into()),
            address_line1: Some("3 place Bellecour".into()),
            postal_code: Some("69002".into()),
            city: Some("Lyon".into()),
            notes: Some("préfère le matin".into()),
            language: Some("en".into()),
            marketing_consent: true,
            payment_terms_days: Some(json!("30")),
            ..person("Hélène", "Lefèvre")
        },
    );
    let car = db
        .write(|tx| {
            vehicles::create(
                tx,
                NOW,
                &vehicles::VehicleInput {
                    customer_id: Some(c.id.to_string()),
                    plate: Some("AB-123-CD".into()),
                    mileage: Some(json!(42000)),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let a = db
        .write(|tx| crate::privacy::anonymise(tx, NOW, c.id))
        .unwrap();
    assert_eq!(a.id, c.id, "the record stays, under its id");
    assert!(a.anonymised && !a.archived);
    assert_eq!(a.display_name, ANONYMOUS);
    assert_eq!(
        (a.civility, a.first_name, a.phone, a.phone_alt, a.email),
        (None, None, None, None, None)
    );
    assert_eq!(
        (a.address_line1, a.postal_code, a.city, a.notes),
        (None, None, None, None)
    );
    assert!(!a.marketing_consent && a.marketing_consent_at.is_none());
    assert_eq!(
        (a.language, a.payment_terms_days),
        (Locale::En, Some(30)),
        "what is not personal stays: the language of her papers, her terms"
    );

    let kept = page(db.conn(), c.id).unwrap().vehicles;
    assert_eq!(kept.len(), 1, "her vehicle stays, with its history");
    assert_eq!(kept[0].id, car.id);
    assert_eq!(kept[0].plate.as_deref(), Some("AB-123-CD"));
    assert_eq!(kept[0].last_km, Some(42000));

    for query in ["lefevre", "0612", "h@example", "lyon"] {
        assert!(
            crate::pages::search::search(db.conn(), query, 10)
                .unwrap()
                .iter()
                .all(|hit| hit.id != c.id.to_string()),
            "{query}: gone from search"
        );
    }
    let doc = crate::privacy::export::document(db.conn(), c.id, NOW, Locale::Fr).unwrap();
    let text = doc.to_string();
    for word in [
        "Lefèvre",
        "Hélène",
        "+33612345678",
        "h@example.fr",
        "Bellecour",
    ] {
        assert!(
            !text.contains(word),
            "nothing personal left to export: {word}"
        );
    }
    assert_eq!(doc["records"]["vehicles"][0]["plate"], "AB-123-CD");
}

#[test]
fn the_gdpr_export_holds_the_customer_and_their_vehicles() {
    let mut db = test_db();
    let c = add(
        &mut db,
        &CustomerInput {
            email: Some("h@example.fr".into()),
            ..person("Hélène", "Lefèvre")
        },
    );
    db.write(|tx| {
        vehicles::create(
            tx,
            NOW,
            &vehicles::VehicleInput {
                customer_id: Some(c.id.to_string()),
                plate: Some("AB-123-CD".into()),
                mileage: Some(json!(42000)),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let doc = crate::privacy::export::document(db.conn(), c.id, NOW, Locale::Fr).unwrap();
    assert_eq!(doc["customer"]["email"], "h@example.fr");
    assert_eq!(doc["records"]["vehicles"][0]["plate"], "AB-123-CD");
    assert_eq!(doc["records"]["mileage_readings"][0]["km"], 42000);
    assert_eq!(doc["exported_at"], "2023-11-14T22:13:20Z");
}

#[test]
fn the_list_searches_pages_and_sorts_ignoring_accents() {
    let mut db = test_db();
    for name in ["Bernard", "André", "Émile", "Chloé"] {
        add(&mut db, &person("X", name));
    }
    let q = |query: &str| ListQuery {
        query: Some(query.into()),
        ..Default::default()
    };
    assert_eq!(names(list(db.conn(), &q("emile")).unwrap()), ["X Émile"]);
    assert_eq!(names(list(db.conn(), &q("ANDR")).unwrap()), ["X André"]);
    assert_eq!(list(db.conn(), &q("zzz")).unwrap().total, 0);
    let page = |sort, offset| {
        names(
            list(
                db.conn(),
                &ListQuery {
                    sort,
                    limit: 2,
                    offset,
                    ..Default::default()
                },
            )
            .unwrap(),
        )
    };
    assert_eq!(page(Sort::Name, 0), ["X André", "X Bernard"]);
    assert_eq!(page(Sort::Name, 2), ["X Chloé", "X Émile"], "É sorts as E");
    assert_eq!(page(Sort::Recent, 0).len(), 2);
}

use super::*;
use crate::db::test_db;
use crate::validation::{Field, Problem};
use atelier_domain::Locale;

fn person(first: &str, last: &str) -> CustomerInput {
    CustomerInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn invalid(err: Error) -> (Field, Problem) {
    match err {
        Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn creating_a_customer_stores_it_and_records_one_insert_operation() {
    let mut db = test_db();
    let input = CustomerInput {
        civility: Some("Mme".into()),
        phone: Some(" 06 12  34 56 78 ".into()),
        email: Some("helene.durand@example.fr".into()),
        ..person("  Hélène ", "Durand")
    };
    let c = db
        .write(|tx| create(tx, 1_700_000_000_000, &input))
        .unwrap();
    assert_eq!(c.display_name, "Hélène Durand");
    assert_eq!(c.first_name.as_deref(), Some("Hélène"), "input is trimmed");
    assert_eq!(
        c.phone.as_deref(),
        Some("06 12 34 56 78"),
        "spaces collapsed"
    );
    assert_eq!(c.created_at, "2023-11-14T22:13:20Z");
    assert_eq!(get(db.conn(), c.id).unwrap(), c);

    let ops = outbox::pending(db.conn(), 10).unwrap();
    assert_eq!(ops.len(), 1, "one write, one operation");
    assert_eq!(ops[0].kind, OpKind::Insert);
    assert_eq!(ops[0].entity, "customers");
    assert_eq!(ops[0].row_id, c.id.to_string());
    assert_eq!(ops[0].payload["last_name"], "Durand");
    assert_eq!(ops[0].payload["civility"], "Mme");
}

#[test]
fn an_individual_needs_a_last_name_and_a_refusal_writes_nothing() {
    let mut db = test_db();
    let err = db
        .write(|tx| create(tx, 1, &person("Jean", "   ")))
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(err.field(), Some("last_name"));
    assert_eq!(err.message(Locale::Fr), "Le champ « Nom » est obligatoire.");
    assert_eq!(err.message(Locale::En), "“Last name” is required.");
    assert_eq!(list(db.conn(), &ListQuery::default()).unwrap().total, 0);
    assert_eq!(outbox::pending_count(db.conn()).unwrap(), 0);
}

#[test]
fn a_company_needs_its_name_and_drops_the_civility() {
    let mut db = test_db();
    let mut input = CustomerInput {
        kind: Some("company".into()),
        civility: Some("M.".into()),
        ..person("Paul", "Martin")
    };
    let err = db.write(|tx| create(tx, 1, &input)).unwrap_err();
    assert_eq!(invalid(err), (Field::CompanyName, Problem::Required));

    input.company_name = Some("Transports Martin SARL".into());
    let c = db.write(|tx| create(tx, 1, &input)).unwrap();
    assert_eq!(c.display_name, "Transports Martin SARL");
    assert_eq!(c.civility, None);
    assert_eq!(
        c.last_name.as_deref(),
        Some("Martin"),
        "kept as the contact"
    );
}

#[test]
fn bad_values_are_refused_with_the_field_at_fault() {
    let mut db = test_db();
    let cases = [
        (
            CustomerInput {
                kind: Some("robot".into()),
                ..person("a", "b")
            },
            Field::Kind,
            Problem::NotAllowed,
        ),
        (
            CustomerInput {
                civility: Some("Dr".into()),
                ..person("a", "b")
            },
            Field::Civility,
            Problem::NotAllowed,
        ),
        (
            CustomerInput {
                email: Some("jean@".into()),
                ..person("a", "b")
            },
            Field::Email,
            Problem::InvalidEmail,
        ),
        (
            CustomerInput {
                email: Some("jean dupont@x.fr".into()),
                ..person("a", "b")
            },
            Field::Email,
            Problem::InvalidEmail,
        ),
        (
            CustomerInput {
                phone: Some("06 12 ab".into()),
                ..person("a", "b")
            },
            Field::Phone,
            Problem::InvalidPhone,
        ),
        (
            CustomerInput {
                phone: Some("06+12".into()),
                ..person("a", "b")
            },
            Field::Phone,
            Problem::InvalidPhone,
        ),
        (
            person("a", &"x".repeat(101)),
            Field::LastName,
            Problem::TooLong { max: 100 },
        ),
    ];
    for (input, field, problem) in cases {
        let err = db.write(|tx| create(tx, 1, &input)).unwrap_err();
        assert_eq!(invalid(err), (field, problem), "input {input:?}");
    }
    assert_eq!(outbox::pending_count(db.conn()).unwrap(), 0);
}

#[test]
fn updating_records_only_the_changed_fields() {
    let mut db = test_db();
    let c = db
        .write(|tx| create(tx, 10, &person("Jean", "Dupont")))
        .unwrap();
    let edit = CustomerInput {
        phone: Some("+33 6 00 00 00 01".into()),
        ..person("Jean", "Dupont")
    };
    let updated = db.write(|tx| update(tx, 20, c.id, &edit)).unwrap();
    assert_eq!(updated.phone.as_deref(), Some("+33 6 00 00 00 01"));
    assert_eq!(updated.created_at, c.created_at);

    let ops = outbox::pending(db.conn(), 10).unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[1].kind, OpKind::Update);
    assert_eq!(
        ops[1].payload,
        json!({"phone": "+33 6 00 00 00 01"}),
        "only the phone changed, so only the phone travels"
    );

    db.write(|tx| update(tx, 30, c.id, &edit)).unwrap();
    assert_eq!(
        outbox::pending_count(db.conn()).unwrap(),
        2,
        "an unchanged save writes nothing"
    );
}

#[test]
fn updating_a_missing_customer_says_not_found() {
    let mut db = test_db();
    let err = db
        .write(|tx| update(tx, 1, CustomerId::new(), &person("a", "b")))
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn search_ignores_accents_and_case_and_matches_phone_digits() {
    let mut db = test_db();
    let helene = CustomerInput {
        phone: Some("06 12 34 56 78".into()),
        ..person("Hélène", "Lefèvre")
    };
    db.write(|tx| create(tx, 1, &helene)).unwrap();
    db.write(|tx| create(tx, 2, &person("Marc", "Durand")))
        .unwrap();

    let find = |q: &str| {
        let page = list(
            db.conn(),
            &ListQuery {
                query: Some(q.into()),
                ..Default::default()
            },
        )
        .unwrap();
        page.items
            .into_iter()
            .map(|c| c.display_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("helene"), ["Hélène Lefèvre"]);
    assert_eq!(find("LEFEVRE hel"), ["Hélène Lefèvre"]);
    assert_eq!(find("0612345678"), ["Hélène Lefèvre"]);
    assert_eq!(find("%"), Vec::<String>::new(), "wildcards match literally");
    assert_eq!(find(""), ["Marc Durand", "Hélène Lefèvre"], "by last name");
}

#[test]
fn pages_and_sorts() {
    let mut db = test_db();
    for (i, name) in ["Bernard", "André", "Émile", "Chloé"].iter().enumerate() {
        db.write(|tx| create(tx, 100 + i as u64, &person("X", name)))
            .unwrap();
    }
    let page = |sort, offset| {
        let p = list(
            db.conn(),
            &ListQuery {
                sort,
                limit: 2,
                offset,
                ..Default::default()
            },
        )
        .unwrap();
        (
            p.total,
            p.items
                .into_iter()
                .map(|c| c.last_name.unwrap())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        page(Sort::Name, 0),
        (4, vec!["André".into(), "Bernard".into()])
    );
    assert_eq!(
        page(Sort::Name, 2),
        (4, vec!["Chloé".into(), "Émile".into()]),
        "É sorts as E"
    );
    assert_eq!(
        page(Sort::Recent, 0),
        (4, vec!["Chloé".into(), "Émile".into()])
    );
}

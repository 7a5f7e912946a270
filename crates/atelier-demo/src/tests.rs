use std::collections::HashSet;

use super::*;
use crate::test_db;
use atelier_core::customers::{CustomerKind, ListQuery, Sort};
use atelier_core::outbox;

/// 2025-06-02T10:00:00Z
const NOW: u64 = 1_748_858_400_000;

fn everyone(db: &Db) -> Vec<customers::Customer> {
    let mut out = Vec::new();
    loop {
        let page = customers::list(
            db.conn(),
            &ListQuery {
                sort: Sort::Recent,
                limit: customers::PAGE_MAX,
                offset: out.len() as u32,
                ..ListQuery::default()
            },
        )
        .unwrap();
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

fn count(db: &Db, table: &str) -> u32 {
    db.conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn demo_data_looks_like_a_french_workshop_and_goes_through_every_rule() {
    let mut db = test_db();
    let opts = DemoOptions {
        customers: 400,
        seed: 42,
    };
    let s = generate(&mut db, &opts, NOW).unwrap();
    assert_eq!(s.customers, 400);
    assert_eq!(count(&db, "customers"), 400);
    assert_eq!(count(&db, "vehicles"), s.vehicles);
    assert_eq!(count(&db, "mileage_readings"), s.readings);
    let per_customer = f64::from(s.vehicles) / 400.0;
    assert!(
        (1.3..1.75).contains(&per_customer),
        "about 1.5: {per_customer}"
    );
    assert!(
        (35..100).contains(&s.companies),
        "about 15%: {}",
        s.companies
    );
    assert!(s.readings > s.vehicles * 2, "1 to 6 readings each");

    let ops = outbox::pending_count(db.conn()).unwrap();
    assert_eq!(
        ops,
        u64::from(s.customers + 2 * s.vehicles + s.readings),
        "one operation per customer, vehicle, ownership and reading"
    );

    let people = everyone(&db);
    let names: String = people.iter().map(|c| c.display_name.as_str()).collect();
    assert!(
        names.chars().any(|c| "éèëïöüç".contains(c)),
        "accented names"
    );
    let mut phones = HashSet::new();
    for c in &people {
        for p in [&c.phone, &c.phone_alt].into_iter().flatten() {
            assert!(phones.insert(p.clone()), "{p} twice");
        }
        assert!(c.email.as_deref().is_none_or(|e| e.ends_with(".example")));
        if c.kind == CustomerKind::Company {
            assert!(c.siren.is_some(), "{} has a SIREN", c.display_name);
        }
    }

    let someone = people.iter().find(|c| c.last_name.is_some()).unwrap();
    let found =
        atelier_core::pages::search::search(db.conn(), someone.last_name.as_deref().unwrap(), 50)
            .unwrap();
    assert!(!found.is_empty(), "the search index was kept in step");
}

#[test]
fn the_same_seed_gives_the_same_people_and_vehicles() {
    let people_of = |seed| {
        let mut db = test_db();
        generate(
            &mut db,
            &DemoOptions {
                customers: 60,
                seed,
            },
            NOW,
        )
        .unwrap();
        let people: Vec<_> = everyone(&db)
            .into_iter()
            .map(|c| (c.display_name, c.phone, c.email))
            .collect();
        let plates: Vec<Option<String>> = vehicles::list(
            db.conn(),
            &vehicles::ListQuery {
                limit: 200,
                ..Default::default()
            },
        )
        .unwrap()
        .items
        .into_iter()
        .map(|v| v.plate)
        .collect();
        (people, plates)
    };
    let a = people_of(9);
    assert_eq!(a, people_of(9));
    assert_ne!(a.0, people_of(10).0);
}

#[test]
fn adding_demo_data_twice_draws_new_identifiers_instead_of_failing() {
    let mut db = test_db();
    let opts = DemoOptions {
        customers: 40,
        seed: 3,
    };
    let first = generate(&mut db, &opts, NOW).unwrap();
    let second = generate(&mut db, &opts, NOW).unwrap();
    assert_eq!(second.customers, 40);
    assert_eq!(
        count(&db, "vehicles"),
        first.vehicles + second.vehicles,
        "taken plates and VINs were drawn again"
    );
}

#[test]
fn a_sample_mixes_every_kind_of_search_and_each_finds_something() {
    let mut db = test_db();
    generate(
        &mut db,
        &DemoOptions {
            customers: 300,
            seed: 5,
        },
        NOW,
    )
    .unwrap();
    let sample = sample(db.conn(), 60, 1).unwrap();
    assert_eq!(sample.queries.len(), 60);
    assert_eq!(sample, super::sample(db.conn(), 60, 1).unwrap(), "seeded");
    for kind in QueryKind::ALL {
        assert!(sample.queries.iter().any(|q| q.kind == kind), "{kind:?}");
    }
    for q in &sample.queries {
        assert!(
            !atelier_core::pages::search::search(db.conn(), &q.text, 50)
                .unwrap()
                .is_empty(),
            "{q:?} comes from the data, so it finds it"
        );
    }
    assert!(!sample.customers.is_empty() && !sample.vehicles.is_empty());
}

#[test]
fn a_demo_workshop_gets_canned_jobs_and_orders_at_every_stage() {
    use atelier_core::orders::{OrderStatus, bench, board, documents};
    use atelier_domain::Locale;
    let mut db = test_db();
    db.write(|tx| set_up_workshop(tx, NOW, Locale::Fr)).unwrap();
    let opts = DemoOptions {
        customers: 40,
        seed: 3,
    };
    let s = generate(&mut db, &opts, NOW).unwrap();
    assert_eq!((s.canned_jobs, s.orders), (3, 24));
    let desk = atelier_core::access::Actor::system();
    let rows = board::board(db.conn(), &desk, &Default::default()).unwrap();
    for status in [
        OrderStatus::Estimate,
        OrderStatus::Accepted,
        OrderStatus::InProgress,
        OrderStatus::WaitingParts,
        OrderStatus::Done,
    ] {
        assert!(
            rows.iter().any(|r| r.status == status),
            "{status:?} on the board"
        );
    }
    assert_eq!(
        rows.len(),
        19,
        "the three cancelled orders and the two invoiced ones leave the board"
    );
    assert_eq!(
        s.invoices, 3,
        "two done orders and a counter sale are invoiced"
    );
    assert!(
        atelier_core::invoices::verify(db.conn())
            .unwrap()
            .is_clean()
    );
    let meca = atelier_core::users::list(db.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.login == "meca")
        .unwrap();
    let jobs =
        bench::bench_jobs(db.conn(), &atelier_core::users::actor(&meca), "2025-06-02").unwrap();
    assert!(!jobs.is_empty(), "the demo mechanic has work today");
    assert!(
        count(&db, "vehicle_recommendations") > 0,
        "inspections found work to recommend"
    );
    assert!(count(&db, "order_supplements") > 0);
    for r in &rows {
        let pdf = documents::repair_order_pdf(db.conn(), r.order_id, Locale::Fr, "2025-06-02");
        assert!(pdf.unwrap().starts_with(b"%PDF-"), "{}", r.number);
    }
    let again = generate(
        &mut db,
        &DemoOptions {
            customers: 1,
            seed: 4,
        },
        NOW,
    )
    .unwrap();
    assert_eq!(
        again.orders, 0,
        "orders are only added to a workshop without any"
    );
}

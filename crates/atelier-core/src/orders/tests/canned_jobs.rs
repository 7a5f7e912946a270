//! Canned jobs.

use atelier_domain::{Money, Quantity};

use super::*;
use crate::orders::canned::{self, CannedJobInput};
use crate::validation::{Field, Problem};

fn oil_change() -> CannedJobInput {
    CannedJobInput {
        name: Some("Vidange + filtre à huile".into()),
        duration: Some("0,75".into()),
        lines: vec![
            labour("Vidange moteur et remplacement du filtre", "0,5"),
            part("Huile 5W30", "4,5", "12,90"),
            LineInput {
                part_id: Some("OC 1234".into()),
                ..part("Filtre à huile", "1", "9,50")
            },
        ],
    }
}

#[test]
fn a_canned_job_is_saved_listed_edited_and_deleted() {
    let mut s = shop();
    let job =
        s.db.write(|tx| canned::create_canned_job(tx, NOW, &oil_change(), FR))
            .unwrap();
    assert_eq!(
        job.duration_hours.map(Quantity::milli),
        Some(750),
        "the planning reads its duration"
    );
    assert_eq!(job.lines.len(), 3);
    assert_eq!(job.lines[0].unit, Money::from_cents(6500));
    assert_eq!(
        canned::canned_jobs(s.db.conn()).unwrap(),
        std::slice::from_ref(&job)
    );

    let mut input = oil_change();
    input.name = Some("Vidange complète".into());
    let edited =
        s.db.write(|tx| canned::update_canned_job(tx, NOW, job.id, &input, FR))
            .unwrap();
    assert_eq!(edited.name, "Vidange complète");
    let op = crate::outbox::pending(s.db.conn(), 100)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        op.payload,
        json!({ "name": "Vidange complète" }),
        "only the name changed"
    );

    let bad = CannedJobInput {
        lines: vec![labour("x", "-1")],
        ..oil_change()
    };
    let err =
        s.db.write(|tx| canned::create_canned_job(tx, NOW, &bad, FR))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::Hours, Problem::Negative));

    s.db.write(|tx| canned::delete_canned_job(tx, NOW, job.id))
        .unwrap();
    assert!(canned::canned_jobs(s.db.conn()).unwrap().is_empty());
}

#[test]
fn applying_a_canned_job_copies_its_lines_at_todays_rate() {
    let mut s = shop();
    let job =
        s.db.write(|tx| canned::create_canned_job(tx, NOW, &oil_change(), FR))
            .unwrap();
    let mut raised = garage();
    raised.rates[0].hourly = Some("70".into());
    s.db.write(|tx| workshop::save(tx, NOW, &raised, FR))
        .unwrap();
    let o = s.estimate();
    s.add(o.id, labour("Diagnostic", "0,5"));
    let added =
        s.db.write(|tx| canned::apply_canned_job(tx, NOW, o.id, job.id))
            .unwrap();
    assert_eq!(added.len(), 3);
    assert_eq!(
        added[0].unit,
        Money::from_cents(7000),
        "the rate is copied when the line is added"
    );
    assert_eq!(added[1].net, Money::from_cents(5805), "4,5 × 12,90 €");
    assert_eq!(added[2].part_id.as_deref(), Some("OC 1234"));
    let positions: Vec<_> = lines::of_order(s.db.conn(), o.id)
        .unwrap()
        .iter()
        .map(|l| l.position)
        .collect();
    assert_eq!(positions, [1, 2, 3, 4], "after the lines already there");
    let edit = LineInput {
        quantity: Some("5".into()),
        ..part("Huile 5W30", "", "12,90")
    };
    let edited =
        s.db.write(|tx| update_line(tx, NOW, added[1].id, &edit, FR))
            .unwrap();
    assert_eq!(
        edited.net,
        Money::from_cents(6450),
        "then editable like any line"
    );
}

//! Reminder rules and due dates.

use proptest::prelude::*;

use super::*;
use crate::planning::reminders::{ReminderRule, due_date, estimate_day};
use crate::planning::time::day_number;

fn rule(km: Option<i64>, months: Option<i64>, first: Option<i64>) -> ReminderRule {
    ReminderRule {
        id: atelier_domain::ReminderRuleId::new(),
        name: "r".into(),
        kind: RuleKind::Service,
        every_km: km,
        every_months: months,
        first_months: first,
        active: true,
    }
}

fn day(s: &str) -> i64 {
    day_number(s).unwrap()
}

#[test]
fn a_rule_of_zero_km_or_with_nothing_is_refused_and_writes_nothing() {
    let mut s = shop();
    let ops = s.count("outbox");
    let zero = RuleInput {
        name: Some("Vidange".into()),
        every_km: Some("0".into()),
        every_months: Some("12".into()),
        ..RuleInput::default()
    };
    let err = s.db.write(|tx| create_rule(tx, NOW, &zero)).unwrap_err();
    assert_eq!(err.field(), Some("every_km"));
    assert!(
        err.message(FR).contains("supérieur à zéro"),
        "{}",
        err.message(FR)
    );
    let nothing = RuleInput {
        name: Some("Vidange".into()),
        ..RuleInput::default()
    };
    assert_eq!(
        s.db.write(|tx| create_rule(tx, NOW, &nothing))
            .unwrap_err()
            .field(),
        Some("every_km")
    );
    assert_eq!(s.count("outbox"), ops);
    let ok = RuleInput {
        every_km: Some("15 000".into()),
        ..zero
    };
    let r = s.db.write(|tx| create_rule(tx, NOW, &ok)).unwrap();
    assert_eq!(r.every_km, Some(15_000));
    let mut keys: Vec<String> = s.last_insert("reminder_rules").keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, s.columns("reminder_rules"));
}

#[test]
fn a_car_due_for_its_contrôle_technique_is_listed() {
    let mut s = shop();
    let customer = s.customer;
    // First registered four years ago next week: its first CT is due.
    let due = car(&mut s.db, customer, "CT-400-AA", Some("2022-03-20"));
    car(&mut s.db, customer, "NE-001-AF", Some("2025-01-10"));
    s.db.write(|tx| add_default_rules(tx, NOW, FR)).unwrap();
    let list = due_reminders(s.db.conn(), MONDAY, 30).unwrap();
    let ct: Vec<_> = list
        .iter()
        .filter(|d| d.rule_kind == RuleKind::Inspection)
        .collect();
    assert_eq!(ct.len(), 1, "{ct:?}");
    assert_eq!(ct[0].vehicle_id, due);
    assert_eq!(ct[0].due_on, "2026-03-20");
    assert!(!ct[0].overdue);
    assert!(ct[0].consent);
}

#[test]
fn one_vehicles_reminders_are_the_fleets_read_for_that_vehicle_alone() {
    let mut s = shop();
    let customer = s.customer;
    let due = car(&mut s.db, customer, "CT-400-AA", Some("2022-03-20"));
    car(&mut s.db, customer, "NE-001-AF", Some("2022-03-25"));
    s.db.write(|tx| add_default_rules(tx, NOW, FR)).unwrap();
    for within in [30, 3_660] {
        let fleet: Vec<DueReminder> = due_reminders(s.db.conn(), MONDAY, within)
            .unwrap()
            .into_iter()
            .filter(|d| d.vehicle_id == due)
            .collect();
        assert!(!fleet.is_empty());
        assert_eq!(
            due_reminders_of(s.db.conn(), due, MONDAY, within).unwrap(),
            fleet,
            "within {within} days"
        );
    }
}

#[test]
fn an_oil_service_done_falls_due_by_mileage_when_the_car_drives_a_lot() {
    let r = rule(Some(15_000), Some(12), None);
    // 100 km a day: 15 000 km in 150 days, well before the year.
    let readings = [(day("2026-01-01"), 50_000), (day("2026-02-01"), 53_100)];
    let due = due_date(
        &r,
        None,
        Some((day("2026-01-01"), Some(50_000))),
        &readings,
        day("2026-03-16"),
    )
    .unwrap();
    assert!(due.by_km);
    assert_eq!(due.km, Some(65_000));
    assert_eq!(due.day, day("2026-05-31"));
    // A car that hardly moves: the year comes first.
    let slow = [(day("2026-01-01"), 50_000), (day("2026-02-01"), 50_310)];
    let due = due_date(
        &r,
        None,
        Some((day("2026-01-01"), Some(50_000))),
        &slow,
        day("2026-03-16"),
    )
    .unwrap();
    assert!(!due.by_km);
    assert_eq!(due.day, day("2027-01-01"));
}

proptest! {
    /// A car driven at a steady pace reaches a mileage on the day its pace
    /// says, whatever the dates and distances.
    #[test]
    fn a_steady_pace_is_extrapolated_to_the_day(
        start in 700_000i64..800_000, km0 in 0i64..200_000, per_day in 1i64..300,
        gaps in proptest::collection::vec(1i64..200, 1..6), ahead in 0i64..2000,
    ) {
        let mut readings = vec![(start, km0)];
        for g in gaps {
            let (d, _) = *readings.last().unwrap();
            readings.push((d + g, km0 + (d + g - start) * per_day));
        }
        let (last_day, last_km) = *readings.last().unwrap();
        let target = last_km + ahead * per_day;
        prop_assert_eq!(estimate_day(&readings, None, target), Some(last_day + ahead));
    }

    /// Whichever comes first: the due day is never later than the date rule
    /// alone or the mileage rule alone, and a longer mileage never makes a
    /// rule due earlier.
    #[test]
    fn the_due_day_is_whichever_comes_first(
        done in 700_000i64..800_000, done_km in 0i64..200_000, per_day in 1i64..200,
        days in 1i64..400, every_km in 1_000i64..60_000, more_km in 0i64..30_000,
        months in 1i64..48,
    ) {
        let readings = [(done, done_km), (done + days, done_km + days * per_day)];
        let today = done + days;
        let both = due_date(&rule(Some(every_km), Some(months), None), None, Some((done, Some(done_km))), &readings, today).unwrap();
        let by_date = due_date(&rule(None, Some(months), None), None, Some((done, Some(done_km))), &readings, today).unwrap();
        let by_km = due_date(&rule(Some(every_km), None, None), None, Some((done, Some(done_km))), &readings, today).unwrap();
        prop_assert_eq!(both.day, by_date.day.min(by_km.day));
        let longer = due_date(&rule(Some(every_km + more_km), Some(months), None), None, Some((done, Some(done_km))), &readings, today).unwrap();
        prop_assert!(longer.day >= both.day);
    }
}

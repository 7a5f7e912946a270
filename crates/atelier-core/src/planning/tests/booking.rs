//! Booking, overlap rules, moving, cancelling and the arrival.

use super::*;
use crate::orders::{self, canned};

#[test]
fn a_booking_in_a_free_slot_is_written_with_its_history_and_its_operation() {
    let mut s = shop();
    let mut input = s.input(&s.bay1, "2026-03-16T09:00", 90);
    input.mechanic_id = Some(s.karim.to_string());
    let a = s.book(&input, false).unwrap();
    assert_eq!(
        (a.start_at.as_str(), a.end_at.as_str()),
        ("2026-03-16T09:00", "2026-03-16T10:30")
    );
    assert_eq!(a.status, AppointmentStatus::Confirmed);
    assert!(!a.overbooked);
    assert_eq!(history(s.db.conn(), a.id).unwrap().len(), 1);
    for table in ["appointments", "appointment_events", "resources"] {
        let mut keys: Vec<String> = s.last_insert(table).keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            s.columns(table),
            "the sync applier writes {table} by column name"
        );
    }
}

#[test]
fn a_conflicting_booking_is_refused_and_writes_nothing_unless_forced() {
    let mut s = shop();
    let bay = s.bay1;
    s.book(&s.input(&bay, "2026-03-16T09:00", 60), false)
        .unwrap();
    let ops = s.count("outbox");
    let err = s
        .book(&s.input(&bay, "2026-03-16T09:30", 60), false)
        .unwrap_err();
    assert_eq!(err.code(), "overbooked");
    assert!(err.message(FR).contains("Pont 1"), "{}", err.message(FR));
    assert_eq!(s.count("outbox"), ops, "a refused booking writes nothing");
    assert_eq!(s.count("appointments"), 1);
    // Touching ends do not overlap; another bay is free.
    s.book(&s.input(&bay, "2026-03-16T10:00", 60), false)
        .unwrap();
    s.book(&s.input(&s.bay2, "2026-03-16T09:30", 60), false)
        .unwrap();
    let forced = s
        .book(&s.input(&bay, "2026-03-16T09:30", 60), true)
        .unwrap();
    assert!(forced.overbooked, "a forced booking is shown as overbooked");
}

#[test]
fn the_same_mechanic_cannot_be_in_two_bays_at_once() {
    let mut s = shop();
    let (b1, b2, k) = (s.bay1, s.bay2, s.karim);
    let mut first = s.input(&b1, "2026-03-16T14:00", 60);
    first.mechanic_id = Some(k.to_string());
    s.book(&first, false).unwrap();
    let mut second = s.input(&b2, "2026-03-16T14:30", 60);
    second.mechanic_id = Some(k.to_string());
    assert_eq!(s.book(&second, false).unwrap_err().code(), "overbooked");
}

#[test]
fn bad_slots_are_refused_with_what_to_fix() {
    let mut s = shop();
    let bay = s.bay1;
    let ops = s.count("outbox");
    let mut ends_before = s.input(&bay, "2026-03-16T10:00", 60);
    ends_before.end_at = Some("2026-03-16T09:00".into());
    let err = s.book(&ends_before, false).unwrap_err();
    assert_eq!(err.field(), Some("end_at"));
    assert!(err.message(FR).contains("après son début"));
    let err = s
        .book(&s.input(&bay, "2026-03-16T07:00", 60), false)
        .unwrap_err();
    assert_eq!(err.code(), "outside_hours", "before opening");
    let err = s
        .book(&s.input(&bay, "2026-03-16T11:30", 60), false)
        .unwrap_err();
    assert_eq!(err.code(), "outside_hours", "over the lunch break");
    let err = s
        .book(&s.input(&bay, "2026-03-21T09:00", 60), false)
        .unwrap_err();
    assert_eq!(err.code(), "outside_hours", "on a Saturday");
    s.db.write(|tx| {
        add_day_off(
            tx,
            NOW,
            &bay.to_string(),
            "2026-03-17",
            Some("Révision du pont"),
        )
    })
    .unwrap();
    let ops_after_day_off = s.count("outbox");
    let err = s
        .book(&s.input(&bay, "2026-03-17T09:00", 60), false)
        .unwrap_err();
    assert_eq!(err.code(), "outside_hours", "on a day off");
    s.db.write(|tx| set_resource_active(tx, NOW, bay, false))
        .unwrap();
    let err = s
        .book(&s.input(&bay, "2026-03-16T09:00", 60), false)
        .unwrap_err();
    assert_eq!(err.field(), Some("bay_id"));
    assert!(err.message(FR).contains("désactivé"));
    assert_eq!(ops + 1, ops_after_day_off);
    assert_eq!(s.count("appointments"), 0, "nothing refused was written");
    let forced = s
        .book(&s.input(&s.bay2, "2026-03-16T07:00", 60), true)
        .unwrap();
    assert!(forced.overbooked);
}

#[test]
fn moving_and_resizing_keep_the_history_and_cancelling_frees_the_slot() {
    let mut s = shop();
    let bay = s.bay1;
    let a = s
        .book(&s.input(&bay, "2026-03-16T09:00", 60), false)
        .unwrap();
    let b = s
        .book(&s.input(&bay, "2026-03-16T14:00", 60), false)
        .unwrap();
    let err =
        s.db.write(|tx| {
            let to = SlotInput {
                start_at: Some("2026-03-16T14:30".into()),
                ..SlotInput::default()
            };
            reschedule(tx, NOW, a.id, &to, false)
        })
        .unwrap_err();
    assert_eq!(err.code(), "overbooked");
    let moved =
        s.db.write(|tx| {
            let to = SlotInput {
                start_at: Some("2026-03-16T10:00".into()),
                ..SlotInput::default()
            };
            reschedule(tx, NOW, a.id, &to, false)
        })
        .unwrap();
    assert_eq!(moved.end_at, "2026-03-16T11:00", "a move keeps the length");
    let resized =
        s.db.write(|tx| {
            let to = SlotInput {
                duration_min: Some(120),
                ..SlotInput::default()
            };
            reschedule(tx, NOW, a.id, &to, false)
        })
        .unwrap();
    assert_eq!(resized.end_at, "2026-03-16T12:00");
    let steps: Vec<String> = history(s.db.conn(), a.id)
        .unwrap()
        .into_iter()
        .map(|e| e.start_at)
        .collect();
    assert_eq!(
        steps,
        ["2026-03-16T09:00", "2026-03-16T10:00", "2026-03-16T10:00"]
    );
    s.db.write(|tx| set_status(tx, NOW, b.id, AppointmentStatus::Cancelled))
        .unwrap();
    s.book(&s.input(&bay, "2026-03-16T14:00", 60), false)
        .unwrap();
    let err =
        s.db.write(|tx| set_status(tx, NOW, b.id, AppointmentStatus::Confirmed))
            .unwrap_err();
    assert_eq!(
        err.field(),
        Some("status"),
        "a cancelled appointment stays cancelled"
    );
}

#[test]
fn a_no_show_stays_on_the_customer() {
    let mut s = shop();
    let a = s
        .book(&s.input(&s.bay1, "2026-03-16T09:00", 60), false)
        .unwrap();
    s.db.write(|tx| set_status(tx, NOW, a.id, AppointmentStatus::NoShow))
        .unwrap();
    let mine = of_customer(s.db.conn(), s.customer).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, AppointmentStatus::NoShow);
}

#[test]
fn the_arrival_makes_the_repair_order_with_the_canned_jobs_and_the_mechanic() {
    let mut s = shop();
    let garage = crate::workshop::WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        rates: vec![crate::workshop::RateInput {
            code: "mechanics".into(),
            label: None,
            hourly: Some("65,00".into()),
        }],
        ..Default::default()
    };
    s.db.write(|tx| crate::workshop::save(tx, NOW, &garage, FR))
        .unwrap();
    let job =
        s.db.write(|tx| {
            canned::create_canned_job(
                tx,
                NOW,
                &canned::CannedJobInput {
                    name: Some("Vidange + filtre".into()),
                    duration: Some("1,5".into()),
                    lines: vec![crate::orders::LineInput {
                        kind: Some("labour".into()),
                        description: Some("Vidange moteur".into()),
                        hours: Some("0,5".into()),
                        ..Default::default()
                    }],
                },
                FR,
            )
        })
        .unwrap();
    let mut input = s.input(&s.bay1, "2026-03-16T09:00", 0);
    input.duration_min = None;
    input.canned_job_ids = vec![job.id.to_string()];
    input.mechanic_id = Some(s.karim.to_string());
    let a = s.book(&input, false).unwrap();
    assert_eq!(a.end_at, "2026-03-16T10:30", "the canned job's 1,5 h");
    let desk = s.desk.clone();
    let arrival =
        s.db.write(|tx| arrive(tx, NOW, &desk, a.id, Some(serde_json::json!("84 500")), FR))
            .unwrap();
    assert_eq!(arrival.appointment.status, AppointmentStatus::Arrived);
    let order = orders::get(s.db.conn(), arrival.order_id).unwrap();
    assert_eq!(order.customer_id, s.customer);
    assert_eq!(order.mileage_km, Some(84_500));
    assert_eq!(order.complaint.as_deref(), Some("Vidange"));
    assert_eq!(order.mechanic_ids[0].to_string(), s.karim_user);
    let lines = orders::lines::of_order(s.db.conn(), arrival.order_id).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].description, "Vidange moteur");
    let again = s.db.write(|tx| arrive(tx, NOW, &desk, a.id, None, FR));
    assert!(again.is_err(), "one arrival, one order");
}

#[test]
fn the_front_desk_dashboard_lists_todays_appointments_here_by_time() {
    let mut s = shop();
    let other =
        s.db.write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    last_name: Some("Martin".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let other_car = car(&mut s.db, other, "EF-456-GH", None);
    let (bay1, bay2) = (s.bay1, s.bay2);
    let late = s
        .book(&s.input(&bay1, "2026-03-16T10:00", 60), false)
        .unwrap();
    let mut early = s.input(&bay2, "2026-03-16T08:30", 60);
    early.customer_id = Some(other.to_string());
    early.vehicle_id = Some(other_car.to_string());
    let early = s.book(&early, false).unwrap();
    let called_off = s
        .book(&s.input(&bay1, "2026-03-16T09:00", 30), false)
        .unwrap();
    s.db.write(|tx| set_status(tx, NOW, called_off.id, AppointmentStatus::Cancelled))
        .unwrap();
    s.book(&s.input(&bay1, "2026-03-17T09:00", 60), false)
        .unwrap();

    let d = crate::pages::dashboard::dashboard(s.db.conn(), &s.desk, MONDAY).unwrap();
    let listed: Vec<(String, String, Option<String>)> = d
        .front_desk
        .expect("the front desk sees its panel")
        .appointments_today
        .expect("appointments are known")
        .into_iter()
        .map(|a| (a.at, a.customer_name, a.plate))
        .collect();
    assert_eq!(
        listed,
        [
            ("08:30".into(), early.customer_name, early.plate),
            ("10:00".into(), late.customer_name, late.plate),
        ],
        "by time; the cancelled one and tomorrow's are left out"
    );

    s.db.write(|tx| {
        let south = crate::stock::create_site(tx, NOW, "Lyon Sud")?.id;
        crate::stock::set_current_site(tx, south)
    })
    .unwrap();
    let there = crate::pages::dashboard::dashboard(s.db.conn(), &s.desk, MONDAY).unwrap();
    assert_eq!(
        there.front_desk.and_then(|f| f.appointments_today),
        Some(Vec::new()),
        "another site's workstation lists its own day, empty"
    );
    let mechanic = Actor {
        user: None,
        name: "Karim".into(),
        roles: Roles::of(&[Role::Mechanic]),
    };
    let d = crate::pages::dashboard::dashboard(s.db.conn(), &mechanic, MONDAY).unwrap();
    assert!(d.front_desk.is_none(), "a mechanic has no front desk panel");
}

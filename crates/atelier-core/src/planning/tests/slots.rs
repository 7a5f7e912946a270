//! Free time on the board and the next free slot.

use super::*;
use crate::planning::slots::free_of;

#[test]
fn free_time_is_the_hours_minus_what_is_booked_without_crumbs() {
    let hours = [[480, 720], [810, 1080]];
    assert_eq!(free_of(&hours, &[]), hours.to_vec());
    assert_eq!(
        free_of(&hours, &[[540, 600], [590, 610], [710, 830]]),
        vec![[480, 540], [610, 710], [830, 1080]]
    );
    assert_eq!(free_of(&hours, &[[480, 1080]]), Vec::<[u32; 2]>::new());
    assert_eq!(
        free_of(&[[480, 500]], &[[485, 500]]),
        Vec::<[u32; 2]>::new(),
        "5 minutes is no slot"
    );
}

#[test]
fn the_week_view_shows_each_bay_s_bookings_and_free_time() {
    let mut s = shop();
    let bay = s.bay1;
    s.book(&s.input(&bay, "2026-03-16T09:00", 60), false)
        .unwrap();
    let week = board(s.db.conn(), MONDAY, 7, BoardBy::Bay).unwrap();
    assert_eq!(week.days.len(), 7);
    assert_eq!(week.rows.len(), 2, "two bays");
    let monday = &week.rows[0].days[0];
    assert_eq!(monday.appointments.len(), 1);
    assert_eq!(monday.free, vec![[480, 540], [600, 720], [810, 1080]]);
    assert!(week.rows[0].days[5].hours.is_empty(), "closed on Saturday");
    let by_mechanic = board(s.db.conn(), MONDAY, 1, BoardBy::Mechanic).unwrap();
    assert_eq!(
        by_mechanic.rows.len(),
        2,
        "Karim, and the appointments with no mechanic"
    );
    assert_eq!(by_mechanic.rows[1].resource_id, None);
}

#[test]
fn the_next_free_slot_skips_bookings_breaks_days_off_and_weekends() {
    let mut s = shop();
    let (b1, b2) = (s.bay1, s.bay2);
    let found = next_free_slot(s.db.conn(), "2026-03-16T08:05", 60, None, None)
        .unwrap()
        .unwrap();
    assert_eq!(found.start_at, "2026-03-16T08:15", "on the quarter hour");
    s.book(&s.input(&b1, "2026-03-16T08:00", 240), false)
        .unwrap();
    let found = next_free_slot(s.db.conn(), "2026-03-16T08:00", 60, Some(b1), None)
        .unwrap()
        .unwrap();
    assert_eq!(
        found.start_at, "2026-03-16T13:30",
        "after the booking and the lunch break"
    );
    let found = next_free_slot(s.db.conn(), "2026-03-16T08:00", 60, None, None)
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.start_at.as_str(), found.bay_id),
        ("2026-03-16T08:00", b2)
    );
    let found = next_free_slot(s.db.conn(), "2026-03-20T17:30", 60, Some(b1), None)
        .unwrap()
        .unwrap();
    assert_eq!(
        found.start_at, "2026-03-23T08:00",
        "Friday evening: Monday morning"
    );
    s.db.write(|tx| add_day_off(tx, NOW, &b1.to_string(), "2026-03-23", None))
        .unwrap();
    let found = next_free_slot(s.db.conn(), "2026-03-20T17:30", 60, Some(b1), None)
        .unwrap()
        .unwrap();
    assert_eq!(found.start_at, "2026-03-24T08:00");
    let k = s.karim;
    let mut busy = s.input(&b2, "2026-03-17T08:00", 240);
    busy.mechanic_id = Some(k.to_string());
    s.book(&busy, false).unwrap();
    let found = next_free_slot(s.db.conn(), "2026-03-17T08:00", 60, Some(b1), Some(k))
        .unwrap()
        .unwrap();
    assert_eq!(
        found.start_at, "2026-03-17T13:30",
        "the mechanic must be free too"
    );
    let none = next_free_slot(s.db.conn(), "2026-03-16T08:00", 600, None, None).unwrap();
    assert_eq!(none, None, "no working stretch is ten hours long");
}

#[test]
fn working_hours_out_of_order_are_refused_with_an_example_and_write_nothing() {
    let mut s = shop();
    let (ops, bays) = (s.count("outbox"), s.count("resources"));
    for typed in ["12:00-08:00", "08:00-12:00, 11:00-17:00", "8h à midi"] {
        let mut week = vec![String::new(); 7];
        week[0] = typed.into();
        let input = ResourceInput {
            kind: Some("bay".into()),
            name: Some("Pont 3".into()),
            week_hours: Some(week),
            ..ResourceInput::default()
        };
        let err =
            s.db.write(|tx| create_resource(tx, NOW, None, &input))
                .unwrap_err();
        assert_eq!(err.field(), Some("week_hours"), "{typed}");
        assert_eq!(
            err.message(FR),
            "« Horaires » : écrivez chaque plage début-fin, dans l’ordre de la journée, \
             par exemple 08:00-12:00, 13:30-18:00.",
            "{typed}"
        );
    }
    assert_eq!((s.count("outbox"), s.count("resources")), (ops, bays));
    assert_eq!(
        resources::parse_day_hours("8h-12h; 13h30–17h").unwrap(),
        vec![[480, 720], [810, 1020]]
    );
}

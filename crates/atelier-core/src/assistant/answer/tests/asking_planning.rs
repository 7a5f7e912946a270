//! Appointments, free slots, reminders, the next service, who is off, the
//! workshop's hours.

use super::*;

#[test]
fn tomorrows_appointments_and_a_customers_are_the_planning_boards() {
    let s = shop();
    let a = s.ask(&s.desk, "rendez-vous de demain");
    is(&a, AnswerKind::Answered);
    assert_eq!(a.text, "1 rendez-vous le 11/03/2026.");
    assert_eq!(
        lines(&a),
        ["mercredi 11/03/2026 09:00–10:00 · Hélène Lefèvre · Peugeot 308 AB-123-CD · Vidange"]
    );
    assert_eq!(routes(&a), [format!("#/clients/{}", s.helene)]);
    assert!(a.links.iter().any(|l| l.route == "#/planning"));
    let a = s.ask(&s.desk, "rendez-vous de Hélène Lefèvre");
    assert_eq!(a.text, "1 rendez-vous pour Hélène Lefèvre.");
    let a = s.ask_in(&s.desk, "appointments tomorrow", Locale::En);
    assert_eq!(a.text, "1 appointment on 11 Mar 2026.");
}

#[test]
fn free_slots_start_after_now_and_skip_what_is_booked() {
    let s = shop();
    let a = s.ask(&s.desk, "prochain créneau libre de 2 heures demain");
    is(&a, AnswerKind::Answered);
    assert_eq!(a.slots.duration, Some(120));
    assert_eq!(a.text, "Prochains créneaux libres de 120 min :");
    assert_eq!(
        lines(&a)[0],
        "mercredi 11/03/2026 08:00–10:00 · Pont 2",
        "Pont 1 is booked at 9"
    );
    let a = s.ask(&s.desk, "un créneau libre aujourd'hui ?");
    assert!(
        lines(&a)[0].starts_with("mardi 10/03/2026 10:00–11:00"),
        "not before 10:00, now: {a:#?}"
    );
}

#[test]
fn reminders_due_are_the_planning_screens_with_the_overdue_ones_apart() {
    let s = shop();
    let a = s.ask(&s.desk, "qui a un contrôle technique en retard ?");
    is(&a, AnswerKind::Answered);
    assert!(a.slots.overdue, "{a:#?}");
    // Every car was first registered on 15/01/2022: its first CT fell on
    // 15/01/2026.
    assert_eq!(a.text, "4 rappels en retard.", "the four cars");
    assert!(
        lines(&a)
            .iter()
            .all(|l| l.starts_with("Contrôle technique")),
        "{a:#?}"
    );
    assert!(routes(&a).contains(&format!("#/vehicules/{}", s.peugeot).as_str()));
    let a = s.ask(&s.desk, "quand doit revenir la AB-123-CD ?");
    assert_eq!(a.intent, crate::assistant::Intent::NextService);
    assert_eq!(
        a.text,
        "Peugeot 308 AB-123-CD : Contrôle technique en retard, prévue le 15/01/2026."
    );
}

#[test]
fn who_is_off_and_when_the_workshop_opens_come_from_the_resources() {
    let s = shop();
    let a = s.ask(&s.desk, "qui est absent demain ?");
    assert_eq!(a.text, "1 absence le 11/03/2026 :");
    assert_eq!(lines(&a), ["mercredi 11/03/2026 · Lucas (congé)"]);
    let a = s.ask(&s.desk, "qui est absent aujourd'hui ?");
    assert_eq!(a.text, "Tout le monde est là le 10/03/2026.");
    let a = s.ask(&s.karim, "horaires d'ouverture samedi");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text, "L’atelier est fermé samedi 14/03/2026.",
        "anyone may ask"
    );
    let a = s.ask(&s.karim, "horaires de jeudi");
    assert_eq!(
        a.text,
        "L’atelier est ouvert jeudi 12/03/2026 : 08:00-12:00, 13:30-18:00."
    );
}

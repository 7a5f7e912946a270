//! Actions come back prepared for their dialog, filled from the question;
//! nothing is written.

use super::*;

/// The prepared fields of asking `question` as the front desk, checking
/// nothing was written.
fn prepared(s: &Shop, question: &str) -> (Answer, std::collections::BTreeMap<String, String>) {
    let before = s.rows();
    let a = s.ask(&s.desk, question);
    assert_eq!(
        s.rows(),
        before,
        "{question}: an action is only prepared, nothing is written"
    );
    is(&a, AnswerKind::Prepared);
    let p = a.prepared.clone().expect("a prepared action");
    assert_eq!(p.action, a.intent.as_str());
    (a, p.fields)
}

#[test]
fn a_booking_is_prepared_with_the_customer_the_car_the_slot_and_whether_it_is_free() {
    let s = shop();
    let (a, fields) = prepared(
        &s,
        "prends un rendez-vous demain à 9h pour la AB-123-CD, vidange de 90 minutes",
    );
    assert_eq!(fields["customer_id"], s.helene.to_string());
    assert_eq!(fields["customer_label"], "Hélène Lefèvre");
    assert_eq!(fields["vehicle_id"], s.peugeot.to_string());
    assert_eq!(fields["vehicle_label"], "Peugeot 308 AB-123-CD");
    assert_eq!(
        (fields["day"].as_str(), fields["time"].as_str()),
        ("2026-03-11", "09:00")
    );
    assert_eq!(fields["duration"], "90");
    assert_eq!(fields["work"], "Vidange");
    assert!(
        fields.contains_key("bay_id"),
        "the bay found free: {fields:?}"
    );
    assert_eq!(
        a.text,
        "Rendez-vous à confirmer pour Hélène Lefèvre (Peugeot 308 AB-123-CD) le 11/03/2026 à 09:00. \
         Le créneau est libre (Pont 2)."
    );
    let (a, fields) = prepared(&s, "prends un rendez-vous demain à 7h pour la AB-123-CD");
    assert!(
        a.text
            .ends_with("Ce créneau est pris : le prochain libre est le 11/03/2026 à 08:00."),
        "{a:#?}"
    );
    assert!(
        !fields.contains_key("bay_id") && !fields.contains_key("duration"),
        "{fields:?}"
    );
}

#[test]
fn an_estimate_a_reminder_a_customer_and_a_payment_are_prepared_with_their_fields() {
    let s = shop();
    let (_, fields) = prepared(&s, "nouveau devis freins pour la CD-456-EF");
    assert_eq!(fields["customer_id"], s.paul.to_string());
    assert_eq!(fields["vehicle_label"], "Renault Clio CD-456-EF");
    assert_eq!(fields["work"], "Freins");
    let (_, fields) = prepared(
        &s,
        "envoie un rappel de contrôle technique à Hélène Lefèvre",
    );
    assert_eq!(fields["vehicle_id"], s.peugeot.to_string());
    assert_eq!(fields["work"], "Contrôle technique");
    let (a, fields) = prepared(&s, "nouveau client Jean-Pierre Dupuis 06 12 34 56 79");
    assert_eq!(fields["name"], "Jean-Pierre Dupuis");
    assert_eq!(fields["phone"], "0612345679");
    assert!(a.lines.is_empty(), "no one alike");
    let (a, fields) = prepared(&s, "encaisser 20 € sur la facture F-S1A-2026-000001");
    assert_eq!(fields["invoice_id"], s.invoice.to_string());
    assert_eq!(fields["invoice_number"], "F-S1A-2026-000001");
    assert_eq!(fields["customer_id"], s.paul.to_string());
    assert_eq!(fields["amount"], "20.00");
    assert_eq!(
        a.text,
        "Paiement de 20,00\u{a0}€ à enregistrer sur la facture F-S1A-2026-000001 de Paul Martin (reste 175,00\u{a0}€)."
    );
    let (_, fields) = prepared(&s, "encaisser la facture de Paul Martin");
    assert_eq!(
        fields["amount"], "175.00",
        "what is left, when no amount is said"
    );
}

#[test]
fn an_action_beyond_the_persons_role_is_refused_and_writes_nothing() {
    let s = shop();
    let before = s.rows();
    for question in [
        "nouveau client Jean Dupuis",
        "encaisser 20 € sur la facture F-S1A-2026-000001",
    ] {
        let a = s.ask(&s.karim, question);
        is(&a, AnswerKind::Refused);
        assert!(a.prepared.is_none());
    }
    assert_eq!(s.rows(), before);
}

//! A customer's card, a vehicle's card, how to reach someone, a vehicle's
//! mileage and registration.

use super::*;

#[test]
fn a_customer_found_by_phone_shows_their_cars_and_open_work_from_their_page() {
    let s = shop();
    let a = s.ask(&s.desk, "fiche client 06 12 34 56 78");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text,
        "Hélène Lefèvre (06 12 34 56 78 · helene@example.fr · Lyon) : 1 véhicule, 1 travail en cours."
    );
    assert_eq!(
        routes(&a),
        [
            format!("#/vehicules/{}", s.peugeot),
            format!("#/ordres/{}", s.at_work)
        ]
    );
    assert_eq!(a.links[0].route, format!("#/clients/{}", s.helene));
    let a = s.ask(&s.desk, "fiche client 06 00 00 00 01");
    is(&a, AnswerKind::Invalid);
    assert_eq!(a.text, "Aucun client n’a « 0600000001 » sur sa fiche.");
}

#[test]
fn a_vehicle_is_found_by_its_plate_with_its_owner_and_mileage() {
    let s = shop();
    let a = s.ask(&s.desk, "à qui est la voiture AB-123-CD ?");
    assert_eq!(a.intent, crate::assistant::Intent::FindVehicle);
    assert_eq!(
        a.text,
        "Peugeot 308 AB-123-CD, à Hélène Lefèvre, 84\u{202f}500\u{a0}km."
    );
    assert_eq!(routes(&a), [format!("#/clients/{}", s.helene)]);
    let a = s.ask(&s.karim, "à qui est la voiture AB-123-CD ?");
    assert_eq!(
        a.text, "Peugeot 308 AB-123-CD, 84\u{202f}500\u{a0}km.",
        "a mechanic reads no customer"
    );
}

#[test]
fn how_to_reach_a_customer_and_a_vehicles_mileage() {
    let s = shop();
    let a = s.ask(&s.desk, "téléphone de Hélène Lefèvre");
    assert_eq!(a.intent, crate::assistant::Intent::CustomerContact);
    assert_eq!(a.text, "Pour joindre Hélène Lefèvre :");
    assert_eq!(
        lines(&a),
        [
            "Téléphone : 06 12 34 56 78",
            "E-mail : helene@example.fr",
            "Adresse : Lyon"
        ]
    );
    let a = s.ask(&s.karim, "kilométrage de la AB-123-CD");
    assert_eq!(a.intent, crate::assistant::Intent::VehicleInfo);
    assert_eq!(
        a.text,
        "Peugeot 308 AB-123-CD : 84\u{202f}500\u{a0}km, relevé le 10/03/2026."
    );
    assert_eq!(lines(&a), ["Mise en circulation : 15/01/2022"]);
}

//! A name several customers share is asked back; each choice's question,
//! asked again, names exactly its customer.

use super::*;

/// Asks `question`, expects the three Martins to choose from, asks each
/// choice's question again and checks that it answers about that Martin
/// alone, as the same intent.
fn each_choice_names_its_martin(s: &Shop, question: &str, locale: Locale) {
    let a = s.ask_in(&s.desk, question, locale);
    is(&a, AnswerKind::Ambiguous);
    assert!(
        a.lines.is_empty() && a.prepared.is_none(),
        "nothing but the choices: {a:#?}"
    );
    let martins = [
        ("Paul Martin", s.paul),
        ("Marie Martin", s.marie),
        ("Jean Martin", s.jean),
    ];
    assert_eq!(a.choices.len(), 3, "{question}: {a:#?}");
    for choice in &a.choices {
        let (name, id) = martins
            .iter()
            .find(|(n, _)| choice.label.starts_with(n))
            .unwrap_or_else(|| panic!("{question}: a choice of no Martin: {choice:?}"));
        let again = s.ask_in(&s.desk, &choice.ask, locale);
        assert_eq!(
            again.intent, a.intent,
            "{question} → {}: {again:#?}",
            choice.ask
        );
        assert!(
            !matches!(
                again.kind,
                AnswerKind::Ambiguous | AnswerKind::NotUnderstood | AnswerKind::Refused
            ),
            "{question} → {}: {again:#?}",
            choice.ask
        );
        let said = serde_json::to_string(&again).unwrap();
        assert!(
            said.contains(name) || said.contains(&id.to_string()),
            "{question} → {} names {name}: {said}",
            choice.ask
        );
        for (other, other_id) in martins.iter().filter(|(n, _)| n != name) {
            assert!(
                !said.contains(other) && !said.contains(&other_id.to_string()),
                "{question} → {} names {other} too: {said}",
                choice.ask
            );
        }
    }
}

#[test]
fn a_name_three_customers_share_is_asked_back_and_each_choice_names_one_alone() {
    let s = shop();
    let a = s.ask(&s.desk, "historique de Martin");
    assert_eq!(a.text, "3 clients répondent à « martin » : lequel ?");
    assert_eq!(
        a.choices
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        [
            "Paul Martin · 06 11 22 33 44 · Lyon",
            "Marie Martin · 06 55 66 77 88 · Paris",
            "Jean Martin · 06 99 88 77 66 · Nantes"
        ]
    );
    for question in [
        "historique de Martin",
        "rendez-vous de Martin",
        "factures impayées de Martin",
        "coordonnées de M. Martin",
        "devis en attente de Martin",
        "fiche client Martin",
        "où en est la voiture de M. Martin ?",
        "kilométrage de la voiture de M. Martin",
        "prends un rendez-vous demain à 10h pour M. Martin",
        "nouveau devis freins pour M. Martin",
        "encaisser 20 € de M. Martin",
    ] {
        each_choice_names_its_martin(&s, question, Locale::Fr);
    }
    for question in ["history of Martin", "contact details of Mr Martin"] {
        each_choice_names_its_martin(&s, question, Locale::En);
    }
}

#[test]
fn a_customer_with_two_cars_is_asked_which_and_each_plate_books_that_car() {
    let s = shop();
    let a = s.ask(
        &s.desk,
        "prends un rendez-vous demain à 10h pour Marie Martin",
    );
    is(&a, AnswerKind::Ambiguous);
    assert_eq!(a.text, "2 véhicules correspondent : lequel ?");
    for choice in &a.choices {
        let plate = choice.label.split(' ').next().unwrap();
        let again = s.ask(&s.desk, &choice.ask);
        is(&again, AnswerKind::Prepared);
        let fields = &again.prepared.as_ref().unwrap().fields;
        assert_eq!(fields["customer_id"], s.marie.to_string());
        assert!(fields["vehicle_label"].ends_with(plate), "{fields:?}");
        assert_eq!(
            (fields["day"].as_str(), fields["time"].as_str()),
            ("2026-03-11", "10:00")
        );
    }
    let a = s.ask(
        &s.desk,
        "prends un rendez-vous demain pour la clio de Marie Martin",
    );
    is(&a, AnswerKind::Prepared);
    assert_eq!(
        a.prepared.unwrap().fields["vehicle_label"],
        "Renault Clio GH-012-JK",
        "the Clio said"
    );
}

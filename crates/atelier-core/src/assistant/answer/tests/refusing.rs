//! What the assistant will not answer: beyond the person's role, or words
//! that cannot be answered. A clear sentence each time, and nothing read
//! or written beyond what is needed to say so.

use super::*;

#[test]
fn a_mechanic_asking_for_revenue_or_invoices_is_refused_politely_in_their_language() {
    let s = shop();
    for (question, what) in [
        (
            "chiffre d'affaires du mois dernier",
            "consulter les rapports",
        ),
        (
            "factures impayées de plus de 30 jours",
            "gérer les factures et les paiements",
        ),
        (
            "prends un rendez-vous demain à 10h pour la AB-123-CD",
            "gérer les rendez-vous",
        ),
        (
            "historique de Martin",
            "consulter les devis et ordres de réparation",
        ),
    ] {
        let a = s.ask(&s.karim, question);
        is(&a, AnswerKind::Refused);
        assert_eq!(
            a.text,
            format!(
                "Désolé, vous ne pouvez pas {what} : demandez à la personne qui gère l’atelier."
            )
        );
        assert!(
            a.lines.is_empty() && a.choices.is_empty() && a.prepared.is_none(),
            "{a:#?}"
        );
    }
    let a = s.ask_in(&s.karim, "revenue last month", Locale::En);
    assert_eq!(
        a.text,
        "Sorry, you may not see the reports: ask the person who runs the workshop."
    );
    let a = s.ask(&s.desk, "chiffre d'affaires du mois dernier");
    is(&a, AnswerKind::Refused);
}

#[test]
fn a_mechanic_naming_a_customer_is_refused_as_the_customers_screen_would() {
    let s = shop();
    let a = s.ask(&s.karim, "kilométrage de la voiture de Hélène Lefèvre");
    is(&a, AnswerKind::Refused);
    assert!(a.text.contains("consulter les clients"), "{a:#?}");
}

#[test]
fn words_that_cannot_be_answered_say_so_and_nothing_is_written() {
    let s = shop();
    let before = s.rows();
    let long = "rendez-vous ".repeat(50);
    assert!(long.chars().count() == 600);
    for (question, kind, text) in [
        (
            "rendez-vous le 31 février",
            AnswerKind::Invalid,
            "« 31 fevrier » n’est pas une date qui existe : rien n’a été fait.",
        ),
        (
            "",
            AnswerKind::Invalid,
            "Posez une question, par exemple l’une de celles-ci.",
        ),
        (
            "   ",
            AnswerKind::Invalid,
            "Posez une question, par exemple l’une de celles-ci.",
        ),
        (
            long.as_str(),
            AnswerKind::Invalid,
            "Votre question est trop longue (500 caractères au plus) : posez-la en quelques mots.",
        ),
        (
            "🚗🔧🙂",
            AnswerKind::NotUnderstood,
            "Je n’ai pas compris. Essayez par exemple :",
        ),
        (
            "Wann ist mein Auto fertig?",
            AnswerKind::NotUnderstood,
            "Je n’ai pas compris. Essayez par exemple :",
        ),
        (
            "où en est la ZZ-999-ZZ ?",
            AnswerKind::Invalid,
            "Aucun véhicule immatriculé ZZ-999-ZZ.",
        ),
        (
            "historique de Dupuis",
            AnswerKind::Invalid,
            "Aucun client ne s’appelle « dupuis ».",
        ),
    ] {
        let a = s.ask(&s.owner, question);
        assert_eq!(
            (a.kind, a.text.as_str()),
            (kind, text),
            "{question}: {a:#?}"
        );
        assert!(
            a.lines.is_empty() && a.choices.is_empty() && a.prepared.is_none(),
            "{a:#?}"
        );
        if kind == AnswerKind::NotUnderstood || text.starts_with("Posez") {
            assert!(!a.suggestions.is_empty(), "questions to try: {a:#?}");
        }
    }
    assert_eq!(s.rows(), before, "nothing written");
}

#[test]
fn not_understood_proposes_only_what_the_person_may_ask() {
    let s = shop();
    let a = s.ask(&s.karim, "🚗🔧🙂");
    is(&a, AnswerKind::NotUnderstood);
    for suggestion in &a.suggestions {
        let again = s.ask(&s.karim, suggestion);
        assert_ne!(again.kind, AnswerKind::Refused, "{suggestion}: {again:#?}");
    }
    let a = s.ask(&s.karim, "aide");
    assert_eq!(a.intent, crate::assistant::Intent::Help);
    assert!(
        a.suggestions
            .contains(&"Qu’est-ce que j’ai à faire aujourd’hui ?".to_owned()),
        "{a:#?}"
    );
    assert!(
        !a.suggestions.iter().any(|q| q.contains("Chiffre")),
        "no report for a mechanic: {a:#?}"
    );
}

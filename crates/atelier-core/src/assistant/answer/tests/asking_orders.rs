//! Where cars and orders stand, a mechanic's jobs, estimates waiting,
//! work put off, a customer's visits.

use super::*;

#[test]
fn where_a_car_stands_is_read_off_the_board_with_its_price_for_the_front_desk() {
    let s = shop();
    let a = s.ask(&s.desk, "où en est la 308 AB-123-CD ?");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text,
        "Peugeot 308 AB-123-CD (OR-2026-0002) : en cours, étapes faites : 0 sur 1, \
         promise le 10/03/2026 à 17:30, 225,00\u{a0}€ TTC."
    );
    assert_eq!(
        routes(&a),
        [format!("#/ordres/{}", s.at_work)],
        "the line opens the order"
    );
    assert!(lines(&a)[0].contains("Hélène Lefèvre"), "{a:#?}");
}

#[test]
fn a_mechanic_sees_where_a_car_stands_without_a_price_nor_a_customer_and_opens_its_job_card() {
    let s = shop();
    let a = s.ask(&s.karim, "où en est la 308 AB-123-CD ?");
    is(&a, AnswerKind::Answered);
    let everything = format!("{} {}", a.text, lines(&a).join(" "));
    assert!(
        !everything.contains('€'),
        "a mechanic never sees a price: {everything}"
    );
    assert!(
        !everything.contains("Lefèvre"),
        "nor whose car it is: {everything}"
    );
    assert!(a.text.contains("en cours"), "{a:#?}");
    assert_eq!(
        routes(&a),
        [format!("#/atelier/{}", s.at_work)],
        "the bench's job card"
    );
}

#[test]
fn an_order_is_found_by_its_number_and_an_invoice_number_is_not_an_order() {
    let s = shop();
    let a = s.ask(&s.desk, "où en est l'OR-2026-0001 ?");
    is(&a, AnswerKind::Answered);
    assert!(
        a.text
            .starts_with("Renault Clio CD-456-EF (OR-2026-0001) : facturé"),
        "{a:#?}"
    );
    let a = s.ask(&s.desk, "où en est l'OR-2026-0099 ?");
    is(&a, AnswerKind::Invalid);
    assert_eq!(a.text, "Aucun document ne porte le numéro OR-2026-0099.");
}

#[test]
fn a_car_with_no_work_under_way_says_when_it_last_came() {
    let s = shop();
    let a = s.ask(&s.desk, "où en est la voiture CD-456-EF ?");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text,
        "Aucun travail en cours pour Renault Clio CD-456-EF (Paul Martin). Dernier passage : OR-2026-0001, le 28/01/2026."
    );
}

#[test]
fn orders_of_a_status_and_those_ready_to_invoice_come_from_the_board() {
    let s = shop();
    let a = s.ask(&s.desk, "quels ordres sont en cours ?");
    assert_eq!(a.text, "1 ordre : en cours.");
    assert_eq!(routes(&a), [format!("#/ordres/{}", s.at_work)]);
    let a = s.ask(&s.desk, "voitures prêtes à facturer");
    assert_eq!(a.intent, crate::assistant::Intent::ReadyToInvoice);
    assert_eq!(
        a.text, "Aucun ordre terminé à facturer.",
        "the done order was invoiced"
    );
}

#[test]
fn a_mechanic_reads_their_jobs_and_the_front_desk_a_named_mechanics() {
    let s = shop();
    for (who, question, text) in [
        (
            &s.karim,
            "qu'est-ce que j'ai à faire aujourd'hui ?",
            "1 travail pour vous le 10/03/2026.",
        ),
        (
            &s.desk,
            "travaux de karim aujourd'hui",
            "1 travail pour Karim le 10/03/2026.",
        ),
    ] {
        let a = s.ask(who, question);
        is(&a, AnswerKind::Answered);
        assert_eq!(a.text, text);
        assert_eq!(routes(&a), [format!("#/atelier/{}", s.at_work)]);
        assert!(lines(&a)[0].ends_with("Bruit au freinage"), "{a:#?}");
    }
}

#[test]
fn estimates_waiting_for_an_answer_are_counted_by_their_age() {
    let s = shop();
    let a = s.ask(&s.desk, "devis en attente de réponse");
    assert_eq!(
        a.text,
        "1 devis en attente de réponse, 225,00\u{a0}€ TTC en tout."
    );
    assert_eq!(routes(&a), [format!("#/ordres/{}", s.estimate)]);
    let a = s.ask(&s.desk, "devis en attente depuis plus de 30 jours");
    assert_eq!(a.slots.days, Some(30));
    assert_eq!(
        a.text, "Aucun devis en attente de réponse depuis plus de 30 jours.",
        "it is 20 days old"
    );
}

#[test]
fn a_vehicles_past_visits_and_work_put_off_link_to_their_screens() {
    let s = shop();
    let a = s.ask(&s.desk, "historique de la voiture CD-456-EF");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text,
        "1 passage pour Renault Clio CD-456-EF, le dernier le 28/01/2026."
    );
    assert!(lines(&a)[0].contains("OR-2026-0001"), "{a:#?}");
    assert!(
        a.links
            .iter()
            .any(|l| l.route == format!("#/clients/{}", s.paul)),
        "the owner's page"
    );
    let a = s.ask(&s.desk, "travaux recommandés sur la AB-123-CD");
    assert_eq!(a.intent, crate::assistant::Intent::DeferredWork);
    assert_eq!(
        a.text,
        "Aucun travail recommandé pour Peugeot 308 AB-123-CD."
    );
}

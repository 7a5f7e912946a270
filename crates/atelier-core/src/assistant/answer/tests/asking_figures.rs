//! Invoices, the till, stock and the owner's reports.

use super::*;

#[test]
fn unpaid_invoices_older_than_so_many_days_with_what_they_owe() {
    let s = shop();
    let a = s.ask(&s.desk, "factures impayées de plus de 30 jours");
    is(&a, AnswerKind::Answered);
    assert_eq!(
        a.text,
        "1 facture impayée depuis plus de 30 jours, 175,00\u{a0}€ en tout."
    );
    assert_eq!(
        lines(&a),
        [
            "F-S1A-2026-000001 · Paul Martin · 29/01/2026 · reste 175,00\u{a0}€, en retard de 40 jours"
        ]
    );
    assert_eq!(routes(&a), [format!("#/factures/{}", s.invoice)]);
    let a = s.ask(&s.desk, "factures impayées de plus de 60 jours");
    assert_eq!(a.text, "Aucune facture impayée depuis plus de 60 jours.");
    let a = s.ask_in(&s.desk, "unpaid invoices over 30 days", Locale::En);
    assert_eq!(a.text, "1 unpaid invoice over 30 days old, €175.00 in all.");
}

#[test]
fn an_invoice_by_its_number_and_the_days_takings_by_means_of_payment() {
    let s = shop();
    let a = s.ask(&s.desk, "retrouve la facture F-S1A-2026-000001");
    assert_eq!(a.text, "Facture F-S1A-2026-000001 :");
    assert_eq!(routes(&a), [format!("#/factures/{}", s.invoice)]);
    let a = s.ask(&s.desk, "combien on a encaissé aujourd'hui ?");
    assert_eq!(a.intent, crate::assistant::Intent::CashToday);
    assert_eq!(a.text, "Encaissé le 10/03/2026 : 50,00\u{a0}€.");
    assert_eq!(lines(&a), ["Espèces : 50,00\u{a0}€ (1 paiement)"]);
    assert_eq!(routes(&a), ["#/factures/caisse"]);
}

#[test]
fn stock_on_hand_parts_to_order_and_supplier_orders_waiting() {
    let s = shop();
    let a = s.ask(&s.karim, "combien de filtres à huile en stock ?");
    is(&a, AnswerKind::Answered);
    assert_eq!(a.text, "Filtre à huile : 2 pièces en stock.");
    assert_eq!(routes(&a), [format!("#/stock/pieces/{}", s.filter)]);
    let a = s.ask(&s.desk, "quelles pièces sont à commander ?");
    assert_eq!(a.intent, crate::assistant::Intent::LowStock);
    assert_eq!(a.text, "1 pièce sous son minimum.");
    assert_eq!(
        lines(&a),
        ["FH-1 · Filtre à huile · 2 pièces en stock, minimum 5 pièces"]
    );
    let a = s.ask(&s.desk, "commandes fournisseur pas encore reçues");
    assert_eq!(a.text, "1 commande en attente.");
    assert!(
        lines(&a)[0].contains("Autodistribution · en préparation, 1 ligne · 120,00\u{a0}€ HT"),
        "{a:#?}"
    );
}

#[test]
fn reports_answer_over_the_period_said() {
    let s = shop();
    let a = s.ask(&s.owner, "chiffre d'affaires de janvier");
    is(&a, AnswerKind::Answered);
    assert_eq!(a.slots.date.as_deref(), Some("2026-01-01..2026-01-31"));
    assert_eq!(
        a.text,
        "Chiffre d’affaires du 01/01/2026 au 31/01/2026 : 187,50\u{a0}€ HT (225,00\u{a0}€ TTC), 1 facture."
    );
    assert_eq!(a.links[0].route, "#/rapports");
    let a = s.ask(&s.owner, "TVA collectée en janvier");
    assert_eq!(
        a.text,
        "TVA collectée du 01/01/2026 au 31/01/2026 : 37,50\u{a0}€ (sur 187,50\u{a0}€ HT)."
    );
    let a = s.ask(&s.owner, "productivité des mécaniciens en janvier");
    assert_eq!(a.intent, crate::assistant::Intent::Productivity);
    let a = s.ask(&s.owner, "résumé de la journée");
    assert_eq!(a.text, "La journée du 10/03/2026 :");
    assert!(
        lines(&a).contains(&"1 facture impayée (175,00\u{a0}€), dont 1 en retard"),
        "{a:#?}"
    );
}

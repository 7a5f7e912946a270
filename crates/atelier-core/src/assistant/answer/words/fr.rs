//! The assistant's sentences in French.

use super::Words;
use crate::invoices::InvoiceStatus;
use crate::stock::{PurchaseStatus, Unit};
use crate::vehicles::Fuel;

/// « 3 factures », « 1 facture », « 0 facture ».
fn n(count: usize, one: &str, many: &str) -> String {
    if count <= 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// « Aucune facture » for none, else as [`n`].
fn none_or(count: usize, none: &str, one: &str, many: &str) -> String {
    if count == 0 {
        none.to_owned()
    } else {
        n(count, one, many)
    }
}

fn of(whom: &str) -> String {
    let vowel = whom
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYHÉÈÊÂÎÔaeiouyhéèêâîô".contains(c));
    if vowel {
        format!("d’{whom}")
    } else {
        format!("de {whom}")
    }
}

pub(super) const FR: Words = Words {
    empty: "Posez une question, par exemple l’une de celles-ci.",
    too_long: |max| {
        format!(
            "Votre question est trop longue ({max} caractères au plus) : posez-la en quelques mots."
        )
    },
    impossible_date: |said| {
        format!("« {said} » n’est pas une date qui existe : rien n’a été fait.")
    },
    not_understood: "Je n’ai pas compris. Essayez par exemple :",
    refused: |what| {
        format!("Désolé, vous ne pouvez pas {what} : demandez à la personne qui gère l’atelier.")
    },
    help: "Posez-moi une question sur l’atelier en quelques mots, par exemple :",
    which_car: "De quelle voiture parlez-vous ? Donnez sa plaque ou le nom du client.",
    which_customer_q: "De quel client parlez-vous ? Donnez son nom, son téléphone ou une plaque.",
    which_invoice: "Quelle facture ? Donnez son numéro, le client ou la date.",
    which_part: "Quelle pièce ? Donnez sa référence ou son nom.",
    which_customer: |count, capped, name| {
        let many = if capped {
            format!("Au moins {count} clients")
        } else {
            format!("{count} clients")
        };
        format!("{many} répondent à « {name} » : lequel ?")
    },
    which_vehicle: |count| format!("{count} véhicules correspondent : lequel ?"),
    which_invoice_of: |count| format!("{count} factures restent à régler : laquelle ?"),
    no_customer: |name| format!("Aucun client ne s’appelle « {name} »."),
    no_customer_with: |said| format!("Aucun client n’a « {said} » sur sa fiche."),
    no_plate: |plate| format!("Aucun véhicule immatriculé {plate}."),
    no_vin: |end| format!("Aucun véhicule dont le VIN finit par {end}."),
    no_vehicle_named: |said| format!("Aucun véhicule « {said} » dans l’atelier."),
    too_many_vehicles: |count, said| {
        format!("{count} véhicules « {said} » : donnez la plaque ou le nom du client.")
    },
    has_no_car: |name| format!("{name} n’a aucun véhicule enregistré."),
    has_no_such_car: |name, said| format!("{name} n’a pas de véhicule « {said} »."),
    no_document: |number| format!("Aucun document ne porte le numéro {number}."),
    not_an_order: |number| format!("{number} est une facture, pas un ordre de réparation."),
    not_invoiced: |number| format!("{number} n’est pas encore facturé."),
    no_mechanic: |name| format!("Aucun mécanicien ne s’appelle « {name} »."),
    on_day: |day| format!("le {day}"),
    from_to: |from, to| format!("du {from} au {to}"),
    at_time: |day, time| format!("{day} à {time}"),
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    incl_vat: |m| format!("{m} TTC"),
    excl_vat: |m| format!("{m} HT"),
    percent: |bp| format!("{}\u{a0}%", (bp + 50).div_euclid(100)),
    hours: |h| format!("{h}\u{a0}h"),
    more: |count| format!("… et {count} de plus"),
    orders_screen: "Ordres de réparation",
    bench_screen: "Atelier",
    planning_screen: "Planning",
    invoices_screen: "Factures",
    till_screen: "Caisse",
    reorder_screen: "Réapprovisionnement",
    purchases_screen: "Commandes fournisseur",
    reports_screen: "Rapports",
    home_screen: "Accueil",
    order_state: |car, number, state| format!("{car} ({number}) : {state}."),
    steps_done: |done, total| format!("étapes faites : {done} sur {total}"),
    promised: |at| format!("promise le {at}"),
    nothing_open: |whom, last| match last {
        Some(last) => format!("Aucun travail en cours pour {whom}. {last}"),
        None => format!("Aucun travail en cours pour {whom}."),
    },
    last_visit: |number, day| format!("Dernier passage : {number}, le {day}."),
    open_orders: |count, whom| {
        format!(
            "{} pour {whom}.",
            n(count, "ordre en cours", "ordres en cours")
        )
    },
    orders_of_status: |count, status| match status {
        Some(s) => format!(
            "{} : {s}.",
            none_or(count, "Aucun ordre", "ordre", "ordres")
        ),
        None => format!(
            "{}.",
            none_or(
                count,
                "Aucun ordre ouvert",
                "ordre ouvert",
                "ordres ouverts"
            )
        ),
    },
    ready_to_invoice: |count, total| match count {
        0 => "Aucun ordre terminé à facturer.".to_owned(),
        _ => format!(
            "{} à facturer, {total} TTC en tout.",
            n(count, "ordre terminé", "ordres terminés")
        ),
    },
    pending_estimates: |count, days, whom, total| {
        let since = days
            .map(|d| format!(" depuis plus de {d} jours"))
            .unwrap_or_default();
        let whom = whom.map(|w| format!(" pour {w}")).unwrap_or_default();
        match count {
            0 => format!("Aucun devis en attente de réponse{since}{whom}."),
            _ => format!(
                "{} en attente de réponse{since}{whom}, {total} TTC en tout.",
                n(count, "devis", "devis")
            ),
        }
    },
    jobs: |count, mechanic, day| {
        let jobs = none_or(count, "Aucun travail", "travail", "travaux");
        match mechanic {
            Some(m) => format!("{jobs} pour {m} le {day}."),
            None => format!("{jobs} pour vous le {day}."),
        }
    },
    recommendation: |what, urgent, since, car| {
        let level = if urgent { "urgent" } else { "à surveiller" };
        format!("{what} ({level}, depuis le {since}) · {car}")
    },
    recommended: |count, whom| {
        format!(
            "{} pour {whom}.",
            none_or(
                count,
                "Aucun travail recommandé",
                "travail recommandé",
                "travaux recommandés"
            )
        )
    },
    visits: |count, whom, last| match last {
        Some(last) => format!(
            "{} pour {whom}, le dernier le {last}.",
            n(count, "passage", "passages")
        ),
        None => format!("Aucun passage enregistré pour {whom}."),
    },
    appointments_on: |count, span| {
        format!(
            "{} {span}.",
            none_or(count, "Aucun rendez-vous", "rendez-vous", "rendez-vous")
        )
    },
    appointments_of: |count, name| match count {
        0 => format!("Aucun rendez-vous à venir pour {name}."),
        _ => format!("{} pour {name}.", n(count, "rendez-vous", "rendez-vous")),
    },
    free_slots: |count, minutes, work| {
        let work = work.map(|w| format!(" ({w})")).unwrap_or_default();
        match count {
            0 => format!("Aucun créneau libre de {minutes} min dans les 60 prochains jours."),
            _ => format!("Prochains créneaux libres de {minutes} min{work} :"),
        }
    },
    reminders: |count, overdue, only_overdue, until| {
        if only_overdue {
            format!(
                "{}.",
                none_or(
                    count,
                    "Aucun rappel en retard",
                    "rappel en retard",
                    "rappels en retard"
                )
            )
        } else if count == 0 {
            format!("Aucun rappel dû d’ici au {until}.")
        } else {
            format!(
                "{} d’ici au {until}, dont {overdue} en retard.",
                n(count, "rappel dû", "rappels dus")
            )
        }
    },
    reminder: |rule, customer, car, due, overdue| {
        let late = if overdue { " (en retard)" } else { "" };
        format!("{rule} · {customer} · {car} · pour le {due}{late}")
    },
    next_service: |car, rule, due, overdue| {
        if overdue {
            format!("{car} : {rule} en retard, prévue le {due}.")
        } else {
            format!("{car} : prochaine échéance {rule}, le {due}.")
        }
    },
    no_service_due: |car| format!("Aucun entretien prévu pour {car}."),
    opening_hours: "Horaires de l’atelier :",
    no_hours: "Les horaires de l’atelier ne sont pas renseignés (Réglages, Planning).",
    closed: "fermé",
    day_hours: |day, hours| format!("{day} : {hours}"),
    open_on: |day, hours| format!("L’atelier est ouvert {day} : {hours}."),
    closed_on: |day| format!("L’atelier est fermé {day}."),
    absent: |count, span| match count {
        0 => format!("Tout le monde est là {span}."),
        _ => format!("{} {span} :", n(count, "absence", "absences")),
    },
    day_off: "congé",
    rest_day: "repos",
    customer_card: |name, reach, vehicles, open| {
        let reach = if reach.is_empty() {
            String::new()
        } else {
            format!(" ({reach})")
        };
        format!(
            "{name}{reach} : {}, {}.",
            n(vehicles, "véhicule", "véhicules"),
            none_or(
                open,
                "aucun travail en cours",
                "travail en cours",
                "travaux en cours"
            )
        )
    },
    vehicle_card: |car, owner, km| {
        let owner = owner.map(|o| format!(", à {o}")).unwrap_or_default();
        let km = km.map(|k| format!(", {k}")).unwrap_or_default();
        format!("{car}{owner}{km}.")
    },
    contact: |name| format!("Pour joindre {name} :"),
    no_contact: |name| format!("La fiche de {name} n’a ni téléphone, ni e-mail, ni adresse."),
    phone: |p| format!("Téléphone : {p}"),
    email: |e| format!("E-mail : {e}"),
    address: |a| format!("Adresse : {a}"),
    mileage: |car, km, day| format!("{car} : {km}, relevé le {day}."),
    no_mileage: |car| format!("Aucun kilométrage relevé pour {car}."),
    vin: |vin| format!("VIN : {vin}"),
    first_registration: |day| format!("Mise en circulation : {day}"),
    engine: |e| format!("Moteur : {e}"),
    fuel: |f| match f {
        Fuel::Petrol => "Essence",
        Fuel::Diesel => "Gazole",
        Fuel::Hybrid => "Hybride",
        Fuel::PluginHybrid => "Hybride rechargeable",
        Fuel::Electric => "Électrique",
        Fuel::Lpg => "GPL",
        Fuel::Cng => "GNV",
        Fuel::Hydrogen => "Hydrogène",
        Fuel::Other => "Autre énergie",
    },
    draft: "brouillon",
    invoice_state: |status, gross, balance, late| match status {
        InvoiceStatus::Draft => format!("brouillon, {gross}"),
        InvoiceStatus::Unpaid => format!("{gross}, à régler"),
        InvoiceStatus::PartlyPaid => format!("reste {balance} sur {gross}"),
        InvoiceStatus::Paid => format!("{gross}, réglée"),
        InvoiceStatus::Overdue => format!(
            "reste {balance}, en retard de {}",
            n(late.unsigned_abs() as usize, "jour", "jours")
        ),
        InvoiceStatus::Cancelled => format!("{gross}, annulée par avoir"),
        InvoiceStatus::Issued => format!("avoir de {gross}"),
    },
    unpaid: |count, days, whom, total| {
        let since = days
            .map(|d| format!(" depuis plus de {d} jours"))
            .unwrap_or_default();
        let whom = whom.map(|w| format!(" {}", of(w))).unwrap_or_default();
        match count {
            0 => format!("Aucune facture impayée{since}{whom}."),
            _ => format!(
                "{}{since}{whom}, {total} en tout.",
                n(count, "facture impayée", "factures impayées")
            ),
        }
    },
    invoice_found: |number| format!("Facture {number} :"),
    invoices: |count, whom| {
        format!(
            "{} pour {whom}.",
            none_or(count, "Aucune facture", "facture", "factures")
        )
    },
    cash: |total, span| format!("Encaissé {span} : {total}."),
    method_total: |method, total, count| {
        format!(
            "{method} : {total} ({})",
            n(count as usize, "paiement", "paiements")
        )
    },
    quantity: |q, unit, plural| {
        let name = match (unit, plural) {
            (Unit::Piece, false) => "pièce",
            (Unit::Piece, true) => "pièces",
            (Unit::Litre, false) => "litre",
            (Unit::Litre, true) => "litres",
            (Unit::Set, false) => "jeu",
            (Unit::Set, true) => "jeux",
        };
        format!("{q} {name}")
    },
    no_part: |said| format!("Aucune pièce « {said} » au catalogue."),
    on_hand: |part, quantity| format!("{part} : {quantity} en stock."),
    parts_found: |count, said| format!("{count} pièces répondent à « {said} » :"),
    low_stock: |count| {
        format!(
            "{}.",
            none_or(
                count,
                "Aucune pièce sous son minimum",
                "pièce sous son minimum",
                "pièces sous leur minimum"
            )
        )
    },
    stock_and_minimum: |on_hand, minimum| format!("{on_hand} en stock, minimum {minimum}"),
    purchases: |count, supplier| {
        let from = supplier.map(|s| format!(" chez {s}")).unwrap_or_default();
        format!(
            "{}{from}.",
            none_or(
                count,
                "Aucune commande en attente",
                "commande en attente",
                "commandes en attente"
            )
        )
    },
    purchase_state: |status, lines, received| match status {
        PurchaseStatus::Draft => format!("en préparation, {}", n(lines, "ligne", "lignes")),
        PurchaseStatus::Sent => format!("envoyée, {}", n(lines, "ligne", "lignes")),
        PurchaseStatus::Partial => format!(
            "reçue en partie, {} sur {lines}",
            n(received, "ligne", "lignes")
        ),
        PurchaseStatus::Received => "reçue".to_owned(),
        PurchaseStatus::Cancelled => "annulée".to_owned(),
    },
    sent_on: |day| format!("envoyée le {day}"),
    revenue: |span, net, gross, invoices| {
        format!(
            "Chiffre d’affaires {span} : {net} HT ({gross} TTC), {}.",
            n(invoices as usize, "facture", "factures")
        )
    },
    labour: |m| format!("Main-d’œuvre : {m} HT"),
    parts: |m| format!("Pièces : {m} HT"),
    other: |m| format!("Autres : {m} HT"),
    average_order: |orders, average| {
        format!(
            "{} facturés, {average} HT en moyenne",
            n(orders as usize, "ordre", "ordres")
        )
    },
    productivity: |span, name, efficiency, billed, clocked| {
        let who = name.map(|n| format!(" de {n}")).unwrap_or_default();
        match efficiency {
            Some(e) => format!(
                "Productivité{who} {span} : {e} ({billed} facturées pour {clocked} pointées)."
            ),
            None => format!("Aucune heure pointée{who} {span} ({billed} facturées)."),
        }
    },
    mechanic_hours: |name, billed, clocked, efficiency, jobs| {
        let e = efficiency.map(|e| format!(", {e}")).unwrap_or_default();
        format!(
            "{name} : {billed} facturées, {clocked} pointées{e}, {}",
            n(jobs as usize, "travail terminé", "travaux terminés")
        )
    },
    vat: |span, tax, net| format!("TVA collectée {span} : {tax} (sur {net} HT)."),
    vat_rate: |rate, tax, net| format!("{rate} : {tax} de TVA sur {net} HT"),
    parts_used: |span, count| match count {
        0 => format!("Aucune pièce utilisée {span}."),
        _ => format!("Les pièces les plus utilisées {span} :"),
    },
    summary: |day| format!("La journée du {day} :"),
    summary_appointments: |count| none_or(count, "aucun rendez-vous", "rendez-vous", "rendez-vous"),
    summary_cars: |cars, waiting| {
        format!(
            "{} à l’atelier, dont {waiting} en attente de pièces",
            n(cars as usize, "voiture", "voitures")
        )
    },
    summary_approvals: |count| {
        none_or(
            count as usize,
            "aucun devis en attente",
            "devis en attente",
            "devis en attente",
        )
    },
    summary_unpaid: |count, total, overdue| {
        format!(
            "{} ({total}), dont {overdue} en retard",
            n(count as usize, "facture impayée", "factures impayées")
        )
    },
    summary_low_stock: |count| {
        none_or(
            count as usize,
            "aucune pièce à commander",
            "pièce à commander",
            "pièces à commander",
        )
    },
    summary_jobs: |count| {
        format!(
            "{} pour vous",
            none_or(count, "aucun travail", "travail", "travaux")
        )
    },
    summary_revenue: |today, month| {
        format!("Chiffre d’affaires : {today} HT aujourd’hui, {month} HT ce mois-ci")
    },
    work_label: |work| {
        match work {
            "vidange" => "Vidange",
            "revision" => "Révision",
            "distribution" => "Distribution",
            "freins" => "Freins",
            "pneus" => "Pneus",
            "controle technique" => "Contrôle technique",
            "climatisation" => "Climatisation",
            "batterie" => "Batterie",
            "embrayage" => "Embrayage",
            "amortisseurs" => "Amortisseurs",
            "parallelisme" => "Parallélisme",
            "echappement" => "Échappement",
            "diagnostic" => "Diagnostic",
            other => return other.to_owned(),
        }
        .to_owned()
    },
    booking: |who, when, slot| {
        let who = who.map(|w| format!(" pour {w}")).unwrap_or_default();
        let when = when.map(|w| format!(" le {w}")).unwrap_or_default();
        let slot = slot.map(|s| format!(" {s}")).unwrap_or_default();
        format!("Rendez-vous à confirmer{who}{when}.{slot}")
    },
    slot_free: |bay| format!("Le créneau est libre ({bay})."),
    slot_taken: |next| format!("Ce créneau est pris : le prochain libre est le {next}."),
    no_slot: "Aucun créneau libre dans les 60 prochains jours.",
    new_estimate: |who| match who {
        Some(w) => format!("Nouveau devis à ouvrir pour {w}."),
        None => "Nouveau devis à ouvrir.".to_owned(),
    },
    send_reminder: |who| match who {
        Some(w) => format!("Rappel à envoyer à {w}."),
        None => "Rappel à envoyer.".to_owned(),
    },
    new_customer: |name, known| {
        let name = name.map(|n| format!(" : {n}")).unwrap_or_default();
        match known {
            0 => format!("Nouvelle fiche client à créer{name}."),
            _ => format!(
                "Nouvelle fiche client à créer{name}. Attention, un client connu lui ressemble :"
            ),
        }
    },
    payment: |amount, number, customer, left| {
        format!(
            "Paiement de {amount} à enregistrer sur la facture {number} de {customer} (reste {left})."
        )
    },
    nothing_to_pay: |name| format!("{name} n’a aucune facture à régler."),
    already_paid: |number| format!("La facture {number} est déjà réglée."),
    left_to_pay: |m| format!("reste {m}"),
};

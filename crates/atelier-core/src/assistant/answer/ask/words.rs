//! The questions the assistant proposes, in French and in English: one
//! example of each intent, and the question of a choice, written from
//! what was said. A text missing in one language does not compile. Each
//! is read back by the assistant itself (the tests check that every
//! example and every choice's question is understood as meant).

use atelier_domain::Locale;

use super::{Naming, Said};
use crate::assistant::Intent;

/// The questions' words in one language.
pub(super) struct Words {
    /// An example question of an intent.
    pub example: fn(Intent) -> &'static str,
    /// The question of an intent about the record a choice names.
    pub question: fn(Intent, &Said<'_>) -> String,
    /// A day, as the assistant reads it back (`YYYY-MM-DD`).
    pub on_day: fn(iso: &str) -> String,
    /// A whole month of a year.
    pub in_month: fn(month: &str, year: i32) -> String,
    /// The months' names, January first, as the assistant reads them.
    pub months: [&'static str; 12],
    pub this_week: &'static str,
    pub next_week: &'static str,
    pub last_week: &'static str,
    pub this_year: &'static str,
    pub last_year: &'static str,
}

/// The words in `locale`.
pub(super) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// One example question of `intent` in `locale`.
pub(in crate::assistant::answer) fn example(intent: Intent, locale: Locale) -> &'static str {
    (words(locale).example)(intent)
}

const FR: Words = Words {
    example: fr_example,
    question: fr_question,
    on_day: |iso| format!("le {iso}"),
    in_month: |month, year| format!("en {month} {year}"),
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    this_week: "cette semaine",
    next_week: "la semaine prochaine",
    last_week: "la semaine dernière",
    this_year: "cette année",
    last_year: "l’année dernière",
};

const EN: Words = Words {
    example: en_example,
    question: en_question,
    on_day: |iso| format!("on {iso}"),
    in_month: |month, year| format!("in {month} {year}"),
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    this_week: "this week",
    next_week: "next week",
    last_week: "last week",
    this_year: "this year",
    last_year: "last year",
};

fn fr_example(intent: Intent) -> &'static str {
    use Intent::*;
    match intent {
        OrderStatus => "Où en est la Clio AB-123-CD ?",
        OrdersByStatus => "Quels ordres sont en attente de pièces ?",
        MyJobs => "Qu’est-ce que j’ai à faire aujourd’hui ?",
        Appointments => "Rendez-vous de demain",
        FreeSlots => "Prochain créneau libre pour une vidange",
        FindCustomer => "Fiche client de M. Martin",
        FindVehicle => "À qui est la voiture AB-123-CD ?",
        CustomerHistory => "Historique de la voiture AB-123-CD",
        CustomerContact => "Téléphone de M. Martin",
        VehicleInfo => "Kilométrage de la AB-123-CD",
        RemindersDue => "Qui a une vidange en retard ?",
        NextService => "Quand doit revenir la AB-123-CD ?",
        UnpaidInvoices => "Factures impayées de plus de 30 jours",
        FindInvoice => "Retrouve la facture F-S1A-2026-000042",
        PendingEstimates => "Devis en attente de réponse",
        DeferredWork => "Travaux recommandés sur la AB-123-CD",
        StockLevel => "Combien de filtres à huile en stock ?",
        LowStock => "Quelles pièces sont à commander ?",
        PendingPurchases => "Commandes fournisseur pas encore reçues",
        CashToday => "Combien on a encaissé aujourd’hui ?",
        Revenue => "Chiffre d’affaires du mois dernier",
        Productivity => "Productivité des mécaniciens ce mois-ci",
        VatCollected => "TVA collectée le mois dernier",
        PartsSales => "Pièces les plus vendues ce mois-ci",
        ReadyToInvoice => "Voitures prêtes à facturer",
        StaffAbsent => "Qui est absent demain ?",
        OpeningHours => "Horaires d’ouverture samedi",
        DaySummary => "Résumé de la journée",
        Help => "Qu’est-ce que tu sais faire ?",
        BookAppointment => "Prends un rendez-vous jeudi à 14 h pour M. Martin, vidange",
        NewEstimate => "Nouveau devis de freins pour M. Martin",
        SendReminder => "Envoie un rappel de contrôle technique à M. Martin",
        NewCustomer => "Nouveau client Jean Dupont 06 12 34 56 78",
        RecordPayment => "Encaisser 150 € sur la facture F-S1A-2026-000042",
        Unknown => "Rendez-vous de demain",
    }
}

fn en_example(intent: Intent) -> &'static str {
    use Intent::*;
    match intent {
        OrderStatus => "Where is the Clio AB-123-CD at?",
        OrdersByStatus => "Which orders are waiting for parts?",
        MyJobs => "What are my jobs today?",
        Appointments => "Appointments tomorrow",
        FreeSlots => "Next free slot for an oil change",
        FindCustomer => "Find customer Martin",
        FindVehicle => "Who owns the car AB-123-CD?",
        CustomerHistory => "History of the car AB-123-CD",
        CustomerContact => "Phone number of Mr Martin",
        VehicleInfo => "Mileage of AB-123-CD",
        RemindersDue => "Who is overdue for an oil change?",
        NextService => "When is the next service of AB-123-CD due?",
        UnpaidInvoices => "Unpaid invoices over 30 days",
        FindInvoice => "Find invoice F-S1A-2026-000042",
        PendingEstimates => "Estimates waiting for an answer",
        DeferredWork => "Recommended work on AB-123-CD",
        StockLevel => "How many oil filters in stock?",
        LowStock => "Which parts are running low?",
        PendingPurchases => "Supplier orders not received yet",
        CashToday => "What are today's takings?",
        Revenue => "Revenue last month",
        Productivity => "Mechanics' productivity this month",
        VatCollected => "VAT collected last month",
        PartsSales => "Best selling parts this month",
        ReadyToInvoice => "Cars ready to invoice",
        StaffAbsent => "Who is off tomorrow?",
        OpeningHours => "Opening hours on Saturday",
        DaySummary => "Summary of the day",
        Help => "What can you do?",
        BookAppointment => "Book an appointment Thursday at 2 pm for Mr Martin, oil change",
        NewEstimate => "New estimate for brakes for Mr Martin",
        SendReminder => "Send Mr Martin a reminder for the MOT",
        NewCustomer => "New customer John Smith 06 12 34 56 78",
        RecordPayment => "Record a payment of €150 on invoice F-S1A-2026-000042",
        Unknown => "Appointments tomorrow",
    }
}

/// « de Paul Martin », « d’Alain Durand ».
fn fr_of(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "aeiouyhAEIOUYHÉÈÊéèêÂâÎîÔô".contains(c));
    if vowel {
        format!("d’{name}")
    } else {
        format!("de {name}")
    }
}

/// The car a French question is about: « la voiture AB-123-CD », « la
/// voiture de Paul Martin », « la clio de Paul Martin ».
fn fr_car(s: &Said<'_>) -> String {
    match s.naming {
        Naming::Plate(p) => format!("la voiture {p}"),
        Naming::Number(n) => format!("l’ordre {n}"),
        Naming::Name(n) | Naming::Phone(n) => {
            format!("la {} {}", s.vehicle.unwrap_or("voiture"), fr_of(n))
        }
    }
}

/// Whom a French question is about: « la voiture AB-123-CD », « Paul
/// Martin ».
fn fr_who(s: &Said<'_>) -> String {
    match s.naming {
        Naming::Name(n) | Naming::Phone(n) => n.to_owned(),
        _ => fr_car(s),
    }
}

/// « de la voiture AB-123-CD », « de Paul Martin ».
fn fr_of_who(s: &Said<'_>) -> String {
    match s.naming {
        Naming::Name(n) | Naming::Phone(n) => fr_of(n),
        _ => format!("de {}", fr_car(s)),
    }
}

fn tail(part: Option<String>) -> String {
    part.map(|p| format!(" {p}")).unwrap_or_default()
}

fn fr_question(intent: Intent, s: &Said<'_>) -> String {
    use Intent::*;
    let date = tail(s.date.clone());
    let work = tail(s.work.map(str::to_owned));
    match intent {
        OrderStatus => format!("où en est {} ?", fr_car(s)),
        Appointments => format!("rendez-vous {}{date}", fr_of_who(s)),
        FindCustomer => format!("fiche client {}", fr_who(s)),
        FindVehicle => format!("à qui est {} ?", fr_car(s)),
        CustomerHistory => format!("historique {}", fr_of_who(s)),
        CustomerContact => format!("coordonnées {}", fr_of_who(s)),
        VehicleInfo => format!("kilométrage {}", fr_of_who(s)),
        NextService => match s.work {
            Some(w) => format!("quand est la prochaine {w} {} ?", fr_of_who(s)),
            None => format!("quand doit revenir {} ?", fr_car(s)),
        },
        UnpaidInvoices => format!(
            "factures impayées{} {}",
            tail(s.days.map(|d| format!("de plus de {d} jours"))),
            fr_of_who(s)
        ),
        FindInvoice => format!("factures {}{date}", fr_of_who(s)),
        PendingEstimates => format!(
            "devis en attente{} {}",
            tail(s.days.map(|d| format!("depuis plus de {d} jours"))),
            fr_of_who(s)
        ),
        DeferredWork => format!("travaux recommandés {}", fr_of_who(s)),
        BookAppointment => format!(
            "prends un rendez-vous{date}{} pour {}{work}{}",
            tail(s.time.map(|t| format!("à {t}"))),
            fr_who(s),
            tail(s.duration.map(|d| format!("{d} min")))
        ),
        NewEstimate => format!("nouveau devis{work} pour {}", fr_who(s)),
        SendReminder => format!("envoie un rappel{work} pour {}", fr_who(s)),
        RecordPayment => match (s.naming, s.number) {
            (Naming::Number(n), _) | (_, Some(n)) => format!(
                "encaisser{} sur la facture {n}",
                tail(s.amount.map(|a| format!("{a} €")))
            ),
            _ => format!(
                "encaisser{} {}",
                tail(s.amount.map(|a| format!("{a} €"))),
                fr_of_who(s)
            ),
        },
        _ => fr_example(intent).to_owned(),
    }
}

/// The car an English question is about.
fn en_car(s: &Said<'_>) -> String {
    match s.naming {
        Naming::Plate(p) => format!("the car {p}"),
        Naming::Number(n) => format!("order {n}"),
        Naming::Name(n) | Naming::Phone(n) => {
            format!("the {} of {n}", s.vehicle.unwrap_or("car"))
        }
    }
}

fn en_who(s: &Said<'_>) -> String {
    match s.naming {
        Naming::Name(n) | Naming::Phone(n) => n.to_owned(),
        _ => en_car(s),
    }
}

fn en_question(intent: Intent, s: &Said<'_>) -> String {
    use Intent::*;
    let date = tail(s.date.clone());
    let work = tail(s.work.map(str::to_owned));
    match intent {
        OrderStatus => format!("where is {} at?", en_car(s)),
        Appointments => format!("appointments of {}{date}", en_who(s)),
        FindCustomer => format!("find customer {}", en_who(s)),
        FindVehicle => format!("who owns {}?", en_car(s)),
        CustomerHistory => format!("history of {}", en_who(s)),
        CustomerContact => format!("contact details of {}", en_who(s)),
        VehicleInfo => format!("mileage of {}", en_car(s)),
        NextService => match s.work {
            Some(w) => format!("when is the next {w} of {} due?", en_car(s)),
            None => format!("when is the next service of {} due?", en_car(s)),
        },
        UnpaidInvoices => format!(
            "unpaid invoices{} of {}",
            tail(s.days.map(|d| format!("over {d} days"))),
            en_who(s)
        ),
        FindInvoice => format!("invoices of {}{date}", en_who(s)),
        PendingEstimates => format!(
            "estimates waiting{} of {}",
            tail(s.days.map(|d| format!("for more than {d} days"))),
            en_who(s)
        ),
        DeferredWork => format!("recommended work on {}", en_who(s)),
        BookAppointment => format!(
            "book an appointment{date}{} for {}{work}{}",
            tail(s.time.map(|t| format!("at {t}"))),
            en_who(s),
            tail(s.duration.map(|d| format!("{d} min")))
        ),
        NewEstimate => format!("new estimate{work} for {}", en_who(s)),
        SendReminder => format!("send a reminder{work} to {}", en_who(s)),
        RecordPayment => match (s.naming, s.number) {
            (Naming::Number(n), _) | (_, Some(n)) => format!(
                "record a payment{} on invoice {n}",
                tail(s.amount.map(|a| format!("of {a} €")))
            ),
            _ => format!(
                "record a payment{} from {}",
                tail(s.amount.map(|a| format!("of {a} €"))),
                en_who(s)
            ),
        },
        _ => en_example(intent).to_owned(),
    }
}

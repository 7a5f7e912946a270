//! The intents the assistant knows, the words that call each one, and the
//! choice between them.
//!
//! Each intent has cues — words or short phrases, `stem*` for any ending —
//! with a weight, in French and English, and a weight for each kind of slot
//! that points to it (a time points to a booking, an age in days to unpaid
//! invoices). The intent with the best total wins when it is clear enough;
//! the runners-up are the proposals when it is not.

use serde::Serialize;

use super::dates::DateExpr;
use super::slots::Found;
use super::words::{Word, matches};

/// What a person asks for (docs/assistant.md, « Intents »).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    OrderStatus,
    OrdersByStatus,
    MyJobs,
    Appointments,
    FreeSlots,
    FindCustomer,
    FindVehicle,
    CustomerHistory,
    CustomerContact,
    VehicleInfo,
    RemindersDue,
    NextService,
    UnpaidInvoices,
    FindInvoice,
    PendingEstimates,
    DeferredWork,
    StockLevel,
    LowStock,
    PendingPurchases,
    CashToday,
    Revenue,
    Productivity,
    VatCollected,
    PartsSales,
    ReadyToInvoice,
    StaffAbsent,
    OpeningHours,
    DaySummary,
    Help,
    BookAppointment,
    NewEstimate,
    SendReminder,
    NewCustomer,
    RecordPayment,
    Unknown,
}

crate::text::str_enum!(Intent {
    OrderStatus => "order_status",
    OrdersByStatus => "orders_by_status",
    MyJobs => "my_jobs",
    Appointments => "appointments",
    FreeSlots => "free_slots",
    FindCustomer => "find_customer",
    FindVehicle => "find_vehicle",
    CustomerHistory => "customer_history",
    CustomerContact => "customer_contact",
    VehicleInfo => "vehicle_info",
    RemindersDue => "reminders_due",
    NextService => "next_service",
    UnpaidInvoices => "unpaid_invoices",
    FindInvoice => "find_invoice",
    PendingEstimates => "pending_estimates",
    DeferredWork => "deferred_work",
    StockLevel => "stock_level",
    LowStock => "low_stock",
    PendingPurchases => "pending_purchases",
    CashToday => "cash_today",
    Revenue => "revenue",
    Productivity => "productivity",
    VatCollected => "vat_collected",
    PartsSales => "parts_sales",
    ReadyToInvoice => "ready_to_invoice",
    StaffAbsent => "staff_absent",
    OpeningHours => "opening_hours",
    DaySummary => "day_summary",
    Help => "help",
    BookAppointment => "book_appointment",
    NewEstimate => "new_estimate",
    SendReminder => "send_reminder",
    NewCustomer => "new_customer",
    RecordPayment => "record_payment",
    Unknown => "unknown",
});

/// Every intent but [`Intent::Unknown`], in the order of the docs' table.
pub const ALL: &[Intent] = &[
    Intent::OrderStatus,
    Intent::OrdersByStatus,
    Intent::MyJobs,
    Intent::Appointments,
    Intent::FreeSlots,
    Intent::FindCustomer,
    Intent::FindVehicle,
    Intent::CustomerHistory,
    Intent::CustomerContact,
    Intent::VehicleInfo,
    Intent::RemindersDue,
    Intent::NextService,
    Intent::UnpaidInvoices,
    Intent::FindInvoice,
    Intent::PendingEstimates,
    Intent::DeferredWork,
    Intent::StockLevel,
    Intent::LowStock,
    Intent::PendingPurchases,
    Intent::CashToday,
    Intent::Revenue,
    Intent::Productivity,
    Intent::VatCollected,
    Intent::PartsSales,
    Intent::ReadyToInvoice,
    Intent::StaffAbsent,
    Intent::OpeningHours,
    Intent::DaySummary,
    Intent::Help,
    Intent::BookAppointment,
    Intent::NewEstimate,
    Intent::SendReminder,
    Intent::NewCustomer,
    Intent::RecordPayment,
];

impl Intent {
    /// The slots this intent reads (docs/assistant.md).
    pub fn reads(self) -> &'static [&'static str] {
        use Intent::*;
        match self {
            OrderStatus => &["plate", "vehicle", "customer", "number"],
            OrdersByStatus => &["status"],
            MyJobs => &["mechanic", "date"],
            Appointments => &["date", "customer"],
            FreeSlots => &["date", "work", "duration"],
            FindCustomer => &["customer", "phone", "email"],
            FindVehicle => &["plate", "vin", "vehicle"],
            CustomerHistory => &["customer", "plate", "vehicle"],
            CustomerContact => &["customer", "plate"],
            VehicleInfo => &["plate", "vehicle", "customer"],
            RemindersDue => &["work", "date", "overdue"],
            NextService => &["plate", "vehicle", "customer", "work"],
            UnpaidInvoices => &["days", "customer"],
            FindInvoice => &["number", "customer", "date"],
            PendingEstimates => &["days", "customer"],
            DeferredWork => &["plate", "vehicle", "customer"],
            StockLevel => &["part"],
            LowStock | ReadyToInvoice | Help | Unknown => &[],
            PendingPurchases => &["supplier"],
            CashToday | Revenue | VatCollected | PartsSales | StaffAbsent | OpeningHours | DaySummary => &["date"],
            Productivity => &["date", "mechanic"],
            BookAppointment => &["customer", "plate", "vehicle", "date", "time", "work", "duration"],
            NewEstimate | SendReminder => &["customer", "plate", "vehicle", "work"],
            NewCustomer => &["customer", "phone", "email"],
            RecordPayment => &["customer", "number", "amount"],
        }
    }

    /// Whether the intent speaks of the past (a report): « le 3 » and « en
    /// décembre » then look back.
    pub fn looks_back(self) -> bool {
        matches!(
            self,
            Intent::Revenue | Intent::Productivity | Intent::VatCollected | Intent::PartsSales | Intent::CashToday
        )
    }

    /// Whether the intent prepares an action rather than answering.
    pub fn is_action(self) -> bool {
        matches!(
            self,
            Intent::BookAppointment
                | Intent::NewEstimate
                | Intent::SendReminder
                | Intent::NewCustomer
                | Intent::RecordPayment
        )
    }

    /// Whether `word` is one of this intent's cue words, as written (no
    /// slip allowed: a name one letter away from a cue is still a name).
    /// The small words inside a cue phrase (« a » of « a faire ») are not
    /// cue words.
    pub fn is_own_cue(self, word: &str) -> bool {
        cues(self).iter().any(|(cue, _)| {
            cue.split(' ').any(|c| match c.strip_suffix('*') {
                Some(stem) => word.starts_with(stem),
                None => word == c && !super::words::is_filler(c),
            })
        })
    }
}

/// Whether `word` is a cue of any intent: such a word is never a name.
pub fn is_cue(word: &str) -> bool {
    ALL.iter().any(|i| i.is_own_cue(word)) || EXTRA_NOT_NAMES.contains(&word)
}

/// Words that are no one's name though no intent listens for them.
const EXTRA_NOT_NAMES: &[&str] = &[
    "date", "liste", "list", "argent", "money", "comme", "ensemble", "capitale",
    "voiture", "voitures", "vehicule", "vehicules", "auto", "car", "cars", "vehicle", "vehicles",
    "client", "cliente", "clients", "customer", "customers", "bagnole", "caisse", "moment",
    "actuellement", "maintenant", "now", "currently", "jour", "jours", "day", "days", "semaine",
    "mois", "annee", "heure", "heures", "ok", "oui", "non", "yes", "no", "bon", "good", "cordialement",
    "rapidement", "vite", "quickly", "urgent", "svp", "matin", "soir", "apres-midi", "morning",
    "afternoon", "evening", "pieces", "piece", "parts", "part", "travaux", "work", "job", "jobs",
];

/// Cues per intent: `(phrase, weight)`; a phrase is words separated by
/// spaces, each exact give or take a slip, or `stem*`.
fn cues(intent: Intent) -> &'static [(&'static str, f32)] {
    use Intent::*;
    match intent {
        OrderStatus => &[
            ("ou en est", 3.0), ("ou en sont", 3.0), ("en est ou", 3.0), ("ou cela en est", 3.0), ("ou on en est", 3.0),
            ("avancement", 2.5), ("ou est", 1.5), ("statut", 1.5), ("status", 1.5), ("etat", 0.8), ("prete", 1.0),
            ("prete*", 0.5), ("quand", 0.5), ("where", 1.0), ("how far", 2.0), ("progress", 1.5), ("ready", 1.0),
            ("fini", 0.5), ("rendre", 2.0), ("recuperer", 2.0), ("recupere", 2.0), ("pick up", 2.0), ("collect", 1.5),
            ("any news", 2.5), ("news", 1.5), ("nouvelles", 2.0), ("du nouveau", 2.0), ("terminee", 0.5),
            ("finie", 1.5), ("est finie", 2.5), ("toujours sur le pont", 3.0), ("tjs sur le pont", 3.0), ("point sur la reparation", 3.5), ("demande si", 1.5), ("reparation du", 1.0), ("reparation de", 1.0),
        ],
        OrdersByStatus => &[
            ("ordres", 1.2), ("ordre", 1.0), ("or", 1.2), ("ors", 1.2), ("dossiers", 1.0), ("orders", 1.2),
            ("repair orders", 1.5), ("jobs", 0.6), ("liste", 0.8), ("list", 0.6), ("voitures", 0.5), ("cars", 0.5),
            ("lesquels", 1.0), ("lesquelles", 1.0), ("which", 0.5), ("combien de", 0.5),
            ("bloque*", 2.0), ("immobilise*", 2.0), ("faute de", 1.5), ("achevee*", 1.0), ("en devis", 2.0), ("en souffrance", 1.0),
        ],
        MyJobs => &[
            ("mes travaux", 3.0), ("mes jobs", 3.0), ("mes taches", 3.0), ("mon planning", 3.5), ("ma journee", 2.0),
            ("j ai a faire", 3.0), ("je dois faire", 3.0), ("dois je faire", 3.0), ("a faire", 1.0),
            ("travaux de", 1.5), ("jobs de", 2.0), ("taches", 1.5), ("my jobs", 3.0), ("my job", 3.0), ("my work", 3.0),
            ("my tasks", 3.0), ("assigne*", 1.5), ("affecte*", 1.5), ("assigned", 1.5), ("sur quoi", 2.0),
            ("travaille", 0.8), ("working on", 3.0), ("prochain job", 2.0), ("next job", 2.0), ("bosser", 1.5),
            ("boulot", 1.5), ("ma liste", 2.5), ("mes voitures", 3.0), ("sur le pont", 2.0), ("mes or", 3.0),
            ("je m occupe", 3.5), ("m occupe", 2.5), ("attribue*", 2.5), ("confie*", 2.5), ("feuille de route", 3.5), ("on m a donne", 3.0), ("mes interventions", 3.5), ("on my plate", 3.5), ("planning de", 1.5), ("me sont", 2.0),
        ],
        Appointments => &[
            ("rdv", 2.5), ("agenda", 2.0), ("planning", 1.5), ("appointment*", 2.5), ("appts", 2.5), ("appt", 2.5),
            ("bookings", 2.0), ("schedule", 1.5), ("prevu", 1.0), ("prevus", 1.0), ("attendu*", 1.0),
            ("qui vient", 2.0), ("viennent", 1.5), ("coming in", 2.0), ("booked", 1.5), ("booked in", 3.0),
            ("a un rdv", 2.0), ("a rdv", 1.5), ("est ce que", 0.5),
            ("passe quand", 2.5), ("reservations", 3.0), ("qui depose", 3.5), ("depose*", 1.5), ("qui arrive", 2.5), ("qui on attend", 3.5), ("diary", 3.0), ("dropping off", 3.0), ("who is coming", 3.0),
        ],
        FreeSlots => &[
            ("creneau*", 3.0), ("dispo*", 2.5), ("libre*", 2.5), ("place", 2.0), ("de la place", 3.5), ("free slot*", 3.0),
            ("slot*", 2.5), ("available", 2.5), ("availability", 2.5), ("free", 1.5), ("prochaine dispo", 3.0),
            ("prochain creneau", 3.0), ("caser", 3.0), ("quand peut", 1.5), ("when can", 1.5), ("trou", 3.0),
            ("room", 2.0), ("any room", 3.0), ("squeeze", 3.0), ("fit in", 3.0), ("fit", 1.5),
            ("au plus tot", 3.0), ("prendre quelqu un", 3.5), ("quelqu un", 1.0), ("temps atelier", 3.5), ("glisser", 3.0), ("quelque part", 1.5), ("space", 2.5), ("space for", 3.0), ("disponibilite", 3.0), ("disponibilites", 3.0),
        ],
        FindCustomer => &[
            ("cherche*", 1.5), ("trouve*", 1.5), ("recherche*", 1.5), ("fiche", 1.5), ("find", 1.5),
            ("search", 1.5), ("look up", 1.5), ("lookup", 1.5), ("ouvre", 1.2), ("ouvrir", 1.2), ("open", 1.0),
            ("client", 0.8), ("cliente", 0.8), ("customer", 0.8), ("qui est", 1.0), ("connait", 1.0), ("record", 0.5),
            ("affiche", 1.0), ("fiche client", 2.5), ("qui a", 0.8), ("who has", 1.0),
            ("retrouve*", 0.5),
        ],
        FindVehicle => &[
            ("cherche*", 1.0), ("trouve*", 1.0), ("recherche*", 1.0), ("find", 1.0), ("search", 1.0),
            ("vehicule", 1.2), ("voiture", 1.2), ("immat*", 2.0), ("plaque", 1.5), ("plate", 1.5), ("vin", 1.0),
            ("a qui", 2.0), ("proprietaire", 2.0), ("owner", 2.0), ("belongs", 2.0), ("whose", 2.0), ("appartient", 2.0),
            ("fiche", 1.5), ("quoi comme", 2.5), ("quelle voiture", 2.0), ("fiche vehicule", 3.0), ("chassis", 1.5),
            ("which car", 2.0), ("what car", 2.0),
            ("c est quelle", 1.5), ("montre", 1.0), ("parc", 2.0), ("look up", 1.0),
        ],
        CustomerHistory => &[
            ("historique", 3.0), ("history", 3.0), ("passages", 2.5), ("passage", 2.0), ("dernier passage", 3.0),
            ("deja fait", 2.0), ("interventions", 2.0), ("visites", 2.0), ("visits", 2.5), ("last visit", 3.0),
            ("venu", 1.5), ("deja venu", 3.0), ("past", 1.0), ("done on", 1.5), ("fait sur", 1.5), ("anciennes", 1.0),
            ("on a fait", 2.5), ("a fait sur", 1.0), ("reparations", 2.0), ("faites", 1.0), ("tout ce qu", 1.5),
            ("what have we done", 3.5), ("have we done", 3.0), ("been here", 2.5), ("before", 1.0),
            ("deja passe*", 3.0), ("chez nous", 1.5), ("passif", 3.0), ("histo", 3.0), ("everything we did", 3.5), ("we did", 2.5), ("did on", 1.5),
        ],
        CustomerContact => &[
            ("tel", 3.0), ("numero", 2.0), ("coordonnees", 3.0), ("adresse", 2.5), ("mail", 2.5), ("email", 2.5),
            ("e-mail", 2.5), ("joindre", 2.5), ("joins", 3.0), ("appeler", 2.0), ("contact*", 2.5), ("number", 1.5),
            ("address", 2.5), ("call", 1.5), ("reach", 2.0), ("details", 1.0),
            ("06", 2.0), ("07", 2.0), ("habite", 3.0), ("fixe", 2.5), ("comment joindre", 3.5), ("how do i reach", 3.5),
        ],
        VehicleInfo => &[
            ("kilometrage", 3.0), ("km", 2.0), ("kilometres", 2.5), ("mileage", 3.5), ("vin", 1.5), ("vin de", 2.0),
            ("vin of", 2.0), ("mise en circulation", 3.5), ("mise en circu", 3.5), ("carte grise", 3.0), ("infos", 1.5),
            ("info", 1.5), ("details", 1.0), ("motorisation", 3.0), ("moteur", 1.5), ("carburant", 2.0), ("annee", 1.0),
            ("engine", 2.0), ("registration", 1.5), ("caracteristiques", 2.5), ("fiche technique", 2.5),
            ("quel modele", 2.0), ("chassis", 2.0), ("odometer", 3.0), ("numero de serie", 3.5), ("premiere immat*", 3.5),
            ("first registration", 3.5), ("fuel", 2.0), ("puissance", 2.5), ("cylindree", 2.5), ("diesel", 1.5),
            ("essence", 1.5), ("compteur", 2.5),
            ("moteur", 1.0), ("annee", 1.5), ("infos techniques", 3.0), ("technique*", 2.0), ("date de quand", 3.0), ("elle date", 3.0), ("quel moteur", 2.5),
        ],
        RemindersDue => &[
            ("rappel*", 2.5), ("relance*", 2.0), ("echeance*", 2.5), ("a faire", 1.5), ("reminder*", 2.5), ("due", 2.0),
            ("qui a", 1.5), ("qui doit", 2.0), ("doivent", 1.5), ("who needs", 2.5), ("needs", 1.0), ("clients a", 1.0),
            ("a prevoir", 2.0), ("entretiens", 1.0), ("arrivent", 1.5), ("qui arrivent", 2.0), ("coming up", 2.5),
            ("clients", 0.5),
            ("relances", 3.0), ("liste des relances", 3.5), ("a relancer", 3.0), ("a envoyer", 2.0), ("rappels", 3.0), ("passe la date", 3.0), ("qui doit revenir", 3.5),
        ],
        NextService => &[
            ("prochaine", 2.5), ("prochain", 2.0), ("next", 2.0), ("quand", 1.0), ("when", 1.0), ("a faire", 0.5),
            ("doit faire", 1.5), ("prevue", 1.5), ("due", 1.0), ("when is", 1.0), ("revenir", 2.0), ("doit revenir", 3.0),
            ("prevue a quel", 2.0), ("a quel kilometrage", 3.0),
        ],
        UnpaidInvoices => &[
            ("impaye*", 3.5), ("non pay*", 3.5), ("pas paye*", 3.5), ("pas regle*", 3.5), ("non regle*", 3.5),
            ("unpaid", 3.5), ("outstanding", 3.5), ("overdue", 1.0), ("doivent", 1.5), ("doit", 1.0), ("owe*", 2.5),
            ("creance*", 3.0), ("retard de paiement", 3.0), ("reste a payer", 3.0), ("en attente de paiement", 3.0),
            ("not paid", 3.5), ("recouvrement", 3.0), ("solde", 1.5), ("argent", 2.5), ("hasn t paid", 3.5),
            ("haven t paid", 3.5), ("paid", 1.0), ("money", 2.0),
            ("a pas paye", 1.0), ("encours", 3.5), ("pognon", 1.5), ("restant dues", 3.5), ("dues", 2.5), ("traine a payer", 3.5), ("traine", 2.0), ("reste a encaisser", 4.0), ("overdue invoices", 3.0), ("paid yet", 3.0), ("pas encore reglee*", 3.5),
        ],
        FindInvoice => &[
            ("facture", 1.5), ("factures", 1.0), ("invoice", 1.5), ("invoices", 1.0), ("retrouve*", 1.0),
            ("copie", 1.5), ("duplicata", 2.0), ("copy", 1.5), ("pdf", 1.5), ("reimprime*", 2.0), ("reprint", 2.0),
            ("note", 2.0), ("bill", 1.5), ("bill from", 2.5),
        ],
        PendingEstimates => &[
            ("devis", 2.5), ("estimate*", 2.5), ("quote*", 2.5), ("sans reponse", 3.0), ("en attente", 1.5),
            ("pas signe*", 3.0), ("non signe*", 3.0), ("pas accepte*", 3.0), ("pas encore accepte*", 3.5),
            ("relancer", 1.0), ("waiting", 1.5), ("unsigned", 3.0), ("pending", 2.0), ("not signed", 3.0),
            ("not accepted", 3.0), ("no answer", 3.0), ("en suspens", 2.5), ("repondu", 3.0), ("reponse", 2.0),
            ("answered", 3.0), ("replied", 3.0),
            ("sans nouvelles", 3.0), ("devis envoyes", 3.0), ("devis a relancer", 4.5), ("n ont pas", 1.5),
        ],
        DeferredWork => &[
            ("recommande", 3.0), ("recommandes", 3.0), ("recommandee*", 3.0), ("preconis*", 3.0), ("differe*", 3.0),
            ("reporte", 3.0), ("reportes", 3.0), ("reportee", 3.0), ("reportees", 3.0), ("conseille*", 3.0), ("deferred", 3.0), ("recommended", 3.0), ("advise*", 3.0),
            ("refuse*", 2.5), ("declined", 2.5), ("pas fait", 1.5), ("non faits", 2.0), ("reste a faire", 2.5),
            ("restait a faire", 3.0), ("still to do", 2.5), ("postponed", 3.0), ("remis", 1.5), ("later", 1.5),
            ("restant a prevoir", 3.0), ("pas faites", 2.0), ("en suspens", 2.0), ("recommandation*", 3.5), ("non realise*", 3.0), ("a revoir", 3.0), ("signale*", 2.5), ("turn down", 3.0), ("turned down", 3.0), ("recommendations", 3.5),
        ],
        StockLevel => &[
            ("stock", 1.5), ("en stock", 1.5), ("combien", 1.0), ("reste*", 1.0), ("il reste", 1.5), ("in stock", 3.0),
            ("how many", 1.0), ("left", 1.0), ("quantite", 2.0), ("on hand", 2.5), ("inventory", 2.0),
            ("on a encore", 2.0), ("avons nous", 1.0), ("do we have", 1.5),
            ("en reserve", 3.0), ("reste-t-il", 2.5), ("encore des", 1.5), ("quantite dispo", 3.5), ("left", 1.0),
        ],
        LowStock => &[
            ("rupture", 3.5), ("manque*", 2.5), ("a commander", 3.0), ("a recommander", 3.5), ("recommander", 3.0),
            ("stock bas", 3.5), ("stock faible", 3.5), ("sous le minimum", 3.5), ("minimum", 2.5), ("mini", 2.5),
            ("low stock", 3.5), ("running low", 5.0), ("low", 2.0), ("reorder", 3.0), ("out of stock", 3.5),
            ("short", 1.5), ("epuise*", 3.0), ("reapprovision*", 3.0), ("commander", 1.5), ("seuil", 2.5),
            ("alerte*", 3.0), ("a court", 3.5), ("en dessous", 2.5), ("below", 2.0),
            ("reappro*", 3.5), ("critique*", 3.0), ("insuffisant*", 3.0), ("faible*", 3.0), ("racheter", 3.0), ("nearly gone", 3.5), ("gone", 2.0), ("manque en stock", 3.0), ("stock", 0.5),
        ],
        PendingPurchases => &[
            ("commandes fournisseur*", 4.0), ("commande fournisseur", 4.0), ("fournisseur*", 2.5), ("livraison*", 2.5),
            ("pas recu*", 2.5), ("pas encore recu*", 3.0), ("non recu*", 3.0), ("en attente de livraison", 4.0),
            ("supplier*", 2.5), ("purchase order*", 4.0), ("deliver*", 2.5), ("not received", 3.0), ("arrive*", 1.0),
            ("commandes", 1.5), ("commande", 1.0), ("orders", 0.3), ("bon de commande", 3.0), ("recept*", 1.5),
            ("livre", 2.0), ("livres", 2.0), ("livree*", 2.0), ("pas encore livre*", 3.5), ("on attend", 2.5),
            ("attend de chez", 3.0), ("due from", 3.0), ("from", 0.5), ("chez", 0.8),
            ("arrivages", 3.5), ("arrivage", 3.0), ("a recevoir", 3.5), ("recevoir", 2.0), ("still waiting for", 2.0),
        ],
        CashToday => &[
            ("caisse", 3.0), ("encaisse*", 2.5), ("encaissements", 3.5), ("recette*", 3.0), ("paiements", 2.5),
            ("reglements", 2.5), ("especes", 2.5), ("cb", 1.5), ("cheques", 2.0), ("till", 3.0), ("takings", 3.0),
            ("cash", 2.5), ("payments", 2.5), ("taken", 1.0), ("tiroir", 2.5), ("fond de caisse", 3.0),
            ("combien on a encaisse", 4.0), ("rentre", 1.5),
            ("z", 3.0), ("carte bleue", 3.0), ("cb", 1.0), ("virements", 2.5), ("point caisse", 4.0), ("till report", 4.0),
        ],
        Revenue => &[
            ("chiffre d affaires", 4.0), ("chiffre", 2.5), ("ca", 1.5), ("le ca", 1.5), ("ca de", 1.0),
            ("revenue", 3.5), ("turnover", 3.5), ("ventes", 1.5), ("sales", 1.5), ("combien on a fait", 3.0),
            ("combien avons nous", 1.5), ("gagne", 1.0), ("earned", 2.0), ("made", 1.5), ("make", 1.0),
            ("how much did we", 2.0), ("bilan", 1.0), ("resultat*", 1.5), ("marge", 2.0), ("margin", 2.0),
            ("income", 2.5), ("on a facture", 3.5), ("facture combien", 3.5), ("facture*", 0.3),
            ("rentre combien", 3.0), ("rapporte", 3.0), ("hors taxe", 3.0), ("facturation totale", 3.5), ("total facture", 3.5), ("total", 1.5), ("invoiced", 2.5),
        ],
        Productivity => &[
            ("productiv*", 4.0), ("rendement", 3.0), ("efficacite", 3.0), ("efficiency", 3.0),
            ("heures vendues", 3.5), ("heures facturees", 3.5), ("taux horaire", 2.0), ("billed hours", 3.5),
            ("hours sold", 3.5), ("temps passe", 2.5), ("time spent", 2.5), ("heures", 1.0), ("hours", 1.0),
            ("performance", 2.5), ("mecanicien*", 1.0), ("mechanic*", 1.0), ("pointage*", 2.0),
            ("rentabilite", 3.5), ("perf", 3.0), ("taux d occupation", 4.0), ("occupation", 2.5), ("combien d heures", 3.0), ("productif", 4.0), ("productive", 4.0),
        ],
        VatCollected => &[
            ("tva", 4.0), ("vat", 4.0), ("taxe*", 2.0), ("tax", 2.0), ("collectee", 2.0), ("declaration", 1.5),
        ],
        PartsSales => &[
            ("pieces vendues", 4.0), ("ventes de pieces", 4.0), ("ventes pieces", 4.0), ("parts sold", 4.0),
            ("parts sales", 4.0), ("vendu", 1.5), ("vendues", 1.5), ("sold", 1.5), ("pieces", 1.5), ("parts", 1.5),
            ("top", 1.0), ("plus vendu*", 3.0), ("best selling", 3.0), ("consommation", 2.0), ("sorties", 2.0),
            ("ca pieces", 4.0),
            ("chiffre pieces", 4.0), ("ventes comptoir", 4.0), ("comptoir", 3.0), ("sorties de stock", 4.0), ("magasin", 2.0), ("ca magasin", 3.0), ("parts revenue", 4.0), ("counter sales", 4.0), ("counter", 2.5),
        ],
        ReadyToInvoice => &[
            ("a facturer", 4.0), ("pret a facturer", 4.0), ("prets a facturer", 4.0), ("pas encore facture*", 4.0),
            ("non facture*", 4.0), ("pas facture*", 4.0), ("to invoice", 4.0), ("ready to invoice", 4.0),
            ("not invoiced", 4.0), ("not yet invoiced", 4.0), ("uninvoiced", 4.0), ("invoice", 0.5),
            ("to bill", 4.0), ("sans facture", 4.0), ("clos", 1.5), ("facturation", 2.5),
            ("attente de facturation", 4.0), ("factures a faire", 4.5),
            ("dois facturer", 4.0), ("en attente de facture", 4.0), ("passer en facture", 4.0), ("transformer en facture", 4.0), ("a editer", 3.0), ("peut facturer", 4.0), ("not billed", 4.0), ("need* invoicing", 4.0), ("invoicing", 2.5), ("awaiting an invoice", 4.0), ("awaiting", 1.0),
        ],
        StaffAbsent => &[
            ("absent*", 3.5), ("conge*", 3.5), ("vacances", 3.0), ("off", 2.0), ("day off", 3.5), ("malade", 3.0),
            ("qui travaille", 3.0), ("qui bosse", 3.0), ("present*", 2.5), ("who is working", 3.0), ("who works", 3.0),
            ("holiday*", 3.0), ("leave", 2.0), ("sick", 3.0), ("rtt", 3.0), ("repos", 2.5), ("equipe", 1.5), ("staff", 1.5),
            ("qui manque", 3.0), ("away", 2.0), ("ne travaille pas", 3.5), ("travaille pas", 3.0),
            ("n est pas la", 3.5), ("pas la", 2.0), ("en arret", 3.5), ("arret", 2.5), ("formation", 3.0), ("abscence*", 3.5),
        ],
        OpeningHours => &[
            ("horaire*", 3.5), ("ouvert*", 3.0), ("ouvre", 2.5), ("ferme*", 3.0), ("fermeture", 3.0), ("ouverture", 3.0),
            ("opening hours", 4.0), ("hours", 1.5), ("open", 2.0), ("close*", 2.5), ("quelle heure", 1.5),
            ("what time", 1.5), ("heures d ouverture", 4.0),
            ("horaires", 3.5),
        ],
        DaySummary => &[
            ("resume", 3.5), ("recap*", 3.5), ("synthese", 3.5), ("summary", 3.5), ("overview", 3.5),
            ("tableau de bord", 4.0), ("dashboard", 4.0), ("point", 1.0), ("le point", 2.5), ("journee", 1.5),
            ("la journee", 2.0), ("bilan", 1.5), ("at a glance", 3.5), ("quoi de neuf", 2.5), ("what happened", 2.0),
            ("vue d ensemble", 4.0), ("ensemble", 1.5),
            ("briefing", 3.5), ("brief", 3.5), ("topo", 3.5), ("se passe", 2.5), ("vue generale", 3.5), ("au programme", 3.5), ("look like", 2.5),
        ],
        Help => &[
            ("aide", 4.0), ("help", 4.0), ("que sais tu", 4.0), ("tu sais faire", 4.0), ("peux tu faire", 3.5),
            ("que peux tu", 3.5), ("te demander", 3.5), ("exemple*", 3.0), ("what can you", 4.0),
            ("how does this work", 4.0), ("comment marche", 3.5), ("comment cela marche", 4.0), ("comment fonctionne", 3.5),
            ("mode d emploi", 4.0), ("questions", 2.0), ("capable", 2.5), ("assistant", 2.0), ("peux-tu", 1.5),
            ("tu sers", 4.0), ("m en sers", 3.5), ("tu comprends", 3.5), ("savez faire", 4.0), ("au secours", 4.0), ("perdu", 2.0), ("aidez", 4.0), ("aider", 3.5),
        ],
        BookAppointment => &[
            ("prends", 1.0), ("prendre", 1.0), ("prends un rdv", 3.0), ("prendre rdv", 3.0), ("prendre un rdv", 3.0),
            ("reserve*", 2.5), ("booker", 3.0), ("book", 3.0), ("cale*", 2.0), ("caler", 2.5), ("planifie*", 2.5),
            ("programme*", 2.0), ("mets", 0.8), ("mettre", 0.8), ("nouveau rdv", 3.5), ("fixe*", 2.0),
            ("inscri*", 2.0), ("ajoute*", 1.0), ("make an appointment", 4.0), ("new appointment", 4.0),
            ("bloque*", 1.5), ("set up", 1.5), ("pose", 1.5), ("rdv pour", 1.0),
        ],
        NewEstimate => &[
            ("devis", 2.0), ("estimate", 2.0), ("quote", 2.0), ("nouveau devis", 4.0), ("faire un devis", 4.0),
            ("fais un devis", 4.0), ("creer un devis", 4.0), ("cree un devis", 4.0), ("prepare*", 2.0), ("etablir", 2.5),
            ("chiffrer", 3.0), ("chiffrage", 3.0), ("new estimate", 4.0), ("new quote", 4.0), ("make an estimate", 4.0),
            ("draft", 2.0), ("quotation", 2.5), ("ouvre un devis", 4.0), ("devis pour", 1.5),
            ("estimation", 3.0), ("faire un prix", 4.0), ("un prix", 2.5), ("prix", 1.5),
        ],
        SendReminder => &[
            ("envoie*", 2.5), ("envoyer", 2.5), ("envoi", 2.0), ("relance", 2.5), ("relancer", 2.5), ("rappel", 1.5),
            ("previens", 2.5), ("prevenir", 2.5), ("send", 2.5), ("remind", 3.0), ("sms", 1.5), ("mail", 0.8),
            ("notify", 2.5), ("avertir", 2.0), ("message", 1.0), ("fais un rappel", 3.5), ("a reminder", 2.0),
            ("notifie", 3.0),
        ],
        NewCustomer => &[
            ("nouveau client", 4.0), ("nouvelle cliente", 4.0), ("nouveau", 1.5), ("nouvelle", 1.5), ("new customer", 4.0),
            ("new client", 4.0), ("cree*", 2.0), ("creer", 2.0), ("ajoute*", 2.0), ("ajouter", 2.0), ("enregistre*", 1.5),
            ("create", 3.0), ("create a customer", 4.0), ("add", 1.5), ("fiche client", 1.0), ("client", 0.8),
            ("customer", 0.8), ("cree la fiche", 4.0), ("ajoute* le client", 3.5), ("ajouter le client", 3.5),
            ("nouvelle fiche", 4.0), ("creation client", 4.0), ("creation", 3.0), ("rajoute*", 2.5), ("dans les clients", 3.0), ("ouvre une fiche", 4.0), ("register", 3.5), ("as a customer", 3.0), ("enregistre", 1.0),
        ],
        RecordPayment => &[
            ("encaisse*", 2.0), ("paiement", 2.5), ("regle*", 2.0), ("reglement", 2.5), ("paye", 2.0), ("paie", 2.0),
            ("payer", 2.0), ("pay*", 0.5), ("record", 1.0), ("take", 1.0), ("payment", 2.5), ("record payment", 4.0),
            ("take a payment", 4.0), ("acompte", 2.5), ("versement", 2.5), ("cheque", 2.0), ("virement", 2.0),
            ("carte", 1.0), ("especes", 1.5), ("cash", 1.0), ("le paiement", 2.0),
            ("encaisse la facture", 4.0), ("a regle", 3.0), ("balles", 2.0), ("settled", 3.5), ("regle en", 2.0), ("en cb", 2.0),
        ],
        Unknown => &[],
    }
}

/// How much each kind of slot found points to each intent (or away from
/// it, when negative).
fn slot_weights(intent: Intent) -> &'static [(&'static str, f32)] {
    use Intent::*;
    match intent {
        OrderStatus => &[("plate", 0.5), ("vehicle", 0.5), ("order_number", 2.0), ("name", 0.3), ("period", -1.0)],
        OrdersByStatus => &[("status", 3.0), ("status_estimate", -2.0), ("honorific", -1.0), ("plate", -1.0)],
        MyJobs => &[("mechanic", 1.5), ("day", 0.5)],
        Appointments => &[("date", 1.0)],
        FreeSlots => &[("duration", 1.5), ("date", 0.3)],
        FindCustomer => &[("phone", 2.5), ("email", 2.5), ("name", 0.8), ("honorific", 0.5), ("plate", -1.5), ("vehicle", -1.0)],
        FindVehicle => &[("plate", 1.0), ("vin", 1.5), ("vehicle", 0.5), ("phone", -1.5), ("email", -1.5)],
        CustomerHistory => &[("name", 0.3), ("plate", 0.3)],
        CustomerContact => &[("name", 0.3), ("phone", -3.0), ("email", -3.0)],
        VehicleInfo => &[("plate", 0.3), ("vehicle", 0.3)],
        RemindersDue => &[("overdue", 1.5), ("work", 0.8), ("period", 1.0), ("honorific", -1.5), ("plate", -1.0)],
        NextService => &[("work", 0.8), ("plate", 0.5), ("vehicle", 0.5), ("period", -1.0)],
        UnpaidInvoices => &[("days", 1.5)],
        FindInvoice => &[("invoice_number", 2.0), ("order_number", -1.0)],
        PendingEstimates => &[("days", 0.5), ("plate", -1.0)],
        CashToday => &[("day", 0.5), ("amount", -1.0), ("plate", -2.0)],
        VatCollected | PartsSales => &[("date", 0.3)],
        Revenue => &[("period", 0.5)],
        Productivity => &[("mechanic", 0.5), ("date", 0.3)],
        StaffAbsent => &[("date", 0.3), ("mechanic", 0.5)],
        DaySummary => &[("day", 0.5)],
        BookAppointment => &[("time", 2.5), ("date", 0.5), ("work", 0.5), ("duration", 0.5), ("period", -1.5)],
        NewEstimate => &[("work", 0.5)],
        SendReminder => &[("work", 0.3), ("honorific", 0.5)],
        NewCustomer => &[("phone", 0.8), ("email", 0.8), ("name", 0.5)],
        StockLevel => &[("part_words", 1.0)],
        RecordPayment => &[("amount", 2.5), ("invoice_number", 1.0), ("date", -1.0)],
        _ => &[],
    }
}

/// The least score an intent needs to be chosen.
const THRESHOLD: f32 = 1.5;

/// Every intent's score for these words and slots, best first.
pub fn scores(words: &[Word], found: &Found) -> Vec<(Intent, f32)> {
    // Values (dates, plates, amounts…) are not words: no cue sees them.
    let texts: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, w)| if found.opaque.get(i).copied().unwrap_or(false) { "_" } else { w.text.as_str() })
        .collect();
    let has = |k: &str| match k {
        "plate" => found.plate.is_some(),
        "vin" => found.vin.is_some(),
        "vehicle" => found.vehicle.is_some(),
        "mechanic" => found.mechanic.is_some(),
        "phone" => found.phone.is_some(),
        "email" => found.email.is_some(),
        "date" => found.date.is_some(),
        "time" => found.time.is_some(),
        "duration" => found.duration.is_some(),
        "days" => found.days.is_some(),
        "amount" => found.amount.is_some(),
        "status" => found.status.is_some(),
        "status_estimate" => found.status == Some("estimate"),
        "part_words" => found.has_name(),
        "overdue" => found.overdue,
        "work" => found.work.is_some(),
        "number" => found.number.is_some(),
        "order_number" => found.number.as_deref().is_some_and(|n| n.starts_with("OR-") || n.starts_with("DE-")),
        "invoice_number" => found.number.as_deref().is_some_and(|n| !(n.starts_with("OR-") || n.starts_with("DE-"))),
        "period" => matches!(found.date, Some(DateExpr::Range(..) | DateExpr::Month(..))),
        "day" => matches!(found.date, Some(DateExpr::Day(_) | DateExpr::DayOfMonth(_) | DateExpr::Weekday(_))),
        "honorific" => found.honorific,
        "name" => found.has_name(),
        _ => false,
    };
    let mut out: Vec<(Intent, f32)> = ALL
        .iter()
        .map(|&intent| {
            let mut score = 0.0;
            for (phrase, weight) in cues(intent) {
                if said(&texts, phrase) {
                    score += weight;
                }
            }
            for (slot, weight) in slot_weights(intent) {
                if has(slot) {
                    score += weight;
                }
            }
            (intent, score)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Whether the words contain `phrase`, word after word.
fn said(texts: &[&str], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    if parts.len() > texts.len() {
        return false;
    }
    (0..=texts.len() - parts.len()).any(|i| parts.iter().enumerate().all(|(k, p)| matches(texts[i + k], p)))
}

/// How much the model learnt from the dev corpus weighs beside the cues
/// (its belief, between 0 and 1, times this).
const LEARNED_WEIGHT: f32 = 4.0;

/// The intent chosen for these words and slots, and the runners-up: the
/// cues' score plus the learnt model's belief; [`Intent::Unknown`] when the
/// best is too weak or the model believes the words are not the
/// workshop's business.
pub fn choose(words: &[Word], found: &Found) -> (Intent, Vec<Intent>) {
    let learned = super::learned::posteriors(words, found);
    let belief = |i: Intent| learned.iter().find(|(k, _)| *k == i).map_or(0.0, |(_, p)| *p as f32);
    let mut ranked: Vec<(Intent, f32)> = scores(words, found)
        .into_iter()
        .map(|(i, s)| (i, s + LEARNED_WEIGHT * belief(i)))
        .collect();
    ranked.push((Intent::Unknown, LEARNED_WEIGHT * belief(Intent::Unknown) + 0.5));
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let runners: Vec<Intent> = ranked
        .iter()
        .filter(|(i, s)| *s > 0.5 && *i != Intent::Unknown)
        .map(|(i, _)| *i)
        .collect();
    match ranked.first() {
        Some(&(intent, score)) if intent != Intent::Unknown && score >= THRESHOLD => {
            (intent, runners.into_iter().filter(|i| *i != intent).take(3).collect())
        }
        _ => (Intent::Unknown, runners.into_iter().take(3).collect()),
    }
}

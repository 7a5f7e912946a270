//! What is wrong with something a person typed, said in their language.
//!
//! Every refusal names the input at fault (so the UI puts the message under
//! the right box) and says how to fix it. Nothing was written.

use atelier_domain::Locale;

use crate::text::{format_date, format_int, format_km};

mod domain;

/// An input field, named as the UI names its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "each variant is the form field of the same name"
)]
pub enum Field {
    Kind,
    Civility,
    FirstName,
    LastName,
    CompanyName,
    Registration,
    VatNumber,
    EinvoiceAddress,
    Phone,
    PhoneAlt,
    Email,
    AddressLine1,
    AddressLine2,
    PostalCode,
    City,
    Country,
    Language,
    PaymentTerms,
    Notes,
    Owner,
    Plate,
    Vin,
    Make,
    Model,
    Version,
    EngineCode,
    Fuel,
    Gearbox,
    Colour,
    FirstRegistration,
    VehicleNotes,
    Mileage,
    Km,
    ReadOn,
    WorkshopName,
    LegalForm,
    Capital,
    Siret,
    Rcs,
    DefaultVat,
    EstimateValidity,
    HourlyRate,
    Logo,
    Login,
    DisplayName,
    Password,
    Pin,
    Roles,
    SeriesPrefix,
    FiscalYearEnd,
    FirstFiscalYearEnd,
    VatRegime,
    EreportingFrom,
    OutgoingFolder,
    IncomingFolder,
    IdleMinutes,
    Vehicle,
    Complaint,
    PromisedAt,
    Mechanics,
    InternalNotes,
    Discount,
    DiscountKind,
    LineKind,
    Description,
    Hours,
    RateCode,
    FlatPrice,
    PartId,
    Quantity,
    UnitPrice,
    Vat,
    Origin,
    Supplement,
    Title,
    Reason,
    SignerName,
    Signature,
    RecycledParts,
    AcceptedOn,
    JobName,
    Duration,
    Lines,
    StepLabel,
    Note,
    InspectionPoint,
    PointStatus,
    Measure,
    Comment,
    Recommendations,
    UpdateServer,
    Customer,
    Amount,
    PaymentMethod,
    PaidOn,
    Reference,
    Invoice,
    Payment,
    OemReference,
    Ean,
    Brand,
    Category,
    Unit,
    CostPrice,
    SalePrice,
    Markup,
    Bin,
    ReorderPoint,
    ReorderQuantity,
    Supplier,
    SupplierName,
    SupplierReference,
    Site,
    ToSite,
    PurchaseOrder,
    Count,
    Part,
    From,
    To,
    StartAt,
    EndAt,
    Bay,
    Mechanic,
    Resource,
    ResourceName,
    ResourceKind,
    WeekHours,
    Day,
    AppointmentStatus,
    Source,
    RuleName,
    RuleKind,
    Rule,
    EveryKm,
    EveryMonths,
    FirstMonths,
    SmtpHost,
    SmtpPort,
    SmtpSecurity,
    SmtpFrom,
    SmsUrl,
    SmsSender,
    Template,
    AccountCustomers,
    AccountDeposits,
    AccountLabour,
    AccountParts,
    AccountOther,
    AccountVat,
    AccountCash,
    AccountCard,
    AccountCheque,
    AccountTransfer,
    Symptom,
    TroubleCodes,
    Conclusion,
    Check,
    CheckResult,
    DiagnosisTree,
    Answer,
    CodeTitle,
    Priority,
    DiagnosisFee,
    ObdAdapter,
    CampaignName,
    SmsText,
    SmsSegments,
    EmailSubject,
    EmailText,
    CampaignCode,
    DailyCap,
    SendingHours,
    PublicUrl,
    SmsStopNumber,
    Rating,
    Satisfaction,
    LowRating,
}

impl Field {
    /// The input's `name` in the UI.
    pub fn name(self) -> &'static str {
        self.names().0
    }

    /// The label the person sees next to the input.
    pub fn label(self, locale: Locale) -> &'static str {
        let (_, fr, en) = self.names();
        match locale {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Field::Kind => ("kind", "Type de client", "Customer type"),
            Field::Civility => ("civility", "Civilité", "Title"),
            Field::FirstName => ("first_name", "Prénom", "First name"),
            Field::LastName => ("last_name", "Nom", "Last name"),
            Field::CompanyName => ("company_name", "Raison sociale", "Company name"),
            Field::Registration => ("registration", "SIREN ou SIRET", "SIREN or SIRET"),
            Field::EinvoiceAddress => (
                "einvoice_address",
                "Adresse de facturation électronique",
                "E-invoicing address",
            ),
            Field::VatNumber => (
                "vat_number",
                "N° de TVA intracommunautaire",
                "EU VAT number",
            ),
            Field::Phone => ("phone", "Téléphone", "Phone"),
            Field::PhoneAlt => ("phone_alt", "Autre téléphone", "Other phone"),
            Field::Email => ("email", "E-mail", "E-mail"),
            Field::AddressLine1 => ("address_line1", "Adresse", "Address"),
            Field::AddressLine2 => ("address_line2", "Complément d’adresse", "Address line 2"),
            Field::PostalCode => ("postal_code", "Code postal", "Postcode"),
            Field::City => ("city", "Ville", "Town"),
            Field::Country => ("country", "Pays", "Country"),
            Field::Language => ("language", "Langue", "Language"),
            Field::PaymentTerms => ("payment_terms_days", "Délai de paiement", "Payment terms"),
            Field::Notes | Field::VehicleNotes => ("notes", "Notes", "Notes"),
            Field::Owner => ("customer_id", "Propriétaire", "Owner"),
            Field::Plate => ("plate", "Immatriculation", "Registration plate"),
            Field::Vin => ("vin", "VIN", "VIN"),
            Field::Make => ("make", "Marque", "Make"),
            Field::Model => ("model", "Modèle", "Model"),
            Field::Version => ("version", "Version", "Version"),
            Field::EngineCode => ("engine_code", "Code moteur", "Engine code"),
            Field::Fuel => ("fuel", "Énergie", "Fuel"),
            Field::Gearbox => ("gearbox", "Boîte de vitesses", "Gearbox"),
            Field::Colour => ("colour", "Couleur", "Colour"),
            Field::FirstRegistration => (
                "first_registration",
                "Mise en circulation",
                "First registration",
            ),
            Field::Mileage => ("mileage", "Kilométrage actuel", "Current mileage"),
            Field::Km => ("km", "Kilométrage", "Mileage"),
            Field::ReadOn => ("read_on", "Date du relevé", "Reading date"),
            Field::WorkshopName => ("name", "Nom de l’atelier", "Workshop name"),
            Field::LegalForm => ("legal_form", "Forme juridique", "Legal form"),
            Field::Capital => ("capital", "Capital social", "Share capital"),
            Field::Siret => ("siret", "SIRET", "SIRET"),
            Field::Rcs => ("rcs", "RCS", "Trade register (RCS)"),
            Field::DefaultVat => ("default_vat", "Taux de TVA par défaut", "Default VAT rate"),
            Field::EstimateValidity => (
                "estimate_valid_days",
                "Validité des devis",
                "Estimate validity",
            ),
            Field::HourlyRate => ("hourly_rate", "Taux horaire", "Hourly rate"),
            Field::Logo => ("logo", "Logo", "Logo"),
            Field::Login => ("login", "Identifiant", "Login"),
            Field::DisplayName => ("display_name", "Nom affiché", "Display name"),
            Field::Password => ("password", "Mot de passe", "Password"),
            Field::Pin => ("pin", "Code PIN", "PIN"),
            Field::Roles => ("roles", "Rôles", "Roles"),
            Field::FiscalYearEnd => ("fiscal_year_end", "Fin de l’exercice", "Fiscal year end"),
            Field::FirstFiscalYearEnd => (
                "first_fiscal_year_end",
                "Fin du premier exercice",
                "First fiscal year’s end",
            ),
            Field::VatRegime => ("vat_regime", "Régime de TVA", "VAT regime"),
            Field::EreportingFrom => (
                "ereporting_from",
                "E-reporting à partir du",
                "E-reporting from",
            ),
            Field::OutgoingFolder => ("outgoing", "Dossier de dépôt (envoi)", "Outgoing folder"),
            Field::IncomingFolder => (
                "incoming",
                "Dossier de retour (réception)",
                "Incoming folder",
            ),
            Field::SeriesPrefix => (
                "series_prefix",
                "Préfixe de la série de factures",
                "Invoice series prefix",
            ),
            Field::IdleMinutes => (
                "idle_minutes",
                "Verrouillage après inactivité",
                "Lock after inactivity",
            ),
            Field::Vehicle => ("vehicle_id", "Véhicule", "Vehicle"),
            Field::Complaint => ("complaint", "Demande du client", "Customer’s request"),
            Field::PromisedAt => ("promised_at", "Restitution prévue", "Promised for"),
            Field::Mechanics => ("mechanic_ids", "Mécaniciens", "Mechanics"),
            Field::InternalNotes => ("internal_notes", "Notes internes", "Internal notes"),
            Field::Discount => ("discount", "Remise", "Discount"),
            Field::DiscountKind => ("discount_kind", "Type de remise", "Discount type"),
            Field::LineKind => ("kind", "Type de ligne", "Line type"),
            Field::Description => ("description", "Désignation", "Description"),
            Field::Hours => ("hours", "Temps (heures)", "Time (hours)"),
            Field::RateCode => (
                "rate_code",
                "Catégorie de taux horaire",
                "Labour rate category",
            ),
            Field::FlatPrice => ("flat_price", "Forfait HT", "Flat price excl. VAT"),
            Field::PartId => ("part_id", "Référence de la pièce", "Part number"),
            Field::Quantity => ("quantity", "Quantité", "Quantity"),
            Field::UnitPrice => ("unit_price", "Prix unitaire HT", "Unit price excl. VAT"),
            Field::Vat => ("vat", "TVA", "VAT"),
            Field::Origin => ("origin", "Origine de la pièce", "Part origin"),
            Field::Supplement => ("supplement_id", "Travaux complémentaires", "Supplement"),
            Field::Title => ("title", "Intitulé", "Title"),
            Field::Reason => ("reason", "Motif", "Reason"),
            Field::SignerName => ("signer_name", "Nom du signataire", "Signer’s name"),
            Field::Signature => ("signature_png", "Signature", "Signature"),
            Field::RecycledParts => (
                "recycled_parts_accepted",
                "Pièces issues de l’économie circulaire",
                "Circular-economy parts",
            ),
            Field::AcceptedOn => ("accepted_on", "Date d’acceptation", "Date accepted"),
            Field::JobName => ("name", "Nom du forfait", "Job name"),
            Field::Duration => (
                "duration",
                "Durée estimée (heures)",
                "Estimated time (hours)",
            ),
            Field::Lines => ("lines", "Lignes", "Lines"),
            Field::StepLabel => ("label", "Étape", "Step"),
            Field::Note => ("body", "Note", "Note"),
            Field::InspectionPoint => ("code", "Point de contrôle", "Inspection point"),
            Field::PointStatus => ("status", "État", "Condition"),
            Field::Measure => ("measure", "Mesure", "Measurement"),
            Field::UpdateServer => ("update_server", "Serveur de mises à jour", "Update server"),
            Field::Comment => ("comment", "Commentaire", "Comment"),
            Field::Recommendations => (
                "recommendation_ids",
                "Travaux recommandés",
                "Recommended work",
            ),
            Field::Customer => ("customer_id", "Client", "Customer"),
            Field::Amount => ("amount", "Montant", "Amount"),
            Field::PaymentMethod => ("method", "Mode de règlement", "Payment method"),
            Field::PaidOn => ("paid_on", "Date du règlement", "Payment date"),
            Field::Reference => ("reference", "Référence", "Reference"),
            Field::Invoice => ("invoice_id", "Facture", "Invoice"),
            Field::Payment => ("payment_id", "Règlement", "Payment"),
            Field::OemReference => ("oem_reference", "Référence constructeur", "OEM reference"),
            Field::Ean => ("ean", "Code-barres (EAN)", "Barcode (EAN)"),
            Field::Brand => ("brand", "Marque", "Brand"),
            Field::Category => ("category", "Catégorie", "Category"),
            Field::Unit => ("unit", "Unité", "Unit"),
            Field::CostPrice => ("cost_price", "Prix d’achat HT", "Cost price excl. VAT"),
            Field::SalePrice => ("sale_price", "Prix de vente HT", "Sale price excl. VAT"),
            Field::Markup => ("markup", "Coefficient de marge (%)", "Markup (%)"),
            Field::Bin => ("bin", "Emplacement", "Bin location"),
            Field::ReorderPoint => (
                "reorder_point",
                "Seuil de réapprovisionnement",
                "Reorder point",
            ),
            Field::ReorderQuantity => (
                "reorder_quantity",
                "Quantité à commander",
                "Reorder quantity",
            ),
            Field::Supplier => ("supplier_id", "Fournisseur", "Supplier"),
            Field::SupplierName => ("name", "Nom du fournisseur", "Supplier name"),
            Field::SupplierReference => (
                "supplier_reference",
                "Référence fournisseur",
                "Supplier’s reference",
            ),
            Field::Site => ("site_id", "Site", "Site"),
            Field::ToSite => ("to_site_id", "Site de destination", "Destination site"),
            Field::PurchaseOrder => ("purchase_order_id", "Bon de commande", "Purchase order"),
            Field::Count => ("counted", "Quantité comptée", "Counted quantity"),
            Field::Part => ("part_id", "Pièce", "Part"),
            Field::From => ("from", "Du", "From"),
            Field::To => ("to", "Au", "To"),
            Field::StartAt => ("start_at", "Début", "Start"),
            Field::EndAt => ("end_at", "Fin", "End"),
            Field::Bay => ("bay_id", "Poste de travail", "Bay"),
            Field::Mechanic => ("mechanic_id", "Mécanicien", "Mechanic"),
            Field::Resource => ("resource_id", "Poste ou mécanicien", "Bay or mechanic"),
            Field::ResourceName => ("name", "Nom", "Name"),
            Field::ResourceKind => ("kind", "Type", "Type"),
            Field::WeekHours => ("week_hours", "Horaires", "Working hours"),
            Field::Day => ("day", "Jour", "Day"),
            Field::AppointmentStatus => ("status", "Statut", "Status"),
            Field::Source => ("source", "Origine de la demande", "Booked by"),
            Field::RuleName => ("name", "Nom du rappel", "Reminder name"),
            Field::RuleKind => ("kind", "Type de rappel", "Reminder type"),
            Field::Rule => ("rule_id", "Rappel", "Reminder"),
            Field::EveryKm => ("every_km", "Tous les (km)", "Every (km)"),
            Field::EveryMonths => ("every_months", "Tous les (mois)", "Every (months)"),
            Field::FirstMonths => (
                "first_months",
                "Première échéance (mois après la mise en circulation)",
                "First due (months after first registration)",
            ),
            Field::SmtpHost => ("smtp_host", "Serveur SMTP", "SMTP server"),
            Field::SmtpPort => ("smtp_port", "Port SMTP", "SMTP port"),
            Field::SmtpSecurity => ("smtp_security", "Sécurité SMTP", "SMTP security"),
            Field::SmtpFrom => ("smtp_from", "Adresse d’expédition", "Sender address"),
            Field::SmsUrl => ("sms_url", "Adresse de l’API SMS", "SMS API address"),
            Field::SmsSender => ("sms_sender", "Expéditeur SMS", "SMS sender"),
            Field::Template => ("template", "Modèle de message", "Message template"),
            Field::AccountCustomers => ("customers", "Compte clients", "Customers account"),
            Field::AccountDeposits => (
                "deposits",
                "Compte des acomptes reçus",
                "Deposits received account",
            ),
            Field::AccountLabour => ("labour", "Compte main-d’œuvre", "Labour account"),
            Field::AccountParts => ("parts", "Compte pièces", "Parts account"),
            Field::AccountOther => ("other", "Compte autres produits", "Other revenue account"),
            Field::AccountVat => (
                "vat_account",
                "Compte de TVA collectée",
                "Output VAT account",
            ),
            Field::AccountCash => ("cash", "Compte caisse (espèces)", "Cash account"),
            Field::AccountCard => ("card", "Compte carte bancaire", "Card account"),
            Field::AccountCheque => ("cheque", "Compte chèques", "Cheques account"),
            Field::AccountTransfer => ("transfer", "Compte virements", "Transfers account"),
            Field::Symptom => ("symptom", "Symptôme", "Symptom"),
            Field::TroubleCodes => ("codes", "Codes défaut", "Trouble codes"),
            Field::Conclusion => ("conclusion", "Conclusion", "Conclusion"),
            Field::Check => ("check", "Contrôle effectué", "Check made"),
            Field::CheckResult => ("result", "Résultat", "Result"),
            Field::DiagnosisTree => ("tree_id", "Diagnostic guidé", "Guided diagnosis"),
            Field::Answer => ("answer", "Réponse", "Answer"),
            Field::CodeTitle => ("title", "Libellé du code", "Code title"),
            Field::Priority => ("severity", "Priorité", "Priority"),
            Field::DiagnosisFee => (
                "diagnosis_fee_job_id",
                "Forfait diagnostic",
                "Diagnosis fee",
            ),
            Field::ObdAdapter => ("obd_adapter", "Adaptateur OBD", "OBD adapter"),
            Field::CampaignName => ("name", "Nom de la campagne", "Campaign name"),
            Field::SmsText => ("sms_text", "Texte du SMS", "SMS text"),
            Field::SmsSegments => (
                "sms_segments",
                "Nombre de SMS annoncé",
                "SMS count announced",
            ),
            Field::EmailSubject => ("email_subject", "Objet de l’e-mail", "E-mail subject"),
            Field::EmailText => ("email_text", "Texte de l’e-mail", "E-mail text"),
            Field::CampaignCode => ("code", "Code de la campagne", "Campaign code"),
            Field::DailyCap => ("daily_cap", "Envois par jour au plus", "Most sent a day"),
            Field::SendingHours => ("send_from", "Heures d’envoi", "Sending hours"),
            Field::PublicUrl => (
                "public_url",
                "Adresse publique du serveur de l’atelier",
                "Workshop server’s public address",
            ),
            Field::SmsStopNumber => ("sms_stop_number", "Numéro STOP des SMS", "SMS STOP number"),
            Field::Rating => ("score", "Note", "Rating"),
            Field::Satisfaction => (
                "satisfaction",
                "Demande d’avis après paiement",
                "Rating request after payment",
            ),
            Field::LowRating => (
                "low_rating",
                "Note signalée au gérant",
                "Rating flagged to the owner",
            ),
        }
    }
}

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Left blank but needed.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// Not one of the values the field offers.
    NotAllowed,
    /// Not a whole number between `min` and `max`.
    Number {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
    },
    /// Not a calendar date.
    Date,
    /// A date after today.
    FutureDate,
    /// Not a postal code of the chosen country.
    PostalCode,
    /// Not an electronic invoicing address: letters, digits, `-`, `_` and
    /// `.`, at most 125 characters.
    EinvoiceAddress,
    /// A vehicle needs its plate or its VIN.
    PlateOrVin,
    /// Another vehicle already has this plate or VIN.
    AlreadyRegistered,
    /// The vehicle already belongs to this customer.
    SameOwner,
    /// Higher than a later reading of the same meter.
    AboveLaterReading {
        /// The later reading.
        km: i64,
        /// Its date (YYYY-MM-DD).
        on: String,
    },
    /// Not a plate.
    Plate(atelier_domain::PlateError),
    /// Not a VIN.
    Vin(atelier_domain::VinError),
    /// Not a SIREN or SIRET.
    Registration(atelier_domain::SirenError),
    /// Not an intra-EU VAT number.
    VatNumber(atelier_domain::VatNumberError),
    /// Not a phone number.
    Phone(atelier_domain::PhoneError),
    /// Not an amount of money.
    Amount,
    /// Not a percentage between 0 and 100 with at most two decimals.
    Percent,
    /// A password shorter than `min` characters.
    PasswordTooShort {
        /// The shortest accepted.
        min: usize,
    },
    /// A password equal to the user's login or name.
    PasswordIsName,
    /// A PIN that is not 4 to 6 digits.
    PinDigits,
    /// Another user already has this login.
    LoginTaken,
    /// The change would leave the workshop without an active owner.
    LastOwner,
    /// Not a PNG image.
    Png,
    /// A file larger than `max_kb` kilobytes.
    FileTooLarge {
        /// The limit, in kB.
        max_kb: usize,
    },
    /// The workshop is already set up: the first-run wizard cannot run twice.
    AlreadySetUp,
    /// Not 1 to 6 capital letters or digits.
    SeriesPrefix,
    /// Not an e-mail address.
    Email(atelier_domain::EmailError),
    /// Below zero.
    Negative,
    /// Not a number with at most three decimals.
    Quantity,
    /// A labour line with no hourly rate and no flat price.
    LabourUnpriced,
    /// The vehicle belongs to another customer.
    NotCustomersVehicle,
    /// Not a date, or a date and a time.
    DateTime,
    /// Not a web address starting with http:// or https://.
    WebAddress,
    /// Fixed once the estimate is accepted.
    FixedOnceAccepted,
    /// More than `max` items.
    TooMany {
        /// The limit.
        max: usize,
    },
    /// Zero or below where only a positive amount makes sense.
    NotPositive,
    /// This workstation already issued invoices in its series.
    SeriesInUse,
    /// More than what is left to pay (or to credit).
    MoreThanDue {
        /// What is left.
        max: atelier_domain::Money,
    },
    /// A transfer whose destination is the site it leaves.
    SameSite,
    /// A purchase order already received in full or cancelled.
    PurchaseOrderClosed,
    /// Not an EAN-8 or EAN-13 barcode (digits and check digit).
    Ean,
    /// Another part already has this reference.
    ReferenceTaken,
    /// Zero where something must move.
    Zero,
    /// A stocktake already posted.
    StocktakePosted,
    /// A purchase order already sent: its lines are fixed.
    PurchaseOrderSent,
    /// An end at or before the start.
    EndBeforeStart,
    /// A day's working hours not written as ranges in the day's order.
    HoursFormat,
    /// An appointment running past midnight.
    NotSameDay,
    /// A bay or mechanic deactivated: it takes no new appointments.
    ResourceInactive,
    /// A reminder rule with neither a mileage nor a period.
    KmOrMonths,
    /// An appointment already arrived, cancelled or a no-show.
    AppointmentClosed,
    /// An account number is not 3 to 20 digits.
    AccountNumber,
    /// An account number is not in the class of the chart of accounts its
    /// use needs (a revenue account starts with 70).
    AccountClass {
        /// The digits the number must start with.
        prefix: &'static str,
    },
    /// A period whose last day comes before its first.
    PeriodReversed,
    /// A template names a field that does not exist.
    UnknownTemplateField {
        /// The name written between braces.
        name: String,
        /// The fields that exist, as written (`{prenom}`).
        known: Vec<String>,
    },
    /// An SMS that could take more SMS than its campaign announces.
    SmsTooLong {
        /// How many it could take, filled at its longest.
        segments: usize,
        /// How many the campaign announces.
        announced: usize,
        /// The character that makes it Unicode (70 characters an SMS), if one does.
        unicode: Option<char>,
    },
    /// Sending hours not written as two times, the end after the start.
    SendingHours,
    /// Text holding HTML or a script, refused where people's words are shown on a page.
    Markup,
}

/// A refused input: which field, and why. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {}: {problem:?}", field.name())]
pub struct Invalid {
    /// The field at fault.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

impl Invalid {
    /// A refusal of `field` for `problem`.
    pub fn new(field: Field, problem: Problem) -> Self {
        Invalid { field, problem }
    }

    /// The sentence shown to the person, telling them what to fix.
    pub fn message(&self, locale: Locale) -> String {
        let label = self.field.label(locale);
        let fr = locale == Locale::Fr;
        match &self.problem {
            Problem::Required if fr => format!("Le champ « {label} » est obligatoire."),
            Problem::Required => format!("“{label}” is required."),
            Problem::TooLong { max } if fr => {
                format!("Le champ « {label} » ne peut pas dépasser {max} caractères.")
            }
            Problem::TooLong { max } => {
                format!("“{label}” cannot be longer than {max} characters.")
            }
            Problem::NotAllowed if fr => {
                format!("La valeur choisie pour « {label} » n’est pas reconnue.")
            }
            Problem::NotAllowed => format!("The value chosen for “{label}” is not recognised."),
            Problem::Number { min, max } if fr => format!(
                "« {label} » doit être un nombre entier entre {} et {}.",
                format_int(*min, locale),
                format_int(*max, locale)
            ),
            Problem::Number { min, max } => format!(
                "“{label}” must be a whole number between {} and {}.",
                format_int(*min, locale),
                format_int(*max, locale)
            ),
            Problem::Date if fr => format!("« {label} » n’est pas une date valide."),
            Problem::Date => format!("“{label}” is not a valid date."),
            Problem::FutureDate if fr => format!("« {label} » ne peut pas être dans le futur."),
            Problem::FutureDate => format!("“{label}” cannot be in the future."),
            Problem::EinvoiceAddress if fr => "L’adresse de facturation électronique ne peut contenir que des lettres, des chiffres et les signes - _ . (125 caractères au plus), par exemple 732829320 ou 732829320_COMPTA.".to_owned(),
            Problem::EinvoiceAddress => "The e-invoicing address may only hold letters, digits and - _ . (125 characters at most), for example 732829320 or 732829320_COMPTA.".to_owned(),
            Problem::PostalCode if fr => {
                "Le code postal doit comporter 5 chiffres (exemple : 75011).".to_owned()
            }
            Problem::PostalCode => "This postcode is not valid for the chosen country.".to_owned(),
            Problem::PlateOrVin if fr => {
                "Indiquez l’immatriculation ou le VIN du véhicule (ou les deux).".to_owned()
            }
            Problem::PlateOrVin => {
                "Enter the vehicle’s registration plate or its VIN (or both).".to_owned()
            }
            Problem::AlreadyRegistered if fr => format!(
                "Un autre véhicule a déjà ce {label} : s’il a changé de propriétaire, ouvrez-le et utilisez « Changer de propriétaire »."
            ),
            Problem::AlreadyRegistered => format!(
                "Another vehicle already has this {label}: if it changed hands, open it and use “Change owner”."
            ),
            Problem::SameOwner if fr => "Ce véhicule appartient déjà à ce client.".to_owned(),
            Problem::SameOwner => "This vehicle already belongs to this customer.".to_owned(),
            Problem::AboveLaterReading { km, on } if fr => format!(
                "Ce relevé dépasse celui du {} ({}) : vérifiez le kilométrage et la date.",
                format_date(on, locale),
                format_km(*km, locale)
            ),
            Problem::AboveLaterReading { km, on } => format!(
                "This reading is above the one of {} ({}): check the mileage and the date.",
                format_date(on, locale),
                format_km(*km, locale)
            ),
            Problem::Amount if fr => format!("« {label} » n’est pas un montant (exemple : 1 234,56)."),
            Problem::Amount => format!("“{label}” is not an amount (for example 1,234.56)."),
            Problem::Percent if fr => format!("« {label} » doit être un pourcentage entre 0 et 100 (exemple : 20 ou 5,5)."),
            Problem::Percent => format!("“{label}” must be a percentage between 0 and 100 (for example 20 or 5.5)."),
            Problem::PasswordTooShort { min } if fr => format!("Le mot de passe doit comporter au moins {min} caractères."),
            Problem::PasswordTooShort { min } => format!("The password must be at least {min} characters long."),
            Problem::PasswordIsName if fr => "Le mot de passe ne peut pas être l’identifiant ni le nom de l’utilisateur.".to_owned(),
            Problem::PasswordIsName => "The password cannot be the user’s login or name.".to_owned(),
            Problem::PinDigits if fr => "Le code PIN doit comporter de 4 à 6 chiffres.".to_owned(),
            Problem::PinDigits => "The PIN must be 4 to 6 digits.".to_owned(),
            Problem::WebAddress if fr => format!("« {label} » doit être une adresse web complète, commençant par https:// (ou http:// sur le réseau de l’atelier)."),
            Problem::WebAddress => format!("“{label}” must be a full web address starting with https:// (or http:// on the workshop’s network)."),
            Problem::LoginTaken if fr => "Un autre utilisateur a déjà cet identifiant : choisissez-en un autre.".to_owned(),
            Problem::LoginTaken => "Another user already has this login: choose another one.".to_owned(),
            Problem::LastOwner if fr => "L’atelier doit garder au moins un gérant actif : nommez d’abord un autre gérant.".to_owned(),
            Problem::LastOwner => "The workshop must keep at least one active owner: make someone else owner first.".to_owned(),
            Problem::Png if fr => format!("« {label} » doit être une image PNG."),
            Problem::Png => format!("“{label}” must be a PNG image."),
            Problem::FileTooLarge { max_kb } if fr => format!("« {label} » ne peut pas dépasser {max_kb} Ko."),
            Problem::FileTooLarge { max_kb } => format!("“{label}” cannot be larger than {max_kb} kB."),
            Problem::AlreadySetUp if fr => "L’atelier est déjà configuré : identifiez-vous.".to_owned(),
            Problem::AlreadySetUp => "The workshop is already set up: sign in.".to_owned(),
            Problem::SeriesPrefix if fr => "Le préfixe de série compte de 1 à 6 lettres majuscules ou chiffres (exemple : S1A).".to_owned(),
            Problem::SeriesPrefix => "The series prefix is 1 to 6 capital letters or digits (for example S1A).".to_owned(),
            Problem::Negative if fr => format!("« {label} » ne peut pas être négatif."),
            Problem::Negative => format!("“{label}” cannot be negative."),
            Problem::Quantity if fr => format!("« {label} » doit être un nombre positif avec au plus trois décimales (exemple : 1,5)."),
            Problem::Quantity => format!("“{label}” must be a positive number with at most three decimals (for example 1.5)."),
            Problem::LabourUnpriced if fr => "Cette main-d’œuvre n’a pas de prix : indiquez un taux horaire (ou réglez les taux dans Réglages) ou un forfait.".to_owned(),
            Problem::LabourUnpriced => "This labour has no price: enter an hourly rate (or set the rates in Settings) or a flat price.".to_owned(),
            Problem::NotCustomersVehicle if fr => "Ce véhicule appartient à un autre client : choisissez un véhicule du client, ou changez-le de propriétaire d’abord.".to_owned(),
            Problem::NotCustomersVehicle => "This vehicle belongs to another customer: choose one of the customer’s vehicles, or change its owner first.".to_owned(),
            Problem::DateTime if fr => format!("« {label} » doit être une date, avec une heure si besoin (exemple : 2026-03-14 17:30)."),
            Problem::DateTime => format!("“{label}” must be a date, with a time if needed (for example 2026-03-14 17:30)."),
            Problem::FixedOnceAccepted if fr => format!("« {label} » ne change plus une fois le devis accepté : annulez cet ordre et créez un nouveau devis."),
            Problem::FixedOnceAccepted => format!("“{label}” cannot change once the estimate is accepted: cancel this order and create a new estimate."),
            Problem::TooMany { max } if fr => format!("« {label} » ne peut pas compter plus de {max} éléments."),
            Problem::TooMany { max } => format!("“{label}” cannot hold more than {max} items."),
            Problem::SeriesInUse if fr => "Ce poste a déjà émis des factures dans sa série : son préfixe ne peut plus changer.".to_owned(),
            Problem::SeriesInUse => "This workstation already issued invoices in its series: its prefix can no longer change.".to_owned(),
            Problem::NotPositive if fr => format!("« {label} » doit être supérieur à zéro."),
            Problem::NotPositive => format!("“{label}” must be more than zero."),
            Problem::MoreThanDue { max } if fr => format!("« {label} » dépasse ce qui reste dû ({}) : indiquez au plus ce montant.", max.format(locale)),
            Problem::MoreThanDue { max } => format!("“{label}” is more than what is left ({}): enter at most that amount.", max.format(locale)),
            Problem::SameSite if fr => "Choisissez un autre site : une pièce ne se transfère pas vers le site qu’elle quitte.".to_owned(),
            Problem::SameSite => "Choose another site: a part is not transferred to the site it leaves.".to_owned(),
            Problem::PurchaseOrderClosed if fr => "Ce bon de commande est clos (reçu en entier ou annulé) : créez une réception sur un autre bon, ou un nouveau bon.".to_owned(),
            Problem::PurchaseOrderClosed => "This purchase order is closed (received in full or cancelled): receive against another order, or create a new one.".to_owned(),
            Problem::Ean if fr => format!("« {label} » doit compter 8 ou 13 chiffres avec une clé de contrôle juste : scannez-le de nouveau."),
            Problem::Ean => format!("“{label}” must be 8 or 13 digits with a correct check digit: scan it again."),
            Problem::ReferenceTaken if fr => "Une autre pièce a déjà cette référence : ouvrez-la, ou choisissez une autre référence.".to_owned(),
            Problem::ReferenceTaken => "Another part already has this reference: open it, or choose another reference.".to_owned(),
            Problem::Zero if fr => format!("« {label} » doit être supérieur à zéro."),
            Problem::Zero => format!("“{label}” must be more than zero."),
            Problem::StocktakePosted if fr => "Cet inventaire est déjà validé : commencez-en un nouveau.".to_owned(),
            Problem::StocktakePosted => "This stocktake is already posted: start a new one.".to_owned(),
            Problem::PurchaseOrderSent if fr => "Ce bon de commande est déjà envoyé : ses lignes ne changent plus. Créez un nouveau bon pour commander davantage.".to_owned(),
            Problem::PurchaseOrderSent => "This purchase order was already sent: its lines no longer change. Create a new one to order more.".to_owned(),
            Problem::EndBeforeStart if fr => "La fin du rendez-vous doit être après son début : vérifiez l’heure de fin ou la durée.".to_owned(),
            Problem::EndBeforeStart => "The appointment must end after it starts: check the end time or the duration.".to_owned(),
            Problem::HoursFormat if fr => format!("« {label} » : écrivez chaque plage début-fin, dans l’ordre de la journée, par exemple 08:00-12:00, 13:30-18:00."),
            Problem::HoursFormat => format!("“{label}”: write each range as start-end, in the day’s order, for example 08:00-12:00, 13:30-18:00."),
            Problem::NotSameDay if fr => "Un rendez-vous commence et finit le même jour : raccourcissez-le ou faites-en deux.".to_owned(),
            Problem::NotSameDay => "An appointment starts and ends on the same day: shorten it or book two.".to_owned(),
            Problem::ResourceInactive if fr => format!("« {label} » est désactivé : il ne prend plus de rendez-vous. Choisissez-en un autre ou réactivez-le dans Réglages."),
            Problem::ResourceInactive => format!("“{label}” is deactivated: it takes no more appointments. Choose another one or reactivate it in Settings."),
            Problem::KmOrMonths if fr => "Un rappel a besoin d’un kilométrage ou d’une durée (ou des deux), supérieurs à zéro.".to_owned(),
            Problem::KmOrMonths => "A reminder needs a mileage or a period (or both), above zero.".to_owned(),
            Problem::AppointmentClosed if fr => "Ce rendez-vous est clos (arrivé, annulé ou absent) : prenez-en un nouveau.".to_owned(),
            Problem::AppointmentClosed => "This appointment is closed (arrived, cancelled or no-show): book a new one.".to_owned(),
            Problem::AccountNumber if fr => format!("« {label} » : un numéro de compte s’écrit avec 3 à 20 chiffres, sans espace ni lettre (exemple : 706000)."),
            Problem::AccountNumber => format!("“{label}”: an account number is 3 to 20 digits, no spaces or letters (for example 706000)."),
            Problem::AccountClass { prefix } if fr => format!("« {label} » doit commencer par {prefix}, comme le veut le plan comptable général."),
            Problem::AccountClass { prefix } => format!("“{label}” must start with {prefix}, as the French chart of accounts requires."),
            Problem::PeriodReversed if fr => "La date de fin précède la date de début : inversez-les ou corrigez l’une des deux.".to_owned(),
            Problem::PeriodReversed => "The end date comes before the start date: swap them or correct one.".to_owned(),
            Problem::UnknownTemplateField { name, known } if fr => format!("« {label} » contient le champ {{{name}}}, qui n’existe pas : utilisez {}.", known.join(", ")),
            Problem::UnknownTemplateField { name, known } => format!("“{label}” holds the field {{{name}}}, which does not exist: use {}.", known.join(", ")),
            Problem::SmsTooLong { segments, announced, unicode } if fr => {
                let why = unicode.map(|c| format!(" (le caractère « {c} » l’écrit en Unicode, 70 caractères par SMS)")).unwrap_or_default();
                format!("« {label} » peut faire {segments} SMS une fois les champs remplis{why}, au lieu des {announced} annoncés : raccourcissez-le ou annoncez {segments} SMS.")
            }
            Problem::SmsTooLong { segments, announced, unicode } => {
                let why = unicode.map(|c| format!(" (the character “{c}” makes it Unicode, 70 characters an SMS)")).unwrap_or_default();
                format!("“{label}” can take {segments} SMS once its fields are filled{why}, instead of the {announced} announced: shorten it or announce {segments} SMS.")
            }
            Problem::SendingHours if fr => format!("« {label} » : indiquez l’heure de début et de fin, par exemple 09:00 et 19:00, la fin après le début."),
            Problem::SendingHours => format!("“{label}”: enter a start and an end time, for example 09:00 and 19:00, the end after the start."),
            Problem::Markup if fr => format!("« {label} » ne peut pas contenir de balises HTML ni de script : écrivez du texte simple."),
            Problem::Markup => format!("“{label}” cannot hold HTML tags or scripts: write plain text."),
            Problem::Plate(e) => domain::plate(e, locale),
            Problem::Vin(e) => domain::vin(e, locale),
            Problem::Registration(e) => domain::registration(e, locale),
            Problem::VatNumber(e) => domain::vat_number(e, locale),
            Problem::Phone(e) => domain::phone(e, label, locale),
            Problem::Email(e) => domain::email(e, locale),
        }
    }
}

/// Refuses `value` when it is longer than `max` characters.
pub fn max_len(field: Field, value: Option<&str>, max: usize) -> Result<(), Invalid> {
    match value {
        Some(v) if v.chars().count() > max => Err(Invalid::new(field, Problem::TooLong { max })),
        _ => Ok(()),
    }
}

/// A phone typed in `field`, as E.164; blank is `None`.
pub(crate) fn phone(field: Field, value: Option<&str>) -> Result<Option<String>, Invalid> {
    crate::text::clean(value)
        .map(|p| atelier_domain::Phone::parse(&p).map(|p| p.e164().to_owned()))
        .transpose()
        .map_err(|e| Invalid::new(field, Problem::Phone(e)))
}

/// An e-mail address typed in `field`, normalised; blank is `None`.
pub(crate) fn email(field: Field, value: Option<&str>) -> Result<Option<String>, Invalid> {
    crate::text::clean(value)
        .map(|e| atelier_domain::Email::parse(&e).map(|e| e.to_string()))
        .transpose()
        .map_err(|e| Invalid::new(field, Problem::Email(e)))
}

/// An intra-EU VAT number typed in `field`, normalised; blank is `None`.
pub(crate) fn vat_number(field: Field, value: Option<&str>) -> Result<Option<String>, Invalid> {
    crate::text::clean(value)
        .map(|v| atelier_domain::VatNumber::parse(&v).map(|v| v.to_string()))
        .transpose()
        .map_err(|e| Invalid::new(field, Problem::VatNumber(e)))
}

//! Every word the papers of an order show their reader — the estimate, the
//! repair order and the inspection report share one catalogue — in French
//! and in English. A text missing in one language does not compile. The
//! PIEC mention (art. L. 224-67 of the code de la consommation) is written
//! here word for word; change it only with docs/compliance.

use atelier_domain::Locale;

/// The orders area's texts in one language.
pub(crate) struct Words {
    pub estimate: &'static str,
    pub repair_order: &'static str,
    pub inspection_report: &'static str,
    /// The file name word of a printed estimate (`D-2026-0042-devis.pdf`).
    pub estimate_file: &'static str,
    /// The file name word of a printed repair order.
    pub repair_order_file: &'static str,
    /// The file name word of a printed inspection report.
    pub inspection_file: &'static str,
    pub date: &'static str,
    pub valid_until: &'static str,
    /// The estimate's footer: valid until the formatted `day`.
    pub estimate_valid_until: fn(day: &str) -> String,
    pub proposed_work: &'static str,
    /// What the estimate promises about further work and replaced parts.
    pub further_work: &'static str,
    pub promised_for: &'static str,
    pub accepted_work: &'static str,
    pub points_checked: &'static str,
    pub point_good: &'static str,
    pub point_watch: &'static str,
    pub point_repair: &'static str,
    pub point_not_checked: &'static str,
    /// Under the points when one of them is to repair.
    pub urgent_advice: &'static str,
    pub technician: &'static str,
    /// Under the technician's box: who checked.
    pub checked_by: fn(name: &str) -> String,
    pub registration: &'static str,
    pub make_and_model: &'static str,
    pub mileage: &'static str,
    pub first_registered: &'static str,
    pub vehicle: &'static str,
    pub customer_request: &'static str,
    pub description: &'static str,
    pub quantity: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    pub vat: &'static str,
    pub total_excl_vat: &'static str,
    /// Before a part's reference in a line's description.
    pub reference: &'static str,
    pub reused_part: &'static str,
    pub factory_exchange: &'static str,
    /// In the unit price column of a flat-priced job.
    pub flat_rate: &'static str,
    pub total_incl_vat: &'static str,
    pub total_before_discount: &'static str,
    /// The HT of one VAT `rate` (formatted), when there are several.
    pub net_at: fn(rate: &str) -> String,
    /// The total HT when it is the base of the only VAT `rate`.
    pub total_vat_base: fn(rate: &str) -> String,
    /// The VAT of one `rate`.
    pub vat_at: fn(rate: &str) -> String,
    pub approval_box: &'static str,
    /// Under the signature: accepted on the formatted `day` by `signer`.
    pub accepted_on_by: fn(day: &str, signer: &str) -> String,
    /// Under an empty signature box.
    pub date_and_signature: &'static str,
    /// The PIEC mention: the customer may choose circular-economy parts.
    pub piec_law: &'static str,
    /// After the PIEC mention, with its leading space: the customer accepted.
    pub piec_accepted: &'static str,
    /// … the customer declined.
    pub piec_declined: &'static str,
    /// … boxes for the customer to tick.
    pub piec_choice: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    estimate: "Devis",
    repair_order: "Ordre de réparation",
    inspection_report: "Rapport d’inspection",
    estimate_file: "devis",
    repair_order_file: "ordre-de-reparation",
    inspection_file: "controle",
    date: "Date",
    valid_until: "Valable jusqu’au",
    estimate_valid_until: |day| format!("Devis valable jusqu’au {day}."),
    proposed_work: "Travaux proposés",
    further_work: "Tout travail supplémentaire fera l’objet d’un nouvel accord de votre part. Les pièces remplacées sont tenues à votre disposition.",
    promised_for: "Restitution prévue",
    accepted_work: "Travaux acceptés",
    points_checked: "Points contrôlés",
    point_good: "Bon",
    point_watch: "À surveiller",
    point_repair: "À remplacer",
    point_not_checked: "Non contrôlé",
    urgent_advice: "Les points « À remplacer » compromettent la sécurité : nous vous conseillons de les faire traiter sans attendre.",
    technician: "Le technicien",
    checked_by: |name| format!("Contrôlé par {name}"),
    registration: "Immatriculation",
    make_and_model: "Marque et modèle",
    mileage: "Kilométrage",
    first_registered: "1re mise en circulation",
    vehicle: "Véhicule",
    customer_request: "Demande du client",
    description: "Désignation",
    quantity: "Qté",
    unit_price: "PU HT",
    discount: "Remise",
    vat: "TVA",
    total_excl_vat: "Total HT",
    reference: "réf.",
    reused_part: "pièce de réemploi",
    factory_exchange: "échange standard",
    flat_rate: "forfait",
    total_incl_vat: "Total TTC",
    total_before_discount: "Total HT avant remise",
    net_at: |rate| format!("Base HT {rate}"),
    total_vat_base: |rate| format!("Total HT (base TVA {rate})"),
    vat_at: |rate| format!("TVA {rate}"),
    approval_box: "Bon pour accord — signature du client",
    accepted_on_by: |day, signer| format!("Accepté le {day} par {signer}"),
    date_and_signature: "Date et signature, précédées de « Bon pour accord »",
    piec_law: "Conformément à l’article L. 224-67 du code de la consommation, le client peut opter pour des pièces issues de l’économie circulaire (réemploi ou échange standard) à la place de pièces neuves, pour les pièces concernées par la réglementation.",
    piec_accepted: " Le client a accepté les pièces issues de l’économie circulaire.",
    piec_declined: " Le client a refusé les pièces issues de l’économie circulaire.",
    piec_choice: " Choix du client : [ ] accepte   [ ] refuse",
};

const EN: Words = Words {
    estimate: "Estimate",
    repair_order: "Repair order",
    inspection_report: "Inspection report",
    estimate_file: "estimate",
    repair_order_file: "repair-order",
    inspection_file: "inspection",
    date: "Date",
    valid_until: "Valid until",
    estimate_valid_until: |day| format!("Estimate valid until {day}."),
    proposed_work: "Proposed work",
    further_work: "Any further work will be done only with your new agreement. Replaced parts are kept at your disposal.",
    promised_for: "Promised for",
    accepted_work: "Accepted work",
    points_checked: "Points checked",
    point_good: "Good",
    point_watch: "To watch",
    point_repair: "To repair",
    point_not_checked: "Not checked",
    urgent_advice: "The points “To repair” affect safety: we advise you to have them seen to without delay.",
    technician: "The technician",
    checked_by: |name| format!("Checked by {name}"),
    registration: "Registration",
    make_and_model: "Make and model",
    mileage: "Mileage",
    first_registered: "First registered",
    vehicle: "Vehicle",
    customer_request: "Customer’s request",
    description: "Description",
    quantity: "Qty",
    unit_price: "Unit excl. VAT",
    discount: "Discount",
    vat: "VAT",
    total_excl_vat: "Total excl. VAT",
    reference: "ref.",
    reused_part: "re-used part",
    factory_exchange: "factory exchange",
    flat_rate: "flat rate",
    total_incl_vat: "Total incl. VAT",
    total_before_discount: "Total excl. VAT before discount",
    net_at: |rate| format!("Net at {rate}"),
    total_vat_base: |rate| format!("Total excl. VAT (VAT base at {rate})"),
    vat_at: |rate| format!("VAT {rate}"),
    approval_box: "Approved — customer’s signature",
    accepted_on_by: |day, signer| format!("Accepted on {day} by {signer}"),
    date_and_signature: "Date and signature",
    piec_law: "Under article L. 224-67 of the French consumer code, the customer may choose parts from the circular economy (re-use or factory exchange) instead of new parts, for the parts the regulation covers.",
    piec_accepted: " The customer accepted circular-economy parts.",
    piec_declined: " The customer declined circular-economy parts.",
    piec_choice: " Customer’s choice: [ ] accepts   [ ] declines",
};

//! Every word the reports' CSV files show — their column headers and the
//! names of their rows — in French and in English. A text missing in one
//! language does not compile, nor does a header with a column too few.

use atelier_domain::Locale;

/// The reports' texts in one language.
pub(crate) struct Words {
    /// Revenue: the period, HT, TVA, TTC, its split and its counts.
    pub revenue_columns: [&'static str; 10],
    /// Productivity: the mechanic, hours clocked and billed, efficiency, jobs.
    pub productivity_columns: [&'static str; 5],
    /// The row of the hours clocked by nobody in particular.
    pub unassigned: &'static str,
    /// Parts: which list, the part, its quantity and value.
    pub parts_columns: [&'static str; 5],
    pub most_used: &'static str,
    pub slow_movers: &'static str,
    pub value_by_category: &'static str,
    /// Ageing: the bucket, the invoices, what is owed.
    pub ageing_columns: [&'static str; 3],
    /// The bucket of invoices not yet due (the others are day ranges).
    pub not_due: &'static str,
    /// VAT: the rate, its base and the VAT collected.
    pub vat_columns: [&'static str; 3],
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    revenue_columns: [
        "Période",
        "CA HT",
        "TVA",
        "CA TTC",
        "Main-d’œuvre HT",
        "Pièces HT",
        "Autres HT",
        "Factures",
        "Avoirs",
        "Véhicules",
    ],
    productivity_columns: [
        "Mécanicien",
        "Heures pointées",
        "Heures facturées",
        "Efficacité %",
        "Travaux terminés",
    ],
    unassigned: "Non attribué",
    parts_columns: ["Liste", "Référence", "Désignation", "Quantité", "Valeur HT"],
    most_used: "Plus utilisées",
    slow_movers: "Sans mouvement",
    value_by_category: "Valeur par catégorie",
    ageing_columns: ["Ancienneté", "Factures", "Reste dû TTC"],
    not_due: "Non échues",
    vat_columns: ["Taux %", "Base HT", "TVA collectée"],
};

const EN: Words = Words {
    revenue_columns: [
        "Period",
        "Revenue excl. VAT",
        "VAT",
        "Revenue incl. VAT",
        "Labour excl. VAT",
        "Parts excl. VAT",
        "Other excl. VAT",
        "Invoices",
        "Credit notes",
        "Cars",
    ],
    productivity_columns: [
        "Mechanic",
        "Hours clocked",
        "Hours billed",
        "Efficiency %",
        "Jobs completed",
    ],
    unassigned: "Unassigned",
    parts_columns: [
        "List",
        "Reference",
        "Description",
        "Quantity",
        "Value excl. VAT",
    ],
    most_used: "Most used",
    slow_movers: "Slow movers",
    value_by_category: "Value by category",
    ageing_columns: ["Age", "Invoices", "Owed incl. VAT"],
    not_due: "Not due",
    vat_columns: ["Rate %", "Base excl. VAT", "VAT collected"],
};

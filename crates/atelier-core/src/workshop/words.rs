//! Every word the workshop's identity shows on paper — the letterhead, the
//! page numbers — and the names its first rate categories get, in French
//! and in English. A text missing in one language does not compile.

use atelier_domain::Locale;

/// The workshop's texts in one language.
pub(crate) struct Words {
    /// The legal form and the share capital (formatted), on the letterhead.
    pub form_and_capital: fn(form: &str, capital: &str) -> String,
    /// The workshop's intra-EU VAT number, on the letterhead.
    pub vat_number: fn(vat: &str) -> String,
    /// The page number at the foot of each page; `{n}` and `{total}` are
    /// filled in by `atelier_pdf`.
    pub page_label: &'static str,
    /// The first rate categories' names.
    pub mechanics: &'static str,
    pub bodywork: &'static str,
    pub paint: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    form_and_capital: |form, capital| format!("{form} au capital de {capital}"),
    vat_number: |vat| format!("TVA intracommunautaire {vat}"),
    page_label: "Page {n}/{total}",
    mechanics: "Mécanique",
    bodywork: "Carrosserie",
    paint: "Peinture",
};

const EN: Words = Words {
    form_and_capital: |form, capital| format!("{form}, share capital {capital}"),
    vat_number: |vat| format!("VAT {vat}"),
    page_label: "Page {n} of {total}",
    mechanics: "Mechanics",
    bodywork: "Bodywork",
    paint: "Paint",
};

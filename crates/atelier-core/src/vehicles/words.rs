//! Every word the vehicles area shows a person — the vehicle page's
//! timeline — in French and in English. A text missing in one language
//! does not compile. Refusals keep their texts in `error.rs`.

use atelier_domain::Locale;

/// The vehicles area's texts in one language.
pub(crate) struct Words {
    /// The timeline's first entry.
    pub entered: &'static str,
    /// The first owner, by name.
    pub owner: fn(name: &str) -> String,
    /// A later owner, by name.
    pub new_owner: fn(name: &str) -> String,
    /// An odometer reading of the formatted `km`.
    pub reading: fn(km: &str) -> String,
    /// An odometer reading of the formatted `km`, taken on a new meter.
    pub reading_new_meter: fn(km: &str) -> String,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    entered: "Véhicule enregistré dans Atelier",
    owner: |name| format!("Propriétaire : {name}"),
    new_owner: |name| format!("Nouveau propriétaire : {name}"),
    reading: |km| format!("Relevé kilométrique : {km}"),
    reading_new_meter: |km| format!("Relevé kilométrique : {km} (compteur remplacé)"),
};

const EN: Words = Words {
    entered: "Vehicle entered in Atelier",
    owner: |name| format!("Owner: {name}"),
    new_owner: |name| format!("New owner: {name}"),
    reading: |km| format!("Odometer reading: {km}"),
    reading_new_meter: |km| format!("Odometer reading: {km} (meter replaced)"),
};

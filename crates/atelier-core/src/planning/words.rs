//! The words planning gives a workshop to start with — the names of the
//! usual service reminders — in French and in English. A text missing in
//! one language does not compile. Planning's refusals keep their texts in
//! `error.rs`.

use atelier_domain::Locale;

/// Planning's texts in one language.
pub(crate) struct Words {
    /// The reminder of an oil service.
    pub oil_service: &'static str,
    /// The reminder of a timing belt.
    pub timing_belt: &'static str,
    /// The reminder of the roadworthiness test (contrôle technique).
    pub roadworthiness_test: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    oil_service: "Vidange",
    timing_belt: "Courroie de distribution",
    roadworthiness_test: "Contrôle technique",
};

const EN: Words = Words {
    oil_service: "Oil service",
    timing_belt: "Timing belt",
    roadworthiness_test: "Roadworthiness test (CT)",
};

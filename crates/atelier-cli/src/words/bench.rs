//! The texts of `atelier bench` (its table is in English, as BENCHMARKS.md
//! is).

use atelier_domain::Locale;

/// `atelier bench`'s refusal: the database has no customer to search.
pub(crate) fn nothing_to_search(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Cette base n’a aucun client à chercher : remplissez-la d’abord avec \
             atelier demo --data-dir … --customers 100000."
        }
        Locale::En => {
            "This database has no customers to search: fill it first with \
             atelier demo --data-dir … --customers 100000."
        }
    }
}

/// The table's first line: the `customers` and `vehicles` (formatted) of the
/// database, the number of `searches`, the hits each asked for at most
/// (`limit`) and the `hits` found (formatted).
pub(crate) fn searched(
    locale: Locale,
    customers: &str,
    vehicles: &str,
    searches: usize,
    limit: u32,
    hits: &str,
) -> String {
    match locale {
        Locale::Fr => format!(
            "{customers} clients, {vehicles} véhicules — {searches} recherches ({limit} résultats au plus, {hits} trouvés)"
        ),
        Locale::En => format!(
            "{customers} customers, {vehicles} vehicles — {searches} searches (at most {limit} hits, {hits} found)"
        ),
    }
}

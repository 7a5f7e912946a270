//! The texts of the till law's commands: `atelier close`, `journal` and
//! `verify`.

use std::path::Path;

use atelier_core::till::closures::{Closure, Kind};
use atelier_domain::Locale;

/// A closure made: its kind, its `period` (a day, or first → last), its
/// number and its totals.
pub(crate) fn closed(locale: Locale, c: &Closure, period: &str) -> String {
    let kind = match (c.kind, locale) {
        (Kind::Day, Locale::Fr) => "Journée",
        (Kind::Day, Locale::En) => "Day",
        (Kind::Month, Locale::Fr) => "Mois",
        (Kind::Month, Locale::En) => "Month",
        (Kind::Year, Locale::Fr) => "Exercice",
        (Kind::Year, Locale::En) => "Fiscal year",
    };
    match locale {
        Locale::Fr => format!(
            "{kind} {period} clôturée (n° {}) : {} facture(s), {} avoir(s), total TTC {}, grand total perpétuel {}.",
            c.seq,
            c.totals.invoices,
            c.totals.credit_notes,
            c.period_total.format(locale),
            c.perpetual_total.format(locale)
        ),
        Locale::En => format!(
            "{kind} {period} closed (no. {}): {} invoice(s), {} credit note(s), total incl. VAT {}, perpetual grand total {}.",
            c.seq,
            c.totals.invoices,
            c.totals.credit_notes,
            c.period_total.format(locale),
            c.perpetual_total.format(locale)
        ),
    }
}

/// `atelier close`, when every period that ended is closed already.
pub(crate) fn nothing_to_close(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "Rien à clôturer : chaque période terminée l’est déjà.",
        Locale::En => "Nothing to close: every period that ended already is.",
    }
}

/// `atelier close`: the archive made at `path` for a period it closed.
pub(crate) fn archive_signed(locale: Locale, path: &Path) -> String {
    match locale {
        Locale::Fr => format!("Archive signée : {}", path.display()),
        Locale::En => format!("Archive signed: {}", path.display()),
    }
}

/// After why an archive could not be made at closing: it waits for the
/// next.
pub(crate) fn archive_waiting(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "(archive en attente : elle sera faite à la prochaine clôture)",
        Locale::En => "(archive waiting: it is made at the next closing)",
    }
}

/// `atelier journal --code`'s refusal: `code` is none of the `known` ones
/// (joined).
pub(crate) fn unknown_code(locale: Locale, code: &str, known: &str) -> String {
    match locale {
        Locale::Fr => format!("Code inconnu « {code} » ; codes : {known}"),
        Locale::En => format!("Unknown code “{code}”; codes: {known}"),
    }
}

/// `atelier verify`: the invoices whose PDF is stored at their first print
/// (their `numbers`, joined).
pub(crate) fn pdfs_pending(locale: Locale, numbers: &str) -> String {
    match locale {
        Locale::Fr => {
            format!("PDF pas encore enregistré (il le sera à la première impression) : {numbers}.")
        }
        Locale::En => format!("PDF not stored yet (it will be at the first print): {numbers}."),
    }
}

/// `atelier verify`: every invoice chain is intact, `documents` in `series`
/// (formatted).
pub(crate) fn invoices_intact(locale: Locale, documents: &str, series: &str) -> String {
    match locale {
        Locale::Fr => format!(
            "Factures intègres : {documents} documents vérifiés dans {series} séries, aucune modification ni suppression."
        ),
        Locale::En => format!(
            "Invoices intact: {documents} documents checked in {series} series, nothing changed or deleted."
        ),
    }
}

/// `atelier verify`: the `closures` of `stations` and the journal's
/// `entries` (formatted) are intact.
pub(crate) fn closures_intact(
    locale: Locale,
    closures: &str,
    stations: &str,
    entries: &str,
) -> String {
    match locale {
        Locale::Fr => format!(
            "Clôtures intègres : {closures} clôtures de {stations} poste(s) ; journal des événements intègre : {entries} entrées."
        ),
        Locale::En => format!(
            "Closures intact: {closures} closures of {stations} station(s); event journal intact: {entries} entries."
        ),
    }
}

/// `atelier verify`'s refusal: `found` problems (formatted, listed above).
pub(crate) fn changed_outside(locale: Locale, found: &str) -> String {
    match locale {
        Locale::Fr => format!(
            "{found} anomalie(s) : la base a été modifiée hors d’Atelier. Restaurez une sauvegarde et signalez-le."
        ),
        Locale::En => format!(
            "{found} problem(s): the database was changed outside Atelier. Restore a backup and report it."
        ),
    }
}

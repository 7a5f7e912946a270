//! The texts of the commands on a station's database that `main.rs` runs
//! itself: `init`, `demo`, `backup`, `restore`, `enrol`, `sync` and `fec`.

use std::path::Path;

use atelier_core::sync::{Enrolment, Report};
use atelier_domain::Locale;

/// `atelier init`: the database at `path` is ready, at `schema`, for
/// `device`.
pub(crate) fn database_ready(
    locale: Locale,
    path: &str,
    schema: u32,
    device: impl std::fmt::Display,
) -> String {
    match locale {
        Locale::Fr => format!("Base de données prête : {path} (schéma v{schema}, poste {device})"),
        Locale::En => format!("Database ready: {path} (schema v{schema}, device {device})"),
    }
}

/// Any command that made a new station's database: it is encrypted under
/// `key`, which the owner must write down.
pub(crate) fn recovery_key_made(locale: Locale, key: &str) -> String {
    match locale {
        Locale::Fr => format!(
            "Base chiffrée. Clé de secours, à imprimer ou recopier et ranger au coffre : {key}"
        ),
        Locale::En => format!(
            "Database encrypted. Recovery key, to print or copy and keep in the safe: {key}"
        ),
    }
}

/// `atelier backup`: the backup at `path` is checked, `size` KB (formatted)
/// written in `duration_ms`, and the rotation removed `removed` older ones.
pub(crate) fn backup_checked(
    locale: Locale,
    path: &Path,
    size: &str,
    duration_ms: u64,
    removed: usize,
) -> String {
    let removed = removed_by_rotation(locale, removed);
    match locale {
        Locale::Fr => format!(
            "Sauvegarde vérifiée : {} ({size} Ko, {duration_ms} ms){removed}",
            path.display()
        ),
        Locale::En => format!(
            "Backup checked: {} ({size} KB, {duration_ms} ms){removed}",
            path.display()
        ),
    }
}

/// After a backup: the `n` older backups the rotation removed; nothing when
/// none.
fn removed_by_rotation(locale: Locale, n: usize) -> String {
    match (n, locale) {
        (0, _) => String::new(),
        (n, Locale::Fr) => format!(" ; {n} ancienne(s) sauvegarde(s) retirée(s) par la rotation"),
        (n, Locale::En) => format!("; {n} older backup(s) removed by the rotation"),
    }
}

/// `atelier restore`: what the restored backup holds (counts formatted),
/// and where the database it replaced is kept.
pub(crate) fn backup_restored(
    locale: Locale,
    [customers, vehicles, orders, invoices]: [&str; 4],
    kept: &Path,
) -> String {
    match locale {
        Locale::Fr => format!(
            "Sauvegarde restaurée : {customers} clients, {vehicles} véhicules, {orders} ordres, \
             {invoices} factures. La base remplacée est gardée dans {}.",
            kept.display()
        ),
        Locale::En => format!(
            "Backup restored: {customers} customers, {vehicles} vehicles, {orders} orders, \
             {invoices} invoices. The database it replaced is kept in {}.",
            kept.display()
        ),
    }
}

/// After a restore: every invoice chain of the restored backup is intact.
pub(crate) fn restored_invoices_intact(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "Factures vérifiées : chaque chaîne est intacte.",
        Locale::En => "Invoices verified: every chain is intact.",
    }
}

/// After a restore: the restored backup's invoices are not intact (the
/// chain's messages are printed above).
pub(crate) fn restored_invoices_broken(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Les factures de la sauvegarde restaurée ne sont pas intactes (voir ci-dessus)."
        }
        Locale::En => "The restored backup's invoices are not intact (see above).",
    }
}

/// `atelier enrol`: the station is enrolled, with whom and for which site.
pub(crate) fn enrolled(locale: Locale, e: &Enrolment) -> String {
    match locale {
        Locale::Fr => format!(
            "Poste inscrit auprès de {} ({} — {}).",
            e.organisation, e.site_code, e.site_name
        ),
        Locale::En => format!(
            "Station enrolled with {} ({} — {}).",
            e.organisation, e.site_code, e.site_name
        ),
    }
}

/// `atelier sync`: what one round sent, received and met.
pub(crate) fn synced(locale: Locale, r: &Report) -> String {
    let round = match locale {
        Locale::Fr => format!(
            "Synchronisé : {} envoyée(s) ({} refusée(s)), {} reçue(s), {} conflit(s).",
            r.pushed, r.rejected, r.pulled, r.conflicts
        ),
        Locale::En => format!(
            "Synced: {} sent ({} refused), {} received, {} conflict(s).",
            r.pushed, r.rejected, r.pulled, r.conflicts
        ),
    };
    if r.from_snapshot == 0 {
        return round;
    }
    match locale {
        Locale::Fr => format!(
            "{round} Le poste a d’abord installé l’instantané du serveur ({} opérations).",
            r.from_snapshot
        ),
        Locale::En => format!(
            "{round} The station first installed the server’s snapshot ({} operations).",
            r.from_snapshot
        ),
    }
}

/// `atelier demo --if-empty`: the database at `path` already holds `n`
/// customers (formatted), so nothing was added.
pub(crate) fn demo_not_added(locale: Locale, path: &str, n: &str) -> String {
    match locale {
        Locale::Fr => format!("{path} contient déjà {n} clients : rien n’a été ajouté."),
        Locale::En => format!("{path} already holds {n} customers: nothing was added."),
    }
}

/// `atelier demo`'s refusal: the database at `path` already holds `n`
/// customers (formatted), and demo data only goes into an empty one.
pub(crate) fn demo_needs_empty(locale: Locale, path: &str, n: &str) -> String {
    match locale {
        Locale::Fr => format!(
            "{path} contient déjà {n} clients : les données de démonstration ne s’ajoutent \
             qu’à une base vide. Choisissez un autre --data-dir, ou ajoutez --force pour \
             les mélanger aux données existantes."
        ),
        Locale::En => format!(
            "{path} already holds {n} customers: demo data only goes into an empty \
             database. Choose another --data-dir, or add --force to mix it with the \
             existing data."
        ),
    }
}

/// What `atelier demo` added (counts formatted), in `secs`, to the database
/// at `path`, from `seed`.
pub(crate) fn demo_added(
    locale: Locale,
    [customers, companies, vehicles, readings]: [&str; 4],
    secs: f64,
    path: &str,
    seed: u64,
) -> String {
    match locale {
        Locale::Fr => format!(
            "Données de démonstration ajoutées : {customers} clients (dont {companies} sociétés), \
             {vehicles} véhicules, {readings} relevés kilométriques en {} s — {path} (graine {seed})",
            format!("{secs:.1}").replace('.', ",")
        ),
        Locale::En => format!(
            "Demo data added: {customers} customers ({companies} companies), {vehicles} vehicles, \
             {readings} odometer readings in {secs:.1} s — {path} (seed {seed})"
        ),
    }
}

/// `atelier demo`: the canned jobs and the orders it added (formatted).
pub(crate) fn demo_orders(locale: Locale, canned_jobs: &str, orders: &str) -> String {
    match locale {
        Locale::Fr => format!(
            "Et {canned_jobs} forfaits, {orders} devis et ordres de réparation à toutes les étapes."
        ),
        Locale::En => format!(
            "And {canned_jobs} canned jobs, {orders} estimates and repair orders at every stage."
        ),
    }
}

/// `atelier demo`: the invoices it issued (formatted).
pub(crate) fn demo_invoices(locale: Locale, invoices: &str) -> String {
    match locale {
        Locale::Fr => format!("Et {invoices} factures émises avec leurs règlements."),
        Locale::En => format!("And {invoices} invoices issued with their payments."),
    }
}

/// `atelier demo`: the parts of the stock room it filled (formatted).
pub(crate) fn demo_stock(locale: Locale, parts: &str) -> String {
    match locale {
        Locale::Fr => format!("Et un stock de {parts} pièces avec leurs fournisseurs."),
        Locale::En => format!("And a stock room of {parts} parts with their suppliers."),
    }
}

/// `atelier demo`: the demo workshop was created; its accounts follow.
pub(crate) fn demo_workshop(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "Atelier de démonstration créé. Comptes (mot de passe « atelier-demo ») :",
        Locale::En => "Demo workshop created. Accounts (password “atelier-demo”):",
    }
}

/// `atelier fec`: the file written for the period `from`..`to`, with its
/// `entries` and `lines` (formatted) and the `total` debited and credited.
pub(crate) fn fec_written(
    locale: Locale,
    (from, to): (&str, &str),
    path: &Path,
    entries: &str,
    lines: &str,
    total: &str,
) -> String {
    match locale {
        Locale::Fr => format!(
            "FEC du {from} au {to} écrit : {} ({entries} écritures, {lines} lignes, débit = crédit = {total})",
            path.display()
        ),
        Locale::En => format!(
            "FEC from {from} to {to} written: {} ({entries} entries, {lines} lines, debit = credit = {total})",
            path.display()
        ),
    }
}

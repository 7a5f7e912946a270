//! The texts of `atelier archive make|list|verify`.

use atelier_core::archives::manifest::Manifest;
use atelier_core::archives::{FileState, Kind, Made};
use atelier_core::text::format_int;
use atelier_domain::Locale;

/// `atelier archive make`: the archive signed, what it holds, its size,
/// its SHA-256 and the station's public key.
pub(crate) fn signed(locale: Locale, made: &Made) -> String {
    let n = |v: usize| format_int(i64::try_from(v).unwrap_or(i64::MAX), locale);
    let c = &made.counts;
    let kb = format_int(i64::try_from(made.bytes / 1024).unwrap_or(i64::MAX), locale);
    match locale {
        Locale::Fr => format!(
            "Archive signée : {} ({} factures, {} avoirs, {} règlements, {} clôtures, {} événements ; {kb} Ko).\nSHA-256 du fichier : {}\nClé publique du poste : {}",
            made.path.display(),
            n(c.invoices),
            n(c.credit_notes),
            n(c.payments),
            n(c.closures),
            n(c.journal),
            made.sha256,
            made.public_key
        ),
        Locale::En => format!(
            "Archive signed: {} ({} invoices, {} credit notes, {} payments, {} closures, {} journal entries; {kb} KB).\nFile SHA-256: {}\nStation public key: {}",
            made.path.display(),
            n(c.invoices),
            n(c.credit_notes),
            n(c.payments),
            n(c.closures),
            n(c.journal),
            made.sha256,
            made.public_key
        ),
    }
}

/// `atelier archive list`: a public key the station signed with.
pub(crate) fn public_key(locale: Locale, key: &str) -> String {
    match locale {
        Locale::Fr => format!("Clé publique du poste : {key}"),
        Locale::En => format!("Station public key: {key}"),
    }
}

/// `atelier archive list`, when the station made none.
pub(crate) fn none_made(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "Aucune archive faite sur ce poste.",
        Locale::En => "No archive made on this station.",
    }
}

/// The kind of period an archive covers, in the list.
pub(crate) fn kind(locale: Locale, kind: Kind) -> &'static str {
    match (kind, locale) {
        (Kind::Month, Locale::Fr) => "mois",
        (Kind::Month, Locale::En) => "month",
        (Kind::Year, Locale::Fr) => "exercice",
        (Kind::Year, Locale::En) => "fiscal year",
    }
}

/// Whether an archive's file is still where it was and intact, in the list.
pub(crate) fn state(locale: Locale, state: FileState) -> &'static str {
    match (state, locale) {
        (FileState::Intact, Locale::Fr) => "intacte",
        (FileState::Intact, Locale::En) => "intact",
        (FileState::Missing, Locale::Fr) => "INTROUVABLE",
        (FileState::Missing, Locale::En) => "MISSING",
        (FileState::Changed, Locale::Fr) => "MODIFIÉE",
        (FileState::Changed, Locale::En) => "CHANGED",
    }
}

/// `atelier archive list`'s refusal: `bad` archives are missing or changed.
pub(crate) fn missing_or_changed(locale: Locale, bad: usize) -> String {
    match locale {
        Locale::Fr => format!(
            "{bad} archive(s) introuvable(s) ou modifiée(s) : rebranchez le disque, ou vérifiez-les avec « atelier archive verify FICHIER »."
        ),
        Locale::En => format!(
            "{bad} archive(s) missing or changed: plug the disk back in, or check them with “atelier archive verify FILE”."
        ),
    }
}

/// `atelier archive verify`: what the archive says it is.
pub(crate) fn manifest(locale: Locale, m: &Manifest) -> String {
    match locale {
        Locale::Fr => format!(
            "Archive {} du poste {}, du {} au {}, faite le {} ; clé {}.",
            m.kind, m.station, m.period_start, m.period_end, m.made_at, m.public_key
        ),
        Locale::En => format!(
            "Archive ({}) of station {}, {} to {}, made {}; key {}.",
            m.kind, m.station, m.period_start, m.period_end, m.made_at, m.public_key
        ),
    }
}

/// `atelier archive verify` without the station's database: the key was
/// not compared with the station's.
pub(crate) fn key_not_compared(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Clé non comparée à celle du poste (donnez --data-dir) : comparez-la à celle qu’affiche « atelier archive list »."
        }
        Locale::En => {
            "Key not compared with the station’s (give --data-dir): compare it with the one “atelier archive list” prints."
        }
    }
}

/// `atelier archive verify`: the archive is intact, its `members` files and
/// `invoices` invoices and credit notes checked.
pub(crate) fn intact(locale: Locale, members: usize, invoices: usize) -> String {
    match locale {
        Locale::Fr => format!(
            "Archive intacte : signature valide, {members} fichiers et {invoices} factures et avoirs vérifiés."
        ),
        Locale::En => format!(
            "Archive intact: signature valid, {members} files and {invoices} invoices and credit notes checked."
        ),
    }
}

/// `atelier archive verify`'s refusal: `found` problems (listed above).
pub(crate) fn not_intact(locale: Locale, found: usize) -> String {
    match locale {
        Locale::Fr => {
            format!("{found} anomalie(s) : cette archive n’est pas celle que le poste a signée.")
        }
        Locale::En => {
            format!("{found} problem(s): this archive is not the one the station signed.")
        }
    }
}

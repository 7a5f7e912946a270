//! Every word the integrity check says to the owner about closures, the
//! journal, the e-reporting periods and the suppliers' files — in French
//! and in English. A text missing in one language does not compile. (The
//! invoices' findings are said by `invoices::chain`.)

use atelier_domain::Locale;

/// The integrity check's texts in one language.
pub(crate) struct Words {
    /// Closure `seq` of `station` was changed afterwards.
    pub closure_altered: fn(station: &str, seq: i64) -> String,
    /// Closure `seq` of `station` no longer follows the previous one.
    pub closure_broken_link: fn(station: &str, seq: i64) -> String,
    /// Closures of `station` are missing before `seq`.
    pub closure_gap: fn(station: &str, seq: i64) -> String,
    /// The perpetual grand total of `station` on `day` does not follow.
    pub closure_grand_total: fn(station: &str, day: &str) -> String,
    /// Closure `seq` of `station` cannot be read.
    pub closure_unreadable: fn(station: &str, seq: i64) -> String,
    /// Journal entry `seq` was changed afterwards.
    pub journal_altered: fn(seq: i64) -> String,
    /// Journal entry `seq` does not follow the previous one.
    pub journal_broken_link: fn(seq: i64) -> String,
    /// Journal entries `from` to `to` are missing.
    pub journal_gap: fn(from: i64, to: i64) -> String,
    /// Journal entry `seq` cannot be read.
    pub journal_unreadable: fn(seq: i64) -> String,
    /// E-reporting period `seq` of `station` is not intact.
    pub ereport_period: fn(station: &str, seq: i64) -> String,
    /// The file of supplier invoice `number` was changed afterwards.
    pub supplier_file: fn(number: &str) -> String,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    closure_altered: |station, seq| {
        format!("Clôture n° {seq} du poste {station} : modifiée après coup.")
    },
    closure_broken_link: |station, seq| {
        format!("Clôture n° {seq} du poste {station} : ne suit plus la précédente (chaîne rompue).")
    },
    closure_gap: |station, seq| {
        format!("Poste {station} : des clôtures manquent avant la n° {seq}.")
    },
    closure_grand_total: |station, day| {
        format!(
            "Poste {station}, journée du {day} : le grand total perpétuel ne suit pas celui de la veille."
        )
    },
    closure_unreadable: |station, seq| format!("Clôture n° {seq} du poste {station} : illisible."),
    journal_altered: |seq| {
        format!("Journal des événements, entrée n° {seq} : modifiée après coup.")
    },
    journal_broken_link: |seq| format!("Journal des événements, entrée n° {seq} : chaîne rompue."),
    journal_gap: |from, to| {
        format!("Journal des événements : entrées manquantes de la n° {from} à la n° {to}.")
    },
    journal_unreadable: |seq| format!("Journal des événements, entrée n° {seq} : illisible."),
    ereport_period: |station, seq| {
        format!(
            "Période d’e-reporting n° {seq} du poste {station} : modifiée après coup, illisible ou hors chaîne."
        )
    },
    supplier_file: |number| {
        format!("Facture fournisseur {number} : le fichier reçu a été modifié après coup.")
    },
};

const EN: Words = Words {
    closure_altered: |station, seq| {
        format!("Closure no. {seq} of station {station}: changed afterwards.")
    },
    closure_broken_link: |station, seq| {
        format!(
            "Closure no. {seq} of station {station}: no longer follows the previous one (broken chain)."
        )
    },
    closure_gap: |station, seq| {
        format!("Station {station}: closures are missing before no. {seq}.")
    },
    closure_grand_total: |station, day| {
        format!(
            "Station {station}, day {day}: the perpetual grand total does not follow the day before's."
        )
    },
    closure_unreadable: |station, seq| {
        format!("Closure no. {seq} of station {station}: unreadable.")
    },
    journal_altered: |seq| format!("Event journal, entry no. {seq}: changed afterwards."),
    journal_broken_link: |seq| format!("Event journal, entry no. {seq}: broken chain."),
    journal_gap: |from, to| format!("Event journal: entries missing from no. {from} to no. {to}."),
    journal_unreadable: |seq| format!("Event journal, entry no. {seq}: unreadable."),
    ereport_period: |station, seq| {
        format!(
            "E-reporting period no. {seq} of station {station}: changed afterwards, unreadable or out of the chain."
        )
    },
    supplier_file: |number| {
        format!("Supplier invoice {number}: the file received was changed afterwards.")
    },
};

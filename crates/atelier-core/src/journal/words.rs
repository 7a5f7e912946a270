//! Every word the technical-event journal shows a person — the name of
//! each kind of event and the export's column headers — in French and in
//! English. A text missing in one language does not compile.

use atelier_domain::Locale;

/// The journal's texts in one language: one field per [`super::Code`],
/// then the CSV export's header.
pub(crate) struct Words {
    pub start: &'static str,
    pub stop: &'static str,
    pub unclean_stop: &'static str,
    pub sign_in: &'static str,
    pub sign_in_refused: &'static str,
    pub closure: &'static str,
    pub closure_refused: &'static str,
    pub archive: &'static str,
    pub archive_check: &'static str,
    pub export: &'static str,
    pub integrity_check: &'static str,
    pub backup: &'static str,
    pub restore: &'static str,
    pub update: &'static str,
    pub clock_backwards: &'static str,
    pub enrolment: &'static str,
    pub revocation: &'static str,
    pub encryption: &'static str,
    pub error: &'static str,
    /// The export's columns: number, time, station, user, code, event,
    /// detail, hash, previous hash.
    pub csv_columns: [&'static str; 9],
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    start: "Démarrage",
    stop: "Arrêt",
    unclean_stop: "Arrêt anormal détecté",
    sign_in: "Connexion",
    sign_in_refused: "Connexion refusée",
    closure: "Clôture",
    closure_refused: "Clôture refusée",
    archive: "Archive",
    archive_check: "Contrôle d’archive",
    export: "Export",
    integrity_check: "Contrôle d’intégrité",
    backup: "Sauvegarde",
    restore: "Restauration",
    update: "Mise à jour",
    clock_backwards: "Horloge reculée",
    enrolment: "Inscription au serveur",
    revocation: "Poste révoqué",
    encryption: "Chiffrement de la base",
    error: "Erreur",
    csv_columns: [
        "n°",
        "date",
        "poste",
        "utilisateur",
        "code",
        "événement",
        "détail",
        "empreinte",
        "empreinte précédente",
    ],
};

const EN: Words = Words {
    start: "Start",
    stop: "Stop",
    unclean_stop: "Unclean stop found",
    sign_in: "Sign-in",
    sign_in_refused: "Sign-in refused",
    closure: "Closure",
    closure_refused: "Closure refused",
    archive: "Archive",
    archive_check: "Archive check",
    export: "Export",
    integrity_check: "Integrity check",
    backup: "Backup",
    restore: "Restore",
    update: "Update",
    clock_backwards: "Clock set back",
    enrolment: "Enrolment",
    revocation: "Revocation",
    encryption: "Database encryption",
    error: "Error",
    csv_columns: [
        "no",
        "time",
        "station",
        "user",
        "code",
        "event",
        "detail",
        "hash",
        "previous hash",
    ],
};

//! Sync with the organisation's server (DESIGN.md, Sync): enrolment, the
//! push-then-pull round, the merge rules that apply other stations'
//! operations ([`apply`]), the conflicts they leave for a person to settle
//! ([`conflicts`]) and what the status bar says.
//!
//! A workstation works alone until it is enrolled; its operations wait in the
//! outbox. Once enrolled, [`run`] pushes them and pulls the others' in pages,
//! each page applied with its cursor in one transaction, so a sync cut off at
//! any point resumes where it stopped and applies nothing twice. The
//! network transport and the device token in the OS keyring are
//! atelier-sync's, never in a file or the database.

pub mod apply;
pub mod client;
pub mod conflicts;
pub(crate) mod forget;
mod round;
mod site;
pub mod snapshot;
mod state;
#[cfg(test)]
mod tests;

use atelier_domain::Locale;
use rusqlite::Connection;
use serde::Serialize;

use crate::{Result, outbox};

pub use apply::{Applied, Applier, Prepared};
pub use client::{Ahead, Transport};
pub use round::{PULL_PAGE, Report, enrol, outgoing, run};
pub use state::{Enrolment, Rejected, Station, enrolment, rejected, stations, stations_at};

/// Enrolment's step that moves the station to the server's site, alone,
/// for core's integration tests: [`enrol`] is the way in for every caller.
#[cfg(feature = "test-support")]
pub use site::adopt as adopt_site;

/// Why a sync did not happen, for [`crate::Error::Sync`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The server did not answer (no network, server stopped, wrong address).
    #[error("server unreachable: {detail}")]
    Offline {
        /// What the connection said.
        detail: String,
    },
    /// This workstation is not enrolled with a server.
    #[error("not enrolled")]
    NotEnrolled,
    /// This workstation is already enrolled.
    #[error("already enrolled")]
    AlreadyEnrolled,
    /// Joining a workshop is for a new workstation: this one already has
    /// its own users (it is enrolled from Réglages instead).
    #[error("workstation already set up")]
    AlreadySetUp,
    /// The server address is not a web address.
    #[error("bad server address")]
    BadAddress,
    /// No OS keyring can keep the device token.
    #[error("no keyring: {detail}")]
    NoKeyring {
        /// What the keyring said.
        detail: String,
    },
    /// The server refused the request (its [`ErrorBody`] code and message).
    ///
    /// [`ErrorBody`]: atelier_domain::sync::ErrorBody
    #[error("server refused ({code}): {message}")]
    Refused {
        /// The server's code: `unauthorized`, `device_mismatch`,
        /// `sequence_reused`, `schema_too_old`, `enrol_code_invalid`…
        code: String,
        /// The server's message.
        message: String,
    },
    /// The server is missing operations this station believed sent (the
    /// server was restored from a backup): they go again from `expected`.
    #[error("server expects sequence {expected}")]
    Gap {
        /// The first sequence number the server does not hold.
        expected: u64,
    },
    /// The server answered something this version cannot read.
    #[error("unexpected answer: {detail}")]
    Protocol {
        /// What was wrong with it.
        detail: String,
    },
}

impl SyncError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Offline { .. } => "sync_offline",
            SyncError::NotEnrolled => "sync_not_enrolled",
            SyncError::AlreadyEnrolled => "sync_already_enrolled",
            SyncError::AlreadySetUp => "sync_already_set_up",
            SyncError::BadAddress => "sync_bad_address",
            SyncError::NoKeyring { .. } => "keyring_unavailable",
            SyncError::Refused { .. } => "sync_refused",
            SyncError::Gap { .. } => "sync_gap",
            SyncError::Protocol { .. } => "sync_protocol",
        }
    }

    /// The code and detail kept for the status bar: the server's own code
    /// for a refusal.
    pub(crate) fn stored(&self) -> (String, String) {
        match self {
            SyncError::Refused { code, message } => (code.clone(), message.clone()),
            SyncError::Offline { detail }
            | SyncError::NoKeyring { detail }
            | SyncError::Protocol { detail } => (self.code().to_owned(), detail.clone()),
            SyncError::Gap { expected } => (self.code().to_owned(), expected.to_string()),
            other => (other.code().to_owned(), String::new()),
        }
    }

    /// The error [`SyncError::stored`] kept.
    fn from_stored(code: &str, detail: &str) -> SyncError {
        let detail = detail.to_owned();
        match code {
            "sync_offline" => SyncError::Offline { detail },
            "sync_not_enrolled" => SyncError::NotEnrolled,
            "sync_already_enrolled" => SyncError::AlreadyEnrolled,
            "sync_already_set_up" => SyncError::AlreadySetUp,
            "sync_bad_address" => SyncError::BadAddress,
            "keyring_unavailable" => SyncError::NoKeyring { detail },
            "sync_protocol" => SyncError::Protocol { detail },
            "sync_gap" => SyncError::Gap {
                expected: detail.parse().unwrap_or_default(),
            },
            server => SyncError::Refused {
                code: server.to_owned(),
                message: detail,
            },
        }
    }

    /// What to tell the person, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            SyncError::Offline { .. } if fr => "Le serveur de synchronisation ne répond pas. Le poste continue de travailler seul ; tout sera envoyé dès que le serveur répondra.".into(),
            SyncError::Offline { .. } => "The sync server does not answer. This station keeps working on its own; everything will be sent as soon as the server answers.".into(),
            SyncError::NotEnrolled if fr => "Ce poste n’est pas encore relié à un serveur : inscrivez-le dans Réglages avec le code donné par le gérant.".into(),
            SyncError::NotEnrolled => "This station is not linked to a server yet: enrol it in Settings with the code the owner gave you.".into(),
            SyncError::AlreadyEnrolled if fr => "Ce poste est déjà inscrit auprès d’un serveur.".into(),
            SyncError::AlreadyEnrolled => "This station is already enrolled with a server.".into(),
            SyncError::AlreadySetUp if fr => "Ce poste a déjà ses propres utilisateurs : un gérant le relie au serveur depuis Réglages → Synchronisation.".into(),
            SyncError::AlreadySetUp => "This station already has its own users: an owner links it to the server from Settings → Sync.".into(),
            SyncError::BadAddress if fr => "L’adresse du serveur doit commencer par http:// ou https://, par exemple https://serveur.garage.fr:8480.".into(),
            SyncError::BadAddress => "The server address must start with http:// or https://, for example https://server.garage.fr:8480.".into(),
            SyncError::NoKeyring { .. } if fr => "Aucun trousseau de clés du système n’est disponible pour garder les secrets de ce poste — jeton de synchronisation, mot de passe de messagerie (Trousseau GNOME, KWallet…). Ouvrez une session de bureau avec un trousseau déverrouillé, puis réessayez ; rien n’a été enregistré.".into(),
            SyncError::NoKeyring { .. } => "No system keyring is available to keep this station’s secrets — its sync token, the mail password (GNOME Keyring, KWallet…). Open a desktop session with an unlocked keyring and try again; nothing was saved.".into(),
            SyncError::Refused { code, message } => refusal(code, message, fr),
            SyncError::Gap { .. } if fr => "Le serveur a perdu des opérations de ce poste (il a été restauré) : elles lui sont renvoyées à la prochaine synchronisation.".into(),
            SyncError::Gap { .. } => "The server lost some of this station’s operations (it was restored): they are sent again at the next sync.".into(),
            SyncError::Protocol { .. } if fr => "Le serveur a répondu d’une façon que cette version d’Atelier ne comprend pas. Vérifiez l’adresse du serveur et mettez Atelier à jour.".into(),
            SyncError::Protocol { .. } => "The server answered in a way this version of Atelier does not understand. Check the server address and update Atelier.".into(),
        }
    }
}

fn refusal(code: &str, message: &str, fr: bool) -> String {
    match (code, fr) {
        ("unauthorized", true) => "Le serveur ne reconnaît plus ce poste (il a peut-être été révoqué). Demandez un nouveau code au gérant et inscrivez le poste à nouveau.".into(),
        ("unauthorized", false) => "The server no longer recognises this station (it may have been revoked). Ask the owner for a new code and enrol the station again.".into(),
        ("device_mismatch" | "sequence_reused", true) => "Ce poste a été restauré depuis une sauvegarde plus ancienne ou d’un autre poste : le serveur a déjà des opérations qu’il ne connaît pas. La synchronisation est arrêtée pour ne rien écraser ; contactez le support pour réinscrire le poste.".into(),
        ("device_mismatch" | "sequence_reused", false) => "This station was restored from an older backup or from another station: the server already holds operations it does not know. Sync is stopped so nothing is overwritten; contact support to enrol the station again.".into(),
        ("schema_too_old", true) => "Le serveur demande une version plus récente d’Atelier : mettez à jour ce poste. En attendant, il continue de travailler seul.".into(),
        ("schema_too_old", false) => "The server requires a newer version of Atelier: update this station. Meanwhile it keeps working on its own.".into(),
        ("enrol_code_invalid", true) => "Ce code d’inscription n’est pas valable (mal saisi ou déjà utilisé). Vérifiez-le ou demandez-en un nouveau au gérant.".into(),
        ("enrol_code_invalid", false) => "This enrolment code is not valid (mistyped or already used). Check it or ask the owner for a new one.".into(),
        ("enrol_code_expired", true) => "Ce code d’inscription a expiré. Demandez-en un nouveau au gérant.".into(),
        ("enrol_code_expired", false) => "This enrolment code has expired. Ask the owner for a new one.".into(),
        ("already_enrolled", true) => "Le serveur connaît déjà ce poste. Demandez au gérant de le révoquer avant de l’inscrire à nouveau.".into(),
        ("already_enrolled", false) => "The server already knows this station. Ask the owner to revoke it before enrolling it again.".into(),
        (_, true) => format!("Le serveur a refusé la synchronisation : {message}"),
        (_, false) => format!("The server refused the sync: {message}"),
    }
}

/// The sync state shown at all times in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// Whether this workstation has been enrolled with a sync server.
    pub configured: bool,
    /// Whether the server answered at the last attempt.
    pub online: bool,
    /// Operations written here and not yet acknowledged by the server.
    pub pending_operations: u64,
    /// When the last sync succeeded (Unix ms), if ever.
    pub last_sync_at: Option<i64>,
    /// The server's address.
    pub server_url: Option<String>,
    /// The organisation and site this station belongs to.
    pub organisation: Option<String>,
    /// This station's site, e.g. `S1 — Lyon`.
    pub site: Option<String>,
    /// Whether this station sees every site (an owner's).
    pub all_sites: bool,
    /// The last attempt's error code and message, if it failed.
    pub last_error_code: Option<String>,
    /// The last attempt's error, in words.
    pub last_error: Option<String>,
    /// Operations the server kept but refused to pass on.
    pub rejected_operations: u64,
    /// Conflicts waiting for a person to look at them.
    pub open_conflicts: u64,
    /// Operations received that could not be stored yet.
    pub parked_operations: u64,
    /// Another station's clock was more than 5 minutes ahead of ours.
    pub clock_ahead: bool,
}

/// The current sync state of this workstation, its last error worded in
/// `locale`.
pub fn status(conn: &Connection, locale: Locale) -> Result<SyncStatus> {
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    };
    let e = enrolment(conn)?;
    Ok(SyncStatus {
        configured: e.is_some(),
        online: e.as_ref().is_some_and(|e| e.online),
        pending_operations: outbox::pending_count(conn)?,
        last_sync_at: e.as_ref().and_then(|e| e.last_sync_at),
        server_url: e.as_ref().map(|e| e.server_url.clone()),
        organisation: e.as_ref().map(|e| e.organisation.clone()),
        site: e
            .as_ref()
            .map(|e| format!("{} — {}", e.site_code, e.site_name)),
        all_sites: e.as_ref().is_some_and(|e| e.all_sites),
        last_error_code: e.as_ref().and_then(|e| e.last_error_code.clone()),
        last_error: e.as_ref().and_then(|e| {
            let code = e.last_error_code.as_deref()?;
            let detail = e.last_error.as_deref().unwrap_or_default();
            Some(SyncError::from_stored(code, detail).message(locale))
        }),
        rejected_operations: count("SELECT COUNT(*) FROM outbox WHERE rejected_code IS NOT NULL")?,
        open_conflicts: count("SELECT COUNT(*) FROM sync_conflicts WHERE settled_at IS NULL")?,
        parked_operations: count("SELECT COUNT(*) FROM sync_parked")?,
        clock_ahead: e.as_ref().is_some_and(|e| e.clock_ahead),
    })
}

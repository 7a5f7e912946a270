//! The shell's own texts for people, in French and in English: what the
//! updater answers when it cannot do its job, and the shell's own failure.
//! Core's refusals are core's (`UiError::from_core`).

use std::fmt::Display;

use atelier_domain::Locale;

/// The update server cannot be reached.
pub(crate) fn update_offline(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Le serveur de mises à jour est injoignable : réessayez quand le poste a du réseau."
        }
        Locale::En => {
            "The update server cannot be reached: try again when the workstation is online."
        }
    }
}

/// The package received does not verify against the key built into the
/// application: refused, nothing installed.
pub(crate) fn update_unsigned(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "La mise à jour reçue n’est pas signée par l’éditeur d’Atelier : elle n’a pas été installée, la version actuelle reste en place."
        }
        Locale::En => {
            "The update received is not signed by Atelier’s publisher: it was not installed, the current version stays."
        }
    }
}

/// The update server's answer was not understood; `detail` is the
/// updater's own error.
pub(crate) fn update_invalid(locale: Locale, detail: &dyn Display) -> String {
    match locale {
        Locale::Fr => format!(
            "Le serveur de mises à jour a répondu d’une façon inattendue ; rien n’a été installé. Détail : {detail}"
        ),
        Locale::En => format!(
            "The update server’s answer was not understood; nothing was installed. Detail: {detail}"
        ),
    }
}

/// Installing failed: the previous version stays.
pub(crate) fn update_failed(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "La mise à jour n’a pas pu être installée : la version actuelle reste en place."
        }
        Locale::En => "The update could not be installed: the current version stays.",
    }
}

/// A failure of the shell itself (a worker thread that did not finish).
pub(crate) fn internal(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Une erreur interne a interrompu l’opération ; rien n’a été enregistré. Réessayez, et si cela se reproduit, redémarrez Atelier."
        }
        Locale::En => {
            "An internal error interrupted the operation; nothing was saved. Try again, and restart Atelier if it happens again."
        }
    }
}

//! The texts `atelier ask` prints around the assistant's answer, in French
//! and in English; the answer itself is the assistant's.

use atelier_domain::Locale;

/// `--as` names no active user: the logins there are.
pub(crate) fn no_such_user(locale: Locale, login: &str, logins: &str) -> String {
    match locale {
        Locale::Fr => format!("Aucun utilisateur actif « {login} » : choisissez parmi {logins}."),
        Locale::En => format!("No active user “{login}”: choose among {logins}."),
    }
}

/// No `--as`, and the workshop has no owner yet.
pub(crate) fn no_owner(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => {
            "Aucun gérant dans cette base : nommez l’utilisateur avec --as, ou installez l’atelier d’abord (atelier demo pour essayer)."
        }
        Locale::En => {
            "No owner in this database: name the user with --as, or set the workshop up first (atelier demo to try)."
        }
    }
}

/// One of the records to choose from, and the question that names it.
pub(crate) fn choice(locale: Locale, n: usize, label: &str, ask: &str) -> String {
    match locale {
        Locale::Fr => format!("  {n}. {label} — demandez « {ask} »"),
        Locale::En => format!("  {n}. {label} — ask “{ask}”"),
    }
}

/// Before a prepared action's fields.
pub(crate) fn prepared(locale: Locale, action: &str) -> String {
    match locale {
        Locale::Fr => format!("À confirmer dans la fenêtre « {action} » :"),
        Locale::En => format!("To confirm in the “{action}” dialog:"),
    }
}

/// A question to try.
pub(crate) fn suggestion(locale: Locale, question: &str) -> String {
    match locale {
        Locale::Fr => format!("  « {question} »"),
        Locale::En => format!("  “{question}”"),
    }
}

/// A screen to open.
pub(crate) fn open(locale: Locale, label: &str, route: &str) -> String {
    match locale {
        Locale::Fr => format!("Ouvrir : {label} [{route}]"),
        Locale::En => format!("Open: {label} [{route}]"),
    }
}

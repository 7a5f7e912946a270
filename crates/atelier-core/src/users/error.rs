//! The refusals of signing in (by password or by PIN), and how each is told
//! to a person: the users area's catalogue of user-facing texts.

use atelier_domain::Locale;

/// Why a sign-in or a switch of user was refused. Nothing but the failure
/// count was written. Reaches callers as [`crate::Error::SignIn`].
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Wrong login or password (or PIN): the same answer for both, so it does
    /// not tell which logins exist.
    #[error("sign-in failed")]
    Failed,
    /// Too many failures: the next attempt must wait.
    #[error("sign-in throttled for {wait_s} s")]
    Throttled {
        /// Seconds to wait.
        wait_s: u64,
    },
    /// Too many failures: the account is locked for a while.
    #[error("account locked for {minutes} min")]
    AccountLocked {
        /// Minutes left.
        minutes: u64,
    },
    /// The account was deactivated by the owner.
    #[error("account deactivated")]
    AccountDisabled,
    /// The user has no PIN: they sign in with their password.
    #[error("no PIN set")]
    NoPin,
}

impl SignInError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            SignInError::Failed => "sign_in_failed",
            SignInError::Throttled { .. } => "sign_in_throttled",
            SignInError::AccountLocked { .. } => "account_locked",
            SignInError::AccountDisabled => "account_disabled",
            SignInError::NoPin => "no_pin",
        }
    }

    /// What the UI needs to act on the refusal: how long to wait before
    /// the next attempt.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            SignInError::Throttled { wait_s } => Some(serde_json::json!({ "wait_s": wait_s })),
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            SignInError::Failed if fr => {
                "Identifiant, mot de passe ou code PIN incorrect.".to_owned()
            }
            SignInError::Failed => "Wrong login, password or PIN.".to_owned(),
            SignInError::Throttled { wait_s } if fr => {
                format!("Trop d’essais manqués : patientez {wait_s} s avant de réessayer.")
            }
            SignInError::Throttled { wait_s } => {
                format!("Too many failed attempts: wait {wait_s} s before trying again.")
            }
            SignInError::AccountLocked { minutes } if fr => format!(
                "Ce compte est bloqué après trop d’essais manqués. Réessayez dans {minutes} min ou demandez au gérant."
            ),
            SignInError::AccountLocked { minutes } => format!(
                "This account is locked after too many failed attempts. Try again in {minutes} min or ask the owner."
            ),
            SignInError::AccountDisabled if fr => {
                "Ce compte a été désactivé. Demandez au gérant.".to_owned()
            }
            SignInError::AccountDisabled => {
                "This account was deactivated. Ask the owner.".to_owned()
            }
            SignInError::NoPin if fr => {
                "Cet utilisateur n’a pas de code PIN : identifiez-vous avec le mot de passe."
                    .to_owned()
            }
            SignInError::NoPin => "This user has no PIN: sign in with the password.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_sign_in_does_not_say_which_of_login_or_password_was_wrong() {
        let e = SignInError::Failed;
        assert_eq!(e.code(), "sign_in_failed");
        assert_eq!(
            e.message(Locale::Fr),
            "Identifiant, mot de passe ou code PIN incorrect."
        );
        assert_eq!(e.message(Locale::En), "Wrong login, password or PIN.");
        assert_eq!(e.details(), None);
    }

    #[test]
    fn a_throttled_sign_in_says_how_long_to_wait() {
        let e = SignInError::Throttled { wait_s: 8 };
        assert_eq!(e.code(), "sign_in_throttled");
        assert_eq!(
            e.message(Locale::Fr),
            "Trop d’essais manqués : patientez 8 s avant de réessayer."
        );
        assert_eq!(
            e.message(Locale::En),
            "Too many failed attempts: wait 8 s before trying again."
        );
        assert_eq!(e.details(), Some(serde_json::json!({ "wait_s": 8 })));
    }

    #[test]
    fn a_locked_account_says_when_to_try_again() {
        let e = SignInError::AccountLocked { minutes: 15 };
        assert_eq!(e.code(), "account_locked");
        assert_eq!(
            e.message(Locale::Fr),
            "Ce compte est bloqué après trop d’essais manqués. Réessayez dans 15 min ou demandez au gérant."
        );
        assert_eq!(
            e.message(Locale::En),
            "This account is locked after too many failed attempts. Try again in 15 min or ask the owner."
        );
    }
}

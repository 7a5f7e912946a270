//! The refusals of the customer file, and how each is told to a person: the
//! customers area's catalogue of user-facing texts.

use atelier_domain::Locale;

use super::CustomerSummary;

/// Why a customer was not created, changed or merged. Nothing was written.
/// Reaches callers as [`crate::Error::Customer`].
#[derive(Debug, thiserror::Error)]
pub enum CustomerError {
    /// Another customer has the same phone, e-mail or SIREN: the person is
    /// asked whether it is the same customer before a second record is made.
    #[error("possible duplicate of {} customer(s)", matches.len())]
    Duplicate {
        /// The customers that match.
        matches: Vec<CustomerSummary>,
    },
    /// A customer cannot be merged into itself.
    #[error("a customer cannot be merged into itself")]
    SameCustomer,
    /// An unsubscribe or rating link whose token no station issued (mistyped,
    /// cut, or forged). Nothing was written.
    #[error("unknown link token")]
    LinkUnknown,
    /// An unsubscribe or rating link already used once. Nothing was written.
    #[error("link token already used")]
    LinkUsed,
}

impl CustomerError {
    /// A stable code the UI can branch on. Merging a customer into itself is
    /// a `validation` refusal, like a wrong input.
    pub fn code(&self) -> &'static str {
        match self {
            CustomerError::Duplicate { .. } => "duplicate",
            CustomerError::SameCustomer => "validation",
            CustomerError::LinkUnknown => "link_unknown",
            CustomerError::LinkUsed => "link_used",
        }
    }

    /// What the UI needs to act on the refusal: the matching customers of a
    /// duplicate, to offer them.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            CustomerError::Duplicate { matches } => Some(serde_json::json!({ "matches": matches })),
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            CustomerError::Duplicate { matches } if fr => match matches.as_slice() {
                [one] => format!(
                    "{} a déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce le même client ?",
                    one.display_name
                ),
                _ => format!(
                    "{} clients ont déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce l’un d’eux ?",
                    matches.len()
                ),
            },
            CustomerError::Duplicate { matches } => match matches.as_slice() {
                [one] => format!(
                    "{} already has this phone, e-mail or SIREN. Is it the same customer?",
                    one.display_name
                ),
                _ => format!(
                    "{} customers already have this phone, e-mail or SIREN. Is it one of them?",
                    matches.len()
                ),
            },
            CustomerError::SameCustomer if fr => {
                "Choisissez un autre client : un client ne peut pas être fusionné avec lui-même."
                    .to_owned()
            }
            CustomerError::SameCustomer => {
                "Choose another customer: a customer cannot be merged with itself.".to_owned()
            }
            CustomerError::LinkUnknown if fr => "Ce lien n’est pas valable : copiez-le en entier depuis le message reçu, ou contactez l’atelier.".to_owned(),
            CustomerError::LinkUnknown => "This link is not valid: copy it whole from the message you received, or contact the workshop.".to_owned(),
            CustomerError::LinkUsed if fr => "Ce lien a déjà servi : votre réponse est enregistrée, rien de plus n’est à faire.".to_owned(),
            CustomerError::LinkUsed => "This link was already used: your answer is recorded, there is nothing more to do.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use atelier_domain::CustomerId;

    use super::*;
    use crate::customers::CustomerKind;

    fn summary(name: &str) -> CustomerSummary {
        CustomerSummary {
            id: CustomerId::new(),
            kind: CustomerKind::Individual,
            display_name: name.to_owned(),
            phone_display: None,
            email: None,
            city: None,
        }
    }

    #[test]
    fn one_duplicate_is_named_and_offered_to_the_person() {
        let one = summary("Mme Durand");
        let e = CustomerError::Duplicate {
            matches: vec![one.clone()],
        };
        assert_eq!(e.code(), "duplicate");
        assert_eq!(
            e.message(Locale::Fr),
            "Mme Durand a déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce le même client ?"
        );
        assert_eq!(
            e.message(Locale::En),
            "Mme Durand already has this phone, e-mail or SIREN. Is it the same customer?"
        );
        assert_eq!(e.details(), Some(serde_json::json!({ "matches": [one] })));
    }

    #[test]
    fn several_duplicates_are_counted() {
        let e = CustomerError::Duplicate {
            matches: vec![summary("Mme Durand"), summary("M. Martin")],
        };
        assert_eq!(
            e.message(Locale::Fr),
            "2 clients ont déjà ce téléphone, cet e-mail ou ce SIREN. Est-ce l’un d’eux ?"
        );
        assert_eq!(
            e.message(Locale::En),
            "2 customers already have this phone, e-mail or SIREN. Is it one of them?"
        );
    }

    #[test]
    fn merging_a_customer_into_itself_is_a_validation_refusal() {
        let e = CustomerError::SameCustomer;
        assert_eq!(e.code(), "validation");
        assert_eq!(
            e.message(Locale::Fr),
            "Choisissez un autre client : un client ne peut pas être fusionné avec lui-même."
        );
        assert_eq!(
            e.message(Locale::En),
            "Choose another customer: a customer cannot be merged with itself."
        );
        assert_eq!(e.details(), None);
    }
}

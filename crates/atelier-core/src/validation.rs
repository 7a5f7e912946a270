//! What is wrong with something a person typed, said in their language.

use atelier_domain::Locale;

/// An input field, named as the UI names its input, so the UI can put the
/// message under the right box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Individual or company.
    Kind,
    /// M. / Mme.
    Civility,
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// A company's name.
    CompanyName,
    /// Telephone number.
    Phone,
    /// E-mail address.
    Email,
    /// Free notes.
    Notes,
}

impl Field {
    /// The input's `name` in the UI.
    pub fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Civility => "civility",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::CompanyName => "company_name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Notes => "notes",
        }
    }

    fn label(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Field::Kind, Locale::Fr) => "Type de client",
            (Field::Kind, Locale::En) => "Customer type",
            (Field::Civility, Locale::Fr) => "Civilité",
            (Field::Civility, Locale::En) => "Title",
            (Field::FirstName, Locale::Fr) => "Prénom",
            (Field::FirstName, Locale::En) => "First name",
            (Field::LastName, Locale::Fr) => "Nom",
            (Field::LastName, Locale::En) => "Last name",
            (Field::CompanyName, Locale::Fr) => "Raison sociale",
            (Field::CompanyName, Locale::En) => "Company name",
            (Field::Phone, Locale::Fr) => "Téléphone",
            (Field::Phone, Locale::En) => "Phone",
            (Field::Email, Locale::Fr) => "E-mail",
            (Field::Email, Locale::En) => "E-mail",
            (Field::Notes, Locale::Fr) => "Notes",
            (Field::Notes, Locale::En) => "Notes",
        }
    }
}

/// Why a value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Left blank but needed.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// Not one of the values the field offers.
    NotAllowed,
    /// Not an e-mail address.
    InvalidEmail,
    /// Holds something other than digits and the usual separators.
    InvalidPhone,
}

/// A refused input: which field, and why. Nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {}: {problem:?}", field.name())]
pub struct Invalid {
    /// The field at fault.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

impl Invalid {
    /// A refusal of `field` for `problem`.
    pub fn new(field: Field, problem: Problem) -> Self {
        Invalid { field, problem }
    }

    /// The sentence shown to the person, telling them what to fix.
    pub fn message(&self, locale: Locale) -> String {
        let label = self.field.label(locale);
        match (self.problem, locale) {
            (Problem::Required, Locale::Fr) => format!("Le champ « {label} » est obligatoire."),
            (Problem::Required, Locale::En) => format!("“{label}” is required."),
            (Problem::TooLong { max }, Locale::Fr) => {
                format!("Le champ « {label} » ne peut pas dépasser {max} caractères.")
            }
            (Problem::TooLong { max }, Locale::En) => {
                format!("“{label}” cannot be longer than {max} characters.")
            }
            (Problem::NotAllowed, Locale::Fr) => {
                format!("La valeur choisie pour « {label} » n’est pas reconnue.")
            }
            (Problem::NotAllowed, Locale::En) => {
                format!("The value chosen for “{label}” is not recognised.")
            }
            (Problem::InvalidEmail, Locale::Fr) => {
                "L’adresse e-mail n’est pas valide (exemple : nom@exemple.fr).".to_owned()
            }
            (Problem::InvalidEmail, Locale::En) => {
                "The e-mail address is not valid (for example: name@example.com).".to_owned()
            }
            (Problem::InvalidPhone, Locale::Fr) => "Le numéro de téléphone ne peut contenir que des chiffres, des espaces, des points, des tirets et « + » (exemple : 06 12 34 56 78).".to_owned(),
            (Problem::InvalidPhone, Locale::En) => "The phone number may only hold digits, spaces, dots, dashes and “+” (for example: +33 6 12 34 56 78).".to_owned(),
        }
    }
}

/// Refuses `value` when it is longer than `max` characters.
pub fn max_len(field: Field, value: Option<&str>, max: usize) -> Result<(), Invalid> {
    match value {
        Some(v) if v.chars().count() > max => Err(Invalid::new(field, Problem::TooLong { max })),
        _ => Ok(()),
    }
}

//! E-mail addresses, checked for the mistakes people make when typing them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Most characters in a whole address.
const MAX_LEN: usize = 254;
/// Most characters before the `@`.
const LOCAL_MAX: usize = 64;
/// Most characters in one label of the domain.
const LABEL_MAX: usize = 63;

/// An e-mail address: one `@`, a local part of 1–64 characters without
/// spaces, and a domain of at least two dot-separated labels made of
/// letters, digits and inner hyphens; 254 characters at most.
///
/// The domain is stored lowercased (`Jean.Dupont@Example.FR` becomes
/// `Jean.Dupont@example.fr`); the local part is kept as typed, since some
/// servers tell case apart there. On the wire it is the address string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Text could not be read as an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing but spaces was entered.
    #[error("no e-mail address was entered")]
    Empty,
    /// There is no `@`.
    #[error("an e-mail address contains an @")]
    MissingAt,
    /// There is more than one `@`.
    #[error("an e-mail address contains one @, not {count}")]
    SeveralAt {
        /// How many `@` were found.
        count: usize,
    },
    /// The whole address is longer than 254 characters.
    #[error("an e-mail address has at most {MAX_LEN} characters, not {found}")]
    TooLong {
        /// How many characters the address has.
        found: usize,
    },
    /// The part before the `@` is not valid.
    #[error("the part before the @ is not valid: {problem}")]
    BadLocal {
        /// What is wrong with it.
        problem: LocalPartProblem,
    },
    /// The part after the `@` is not valid.
    #[error("the part after the @ is not valid: {problem}")]
    BadDomain {
        /// What is wrong with it.
        problem: DomainProblem,
    },
}

/// What is wrong with the part of an address before the `@`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalPartProblem {
    /// Nothing comes before the `@`.
    #[error("it is empty")]
    Empty,
    /// More than 64 characters.
    #[error("it has {found} characters, at most {LOCAL_MAX} are allowed")]
    TooLong {
        /// How many characters it has.
        found: usize,
    },
    /// A space or an invisible control character.
    #[error("it contains {found:?}")]
    Character {
        /// The character as typed.
        found: char,
    },
}

/// What is wrong with the part of an address after the `@`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainProblem {
    /// Nothing comes after the `@`.
    #[error("it is empty")]
    Empty,
    /// No dot: a domain such as `gmail` lacks its `.com`.
    #[error("it has no dot")]
    NoDot,
    /// Two dots in a row, or a dot at the start or the end.
    #[error("it has an empty part between dots")]
    EmptyLabel,
    /// A character other than a letter, a digit, a hyphen or a dot.
    #[error("it contains {found:?}")]
    Character {
        /// The character as typed.
        found: char,
    },
    /// A part between dots starts or ends with a hyphen.
    #[error("{label:?} starts or ends with a hyphen")]
    HyphenAtEdge {
        /// The part between dots, as typed.
        label: String,
    },
    /// A part between dots is longer than 63 characters.
    #[error("a part has {found} characters, at most {LABEL_MAX} are allowed")]
    LabelTooLong {
        /// How many characters it has.
        found: usize,
    },
}

impl Email {
    /// Reads an address, ignoring spaces around it.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(EmailError::MissingAt);
        };
        if domain.contains('@') {
            return Err(EmailError::SeveralAt {
                count: text.matches('@').count(),
            });
        }
        check_local(local).map_err(|problem| EmailError::BadLocal { problem })?;
        check_domain(domain).map_err(|problem| EmailError::BadDomain { problem })?;
        // Lowercasing can turn a rare letter into several characters (İ),
        // so the stored form is checked again.
        let domain = domain.to_lowercase();
        check_domain(&domain).map_err(|problem| EmailError::BadDomain { problem })?;
        let address = format!("{local}@{domain}");
        let length = address.chars().count();
        if length > MAX_LEN {
            return Err(EmailError::TooLong { found: length });
        }
        Ok(Self(address))
    }

    /// The address: `Jean.Dupont@example.fr`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, as typed.
    #[must_use]
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(local, _)| local)
    }

    /// The domain, lowercased: `example.fr`.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// Checks the part before the `@`.
fn check_local(local: &str) -> Result<(), LocalPartProblem> {
    let length = local.chars().count();
    if length == 0 {
        return Err(LocalPartProblem::Empty);
    }
    if length > LOCAL_MAX {
        return Err(LocalPartProblem::TooLong { found: length });
    }
    match local.chars().find(|c| c.is_whitespace() || c.is_control()) {
        Some(found) => Err(LocalPartProblem::Character { found }),
        None => Ok(()),
    }
}

/// Checks the (lowercased) part after the `@`.
fn check_domain(domain: &str) -> Result<(), DomainProblem> {
    if domain.is_empty() {
        return Err(DomainProblem::Empty);
    }
    if let Some(found) = domain
        .chars()
        .find(|&c| !(c.is_alphanumeric() || c == '-' || c == '.'))
    {
        return Err(DomainProblem::Character { found });
    }
    if !domain.contains('.') {
        return Err(DomainProblem::NoDot);
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err(DomainProblem::EmptyLabel);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(DomainProblem::HyphenAtEdge {
                label: label.to_owned(),
            });
        }
        let length = label.chars().count();
        if length > LABEL_MAX {
            return Err(DomainProblem::LabelTooLong { found: length });
        }
    }
    Ok(())
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Email {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn local(problem: LocalPartProblem) -> Result<Email, EmailError> {
        Err(EmailError::BadLocal { problem })
    }

    fn domain(problem: DomainProblem) -> Result<Email, EmailError> {
        Err(EmailError::BadDomain { problem })
    }

    #[test]
    fn reads_an_address_and_lowercases_the_domain_only() {
        let e = Email::parse("  Jean.Dupont+garage@Example.FR ").unwrap();
        assert_eq!(e.as_str(), "Jean.Dupont+garage@example.fr");
        assert_eq!(e.to_string(), "Jean.Dupont+garage@example.fr");
        assert_eq!(e.local_part(), "Jean.Dupont+garage");
        assert_eq!(e.domain(), "example.fr");
        assert!(Email::parse("a@b-c.d2.fr").is_ok());
        assert!(
            Email::parse("élodie@café.fr").is_ok(),
            "accents are letters"
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        assert_eq!(Email::parse("jean.example.fr"), Err(EmailError::MissingAt));
        assert_eq!(
            Email::parse("jean@@example.fr"),
            Err(EmailError::SeveralAt { count: 2 })
        );
        assert_eq!(Email::parse("@example.fr"), local(LocalPartProblem::Empty));
        assert_eq!(
            Email::parse("jean dupont@example.fr"),
            local(LocalPartProblem::Character { found: ' ' })
        );
        assert_eq!(
            Email::parse(&format!("{}@example.fr", "a".repeat(65))),
            local(LocalPartProblem::TooLong { found: 65 })
        );
        assert_eq!(Email::parse("jean@"), domain(DomainProblem::Empty));
        assert_eq!(Email::parse("jean@gmail"), domain(DomainProblem::NoDot));
        assert_eq!(
            Email::parse("jean@example..fr"),
            domain(DomainProblem::EmptyLabel)
        );
        assert_eq!(
            Email::parse("jean@example.fr."),
            domain(DomainProblem::EmptyLabel)
        );
        assert_eq!(
            Email::parse("jean@-example.fr"),
            domain(DomainProblem::HyphenAtEdge {
                label: "-example".into()
            })
        );
        assert_eq!(
            Email::parse("jean@exa_mple.fr"),
            domain(DomainProblem::Character { found: '_' })
        );
        assert_eq!(
            Email::parse(&format!("jean@{}.fr", "a".repeat(64))),
            domain(DomainProblem::LabelTooLong { found: 64 })
        );
        let long = format!("jean@{}.fr", vec!["a".repeat(60); 5].join("."));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong { found: 312 }));
    }

    #[test]
    fn serde_is_the_address() {
        let e = Email::parse("Jean@Example.fr").unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, "\"Jean@example.fr\"");
        assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), e);
        assert!(serde_json::from_str::<Email>("\"jean\"").is_err());
    }

    proptest! {
        #[test]
        fn a_parsed_address_reads_back_unchanged(
            local in "[A-Za-z0-9._+-]{1,20}",
            labels in proptest::collection::vec("[A-Za-z0-9]([A-Za-z0-9-]{0,8}[A-Za-z0-9])?", 2..4),
        ) {
            let e = Email::parse(&format!("{local}@{}", labels.join("."))).unwrap();
            prop_assert_eq!(e.local_part(), local.as_str());
            prop_assert_eq!(e.domain(), labels.join(".").to_lowercase());
            prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = Email::parse(&input);
        }
    }
}

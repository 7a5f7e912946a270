//! Messages for the parse errors of atelier-domain's types: each says what was
//! typed wrong and shows the form expected.

use atelier_domain::{
    DomainProblem, EmailError, LocalPartProblem, Locale, PhoneError, PlateError, PlateKind,
    SirenError, VatNumberError, VinError,
};

pub(super) fn plate(e: &PlateError, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match e {
        PlateError::Empty if fr => "Saisissez l’immatriculation (exemple : AB-123-CD).".to_owned(),
        PlateError::Empty => "Enter the registration plate (for example: AB-123-CD).".to_owned(),
        PlateError::ForbiddenCharacter { found } if fr => {
            format!("Le caractère « {found} » ne peut pas figurer dans une immatriculation.")
        }
        PlateError::ForbiddenCharacter { found } => {
            format!("“{found}” cannot appear in a registration plate.")
        }
        PlateError::SivLayout { found } if fr => format!(
            "« {found} » n’est pas une immatriculation valide : 2 lettres, 3 chiffres, 2 lettres (AB-123-CD). Pour une plaque étrangère, cochez « Plaque étrangère »."
        ),
        PlateError::SivLayout { found } => format!(
            "“{found}” is not a valid plate: 2 letters, 3 digits, 2 letters (AB-123-CD). For a foreign plate, tick “Foreign plate”."
        ),
        PlateError::FniLayout { found } if fr => format!(
            "« {found} » n’est pas une ancienne immatriculation valide : 1 à 4 chiffres, 1 à 3 lettres et le département (1234 AB 56)."
        ),
        PlateError::FniLayout { found } => format!(
            "“{found}” is not a valid old French plate: 1 to 4 digits, 1 to 3 letters and the département (1234 AB 56)."
        ),
        PlateError::ForbiddenLetter { kind, found } => {
            let letters = if *kind == PlateKind::Siv {
                "I, O et U"
            } else {
                "I et O"
            };
            let letters_en = if *kind == PlateKind::Siv {
                "I, O and U"
            } else {
                "I and O"
            };
            if fr {
                format!(
                    "La lettre « {found} » n’est jamais utilisée sur ces plaques ({letters}) : vérifiez la saisie (0 ou 1 ?)."
                )
            } else {
                format!(
                    "The letter “{found}” is never used on these plates ({letters_en}): check what was typed (0 or 1?)."
                )
            }
        }
        PlateError::SivZeroNumber if fr => {
            "Le numéro 000 n’existe pas : les chiffres vont de 001 à 999.".to_owned()
        }
        PlateError::SivZeroNumber => {
            "Number 000 does not exist: the digits go from 001 to 999.".to_owned()
        }
        PlateError::SivSsBlock if fr => {
            "Le groupe « SS » n’est jamais attribué : vérifiez l’immatriculation.".to_owned()
        }
        PlateError::SivSsBlock => "The letters “SS” are never issued: check the plate.".to_owned(),
        PlateError::FniZeroNumber if fr => {
            "Le numéro d’une ancienne immatriculation ne peut pas être 0.".to_owned()
        }
        PlateError::FniZeroNumber => "The number of an old French plate cannot be 0.".to_owned(),
        PlateError::FniDepartment { found } if fr => {
            format!("« {found} » n’est pas un département (01 à 95, 2A, 2B ou 971 à 976).")
        }
        PlateError::FniDepartment { found } => {
            format!("“{found}” is not a département (01 to 95, 2A, 2B or 971 to 976).")
        }
        PlateError::TooLong { found } if fr => {
            format!(
                "Une plaque étrangère a au plus 15 lettres et chiffres ; celle-ci en a {found}."
            )
        }
        PlateError::TooLong { found } => {
            format!("A foreign plate has at most 15 letters and digits; this one has {found}.")
        }
    }
}

pub(super) fn vin(e: &VinError, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match e {
        VinError::Length { found } if fr => {
            format!("Un VIN a exactement 17 caractères ; vous en avez saisi {found}.")
        }
        VinError::Length { found } => {
            format!("A VIN has exactly 17 characters; {found} were entered.")
        }
        VinError::ForbiddenLetter { found, position } if fr => format!(
            "Un VIN ne contient jamais la lettre « {found} » (position {position}) : c’est sans doute un {}.",
            if *found == 'I' { "1" } else { "0" }
        ),
        VinError::ForbiddenLetter { found, position } => format!(
            "A VIN never contains the letter “{found}” (position {position}): it is probably a {}.",
            if *found == 'I' { "1" } else { "0" }
        ),
        VinError::InvalidCharacter { found, position } if fr => {
            format!(
                "Le caractère « {found} » (position {position}) ne peut pas figurer dans un VIN."
            )
        }
        VinError::InvalidCharacter { found, position } => {
            format!("“{found}” (position {position}) cannot appear in a VIN.")
        }
        VinError::CheckDigit { expected, found } if fr => format!(
            "Le chiffre de contrôle (9e caractère) devrait être « {expected} » et non « {found} » : un caractère du VIN est mal saisi."
        ),
        VinError::CheckDigit { expected, found } => format!(
            "The check digit (9th character) should be “{expected}”, not “{found}”: a character of the VIN is mistyped."
        ),
    }
}

pub(super) fn registration(e: &SirenError, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match e {
        SirenError::NotDigits { found } if fr => {
            format!("Un SIREN ou SIRET ne contient que des chiffres (« {found} » trouvé).")
        }
        SirenError::NotDigits { found } => format!("A SIREN or SIRET only holds digits (found “{found}”)."),
        SirenError::Length { found, .. } if fr => {
            format!("Saisissez le SIREN (9 chiffres) ou le SIRET (14 chiffres) ; {found} chiffres saisis.")
        }
        SirenError::Length { found, .. } => {
            format!("Enter the SIREN (9 digits) or the SIRET (14 digits); {found} digits were entered.")
        }
        SirenError::Checksum | SirenError::SirenChecksum if fr => {
            "Ce numéro n’est pas un SIREN/SIRET valide (clé de contrôle incorrecte) : vérifiez les chiffres sur le Kbis.".to_owned()
        }
        SirenError::Checksum | SirenError::SirenChecksum => {
            "This is not a valid SIREN/SIRET (wrong check digit): check the digits on the company register extract.".to_owned()
        }
    }
}

pub(super) fn vat_number(e: &VatNumberError, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match e {
        VatNumberError::Empty if fr => {
            "Saisissez le numéro de TVA (exemple : FR40303265045).".to_owned()
        }
        VatNumberError::Empty => "Enter the VAT number (for example: FR40303265045).".to_owned(),
        VatNumberError::ForbiddenCharacter { found } if fr => {
            format!("Le caractère « {found} » ne peut pas figurer dans un numéro de TVA.")
        }
        VatNumberError::ForbiddenCharacter { found } => {
            format!("“{found}” cannot appear in a VAT number.")
        }
        VatNumberError::MissingCountry if fr => {
            "Un numéro de TVA intracommunautaire commence par le code du pays (FR, BE, DE…)."
                .to_owned()
        }
        VatNumberError::MissingCountry => {
            "An EU VAT number starts with its country code (FR, BE, DE…).".to_owned()
        }
        VatNumberError::UnknownCountry { prefix } if fr => {
            format!("« {prefix} » n’est pas un pays de l’Union européenne.")
        }
        VatNumberError::UnknownCountry { prefix } => {
            format!("“{prefix}” is not a European Union country.")
        }
        VatNumberError::Format { country, expected } if fr => format!(
            "Ce numéro de TVA n’a pas le format de {country} ({expected}, où 9 = chiffre, L = lettre, X = l’un ou l’autre)."
        ),
        VatNumberError::Format { country, expected } => format!(
            "This VAT number does not have the {country} format ({expected}, where 9 = digit, L = letter, X = either)."
        ),
        VatNumberError::FrenchSiren if fr => {
            "Les 9 derniers chiffres doivent être un SIREN valide : vérifiez-les.".to_owned()
        }
        VatNumberError::FrenchSiren => {
            "The last 9 digits must be a valid SIREN: check them.".to_owned()
        }
        VatNumberError::FrenchKey { expected } if fr => {
            format!(
                "La clé (2 chiffres après FR) ne correspond pas au SIREN : elle devrait être {expected:02}."
            )
        }
        VatNumberError::FrenchKey { expected } => {
            format!(
                "The key (2 digits after FR) does not match the SIREN: it should be {expected:02}."
            )
        }
    }
}

pub(super) fn phone(e: &PhoneError, label: &str, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match e {
        PhoneError::Empty if fr => format!("Saisissez un numéro dans « {label} »."),
        PhoneError::Empty => format!("Enter a number in “{label}”."),
        PhoneError::ForbiddenCharacter { found } if fr => format!(
            "« {label} » : le caractère « {found} » n’est pas permis ; chiffres, espaces, points, tirets et « + » seulement (exemple : 06 12 34 56 78)."
        ),
        PhoneError::ForbiddenCharacter { found } => format!(
            "“{label}”: “{found}” is not allowed; only digits, spaces, dots, dashes and “+” (for example: +33 6 12 34 56 78)."
        ),
        PhoneError::MisplacedPlus if fr => {
            format!("« {label} » : le « + » ne peut être qu’en tête du numéro.")
        }
        PhoneError::MisplacedPlus => format!("“{label}”: “+” may only start the number."),
        PhoneError::TooShort { digits, minimum } if fr => format!(
            "« {label} » : il manque des chiffres ({digits} saisis, {minimum} attendus au moins)."
        ),
        PhoneError::TooShort { digits, minimum } => {
            format!(
                "“{label}”: digits are missing ({digits} entered, at least {minimum} expected)."
            )
        }
        PhoneError::TooLong { digits, maximum } if fr => {
            format!("« {label} » : trop de chiffres ({digits} saisis, {maximum} au plus).")
        }
        PhoneError::TooLong { digits, maximum } => {
            format!("“{label}”: too many digits ({digits} entered, at most {maximum}).")
        }
        PhoneError::NotFrench if fr => format!(
            "« {label} » : un numéro français commence par 0 (06 12 34 56 78) ; un numéro étranger par + et l’indicatif (+32 …)."
        ),
        PhoneError::NotFrench => format!(
            "“{label}”: a French number starts with 0 (06 12 34 56 78); a foreign one with + and its country code (+32 …)."
        ),
        PhoneError::BadCountryCode if fr => {
            format!("« {label} » : l’indicatif du pays ne peut pas commencer par 0.")
        }
        PhoneError::BadCountryCode => format!("“{label}”: a country code cannot start with 0."),
        PhoneError::ZeroAfterCountryCode if fr => {
            format!("« {label} » : après +33, le numéro ne commence pas par 00.")
        }
        PhoneError::ZeroAfterCountryCode => {
            format!("“{label}”: after the country code the number cannot start with 00.")
        }
    }
}

pub(super) fn email(e: &EmailError, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    let example = if fr {
        " (exemple : nom@exemple.fr)"
    } else {
        " (for example: name@example.com)"
    };
    let what = match e {
        EmailError::Empty if fr => "Saisissez l’adresse e-mail".to_owned(),
        EmailError::Empty => "Enter the e-mail address".to_owned(),
        EmailError::MissingAt if fr => "L’adresse e-mail doit contenir « @ »".to_owned(),
        EmailError::MissingAt => "The e-mail address must contain “@”".to_owned(),
        EmailError::SeveralAt { count } if fr => {
            format!("L’adresse e-mail contient {count} « @ » au lieu d’un")
        }
        EmailError::SeveralAt { count } => {
            format!("The e-mail address holds {count} “@” instead of one")
        }
        EmailError::TooLong { found } if fr => {
            format!("L’adresse e-mail est trop longue ({found} caractères)")
        }
        EmailError::TooLong { found } => {
            format!("The e-mail address is too long ({found} characters)")
        }
        EmailError::BadLocal { problem } => match (problem, fr) {
            (LocalPartProblem::Empty, true) => "Il manque le nom avant « @ »".to_owned(),
            (LocalPartProblem::Empty, false) => "The name before “@” is missing".to_owned(),
            (LocalPartProblem::TooLong { .. }, true) => {
                "La partie avant « @ » est trop longue".to_owned()
            }
            (LocalPartProblem::TooLong { .. }, false) => {
                "The part before “@” is too long".to_owned()
            }
            (LocalPartProblem::Character { found }, true) => {
                format!("« {found} » n’est pas permis avant « @ »")
            }
            (LocalPartProblem::Character { found }, false) => {
                format!("“{found}” is not allowed before “@”")
            }
        },
        EmailError::BadDomain { problem } => match (problem, fr) {
            (DomainProblem::Empty, true) => "Il manque le domaine après « @ »".to_owned(),
            (DomainProblem::Empty, false) => "The domain after “@” is missing".to_owned(),
            (DomainProblem::NoDot, true) => {
                "Le domaine après « @ » doit contenir un point".to_owned()
            }
            (DomainProblem::NoDot, false) => "The domain after “@” must contain a dot".to_owned(),
            (DomainProblem::Character { found }, true) => {
                format!("« {found} » n’est pas permis dans le domaine")
            }
            (DomainProblem::Character { found }, false) => {
                format!("“{found}” is not allowed in the domain")
            }
            (_, true) => "Le domaine après « @ » n’est pas valide".to_owned(),
            (_, false) => "The domain after “@” is not valid".to_owned(),
        },
    };
    format!("{what}{example}.")
}

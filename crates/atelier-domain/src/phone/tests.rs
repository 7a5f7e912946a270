use super::*;
use proptest::prelude::*;

fn e164(input: &str) -> String {
    Phone::parse(input).unwrap().e164().to_owned()
}

#[test]
fn reads_french_numbers_in_every_usual_form() {
    for input in [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        " +33 6 12 34 56 78 ",
        "+33 (0)6 12 34 56 78",
        "+33 06 12 34 56 78",
        "+33612345678",
        "0033612345678",
        "00 33 (0)6 12 34 56 78",
    ] {
        assert_eq!(e164(input), "+33612345678", "{input:?}");
    }
}

#[test]
fn french_numbers_have_national_and_international_forms() {
    let p = Phone::parse("0612345678").unwrap();
    assert!(p.is_french());
    assert_eq!(p.country_code(), "33");
    assert_eq!(p.national(), "06 12 34 56 78");
    assert_eq!(p.international(), "+33 6 12 34 56 78");
    assert_eq!(p.digits(), "0612345678");
    assert_eq!(p.to_string(), "06 12 34 56 78");
}

#[test]
fn overseas_numbers_use_the_french_form() {
    assert_eq!(e164("0262 12 34 56"), "+33262123456");
    assert_eq!(e164("+262 262 12 34 56"), "+33262123456");
    assert_eq!(e164("+262 692 12 34 56"), "+33692123456");
    assert_eq!(e164("+590 690 12 34 56"), "+33690123456");
    assert_eq!(e164("+594 594 12 34 56"), "+33594123456");
    assert_eq!(e164("+596 696 12 34 56"), "+33696123456");
    assert_eq!(
        Phone::parse("0694123456").unwrap().national(),
        "06 94 12 34 56"
    );
}

#[test]
fn reads_foreign_numbers_in_international_form() {
    let uk = Phone::parse("+44 20 7946 0958").unwrap();
    assert_eq!(uk.e164(), "+442079460958");
    assert!(!uk.is_french());
    assert_eq!(uk.country_code(), "44");
    assert_eq!(uk.international(), "+44 20 79 46 09 58");
    assert_eq!(uk.national(), uk.international(), "no French national form");
    assert_eq!(uk.digits(), "442079460958");
    assert_eq!(e164("+44 (0)20 7946 0958"), "+442079460958");
    assert_eq!(e164("0044 20 7946 0958"), "+442079460958");
    let us = Phone::parse("+1 (212) 555-0123").unwrap();
    assert_eq!(us.country_code(), "1");
    assert_eq!(us.international(), "+1 21 25 55 01 23");
    assert_eq!(Phone::parse("+352 26 12 34").unwrap().country_code(), "352");
    assert_eq!(Phone::parse("+49 30 1234567").unwrap().country_code(), "49");
    assert_eq!(
        Phone::parse("+212 612 345678").unwrap().country_code(),
        "212"
    );
}

#[test]
fn errors_say_what_is_wrong() {
    assert_eq!(Phone::parse("  "), Err(PhoneError::Empty));
    assert_eq!(Phone::parse("+ ( )"), Err(PhoneError::Empty));
    assert_eq!(
        Phone::parse("06/12/34/56/78"),
        Err(PhoneError::ForbiddenCharacter { found: '/' })
    );
    assert_eq!(Phone::parse("06 12+34"), Err(PhoneError::MisplacedPlus));
    assert_eq!(
        Phone::parse("06 12 34 56 7"),
        Err(PhoneError::TooShort {
            digits: 9,
            minimum: 10
        })
    );
    assert_eq!(
        Phone::parse("06 12 34 56 789"),
        Err(PhoneError::TooLong {
            digits: 11,
            maximum: 10
        })
    );
    assert_eq!(
        Phone::parse("+33 6 12 34 56 7"),
        Err(PhoneError::TooShort {
            digits: 9,
            minimum: 10
        })
    );
    assert_eq!(Phone::parse("612345678"), Err(PhoneError::NotFrench));
    assert_eq!(
        Phone::parse("+44 20 79"),
        Err(PhoneError::TooShort {
            digits: 6,
            minimum: 8
        })
    );
    assert_eq!(
        Phone::parse("+44 1234 5678 9012 345"),
        Err(PhoneError::TooLong {
            digits: 17,
            maximum: 15
        })
    );
    assert_eq!(
        Phone::parse("+0 123 456 789"),
        Err(PhoneError::BadCountryCode)
    );
    assert_eq!(
        Phone::parse("000 123 456 789"),
        Err(PhoneError::BadCountryCode)
    );
    assert_eq!(
        Phone::parse("+33 00 12 34 56 78"),
        Err(PhoneError::ZeroAfterCountryCode)
    );
    assert_eq!(
        Phone::parse("+33"),
        Err(PhoneError::TooShort {
            digits: 0,
            minimum: 10
        })
    );
}

#[test]
fn serde_is_e164() {
    let p = Phone::parse("06 12 34 56 78").unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(json, "\"+33612345678\"");
    assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), p);
    assert!(serde_json::from_str::<Phone>("\"12\"").is_err());
}

/// The 9 digits after the national 0 of a French number.
fn significant() -> impl Strategy<Value = String> {
    (1u8..=9, "[0-9]{8}").prop_map(|(first, rest)| format!("{first}{rest}"))
}

/// `digits` with a random separator after each digit.
fn spaced(digits: &str, seps: &[&str]) -> String {
    digits
        .chars()
        .zip(seps.iter().cycle())
        .map(|(c, sep)| format!("{c}{sep}"))
        .collect()
}

proptest! {
    #[test]
    fn any_writing_of_a_french_number_gives_the_same_phone(
        significant in significant(),
        seps in proptest::collection::vec(
            proptest::sample::select(vec!["", " ", ".", "-", "  ", " - "]),
            10,
        ),
        prefix in proptest::sample::select(vec!["0", "+33", "+33 ", "0033", "+33 (0)", "+33 0", "00 33 "]),
    ) {
        let typed = format!("{prefix}{}", spaced(&significant, &seps));
        let phone = Phone::parse(&typed).unwrap();
        prop_assert_eq!(phone.e164(), format!("+33{significant}"));
        let national = phone.national();
        prop_assert_eq!(national.replace(' ', ""), format!("0{significant}"));
        prop_assert_eq!(Phone::parse(&national), Ok(phone.clone()));
        prop_assert_eq!(Phone::parse(&phone.international()), Ok(phone.clone()));
        prop_assert_eq!(Phone::parse(phone.e164()), Ok(phone));
    }

    #[test]
    fn foreign_numbers_read_back_from_every_form(digits in "[1-9][0-9]{7,14}") {
        prop_assume!(!digits.starts_with("33"), "French numbers have their own test");
        let phone = Phone::parse(&format!("+{digits}")).unwrap();
        prop_assert_eq!(Phone::parse(&phone.international()), Ok(phone.clone()));
        prop_assert_eq!(Phone::parse(phone.e164()), Ok(phone));
    }

    #[test]
    fn parse_never_panics(input in any::<String>()) {
        let _ = Phone::parse(&input);
    }

    #[test]
    fn parse_never_panics_on_phone_like_text(input in "[+0-9 ().-]{0,20}") {
        let _ = Phone::parse(&input);
    }
}

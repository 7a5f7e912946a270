use super::*;
use proptest::prelude::*;

fn siv(text: &str) -> Plate {
    Plate {
        kind: PlateKind::Siv,
        text: text.to_owned(),
    }
}

#[test]
fn reads_siv_with_any_spacing_and_case() {
    for input in [
        "AB-123-CD",
        "ab123cd",
        " ab 123 cd ",
        "Ab.123.cD",
        "AB - 123 - CD",
    ] {
        assert_eq!(Plate::parse(input), Ok(siv("AB-123-CD")), "{input:?}");
    }
    assert_eq!(
        Plate::parse("ww-001-aa"),
        Ok(siv("WW-001-AA")),
        "WW is a temporary plate"
    );
    assert_eq!(Plate::parse("AA-999-WW"), Ok(siv("AA-999-WW")));
}

#[test]
fn refuses_siv_breaking_a_rule_and_says_which() {
    assert_eq!(
        Plate::parse("AI-123-CD"),
        Err(PlateError::ForbiddenLetter {
            kind: PlateKind::Siv,
            found: 'I'
        })
    );
    assert_eq!(
        Plate::parse("AB-123-CU"),
        Err(PlateError::ForbiddenLetter {
            kind: PlateKind::Siv,
            found: 'U'
        })
    );
    assert_eq!(Plate::parse("AB-000-CD"), Err(PlateError::SivZeroNumber));
    assert_eq!(Plate::parse("SS-123-CD"), Err(PlateError::SivSsBlock));
    assert_eq!(Plate::parse("AB-123-SS"), Err(PlateError::SivSsBlock));
    assert_eq!(
        Plate::parse("AB-12-CD"),
        Err(PlateError::SivLayout {
            found: "AB12CD".into()
        })
    );
    assert_eq!(
        Plate::parse("AB_123_CD"),
        Err(PlateError::ForbiddenCharacter { found: '_' })
    );
    assert_eq!(Plate::parse(" - . "), Err(PlateError::Empty));
}

#[test]
fn reads_fni_and_drops_leading_zeros() {
    let fni = |text: &str| {
        Ok(Plate {
            kind: PlateKind::Fni,
            text: text.to_owned(),
        })
    };
    assert_eq!(Plate::parse("1234 ab 56"), fni("1234 AB 56"));
    assert_eq!(Plate::parse("1234AB56"), fni("1234 AB 56"));
    assert_eq!(Plate::parse("7-ZZZ-2a"), fni("7 ZZZ 2A"));
    assert_eq!(
        Plate::parse("0012 UV 974"),
        fni("12 UV 974"),
        "U is allowed in FNI"
    );
    assert_eq!(Plate::parse("1 a 01"), fni("1 A 01"));
}

#[test]
fn refuses_fni_breaking_a_rule_and_says_which() {
    assert_eq!(
        Plate::parse("123 AO 75"),
        Err(PlateError::ForbiddenLetter {
            kind: PlateKind::Fni,
            found: 'O'
        })
    );
    assert_eq!(Plate::parse("0000 AB 75"), Err(PlateError::FniZeroNumber));
    for department in ["20", "00", "96", "977", "970", "2C", "7", "750"] {
        assert_eq!(
            Plate::parse(&format!("123 AB {department}")),
            Err(PlateError::FniDepartment {
                found: department.into()
            }),
            "{department}"
        );
    }
    for input in [
        "12345 AB 75",
        "123 ABCD 75",
        "123 75",
        "123 AB",
        "123 AB 7512",
    ] {
        assert!(
            matches!(Plate::parse(input), Err(PlateError::FniLayout { .. })),
            "{input:?}"
        );
    }
}

#[test]
fn foreign_plates_keep_their_grouping() {
    let p = Plate::foreign(" m-ab  1234 ").unwrap();
    assert_eq!(p.kind(), PlateKind::Foreign);
    assert_eq!(p.as_str(), "M-AB 1234");
    assert_eq!(p.search_key(), "MAB1234");
    assert_eq!(Plate::foreign("mü - xy 12").unwrap().as_str(), "MÜ-XY 12");
    assert_eq!(Plate::foreign("1.abc.123").unwrap().as_str(), "1 ABC 123");
    assert_eq!(Plate::foreign("  "), Err(PlateError::Empty));
    assert_eq!(
        Plate::foreign("ABCDEFGH12345678"),
        Err(PlateError::TooLong { found: 16 })
    );
    assert_eq!(
        Plate::foreign("AB/12"),
        Err(PlateError::ForbiddenCharacter { found: '/' })
    );
}

#[test]
fn search_keys_keep_letters_and_digits() {
    assert_eq!(Plate::parse("ab-123-cd").unwrap().search_key(), "AB123CD");
    assert_eq!(Plate::parse("1234 ab 56").unwrap().search_key(), "1234AB56");
    assert_eq!(plate_search_key(" ab-12 "), "AB12");
    assert_eq!(plate_search_key("--"), "");
}

#[test]
fn serde_is_the_display_string_and_keeps_the_kind() {
    for plate in [
        Plate::parse("ab123cd").unwrap(),
        Plate::parse("1234 ab 2b").unwrap(),
        Plate::foreign("b 1-abc-123").unwrap(),
        Plate::foreign("ab 123 cd").unwrap(),
    ] {
        let json = serde_json::to_string(&plate).unwrap();
        assert_eq!(json, format!("\"{plate}\""));
        let back: Plate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plate, "{json}");
    }
    assert_eq!(
        serde_json::to_string(&PlateKind::Foreign).unwrap(),
        "\"foreign\""
    );
    assert!(serde_json::from_str::<Plate>("\"\"").is_err());
}

/// Letters a SIV plate may use.
const SIV_LETTERS: &str = "ABCDEFGHJKLMNPQRSTVWXYZ";
/// Letters an FNI plate may use.
const FNI_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ";

fn letters(alphabet: &'static str, len: std::ops::RangeInclusive<usize>) -> BoxedStrategy<String> {
    proptest::collection::vec(proptest::sample::select(alphabet.as_bytes()), len)
        .prop_map(|b| String::from_utf8(b).unwrap())
        .boxed()
}

fn valid_siv() -> impl Strategy<Value = String> {
    let block = letters(SIV_LETTERS, 2..=2).prop_filter("SS is never issued", |b| b != "SS");
    (block.clone(), 1u16..=999, block).prop_map(|(l, n, r)| format!("{l}-{n:03}-{r}"))
}

fn valid_fni() -> impl Strategy<Value = String> {
    let department = prop_oneof![
        (1u8..=95)
            .prop_filter("no 20", |n| *n != 20)
            .prop_map(|n| format!("{n:02}")),
        Just("2A".to_owned()),
        Just("2B".to_owned()),
        (971u16..=976).prop_map(|n| n.to_string()),
    ];
    (1u16..=9999, letters(FNI_LETTERS, 1..=3), department)
        .prop_map(|(n, l, d)| format!("{n} {l} {d}"))
}

/// Rewrites `canonical` with random case and random separators.
fn scrambled(canonical: String) -> impl Strategy<Value = (String, String)> {
    let chars: Vec<char> = canonical
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let n = chars.len();
    (
        proptest::collection::vec(any::<bool>(), n),
        proptest::collection::vec(
            proptest::sample::select(vec!["", "", " ", "-", ".", "  ", " - "]),
            n + 1,
        ),
    )
        .prop_map(move |(lower, seps)| {
            let mut typed = String::from(seps[0]);
            for ((c, lower), sep) in chars.iter().zip(lower).zip(&seps[1..]) {
                typed.push(if lower { c.to_ascii_lowercase() } else { *c });
                typed.push_str(sep);
            }
            (canonical.clone(), typed)
        })
}

proptest! {
    #[test]
    fn any_typing_of_a_french_plate_reads_back_the_same(
        (canonical, typed) in prop_oneof![valid_siv(), valid_fni()].prop_flat_map(scrambled),
    ) {
        let plate = Plate::parse(&typed).unwrap();
        prop_assert_eq!(plate.as_str(), canonical.as_str());
        prop_assert_eq!(Plate::parse(&canonical), Ok(plate));
    }

    #[test]
    fn search_key_is_idempotent(input in any::<String>()) {
        let key = plate_search_key(&input);
        prop_assert_eq!(plate_search_key(&key), key.clone());
        if let Ok(plate) = Plate::foreign(&input) {
            prop_assert_eq!(plate.search_key(), key);
            prop_assert_eq!(Plate::foreign(plate.as_str()), Ok(plate));
        }
    }

    #[test]
    fn parse_never_panics(input in any::<String>()) {
        let _ = Plate::parse(&input);
        let _ = Plate::foreign(&input);
    }

    #[test]
    fn parse_never_panics_on_plate_like_text(input in "[0-9A-Za-z -]{0,12}") {
        let _ = Plate::parse(&input);
    }
}

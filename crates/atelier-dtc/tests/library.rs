//! The shipped library as the bench and the front desk use it: a code as
//! typed, a make as the vehicle record spells it, words as remembered.

use atelier_dtc::{Code, DtcError, Locale, Make, library};

#[test]
fn the_whole_file_is_loaded_with_every_generic_code() {
    let lib = library();
    let generic = lib.entries().filter(|e| e.generic.is_some()).count();
    let meanings: usize = lib
        .entries()
        .map(|e| e.makes.len() + usize::from(e.generic.is_some()))
        .sum();
    assert_eq!(generic, 9_415, "the README's count of generic codes");
    assert_eq!(meanings, 18_805, "every row of the CSV, none skipped");
    assert!(
        lib.entries()
            .zip(lib.entries().skip(1))
            .all(|(a, b)| a.code < b.code),
        "entries are sorted by code, one per code, for the binary search"
    );
}

#[test]
fn a_code_typed_in_lower_case_with_spaces_is_found() {
    let entry = library().lookup(" p 0420 ").unwrap();
    assert_eq!(entry.code.as_str(), "P0420");
    assert_eq!(
        entry.generic.as_ref().unwrap().english,
        "Catalyst System Efficiency Below Threshold Bank 1"
    );
}

#[test]
fn what_is_no_code_is_refused_in_the_users_language() {
    let err = library().lookup("catalyseur").unwrap_err();
    assert!(matches!(err, DtcError::NotACode { .. }));
    assert_eq!(err.code(), "validation");
    assert!(err.message(Locale::Fr).contains("n’est pas un code défaut"));
    assert!(err.message(Locale::En).contains("is not a trouble code"));
}

#[test]
fn a_well_formed_code_the_library_lacks_is_unknown() {
    let err = library().lookup("P3FFF").unwrap_err();
    assert_eq!(
        err,
        DtcError::Unknown {
            code: Code::parse("P3FFF").unwrap()
        }
    );
    assert_eq!(err.code(), "not_found");
    assert!(
        err.message(Locale::Fr)
            .starts_with("Le code P3FFF n’est pas dans la bibliothèque")
    );
}

#[test]
fn the_make_specific_meaning_is_found_whatever_the_spelling() {
    let entry = library().lookup("P1101").unwrap();
    let vw = entry.for_make(&Make::new("VW").unwrap()).unwrap();
    assert_eq!(
        vw.english,
        "Oxygen Sensor Circuit Bank 1 Sensor 1 Voltage Too Low/Air Leak"
    );
    let same = entry.for_make(&Make::new("volkswagen").unwrap()).unwrap();
    assert_eq!(same.english, vw.english);
    assert!(entry.for_make(&Make::new("Citroën").unwrap()).is_none());
}

#[test]
fn a_generic_code_keeps_its_generic_meaning_beside_a_makers() {
    let lib = library();
    let both = lib
        .entries()
        .find(|e| e.generic.is_some() && !e.makes.is_empty())
        .expect("some generic codes also have a maker's meaning");
    let make = both.makes[0].make.clone();
    assert!(both.generic.is_some());
    if let Some(make) = make {
        assert!(both.for_make(&make).is_some());
    }
}

#[test]
fn words_find_codes_whatever_the_case_and_accents() {
    let lib = library();
    let hits = lib.search("catalyst efficiency", 10);
    assert!(!hits.is_empty());
    assert!(
        hits.iter().take(5).any(|e| e.code.as_str() == "P0420"),
        "{:?}",
        hits.iter().map(|e| e.code).collect::<Vec<_>>()
    );
    assert_eq!(lib.search("CATALYST EFFICIENCY", 10).len(), hits.len());
    assert!(lib.search("zzzz nothing", 10).is_empty());
    assert!(lib.search("", 10).is_empty());
}

#[test]
fn the_last_word_is_read_as_the_start_of_a_word() {
    let hits = library().search("catalyst effic", 5);
    assert!(hits.iter().any(|e| e.code.as_str() == "P0420"));
}

#[test]
fn a_query_that_is_a_code_finds_it_first() {
    let hits = library().search("p0420", 5);
    assert_eq!(hits[0].code.as_str(), "P0420");
}

#[test]
fn french_words_find_codes_without_their_accents() {
    let lib = library();
    let hits = lib.search("rate allumage cylindre", 20);
    assert!(
        hits.iter().any(|e| e.code.as_str() == "P0301"),
        "« raté d'allumage détecté au cylindre 1 », typed without its accent: {:?}",
        hits.iter().map(|e| e.code).collect::<Vec<_>>()
    );
    let hits = lib.search("Catalyseur rendement", 5);
    assert_eq!(hits[0].code.as_str(), "P0420", "the shortest title first");
}

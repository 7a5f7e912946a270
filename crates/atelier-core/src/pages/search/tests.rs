//! The search box's hits: what each kind of query finds.

use super::*;
use crate::Db;
use crate::customers::{CustomerInput, create};
use crate::db::test_db;
use crate::text::fold;
use crate::vehicles::VehicleInput;
use proptest::prelude::*;

fn add(db: &mut Db, input: CustomerInput) -> String {
    db.write(|tx| create(tx, 1, &input)).unwrap().id.to_string()
}

fn ids(hits: Vec<Hit>) -> Vec<String> {
    hits.into_iter().map(|h| h.id).collect()
}

/// A vehicle of a customer named Dupont, with a plate (`foreign` or
/// French) and maybe a VIN: its id.
fn car(db: &mut Db, plate: &str, foreign: bool, vin: Option<&str>) -> String {
    let owner = add(
        db,
        CustomerInput {
            last_name: Some("Dupont".into()),
            ..Default::default()
        },
    );
    let input = VehicleInput {
        customer_id: Some(owner),
        plate: Some(plate.into()),
        plate_foreign: foreign,
        vin: vin.map(str::to_owned),
        ..Default::default()
    };
    db.write(|tx| crate::vehicles::create(tx, 1, &input))
        .unwrap()
        .id
        .to_string()
}

/// The vehicles `q` finds, best first.
fn vehicles_found(db: &Db, q: &str) -> Vec<String> {
    search(db.conn(), q, 8)
        .unwrap()
        .into_iter()
        .filter(|h| h.kind == Kind::Vehicle)
        .map(|h| h.id)
        .collect()
}

#[test]
fn short_queries_do_not_search() {
    assert_eq!(match_expression(""), None);
    assert_eq!(match_expression(" é "), None);
    assert_eq!(match_expression("-a-"), None);
    assert!(match_expression("du").is_some());
}

#[test]
fn queries_are_folded_and_typed_separators_forgiven() {
    assert_eq!(
        match_expression("ab-1").as_deref(),
        Some("\"ab\"* OR \"ab1\"*"),
        "a one-letter word only counts through the compact form"
    );
    assert_eq!(match_expression("Hélène").as_deref(), Some("\"helene\"*"));
    assert_eq!(match_expression("06 12 34").as_deref(), Some("\"061234\"*"));
    assert_eq!(
        match_expression("jean dupont").as_deref(),
        Some("(\"jean\"* AND \"dupont\"*) OR \"jeandupont\"*")
    );
    assert_eq!(
        match_expression("l'\"or").as_deref(),
        Some("\"or\"* OR \"lor\"*"),
        "quotes cannot escape"
    );
}

#[test]
fn a_query_is_read_as_everything_typed_run_together_and_as_its_words() {
    let q = Query::parse("34 F").unwrap();
    assert_eq!(
        q.prefix(),
        "\"34f\"*",
        "every character typed, run together"
    );
    assert_eq!(q.scrap(), Some("34f"));
    assert_eq!(
        q.words, None,
        "neither « 34 » nor « F » is looked for alone"
    );
    let q = Query::parse("P-934").unwrap();
    assert_eq!(q.words.as_deref(), Some("\"934\"*"));
    assert!(q.words_loose, "the « P » is left out of the words");
    let q = Query::parse("934-FG").unwrap();
    assert_eq!(q.prefix(), "\"934fg\"*");
    assert_eq!(q.words.as_deref(), Some("(\"934\"* AND \"fg\"*)"));
    assert!(!q.words_loose, "no word was left out");
    let q = Query::parse("aw-33").unwrap();
    assert_eq!(q.prefix(), "\"aw33\"*");
    assert_eq!(
        (q.words.as_deref(), q.words_loose),
        (Some("\"aw\"*"), true),
        "two digits start every phone: they count through the compact form only"
    );
    assert_eq!(
        Query::parse("dupont").unwrap().words,
        None,
        "one word: the compact form"
    );
    assert_eq!(
        Query::parse("06 12 34").unwrap().words,
        None,
        "digits: the compact form"
    );
    assert_eq!(
        Query::parse("fg").unwrap().scrap(),
        None,
        "two characters are not looked for inside a plate"
    );
}

#[test]
fn a_plate_is_found_by_any_run_of_three_characters_with_or_without_separators() {
    let mut db = test_db();
    let siv = car(&mut db, "AP-934-FG", false, None);
    let fni = car(&mut db, "1234 AB 56", false, None);
    let foreign = car(&mut db, "MÜ-XY 178", true, None);
    for (q, plate) in [
        ("934fg", &siv),
        ("934-FG", &siv),
        ("34 F", &siv),
        ("P-934", &siv),
        ("4fg", &siv),
        ("ap-93", &siv),
        ("234", &fni),
        ("4 ab", &fni),
        ("ab 56", &fni),
        ("b56", &fni),
        ("ü-xy", &foreign),
        ("XY 1", &foreign),
        ("y178", &foreign),
    ] {
        assert_eq!(vehicles_found(&db, q), std::slice::from_ref(plate), "{q:?}");
    }
    let listed = |q: &str| {
        let query = crate::vehicles::ListQuery {
            query: Some(q.into()),
            ..Default::default()
        };
        crate::vehicles::list(db.conn(), &query).unwrap().total
    };
    assert_eq!(listed("934-fg"), 1, "the vehicles list finds it too");
    assert_eq!(listed("fg"), 0);
    let customers = crate::customers::ListQuery {
        query: Some("934fg".into()),
        ..Default::default()
    };
    assert_eq!(
        crate::customers::list(db.conn(), &customers).unwrap().total,
        0
    );
}

#[test]
fn a_plate_changed_or_taken_out_of_search_leaves_no_scrap_behind() {
    let mut db = test_db();
    let id = car(&mut db, "AP-934-FG", false, None);
    let scraps = |db: &Db| -> Vec<String> {
        db.conn()
            .prepare("SELECT scrap FROM search_scraps ORDER BY scrap")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let vehicle: atelier_domain::VehicleId = id.parse().unwrap();
    let input = VehicleInput {
        plate: Some("BC-512-DE".into()),
        make: Some("Peugeot".into()),
        ..Default::default()
    };
    db.write(|tx| crate::vehicles::update(tx, 2, vehicle, &input))
        .unwrap();
    assert_eq!(scraps(&db), ["12de", "2de", "512de", "c512de"]);
    assert_eq!(vehicles_found(&db, "512-d"), std::slice::from_ref(&id));
    assert!(
        vehicles_found(&db, "934fg").is_empty(),
        "the old plate is gone"
    );
    let input = VehicleInput {
        make: Some("Renault".into()),
        ..input
    };
    db.write(|tx| crate::vehicles::update(tx, 3, vehicle, &input))
        .unwrap();
    assert_eq!(scraps(&db).len(), 4, "the same plate keeps its scraps");
    db.write(|tx| crate::search::unindex(tx, Kind::Vehicle, &id))
        .unwrap();
    assert!(scraps(&db).is_empty());
}

#[test]
fn two_characters_do_not_find_a_plate_from_inside() {
    let mut db = test_db();
    let siv = car(&mut db, "AP-934-FG", false, None);
    for q in ["fg", "FG", "93", "34", "f-g", "p9"] {
        assert_eq!(vehicles_found(&db, q), Vec::<String>::new(), "{q:?}");
    }
    assert_eq!(vehicles_found(&db, "ap"), [siv], "its start still does");
}

#[test]
fn a_plate_starting_with_what_is_typed_comes_before_one_holding_it_further_in() {
    let mut db = test_db();
    let inside = car(&mut db, "AP-934-FG", false, None);
    let start = car(&mut db, "934 FG 12", false, None);
    assert_eq!(vehicles_found(&db, "934"), [start.clone(), inside.clone()]);
    assert_eq!(vehicles_found(&db, "934-fg"), [start, inside]);
}

#[test]
fn among_plates_holding_what_is_typed_the_one_ending_with_it_comes_first() {
    let mut db = test_db();
    let runs_on = car(&mut db, "ZZ 34FG 7", true, None);
    let ends = car(&mut db, "AP-934-FG", false, None);
    assert_eq!(
        vehicles_found(&db, "34fg"),
        [ends, runs_on],
        "people read the end of a plate first"
    );
}

#[test]
fn a_plate_holding_everything_typed_comes_before_records_matching_the_longer_words() {
    let mut db = test_db();
    let saint_ouen = add(
        &mut db,
        CustomerInput {
            last_name: Some("Fabre".into()),
            postal_code: Some("93400".into()),
            city: Some("Saint-Ouen".into()),
            ..Default::default()
        },
    );
    let siv = car(&mut db, "AP-934-FG", false, None);
    let hits = ids(search(db.conn(), "P-934", 8).unwrap());
    assert_eq!(
        hits,
        [siv, saint_ouen],
        "« P-934 » is the plate's scrap; 93400 leaves the « P » out"
    );
}

#[test]
fn a_vin_is_found_by_its_last_four_or_five_characters() {
    let mut db = test_db();
    let v = car(&mut db, "AP-934-FG", false, Some("VF1RFB00065432109"));
    for q in ["2109", "32109", "432109", "vf1rfb"] {
        assert_eq!(vehicles_found(&db, q), std::slice::from_ref(&v), "{q:?}");
    }
}

#[test]
fn four_digits_find_the_car_whose_vin_ends_with_them_first() {
    let mut db = test_db();
    let phone = add(
        &mut db,
        CustomerInput {
            last_name: Some("Fabre".into()),
            phone: Some("06 12 34 21 09".into()),
            ..Default::default()
        },
    );
    let further_in = car(&mut db, "AB-123-CD", false, Some("VF1RFB00021094321"));
    let ends = car(&mut db, "AP-934-FG", false, Some("VF1RFB00065432109"));
    let hits = ids(search(db.conn(), "2109", 8).unwrap());
    assert_eq!(
        hits,
        [ends, phone, further_in],
        "the VIN ending with it (read off the car), the phone ending with it, \
         then the VIN holding it"
    );
}

#[test]
fn a_word_equal_to_what_is_typed_comes_before_words_starting_with_it() {
    let mut db = test_db();
    let name = |last: &str| CustomerInput {
        last_name: Some(last.into()),
        ..Default::default()
    };
    let martinez = add(&mut db, name("Martinez"));
    let martin = add(&mut db, name("Martin"));
    assert_eq!(
        ids(search(db.conn(), "martin", 8).unwrap()),
        [martin, martinez]
    );
}

#[test]
fn a_customer_is_found_by_name_phone_in_any_form_email_and_town() {
    let mut db = test_db();
    let id = add(
        &mut db,
        CustomerInput {
            first_name: Some("Hélène".into()),
            last_name: Some("Lefèvre".into()),
            phone: Some("06 12 34 56 78".into()),
            email: Some("h.lefevre@example.fr".into()),
            city: Some("Saint-Étienne".into()),
            ..Default::default()
        },
    );
    for q in [
        "helene",
        "HÉLÈNE LEF",
        "06 12 34",
        "0612345678",
        "+33 6 12",
        "612345678",
        "5678",
        "h.lefevre",
        "etienne",
    ] {
        assert_eq!(
            ids(search(db.conn(), q, 10).unwrap()),
            std::slice::from_ref(&id),
            "{q:?}"
        );
    }
    let hit = &search(db.conn(), "helene", 10).unwrap()[0];
    assert_eq!(hit.title, "Hélène Lefèvre");
    assert_eq!(
        hit.subtitle,
        "06 12 34 56 78 · h.lefevre@example.fr · Saint-Étienne"
    );
    assert!(search(db.conn(), "martin", 10).unwrap().is_empty());
}

#[test]
fn a_search_document_holds_every_form_of_what_people_type() {
    let customer = customers::Fields::parse(
        &CustomerInput {
            kind: Some("company".into()),
            first_name: Some("Hélène".into()),
            last_name: Some("Lefèvre".into()),
            company_name: Some("Garage  Œuvre".into()),
            registration: Some("732 829 320 00074".into()),
            phone: Some("06 12 34 56 78".into()),
            email: Some("h.lefevre@example.fr".into()),
            postal_code: Some("69007".into()),
            city: Some("Saint-Étienne".into()),
            ..Default::default()
        },
        "2026-03-02",
        None,
    )
    .unwrap();
    assert_eq!(
        customer.search_body(),
        "helene lefevre garage oeuvre h.lefevre@example.fr saint-etienne 69007 \
         732829320 73282932000074 33612345678 0612345678 612345678 5678"
    );
    let vehicle = crate::vehicles::stored_fields(
        Some("AB-123-CD".into()),
        Some("siv"),
        Some("VF1RFB00X56789012".into()),
        Some("Renault".into()),
        Some("Clio".into()),
        None,
    );
    let document = vehicle.search_document();
    assert_eq!(
        document.words,
        "ab123cd 9012 89012 789012 6789012 56789012 x56789012 0x56789012 00x56789012 \
         b00x56789012 fb00x56789012 rfb00x56789012 1rfb00x56789012 \
         f1rfb00x56789012 vf1rfb00x56789012 renault clio"
    );
    assert_eq!(
        document.scraps(),
        ["b123cd", "123cd", "23cd", "3cd"],
        "the plate's endings of three or more, its start being a word"
    );
}

#[test]
fn the_index_rebuilt_with_its_two_character_prefixes_keeps_every_document() {
    use refinery::Target;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::db::embedded::migrations::runner()
        .set_target(Target::Version(12))
        .run(&mut conn)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO search_docs (doc, kind, row_id) VALUES (7, 'customer', 'c7'), (9, 'vehicle', 'v9');
         INSERT INTO search_index (rowid, body) VALUES (7, 'helene lefevre lyon'), (9, 'ab123cd renault clio');",
    )
    .unwrap();
    crate::db::embedded::migrations::runner()
        .run(&mut conn)
        .unwrap();
    let found = |q: &str| -> Vec<i64> {
        let expr = match_expression(q).unwrap();
        conn.prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid")
            .unwrap()
            .query_map([expr], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(found("le"), [7], "two characters: the prefix index");
    assert_eq!(found("lef"), [7], "three: the words they begin");
    assert_eq!(found("ab-12"), [9]);
    assert_eq!(found("clio"), [9]);
    let prefix: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'search_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(prefix.contains("prefix = '2'"), "{prefix}");
}

#[test]
fn a_database_from_before_v18_has_its_vehicles_documents_written_again() {
    use refinery::Target;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::db::embedded::migrations::runner()
        .set_target(Target::Version(17))
        .run(&mut conn)
        .unwrap();
    // The vehicle without its owner: only its search document matters.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO vehicles (id, customer_id, plate, plate_kind, plate_key, vin, make,
                               sort_key, created_at, updated_at)
         VALUES ('v9', 'c7', 'AP-934-FG', 'siv', 'AP934FG', 'VF1RFB00065432109', 'Renault',
                 'AP934FG', 1, 1);
         INSERT INTO search_docs (doc, kind, row_id) VALUES (9, 'vehicle', 'v9');
         INSERT INTO search_index (rowid, body)
         VALUES (9, 'ap934fg 432109 5432109 65432109 065432109 0065432109 00065432109
                     b00065432109 fb00065432109 rfb00065432109 1rfb00065432109
                     f1rfb00065432109 vf1rfb00065432109 renault');",
    )
    .unwrap();
    crate::db::embedded::migrations::runner()
        .run(&mut conn)
        .unwrap();
    let docs = |conn: &rusqlite::Connection, q: &str| -> Vec<i64> {
        let q = Query::parse(q).unwrap();
        let mut docs: Vec<i64> = conn
            .prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
            .unwrap()
            .query_map([q.expression()], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let scraps = crate::search::scrap_hits(conn, &q, &[], 8).unwrap();
        docs.extend(scraps.into_iter().map(|s| s.0));
        docs
    };
    assert!(
        docs(&conn, "934fg").is_empty(),
        "not before it is written again"
    );
    let tx = conn.transaction().unwrap();
    assert_eq!(crate::vehicles::reindex_if_asked(&tx).unwrap(), 1);
    assert_eq!(
        crate::vehicles::reindex_if_asked(&tx).unwrap(),
        0,
        "once is enough"
    );
    tx.commit().unwrap();
    assert_eq!(docs(&conn, "934fg"), [9], "found inside its plate");
    assert_eq!(docs(&conn, "2109"), [9], "found by its VIN's last four");
    assert_eq!(docs(&conn, "ap93"), [9], "still by its start");

    let mut fresh = test_db();
    assert_eq!(
        fresh.write(crate::vehicles::reindex_if_asked).unwrap(),
        0,
        "a new database has nothing to write again"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any run of a plate as it is displayed (dashes and spaces included)
    /// with three letters or digits or more finds its vehicle.
    #[test]
    fn any_run_of_three_characters_of_a_plate_finds_it(
        plate in "[A-HJ-NP-RTV-Z]{2}-[1-9][0-9]{2}-[A-HJ-NP-RTV-Z]{2}",
        from in 0usize..9,
        len in 3usize..10,
        lower in any::<bool>(),
    ) {
        let run: String = plate.chars().skip(from).take(len).collect();
        prop_assume!(run.chars().filter(char::is_ascii_alphanumeric).count() >= 3);
        let mut db = test_db();
        let id = car(&mut db, &plate, false, None);
        let typed = if lower { run.to_lowercase() } else { run.clone() };
        prop_assert_eq!(vehicles_found(&db, &typed), vec![id], "{:?} in {}", typed, plate);
    }

    /// Whatever accents and case a name is typed with, its plain lower-case
    /// spelling finds it, and so does the accented original.
    #[test]
    fn accent_folding_finds_names_however_they_are_typed(
        name in "[A-Za-zÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿŒœÆæ]{2,12}"
    ) {
        let mut db = test_db();
        let id = add(&mut db, CustomerInput { last_name: Some(name.clone()), ..Default::default() });
        let plain = fold(&name);
        prop_assert_eq!(ids(search(db.conn(), &plain, 5).unwrap()), vec![id.clone()]);
        prop_assert_eq!(ids(search(db.conn(), &name.to_uppercase(), 5).unwrap()), vec![id]);
    }
}

//! What finds a vehicle: its plate from its start or from inside, its VIN
//! from its start or by its end.

use super::*;
use crate::vehicles::VehicleInput;

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

#[test]
fn a_database_that_ran_the_first_v18_has_its_scraps_made_again_by_v20() {
    use refinery::Target;
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    crate::db::embedded::migrations::runner()
        .set_target(Target::Version(19))
        .run(&mut conn)
        .unwrap();
    // As the first V18 left a station: the scraps with their index by
    // document, a car's scraps written, the reindex already done.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO vehicles (id, customer_id, plate, plate_kind, plate_key, vin, make,
                               sort_key, created_at, updated_at)
         VALUES ('v9', 'c7', 'AP-934-FG', 'siv', 'AP934FG', NULL, 'Renault',
                 'AP934FG', 1, 1);
         INSERT INTO search_docs (doc, kind, row_id) VALUES (9, 'vehicle', 'v9');
         INSERT INTO search_index (rowid, body) VALUES (9, 'ap934fg renault');
         INSERT INTO search_scraps (scrap, doc)
         VALUES ('p934fg', 9), ('934fg', 9), ('34fg', 9), ('4fg', 9);
         DELETE FROM local_settings WHERE key = 'search.reindex.vehicle';",
    )
    .unwrap();
    let index_by_doc: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'search_scraps_doc'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index_by_doc, 1, "the first V18's schema");

    crate::db::embedded::migrations::runner()
        .run(&mut conn)
        .unwrap();
    let tx = conn.transaction().unwrap();
    assert_eq!(crate::vehicles::reindex_if_asked(&tx).unwrap(), 1);
    tx.commit().unwrap();
    let (scraps, inside): (i64, Option<String>) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM search_scraps WHERE doc = 9), inside
               FROM search_docs WHERE doc = 9",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(scraps, 4, "its scraps made again, once each");
    assert_eq!(inside.as_deref(), Some("ap934fg"));
    let q = Query::parse("934fg").unwrap();
    let hits = crate::search::scrap_hits(&conn, &q, &[], 8).unwrap();
    assert_eq!(hits.into_iter().map(|h| h.0).collect::<Vec<_>>(), [9]);
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
}

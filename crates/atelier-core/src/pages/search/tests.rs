//! The search box's hits: what each kind of query finds.

use super::*;
use crate::Db;
use crate::customers::{CustomerInput, create};
use crate::db::test_db;
use crate::text::fold;
use proptest::prelude::*;

mod vehicles;

fn add(db: &mut Db, input: CustomerInput) -> String {
    db.write(|tx| create(tx, 1, &input)).unwrap().id.to_string()
}

fn ids(hits: Vec<Hit>) -> Vec<String> {
    hits.into_iter().map(|h| h.id).collect()
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

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

#[test]
fn the_warm_up_reads_the_whole_index_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Encrypted, as a station's database is: the read-ahead is keyed too.
    let recovery = crate::cipher::RecoveryKey::generate();
    let mut db = Db::open_encrypted(&dir.path().join(crate::DB_FILE_NAME), &recovery).unwrap();
    let path = db.file().unwrap().clone();
    let empty = crate::search::warm_up(&path).unwrap();
    for i in 0..50 {
        add(
            &mut db,
            CustomerInput {
                last_name: Some(format!("Durand{i}")),
                city: Some("Villeurbanne".into()),
                ..Default::default()
            },
        );
    }
    let filled = crate::search::warm_up(&path).unwrap();
    assert!(filled > empty + 50 * 8, "{empty} then {filled} bytes read");
    let outbox = crate::outbox::pending_count(db.conn()).unwrap();
    crate::search::warm_up(&path).unwrap();
    assert_eq!(crate::outbox::pending_count(db.conn()).unwrap(), outbox);
    assert!(
        crate::search::warm_up(&crate::db::DbFile::new(
            dir.path().join("missing.sqlite3"),
            None
        ))
        .is_err(),
        "no database, no warm-up"
    );
}

use super::*;
use crate::Db;
use crate::customers::{CustomerInput, ListQuery};
use crate::db::test_db;
use crate::vehicles::Fuel;

/// 2023-11-14T22:13:20Z
const NOW: u64 = 1_700_000_000_000;

const HEADER: &str = "nom;prenom;telephone;email;code_postal;ville;immatriculation;marque;modele;energie;kilometrage";

fn import(db: &mut Db, bytes: &[u8], mode: Mode) -> Report {
    db.write(|tx| customers_csv(tx, NOW, Locale::Fr, bytes, mode))
        .expect("only a database failure is an Err")
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn names(db: &Db) -> Vec<String> {
    let q = ListQuery {
        limit: 200,
        ..Default::default()
    };
    let mut names: Vec<String> = customers::list(db.conn(), &q)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.display_name)
        .collect();
    names.sort();
    names
}

/// A vehicle as the round trip compares it: plate, owner, owner's phone, last km.
type Car = (Option<String>, String, Option<String>, Option<i64>);

/// Every vehicle, sorted.
fn fleet(db: &Db) -> Vec<Car> {
    let q = vehicles::ListQuery {
        limit: 200,
        ..Default::default()
    };
    let mut out: Vec<_> = vehicles::list(db.conn(), &q)
        .unwrap()
        .items
        .into_iter()
        .map(|v| {
            let owner = customers::get(db.conn(), v.owner_id).unwrap();
            (v.plate, v.owner_name, owner.phone_display, v.last_km)
        })
        .collect();
    out.sort();
    out
}

fn errors(report: &Report) -> Vec<(u64, &str)> {
    report
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect()
}

#[test]
fn a_utf8_semicolon_file_and_a_windows_1252_comma_file_import_the_same() {
    let text = "nom;prenom;telephone;ville;immatriculation;énergie\r\n\
                Lefèvre;Hélène;06 12 34 56 78;Besançon;AB-123-CD;électrique\r\n\
                Œillet;Zoé;07 11 22 33 44;Nîmes;;\r\n";
    let mut utf8 = test_db();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let a = import(&mut utf8, &with_bom, Mode::AllOrNothing);

    let commas = text.replace(';', ",");
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&commas);
    assert!(
        !lossy,
        "every character of the sample exists in Windows-1252"
    );
    let mut windows = test_db();
    let b = import(&mut windows, &cp1252, Mode::AllOrNothing);

    assert_eq!(
        (a.encoding, a.separator),
        (Encoding::Utf8, Separator::Semicolon)
    );
    assert_eq!(
        (b.encoding, b.separator),
        (Encoding::Windows1252, Separator::Comma)
    );
    for r in [&a, &b] {
        assert_eq!(r.errors, [], "a clean file has no error");
        assert_eq!(
            (r.rows, r.customers, r.vehicles, r.committed),
            (2, 2, 1, true)
        );
    }
    assert_eq!(names(&utf8), ["Hélène Lefèvre", "Zoé Œillet"]);
    assert_eq!(
        names(&windows),
        names(&utf8),
        "accents survive either encoding"
    );
    assert_eq!(fleet(&windows), fleet(&utf8));
    let v = vehicles::list(windows.conn(), &Default::default()).unwrap();
    let car = vehicles::get(windows.conn(), v.items[0].id).unwrap();
    assert_eq!(
        car.fuel,
        Some(Fuel::Electric),
        "« électrique » is read in French"
    );
}

#[test]
fn quoted_fields_keep_their_separators_and_line_breaks() {
    let text = "nom;adresse;notes;telephone\n\
                \"Durand; père et fils\";\"12 rue des Lilas\";\"Appeler le soir;\nnever on Sundays\";0612345678\n\
                Martin;;;0711223344\n\
                Petit;;;x\n";
    let mut db = test_db();
    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(report.rows, 3);
    assert_eq!(
        errors(&report),
        [(4, "telephone")],
        "the break inside the quotes does not count as a row, as in a spreadsheet"
    );
    let durand = customers::list(db.conn(), &Default::default())
        .unwrap()
        .items
        .into_iter()
        .find(|c| c.last_name.as_deref() == Some("Durand; père et fils"))
        .expect("the separator inside quotes is part of the name");
    assert_eq!(
        durand.notes.as_deref(),
        Some("Appeler le soir;\nnever on Sundays")
    );
}

#[test]
fn lines_of_one_customer_make_one_customer_with_all_their_vehicles() {
    let text = format!(
        "{HEADER}\n\
         Durand;Paul;06 12 34 56 78;;75011;Paris;AB-123-CD;Renault;Clio;diesel;84 500\n\
         Durand;Paul;0612345678;;75011;Paris;EF-456-GH;Peugeot;208;essence;12000\n\
         Garnier;Lise;;lise@example.fr;69003;Lyon;JK-789-LM;;;;\n\
         Garnier;Lise;;LISE@example.fr;69003;Lyon;;;;;\n\
         Roux;Marc;;;13001;Marseille;NP-147-QR;;;;\n\
         roux;marc;;;13001;Marseille;ST-258-VW;;;;\n\
         Roux;Marc;;;13002;Marseille;XY-369-ZA;;;;\n"
    );
    let mut db = test_db();
    let report = import(&mut db, text.as_bytes(), Mode::AllOrNothing);
    assert_eq!(report.errors, []);
    assert_eq!(report.rows, 7);
    assert_eq!(
        (report.customers, report.vehicles),
        (4, 6),
        "grouped by phone, by e-mail, by name and postal code; another postal code is another customer"
    );
    let paul = fleet(&db)
        .into_iter()
        .filter(|(_, owner, _, _)| owner == "Paul Durand")
        .map(|(plate, _, _, km)| (plate, km))
        .collect::<Vec<_>>();
    assert_eq!(
        paul,
        [
            (Some("AB-123-CD".to_owned()), Some(84_500)),
            (Some("EF-456-GH".to_owned()), Some(12_000))
        ]
    );
}

#[test]
fn a_bad_line_is_reported_and_keeps_the_file_out_unless_told_to_skip_it() {
    let text = format!(
        "{HEADER}\n\
         Durand;Paul;06 12 34 56 78;;75011;Paris;AB-123-CD;;;;\n\
         Morel;Anne;07 11 22 33 44;;75012;Paris;AB-123-IO;;;;\n\
         Blanc;Léa;;x@;75013;Paris;;;;;\n"
    );
    let mut db = test_db();
    let outbox_before = count(&db, "outbox");

    let report = import(&mut db, text.as_bytes(), Mode::AllOrNothing);
    assert_eq!(errors(&report), [(3, "immatriculation"), (4, "email")]);
    assert!(
        report.errors[1].message.starts_with("Il manque le domaine"),
        "the form's French sentence: {}",
        report.errors[1].message
    );
    assert!(
        report.errors[0]
            .message
            .contains("« I » n’est jamais utilisée")
    );
    assert!(!report.committed);
    assert_eq!(
        (report.customers, report.vehicles),
        (1, 1),
        "what the good lines would create"
    );
    assert_eq!(count(&db, "customers"), 0, "all or nothing: nothing");
    assert_eq!(count(&db, "outbox"), outbox_before);

    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(report.errors.len(), 2);
    assert!(report.committed);
    assert_eq!(
        names(&db),
        ["Paul Durand"],
        "Anne Morel's line left nothing of her"
    );
    assert_eq!(count(&db, "vehicles"), 1);
}

#[test]
fn a_preview_counts_what_a_commit_would_do_and_writes_nothing() {
    let text = format!(
        "{HEADER}\n\
         Durand;Paul;06 12 34 56 78;;75011;Paris;AB-123-CD;;;;1000\n\
         Durand;Paul;06 12 34 56 78;;75011;Paris;EF-456-GH;;;;\n"
    );
    let mut db = test_db();
    let (customers_before, outbox_before) = (count(&db, "customers"), count(&db, "outbox"));
    let preview = import(&mut db, text.as_bytes(), Mode::Preview);
    assert_eq!(
        (preview.customers, preview.vehicles, preview.committed),
        (1, 2, false)
    );
    assert_eq!(count(&db, "customers"), customers_before);
    assert_eq!(
        count(&db, "outbox"),
        outbox_before,
        "no operation left to sync"
    );
    assert_eq!(count(&db, "search_docs"), 0, "nor any search entry");

    let commit = import(&mut db, text.as_bytes(), Mode::AllOrNothing);
    assert_eq!(
        (commit.customers, commit.vehicles, commit.committed),
        (1, 2, true),
        "the preview said exactly this"
    );
}

#[test]
fn a_customer_already_in_atelier_is_refused_as_a_duplicate() {
    let mut db = test_db();
    let existing = CustomerInput {
        last_name: Some("Durand".into()),
        email: Some("paul@example.fr".into()),
        ..Default::default()
    };
    db.write(|tx| customers::create(tx, NOW, &existing))
        .unwrap();
    let text = "nom;prenom;email;immatriculation\n\
                Durand;Paul;Paul@Example.fr;AB-123-CD\n\
                Morel;Anne;anne@example.fr;EF-456-GH\n";
    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(errors(&report), [(2, "email")]);
    assert!(
        report.errors[0]
            .message
            .contains("Durand est déjà dans Atelier")
    );
    assert_eq!(names(&db), ["Anne Morel", "Durand"], "no second Durand");
}

#[test]
fn a_foreign_customer_s_plate_is_kept_as_foreign_a_french_one_must_parse() {
    let text = "nom;pays;code_postal;immatriculation\n\
                Müller;DE;80331;M-AB 1234\n\
                Dupont;;75011;M-AB 1234\n";
    let mut db = test_db();
    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(errors(&report), [(3, "immatriculation")]);
    assert_eq!(
        fleet(&db)[0].0.as_deref(),
        Some("M-AB 1234"),
        "kept as typed, as a foreign plate"
    );
}

#[test]
fn the_header_is_read_in_any_order_and_case_and_checked() {
    let mut db = test_db();
    let text = "VILLE;Nom;Prénom;Code Postal;Fax\nLyon;Garnier;Lise;69003;04 00 00 00 00\n";
    let report = import(&mut db, text.as_bytes(), Mode::AllOrNothing);
    assert_eq!(errors(&report), [(1, "Fax")], "an unknown column, once");
    assert!(
        !report.committed,
        "an unknown column is an error like any other"
    );
    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(report.customers, 1);
    assert_eq!(
        customers::list(db.conn(), &Default::default())
            .unwrap()
            .items[0]
            .city
            .as_deref(),
        Some("Lyon")
    );

    let report = import(&mut db, b"prenom;ville\nLise;Lyon\n", Mode::SkipInvalid);
    assert_eq!(errors(&report), [(1, "")]);
    assert_eq!(report.rows, 0, "no line is read without a name column");
    let report = import(&mut db, b"nom;marque\nGarnier;Renault\n", Mode::SkipInvalid);
    assert!(report.errors[0].message.contains("immatriculation"));
    let report = import(&mut db, b"Garnier;Lise;Lyon\n", Mode::SkipInvalid);
    assert!(
        report.errors[0].message.contains("en-tête"),
        "a file without header says so, not that every column is unknown"
    );
    assert_eq!(report.errors.len(), 1);
}

#[test]
fn empty_and_binary_files_get_one_clean_error_on_line_1() {
    let mut db = test_db();
    for bytes in [
        &b""[..],
        b"\xEF\xBB\xBF\r\n\r\n",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe",
        &[0u8, 159, 146, 150, 255, 0, 1, 2],
    ] {
        let report = import(&mut db, bytes, Mode::SkipInvalid);
        assert_eq!(errors(&report), [(1, "")], "{bytes:?}");
        assert!(!report.committed);
        assert_eq!(report.rows, 0);
    }
    let report = import(&mut db, b"PK\x03\x04\x00", Mode::Preview);
    assert!(
        report.errors[0].message.contains("Excel"),
        "the fix is named"
    );
    let english = db
        .write(|tx| customers_csv(tx, NOW, Locale::En, b"", Mode::Preview))
        .unwrap();
    assert!(english.errors[0].message.starts_with("The file is empty"));
}

#[test]
fn the_report_has_the_shape_the_ui_reads() {
    let mut db = test_db();
    let report = import(&mut db, b"nom,email\nDurand,x@\n", Mode::Preview);
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["encoding"], "utf-8");
    assert_eq!(value["separator"], ",");
    assert_eq!(value["rows"], 1);
    assert_eq!(value["committed"], false);
    assert_eq!(value["errors"][0]["line"], 2);
    assert_eq!(value["errors"][0]["column"], "email");
}

mod round_trip;

#[test]
fn imported_records_are_searchable_and_skipped_lines_leave_nothing_in_search() {
    let mut db = test_db();
    let text = "nom;prenom;telephone;immatriculation\n\
                Lefèvre;Hélène;06 12 34 56 78;AB-123-CD\n\
                Moreau;Luc;06 23 45 67 89;XY-999-IO\n\
                Bernard;Anne;07 11 22 33 44;EF-456-GH\n";
    let report = import(&mut db, text.as_bytes(), Mode::SkipInvalid);
    assert_eq!(
        (report.customers, report.vehicles, report.errors.len()),
        (2, 2, 1)
    );
    let find = |db: &Db, q: &str| {
        crate::pages::search::search(db.conn(), q, 10)
            .unwrap()
            .len()
    };
    assert_eq!(
        find(&db, "helene"),
        1,
        "held-back documents were written at the end"
    );
    assert_eq!(find(&db, "ef-45"), 1);
    assert_eq!(find(&db, "moreau"), 0, "the refused line left no document");
    assert_eq!(find(&db, "06 23 45"), 0);
    let docs: i64 = db
        .conn()
        .query_row("SELECT COUNT(*) FROM search_index", [], |r| r.get(0))
        .unwrap();
    assert_eq!(docs, 4, "one document per record kept");

    // Indexing is immediate again once the import is over.
    let input = CustomerInput {
        last_name: Some("Après".into()),
        ..Default::default()
    };
    db.write(|tx| crate::customers::create(tx, NOW, &input))
        .unwrap();
    assert_eq!(find(&db, "apres"), 1);
}

//! « Exporter un diagnostic » on a station with demo data: what the zip holds
//! and that no customer is in it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;

use atelier_core::Db;
use atelier_core::diagnostic::{AppFacts, export};
use atelier_demo::{self as demo, DemoOptions};
#[test]
fn a_diagnostic_holds_versions_shape_backups_and_logs_but_no_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    let now = 1_795_248_000_000;
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 8,
            seed: 3,
        },
        now,
    )
    .unwrap();
    let logs_dir = dir.path().join("logs");
    std::fs::create_dir_all(&logs_dir).unwrap();
    std::fs::write(
        logs_dir.join("atelier.log.2026-11-21"),
        "INFO command=list_customers ok\n",
    )
    .unwrap();
    let facts = AppFacts {
        version: "9.9.9".into(),
        logs_dir,
        data_dir: dir.path().to_path_buf(),
    };
    let out = dir.path().join("exports");
    let path = export(db.conn(), &facts, &out, now).unwrap();
    assert_eq!(
        path.file_name().unwrap(),
        "atelier-diagnostic-20261121-080000.zip"
    );

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "about.json",
            "backups.json",
            "database.json",
            "logs/atelier.log.2026-11-21"
        ]
    );
    let mut everything = String::new();
    for i in 0..zip.len() {
        zip.by_index(i)
            .unwrap()
            .read_to_string(&mut everything)
            .unwrap();
    }
    assert!(everything.contains("\"version\": \"9.9.9\""));
    assert!(
        everything.contains("\"customers\": 8"),
        "row counts are there"
    );
    let names_on_file: Vec<String> = db
        .conn()
        .prepare("SELECT last_name FROM customers WHERE last_name IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!names_on_file.is_empty());
    for name in names_on_file {
        assert!(
            !everything.contains(&name),
            "no customer's name in the diagnostic: {name}"
        );
    }
}

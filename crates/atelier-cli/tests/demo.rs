//! `atelier demo` run as a person would run it.

use std::path::Path;
use std::process::{Command, Output};

use atelier_core::customers::{self, ListQuery};

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// Every customer's name and phone, by name.
fn people(data: &Path) -> Vec<(String, Option<String>)> {
    let db = atelier_core::Db::open_in_dir(data).expect("the database opens");
    customers::list(
        db.conn(),
        &ListQuery {
            limit: customers::PAGE_MAX,
            ..ListQuery::default()
        },
    )
    .expect("customers list")
    .items
    .into_iter()
    .map(|c| (c.display_name, c.phone))
    .collect()
}

#[test]
fn the_same_seed_gives_the_same_customers_in_two_databases() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for data in [&a, &b] {
        let said = stdout(&atelier(
            &["demo", "--customers", "25", "--seed", "7"],
            data,
        ));
        assert!(
            said.starts_with("Données de démonstration ajoutées : 25 clients"),
            "one line in the workstation's language: {said}"
        );
        assert!(
            said.contains("gerant   PIN 1234  Gérant"),
            "a new database also gets the demo workshop, and says how to sign in: {said}"
        );
    }
    let first = people(&a);
    assert_eq!(first.len(), 25);
    assert!(first.iter().any(|(_, phone)| phone.is_some()));
    assert_eq!(first, people(&b), "same seed, same names and phones");
}

#[test]
fn demo_data_goes_into_an_empty_database_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    stdout(&atelier(&["demo", "--customers", "10"], &data));

    let refused = atelier(&["demo", "--customers", "10"], &data);
    assert!(
        !refused.status.success(),
        "a second run must not mix data in"
    );
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        why.contains("contient déjà 10 clients") && why.contains("--force"),
        "says why and what to do: {why}"
    );
    assert_eq!(people(&data).len(), 10, "nothing was added");

    let said = stdout(&atelier(
        &["demo", "--customers", "10", "--if-empty"],
        &data,
    ));
    assert!(said.contains("rien n’a été ajouté"), "{said}");
    assert_eq!(people(&data).len(), 10);

    stdout(&atelier(&["demo", "--customers", "10", "--force"], &data));
    assert_eq!(people(&data).len(), 20, "forced: added beside the others");
}

//! `atelier ask` run as support or a script runs it, on a demo workshop:
//! answered as the window answers, within the rights of the user named.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use std::path::Path;
use std::process::{Command, Output};

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The plate of a car of the demo workshop with an order under way.
fn plate_at_work(data: &Path) -> String {
    let db = atelier_core::Db::open_in_dir(data).unwrap();
    db.conn()
        .query_row(
            "SELECT v.plate FROM orders o JOIN vehicles v ON v.id = o.vehicle_id
              WHERE o.status = 'in_progress' AND v.plate IS NOT NULL LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The operations the database has recorded: every write records one.
fn operations(data: &Path) -> i64 {
    let db = atelier_core::Db::open_in_dir(data).unwrap();
    db.conn()
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_question_is_answered_as_the_window_answers_it_within_the_users_rights() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(&atelier(&["demo", "--customers", "30"], data));
    let plate = plate_at_work(data);
    let before = operations(data);

    // The owner, by default: the order's line opens its page.
    let question = format!("où en est la voiture {plate} ?");
    let said = ok(&atelier(&["ask", &question], data));
    assert!(said.contains("en cours"), "{said}");
    assert!(
        said.contains("[#/ordres/"),
        "each record with its screen: {said}"
    );
    assert!(said.contains('€'), "the owner sees prices: {said}");

    // A mechanic: the same car, no price, the bench's job card.
    let said = ok(&atelier(&["ask", "--as", "meca", &question], data));
    assert!(
        said.contains("[#/atelier/") && !said.contains('€'),
        "{said}"
    );
    let said = ok(&atelier(
        &["ask", "--as", "meca", "chiffre d'affaires du mois"],
        data,
    ));
    assert!(
        said.starts_with("Désolé, vous ne pouvez pas consulter les rapports"),
        "{said}"
    );

    // --json: what was understood, and the answer with its records.
    let json = ok(&atelier(
        &["ask", "--json", "--as", "accueil", &question],
        data,
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["user"], "accueil");
    assert_eq!(v["understood"]["intent"], "order_status");
    assert_eq!(v["understood"]["slots"]["plate"], plate.as_str());
    assert_eq!(v["answer"]["kind"], "answered");
    assert!(
        v["answer"]["lines"][0]["link"]["route"]
            .as_str()
            .unwrap()
            .starts_with("#/ordres/"),
        "{v}"
    );

    // An action is prepared, with its dialog's fields, and nothing is written.
    let json = ok(&atelier(
        &[
            "ask",
            "--json",
            &format!("nouveau devis freins pour la {plate}"),
        ],
        data,
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["answer"]["kind"], "prepared");
    assert_eq!(v["answer"]["prepared"]["action"], "new_estimate");
    assert_eq!(v["answer"]["prepared"]["fields"]["work"], "Freins");
    assert!(
        v["answer"]["prepared"]["fields"]["vehicle_label"]
            .as_str()
            .unwrap()
            .ends_with(&plate)
    );
    let said = ok(&atelier(&["ask", "31 février"], data));
    assert!(
        said.starts_with("« 31 fevrier » n’est pas une date qui existe"),
        "{said}"
    );
    let said = ok(&atelier(&["ask", "Wann ist mein Auto fertig?"], data));
    assert!(said.starts_with("Je n’ai pas compris."), "{said}");
    assert_eq!(operations(data), before, "asking writes nothing");

    // A user who does not exist is named, with those who do.
    let out = atelier(&["ask", "--as", "personne", "rendez-vous de demain"], data);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Aucun utilisateur actif « personne »") && err.contains("gerant"),
        "{err}"
    );
}

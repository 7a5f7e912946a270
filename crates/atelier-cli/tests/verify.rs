//! `atelier verify` run as the owner (or a script) would run it: clean on a
//! demo database, non-zero once someone edited an invoice in the file.

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

#[test]
fn verify_is_clean_then_names_the_invoice_changed_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let demo = atelier(&["demo", "--customers", "30"], data);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let clean = atelier(&["verify"], data);
    let said = String::from_utf8_lossy(&clean.stdout);
    assert!(
        clean.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(
        said.starts_with("Factures intègres : 3 documents"),
        "{said}"
    );

    let db = atelier_core::Connection::open(data.join(atelier_core::DB_FILE_NAME)).unwrap();
    let number: String = db
        .query_row(
            "SELECT number FROM invoices WHERE status = 'issued' ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.execute_batch("DROP TRIGGER invoices_issued_no_update")
        .unwrap();
    db.execute(
        "UPDATE invoices SET gross_cents = gross_cents - 10000 WHERE number = ?1",
        [&number],
    )
    .unwrap();
    drop(db);
    let broken = atelier(&["verify"], data);
    assert!(!broken.status.success(), "a broken chain fails the command");
    let said = String::from_utf8_lossy(&broken.stdout);
    assert!(
        said.contains(&format!("{number} : modifiée après émission.")),
        "{said}"
    );
    assert!(
        String::from_utf8_lossy(&broken.stderr)
            .contains("anomalie(s) : la base a été modifiée hors d’Atelier"),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );
}

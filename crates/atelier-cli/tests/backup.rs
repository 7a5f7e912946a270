//! `atelier backup` and `atelier restore`, run as an administrator would.

use std::path::Path;
use std::process::{Command, Output};

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("atelier runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn a_backup_taken_from_the_command_line_restores_the_data_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("atelier-data");
    ok(&atelier(&["demo", "--customers", "12"], &data));
    let said = ok(&atelier(&["backup"], &data));
    assert!(said.starts_with("Sauvegarde vérifiée"), "{said}");
    let backups = data.join("backups");
    let file = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("-manual.sqlite3"))
        .expect("a manual backup in the default folder");

    // More demo customers after the backup; restoring takes them away again.
    ok(&atelier(
        &["demo", "--customers", "5", "--seed", "9", "--force"],
        &data,
    ));
    let said = ok(&Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .unwrap());
    assert!(said.contains("12 clients"), "{said}");
    assert!(
        said.contains("Factures vérifiées"),
        "the chains are checked: {said}"
    );
    let db = atelier_core::Db::open_in_dir(&data).unwrap();
    assert_eq!(
        atelier_core::customers::list(db.conn(), &Default::default())
            .unwrap()
            .total,
        12
    );
    assert!(
        std::fs::read_dir(&backups).unwrap().flatten().any(|e| e
            .file_name()
            .to_string_lossy()
            .ends_with("-before-restore.sqlite3")),
        "what the restore replaced is kept"
    );
}

#[test]
fn restoring_something_that_is_not_a_backup_says_so_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("atelier-data");
    ok(&atelier(&["demo", "--customers", "3"], &data));
    let bogus = dir.path().join("photo.jpg");
    std::fs::write(&bogus, b"\xff\xd8\xff\xe0 not a database").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("restore")
        .arg(&bogus)
        .arg("--data-dir")
        .arg(&data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("n’est pas une base Atelier"), "{err}");
    assert!(
        !data.join("backups").exists(),
        "nothing was backed up or written"
    );
}

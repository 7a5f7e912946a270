//! `atelier init` run as a person would run it.

use std::process::Command;

#[test]
fn init_creates_a_migrated_database_and_running_it_again_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("atelier-data");
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_atelier"))
            .args(["init", "--data-dir"])
            .arg(&data)
            .env_remove("ATELIER_DATA_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.starts_with("Base de données prête"), "{stdout}");
    }
    let db = atelier_core::Db::open_in_dir(&data).unwrap();
    assert_eq!(
        atelier_core::customers::list(db.conn(), &Default::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn init_without_a_data_dir_says_what_is_missing() {
    let out = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("init")
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--data-dir"));
}

//! `atelier init` run as a person would run it.

use std::process::Command;

/// What `init` left in the database file, read without opening it through
/// core (which would itself create and migrate it): the highest migration
/// applied and the station's identity.
#[allow(
    clippy::unwrap_used,
    reason = "a test's helper: a failure is the test failing"
)]
fn left_by_init(data: &std::path::Path) -> (u32, String) {
    let file = data.join(atelier_core::db::DB_FILE_NAME);
    assert!(
        file.exists(),
        "init made no database file at {}",
        file.display()
    );
    let conn =
        rusqlite::Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let migrated = conn
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let device = conn
        .query_row("SELECT device_id FROM device", [], |r| r.get(0))
        .unwrap();
    (migrated, device)
}

#[test]
fn init_creates_a_migrated_database_and_running_it_again_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("atelier-data");
    let mut identities = Vec::new();
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
        let (migrated, device) = left_by_init(&data);
        assert_eq!(
            migrated,
            atelier_core::db::schema_version(),
            "every migration ran"
        );
        assert!(
            stdout.contains(&device),
            "it names the station {device}: {stdout}"
        );
        identities.push(device);
    }
    assert_eq!(
        identities[0], identities[1],
        "a second run keeps the station's identity"
    );
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

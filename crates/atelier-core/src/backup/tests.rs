//! Backups before a migration runs, and a backup from an older Atelier
//! restored: both need to write an older schema, which only core can. The
//! other backup tests are in `tests/backup.rs`.

use super::*;
use atelier_demo::DemoOptions;

/// 2026-11-21T08:00:00Z.
const NOW: u64 = 1_795_248_000_000;

/// A workstation with a small demo workshop in a temporary data directory.
/// atelier-demo writes it through the atelier-core it links, a crate apart
/// from this test build, so the data crosses as the database file (see
/// `atelier_demo::generate_in`).
fn station() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    atelier_demo::generate_in(
        dir.path(),
        &DemoOptions {
            customers: 40,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
    let db = Db::open_in_dir(dir.path()).unwrap();
    (dir, db)
}

#[test]
fn a_database_with_migrations_to_run_is_backed_up_before_they_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(crate::DB_FILE_NAME);
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::db::embedded::migrations::runner()
            .set_target(refinery::Target::Version(1))
            .run(&mut conn)
            .unwrap();
    }
    crate::startup::open(dir.path()).unwrap();
    let backups = list(&dir.path().join("backups")).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, Reason::BeforeMigration);
    assert_eq!(inspect(&backups[0].path).unwrap().schema_version, 1);

    // Opening it again, migrated, takes no other backup; nor does a new database.
    crate::startup::open(dir.path()).unwrap();
    assert_eq!(list(&dir.path().join("backups")).unwrap().len(), 1);
    let fresh = tempfile::tempdir().unwrap();
    crate::startup::open(fresh.path()).unwrap();
    assert!(list(&fresh.path().join("backups")).unwrap().is_empty());
}

#[test]
fn a_backup_from_an_older_atelier_is_migrated_as_it_is_restored() {
    let (dir, mut db) = station();
    let old = dir.path().join("old.sqlite3");
    {
        let mut conn = Connection::open(&old).unwrap();
        crate::db::embedded::migrations::runner()
            .set_target(refinery::Target::Version(2))
            .run(&mut conn)
            .unwrap();
    }
    restore(&mut db, &old, &dir.path().join("backups"), NOW).unwrap();
    let version: u32 = db
        .conn()
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, crate::db::schema_version());
    assert!(
        crate::orders::board::board(
            db.conn(),
            &crate::access::Actor::system(),
            &Default::default()
        )
        .unwrap()
        .is_empty()
    );
}

//! Backups taken, checked, rotated and restored on real files of a demo
//! station, and taken before a migration or migrated as they are restored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use atelier_core::backup::{
    BackupError, Keys, Outcome, Reason, due_today, folder, inspect, last, list, record, restore,
    rotation, set_folder, take,
};
use atelier_core::db::DbFile;
use atelier_core::{Connection, Db, Result};
use atelier_demo::{self as demo, DemoOptions};

/// 2026-11-21T08:00:00Z.
const NOW: u64 = 1_795_248_000_000;
const DAY: u64 = 86_400_000;

/// A workstation with a small demo workshop in a temporary data directory.
fn station() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 40,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
    (dir, db)
}

/// Every row of every table, in a stable order: what "every row back" means.
fn dump(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// The local migrations, embedded as core embeds them: run up to a
/// version, they leave a database as an older Atelier did.
mod embedded {
    refinery::embed_migrations!("../../migrations/local");
}

/// A database file at `path` with the schema of `version`.
fn older(path: &Path, version: i32) {
    let mut conn = Connection::open(path).unwrap();
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(version))
        .run(&mut conn)
        .unwrap();
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_backup_is_a_checked_copy_listed_with_when_and_why() {
    let (dir, db) = station();
    let folder = folder(db.conn(), dir.path()).unwrap();
    assert_eq!(folder, dir.path().join("backups"));
    assert!(due_today(&folder, "2026-11-21").unwrap());

    let outcome = take(db.file().unwrap(), &folder, Reason::Daily, NOW).unwrap();
    assert_eq!(outcome.name, "atelier-20261121-080000000-daily.sqlite3");
    assert!(outcome.bytes > 0);
    assert!(!due_today(&folder, "2026-11-21").unwrap());
    assert!(due_today(&folder, "2026-11-22").unwrap());
    let listed = list(&folder).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].taken_at.as_str(), listed[0].reason),
        ("2026-11-21T08:00:00Z", Reason::Daily)
    );

    let summary = inspect(&outcome.path, Keys::default()).unwrap();
    assert_eq!(summary.customers, 40);
    assert_eq!(summary.schema_version, atelier_core::db::schema_version());
    let copy = Connection::open(&outcome.path).unwrap();
    assert_eq!(dump(&copy), dump(db.conn()), "the copy holds every row");
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "delete",
        "a backup is one plain file, no WAL beside it"
    );
}

#[test]
fn restoring_brings_every_row_back_after_keeping_what_it_replaces() {
    let (dir, mut db) = station();
    let folder = dir.path().join("backups");
    let monday = take(db.file().unwrap(), &folder, Reason::Manual, NOW).unwrap();
    let before = dump(db.conn());

    // The day's work after the backup: more customers.
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 5,
            seed: 99,
        },
        NOW + DAY,
    )
    .unwrap();
    let after_work = dump(db.conn());
    assert_ne!(after_work, before);

    let kept = restore(&mut db, &monday.path, &folder, None, NOW + DAY).unwrap();
    assert_eq!(kept.reason, Reason::BeforeRestore);
    assert_eq!(dump(db.conn()), before, "every row of the backup is back");
    let replaced = Connection::open(&kept.path).unwrap();
    assert_eq!(dump(&replaced), after_work, "what was replaced is kept");

    // And the restored database opens again as the application restarts on it.
    drop(db);
    let reopened = Db::open_in_dir(dir.path()).unwrap();
    assert_eq!(dump(reopened.conn()), before);
}

#[test]
fn a_failed_backup_leaves_the_good_ones_and_no_partial_file() {
    let (dir, db) = station();
    let folder = dir.path().join("backups");
    let good = take(db.file().unwrap(), &folder, Reason::Daily, NOW).unwrap();
    let listed = files(&folder);

    // A source that is not a database stops the copy half-way.
    let bogus = dir.path().join("not-a-database.sqlite3");
    std::fs::write(&bogus, vec![0x42; 64 * 1024]).unwrap();
    take(
        &DbFile::new(bogus.clone(), None),
        &folder,
        Reason::Daily,
        NOW + DAY,
    )
    .unwrap_err();
    assert_eq!(
        files(&folder),
        listed,
        "nothing added, nothing removed, no .partial left"
    );
    inspect(&good.path, Keys::default()).unwrap();
}

#[test]
fn a_damaged_or_newer_backup_is_refused_and_nothing_is_written() {
    let (dir, mut db) = station();
    let folder = dir.path().join("backups");
    let good = take(db.file().unwrap(), &folder, Reason::Manual, NOW).unwrap();
    let listed = files(&folder);
    let before = dump(db.conn());

    let damaged = dir.path().join("damaged.sqlite3");
    let mut bytes = std::fs::read(&good.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 4096].fill(0xFF);
    std::fs::write(&damaged, bytes).unwrap();
    let err = restore(&mut db, &damaged, &folder, None, NOW).unwrap_err();
    assert_eq!(err.code(), "backup_damaged", "{err}");
    assert!(
        err.message(atelier_domain::Locale::Fr)
            .contains("endommagée")
    );

    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good.path, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
             VALUES (9999, 'future', '2030-01-01', '0')",
            [],
        )
        .unwrap();
    let err = restore(&mut db, &newer, &folder, None, NOW).unwrap_err();
    assert_eq!(err.code(), "backup_too_new");

    assert_eq!(dump(db.conn()), before, "the database is untouched");
    assert_eq!(
        files(&folder),
        listed,
        "and no before-restore backup was taken"
    );
}

#[test]
fn a_partial_copy_a_stopped_station_left_is_removed_by_the_next_backup() {
    let (dir, db) = station();
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    // Atelier closed in the middle of yesterday's backup: its partial copy
    // and journal, untouched for two hours.
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for name in [
        ".atelier-20261120-080000000-daily.sqlite3.partial",
        ".atelier-20261120-080000000-daily.sqlite3.partial-journal",
    ] {
        let f = std::fs::File::create(folder.join(name)).unwrap();
        f.set_len(4096).unwrap();
        f.set_modified(two_hours_ago).unwrap();
    }
    // A copy being written right now (`atelier backup` beside the app),
    // and a file of someone else's.
    std::fs::write(
        folder.join(".atelier-20261121-075959000-manual.sqlite3.partial"),
        b"in progress",
    )
    .unwrap();
    let theirs = std::fs::File::create(folder.join("notes.partial")).unwrap();
    theirs.set_modified(two_hours_ago).unwrap();

    let taken = take(db.file().unwrap(), &folder, Reason::Daily, NOW).unwrap();
    assert_eq!(
        files(&folder),
        [
            ".atelier-20261121-075959000-manual.sqlite3.partial",
            taken.name.as_str(),
            "notes.partial",
        ],
        "the abandoned copy and its journal are gone; the rest stays"
    );
}

#[test]
fn the_owner_points_backups_at_another_disk_and_back() {
    let (dir, mut db) = station();
    let usb = tempfile::tempdir().unwrap();
    let err = db
        .write(|tx| set_folder(tx, "relative/folder", dir.path()))
        .unwrap_err();
    assert_eq!(err.code(), "backup_folder");
    let chosen = usb.path().join("atelier");
    let set = db
        .write(|tx| set_folder(tx, chosen.to_str().unwrap(), dir.path()))
        .unwrap();
    assert_eq!(set, chosen);
    assert_eq!(folder(db.conn(), dir.path()).unwrap(), chosen);
    let back = db.write(|tx| set_folder(tx, " ", dir.path())).unwrap();
    assert_eq!(back, dir.path().join("backups"));
}

#[test]
fn the_last_attempt_is_remembered_with_its_error_in_both_languages() {
    let (dir, mut db) = station();
    assert_eq!(last(db.conn()).unwrap(), None);
    let failed: Result<Outcome> = Err(BackupError::Busy.into());
    db.write(|tx| record(tx, NOW, &failed)).unwrap();
    let seen = last(db.conn()).unwrap().unwrap();
    assert!(!seen.ok);
    assert!(seen.error_fr.unwrap().contains("occupée"));
    let taken = take(
        db.file().unwrap(),
        &dir.path().join("backups"),
        Reason::Manual,
        NOW,
    );
    db.write(|tx| record(tx, NOW, &taken)).unwrap();
    assert!(last(db.conn()).unwrap().unwrap().ok);
}

#[test]
fn rotation_runs_after_each_backup() {
    let (dir, db) = station();
    let folder = dir.path().join("backups");
    for day in 0..40 {
        take(db.file().unwrap(), &folder, Reason::Daily, NOW + day * DAY).unwrap();
    }
    let kept = list(&folder).unwrap();
    // 7 days, plus the newest of the 4 weeks before them, plus the months.
    assert!(kept.len() <= rotation::DAYS + rotation::WEEKS + rotation::MONTHS);
    assert_eq!(kept[0].name, "atelier-20261230-080000000-daily.sqlite3");
    assert!(kept.len() >= rotation::DAYS + 2, "{kept:#?}");
}

#[test]
fn a_database_with_migrations_to_run_is_backed_up_before_they_run() {
    let dir = tempfile::tempdir().unwrap();
    older(&dir.path().join(atelier_core::DB_FILE_NAME), 1);
    atelier_core::startup::open(dir.path(), None).unwrap();
    let backups = list(&dir.path().join("backups")).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, Reason::BeforeMigration);
    assert_eq!(
        inspect(&backups[0].path, Keys::default())
            .unwrap()
            .schema_version,
        1
    );

    // Opening it again, migrated, takes no other backup; nor does a new database.
    atelier_core::startup::open(dir.path(), None).unwrap();
    assert_eq!(list(&dir.path().join("backups")).unwrap().len(), 1);
    let fresh = tempfile::tempdir().unwrap();
    atelier_core::startup::open(fresh.path(), None).unwrap();
    assert!(list(&fresh.path().join("backups")).unwrap().is_empty());
}

#[test]
fn a_backup_from_an_older_atelier_is_migrated_as_it_is_restored() {
    let (dir, mut db) = station();
    let old = dir.path().join("old.sqlite3");
    older(&old, 2);
    restore(&mut db, &old, &dir.path().join("backups"), None, NOW).unwrap();
    let version: u32 = db
        .conn()
        .query_row(
            "SELECT MAX(version) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, atelier_core::db::schema_version());
    assert!(
        atelier_core::orders::board::board(
            db.conn(),
            &atelier_core::access::Actor::system(),
            &Default::default()
        )
        .unwrap()
        .is_empty()
    );
}

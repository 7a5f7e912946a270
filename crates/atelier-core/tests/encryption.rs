//! A station's data at rest, on real files of a demo workshop: its
//! database, WAL and backups hold none of a customer's name in plain
//! bytes; a plain database is converted with every row; its backups open
//! at home without asking and elsewhere only with its recovery key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use atelier_core::backup::{self, Keys, Reason};
use atelier_core::cipher::{FileState, RecoveryKey};
use atelier_core::{Connection, Db, startup};
use atelier_demo::{self as demo, DemoOptions};

/// 2026-11-21T08:00:00Z.
const NOW: u64 = 1_795_248_000_000;

/// How many times `needle` is in the bytes of `path` (`grep -c` over a
/// binary file, counted exactly).
fn count(path: &Path, needle: &str) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes
        .windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

/// Every file of the data directory and its backups, with how many times
/// `needle` is in each.
fn everywhere(dir: &Path, needle: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("backups")] {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            if entry.path().is_file() {
                found.push((
                    entry.path().display().to_string(),
                    count(&entry.path(), needle),
                ));
            }
        }
    }
    found
}

fn demo_in(db: &mut Db) {
    db.write(|tx| demo::set_up_workshop(tx, NOW, atelier_domain::Locale::Fr))
        .unwrap();
    demo::generate(
        db,
        &DemoOptions {
            customers: 30,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
}

/// A customer's last name as stored, to look for in the files.
fn a_name(conn: &Connection) -> String {
    conn.query_row(
        "SELECT last_name FROM customers WHERE length(last_name) >= 6 ORDER BY last_name LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// How many rows each table has, but the station's journal (a restore is
/// journalled).
fn rows(conn: &Connection) -> Vec<(String, i64)> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND sql NOT LIKE 'CREATE VIRTUAL%' AND name <> 'journal' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

#[test]
fn a_plain_demo_station_is_converted_with_every_row_and_no_name_left_in_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = startup::open(dir.path(), None).unwrap();
    demo_in(&mut db);
    let name = a_name(db.conn());
    // A backup taken while it was plain: the USB key lost in a car park.
    backup::back_up(&mut db, dir.path(), None, Reason::Manual, NOW - 86_400_000).unwrap();
    let before = rows(db.conn());
    drop(db);
    assert!(
        everywhere(dir.path(), &name).iter().any(|(_, n)| *n > 0),
        "the plain station has {name} in its files"
    );

    let recovery = RecoveryKey::generate();
    startup::encrypt(dir.path(), &recovery, NOW + 1000, &|_, _| {}).unwrap();
    assert!(matches!(
        startup::state(dir.path()).unwrap(),
        FileState::Encrypted { .. }
    ));
    let mut db = startup::open(dir.path(), Some(&recovery)).unwrap();
    assert_eq!(rows(db.conn()), before, "every row of every table");
    startup::record_encryption(&mut db, NOW + 2000, "encrypted").unwrap();
    // A day's work, then the day's backup, and the WAL not yet checkpointed.
    db.write(|tx| {
        tx.execute("UPDATE customers SET notes = 'Rappeler ' || last_name", [])?;
        Ok(())
    })
    .unwrap();
    backup::back_up(&mut db, dir.path(), None, Reason::Daily, NOW + 3000).unwrap();
    let found: Vec<_> = everywhere(dir.path(), &name)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(found.is_empty(), "{name} in plain bytes: {found:?}");
    let backups = backup::list(&dir.path().join("backups")).unwrap();
    let reasons: Vec<Reason> = backups.iter().map(|b| b.reason).collect();
    assert!(reasons.contains(&Reason::BeforeEncryption), "{reasons:?}");
    assert!(
        reasons.contains(&Reason::Manual),
        "the plain one, now encrypted"
    );
    assert_eq!(backups.len(), 3);
}

#[test]
fn a_backup_opens_at_home_without_asking_and_elsewhere_only_with_the_recovery_key() {
    let home = tempfile::tempdir().unwrap();
    let recovery = RecoveryKey::generate();
    let mut db = startup::open(home.path(), Some(&recovery)).unwrap();
    demo_in(&mut db);
    let before = rows(db.conn());
    let taken = backup::back_up(&mut db, home.path(), None, Reason::Manual, NOW).unwrap();
    assert!(
        backup::inspect(&taken.path, Keys::of(db.file()))
            .unwrap()
            .encrypted
    );

    // At home, a restore asks nothing.
    backup::restore(
        &mut db,
        &taken.path,
        &home.path().join("backups"),
        None,
        NOW + 1,
    )
    .unwrap();
    assert_eq!(rows(db.conn()), before);

    // Another machine: a new station with a key of its own.
    let other = tempfile::tempdir().unwrap();
    let theirs = RecoveryKey::generate();
    let mut fresh = startup::open(other.path(), Some(&theirs)).unwrap();
    let folder = other.path().join("backups");
    let keys = Keys::of(fresh.file());
    assert_eq!(
        backup::inspect(&taken.path, keys).unwrap_err().code(),
        "recovery_key_needed"
    );
    let wrong = RecoveryKey::generate();
    let refused = backup::restore(&mut fresh, &taken.path, &folder, Some(&wrong), NOW + 2);
    assert_eq!(refused.unwrap_err().code(), "wrong_recovery_key");
    assert!(
        backup::list(&folder).unwrap().is_empty(),
        "nothing written for a wrong key"
    );
    let restored = startup::restore(
        &mut fresh,
        other.path(),
        &taken.path,
        Some(&recovery),
        NOW + 3,
    )
    .unwrap();
    assert!(restored.invoices.clean);
    assert_eq!(rows(fresh.conn()), before);
    drop(fresh);
    // The restored station is still encrypted under its own key.
    Db::open_encrypted(&other.path().join(atelier_core::DB_FILE_NAME), &theirs).unwrap();
}

#[test]
fn a_plain_backup_is_restored_into_an_encrypted_station_and_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let mut plain = startup::open(dir.path(), None).unwrap();
    demo_in(&mut plain);
    let before = rows(plain.conn());
    let name = a_name(plain.conn());
    let taken = backup::back_up(&mut plain, dir.path(), None, Reason::Manual, NOW).unwrap();
    drop(plain);

    let station = tempfile::tempdir().unwrap();
    let recovery = RecoveryKey::generate();
    let mut db = startup::open(station.path(), Some(&recovery)).unwrap();
    startup::restore(&mut db, station.path(), &taken.path, None, NOW + 1).unwrap();
    assert_eq!(rows(db.conn()), before);
    db.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let found: Vec<_> = everywhere(station.path(), &name)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn another_workshops_backup_is_refused() {
    let theirs = tempfile::tempdir().unwrap();
    let their_key = RecoveryKey::generate();
    let mut db = startup::open(theirs.path(), Some(&their_key)).unwrap();
    demo_in(&mut db);
    db.conn()
        .execute(
            "UPDATE workshop SET siret = '11111111111111', name = 'Garage du Lac'",
            [],
        )
        .unwrap();
    let taken = backup::back_up(&mut db, theirs.path(), None, Reason::Manual, NOW).unwrap();

    let ours = tempfile::tempdir().unwrap();
    let mut here = startup::open(ours.path(), Some(&RecoveryKey::generate())).unwrap();
    demo_in(&mut here);
    here.conn()
        .execute("UPDATE workshop SET siret = '22222222222222'", [])
        .unwrap();
    let before = rows(here.conn());
    let err = startup::restore(
        &mut here,
        ours.path(),
        &taken.path,
        Some(&their_key),
        NOW + 1,
    )
    .unwrap_err();
    assert_eq!(err.code(), "other_workshop");
    assert!(
        err.message(atelier_domain::Locale::Fr)
            .contains("Garage du Lac")
    );
    assert_eq!(rows(here.conn()), before, "nothing restored");
}

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

/// The environment variable that makes [`converting_child`] convert the
/// database it names under the recovery key it holds.
const CHILD: &str = "ATELIER_TEST_CONVERT";

/// Run by the tests below as a process of its own, to be killed or starved
/// of disk: encrypts the plain database in the data directory `$CHILD`
/// names, under the key in `ATELIER_TEST_KEY`, as a first launch does.
#[test]
#[ignore = "run by the kill and full-disk tests as their child process"]
fn converting_child() {
    let Ok(dir) = std::env::var(CHILD) else {
        return;
    };
    let key: RecoveryKey = std::env::var("ATELIER_TEST_KEY").unwrap().parse().unwrap();
    match startup::encrypt(Path::new(&dir), &key, NOW, &|_, _| {}) {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("refused: {}", e.message(atelier_domain::Locale::En));
            std::process::exit(3)
        }
    }
}

/// Starts [`converting_child`] on `dir` under `key`, with at most
/// `file_kb` KB per file it writes when given (a disk that fills up).
fn spawn_child(dir: &Path, key: &RecoveryKey, file_kb: Option<u64>) -> std::process::Child {
    let exe = std::env::current_exe().unwrap();
    // Bash's `ulimit -f` counts KB; with SIGXFSZ ignored a write past it
    // fails as on a full disk (EFBIG) instead of killing the process.
    let limit = file_kb.map_or_else(String::new, |kb| format!("trap '' XFSZ; ulimit -f {kb}; "));
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{limit}exec \"$0\" --ignored --exact converting_child --nocapture"
        ))
        .arg(exe)
        .env(CHILD, dir)
        .env("ATELIER_TEST_KEY", key.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The station's rows, whatever state its database was left in: plain and
/// as before, or encrypted under `key` and whole. Anything else fails.
fn whole_rows(dir: &Path, key: &RecoveryKey) -> (bool, Vec<(String, i64)>) {
    let path = dir.join(atelier_core::DB_FILE_NAME);
    match startup::state(dir).unwrap() {
        FileState::Plain => (false, rows(Db::open(&path).unwrap().conn())),
        FileState::Encrypted { .. } => (true, rows(Db::open_encrypted(&path, key).unwrap().conn())),
        FileState::Missing => panic!("the database is gone"),
    }
}

#[test]
fn a_conversion_killed_at_any_moment_leaves_a_whole_database_plain_or_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = startup::open(dir.path(), None).unwrap();
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 400,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
    let before = rows(db.conn());
    drop(db);
    let key = RecoveryKey::generate();
    let mut seen = (0, 0);
    for delay_ms in [0, 5, 15, 30, 60, 100, 160, 250] {
        let mut child = spawn_child(dir.path(), &key, None);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().ok(); // SIGKILL: no destructor, no cleanup
        child.wait().unwrap();
        let cut = walk(dir.path())
            .iter()
            .any(|n| n.ends_with(".encrypting") || n.ends_with(".partial"));
        eprintln!("killed after {delay_ms} ms: a half copy left: {cut}");
        let (encrypted, after) = whole_rows(dir.path(), &key);
        assert_eq!(after, before, "killed after {delay_ms} ms: every row, once");
        if encrypted {
            seen.1 += 1;
            break;
        }
        seen.0 += 1;
    }
    // Whatever the kills left, the next launch finishes the job.
    if startup::state(dir.path()).unwrap() == FileState::Plain {
        startup::encrypt(dir.path(), &key, NOW, &|_, _| {}).unwrap();
    }
    let (encrypted, after) = whole_rows(dir.path(), &key);
    assert!(encrypted, "plain {} times, then encrypted", seen.0);
    assert_eq!(after, before);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".encrypting"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_full_disk_during_the_conversion_leaves_the_plain_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = startup::open(dir.path(), None).unwrap();
    demo_in(&mut db);
    let before = rows(db.conn());
    drop(db);
    let size_kb = std::fs::metadata(dir.path().join(atelier_core::DB_FILE_NAME))
        .unwrap()
        .len()
        / 1024;
    let key = RecoveryKey::generate();
    // Room for half a copy: the backup first, or the encrypted copy, fails.
    let out = spawn_child(dir.path(), &key, Some(size_kb / 2))
        .wait_with_output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "refused, not crashed: {out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("refused"), "{said}");
    assert_eq!(startup::state(dir.path()).unwrap(), FileState::Plain);
    assert_eq!(whole_rows(dir.path(), &key).1, before, "nothing lost");
    let stray: Vec<String> = walk(dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".encrypting") || n.ends_with(".partial"))
        .collect();
    assert!(stray.is_empty(), "no half copy left: {stray:?}");
}

/// Every file's name under `dir`.
fn walk(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            names.extend(walk(&entry.path()));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

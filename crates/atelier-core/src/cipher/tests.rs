use super::*;
use crate::Db;

/// Whether `needle` is anywhere in the bytes of `path`.
fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn customer(db: &mut Db, name: &str) {
    db.write(|tx| {
        tx.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)",
            (format!("probe.{name}"), name),
        )?;
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_recovery_key_is_read_back_as_a_person_types_it() {
    let key = RecoveryKey::generate();
    let text = key.to_string();
    assert_eq!(text.len(), 34, "28 characters in 7 groups: {text}");
    assert_eq!(text.split('-').count(), 7);
    assert_eq!(text.parse::<RecoveryKey>().unwrap(), key);
    let typed = text.replace('-', " ").to_lowercase();
    assert_eq!(typed.parse::<RecoveryKey>().unwrap(), key);
    let sloppy = text.replace('-', "").replace('0', "o").replace('1', "l");
    assert_eq!(sloppy.parse::<RecoveryKey>().unwrap(), key);
    assert_ne!(RecoveryKey::generate(), key);
    assert_eq!(format!("{key:?}"), "RecoveryKey(…)", "never in a log");
}

#[test]
fn a_typing_mistake_is_caught_by_the_check_character() {
    let key = RecoveryKey::generate();
    let text = key.to_string();
    let mut caught = 0;
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (i, c) in text.char_indices().filter(|(_, c)| *c != '-') {
        let other = alphabet.chars().find(|a| *a != c).unwrap();
        let typo = format!("{}{other}{}", &text[..i], &text[i + 1..]);
        if typo.parse::<RecoveryKey>().is_err() {
            caught += 1;
        }
    }
    assert!(
        caught >= 24,
        "most one-character mistakes are caught: {caught}/28"
    );
    for bad in [
        "",
        "1234",
        &text[..30],
        &format!("{text}-AAAA"),
        "ÉÉÉÉ-ÉÉÉÉ",
    ] {
        assert!(matches!(
            bad.parse::<RecoveryKey>(),
            Err(CipherError::NotARecoveryKey)
        ));
    }
}

#[test]
fn an_encrypted_database_holds_no_plain_text_and_opens_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atelier.sqlite3");
    let recovery = RecoveryKey::generate();
    {
        let mut db = Db::open_encrypted(&path, &recovery).unwrap();
        customer(&mut db, "Bérangère Quintal");
        let FileState::Encrypted { salt } = state(&path).unwrap() else {
            panic!("a new encrypted database")
        };
        assert_eq!(std::fs::read(&path).unwrap()[..16], salt);
        // Committed, not yet checkpointed: in the WAL, encrypted too.
        assert!(!contains(
            &dir.path().join("atelier.sqlite3-wal"),
            "Quintal"
        ));
    }
    assert!(!contains(&path, "Quintal"));
    assert!(!contains(&path, "SQLite format 3"));
    let again = Db::open_encrypted(&path, &recovery).unwrap();
    let kept: String = again
        .conn()
        .query_row(
            "SELECT value FROM local_settings WHERE key = 'probe.Bérangère Quintal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "Bérangère Quintal");
    drop(again);
    let other = RecoveryKey::generate();
    let refused = Db::open_encrypted(&path, &other).unwrap_err();
    assert_eq!(refused.code(), "database_key");
    let plain = Db::open(&path).unwrap_err();
    assert!(matches!(plain, Error::Storage(_)), "{plain:?}");
}

#[test]
fn a_plain_database_is_encrypted_with_every_row_and_no_plain_byte_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atelier.sqlite3");
    let mut db = Db::open(&path).unwrap();
    for i in 0..300 {
        customer(&mut db, &format!("Client Numéro {i}"));
    }
    drop(db);
    assert_eq!(state(&path).unwrap(), FileState::Plain);
    assert!(contains(&path, "Client Numéro 299"));
    let recovery = RecoveryKey::generate();
    let heard = std::sync::Mutex::new(Vec::new());
    reencrypt(&path, None, &recovery, &|done, total| {
        heard.lock().unwrap().push((done, total));
    })
    .unwrap();
    assert!(matches!(state(&path).unwrap(), FileState::Encrypted { .. }));
    assert!(!contains(&path, "Numéro"));
    assert!(!sibling(&path, "encrypting").exists());
    let heard = heard.into_inner().unwrap();
    let &(done, total) = heard.last().unwrap();
    assert!(
        total > 0 && done == total,
        "progress ends at the whole: {heard:?}"
    );
    let db = Db::open_encrypted(&path, &recovery).unwrap();
    let n: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM local_settings WHERE key LIKE 'probe.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 300);
    let mode: String = db
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_conversion_killed_half_way_leaves_the_plain_database_and_is_done_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atelier.sqlite3");
    let mut db = Db::open(&path).unwrap();
    customer(&mut db, "Marcel Dupuis");
    drop(db);
    let before = std::fs::read(&path).unwrap();
    // What a kill -9 in the middle of the copy leaves: the copy cut short.
    let copy = sibling(&path, "encrypting");
    std::fs::write(&copy, &before[..before.len() / 2]).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the original untouched"
    );
    let recovery = RecoveryKey::generate();
    reencrypt(&path, None, &recovery, &|_, _| {}).unwrap();
    assert!(!copy.exists());
    assert!(!contains(&path, "Dupuis"));
    Db::open_encrypted(&path, &recovery).unwrap();
}

#[test]
fn a_new_key_from_the_same_recovery_key_gives_a_new_salt_and_keeps_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("atelier.sqlite3");
    let recovery = RecoveryKey::generate();
    let mut db = Db::open_encrypted(&path, &recovery).unwrap();
    customer(&mut db, "Odile Ferrand");
    drop(db);
    let FileState::Encrypted { salt: before } = state(&path).unwrap() else {
        panic!()
    };
    let wrong = RecoveryKey::generate();
    let refused = reencrypt(&path, Some(&wrong), &wrong, &|_, _| {}).unwrap_err();
    assert_eq!(refused.code(), "database_key");
    reencrypt(&path, Some(&recovery), &recovery, &|_, _| {}).unwrap();
    let FileState::Encrypted { salt: after } = state(&path).unwrap() else {
        panic!()
    };
    assert_ne!(before, after, "a new salt, so a new key");
    let db = Db::open_encrypted(&path, &recovery).unwrap();
    let n: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM local_settings WHERE key = 'probe.Odile Ferrand'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_file_that_is_no_database_is_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short");
    std::fs::write(&short, b"abc").unwrap();
    assert_eq!(state(&short).unwrap_err().code(), "not_a_database");
    let photo = dir.path().join("photo.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 not a database at all").unwrap();
    assert_eq!(state(&photo).unwrap_err().code(), "not_a_database");
    assert_eq!(state(&dir.path().join("none")).unwrap(), FileState::Missing);
    let empty = dir.path().join("empty");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(state(&empty).unwrap(), FileState::Missing);
}

#[test]
fn a_file_key_reads_back_from_its_raw_form_only() {
    let key = FileKey::random();
    assert_eq!(FileKey::from_raw(&key.raw()), Some(key.clone()));
    assert_ne!(FileKey::random(), key);
    let raw = key.raw();
    for bad in [
        "",
        "x''",
        &raw[..raw.len() - 1],
        &raw.replace("x'", "X'"),
        &format!("x'+{}", &raw[3..]),
        &format!("{}0'", &raw[..raw.len() - 1]),
    ] {
        assert_eq!(FileKey::from_raw(bad), None, "{bad}");
    }
}

#[test]
fn a_recovery_key_from_a_secret_kept_elsewhere_gives_the_same_keys_each_time() {
    let secret = [7_u8; 16];
    let (one, again) = (
        RecoveryKey::from_bytes(secret),
        RecoveryKey::from_bytes(secret),
    );
    assert_eq!(one, again);
    let salt = [1_u8; 16];
    assert_eq!(
        FileKey::derive(&one, salt, Purpose::Database),
        FileKey::derive(&again, salt, Purpose::Database),
        "the server opens its shadows again after a restart"
    );
    assert_ne!(RecoveryKey::from_bytes([8; 16]), one);
    assert_eq!(one.to_string().parse::<RecoveryKey>().unwrap(), one);
}

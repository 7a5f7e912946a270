//! Message settings: secrets go to the keyring, never the database, and a
//! password typed before they moved there is still used, then moved.
//! Sending (consent, send-once under retries and crashes, real deliveries on
//! loopback) is tested in atelier-messaging.

use atelier_domain::Locale;

use super::secrets::{InMemory, Secrets, Unavailable};
use super::*;
use crate::db::test_db;

fn local_value(db: &Db, key: &str) -> Option<String> {
    db.conn()
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [format!("messages.{key}")],
            |r| r.get(0),
        )
        .ok()
}

#[test]
fn secrets_go_to_the_keyring_never_the_database_and_without_one_nothing_is_saved() {
    let mut db = test_db();
    let form = MessageSettingsInput {
        smtp_host: Some("smtp.garage.fr".into()),
        smtp_user: Some("atelier".into()),
        smtp_password: Some("s3cret!".into()),
        smtp_from: Some("atelier@garage.fr".into()),
        sms_url: Some("https://sms.example/api".into()),
        sms_key: Some("key-42".into()),
        ..MessageSettingsInput::default()
    };
    // No keyring: refused with what to do, and not even the host is saved.
    let err = db
        .write(|tx| save_settings(tx, &form, &Unavailable))
        .unwrap_err();
    assert!(
        err.message(Locale::Fr)
            .contains("Aucun trousseau de clés du système n’est disponible"),
        "{}",
        err.message(Locale::Fr)
    );
    assert_eq!(settings(db.conn()).unwrap().smtp_host, None);

    // With one: the secrets are there, the database only knows they are.
    let keyring = InMemory::default();
    let saved = db.write(|tx| save_settings(tx, &form, &keyring)).unwrap();
    assert!(saved.smtp_password_set && saved.sms_key_set);
    assert_eq!(
        keyring.get("smtp_password").unwrap().as_deref(),
        Some("s3cret!")
    );
    assert_eq!(keyring.get("sms_key").unwrap().as_deref(), Some("key-42"));
    let anywhere: i64 = db
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM local_settings WHERE value IN ('s3cret!', 'key-42')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(anywhere, 0);
    assert_eq!(
        sending_secrets(db.conn(), &keyring).unwrap(),
        (Some("s3cret!".into()), Some("key-42".into()))
    );

    // Saved again with the fields blank: kept. Cleared: forgotten everywhere.
    let blank = MessageSettingsInput {
        smtp_password: None,
        sms_key: None,
        ..form.clone()
    };
    assert!(
        db.write(|tx| save_settings(tx, &blank, &keyring))
            .unwrap()
            .smtp_password_set
    );
    let clear = MessageSettingsInput {
        clear_secrets: true,
        ..blank
    };
    let cleared = db.write(|tx| save_settings(tx, &clear, &keyring)).unwrap();
    assert!(!cleared.smtp_password_set && !cleared.sms_key_set);
    assert_eq!(keyring.get("smtp_password").unwrap(), None);
}

#[test]
fn a_password_typed_before_secrets_moved_to_the_keyring_is_used_then_moved() {
    let mut db = test_db();
    let form = MessageSettingsInput {
        smtp_host: Some("smtp.garage.fr".into()),
        smtp_from: Some("atelier@garage.fr".into()),
        ..MessageSettingsInput::default()
    };
    let keyring = InMemory::default();
    db.write(|tx| save_settings(tx, &form, &keyring)).unwrap();
    db.conn()
        .execute(
            "INSERT INTO local_settings (key, value) VALUES ('messages.smtp_password', 'ancien')",
            [],
        )
        .unwrap();
    assert!(settings(db.conn()).unwrap().smtp_password_set);
    assert_eq!(
        sending_secrets(db.conn(), &keyring).unwrap().0.as_deref(),
        Some("ancien")
    );
    db.write(|tx| save_settings(tx, &form, &keyring)).unwrap();
    assert_eq!(local_value(&db, "smtp_password"), None);
    assert_eq!(
        keyring.get("smtp_password").unwrap().as_deref(),
        Some("ancien")
    );
    assert_eq!(
        sending_secrets(db.conn(), &keyring).unwrap().0.as_deref(),
        Some("ancien")
    );
}

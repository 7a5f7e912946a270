use super::*;
use crate::db::test_db;

const NOW: u64 = 1_763_700_000_000;

fn input(login: &str, name: &str, roles: &[Role], password: &str) -> UserInput {
    UserInput {
        login: Some(login.into()),
        display_name: Some(name.into()),
        roles: roles.to_vec(),
        password: Some(password.into()),
        pin: None,
        clear_pin: false,
    }
}

fn owner(db: &mut Db) -> User {
    db.write(|tx| {
        create(
            tx,
            NOW,
            &input("sophie", "Sophie Martin", &[Role::Owner], "garage-2026"),
        )
    })
    .unwrap()
}

fn field_of(err: &Error) -> Option<&'static str> {
    err.field()
}

fn user_count(db: &Db) -> i64 {
    db.conn()
        .query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_user_signs_in_with_the_password_and_never_stores_it() {
    let mut db = test_db();
    let sophie = owner(&mut db);
    let stored: String = db
        .conn()
        .query_row("SELECT password_hash FROM users", [], |r| r.get(0))
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$"),
        "argon2id PHC string: {stored}"
    );
    assert!(!stored.contains("garage-2026"));
    let outbox: String = db
        .conn()
        .query_row(
            "SELECT payload FROM outbox WHERE entity = 'users'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!outbox.contains("garage-2026"), "the secret never travels");
    let audit: String = db
        .conn()
        .query_row(
            "SELECT changes FROM audit_log WHERE entity = 'users'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!audit.contains("argon2"), "the trail masks hashes: {audit}");

    let actor = sign_in(&mut db, NOW, " Sophie ", "garage-2026").unwrap();
    assert_eq!(actor.user, Some(sophie.id), "logins ignore case and spaces");
    assert!(actor.roles.has(Role::Owner));
    assert_eq!(
        sign_in(&mut db, NOW, "sophie", "Garage-2026")
            .unwrap_err()
            .code(),
        "sign_in_failed"
    );
    assert_eq!(
        sign_in(&mut db, NOW, "nobody", "garage-2026")
            .unwrap_err()
            .code(),
        "sign_in_failed",
        "an unknown login gets the same answer"
    );
}

#[test]
fn failures_slow_down_then_lock_the_account_for_a_while() {
    let mut db = test_db();
    owner(&mut db);
    let mut now = NOW;
    for _ in 0..3 {
        assert_eq!(
            sign_in(&mut db, now, "sophie", "wrong-one")
                .unwrap_err()
                .code(),
            "sign_in_failed"
        );
    }
    // The third failure makes the next attempt wait 1 s, even with the right password.
    let err = sign_in(&mut db, now + 500, "sophie", "garage-2026").unwrap_err();
    assert_eq!(err.code(), "sign_in_throttled");
    assert_eq!(err.details().unwrap()["wait_s"], 1);
    // Each further failure doubles the wait.
    let mut wait = 1000;
    for _ in 3..9 {
        now += wait;
        assert_eq!(
            sign_in(&mut db, now, "sophie", "wrong-one")
                .unwrap_err()
                .code(),
            "sign_in_failed"
        );
        wait *= 2;
        assert_eq!(
            sign_in(&mut db, now + wait - 1, "sophie", "wrong-one")
                .unwrap_err()
                .code(),
            "sign_in_throttled"
        );
    }
    now += wait;
    // The tenth failure locks the account for 15 minutes.
    assert_eq!(
        sign_in(&mut db, now, "sophie", "wrong-one")
            .unwrap_err()
            .code(),
        "sign_in_failed"
    );
    let locked = sign_in(&mut db, now + LOCK_MS - 60_000, "sophie", "garage-2026").unwrap_err();
    assert_eq!(locked.code(), "account_locked");
    assert!(locked.message(atelier_domain::Locale::Fr).contains("1 min"));
    // After the lock, the right password works and clears the count.
    sign_in(&mut db, now + LOCK_MS, "sophie", "garage-2026").unwrap();
    assert_eq!(
        sign_in(&mut db, now + LOCK_MS, "sophie", "wrong-one")
            .unwrap_err()
            .code(),
        "sign_in_failed"
    );
    sign_in(&mut db, now + LOCK_MS, "sophie", "garage-2026").unwrap();
}

#[test]
fn the_quick_switch_takes_a_pin_and_shares_the_lockout() {
    let mut db = test_db();
    owner(&mut db);
    let mut k = input("karim", "Karim", &[Role::Mechanic], "clé-à-molette");
    k.pin = Some("4821".into());
    let karim = db.write(|tx| create(tx, NOW, &k)).unwrap();
    assert!(karim.has_pin);
    let actor = switch_by_pin(&mut db, NOW, karim.id, "4821").unwrap();
    assert_eq!(actor.name, "Karim");
    assert!(!actor.may(crate::access::Action::Invoices));
    for _ in 0..3 {
        switch_by_pin(&mut db, NOW, karim.id, "0000").unwrap_err();
    }
    assert_eq!(
        switch_by_pin(&mut db, NOW + 10, karim.id, "4821")
            .unwrap_err()
            .code(),
        "sign_in_throttled"
    );
    let sophie = list(db.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.login == "sophie")
        .unwrap();
    assert_eq!(
        switch_by_pin(&mut db, NOW, sophie.id, "1234")
            .unwrap_err()
            .code(),
        "no_pin"
    );
}

#[test]
fn weak_passwords_bad_pins_and_taken_logins_are_refused_and_write_nothing() {
    let mut db = test_db();
    owner(&mut db);
    let before = user_count(&db);
    let cases = [
        (
            input("paul", "Paul Durand", &[Role::FrontDesk], "court"),
            "password",
        ),
        (
            input("paul", "Paul Durand", &[Role::FrontDesk], "PAUL"),
            "password",
        ),
        (
            input(
                "pauldurand",
                "Paul Durand",
                &[Role::FrontDesk],
                "pauldurand",
            ),
            "password",
        ),
        (
            input("paul", "Durandeau", &[Role::FrontDesk], "durandeau"),
            "password",
        ),
        (
            input("SOPHIE", "Sophie B", &[Role::FrontDesk], "long-enough-1"),
            "login",
        ),
        (
            input("", "Paul", &[Role::FrontDesk], "long-enough-1"),
            "login",
        ),
        (input("paul", "Paul", &[], "long-enough-1"), "roles"),
    ];
    for (case, field) in cases {
        let err = db.write(|tx| create(tx, NOW, &case)).unwrap_err();
        assert_eq!(field_of(&err), Some(field), "{case:?}: {err}");
        assert!(!err.message(atelier_domain::Locale::Fr).is_empty());
    }
    for pin in ["123", "1234567", "12a4", "１２３４"] {
        let mut case = input("paul", "Paul", &[Role::FrontDesk], "long-enough-1");
        case.pin = Some(pin.into());
        let err = db.write(|tx| create(tx, NOW, &case)).unwrap_err();
        assert_eq!(field_of(&err), Some("pin"), "{pin}");
        assert_eq!(
            err.message(atelier_domain::Locale::Fr),
            "Le code PIN doit comporter de 4 à 6 chiffres."
        );
    }
    assert_eq!(user_count(&db), before, "nothing was written");
}

#[test]
fn the_last_active_owner_cannot_be_deactivated_or_demoted() {
    let mut db = test_db();
    let sophie = owner(&mut db);
    let err = db
        .write(|tx| set_active(tx, NOW, sophie.id, false))
        .unwrap_err();
    assert_eq!(field_of(&err), Some("roles"));
    let mut demote = input("sophie", "Sophie Martin", &[Role::FrontDesk], "");
    demote.password = None;
    assert!(db.write(|tx| update(tx, NOW, sophie.id, &demote)).is_err());
    assert!(get(db.conn(), sophie.id).unwrap().roles.has(Role::Owner));

    // With a second owner, the first can step down.
    db.write(|tx| {
        create(
            tx,
            NOW,
            &input("marc", "Marc", &[Role::Owner], "atelier-marc"),
        )
    })
    .unwrap();
    let sophie = db
        .write(|tx| set_active(tx, NOW, sophie.id, false))
        .unwrap();
    assert!(!sophie.active);
    assert_eq!(
        sign_in(&mut db, NOW, "sophie", "garage-2026")
            .unwrap_err()
            .code(),
        "account_disabled"
    );
    assert_eq!(
        switch_list(db.conn()).unwrap().len(),
        1,
        "only active users are offered"
    );
}

#[test]
fn an_edit_keeps_the_password_unless_a_new_one_is_typed() {
    let mut db = test_db();
    let sophie = owner(&mut db);
    let mut edit = input("sophie", "Sophie M.", &[Role::Owner, Role::FrontDesk], "");
    edit.pin = Some("123456".into());
    let u = db.write(|tx| update(tx, NOW, sophie.id, &edit)).unwrap();
    assert_eq!(u.display_name, "Sophie M.");
    assert!(u.has_pin && u.roles.has(Role::FrontDesk));
    sign_in(&mut db, NOW, "sophie", "garage-2026").unwrap();
    switch_by_pin(&mut db, NOW, sophie.id, "123456").unwrap();
    edit.pin = None;
    edit.clear_pin = true;
    edit.password = Some("nouveau-mot".into());
    let u = db.write(|tx| update(tx, NOW, sophie.id, &edit)).unwrap();
    assert!(!u.has_pin);
    sign_in(&mut db, NOW, "sophie", "nouveau-mot").unwrap();
    let history = crate::audit::of_record(db.conn(), "users", &sophie.id.to_string()).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.changes["pin_hash"], serde_json::json!(["••••", null]));
    assert_eq!(
        last.changes["password_hash"],
        serde_json::json!(["••••", "••••"])
    );
}

#[test]
fn the_dummy_hash_is_a_real_argon2id_hash() {
    assert!(
        PasswordHash::new(DUMMY_HASH).is_ok(),
        "else unknown logins answer faster"
    );
    assert!(!verify("anything", DUMMY_HASH));
}

#[test]
fn sign_ins_and_refused_ones_go_into_the_event_journal() {
    let mut db = test_db();
    owner(&mut db);
    sign_in(&mut db, NOW, "sophie", "garage-2026").unwrap();
    sign_in(&mut db, NOW + 1, "sophie", "wrong").unwrap_err();
    sign_in(&mut db, NOW + 2, "nobody", "wrong").unwrap_err();
    let mut entries = journal::list(db.conn(), &journal::Filter::default()).unwrap();
    entries.reverse();
    let seen: Vec<(Code, bool)> = entries
        .iter()
        .map(|e| (e.code, e.user_name.as_deref() == Some("Sophie Martin")))
        .collect();
    assert_eq!(
        seen,
        [
            (Code::SignIn, true),
            (Code::SignInRefused, false),
            (Code::SignInRefused, false)
        ]
    );
    assert!(entries[1].text.contains("failure 1"));
    assert_eq!(entries[2].text, "unknown login");
    assert!(
        !entries.iter().any(|e| e.text.contains("wrong")),
        "never a password"
    );
}

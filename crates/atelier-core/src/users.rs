//! The people who use the workstations: accounts, roles, passwords and PINs,
//! sign-in with slow-down and lockout after repeated failures.
//!
//! Passwords and PINs are stored as argon2id PHC strings; the secrets
//! themselves are never stored, logged, or put in a sync operation.

mod error;

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use atelier_domain::UserId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::access::{Actor, Role, Roles};
use crate::journal::{self, Code};
use crate::outbox::{self, OpKind};
use crate::text::{clean, fold};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Db, Error, Result};

pub use error::SignInError;

const ENTITY: &str = "users";
/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;
/// Failures allowed before each further attempt must wait.
const FREE_FAILURES: i64 = 3;
/// Failures after which the account is locked for [`LOCK_MS`].
const LOCK_AFTER: i64 = 10;
/// How long a locked account stays locked.
pub const LOCK_MS: u64 = 15 * 60 * 1000;

/// A user as screens show them (never with a secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct User {
    /// Stable id.
    pub id: UserId,
    /// What they type to sign in.
    pub login: String,
    /// The name shown on screens and in histories.
    pub display_name: String,
    /// What they may do.
    pub roles: Roles,
    /// Whether they have a PIN for the quick switch.
    pub has_pin: bool,
    /// Deactivated users cannot sign in; their history stays.
    pub active: bool,
}

/// A user on the switch screen: enough to pick them, nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SwitchUser {
    /// Stable id.
    pub id: UserId,
    /// Their login, so a user without a PIN only types the password.
    pub login: String,
    /// The name on the tile.
    pub display_name: String,
    /// Whether they switch by PIN (else by password).
    pub has_pin: bool,
    /// Their roles (the tile shows them).
    pub roles: Roles,
}

/// The user form, as typed. On an edit, a blank password or PIN keeps the
/// current one; `clear_pin` removes the PIN.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UserInput {
    /// What they type to sign in.
    pub login: Option<String>,
    /// The name shown on screens.
    pub display_name: Option<String>,
    /// Their roles; at least one.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// A new password.
    pub password: Option<String>,
    /// A new 4–6 digit PIN.
    pub pin: Option<String>,
    /// Remove the PIN.
    #[serde(default)]
    pub clear_pin: bool,
}

/// Whether anyone has an account here yet (else the first-run wizard shows).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE deleted_at IS NULL")?
        .exists([])?)
}

/// Every user, active first, by name.
pub fn list(conn: &Connection) -> Result<Vec<User>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, login, display_name, roles, pin_hash IS NOT NULL, active FROM users
         WHERE deleted_at IS NULL ORDER BY active DESC, display_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], user_row)?;
    let raw = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(into_user).collect()
}

/// The active users, for the switch screen.
pub fn switch_list(conn: &Connection) -> Result<Vec<SwitchUser>> {
    Ok(list(conn)?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| SwitchUser {
            id: u.id,
            login: u.login,
            display_name: u.display_name,
            has_pin: u.has_pin,
            roles: u.roles,
        })
        .collect())
}

/// One user.
pub fn get(conn: &Connection, id: UserId) -> Result<User> {
    let raw = conn
        .prepare_cached(
            "SELECT id, login, display_name, roles, pin_hash IS NOT NULL, active FROM users
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id.to_string()], user_row)
        .optional()?
        .ok_or(Error::NotFound {
            entity: "user",
            id: id.to_string(),
        })?;
    into_user(raw)
}

type RawUser = (String, String, String, i64, bool, bool);

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawUser> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn into_user((id, login, display_name, roles, has_pin, active): RawUser) -> Result<User> {
    Ok(User {
        id: id.parse().map_err(|_| Error::Corrupt("users.id"))?,
        login,
        display_name,
        roles: Roles::from_bits(roles),
        has_pin,
        active,
    })
}

/// The actor a user acts as once signed in.
pub fn actor(user: &User) -> Actor {
    Actor {
        user: Some(user.id),
        name: user.display_name.clone(),
        roles: user.roles,
    }
}

/// Creates a user. The password is required; a PIN is optional.
pub fn create(tx: &Transaction<'_>, now_ms: u64, input: &UserInput) -> Result<User> {
    let (login, display_name, roles) = parse_identity(input)?;
    let password = input
        .password
        .as_deref()
        .filter(|p| !p.is_empty())
        .ok_or(Invalid::new(Field::Password, Problem::Required))?;
    check_password(password, &login, &display_name)?;
    let pin = input.pin.as_deref().filter(|p| !p.is_empty());
    if let Some(pin) = pin {
        check_pin(pin)?;
    }
    check_login_free(tx, &login, None)?;
    let id = UserId::new();
    let password_hash = hash(password)?;
    let pin_hash = pin.map(hash).transpose()?;
    let payload = json!({
        "login": login, "display_name": display_name, "roles": roles.bits(),
        "password_hash": password_hash, "pin_hash": pin_hash, "active": true,
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO users (id, login, login_key, display_name, roles, password_hash, pin_hash,
                            active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
    )?
    .execute(params![
        id.to_string(),
        login,
        fold(&login),
        display_name,
        roles.bits(),
        password_hash,
        pin_hash,
        hlc.as_i64()
    ])?;
    get(tx, id)
}

/// Changes a user's login, name, roles, and (when typed) password or PIN.
/// Refuses to take the owner role from the last active owner.
pub fn update(tx: &Transaction<'_>, now_ms: u64, id: UserId, input: &UserInput) -> Result<User> {
    let before = get(tx, id)?;
    let (login, display_name, roles) = parse_identity(input)?;
    check_login_free(tx, &login, Some(id))?;
    if before.active && before.roles.has(Role::Owner) && !roles.has(Role::Owner) {
        ensure_other_owner(tx, id, Field::Roles)?;
    }
    let mut changes = Map::new();
    let mut old = Map::new();
    let mut note = |key: &str, was: Value, now: Value| {
        if was != now {
            old.insert(key.to_owned(), was);
            changes.insert(key.to_owned(), now);
        }
    };
    note("login", json!(before.login), json!(login));
    note(
        "display_name",
        json!(before.display_name),
        json!(display_name),
    );
    note("roles", json!(before.roles.bits()), json!(roles.bits()));
    let password = input.password.as_deref().filter(|p| !p.is_empty());
    if let Some(p) = password {
        check_password(p, &login, &display_name)?;
    }
    let pin = input.pin.as_deref().filter(|p| !p.is_empty());
    if let Some(p) = pin {
        check_pin(p)?;
    }
    let password_hash = password.map(hash).transpose()?;
    let pin_hash = pin.map(hash).transpose()?;
    // Hashes travel with the user (sync); the audit trail masks them.
    // The old hashes are only marked as present: the trail masks them anyway.
    if let Some(h) = &password_hash {
        old.insert("password_hash".into(), json!("set"));
        changes.insert("password_hash".into(), json!(h));
    }
    let had_pin = if before.has_pin {
        json!("set")
    } else {
        Value::Null
    };
    if let Some(h) = &pin_hash {
        old.insert("pin_hash".into(), had_pin);
        changes.insert("pin_hash".into(), json!(h));
    } else if input.clear_pin && before.has_pin {
        old.insert("pin_hash".into(), had_pin);
        changes.insert("pin_hash".into(), Value::Null);
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE users SET login = ?2, login_key = ?3, display_name = ?4, roles = ?5,
                password_hash = COALESCE(?6, password_hash),
                pin_hash = CASE WHEN ?7 IS NOT NULL THEN ?7 WHEN ?8 THEN NULL ELSE pin_hash END,
                updated_at = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        login,
        fold(&login),
        display_name,
        roles.bits(),
        password_hash,
        pin_hash,
        input.clear_pin,
        hlc.as_i64()
    ])?;
    get(tx, id)
}

/// Deactivates (or reactivates) a user. The last active owner cannot be
/// deactivated.
pub fn set_active(tx: &Transaction<'_>, now_ms: u64, id: UserId, active: bool) -> Result<User> {
    let before = get(tx, id)?;
    if before.active == active {
        return Ok(before);
    }
    if !active && before.roles.has(Role::Owner) {
        ensure_other_owner(tx, id, Field::Roles)?;
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({ "active": active }),
        Some(&Map::from_iter([(
            "active".to_owned(),
            json!(before.active),
        )])),
    )?;
    tx.prepare_cached("UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id.to_string(), active, hlc.as_i64()])?;
    get(tx, id)
}

/// Signs in by login and password. Each failure is counted (and committed,
/// even though the call fails): after three, every attempt must wait longer
/// (1 s, 2 s, 4 s…), and the tenth locks the account for 15 minutes. An
/// unknown login takes as long as a wrong password and says the same.
pub fn sign_in(db: &mut Db, now_ms: u64, login: &str, password: &str) -> Result<Actor> {
    let key = fold(login.trim());
    let found: Option<(String, String)> = db
        .conn()
        .prepare_cached(
            "SELECT id, password_hash FROM users WHERE login_key = ?1 AND deleted_at IS NULL",
        )?
        .query_row([&key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((id, stored)) = found else {
        // Same work as a real check, so timing does not tell which logins exist.
        let _ = verify(password, DUMMY_HASH);
        refused(db, now_ms, "unknown login")?;
        return Err(SignInError::Failed.into());
    };
    let id: UserId = id.parse().map_err(|_| Error::Corrupt("users.id"))?;
    attempt(db, now_ms, id, |_| verify(password, &stored))
}

/// Switches to `user` by their PIN, with the same slow-down and lockout as
/// [`sign_in`].
pub fn switch_by_pin(db: &mut Db, now_ms: u64, user: UserId, pin: &str) -> Result<Actor> {
    let stored: Option<String> = db
        .conn()
        .prepare_cached("SELECT pin_hash FROM users WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([user.to_string()], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            entity: "user",
            id: user.to_string(),
        })?;
    let Some(stored) = stored else {
        return Err(SignInError::NoPin.into());
    };
    attempt(db, now_ms, user, |_| verify(pin, &stored))
}

/// A fixed argon2id hash of a random secret, checked when a login is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$u7iVg5PSkO8W9Q3Xy9V0QpUjV8Q5Qm3y3d1w0v8gQxk";

fn attempt(
    db: &mut Db,
    now_ms: u64,
    id: UserId,
    check: impl FnOnce(UserId) -> bool,
) -> Result<Actor> {
    let now = i64::try_from(now_ms).unwrap_or(i64::MAX);
    let throttle: Option<(i64, i64)> = db
        .conn()
        .prepare_cached("SELECT failures, not_before FROM sign_in_failures WHERE user_id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((failures, not_before)) = throttle
        && now < not_before
    {
        refused(db, now_ms, &format!("user {id}: waiting"))?;
        let wait_s = u64::try_from((not_before - now + 999) / 1000).unwrap_or(1);
        return Err(if failures >= LOCK_AFTER {
            SignInError::AccountLocked {
                minutes: wait_s.div_ceil(60),
            }
        } else {
            SignInError::Throttled { wait_s }
        }
        .into());
    }
    if !check(id) {
        let failures = throttle.map_or(0, |t| t.0) + 1;
        let delay_ms = if failures >= LOCK_AFTER {
            i64::try_from(LOCK_MS).unwrap_or(i64::MAX)
        } else if failures >= FREE_FAILURES {
            1000_i64 << (failures - FREE_FAILURES).min(16)
        } else {
            0
        };
        db.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO sign_in_failures (user_id, failures, last_failed_at, not_before)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id) DO UPDATE SET failures = ?2, last_failed_at = ?3, not_before = ?4",
            )?
            .execute(params![id.to_string(), failures, now, now + delay_ms])?;
            journal::record(
                tx,
                now_ms,
                Code::SignInRefused,
                &format!("user {id}: failure {failures}"),
            )?;
            Ok(())
        })?;
        return Err(SignInError::Failed.into());
    }
    let user = get(db.conn(), id)?;
    if !user.active {
        refused(db, now_ms, &format!("user {id}: disabled"))?;
        return Err(SignInError::AccountDisabled.into());
    }
    db.write(|tx| {
        tx.prepare_cached("DELETE FROM sign_in_failures WHERE user_id = ?1")?
            .execute([id.to_string()])?;
        journal::record_by(
            tx,
            now_ms,
            Code::SignIn,
            &id.to_string(),
            (Some(id.to_string()), Some(user.display_name.clone())),
        )?;
        Ok(())
    })?;
    Ok(actor(&user))
}

/// Journals a refused sign-in (the technical-event journal keeps them).
fn refused(db: &mut Db, now_ms: u64, text: &str) -> Result<()> {
    db.write(|tx| journal::record(tx, now_ms, Code::SignInRefused, text))
        .map(|_| ())
}

fn parse_identity(input: &UserInput) -> Result<(String, String, Roles), Invalid> {
    let login =
        clean(input.login.as_deref()).ok_or(Invalid::new(Field::Login, Problem::Required))?;
    max_len(Field::Login, Some(&login), 60)?;
    let display_name = clean(input.display_name.as_deref())
        .ok_or(Invalid::new(Field::DisplayName, Problem::Required))?;
    max_len(Field::DisplayName, Some(&display_name), 80)?;
    let roles = Roles::of(&input.roles);
    if roles.is_empty() {
        return Err(Invalid::new(Field::Roles, Problem::Required));
    }
    Ok((login, display_name, roles))
}

fn check_password(password: &str, login: &str, name: &str) -> Result<(), Invalid> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Invalid::new(
            Field::Password,
            Problem::PasswordTooShort { min: MIN_PASSWORD },
        ));
    }
    let p = fold(password);
    if p == fold(login) || p == fold(name) || fold(name).split(' ').any(|part| part == p) {
        return Err(Invalid::new(Field::Password, Problem::PasswordIsName));
    }
    Ok(())
}

fn check_pin(pin: &str) -> Result<(), Invalid> {
    if (4..=6).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Invalid::new(Field::Pin, Problem::PinDigits))
    }
}

fn check_login_free(conn: &Connection, login: &str, except: Option<UserId>) -> Result<()> {
    let taken = conn
        .prepare_cached("SELECT 1 FROM users WHERE login_key = ?1 AND id IS NOT ?2")?
        .exists(params![fold(login), except.map(|u| u.to_string())])?;
    if taken {
        return Err(Invalid::new(Field::Login, Problem::LoginTaken).into());
    }
    Ok(())
}

fn ensure_other_owner(conn: &Connection, id: UserId, field: Field) -> Result<()> {
    let others: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM users
             WHERE active = 1 AND deleted_at IS NULL AND (roles & 1) = 1 AND id <> ?1",
        )?
        .query_row([id.to_string()], |r| r.get(0))?;
    if others == 0 {
        return Err(Invalid::new(field, Problem::LastOwner).into());
    }
    Ok(())
}

fn hash(secret: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::Corrupt("password hashing"))
}

fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A user's derived data: the folded login people sign in with.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[ENTITY]
    }

    fn columns(
        &self,
        _entity: &str,
        payload: &Map<String, Value>,
    ) -> Vec<(&'static str, rusqlite::types::Value)> {
        vec![crate::derive::folded("login_key", payload, "login")]
    }

    fn refresh(&self, tx: &Transaction<'_>, _entity: &str, row_id: &str) -> Result<()> {
        crate::derive::rekey(tx, ENTITY, "login_key", "login", row_id)
    }
}

#[cfg(test)]
mod tests;

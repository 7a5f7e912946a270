//! The audit trail: who changed what, when, with the old and new values.
//!
//! Entries are written by [`crate::outbox::record`], so every synced write has
//! its entry in the same transaction, and the author is whoever
//! [`crate::access::set_author`] named on the connection. The table refuses
//! updates and deletes (triggers in the V3 migration): the trail is append-only.
//! One exception, the right to erasure (V19): an anonymisation may erase the
//! values an entry holds, once ([`erase`]), never its facts.

use atelier_domain::{DeviceId, Hlc, UserId};
use rusqlite::{Connection, Transaction, params_from_iter, types::Value as SqlValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Result, access};

/// One change, as the audit screen and a record's history show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// Position in the trail (increasing).
    pub id: i64,
    /// When, in Unix milliseconds.
    pub at_ms: u64,
    /// Who: the user's id, `None` for the system.
    pub user_id: Option<UserId>,
    /// Who, by name at the time.
    pub user_name: Option<String>,
    /// Which workstation.
    pub device_id: DeviceId,
    /// The kind of record, e.g. `customers`.
    pub entity: String,
    /// Which record.
    pub row_id: String,
    /// `insert`, `update`, `delete` or `merge`.
    pub kind: String,
    /// Each field with `[old, new]`.
    pub changes: Map<String, Value>,
    /// Whether its personal values were erased (a customer anonymised):
    /// they then read `••••`.
    pub erased: bool,
}

/// Writes the entry of one operation (called by the outbox only).
#[allow(
    clippy::too_many_arguments,
    reason = "one entry is exactly these facts"
)]
pub(crate) fn append(
    tx: &Transaction<'_>,
    now_ms: u64,
    hlc: Hlc,
    device: DeviceId,
    entity: &str,
    row_id: &str,
    kind: &str,
    payload: &Value,
    before: Option<&Map<String, Value>>,
) -> Result<Option<String>> {
    let (user_id, user_name) = access::author(tx)?;
    let changes = match payload {
        Value::Object(fields) => serde_json::to_string(&Changes { fields, before }),
        other => serde_json::to_string(&serde_json::json!({ "value": other })),
    }
    .map_err(|_| crate::Error::Corrupt("audit_log.changes"))?;
    tx.prepare_cached(
        "INSERT INTO audit_log (at_ms, hlc, user_id, user_name, device_id, entity, row_id, kind, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        hlc.as_i64(),
        user_id,
        user_name,
        device.to_string(),
        entity,
        row_id,
        kind,
        changes,
    ])?;
    Ok(user_name)
}

/// An entry's changes as stored: each field with `[old, new]`, written from
/// the operation's payload and the old values without copying them.
struct Changes<'a> {
    fields: &'a Map<String, Value>,
    before: Option<&'a Map<String, Value>>,
}

impl Serialize for Changes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (k, new) in self.fields {
            let old = self.before.and_then(|b| b.get(k)).unwrap_or(&Value::Null);
            if k.ends_with("_hash") || k.ends_with("_png") {
                // A password or PIN hash, or an image: the trail says it
                // changed, not to what.
                map.serialize_entry(k, &[mask(old), mask(new)])?;
            } else {
                map.serialize_entry(k, &[old, new])?;
            }
        }
        map.end()
    }
}

fn mask(v: &Value) -> Value {
    if v.is_null() {
        Value::Null
    } else {
        Value::String(MASK.into())
    }
}

/// What an erased or hidden value reads in the trail.
pub const MASK: &str = "••••";

/// `values` as the trail shows them once erased: each present value masked,
/// an absent one still `null`, so the entry says which fields had a value.
pub(crate) fn masked(values: &Map<String, Value>) -> Map<String, Value> {
    values.iter().map(|(k, v)| (k.clone(), mask(v))).collect()
}

/// Erases the values of `fields` from the entries about record `row_id` of
/// `entity` written before `before` and not erased yet (an anonymisation):
/// each of those fields then reads `[••••, ••••]` (or `null` where it was
/// empty). The entry keeps when, who, on which station, which record, what
/// kind of change and which fields changed. Answers how many entries it
/// erased.
pub(crate) fn erase(
    tx: &Transaction<'_>,
    now_ms: u64,
    entity: &str,
    row_id: &str,
    fields: &[&str],
    before: Hlc,
) -> Result<usize> {
    let entries: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT id, changes FROM audit_log
              WHERE entity = ?1 AND row_id = ?2 AND hlc < ?3 AND erased_at IS NULL",
        )?
        .query_map((entity, row_id, before.as_i64()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut erased = 0;
    for (id, text) in entries {
        let Ok(Value::Object(mut changes)) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut touched = false;
        for field in fields {
            if let Some(Value::Array(pair)) = changes.get_mut(*field) {
                for v in pair.iter_mut() {
                    let m = mask(v);
                    touched |= m != *v;
                    *v = m;
                }
            }
        }
        if touched {
            tx.prepare_cached("UPDATE audit_log SET changes = ?2, erased_at = ?3 WHERE id = ?1")?
                .execute(rusqlite::params![
                    id,
                    Value::Object(changes).to_string(),
                    i64::try_from(now_ms).unwrap_or(i64::MAX)
                ])?;
            erased += 1;
        }
    }
    Ok(erased)
}

/// What the owner filters the trail by; every part is optional.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filter {
    /// Only this user's changes (`"system"` for the system's).
    pub user_id: Option<String>,
    /// Only this kind of record.
    pub entity: Option<String>,
    /// From this day (YYYY-MM-DD, inclusive, UTC).
    pub from: Option<String>,
    /// Until this day (YYYY-MM-DD, inclusive, UTC).
    pub to: Option<String>,
    /// Only entries older than this id (the next page).
    pub before_id: Option<i64>,
    /// At most this many (default 100, at most 500).
    pub limit: Option<u32>,
}

/// The newest entries matching `filter`, newest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Entry>> {
    let mut sql = String::from(
        "SELECT id, at_ms, user_id, user_name, device_id, entity, row_id, kind, changes,
                erased_at IS NOT NULL
         FROM audit_log WHERE 1 = 1",
    );
    let mut args: Vec<SqlValue> = Vec::new();
    match filter.user_id.as_deref() {
        Some("system") => sql.push_str(" AND user_id IS NULL"),
        Some(user) => {
            sql.push_str(" AND user_id = ?");
            args.push(SqlValue::Text(user.to_owned()));
        }
        None => {}
    }
    if let Some(entity) = &filter.entity {
        sql.push_str(" AND entity = ?");
        args.push(SqlValue::Text(entity.clone()));
    }
    if let Some(ms) = filter.from.as_deref().and_then(crate::text::day_start_ms) {
        sql.push_str(" AND at_ms >= ?");
        args.push(SqlValue::Integer(ms));
    }
    if let Some(ms) = filter.to.as_deref().and_then(crate::text::day_start_ms) {
        sql.push_str(" AND at_ms < ?");
        args.push(SqlValue::Integer(ms + 86_400_000));
    }
    if let Some(id) = filter.before_id {
        sql.push_str(" AND id < ?");
        args.push(SqlValue::Integer(id));
    }
    sql.push_str(" ORDER BY id DESC LIMIT ?");
    args.push(SqlValue::Integer(i64::from(
        filter.limit.unwrap_or(100).clamp(1, 500),
    )));
    query(conn, &sql, args)
}

/// The history of one record, oldest first.
pub fn of_record(conn: &Connection, entity: &str, row_id: &str) -> Result<Vec<Entry>> {
    query(
        conn,
        "SELECT id, at_ms, user_id, user_name, device_id, entity, row_id, kind, changes,
                erased_at IS NOT NULL
         FROM audit_log WHERE entity = ? AND row_id = ? ORDER BY id",
        vec![
            SqlValue::Text(entity.to_owned()),
            SqlValue::Text(row_id.to_owned()),
        ],
    )
}

fn query(conn: &Connection, sql: &str, args: Vec<SqlValue>) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(sql)?;
    stmt.query_map(params_from_iter(args), entry)?
        .map(|r| r?)
        .collect()
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Entry>> {
    let (user, device): (Option<String>, String) = (r.get(2)?, r.get(4)?);
    let (Ok(user_id), Ok(device_id)) = (user.map(|u| u.parse()).transpose(), device.parse()) else {
        return Ok(Err(crate::Error::Corrupt("audit_log")));
    };
    Ok(Ok(Entry {
        id: r.get(0)?,
        at_ms: r.get::<_, i64>(1)?.unsigned_abs(),
        user_id,
        user_name: r.get(3)?,
        device_id,
        entity: r.get(5)?,
        row_id: r.get(6)?,
        kind: r.get(7)?,
        changes: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
        erased: r.get(9)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Actor, Role, Roles};
    use crate::customers::{self, CustomerInput};
    use crate::db::test_db;
    use atelier_domain::UserId;

    const NOW: u64 = 1_763_700_000_000;

    fn input(last: &str) -> CustomerInput {
        CustomerInput {
            kind: Some("individual".into()),
            last_name: Some(last.into()),
            ..CustomerInput::default()
        }
    }

    #[test]
    fn every_write_names_its_author_and_edits_show_old_and_new() {
        let mut db = test_db();
        let karim = Actor {
            user: Some(UserId::new()),
            name: "Karim".into(),
            roles: Roles::of(&[Role::FrontDesk]),
        };
        access::set_author(db.conn(), Some(&karim)).unwrap();
        let c = db
            .write(|tx| customers::create(tx, NOW, &input("Martin")))
            .unwrap();
        let mut edit = input("Martin");
        edit.phone = Some("06 12 34 56 78".into());
        db.write(|tx| customers::update(tx, NOW + 1000, c.id, &edit))
            .unwrap();

        let history = of_record(db.conn(), "customers", &c.id.to_string()).unwrap();
        assert_eq!(history.len(), 2, "one entry per write: {history:?}");
        assert_eq!(history[0].kind, "insert");
        assert_eq!(
            history[0].changes["last_name"],
            serde_json::json!([null, "Martin"])
        );
        assert_eq!(history[1].kind, "update");
        assert_eq!(history[1].user_name.as_deref(), Some("Karim"));
        assert_eq!(
            history[1].user_id, karim.user,
            "the entry names the signed-in user"
        );
        assert_eq!(
            history[1].changes["phone"],
            serde_json::json!([null, "+33612345678"])
        );
        assert_eq!(history[1].changes.len(), 1, "only changed fields");
    }

    #[test]
    fn archiving_and_merging_are_in_the_trail_too() {
        let mut db = test_db();
        let a = db
            .write(|tx| customers::create(tx, NOW, &input("Martin")))
            .unwrap();
        let b = db
            .write(|tx| customers::create(tx, NOW, &input("Martine")))
            .unwrap();
        db.write(|tx| customers::merge(tx, NOW, a.id, b.id))
            .unwrap();
        db.write(|tx| customers::archive(tx, NOW, a.id)).unwrap();
        let kinds: Vec<String> = list(db.conn(), &Filter::default())
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert!(kinds.contains(&"merge".to_owned()), "{kinds:?}");
        assert!(kinds.contains(&"delete".to_owned()), "{kinds:?}");
    }

    #[test]
    fn a_rolled_back_write_leaves_no_entry() {
        let mut db = test_db();
        let failed = db.write(|tx| {
            customers::create(tx, NOW, &input("Durand"))?;
            Err::<(), _>(crate::Error::NotSignedIn)
        });
        assert!(failed.is_err());
        assert!(list(db.conn(), &Filter::default()).unwrap().is_empty());
    }

    #[test]
    fn entries_cannot_be_edited_or_deleted() {
        let mut db = test_db();
        db.write(|tx| customers::create(tx, NOW, &input("Petit")))
            .unwrap();
        let conn = db.conn();
        assert!(
            conn.execute("UPDATE audit_log SET user_name = 'x'", [])
                .is_err()
        );
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
        assert_eq!(list(conn, &Filter::default()).unwrap().len(), 1);
    }

    #[test]
    fn erasing_an_entry_keeps_who_when_and_which_fields_but_not_the_values() {
        let mut db = test_db();
        let c = db
            .write(|tx| customers::create(tx, NOW, &input("Martin")))
            .unwrap();
        let mut edit = input("Martin");
        edit.phone = Some("06 12 34 56 78".into());
        db.write(|tx| customers::update(tx, NOW + 1000, c.id, &edit))
            .unwrap();
        let id = c.id.to_string();
        let erased = db
            .write(|tx| {
                erase(
                    tx,
                    NOW + 2000,
                    "customers",
                    &id,
                    &["last_name", "phone"],
                    Hlc::MAX,
                )
            })
            .unwrap();
        assert_eq!(erased, 2, "the insert and the edit held values");

        let history = of_record(db.conn(), "customers", &id).unwrap();
        assert_eq!(history.len(), 2, "no entry goes away");
        assert!(history.iter().all(|e| e.erased));
        assert_eq!(
            history[0].changes["last_name"],
            serde_json::json!([null, MASK])
        );
        assert_eq!(
            history[0].changes["kind"],
            serde_json::json!([null, "individual"]),
            "what is not personal stays readable"
        );
        assert_eq!(history[1].changes["phone"], serde_json::json!([null, MASK]));
        assert_eq!(history[1].kind, "update");
        assert_eq!(history[1].at_ms, NOW + 1000);

        let conn = db.conn();
        assert!(
            conn.execute("UPDATE audit_log SET changes = '{}', erased_at = 9", [])
                .is_err(),
            "an entry is erased once"
        );
        db.write(|tx| customers::update(tx, NOW + 3000, c.id, &input("Dupont")))
            .unwrap();
        let conn = db.conn();
        for forged in [
            "UPDATE audit_log SET changes = '{}' WHERE erased_at IS NULL",
            "UPDATE audit_log SET user_name = 'x', erased_at = 9 WHERE erased_at IS NULL",
            "UPDATE audit_log SET at_ms = 1, erased_at = 9 WHERE erased_at IS NULL",
        ] {
            assert!(conn.execute(forged, []).is_err(), "refused: {forged}");
        }
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn the_trail_filters_by_user_kind_and_day() {
        let mut db = test_db();
        let a = Actor {
            user: Some(UserId::new()),
            name: "A".into(),
            roles: Roles::of(&[Role::Owner]),
        };
        db.write(|tx| customers::create(tx, NOW, &input("Système")))
            .unwrap();
        access::set_author(db.conn(), Some(&a)).unwrap();
        db.write(|tx| customers::create(tx, NOW + 86_400_000, &input("Lendemain")))
            .unwrap();
        let conn = db.conn();
        let by_a = Filter {
            user_id: a.user.map(|u| u.to_string()),
            ..Filter::default()
        };
        assert_eq!(list(conn, &by_a).unwrap().len(), 1);
        let system = Filter {
            user_id: Some("system".into()),
            ..Filter::default()
        };
        assert_eq!(list(conn, &system).unwrap()[0].user_name, None);
        let day = crate::text::today(NOW + 86_400_000);
        let next_day = Filter {
            from: Some(day.clone()),
            to: Some(day),
            ..Filter::default()
        };
        assert_eq!(list(conn, &next_day).unwrap().len(), 1);
        let vehicles = Filter {
            entity: Some("vehicles".into()),
            ..Filter::default()
        };
        assert!(list(conn, &vehicles).unwrap().is_empty());
    }
}

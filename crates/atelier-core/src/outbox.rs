//! The outbox: every synced write appends its operation here, in the same
//! transaction as the row it changes (DESIGN.md, Sync/Capture).
//!
//! Operations are written by the application rather than by triggers (an
//! outbox row alone measured 1.9x a plain insert, against 2.8–3.4x for JSON
//! triggers). With its audit entry, clock tick and field stamps an operation
//! costs 10–14 µs: 1.1–1.2x the application's own writes, 4–10x a bare
//! one-statement write (BENCHMARKS.md, Change capture).

use atelier_domain::{DeviceId, Hlc, OperationId};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::stamps::{self, BASE};
use crate::{Result, audit, db::schema_version, device};

pub use atelier_domain::sync::OpKind;

/// One recorded operation, as it will be pushed to the server.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// Unique id of this operation.
    pub op_id: OperationId,
    /// The device that wrote it.
    pub device_id: DeviceId,
    /// Gap-free per device, starting at 1.
    pub seq: u64,
    /// When it happened, in the device's hybrid logical clock.
    pub hlc: Hlc,
    /// The writer's schema version.
    pub schema_version: u32,
    /// The table it belongs to, e.g. `customers`.
    pub entity: String,
    /// The id of the changed row.
    pub row_id: String,
    /// What it does.
    pub kind: OpKind,
    /// The fields it sets.
    pub payload: Value,
    /// Who made it, as this station names them.
    pub by: Option<String>,
    /// For an update: the stamp of each value it replaced, which travels
    /// with it (see [`crate::sync::apply`]); kept apart from the fields.
    pub base: Option<Value>,
}

/// Appends an operation for `entity`/`row_id` and returns its HLC, which the
/// caller stores as the row's `updated_at` so row and operation agree.
///
/// The same call writes the operation's [`audit`] entry, naming the author of
/// the connection's writes; `before` holds the old values of the fields an
/// update changes, so the entry shows old → new.
pub fn record(
    tx: &Transaction<'_>,
    now_ms: u64,
    entity: &str,
    row_id: &str,
    kind: OpKind,
    payload: &Value,
    before: Option<&Map<String, Value>>,
) -> Result<Hlc> {
    let (device_id, hlc, seq) = device::next_stamp(tx, now_ms)?;
    // An edit names the stamp of each value it replaces (see sync::apply).
    let stored_payload: std::borrow::Cow<'_, Value> = match (kind, payload) {
        (OpKind::Update, Value::Object(fields)) => {
            let mut with_base = fields.clone();
            let mut base = Map::new();
            for field in fields.keys() {
                base.insert(
                    field.clone(),
                    Value::from(stamps::field_hlc(tx, entity, row_id, field)?),
                );
            }
            with_base.insert(BASE.to_owned(), Value::Object(base));
            std::borrow::Cow::Owned(Value::Object(with_base))
        }
        _ => std::borrow::Cow::Borrowed(payload),
    };
    let by = audit::append(
        tx,
        now_ms,
        hlc,
        device_id,
        entity,
        row_id,
        kind.as_str(),
        payload,
        before,
    )?;
    tx.prepare_cached("INSERT INTO outbox (seq, op_id, device_id, hlc, schema_version, entity, row_id, kind, payload, by_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?.execute((
            seq as i64,
            OperationId::new().to_string(),
            device_id.to_string(),
            hlc.as_i64(),
            schema_version(),
            entity,
            row_id,
            kind.as_str(),
            stored_payload.to_string(),
            by.as_deref(),
        ))?;
    // An edit stamps the fields it changes, so a concurrent older edit from
    // another station arriving later loses to it field by field.
    match (kind, payload) {
        (OpKind::Update, Value::Object(fields)) => {
            for field in fields.keys() {
                stamps::stamp_field(tx, entity, row_id, field, hlc, device_id, by.as_deref())?;
            }
        }
        (OpKind::Delete, _) => {
            stamps::stamp_field(
                tx,
                entity,
                row_id,
                "deleted_at",
                hlc,
                device_id,
                by.as_deref(),
            )?;
        }
        _ => {}
    }
    Ok(hlc)
}

/// The payload of an update: the entries of `after` that differ from
/// `before`, so only changed fields travel and another site's edit of a
/// different field survives the merge.
pub(crate) fn changes(
    before: &Map<String, Value>,
    after: Map<String, Value>,
) -> Map<String, Value> {
    after
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .collect()
}

/// One record's personal values being erased (a customer anonymised): the
/// fields and the values they take instead.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Erasure {
    /// The record's table.
    pub entity: &'static str,
    /// The record.
    pub row_id: String,
    /// Each erased field with its value once erased (`null`, or a
    /// placeholder where the column may not be empty).
    pub values: Map<String, Value>,
}

/// Rewrites the operations recorded before `before` for the records of
/// `erasures` so that none carries a value being erased: each of those
/// fields an operation sets takes its erased value. Acknowledged or not:
/// one still waiting leaves with the erased value, which the
/// anonymisation's own operation brings everywhere anyway. One pass over
/// the outbox, which has no index by record (every write would pay for
/// one). Answers how many operations changed.
pub(crate) fn erase(tx: &Transaction<'_>, erasures: &[Erasure], before: Hlc) -> Result<usize> {
    let by_row: std::collections::HashMap<(&str, &str), &Map<String, Value>> = erasures
        .iter()
        .map(|e| ((e.entity, e.row_id.as_str()), &e.values))
        .collect();
    let mut entities: Vec<&str> = erasures.iter().map(|e| e.entity).collect();
    entities.sort_unstable();
    entities.dedup();
    if entities.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "SELECT seq, entity, row_id, payload FROM outbox WHERE hlc < ? AND entity IN (?{})",
        ", ?".repeat(entities.len() - 1)
    );
    let found: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(&sql)?;
        let args = std::iter::once(rusqlite::types::Value::Integer(before.as_i64())).chain(
            entities
                .iter()
                .map(|e| rusqlite::types::Value::Text((*e).to_owned())),
        );
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            let text = |i| {
                r.get_ref(i)?
                    .as_str()
                    .map_err(|_| crate::Error::Corrupt("outbox"))
            };
            let (entity, row_id) = (text(1)?, text(2)?);
            let Some(values) = by_row.get(&(entity, row_id)) else {
                continue;
            };
            let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(text(3)?) else {
                continue;
            };
            let mut touched = false;
            for (field, erased) in values.iter() {
                if let Some(v) = fields.get_mut(field)
                    && v != erased
                {
                    erased.clone_into(v);
                    touched = true;
                }
            }
            if touched {
                found.push((r.get(0)?, Value::Object(fields).to_string()));
            }
        }
        found
    };
    for (seq, payload) in &found {
        tx.prepare_cached("UPDATE outbox SET payload = ?2 WHERE seq = ?1")?
            .execute((seq, payload))?;
    }
    Ok(found.len())
}

/// How many operations are waiting to be acknowledged by the server.
pub fn pending_count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// The operations waiting to be sent, oldest first, at most `limit`.
pub fn pending(conn: &Connection, limit: u32) -> Result<Vec<Operation>> {
    read(
        conn,
        "SELECT op_id, device_id, seq, hlc, schema_version, entity, row_id, kind, payload, by_name
         FROM outbox WHERE acked_at IS NULL ORDER BY seq LIMIT ?1",
        i64::from(limit),
    )
}

/// Every operation this station wrote, sent or not, oldest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Operation>> {
    read(
        conn,
        "SELECT op_id, device_id, seq, hlc, schema_version, entity, row_id, kind, payload, by_name
         FROM outbox ORDER BY seq LIMIT ?1",
        -1,
    )
}

fn read(conn: &Connection, sql: &str, limit: i64) -> Result<Vec<Operation>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let corrupt = || crate::Error::Corrupt("outbox");
    let mut ops = Vec::new();
    for row in rows {
        let (op_id, device_id, seq, hlc, schema_version, entity, row_id, kind, payload, by) = row?;
        let mut payload: Value = serde_json::from_str(&payload).map_err(|_| corrupt())?;
        let base = payload
            .as_object_mut()
            .and_then(|fields| fields.remove(BASE));
        ops.push(Operation {
            op_id: op_id.parse().map_err(|_| corrupt())?,
            device_id: device_id.parse().map_err(|_| corrupt())?,
            seq: u64::try_from(seq).map_err(|_| corrupt())?,
            hlc: device::stored_hlc(hlc)?,
            schema_version,
            entity,
            row_id,
            kind: OpKind::parse(&kind).ok_or_else(corrupt)?,
            payload,
            by,
            base,
        });
    }
    Ok(ops)
}

/// An operation as it travels: its base stamps back in its payload.
pub(crate) fn to_wire(mut op: Operation) -> Result<atelier_domain::sync::WireOp> {
    if let (Some(base), Some(fields)) = (op.base.take(), op.payload.as_object_mut()) {
        fields.insert(BASE.to_owned(), base);
    }
    Ok(atelier_domain::sync::WireOp {
        device_id: op.device_id,
        seq: op.seq,
        op_id: op.op_id,
        hlc: op.hlc,
        schema_version: op.schema_version,
        entity: op.entity,
        row_id: op.row_id,
        kind: op.kind,
        payload: serde_json::value::RawValue::from_string(op.payload.to_string())
            .map_err(|_| crate::Error::Corrupt("outbox.payload"))?,
        by: op.by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db;
    use serde_json::json;

    #[test]
    fn sequences_are_gap_free_and_clocks_strictly_increase_even_when_the_wall_clock_goes_back() {
        let mut db = test_db();
        for now in [5_000, 4_000, 4_000, 9_000] {
            db.write(|tx| {
                record(
                    tx,
                    now,
                    "customers",
                    "r",
                    OpKind::Update,
                    &json!({"a": 1}),
                    None,
                )?;
                Ok(())
            })
            .unwrap();
        }
        let ops = pending(db.conn(), 100).unwrap();
        let seqs: Vec<u64> = ops.iter().map(|o| o.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
        assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc));
        assert_eq!(pending_count(db.conn()).unwrap(), 4);
    }

    #[test]
    fn a_rolled_back_write_gives_its_sequence_number_back() {
        let mut db = test_db();
        let failed: Result<()> = db.write(|tx| {
            record(tx, 1, "customers", "r", OpKind::Insert, &json!({}), None)?;
            Err(crate::Error::Corrupt("test"))
        });
        assert!(failed.is_err());
        db.write(|tx| record(tx, 2, "customers", "r", OpKind::Insert, &json!({}), None))
            .unwrap();
        let ops = pending(db.conn(), 10).unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].seq, 1, "no gap may be left by the failed write");
        assert_eq!(ops[0].schema_version, schema_version());
    }
}

//! Conflicts: two stations changed the same field of the same record without
//! seeing each other's change. Last-writer-wins kept one value; the other
//! is recorded here with who wrote it and when, so a person can look and, in
//! one click, put it back (a new change every station receives) or accept
//! the value kept.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::{Map, Value};

use super::apply::to_sql;
use crate::outbox::{self, OpKind};
use crate::{Error, Result, device};

/// One conflict, as the conflict view shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// Its id.
    pub id: i64,
    /// The kind of record (`customers`, `vehicles`…).
    pub entity: String,
    /// The record's id.
    pub row_id: String,
    /// What people call the record (a customer's name, a plate…).
    pub label: String,
    /// The field both changed.
    pub field: String,
    /// The value kept, now in the record.
    pub kept_value: Value,
    /// Who wrote it, and on which station.
    pub kept_by: Option<String>,
    /// The station that wrote it.
    pub kept_station: Option<String>,
    /// When (Unix ms).
    pub kept_at: u64,
    /// The value overwritten.
    pub lost_value: Value,
    /// Who wrote it.
    pub lost_by: Option<String>,
    /// The station that wrote it.
    pub lost_station: Option<String>,
    /// When (Unix ms).
    pub lost_at: u64,
}

/// Conflicts nobody has settled yet, newest first; `row` narrows them to one
/// record (`entity`, `row_id`).
pub fn open(conn: &Connection, row: Option<(&str, &str)>) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.entity, c.row_id, c.field, c.kept_value, c.kept_by, ks.name, c.kept_hlc,
                c.lost_value, c.lost_by, ls.name, c.lost_hlc
           FROM sync_conflicts c
           LEFT JOIN sync_stations ks ON ks.device_id = c.kept_device
           LEFT JOIN sync_stations ls ON ls.device_id = c.lost_device
          WHERE c.settled_at IS NULL
            AND (?1 IS NULL OR (c.entity = ?1 AND c.row_id = ?2))
          ORDER BY c.id DESC",
    )?;
    let (entity, row_id) = row.unzip();
    let rows = stmt.query_map((entity, row_id), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, i64>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            entity,
            row_id,
            field,
            kept,
            kept_by,
            kept_station,
            kept_hlc,
            lost,
            lost_by,
            lost_station,
            lost_hlc,
        ) = row?;
        let label = label(conn, &entity, &row_id)?;
        out.push(Conflict {
            id,
            label,
            field,
            kept_value: serde_json::from_str(&kept).unwrap_or(Value::Null),
            kept_by,
            kept_station,
            kept_at: device::stored_hlc(kept_hlc)?.millis(),
            lost_value: serde_json::from_str(&lost).unwrap_or(Value::Null),
            lost_by,
            lost_station,
            lost_at: device::stored_hlc(lost_hlc)?.millis(),
            entity,
            row_id,
        });
    }
    Ok(out)
}

/// What people call a record.
fn label(conn: &Connection, entity: &str, row_id: &str) -> Result<String> {
    let sql = match entity {
        "customers" => {
            "SELECT coalesce(company_name, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) FROM customers WHERE id = ?1"
        }
        "vehicles" => "SELECT coalesce(plate, vin, make) FROM vehicles WHERE id = ?1",
        "parts" => "SELECT reference || ' ' || description FROM parts WHERE id = ?1",
        "orders" => "SELECT coalesce(order_number, estimate_number) FROM orders WHERE id = ?1",
        _ => return Ok(row_id.to_owned()),
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([row_id], |r| r.get::<_, Option<String>>(0))
        .optional()
        .ok()
        .flatten()
        .flatten()
        .unwrap_or_else(|| row_id.to_owned()))
}

/// Accepts the value kept: the conflict leaves the list.
pub fn keep(tx: &Transaction<'_>, now_ms: u64, id: i64, by: Option<&str>) -> Result<()> {
    settle(tx, now_ms, id, by)?;
    Ok(())
}

/// Puts the overwritten value back, as a new change of this station that
/// every other one receives, and settles the conflict.
pub fn restore(tx: &Transaction<'_>, now_ms: u64, id: i64, by: Option<&str>) -> Result<()> {
    let (entity, row_id, field, lost) = settle(tx, now_ms, id, by)?;
    let known = tx
        .prepare_cached("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
        .query_row((&entity, &field), |_| Ok(()))
        .optional()?
        .is_some();
    if !known {
        return Err(Error::Corrupt("sync_conflicts.field"));
    }
    let value: Value = serde_json::from_str(&lost).map_err(|_| Error::Corrupt("sync_conflicts"))?;
    let before = Map::from_iter([(
        field.clone(),
        tx.prepare_cached(&format!("SELECT {field} FROM {entity} WHERE id = ?1"))?
            .query_row([&row_id], |r| Ok(super::apply::from_sql(r.get_ref(0)?)))?,
    )]);
    let payload = Value::Object(Map::from_iter([(field.clone(), value.clone())]));
    let hlc = outbox::record(
        tx,
        now_ms,
        &entity,
        &row_id,
        OpKind::Update,
        &payload,
        Some(&before),
    )?;
    tx.prepare_cached(&format!(
        "UPDATE {entity} SET {field} = ?2, updated_at = ?3 WHERE id = ?1"
    ))?
    .execute((&row_id, to_sql(&value), hlc.as_i64()))?;
    super::apply::refresh(tx, &entity, &row_id)
}

fn settle(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: i64,
    by: Option<&str>,
) -> Result<(String, String, String, String)> {
    let row = tx
        .prepare_cached(
            "SELECT entity, row_id, field, lost_value FROM sync_conflicts
              WHERE id = ?1 AND settled_at IS NULL",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "conflict",
            id: id.to_string(),
        })?;
    tx.prepare_cached("UPDATE sync_conflicts SET settled_at = ?2, settled_by = ?3 WHERE id = ?1")?
        .execute((id, now_ms as i64, by))?;
    Ok(row)
}

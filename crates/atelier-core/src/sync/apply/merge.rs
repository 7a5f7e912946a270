//! The per-field merge of an update (or a second insert) of a row this
//! station holds: last writer wins by [`Stamp`], a change made without
//! seeing the value it replaces is recorded as a conflict, an order's status
//! only moves forward, an issued invoice never changes.

use std::collections::HashMap;

use atelier_domain::Stamp;
use atelier_domain::sync::{OpKind, WireOp};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde_json::{Map, Value};

use super::{Table, from_sql, keep_unknown, to_sql};
use crate::stamps::BASE;
use crate::{Error, Result, device};

/// A field's current stamp and who wrote it.
struct FieldStamp {
    stamp: Stamp,
    by: Option<String>,
}

mod decide;

use decide::{Incoming, Local, Rule, Verdict, decide_field};

#[allow(clippy::too_many_arguments)]
pub(super) fn merge_fields(
    tx: &Transaction<'_>,
    table: &Table,
    entity: &str,
    op: &WireOp,
    fields: &Map<String, Value>,
    stamp: Stamp,
    by: Option<&str>,
    now_ms: u64,
) -> Result<u32> {
    if entity == "invoices" && invoice_issued(tx, &op.row_id)? {
        // An issued invoice never changes; the same issue arriving again is a no-op.
        return Ok(0);
    }
    let mut conflicts = 0;
    let mut unknown = Map::new();
    let mut winners: Vec<(&str, SqlValue)> = Vec::new();
    let base = fields.get(BASE).and_then(Value::as_object);
    let known: Vec<&str> = fields
        .keys()
        .map(String::as_str)
        .filter(|f| *f != BASE && *f != table.key && table.columns.contains(*f))
        .collect();
    // The row's stamps and stored values, read once for every field.
    let (mut stamps, mut row) = if known.is_empty() {
        (HashMap::new(), HashMap::new())
    } else {
        (
            field_stamps(tx, entity, &op.row_id)?,
            read_fields(tx, entity, &table.key, &op.row_id, &known)?,
        )
    };
    let insert = op.kind == OpKind::Insert;
    // Read once, and only when a field without a stamp meets an insert.
    let mut updated_at = None;
    for (field, value) in fields {
        if field == BASE {
            continue;
        }
        if field == &table.key {
            continue;
        }
        if !table.columns.contains(field) {
            unknown.insert(field.clone(), value.clone());
            continue;
        }
        let current = stamps.remove(field.as_str()).map(parse_stamp).transpose()?;
        let stored = row.remove(field.as_str()).unwrap_or(Value::Null);
        if current.is_none() && insert && table.updated_at && updated_at.is_none() {
            updated_at = Some(row_updated_at(tx, entity, &table.key, &op.row_id)?);
        }
        let local = Local {
            stamp: current.as_ref().map(|c| c.stamp),
            value: &stored,
            row_updated_at: updated_at,
        };
        let incoming = Incoming {
            stamp,
            value,
            insert,
            seen: base
                .and_then(|b| b.get(field.as_str()))
                .and_then(Value::as_i64),
        };
        match decide_field(Rule::of(entity, field), local, incoming) {
            Verdict::Write { conflict } => {
                if conflict && let Some(c) = &current {
                    // The other station changed this field without having
                    // seen the value it replaces here: neither saw the other.
                    record_conflict(
                        tx,
                        entity,
                        &op.row_id,
                        field,
                        (value, stamp, by),
                        (&stored, c),
                        now_ms,
                    )?;
                    conflicts += 1;
                }
                winners.push((field.as_str(), to_sql(value)));
            }
            Verdict::Keep { conflict: true } => {
                let Some(c) = &current else { continue };
                // A later change of this field was made without seeing this one.
                let lost = FieldStamp {
                    stamp,
                    by: by.map(str::to_owned),
                };
                record_conflict(
                    tx,
                    entity,
                    &op.row_id,
                    field,
                    (&stored, c.stamp, c.by.as_deref()),
                    (value, &lost),
                    now_ms,
                )?;
                conflicts += 1;
            }
            Verdict::Same | Verdict::Keep { conflict: false } => {}
        }
    }
    if !winners.is_empty() {
        // One statement: an invoice's issue sets its status with its
        // number and content, which must not be written after it.
        let mut sets: Vec<String> = winners
            .iter()
            .enumerate()
            .map(|(i, (f, _))| format!("{f} = ?{}", i + 2))
            .collect();
        if table.updated_at {
            sets.push(format!(
                "updated_at = max(updated_at, {})",
                stamp.hlc.as_i64()
            ));
        }
        let sql = format!(
            "UPDATE {entity} SET {} WHERE {} = ?1",
            sets.join(", "),
            table.key
        );
        let values = std::iter::once(SqlValue::Text(op.row_id.clone()))
            .chain(winners.iter().map(|(_, v)| v.clone()));
        tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        for (field, _) in &winners {
            crate::stamps::stamp_field(tx, entity, &op.row_id, field, stamp.hlc, stamp.device, by)?;
        }
    }
    if !unknown.is_empty() {
        keep_unknown(tx, entity, &op.row_id, unknown, stamp.hlc)?;
    }
    Ok(conflicts)
}

/// A field's stamp as `field_stamps` holds it: HLC, device, who.
type StoredStamp = (i64, String, Option<String>);

/// The stamps of every field of a row that has one.
fn field_stamps(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
) -> Result<HashMap<String, StoredStamp>> {
    Ok(tx
        .prepare_cached(
            "SELECT field, hlc, device_id, by_name FROM field_stamps
              WHERE entity = ?1 AND row_id = ?2",
        )?
        .query_map((entity, row_id), |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn parse_stamp((hlc, device, by): StoredStamp) -> Result<FieldStamp> {
    Ok(FieldStamp {
        stamp: Stamp {
            hlc: device::stored_hlc(hlc)?,
            device: device
                .parse()
                .map_err(|_| Error::Corrupt("field_stamps.device_id"))?,
        },
        by,
    })
}

fn row_updated_at(tx: &Transaction<'_>, entity: &str, key: &str, row_id: &str) -> Result<i64> {
    Ok(tx
        .prepare_cached(&format!("SELECT updated_at FROM {entity} WHERE {key} = ?1"))?
        .query_row([row_id], |r| r.get::<_, Option<i64>>(0))?
        .unwrap_or(0))
}

/// The stored values of `fields` (columns of the table) in one row.
fn read_fields<'f>(
    tx: &Transaction<'_>,
    entity: &str,
    key: &str,
    row_id: &str,
    fields: &[&'f str],
) -> Result<HashMap<&'f str, Value>> {
    let sql = format!(
        "SELECT {} FROM {entity} WHERE {key} = ?1",
        fields.join(", ")
    );
    Ok(tx.prepare_cached(&sql)?.query_row([row_id], |r| {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| Ok((*f, from_sql(r.get_ref(i)?))))
            .collect()
    })?)
}

fn record_conflict(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
    field: &str,
    kept: (&Value, Stamp, Option<&str>),
    lost: (&Value, &FieldStamp),
    now_ms: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_conflicts (entity, row_id, field, kept_value, kept_hlc, kept_device,
                kept_by, lost_value, lost_hlc, lost_device, lost_by, detected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        entity,
        row_id,
        field,
        kept.0.to_string(),
        kept.1.hlc.as_i64(),
        kept.1.device.to_string(),
        kept.2,
        lost.0.to_string(),
        lost.1.stamp.hlc.as_i64(),
        lost.1.stamp.device.to_string(),
        lost.1.by,
        now_ms as i64,
    ])?;
    Ok(())
}

fn invoice_issued(tx: &Transaction<'_>, row_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT status FROM invoices WHERE id = ?1")?
        .query_row([row_id], |r| r.get::<_, String>(0))
        .optional()?
        .is_some_and(|s| s != "draft"))
}

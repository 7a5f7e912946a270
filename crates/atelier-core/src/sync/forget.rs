//! What sync keeps beside the records forgets the values an anonymisation
//! erases: a conflict's two values (settled, since there is nothing left to
//! choose between) and the fields of operations parked for later.

use rusqlite::Transaction;
use serde_json::{Map, Value};

use crate::Result;
use crate::audit::MASK;
use crate::outbox::Erasure;

/// Erases `erasures`' fields from `sync_conflicts` and `sync_parked`.
pub(crate) fn erase(tx: &Transaction<'_>, now_ms: u64, erasures: &[Erasure]) -> Result<()> {
    let masked = Value::String(MASK.into()).to_string();
    for e in erasures {
        for field in e.values.keys() {
            tx.prepare_cached(
                "UPDATE sync_conflicts SET kept_value = ?4, lost_value = ?4,
                        settled_at = coalesce(settled_at, ?5)
                  WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
            )?
            .execute((e.entity, &e.row_id, field, &masked, now_ms as i64))?;
        }
        let parked: Vec<(i64, String)> = tx
            .prepare_cached(
                "SELECT id, operation FROM sync_parked WHERE entity = ?1 AND row_id = ?2",
            )?
            .query_map((e.entity, &e.row_id), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, text) in parked {
            let Ok(Value::Object(mut record)) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            // A parked operation (its payload) or fields kept for a later
            // version (`unknown_fields`).
            let mut touched = false;
            for key in ["payload", "unknown_fields"] {
                if let Some(Value::Object(fields)) = record.get_mut(key) {
                    touched |= overwrite(fields, &e.values);
                }
            }
            if touched {
                tx.prepare_cached("UPDATE sync_parked SET operation = ?2 WHERE id = ?1")?
                    .execute((id, Value::Object(record).to_string()))?;
            }
        }
    }
    Ok(())
}

/// Sets each field of `values` that `fields` holds; answers whether any changed.
fn overwrite(fields: &mut Map<String, Value>, values: &Map<String, Value>) -> bool {
    let mut touched = false;
    for (field, erased) in values {
        if let Some(v) = fields.get_mut(field)
            && v != erased
        {
            erased.clone_into(v);
            touched = true;
        }
    }
    touched
}

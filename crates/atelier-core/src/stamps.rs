//! Field stamps: for each field of a synced row, the stamp (HLC) of its last
//! write. The [`outbox`](crate::outbox) stamps what this station writes and
//! names the stamps an edit replaces; [`sync::apply`](crate::sync::apply)
//! compares against them to merge field by field (DESIGN.md, Sync/Merge).
//! Both use this module; it uses neither.

use atelier_domain::{DeviceId, Hlc};
use rusqlite::Transaction;

use crate::Result;

/// The key of an update's payload naming, for each field it changes, the
/// stamp (HLC) of the value the writer replaced: a later arrival can tell an
/// edit made over its own value from one made without seeing it.
pub(crate) const BASE: &str = "@base";

/// The stamp (HLC) of the last write of `field` of a row, 0 when it still
/// holds the value its row was created with.
pub(crate) fn field_hlc(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
    field: &str,
) -> Result<i64> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .prepare_cached(
            "SELECT hlc FROM field_stamps WHERE entity = ?1 AND row_id = ?2 AND field = ?3",
        )?
        .query_row((entity, row_id, field), |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Records that `field` of a row was last written at `hlc` by `device`
/// (by `by`): the stamp per-field last-writer-wins compares against.
pub(crate) fn stamp_field(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
    field: &str,
    hlc: Hlc,
    device: DeviceId,
    by: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO field_stamps (entity, row_id, field, hlc, device_id, by_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (entity, row_id, field) DO UPDATE
            SET hlc = excluded.hlc, device_id = excluded.device_id, by_name = excluded.by_name",
    )?
    .execute((entity, row_id, field, hlc.as_i64(), device.to_string(), by))?;
    Ok(())
}

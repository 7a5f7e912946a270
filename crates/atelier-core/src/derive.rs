//! What a station derives from its rows rather than receives from other
//! stations: folded keys for look-ups and sorting, search documents, an
//! invoice's report figures. Each area that derives something implements
//! [`Derive`] for its tables; applying other stations' operations
//! ([`crate::sync::apply`]) asks the area that owns a table, and knows
//! nothing of what it derives.

use rusqlite::Transaction;
use rusqlite::types::Value as SqlValue;
use serde_json::{Map, Value};

use crate::Result;
use crate::search::{Document, Kind};

/// An area's derived data, for the tables it owns.
pub(crate) trait Derive: Sync {
    /// The synced tables whose rows this area derives from.
    fn tables(&self) -> &'static [&'static str];

    /// The derived columns a row of `entity` needs as it is inserted, from
    /// its payload; a sort key built from several fields may start empty
    /// and wait for [`Derive::refresh`].
    fn columns(&self, entity: &str, payload: &Map<String, Value>) -> Vec<(&'static str, SqlValue)> {
        let _ = (entity, payload);
        Vec::new()
    }

    /// Everything a new row derives, computed from the fields its insert
    /// carries, when reading the row back would give the same: the row
    /// then needs no [`Derive::refresh`]. `None` when it cannot tell.
    fn fresh(&self, entity: &str, row_id: &str, payload: &Map<String, Value>) -> Option<Fresh> {
        let _ = (entity, row_id, payload);
        None
    }

    /// Recomputes what the stored row `row_id` of `entity` derives.
    fn refresh(&self, tx: &Transaction<'_>, entity: &str, row_id: &str) -> Result<()>;
}

/// What a new row derives, computed from its insert ([`Derive::fresh`]).
#[derive(Clone, Debug)]
pub(crate) struct Fresh {
    /// Its derived columns.
    pub columns: Vec<(&'static str, SqlValue)>,
    /// Its search document.
    pub search: (Kind, Document),
}

/// Folds `payload[field]` into a look-up key column.
pub(crate) fn folded(
    column: &'static str,
    payload: &Map<String, Value>,
    field: &str,
) -> (&'static str, SqlValue) {
    let text = payload
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default();
    (column, SqlValue::Text(crate::text::fold(text)))
}

/// Rewrites the look-up key `key` of row `row_id` of `table` from its
/// `source` column, folded.
pub(crate) fn rekey(
    tx: &Transaction<'_>,
    table: &str,
    key: &str,
    source: &str,
    row_id: &str,
) -> Result<()> {
    let value: Option<String> = tx
        .prepare_cached(&format!("SELECT {source} FROM {table} WHERE id = ?1"))?
        .query_row([row_id], |r| r.get(0))?;
    tx.prepare_cached(&format!("UPDATE {table} SET {key} = ?2 WHERE id = ?1"))?
        .execute((
            row_id,
            crate::text::fold(value.as_deref().unwrap_or_default()),
        ))?;
    Ok(())
}

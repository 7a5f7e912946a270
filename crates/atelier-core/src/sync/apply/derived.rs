//! What this station derives from the rows it receives, never synced:
//! folded keys for lookups and sorting, search documents, an invoice's
//! figures.

use std::collections::HashMap;

use atelier_domain::CustomerId;
use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};

use crate::Result;
use crate::search::{self, Kind};

/// A row of [`REFRESHED_AT_END`](super::REFRESHED_AT_END) changed by an
/// operation of the page.
#[derive(Debug)]
pub(super) struct Stale {
    entity: &'static str,
    row_id: String,
    /// The search document of a row this operation created, computed from
    /// its insert ([`Fresh`]): written as it is when no other operation of
    /// the page changes the row, which is otherwise read back.
    search: Option<(Kind, String)>,
}

impl Stale {
    /// The row `row_id` of `entity`, changed by an operation; `fresh` when
    /// the operation created it.
    pub(super) fn new(entity: &'static str, row_id: &str, fresh: Option<Fresh>) -> Stale {
        Stale {
            entity,
            row_id: row_id.to_owned(),
            search: fresh.map(|f| f.search),
        }
    }
}

/// Recomputes, once per row, what was left to the end of the page; the
/// search entries go in one statement, as an import writes them. A row
/// created by the page and changed by no other of its operations takes
/// the search document computed from its insert. Rows are done in the order
/// of their first change, which numbers their search documents.
pub(super) fn refresh_stale(tx: &Transaction<'_>, stale: &[Stale]) -> Result<()> {
    let mut changes: HashMap<(&str, &str), u32> = HashMap::with_capacity(stale.len());
    for s in stale {
        *changes.entry((s.entity, &s.row_id)).or_default() += 1;
    }
    let index = search::Deferral::start();
    for s in stale {
        let Some(left) = changes.get_mut(&(s.entity, s.row_id.as_str())) else {
            continue;
        };
        // Zero once the row is done, at its first change.
        match (std::mem::take(left), &s.search) {
            (0, _) => {}
            (1, Some((kind, body))) => search::index(tx, *kind, &s.row_id, body)?,
            _ => refresh(tx, s.entity, &s.row_id)?,
        }
    }
    index.finish(tx)
}

/// What this station derives for a new customer or vehicle (its sort key,
/// a vehicle's plate key, its search document), computed from the fields
/// its insert carries rather than read back once the row is stored.
#[derive(Clone, Debug)]
pub(super) struct Fresh {
    columns: Vec<(&'static str, SqlValue)>,
    search: (Kind, String),
}

impl Fresh {
    /// The derived data of the row an insert's `payload` creates, when
    /// reading the row back gives the same: `Fields::from_payload` (of
    /// customers) and `vehicles::payload_fields` say which payloads do.
    pub(super) fn of(entity: &str, row_id: &str, payload: &Map<String, Value>) -> Option<Fresh> {
        match entity {
            "customers" => {
                // A row whose id is not a customer's derives nothing.
                row_id.parse::<CustomerId>().ok()?;
                let f = crate::customers::Fields::from_payload(payload)?;
                Some(Fresh {
                    columns: vec![("sort_key", SqlValue::Text(f.sort_key()))],
                    search: (Kind::Customer, f.search_body()),
                })
            }
            "vehicles" => {
                let f = crate::vehicles::payload_fields(payload)?;
                let plate_key = f.plate.as_ref().map(|p| p.search_key());
                Some(Fresh {
                    columns: vec![
                        (
                            "plate_key",
                            plate_key.map_or(SqlValue::Null, SqlValue::Text),
                        ),
                        ("sort_key", SqlValue::Text(f.sort_key())),
                    ],
                    search: (Kind::Vehicle, f.search_body()),
                })
            }
            _ => None,
        }
    }
}

/// The columns a new row needs that this station derives rather than
/// receives: folded keys for lookups and sorting. Sort keys built from
/// several fields are `fresh`'s, or start empty and [`refresh`] computes
/// them.
pub(super) fn columns<'a>(
    entity: &str,
    payload: &Map<String, Value>,
    fresh: Option<&'a Fresh>,
) -> Vec<(&'static str, ToSqlOutput<'a>)> {
    if let Some(fresh) = fresh {
        return fresh
            .columns
            .iter()
            .map(|(column, value)| (*column, ToSqlOutput::Borrowed(value.into())))
            .collect();
    }
    let text = |k: &str| payload.get(k).and_then(Value::as_str).unwrap_or_default();
    let folded = |k: &str| SqlValue::Text(crate::text::fold(text(k)));
    let columns = match entity {
        "users" => vec![("login_key", folded("login"))],
        "canned_jobs" => vec![("name_key", folded("name"))],
        "parts" => vec![(
            "reference_key",
            SqlValue::Text(crate::stock::normalise_reference(text("reference"))),
        )],
        "customers" | "vehicles" => vec![("sort_key", SqlValue::Text(String::new()))],
        _ => Vec::new(),
    };
    columns
        .into_iter()
        .map(|(column, value)| (column, ToSqlOutput::Owned(value)))
        .collect()
}

/// Recomputes what this station derives from a row: keys, sort keys and
/// search entries.
pub(crate) fn refresh(tx: &Transaction<'_>, entity: &str, row_id: &str) -> Result<()> {
    let rekey = |table: &str, key: &str, source: &str| -> Result<()> {
        let value: Option<String> = tx
            .prepare_cached(&format!("SELECT {source} FROM {table} WHERE id = ?1"))?
            .query_row([row_id], |r| r.get(0))?;
        tx.prepare_cached(&format!("UPDATE {table} SET {key} = ?2 WHERE id = ?1"))?
            .execute((
                row_id,
                crate::text::fold(value.as_deref().unwrap_or_default()),
            ))?;
        Ok(())
    };
    match entity {
        "customers" => crate::customers::refresh_derived(tx, row_id),
        "vehicles" => crate::vehicles::refresh_derived(tx, row_id),
        "parts" => crate::stock::refresh_derived(tx, row_id),
        "users" => rekey("users", "login_key", "login"),
        "canned_jobs" => rekey("canned_jobs", "name_key", "name"),
        // An invoice issued at another station of the site counts in this
        // station's reports as soon as it arrives.
        "invoices" => match row_id.parse() {
            Ok(id) => crate::invoices::figures::record(tx, id),
            Err(_) => Ok(()),
        },
        // A supplier's or an equivalent reference finds its part.
        "part_suppliers" | "part_equivalents" => {
            let part: Option<String> = tx
                .prepare_cached(&format!("SELECT part_id FROM {entity} WHERE id = ?1"))?
                .query_row([row_id], |r| r.get(0))
                .optional()?;
            match part {
                Some(part) => crate::stock::refresh_derived(tx, &part),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

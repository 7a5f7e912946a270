//! What this station derives from the rows it receives, never synced
//! (folded keys for lookups and sorting, search documents, an invoice's
//! figures): each area says, through [`Derive`]; this module asks the area
//! that owns a table, and defers the work to the end of a page.

use std::collections::HashMap;

use rusqlite::Transaction;
use rusqlite::types::ToSqlOutput;
use serde_json::{Map, Value};

use crate::derive::Derive;
pub(super) use crate::derive::Fresh;
use crate::search::{self, Kind};
use crate::{Result, customers, invoices, orders, stock, users, vehicles};

/// The areas that derive data from their synced rows.
const AREAS: &[&dyn Derive] = &[
    &customers::Derived,
    &vehicles::Derived,
    &stock::Derived,
    &users::Derived,
    &orders::canned::Derived,
    &invoices::figures::Derived,
];

/// The area that derives data from `entity`'s rows, if one does.
fn area(entity: &str) -> Option<&'static dyn Derive> {
    AREAS.iter().copied().find(|a| a.tables().contains(&entity))
}

/// A row of [`REFRESHED_AT_END`](super::REFRESHED_AT_END) changed by an
/// operation of the page.
#[derive(Debug)]
pub(super) struct Stale {
    entity: &'static str,
    row_id: String,
    /// The search document of a row this operation created, computed from
    /// its insert ([`Fresh`]): written as it is when no other operation of
    /// the page changes the row, which is otherwise read back.
    search: Option<(Kind, search::Document)>,
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

/// What a new row derives, computed from its insert when reading the row
/// back gives the same (see [`Derive::fresh`]).
pub(super) fn fresh(entity: &str, row_id: &str, payload: &Map<String, Value>) -> Option<Fresh> {
    area(entity)?.fresh(entity, row_id, payload)
}

/// The columns a new row needs that this station derives rather than
/// receives: `fresh`'s, or what its area computes from the payload (a sort
/// key built from several fields starts empty and [`refresh`] computes it).
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
    area(entity)
        .map(|a| a.columns(entity, payload))
        .unwrap_or_default()
        .into_iter()
        .map(|(column, value)| (column, ToSqlOutput::Owned(value)))
        .collect()
}

/// Recomputes what this station derives from a row: keys, sort keys,
/// search entries, figures.
pub(crate) fn refresh(tx: &Transaction<'_>, entity: &str, row_id: &str) -> Result<()> {
    match area(entity) {
        Some(a) => a.refresh(tx, entity, row_id),
        None => Ok(()),
    }
}

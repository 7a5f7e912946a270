//! One search over customers and vehicles, found in one keystroke: the
//! hits the search box shows, read from the index ([`crate::search`]).
//!
//! Each record has a document in an FTS5 index, written by the area's write
//! functions in the same transaction as the record. The document holds folded
//! words (accents and case dropped) plus the forms people type for numbers:
//! phone digits in national and international form and their last four, the
//! plate without spaces or dashes, the VIN and its endings of six or more.
//! A query matches words by prefix, so results come as you type.

use atelier_domain::{CustomerId, VehicleId};
use rusqlite::{Connection, params};
use serde::Serialize;

pub use crate::search::{Kind, MIN_QUERY_CHARS, match_expression};

use crate::{Result, customers, vehicles};

/// One search result, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Customer or vehicle.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// The main line: a name, a plate.
    pub title: String,
    /// The second line: phone and e-mail, or make, model and owner.
    pub subtitle: String,
}

/// The most hits [`search`] returns.
pub const MAX_HITS: u32 = 50;
/// How many matches are ranked at most. Ranking scores every candidate, so a
/// two-letter prefix matching ten thousand names would cost milliseconds;
/// past a couple of hundred, the person types one more letter anyway.
const RANKED_CANDIDATES: u32 = 200;

/// Customers and vehicles matching `query`, best first, at most `limit`.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Hit>> {
    let Some(expr) = match_expression(query) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT d.kind, d.row_id
           FROM (SELECT rowid, rank FROM search_index WHERE search_index MATCH ?1 LIMIT ?3) s
           JOIN search_docs d ON d.doc = s.rowid
          ORDER BY s.rank LIMIT ?2",
    )?;
    let found = stmt
        .query_map(
            params![expr, limit.clamp(1, MAX_HITS), RANKED_CANDIDATES],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut hits = Vec::with_capacity(found.len());
    for (kind, id) in found {
        let hit = match kind.as_str() {
            "customer" => customer_hit(conn, &id)?,
            _ => vehicle_hit(conn, &id)?,
        };
        hits.extend(hit);
    }
    Ok(hits)
}

fn customer_hit(conn: &Connection, id: &str) -> Result<Option<Hit>> {
    let Ok(id) = id.parse::<CustomerId>() else {
        return Ok(None);
    };
    let c = customers::get(conn, id)?;
    let subtitle = [
        c.phone_display.as_deref(),
        c.email.as_deref(),
        c.city.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    Ok(Some(Hit {
        kind: Kind::Customer,
        id: c.id.to_string(),
        title: c.display_name,
        subtitle,
    }))
}

fn vehicle_hit(conn: &Connection, id: &str) -> Result<Option<Hit>> {
    let Ok(id) = id.parse::<VehicleId>() else {
        return Ok(None);
    };
    let v = vehicles::summary(conn, id)?;
    let model = [v.make.as_deref(), v.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let subtitle = [
        Some(model.as_str()).filter(|m| !m.is_empty()),
        Some(v.owner_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    Ok(Some(Hit {
        kind: Kind::Vehicle,
        id: v.id.to_string(),
        title: v.plate.or(v.vin).unwrap_or_default(),
        subtitle,
    }))
}

#[cfg(test)]
mod tests;

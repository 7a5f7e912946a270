//! One search over customers and vehicles, found in one keystroke: the
//! hits the search box shows, read from the index ([`crate::search`]).
//!
//! Each record has a document in an FTS5 index, written by the area's write
//! functions in the same transaction as the record. The document holds folded
//! words (accents and case dropped) plus the forms people type for numbers:
//! phone digits in national and international form and their last four, the
//! plate without spaces or dashes, the VIN and its endings of four or more.
//! A query matches words by prefix, so results come as you type; three
//! characters or more also find a plate from inside (« 934fg », « 34 F »
//! find AP-934-FG), after what matches from the start.

use atelier_domain::{CustomerId, Locale, VehicleId};
use atelier_dtc::Code;
use rusqlite::{Connection, params};
use serde::Serialize;

pub use crate::search::{Kind, MIN_QUERY_CHARS, MIN_SCRAP_CHARS, Query, match_expression};

use crate::diagnosis::titles;
use crate::search::scrap_hits;
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

/// What the search box shows for `query`, at most `limit` hits: a trouble
/// code typed (« P0420 ») first, with its meaning in `locale`
/// ([`code_hit`]), then the customers and vehicles of [`search`].
/// The shell and the benchmarks call this.
pub fn find(conn: &Connection, query: &str, limit: u32, locale: Locale) -> Result<Vec<Hit>> {
    let mut hits: Vec<Hit> = code_hit(conn, query, locale)?.into_iter().collect();
    let room = limit.clamp(1, MAX_HITS) - u32::try_from(hits.len()).unwrap_or(0);
    if room > 0 {
        hits.extend(search(conn, query, room)?);
    }
    Ok(hits)
}

/// Customers and vehicles matching `query`, best first, at most `limit`,
/// found in steps, each run only while fewer than `limit` were found:
///
/// 1. a word equal to everything typed, run together: « martin » before
///    Martinez, « 2109 » the VIN ending with it before those holding it
///    further in;
/// 2. a word starting with it (« ab-12 » finds AB-123-CD): the query a
///    plate, a phone or a name makes as it is typed;
/// 3. each typed word starting a word (« jean dupont »), when there are
///    several;
/// 4. a plate holding everything typed further in (« 934fg », « 34 F »
///    find AP-934-FG), from three characters;
/// 5. the typed words without those left out (« jean d » finds every
///    Jean).
///
/// Each step ranks its own matches, so a record of an earlier step always
/// comes first. Apart, step 2 stays cheap where a two-character word would
/// read most of the index (« aw-33 »: every phone starts with 33 in its
/// international form).
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Hit>> {
    let Some(q) = Query::parse(query) else {
        return Ok(Vec::new());
    };
    let limit = limit.clamp(1, MAX_HITS);
    let mut found = Found::new(limit);
    // Typed digits equal to a word are a VIN's end read off the car as often
    // as a phone's last four, which some 25 customers share among 100,000:
    // the vehicles come first, or they would never show.
    let digits = q.compact.bytes().all(|b| b.is_ascii_digit());
    found.add(ranked(conn, &q.word(), limit, digits)?);
    if found.wants_more() {
        found.add(ranked(conn, &q.prefix(), found.asking(), false)?);
    }
    if let Some(words) = q.words.as_deref().filter(|_| !q.words_loose)
        && found.wants_more()
    {
        found.add(ranked(conn, words, found.asking(), false)?);
    }
    if found.wants_more() {
        found.add(scrap_hits(conn, &q, &found.docs(), found.missing())?);
    }
    if let Some(words) = q.words.as_deref().filter(|_| q.words_loose)
        && found.wants_more()
    {
        found.add(ranked(conn, words, found.asking(), false)?);
    }
    let mut hits = Vec::with_capacity(found.docs.len());
    for (_, kind, id) in found.docs {
        let hit = match kind.as_str() {
            "customer" => customer_hit(conn, &id)?,
            _ => vehicle_hit(conn, &id)?,
        };
        hits.extend(hit);
    }
    Ok(hits)
}

/// The documents a search found so far, as `(doc, kind, row id)`, in order.
struct Found {
    docs: Vec<(i64, String, String)>,
    limit: u32,
}

impl Found {
    fn new(limit: u32) -> Found {
        Found {
            docs: Vec::with_capacity(limit as usize),
            limit,
        }
    }

    fn wants_more(&self) -> bool {
        self.docs.len() < self.limit as usize
    }

    fn missing(&self) -> usize {
        (self.limit as usize).saturating_sub(self.docs.len())
    }

    /// How many to ask a step for: those found already may come again.
    fn asking(&self) -> u32 {
        self.limit
            .saturating_add(u32::try_from(self.docs.len()).unwrap_or(u32::MAX))
    }

    fn docs(&self) -> Vec<i64> {
        self.docs.iter().map(|d| d.0).collect()
    }

    /// Adds the documents of a step not found yet, while there is room.
    fn add(&mut self, more: Vec<(i64, String, String)>) {
        for doc in more {
            if self.wants_more() && !self.docs.iter().any(|d| d.0 == doc.0) {
                self.docs.push(doc);
            }
        }
    }
}

/// The documents matching the FTS5 expression `expr`, best first (the
/// vehicles before the customers if `vehicles_first`), at most `limit`, as
/// `(doc, kind, row id)`.
fn ranked(
    conn: &Connection,
    expr: &str,
    limit: u32,
    vehicles_first: bool,
) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.doc, d.kind, d.row_id
           FROM (SELECT rowid, rank FROM search_index WHERE search_index MATCH ?1 LIMIT ?3) s
           JOIN search_docs d ON d.doc = s.rowid
          ORDER BY (?4 AND d.kind = 'vehicle') DESC, s.rank LIMIT ?2",
    )?;
    let found = stmt
        .query_map(
            params![expr, limit, RANKED_CANDIDATES, vehicles_first],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found)
}

/// The search box's hit for `query` when it is a trouble code the library
/// or the workshop knows, else `None`.
fn code_hit(conn: &Connection, query: &str, locale: Locale) -> Result<Option<Hit>> {
    let Ok(code) = Code::parse(query) else {
        return Ok(None);
    };
    let seen = super::code::count(conn, code)?;
    let meaning = titles::explain(conn, code, None, locale)?;
    if meaning.title.is_none() && seen == 0 {
        return Ok(None);
    }
    let mut subtitle = meaning.title.unwrap_or_default();
    if seen > 0 {
        let times = (crate::diagnosis::words::words(locale).seen)(seen);
        subtitle = if subtitle.is_empty() {
            times
        } else {
            format!("{subtitle} · {times}")
        };
    }
    Ok(Some(Hit {
        kind: Kind::Code,
        id: code.as_str().to_owned(),
        title: code.as_str().to_owned(),
        subtitle,
    }))
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

//! The search index: each customer's and vehicle's document in an FTS5
//! table, written by the area's write functions in the same transaction as
//! the record, and the match expression a typed query becomes. The areas
//! write and filter through it; [`crate::pages::search`] reads hits from
//! the areas above.

use atelier_domain::Phone;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::Result;
use crate::text::fold;

/// The kind of record a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A customer.
    Customer,
    /// A vehicle.
    Vehicle,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Customer => "customer",
            Kind::Vehicle => "vehicle",
        }
    }
}

/// The fewest letters or digits a query needs before it searches.
pub const MIN_QUERY_CHARS: usize = 2;
/// A subquery selecting the ids of one kind (`?` then the match expression).
pub(crate) const MATCHING_IDS: &str = "SELECT d.row_id FROM search_index s JOIN search_docs d ON d.doc = s.rowid \
     WHERE d.kind = ? AND search_index MATCH ?";

/// Turns what a person typed into an FTS5 match expression, or `None` when it
/// is too short to search. Every word must match the start of an indexed word;
/// typed separators are forgiven ("ab-12" finds plate AB-123-CD, "06 12 34"
/// finds 06 12 34 56 78).
pub fn match_expression(query: &str) -> Option<String> {
    let folded = fold(query);
    let compact: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
    if compact.chars().count() < MIN_QUERY_CHARS {
        return None;
    }
    let numeric = folded
        .chars()
        .all(|c| c.is_ascii_digit() || " .-+()/".contains(c));
    if numeric {
        return Some(format!("\"{compact}\"*"));
    }
    // A one-character word cannot use the prefix index (its shortest prefix
    // is two characters) and matches a large part of the data: it only
    // counts through the compact form ("ab-1" still finds AB-123-CD as "ab1").
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= MIN_QUERY_CHARS)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    let single = format!("\"{compact}\"*");
    Some(match words.as_slice() {
        [] => single,
        [one] if *one == single => single,
        [one] => format!("{one} OR {single}"),
        _ => format!("({}) OR {single}", words.join(" AND ")),
    })
}

/// Writes (or rewrites) the search document of one record.
pub(crate) fn index(tx: &Transaction<'_>, kind: Kind, row_id: &str, body: &str) -> Result<()> {
    let doc: Option<i64> = tx
        .prepare_cached("SELECT doc FROM search_docs WHERE kind = ?1 AND row_id = ?2")?
        .query_row(params![kind.as_str(), row_id], |r| r.get(0))
        .optional()?;
    let doc = match doc {
        Some(doc) => {
            tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
                .execute([doc])?;
            doc
        }
        None => {
            tx.prepare_cached("INSERT INTO search_docs (kind, row_id) VALUES (?1, ?2)")?
                .execute(params![kind.as_str(), row_id])?;
            tx.last_insert_rowid()
        }
    };
    let deferred = PENDING.with_borrow_mut(|pending| match pending {
        Some(docs) => {
            docs.push((doc, body.to_owned()));
            true
        }
        None => false,
    });
    if !deferred {
        tx.prepare_cached("INSERT INTO search_index (rowid, body) VALUES (?1, ?2)")?
            .execute(params![doc, body])?;
    }
    Ok(())
}

thread_local! {
    /// Search documents waiting for [`Deferral::finish`], while one is active
    /// on this thread.
    static PENDING: std::cell::RefCell<Option<Vec<(i64, String)>>> =
        const { std::cell::RefCell::new(None) };
}

/// Holds back the FTS5 writes of a bulk write (an import) and makes them in
/// one statement at the end.
///
/// While any savepoint is open, each statement that writes an FTS5 table
/// makes it flush its pending terms into a new segment; an import keeps
/// savepoints open throughout (one per line, one for the file), so writing
/// each document as it comes cost a flush per record. Dropping the guard
/// without [`finish`](Self::finish) discards what was held back — the caller
/// is rolling back those records anyway — and indexing is immediate again.
#[derive(Debug)]
pub(crate) struct Deferral(());

impl Deferral {
    /// Starts holding back this thread's search writes.
    pub(crate) fn start() -> Deferral {
        PENDING.set(Some(Vec::new()));
        Deferral(())
    }

    /// How many documents are held back: a mark to [`rewind`](Self::rewind) to.
    pub(crate) fn mark(&self) -> usize {
        PENDING.with_borrow(|p| p.as_ref().map_or(0, Vec::len))
    }

    /// Forgets the documents held back since `mark` (a line rolled back).
    pub(crate) fn rewind(&self, mark: usize) {
        PENDING.with_borrow_mut(|p| {
            if let Some(docs) = p {
                docs.truncate(mark);
            }
        });
    }

    /// Writes every document held back, in one statement.
    pub(crate) fn finish(self, tx: &Transaction<'_>) -> Result<()> {
        let docs = PENDING.take().unwrap_or_default();
        if docs.is_empty() {
            return Ok(());
        }
        let json = serde_json::to_string(&docs).map_err(|_| crate::Error::Corrupt("search"))?;
        tx.execute(
            "INSERT INTO search_index (rowid, body)
             SELECT value ->> 0, value ->> 1 FROM json_each(?1)",
            [json],
        )?;
        Ok(())
    }
}

impl Drop for Deferral {
    fn drop(&mut self) {
        PENDING.set(None);
    }
}

/// Removes a record from search (archived, merged).
pub(crate) fn unindex(tx: &Transaction<'_>, kind: Kind, row_id: &str) -> Result<()> {
    let doc: Option<i64> = tx
        .query_row(
            "SELECT doc FROM search_docs WHERE kind = ?1 AND row_id = ?2",
            params![kind.as_str(), row_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(doc) = doc {
        tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([doc])?;
        tx.prepare_cached("DELETE FROM search_docs WHERE doc = ?1")?
            .execute([doc])?;
    }
    Ok(())
}

/// The searchable forms of a phone number: national and international digits,
/// the national number without its leading zero, and the last four digits.
pub(crate) fn phone_terms(e164: &str) -> Vec<String> {
    let international: String = e164.chars().filter(char::is_ascii_digit).collect();
    let national = Phone::parse(e164).map(|p| p.digits()).unwrap_or_default();
    let mut terms = vec![international.clone(), national.clone()];
    if let Some(rest) = national.strip_prefix('0') {
        terms.push(rest.to_owned());
    }
    if international.len() > 4 {
        terms.push(international[international.len() - 4..].to_owned());
    }
    terms
}

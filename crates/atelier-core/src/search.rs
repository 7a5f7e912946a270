//! The search index: each customer's and vehicle's document, written by
//! the area's write functions in the same transaction as the record, and
//! what a typed query becomes. The areas write and filter through it;
//! [`crate::pages::search`] reads hits from the areas above.
//!
//! A document is folded words in an FTS5 table, each found by its start,
//! and for a vehicle its plate's endings in `search_scraps`, so that any run
//! of [`MIN_SCRAP_CHARS`] or more characters of the plate finds it: a run of
//! a word is the start of one of its endings, found by a range of that
//! table's key. Endings stay out of the FTS5 table: a word still matches
//! from its start only, and a two-character query never reads them.

use atelier_domain::Phone;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::Result;
use crate::text::fold;

/// Reads the search index's pages once, and the customers' and vehicles'
/// that its hits show, so that the station's first search finds them in
/// the system's page cache rather than on disk: on a 100,000-customer
/// database some 120 MB, where the first search after a start read its
/// pages from the disk (26–84 ms against 1–3 ms for the next,
/// BENCHMARKS.md, Starting the window). Whole-table reads, in
/// file order; nothing is written and SQLite's own cache is not grown.
/// The shell runs it on a connection of its own, on a thread of its own,
/// once the window is up. Returns how many bytes of index it read.
pub fn warm_up(file: &crate::db::DbFile) -> Result<u64> {
    let conn = file.connect_read_only()?;
    let mut read = 0;
    for sql in [
        // The words and where they are: every search reads these. A
        // block's last byte, because its length alone is read from the
        // row's header without the pages its content overflows to.
        "SELECT coalesce(sum(length(substr(block, -1))) + sum(length(block)), 0)
           FROM search_index_data",
        "SELECT coalesce(sum(length(term)), 0) FROM search_index_idx",
        // Each document's length, which ranks the matches.
        "SELECT coalesce(sum(length(sz)), 0) FROM search_index_docsize",
        // Each record's document, by its key and by its row.
        "SELECT coalesce(sum(length(kind) + length(row_id)), 0) FROM search_docs",
        "SELECT count(*) FROM search_docs INDEXED BY sqlite_autoindex_search_docs_1",
        // The plates' endings, searched from three characters.
        "SELECT coalesce(sum(length(scrap)), 0) FROM search_scraps",
        // The customers and vehicles a hit shows, by their id.
        "SELECT coalesce(sum(length(id)), 0) FROM customers",
        "SELECT count(*) FROM customers INDEXED BY sqlite_autoindex_customers_1",
        "SELECT coalesce(sum(length(id)), 0) FROM vehicles",
        "SELECT count(*) FROM vehicles INDEXED BY sqlite_autoindex_vehicles_1",
    ] {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        read += n.unsigned_abs();
    }
    Ok(read)
}

/// The kind of record a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A customer.
    Customer,
    /// A vehicle.
    Vehicle,
    /// A trouble code typed in the search box: never in the index, its hit
    /// comes from the code library ([`crate::pages::code`]).
    Code,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Customer => "customer",
            Kind::Vehicle => "vehicle",
            Kind::Code => "code",
        }
    }
}

/// The fewest letters or digits a query needs before it searches.
pub const MIN_QUERY_CHARS: usize = 2;
/// The fewest letters or digits that find a plate from inside (« 934 »,
/// « 4fg »). Two would flood the results: any two digits are inside about
/// one plate in fifty, thousands in a workshop's files.
pub const MIN_SCRAP_CHARS: usize = 3;

/// A subquery selecting the ids of one kind a [`Query`] finds, by its words
/// or inside a plate; its parameters come from [`Query::matching_ids_params`].
pub(crate) const MATCHING_IDS: &str = "SELECT d.row_id FROM search_index s JOIN search_docs d ON d.doc = s.rowid \
     WHERE d.kind = ? AND search_index MATCH ? \
     UNION ALL SELECT d.row_id FROM search_scraps x JOIN search_docs d ON d.doc = x.doc \
     WHERE d.kind = ? AND x.scrap >= ? AND x.scrap < ?";

/// What a typed query looks for. Typed separators are forgiven: « ab-12 »
/// finds plate AB-123-CD, « 06 12 34 » finds 06 12 34 56 78.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The letters and digits typed, folded and run together: a word of a
    /// document starting with them matches (« ab-12 » → `ab12`).
    pub compact: String,
    /// An FTS5 expression requiring each typed word to start a word of the
    /// document, when that says something the compact form does not: there
    /// are several, or one was left out. Words of one character or of two
    /// digits are left out (« jean d » finds every Jean, « aw 33 » every
    /// word starting with aw).
    pub words: Option<String>,
    /// Whether [`words`](Self::words) leaves a word out, so finds more than
    /// what was typed.
    pub words_loose: bool,
}

impl Query {
    /// Reads what a person typed, or `None` when it is too short to search.
    pub fn parse(query: &str) -> Option<Query> {
        let folded = fold(query);
        let compact: String = folded.chars().filter(char::is_ascii_alphanumeric).collect();
        if compact.chars().count() < MIN_QUERY_CHARS {
            return None;
        }
        let numeric = folded
            .chars()
            .all(|c| c.is_ascii_digit() || " .-+()/".contains(c));
        // A word of one character, or of two digits, only counts through
        // the compact form ("ab-1" finds AB-123-CD as "ab1", "aw-33" finds
        // AW-331-BC as "aw33"). Either starts words of a large part of the
        // documents, and one character cannot use the prefix index (its
        // shortest prefix is two): "1"* took 30 ms on 100,000 customers, and
        // "33"*, which starts every phone's international form, 3 ms.
        let all: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let alone = |w: &&&str| {
            w.len() > MIN_QUERY_CHARS
                || (w.len() == MIN_QUERY_CHARS && !w.bytes().all(|b| b.is_ascii_digit()))
        };
        let kept: Vec<String> = all
            .iter()
            .filter(alone)
            .map(|w| format!("\"{w}\"*"))
            .collect();
        let words_loose = kept.len() < all.len();
        let words = match kept.as_slice() {
            _ if numeric => None,
            [] => None,
            [one] if words_loose => Some(one.clone()),
            [_] => None,
            _ => Some(format!("({})", kept.join(" AND "))),
        };
        Some(Query {
            compact,
            words_loose: words_loose && words.is_some(),
            words,
        })
    }

    /// The FTS5 expression of the compact form as a whole word.
    pub fn word(&self) -> String {
        format!("\"{}\"", self.compact)
    }

    /// The FTS5 expression of the compact form: a word starting with it.
    pub fn prefix(&self) -> String {
        format!("\"{}\"*", self.compact)
    }

    /// The compact form, when it is long enough to be looked for inside a
    /// plate ([`MIN_SCRAP_CHARS`]).
    pub fn scrap(&self) -> Option<&str> {
        Some(self.compact.as_str()).filter(|c| c.len() >= MIN_SCRAP_CHARS)
    }

    /// One FTS5 expression for everything the words find, without the
    /// scraps of plates.
    pub fn expression(&self) -> String {
        match &self.words {
            Some(words) => format!("{words} OR {}", self.prefix()),
            None => self.prefix(),
        }
    }

    /// The parameters of [`MATCHING_IDS`] for records of `kind`.
    pub(crate) fn matching_ids_params(&self, kind: Kind) -> [Value; 5] {
        let (from, to) = self.scrap_range().unwrap_or_default();
        [
            kind.as_str().to_owned().into(),
            self.expression().into(),
            kind.as_str().to_owned().into(),
            from.into(),
            to.into(),
        ]
    }

    /// The range of `search_scraps` keys starting with the scrap: from it,
    /// to it with its last character one higher (the scrap is ASCII).
    fn scrap_range(&self) -> Option<(String, String)> {
        let scrap = self.scrap()?;
        let (last, head) = scrap.as_bytes().split_last()?;
        let mut to = String::from_utf8_lossy(head).into_owned();
        to.push(char::from(last + 1));
        Some((scrap.to_owned(), to))
    }
}

/// Turns what a person typed into one FTS5 match expression, or `None` when
/// it is too short to search: [`Query::expression`]. Every word must match
/// the start of an indexed word.
pub fn match_expression(query: &str) -> Option<String> {
    Query::parse(query).map(|q| q.expression())
}

/// The documents whose plate holds `query`'s scrap past its first
/// character, in the order of their endings (a plate ending with the scrap
/// comes before one where it runs on), as `(doc, kind, row id)`, without
/// those in `skip`, at most `limit`.
pub(crate) fn scrap_hits(
    conn: &Connection,
    query: &Query,
    skip: &[i64],
    limit: usize,
) -> Result<Vec<(i64, String, String)>> {
    let Some((from, to)) = query.scrap_range() else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT d.doc, d.kind, d.row_id FROM search_scraps x JOIN search_docs d ON d.doc = x.doc
          WHERE x.scrap >= ?1 AND x.scrap < ?2 ORDER BY x.scrap, x.doc",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut hits: Vec<(i64, String, String)> = Vec::new();
    while hits.len() < limit
        && let Some(row) = rows.next()?
    {
        let doc: i64 = row.get(0)?;
        if !skip.contains(&doc) && !hits.iter().any(|h| h.0 == doc) {
            hits.push((doc, row.get(1)?, row.get(2)?));
        }
    }
    Ok(hits)
}

/// What one record gives the index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Document {
    /// Folded words, each found by its start.
    pub words: String,
    /// One of the words also found from inside, by any run of
    /// [`MIN_SCRAP_CHARS`] or more of its letters and digits: a plate.
    pub inside: Option<String>,
}

impl Document {
    /// A document of words only.
    pub(crate) fn words(words: String) -> Document {
        Document {
            words,
            inside: None,
        }
    }

    /// [`inside`](Self::inside) folded to the letters and digits a query
    /// keeps: what `search_docs.inside` records and the scraps are cut from.
    pub(crate) fn inside_folded(&self) -> Option<String> {
        let word = self.inside.as_deref()?;
        let folded: String = fold(word)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        Some(folded).filter(|f| !f.is_empty())
    }

    /// The scraps `search_scraps` holds for this document.
    #[cfg(test)]
    pub(crate) fn scraps(&self) -> Vec<String> {
        self.inside_folded()
            .as_deref()
            .map(endings)
            .unwrap_or_default()
    }
}

/// The endings of a folded word that `search_scraps` holds: shorter than
/// the word (its start is a word of the FTS5 table), of [`MIN_SCRAP_CHARS`]
/// or more.
fn endings(word: &str) -> Vec<String> {
    (1..word.len().saturating_sub(MIN_SCRAP_CHARS - 1))
        .map(|from| word[from..].to_owned())
        .collect()
}

/// Writes (or rewrites) the search document of one record.
pub(crate) fn index(
    tx: &Transaction<'_>,
    kind: Kind,
    row_id: &str,
    document: &Document,
) -> Result<()> {
    let body = document.words.as_str();
    let inside = document.inside_folded();
    let found: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT doc, inside FROM search_docs WHERE kind = ?1 AND row_id = ?2")?
        .query_row(params![kind.as_str(), row_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (doc, scraps) = match found {
        Some((doc, was)) => {
            tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
                .execute([doc])?;
            // Most rewrites keep the plate, and its scraps with it.
            if was == inside {
                (doc, Vec::new())
            } else {
                remove_scraps(tx, doc, was.as_deref())?;
                tx.prepare_cached("UPDATE search_docs SET inside = ?2 WHERE doc = ?1")?
                    .execute(params![doc, inside])?;
                (doc, inside.as_deref().map(endings).unwrap_or_default())
            }
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO search_docs (kind, row_id, inside) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![kind.as_str(), row_id, inside])?;
            let doc = tx.last_insert_rowid();
            (doc, inside.as_deref().map(endings).unwrap_or_default())
        }
    };
    let mut scraps = Some(scraps);
    let deferred = PENDING.with_borrow_mut(|pending| match pending {
        Some(p) => {
            p.docs.push((doc, body.to_owned()));
            p.scraps.extend(
                scraps
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| (s, doc)),
            );
            true
        }
        None => false,
    });
    if !deferred {
        tx.prepare_cached("INSERT INTO search_index (rowid, body) VALUES (?1, ?2)")?
            .execute(params![doc, body])?;
        for scrap in scraps.unwrap_or_default() {
            tx.prepare_cached("INSERT INTO search_scraps (scrap, doc) VALUES (?1, ?2)")?
                .execute(params![scrap, doc])?;
        }
    }
    Ok(())
}

/// Deletes the scraps [`index`] wrote for `inside`, by their key:
/// `search_scraps` has no index by document, which would cost each scrap
/// a second write.
fn remove_scraps(tx: &Transaction<'_>, doc: i64, inside: Option<&str>) -> Result<()> {
    for scrap in inside.map(endings).unwrap_or_default() {
        tx.prepare_cached("DELETE FROM search_scraps WHERE scrap = ?1 AND doc = ?2")?
            .execute(params![scrap, doc])?;
    }
    Ok(())
}

thread_local! {
    /// Search writes waiting for [`Deferral::finish`], while one is active
    /// on this thread.
    static PENDING: std::cell::RefCell<Option<Pending>> =
        const { std::cell::RefCell::new(None) };
}

/// What a [`Deferral`] holds back: documents' words, plates' scraps.
#[derive(Debug, Default)]
struct Pending {
    docs: Vec<(i64, String)>,
    scraps: Vec<(String, i64)>,
}

/// How much a [`Deferral`] held back at one time, to
/// [`rewind`](Deferral::rewind) to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    docs: usize,
    scraps: usize,
}

/// Holds back the search writes of a bulk write (an import, a page of
/// pulled operations) and makes them in one statement each at the end.
///
/// While any savepoint is open, each statement that writes an FTS5 table
/// makes it flush its pending terms into a new segment; an import keeps
/// savepoints open throughout (one per line, one for the file), so writing
/// each document as it comes cost a flush per record. The plates' scraps go
/// in one statement too, in the order of their key: applying a page of
/// pulled operations took 3 % less CPU than with one statement each.
/// Dropping the guard without [`finish`](Self::finish) discards what was
/// held back — the caller is rolling back those records anyway — and
/// indexing is immediate again. A document is written at most once while
/// a guard holds.
#[derive(Debug)]
pub(crate) struct Deferral(());

impl Deferral {
    /// Starts holding back this thread's search writes.
    pub(crate) fn start() -> Deferral {
        PENDING.set(Some(Pending::default()));
        Deferral(())
    }

    /// How much is held back: a mark to [`rewind`](Self::rewind) to.
    pub(crate) fn mark(&self) -> Mark {
        PENDING.with_borrow(|p| Mark {
            docs: p.as_ref().map_or(0, |p| p.docs.len()),
            scraps: p.as_ref().map_or(0, |p| p.scraps.len()),
        })
    }

    /// Forgets what was held back since `mark` (a line rolled back).
    pub(crate) fn rewind(&self, mark: Mark) {
        PENDING.with_borrow_mut(|p| {
            if let Some(p) = p {
                p.docs.truncate(mark.docs);
                p.scraps.truncate(mark.scraps);
            }
        });
    }

    /// Writes everything held back: the words in one statement, the scraps
    /// in another.
    pub(crate) fn finish(self, tx: &Transaction<'_>) -> Result<()> {
        let Pending { docs, mut scraps } = PENDING.take().unwrap_or_default();
        if !docs.is_empty() {
            tx.execute(
                "INSERT INTO search_index (rowid, body)
                 SELECT value ->> 0, value ->> 1 FROM json_each(?1)",
                [to_json(&docs)?],
            )?;
        }
        if !scraps.is_empty() {
            scraps.sort_unstable();
            tx.execute(
                "INSERT INTO search_scraps (scrap, doc)
                 SELECT value ->> 0, value ->> 1 FROM json_each(?1)",
                [to_json(&scraps)?],
            )?;
        }
        Ok(())
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|_| crate::Error::Corrupt("search"))
}

impl Drop for Deferral {
    fn drop(&mut self) {
        PENDING.set(None);
    }
}

/// The local setting by which a migration asks for every document of
/// `kind` to be written again, when their shape changed in a way SQL
/// cannot compute (folding is the application's).
fn reindex_key(kind: Kind) -> String {
    format!("search.reindex.{}", kind.as_str())
}

/// Whether a migration asked for every document of `kind` to be written
/// again (see [`reindex_key`]).
pub(crate) fn reindex_asked(conn: &Connection, kind: Kind) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM local_settings WHERE key = ?1")?
        .exists([reindex_key(kind)])?)
}

/// Records that every document of `kind` was written again, and merges
/// the index into one segment: rewriting each document left the deletion
/// of its old words in segments of their own (on 100,000 customers, 65 MB
/// more and searches up to twice as slow until FTS5 merged them).
pub(crate) fn reindexed(tx: &Transaction<'_>, kind: Kind) -> Result<()> {
    tx.prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
        .execute([reindex_key(kind)])?;
    tx.execute(
        "INSERT INTO search_index (search_index) VALUES ('optimize')",
        [],
    )?;
    Ok(())
}

/// Removes a record from search (archived, merged).
pub(crate) fn unindex(tx: &Transaction<'_>, kind: Kind, row_id: &str) -> Result<()> {
    let found: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT doc, inside FROM search_docs WHERE kind = ?1 AND row_id = ?2")?
        .query_row(params![kind.as_str(), row_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((doc, inside)) = found {
        tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([doc])?;
        remove_scraps(tx, doc, inside.as_deref())?;
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

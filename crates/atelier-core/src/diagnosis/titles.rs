//! What a trouble code means, for this workshop: the owner's own title when
//! they corrected the library's (kept and synced like any record), else the
//! library's French title, with the English beside it where the glossary
//! did not translate every word, and the vehicle's make's own meaning.

use atelier_domain::Locale;
use atelier_dtc::{Code, Make, library};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Map, json};

use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "dtc_titles";
const TITLE_MAX: usize = 200;

/// A code's meaning as the bench, the search and the PDF show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meaning {
    /// The code (`P0420`).
    pub code: String,
    /// The title to show: the owner's, else the library's French (or, for
    /// a code only makers define, the make's English); `None` when nobody
    /// knows the code.
    pub title: Option<String>,
    /// The English, beside a title that is not fully French.
    pub english: Option<String>,
    /// What the vehicle's make says the code means, when the library has
    /// it and it is not already the title.
    pub make_meaning: Option<String>,
    /// The title is the owner's correction.
    pub corrected: bool,
}

/// One of the owner's titles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnerTitle {
    /// The code.
    pub code: String,
    /// The make it is for, or `None` for every make.
    pub make: Option<String>,
    /// The owner's title.
    pub title: String,
    /// The library's, for comparison.
    pub library: Option<String>,
}

/// What `code` means on a car of `make` (any make when `None`).
pub fn explain(
    conn: &Connection,
    code: Code,
    make: Option<&Make>,
    locale: Locale,
) -> Result<Meaning> {
    let entry = library().get(code);
    let own = match make {
        Some(m) => owner_title(conn, code, Some(m))?,
        None => None,
    }
    .or(owner_title(conn, code, None)?);
    let generic = entry.and_then(|e| e.generic.as_ref());
    let by_make = make
        .and_then(|m| entry.and_then(|e| e.for_make(m)))
        .map(|m| m.english.clone());
    let (title, english) = match (&own, generic) {
        (Some(own), g) => (Some(own.clone()), g.map(|g| g.english.clone())),
        (None, Some(g)) if locale == Locale::En => (Some(g.english.clone()), None),
        (None, Some(g)) => (
            Some(g.french.clone()),
            (!g.fully_translated).then(|| g.english.clone()),
        ),
        (None, None) => (
            by_make.clone().or_else(|| {
                entry
                    .and_then(|e| e.makes.first())
                    .map(|m| m.english.clone())
            }),
            None,
        ),
    };
    let make_meaning = by_make.filter(|m| Some(m) != title.as_ref());
    Ok(Meaning {
        code: code.as_str().to_owned(),
        title,
        english,
        make_meaning,
        corrected: own.is_some(),
    })
}

fn key(code: Code, make: Option<&Make>) -> String {
    match make {
        Some(m) => format!("{}@{}", code.as_str(), m.as_str()),
        None => code.as_str().to_owned(),
    }
}

fn owner_title(conn: &Connection, code: Code, make: Option<&Make>) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT title FROM dtc_titles WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([key(code, make)], |r| r.get(0))
        .optional()?)
}

/// Sets the owner's title of a code (for one make, or every make when
/// `make` is blank); a blank title gives the library's back.
pub fn set_title(
    tx: &Transaction<'_>,
    now_ms: u64,
    code: &str,
    make: Option<&str>,
    title: Option<&str>,
) -> Result<Option<OwnerTitle>> {
    let code = Code::parse(code)?;
    let make = match clean(make) {
        None => None,
        Some(m) => Some(Make::new(&m).ok_or(crate::validation::Invalid::new(
            Field::Make,
            Problem::NotAllowed,
        ))?),
    };
    let title = clean(title);
    max_len(Field::CodeTitle, title.as_deref(), TITLE_MAX)?;
    let id = key(code, make.as_ref());
    let existing: Option<(String, bool)> = tx
        .prepare_cached("SELECT title, deleted_at IS NOT NULL FROM dtc_titles WHERE id = ?1")?
        .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match (existing, title) {
        (None, None) => Ok(None),
        (None, Some(title)) => {
            let payload = json!({
                "code": code.as_str(), "make": make.as_ref().map(Make::as_str), "title": title,
            });
            let hlc = outbox::record(tx, now_ms, ENTITY, &id, OpKind::Insert, &payload, None)?;
            tx.prepare_cached(
                "INSERT INTO dtc_titles (id, code, make, title, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![
                id,
                code.as_str(),
                make.as_ref().map(Make::as_str),
                title,
                hlc.as_i64()
            ])?;
            found(tx, &id)
        }
        (Some((_, true)), None) => Ok(None),
        (Some((_, false)), None) => {
            let hlc = outbox::record(tx, now_ms, ENTITY, &id, OpKind::Delete, &json!({}), None)?;
            tx.prepare_cached(
                "UPDATE dtc_titles SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![id, hlc.as_i64()])?;
            Ok(None)
        }
        (Some((old, deleted)), Some(title)) => {
            if !deleted && old == title {
                return found(tx, &id);
            }
            let before = Map::from_iter([("title".to_owned(), json!(old))]);
            let hlc = outbox::record(
                tx,
                now_ms,
                ENTITY,
                &id,
                OpKind::Update,
                &json!({ "title": title, "deleted_at": null }),
                Some(&before),
            )?;
            tx.prepare_cached(
                "UPDATE dtc_titles SET title = ?2, deleted_at = NULL, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, title, hlc.as_i64()])?;
            found(tx, &id)
        }
    }
}

fn found(conn: &Connection, id: &str) -> Result<Option<OwnerTitle>> {
    Ok(owner_titles(conn)?.into_iter().find(|t| key_of(t) == id))
}

fn key_of(t: &OwnerTitle) -> String {
    match &t.make {
        Some(m) => format!("{}@{m}", t.code),
        None => t.code.clone(),
    }
}

/// Every title the owner set, by code.
pub fn owner_titles(conn: &Connection) -> Result<Vec<OwnerTitle>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, make, title FROM dtc_titles WHERE deleted_at IS NULL ORDER BY code, make",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(code, make, title)| {
            let parsed = Code::parse(&code).map_err(|_| Error::Corrupt("dtc_titles.code"))?;
            let library = library()
                .get(parsed)
                .and_then(|e| e.generic.as_ref())
                .map(|g| g.french.clone());
            Ok(OwnerTitle {
                code,
                make,
                title,
                library,
            })
        })
        .collect()
}

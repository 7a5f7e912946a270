//! A part's equivalent references: other makers' numbers, superseded ones.
//! One that is itself a catalogue part is shown as a substitute.

use atelier_domain::PartId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::part::TEXT_MAX;
use super::refs::normalise_reference;
use crate::new_row_id;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const EQUIVALENTS_MAX: usize = 50;

/// An equivalent reference, with the catalogue part that has it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Equivalent {
    /// The reference as typed.
    pub reference: String,
    /// A catalogue part whose own or OEM reference it is: a substitute.
    pub part_id: Option<PartId>,
}

pub(crate) fn parse_equivalents(list: Option<&[String]>) -> Result<Option<Vec<String>>, Invalid> {
    let Some(list) = list else {
        return Ok(None);
    };
    let mut out: Vec<String> = Vec::new();
    for r in list.iter().filter_map(|r| clean(Some(r))) {
        max_len(Field::Reference, Some(&r), TEXT_MAX)?;
        let key = normalise_reference(&r);
        if !key.is_empty() && !out.iter().any(|o| normalise_reference(o) == key) {
            out.push(r);
        }
    }
    if out.len() > EQUIVALENTS_MAX {
        return Err(Invalid::new(
            Field::Reference,
            Problem::TooMany {
                max: EQUIVALENTS_MAX,
            },
        ));
    }
    Ok(Some(out))
}

/// Replaces a part's equivalent references: those no longer listed get a
/// tombstone, new ones a row.
pub(crate) fn save_equivalents(
    tx: &Transaction<'_>,
    now_ms: u64,
    part: &str,
    list: &[String],
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, reference FROM part_equivalents WHERE part_id = ?1 AND deleted_at IS NULL",
    )?;
    let existing = stmt
        .query_map([part], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, reference) in &existing {
        if !list.contains(reference) {
            let hlc = outbox::record(
                tx,
                now_ms,
                "part_equivalents",
                id,
                OpKind::Delete,
                &json!({}),
                None,
            )?;
            tx.prepare_cached(
                "UPDATE part_equivalents SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![id, hlc.as_i64()])?;
        }
    }
    for reference in list {
        if existing.iter().any(|(_, r)| r == reference) {
            continue;
        }
        let id = new_row_id();
        let hlc = outbox::record(
            tx,
            now_ms,
            "part_equivalents",
            &id,
            OpKind::Insert,
            &json!({ "part_id": part, "reference": reference }),
            None,
        )?;
        tx.prepare_cached(
            "INSERT INTO part_equivalents (id, part_id, reference, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
        )?
        .execute(params![id, part, reference, hlc.as_i64()])?;
    }
    Ok(())
}

pub(crate) fn equivalents(conn: &Connection, part: &str) -> Result<Vec<Equivalent>> {
    let refs = conn
        .prepare_cached(
            "SELECT reference FROM part_equivalents WHERE part_id = ?1 AND deleted_at IS NULL
             ORDER BY reference",
        )?
        .query_map([part], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut substitute = conn.prepare_cached(
        "SELECT part_id FROM part_refs WHERE ref_key = ?1 AND source IN (0, 1) AND part_id <> ?2
         LIMIT 1",
    )?;
    let mut out = Vec::with_capacity(refs.len());
    for reference in refs {
        let part_id = substitute
            .query_row(params![normalise_reference(&reference), part], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .map(|id| id.parse().map_err(|_| Error::Corrupt("part_refs.part_id")))
            .transpose()?;
        out.push(Equivalent { reference, part_id });
    }
    Ok(out)
}

//! What a part is at one site: its bin and when to order more.

use atelier_domain::{Quantity, SiteId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value, json};

use super::part::{PartInput, TEXT_MAX};
use crate::amounts::parse_quantity;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, max_len};
use crate::{Error, Result, new_row_id};

/// A part's settings at one site.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SiteFields {
    pub bin: Option<String>,
    pub reorder_point: Option<Quantity>,
    pub reorder_qty: Option<Quantity>,
}

impl SiteFields {
    pub(crate) fn parse(
        input: &PartInput,
        before: Option<&SiteFields>,
    ) -> Result<SiteFields, Invalid> {
        let quantity = |typed: &Option<String>, field, old: Option<Quantity>| match typed {
            None => Ok(old),
            Some(t) => clean(Some(t))
                .map(|t| parse_quantity(&t, field))
                .transpose(),
        };
        let bin = match &input.bin {
            None => before.and_then(|b| b.bin.clone()),
            Some(t) => clean(Some(t)),
        };
        max_len(Field::Bin, bin.as_deref(), TEXT_MAX)?;
        Ok(SiteFields {
            bin,
            reorder_point: quantity(
                &input.reorder_point,
                Field::ReorderPoint,
                before.and_then(|b| b.reorder_point),
            )?,
            reorder_qty: quantity(
                &input.reorder_quantity,
                Field::ReorderQuantity,
                before.and_then(|b| b.reorder_qty),
            )?,
        })
    }

    pub(crate) fn save(
        &self,
        tx: &Transaction<'_>,
        now_ms: u64,
        part: &str,
        site: SiteId,
    ) -> Result<()> {
        let row: Option<String> = tx
            .prepare_cached("SELECT id FROM part_sites WHERE part_id = ?1 AND site_id = ?2")?
            .query_row(params![part, site.to_string()], |r| r.get(0))
            .optional()?;
        let existing = match row {
            Some(id) => site_settings(tx, part, site)?.map(|s| (id, s)),
            None => None,
        };
        let after = json!({
            "bin": self.bin, "reorder_point_milli": self.reorder_point,
            "reorder_qty_milli": self.reorder_qty,
        });
        let Value::Object(after) = after else {
            return Err(Error::Corrupt("part_sites"));
        };
        let (id, kind, payload, before) = match existing {
            Some((id, old)) => {
                let before = Map::from_iter([
                    ("bin".to_owned(), json!(old.bin)),
                    ("reorder_point_milli".to_owned(), json!(old.reorder_point)),
                    ("reorder_qty_milli".to_owned(), json!(old.reorder_qty)),
                ]);
                let changes = outbox::changes(&before, after);
                if changes.is_empty() {
                    return Ok(());
                }
                (id, OpKind::Update, changes, Some(before))
            }
            None if *self == SiteFields::default() => return Ok(()),
            None => {
                let mut payload = after;
                payload.insert("part_id".into(), json!(part));
                payload.insert("site_id".into(), json!(site.to_string()));
                (new_row_id(), OpKind::Insert, payload, None)
            }
        };
        let hlc = outbox::record(
            tx,
            now_ms,
            "part_sites",
            &id,
            kind,
            &Value::Object(payload),
            before.as_ref(),
        )?;
        tx.prepare_cached(
            "INSERT INTO part_sites (id, part_id, site_id, bin, reorder_point_milli,
                    reorder_qty_milli, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
             ON CONFLICT (id) DO UPDATE SET bin = excluded.bin,
                 reorder_point_milli = excluded.reorder_point_milli,
                 reorder_qty_milli = excluded.reorder_qty_milli, updated_at = excluded.updated_at",
        )?
        .execute(params![
            id,
            part,
            site.to_string(),
            self.bin,
            self.reorder_point.map(Quantity::milli),
            self.reorder_qty.map(Quantity::milli),
            hlc.as_i64()
        ])?;
        Ok(())
    }
}

/// A part's bin and reorder settings at a site, if it has any.
pub(crate) fn site_settings(
    conn: &Connection,
    part: &str,
    site: SiteId,
) -> Result<Option<SiteFields>> {
    Ok(conn
        .prepare_cached(
            "SELECT bin, reorder_point_milli, reorder_qty_milli FROM part_sites
             WHERE part_id = ?1 AND site_id = ?2",
        )?
        .query_row(params![part, site.to_string()], |r| {
            Ok(SiteFields {
                bin: r.get(0)?,
                reorder_point: r.get::<_, Option<i64>>(1)?.map(Quantity::from_milli),
                reorder_qty: r.get::<_, Option<i64>>(2)?.map(Quantity::from_milli),
            })
        })
        .optional()?)
}

//! Stocktake: a count sheet by bin, counts entered as they come, the
//! differences reviewed, then posted at once as adjustments.
//!
//! The difference is taken against on hand when it is shown or posted, so
//! parts used while the count goes on are not counted twice.

use atelier_domain::{Locale, PartId, Quantity, SiteId, StocktakeId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::entries::site_or_current;
use super::movements::{MovementKind, NewMovement, write};
use super::part::Unit;
use super::words::words;
use crate::amounts::parse_milli;
use crate::outbox::{self, OpKind};
use crate::text::{clean, format_date, today};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result, new_row_id};

const ENTITY: &str = "stocktakes";
const COUNTS: &str = "stocktake_counts";

/// A stocktake and its sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stocktake {
    /// Its id.
    pub id: StocktakeId,
    /// The site counted.
    pub site_id: SiteId,
    /// Whether its differences were posted.
    pub posted: bool,
    /// When it was started (Unix ms).
    pub started_at: u64,
    /// Every part of the site, by bin then reference.
    pub lines: Vec<StocktakeLine>,
}

/// A line of the count sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StocktakeLine {
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// How it is counted.
    pub unit: Unit,
    /// Where it sits.
    pub bin: Option<String>,
    /// What the movements say is there.
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
    /// What was counted, once entered.
    #[serde(rename = "counted_milli")]
    pub counted: Option<Quantity>,
    /// Counted − on hand, once counted.
    #[serde(rename = "difference_milli")]
    pub difference: Option<Quantity>,
}

/// A count as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CountLine {
    /// The part.
    pub part_id: PartId,
    /// What was counted; blank to clear nothing.
    pub counted: Option<String>,
}

/// Starts counting a site (this workstation's when `None`).
pub fn start_stocktake(
    tx: &Transaction<'_>,
    now_ms: u64,
    site: Option<SiteId>,
) -> Result<Stocktake> {
    let site = site_or_current(tx, site, Field::Site)?;
    let id = StocktakeId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "site_id": site.to_string(), "status": "open" }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO stocktakes (id, site_id, status, created_at, updated_at)
         VALUES (?1, ?2, 'open', ?3, ?3)",
    )?
    .execute(params![id.to_string(), site.to_string(), hlc.as_i64()])?;
    get_stocktake(tx, id)
}

/// Enters counts. Every count is checked before any is written: a count that
/// is not a number refuses them all.
pub fn record_counts(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: StocktakeId,
    counts: &[CountLine],
) -> Result<Stocktake> {
    let take = open(tx, id)?;
    let mut checked = Vec::with_capacity(counts.len());
    for c in counts {
        let Some(text) = clean(c.counted.as_deref()) else {
            continue;
        };
        let counted = parse_milli(&text, Field::Count)?;
        if !take.lines.iter().any(|l| l.part_id == c.part_id) {
            return Err(Invalid::new(Field::Part, Problem::NotAllowed).into());
        }
        checked.push((c.part_id, counted));
    }
    for (part, counted) in checked {
        let existing: Option<(String, i64)> = tx
            .prepare_cached(
                "SELECT id, counted_milli FROM stocktake_counts WHERE stocktake_id = ?1 AND part_id = ?2",
            )?
            .query_row(params![id.to_string(), part.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match existing {
            Some((_, old)) if old == counted => {}
            Some((row, old)) => {
                let hlc = outbox::record(
                    tx,
                    now_ms,
                    COUNTS,
                    &row,
                    OpKind::Update,
                    &json!({ "counted_milli": counted }),
                    json!({ "counted_milli": old }).as_object(),
                )?;
                tx.prepare_cached(
                    "UPDATE stocktake_counts SET counted_milli = ?2, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(params![row, counted, hlc.as_i64()])?;
            }
            None => {
                let row = new_row_id();
                let hlc = outbox::record(
                    tx,
                    now_ms,
                    COUNTS,
                    &row,
                    OpKind::Insert,
                    &json!({ "stocktake_id": id, "part_id": part, "counted_milli": counted }),
                    None,
                )?;
                tx.prepare_cached(
                    "INSERT INTO stocktake_counts (id, stocktake_id, part_id, counted_milli,
                            created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                )?
                .execute(params![
                    row,
                    id.to_string(),
                    part.to_string(),
                    counted,
                    hlc.as_i64()
                ])?;
            }
        }
    }
    get_stocktake(tx, id)
}

/// Posts every difference as one adjustment each, at once, and closes the
/// stocktake. Parts not counted are left as they are.
pub fn post_stocktake(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: StocktakeId,
    locale: Locale,
) -> Result<Stocktake> {
    let take = open(tx, id)?;
    let reason = (words(locale).stocktake_of)(&format_date(&today(now_ms), locale));
    for line in &take.lines {
        let Some(diff) = line.difference.filter(|d| *d != Quantity::ZERO) else {
            continue;
        };
        write(
            tx,
            now_ms,
            MovementKind::Adjustment,
            NewMovement {
                part: line.part_id,
                site: take.site_id,
                quantity_milli: diff.milli(),
                reason: Some(reason.clone()),
                stocktake: Some(id),
                ..NewMovement::default()
            },
        )?;
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &json!({ "status": "posted", "posted_at": now_ms }),
        json!({ "status": "open" }).as_object(),
    )?;
    tx.prepare_cached(
        "UPDATE stocktakes SET status = 'posted', posted_at = ?2, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), now_ms as i64, hlc.as_i64()])?;
    get_stocktake(tx, id)
}

fn open(conn: &Connection, id: StocktakeId) -> Result<Stocktake> {
    let take = get_stocktake(conn, id)?;
    if take.posted {
        return Err(Invalid::new(Field::Count, Problem::StocktakePosted).into());
    }
    Ok(take)
}

/// A stocktake with its count sheet: every active part placed at the site or
/// with stock there, by bin then reference.
pub fn get_stocktake(conn: &Connection, id: StocktakeId) -> Result<Stocktake> {
    let (site_id, status, created): (String, String, i64) = conn
        .prepare_cached("SELECT site_id, status, created_at FROM stocktakes WHERE id = ?1")?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "stocktake",
            id: id.to_string(),
        })?;
    let site: SiteId = site_id
        .parse()
        .map_err(|_| Error::Corrupt("stocktakes.site_id"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.reference, p.description, p.unit, s.bin, COALESCE(l.on_hand_milli, 0),
                c.counted_milli
           FROM parts p
           LEFT JOIN part_sites s ON s.part_id = p.id AND s.site_id = ?2
           LEFT JOIN stock_levels l ON l.part_id = p.id AND l.site_id = ?2
           LEFT JOIN stocktake_counts c ON c.part_id = p.id AND c.stocktake_id = ?1
          WHERE p.deleted_at IS NULL
            AND ((p.active = 1 AND s.id IS NOT NULL) OR l.on_hand_milli <> 0 OR c.id IS NOT NULL)
          ORDER BY s.bin IS NULL, s.bin, p.reference_key",
    )?;
    let lines = stmt
        .query_map(params![id.to_string(), site.to_string()], |r| {
            let (part, unit): (String, String) = (r.get(0)?, r.get(3)?);
            let on_hand: i64 = r.get(5)?;
            let counted: Option<i64> = r.get(6)?;
            let Ok(part_id) = part.parse() else {
                return Ok(Err(Error::Corrupt("parts.id")));
            };
            Ok(Ok(StocktakeLine {
                part_id,
                reference: r.get(1)?,
                description: r.get(2)?,
                unit: Unit::parse(&unit).unwrap_or(Unit::Piece),
                bin: r.get(4)?,
                on_hand: Quantity::from_milli(on_hand),
                counted: counted.map(Quantity::from_milli),
                difference: counted.map(|c| Quantity::from_milli(c - on_hand)),
            }))
        })?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()??;
    // A stamp's wall clock is its upper 48 bits.
    let started_at = (created.unsigned_abs()) >> 16;
    Ok(Stocktake {
        id,
        site_id: site,
        posted: status == "posted",
        started_at,
        lines,
    })
}

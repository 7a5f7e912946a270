//! Stock movements, append-only, and the per-site summary kept from them.
//!
//! A movement is written once and never changed: a mistake is corrected by
//! another movement. Each one also adds its quantity (and, for a receipt, its
//! cost) to the `stock_levels` row of its part and site, in the same
//! transaction; every column there is a sum, so [`apply`]ing movements from
//! other stations in any order gives the same summary, and [`recount`]
//! rebuilds it from the movements alone.

use atelier_domain::{
    Money, OrderLineId, PartId, PurchaseLineId, Quantity, SiteId, StockMovementId, StocktakeId,
    TransferId,
};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use super::part::Unit;
use crate::access::{Action, Actor};
use crate::amounts::mul_div_round;
use crate::outbox::{self, OpKind};
use crate::{Error, Result};

pub(crate) const ENTITY: &str = "stock_movements";

/// What moved the stock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Delivered by a supplier (positive, with its unit cost).
    Receipt,
    /// Used on a repair order line (negative).
    Use,
    /// Given back by a repair order line: reopened, line removed (positive).
    ReturnFromOrder,
    /// A correction with its reason, either way (a stocktake posts these).
    Adjustment,
    /// Sent back to a supplier (negative).
    ReturnToSupplier,
    /// Sent to another site (negative).
    TransferOut,
    /// Arrived from another site (positive).
    TransferIn,
}

crate::text::str_enum!(MovementKind {
    Receipt => "receipt",
    Use => "use",
    ReturnFromOrder => "return_from_order",
    Adjustment => "adjustment",
    ReturnToSupplier => "return_to_supplier",
    TransferOut => "transfer_out",
    TransferIn => "transfer_in",
});

/// One movement of stock, as stored and as synced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    /// Its id (UUIDv7).
    pub id: StockMovementId,
    /// The part.
    pub part_id: PartId,
    /// The site whose stock moved.
    pub site_id: SiteId,
    /// Why.
    pub kind: MovementKind,
    /// Signed: positive in, negative out.
    #[serde(rename = "quantity_milli")]
    pub quantity: Quantity,
    /// A receipt's unit cost HT.
    #[serde(rename = "unit_cost_cents")]
    pub unit_cost: Option<Money>,
    /// An adjustment's or a return's reason.
    pub reason: Option<String>,
    /// The repair order line that used or gave back the part.
    pub order_line_id: Option<OrderLineId>,
    /// The purchase order line a receipt delivers.
    pub purchase_line_id: Option<PurchaseLineId>,
    /// Pairs the two halves of a transfer.
    pub transfer_id: Option<TransferId>,
    /// The stocktake an adjustment comes from.
    pub stocktake_id: Option<StocktakeId>,
    /// When it happened (Unix ms).
    pub at_ms: u64,
}

/// The stock of a part at a site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Level {
    /// On hand: the sum of the movements. Negative when used before its
    /// receipt was entered.
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
    /// Weighted average cost of the receipts, HT per unit.
    #[serde(rename = "average_cost_cents")]
    pub average_cost: Option<Money>,
    /// On hand valued at the average cost (zero when negative); `None`
    /// only when hidden by [`Level::for_viewer`].
    #[serde(rename = "value_cents")]
    pub value: Option<Money>,
    /// How many movements made it.
    pub movements: u64,
}

impl Level {
    /// The level as `actor` may see it: without its average cost and value
    /// unless they may see prices.
    pub fn for_viewer(self, actor: &Actor) -> Level {
        if actor.may(Action::SeePrices) {
            return self;
        }
        Level {
            average_cost: None,
            value: None,
            ..self
        }
    }
}

impl Movement {
    /// The movement as `actor` may see it: without a receipt's unit cost
    /// unless they may see prices.
    pub fn for_viewer(self, actor: &Actor) -> Movement {
        if actor.may(Action::SeePrices) {
            return self;
        }
        Movement {
            unit_cost: None,
            ..self
        }
    }
}

/// A line of the stock list: a part and its stock at one site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StockLine {
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// How it is counted.
    pub unit: Unit,
    /// Its bin at the site.
    pub bin: Option<String>,
    /// On hand at the site.
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
}

/// A movement about to be written.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewMovement {
    pub part: PartId,
    pub site: SiteId,
    pub quantity_milli: i64,
    pub unit_cost_cents: Option<i64>,
    pub reason: Option<String>,
    pub order_line: Option<OrderLineId>,
    pub purchase_line: Option<PurchaseLineId>,
    pub transfer: Option<TransferId>,
    pub stocktake: Option<StocktakeId>,
}

/// Writes one movement, its operation and its share of the summary.
pub(crate) fn write(
    tx: &Transaction<'_>,
    now_ms: u64,
    kind: MovementKind,
    m: NewMovement,
) -> Result<Movement> {
    let movement = Movement {
        id: StockMovementId::new(),
        part_id: m.part,
        site_id: m.site,
        kind,
        quantity: Quantity::from_milli(m.quantity_milli),
        unit_cost: m.unit_cost_cents.map(Money::from_cents),
        reason: m.reason,
        order_line_id: m.order_line,
        purchase_line_id: m.purchase_line,
        transfer_id: m.transfer,
        stocktake_id: m.stocktake,
        at_ms: now_ms,
    };
    let payload = serde_json::to_value(&movement).map_err(|_| Error::Corrupt(ENTITY))?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &movement.id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    insert(tx, &movement, hlc.as_i64())?;
    Ok(movement)
}

/// Applies a movement written at another station: stored once (a movement
/// received twice counts once) and added to the summary. Returns whether it
/// was new.
pub fn apply(tx: &Transaction<'_>, movement: &Movement, hlc: i64) -> Result<bool> {
    let known = tx
        .prepare_cached("SELECT 1 FROM stock_movements WHERE id = ?1")?
        .query_row([movement.id.to_string()], |_| Ok(()))
        .optional()?
        .is_some();
    if known {
        return Ok(false);
    }
    insert(tx, movement, hlc)?;
    Ok(true)
}

fn insert(tx: &Transaction<'_>, m: &Movement, hlc: i64) -> Result<()> {
    let (part, site) = (m.part_id.to_string(), m.site_id.to_string());
    tx.prepare_cached(
        "INSERT INTO stock_movements (id, part_id, site_id, kind, quantity_milli, unit_cost_cents,
                reason, order_line_id, purchase_line_id, transfer_id, stocktake_id, at_ms, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        m.id.to_string(),
        part,
        site,
        m.kind.as_str(),
        m.quantity.milli(),
        m.unit_cost.map(Money::cents),
        m.reason,
        m.order_line_id.map(|l| l.to_string()),
        m.purchase_line_id.map(|l| l.to_string()),
        m.transfer_id.map(|t| t.to_string()),
        m.stocktake_id.map(|t| t.to_string()),
        m.at_ms as i64,
        hlc
    ])?;
    let (received, cost) = receipt_share(m.kind, m.quantity.milli(), m.unit_cost.map(Money::cents));
    tx.prepare_cached(
        "INSERT INTO stock_levels (part_id, site_id, on_hand_milli, received_milli, received_cost, movements)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)
         ON CONFLICT (part_id, site_id) DO UPDATE SET
             on_hand_milli = on_hand_milli + excluded.on_hand_milli,
             received_milli = received_milli + excluded.received_milli,
             received_cost = received_cost + excluded.received_cost,
             movements = movements + 1",
    )?
    .execute(params![part, site, m.quantity.milli(), received, cost])?;
    Ok(())
}

/// What a movement adds to the receipts the average cost is taken over.
fn receipt_share(kind: MovementKind, quantity_milli: i64, unit_cost: Option<i64>) -> (i64, i64) {
    match (kind, unit_cost) {
        (MovementKind::Receipt, Some(cost)) => {
            (quantity_milli, quantity_milli.saturating_mul(cost))
        }
        _ => (0, 0),
    }
}

fn level_of(on_hand: i64, received: i64, cost: i64, movements: i64) -> Level {
    let average = (received > 0).then(|| mul_div_round(cost, 1, received));
    Level {
        on_hand: Quantity::from_milli(on_hand),
        average_cost: average.map(Money::from_cents),
        value: Some(Money::from_cents(
            average.map_or(0, |a| mul_div_round(on_hand.max(0), a, 1000)),
        )),
        movements: movements.unsigned_abs(),
    }
}

/// The stock of a part at a site, from the summary: one indexed row.
pub fn level(conn: &Connection, part: PartId, site: SiteId) -> Result<Level> {
    Ok(conn
        .prepare_cached(
            "SELECT on_hand_milli, received_milli, received_cost, movements FROM stock_levels
             WHERE part_id = ?1 AND site_id = ?2",
        )?
        .query_row(params![part.to_string(), site.to_string()], |r| {
            Ok(level_of(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .unwrap_or_default())
}

/// On hand of a part at a site.
pub fn on_hand(conn: &Connection, part: PartId, site: SiteId) -> Result<Quantity> {
    Ok(level(conn, part, site)?.on_hand)
}

/// Rebuilds the whole summary from the movements alone; returns how many
/// part-and-site rows it holds. What the summary held before does not count.
pub fn recount(tx: &Transaction<'_>) -> Result<usize> {
    tx.execute("DELETE FROM stock_levels", [])?;
    Ok(tx.execute(
        "INSERT INTO stock_levels (part_id, site_id, on_hand_milli, received_milli, received_cost, movements)
         SELECT part_id, site_id, SUM(quantity_milli),
                SUM(CASE WHEN kind = 'receipt' THEN quantity_milli ELSE 0 END),
                SUM(CASE WHEN kind = 'receipt' THEN quantity_milli * unit_cost_cents ELSE 0 END),
                COUNT(*)
           FROM stock_movements GROUP BY part_id, site_id",
        [],
    )?)
}

/// Parts at a site with their stock, by reference: the catalogue list before
/// anything is searched.
pub fn levels(
    conn: &Connection,
    site: Option<SiteId>,
    limit: u32,
    offset: u32,
) -> Result<Vec<StockLine>> {
    let site = super::sites::site_or_here(conn, site)?;
    stock_lines(
        conn,
        "WHERE p.deleted_at IS NULL ORDER BY p.reference_key LIMIT ?2 OFFSET ?3",
        params![site.to_string(), limit.clamp(1, 500), offset],
    )
}

/// Parts below zero at a site: used before their receipt was entered, or
/// used at two stations offline. Shown in red until put right.
pub fn negative(conn: &Connection, site: Option<SiteId>) -> Result<Vec<StockLine>> {
    let site = super::sites::site_or_here(conn, site)?;
    stock_lines(
        conn,
        "WHERE p.deleted_at IS NULL AND l.on_hand_milli < 0 ORDER BY p.reference_key",
        params![site.to_string()],
    )
}

fn stock_lines(
    conn: &Connection,
    tail: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<StockLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.reference, p.description, p.unit, s.bin, COALESCE(l.on_hand_milli, 0)
           FROM parts p
           LEFT JOIN stock_levels l ON l.part_id = p.id AND l.site_id = ?1
           LEFT JOIN part_sites s ON s.part_id = p.id AND s.site_id = ?1
         {tail}"
    ))?;
    stmt.query_map(params, |r| {
        let (part, unit): (String, String) = (r.get(0)?, r.get(3)?);
        let Ok(part_id) = part.parse() else {
            return Ok(Err(Error::Corrupt("parts.id")));
        };
        Ok(Ok(StockLine {
            part_id,
            reference: r.get(1)?,
            description: r.get(2)?,
            unit: Unit::parse(&unit).unwrap_or(Unit::Piece),
            bin: r.get(4)?,
            on_hand: Quantity::from_milli(r.get(5)?),
        }))
    })?
    .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// A part's movements, newest first, at one site or all; at most `limit`.
pub fn history(
    conn: &Connection,
    part: PartId,
    site: Option<SiteId>,
    limit: u32,
) -> Result<Vec<Movement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, part_id, site_id, kind, quantity_milli, unit_cost_cents, reason, order_line_id,
                purchase_line_id, transfer_id, stocktake_id, at_ms
           FROM stock_movements WHERE part_id = ?1 AND (?2 IS NULL OR site_id = ?2)
          ORDER BY created_at DESC LIMIT ?3",
    )?;
    stmt.query_map(
        params![part.to_string(), site.map(|s| s.to_string()), limit],
        from_row,
    )?
    .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<Movement>> {
    let (id, part, site, kind): (String, String, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let (purchase_line, transfer, stocktake): (Option<String>, Option<String>, Option<String>) =
        (r.get(8)?, r.get(9)?, r.get(10)?);
    let at: i64 = r.get(11)?;
    let (quantity_milli, unit_cost, reason, order_line): (_, Option<i64>, _, Option<String>) =
        (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
    let movement = || -> Result<Movement> {
        Ok(Movement {
            id: id
                .parse()
                .map_err(|_| Error::Corrupt("stock_movements.id"))?,
            part_id: part
                .parse()
                .map_err(|_| Error::Corrupt("stock_movements.part_id"))?,
            site_id: site
                .parse()
                .map_err(|_| Error::Corrupt("stock_movements.site_id"))?,
            kind: MovementKind::parse(&kind).ok_or(Error::Corrupt("stock_movements.kind"))?,
            quantity: Quantity::from_milli(quantity_milli),
            unit_cost: unit_cost.map(Money::from_cents),
            reason,
            order_line_id: order_line
                .map(|l| l.parse())
                .transpose()
                .map_err(|_| Error::Corrupt("stock_movements.order_line_id"))?,
            purchase_line_id: purchase_line
                .map(|l| l.parse())
                .transpose()
                .map_err(|_| Error::Corrupt("stock_movements.purchase_line_id"))?,
            transfer_id: transfer
                .map(|t| t.parse())
                .transpose()
                .map_err(|_| Error::Corrupt("stock_movements.transfer_id"))?,
            stocktake_id: stocktake
                .map(|t| t.parse())
                .transpose()
                .map_err(|_| Error::Corrupt("stock_movements.stocktake_id"))?,
            at_ms: at.unsigned_abs(),
        })
    };
    Ok(movement())
}

/// The summary row of every part and site, for checks against [`recount`].
#[cfg(test)]
pub(crate) fn summary(conn: &Connection) -> Vec<(String, String, i64, i64, i64, i64)> {
    let mut stmt = conn
        .prepare(
            "SELECT part_id, site_id, on_hand_milli, received_milli, received_cost, movements
               FROM stock_levels ORDER BY part_id, site_id",
        )
        .expect("the summary table exists");
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .expect("the summary reads")
    .collect::<rusqlite::Result<Vec<_>>>()
    .expect("every row reads")
}

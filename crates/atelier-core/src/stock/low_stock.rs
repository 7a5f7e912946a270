//! The low-stock list (on hand plus on order below the reorder point) and
//! the purchase order it suggests for each supplier.

use atelier_domain::{Locale, Money, PartId, Quantity, SiteId, SupplierId};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::part::Unit;
use super::purchasing::{PurchaseLineInput, PurchaseOrder, create_purchase};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

/// A part to order: below its reorder point, counting what is on order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LowStock {
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// How it is counted.
    pub unit: Unit,
    /// On hand.
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
    /// On open purchase orders, not yet received.
    #[serde(rename = "on_order_milli")]
    pub on_order: Quantity,
    /// Its reorder point.
    #[serde(rename = "reorder_point_milli")]
    pub reorder_point: Quantity,
    /// What to order: the reorder quantity, or more to reach the point.
    #[serde(rename = "suggested_milli")]
    pub suggested: Quantity,
    /// The supplier to order from: the preferred one, else the cheapest.
    pub supplier_id: Option<SupplierId>,
    /// Its name.
    pub supplier_name: Option<String>,
    /// Its price, else the part's cost, HT.
    #[serde(rename = "unit_cost_cents")]
    pub unit_cost: Money,
}

/// The low-stock parts one supplier would get a purchase order for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The supplier (`None`: parts with no supplier yet).
    pub supplier_id: Option<SupplierId>,
    /// Its name.
    pub supplier_name: Option<String>,
    /// The parts to order.
    pub lines: Vec<LowStock>,
    /// What the order would cost, HT.
    #[serde(rename = "total_cents")]
    pub total: Money,
}

/// Parts at a site (this workstation's when `None`) whose on hand plus on order is below their reorder point.
pub fn low_stock(conn: &Connection, site: Option<SiteId>) -> Result<Vec<LowStock>> {
    let site = super::sites::site_or_here(conn, site)?;
    let mut stmt = conn.prepare_cached(
        "WITH on_order AS (
             SELECT l.part_id, SUM(MAX(l.quantity_milli - COALESCE(
                        (SELECT SUM(m.quantity_milli) FROM stock_movements m
                          WHERE m.purchase_line_id = l.id), 0), 0)) AS milli
               FROM purchase_lines l JOIN purchase_orders o ON o.id = l.purchase_order_id
              WHERE o.site_id = ?1 AND o.status IN ('draft', 'sent', 'partial')
                AND l.deleted_at IS NULL AND o.deleted_at IS NULL
              GROUP BY l.part_id)
         SELECT p.id, p.reference, p.description, p.unit, COALESCE(lv.on_hand_milli, 0),
                COALESCE(oo.milli, 0), s.reorder_point_milli, s.reorder_qty_milli, p.cost_cents,
                ps.supplier_id, sup.name, ps.price_cents
           FROM part_sites s
           JOIN parts p ON p.id = s.part_id AND p.deleted_at IS NULL AND p.active = 1
           LEFT JOIN stock_levels lv ON lv.part_id = p.id AND lv.site_id = s.site_id
           LEFT JOIN on_order oo ON oo.part_id = p.id
           LEFT JOIN part_suppliers ps ON ps.id = (
                SELECT x.id FROM part_suppliers x JOIN suppliers y ON y.id = x.supplier_id
                 WHERE x.part_id = p.id AND x.deleted_at IS NULL AND y.deleted_at IS NULL
                 ORDER BY x.preferred DESC, x.price_cents LIMIT 1)
           LEFT JOIN suppliers sup ON sup.id = ps.supplier_id
          WHERE s.site_id = ?1 AND s.reorder_point_milli IS NOT NULL
            AND COALESCE(lv.on_hand_milli, 0) + COALESCE(oo.milli, 0) < s.reorder_point_milli
          ORDER BY sup.name, p.reference_key",
    )?;
    let rows = stmt.query_map([site.to_string()], |r| {
        let (part, unit, supplier): (String, String, Option<String>) =
            (r.get(0)?, r.get(3)?, r.get(9)?);
        let Ok(part_id) = part.parse() else {
            return Ok(Err(Error::Corrupt("parts.id")));
        };
        let Ok(supplier_id) = supplier.map(|s| s.parse()).transpose() else {
            return Ok(Err(Error::Corrupt("part_suppliers.supplier_id")));
        };
        let (on_hand, on_order, point): (i64, i64, i64) = (r.get(4)?, r.get(5)?, r.get(6)?);
        let qty: Option<i64> = r.get(7)?;
        let cost: i64 = r.get(8)?;
        let price: Option<i64> = r.get(11)?;
        let missing = point - on_hand - on_order;
        Ok(Ok(LowStock {
            part_id,
            reference: r.get(1)?,
            description: r.get(2)?,
            unit: Unit::parse(&unit).unwrap_or(Unit::Piece),
            on_hand: Quantity::from_milli(on_hand),
            on_order: Quantity::from_milli(on_order),
            reorder_point: Quantity::from_milli(point),
            suggested: Quantity::from_milli(qty.unwrap_or(0).max(missing)),
            supplier_id,
            supplier_name: r.get(10)?,
            unit_cost: Money::from_cents(price.unwrap_or(cost)),
        }))
    })?;
    rows.collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// The low-stock list grouped by supplier: one suggested purchase order each.
pub fn suggestions(conn: &Connection, site: Option<SiteId>) -> Result<Vec<Suggestion>> {
    let mut out: Vec<Suggestion> = Vec::new();
    for line in low_stock(conn, site)? {
        let cost = line.suggested.times(line.unit_cost);
        match out.iter_mut().find(|s| s.supplier_id == line.supplier_id) {
            Some(s) => {
                s.total = Money::from_cents(s.total.cents() + cost.cents());
                s.lines.push(line);
            }
            None => out.push(Suggestion {
                supplier_id: line.supplier_id,
                supplier_name: line.supplier_name.clone(),
                total: cost,
                lines: vec![line],
            }),
        }
    }
    Ok(out)
}

/// Turns a supplier's suggestion into a draft purchase order.
pub fn create_suggested(
    tx: &Transaction<'_>,
    now_ms: u64,
    site: Option<SiteId>,
    supplier: SupplierId,
    locale: Locale,
) -> Result<PurchaseOrder> {
    let site = super::sites::site_or_here(tx, site)?;
    let lines: Vec<PurchaseLineInput> = low_stock(tx, Some(site))?
        .into_iter()
        .filter(|l| l.supplier_id == Some(supplier))
        .map(|l| PurchaseLineInput {
            part_id: l.part_id,
            quantity: Some(l.suggested.format(locale)),
            unit_cost: Some(l.unit_cost.format(locale)),
        })
        .collect();
    if lines.is_empty() {
        return Err(Invalid::new(Field::Lines, Problem::Required).into());
    }
    create_purchase(tx, now_ms, supplier, Some(site), &lines, locale)
}

//! Parts: the most used over a period, the slow movers (in stock, not used
//! in the period), and the stock's value by category, as the stock screens
//! value it (on hand at the weighted average cost of the receipts).

use std::collections::{BTreeMap, HashMap, HashSet};

use atelier_domain::{Money, PartId, Quantity};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::Scope;
use crate::Result;
use crate::amounts::mul_div_round;
use crate::orders::parse_id;

/// How many parts the top and slow lists hold.
pub const LIST_LEN: usize = 20;

/// A part used on repair orders over the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartUse {
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// Quantity used, returns deducted.
    #[serde(rename = "used_milli")]
    pub used: Quantity,
}

/// A part in stock that was not used over the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SlowMover {
    /// The part.
    pub part_id: PartId,
    /// Its reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// On hand.
    #[serde(rename = "on_hand_milli")]
    pub on_hand: Quantity,
    /// What it is worth.
    pub value: Money,
}

/// The stock's value in one category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryValue {
    /// The category (`None`: parts without one).
    pub category: Option<String>,
    /// Parts with stock in it.
    pub parts: u32,
    /// What they are worth.
    pub value: Money,
}

/// The parts report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartsReport {
    /// What was asked.
    pub scope: Scope,
    /// The most used, most first.
    pub top_used: Vec<PartUse>,
    /// The most valuable of those not used, most valuable first.
    pub slow_movers: Vec<SlowMover>,
    /// By category, most valuable first.
    pub by_category: Vec<CategoryValue>,
    /// All of the stock's value.
    pub stock_value: Money,
}

/// The parts report over `scope` (stock values are as of now).
pub fn parts(conn: &Connection, scope: &Scope) -> Result<PartsReport> {
    let (start, end) = scope.period.ms_range();
    let site = scope.site();
    // Added up here rather than grouped in SQL: the rows come from the
    // index in time order, and a few thousand parts fit in a map.
    let mut stmt = conn.prepare_cached(
        "SELECT part_id, quantity_milli FROM stock_movements
          WHERE kind IN ('use', 'return_from_order') AND at_ms >= ?1 AND at_ms < ?2
            AND (?3 IS NULL OR site_id = ?3)",
    )?;
    let mut by_part: HashMap<String, i64> = HashMap::new();
    let mut rows = stmt.query(params![start, end, site])?;
    while let Some(r) = rows.next()? {
        let part = super::text(r, 0)?;
        let quantity: i64 = r.get(1)?;
        match by_part.get_mut(part) {
            Some(q) => *q -= quantity,
            None => {
                by_part.insert(part.to_owned(), -quantity);
            }
        }
    }
    let mut used: Vec<(String, i64)> = by_part.into_iter().collect();
    let used_set: HashSet<String> = used
        .iter()
        .filter(|(_, q)| *q > 0)
        .map(|(p, _)| p.clone())
        .collect();
    used.retain(|(_, q)| *q > 0);
    used.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    used.truncate(LIST_LEN);
    let mut describe =
        conn.prepare_cached("SELECT reference, description FROM parts WHERE id = ?1")?;
    let top_used = used
        .into_iter()
        .map(|(part_id, used_milli)| {
            let (reference, description) =
                describe.query_row([&part_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(PartUse {
                part_id: parse_id(&part_id, "stock_movements.part_id")?,
                reference,
                description,
                used: Quantity::from_milli(used_milli),
            })
        })
        .collect::<Result<Vec<_>>>()?;

    // Each part and site's value, exactly as `stock::level` computes it.
    let mut stmt = conn.prepare_cached(
        "SELECT l.part_id, p.reference, p.description, p.category, l.on_hand_milli,
                l.received_milli, l.received_cost
           FROM stock_levels l JOIN parts p ON p.id = l.part_id
          WHERE l.on_hand_milli > 0 AND (?1 IS NULL OR l.site_id = ?1) AND p.deleted_at IS NULL",
    )?;
    let mut per_part: BTreeMap<PartId, SlowMover> = BTreeMap::new();
    let mut categories: BTreeMap<Option<String>, (HashSet<String>, i64)> = BTreeMap::new();
    let mut total = 0_i64;
    let rows = stmt.query_map([&site], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    for row in rows {
        let (part, reference, description, category, on_hand, received, cost) = row?;
        let value = if received > 0 {
            let average = Money::from_cents(mul_div_round(cost, 1, received));
            Quantity::from_milli(on_hand).times(average).cents()
        } else {
            0
        };
        total += value;
        let c = categories.entry(category).or_default();
        c.0.insert(part.clone());
        c.1 += value;
        if !used_set.contains(&part) {
            let part_id = parse_id(&part, "stock_levels.part_id")?;
            let e = per_part.entry(part_id).or_insert(SlowMover {
                part_id,
                reference,
                description,
                on_hand: Quantity::ZERO,
                value: Money::ZERO,
            });
            e.on_hand = e.on_hand.saturating_add(Quantity::from_milli(on_hand));
            e.value = Money::from_cents(e.value.cents() + value);
        }
    }
    let mut slow_movers: Vec<SlowMover> = per_part.into_values().collect();
    slow_movers.sort_by(|a, b| {
        b.value
            .cmp(&a.value)
            .then_with(|| a.reference.cmp(&b.reference))
    });
    slow_movers.truncate(LIST_LEN);
    let mut by_category: Vec<CategoryValue> = categories
        .into_iter()
        .map(|(category, (parts, value))| CategoryValue {
            category,
            parts: u32::try_from(parts.len()).unwrap_or(u32::MAX),
            value: Money::from_cents(value),
        })
        .collect();
    by_category.sort_by(|a, b| {
        b.value
            .cmp(&a.value)
            .then_with(|| a.category.cmp(&b.category))
    });
    Ok(PartsReport {
        scope: scope.clone(),
        top_used,
        slow_movers,
        by_category,
        stock_value: Money::from_cents(total),
    })
}

//! Revenue HT and TTC by day, week or month, split into labour, parts and
//! other; cars seen, the average repair order and the gross margin on parts.
//! Credit notes count negatively on the day they are issued.

use std::collections::BTreeMap;

use atelier_domain::Money;
use rusqlite::{Connection, Row, params};
use serde::Serialize;

use super::{Grain, Scope, buckets, ratio_bp};
use crate::Result;

/// Revenue over one bucket of the period (or the whole of it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RevenueRow {
    /// The bucket: a day or a week's Monday (YYYY-MM-DD), a month (YYYY-MM).
    pub period: String,
    /// HT.
    pub net: Money,
    /// VAT.
    pub tax: Money,
    /// TTC.
    pub gross: Money,
    /// HT of labour.
    pub labour: Money,
    /// HT of parts.
    pub parts: Money,
    /// HT of fees and everything else.
    pub other: Money,
    /// Invoices issued.
    pub invoices: u32,
    /// Credit notes issued.
    pub credit_notes: u32,
    /// Vehicles whose repair order was invoiced (each counted once).
    pub cars: u32,
}

/// One site's share of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteRevenue {
    /// The site.
    pub site_id: String,
    /// Its name.
    pub name: String,
    /// HT.
    pub net: Money,
    /// TTC.
    pub gross: Money,
}

/// The revenue report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revenue {
    /// What was asked.
    pub scope: Scope,
    /// Every bucket of the period, empty ones included, in order.
    pub rows: Vec<RevenueRow>,
    /// The whole period (`period` is empty).
    pub total: RevenueRow,
    /// Repair orders invoiced.
    pub repair_orders: u32,
    /// Their HT, credit notes on them deducted, divided by their number.
    pub average_order: Money,
    /// HT of the catalogue parts whose cost is known.
    pub parts_costed: Money,
    /// What those parts cost (weighted average cost when invoiced).
    pub parts_cost: Money,
    /// `parts_costed - parts_cost`.
    pub parts_margin: Money,
    /// The margin as a share of `parts_costed`, basis points.
    pub parts_margin_bp: Option<i64>,
    /// Per site, when all sites are asked for.
    pub by_site: Vec<SiteRevenue>,
}

const SUMS: &str = "SUM(net_cents), SUM(tax_cents), SUM(gross_cents), SUM(labour_cents),
    SUM(parts_cents), SUM(other_cents), SUM(sign = 1), SUM(sign = -1),
    COUNT(DISTINCT CASE WHEN sign = 1 AND order_id IS NOT NULL THEN vehicle_id END)";

fn row_of(period: String, r: &Row<'_>, at: usize) -> rusqlite::Result<RevenueRow> {
    let money = |i: usize| -> rusqlite::Result<Money> {
        Ok(Money::from_cents(
            r.get::<_, Option<i64>>(at + i)?.unwrap_or(0),
        ))
    };
    let count = |i: usize| -> rusqlite::Result<u32> {
        Ok(u32::try_from(r.get::<_, Option<i64>>(at + i)?.unwrap_or(0)).unwrap_or(0))
    };
    Ok(RevenueRow {
        period,
        net: money(0)?,
        tax: money(1)?,
        gross: money(2)?,
        labour: money(3)?,
        parts: money(4)?,
        other: money(5)?,
        invoices: count(6)?,
        credit_notes: count(7)?,
        cars: count(8)?,
    })
}

/// Revenue over `scope`.
pub fn revenue(conn: &Connection, scope: &Scope) -> Result<Revenue> {
    let (from, to, site) = (&scope.period.from, &scope.period.to, scope.site());
    let bucket = match scope.grain {
        Grain::Day => "issued_on",
        Grain::Week => "date(issued_on, 'weekday 0', '-6 days')",
        Grain::Month => "substr(issued_on, 1, 7)",
    };
    let mut found: BTreeMap<String, RevenueRow> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {bucket} AS b, {SUMS} FROM invoice_figures
          WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)
          GROUP BY b"
    ))?;
    let rows = stmt.query_map(params![from, to, site], |r| {
        let key: String = r.get(0)?;
        row_of(key, r, 1)
    })?;
    for row in rows {
        let row = row?;
        found.insert(row.period.clone(), row);
    }
    let rows = buckets(&scope.period, scope.grain)
        .into_iter()
        .map(|b| {
            found.remove(&b).unwrap_or(RevenueRow {
                period: b,
                ..RevenueRow::default()
            })
        })
        .collect();
    let (total, orders, orders_net, costed, cost) = conn
        .prepare_cached(&format!(
            "SELECT {SUMS}, SUM(sign = 1 AND order_id IS NOT NULL),
                    SUM(CASE WHEN order_id IS NOT NULL THEN net_cents END),
                    SUM(parts_costed_cents), SUM(parts_cost_cents)
               FROM invoice_figures
              WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)"
        ))?
        .query_row(params![from, to, site], |r| {
            let opt = |i| r.get::<_, Option<i64>>(i).map(Option::unwrap_or_default);
            Ok((
                row_of(String::new(), r, 0)?,
                opt(9)?,
                opt(10)?,
                opt(11)?,
                opt(12)?,
            ))
        })?;
    let by_site = if scope.site_id.is_some() {
        Vec::new()
    } else {
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.name, SUM(f.net_cents), SUM(f.gross_cents)
               FROM invoice_figures f JOIN sites s ON s.id = f.site_id
              WHERE f.issued_on BETWEEN ?1 AND ?2
              GROUP BY s.id ORDER BY s.name",
        )?;
        stmt.query_map(params![from, to], |r| {
            Ok(SiteRevenue {
                site_id: r.get(0)?,
                name: r.get(1)?,
                net: Money::from_cents(r.get(2)?),
                gross: Money::from_cents(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    Ok(Revenue {
        scope: scope.clone(),
        rows,
        total,
        repair_orders: u32::try_from(orders).unwrap_or(0),
        average_order: Money::from_cents(if orders > 0 {
            crate::orders::amounts::mul_div_round(orders_net, 1, orders)
        } else {
            0
        }),
        parts_costed: Money::from_cents(costed),
        parts_cost: Money::from_cents(cost),
        parts_margin: Money::from_cents(costed - cost),
        parts_margin_bp: ratio_bp(costed - cost, costed),
        by_site,
    })
}

//! Revenue HT and TTC by day, week or month, split into labour, parts and
//! other; cars seen, the average repair order and the gross margin on parts.
//! Credit notes count negatively on the day they are issued, in the
//! categories of what they credit: their own lines' kinds, and for the
//! credit note of what remains of an invoice, the invoice's categories in
//! proportion to what it still held ([`crate::invoices::figures::record`]).

use std::collections::{HashMap, HashSet};

use atelier_domain::{Money, Ratio, SiteId};
use rusqlite::{Connection, params};
use serde::Serialize;
use time::Duration;

use super::{Grain, Scope, buckets, format_day, parse_day};
use crate::Result;
use crate::orders::parse_id;

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
    pub site_id: SiteId,
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
    /// The margin as a share of `parts_costed`.
    #[serde(rename = "parts_margin_bp")]
    pub parts_margin_ratio: Option<Ratio>,
    /// Per site, when all sites are asked for.
    pub by_site: Vec<SiteRevenue>,
}

/// What the figures rows add up to over a bucket, a site or the period.
#[derive(Clone, Copy, Default)]
struct Sums {
    net: i64,
    tax: i64,
    gross: i64,
    labour: i64,
    parts: i64,
    other: i64,
    invoices: i64,
    credit_notes: i64,
}

impl Sums {
    fn add(&mut self, f: &Sums) {
        self.net += f.net;
        self.tax += f.tax;
        self.gross += f.gross;
        self.labour += f.labour;
        self.parts += f.parts;
        self.other += f.other;
        self.invoices += f.invoices;
        self.credit_notes += f.credit_notes;
    }

    fn row(&self, period: String, cars: usize) -> RevenueRow {
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        RevenueRow {
            period,
            net: Money::from_cents(self.net),
            tax: Money::from_cents(self.tax),
            gross: Money::from_cents(self.gross),
            labour: Money::from_cents(self.labour),
            parts: Money::from_cents(self.parts),
            other: Money::from_cents(self.other),
            invoices: count(self.invoices),
            credit_notes: count(self.credit_notes),
            cars: u32::try_from(cars).unwrap_or(u32::MAX),
        }
    }
}

/// The bucket key of `day` (YYYY-MM-DD) at `grain`, as [`buckets`] lists them.
fn bucket_of(day: &str, grain: Grain) -> String {
    match grain {
        Grain::Day => day.to_owned(),
        Grain::Month => day.get(..7).unwrap_or(day).to_owned(),
        Grain::Week => parse_day(day).map_or_else(
            || day.to_owned(),
            |d| format_day(d - Duration::days(i64::from(d.weekday().number_days_from_monday()))),
        ),
    }
}

/// Revenue over `scope`, in one pass over the period's figures rows (stored
/// in day order): buckets, totals and sites are added up together, cars
/// (vehicles whose repair order was invoiced, each once) counted per bucket
/// and over the period.
pub fn revenue(conn: &Connection, scope: &Scope) -> Result<Revenue> {
    let (from, to, site) = (&scope.period.from, &scope.period.to, scope.site());
    let keys = buckets(&scope.period, scope.grain);
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut per_bucket = vec![Sums::default(); keys.len()];
    // Which bucket each day falls in, found once per day.
    let mut day_bucket: HashMap<String, Option<usize>> = HashMap::new();
    let mut vehicles: HashMap<String, u32> = HashMap::new();
    let mut cars: HashSet<(usize, u32)> = HashSet::new();
    let mut all_cars: HashSet<u32> = HashSet::new();
    let mut per_site: HashMap<String, (i64, i64)> = HashMap::new();
    let mut total = Sums::default();
    let (mut orders, mut orders_net, mut costed, mut cost) = (0_i64, 0_i64, 0_i64, 0_i64);

    let mut stmt = conn.prepare_cached(
        "SELECT issued_on, site_id, sign, order_id IS NOT NULL, vehicle_id, net_cents, tax_cents,
                gross_cents, labour_cents, parts_cents, other_cents, parts_costed_cents,
                parts_cost_cents
           FROM invoice_figures
          WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)",
    )?;
    let mut rows = stmt.query(params![from, to, site])?;
    while let Some(r) = rows.next()? {
        let day = super::text(r, 0)?;
        let bucket = match day_bucket.get(day) {
            Some(b) => *b,
            None => {
                let b = index.get(bucket_of(day, scope.grain).as_str()).copied();
                day_bucket.insert(day.to_owned(), b);
                b
            }
        };
        let sign: i64 = r.get(2)?;
        let has_order: bool = r.get(3)?;
        let f = Sums {
            net: r.get(5)?,
            tax: r.get(6)?,
            gross: r.get(7)?,
            labour: r.get(8)?,
            parts: r.get(9)?,
            other: r.get(10)?,
            invoices: i64::from(sign == 1),
            credit_notes: i64::from(sign == -1),
        };
        total.add(&f);
        if let Some(b) = bucket {
            per_bucket[b].add(&f);
        }
        if has_order {
            orders_net += f.net;
            if sign == 1 {
                orders += 1;
                if let Some(vehicle) = super::text_or_null(r, 4)? {
                    let next = u32::try_from(vehicles.len()).unwrap_or(u32::MAX);
                    let v = *vehicles.entry(vehicle.to_owned()).or_insert(next);
                    all_cars.insert(v);
                    if let Some(b) = bucket {
                        cars.insert((b, v));
                    }
                }
            }
        }
        costed += r.get::<_, i64>(11)?;
        cost += r.get::<_, i64>(12)?;
        if scope.site_id.is_none() {
            let site = super::text(r, 1)?;
            let s = match per_site.get_mut(site) {
                Some(s) => s,
                None => per_site.entry(site.to_owned()).or_default(),
            };
            s.0 += f.net;
            s.1 += f.gross;
        }
    }
    let mut cars_in = vec![0_usize; keys.len()];
    for (b, _) in &cars {
        cars_in[*b] += 1;
    }
    let rows = keys
        .iter()
        .zip(&per_bucket)
        .zip(&cars_in)
        .map(|((k, s), c)| s.row(k.clone(), *c))
        .collect();
    let by_site = if scope.site_id.is_some() {
        Vec::new()
    } else {
        let mut sites: Vec<SiteRevenue> = conn
            .prepare_cached("SELECT id, name FROM sites")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .filter_map(|row| match row {
                Ok((id, name)) => per_site.get(&id).map(|(net, gross)| {
                    Ok(SiteRevenue {
                        site_id: parse_id(&id, "sites.id")?,
                        name,
                        net: Money::from_cents(*net),
                        gross: Money::from_cents(*gross),
                    })
                }),
                Err(e) => Some(Err(e.into())),
            })
            .collect::<Result<_>>()?;
        sites.sort_by(|a, b| (&a.name, &a.site_id).cmp(&(&b.name, &b.site_id)));
        sites
    };
    Ok(Revenue {
        scope: scope.clone(),
        rows,
        total: total.row(String::new(), all_cars.len()),
        repair_orders: u32::try_from(orders).unwrap_or(0),
        average_order: Money::from_cents(if orders > 0 {
            crate::amounts::mul_div_round(orders_net, 1, orders)
        } else {
            0
        }),
        parts_costed: Money::from_cents(costed),
        parts_cost: Money::from_cents(cost),
        parts_margin: Money::from_cents(costed - cost),
        parts_margin_ratio: Ratio::of(costed - cost, costed),
        by_site,
    })
}

//! Technician productivity: hours clocked against hours billed per mechanic
//! (efficiency), and jobs completed.
//!
//! Clocked hours are the time between a start and the next pause or stop,
//! from the clock events dated in the period (a clock still running counts
//! up to the end of the period or now, whichever comes first). Billed hours
//! are the labour hours of the repair orders invoiced in the period (credit
//! notes deducted), shared between the mechanics in proportion to the time
//! each clocked on the order; an order nobody clocked on is shared equally
//! between its assigned mechanics, and one with neither counts as
//! unassigned. A job counts as completed for each mechanic assigned to it or
//! who clocked on it, on the day it was marked done.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Scope, ratio_bp};
use crate::orders::clock::{ClockKind, fold};
use crate::orders::totals::spread;
use crate::{Error, Result};

/// One mechanic's period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MechanicRow {
    /// The mechanic; `None` for billed hours no one can be credited with.
    pub user_id: Option<String>,
    /// Their name.
    pub name: String,
    /// Hours clocked, thousandths.
    pub clocked_milli: i64,
    /// Hours billed, thousandths.
    pub billed_milli: i64,
    /// Billed over clocked, basis points (10000 = 100 %).
    pub efficiency_bp: Option<i64>,
    /// Jobs completed.
    pub jobs_done: u32,
}

/// The productivity report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Productivity {
    /// What was asked.
    pub scope: Scope,
    /// Each mechanic with clocked or billed time or a job, by name.
    pub mechanics: Vec<MechanicRow>,
    /// Everyone together (`name` is empty).
    pub total: MechanicRow,
}

type Events = Vec<(String, ClockKind, u64)>;

/// Clock events read in (order, user, time) order, folded into ms per
/// (order, user); names by user.
fn clocked(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    until_ms: u64,
    names: &mut HashMap<String, String>,
) -> Result<BTreeMap<(String, String), u64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = BTreeMap::new();
    let mut current: Option<((String, String), Events)> = None;
    let mut flush = |key: (String, String), events: Events| {
        let t = fold(key.1.clone(), &events, until_ms);
        *out.entry(key).or_insert(0) += t.clocked_ms;
    };
    while let Some(r) = rows.next()? {
        let (order, user, name, kind, at): (String, String, String, String, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let kind = ClockKind::parse(&kind).ok_or(Error::Corrupt("clock_events.kind"))?;
        names.entry(user.clone()).or_insert_with(|| name.clone());
        let key = (order, user);
        match &mut current {
            Some((k, events)) if *k == key => events.push((name, kind, at.unsigned_abs())),
            _ => {
                if let Some((k, events)) = current.take() {
                    flush(k, events);
                }
                current = Some((key, vec![(name, kind, at.unsigned_abs())]));
            }
        }
    }
    if let Some((k, events)) = current.take() {
        flush(k, events);
    }
    Ok(out)
}

/// Productivity over `scope`; running clocks count up to `now_ms` at most.
pub fn productivity(conn: &Connection, scope: &Scope, now_ms: u64) -> Result<Productivity> {
    let (start, end) = scope.period.ms_range();
    let (from, to, site) = (&scope.period.from, &scope.period.to, scope.site());
    let mut names: HashMap<String, String> = conn
        .prepare_cached("SELECT id, display_name FROM users")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows: BTreeMap<Option<String>, MechanicRow> = BTreeMap::new();

    let until = now_ms.min(end.unsigned_abs());
    let in_period = clocked(
        conn,
        "SELECT c.order_id, c.user_id, c.user_name, c.kind, c.at_ms
           FROM clock_events c JOIN orders o ON o.id = c.order_id
          WHERE c.at_ms >= ?1 AND c.at_ms < ?2 AND (?3 IS NULL OR o.site_id = ?3)
          ORDER BY c.order_id, c.user_id, c.at_ms, c.created_at",
        params![start, end, site],
        until,
        &mut names,
    )?;
    for ((_, user), ms) in in_period {
        rows.entry(Some(user)).or_default().clocked_milli += i64::try_from(ms / 3_600).unwrap_or(0);
    }

    // Billed hours, shared by each order's clocked time (all of it).
    let shares = clocked(
        conn,
        "SELECT c.order_id, c.user_id, c.user_name, c.kind, c.at_ms FROM clock_events c
          WHERE c.order_id IN (SELECT order_id FROM invoice_figures
                                WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)
                                  AND order_id IS NOT NULL)
          ORDER BY c.order_id, c.user_id, c.at_ms, c.created_at",
        params![from, to, site],
        now_ms,
        &mut names,
    )?;
    let mut by_order: HashMap<String, BTreeMap<Option<String>, i128>> = HashMap::new();
    for ((order, user), ms) in shares {
        by_order
            .entry(order)
            .or_default()
            .insert(Some(user), i128::from(ms));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT f.order_id, SUM(f.billed_hours_milli), o.mechanic_ids
           FROM invoice_figures f JOIN orders o ON o.id = f.order_id
          WHERE f.issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR f.site_id = ?3)
          GROUP BY f.order_id",
    )?;
    let billed = stmt.query_map(params![from, to, site], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in billed {
        let (order, hours, assigned) = row?;
        let weights = match by_order.remove(&order) {
            Some(w) if w.values().any(|ms| *ms > 0) => w,
            _ => {
                let ids: Vec<String> = serde_json::from_str(&assigned).unwrap_or_default();
                if ids.is_empty() {
                    BTreeMap::from([(None, 1)])
                } else {
                    ids.into_iter().map(|id| (Some(id), 1)).collect()
                }
            }
        };
        let split = spread(i128::from(hours.abs()), &weights);
        for (user, share) in weights.into_keys().zip(split) {
            let share = i64::try_from(share).unwrap_or(0);
            rows.entry(user).or_default().billed_milli += share * hours.signum();
        }
    }

    let mut stmt = conn.prepare_cached(
        "WITH done AS (
             SELECT DISTINCT e.order_id FROM order_events e JOIN orders o ON o.id = e.order_id
              WHERE e.to_status = 'done' AND e.at_ms >= ?1 AND e.at_ms < ?2
                AND (?3 IS NULL OR o.site_id = ?3))
         SELECT who, COUNT(DISTINCT order_id) FROM (
             SELECT d.order_id, j.value AS who FROM done d JOIN orders o ON o.id = d.order_id,
                    json_each(o.mechanic_ids) j
             UNION
             SELECT d.order_id, c.user_id FROM done d JOIN clock_events c ON c.order_id = d.order_id)
          GROUP BY who",
    )?;
    let jobs = stmt.query_map(params![start, end, site], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in jobs {
        let (user, n) = row?;
        rows.entry(Some(user)).or_default().jobs_done = u32::try_from(n).unwrap_or(0);
    }

    let mut total = MechanicRow::default();
    let mut mechanics: Vec<MechanicRow> = rows
        .into_iter()
        .map(|(user, mut row)| {
            row.name = match &user {
                Some(u) => names.get(u).cloned().unwrap_or_else(|| u.clone()),
                None => String::new(),
            };
            row.user_id = user;
            row.efficiency_bp = ratio_bp(row.billed_milli, row.clocked_milli);
            total.clocked_milli += row.clocked_milli;
            total.billed_milli += row.billed_milli;
            total.jobs_done += row.jobs_done;
            row
        })
        .collect();
    mechanics.sort_by(|a, b| (a.user_id.is_none(), &a.name).cmp(&(b.user_id.is_none(), &b.name)));
    total.efficiency_bp = ratio_bp(total.billed_milli, total.clocked_milli);
    Ok(Productivity {
        scope: scope.clone(),
        mechanics,
        total,
    })
}

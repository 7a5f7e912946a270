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
//! unassigned. A job marked done in the period counts as completed once for
//! each mechanic who clocked on it (at any time), and once in the total
//! however many of them did; a job nobody clocked on is credited to no one.

use std::collections::{BTreeMap, HashMap, HashSet};

use atelier_domain::{Quantity, Ratio, UserId};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::Scope;
use crate::orders::clock::ClockKind;
use crate::orders::parse_id;
use crate::orders::totals::spread;
use crate::{Error, Result};

/// One mechanic's period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MechanicRow {
    /// The mechanic; `None` for billed hours no one can be credited with.
    pub user_id: Option<UserId>,
    /// Their name.
    pub name: String,
    /// Hours clocked.
    #[serde(rename = "clocked_milli")]
    pub clocked: Quantity,
    /// Hours billed.
    #[serde(rename = "billed_milli")]
    pub billed: Quantity,
    /// Billed over clocked (10 000 basis points = 100 %).
    #[serde(rename = "efficiency_bp")]
    pub efficiency: Option<Ratio>,
    /// Jobs marked done in the period that they clocked on; in the total,
    /// each such job once.
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

/// Up to this many orders concerned, their clock events are read order by
/// order from the index; beyond, all of them in one pass in index order
/// (ten years hold 95,000 orders and 190,000 events, read in one ordered
/// pass of the index in about 50 ms; looking each order up would add an
/// index search per order).
const LOOKUPS_UP_TO: usize = 2_000;

/// The period's figures gathered from the clock events. Events arrive in
/// (order, user, time, written) order, so each (order, mechanic) pair is
/// folded as its events go by and each order is settled (its billed hours
/// shared, its job counted) when the next one starts: nothing per order is
/// kept but what the period's figures and done events gave.
struct Clocks<'a> {
    start: i64,
    end: i64,
    until: u64,
    now: u64,
    /// Orders of the site asked for (`None`: every site).
    site_orders: Option<&'a HashSet<u128>>,
    /// Each order invoiced in the period, its billed hours and whether
    /// they were shared by its clocks, in order (searched, not hashed).
    invoiced: Vec<(u128, i64, bool)>,
    /// The orders marked done in the period, in order.
    done: Vec<u128>,
    /// The current order (0 before the first).
    order: u128,
    /// Whether the current order's time counts (it is at the site asked
    /// for); its billed hours are shared whatever the site of its clocks.
    order_counts: bool,
    user: String,
    /// The current pair: whether an event falls in the period, the time in
    /// the period (up to `until`) and in all (up to now) with the start of
    /// either running clock.
    in_period: bool,
    period_ms: u64,
    running_in_period: Option<u64>,
    all_ms: u64,
    running: Option<u64>,
    /// The current order's mechanics and all the time each clocked on it.
    weights: BTreeMap<Option<String>, i128>,
    /// Each mechanic's row, by user id.
    by_user: HashMap<String, MechanicRow>,
    /// The billed hours of each mechanic, and of no one.
    rows: BTreeMap<Option<String>, MechanicRow>,
    jobs_total: u32,
}

impl Clocks<'_> {
    fn event(&mut self, order: u128, user: &str, kind: ClockKind, at: i64) {
        let new_order = self.order != order;
        if new_order || self.user != user {
            self.end_pair();
            if new_order {
                self.end_order();
                self.order = order;
                self.order_counts = self.site_orders.is_none_or(|o| o.contains(&order));
            }
            self.user.clear();
            self.user.push_str(user);
        }
        // The fold of `orders::clock`: a start runs until the next event.
        let at_u = at.unsigned_abs();
        if let Some(since) = self.running.take() {
            self.all_ms += at_u.saturating_sub(since);
        }
        if kind == ClockKind::Start {
            self.running = Some(at_u);
        }
        if at >= self.start && at < self.end {
            self.in_period = true;
            if let Some(since) = self.running_in_period.take() {
                self.period_ms += at_u.saturating_sub(since);
            }
            if kind == ClockKind::Start {
                self.running_in_period = Some(at_u);
            }
        }
    }

    fn end_pair(&mut self) {
        if self.user.is_empty() {
            return;
        }
        let (mut period_ms, mut all_ms) = (self.period_ms, self.all_ms);
        if let Some(since) = self.running.take() {
            all_ms += self.now.saturating_sub(since);
        }
        if let Some(since) = self.running_in_period.take() {
            period_ms += self.until.saturating_sub(since);
        }
        let user = std::mem::take(&mut self.user);
        let clocked = self.in_period && self.order_counts;
        let done = self.done.binary_search(&self.order).is_ok();
        if clocked || done {
            let row = match self.by_user.get_mut(&user) {
                Some(row) => row,
                None => self.by_user.entry(user.clone()).or_default(),
            };
            if clocked {
                let hours = Quantity::from_milli(i64::try_from(period_ms / 3_600).unwrap_or(0));
                row.clocked = row.clocked.saturating_add(hours);
            }
            row.jobs_done += u32::from(done);
        }
        self.weights.insert(Some(user), i128::from(all_ms));
        (self.in_period, self.period_ms, self.all_ms) = (false, 0, 0);
    }

    /// Shares the current order's billed hours and counts its job.
    fn end_order(&mut self) {
        let weights = std::mem::take(&mut self.weights);
        if self.order == 0 {
            return;
        }
        if !weights.is_empty() && self.done.binary_search(&self.order).is_ok() {
            self.jobs_total += 1;
        }
        let at = self.invoiced.binary_search_by_key(&self.order, |i| i.0);
        if let Some((_, hours, seen)) = at.ok().and_then(|i| self.invoiced.get_mut(i)) {
            *seen = true;
            let hours = *hours;
            if weights.values().any(|ms| *ms > 0) {
                share(&mut self.rows, hours, weights);
            } else {
                // Settled with the orders nobody clocked on.
                *seen = false;
            }
        }
    }
}

/// Adds `hours` (billed, signed) to the rows of `weights`' keys, shared in
/// proportion to their weights.
fn share(
    rows: &mut BTreeMap<Option<String>, MechanicRow>,
    hours: i64,
    weights: BTreeMap<Option<String>, i128>,
) {
    let split = spread(i128::from(hours.abs()), &weights);
    for (user, share) in weights.into_keys().zip(split) {
        let share = i64::try_from(share).unwrap_or(0);
        let row = rows.entry(user).or_default();
        row.billed = row
            .billed
            .saturating_add(Quantity::from_milli(share * hours.signum()));
    }
}

/// An order id as a number: the reports keep tens of thousands of them in
/// sets, without a string each.
fn order_key(id: &str) -> Result<u128> {
    uuid::Uuid::try_parse(id)
        .map(|u| u.as_u128())
        .map_err(|_| Error::Corrupt("orders.id"))
}

/// An order id as stored.
fn order_text(key: u128) -> String {
    uuid::Uuid::from_u128(key).to_string()
}

fn kind_of(r: &rusqlite::Row<'_>, i: usize) -> Result<ClockKind> {
    ClockKind::parse(super::text(r, i)?).ok_or(Error::Corrupt("clock_events.kind"))
}

/// Productivity over `scope`; running clocks count up to `now_ms` at most.
///
/// One read of each source: the period's figures (billed hours per order),
/// its done events, then the clock events of every order concerned, each
/// (order, mechanic) pair folded once for both its time in the period and
/// its share of the order's billed hours.
pub fn productivity(conn: &Connection, scope: &Scope, now_ms: u64) -> Result<Productivity> {
    productivity_by(conn, scope, now_ms, LOOKUPS_UP_TO)
}

/// [`productivity`], reading the clock events order by order up to
/// `lookups_up_to` orders concerned, in one pass beyond.
pub(crate) fn productivity_by(
    conn: &Connection,
    scope: &Scope,
    now_ms: u64,
    lookups_up_to: usize,
) -> Result<Productivity> {
    let (start, end) = scope.period.ms_range();
    let (from, to, site) = (&scope.period.from, &scope.period.to, scope.site());
    let mut names: HashMap<String, String> = conn
        .prepare_cached("SELECT id, display_name FROM users")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    // Billed hours per order invoiced in the period, credit notes deducted.
    let mut invoiced: Vec<(u128, i64, bool)> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, billed_hours_milli FROM invoice_figures
          WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)
            AND order_id IS NOT NULL",
    )?;
    let mut found = stmt.query(params![from, to, site])?;
    while let Some(r) = found.next()? {
        let order = order_key(super::text(r, 0)?)?;
        let hours: i64 = r.get(1)?;
        invoiced.push((order, hours, false));
    }
    invoiced.sort_unstable_by_key(|i| i.0);
    // An order's invoice and credit notes add up.
    invoiced.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    let site_orders: Option<HashSet<u128>> = match &site {
        Some(s) => {
            let mut stmt = conn.prepare_cached("SELECT id FROM orders WHERE site_id = ?1")?;
            let mut found = stmt.query([s])?;
            let mut orders = HashSet::new();
            while let Some(r) = found.next()? {
                orders.insert(order_key(super::text(r, 0)?)?);
            }
            Some(orders)
        }
        None => None,
    };
    let mut done: Vec<u128> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT order_id FROM order_events WHERE to_status = 'done' AND at_ms >= ?1 AND at_ms < ?2",
    )?;
    let mut found = stmt.query(params![start, end])?;
    while let Some(r) = found.next()? {
        let order = order_key(super::text(r, 0)?)?;
        if site_orders.as_ref().is_none_or(|s| s.contains(&order)) {
            done.push(order);
        }
    }
    done.sort_unstable();
    done.dedup();

    // The orders concerned, when few enough to look up one by one: invoiced
    // or done in the period, or clocked on in it.
    let concerned: Option<Vec<String>> = if invoiced.len() + done.len() > lookups_up_to {
        None
    } else {
        let mut orders: HashSet<u128> = invoiced
            .iter()
            .map(|i| i.0)
            .chain(done.iter().copied())
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT order_id FROM clock_events WHERE at_ms >= ?1 AND at_ms < ?2",
        )?;
        let mut found = stmt.query(params![start, end])?;
        while let Some(r) = found.next()? {
            orders.insert(order_key(super::text(r, 0)?)?);
        }
        let mut orders: Vec<String> = orders.into_iter().map(order_text).collect();
        orders.sort();
        (orders.len() <= lookups_up_to).then_some(orders)
    };

    let mut clocks = Clocks {
        start,
        end,
        until: now_ms.min(end.unsigned_abs()),
        now: now_ms,
        site_orders: site_orders.as_ref(),
        invoiced,
        done,
        order: 0,
        order_counts: false,
        user: String::new(),
        in_period: false,
        period_ms: 0,
        running_in_period: None,
        all_ms: 0,
        running: None,
        weights: BTreeMap::new(),
        by_user: HashMap::new(),
        rows: BTreeMap::new(),
        jobs_total: 0,
    };
    let mut visit = |clocks: &mut Clocks<'_>, order: &str, r: &rusqlite::Row<'_>| -> Result<()> {
        let user = super::text(r, 1)?;
        let order = order_key(order)?;
        let pair_starts = clocks.user != user || clocks.order != order;
        clocks.event(order, user, kind_of(r, 3)?, r.get(4)?);
        if pair_starts && !names.contains_key(user) {
            names.insert(user.to_owned(), r.get(2)?);
        }
        Ok(())
    };
    const COLUMNS: &str = "SELECT order_id, user_id, user_name, kind, at_ms FROM clock_events";
    match &concerned {
        None => {
            let mut stmt = conn.prepare_cached(&format!(
                "{COLUMNS} ORDER BY order_id, user_id, at_ms, created_at"
            ))?;
            let mut events = stmt.query([])?;
            while let Some(r) = events.next()? {
                visit(&mut clocks, super::text(r, 0)?, r)?;
            }
        }
        Some(orders) => {
            let mut stmt = conn.prepare_cached(&format!(
                "{COLUMNS} WHERE order_id = ?1 ORDER BY user_id, at_ms, created_at"
            ))?;
            for order in orders {
                let mut events = stmt.query([order])?;
                while let Some(r) = events.next()? {
                    visit(&mut clocks, order, r)?;
                }
            }
        }
    }
    clocks.end_pair();
    clocks.end_order();

    // Orders invoiced that nobody clocked on: shared equally between their
    // assigned mechanics, else unassigned.
    let mut rows = std::mem::take(&mut clocks.rows);
    for (user, row) in std::mem::take(&mut clocks.by_user) {
        let r = rows.entry(Some(user)).or_default();
        r.clocked = r.clocked.saturating_add(row.clocked);
        r.jobs_done += row.jobs_done;
    }
    let mut assigned = conn.prepare_cached("SELECT mechanic_ids FROM orders WHERE id = ?1")?;
    for (order, hours, seen) in &clocks.invoiced {
        if *seen {
            continue;
        }
        let Some(ids) = assigned
            .query_row([order_text(*order)], |r| r.get::<_, String>(0))
            .optional()?
        else {
            continue;
        };
        let ids: Vec<String> = serde_json::from_str(&ids).unwrap_or_default();
        let weights = if ids.is_empty() {
            BTreeMap::from([(None, 1)])
        } else {
            ids.into_iter().map(|id| (Some(id), 1)).collect()
        };
        share(&mut rows, *hours, weights);
    }
    let jobs_total = clocks.jobs_total;

    let mut total = MechanicRow::default();
    let mut mechanics: Vec<MechanicRow> = rows
        .into_iter()
        .map(|(user, mut row)| {
            row.name = match &user {
                Some(u) => names.get(u).cloned().unwrap_or_else(|| u.clone()),
                None => String::new(),
            };
            row.user_id = user
                .map(|u| parse_id(&u, "clock_events.user_id"))
                .transpose()?;
            row.efficiency = Ratio::of(row.billed.milli(), row.clocked.milli());
            total.clocked = total.clocked.saturating_add(row.clocked);
            total.billed = total.billed.saturating_add(row.billed);
            Ok(row)
        })
        .collect::<Result<_>>()?;
    mechanics.sort_by(|a, b| (a.user_id.is_none(), &a.name).cmp(&(b.user_id.is_none(), &b.name)));
    total.jobs_done = jobs_total;
    total.efficiency = Ratio::of(total.billed.milli(), total.clocked.milli());
    Ok(Productivity {
        scope: scope.clone(),
        mechanics,
        total,
    })
}

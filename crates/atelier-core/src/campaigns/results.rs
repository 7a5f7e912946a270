//! What a campaign brought: its messages sent, failed or maybe sent, the
//! recipients who unsubscribed through it, and those who came back within
//! its period — a repair order opened or an appointment booked for a day
//! of the period — with the revenue (excl. VAT, credit notes deducted) of
//! the orders they opened then. The period is the offer's; without one,
//! from the day it was launched to today. Exported as CSV like the reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atelier_domain::{CampaignId, CustomerId, Locale, Money};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::get;
use super::words::words;
use crate::Result;
use crate::calendar::{day_text, paris_local, paris_utc_ms};
use crate::orders::parse_id;
use crate::planning::time::{add_days, date};
use crate::reports::csv::{Table, amount, write_table};
use crate::text::format_date;

/// One message of the campaign and what followed for its customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResultRow {
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name.
    pub name: String,
    /// E-mail or SMS.
    pub channel: String,
    /// Where the message stands (`queued`, `sent`, `failed`…).
    pub status: String,
    /// When it was accepted (Unix ms).
    pub sent_at_ms: Option<i64>,
    /// The day they unsubscribed through this campaign.
    pub unsubscribed_on: Option<String>,
    /// The first day they came back in the period.
    pub came_back_on: Option<String>,
    /// Their orders opened in the period.
    pub orders: usize,
    /// Those orders' revenue, excl. VAT.
    pub revenue: Money,
}

/// A campaign's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CampaignResults {
    /// The period counted (YYYY-MM-DD, both days in).
    pub from: String,
    /// Its last day.
    pub until: String,
    /// Messages waiting to leave.
    pub queued: usize,
    /// Messages accepted by the server or provider.
    pub sent: usize,
    /// Messages refused for good.
    pub failed: usize,
    /// Messages maybe sent (a stop mid-send).
    pub unknown: usize,
    /// Customers who withdrew their consent through it.
    pub unsubscribed: usize,
    /// Recipients who came back in the period.
    pub came_back: usize,
    /// The orders they opened in the period.
    pub orders: usize,
    /// Those orders' revenue, excl. VAT.
    pub revenue: Money,
    /// Each message, by customer.
    pub rows: Vec<ResultRow>,
}

/// What a customer did in the period: their first day back, their orders
/// and those orders' revenue.
fn came_back(
    conn: &Connection,
    customer: &str,
    from: &str,
    until: &str,
) -> Result<(Option<String>, usize, Money)> {
    let day_ms = |day: &str| date(day).map_or(0, |d| paris_utc_ms(d, 0) as i64);
    let after_until = add_days(until, 1).unwrap_or_else(|| until.to_owned());
    let (start, end) = (day_ms(from) << 16, day_ms(&after_until) << 16);
    let mut stmt = conn.prepare_cached(
        "SELECT o.created_at,
                COALESCE((SELECT SUM(f.sign * f.net_cents) FROM invoice_figures f
                           WHERE f.order_id = o.id), 0)
           FROM orders o
          WHERE o.customer_id = ?1 AND o.created_at >= ?2 AND o.created_at < ?3
            AND o.deleted_at IS NULL AND o.status <> 'cancelled'",
    )?;
    let mut first: Option<String> = None;
    let (mut orders, mut revenue) = (0, 0_i64);
    for row in stmt.query_map(params![customer, start, end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (created, net) = row?;
        let day = day_text(paris_local((created >> 16).unsigned_abs()).0);
        first = Some(first.map_or(day.clone(), |f| f.min(day)));
        orders += 1;
        revenue += net;
    }
    let booked: Option<String> = conn
        .prepare_cached(
            "SELECT MIN(substr(start_at, 1, 10)) FROM appointments
              WHERE customer_id = ?1 AND substr(start_at, 1, 10) BETWEEN ?2 AND ?3
                AND deleted_at IS NULL AND status <> 'cancelled'",
        )?
        .query_row(params![customer, from, until], |r| r.get(0))?;
    let first = match (first, booked) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok((first, orders, Money::from_cents(revenue)))
}

/// The results of campaign `id` at `now_ms`.
pub fn results(conn: &Connection, id: CampaignId, now_ms: u64) -> Result<CampaignResults> {
    let c = get(conn, id)?;
    let today = day_text(paris_local(now_ms).0);
    let launched = c
        .launched_at_ms
        .map(|ms| day_text(paris_local(ms.unsigned_abs()).0));
    let from = c
        .valid_from
        .clone()
        .or(launched)
        .unwrap_or_else(|| today.clone());
    let until = c.valid_until.clone().unwrap_or(today);
    let mut stmt = conn.prepare_cached(
        "SELECT m.customer_id, c.kind, c.civility, c.first_name, c.last_name, c.company_name,
                m.channel, m.status, m.sent_at_ms,
                (SELECT MIN(w.withdrawn_on) FROM consent_withdrawals w
                  WHERE w.customer_id = m.customer_id AND w.campaign_id = m.campaign_id
                    AND w.channel = m.channel)
           FROM messages m JOIN customers c ON c.id = m.customer_id
          WHERE m.campaign_id = ?1
          ORDER BY c.sort_key, m.customer_id, m.channel",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            crate::orders::customer_name(r, 1)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<i64>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut out = CampaignResults {
        from: from.clone(),
        until: until.clone(),
        queued: 0,
        sent: 0,
        failed: 0,
        unknown: 0,
        unsubscribed: 0,
        came_back: 0,
        orders: 0,
        revenue: Money::ZERO,
        rows: Vec::new(),
    };
    // Each customer counted once, whatever their channels.
    let mut customers: BTreeMap<String, (bool, bool, Option<String>, usize, Money)> =
        BTreeMap::new();
    for row in rows {
        let (customer, name, channel, status, sent_at_ms, unsubscribed_on) = row?;
        match status.as_str() {
            "queued" | "sending" => out.queued += 1,
            "sent" => out.sent += 1,
            "failed" => out.failed += 1,
            _ => out.unknown += 1,
        }
        let entry = match customers.get_mut(&customer) {
            Some(e) => e,
            None => {
                let (back, orders, revenue) = came_back(conn, &customer, &from, &until)?;
                customers
                    .entry(customer.clone())
                    .or_insert((false, false, back, orders, revenue))
            }
        };
        entry.0 |= status == "sent";
        entry.1 |= unsubscribed_on.is_some();
        out.rows.push(ResultRow {
            customer_id: parse_id(&customer, "messages.customer_id")?,
            name,
            channel,
            status,
            sent_at_ms,
            unsubscribed_on,
            came_back_on: entry.2.clone(),
            orders: entry.3,
            revenue: entry.4,
        });
    }
    for (sent, unsubscribed, back, orders, revenue) in customers.values() {
        out.unsubscribed += usize::from(*unsubscribed);
        if *sent && back.is_some() {
            out.came_back += 1;
            out.orders += orders;
            out.revenue = Money::from_cents(out.revenue.cents() + revenue.cents());
        }
    }
    Ok(out)
}

/// Writes campaign `id`'s results as `campagne-<name>-<day>.csv` in `dir`,
/// headed in `locale`, one line per message; returns its path.
pub fn results_csv(
    conn: &Connection,
    id: CampaignId,
    now_ms: u64,
    locale: Locale,
    dir: &Path,
) -> Result<PathBuf> {
    let r = results(conn, id, now_ms)?;
    let w = words(locale);
    let day = |d: &Option<String>| {
        d.as_deref()
            .map(|d| format_date(d, locale))
            .unwrap_or_default()
    };
    let rows = r
        .rows
        .iter()
        .map(|row| {
            vec![
                row.name.clone(),
                row.channel.clone(),
                row.status.clone(),
                day(&row
                    .sent_at_ms
                    .map(|ms| day_text(paris_local(ms.unsigned_abs()).0))),
                day(&row.unsubscribed_on),
                day(&row.came_back_on),
                row.orders.to_string(),
                amount(row.revenue),
            ]
        })
        .collect();
    let table = Table {
        header: w.columns.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    };
    let name = get(conn, id)?.name;
    let slug: String = crate::text::fold(&name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let file = format!("{}-{slug}-{}.csv", w.file, r.until);
    write_table(dir, &file, &table)
}

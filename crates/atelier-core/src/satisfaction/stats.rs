//! Ratings summed up for the reports and the pages: per mechanic (each
//! mechanic of the order counts the rating), per site side by side, per
//! customer and per order — the count, the average, the distribution and
//! the comments — and the low ratings the owner's dashboard flags.

use rusqlite::Connection;
use serde::Serialize;

use super::{COLUMNS, Rating, rating_of};
use crate::Result;
use crate::calendar::paris_utc_ms;
use crate::campaigns::outreach;
use crate::planning::time::{add_days, date};
use atelier_domain::{CustomerId, OrderId};

/// A comment as the reports show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The score it came with.
    pub score: u8,
    /// The words.
    pub text: String,
    /// When (Unix ms).
    pub rated_at_ms: i64,
}

/// Ratings summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// How many.
    pub count: u32,
    /// The average in tenths (43 is 4.3); none without a rating.
    pub average_tenths: Option<u32>,
    /// How many of each score, 1 to 5.
    pub distribution: [u32; 5],
    /// The comments, newest first.
    pub comments: Vec<Comment>,
}

impl Summary {
    fn add(&mut self, score: u8, comment: Option<&str>, at: i64) {
        let Some(slot) = usize::from(score)
            .checked_sub(1)
            .and_then(|i| self.distribution.get_mut(i))
        else {
            return;
        };
        *slot += 1;
        self.count += 1;
        let total: u32 = self.distribution.iter().zip(1..).map(|(n, s)| n * s).sum();
        // Rounded to the nearest tenth.
        self.average_tenths = Some((total * 20 + self.count) / (2 * self.count));
        if let Some(text) = comment {
            self.comments.push(Comment {
                score,
                text: text.to_owned(),
                rated_at_ms: at,
            });
        }
    }
}

/// One line of the reports: a mechanic or a site, and its ratings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The mechanic's user id, or the site's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their ratings.
    pub summary: Summary,
}

/// The ratings of a period, per site side by side and per mechanic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RatingsReport {
    /// Every rating of the period.
    pub all: Summary,
    /// Per site.
    pub sites: Vec<Line>,
    /// Per mechanic of the orders rated.
    pub mechanics: Vec<Line>,
}

/// The ratings given from `from` to `until` (days, both in, France's time).
pub fn report(conn: &Connection, from: &str, until: &str) -> Result<RatingsReport> {
    let start = date(from).map_or(0, |d| paris_utc_ms(d, 0));
    let end = add_days(until, 1)
        .as_deref()
        .and_then(date)
        .map_or(u64::MAX / 2, |d| paris_utc_ms(d, 0));
    let mut stmt = conn.prepare_cached(
        "SELECT r.score, r.comment, r.rated_at_ms, r.site_id, COALESCE(s.name, r.site_id),
                r.mechanic_ids
           FROM ratings r LEFT JOIN sites s ON s.id = r.site_id
          WHERE r.rated_at_ms >= ?1 AND r.rated_at_ms < ?2
          ORDER BY r.rated_at_ms DESC, r.id",
    )?;
    let mut out = RatingsReport {
        all: Summary::default(),
        sites: Vec::new(),
        mechanics: Vec::new(),
    };
    let rows = stmt.query_map([start as i64, end as i64], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let line = |lines: &mut Vec<Line>, id: &str, name: &str| -> usize {
        match lines.iter().position(|l| l.id == id) {
            Some(i) => i,
            None => {
                lines.push(Line {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    summary: Summary::default(),
                });
                lines.len() - 1
            }
        }
    };
    for row in rows {
        let (score, comment, at, site, site_name, mechanics) = row?;
        out.all.add(score, comment.as_deref(), at);
        let i = line(&mut out.sites, &site, &site_name);
        out.sites[i].summary.add(score, comment.as_deref(), at);
        let ids: Vec<String> = serde_json::from_str(&mechanics).unwrap_or_default();
        for m in ids {
            let name: String = conn
                .prepare_cached("SELECT display_name FROM users WHERE id = ?1")?
                .query_row([&m], |r| r.get(0))
                .unwrap_or_else(|_| m.clone());
            let i = line(&mut out.mechanics, &m, &name);
            out.mechanics[i].summary.add(score, comment.as_deref(), at);
        }
    }
    out.sites.sort_by(|a, b| a.name.cmp(&b.name));
    out.mechanics.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn summary_where(conn: &Connection, filter: &str, id: String) -> Result<Summary> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT score, comment, rated_at_ms FROM ratings WHERE {filter} = ?1
          ORDER BY rated_at_ms DESC, id"
    ))?;
    let mut out = Summary::default();
    for row in stmt.query_map([id], |r| {
        Ok((
            r.get::<_, u8>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (score, comment, at) = row?;
        out.add(score, comment.as_deref(), at);
    }
    Ok(out)
}

/// A customer's ratings, summed up: their page.
pub fn of_customer(conn: &Connection, customer: CustomerId) -> Result<Summary> {
    summary_where(conn, "customer_id", customer.to_string())
}

/// An order's rating(s), summed up: its page.
pub fn of_order(conn: &Connection, order: OrderId) -> Result<Summary> {
    summary_where(conn, "order_id", order.to_string())
}

/// The ratings at or below the owner's threshold given since `since_ms`,
/// newest first: flagged on the dashboard.
pub fn low_ratings(conn: &Connection, since_ms: u64) -> Result<Vec<Rating>> {
    let low = outreach(conn)?.low_rating;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ratings WHERE score <= ?1 AND rated_at_ms >= ?2
          ORDER BY rated_at_ms DESC, id LIMIT 50"
    ))?;
    stmt.query_map(rusqlite::params![low, since_ms as i64], rating_of)?
        .map(|r| r?)
        .collect()
}

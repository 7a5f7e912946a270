//! What the front desk and the owner read off invoices and payments: the
//! invoice list, the unpaid invoices by age, a customer's balance and the
//! day's takings per method and workstation.

use std::collections::BTreeMap;

use atelier_domain::{CustomerId, Money, SiteId};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::payments::PaymentMethod;
use super::{Ageing, InvoiceStatus, InvoiceSummary, SUMMARY, summary_row};
use crate::Result;

/// The most invoices one list returns.
pub const LIST_MAX: u32 = 500;

/// Which invoices to list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvoiceQuery {
    /// Only this status (`draft`, `unpaid`, `partly_paid`, `paid`, `overdue`,
    /// `cancelled`, `issued`), or `open` for everything with money left.
    pub status: Option<String>,
    /// Only this customer's.
    pub customer_id: Option<String>,
    /// At most this many (default and cap [`LIST_MAX`]).
    pub limit: Option<u32>,
}

/// Invoices and credit notes matching `q`, newest first, as of `today`.
pub fn list(conn: &Connection, q: &InvoiceQuery, today: &str) -> Result<Vec<InvoiceSummary>> {
    let limit = q.limit.unwrap_or(LIST_MAX).clamp(1, LIST_MAX) as usize;
    let customer = q.customer_id.as_deref().filter(|c| !c.is_empty());
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY} WHERE i.deleted_at IS NULL AND (?1 IS NULL OR i.customer_id = ?1)
          ORDER BY i.status = 'draft' DESC, i.issued_on DESC, i.number DESC, i.created_at DESC"
    ))?;
    let rows = stmt.query_map([customer], |r| summary_row(r, today))?;
    let wanted = q.status.as_deref().filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for row in rows {
        let s = row??;
        let keep = match wanted {
            None => true,
            Some("open") => s.ageing.is_some(),
            Some(w) => s.status.as_str() == w,
        };
        if keep {
            out.push(s);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// One ageing bucket of the unpaid invoices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgeingBucket {
    /// Which.
    pub ageing: Ageing,
    /// How many invoices.
    pub count: u32,
    /// What they still owe.
    pub total: Money,
}

/// The invoices with money left, oldest due date first, with the ageing buckets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unpaid {
    /// The invoices.
    pub invoices: Vec<InvoiceSummary>,
    /// Every bucket, least late first, empty ones included.
    pub buckets: Vec<AgeingBucket>,
    /// What all of them still owe.
    pub total: Money,
}

/// The unpaid invoices as of `today`, of one customer or all.
pub fn unpaid(conn: &Connection, customer: Option<CustomerId>, today: &str) -> Result<Unpaid> {
    unpaid_at(conn, customer, None, today)
}

/// The unpaid invoices as of `today`, of one customer or all, of one site or
/// all: the receivables ageing report.
pub fn unpaid_at(
    conn: &Connection,
    customer: Option<CustomerId>,
    site: Option<SiteId>,
    today: &str,
) -> Result<Unpaid> {
    // Only invoices with money left are read: `invoice_balances` keeps each
    // issued invoice's balance (V11), so they are found by its index
    // (measured 414 ms for 95,000 invoices when the balance was summed here).
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY} WHERE i.id IN (SELECT invoice_id FROM invoice_balances
                                   WHERE balance_cents > 0 AND (?2 IS NULL OR site_id = ?2))
            AND i.deleted_at IS NULL AND i.status = 'issued' AND i.kind = 'invoice'
            AND (?1 IS NULL OR i.customer_id = ?1)
          ORDER BY i.due_on, i.number"
    ))?;
    let rows = stmt.query_map(
        params![customer.map(|c| c.to_string()), site.map(|s| s.to_string())],
        |r| summary_row(r, today),
    )?;
    let mut invoices = Vec::new();
    for row in rows {
        let s = row??;
        if s.ageing.is_some() {
            invoices.push(s);
        }
    }
    let mut buckets: Vec<AgeingBucket> = Ageing::ALL
        .iter()
        .map(|a| AgeingBucket {
            ageing: *a,
            count: 0,
            total: Money::ZERO,
        })
        .collect();
    let mut total = 0_i64;
    for s in &invoices {
        if let Some(b) = buckets.iter_mut().find(|b| Some(b.ageing) == s.ageing) {
            b.count += 1;
            b.total = Money::from_cents(b.total.cents().saturating_add(s.balance.cents()));
        }
        total = total.saturating_add(s.balance.cents());
    }
    Ok(Unpaid {
        invoices,
        buckets,
        total: Money::from_cents(total),
    })
}

/// What a customer owes (or is owed), for the customer page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerBalance {
    /// Left to pay on their issued invoices; negative when they are owed money
    /// (overpaid, or credited after paying).
    pub balance: Money,
    /// Of which past its due date.
    pub overdue: Money,
    /// Deposits paid on orders not invoiced yet.
    pub deposits: Money,
    /// Their invoices with money left.
    pub unpaid: Vec<InvoiceSummary>,
}

/// A customer's issued invoices, for [`customer_balance`]. The `+` keeps
/// SQLite from reading them through `invoices_issued` (status, kind), which
/// without statistics it takes for the narrower index: that walked every
/// issued invoice of the workshop for each customer page (11 ms, and 8 ms
/// more for the deposits, at 4,900 invoices), where `invoices_customer`
/// finds the customer's few.
const BALANCE_WHERE: &str = "WHERE i.deleted_at IS NULL AND +i.status = 'issued'
    AND +i.kind = 'invoice' AND i.customer_id = ?1 ORDER BY i.due_on";

/// The deposits already deducted on a customer's invoices (see
/// [`BALANCE_WHERE`] for the `+`).
const BALANCE_DEDUCTED: &str = "SELECT COALESCE(SUM(deposit_cents), 0) FROM invoices
    WHERE customer_id = ?1 AND +status = 'issued' AND +kind = 'invoice'";

/// The balance of `customer` as of `today`.
pub fn customer_balance(
    conn: &Connection,
    customer: CustomerId,
    today: &str,
) -> Result<CustomerBalance> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} {BALANCE_WHERE}"))?;
    let rows = stmt.query_map([customer.to_string()], |r| summary_row(r, today))?;
    let (mut balance, mut overdue) = (0_i64, 0_i64);
    let mut unpaid = Vec::new();
    for row in rows {
        let s = row??;
        if s.status == InvoiceStatus::Cancelled {
            continue;
        }
        balance = balance.saturating_add(s.balance.cents());
        if s.status == InvoiceStatus::Overdue {
            overdue = overdue.saturating_add(s.balance.cents());
        }
        if s.ageing.is_some() {
            unpaid.push(s);
        }
    }
    let deposits: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM payments
              WHERE customer_id = ?1 AND invoice_id IS NULL",
        )?
        .query_row([customer.to_string()], |r| r.get(0))?;
    // Deposits of orders already invoiced are inside those invoices.
    let taken: i64 = conn
        .prepare_cached(BALANCE_DEDUCTED)?
        .query_row([customer.to_string()], |r| r.get(0))?;
    Ok(CustomerBalance {
        balance: Money::from_cents(balance),
        overdue: Money::from_cents(overdue),
        deposits: Money::from_cents(deposits - taken),
        unpaid,
    })
}

/// One method's takings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MethodTotal {
    /// The method.
    pub method: PaymentMethod,
    /// How many payments (reversals included).
    pub count: u32,
    /// What they come to, reversals deducted.
    pub total: Money,
}

/// One workstation's takings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StationCash {
    /// The workstation (its series prefix).
    pub station: String,
    /// Per method, in [`PaymentMethod::ALL`] order, each method listed.
    pub methods: Vec<MethodTotal>,
    /// Cash handed back as change.
    pub change_given: Money,
    /// All methods together.
    pub total: Money,
}

/// The day's takings: what the front desk counts and prints at closing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CashSummary {
    /// The day (YYYY-MM-DD).
    pub day: String,
    /// Each workstation that took money that day.
    pub stations: Vec<StationCash>,
    /// Per method, all workstations together.
    pub methods: Vec<MethodTotal>,
    /// Everything together.
    pub total: Money,
}

/// The payments received on `day`, per method and per workstation.
pub fn cash_summary(conn: &Connection, day: &str) -> Result<CashSummary> {
    let mut stmt = conn.prepare_cached(
        "SELECT station, method, COUNT(*), SUM(amount_cents), SUM(change_cents)
           FROM payments WHERE paid_on = ?1 GROUP BY station, method",
    )?;
    let mut per: BTreeMap<String, BTreeMap<PaymentMethod, (u32, i64)>> = BTreeMap::new();
    let mut change: BTreeMap<String, i64> = BTreeMap::new();
    let rows = stmt.query_map([day], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    for row in rows {
        let (station, method, count, total, given) = row?;
        let method =
            PaymentMethod::parse(&method).ok_or(crate::Error::Corrupt("payments.method"))?;
        per.entry(station.clone())
            .or_default()
            .insert(method, (u32::try_from(count).unwrap_or(u32::MAX), total));
        *change.entry(station).or_default() += given;
    }
    let methods_of = |m: &BTreeMap<PaymentMethod, (u32, i64)>| -> Vec<MethodTotal> {
        PaymentMethod::ALL
            .iter()
            .map(|method| {
                let (count, total) = m.get(method).copied().unwrap_or((0, 0));
                MethodTotal {
                    method: *method,
                    count,
                    total: Money::from_cents(total),
                }
            })
            .collect()
    };
    let mut all: BTreeMap<PaymentMethod, (u32, i64)> = BTreeMap::new();
    let mut stations = Vec::new();
    for (station, m) in &per {
        for (method, (count, total)) in m {
            let e = all.entry(*method).or_default();
            e.0 += count;
            e.1 += total;
        }
        stations.push(StationCash {
            station: station.clone(),
            methods: methods_of(m),
            change_given: Money::from_cents(change.get(station).copied().unwrap_or(0)),
            total: Money::from_cents(m.values().map(|(_, t)| t).sum()),
        });
    }
    Ok(CashSummary {
        day: day.to_owned(),
        stations,
        total: Money::from_cents(all.values().map(|(_, t)| t).sum()),
        methods: methods_of(&all),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite plans for `sql` (one parameter), a step a line.
    fn plan(conn: &Connection, sql: &str) -> String {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("the statement prepares");
        stmt.query_map(["a customer"], |r| r.get::<_, String>(3))
            .expect("a plan")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("its steps")
            .join("\n")
    }

    #[test]
    fn a_customer_balance_reads_that_customers_invoices_not_every_issued_one() {
        let db = crate::db::test_db();
        for sql in [
            format!("{SUMMARY} {BALANCE_WHERE}"),
            BALANCE_DEDUCTED.to_owned(),
        ] {
            let plan = plan(db.conn(), &sql);
            assert!(
                plan.contains("SEARCH i USING INDEX invoices_customer (customer_id=?)")
                    || plan
                        .contains("SEARCH invoices USING INDEX invoices_customer (customer_id=?)"),
                "the customer's invoices are found by the customer index, whatever the \
                 number of invoices of the workshop:\n{plan}"
            );
        }
    }
}

//! Making, listing and checking closures: the totals each freezes, the
//! grand totals it carries, and the chain that makes a changed one visible.
//!
//! [`close`] closes every day of this station that has ended (or up to the
//! day asked for), then the months and fiscal years whose last day is
//! closed — each closure in a transaction of its own with its journal
//! entry, so a station killed half-way keeps what it closed and the next
//! launch makes the rest (and its journal says so).

use std::collections::BTreeMap;

use atelier_domain::{ClosureId, Money, VatRate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::fiscal::{self, date, day_text, next_day, previous_day};
use super::{TillError, closed_through};
use crate::journal::{self, Code};
use crate::outbox::{self, OpKind};
use crate::text::{rfc3339_now, sealed_hash, today};
use crate::{Db, Error, Result, access, device};

/// The `prev_hash` of a station's first closure.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How far back the clock may seem to go before a closure is refused (see
/// [`journal`]: two threads' clocks differ by less).
const CLOCK_SLACK_MS: u64 = 2_000;

/// Which period a closure closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One day.
    Day,
    /// A calendar month.
    Month,
    /// A fiscal year.
    Year,
}

impl Kind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Day => "day",
            Kind::Month => "month",
            Kind::Year => "year",
        }
    }

    /// The kind stored as `s`.
    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Day, Kind::Month, Kind::Year]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One VAT rate's share of a period's sales (credit notes deducted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatTotal {
    /// The rate.
    #[serde(rename = "rate_bp")]
    pub rate: VatRate,
    /// HT at that rate.
    #[serde(rename = "net_cents")]
    pub net: Money,
    /// TVA at that rate.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
}

/// One payment method's takings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotal {
    /// `cash`, `card`, `cheque` or `transfer`.
    pub method: String,
    /// How many payments, reversals included.
    pub count: u32,
    /// What they come to, reversals deducted.
    #[serde(rename = "total_cents")]
    pub total: Money,
}

/// What a closure freezes. Stored as JSON in this field order; the hash
/// covers that text as stored, so a later version's added field does not
/// break an older closure's hash.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Totals {
    /// Invoices issued.
    pub invoices: u32,
    /// Credit notes issued.
    pub credit_notes: u32,
    /// The first and last invoice numbers of the period.
    pub first_invoice: Option<String>,
    /// See `first_invoice`.
    pub last_invoice: Option<String>,
    /// The first and last credit-note numbers of the period.
    pub first_credit_note: Option<String>,
    /// See `first_credit_note`.
    pub last_credit_note: Option<String>,
    /// Sales HT, credit notes deducted.
    #[serde(rename = "net_cents")]
    pub net: Money,
    /// TVA, credit notes deducted.
    #[serde(rename = "tax_cents")]
    pub tax: Money,
    /// Sales TTC, credit notes deducted.
    #[serde(rename = "gross_cents")]
    pub gross: Money,
    /// TTC of the invoices alone.
    #[serde(rename = "invoiced_cents")]
    pub invoiced: Money,
    /// TTC of the credit notes alone (a positive amount).
    #[serde(rename = "credited_cents")]
    pub credited: Money,
    /// Per VAT rate, lowest rate first.
    pub vat: Vec<VatTotal>,
    /// Per payment method, in the order cash, card, cheque, transfer.
    pub payments: Vec<MethodTotal>,
    /// Everything received.
    #[serde(rename = "received_cents")]
    pub received: Money,
    /// Cash handed back as change.
    #[serde(rename = "change_given_cents")]
    pub change_given: Money,
}

/// A closure as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Closure {
    /// Its id.
    pub id: ClosureId,
    /// The workstation's device: what its chain is kept by. Text as stored,
    /// like every field the hash covers: a typed id would show an altered
    /// spelling of the same id as the original one.
    pub device_id: String,
    /// The workstation's name when it closed (its series prefix).
    pub station: String,
    /// Day, month or fiscal year.
    pub kind: Kind,
    /// First day of the period.
    pub period_start: String,
    /// Last day of the period.
    pub period_end: String,
    /// Its place in the station's chain, from 1.
    pub seq: i64,
    /// The station's site, as stored (see `device_id`).
    pub site_id: String,
    /// When it was made (Unix ms).
    pub closed_at: u64,
    /// Who made it (or `Atelier` for an automatic closure).
    pub user_name: String,
    /// The frozen totals.
    pub totals: Totals,
    /// The period's grand total: sales TTC, credit notes deducted.
    #[serde(rename = "period_total_cents")]
    pub period_total: Money,
    /// The perpetual grand total, since the station's first sale.
    #[serde(rename = "perpetual_total_cents")]
    pub perpetual_total: Money,
    /// The same in absolute value (invoices plus credit notes).
    #[serde(rename = "perpetual_abs_cents")]
    pub perpetual_abs: Money,
    /// The previous closure's hash, or [`GENESIS`].
    pub prev_hash: String,
    /// SHA-256 of its fields and `prev_hash`.
    pub hash: String,
    /// The totals as stored, which the hash covers.
    #[serde(skip)]
    pub(crate) totals_text: String,
}

/// The name recorded for a closure nobody asked for.
const AUTOMATIC: &str = "Atelier";

impl Closure {
    /// The hash its fields give.
    pub fn computed_hash(&self) -> String {
        hash_of(self, &self.totals_text)
    }
}

/// The hash of a closure's fields ([`sealed_hash`]), `totals` as stored.
fn hash_of(c: &Closure, totals: &str) -> String {
    sealed_hash(&[
        "atelier-closure-v1",
        &c.device_id,
        &c.station,
        c.kind.as_str(),
        &c.period_start,
        &c.period_end,
        &c.seq.to_string(),
        &c.site_id,
        &c.closed_at.to_string(),
        &c.user_name,
        totals,
        &c.period_total.cents().to_string(),
        &c.perpetual_total.cents().to_string(),
        &c.perpetual_abs.cents().to_string(),
        &c.prev_hash,
    ])
}

/// This station's totals from `start` to `end`, both included: the
/// documents of the series it numbered, the payments it took.
pub fn totals(conn: &Connection, start: &str, end: &str) -> Result<Totals> {
    let names = super::own_names(conn)?;
    let mut t = Totals::default();
    // Summed in cents as SQLite gives them, then kept as amounts.
    let (mut net_sum, mut tax_sum, mut gross_sum) = (0_i64, 0_i64, 0_i64);
    let mut docs = conn.prepare_cached(
        "SELECT kind, COUNT(*), SUM(ABS(net_cents)), SUM(ABS(tax_cents)), SUM(ABS(gross_cents)),
                MIN(number), MAX(number)
           FROM invoices
          WHERE status = 'issued' AND issued_on BETWEEN ?1 AND ?2
            AND series IN (SELECT series FROM invoice_counters)
          GROUP BY kind",
    )?;
    let mut rows = docs.query(params![start, end])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let count = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX);
        let (net, tax, gross): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
        let (first, last): (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
        if kind == "credit_note" {
            t.credit_notes = count;
            (t.first_credit_note, t.last_credit_note) = (first, last);
            t.credited = Money::from_cents(gross);
            net_sum -= net;
            tax_sum -= tax;
            gross_sum -= gross;
        } else {
            t.invoices = count;
            (t.first_invoice, t.last_invoice) = (first, last);
            t.invoiced = Money::from_cents(gross);
            net_sum += net;
            tax_sum += tax;
            gross_sum += gross;
        }
    }
    (t.net, t.tax, t.gross) = (
        Money::from_cents(net_sum),
        Money::from_cents(tax_sum),
        Money::from_cents(gross_sum),
    );
    let mut vat = conn.prepare_cached(
        "SELECT v.vat_bp, SUM(v.net_cents), SUM(v.tax_cents)
           FROM invoices i JOIN invoice_vat_figures v ON v.invoice_id = i.id
          WHERE i.status = 'issued' AND i.issued_on BETWEEN ?1 AND ?2
            AND i.series IN (SELECT series FROM invoice_counters)
          GROUP BY v.vat_bp ORDER BY v.vat_bp",
    )?;
    t.vat = vat
        .query_map(params![start, end], |r| {
            let (rate, net, tax): (u32, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(VatRate::new(rate)
                .map_err(|_| Error::Corrupt("invoice_vat_figures.vat_bp"))
                .map(|rate| VatTotal {
                    rate,
                    net: Money::from_cents(net),
                    tax: Money::from_cents(tax),
                }))
        })?
        .collect::<rusqlite::Result<Result<_>>>()??;
    let mut paid = conn.prepare_cached(
        "SELECT method, COUNT(*), SUM(amount_cents), SUM(change_cents)
           FROM payments WHERE paid_on BETWEEN ?2 AND ?3
            AND station IN (SELECT value FROM json_each(?1)) GROUP BY method",
    )?;
    let mut by_method: BTreeMap<String, (u32, i64)> = BTreeMap::new();
    let mut rows = paid.query(params![names, start, end])?;
    let (mut received, mut change_given) = (0_i64, 0_i64);
    while let Some(r) = rows.next()? {
        let count = u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX);
        let (total, change): (i64, i64) = (r.get(2)?, r.get(3)?);
        by_method.insert(r.get(0)?, (count, total));
        received += total;
        change_given += change;
    }
    t.received = Money::from_cents(received);
    t.change_given = Money::from_cents(change_given);
    t.payments = ["cash", "card", "cheque", "transfer"]
        .into_iter()
        .map(|m| {
            let (count, total) = by_method.get(m).copied().unwrap_or((0, 0));
            MethodTotal {
                method: m.to_owned(),
                count,
                total: Money::from_cents(total),
            }
        })
        .collect();
    Ok(t)
}

/// The first day this station sold or took money, if it has.
pub fn first_day(conn: &Connection) -> Result<Option<String>> {
    let day: Option<String> = conn
        .prepare_cached(
            "SELECT MIN(d) FROM (
                SELECT MIN(issued_on) AS d FROM invoices
                 WHERE status = 'issued' AND series IN (SELECT series FROM invoice_counters)
                UNION ALL
                SELECT MIN(paid_on) FROM payments
                 WHERE station IN (SELECT value FROM json_each(?1)))",
        )?
        .query_row([super::own_names(conn)?], |r| r.get(0))?;
    Ok(day)
}

const SELECT: &str = "SELECT id, station, kind, period_start, period_end, seq, site_id, closed_at,
        user_name, totals, period_total_cents, perpetual_total_cents, perpetual_abs_cents,
        prev_hash, hash, device_id FROM closures";

fn closure(r: &Row<'_>) -> rusqlite::Result<Result<Closure>> {
    let kind: String = r.get(2)?;
    let totals_text: String = r.get(9)?;
    let closed_at: i64 = r.get(7)?;
    let id: String = r.get(0)?;
    let (Some(kind), Ok(totals), Ok(id)) = (
        Kind::parse(&kind),
        serde_json::from_str(&totals_text),
        id.parse(),
    ) else {
        return Ok(Err(Error::Corrupt("closures")));
    };
    Ok(Ok(Closure {
        id,
        device_id: r.get(15)?,
        station: r.get(1)?,
        kind,
        period_start: r.get(3)?,
        period_end: r.get(4)?,
        seq: r.get(5)?,
        site_id: r.get(6)?,
        closed_at: u64::try_from(closed_at).unwrap_or(0),
        user_name: r.get(8)?,
        totals,
        period_total: Money::from_cents(r.get(10)?),
        perpetual_total: Money::from_cents(r.get(11)?),
        perpetual_abs: Money::from_cents(r.get(12)?),
        prev_hash: r.get(13)?,
        hash: r.get(14)?,
        totals_text,
    }))
}

fn collect(
    stmt: &mut rusqlite::CachedStatement<'_>,
    p: impl rusqlite::Params,
) -> Result<Vec<Closure>> {
    let rows = stmt.query_map(p, closure)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// The closure `id`.
pub fn get(conn: &Connection, id: ClosureId) -> Result<Closure> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], closure)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "closure",
            id: id.to_string(),
        })?
}

/// The closure of `kind` starting on `start` by the station whose device
/// is `device`, if made.
pub fn find(conn: &Connection, device: &str, kind: Kind, start: &str) -> Result<Option<Closure>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE device_id = ?1 AND kind = ?2 AND period_start = ?3"
    ))?
    .query_row(params![device, kind.as_str(), start], closure)
    .optional()?
    .transpose()
}

/// Which closures to list.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only this station's.
    pub station: Option<String>,
    /// Only this kind (`day`, `month`, `year`).
    pub kind: Option<String>,
    /// Only this site's.
    pub site_id: Option<String>,
    /// At most this many, newest first (default and cap 1,000).
    pub limit: Option<u32>,
}

/// Closures of every station this database knows (its own and those synced
/// from the others), newest period first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Closure>> {
    let blank = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let limit = filter.limit.unwrap_or(1_000).clamp(1, 1_000);
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (?1 IS NULL OR station = ?1) AND (?2 IS NULL OR kind = ?2)
            AND (?3 IS NULL OR site_id = ?3)
          ORDER BY period_end DESC, kind DESC, station LIMIT ?4"
    ))?;
    collect(
        &mut stmt,
        params![
            blank(&filter.station),
            blank(&filter.kind),
            blank(&filter.site_id),
            limit
        ],
    )
}

/// Closes every period of this station that is due: each day from the one
/// after the last closed (or the first day of business) to `through`
/// (yesterday when `None`), then each month and fiscal year whose last day
/// is closed. Each closure is committed with its journal entry before the
/// next is made. Refused, closing nothing, while the clock reads earlier
/// than the journal's last entry ([`TillError::ClockBehind`]; the refusal
/// is journalled).
///
/// A closing killed half-way keeps the closures it committed; the next one
/// makes the rest and journals that it resumes an interrupted closing.
pub fn close(db: &mut Db, now_ms: u64, through: Option<&str>) -> Result<Vec<Closure>> {
    db.write(|tx| {
        let interrupted: Option<String> = tx
            .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
            .query_row([CLOSING_KEY], |r| r.get(0))
            .optional()?;
        if let Some(since) = interrupted {
            journal::record(
                tx,
                now_ms,
                Code::Closure,
                &format!("resuming the closing interrupted at {since}"),
            )?;
        }
        tx.prepare_cached(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute((CLOSING_KEY, rfc3339_now(now_ms)))?;
        Ok(())
    })?;
    let made = close_periods(db, now_ms, through);
    db.write(|tx| {
        tx.prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
            .execute([CLOSING_KEY])?;
        Ok(())
    })?;
    made
}

/// Where a closing in progress is marked, so one killed half-way is known.
const CLOSING_KEY: &str = "till.closing";

fn close_periods(db: &mut Db, now_ms: u64, through: Option<&str>) -> Result<Vec<Closure>> {
    let today = today(now_ms);
    let yesterday = previous_day(&today).ok_or(Error::Corrupt("clock"))?;
    let through = through.map_or(yesterday, str::to_owned);
    if through.as_str() > today.as_str() {
        return Err(TillError::NothingToClose { day: through }.into());
    }
    if let Some(last) = journal::last_time(db.conn())?
        && now_ms.saturating_add(CLOCK_SLACK_MS) < last
    {
        let last = rfc3339_now(last);
        db.write(|tx| {
            journal::record(
                tx,
                now_ms,
                Code::ClosureRefused,
                &format!("clock {} < {last}", rfc3339_now(now_ms)),
            )
        })?;
        return Err(TillError::ClockBehind { last }.into());
    }
    let device = device::device_id(db.conn())?.to_string();
    // The first day of business: where the chain of days starts, once it
    // has (reading it from the documents scans them all).
    let first_closed: Option<String> = db
        .conn()
        .prepare_cached(
            "SELECT MIN(period_start) FROM closures WHERE device_id = ?1 AND kind = 'day'",
        )?
        .query_row([&device], |r| r.get(0))?;
    let opened = match first_closed {
        Some(day) => day,
        None => match first_day(db.conn())? {
            Some(day) => day,
            None => return Ok(Vec::new()),
        },
    };
    let mut made = Vec::new();
    let mut day = match closed_through(db.conn(), &device)? {
        Some(last) => next_day(&last).ok_or(Error::Corrupt("closures.period_end"))?,
        None => opened.clone(),
    };
    while day <= through {
        made.push(db.write(|tx| seal(tx, now_ms, Kind::Day, &day, &day))?);
        day = next_day(&day).ok_or(Error::Corrupt("closures.period_end"))?;
    }
    let Some(closed) = closed_through(db.conn(), &device)? else {
        return Ok(made);
    };
    for (start, end) in months_due(&opened, &closed) {
        if find(db.conn(), &device, Kind::Month, &start)?.is_none() {
            made.push(db.write(|tx| seal(tx, now_ms, Kind::Month, &start, &end))?);
        }
    }
    let fiscal = fiscal::get(db.conn())?;
    let mut day = opened.clone();
    while let Some((start, end)) = fiscal.containing(&day, &opened) {
        if end > closed {
            break;
        }
        if find(db.conn(), &device, Kind::Year, &start)?.is_none() {
            made.push(db.write(|tx| seal(tx, now_ms, Kind::Year, &start, &end))?);
        }
        day = next_day(&end).ok_or(Error::Corrupt("fiscal year"))?;
    }
    Ok(made)
}

/// Closes today at this station, with every day before it still open: the
/// front desk's « Clôturer la journée ». Refused when today is closed.
pub fn close_today(db: &mut Db, now_ms: u64) -> Result<Vec<Closure>> {
    let today = today(now_ms);
    let device = device::device_id(db.conn())?.to_string();
    if closed_through(db.conn(), &device)?.is_some_and(|t| t >= today) {
        return Err(TillError::NothingToClose { day: today }.into());
    }
    let made = close(db, now_ms, Some(&today))?;
    if !made
        .iter()
        .any(|c| c.kind == Kind::Day && c.period_end == today)
    {
        // No sale yet at this station: nothing to close.
        return Err(TillError::NothingToClose { day: today }.into());
    }
    Ok(made)
}

/// The months from `opened`'s to the last one whose last day is `closed` or
/// before: `(first day, last day)`.
fn months_due(opened: &str, closed: &str) -> Vec<(String, String)> {
    let (Some(mut d), Some(closed)) = (date(opened), date(closed)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while let Ok(start) = d.replace_day(1) {
        let last = start.replace_day(time::util::days_in_month(start.month(), start.year()));
        let Ok(last) = last else { break };
        if last > closed {
            break;
        }
        out.push((day_text(start), day_text(last)));
        let Some(next) = last.next_day() else { break };
        d = next;
    }
    out
}

/// Makes one closure of this station in `tx`, chained after its last one,
/// with its journal entry.
fn seal(tx: &Transaction<'_>, now_ms: u64, kind: Kind, start: &str, end: &str) -> Result<Closure> {
    let device = device::device_id(tx)?.to_string();
    let totals = totals(tx, start, end)?;
    let (seq, prev_hash) = tx
        .prepare_cached(
            "SELECT seq, hash FROM closures WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([&device], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .map_or((1, GENESIS.to_owned()), |(s, h)| (s + 1, h));
    // The perpetual totals as of the day before the period: the last day
    // closure before it (none before the first sale).
    let before: (i64, i64) = tx
        .prepare_cached(
            "SELECT perpetual_total_cents, perpetual_abs_cents FROM closures
              WHERE device_id = ?1 AND kind = 'day' AND period_end < ?2
              ORDER BY period_end DESC LIMIT 1",
        )?
        .query_row(params![device, start], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, 0));
    let (_, author) = access::author(tx)?;
    let mut c = Closure {
        id: ClosureId::new(),
        station: device::station(tx)?,
        device_id: device,
        kind,
        period_start: start.to_owned(),
        period_end: end.to_owned(),
        seq,
        site_id: device::site(tx)?.to_string(),
        closed_at: now_ms,
        user_name: author.unwrap_or_else(|| AUTOMATIC.to_owned()),
        period_total: totals.gross,
        perpetual_total: Money::from_cents(before.0 + totals.gross.cents()),
        perpetual_abs: Money::from_cents(
            before.1 + totals.invoiced.cents() + totals.credited.cents(),
        ),
        totals,
        prev_hash,
        hash: String::new(),
        totals_text: String::new(),
    };
    let totals_text =
        serde_json::to_string(&c.totals).map_err(|_| Error::Corrupt("closures.totals"))?;
    c.hash = hash_of(&c, &totals_text);
    c.totals_text.clone_from(&totals_text);
    let (user_id, _) = access::author(tx)?;
    let payload = json!({
        "device_id": c.device_id, "station": c.station, "kind": kind.as_str(), "period_start": c.period_start,
        "period_end": c.period_end, "seq": c.seq, "site_id": c.site_id,
        "closed_at": c.closed_at, "user_id": user_id, "user_name": c.user_name,
        "totals": totals_text, "period_total_cents": c.period_total,
        "perpetual_total_cents": c.perpetual_total,
        "perpetual_abs_cents": c.perpetual_abs, "prev_hash": c.prev_hash, "hash": c.hash,
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        "closures",
        &c.id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO closures (id, station, kind, period_start, period_end, seq, site_id,
             closed_at, user_id, user_name, totals, period_total_cents, perpetual_total_cents,
             perpetual_abs_cents, prev_hash, hash, created_at, device_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        c.id.to_string(),
        c.station,
        kind.as_str(),
        c.period_start,
        c.period_end,
        c.seq,
        c.site_id,
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        user_id,
        c.user_name,
        totals_text,
        c.period_total.cents(),
        c.perpetual_total.cents(),
        c.perpetual_abs.cents(),
        c.prev_hash,
        c.hash,
        hlc.as_i64(),
        c.device_id,
    ])?;
    journal::record(
        tx,
        now_ms,
        Code::Closure,
        &format!(
            "{} {}..{} #{} total {} perpetual {}",
            kind.as_str(),
            c.period_start,
            c.period_end,
            c.seq,
            c.period_total.cents(),
            c.perpetual_total.cents()
        ),
    )?;
    Ok(c)
}

/// What is wrong with one closure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Finding {
    /// Its stored fields no longer give its hash.
    Altered {
        /// Its station.
        station: String,
        /// Its place in the chain.
        seq: i64,
    },
    /// Its `prev_hash` is not the previous closure's hash.
    BrokenLink {
        /// Its station.
        station: String,
        /// Its place in the chain.
        seq: i64,
    },
    /// Closures are missing before this one.
    Gap {
        /// Its station.
        station: String,
        /// Its place in the chain.
        seq: i64,
    },
    /// A day's perpetual grand total is not the previous day's plus its own.
    GrandTotal {
        /// Its station.
        station: String,
        /// The day.
        day: String,
    },
    /// It cannot be read.
    Unreadable {
        /// Its station.
        station: String,
        /// Its place in the chain.
        seq: i64,
    },
}

/// Every station's closure chain, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Closures checked.
    pub closures: u64,
    /// Stations whose chains were walked.
    pub stations: u64,
    /// What is wrong; empty when every chain is intact.
    pub findings: Vec<Finding>,
}

impl Verification {
    /// Whether every chain is intact.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Recomputes every closure's hash, follows each station's chain and checks
/// that each day's perpetual grand total follows from the previous day's.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY device_id, seq"))?;
    let mut rows = stmt.query([])?;
    let mut v = Verification {
        closures: 0,
        stations: 0,
        findings: Vec::new(),
    };
    let mut current: Option<String> = None;
    let (mut expected, mut prev) = (1_i64, GENESIS.to_owned());
    let mut perpetual = (Money::ZERO, Money::ZERO);
    while let Some(r) = rows.next()? {
        v.closures += 1;
        let station: String = r.get(1)?;
        let device: String = r.get(15)?;
        let seq: i64 = r.get(5)?;
        if current.as_deref() != Some(device.as_str()) {
            v.stations += 1;
            current = Some(device);
            (expected, prev, perpetual) = (1, GENESIS.to_owned(), (Money::ZERO, Money::ZERO));
        }
        if seq != expected {
            v.findings.push(Finding::Gap {
                station: station.clone(),
                seq,
            });
        }
        expected = seq + 1;
        let c = match closure(r)? {
            Ok(c) => c,
            Err(_) => {
                v.findings.push(Finding::Unreadable { station, seq });
                prev = r.get(14)?;
                continue;
            }
        };
        if c.computed_hash() != c.hash {
            v.findings.push(Finding::Altered {
                station: station.clone(),
                seq,
            });
        }
        if c.prev_hash != prev {
            v.findings.push(Finding::BrokenLink {
                station: station.clone(),
                seq,
            });
        }
        if c.kind == Kind::Day {
            let abs = c.totals.invoiced.cents() + c.totals.credited.cents();
            if c.perpetual_total.cents() != perpetual.0.cents() + c.period_total.cents()
                || c.perpetual_abs.cents() != perpetual.1.cents() + abs
            {
                v.findings.push(Finding::GrandTotal {
                    station: station.clone(),
                    day: c.period_start.clone(),
                });
            }
            perpetual = (c.perpetual_total, c.perpetual_abs);
        }
        prev = c.hash;
    }
    Ok(v)
}

//! What each issued invoice and credit note brings to the reports, derived
//! from its frozen content once, so a report over ten years reads small rows
//! instead of parsing every invoice (`invoice_figures`, `invoice_vat_figures`).
//!
//! The split into labour, parts and other is taken after the whole-invoice
//! discount, spread over the lines' kinds within each VAT rate by the same
//! largest-remainder rule the totals use ([`crate::orders::totals()`]), so the
//! three parts add up to the invoice's HT to the cent. The rows are local,
//! never synced: whoever writes an issued invoice (issuing here, or sync
//! applying one from another station) calls [`record`]; [`fill_missing`] at
//! open catches any that were not.

use std::collections::BTreeMap;

use atelier_domain::{InvoiceId, Money, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Content, InvoiceKind, totals_of};
use crate::amounts::mul_div_round;
use crate::orders::LineKind;
use crate::orders::Totals;
use crate::orders::totals::spread;
use crate::{Error, Result};

/// A bucket of HT within one VAT rate: what the discount is spread over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Bucket {
    Labour,
    /// A catalogue part whose cost is known.
    CostedPart,
    Part,
    Other,
}

/// An issued document's site, content, order, vehicle, day and the invoice
/// it credits.
type Issued = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A document's HT split into buckets after its discount, the cost of its
/// costed parts and its labour hours, all unsigned (as its lines read).
#[derive(Default)]
struct Split {
    buckets: BTreeMap<Bucket, i64>,
    cost: i64,
    hours: i64,
}

impl Split {
    fn part(&self, b: Bucket) -> i64 {
        self.buckets.get(&b).copied().unwrap_or(0)
    }
}

/// The split of `content` (a document of `site`), and its totals.
fn split_of(conn: &Connection, content: &Content, site: &str) -> Result<(Split, Totals)> {
    let totals = totals_of(&content.lines, content.discount);
    // HT per rate and bucket before the discount; cost of the costed parts.
    let mut by_rate: BTreeMap<VatRate, BTreeMap<Bucket, i128>> = BTreeMap::new();
    let mut split = Split::default();
    for line in &content.lines {
        let bucket = match line.kind {
            LineKind::Labour => {
                split.hours += line.quantity.milli();
                Bucket::Labour
            }
            LineKind::Fee => Bucket::Other,
            LineKind::Part => match line.part_id.as_deref() {
                Some(part) => match unit_cost(conn, part, site)? {
                    Some(unit) => {
                        split.cost += line.quantity.times(Money::from_cents(unit)).cents();
                        Bucket::CostedPart
                    }
                    None => Bucket::Part,
                },
                None => Bucket::Part,
            },
        };
        *by_rate
            .entry(line.vat)
            .or_default()
            .entry(bucket)
            .or_default() += i128::from(line.net.cents());
    }
    for rate in &totals.by_rate {
        let buckets = by_rate.remove(&rate.rate).unwrap_or_default();
        let shares = spread(i128::from(rate.discount.cents()), &buckets);
        for ((bucket, net), share) in buckets.into_iter().zip(shares) {
            *split.buckets.entry(bucket).or_default() += i64::try_from(net - share).unwrap_or(0);
        }
    }
    Ok((split, totals))
}

/// What remains of invoice `credited` once every credit note on it but
/// `except` is deducted, split as its lines were.
fn remaining_split(tx: &Transaction<'_>, credited: &str, except: &str) -> Result<Option<Split>> {
    let docs: Vec<(String, String, String)> = tx
        .prepare_cached(
            "SELECT kind, content, site_id FROM invoices
              WHERE status = 'issued' AND (id = ?1 OR (credited_invoice_id = ?1 AND id <> ?2))",
        )?
        .query_map(params![credited, except], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if !docs.iter().any(|(kind, _, _)| kind == "invoice") {
        return Ok(None);
    }
    let mut left = Split::default();
    for (kind, content, site) in docs {
        let content: Content =
            serde_json::from_str(&content).map_err(|_| Error::Corrupt("invoices.content"))?;
        let sign = if kind == "invoice" { 1 } else { -1 };
        let (split, _) = split_of(tx, &content, &site)?;
        for (bucket, net) in split.buckets {
            *left.buckets.entry(bucket).or_default() += sign * net;
        }
        left.cost += sign * split.cost;
        left.hours += sign * split.hours;
    }
    Ok(Some(left))
}

/// The split of a credit note that takes what remains of its invoice: its
/// HT spread over the categories still left on the invoice, in proportion,
/// with the cost and hours of what it takes back. `None` when nothing of
/// the invoice is known (it has not arrived here yet).
fn remains_split(
    tx: &Transaction<'_>,
    credited: &str,
    id: &str,
    net: i64,
) -> Result<Option<Split>> {
    let Some(left) = remaining_split(tx, credited, id)? else {
        return Ok(None);
    };
    let weights: BTreeMap<Bucket, i128> = left
        .buckets
        .iter()
        .map(|(b, v)| (*b, i128::from((*v).max(0))))
        .collect();
    if weights.values().all(|w| *w == 0) {
        return Ok(None);
    }
    let shares = spread(i128::from(net), &weights);
    let mut split = Split::default();
    for (bucket, share) in weights.into_keys().zip(shares) {
        split
            .buckets
            .insert(bucket, i64::try_from(share).unwrap_or(0));
    }
    let back = |whole: i64, of: i64, taken: i64| {
        if of > 0 {
            mul_div_round(whole, taken, of)
        } else {
            0
        }
    };
    split.cost = back(
        left.cost,
        left.part(Bucket::CostedPart),
        split.part(Bucket::CostedPart),
    );
    split.hours = back(
        left.hours,
        left.part(Bucket::Labour),
        split.part(Bucket::Labour),
    );
    Ok(Some(split))
}

/// Derives and writes the figures of the issued document `id` (replacing
/// any): called in the transaction that issues or receives it.
///
/// A credit note's lines say what it takes back: labour, parts or fees as
/// typed, or the invoice's own lines for a full credit. The one exception is
/// the credit note of what remains of a partly credited invoice, whose lines
/// are one "balance" fee per VAT rate ([`crate::invoices::is_balance_line`]):
/// it takes back labour, parts and other in proportion to what the invoice
/// still held of each once its other credit notes are deducted, so an
/// invoice credited in full leaves nothing in any category. Should the
/// invoice not be here yet, it counts as other.
pub fn record(tx: &Transaction<'_>, id: InvoiceId) -> Result<()> {
    let row: Option<Issued> = tx
        .prepare_cached(
            "SELECT i.site_id, i.content, COALESCE(i.order_id, ci.order_id), i.vehicle_id,
                    i.issued_on, i.credited_invoice_id
               FROM invoices i LEFT JOIN invoices ci ON ci.id = i.credited_invoice_id
              WHERE i.id = ?1 AND i.status = 'issued'",
        )?
        .query_row([id.to_string()], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((site, content, order, vehicle, issued_on, credited)) = row else {
        return Ok(());
    };
    let content: Content =
        serde_json::from_str(&content).map_err(|_| Error::Corrupt("invoices.content"))?;
    let issued_on = issued_on.unwrap_or_else(|| content.issued_on.clone());
    let sign: i64 = match content.kind {
        InvoiceKind::Invoice => 1,
        InvoiceKind::CreditNote => -1,
    };
    let (mut split, totals) = split_of(tx, &content, &site)?;
    if let Some(credited) = credited.as_deref()
        && content.kind == InvoiceKind::CreditNote
        && !content.lines.is_empty()
        && content.lines.iter().all(crate::invoices::is_balance_line)
        && let Some(remains) = remains_split(tx, credited, &id.to_string(), totals.net.cents())?
    {
        split = remains;
    }

    tx.prepare_cached("DELETE FROM invoice_vat_figures WHERE invoice_id = ?1")?
        .execute([id.to_string()])?;
    for rate in &totals.by_rate {
        tx.prepare_cached(
            "INSERT INTO invoice_vat_figures (invoice_id, vat_bp, issued_on, site_id, net_cents, tax_cents)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id.to_string(),
            rate.rate.bp(),
            issued_on,
            site,
            sign * rate.net.cents(),
            sign * rate.tax.cents(),
        ])?;
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO invoice_figures (invoice_id, site_id, issued_on, sign, order_id,
             vehicle_id, net_cents, tax_cents, gross_cents, labour_cents, parts_cents, other_cents,
             parts_costed_cents, parts_cost_cents, billed_hours_milli)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id.to_string(),
        site,
        issued_on,
        sign,
        order,
        vehicle,
        sign * totals.net.cents(),
        sign * totals.tax.cents(),
        sign * totals.gross.cents(),
        sign * split.part(Bucket::Labour),
        sign * (split.part(Bucket::CostedPart) + split.part(Bucket::Part)),
        sign * split.part(Bucket::Other),
        sign * split.part(Bucket::CostedPart),
        sign * split.cost,
        sign * split.hours,
    ])?;
    Ok(())
}

/// What one unit of the part `reference` names costs at `site`, HT cents: the weighted average
/// cost of its receipts there (as the stock is valued), else its catalogue
/// cost; `None` when neither is known.
fn unit_cost(conn: &Connection, reference: &str, site: &str) -> Result<Option<i64>> {
    // A line names its part by the reference typed, as the stock reads it.
    let Some(part) = crate::stock::by_reference(conn, reference)? else {
        return Ok(None);
    };
    let part = part.as_str();
    let average: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT received_milli, received_cost FROM stock_levels
              WHERE part_id = ?1 AND site_id = ?2 AND received_milli > 0",
        )?
        .query_row(params![part, site], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((received, cost)) = average {
        return Ok(Some(mul_div_round(cost, 1, received)));
    }
    let catalogue: Option<i64> = conn
        .prepare_cached("SELECT cost_cents FROM parts WHERE id = ?1 AND cost_cents > 0")?
        .query_row([part], |r| r.get(0))
        .optional()?;
    Ok(catalogue)
}

/// Records the figures of every issued document that has none (written
/// before this table existed, or applied by a sync that did not record
/// them); returns how many. Cheap when there are none.
pub fn fill_missing(tx: &Transaction<'_>) -> Result<usize> {
    let missing: Vec<String> = tx
        .prepare(
            "SELECT i.id FROM invoices i
              WHERE i.status = 'issued'
                AND NOT EXISTS (SELECT 1 FROM invoice_figures f WHERE f.invoice_id = i.id)
              ORDER BY i.issued_on, i.seq",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &missing {
        let id: InvoiceId = id.parse().map_err(|_| Error::Corrupt("invoices.id"))?;
        record(tx, id)?;
    }
    Ok(missing.len())
}

/// Derives every document's figures again from the invoices alone; returns
/// how many.
pub fn rebuild(tx: &Transaction<'_>) -> Result<usize> {
    tx.execute("DELETE FROM invoice_figures", [])?;
    tx.execute("DELETE FROM invoice_vat_figures", [])?;
    fill_missing(tx)
}

/// An invoice's derived data: its report figures. An invoice issued at
/// another station of the site counts in this station's reports as soon as
/// it arrives.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[super::ENTITY]
    }

    fn refresh(&self, tx: &Transaction<'_>, _entity: &str, row_id: &str) -> Result<()> {
        match row_id.parse() {
            Ok(id) => record(tx, id),
            Err(_) => Ok(()),
        }
    }
}

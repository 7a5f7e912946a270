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

use atelier_domain::{InvoiceId, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::invoices::{Content, InvoiceKind, totals_of};
use crate::orders::LineKind;
use crate::orders::amounts::mul_div_round;
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

/// An issued document's site, content, order, vehicle and day.
type Issued = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Derives and writes the figures of the issued document `id` (replacing
/// any): called in the transaction that issues or receives it.
pub fn record(tx: &Transaction<'_>, id: InvoiceId) -> Result<()> {
    let row: Option<Issued> = tx
        .prepare_cached(
            "SELECT i.site_id, i.content, COALESCE(i.order_id, ci.order_id), i.vehicle_id,
                    i.issued_on
               FROM invoices i LEFT JOIN invoices ci ON ci.id = i.credited_invoice_id
              WHERE i.id = ?1 AND i.status = 'issued'",
        )?
        .query_row([id.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((site, content, order, vehicle, issued_on)) = row else {
        return Ok(());
    };
    let content: Content =
        serde_json::from_str(&content).map_err(|_| Error::Corrupt("invoices.content"))?;
    let issued_on = issued_on.unwrap_or_else(|| content.issued_on.clone());
    let sign: i64 = match content.kind {
        InvoiceKind::Invoice => 1,
        InvoiceKind::CreditNote => -1,
    };
    let totals = totals_of(&content.lines, content.discount);

    // HT per rate and bucket before the discount; cost of the costed parts.
    let mut by_rate: BTreeMap<VatRate, BTreeMap<Bucket, i128>> = BTreeMap::new();
    let (mut cost, mut hours) = (0_i64, 0_i64);
    for line in &content.lines {
        let bucket = match line.kind {
            LineKind::Labour => {
                hours += line.quantity_milli;
                Bucket::Labour
            }
            LineKind::Fee => Bucket::Other,
            LineKind::Part => match line.part_id.as_deref() {
                Some(part) => match unit_cost(tx, part, &site)? {
                    Some(unit) => {
                        cost += mul_div_round(line.quantity_milli, unit, 1000);
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
    let mut split: BTreeMap<Bucket, i64> = BTreeMap::new();
    tx.prepare_cached("DELETE FROM invoice_vat_figures WHERE invoice_id = ?1")?
        .execute([id.to_string()])?;
    for rate in &totals.by_rate {
        let buckets = by_rate.remove(&rate.rate).unwrap_or_default();
        let shares = spread(i128::from(rate.discount.cents()), &buckets);
        for ((bucket, net), share) in buckets.into_iter().zip(shares) {
            *split.entry(bucket).or_default() += i64::try_from(net - share).unwrap_or(0);
        }
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
    let part = |b| split.get(&b).copied().unwrap_or(0);
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
        sign * part(Bucket::Labour),
        sign * (part(Bucket::CostedPart) + part(Bucket::Part)),
        sign * part(Bucket::Other),
        sign * part(Bucket::CostedPart),
        sign * cost,
        sign * hours,
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

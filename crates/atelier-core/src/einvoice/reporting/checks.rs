//! What the e-reporting's tests hold its figures against, shared by its unit
//! tests and the demo month's test in `tests/ereporting.rs`: the VAT report's
//! own rows per rate, and a period's sales per rate.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use super::Figures;
use crate::Result;

/// HT and TVA per rate (in basis points) of the documents issued from `from`
/// to `to` whose buyer is (or is not) a business, as the VAT report's own
/// rows hold them.
pub fn vat_rows(
    conn: &Connection,
    business: bool,
    from: &str,
    to: &str,
) -> Result<BTreeMap<u32, (i64, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT v.vat_bp, SUM(v.net_cents), SUM(v.tax_cents)
           FROM invoice_vat_figures v JOIN invoices i ON i.id = v.invoice_id
          WHERE v.issued_on BETWEEN ?1 AND ?2
            AND json_extract(i.content, '$.buyer.business') = ?3
          GROUP BY v.vat_bp",
    )?;
    let rows = stmt
        .query_map(params![from, to, business], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// HT and TVA per rate (in basis points) of a period's sales.
pub fn per_rate(f: &Figures) -> BTreeMap<u32, (i64, i64)> {
    let mut out: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for r in &f.sales {
        let e = out.entry(r.rate.bp()).or_default();
        e.0 += r.net.cents();
        e.1 += r.tax.cents();
    }
    out
}

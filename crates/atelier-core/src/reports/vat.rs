//! VAT collected per rate over a period: the figure the accountant asks for.
//! Each rate's HT and VAT are the sums of what the invoices printed for that
//! rate, credit notes deducted.

use atelier_domain::{Money, VatRate};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::Scope;
use crate::{Error, Result};

/// One rate's HT and VAT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VatRow {
    /// The rate.
    pub rate: VatRate,
    /// HT taxed at it.
    pub net: Money,
    /// VAT collected.
    pub tax: Money,
}

/// The VAT report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VatReport {
    /// What was asked.
    pub scope: Scope,
    /// Each rate used, lowest first.
    pub rates: Vec<VatRow>,
    /// HT, all rates.
    pub net: Money,
    /// VAT, all rates.
    pub tax: Money,
}

/// VAT collected per rate over `scope`.
pub fn vat(conn: &Connection, scope: &Scope) -> Result<VatReport> {
    let mut stmt = conn.prepare_cached(
        "SELECT vat_bp, SUM(net_cents), SUM(tax_cents) FROM invoice_vat_figures
          WHERE issued_on BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site_id = ?3)
          GROUP BY vat_bp ORDER BY vat_bp",
    )?;
    let rates = stmt
        .query_map(
            params![scope.period.from, scope.period.to, scope.site()],
            |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?
        .map(|row| {
            let (bp, net, tax) = row?;
            Ok(VatRow {
                rate: VatRate::new(bp).map_err(|_| Error::Corrupt("invoice_vat_figures.vat_bp"))?,
                net: Money::from_cents(net),
                tax: Money::from_cents(tax),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(VatReport {
        scope: scope.clone(),
        net: Money::from_cents(rates.iter().map(|r| r.net.cents()).sum()),
        tax: Money::from_cents(rates.iter().map(|r| r.tax.cents()).sum()),
        rates,
    })
}

//! The file of one frozen period, for the approved platform (PA).
//!
//! The DGFiP's own e-reporting syntax (the « flux 10 » XML of its external
//! specifications) is the PA's to produce: what a PA takes from its
//! clients is its own format. Atelier hands it this documented JSON, one
//! file per station and period, UTF-8, named
//! `EREPORTING_<SIREN>_<station>_<first day>_<last day>.json`. Its field
//! names are French and follow flux 10 where Atelier knows them (the
//! categories of transactions `TLB1`/`TPS1` of flux 10.3, the payment data
//! of flux 10.4); the others are Atelier's own, said here:
//!
//! ```text
//! {
//!   "format": "atelier-ereporting/1",
//!   "emetteur": { "nom", "siren", "siret", "numero_tva" },
//!   "periode": { "debut", "fin" (YYYY-MM-DD, both included),
//!                "regime": "normal" | "simplified",
//!                "tva_sur_debits": bool },
//!   "poste": { "nom", "sequence", "fige_le" (RFC 3339),
//!              "empreinte" (the period's SHA-256 in the station's chain),
//!              "empreinte_precedente" },
//!   "devise": "EUR",
//!   "transactions": [            // flux 10.3, per day, category and rate
//!     { "date", "categorie": "TLB1" | "TPS1", "taux_tva": "20.00",
//!       "montant_ht": "123.45", "montant_tva": "24.69",
//!       "nombre_transactions": 3 } ],   // credit notes deducted
//!   "paiements": [               // flux 10.4, services received per day and rate
//!     { "date", "taux_tva", "montant_encaisse": "TTC", "montant_tva" } ],
//!   "totaux": { "montant_ht", "montant_tva", "nombre_transactions",
//!               "montant_encaisse" }
//! }
//! ```
//!
//! Amounts are decimal texts with a dot and two decimals, negative with a
//! leading minus; `paiements` is empty under VAT on debits.

use std::path::{Path, PathBuf};

use atelier_domain::EreportPeriodId;
use rusqlite::{Connection, Transaction};
use serde_json::{Value, json};

use super::FrozenPeriod;
use crate::text::rfc3339_now;
use crate::{Result, workshop};

/// The format's name and version, written in every file.
pub const FORMAT: &str = "atelier-ereporting/1";

/// `cents` as the file writes amounts: `-12.05`.
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

fn rate(bp: u32) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// The file's name for period `p` of the workshop whose SIREN is `siren`.
pub fn file_name(siren: &str, p: &FrozenPeriod) -> String {
    let station = crate::files::file_stem(&p.station).to_uppercase();
    format!(
        "EREPORTING_{siren}_{station}_{}_{}.json",
        p.period_start, p.period_end
    )
}

/// The file of period `p`: its name and its bytes.
pub fn render(conn: &Connection, p: &FrozenPeriod) -> Result<(String, Vec<u8>)> {
    let w = match workshop::get(conn) {
        Ok(w) => Some(w),
        Err(crate::Error::NotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    let siret = w.as_ref().and_then(|w| w.siret.clone());
    let siren: String = siret
        .as_deref()
        .map(|s| s.chars().filter(char::is_ascii_digit).take(9).collect())
        .unwrap_or_default();
    let f = &p.figures;
    let doc = json!({
        "format": FORMAT,
        "emetteur": {
            "nom": w.as_ref().map(|w| w.name.clone()),
            "siren": siren,
            "siret": siret,
            "numero_tva": w.as_ref().and_then(|w| w.vat_number.clone()),
        },
        "periode": {
            "debut": p.period_start,
            "fin": p.period_end,
            "regime": p.regime.as_str(),
            "tva_sur_debits": p.vat_on_debits,
        },
        "poste": {
            "nom": p.station,
            "sequence": p.seq,
            "fige_le": rfc3339_now(p.frozen_at),
            "empreinte": p.hash,
            "empreinte_precedente": p.prev_hash,
        },
        "devise": "EUR",
        "transactions": f.sales.iter().map(|r| json!({
            "date": r.day,
            "categorie": r.category.code(),
            "taux_tva": rate(r.rate.bp()),
            "montant_ht": amount(r.net.cents()),
            "montant_tva": amount(r.tax.cents()),
            "nombre_transactions": r.transactions,
        })).collect::<Vec<Value>>(),
        "paiements": f.payments.iter().map(|r| json!({
            "date": r.day,
            "taux_tva": rate(r.rate.bp()),
            "montant_encaisse": amount(r.received.cents()),
            "montant_tva": amount(r.tax.cents()),
        })).collect::<Vec<Value>>(),
        "totaux": {
            "montant_ht": amount(f.net.cents()),
            "montant_tva": amount(f.tax.cents()),
            "nombre_transactions": f.transactions,
            "montant_encaisse": amount(f.received.cents()),
        },
    });
    let mut bytes =
        serde_json::to_vec_pretty(&doc).map_err(|_| crate::Error::Corrupt("ereporting file"))?;
    bytes.push(b'\n');
    Ok((
        file_name(if siren.is_empty() { "SIREN" } else { &siren }, p),
        bytes,
    ))
}

/// Writes period `id`'s file into `dir`, whole or not at all, and
/// journals the export (as every export is); returns its path.
pub fn export(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: EreportPeriodId,
    dir: &Path,
) -> Result<PathBuf> {
    let p = super::frozen::get(tx, id)?;
    let (name, bytes) = render(tx, &p)?;
    let path = crate::files::write(dir, &name, &bytes)?;
    crate::journal::record(
        tx,
        now_ms,
        crate::journal::Code::Export,
        &format!("e-reporting {}", path.display()),
    )?;
    Ok(path)
}

//! The B2C e-reporting (« e-reporting des transactions ») of the French
//! reform: what the workshop sold to private customers, and what it received
//! for services, told to its approved platform (PA) per period.
//!
//! What the law asks (CGI art. 290 and 290 A; décret 2022-1299; the
//! DGFiP's external specifications, « flux 10 »), and where it is here:
//! - **Which sales**: those to buyers who are not businesses subject to
//!   VAT in France (private customers), which get no e-invoice. A sale is
//!   B2C when its frozen content says the buyer is not a business
//!   (`invoices::Content.buyer.business`). International B2B sales, also
//!   e-reported, are not handled yet (Atelier's business customers are
//!   French companies that receive e-invoices).
//! - **Aggregated per day** (flux 10.3): per category — goods
//!   (`TLB1`, part lines) or services (`TPS1`, labour and other lines) —
//!   and per VAT rate, the totals HT and TVA and the number of
//!   transactions, credit notes deducted ([`figures`]).
//! - **Payment data** (flux 10.4): services pay VAT when paid (CGI art.
//!   269, 2, c), so the amounts received for services are reported per day
//!   of receipt and per rate, unless the workshop opted for VAT on debits
//!   ([`Settings::vat_on_debits`]).
//! - **Periods** follow the VAT regime ([`periods`]): the normal regime
//!   (monthly returns) reports every ten days (1–10, 11–20, 21–end of
//!   month); the simplified regime (« régime simplifié d'imposition »)
//!   monthly. The transmission deadlines (a few days after each period)
//!   are the PA's to meet once it has the file.
//! - **Frozen like a closure** ([`frozen`]): once a period is over its
//!   figures are frozen, chained with SHA-256 per station, append-only and
//!   synced, so what was reported can always be shown again as it was.
//! - **The file for the PA** ([`file`]): one JSON file per frozen period.
//!
//! A station reports what it sold and received, as its till closures do:
//! the documents of the series it numbered and the payments it took. A
//! workshop with several stations sends one file per station and period.

use atelier_domain::Locale;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::outbox::{self, OpKind};
use crate::text::{format_date, parse_date};
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

#[cfg(any(test, feature = "test-support"))]
pub mod checks;
mod error;
pub mod figures;
pub mod file;
pub mod frozen;
pub mod periods;
#[cfg(test)]
pub(crate) mod tests;

pub use error::EreportError;
pub use figures::{Category, Figures, PaymentRow, SalesRow};
pub use frozen::FrozenPeriod;
pub use periods::Regime;

/// The workshop's e-reporting settings, synced with its other fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The VAT regime, which sets the periods.
    pub regime: Regime,
    /// Whether the workshop opted for VAT on debits: then services pay VAT
    /// when invoiced, and no payment data is reported.
    pub vat_on_debits: bool,
    /// The first day reported (YYYY-MM-DD); `None` until the owner sets it,
    /// and then no period is frozen on its own.
    pub from: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            regime: Regime::Normal,
            vat_on_debits: false,
            from: None,
        }
    }
}

/// The settings as set (the defaults before the workshop is).
pub fn settings(conn: &Connection) -> Result<Settings> {
    let row: Option<(String, bool, Option<String>)> = conn
        .prepare_cached("SELECT vat_regime, vat_on_debits, ereporting_from FROM workshop")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((regime, vat_on_debits, from)) = row else {
        return Ok(Settings::default());
    };
    Ok(Settings {
        regime: Regime::parse(&regime).ok_or(Error::Corrupt("workshop.vat_regime"))?,
        vat_on_debits,
        from,
    })
}

/// The settings form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    /// `normal` or `simplified`.
    pub regime: Option<String>,
    /// Whether the workshop opted for VAT on debits.
    pub vat_on_debits: Option<bool>,
    /// The first day reported, `YYYY-MM-DD` (the date field's value); blank: none.
    pub from: Option<String>,
}

/// Saves the settings (synced with the workshop's other fields). Refused,
/// writing nothing: a regime other than `normal` or `simplified`, a first
/// day that is not a date.
pub fn save_settings(tx: &Transaction<'_>, now_ms: u64, input: &SettingsInput) -> Result<Settings> {
    let before = settings(tx)?;
    let regime = match input.regime.as_deref().map(str::trim) {
        None | Some("") => before.regime,
        Some(r) => Regime::parse(r).ok_or(Invalid::new(Field::VatRegime, Problem::NotAllowed))?,
    };
    let vat_on_debits = input.vat_on_debits.unwrap_or(before.vat_on_debits);
    let from = match input.from.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => Some(parse_date(f).ok_or(Invalid::new(Field::EreportingFrom, Problem::Date))?),
    };
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM workshop)")?
        .query_row([], |r| r.get(0))?;
    if !exists {
        return Err(Error::NotFound {
            entity: "workshop",
            id: "1".to_owned(),
        });
    }
    let mut changes = Map::new();
    let mut old = Map::new();
    if before.regime != regime {
        changes.insert("vat_regime".to_owned(), json!(regime.as_str()));
        old.insert("vat_regime".to_owned(), json!(before.regime.as_str()));
    }
    if before.vat_on_debits != vat_on_debits {
        changes.insert("vat_on_debits".to_owned(), json!(i64::from(vat_on_debits)));
        old.insert(
            "vat_on_debits".to_owned(),
            json!(i64::from(before.vat_on_debits)),
        );
    }
    if before.from != from {
        changes.insert("ereporting_from".to_owned(), json!(from));
        old.insert("ereporting_from".to_owned(), json!(before.from));
    }
    if changes.is_empty() {
        return Ok(before);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        "workshop",
        "1",
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE workshop SET vat_regime = ?1, vat_on_debits = ?2, ereporting_from = ?3,
                updated_at = ?4",
    )?
    .execute((regime.as_str(), vat_on_debits, &from, hlc.as_i64()))?;
    settings(tx)
}

/// A period as people read it: « du 01/03/2026 au 10/03/2026 ».
pub fn period_label(start: &str, end: &str, locale: Locale) -> String {
    let (s, e) = (format_date(start, locale), format_date(end, locale));
    match locale {
        Locale::Fr => format!("du {s} au {e}"),
        Locale::En => format!("{s} to {e}"),
    }
}

//! Everything Atelier holds about one customer, for their right of access
//! and to portability (GDPR art. 15 and 20): one JSON document with every
//! row of theirs, table by table, as stored ([`super::footprint`]), the
//! audit entries about those rows and the history of their consent. The
//! readable summary ([`super::summary`]) is laid out from this document.

use atelier_domain::{CustomerId, Locale};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::footprint::{self, SHARES};
use super::words::words;
use crate::text::rfc3339_now;
use crate::{Error, Result, audit, customers};

/// The export's format name and version: version 2 holds every table
/// (version 1 held the customer, vehicles, owners and readings).
pub const FORMAT: &str = "atelier-customer-export";
/// See [`FORMAT`].
pub const VERSION: u32 = 2;

/// Everything held about customer `id` (and the records merged into
/// theirs), exported at `now_ms`, its notes in `locale`.
pub fn document(conn: &Connection, id: CustomerId, now_ms: u64, locale: Locale) -> Result<Value> {
    let customer = customers::get_any(conn, id)?;
    let mut records = Map::new();
    let mut entries = Vec::new();
    for share in SHARES {
        let rows = footprint::rows(conn, share, id)?;
        for row in &rows {
            if let Some(key) = row.get(share.key).and_then(Value::as_str) {
                entries.extend(audit::of_record(conn, share.table, key)?);
            }
        }
        records.insert(share.table.to_owned(), Value::from(rows));
    }
    entries.sort_by_key(|e| e.id);
    let consent = consent_history(&entries);
    records.insert(
        "audit_log".to_owned(),
        serde_json::to_value(&entries).map_err(|_| Error::Corrupt("audit_log"))?,
    );
    Ok(json!({
        "format": FORMAT,
        "version": VERSION,
        "exported_at": rfc3339_now(now_ms),
        "language": locale.as_str(),
        "notice": notice(locale),
        "kept_by_law": kept_by_law(locale),
        "customer": customer,
        "consent_history": consent,
        "records": records,
    }))
}

/// Each change of the customer's consent to marketing messages, on their
/// record or one merged into it: when, who recorded it, what it became and
/// the day it was given from.
fn consent_history(entries: &[audit::Entry]) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| e.entity == customers::ENTITY)
        .filter(|e| {
            e.changes.contains_key("marketing_consent")
                || e.changes.contains_key("marketing_consent_at")
        })
        .map(|e| {
            let new = |field: &str| {
                e.changes
                    .get(field)
                    .and_then(|pair| pair.get(1))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            json!({
                "record": e.row_id,
                "at": rfc3339_now(e.at_ms),
                "by": e.user_name,
                "consent": new("marketing_consent"),
                "since": new("marketing_consent_at"),
                "erased": e.erased,
            })
        })
        .collect()
}

/// What the export holds and how to read it.
pub(crate) fn notice(locale: Locale) -> &'static str {
    words(locale).notice
}

/// What anonymising the customer keeps, and why.
pub fn kept_by_law(locale: Locale) -> &'static str {
    words(locale).kept_by_law
}

//! The duplicate guard: the active customers a new or edited record shares
//! a phone number, the e-mail address or the SIREN with, asked about before
//! a second record of one person is made.

use atelier_domain::CustomerId;
use rusqlite::{Connection, params};

use super::input::Fields;
use super::{CustomerSummary, from_row};
use crate::Result;

/// How many possible duplicates are shown at most.
const MATCHES_MAX: usize = 5;

/// Active customers other than `except` sharing a phone number, the e-mail
/// address or the SIREN with `f`.
pub(crate) fn duplicates_of(
    conn: &Connection,
    f: &Fields,
    except: Option<CustomerId>,
) -> Result<Vec<CustomerSummary>> {
    let phones: Vec<&str> = [f.phone.as_deref(), f.phone_alt.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if phones.is_empty() && f.email.is_none() && f.siren.is_none() {
        return Ok(Vec::new());
    }
    let p1 = phones.first().copied();
    let p2 = phones.get(1).copied().or(p1);
    // One indexed look-up per identity, united: an OR across columns, or an
    // ORDER BY over the whole table, would make SQLite scan every customer.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM customers WHERE id IN (
             SELECT id FROM customers WHERE phone IN (?2, ?3) AND deleted_at IS NULL
             UNION SELECT id FROM customers WHERE phone_alt IN (?2, ?3) AND deleted_at IS NULL
             UNION SELECT id FROM customers WHERE email = ?4 COLLATE NOCASE AND deleted_at IS NULL
             UNION SELECT id FROM customers WHERE siren = ?5 AND deleted_at IS NULL)
         AND id IS NOT ?1
         ORDER BY sort_key LIMIT ?6",
        super::COLUMNS
    ))?;
    let rows = stmt.query_map(
        params![
            except.map(|id| id.to_string()),
            p1,
            p2,
            f.email,
            f.siren,
            MATCHES_MAX as i64
        ],
        from_row,
    )?;
    let mut out = Vec::new();
    for row in rows {
        out.push(CustomerSummary::from(&row??));
    }
    Ok(out)
}

//! This workstation's enrolment and where its sync stands (`sync_state`).

use atelier_domain::SiteId;
use atelier_domain::sync::{Enrolled, ServerStatus};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::{Error, Result};

/// Which server this workstation syncs with, as who, and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    /// The server's address.
    pub server_url: String,
    /// The organisation's name.
    pub organisation: String,
    /// This station's site id.
    pub site_id: SiteId,
    /// Its site's short code.
    pub site_code: String,
    /// Its site's name.
    pub site_name: String,
    /// Whether it sees every site.
    pub all_sites: bool,
    /// The name the server knows it by.
    pub device_name: String,
    /// Where the next pull starts.
    pub cursor: u64,
    /// When the last sync succeeded (Unix ms).
    pub last_sync_at: Option<i64>,
    /// The last failed attempt's code.
    pub last_error_code: Option<String>,
    /// The last failed attempt's detail (the server's message, or what the
    /// connection said); [`super::status`] words it for a person.
    pub last_error: Option<String>,
    /// Whether the server answered at the last attempt.
    pub online: bool,
    /// Whether a pulled clock was far ahead of ours.
    pub clock_ahead: bool,
}

/// This workstation's enrolment, if it has one.
pub fn enrolment(conn: &Connection) -> Result<Option<Enrolment>> {
    conn.prepare_cached(
        "SELECT server_url, organisation, site_id, site_code, site_name, all_sites, device_name,
                    cursor, last_sync_at, last_error_code, last_error, online, clock_ahead
               FROM sync_state",
    )?
    .query_row([], |r| {
        let Ok(site_id) = r.get::<_, String>(2)?.parse() else {
            return Ok(Err(Error::Corrupt("sync_state.site_id")));
        };
        Ok(Ok(Enrolment {
            server_url: r.get(0)?,
            organisation: r.get(1)?,
            site_id,
            site_code: r.get(3)?,
            site_name: r.get(4)?,
            all_sites: r.get(5)?,
            device_name: r.get(6)?,
            cursor: r.get::<_, i64>(7)?.unsigned_abs(),
            last_sync_at: r.get(8)?,
            last_error_code: r.get(9)?,
            last_error: r.get(10)?,
            online: r.get(11)?,
            clock_ahead: r.get(12)?,
        }))
    })
    .optional()?
    .transpose()
}

/// Stores a fresh enrolment: the pull starts from the beginning.
pub(crate) fn save(
    tx: &Transaction<'_>,
    server_url: &str,
    device_name: &str,
    e: &Enrolled,
    now_ms: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_state (singleton, server_url, organisation, site_id, site_code, site_name,
                all_sites, device_name, enrolled_at, online)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
    )?
    .execute(rusqlite::params![
        server_url,
        e.organisation,
        e.site.id.to_string(),
        e.site.code,
        e.site.name,
        e.all_sites,
        device_name,
        now_ms as i64,
    ])?;
    Ok(())
}

/// Moves the pull cursor, in the transaction that applied the page.
pub(crate) fn set_cursor(tx: &Transaction<'_>, cursor: u64, clock_ahead: bool) -> Result<()> {
    tx.prepare_cached("UPDATE sync_state SET cursor = ?1, clock_ahead = clock_ahead OR ?2")?
        .execute((cursor as i64, clock_ahead))?;
    Ok(())
}

/// Records a successful round and what the server said of the stations.
pub(crate) fn succeeded(tx: &Transaction<'_>, now_ms: u64, status: &ServerStatus) -> Result<()> {
    tx.prepare_cached(
        "UPDATE sync_state SET last_sync_at = ?1, last_attempt_at = ?1, online = 1,
                last_error_code = NULL, last_error = NULL, organisation = ?2,
                site_code = ?3, site_name = ?4, all_sites = ?5",
    )?
    .execute(rusqlite::params![
        now_ms as i64,
        status.organisation,
        status.site.code,
        status.site.name,
        status.all_sites
    ])?;
    for s in &status.stations {
        tx.prepare_cached(
            "INSERT INTO sync_stations (device_id, name, site_code, last_sync_ms, revoked, site_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (device_id) DO UPDATE SET name = excluded.name,
                site_code = excluded.site_code, last_sync_ms = excluded.last_sync_ms,
                revoked = excluded.revoked, site_id = excluded.site_id",
        )?
        .execute(rusqlite::params![
            s.device_id.to_string(),
            s.name,
            s.site_code,
            s.last_sync_ms.map(|ms| ms as i64),
            s.revoked,
            s.site_id.map(|id| id.to_string())
        ])?;
    }
    Ok(())
}

/// Records a failed round: whether the server answered, and why it failed.
pub(crate) fn failed(
    tx: &Transaction<'_>,
    now_ms: u64,
    online: bool,
    code: &str,
    message: &str,
) -> Result<()> {
    // The server refusing this station's token: journalled once, when it
    // starts (the technical-event journal keeps revocations).
    if code == "unauthorized" {
        let before: Option<String> = tx
            .prepare_cached("SELECT last_error_code FROM sync_state")?
            .query_row([], |r| r.get(0))
            .optional()?
            .flatten();
        if before.as_deref() != Some(code) {
            crate::journal::record(tx, now_ms, crate::journal::Code::Revocation, message)?;
        }
    }
    tx.prepare_cached(
        "UPDATE sync_state SET last_attempt_at = ?1, online = ?2, last_error_code = ?3,
                last_error = ?4",
    )?
    .execute(rusqlite::params![now_ms as i64, online, code, message])?;
    Ok(())
}

/// The organisation's stations as the server last described them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Station {
    /// Its name.
    pub name: String,
    /// Its site's code.
    pub site_code: String,
    /// When it last synced (Unix ms).
    pub last_sync_ms: Option<i64>,
}

/// The stations of one site (by the server's id), by name, as the owner's
/// dashboard shows them; revoked ones left out.
pub fn stations_at(conn: &Connection, site: SiteId) -> Result<Vec<Station>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, site_code, last_sync_ms FROM sync_stations
          WHERE revoked = 0 AND site_id = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([site.to_string()], |r| {
        Ok(Station {
            name: r.get(0)?,
            site_code: r.get(1)?,
            last_sync_ms: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every station known, by site then name; revoked ones left out.
pub fn stations(conn: &Connection) -> Result<Vec<Station>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, site_code, last_sync_ms FROM sync_stations WHERE revoked = 0
          ORDER BY site_code, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Station {
            name: r.get(0)?,
            site_code: r.get(1)?,
            last_sync_ms: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An operation of this station the server kept but refused to pass on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Its sequence number.
    pub seq: u64,
    /// The kind of record.
    pub entity: String,
    /// The record's id.
    pub row_id: String,
    /// The server's code (`invoice_number_taken`…).
    pub code: String,
    /// The server's reason.
    pub reason: String,
}

/// This station's operations the server refused, newest first.
pub fn rejected(conn: &Connection) -> Result<Vec<Rejected>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, entity, row_id, rejected_code, coalesce(rejected_reason, '')
           FROM outbox WHERE rejected_code IS NOT NULL ORDER BY seq DESC LIMIT 200",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Rejected {
            seq: r.get::<_, i64>(0)?.unsigned_abs(),
            entity: r.get(1)?,
            row_id: r.get(2)?,
            code: r.get(3)?,
            reason: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

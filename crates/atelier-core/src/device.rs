//! The workstation's identity: its device id, its persisted hybrid logical clock
//! and the gap-free sequence of the operations it writes.

use atelier_domain::{DeviceId, Hlc, HlcClock};
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::{Error, Result};

/// Gives the workstation its device id on first open; a no-op afterwards.
pub(crate) fn ensure(tx: &Transaction<'_>) -> Result<()> {
    let exists = tx
        .query_row("SELECT 1 FROM device", [], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        tx.prepare_cached(
            "INSERT INTO device (singleton, device_id, created_at)
             VALUES (1, ?1, CAST(unixepoch('subsec') * 1000 AS INTEGER))",
        )?
        .execute([DeviceId::new().to_string()])?;
    }
    Ok(())
}

/// Where this workstation's invoice series prefix is kept (`local_settings`).
pub(crate) const SERIES_KEY: &str = "invoice.series_prefix";

/// The name this workstation goes by on its invoices, payments, closures and
/// journal: its invoice series prefix (e.g. `S1A`), else its device id.
pub fn station(conn: &Connection) -> Result<String> {
    let prefix: Option<String> = conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([SERIES_KEY], |r| r.get(0))
        .optional()?;
    match prefix {
        Some(p) => Ok(p),
        None => Ok(device_id(conn)?.to_string()),
    }
}

/// The main site's id, the same in every organisation: the site of every
/// row written before sites existed, and of a station until another is chosen.
pub const MAIN_SITE: &str = "00000000-0000-7000-8000-000000000001";
/// Where the site this workstation stands in is kept (`local_settings`).
pub(crate) const SITE_KEY: &str = "stock.site";

/// The site this workstation stands in: the main site until another is chosen.
pub fn site(conn: &Connection) -> Result<atelier_domain::SiteId> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([SITE_KEY], |r| r.get(0))
        .optional()?;
    value
        .as_deref()
        .unwrap_or(MAIN_SITE)
        .parse()
        .map_err(|_| Error::Corrupt("local_settings.stock.site"))
}

/// This workstation's device id.
pub fn device_id(conn: &Connection) -> Result<DeviceId> {
    let text: String = conn
        .prepare_cached("SELECT device_id FROM device")?
        .query_row([], |r| r.get(0))?;
    text.parse().map_err(|_| Error::Corrupt("device.device_id"))
}

/// The next stamp of this device: its id, a fresh HLC strictly after every one it
/// issued before (even if the wall clock went back), and the next sequence
/// number. Persisted in `tx`, so a rolled-back write gives its number back and the
/// sequence stays gap-free.
pub(crate) fn next_stamp(tx: &Transaction<'_>, now_ms: u64) -> Result<(DeviceId, Hlc, u64)> {
    // One statement, as every write pays for it: the HLC rule of
    // `HlcClock::now` (the wall clock, or one past the last stamp if that is
    // later) on the packed integer, which orders as the clock does.
    let wall = Hlc::new(now_ms.min(atelier_domain::hlc::MAX_MILLIS), 0)
        .map_err(|_| Error::Corrupt("hlc"))?;
    let (id, hlc, seq): (String, i64, i64) = tx
        .prepare_cached(
            "UPDATE device SET hlc_last = max(?1, hlc_last + 1), last_seq = last_seq + 1
             RETURNING device_id, hlc_last, last_seq",
        )?
        .query_row([wall.as_i64()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let id = id.parse().map_err(|_| Error::Corrupt("device.device_id"))?;
    let seq = u64::try_from(seq).map_err(|_| Error::Corrupt("device.last_seq"))?;
    Ok((id, stored_hlc(hlc)?, seq))
}

/// An HLC read back from an INTEGER column.
pub(crate) fn stored_hlc(value: i64) -> Result<Hlc> {
    Hlc::from_i64(value).map_err(|_| Error::Corrupt("hlc"))
}

/// Advances this workstation's clock past `remote`, the newest clock of the
/// operations just received, so every later write here is newer than them.
pub(crate) fn observe(tx: &Transaction<'_>, remote: Hlc, now_ms: u64) -> Result<()> {
    let last: i64 = tx
        .prepare_cached("SELECT hlc_last FROM device")?
        .query_row([], |r| r.get(0))?;
    let next = HlcClock::new(stored_hlc(last)?).recv(remote, now_ms);
    tx.prepare_cached("UPDATE device SET hlc_last = ?1")?
        .execute([next.as_i64()])?;
    Ok(())
}

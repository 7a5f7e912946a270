//! The sites of a business, and which one this workstation stands in.

use atelier_domain::SiteId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

/// The main site, created by the migration with the same id everywhere: a
/// single-site workshop never has to set one up.
pub use crate::device::MAIN_SITE;
use crate::device::SITE_KEY;

const NAME_MAX: usize = 100;

/// One site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Site {
    /// Its id.
    pub id: SiteId,
    /// Its name.
    pub name: String,
}

/// Every live site, by name.
pub fn list_sites(conn: &Connection) -> Result<Vec<Site>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM sites WHERE deleted_at IS NULL ORDER BY id = ?1 DESC, name",
    )?;
    stmt.query_map([MAIN_SITE], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
        .map(|row| {
            let (id, name) = row?;
            Ok(Site {
                id: id.parse().map_err(|_| Error::Corrupt("sites.id"))?,
                name,
            })
        })
        .collect()
}

/// Adds a site.
pub fn create_site(tx: &Transaction<'_>, now_ms: u64, name: &str) -> Result<Site> {
    let name = clean(Some(name)).ok_or(Invalid::new(Field::Site, Problem::Required))?;
    max_len(Field::Site, Some(&name), NAME_MAX)?;
    let id = SiteId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        "sites",
        &id.to_string(),
        OpKind::Insert,
        &json!({ "name": name }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO sites (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![id.to_string(), name, hlc.as_i64()])?;
    Ok(Site { id, name })
}

/// The site this workstation stands in: the main site until another is chosen.
pub fn current_site(conn: &Connection) -> Result<SiteId> {
    crate::device::site(conn)
}

/// Places this workstation in `site` (a local setting, never synced).
pub fn set_current_site(tx: &Transaction<'_>, site: SiteId) -> Result<SiteId> {
    require_site(tx, site, Field::Site)?;
    tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![SITE_KEY, site.to_string()])?;
    Ok(site)
}

/// `site`, or this workstation's when `None`.
pub(crate) fn site_or_here(conn: &Connection, site: Option<SiteId>) -> Result<SiteId> {
    match site {
        Some(site) => Ok(site),
        None => current_site(conn),
    }
}

/// Refuses, naming `field`, a site that does not exist.
pub(crate) fn require_site(conn: &Connection, site: SiteId, field: Field) -> Result<()> {
    let found = conn
        .prepare_cached("SELECT 1 FROM sites WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([site.to_string()], |_| Ok(()))
        .optional()?;
    match found {
        Some(()) => Ok(()),
        None => Err(Invalid::new(field, Problem::NotAllowed).into()),
    }
}

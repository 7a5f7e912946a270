//! The station's site, tied to the server's at enrolment.
//!
//! Before it is enrolled a workstation works in a site of its own making:
//! the default « Site principal » every installation starts with (the same
//! id everywhere), or one created in Réglages. Orders, invoices, stock,
//! bays and appointments carry that id. Once two sites sync, an owner's
//! station holding both must tell them apart, so at enrolment the station
//! takes the id and name of the server's site it was enrolled at, and every
//! row and waiting operation of its former site is moved to it in the same
//! transaction. Nothing was sent before enrolment, so no other station ever
//! saw the former id.
//!
//! Issued invoices are otherwise never changed (a trigger refuses it): the
//! site they carry is outside their sealed content and chain, and is
//! renamed here with that guard lifted for the one statement.

use atelier_domain::sync::SiteInfo;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

use crate::outbox::{self, OpKind};
use crate::stock;
use crate::{Result, Transaction};

/// Tables a station keeps about sync itself: their `site_id` is the
/// server's already.
const SYNC_OWN: &[&str] = &["sync_state"];

/// Makes `site` (the server's) this station's site, moving every row and
/// waiting operation of its former site to it. Does nothing when it is
/// already.
pub fn adopt(tx: &Transaction<'_>, now_ms: u64, site: &SiteInfo) -> Result<()> {
    let new = site.id.to_string();
    let old = stock::current_site(tx)?.to_string();
    if old == new {
        return Ok(());
    }
    let known: Option<String> = tx
        .query_row("SELECT id FROM sites WHERE id = ?1", [&new], |r| r.get(0))
        .optional()?;
    if known.is_none() {
        let hlc = outbox::record(
            tx,
            now_ms,
            "sites",
            &new,
            OpKind::Insert,
            &json!({ "name": site.name }),
            None,
        )?;
        tx.execute(
            "INSERT INTO sites (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![new, site.name, hlc.as_i64()],
        )?;
    }
    for table in tables_with_site(tx)? {
        rename_in(tx, &table, &old, &new)?;
    }
    // Operations waiting to be sent name the former site in their payload
    // (a row's site) or as the row itself (the site's own record).
    tx.execute(
        "UPDATE outbox SET payload = replace(payload, ?1, ?2)
          WHERE acked_at IS NULL AND instr(payload, ?1) > 0",
        params![format!("\"{old}\""), format!("\"{new}\"")],
    )?;
    tx.execute(
        "DELETE FROM outbox WHERE acked_at IS NULL AND entity = 'sites' AND row_id = ?1",
        [&old],
    )?;
    tx.execute("DELETE FROM sites WHERE id = ?1", [&old])?;
    stock::set_current_site(tx, site.id)?;
    Ok(())
}

/// Places a shadow station (`sync::snapshot::Shadow`) in the server's
/// `site`: its rows of its former site move there, as at a station's
/// enrolment, but the site's own record is left to the operations it
/// applies, as it writes none of its own. Does nothing when it is already.
pub(crate) fn place_quietly(tx: &Transaction<'_>, site: &SiteInfo) -> Result<()> {
    let new = site.id.to_string();
    let old = stock::current_site(tx)?.to_string();
    if old == new {
        return Ok(());
    }
    for table in tables_with_site(tx)? {
        rename_in(tx, &table, &old, &new)?;
    }
    tx.execute("DELETE FROM sites WHERE id = ?1", [&old])?;
    tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![crate::device::SITE_KEY, new])?;
    Ok(())
}

/// Every table with a `site_id` column, but sync's own.
fn tables_with_site(tx: &Transaction<'_>) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
          WHERE m.type = 'table' AND c.name = 'site_id' ORDER BY m.name",
    )?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names
        .into_iter()
        .filter(|n| !SYNC_OWN.contains(&n.as_str()))
        .collect())
}

/// Renames the site in one table, with its guards against updates (issued
/// invoices, append-only rows) lifted for that statement only.
fn rename_in(tx: &Transaction<'_>, table: &str, old: &str, new: &str) -> Result<()> {
    let guards: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_master
              WHERE type = 'trigger' AND tbl_name = ?1
                AND sql LIKE '%BEFORE UPDATE%' AND sql LIKE '%RAISE%'",
        )?
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &guards {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    tx.execute(
        &format!("UPDATE \"{table}\" SET site_id = ?2 WHERE site_id = ?1"),
        params![old, new],
    )?;
    for (_, sql) in &guards {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

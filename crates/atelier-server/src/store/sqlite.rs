//! The embedded store: one SQLite file in the data directory, for a shop
//! that runs the server on its own PC. One connection behind a mutex, used
//! from tokio's blocking threads; SQLite has one writer anyway, so pushes are
//! serialised and positions grow in commit order.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use atelier_domain::DeviceId;
use atelier_domain::sync::{
    Enrolled, OpOutcome, OpResult, PullResponse, PushResponse, SiteInfo, StationInfo, WireOp,
};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::encrypt::{self, Found};
use super::{
    Caller, DeviceLog, DeviceRecord, Store, StoreError, StoreKey, classify_push, from_ms,
    hash_secret, invoice_number, ms, new_code, normalise_code, number_taken, parse_device,
    parse_name, parse_site_code, reject_reason, resent, series_letters, site_scoped, wire_op,
};

mod embedded {
    refinery::embed_migrations!("../../migrations/server/sqlite");
}

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// Opens (or creates) `dir/atelier-server.db` and migrates it; with a
    /// `key`, encrypted (a plain store there is converted first).
    pub async fn open(dir: &Path, key: Option<StoreKey>) -> Result<SqliteStore, super::OpenError> {
        let dir = dir.to_path_buf();
        tokio::task::spawn_blocking(move || -> Result<SqliteStore, super::OpenError> {
            std::fs::create_dir_all(&dir).map_err(|source| super::OpenError::DataDir {
                path: dir.clone(),
                source,
            })?;
            let path = dir.join("atelier-server.db");
            match (encrypt::found(&path)?, &key) {
                (Found::Plain, Some(key)) => {
                    tracing::info!(path = %path.display(), "encrypting the plain SQLite store");
                    encrypt::convert(&path, key)?;
                }
                (Found::Encrypted, None) => return Err(super::OpenError::KeyNeeded(path)),
                _ => {}
            }
            let mut conn = Connection::open(&path)?;
            if let Some(key) = &key {
                encrypt::key(&conn, key, &path)?;
            }
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(Duration::from_secs(5))?;
            embedded::migrations::runner().run(&mut conn)?;
            Ok(SqliteStore {
                conn: Arc::new(Mutex::new(conn)),
            })
        })
        .await?
    }

    /// Runs `f` in one immediate transaction on a blocking thread.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = conn
                .lock()
                .map_err(|_| StoreError::Backend("the database lock was poisoned".into()))?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
    }
}

fn org_key(tx: &Connection, org: &str) -> Result<i64, StoreError> {
    tx.query_row("SELECT id FROM organisations WHERE name = ?1", [org], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| StoreError::UnknownOrganisation(org.to_owned()))
}

fn site_by_code(
    tx: &Connection,
    org_key: i64,
    org: &str,
    code: &str,
) -> Result<SiteInfo, StoreError> {
    let code = parse_site_code(code)?;
    tx.query_row(
        "SELECT id, code, name FROM sites WHERE org_id = ?1 AND code = ?2",
        params![org_key, code],
        site_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::UnknownSite {
        org: org.to_owned(),
        code,
    })
}

fn site_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SiteInfo> {
    let id: String = r.get(0)?;
    Ok(SiteInfo {
        id: id.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?,
        code: r.get(1)?,
        name: r.get(2)?,
    })
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_organisation(&self, name: &str) -> Result<(), StoreError> {
        let name = parse_name("organisation", name)?;
        self.write(move |tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM organisations WHERE name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::OrganisationExists(name));
            }
            tx.execute("INSERT INTO organisations (name) VALUES (?1)", [&name])?;
            Ok(())
        })
        .await
    }

    async fn add_site(&self, org: &str, code: &str, name: &str) -> Result<SiteInfo, StoreError> {
        let (org, code, name) = (
            org.to_owned(),
            parse_site_code(code)?,
            parse_name("site", name)?,
        );
        self.write(move |tx| {
            let key = org_key(tx, &org)?;
            if site_by_code(tx, key, &org, &code).is_ok() {
                return Err(StoreError::SiteExists { org, code });
            }
            let site = SiteInfo {
                id: super::new_site_id(),
                code,
                name,
            };
            tx.execute(
                "INSERT INTO sites (id, org_id, code, name) VALUES (?1, ?2, ?3, ?4)",
                params![site.id.to_string(), key, site.code, site.name],
            )?;
            Ok(site)
        })
        .await
    }

    async fn mint_code(
        &self,
        org: &str,
        site_code: &str,
        all_sites: bool,
        valid_for: Duration,
        now_ms: u64,
    ) -> Result<String, StoreError> {
        let (org, site_code) = (org.to_owned(), site_code.to_owned());
        self.write(move |tx| {
            let key = org_key(tx, &org)?;
            let site = site_by_code(tx, key, &org, &site_code)?;
            let code = new_code();
            let expires = now_ms.saturating_add(u64::try_from(valid_for.as_millis()).unwrap_or(u64::MAX));
            tx.execute(
                "INSERT INTO enrol_codes (code_hash, org_id, site_id, all_sites, created_at_ms, expires_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    hash_secret(&normalise_code(&code)),
                    key,
                    site.id.to_string(),
                    all_sites,
                    ms(now_ms),
                    ms(expires)
                ],
            )?;
            Ok(code)
        })
        .await
    }

    async fn list_devices(&self, org: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        let org = org.to_owned();
        self.write(move |tx| {
            let key = org_key(tx, &org)?;
            let mut stmt = tx.prepare(
                "SELECT d.id, d.name, s.code, d.all_sites, d.series_prefix, d.enrolled_at_ms,
                        d.revoked_at_ms, d.last_seq, d.last_sync_ms
                 FROM devices d JOIN sites s ON s.id = d.site_id
                 WHERE d.org_id = ?1 ORDER BY d.enrolled_at_ms, d.id",
            )?;
            let rows = stmt.query_map([key], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                ))
            })?;
            let mut devices = Vec::new();
            for row in rows {
                let (id, name, site_code, all_sites, series_prefix, enrolled, revoked, seq, sync) =
                    row?;
                devices.push(DeviceRecord {
                    device_id: parse_device(&id)?,
                    name,
                    site_code,
                    all_sites,
                    series_prefix,
                    enrolled_at_ms: from_ms(enrolled),
                    revoked_at_ms: revoked.map(from_ms),
                    last_seq: from_ms(seq),
                    last_sync_ms: sync.map(from_ms),
                });
            }
            Ok(devices)
        })
        .await
    }

    async fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<(), StoreError> {
        self.write(move |tx| {
            let changed = tx.execute(
                "UPDATE devices SET revoked_at_ms = COALESCE(revoked_at_ms, ?2) WHERE id = ?1",
                params![device.to_string(), ms(now_ms)],
            )?;
            if changed == 0 {
                return Err(StoreError::UnknownDevice(device));
            }
            Ok(())
        })
        .await
    }

    async fn enrol(
        &self,
        code: &str,
        device: DeviceId,
        device_name: &str,
        token_hash: &str,
        now_ms: u64,
    ) -> Result<Enrolled, StoreError> {
        let code_hash = hash_secret(&normalise_code(code));
        let name = parse_name("device", device_name)?;
        let token_hash = token_hash.to_owned();
        self.write(move |tx| {
            let found: Option<(i64, String, bool, i64, Option<i64>)> = tx
                .query_row(
                    "SELECT org_id, site_id, all_sites, expires_at_ms, used_at_ms
                     FROM enrol_codes WHERE code_hash = ?1",
                    [&code_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((org, site_id, all_sites, expires, used)) = found else {
                return Err(StoreError::CodeInvalid);
            };
            if used.is_some() {
                return Err(StoreError::CodeInvalid);
            }
            if ms(now_ms) >= expires {
                return Err(StoreError::CodeExpired);
            }
            let existing: Option<Option<i64>> = tx
                .query_row(
                    "SELECT revoked_at_ms FROM devices WHERE id = ?1",
                    [device.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if matches!(existing, Some(None)) {
                return Err(StoreError::AlreadyEnrolled(device));
            }
            let (organisation, site): (String, SiteInfo) = (
                tx.query_row("SELECT name FROM organisations WHERE id = ?1", [org], |r| {
                    r.get(0)
                })?,
                tx.query_row(
                    "SELECT id, code, name FROM sites WHERE id = ?1",
                    [&site_id],
                    site_row,
                )?,
            );
            let mut n = 0;
            let series_prefix = loop {
                let candidate = format!("{}{}", site.code, series_letters(n));
                let taken: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM series_prefixes WHERE org_id = ?1 AND prefix = ?2)",
                    params![org, candidate],
                    |r| r.get(0),
                )?;
                if !taken {
                    break candidate;
                }
                n += 1;
            };
            tx.execute(
                "INSERT INTO series_prefixes (org_id, prefix, device_id) VALUES (?1, ?2, ?3)",
                params![org, series_prefix, device.to_string()],
            )?;
            if existing.is_some() {
                // A revoked device enrolled again keeps its sequence: its
                // operations stay in the log.
                tx.execute(
                    "UPDATE devices SET org_id = ?2, site_id = ?3, name = ?4, token_hash = ?5,
                            all_sites = ?6, series_prefix = ?7, enrolled_at_ms = ?8, revoked_at_ms = NULL
                     WHERE id = ?1",
                    params![device.to_string(), org, site_id, name, token_hash, all_sites, series_prefix, ms(now_ms)],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO devices (id, org_id, site_id, name, token_hash, all_sites, series_prefix, enrolled_at_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![device.to_string(), org, site_id, name, token_hash, all_sites, series_prefix, ms(now_ms)],
                )?;
            }
            tx.execute(
                "UPDATE enrol_codes SET used_at_ms = ?2, used_by = ?3 WHERE code_hash = ?1",
                params![code_hash, ms(now_ms), device.to_string()],
            )?;
            Ok(Enrolled {
                token: String::new(),
                organisation,
                site,
                all_sites,
                series_prefix,
            })
        })
        .await
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Caller, StoreError> {
        let token_hash = token_hash.to_owned();
        self.write(move |tx| {
            let row = tx
                .query_row(
                    "SELECT d.id, d.org_id, o.name, s.id, s.code, s.name, d.all_sites, d.last_seq
                     FROM devices d
                     JOIN organisations o ON o.id = d.org_id
                     JOIN sites s ON s.id = d.site_id
                     WHERE d.token_hash = ?1 AND d.revoked_at_ms IS NULL",
                    [&token_hash],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get::<_, String>(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            r.get::<_, i64>(7)?,
                        ))
                    },
                )
                .optional()?;
            let Some((device, org_key, organisation, site_id, code, name, all_sites, last_seq)) =
                row
            else {
                return Err(StoreError::Unauthorized);
            };
            Ok(Caller {
                device_id: parse_device(&device)?,
                org_key,
                organisation,
                site: SiteInfo {
                    id: site_id
                        .parse()
                        .map_err(|e| StoreError::Backend(format!("stored site id: {e}")))?,
                    code,
                    name,
                },
                all_sites,
                last_seq: from_ms(last_seq),
            })
        })
        .await
    }

    async fn push(
        &self,
        caller: &Caller,
        ops: &[WireOp],
        now_ms: u64,
    ) -> Result<PushResponse, StoreError> {
        let caller = caller.clone();
        let ops = ops.to_vec();
        self.write(move |tx| push(tx, &caller, &ops, now_ms)).await
    }

    async fn pull(
        &self,
        caller: &Caller,
        cursor: u64,
        limit: u32,
        now_ms: u64,
    ) -> Result<PullResponse, StoreError> {
        let caller = caller.clone();
        self.write(move |tx| {
            tx.execute(
                "UPDATE devices SET last_sync_ms = ?2 WHERE id = ?1",
                params![caller.device_id.to_string(), ms(now_ms)],
            )?;
            let mut stmt = tx.prepare_cached(
                "SELECT position, device_id, seq, op_id, hlc, schema_version, entity, row_id, kind,
                        payload, by_name
                 FROM ops
                 WHERE org_id = ?1 AND position > ?2 AND device_id <> ?3
                   AND (site_id IS NULL OR ?4 OR site_id = ?5)
                 ORDER BY position LIMIT ?6",
            )?;
            let mut rows = stmt.query(params![
                caller.org_key,
                ms(cursor),
                caller.device_id.to_string(),
                caller.all_sites,
                caller.site.id.to_string(),
                i64::from(limit) + 1
            ])?;
            let mut ops = Vec::new();
            let mut next_cursor = cursor;
            let mut more = false;
            while let Some(r) = rows.next()? {
                if ops.len() == limit as usize {
                    more = true;
                    break;
                }
                next_cursor = from_ms(r.get(0)?);
                ops.push(wire_op(
                    &r.get::<_, String>(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    &r.get::<_, String>(8)?,
                    r.get(9)?,
                    r.get(10)?,
                )?);
            }
            Ok(PullResponse {
                ops,
                next_cursor,
                more,
            })
        })
        .await
    }

    async fn stations(&self, caller: &Caller) -> Result<Vec<StationInfo>, StoreError> {
        let caller = caller.clone();
        self.write(move |tx| {
            let mut stmt = tx.prepare(
                "SELECT d.id, d.name, s.code, d.last_sync_ms, d.revoked_at_ms IS NOT NULL, s.id
                 FROM devices d JOIN sites s ON s.id = d.site_id
                 WHERE d.org_id = ?1 AND (?2 OR d.site_id = ?3)
                 ORDER BY s.code, d.enrolled_at_ms, d.id",
            )?;
            let rows = stmt.query_map(
                params![caller.org_key, caller.all_sites, caller.site.id.to_string()],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get::<_, Option<i64>>(3)?,
                        r.get(4)?,
                        r.get::<_, String>(5)?,
                    ))
                },
            )?;
            let mut stations = Vec::new();
            for row in rows {
                let (id, name, site_code, sync, revoked, site_id) = row?;
                stations.push(StationInfo {
                    device_id: parse_device(&id)?,
                    name,
                    site_code,
                    site_id: site_id.parse().ok(),
                    last_sync_ms: sync.map(from_ms),
                    revoked,
                });
            }
            Ok(stations)
        })
        .await
    }
}

/// The site an operation of a site record is filed under. A site's device
/// writes for its own site only. An owner's device (all sites) may work on
/// any site's record: its operation goes where the record lives — the site
/// its insert names if the organisation has it, else the site the record's
/// earlier operations were filed under (in this batch or before), else the
/// owner's own site.
fn site_of(
    tx: &Transaction<'_>,
    caller: &Caller,
    op: &WireOp,
    filed: &HashMap<(&str, &str), String>,
    own: &str,
) -> Result<String, StoreError> {
    if !caller.all_sites {
        return Ok(own.to_owned());
    }
    if let Some(named) = super::named_site(op) {
        let ours: Option<i64> = tx
            .prepare_cached("SELECT 1 FROM sites WHERE id = ?1 AND org_id = ?2")?
            .query_row(params![named, caller.org_key], |r| r.get(0))
            .optional()?;
        if ours.is_some() {
            return Ok(named);
        }
    }
    if let Some(at) = filed.get(&(op.entity.as_str(), op.row_id.as_str())) {
        return Ok(at.clone());
    }
    let earlier: Option<String> = tx
        .prepare_cached(
            "SELECT site_id FROM ops
              WHERE org_id = ?1 AND entity = ?2 AND row_id = ?3 AND site_id IS NOT NULL
              ORDER BY position LIMIT 1",
        )?
        .query_row(params![caller.org_key, op.entity, op.row_id], |r| r.get(0))
        .optional()?;
    Ok(earlier.unwrap_or_else(|| own.to_owned()))
}

fn push(
    tx: &Transaction<'_>,
    caller: &Caller,
    ops: &[WireOp],
    now_ms: u64,
) -> Result<PushResponse, StoreError> {
    let device = caller.device_id.to_string();
    let log: Option<DeviceLog> = tx
        .query_row(
            "SELECT last_seq, revoked_at_ms FROM devices WHERE id = ?1 AND org_id = ?2",
            params![device, caller.org_key],
            |r| {
                Ok(DeviceLog {
                    last_seq: from_ms(r.get(0)?),
                    revoked: r.get::<_, Option<i64>>(1)?.is_some(),
                })
            },
        )
        .optional()?;
    // The operation ids held under the batch's resent sequence numbers.
    let mut stored = HashMap::new();
    let held = resent(ops, log.as_ref());
    if let (Some(first), Some(last)) = (held.first(), held.last()) {
        let mut stmt = tx.prepare_cached(
            "SELECT seq, op_id FROM ops WHERE device_id = ?1 AND seq BETWEEN ?2 AND ?3",
        )?;
        let mut rows = stmt.query(params![device, ms(first.seq), ms(last.seq)])?;
        while let Some(r) = rows.next()? {
            if let Ok(op_id) = r.get::<_, String>(1)?.parse() {
                stored.insert(from_ms(r.get(0)?), op_id);
            }
        }
    }
    let batch = classify_push(ops, log.as_ref(), &stored)?;
    let mut results = Vec::with_capacity(ops.len());
    results.extend(batch.duplicate_results());
    let new = batch.new;
    let mut position: i64 = tx.query_row(
        "SELECT last_position FROM organisations WHERE id = ?1",
        [caller.org_key],
        |r| r.get(0),
    )?;
    let site = caller.site.id.to_string();
    // Where this batch filed each site record, for its later operations.
    let mut filed: HashMap<(&str, &str), String> = HashMap::new();
    let mut insert = tx.prepare_cached(
        "INSERT INTO ops (org_id, position, site_id, device_id, seq, op_id, hlc, schema_version,
                          entity, row_id, kind, payload, by_name, received_at_ms,
                          rejected_code, rejected_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for op in new {
        let mut rejection = reject_reason(op);
        if rejection.is_none()
            && let Some(number) = invoice_number(op)
        {
            let holder: Option<String> = tx
                .prepare_cached(
                    "SELECT row_id FROM invoice_numbers WHERE org_id = ?1 AND number = ?2",
                )?
                .query_row(params![caller.org_key, number], |r| r.get(0))
                .optional()?;
            match holder {
                Some(row) if row != op.row_id => rejection = Some(number_taken(&number)),
                Some(_) => {}
                None => {
                    tx.prepare_cached(
                        "INSERT INTO invoice_numbers (org_id, number, row_id) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![caller.org_key, number, op.row_id])?;
                }
            }
        }
        let (pos, code, reason) = match &rejection {
            None => {
                position += 1;
                (Some(position), None, None)
            }
            Some((code, reason)) => (None, Some(*code), Some(reason.as_str())),
        };
        let scope = if rejection.is_none() && site_scoped(&op.entity) {
            let at = site_of(tx, caller, op, &filed, &site)?;
            filed.insert((op.entity.as_str(), op.row_id.as_str()), at.clone());
            Some(at)
        } else {
            None
        };
        insert.execute(params![
            caller.org_key,
            pos,
            scope,
            device,
            ms(op.seq),
            op.op_id.to_string(),
            ms(u64::from(op.hlc)),
            op.schema_version,
            op.entity,
            op.row_id,
            op.kind.as_str(),
            op.payload.get(),
            op.by,
            ms(now_ms),
            code,
            reason,
        ])?;
        results.push(OpResult {
            seq: op.seq,
            outcome: match rejection {
                None => OpOutcome::Accepted,
                Some((code, reason)) => OpOutcome::Rejected {
                    code: code.to_owned(),
                    reason,
                },
            },
        });
    }
    let acked_through = batch.acked_through;
    tx.execute(
        "UPDATE organisations SET last_position = ?2 WHERE id = ?1",
        params![caller.org_key, position],
    )?;
    tx.execute(
        "UPDATE devices SET last_seq = ?2, last_sync_ms = ?3 WHERE id = ?1",
        params![device, ms(acked_through), ms(now_ms)],
    )?;
    Ok(PushResponse {
        acked_through,
        results,
    })
}

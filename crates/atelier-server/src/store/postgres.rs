//! The PostgreSQL store, for a server several shops or sites share:
//! tokio-postgres behind a deadpool pool, over TLS when the URL's
//! `sslmode` asks for it (`pg_url.rs` reads it, `pg_tls.rs` connects).
//!
//! A push takes `SELECT … FOR UPDATE` on its organisation's row first, so the
//! pushes of one organisation run one after the other and a position is only
//! handed out once every smaller one has committed: a reader can never pass
//! a position that commits later. Pushes of different organisations run side
//! by side.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use atelier_domain::DeviceId;
use atelier_domain::sync::{
    Enrolled, OpOutcome, OpResult, PullResponse, PushResponse, SiteInfo, StationInfo, WireOp,
};
use deadpool_postgres::{
    CreatePoolError, GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime,
};
use tokio_postgres::config::SslMode;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Socket};

use super::pg_url::Tls;
use super::{
    Caller, DeviceLog, DeviceRecord, Store, StoreError, classify_push, from_ms, hash_secret,
    invoice_number, ms, new_code, normalise_code, number_taken, parse_name, parse_site_code,
    reject_reason, resent, series_letters, site_scoped,
};

mod embedded {
    refinery::embed_migrations!("../../migrations/server/postgres");
}

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: Pool,
}

impl PostgresStore {
    /// Connects to `url`, over TLS when its `sslmode` asks for it,
    /// migrates the database and keeps a pool of connections.
    pub async fn open(url: &str) -> Result<PostgresStore, super::OpenError> {
        let (url, tls) = super::pg_url::split_tls(url)?;
        let mut config: tokio_postgres::Config = url.parse()?;
        if tls == Tls::Off {
            config.ssl_mode(SslMode::Disable);
            PostgresStore::connect(config, NoTls).await
        } else {
            config.ssl_mode(SslMode::Require);
            let connector = super::pg_tls::connector(&tls)?;
            PostgresStore::connect(config, connector)
                .await
                .map_err(tls_refused)
        }
    }

    async fn connect<T>(
        config: tokio_postgres::Config,
        tls: T,
    ) -> Result<PostgresStore, super::OpenError>
    where
        T: MakeTlsConnect<Socket> + Clone + Sync + Send + 'static,
        T::Stream: Sync + Send,
        T::TlsConnect: Sync + Send,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let (mut client, connection) = config.connect(tls.clone()).await?;
        let task = tokio::spawn(connection);
        embedded::migrations::runner()
            .run_async(&mut client)
            .await?;
        drop(client);
        task.await.ok();

        let manager = Manager::from_config(
            config,
            tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(CreatePoolError::Build)?;
        Ok(PostgresStore { pool })
    }
}

/// A failed TLS connection told as one, with its cause: tokio-postgres
/// says only "error performing TLS handshake" (its one message naming
/// TLS), and the reason (an unknown authority, a host name the certificate
/// does not carry, a server without TLS) is the error's source.
fn tls_refused(error: super::OpenError) -> super::OpenError {
    match &error {
        super::OpenError::Postgres(e) if e.to_string().contains("TLS") => {
            let cause = std::error::Error::source(e).map(ToString::to_string);
            super::OpenError::PostgresTls(cause.unwrap_or_else(|| e.to_string()))
        }
        _ => error,
    }
}

fn site_id(text: &str) -> Result<atelier_domain::SiteId, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Backend(format!("stored site id: {e}")))
}

fn device_id(text: &str) -> Result<DeviceId, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Backend(format!("stored device id: {e}")))
}

async fn org_key(client: &impl GenericClient, org: &str, lock: bool) -> Result<i64, StoreError> {
    let sql = if lock {
        "SELECT id FROM organisations WHERE name = $1 FOR UPDATE"
    } else {
        "SELECT id FROM organisations WHERE name = $1"
    };
    client
        .query_opt(sql, &[&org])
        .await?
        .map(|r| r.get(0))
        .ok_or_else(|| StoreError::UnknownOrganisation(org.to_owned()))
}

async fn site_by_code(
    client: &impl GenericClient,
    org_key: i64,
    org: &str,
    code: &str,
) -> Result<SiteInfo, StoreError> {
    let code = parse_site_code(code)?;
    let row = client
        .query_opt(
            "SELECT id, code, name FROM sites WHERE org_id = $1 AND code = $2",
            &[&org_key, &code],
        )
        .await?
        .ok_or_else(|| StoreError::UnknownSite {
            org: org.to_owned(),
            code,
        })?;
    Ok(SiteInfo {
        id: site_id(row.get(0))?,
        code: row.get(1),
        name: row.get(2),
    })
}

#[async_trait]
impl Store for PostgresStore {
    async fn create_organisation(&self, name: &str) -> Result<(), StoreError> {
        let name = parse_name("organisation", name)?;
        let client = self.pool.get().await?;
        let inserted = client
            .execute(
                "INSERT INTO organisations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
                &[&name],
            )
            .await?;
        if inserted == 0 {
            return Err(StoreError::OrganisationExists(name));
        }
        Ok(())
    }

    async fn add_site(&self, org: &str, code: &str, name: &str) -> Result<SiteInfo, StoreError> {
        let (code, name) = (parse_site_code(code)?, parse_name("site", name)?);
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let key = org_key(&tx, org, true).await?;
        if site_by_code(&tx, key, org, &code).await.is_ok() {
            return Err(StoreError::SiteExists {
                org: org.to_owned(),
                code,
            });
        }
        let site = SiteInfo {
            id: super::new_site_id(),
            code,
            name,
        };
        tx.execute(
            "INSERT INTO sites (id, org_id, code, name) VALUES ($1, $2, $3, $4)",
            &[&site.id.to_string(), &key, &site.code, &site.name],
        )
        .await?;
        tx.commit().await?;
        Ok(site)
    }

    async fn mint_code(
        &self,
        org: &str,
        site_code: &str,
        all_sites: bool,
        valid_for: Duration,
        now_ms: u64,
    ) -> Result<String, StoreError> {
        let client = self.pool.get().await?;
        let key = org_key(&client, org, false).await?;
        let site = site_by_code(&client, key, org, site_code).await?;
        let code = new_code();
        let expires =
            now_ms.saturating_add(u64::try_from(valid_for.as_millis()).unwrap_or(u64::MAX));
        client
            .execute(
                "INSERT INTO enrol_codes (code_hash, org_id, site_id, all_sites, created_at_ms, expires_at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &hash_secret(&normalise_code(&code)),
                    &key,
                    &site.id.to_string(),
                    &all_sites,
                    &ms(now_ms),
                    &ms(expires),
                ],
            )
            .await?;
        Ok(code)
    }

    async fn list_devices(&self, org: &str) -> Result<Vec<DeviceRecord>, StoreError> {
        let client = self.pool.get().await?;
        let key = org_key(&client, org, false).await?;
        let rows = client
            .query(
                "SELECT d.id, d.name, s.code, d.all_sites, d.series_prefix, d.enrolled_at_ms,
                        d.revoked_at_ms, d.last_seq, d.last_sync_ms
                 FROM devices d JOIN sites s ON s.id = d.site_id
                 WHERE d.org_id = $1 ORDER BY d.enrolled_at_ms, d.id",
                &[&key],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DeviceRecord {
                    device_id: device_id(r.get(0))?,
                    name: r.get(1),
                    site_code: r.get(2),
                    all_sites: r.get(3),
                    series_prefix: r.get(4),
                    enrolled_at_ms: from_ms(r.get(5)),
                    revoked_at_ms: r.get::<_, Option<i64>>(6).map(from_ms),
                    last_seq: from_ms(r.get(7)),
                    last_sync_ms: r.get::<_, Option<i64>>(8).map(from_ms),
                })
            })
            .collect()
    }

    async fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<(), StoreError> {
        let client = self.pool.get().await?;
        let changed = client
            .execute(
                "UPDATE devices SET revoked_at_ms = COALESCE(revoked_at_ms, $2) WHERE id = $1",
                &[&device.to_string(), &ms(now_ms)],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::UnknownDevice(device));
        }
        Ok(())
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
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let Some(found) = tx
            .query_opt(
                "SELECT org_id, site_id, all_sites, expires_at_ms, used_at_ms
                 FROM enrol_codes WHERE code_hash = $1 FOR UPDATE",
                &[&code_hash],
            )
            .await?
        else {
            return Err(StoreError::CodeInvalid);
        };
        let (org, site, all_sites): (i64, String, bool) =
            (found.get(0), found.get(1), found.get(2));
        if found.get::<_, Option<i64>>(4).is_some() {
            return Err(StoreError::CodeInvalid);
        }
        if ms(now_ms) >= found.get::<_, i64>(3) {
            return Err(StoreError::CodeExpired);
        }
        // Serialises enrolments of the organisation: series prefixes are unique.
        let organisation: String = tx
            .query_one(
                "SELECT name FROM organisations WHERE id = $1 FOR UPDATE",
                &[&org],
            )
            .await?
            .get(0);
        let device_text = device.to_string();
        let existing = tx
            .query_opt(
                "SELECT revoked_at_ms FROM devices WHERE id = $1 FOR UPDATE",
                &[&device_text],
            )
            .await?
            .map(|r| r.get::<_, Option<i64>>(0));
        if matches!(existing, Some(None)) {
            return Err(StoreError::AlreadyEnrolled(device));
        }
        let site_row = tx
            .query_one("SELECT id, code, name FROM sites WHERE id = $1", &[&site])
            .await?;
        let site_info = SiteInfo {
            id: site_id(site_row.get(0))?,
            code: site_row.get(1),
            name: site_row.get(2),
        };
        let taken: Vec<String> = tx
            .query(
                "SELECT prefix FROM series_prefixes WHERE org_id = $1",
                &[&org],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let series_prefix = (0..)
            .map(|n| format!("{}{}", site_info.code, series_letters(n)))
            .find(|p| !taken.contains(p))
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO series_prefixes (org_id, prefix, device_id) VALUES ($1, $2, $3)",
            &[&org, &series_prefix, &device_text],
        )
        .await?;
        let sql = if existing.is_some() {
            // A revoked device enrolled again keeps its sequence.
            "UPDATE devices SET org_id = $2, site_id = $3, name = $4, token_hash = $5,
                    all_sites = $6, series_prefix = $7, enrolled_at_ms = $8, revoked_at_ms = NULL
             WHERE id = $1"
        } else {
            "INSERT INTO devices (id, org_id, site_id, name, token_hash, all_sites, series_prefix, enrolled_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        };
        tx.execute(
            sql,
            &[
                &device_text,
                &org,
                &site,
                &name,
                &token_hash,
                &all_sites,
                &series_prefix,
                &ms(now_ms),
            ],
        )
        .await?;
        tx.execute(
            "UPDATE enrol_codes SET used_at_ms = $2, used_by = $3 WHERE code_hash = $1",
            &[&code_hash, &ms(now_ms), &device_text],
        )
        .await?;
        tx.commit().await?;
        Ok(Enrolled {
            token: String::new(),
            organisation,
            site: site_info,
            all_sites,
            series_prefix,
        })
    }

    async fn authenticate(&self, token_hash: &str) -> Result<Caller, StoreError> {
        let client = self.pool.get().await?;
        let stmt = client
            .prepare_cached(
                "SELECT d.id, d.org_id, o.name, s.id, s.code, s.name, d.all_sites, d.last_seq
                 FROM devices d
                 JOIN organisations o ON o.id = d.org_id
                 JOIN sites s ON s.id = d.site_id
                 WHERE d.token_hash = $1 AND d.revoked_at_ms IS NULL",
            )
            .await?;
        let row = client
            .query_opt(&stmt, &[&token_hash])
            .await?
            .ok_or(StoreError::Unauthorized)?;
        Ok(Caller {
            device_id: device_id(row.get(0))?,
            org_key: row.get(1),
            organisation: row.get(2),
            site: SiteInfo {
                id: site_id(row.get(3))?,
                code: row.get(4),
                name: row.get(5),
            },
            all_sites: row.get(6),
            last_seq: from_ms(row.get(7)),
        })
    }

    async fn push(
        &self,
        caller: &Caller,
        ops: &[WireOp],
        now_ms: u64,
    ) -> Result<PushResponse, StoreError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let device = caller.device_id.to_string();
        let lock = tx
            .prepare_cached("SELECT last_position FROM organisations WHERE id = $1 FOR UPDATE")
            .await?;
        let mut position: i64 = tx.query_one(&lock, &[&caller.org_key]).await?.get(0);
        let log = tx
            .query_opt(
                "SELECT last_seq, revoked_at_ms FROM devices WHERE id = $1 AND org_id = $2",
                &[&device, &caller.org_key],
            )
            .await?
            .map(|r| DeviceLog {
                last_seq: from_ms(r.get(0)),
                revoked: r.get::<_, Option<i64>>(1).is_some(),
            });
        // The operation ids held under the batch's resent sequence numbers.
        let held = resent(ops, log.as_ref());
        let mut stored = HashMap::new();
        if !held.is_empty() {
            let seqs: Vec<i64> = held.iter().map(|op| ms(op.seq)).collect();
            for r in tx
                .query(
                    "SELECT seq, op_id FROM ops WHERE device_id = $1 AND seq = ANY($2)",
                    &[&device, &seqs],
                )
                .await?
            {
                if let Ok(op_id) = r.get::<_, &str>(1).parse() {
                    stored.insert(from_ms(r.get(0)), op_id);
                }
            }
        }
        let batch = classify_push(ops, log.as_ref(), &stored)?;
        let mut results = Vec::with_capacity(ops.len());
        results.extend(batch.duplicate_results());
        let new = batch.new;

        let site = caller.site.id.to_string();
        // Where this batch filed each site record, for its later operations.
        let mut filed: HashMap<(&str, &str), String> = HashMap::new();
        let mut cols = Columns::with_capacity(new.len());
        for op in new {
            let mut rejection = reject_reason(op);
            if rejection.is_none()
                && let Some(number) = invoice_number(op)
            {
                let holder: Option<String> = tx
                    .query_opt(
                        "SELECT row_id FROM invoice_numbers WHERE org_id = $1 AND number = $2",
                        &[&caller.org_key, &number],
                    )
                    .await?
                    .map(|r| r.get(0));
                match holder {
                    Some(row) if row != op.row_id => rejection = Some(number_taken(&number)),
                    Some(_) => {}
                    None => {
                        tx.execute(
                            "INSERT INTO invoice_numbers (org_id, number, row_id) VALUES ($1, $2, $3)",
                            &[&caller.org_key, &number, &op.row_id],
                        )
                        .await?;
                    }
                }
            }
            match &rejection {
                None => {
                    position += 1;
                    cols.position.push(Some(position));
                    cols.code.push(None);
                    cols.reason.push(None);
                }
                Some((code, reason)) => {
                    cols.position.push(None);
                    cols.code.push(Some((*code).to_owned()));
                    cols.reason.push(Some(reason.clone()));
                }
            }
            let scope = if site_scoped(&op.entity) {
                let at = site_of(&tx, caller, op, &filed, &site).await?;
                filed.insert((op.entity.as_str(), op.row_id.as_str()), at.clone());
                Some(at)
            } else {
                None
            };
            cols.site.push(scope);
            cols.seq.push(ms(op.seq));
            cols.op_id.push(op.op_id.to_string());
            cols.hlc.push(ms(u64::from(op.hlc)));
            cols.version.push(i64::from(op.schema_version));
            cols.entity.push(&op.entity);
            cols.row_id.push(&op.row_id);
            cols.kind.push(op.kind.as_str());
            cols.payload.push(op.payload.get());
            cols.by.push(op.by.as_deref());
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
        if !new.is_empty() {
            // One statement for the whole batch: a round trip per operation
            // would cap the ingest rate at the network's latency.
            let insert = tx
                .prepare_cached(
                    "INSERT INTO ops (org_id, device_id, received_at_ms, position, site_id, seq,
                                      op_id, hlc, schema_version, entity, row_id, kind, payload,
                                      by_name, rejected_code, rejected_reason)
                     SELECT $1, $2, $3, u.* FROM UNNEST($4::bigint[], $5::text[], $6::bigint[],
                            $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[],
                            $12::text[], $13::text[], $14::text[], $15::text[], $16::text[]) AS u",
                )
                .await?;
            let params: [&(dyn ToSql + Sync); 16] = [
                &caller.org_key,
                &device,
                &ms(now_ms),
                &cols.position,
                &cols.site,
                &cols.seq,
                &cols.op_id,
                &cols.hlc,
                &cols.version,
                &cols.entity,
                &cols.row_id,
                &cols.kind,
                &cols.payload,
                &cols.by,
                &cols.code,
                &cols.reason,
            ];
            tx.execute(&insert, &params).await?;
        }
        let acked_through = batch.acked_through;
        tx.execute(
            "UPDATE organisations SET last_position = $2 WHERE id = $1",
            &[&caller.org_key, &position],
        )
        .await?;
        tx.execute(
            "UPDATE devices SET last_seq = $2, last_sync_ms = $3 WHERE id = $1",
            &[&device, &ms(acked_through), &ms(now_ms)],
        )
        .await?;
        tx.commit().await?;
        Ok(PushResponse {
            acked_through,
            results,
        })
    }

    async fn pull(
        &self,
        caller: &Caller,
        cursor: u64,
        limit: u32,
        now_ms: u64,
    ) -> Result<PullResponse, StoreError> {
        let client = self.pool.get().await?;
        let device = caller.device_id.to_string();
        client
            .execute(
                "UPDATE devices SET last_sync_ms = $2 WHERE id = $1",
                &[&device, &ms(now_ms)],
            )
            .await?;
        let stmt = client
            .prepare_cached(
                "SELECT position, device_id, seq, op_id, hlc, schema_version, entity, row_id, kind,
                        payload, by_name
                 FROM ops
                 WHERE org_id = $1 AND position > $2 AND device_id <> $3
                   AND (site_id IS NULL OR $4 OR site_id = $5)
                 ORDER BY position LIMIT $6",
            )
            .await?;
        let rows = client
            .query(
                &stmt,
                &[
                    &caller.org_key,
                    &ms(cursor),
                    &device,
                    &caller.all_sites,
                    &caller.site.id.to_string(),
                    &(i64::from(limit) + 1),
                ],
            )
            .await?;
        let more = rows.len() > limit as usize;
        let mut ops = Vec::with_capacity(rows.len().min(limit as usize));
        let mut next_cursor = cursor;
        for r in rows.iter().take(limit as usize) {
            next_cursor = from_ms(r.get(0));
            ops.push(super::wire_op(
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
                r.get(8),
                r.get(9),
                r.get(10),
            )?);
        }
        Ok(PullResponse {
            ops,
            next_cursor,
            more,
        })
    }

    async fn stations(&self, caller: &Caller) -> Result<Vec<StationInfo>, StoreError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT d.id, d.name, s.code, d.last_sync_ms, d.revoked_at_ms IS NOT NULL, s.id
                 FROM devices d JOIN sites s ON s.id = d.site_id
                 WHERE d.org_id = $1 AND ($2 OR d.site_id = $3)
                 ORDER BY s.code, d.enrolled_at_ms, d.id",
                &[
                    &caller.org_key,
                    &caller.all_sites,
                    &caller.site.id.to_string(),
                ],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StationInfo {
                    device_id: device_id(r.get(0))?,
                    name: r.get(1),
                    site_code: r.get(2),
                    site_id: r.get::<_, String>(5).parse().ok(),
                    last_sync_ms: r.get::<_, Option<i64>>(3).map(from_ms),
                    revoked: r.get(4),
                })
            })
            .collect()
    }
}

/// A batch's new operations, column by column, for one `UNNEST` insert.
#[derive(Default)]
struct Columns<'a> {
    position: Vec<Option<i64>>,
    site: Vec<Option<String>>,
    seq: Vec<i64>,
    op_id: Vec<String>,
    hlc: Vec<i64>,
    version: Vec<i64>,
    entity: Vec<&'a str>,
    row_id: Vec<&'a str>,
    kind: Vec<&'a str>,
    payload: Vec<&'a str>,
    by: Vec<Option<&'a str>>,
    code: Vec<Option<String>>,
    reason: Vec<Option<String>>,
}

impl Columns<'_> {
    fn with_capacity(n: usize) -> Self {
        Columns {
            position: Vec::with_capacity(n),
            site: Vec::with_capacity(n),
            seq: Vec::with_capacity(n),
            op_id: Vec::with_capacity(n),
            hlc: Vec::with_capacity(n),
            version: Vec::with_capacity(n),
            entity: Vec::with_capacity(n),
            row_id: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            payload: Vec::with_capacity(n),
            by: Vec::with_capacity(n),
            code: Vec::with_capacity(n),
            reason: Vec::with_capacity(n),
        }
    }
}

/// The site an operation of a site record is filed under: the rule of the
/// SQLite store's `site_of` (an owner's edit goes where the record lives).
async fn site_of(
    tx: &deadpool_postgres::Transaction<'_>,
    caller: &Caller,
    op: &WireOp,
    filed: &HashMap<(&str, &str), String>,
    own: &str,
) -> Result<String, StoreError> {
    if !caller.all_sites {
        return Ok(own.to_owned());
    }
    if let Some(named) = super::named_site(op) {
        let ours = tx
            .query_opt(
                "SELECT 1 FROM sites WHERE id = $1 AND org_id = $2",
                &[&named, &caller.org_key],
            )
            .await?;
        if ours.is_some() {
            return Ok(named);
        }
    }
    if let Some(at) = filed.get(&(op.entity.as_str(), op.row_id.as_str())) {
        return Ok(at.clone());
    }
    let earlier: Option<String> = tx
        .query_opt(
            "SELECT site_id FROM ops
              WHERE org_id = $1 AND entity = $2 AND row_id = $3 AND site_id IS NOT NULL
              ORDER BY position LIMIT 1",
            &[&caller.org_key, &op.entity, &op.row_id],
        )
        .await?
        .map(|r| r.get(0));
    Ok(earlier.unwrap_or_else(|| own.to_owned()))
}

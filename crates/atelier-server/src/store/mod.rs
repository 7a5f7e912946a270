//! Where the server keeps organisations, sites, devices, enrolment codes and
//! the operation log: one [`Store`] trait, with an embedded SQLite
//! implementation (a single shop running the server on its own PC) and a
//! PostgreSQL one. Both pass the same test suite (`tests/sync.rs`).
//!
//! The rules both keep, whatever the backend:
//! - every call that reads or writes operations is given a [`Caller`] found by
//!   its token, and touches only the caller's organisation;
//! - an operation's position in its organisation's log only grows in commit
//!   order, so a pull never skips one that commits later;
//! - a pushed batch is one transaction: stored whole or not at all;
//! - tokens and enrolment codes are stored as SHA-256 hashes only.
//!
//! What a push decides that needs no database lives in pure functions the
//! two backends share: whether a batch is consecutive (`batch.rs`), which
//! operations to reject and what an operation's scope is (here).

mod batch;
mod encrypt;
mod key;
mod pg_tls;
mod pg_url;
mod postgres;
mod secret;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use atelier_domain::sync::{
    Enrolled, OpKind, PullResponse, PushResponse, SiteInfo, StationInfo, WireOp,
};
use atelier_domain::{DeviceId, Hlc, SiteId};
use serde_json::value::RawValue;

pub use batch::{BatchError, Classified, DeviceLog, check_batch, classify_push, resent};
pub use key::{KeyError, StoreKey};
pub use pg_url::{UrlError, check_database_url};
pub use secret::{hash_secret, new_code, new_token, normalise_code};

/// Which database the server uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// An embedded SQLite database in this data directory (created if missing).
    Sqlite(PathBuf),
    /// The same, encrypted with SQLCipher under this key: every connection
    /// is keyed, and a plain store found there is converted at open.
    EncryptedSqlite(PathBuf, StoreKey),
    /// A PostgreSQL database, by its `postgres://` URL (or `key=value`
    /// settings), over TLS when its `sslmode` asks for it.
    Postgres(String),
}

/// Opens the store `config` names and brings its schema up to date (refinery
/// migrations from `migrations/server/sqlite` or `migrations/server/postgres`).
///
/// # Errors
/// When the database cannot be opened or reached, or a migration fails.
pub async fn open(config: &StoreConfig) -> Result<Arc<dyn Store>, OpenError> {
    Ok(match config {
        StoreConfig::Sqlite(dir) => Arc::new(sqlite::SqliteStore::open(dir, None).await?),
        StoreConfig::EncryptedSqlite(dir, key) => {
            Arc::new(sqlite::SqliteStore::open(dir, Some(key.clone())).await?)
        }
        StoreConfig::Postgres(url) => Arc::new(postgres::PostgresStore::open(url).await?),
    })
}

/// Why the store could not be opened, with what to check.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The SQLite database could not be opened or set up.
    #[error("cannot open the SQLite database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("cannot connect to the PostgreSQL database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// The connection pool could not be made (a malformed URL).
    #[error("cannot set up the PostgreSQL connection pool: {0}")]
    Pool(#[from] deadpool_postgres::CreatePoolError),
    /// A migration of the server's schema failed.
    #[error("the server's schema could not be migrated: {0}")]
    Migration(#[from] refinery::Error),
    /// The URL's TLS settings cannot be applied.
    #[error("{0}")]
    Url(#[from] UrlError),
    /// The TLS the URL asks for failed: the database server does not
    /// speak it, or its certificate was refused.
    #[error(
        "cannot reach the PostgreSQL database over TLS: {0}. Check that the database server has ssl = on, that sslrootcert names the certificate of the authority that signed its certificate (verify-ca, verify-full), and that the URL's host is a name or address its certificate carries (verify-full)"
    )]
    PostgresTls(String),
    /// The `sslrootcert` file cannot be read as PEM certificates.
    #[error(
        "cannot read the sslrootcert file {path} ({detail}): it names the PEM certificate of the authority that signed the PostgreSQL server's"
    )]
    RootCert {
        /// The file.
        path: PathBuf,
        /// What OpenSSL said.
        detail: String,
    },
    /// OpenSSL could not be set up for the connection.
    #[error("cannot set up TLS to PostgreSQL: {0}")]
    TlsSetup(String),
    /// The store is encrypted and no key was given.
    #[error(
        "the SQLite store {0} is encrypted: give its key with --store-key-file or ATELIER_STORE_KEY"
    )]
    KeyNeeded(PathBuf),
    /// The key given does not open the store.
    #[error(
        "the SQLite store {0} does not open with this key: check --store-key-file or ATELIER_STORE_KEY (nothing was changed)"
    )]
    WrongKey(PathBuf),
    /// Encrypting a plain store failed; the plain store is as it was.
    #[error("the plain SQLite store could not be encrypted, and is left as it was: {0}")]
    Conversion(String),
    /// The thread opening the store stopped.
    #[error("the store's opening thread stopped: {0}")]
    Thread(#[from] tokio::task::JoinError),
}

/// A device, as the server found it from its token, with the organisation
/// and site every request of it is confined to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The device.
    pub device_id: DeviceId,
    /// Its organisation's key in the store.
    pub org_key: i64,
    /// Its organisation's name.
    pub organisation: String,
    /// Its site.
    pub site: SiteInfo,
    /// Whether it sees every site of the organisation.
    pub all_sites: bool,
    /// The highest sequence number of it the server holds.
    pub last_seq: u64,
}

/// A device as `devices list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// The device's id.
    pub device_id: DeviceId,
    /// Its name.
    pub name: String,
    /// Its site's code.
    pub site_code: String,
    /// Whether it sees every site.
    pub all_sites: bool,
    /// Its invoice series prefix (e.g. `S1A`).
    pub series_prefix: String,
    /// When it enrolled (Unix ms).
    pub enrolled_at_ms: u64,
    /// When it was revoked (Unix ms), if it was.
    pub revoked_at_ms: Option<u64>,
    /// The highest sequence number of it the server holds.
    pub last_seq: u64,
    /// When it last pushed or pulled (Unix ms), if ever.
    pub last_sync_ms: Option<u64>,
}

/// What a store refuses, each with the fix in its message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The token is unknown or its device was revoked.
    #[error("unknown or revoked device token: enrol this station again")]
    Unauthorized,
    /// No organisation has this name.
    #[error("no organisation is named {0:?}: create it with `atelier-server org create`")]
    UnknownOrganisation(String),
    /// The organisation already exists.
    #[error("an organisation named {0:?} already exists")]
    OrganisationExists(String),
    /// No site of the organisation has this code.
    #[error("organisation {org:?} has no site {code:?}: add it with `atelier-server site add`")]
    UnknownSite {
        /// The organisation.
        org: String,
        /// The code asked for.
        code: String,
    },
    /// The organisation already has a site with this code.
    #[error("organisation {org:?} already has a site {code:?}")]
    SiteExists {
        /// The organisation.
        org: String,
        /// The code.
        code: String,
    },
    /// No device has this id.
    #[error("no device has the id {0}")]
    UnknownDevice(DeviceId),
    /// An administrative argument is not valid.
    #[error("{0}")]
    Invalid(String),
    /// The enrolment code is unknown or was already used.
    #[error("this enrolment code is not valid or was already used: ask the owner for a new one")]
    CodeInvalid,
    /// The enrolment code expired.
    #[error("this enrolment code has expired: ask the owner for a new one")]
    CodeExpired,
    /// The device id is enrolled and not revoked.
    #[error(
        "device {0} is already enrolled: revoke it on the server (`atelier-server devices revoke`) before enrolling it again"
    )]
    AlreadyEnrolled(DeviceId),
    /// The first new operation of a push is not the next sequence number.
    #[error("sequence gap: the server expects sequence {expected} next")]
    SequenceGap {
        /// The sequence number the server expects next.
        expected: u64,
    },
    /// A sequence number the server holds came back with another operation:
    /// the station was restored from an older backup.
    #[error(
        "sequence {seq} was already used by another operation: this station was restored from an older backup and must be enrolled again"
    )]
    SequenceReused {
        /// The reused sequence number.
        seq: u64,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Backend(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        StoreError::Backend(e.to_string())
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        StoreError::Backend(e.to_string())
    }
}

/// The server's database. Every method is one transaction.
///
/// Times are Unix milliseconds passed in by the caller (`now_ms`), so the
/// rules are tested without the clock.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Creates the organisation `name`.
    async fn create_organisation(&self, name: &str) -> Result<(), StoreError>;

    /// Adds the site `code` (short, e.g. `S1`: letters and digits, unique in
    /// the organisation) named `name` to the organisation `org`.
    async fn add_site(&self, org: &str, code: &str, name: &str) -> Result<SiteInfo, StoreError>;

    /// Mints a one-time enrolment code for a device of `org` at `site_code`,
    /// valid for `valid_for` from `now_ms`, and returns it as the owner
    /// types it (`ABCD-EFGH-JK`). Only its hash is stored.
    async fn mint_code(
        &self,
        org: &str,
        site_code: &str,
        all_sites: bool,
        valid_for: Duration,
        now_ms: u64,
    ) -> Result<String, StoreError>;

    /// Every device of `org`, enrolled first first.
    async fn list_devices(&self, org: &str) -> Result<Vec<DeviceRecord>, StoreError>;

    /// Revokes a device: its token stops working at once.
    async fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<(), StoreError>;

    /// Trades the one-time `code` for a new device (or a revoked one enrolled
    /// again) with the token hash `token_hash`; uses the code up.
    async fn enrol(
        &self,
        code: &str,
        device: DeviceId,
        device_name: &str,
        token_hash: &str,
        now_ms: u64,
    ) -> Result<Enrolled, StoreError>;

    /// The device whose token hashes to `token_hash`, if not revoked.
    async fn authenticate(&self, token_hash: &str) -> Result<Caller, StoreError>;

    /// Stores a batch already checked by [`check_batch`]: duplicates
    /// acknowledged, new operations accepted or rejected per [`reject_reason`]
    /// and the invoice number rule, in one transaction.
    async fn push(
        &self,
        caller: &Caller,
        ops: &[WireOp],
        now_ms: u64,
    ) -> Result<PushResponse, StoreError>;

    /// At most `limit` operations after `cursor` of the other devices of the
    /// caller's organisation in its scope, never rejected ones.
    async fn pull(
        &self,
        caller: &Caller,
        cursor: u64,
        limit: u32,
        now_ms: u64,
    ) -> Result<PullResponse, StoreError>;

    /// The stations the caller may see: its site's, or all for an all-sites device.
    async fn stations(&self, caller: &Caller) -> Result<Vec<StationInfo>, StoreError>;
}

/// Why a new operation is kept but not passed on, as `(code, reason)`, for
/// what can be told from the operation alone: an entity name that is not
/// `[a-z_]{1,64}`, or a payload that is not a JSON object.
#[must_use]
pub fn reject_reason(op: &WireOp) -> Option<(&'static str, String)> {
    let entity_ok = (1..=64).contains(&op.entity.len())
        && op
            .entity
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_');
    if !entity_ok {
        return Some((
            "bad_operation",
            "the entity name is not [a-z_]{1,64}".into(),
        ));
    }
    if !op.payload.get().trim_start().starts_with('{') {
        return Some(("bad_operation", "the payload is not a JSON object".into()));
    }
    None
}

/// The invoice number an operation claims: the string `number` of an
/// `invoices` payload.
#[must_use]
pub fn invoice_number(op: &WireOp) -> Option<String> {
    if op.entity != "invoices" {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct Numbered {
        number: Option<serde_json::Value>,
    }
    let numbered: Numbered = serde_json::from_str(op.payload.get()).ok()?;
    match numbered.number? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

/// The `(code, reason)` of an invoice whose number another invoice row of
/// the organisation already has.
#[must_use]
pub fn number_taken(number: &str) -> (&'static str, String) {
    (
        "invoice_number_taken",
        format!("invoice number {number} is already used by another invoice of the organisation"),
    )
}

/// The site an insert names for its record (`site_id` in its payload), if
/// any: where an owner's device (all sites) files a record it creates for
/// a site, once the store has checked the site is one of the organisation's.
#[must_use]
pub fn named_site(op: &WireOp) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        site_id: Option<String>,
    }
    if op.kind != OpKind::Insert {
        return None;
    }
    serde_json::from_str::<Named>(op.payload.get())
        .ok()
        .and_then(|n| n.site_id)
}

/// Whether an accepted operation of `entity` is kept for the writer's site
/// only (`true`) or for the whole organisation.
#[must_use]
pub fn site_scoped(entity: &str) -> bool {
    atelier_domain::sync::scope_of(entity) == atelier_domain::sync::Scope::Site
}

/// A site code as the owner may type it: 1–8 ASCII letters or digits,
/// stored in upper case.
///
/// # Errors
/// [`StoreError::Invalid`] for anything else.
pub fn parse_site_code(code: &str) -> Result<String, StoreError> {
    let code = code.trim();
    if (1..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(StoreError::Invalid(format!(
            "site code {code:?} must be 1 to 8 letters or digits, e.g. S1"
        )))
    }
}

/// The `n`-th series letter group: A … Z, AA, AB …
#[must_use]
pub fn series_letters(mut n: u64) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A name people gave (organisation, site, device): trimmed, 1–200
/// characters, no control characters.
///
/// # Errors
/// [`StoreError::Invalid`] when empty or too long.
pub fn parse_name(what: &str, name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the {what} name must be 1 to 200 characters"
        )));
    }
    Ok(name.to_owned())
}

/// A new site id.
#[must_use]
pub fn new_site_id() -> SiteId {
    SiteId::new()
}

/// Milliseconds as the store keeps them (`i64`), saturating.
#[must_use]
pub(crate) fn ms(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Milliseconds read back from the store.
#[must_use]
pub(crate) fn from_ms(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A device id read back from a store.
pub(crate) fn parse_device(text: &str) -> Result<DeviceId, StoreError> {
    text.parse()
        .map_err(|e| StoreError::Backend(format!("stored device id: {e}")))
}

/// Rebuilds a stored operation as it travels.
#[allow(clippy::too_many_arguments)]
pub(crate) fn wire_op(
    device: &str,
    seq: i64,
    op_id: &str,
    hlc: i64,
    schema_version: i64,
    entity: String,
    row_id: String,
    kind: &str,
    payload: String,
    by: Option<String>,
) -> Result<WireOp, StoreError> {
    let bad = |what: &str| StoreError::Backend(format!("stored operation has a bad {what}"));
    Ok(WireOp {
        device_id: parse_device(device)?,
        seq: from_ms(seq),
        op_id: op_id.parse().map_err(|_| bad("op id"))?,
        hlc: Hlc::try_from(from_ms(hlc)).map_err(|_| bad("clock"))?,
        schema_version: u32::try_from(schema_version).map_err(|_| bad("schema version"))?,
        entity,
        row_id,
        kind: OpKind::parse(kind).ok_or_else(|| bad("kind"))?,
        payload: RawValue::from_string(payload).map_err(|_| bad("payload"))?,
        by,
    })
}

#[cfg(test)]
mod tests {
    use super::batch::tests::op;
    use super::*;

    #[test]
    fn series_letters_run_a_to_z_then_aa() {
        assert_eq!(series_letters(0), "A");
        assert_eq!(series_letters(25), "Z");
        assert_eq!(series_letters(26), "AA");
        assert_eq!(series_letters(27), "AB");
        assert_eq!(series_letters(26 + 26 * 26), "AAA");
    }

    #[test]
    fn bad_entities_and_payloads_are_rejected_and_invoice_numbers_read() {
        let d = DeviceId::new();
        assert!(reject_reason(&op(d, 1, "customers", "{}")).is_none());
        assert!(reject_reason(&op(d, 1, "Customers", "{}")).is_some());
        assert!(reject_reason(&op(d, 1, "", "{}")).is_some());
        assert!(reject_reason(&op(d, 1, &"a".repeat(65), "{}")).is_some());
        assert!(reject_reason(&op(d, 1, "customers", "[1]")).is_some());
        assert!(reject_reason(&op(d, 1, "customers", "\"x\"")).is_some());
        assert_eq!(
            invoice_number(&op(d, 1, "invoices", r#"{"number":"F-S1A-1"}"#)).as_deref(),
            Some("F-S1A-1")
        );
        assert_eq!(
            invoice_number(&op(d, 1, "invoices", r#"{"number":3}"#)),
            None
        );
        assert_eq!(
            invoice_number(&op(d, 1, "orders", r#"{"number":"x"}"#)),
            None
        );
    }
}

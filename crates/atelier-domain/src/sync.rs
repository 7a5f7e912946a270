//! The sync protocol between a workstation and `atelier-server`: the
//! messages of `/v1`, the operation as it travels, and which records belong
//! to the whole organisation and which to one site (DESIGN.md, Sync).
//!
//! Both sides compile these types, so the client and the server cannot
//! disagree on a field name.
//!
//! | Endpoint | Body | Answer |
//! |---|---|---|
//! | `GET /v1/health` | — | `{"status":"ok"}` |
//! | `POST /v1/enrol` | [`EnrolRequest`] | [`Enrolled`] |
//! | `POST /v1/push` | [`PushRequest`], zstd (`Content-Encoding: zstd`) | [`PushResponse`] |
//! | `GET /v1/pull?cursor=N&limit=M` | — | [`PullResponse`], zstd when asked |
//! | `GET /v1/status` | — | [`ServerStatus`] |
//!
//! Every call but health and enrol carries `Authorization: Bearer <token>`.
//! A refusal is an HTTP 4xx with an [`ErrorBody`]: 400 malformed, 401 unknown
//! or revoked token, 403 an operation of another device, 409 a sequence gap
//! ([`ErrorBody::expected_seq`]), 413 too large, 426 a schema version below
//! the server's minimum ([`ErrorBody::min_schema_version`]).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{DeviceId, Hlc, OperationId, SiteId};

/// The most operations one push may carry.
pub const MAX_PUSH_OPS: usize = 1000;

/// The most operations one pull page returns.
pub const MAX_PULL_OPS: u32 = 5000;

/// The HTTP header naming the schema version of the caller.
pub const SCHEMA_HEADER: &str = "x-atelier-schema";

/// What an operation does to its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// A new row; the payload holds every field.
    Insert,
    /// Changed fields only; the payload maps each to its new value.
    Update,
    /// A tombstone: the row is marked deleted, never removed.
    Delete,
    /// A customer merged into another (payload `into`): every replica moves
    /// whatever that customer has onto the other and keeps it as an alias.
    Merge,
}

impl OpKind {
    /// The stored name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Insert => "insert",
            OpKind::Update => "update",
            OpKind::Delete => "delete",
            OpKind::Merge => "merge",
        }
    }

    /// The kind named `name`, as stored.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "insert" => OpKind::Insert,
            "update" => OpKind::Update,
            "delete" => OpKind::Delete,
            "merge" => OpKind::Merge,
            _ => return None,
        })
    }
}

/// One operation as it travels, pushed by its device and pulled by the others.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WireOp {
    /// The device that wrote it.
    pub device_id: DeviceId,
    /// Gap-free per device, starting at 1.
    pub seq: u64,
    /// Unique id of the operation.
    pub op_id: OperationId,
    /// When it happened, in the writer's hybrid logical clock.
    pub hlc: Hlc,
    /// The writer's schema version.
    #[serde(rename = "v")]
    pub schema_version: u32,
    /// The table it belongs to, e.g. `customers`.
    pub entity: String,
    /// The id of the changed row.
    pub row_id: String,
    /// What it does.
    pub kind: OpKind,
    /// The fields it sets: a JSON object, carried through the server as is.
    pub payload: Box<RawValue>,
    /// Who made the change, as the writer's station named them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// A batch of this device's operations, in sequence order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PushRequest {
    /// At most [`MAX_PUSH_OPS`], consecutive sequence numbers.
    pub ops: Vec<WireOp>,
}

/// What the server did with one pushed operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum OpOutcome {
    /// Stored, and will be pulled by the other devices in scope.
    Accepted,
    /// Already stored by an earlier push: nothing changed.
    Duplicate,
    /// Kept by the server but not passed on, for the reason given.
    Rejected {
        /// A stable code (`invoice_number_taken`, `unknown_entity`…).
        code: String,
        /// What happened, for the person reading the sync status.
        reason: String,
    },
}

/// One operation's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpResult {
    /// The operation's sequence number.
    pub seq: u64,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: OpOutcome,
}

/// The answer to a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every sequence number up to this one is stored (accepted or rejected):
    /// the device may mark them sent.
    pub acked_through: u64,
    /// One result per pushed operation, in order.
    pub results: Vec<OpResult>,
}

/// A page of other devices' operations.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PullResponse {
    /// In server order; apply them in this order.
    pub ops: Vec<WireOp>,
    /// Where the next pull starts; store it with the applied page.
    pub next_cursor: u64,
    /// Whether another page is waiting.
    pub more: bool,
}

/// A device asks to join an organisation with a one-time code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The code the owner minted on the server.
    pub code: String,
    /// This device's id: its operations carry it.
    pub device_id: DeviceId,
    /// A name people recognise, e.g. « Accueil ».
    pub device_name: String,
    /// The device's schema version.
    pub schema_version: u32,
}

/// An organisation's site, as the server knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    /// Its id.
    pub id: SiteId,
    /// Its short code, used in invoice series (e.g. `S1`).
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The answer to a successful enrolment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Enrolled {
    /// The device's secret: kept in the OS keyring, sent with every call.
    pub token: String,
    /// The organisation's name.
    pub organisation: String,
    /// The device's site.
    pub site: SiteInfo,
    /// Whether the device sees every site (an owner's device).
    pub all_sites: bool,
    /// The invoice series this device issues in from now on, unique in the
    /// organisation (site code and a letter, e.g. `S1A`).
    pub series_prefix: String,
}

/// A station of the organisation and when it last synced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationInfo {
    /// Its device id.
    pub device_id: DeviceId,
    /// Its name.
    pub name: String,
    /// Its site's code.
    pub site_code: String,
    /// Its site's id (absent from servers older than it).
    #[serde(default)]
    pub site_id: Option<SiteId>,
    /// When it last pushed or pulled (Unix ms), if ever.
    pub last_sync_ms: Option<u64>,
    /// Whether it was revoked.
    pub revoked: bool,
}

/// A snapshot of a station's scope that the server offers a new station
/// (`GET /v1/snapshot`): its first sync installs it and pulls only what
/// came after [`SnapshotInfo::cursor`], instead of replaying the whole log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// The log position it was made at: the station pulls after it.
    pub cursor: u64,
    /// The station schema version of its database.
    pub schema_version: u32,
    /// How many operations of the scope it holds.
    pub operations: u64,
    /// The size of its file as it travels (a SQLite database compressed
    /// with zstd), in bytes.
    pub bytes: u64,
    /// The SHA-256 of that file, in lower-case hex.
    pub sha256: String,
    /// The key its database is encrypted with, when the server's store is
    /// (SQLCipher's raw form, `x'…'`: 32 bytes of key then 16 of salt, in
    /// hex): a key of that file's own, given only to the scope's stations
    /// over the authenticated API. `None`, and left out, for a plain file,
    /// so older peers read and write the same JSON as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl std::fmt::Debug for SnapshotInfo {
    /// Everything but the key, which is never logged.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotInfo")
            .field("cursor", &self.cursor)
            .field("schema_version", &self.schema_version)
            .field("operations", &self.operations)
            .field("bytes", &self.bytes)
            .field("sha256", &self.sha256)
            .field("key", &self.key.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Below this many operations in its scope a new station replays the log:
/// a snapshot would save it less than a second.
pub const SNAPSHOT_MIN_OPS: u64 = 20_000;

/// What the server knows of the caller and its organisation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServerStatus {
    /// The organisation's name.
    pub organisation: String,
    /// The caller's site.
    pub site: SiteInfo,
    /// Whether the caller sees every site.
    pub all_sites: bool,
    /// The highest sequence number of the caller the server holds.
    pub last_seq: u64,
    /// The lowest schema version the server accepts pushes from.
    pub min_schema_version: u32,
    /// The server's clock (Unix ms).
    pub server_time_ms: u64,
    /// Every station the caller may see: its site's, or all for an owner.
    pub stations: Vec<StationInfo>,
}

/// A refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code: `bad_request`, `unauthorized`, `device_mismatch`,
    /// `sequence_gap`, `too_large`, `schema_too_old`, `enrol_code_invalid`…
    pub code: String,
    /// What went wrong, in English, for logs and for the person.
    pub message: String,
    /// With `sequence_gap`: the sequence number the server expects next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<u64>,
    /// With `schema_too_old`: the lowest schema version accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_schema_version: Option<u32>,
    /// With `offsite_offset`: how many bytes of the upload the server holds,
    /// where the station's next chunk starts (`crate::offsite`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_bytes: Option<u64>,
}

/// Who may see a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every site of the organisation: customers, vehicles, the catalogue,
    /// people, the workshop's identity and rates.
    Organisation,
    /// The site whose device wrote it: orders, stock, invoices, payments,
    /// appointments, and anything the server does not know (the safer side).
    Site,
}

/// Records shared across an organisation's sites.
const SHARED: &[&str] = &[
    "customers",
    "vehicles",
    "vehicle_owners",
    "mileage_readings",
    "vehicle_recommendations",
    "parts",
    "part_categories",
    "part_equivalents",
    "suppliers",
    "part_suppliers",
    "users",
    "workshop",
    "rate_categories",
    "canned_jobs",
    "diagnosis_trees",
    "dtc_titles",
    "sites",
    "reminder_rules",
    "campaigns",
    "outreach_settings",
    "unsubscribe_tokens",
    "consent_withdrawals",
];

/// Who may see records of `entity`.
#[must_use]
pub fn scope_of(entity: &str) -> Scope {
    if SHARED.contains(&entity) {
        Scope::Organisation
    } else {
        Scope::Site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_data_is_shared_and_site_work_and_unknown_records_stay_on_their_site() {
        assert_eq!(scope_of("customers"), Scope::Organisation);
        assert_eq!(scope_of("parts"), Scope::Organisation);
        assert_eq!(scope_of("consent_withdrawals"), Scope::Organisation);
        assert_eq!(scope_of("ratings"), Scope::Site);
        assert_eq!(scope_of("invoices"), Scope::Site);
        assert_eq!(scope_of("stock_movements"), Scope::Site);
        assert_eq!(scope_of("something_newer"), Scope::Site);
    }

    #[test]
    fn an_operation_round_trips_with_its_payload_untouched() {
        let op = WireOp {
            device_id: DeviceId::new(),
            seq: 7,
            op_id: OperationId::new(),
            hlc: Hlc::new(1_767_225_600_000, 3).unwrap(),
            schema_version: 8,
            entity: "customers".into(),
            row_id: "r1".into(),
            kind: OpKind::Update,
            payload: RawValue::from_string(r#"{"phone":"+33 6 12 34 56 78"}"#.into()).unwrap(),
            by: Some("Léa".into()),
        };
        let text = serde_json::to_string(&op).unwrap();
        let back: WireOp = serde_json::from_str(&text).unwrap();
        assert_eq!(back.payload.get(), r#"{"phone":"+33 6 12 34 56 78"}"#);
        assert_eq!(back.kind, OpKind::Update);
        assert_eq!(back.hlc, op.hlc);
        assert_eq!(
            serde_json::to_value(OpResult {
                seq: 3,
                outcome: OpOutcome::Rejected {
                    code: "unknown_entity".into(),
                    reason: "x".into()
                }
            })
            .unwrap(),
            serde_json::json!({"seq": 3, "status": "rejected", "code": "unknown_entity", "reason": "x"})
        );
    }

    #[test]
    fn a_snapshot_key_is_optional_on_the_wire_and_never_in_a_log() {
        let older =
            r#"{"cursor":9,"schema_version":40,"operations":20000,"bytes":5,"sha256":"ab"}"#;
        let plain: SnapshotInfo = serde_json::from_str(older).unwrap();
        assert_eq!(plain.key, None, "an older server's answer still reads");
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            serde_json::from_str::<serde_json::Value>(older).unwrap(),
            "a plain snapshot is described as before"
        );
        let keyed = SnapshotInfo {
            key: Some("x'00ff'".into()),
            ..plain
        };
        let back: SnapshotInfo =
            serde_json::from_str(&serde_json::to_string(&keyed).unwrap()).unwrap();
        assert_eq!(back, keyed);
        assert!(!format!("{keyed:?}").contains("00ff"));
    }
}

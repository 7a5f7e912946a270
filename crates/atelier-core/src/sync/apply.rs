//! Applying other stations' operations to this database: the merge rules of
//! DESIGN.md, Sync, in one place.
//!
//! - Master data and headers: per-field last-writer-wins by [`Stamp`] (HLC,
//!   then device). A field's stamp is its row in `field_stamps`, written by
//!   every update here or from elsewhere; a field without one still holds the
//!   value its row was created with, older than any update of it.
//! - Append-only records (movements, payments, time entries, events, issued
//!   documents…): stored once, never changed; a second copy is ignored.
//! - Stock is the sum of movements: a movement goes through
//!   [`stock::apply`](crate::stock::apply), which keeps the summary.
//! - Order status only moves forward (in progress and waiting for parts are
//!   one step, decided by last writer), except an explicit reopen of a
//!   finished order, which is newer than the status it leaves.
//! - An issued invoice never changes.
//!
//! Every operation is applied as if under its own savepoint: one that cannot
//! be stored (a table or a column this version does not know, a row not
//! received yet, a record refused by a constraint) is parked in
//! `sync_parked`, never dropped, and retried when its row arrives.

use std::collections::{HashMap, HashSet};

use atelier_domain::sync::{OpKind, WireOp};
use atelier_domain::{DeviceId, Hlc, Stamp, hlc::is_far_ahead};
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::stamps::BASE;
use crate::{Error, Result, device};

mod derived;
mod merge;
#[cfg(test)]
mod tests;

pub(crate) use derived::refresh;
use derived::{Fresh, Stale};
use merge::merge_fields;

/// Tables whose rows never change once written.
const APPEND_ONLY: &[&str] = &[
    "stock_movements",
    "payments",
    "clock_events",
    "order_events",
    "order_approvals",
    "order_notes",
    "invoice_pdfs",
    "closures",
    "supplier_invoice_lines",
    "supplier_invoice_files",
    "ereport_periods",
    "einvoice_sendings",
    "einvoice_statuses",
    "diagnosis_readings",
    "diagnosis_checks",
    "unsubscribe_tokens",
    "consent_withdrawals",
    "satisfaction_requests",
    "ratings",
];

/// Tables whose derived data (sort keys, search entries) is a function of
/// the row alone, read by no other operation: recomputed once per row at the
/// end of a page rather than after each operation (a row the page created
/// and did not change again takes what its insert gave, [`Fresh`]). Others
/// keep their refresh per operation: a part's or a user's key is unique (a
/// clash parks the operation), an invoice's figures read the stock of the
/// moment.
const REFRESHED_AT_END: &[&str] = &["customers", "vehicles"];

/// Prepared statements kept while applying a page.
const STATEMENTS: usize = 64;

/// What applying a page did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Operations stored (or already there).
    pub applied: u32,
    /// Operations parked for later.
    pub parked: u32,
    /// Conflicts recorded.
    pub conflicts: u32,
    /// Whether an operation carried a clock far ahead of ours.
    pub clock_ahead: bool,
    /// Whether a customer's anonymisation was applied: once committed, the
    /// file is to be scrubbed ([`crate::privacy::scrub`]).
    pub anonymised: bool,
}

/// A pulled page made ready to apply: each payload parsed, and what a new
/// customer or vehicle derives computed from its insert. None of it needs
/// the database, so a round prepares the next page on another thread while
/// the current one is applied ([`Applier::apply_prepared`]).
#[derive(Debug, Default)]
pub struct Prepared(Vec<Pulled>);

/// One pulled operation with its payload parsed.
#[derive(Debug)]
struct Pulled {
    op: WireOp,
    /// `None` when the payload is not a JSON object (it is parked).
    payload: Option<Map<String, Value>>,
    /// For an insert of a customer or a vehicle, what the row derives.
    fresh: Option<Fresh>,
}

impl Prepared {
    /// Parses `ops`' payloads and computes what their new rows derive.
    pub fn new(ops: Vec<WireOp>) -> Prepared {
        Prepared(ops.into_iter().map(Pulled::of).collect())
    }
}

impl Pulled {
    fn of(op: WireOp) -> Pulled {
        let payload = match serde_json::from_str::<Value>(op.payload.get()) {
            Ok(Value::Object(payload)) => Some(payload),
            _ => None,
        };
        let fresh = match (&payload, op.kind) {
            (Some(payload), OpKind::Insert) => derived::fresh(&op.entity, &op.row_id, payload),
            _ => None,
        };
        Pulled { op, payload, fresh }
    }
}

/// What this database knows of one table.
#[derive(Debug)]
struct Table {
    columns: HashSet<String>,
    /// The single-column primary key (`id` for every synced table).
    key: String,
    updated_at: bool,
    created_at: bool,
    deleted_at: bool,
    append_only: bool,
}

/// Applies pulled operations; keeps what it learnt of the schema between
/// pages.
#[derive(Debug, Default)]
pub struct Applier {
    tables: HashMap<String, Option<Table>>,
    local: Option<DeviceId>,
    /// Rows of [`REFRESHED_AT_END`] changed in this page, in order.
    stale: Vec<Stale>,
    /// A savepoint and a refresh per operation, as before runs and
    /// refreshes left to the end of the page.
    per_op: bool,
    /// Whether `sync_parked` may hold operations waiting for a row: read at
    /// the start of each page, set when one is parked. Most pages have none
    /// and skip looking for them after each new row.
    waiting: bool,
    /// Whether any customer here is anonymised, read likewise: only then is
    /// an operation checked for personal fields older than an anonymisation
    /// ([`crate::privacy::strip_older`]).
    erasing: bool,
    /// Whether this page applied an anonymisation.
    anonymised: bool,
}

impl Applier {
    /// An applier that has read nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// An applier that takes this station's own operations as another
    /// station's: a snapshot's install merges them again over the rows it
    /// brought (`sync::snapshot`).
    pub(crate) fn for_own_operations() -> Self {
        Self {
            local: Some(DeviceId::new()),
            ..Self::default()
        }
    }

    /// An applier that puts every operation under its own savepoint and
    /// refreshes its row at once: the reference the tests compare with.
    #[cfg(any(test, feature = "test-support"))]
    pub fn per_op() -> Self {
        Self {
            per_op: true,
            ..Self::default()
        }
    }

    /// Applies `ops` in order within `tx`, advancing this station's clock past
    /// every one of them.
    ///
    /// Operations go in runs under one savepoint: the first that would be
    /// parked (or fails) undoes its run, the operations before it are applied
    /// again, and it alone goes under its own savepoint as before. The result
    /// is the same as a savepoint per operation, which costs more than most
    /// operations do.
    pub fn apply_page(
        &mut self,
        tx: &Transaction<'_>,
        ops: &[WireOp],
        now_ms: u64,
    ) -> Result<Applied> {
        self.apply_prepared(tx, &Prepared::new(ops.to_vec()), now_ms)
    }

    /// [`Applier::apply_page`] for a page [`Prepared`] beforehand.
    pub fn apply_prepared(
        &mut self,
        tx: &Transaction<'_>,
        page: &Prepared,
        now_ms: u64,
    ) -> Result<Applied> {
        let ops = page.0.as_slice();
        let local = match self.local {
            Some(d) => d,
            None => {
                let d = device::device_id(tx)?;
                self.local = Some(d);
                d
            }
        };
        // A page cycles through more statements (rows of several tables,
        // their stamps, keys and search entries) than rusqlite's default
        // cache of 16 keeps, which prepared them again and again.
        tx.set_prepared_statement_cache_capacity(STATEMENTS);
        self.waiting = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_parked)")?
            .query_row([], |r| r.get(0))?;
        self.erasing = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM customers WHERE anonymised_at IS NOT NULL)",
            )?
            .query_row([], |r| r.get(0))?;
        self.anonymised = false;
        tx.execute_batch("SAVEPOINT page")?;
        let mut out = match self.apply_ops(tx, ops, local, now_ms) {
            Ok(out) => {
                tx.execute_batch("RELEASE page")?;
                out
            }
            // SQLite already rolled the whole transaction back (a full disk,
            // an I/O error): nothing to undo here, and that is the error.
            Err(e) if tx.is_autocommit() => return Err(e),
            Err(e) if self.per_op => {
                tx.execute_batch("ROLLBACK TO page; RELEASE page")?;
                return Err(e);
            }
            Err(_) => {
                // An operation failed, or a row left to the end could not be
                // refreshed: apply the page again as it always was, where
                // such a failure parks the operation that caused it.
                tx.execute_batch("ROLLBACK TO page; RELEASE page")?;
                self.per_op = true;
                let again = self.apply_ops(tx, ops, local, now_ms);
                self.per_op = false;
                again?
            }
        };
        let mut newest = Hlc::ZERO;
        for Pulled { op, .. } in ops {
            newest = newest.max(op.hlc);
            out.clock_ahead |= is_far_ahead(op.hlc, now_ms);
        }
        device::observe(tx, newest, now_ms)?;
        out.anonymised = self.anonymised;
        Ok(out)
    }

    fn apply_ops(
        &mut self,
        tx: &Transaction<'_>,
        ops: &[Pulled],
        local: DeviceId,
        now_ms: u64,
    ) -> Result<Applied> {
        let mut out = Applied::default();
        self.stale.clear();
        let mut rest = ops;
        while !rest.is_empty() {
            let stored = if self.per_op {
                0
            } else {
                self.apply_run(tx, rest, local, now_ms, &mut out)?
            };
            let Some(op) = rest.get(stored) else {
                break;
            };
            self.apply_alone(tx, op, local, now_ms, &mut out)?;
            rest = &rest[stored + 1..];
        }
        derived::refresh_stale(tx, &std::mem::take(&mut self.stale))?;
        Ok(out)
    }

    /// Applies the longest prefix of `ops` that stores without a parked
    /// operation or an error, under one savepoint; returns its length.
    fn apply_run(
        &mut self,
        tx: &Transaction<'_>,
        ops: &[Pulled],
        local: DeviceId,
        now_ms: u64,
        out: &mut Applied,
    ) -> Result<usize> {
        tx.execute_batch("SAVEPOINT run")?;
        let mark = self.stale.len();
        let mut len = ops.len();
        loop {
            let mut run = Applied::default();
            let mut stored = 0;
            for op in &ops[..len] {
                if op.op.device_id != local {
                    match self.apply_one(tx, op, now_ms) {
                        Ok(Outcome::Applied(conflicts)) => run.conflicts += conflicts,
                        // The transaction is gone (a full disk): that is the error.
                        Err(e) if tx.is_autocommit() => return Err(e),
                        Ok(Outcome::Park(_)) | Err(_) => break,
                    }
                }
                run.applied += 1;
                stored += 1;
            }
            if stored == len {
                tx.execute_batch("RELEASE run")?;
                out.applied += run.applied;
                out.conflicts += run.conflicts;
                return Ok(len);
            }
            // Undo the run with the part of the operation that stopped it;
            // the operations before it store again as they did.
            tx.execute_batch("ROLLBACK TO run")?;
            self.stale.truncate(mark);
            len = stored;
        }
    }

    /// Applies one operation under its own savepoint: one that cannot be
    /// stored is parked.
    fn apply_alone(
        &mut self,
        tx: &Transaction<'_>,
        pulled: &Pulled,
        local: DeviceId,
        now_ms: u64,
        out: &mut Applied,
    ) -> Result<()> {
        let op = &pulled.op;
        if op.device_id == local {
            // This station's own operation (a backup restored elsewhere
            // and pulled back): it is already here.
            out.applied += 1;
            return Ok(());
        }
        let mark = self.stale.len();
        tx.execute_batch("SAVEPOINT op")?;
        match self.apply_one(tx, pulled, now_ms) {
            // The transaction is gone (a full disk): that is the error.
            Err(e) if tx.is_autocommit() => return Err(e),
            Ok(Outcome::Applied(conflicts)) => {
                tx.execute_batch("RELEASE op")?;
                out.applied += 1;
                out.conflicts += conflicts;
            }
            Ok(Outcome::Park(reason)) => {
                tx.execute_batch("ROLLBACK TO op; RELEASE op")?;
                self.stale.truncate(mark);
                park(tx, op, &reason, now_ms)?;
                self.waiting = true;
                out.parked += 1;
            }
            Err(Error::Storage(e)) => {
                tx.execute_batch("ROLLBACK TO op; RELEASE op")?;
                self.stale.truncate(mark);
                park(tx, op, &e.to_string(), now_ms)?;
                self.waiting = true;
                out.parked += 1;
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO op; RELEASE op")?;
                self.stale.truncate(mark);
                return Err(e);
            }
        }
        Ok(())
    }

    fn table(&mut self, tx: &Transaction<'_>, entity: &str) -> Result<Option<&Table>> {
        if !self.tables.contains_key(entity) {
            let table = read_table(tx, entity)?;
            self.tables.insert(entity.to_owned(), table);
        }
        Ok(self.tables.get(entity).and_then(Option::as_ref))
    }

    fn apply_one(&mut self, tx: &Transaction<'_>, pulled: &Pulled, now_ms: u64) -> Result<Outcome> {
        let op = &pulled.op;
        let Some(payload) = &pulled.payload else {
            return Ok(Outcome::Park("payload is not an object".into()));
        };
        let stamp = Stamp {
            hlc: op.hlc,
            device: op.device_id,
        };
        let by = op.by.as_deref();
        if op.entity == "invoice_pdfs" || op.entity == "supplier_invoice_files" {
            // The issuing station keeps the PDF it printed; another station
            // lays its own out from the frozen content when it prints. A
            // supplier's e-invoice file stays with the station that imported
            // it: the operation names it by SHA-256 and size, the bytes are
            // to travel as a file.
            return Ok(Outcome::Applied(0));
        }
        if op.entity == "stock_movements" {
            return apply_movement(tx, payload, op.hlc);
        }
        if op.kind == OpKind::Merge {
            return apply_merge(tx, op, payload);
        }
        if op.entity == "customers"
            && op.kind == OpKind::Update
            && payload.get("anonymised") == Some(&Value::Bool(true))
        {
            let Ok(id) = op.row_id.parse() else {
                return Ok(Outcome::Park("anonymisation of no customer".into()));
            };
            if !crate::privacy::apply_anonymisation(tx, id, op.hlc, op.device_id, by)? {
                return Ok(Outcome::Park("row not received yet".into()));
            }
            (self.erasing, self.anonymised) = (true, true);
            if !self.per_op {
                // Read back at the end of the page, not taken from an insert.
                self.stale.push(Stale::new("customers", &op.row_id, None));
            }
            return Ok(Outcome::Applied(0));
        }
        // Written before an anonymisation it arrives after: its personal
        // fields are not stored again.
        let stripped = match self.erasing {
            true => crate::privacy::strip_older(
                tx,
                &op.entity,
                &op.row_id,
                payload,
                op.kind == OpKind::Insert,
                op.hlc,
            )?,
            false => None,
        };
        let payload = stripped.as_ref().unwrap_or(payload);
        let entity = op.entity.clone();
        // Operations waiting for a new row may change it as soon as it is
        // stored: it is then read back; so is one whose payload was stripped.
        let derive_fresh =
            op.kind == OpKind::Insert && !self.per_op && !self.waiting && stripped.is_none();
        let Some(table) = self.table(tx, &entity)? else {
            return Ok(Outcome::Park(format!("unknown table {entity}")));
        };
        let exists = row_exists(tx, &entity, &table.key, &op.row_id)?;
        let mut fresh = None;
        let conflicts = match op.kind {
            // An update of a row not here yet creates it when it says
            // enough to (a record written as "set", like a category's markup).
            OpKind::Insert | OpKind::Update if !exists => {
                if derive_fresh {
                    fresh.clone_from(&pulled.fresh);
                }
                if let Err(e) = insert(
                    tx,
                    table,
                    &entity,
                    &op.row_id,
                    payload,
                    op.hlc,
                    fresh.as_ref(),
                ) {
                    if tx.is_autocommit() {
                        // SQLite gave the whole transaction up (a full disk).
                        return Err(e);
                    }
                    return Ok(Outcome::Park(if op.kind == OpKind::Update {
                        "row not received yet".into()
                    } else {
                        e.to_string()
                    }));
                }
                if op.kind == OpKind::Update {
                    for field in payload.keys().filter(|f| table.columns.contains(*f)) {
                        crate::stamps::stamp_field(
                            tx,
                            &entity,
                            &op.row_id,
                            field,
                            op.hlc,
                            op.device_id,
                            by,
                        )?;
                    }
                }
                if self.waiting {
                    unpark(tx, &entity, &op.row_id)?;
                }
                0
            }
            _ if table.append_only => 0,
            OpKind::Insert | OpKind::Update => {
                merge_fields(tx, table, &entity, op, payload, stamp, by, now_ms)?
            }
            OpKind::Delete => {
                if !exists {
                    return Ok(Outcome::Park("row not received yet".into()));
                }
                if !table.deleted_at {
                    return Ok(Outcome::Park(format!("{entity} has no deleted_at")));
                }
                let fields =
                    Map::from_iter([("deleted_at".to_owned(), Value::from(op.hlc.as_i64()))]);
                merge_fields(tx, table, &entity, op, &fields, stamp, by, now_ms)?
            }
            OpKind::Merge => unreachable_merge()?,
        };
        match REFRESHED_AT_END.iter().find(|e| **e == entity) {
            Some(e) if !self.per_op => self.stale.push(Stale::new(e, &op.row_id, fresh)),
            _ => refresh(tx, &entity, &op.row_id)?,
        }
        Ok(Outcome::Applied(conflicts))
    }
}

enum Outcome {
    Applied(u32),
    Park(String),
}

fn unreachable_merge() -> Result<u32> {
    Err(Error::Corrupt("merge operation reached the field merge"))
}

fn read_table(tx: &Transaction<'_>, entity: &str) -> Result<Option<Table>> {
    if !entity.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Ok(None);
    }
    let mut stmt = tx.prepare("SELECT name, pk FROM pragma_table_info(?1)")?;
    let cols: Vec<(String, i64)> = stmt
        .query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if cols.is_empty() {
        return Ok(None);
    }
    let keys: Vec<&String> = cols
        .iter()
        .filter(|(_, pk)| *pk > 0)
        .map(|(n, _)| n)
        .collect();
    let [key] = keys.as_slice() else {
        return Ok(None);
    };
    let columns: HashSet<String> = cols.iter().map(|(n, _)| n.clone()).collect();
    Ok(Some(Table {
        key: (*key).clone(),
        updated_at: columns.contains("updated_at"),
        created_at: columns.contains("created_at"),
        deleted_at: columns.contains("deleted_at"),
        append_only: APPEND_ONLY.contains(&entity),
        columns,
    }))
}

fn row_exists(tx: &Transaction<'_>, entity: &str, key: &str, row_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(&format!("SELECT 1 FROM {entity} WHERE {key} = ?1"))?
        .query_row([row_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A JSON value as SQLite stores it.
pub(crate) fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// An image travels as base64 and is stored as bytes.
fn image(v: &Value) -> SqlValue {
    use base64::Engine as _;
    match v
        .as_str()
        .map(|s| base64::engine::general_purpose::STANDARD.decode(s))
    {
        Some(Ok(bytes)) => SqlValue::Blob(bytes),
        _ => to_sql(v),
    }
}

/// A stored value as JSON.
pub(crate) fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

fn insert(
    tx: &Transaction<'_>,
    table: &Table,
    entity: &str,
    row_id: &str,
    payload: &Map<String, Value>,
    hlc: Hlc,
    fresh: Option<&Fresh>,
) -> Result<()> {
    let mut names = Vec::with_capacity(payload.len() + 4);
    let mut values: Vec<ToSqlOutput<'_>> = Vec::with_capacity(payload.len() + 4);
    names.push(table.key.as_str());
    values.push(ToSqlOutput::Borrowed(ValueRef::Text(row_id.as_bytes())));
    let mut unknown = Map::new();
    for (k, v) in payload {
        if k == &table.key || k == BASE {
            continue;
        }
        if table.columns.contains(k) {
            names.push(k);
            values.push(match v {
                _ if k.ends_with("_png") => ToSqlOutput::Owned(image(v)),
                Value::String(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
                _ => ToSqlOutput::Owned(to_sql(v)),
            });
        } else {
            unknown.insert(k.clone(), v.clone());
        }
    }
    for (column, value) in derived::columns(entity, payload, fresh) {
        names.push(column);
        values.push(value);
    }
    if table.updated_at && !payload.contains_key("updated_at") {
        names.push("updated_at");
        values.push(ToSqlOutput::Owned(SqlValue::Integer(hlc.as_i64())));
    }
    if table.created_at && !payload.contains_key("created_at") {
        names.push("created_at");
        values.push(ToSqlOutput::Owned(SqlValue::Integer(hlc.as_i64())));
    }
    let sql = format!(
        "INSERT INTO {entity} ({}) VALUES (?{})",
        names.join(", "),
        ", ?".repeat(names.len() - 1)
    );
    tx.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    if !unknown.is_empty() {
        keep_unknown(tx, entity, row_id, unknown, hlc)?;
    }
    Ok(())
}

fn apply_movement(tx: &Transaction<'_>, payload: &Map<String, Value>, hlc: Hlc) -> Result<Outcome> {
    let Ok(movement) = crate::stock::Movement::deserialize(payload) else {
        return Ok(Outcome::Park("not a stock movement".into()));
    };
    crate::stock::apply(tx, &movement, hlc.as_i64())?;
    Ok(Outcome::Applied(0))
}

fn apply_merge(tx: &Transaction<'_>, op: &WireOp, payload: &Map<String, Value>) -> Result<Outcome> {
    let (Ok(remove), Some(Ok(keep))) = (
        op.row_id.parse(),
        payload.get("into").and_then(Value::as_str).map(str::parse),
    ) else {
        return Ok(Outcome::Park("merge without its customers".into()));
    };
    crate::customers::apply_merge(tx, keep, remove, op.hlc.as_i64())?;
    Ok(Outcome::Applied(0))
}

fn park(tx: &Transaction<'_>, op: &WireOp, reason: &str, now_ms: u64) -> Result<()> {
    let mut record = serde_json::to_value(op).map_err(|_| Error::Corrupt("sync_parked"))?;
    record["reason"] = Value::from(reason);
    tx.prepare_cached(
        "INSERT INTO sync_parked (entity, row_id, operation, parked_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((&op.entity, &op.row_id, record.to_string(), now_ms as i64))?;
    Ok(())
}

/// Fields of columns this version does not have, kept for a later version.
fn keep_unknown(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
    fields: Map<String, Value>,
    hlc: Hlc,
) -> Result<()> {
    let record = serde_json::json!({"unknown_fields": fields, "hlc": hlc});
    tx.prepare_cached(
        "INSERT INTO sync_parked (entity, row_id, operation, parked_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((entity, row_id, record.to_string(), hlc.millis() as i64))?;
    Ok(())
}

/// Operations that waited for this row are applied now that it is here
/// (received, or written by this station itself, as the shipped diagnosis
/// trees are at startup).
pub(crate) fn unpark(tx: &Transaction<'_>, entity: &str, row_id: &str) -> Result<()> {
    let waiting: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT id, operation FROM sync_parked WHERE entity = ?1 AND row_id = ?2 ORDER BY id",
        )?
        .query_map((entity, row_id), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if waiting.is_empty() {
        return Ok(());
    }
    let mut ops = Vec::new();
    for (id, text) in waiting {
        if let Ok(op) = serde_json::from_str::<WireOp>(&text)
            && op.kind != OpKind::Insert
        {
            tx.prepare_cached("DELETE FROM sync_parked WHERE id = ?1")?
                .execute([id])?;
            ops.push(op);
        }
    }
    if !ops.is_empty() {
        let now = ops.iter().map(|o| o.hlc.millis()).max().unwrap_or(0);
        Applier::new().apply_page(tx, &ops, now)?;
    }
    Ok(())
}

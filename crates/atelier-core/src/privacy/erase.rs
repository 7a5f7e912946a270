//! Anonymising a customer (GDPR art. 17): their personal data erased from
//! every place it lives in this database — their record and the records
//! merged into it, what their orders, appointments, signatures, draft
//! invoices and messages hold of them, the operations and audit entries
//! that carried those values, sync's conflicts and parked operations, the
//! search index — while what the law requires is kept: issued invoices and
//! credit notes stay exactly as issued, payments as recorded.
//!
//! One operation tells the other stations, which erase the same data when
//! they apply it ([`apply_anonymisation`]); an operation written before it
//! and arriving after it loses its personal fields on the way in
//! ([`strip_older`]). Once committed, [`scrub`] leaves nothing of what was
//! erased in the file's free space or its write-ahead log.

use atelier_domain::{CustomerId, DeviceId, Hlc};
use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::footprint::{self, share_of};
use crate::customers::{self, Customer, erase_row, erased_values, with_aliases};
use crate::invoices::draft;
use crate::orders::{approval, header};
use crate::outbox::{self, Erasure};
use crate::planning::appointments;
use crate::{Db, Error, Result, audit, diagnosis, messages, satisfaction, stamps, sync};

/// Anonymises customer `id` and answers the record as it now reads.
///
/// Everything of theirs is erased in this transaction, then one operation
/// records the anonymisation: its audit entry says who did it and when, and
/// which fields held a value, never the values. Call [`scrub`] once it is
/// committed.
pub fn anonymise(tx: &Transaction<'_>, now_ms: u64, id: CustomerId) -> Result<Customer> {
    customers::get_any(tx, id)?;
    erase_around(tx, now_ms, id, Hlc::MAX)?;
    let hlc = customers::record_anonymisation(tx, now_ms, id)?;
    for c in with_aliases(tx, id)? {
        erase_row(tx, c, hlc.as_i64(), &[])?;
    }
    customers::get_any(tx, id)
}

/// [`anonymise`] in its own transaction, then [`scrub`]: what the front
/// desk's « Anonymiser » does.
pub fn anonymise_now(db: &mut Db, now_ms: u64, id: CustomerId) -> Result<Customer> {
    let customer = db.write(|tx| anonymise(tx, now_ms, id))?;
    scrub(db)?;
    Ok(customer)
}

/// Applies another station's anonymisation of customer `id`, made at `hlc`
/// by `device`: the same erasure as [`anonymise`], except for the fields of
/// the record written after it (a later edit, which every station keeps),
/// and the erased fields stamped with it so that older edits lose. Answers
/// `false` when the customer is not here yet (the operation waits).
pub(crate) fn apply_anonymisation(
    tx: &Transaction<'_>,
    id: CustomerId,
    hlc: Hlc,
    device: DeviceId,
    by: Option<&str>,
) -> Result<bool> {
    let row = id.to_string();
    let Some(kind) = tx
        .prepare_cached("SELECT kind FROM customers WHERE id = ?1")?
        .query_row([&row], |r| r.get::<_, String>(0))
        .optional()?
    else {
        return Ok(false);
    };
    let kind = customers::CustomerKind::parse(&kind).ok_or(Error::Corrupt("customers.kind"))?;
    let mut keep = Vec::new();
    for field in erased_values(kind).keys() {
        if stamps::field_hlc(tx, customers::ENTITY, &row, field)? > hlc.as_i64() {
            keep.push(field.clone());
        } else {
            stamps::stamp_field(tx, customers::ENTITY, &row, field, hlc, device, by)?;
        }
    }
    erase_around(tx, hlc.millis(), id, hlc)?;
    for c in with_aliases(tx, id)? {
        let kept: &[String] = if c == id { &keep } else { &[] };
        erase_row(tx, c, hlc.as_i64(), kept)?;
    }
    Ok(true)
}

/// Erases customer `id`'s personal data everywhere but in the rows of their
/// record and its aliases, which [`erase_row`] writes: the other tables'
/// fields, and every operation, audit entry, conflict and parked operation
/// that carried any of it. What was written at or after `before` (another
/// station's edit made after the anonymisation it had not heard of yet) is
/// new data and stays; here, everything is older than the anonymisation
/// about to be recorded ([`Hlc::MAX`]).
fn erase_around(tx: &Transaction<'_>, now_ms: u64, id: CustomerId, before: Hlc) -> Result<()> {
    let mut erasures = Vec::new();
    for c in with_aliases(tx, id)? {
        let kind = customers::get_any(tx, c)?.kind;
        erasures.push(Erasure {
            entity: customers::ENTITY,
            row_id: c.to_string(),
            values: erased_values(kind),
        });
        messages::erase_of_customer(tx, c)?;
    }
    for (table, values) in [
        ("orders", header::personal()),
        ("appointments", appointments::personal()),
        ("order_approvals", approval::personal()),
        ("invoices", draft::personal()),
        ("diagnosis_sessions", diagnosis::sessions::personal()),
        ("ratings", satisfaction::personal()),
    ] {
        let share = share_of(table).ok_or(Error::Corrupt("privacy share"))?;
        for key in footprint::keys(tx, share, id)? {
            let mut fields = Vec::new();
            for field in values.keys() {
                if stamps::field_hlc(tx, table, &key, field)? < before.as_i64() {
                    fields.push(field.clone());
                }
            }
            match table {
                "orders" => header::erase_personal(tx, &key, &fields)?,
                "appointments" => appointments::erase_personal(tx, &key, &fields)?,
                // Append-only: never edited after it was signed.
                "order_approvals" => approval::erase_personal(tx, now_ms, &key)?,
                "diagnosis_sessions" => diagnosis::sessions::erase_personal(tx, &key, &fields)?,
                // Append-only: its words erased, its score kept as a figure.
                "ratings" => satisfaction::erase_personal(tx, &key)?,
                _ => draft::erase_personal(tx, &key, &fields)?,
            }
            erasures.push(Erasure {
                entity: share.table,
                row_id: key,
                values: values.clone(),
            });
        }
    }
    outbox::erase(tx, &erasures, before)?;
    for e in &erasures {
        let mut fields: Vec<&str> = e.values.keys().map(String::as_str).collect();
        if e.entity == "invoices" {
            // The trail's copy of an issued invoice: the invoice itself
            // keeps its content, as the law asks.
            fields.push("content");
        }
        audit::erase(tx, now_ms, e.entity, &e.row_id, &fields, before)?;
    }
    sync::forget::erase(tx, now_ms, &erasures)
}

/// An operation of another station on a record of an anonymised customer,
/// written before the anonymisation (its `hlc` older) but arriving after
/// it: its personal fields are not to be stored again. Answers the payload
/// without them (an update) or with their erased values (an insert), or
/// `None` when it is not such an operation.
pub(crate) fn strip_older(
    tx: &Transaction<'_>,
    entity: &str,
    row_id: &str,
    payload: &Map<String, Value>,
    insert: bool,
    hlc: Hlc,
) -> Result<Option<Map<String, Value>>> {
    let personal = match entity {
        // The fields are the same for either kind; only the name's place differs.
        "customers" => erased_values(customers::CustomerKind::Individual),
        "orders" => header::personal(),
        "appointments" => appointments::personal(),
        "invoices" => draft::personal(),
        "order_approvals" => approval::personal(),
        "diagnosis_sessions" => diagnosis::sessions::personal(),
        _ => return Ok(None),
    };
    // Most operations carry none (a status, a line): no look-up for them.
    if !payload.keys().any(|k| personal.contains_key(k)) {
        return Ok(None);
    }
    let owner = |sql: &str, key: &str| -> Result<Option<String>> {
        if let Some(c) = payload.get("customer_id").and_then(Value::as_str)
            && key == row_id
        {
            return Ok(Some(c.to_owned()));
        }
        Ok(tx
            .prepare_cached(sql)?
            .query_row([key], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    };
    let customer = match entity {
        "customers" => Some(row_id.to_owned()),
        "orders" => owner("SELECT customer_id FROM orders WHERE id = ?1", row_id)?,
        "appointments" => owner("SELECT customer_id FROM appointments WHERE id = ?1", row_id)?,
        "invoices" => owner("SELECT customer_id FROM invoices WHERE id = ?1", row_id)?,
        "diagnosis_sessions" => owner(
            "SELECT o.customer_id FROM diagnosis_sessions s JOIN orders o ON o.id = s.order_id
              WHERE s.id = ?1",
            row_id,
        )?,
        _ => {
            let order = match payload.get("order_id").and_then(Value::as_str) {
                Some(o) => Some(o.to_owned()),
                None => tx
                    .prepare_cached("SELECT order_id FROM order_approvals WHERE id = ?1")?
                    .query_row([row_id], |r| r.get::<_, String>(0))
                    .optional()?,
            };
            match order {
                Some(o) => owner("SELECT customer_id FROM orders WHERE id = ?1", &o)?,
                None => None,
            }
        }
    };
    let Some(customer) = customer else {
        return Ok(None);
    };
    let found: Option<(Option<i64>, String)> = tx
        .prepare_cached("SELECT anonymised_at, kind FROM customers WHERE id = ?1")?
        .query_row([&customer], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(anonymised_at), kind)) = found else {
        return Ok(None);
    };
    if hlc.as_i64() >= anonymised_at {
        return Ok(None);
    }
    let personal = match entity {
        "customers" => erased_values(
            customers::CustomerKind::parse(&kind).ok_or(Error::Corrupt("customers.kind"))?,
        ),
        _ => personal,
    };
    let mut out = payload.clone();
    for (field, erased) in personal {
        if insert {
            if out.contains_key(&field) {
                out.insert(field, erased);
            }
        } else {
            out.remove(&field);
        }
    }
    if entity == "order_approvals" && insert {
        out.insert("erased_at".into(), Value::from(hlc.millis()));
    }
    Ok(Some(out))
}

/// The customers anonymised in this database, each with its
/// anonymisation's stamp: what a restore must not bring back.
pub(crate) fn anonymised(conn: &rusqlite::Connection) -> Result<Vec<(CustomerId, Hlc)>> {
    let mut stmt = conn.prepare(
        "SELECT id, anonymised_at FROM customers WHERE anonymised_at IS NOT NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at) = row?;
        out.push((
            id.parse().map_err(|_| Error::Corrupt("customers.id"))?,
            crate::device::stored_hlc(at)?,
        ));
    }
    Ok(out)
}

/// After a backup from before some anonymisations was restored: each
/// customer of `anonymised` (read from the database it replaced) that the
/// backup holds and not as anonymised is erased again, as when another
/// station's anonymisation arrives, then the file is scrubbed. Answers how
/// many were.
pub(crate) fn anonymise_again(db: &mut Db, anonymised: &[(CustomerId, Hlc)]) -> Result<usize> {
    let again = db.write(|tx| {
        let device = crate::device::device_id(tx)?;
        let mut again = 0;
        for (id, hlc) in anonymised {
            let known: Option<Option<i64>> = tx
                .prepare_cached("SELECT anonymised_at FROM customers WHERE id = ?1")?
                .query_row([id.to_string()], |r| r.get(0))
                .optional()?;
            if matches!(known, Some(at) if at.is_none_or(|at| at < hlc.as_i64()))
                && apply_anonymisation(tx, *id, *hlc, device, None)?
            {
                again += 1;
            }
        }
        Ok(again)
    })?;
    if again > 0 {
        scrub(db)?;
    }
    Ok(again)
}

/// What [`scrub`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Scrubbed {
    /// The file was rewritten (the first anonymisation on a database
    /// written by a version that left deleted data in its free space).
    pub vacuumed: bool,
    /// The write-ahead log was copied into the file and emptied.
    pub wal_emptied: bool,
}

/// Marks a database whose free space holds nothing deleted before it: one
/// created or rewritten since deleted content is overwritten (V19).
pub(crate) const CLEAN_KEY: &str = "privacy.free_space_clean";

/// After an anonymisation is committed, leaves nothing of what it erased in
/// the file. Deleted content is already overwritten as it goes
/// (`secure_delete`); what is left is the search index, which keeps a
/// rewritten document's old terms, marked deleted, until its segments
/// merge (merged here into one: 0.3 s for 20,000 customers and their
/// vehicles, where FTS5's own `secure-delete` would make every customer
/// edit 9 times slower), and the write-ahead log, which still holds the
/// pages as they were (emptied here). A database written by an earlier
/// version may hold deleted data in its free space: the first time, the
/// file is vacuumed too.
pub fn scrub(db: &mut Db) -> Result<Scrubbed> {
    let conn = db.conn();
    let mut out = Scrubbed::default();
    conn.execute_batch("INSERT INTO search_index (search_index) VALUES ('optimize')")?;
    let clean: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM local_settings WHERE key = ?1)")?
        .query_row([CLEAN_KEY], |r| r.get(0))?;
    if !clean {
        conn.execute_batch("VACUUM")?;
        db.write(|tx| {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO local_settings (key, value) VALUES (?1, '1')",
            )?
            .execute([CLEAN_KEY])?;
            Ok(())
        })?;
        out.vacuumed = true;
    }
    if db.path().is_some() {
        let (busy, log, copied): (i64, i64, i64) =
            db.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        out.wal_emptied = busy == 0 && log == copied;
    }
    Ok(out)
}

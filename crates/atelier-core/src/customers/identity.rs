//! One customer, one record: merging two records of the same person, and
//! anonymising one (GDPR). The duplicate guard is [`super::duplicates`].

use atelier_domain::CustomerId;
use rusqlite::{Connection, Transaction, params};
use serde_json::{Value, json};

use super::input::Fields;
use super::{Customer, CustomerError, CustomerKind, ENTITY, get, get_any, not_found};
use crate::outbox::{self, OpKind};
use crate::search;
use crate::{Error, Result};

/// Follows merge aliases to the customer that stands for `id` now.
pub fn resolve(conn: &Connection, id: CustomerId) -> Result<Customer> {
    let mut current = get_any(conn, id)?;
    // A chain longer than the number of merges ever made would be a cycle.
    for _ in 0..64 {
        match current.merged_into {
            Some(next) => current = get_any(conn, next)?,
            None if current.archived => return Err(not_found(id)),
            None => return Ok(current),
        }
    }
    Err(Error::Corrupt("customers.merged_into"))
}

/// Merges `remove` into `keep`: its vehicles, their ownership history and its
/// orders move to `keep`, and `remove` stays as an archived alias pointing at
/// `keep`. One operation records it, so every replica moves whatever vehicles
/// and orders it knows of.
pub fn merge(
    tx: &Transaction<'_>,
    now_ms: u64,
    keep: CustomerId,
    remove: CustomerId,
) -> Result<Customer> {
    if keep == remove {
        return Err(CustomerError::SameCustomer.into());
    }
    get(tx, keep)?;
    get(tx, remove)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &remove.to_string(),
        OpKind::Merge,
        &json!({ "into": keep.to_string() }),
        None,
    )?;
    apply_merge(tx, keep, remove, hlc.as_i64())?;
    get(tx, keep)
}

/// What a merge operation does, here or when it arrives from another site.
pub(crate) fn apply_merge(
    tx: &Transaction<'_>,
    keep: CustomerId,
    remove: CustomerId,
    stamp: i64,
) -> Result<()> {
    let (keep, remove) = (keep.to_string(), remove.to_string());
    tx.prepare_cached(
        "UPDATE vehicles SET customer_id = ?1, updated_at = ?3 WHERE customer_id = ?2",
    )?
    .execute(params![keep, remove, stamp])?;
    tx.prepare_cached(
        "UPDATE vehicle_owners SET customer_id = ?1, updated_at = ?3 WHERE customer_id = ?2",
    )?
    .execute(params![keep, remove, stamp])?;
    // Orders follow the customer; invoices keep their own copy of the name.
    tx.prepare_cached(
        "UPDATE orders SET customer_id = ?1, updated_at = ?3 WHERE customer_id = ?2",
    )?
    .execute(params![keep, remove, stamp])?;
    tx.prepare_cached(
        "UPDATE customers SET merged_into = ?1, deleted_at = ?3, updated_at = ?3 WHERE id = ?2",
    )?
    .execute(params![keep, remove, stamp])?;
    search::unindex(tx, search::Kind::Customer, &remove)
}

/// Wipes a customer's personal data at their request (GDPR art. 17) while
/// keeping the record, its id, its vehicles and every financial document, which
/// the law requires to be kept. Company identifiers are not personal data and stay.
pub fn anonymise(tx: &Transaction<'_>, now_ms: u64, id: CustomerId) -> Result<Customer> {
    let before = Fields::from_customer(&get(tx, id)?);
    let placeholder = Some(ANONYMOUS.to_owned());
    let after = Fields {
        civility: None,
        first_name: None,
        last_name: match before.kind {
            CustomerKind::Individual => placeholder.clone(),
            CustomerKind::Company => None,
        },
        company_name: match before.kind {
            CustomerKind::Company => placeholder,
            CustomerKind::Individual => None,
        },
        phone: None,
        phone_alt: None,
        email: None,
        address_line1: None,
        address_line2: None,
        postal_code: None,
        city: None,
        marketing_consent: false,
        marketing_consent_at: None,
        notes: None,
        ..before.clone()
    };
    let old = before.to_json();
    let mut changes = outbox::changes(&old, after.to_json());
    changes.insert("anonymised".into(), json!(true));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    super::write::store(tx, id, &after, hlc.as_i64())?;
    tx.prepare_cached("UPDATE customers SET anonymised_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    get(tx, id)
}

/// The name an anonymised customer keeps.
pub const ANONYMOUS: &str = "Client anonymisé";

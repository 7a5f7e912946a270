//! One customer, one record: merging two records of the same person, and
//! what anonymising one (GDPR) does to the record itself; the rest of the
//! erasure is [`crate::privacy`]'s. The duplicate guard is
//! [`super::duplicates`].

use atelier_domain::CustomerId;
use rusqlite::{Connection, Transaction, params};
use serde_json::{Value, json};

use super::input::Fields;
use super::{Customer, CustomerError, CustomerKind, ENTITY, get, get_any, not_found};
use crate::outbox::{self, OpKind};
use crate::search;
use crate::{Error, Result};
use serde_json::Map;

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

/// The customer's fields that are personal data, which an anonymisation
/// erases. A company's identifiers (SIREN, SIRET, VAT number, e-invoicing
/// address) are the company's, not a person's, and stay; so do the kind,
/// country, language and payment terms.
pub(crate) const PERSONAL: &[&str] = &[
    "civility",
    "first_name",
    "last_name",
    "company_name",
    "phone",
    "phone_alt",
    "email",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "marketing_consent",
    "marketing_consent_at",
    "notes",
];

/// What the [`PERSONAL`] fields of a customer of `kind` become: empty, no
/// consent, and [`ANONYMOUS`] as the name the record needs.
pub(crate) fn erased_values(kind: CustomerKind) -> Map<String, Value> {
    PERSONAL
        .iter()
        .map(|field| {
            let value = match (*field, kind) {
                ("last_name", CustomerKind::Individual)
                | ("company_name", CustomerKind::Company) => {
                    json!(ANONYMOUS)
                }
                ("marketing_consent", _) => json!(false),
                _ => Value::Null,
            };
            ((*field).to_owned(), value)
        })
        .collect()
}

/// Records the anonymisation of customer `id` (GDPR art. 17): one operation
/// setting every [`PERSONAL`] field to its erased value, marked
/// `anonymised`, whose audit entry says which fields held a value without
/// the values. Erases the record itself and its merged aliases
/// ([`erase_row`]) at the operation's stamp, which it answers. What else
/// holds the customer's data is erased by [`crate::privacy::anonymise`],
/// which calls this first.
pub(crate) fn record_anonymisation(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CustomerId,
) -> Result<atelier_domain::Hlc> {
    let before = get_any(tx, id)?;
    let old = Fields::from_customer(&before).to_json();
    let mut payload = erased_values(before.kind);
    let masked = crate::audit::masked(
        &payload
            .keys()
            .filter_map(|k| old.get(k).map(|v| (k.clone(), v.clone())))
            .collect(),
    );
    payload.insert("anonymised".into(), json!(true));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(payload),
        Some(&masked),
    )?;
    Ok(hlc)
}

/// Writes the erased values on customer `id`'s row but for the fields in
/// `keep` (written after the anonymisation, by another station), marks it
/// anonymised at `stamp` and refreshes its sort key and search document:
/// what an anonymisation does to the record, here or when it arrives.
pub(crate) fn erase_row(
    tx: &Transaction<'_>,
    id: CustomerId,
    stamp: i64,
    keep: &[String],
) -> Result<()> {
    let before = get_any(tx, id)?;
    let mut after = Fields::from_customer(&before).to_json();
    for (field, value) in erased_values(before.kind) {
        if !keep.contains(&field) {
            after.insert(field, value);
        }
    }
    let fields = Fields::from_payload(&after).ok_or(Error::Corrupt("customers"))?;
    super::write::store(tx, id, &fields, stamp)?;
    tx.prepare_cached("UPDATE customers SET anonymised_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), stamp])?;
    if before.archived {
        // Archived or merged away: out of search, as before.
        search::unindex(tx, search::Kind::Customer, &id.to_string())?;
    }
    Ok(())
}

/// The customer `id` and the aliases merged into it, at any depth: one
/// person's records.
pub(crate) fn with_aliases(conn: &Connection, id: CustomerId) -> Result<Vec<CustomerId>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE ids(id) AS (
             SELECT ?1 UNION SELECT c.id FROM customers c JOIN ids ON c.merged_into = ids.id)
         SELECT id FROM ids",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(
            row?.parse()
                .map_err(|_| Error::Corrupt("customers.merged_into"))?,
        );
    }
    Ok(out)
}

/// The name an anonymised customer keeps.
pub const ANONYMOUS: &str = "Client anonymisé";

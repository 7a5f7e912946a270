//! Creating, editing and archiving customers.

use atelier_domain::CustomerId;
use rusqlite::{Transaction, params};
use serde_json::{Value, json};

use super::duplicates::duplicates_of;
use super::input::{CustomerInput, Fields};
use super::{Customer, CustomerError, ENTITY, get, get_any};
use crate::Result;
use crate::outbox::{self, OpKind};
use crate::search;
use crate::text::today;

/// Creates a customer from what the form sent, or refuses it and writes nothing.
///
/// When another customer has the same phone, e-mail or SIREN, answers
/// [`CustomerError::Duplicate`] with the matches unless `confirm_duplicate` is set.
pub fn create(tx: &Transaction<'_>, now_ms: u64, input: &CustomerInput) -> Result<Customer> {
    let id = create_id(tx, now_ms, input)?;
    get(tx, id)
}

/// [`create`], answering only the new id: for bulk writers (import, demo
/// data) that do not show the record.
pub fn create_id(tx: &Transaction<'_>, now_ms: u64, input: &CustomerInput) -> Result<CustomerId> {
    let fields = Fields::parse(input, &today(now_ms), None)?;
    if !input.confirm_duplicate {
        let matches = duplicates_of(tx, &fields, None)?;
        if !matches.is_empty() {
            return Err(CustomerError::Duplicate { matches }.into());
        }
    }
    let id = CustomerId::new();
    insert(tx, now_ms, id, &fields)?;
    Ok(id)
}

/// Stores a new customer row with its operation and search entry. `fields`
/// must already be valid.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CustomerId,
    fields: &Fields,
) -> Result<()> {
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &Value::Object(fields.to_json()),
        None,
    )?;
    store(tx, id, fields, hlc.as_i64())
}

/// Replaces a customer's fields with what the form sent. Only the fields that
/// changed go into the operation, so another site's edit of a different field
/// survives the merge. Saving an unchanged form writes nothing.
pub fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CustomerId,
    input: &CustomerInput,
) -> Result<Customer> {
    let before = Fields::from_customer(&get(tx, id)?);
    let after = Fields::parse(input, &today(now_ms), Some(&before))?;
    let old = before.to_json();
    let changes = outbox::changes(&old, after.to_json());
    if changes.is_empty() {
        return get(tx, id);
    }
    let identity_changed = ["phone", "phone_alt", "email", "siren"]
        .iter()
        .any(|k| changes.contains_key(*k));
    if identity_changed && !input.confirm_duplicate {
        let matches = duplicates_of(tx, &after, Some(id))?;
        if !matches.is_empty() {
            return Err(CustomerError::Duplicate { matches }.into());
        }
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(&old),
    )?;
    store(tx, id, &after, hlc.as_i64())?;
    get(tx, id)
}

/// Writes every field of `fields` to the row (creating it, stamped
/// `updated_at`, if new) and refreshes its search entry.
pub(crate) fn store(
    tx: &Transaction<'_>,
    id: CustomerId,
    f: &Fields,
    updated_at: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO customers (id, kind, civility, first_name, last_name, company_name, siren,
                siret, vat_number, phone, phone_alt, email, address_line1, address_line2,
                postal_code, city, country, language, marketing_consent, marketing_consent_at,
                payment_terms_days, notes, sort_key, created_at, updated_at, einvoice_address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24, ?25)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, civility = excluded.civility,
                first_name = excluded.first_name, last_name = excluded.last_name,
                company_name = excluded.company_name, siren = excluded.siren,
                siret = excluded.siret, vat_number = excluded.vat_number, phone = excluded.phone,
                phone_alt = excluded.phone_alt, email = excluded.email,
                address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
                postal_code = excluded.postal_code, city = excluded.city,
                country = excluded.country, language = excluded.language,
                marketing_consent = excluded.marketing_consent,
                marketing_consent_at = excluded.marketing_consent_at,
                payment_terms_days = excluded.payment_terms_days, notes = excluded.notes,
                sort_key = excluded.sort_key, updated_at = excluded.updated_at,
                einvoice_address = excluded.einvoice_address",
    )?
    .execute(params![
        id.to_string(),
        f.kind.as_str(),
        f.civility.map(super::Civility::as_str),
        f.first_name,
        f.last_name,
        f.company_name,
        f.siren,
        f.siret,
        f.vat_number,
        f.phone,
        f.phone_alt,
        f.email,
        f.address_line1,
        f.address_line2,
        f.postal_code,
        f.city,
        f.country,
        f.language.as_str(),
        f.marketing_consent,
        f.marketing_consent_at,
        f.payment_terms_days,
        f.notes,
        f.sort_key(),
        updated_at,
        f.einvoice_address,
    ])?;
    search::index(
        tx,
        search::Kind::Customer,
        &id.to_string(),
        &search::Document::words(f.search_body()),
    )
}

/// Recomputes the sort key and the search entry of a customer whose row was
/// written by sync: both are derived here, never synced.
pub(crate) fn refresh_derived(tx: &Transaction<'_>, row_id: &str) -> Result<()> {
    let Ok(id) = row_id.parse::<CustomerId>() else {
        return Ok(());
    };
    let customer = get_any(tx, id)?;
    let fields = super::input::Fields::from_customer(&customer);
    tx.prepare_cached("UPDATE customers SET sort_key = ?2 WHERE id = ?1")?
        .execute(params![row_id, fields.sort_key()])?;
    let gone: bool = tx
        .prepare_cached(
            "SELECT deleted_at IS NOT NULL OR merged_into IS NOT NULL FROM customers WHERE id = ?1",
        )?
        .query_row([row_id], |r| r.get(0))?;
    if gone {
        search::unindex(tx, search::Kind::Customer, row_id)
    } else {
        search::index(
            tx,
            search::Kind::Customer,
            &id.to_string(),
            &search::Document::words(fields.search_body()),
        )
    }
}

/// Archives a customer: a tombstone, never a deletion. It leaves lists and
/// search; its vehicles and history stay.
pub fn archive(tx: &Transaction<'_>, now_ms: u64, id: CustomerId) -> Result<Customer> {
    get(tx, id)?;
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Delete,
        &json!({}),
        None,
    )?;
    tx.prepare_cached("UPDATE customers SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), hlc.as_i64()])?;
    search::unindex(tx, search::Kind::Customer, &id.to_string())?;
    get_any(tx, id)
}

/// A customer's derived data: its sort key and search document.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[ENTITY]
    }

    fn columns(
        &self,
        _entity: &str,
        _payload: &serde_json::Map<String, serde_json::Value>,
    ) -> Vec<(&'static str, rusqlite::types::Value)> {
        // Built from several fields: refreshed once the row is stored.
        vec![("sort_key", rusqlite::types::Value::Text(String::new()))]
    }

    fn fresh(
        &self,
        _entity: &str,
        row_id: &str,
        payload: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<crate::derive::Fresh> {
        // A row whose id is not a customer's derives nothing.
        row_id.parse::<CustomerId>().ok()?;
        let f = Fields::from_payload(payload)?;
        Some(crate::derive::Fresh {
            columns: vec![("sort_key", rusqlite::types::Value::Text(f.sort_key()))],
            search: (
                search::Kind::Customer,
                search::Document::words(f.search_body()),
            ),
        })
    }

    fn refresh(&self, tx: &Transaction<'_>, _entity: &str, row_id: &str) -> Result<()> {
        refresh_derived(tx, row_id)
    }
}

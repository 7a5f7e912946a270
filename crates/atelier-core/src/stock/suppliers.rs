//! Suppliers, and what each asks for a part under its own reference.

use atelier_domain::{Locale, Money, PartId, PartSupplierId, SupplierId};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::refs::index_part;
use crate::access::{Action, Actor};
use crate::amounts::parse_price;
use crate::outbox::{self, OpKind};
use crate::text::clean;
use crate::validation::{self, Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const ENTITY: &str = "suppliers";
const LINKS: &str = "part_suppliers";

/// A supplier of parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Supplier {
    /// Its id.
    pub id: SupplierId,
    /// Its name.
    pub name: String,
    /// Where purchase orders are e-mailed.
    pub email: Option<String>,
    /// Its phone, E.164.
    pub phone: Option<String>,
    /// Account number, delivery rounds…
    pub notes: Option<String>,
    /// Its VAT number (FR…), by which its e-invoices are recognised.
    pub vat_number: Option<String>,
    /// Its SIREN, by which its e-invoices are recognised too.
    pub siren: Option<String>,
}

/// A supplier as typed in its form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SupplierInput {
    /// Name (required).
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// VAT number.
    pub vat_number: Option<String>,
    /// SIREN (nine digits; a SIRET's first nine are taken).
    pub siren: Option<String>,
}

/// A supplier's offer for one part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartSupplier {
    /// The link's id.
    pub id: PartSupplierId,
    /// The supplier.
    pub supplier_id: SupplierId,
    /// Its name.
    pub supplier_name: String,
    /// The part's reference in the supplier's catalogue.
    pub supplier_reference: Option<String>,
    /// Its price HT; `None` only when hidden by
    /// [`PartSupplier::for_viewer`].
    #[serde(rename = "price_cents")]
    pub price: Option<Money>,
    /// The supplier low-stock suggestions order from.
    pub preferred: bool,
}

impl PartSupplier {
    /// The link as `actor` may see it: without the supplier's price unless
    /// they may see prices.
    pub fn for_viewer(self, actor: &Actor) -> PartSupplier {
        if actor.may(Action::SeePrices) {
            return self;
        }
        PartSupplier {
            price: None,
            ..self
        }
    }
}

/// Adds a supplier.
pub fn create_supplier(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &SupplierInput,
) -> Result<Supplier> {
    let name =
        clean(input.name.as_deref()).ok_or(Invalid::new(Field::SupplierName, Problem::Required))?;
    max_len(Field::SupplierName, Some(&name), 100)?;
    let email = validation::email(Field::Email, input.email.as_deref())?;
    let phone = validation::phone(Field::Phone, input.phone.as_deref())?;
    let notes = clean(input.notes.as_deref());
    max_len(Field::Notes, notes.as_deref(), 1000)?;
    let vat_number = vat_number(input.vat_number.as_deref());
    max_len(Field::VatNumber, vat_number.as_deref(), 20)?;
    let siren = siren(input.siren.as_deref());
    let id = SupplierId::new();
    let mut payload = json!({ "name": name, "email": email, "phone": phone, "notes": notes });
    // Written only when known, so a station of the version before them
    // parks no unknown field for a supplier that has none.
    if vat_number.is_some() {
        payload["vat_number"] = json!(vat_number);
    }
    if siren.is_some() {
        payload["siren"] = json!(siren);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO suppliers (id, name, email, phone, notes, vat_number, siren, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        id.to_string(),
        name,
        email,
        phone,
        notes,
        vat_number,
        siren,
        hlc.as_i64()
    ])?;
    get_supplier(tx, id)
}

/// A VAT number as compared: upper case, without spaces or dots.
pub(crate) fn vat_number(text: Option<&str>) -> Option<String> {
    clean(text)
        .map(|v| {
            v.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_uppercase()
        })
        .filter(|v| !v.is_empty())
}

/// A SIREN as compared: the first nine digits of what was typed (a SIRET
/// gives its SIREN), `None` when there are fewer.
pub(crate) fn siren(text: Option<&str>) -> Option<String> {
    let digits: String = clean(text)?.chars().filter(char::is_ascii_digit).collect();
    digits.get(..9).map(str::to_owned)
}

/// Records the VAT number and SIREN an e-invoice gave for a supplier that
/// had none, so its next invoices are recognised by them.
pub(crate) fn learn_identity(
    tx: &Transaction<'_>,
    now_ms: u64,
    supplier: SupplierId,
    vat: Option<&str>,
    siren_text: Option<&str>,
) -> Result<()> {
    let before = get_supplier(tx, supplier)?;
    let mut changes = serde_json::Map::new();
    let mut old = serde_json::Map::new();
    if before.vat_number.is_none()
        && let Some(v) = vat_number(vat)
    {
        changes.insert("vat_number".into(), json!(v));
        old.insert("vat_number".into(), Value::Null);
    }
    if before.siren.is_none()
        && let Some(s) = siren(siren_text)
    {
        changes.insert("siren".into(), json!(s));
        old.insert("siren".into(), Value::Null);
    }
    if changes.is_empty() {
        return Ok(());
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &supplier.to_string(),
        OpKind::Update,
        &Value::Object(changes.clone()),
        Some(&old),
    )?;
    tx.prepare_cached(
        "UPDATE suppliers SET vat_number = COALESCE(vat_number, ?2), siren = COALESCE(siren, ?3),
                updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        supplier.to_string(),
        changes.get("vat_number").and_then(Value::as_str),
        changes.get("siren").and_then(Value::as_str),
        hlc.as_i64()
    ])?;
    Ok(())
}

/// Every live supplier, by name.
pub fn list_suppliers(conn: &Connection) -> Result<Vec<Supplier>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, email, phone, notes, vat_number, siren FROM suppliers WHERE deleted_at IS NULL
         ORDER BY name COLLATE NOCASE",
    )?;
    stmt.query_map([], supplier_row)?
        .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

/// One live supplier.
pub(crate) fn get_supplier(conn: &Connection, id: SupplierId) -> Result<Supplier> {
    conn.prepare_cached(
        "SELECT id, name, email, phone, notes, vat_number, siren FROM suppliers
          WHERE id = ?1 AND deleted_at IS NULL",
    )?
    .query_row([id.to_string()], supplier_row)
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "supplier",
        id: id.to_string(),
    })?
}

fn supplier_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Supplier>> {
    let id: String = r.get(0)?;
    let Ok(id) = id.parse() else {
        return Ok(Err(Error::Corrupt("suppliers.id")));
    };
    Ok(Ok(Supplier {
        id,
        name: r.get(1)?,
        email: r.get(2)?,
        phone: r.get(3)?,
        notes: r.get(4)?,
        vat_number: r.get(5)?,
        siren: r.get(6)?,
    }))
}

/// Records that `supplier` sells `part` under `reference` at `price` HT; a
/// preferred supplier becomes the only preferred one of the part.
#[allow(clippy::too_many_arguments, reason = "one argument per form field")]
pub fn link_supplier(
    tx: &Transaction<'_>,
    now_ms: u64,
    part_id: PartId,
    supplier: SupplierId,
    reference: Option<&str>,
    price: &str,
    preferred: bool,
    locale: Locale,
) -> Result<PartSupplier> {
    super::part::get_part(tx, part_id)?;
    let part = part_id.to_string();
    let part = part.as_str();
    get_supplier(tx, supplier).map_err(|_| Invalid::new(Field::Supplier, Problem::Required))?;
    let reference = clean(reference);
    max_len(Field::SupplierReference, reference.as_deref(), 60)?;
    let price = parse_price(price, Field::UnitPrice, locale)?.cents();
    if preferred {
        let mut stmt = tx.prepare_cached(
            "SELECT id FROM part_suppliers WHERE part_id = ?1 AND preferred = 1 AND deleted_at IS NULL",
        )?;
        let others = stmt
            .query_map([part], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for other in others {
            let hlc = outbox::record(
                tx,
                now_ms,
                LINKS,
                &other,
                OpKind::Update,
                &json!({ "preferred": false }),
                Some(&serde_json::Map::from_iter([(
                    "preferred".to_owned(),
                    json!(true),
                )])),
            )?;
            tx.prepare_cached(
                "UPDATE part_suppliers SET preferred = 0, updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![other, hlc.as_i64()])?;
        }
    }
    let id = PartSupplierId::new();
    let hlc = outbox::record(
        tx,
        now_ms,
        LINKS,
        &id.to_string(),
        OpKind::Insert,
        &json!({ "part_id": part, "supplier_id": supplier, "supplier_reference": reference,
                 "price_cents": price, "preferred": preferred }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO part_suppliers (id, part_id, supplier_id, supplier_reference, price_cents,
                preferred, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        id.to_string(),
        part,
        supplier.to_string(),
        reference,
        price,
        preferred,
        hlc.as_i64()
    ])?;
    index_part(tx, part)?;
    of_part(tx, part_id)?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(Error::Corrupt("part_suppliers"))
}

/// Removes a supplier's offer for a part (a tombstone).
pub fn unlink_supplier(tx: &Transaction<'_>, now_ms: u64, link: PartSupplierId) -> Result<()> {
    let link = link.to_string();
    let link = link.as_str();
    let part: String = tx
        .prepare_cached("SELECT part_id FROM part_suppliers WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([link], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "part supplier",
            id: link.to_owned(),
        })?;
    let hlc = outbox::record(
        tx,
        now_ms,
        LINKS,
        link,
        OpKind::Delete,
        &Value::Object(Default::default()),
        None,
    )?;
    tx.prepare_cached("UPDATE part_suppliers SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
        .execute(params![link, hlc.as_i64()])?;
    index_part(tx, &part)
}

/// Who sells a part: the preferred supplier first, then the cheapest.
pub(crate) fn of_part(conn: &Connection, part: PartId) -> Result<Vec<PartSupplier>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.supplier_id, s.name, l.supplier_reference, l.price_cents, l.preferred
           FROM part_suppliers l JOIN suppliers s ON s.id = l.supplier_id
          WHERE l.part_id = ?1 AND l.deleted_at IS NULL AND s.deleted_at IS NULL
          ORDER BY l.preferred DESC, l.price_cents, s.name",
    )?;
    stmt.query_map([part.to_string()], |r| {
        let (link, supplier): (String, String) = (r.get(0)?, r.get(1)?);
        let (Ok(id), Ok(supplier_id)) = (link.parse(), supplier.parse()) else {
            return Ok(Err(Error::Corrupt("part_suppliers")));
        };
        Ok(Ok(PartSupplier {
            id,
            supplier_id,
            supplier_name: r.get(2)?,
            supplier_reference: r.get(3)?,
            price: r.get::<_, Option<i64>>(4)?.map(Money::from_cents),
            preferred: r.get(5)?,
        }))
    })?
    .collect::<rusqlite::Result<Result<Vec<_>>>>()?
}

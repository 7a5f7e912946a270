//! The parts catalogue: what a part is, what it costs and sells for, where it
//! sits at each site and when to order more. Master data, synced per field.

use atelier_domain::{Locale, Money, PartId, Quantity, SiteId, VatRate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::equivalents::{Equivalent, equivalents, parse_equivalents, save_equivalents};
use super::movements::{self, Level, Movement};
use super::part_sites::{SiteFields, site_settings};
use super::refs::{index_part, is_ean, normalise_reference};
use super::suppliers::{self, PartSupplier};
use crate::Result;
use crate::access::Actor;
use crate::amounts::{parse_milli, parse_percent, parse_price};
use crate::outbox::{self, OpKind};
use crate::text::{clean, fold};
use crate::validation::{Field, Invalid, Problem, max_len};

pub use super::part::{Part, PartInput, TEXT_MAX, Unit, get_part};

pub(crate) const ENTITY: &str = "parts";
const DESCRIPTION_MAX: usize = 300;
/// How many movements the part page shows.
const PAGE_MOVEMENTS: u32 = 100;

/// A part at one site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartSite {
    /// The site.
    pub site_id: SiteId,
    /// Its name.
    pub site_name: String,
    /// Where the part sits there.
    pub bin: Option<String>,
    /// Below this (on hand + on order), order more.
    #[serde(rename = "reorder_point_milli")]
    pub reorder_point: Option<Quantity>,
    /// How much to order.
    #[serde(rename = "reorder_qty_milli")]
    pub reorder_qty: Option<Quantity>,
    /// The stock there.
    pub level: Level,
}

/// Everything the part page shows; [`part_page`] leaves every price, cost
/// and supplier price out for someone who may not see prices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartPage {
    /// The part.
    pub part: Part,
    /// Its stock and settings per site.
    pub sites: Vec<PartSite>,
    /// Its latest movements, at every site, newest first.
    pub movements: Vec<Movement>,
    /// Who sells it, at what price.
    pub suppliers: Vec<PartSupplier>,
    /// Its equivalent references.
    pub equivalents: Vec<Equivalent>,
}

struct Checked {
    reference: String,
    oem_reference: Option<String>,
    ean: Option<String>,
    brand: Option<String>,
    description: String,
    category: Option<String>,
    unit: Unit,
    cost_cents: i64,
    sale_cents: Option<i64>,
    vat_bp: u32,
    active: bool,
}

impl Checked {
    fn to_json(&self) -> Map<String, Value> {
        let Value::Object(map) = json!({
            "reference": self.reference, "oem_reference": self.oem_reference, "ean": self.ean,
            "brand": self.brand, "description": self.description, "category": self.category,
            "unit": self.unit.as_str(), "cost_cents": self.cost_cents,
            "sale_cents": self.sale_cents, "vat_bp": self.vat_bp, "active": self.active,
        }) else {
            unreachable!("a json! object is an object")
        };
        map
    }

    fn of(p: &Part) -> Checked {
        Checked {
            reference: p.reference.clone(),
            oem_reference: p.oem_reference.clone(),
            ean: p.ean.clone(),
            brand: p.brand.clone(),
            description: p.description.clone(),
            category: p.category.clone(),
            unit: p.unit,
            cost_cents: p.cost(),
            sale_cents: p.sale.map(Money::cents),
            vat_bp: p.vat.bp(),
            active: p.active,
        }
    }

    fn parse(input: &PartInput, before: Option<&Part>, locale: Locale) -> Result<Checked, Invalid> {
        // On an update a field left out keeps its value; one sent blank clears it.
        let pick = |typed: &Option<String>, old: Option<&Option<String>>| -> Option<String> {
            match (typed, old) {
                (None, Some(old)) => old.clone(),
                (typed, _) => clean(typed.as_deref()),
            }
        };
        let old = |f: fn(&Part) -> &Option<String>| before.map(f);
        let reference = pick(
            &input.reference,
            before.map(|p| Some(p.reference.clone())).as_ref(),
        )
        .ok_or(Invalid::new(Field::Reference, Problem::Required))?;
        max_len(Field::Reference, Some(&reference), TEXT_MAX)?;
        if normalise_reference(&reference).is_empty() {
            return Err(Invalid::new(Field::Reference, Problem::Required));
        }
        let oem_reference = pick(&input.oem_reference, old(|p| &p.oem_reference));
        max_len(Field::OemReference, oem_reference.as_deref(), TEXT_MAX)?;
        let ean = pick(&input.ean, old(|p| &p.ean))
            .map(|e| e.chars().filter(|c| !c.is_whitespace()).collect::<String>());
        if let Some(e) = &ean
            && !is_ean(e)
        {
            return Err(Invalid::new(Field::Ean, Problem::Ean));
        }
        let brand = pick(&input.brand, old(|p| &p.brand));
        max_len(Field::Brand, brand.as_deref(), TEXT_MAX)?;
        let description = pick(
            &input.description,
            before.map(|p| Some(p.description.clone())).as_ref(),
        )
        .ok_or(Invalid::new(Field::Description, Problem::Required))?;
        max_len(Field::Description, Some(&description), DESCRIPTION_MAX)?;
        let category = pick(&input.category, old(|p| &p.category));
        max_len(Field::Category, category.as_deref(), TEXT_MAX)?;
        let unit = match clean(input.unit.as_deref()) {
            Some(u) => Unit::parse(&u).ok_or(Invalid::new(Field::Unit, Problem::NotAllowed))?,
            None => before.map_or(Unit::Piece, |p| p.unit),
        };
        let cost_cents = match clean(input.cost_price.as_deref()) {
            Some(t) => parse_price(&t, Field::CostPrice, locale)?.cents(),
            None if input.cost_price.is_some() => 0,
            None => before.map_or(0, Part::cost),
        };
        let sale_cents = match (&input.sale_price, before) {
            (None, Some(p)) => p.sale.map(Money::cents),
            (typed, _) => clean(typed.as_deref())
                .map(|t| parse_price(&t, Field::SalePrice, locale).map(|m| m.cents()))
                .transpose()?,
        };
        let vat_bp = match clean(input.vat.as_deref()) {
            Some(t) => parse_percent(&t, Field::Vat)?.bp(),
            None => before.map_or(VatRate::STANDARD.bp(), |p| p.vat.bp()),
        };
        let active = input.active.or(before.map(|p| p.active)).unwrap_or(true);
        Ok(Checked {
            reference,
            oem_reference,
            ean,
            brand,
            description,
            category,
            unit,
            cost_cents,
            sale_cents,
            vat_bp,
            active,
        })
    }
}

/// Adds a part to the catalogue, with its bin and reorder settings at `site`
/// (this workstation's when `None`).
pub fn create_part(
    tx: &Transaction<'_>,
    now_ms: u64,
    site: Option<SiteId>,
    input: &PartInput,
    locale: Locale,
) -> Result<Part> {
    let site = super::sites::site_or_here(tx, site)?;
    let c = Checked::parse(input, None, locale)?;
    let site_fields = SiteFields::parse(input, None)?;
    let equivalents = parse_equivalents(input.equivalents.as_deref())?;
    refuse_taken_reference(tx, &c.reference, None)?;
    let part = PartId::new();
    let id = part.to_string();
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id,
        OpKind::Insert,
        &Value::Object(c.to_json()),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO parts (id, reference, reference_key, oem_reference, ean, brand, description,
                category, category_key, unit, cost_cents, sale_cents, vat_bp, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
    )?
    .execute(params![
        id,
        c.reference,
        normalise_reference(&c.reference),
        c.oem_reference,
        c.ean,
        c.brand,
        c.description,
        c.category,
        c.category.as_deref().map(fold),
        c.unit.as_str(),
        c.cost_cents,
        c.sale_cents,
        c.vat_bp,
        c.active,
        hlc.as_i64()
    ])?;
    site_fields.save(tx, now_ms, &id, site)?;
    if let Some(list) = equivalents {
        save_equivalents(tx, now_ms, &id, &list)?;
    }
    index_part(tx, &id)?;
    get_part(tx, part)
}

/// Recomputes the search keys and the search entry of a part whose row was
/// written by sync: derived here, never synced.
pub(crate) fn refresh_derived(tx: &Transaction<'_>, row_id: &str) -> Result<()> {
    let (reference, category): (String, Option<String>) = tx
        .prepare_cached("SELECT reference, category FROM parts WHERE id = ?1")?
        .query_row([row_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tx.prepare_cached("UPDATE parts SET reference_key = ?2, category_key = ?3 WHERE id = ?1")?
        .execute(params![
            row_id,
            normalise_reference(&reference),
            category.as_deref().map(fold)
        ])?;
    index_part(tx, row_id)
}

/// Saves the form over a part; only the changed fields travel.
pub fn update_part(
    tx: &Transaction<'_>,
    now_ms: u64,
    part_id: PartId,
    site: Option<SiteId>,
    input: &PartInput,
    locale: Locale,
) -> Result<Part> {
    let site = super::sites::site_or_here(tx, site)?;
    let part = get_part(tx, part_id)?;
    let id = part_id.to_string();
    let id = id.as_str();
    let before = Checked::of(&part);
    let after = Checked::parse(input, Some(&part), locale)?;
    let site_fields = SiteFields::parse(input, site_settings(tx, id, site)?.as_ref())?;
    let equivalents = parse_equivalents(input.equivalents.as_deref())?;
    refuse_taken_reference(tx, &after.reference, Some(id))?;
    let old = before.to_json();
    let changes = outbox::changes(&old, after.to_json());
    if !changes.is_empty() {
        let hlc = outbox::record(
            tx,
            now_ms,
            ENTITY,
            id,
            OpKind::Update,
            &Value::Object(changes),
            Some(&old),
        )?;
        tx.prepare_cached(
            "UPDATE parts SET reference = ?2, reference_key = ?3, oem_reference = ?4, ean = ?5,
                    brand = ?6, description = ?7, category = ?8, category_key = ?9, unit = ?10,
                    cost_cents = ?11, sale_cents = ?12, vat_bp = ?13, active = ?14, updated_at = ?15
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            after.reference,
            normalise_reference(&after.reference),
            after.oem_reference,
            after.ean,
            after.brand,
            after.description,
            after.category,
            after.category.as_deref().map(fold),
            after.unit.as_str(),
            after.cost_cents,
            after.sale_cents,
            after.vat_bp,
            after.active,
            hlc.as_i64()
        ])?;
    }
    site_fields.save(tx, now_ms, id, site)?;
    if let Some(list) = equivalents {
        save_equivalents(tx, now_ms, id, &list)?;
    }
    index_part(tx, id)?;
    get_part(tx, part_id)
}

fn refuse_taken_reference(conn: &Connection, reference: &str, own: Option<&str>) -> Result<()> {
    let other: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM parts WHERE reference_key = ?1 AND deleted_at IS NULL AND id IS NOT ?2",
        )?
        .query_row(params![normalise_reference(reference), own], |r| r.get(0))
        .optional()?;
    match other {
        Some(_) => Err(Invalid::new(Field::Reference, Problem::ReferenceTaken).into()),
        None => Ok(()),
    }
}

/// Sets the markup of a category: parts of it without their own sale price
/// sell at cost plus `markup` percent.
pub fn set_category_markup(
    tx: &Transaction<'_>,
    now_ms: u64,
    category: &str,
    markup: &str,
) -> Result<()> {
    let name = clean(Some(category)).ok_or(Invalid::new(Field::Category, Problem::Required))?;
    max_len(Field::Category, Some(&name), TEXT_MAX)?;
    let text = markup.trim().trim_end_matches('%').trim();
    if text.starts_with('-') {
        return Err(Invalid::new(Field::Markup, Problem::Negative).into());
    }
    // A markup may pass 100 %: read it as thousandths of a percent point.
    let milli = parse_milli(text, Field::Markup)?;
    let bp = milli / 10;
    let key = fold(&name);
    let hlc = outbox::record(
        tx,
        now_ms,
        "part_categories",
        &key,
        OpKind::Update,
        &json!({ "name": name, "markup_bp": bp }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO part_categories (key, name, markup_bp, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, markup_bp = excluded.markup_bp,
             updated_at = excluded.updated_at",
    )?
    .execute(params![key, name, bp, hlc.as_i64()])?;
    Ok(())
}

/// The part page: the part, its stock per site, its movements, suppliers and
/// equivalents, as `actor` may see them: no cost, sale price, average cost,
/// stock value or supplier price for someone without [`crate::access::Action::SeePrices`].
pub fn part_page(conn: &Connection, actor: &Actor, part_id: PartId) -> Result<PartPage> {
    let part = get_part(conn, part_id)?;
    let id = part_id.to_string();
    let id = id.as_str();
    let mut sites = Vec::new();
    for site in super::sites::list_sites(conn)? {
        let settings = site_settings(conn, id, site.id)?;
        let level = movements::level(conn, part_id, site.id)?;
        if settings.is_none() && level.movements == 0 && site.id.to_string() != super::MAIN_SITE {
            continue;
        }
        let s = settings.unwrap_or_default();
        sites.push(PartSite {
            site_id: site.id,
            site_name: site.name,
            bin: s.bin,
            reorder_point: s.reorder_point,
            reorder_qty: s.reorder_qty,
            level: level.for_viewer(actor),
        });
    }
    Ok(PartPage {
        movements: movements::history(conn, part_id, None, PAGE_MOVEMENTS)?
            .into_iter()
            .map(|m| m.for_viewer(actor))
            .collect(),
        suppliers: suppliers::of_part(conn, part_id)?
            .into_iter()
            .map(|s| s.for_viewer(actor))
            .collect(),
        equivalents: equivalents(conn, id)?,
        sites,
        part: part.for_viewer(actor),
    })
}

/// A part's derived data: its reference key, and what finds it by a
/// supplier's or an equivalent reference.
pub(crate) struct Derived;

impl crate::derive::Derive for Derived {
    fn tables(&self) -> &'static [&'static str] {
        &[ENTITY, "part_suppliers", "part_equivalents"]
    }

    fn columns(
        &self,
        entity: &str,
        payload: &Map<String, Value>,
    ) -> Vec<(&'static str, rusqlite::types::Value)> {
        if entity != ENTITY {
            return Vec::new();
        }
        let reference = payload
            .get("reference")
            .and_then(Value::as_str)
            .unwrap_or_default();
        vec![(
            "reference_key",
            rusqlite::types::Value::Text(normalise_reference(reference)),
        )]
    }

    fn refresh(&self, tx: &Transaction<'_>, entity: &str, row_id: &str) -> Result<()> {
        if entity == ENTITY {
            return refresh_derived(tx, row_id);
        }
        // A supplier's or an equivalent reference finds its part.
        let part: Option<String> = tx
            .prepare_cached(&format!("SELECT part_id FROM {entity} WHERE id = ?1"))?
            .query_row([row_id], |r| r.get(0))
            .optional()?;
        match part {
            Some(part) => refresh_derived(tx, &part),
            None => Ok(()),
        }
    }
}

/// Sets a part's cost price HT to `cost_cents`, as a supplier's accepted
/// invoice charged it; nothing is recorded when it is already that.
pub(crate) fn set_cost(
    tx: &Transaction<'_>,
    now_ms: u64,
    part: &str,
    cost_cents: i64,
) -> Result<()> {
    let cost_cents = cost_cents.max(0);
    let before: i64 = tx
        .prepare_cached("SELECT cost_cents FROM parts WHERE id = ?1")?
        .query_row([part], |r| r.get(0))?;
    if before == cost_cents {
        return Ok(());
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        part,
        OpKind::Update,
        &json!({ "cost_cents": cost_cents }),
        Some(&Map::from_iter([("cost_cents".to_owned(), json!(before))])),
    )?;
    tx.prepare_cached("UPDATE parts SET cost_cents = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![part, cost_cents, hlc.as_i64()])?;
    Ok(())
}

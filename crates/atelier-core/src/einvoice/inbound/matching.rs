//! Matching a received invoice to the open purchase order it bills, showing
//! the differences line by line, and the decision: accept (receive the
//! invoiced quantities into stock at the invoiced prices) or reject.

use std::collections::HashMap;

use atelier_domain::{
    Money, PartId, PurchaseId, PurchaseLineId, Quantity, SupplierId, SupplierInvoiceId,
};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::error::InboundError;
use super::store::{ENTITY, Status, SupplierInvoice, get, page};
use crate::outbox::{self, OpKind};
use crate::stock::{self, PurchaseOrder, PurchaseStatus, normalise_reference};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, text::clean};

/// How the purchase order was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderBy {
    /// The invoice names it (BT-13, the buyer's order reference).
    Reference,
    /// Most of the invoice's parts are on it.
    Lines,
}

/// The purchase order an invoice was matched to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderRef {
    /// Its id.
    pub id: PurchaseId,
    /// Its number.
    pub number: String,
    /// Where it is in its life.
    pub status: PurchaseStatus,
}

/// One invoice line beside the order line it bills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineMatch {
    /// The invoice line's position.
    pub position: u32,
    /// The supplier's reference.
    pub supplier_reference: Option<String>,
    /// The supplier's name for it.
    pub name: String,
    /// The workshop's part, when its reference is known.
    pub part_id: Option<PartId>,
    /// That part's own reference.
    pub part_reference: Option<String>,
    /// The order line it bills, when on the order.
    pub purchase_line_id: Option<PurchaseLineId>,
    /// Ordered on that line.
    #[serde(rename = "ordered_milli")]
    pub ordered: Option<Quantity>,
    /// Already received on it.
    #[serde(rename = "received_milli")]
    pub received: Option<Quantity>,
    /// Invoiced.
    #[serde(rename = "invoiced_milli")]
    pub invoiced: Quantity,
    /// The order's unit cost HT.
    #[serde(rename = "ordered_price_cents")]
    pub ordered_price: Option<Money>,
    /// The invoiced net unit price HT.
    #[serde(rename = "invoiced_price_cents")]
    pub invoiced_price: Money,
    /// The invoiced quantity is not what was still owed on the order line.
    pub quantity_differs: bool,
    /// The invoiced price is not the order's.
    pub price_differs: bool,
}

/// An order line the invoice does not bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotInvoiced {
    /// The order line.
    pub purchase_line_id: PurchaseLineId,
    /// The part's reference.
    pub reference: String,
    /// What it is.
    pub description: String,
    /// Still owed on it.
    #[serde(rename = "outstanding_milli")]
    pub outstanding: Quantity,
}

/// A received invoice against the open purchase order it bills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matching {
    /// The invoice.
    pub invoice: SupplierInvoice,
    /// The order, when one matches.
    pub purchase_order: Option<OrderRef>,
    /// How it was found.
    pub by: Option<OrderBy>,
    /// Every invoice line, with its order line if any.
    pub lines: Vec<LineMatch>,
    /// Order lines still owed that the invoice does not bill.
    pub not_invoiced: Vec<NotInvoiced>,
}

impl Matching {
    /// Whether every invoice line is on the order at its quantity and price.
    pub fn exact(&self) -> bool {
        self.purchase_order.is_some()
            && self
                .lines
                .iter()
                .all(|l| l.purchase_line_id.is_some() && !l.quantity_differs && !l.price_differs)
    }
}

/// Matches the received invoice `id` to an open purchase order of its
/// supplier: the one its BT-13 names (by number or id), else the one
/// holding the most of its parts (each line's part found by the supplier's
/// reference on the part's supplier links, else by the part's own, OEM or
/// barcode reference). For an accepted invoice, the order it was received
/// against.
pub fn matching(conn: &Connection, id: SupplierInvoiceId) -> Result<Matching> {
    let page = page(conn, id)?;
    let inv = page.invoice;
    let links = supplier_links(conn, inv.supplier_id)?;
    let mut parts = Vec::with_capacity(page.lines.len());
    for l in &page.lines {
        let by_link = l
            .supplier_reference
            .as_deref()
            .map(normalise_reference)
            .and_then(|k| links.get(&k).copied());
        let part = match (by_link, l.supplier_reference.as_deref()) {
            (Some(p), _) => Some(p),
            (None, Some(r)) => stock::by_reference(conn, r)?
                .map(|p| p.parse().map_err(|_| Error::Corrupt("part_refs.part_id")))
                .transpose()?,
            (None, None) => None,
        };
        parts.push(part);
    }
    let orders: Vec<PurchaseOrder> = match inv.purchase_order_id {
        Some(po) => vec![stock::get_purchase(conn, po)?],
        None => stock::list_purchases(conn, None, true)?
            .into_iter()
            .filter(|po| po.supplier_id == inv.supplier_id)
            .collect(),
    };
    let named = inv.order_reference.as_deref().map(normalise_reference);
    let (order, by) = match orders.iter().find(|po| {
        named
            .as_deref()
            .is_some_and(|n| !n.is_empty() && normalise_reference(&po.number) == n)
            || inv.order_reference.as_deref().map(str::trim) == Some(po.id.to_string().as_str())
            || inv.purchase_order_id == Some(po.id)
    }) {
        Some(po) => (Some(po), Some(OrderBy::Reference)),
        None => {
            let held = |po: &PurchaseOrder| {
                parts
                    .iter()
                    .flatten()
                    .filter(|p| po.lines.iter().any(|l| l.part_id == **p))
                    .count()
            };
            match orders.iter().max_by_key(|po| held(po)) {
                Some(po) if held(po) > 0 => (Some(po), Some(OrderBy::Lines)),
                _ => (None, None),
            }
        }
    };
    let references: HashMap<PartId, String> = match order {
        Some(po) => po
            .lines
            .iter()
            .map(|l| (l.part_id, l.reference.clone()))
            .collect(),
        None => HashMap::new(),
    };
    let mut used = Vec::new();
    let mut lines = Vec::with_capacity(page.lines.len());
    for (l, part) in page.lines.iter().zip(parts) {
        let on_order = order.and_then(|po| {
            po.lines
                .iter()
                .find(|pl| Some(pl.part_id) == part && !used.contains(&pl.id))
        });
        if let Some(pl) = on_order {
            used.push(pl.id);
        }
        let outstanding =
            on_order.map(|pl| pl.quantity.saturating_sub(pl.received).max(Quantity::ZERO));
        let part_reference = match part {
            Some(p) => match references.get(&p) {
                Some(r) => Some(r.clone()),
                None => part_reference(conn, p)?,
            },
            None => None,
        };
        lines.push(LineMatch {
            position: l.position,
            supplier_reference: l.supplier_reference.clone(),
            name: l.name.clone(),
            part_id: part,
            part_reference,
            purchase_line_id: on_order.map(|pl| pl.id),
            ordered: on_order.map(|pl| pl.quantity),
            received: on_order.map(|pl| pl.received),
            invoiced: l.quantity,
            ordered_price: on_order.map(|pl| pl.unit_cost),
            invoiced_price: l.net_price,
            quantity_differs: inv.status == Status::Received
                && outstanding.is_some_and(|o| o != l.quantity),
            price_differs: on_order.is_some_and(|pl| pl.unit_cost != l.net_price),
        });
    }
    let not_invoiced = match order {
        Some(po) if inv.status == Status::Received => po
            .lines
            .iter()
            .filter(|pl| !used.contains(&pl.id) && pl.received < pl.quantity)
            .map(|pl| NotInvoiced {
                purchase_line_id: pl.id,
                reference: pl.reference.clone(),
                description: pl.description.clone(),
                outstanding: pl.quantity.saturating_sub(pl.received),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Matching {
        purchase_order: order.map(|po| OrderRef {
            id: po.id,
            number: po.number.clone(),
            status: po.status,
        }),
        by,
        lines,
        not_invoiced,
        invoice: inv,
    })
}

/// The supplier's references of its parts, normalised, to the part.
fn supplier_links(conn: &Connection, supplier: SupplierId) -> Result<HashMap<String, PartId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT supplier_reference, part_id FROM part_suppliers
          WHERE supplier_id = ?1 AND deleted_at IS NULL AND supplier_reference IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([supplier.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut links = HashMap::with_capacity(rows.len());
    for (reference, part) in rows {
        let key = normalise_reference(&reference);
        if !key.is_empty() {
            let part = part
                .parse()
                .map_err(|_| Error::Corrupt("part_suppliers.part_id"))?;
            links.insert(key, part);
        }
    }
    Ok(links)
}

fn part_reference(conn: &Connection, part: PartId) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT reference FROM parts WHERE id = ?1")?
        .query_row([part.to_string()], |r| r.get(0))
        .ok())
}

fn undecided(tx: &Transaction<'_>, id: SupplierInvoiceId) -> Result<SupplierInvoice> {
    let inv = get(tx, id)?;
    if inv.status != Status::Received {
        return Err(InboundError::Decided { number: inv.number }.into());
    }
    Ok(inv)
}

/// Accepts the received invoice `id` (« Réceptionner »): the invoiced
/// quantities of the lines on its matched purchase order are received into
/// stock (stock movements at the invoiced net prices, so the average cost
/// follows), each received part's cost price becomes its invoiced net
/// price, and the invoice is marked accepted against the order, by whom and
/// when. Refused, with nothing written, when it was decided already or no
/// open order matches.
pub fn accept(tx: &Transaction<'_>, now_ms: u64, id: SupplierInvoiceId) -> Result<Matching> {
    let inv = undecided(tx, id)?;
    // BT-3 381: a credit note; its quantities are positive, not parts in.
    if inv.type_code == "381" {
        return Err(InboundError::CreditNote { number: inv.number }.into());
    }
    let m = matching(tx, id)?;
    let no_order = || InboundError::NoOrder {
        number: inv.number.clone(),
    };
    let po = m.purchase_order.as_ref().ok_or_else(no_order)?;
    let receipts: Vec<(PurchaseLineId, i64, i64)> = m
        .lines
        .iter()
        .filter(|l| l.invoiced > Quantity::ZERO)
        .filter_map(|l| {
            let line = l.purchase_line_id?;
            Some((line, l.invoiced.milli(), l.invoiced_price.cents()))
        })
        .collect();
    if receipts.is_empty() {
        return Err(no_order().into());
    }
    stock::receive_invoiced(tx, now_ms, po.id, &receipts)?;
    for l in m.lines.iter().filter(|l| l.purchase_line_id.is_some()) {
        if let Some(part) = l.part_id {
            stock::set_cost(tx, now_ms, &part.to_string(), l.invoiced_price.cents())?;
        }
    }
    decide(
        tx,
        now_ms,
        &inv,
        json!({ "status": Status::Accepted.as_str(), "purchase_order_id": po.id }),
    )?;
    matching(tx, id)
}

/// Rejects the received invoice `id` for `reason` (required): nothing is
/// received; the invoice stays stored as received, marked rejected.
pub fn reject(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: SupplierInvoiceId,
    reason: &str,
) -> Result<SupplierInvoice> {
    let inv = undecided(tx, id)?;
    let reason = clean(Some(reason)).ok_or(Invalid::new(Field::Reason, Problem::Required))?;
    max_len(Field::Reason, Some(&reason), 500)?;
    decide(
        tx,
        now_ms,
        &inv,
        json!({ "status": Status::Rejected.as_str(), "reject_reason": reason }),
    )?;
    get(tx, id)
}

fn decide(
    tx: &Transaction<'_>,
    now_ms: u64,
    inv: &SupplierInvoice,
    mut fields: serde_json::Value,
) -> Result<()> {
    let (_, by) = crate::access::author(tx)?;
    fields["decided_at"] = json!(now_ms);
    fields["decided_by"] = json!(by);
    let before =
        serde_json::Map::from_iter(fields.as_object().into_iter().flat_map(|f| f.keys()).map(
            |k| {
                let old = match k.as_str() {
                    "status" => json!(inv.status.as_str()),
                    _ => serde_json::Value::Null,
                };
                (k.clone(), old)
            },
        ));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &inv.id.to_string(),
        OpKind::Update,
        &fields,
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE supplier_invoices SET status = ?2, purchase_order_id = ?3, reject_reason = ?4,
                decided_at = ?5, decided_by = ?6, updated_at = ?7
          WHERE id = ?1",
    )?
    .execute(params![
        inv.id.to_string(),
        fields["status"].as_str(),
        fields.get("purchase_order_id").and_then(|v| v.as_str()),
        fields.get("reject_reason").and_then(|v| v.as_str()),
        now_ms as i64,
        by,
        hlc.as_i64()
    ])?;
    Ok(())
}

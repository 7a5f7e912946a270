//! The open-orders board of the front desk: every order not yet invoiced or
//! cancelled, with its customer, plate, status, promised time, mechanics,
//! checklist progress and — for those who may see prices — its total TTC.
//! Built in four queries whatever the number of orders.

use std::collections::HashMap;

use atelier_domain::{CustomerId, Money, OrderId, UserId, VehicleId};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::status::OrderStatus;
use super::steps::Progress;
use super::totals::totals;
use super::{customer_name, discount_of, mechanics_of, parse_id, vehicle_label};
use crate::access::{Action, Actor};
use crate::amounts::LineAmounts;
use crate::{Error, Result, users};

/// What the board shows; every part is optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct BoardFilter {
    /// Only these statuses; the open ones ([`OrderStatus::OPEN`]) when empty.
    pub statuses: Vec<OrderStatus>,
    /// Only orders this mechanic is assigned to.
    pub mechanic_id: Option<UserId>,
    /// Only this customer's orders.
    pub customer_id: Option<CustomerId>,
    /// Only this vehicle's orders.
    pub vehicle_id: Option<VehicleId>,
}

/// One order on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BoardRow {
    /// The order.
    pub order_id: OrderId,
    /// The number people use (`OR-…`, else `D-…`).
    pub number: String,
    /// Its status.
    pub status: OrderStatus,
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name.
    pub customer_name: String,
    /// The plate.
    pub plate: Option<String>,
    /// Make and model.
    pub vehicle_label: Option<String>,
    /// When it is promised.
    pub promised_at: Option<String>,
    /// The assigned mechanics' names.
    pub mechanics: Vec<String>,
    /// The checklist's progress.
    pub progress: Progress,
    /// Parts added at the bench wait for a price.
    pub to_price: bool,
    /// Total TTC of the approved lines; none for those who may not see prices.
    pub total: Option<Money>,
}

/// The board: open orders (or those `filter` asks for), soonest promised first.
pub fn board(conn: &Connection, actor: &Actor, filter: &BoardFilter) -> Result<Vec<BoardRow>> {
    let statuses: Vec<&str> = if filter.statuses.is_empty() {
        OrderStatus::OPEN.iter().map(|s| s.as_str()).collect()
    } else {
        filter.statuses.iter().map(|s| s.as_str()).collect()
    };
    let statuses = serde_json::to_string(&statuses).map_err(|_| Error::Corrupt("board"))?;
    let mechanic = filter.mechanic_id.map(|m| m.to_string());
    let customer = filter.customer_id.map(|c| c.to_string());
    let vehicle = filter.vehicle_id.map(|v| v.to_string());
    let names: HashMap<UserId, String> = users::list(conn)?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let prices = actor.may(Action::SeePrices);
    let mut lines = if prices {
        open_lines(conn, &statuses)?
    } else {
        HashMap::new()
    };
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, COALESCE(o.order_number, o.estimate_number), o.status, o.customer_id,
                o.promised_at, o.mechanic_ids, o.discount_kind, o.discount_value,
                c.kind, c.civility, c.first_name, c.last_name, c.company_name,
                v.plate, v.make, v.model,
                (SELECT COUNT(done_at) FROM order_steps s WHERE s.order_id = o.id AND s.deleted_at IS NULL),
                (SELECT COUNT(*) FROM order_steps s WHERE s.order_id = o.id AND s.deleted_at IS NULL),
                EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.deleted_at IS NULL
                        AND l.from_bench = 1 AND l.unit_cents = 0)
           FROM orders o JOIN customers c ON c.id = o.customer_id JOIN vehicles v ON v.id = o.vehicle_id
          WHERE o.deleted_at IS NULL AND o.status IN (SELECT value FROM json_each(?1))
            AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(o.mechanic_ids) WHERE value = ?2))
            AND (?3 IS NULL OR o.customer_id = ?3)
            AND (?4 IS NULL OR o.vehicle_id = ?4)
          ORDER BY o.promised_at IS NULL, o.promised_at, o.created_at",
    )?;
    let rows = stmt.query_map(params![statuses, mechanic, customer, vehicle], |r| {
        Ok((
            (
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ),
            (r.get::<_, Option<String>>(4)?, r.get::<_, String>(5)?),
            (r.get::<_, Option<String>>(6)?, r.get::<_, Option<i64>>(7)?),
            customer_name(r, 8)?,
            (
                r.get::<_, Option<String>>(13)?,
                vehicle_label(r.get(14)?, r.get(15)?),
            ),
            Progress {
                done: r.get(16)?,
                total: r.get(17)?,
            },
            r.get::<_, bool>(18)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            (id, number, status, customer),
            (promised_at, mechanics),
            discount,
            customer_name,
            (plate, label),
            progress,
            to_price,
        ) = row?;
        let total = if prices {
            let amounts = lines.remove(&id).unwrap_or_default();
            Some(totals(&amounts, discount_of(discount.0.as_deref(), discount.1)?).gross)
        } else {
            None
        };
        out.push(BoardRow {
            order_id: parse_id(&id, "orders.id")?,
            number,
            status: OrderStatus::parse(&status).ok_or(Error::Corrupt("orders.status"))?,
            customer_id: parse_id(&customer, "orders.customer_id")?,
            customer_name,
            plate,
            vehicle_label: label,
            promised_at,
            mechanics: mechanics_of(&mechanics)?
                .iter()
                .filter_map(|m| names.get(m).cloned())
                .collect(),
            progress,
            to_price,
            total,
        });
    }
    Ok(out)
}

/// The approved lines of every order in `statuses`, by order id.
fn open_lines(conn: &Connection, statuses: &str) -> Result<HashMap<String, Vec<LineAmounts>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.order_id, l.quantity_milli, l.unit_cents, l.flat_cents, l.discount_bp, l.vat_bp
           FROM order_lines l JOIN orders o ON o.id = l.order_id
           LEFT JOIN order_supplements s ON s.id = l.supplement_id
          WHERE o.deleted_at IS NULL AND o.status IN (SELECT value FROM json_each(?1))
            AND l.deleted_at IS NULL AND (l.supplement_id IS NULL OR s.status = 'approved')",
    )?;
    let rows = stmt.query_map([statuses], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, u32>(5)?,
        ))
    })?;
    let mut out: HashMap<String, Vec<LineAmounts>> = HashMap::new();
    for row in rows {
        let (order, quantity, unit, flat, discount, vat) = row?;
        let vat =
            atelier_domain::VatRate::new(vat).map_err(|_| Error::Corrupt("order_lines.vat_bp"))?;
        out.entry(order).or_default().push(LineAmounts::of(
            atelier_domain::Quantity::from_milli(quantity),
            Money::from_cents(unit),
            flat.map(Money::from_cents),
            atelier_domain::Percent::new(discount)
                .map_err(|_| Error::Corrupt("order_lines.discount_bp"))?,
            vat,
        ));
    }
    Ok(out)
}

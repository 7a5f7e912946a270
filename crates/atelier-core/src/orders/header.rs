//! The order's header: whose car, what they said, when it is promised, who
//! works on it. Creating an estimate, and editing its header field by field.

use atelier_domain::{CustomerId, Locale, OrderId, UserId, VehicleId};
use rusqlite::{Transaction, params};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::macros::format_description;
use time::{Date, PrimitiveDateTime};

use super::numbers::{self, NumberKind};
use super::status::{OrderStatus, record_event};
use super::{ENTITY, Order, OrderDiscount, editable, get};
use crate::access::Actor;
use crate::amounts::{parse_percent, parse_price};
use crate::outbox::{self, OpKind};
use crate::text::{clean, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::vehicles::{self, MileageSource};
use crate::{Error, Result, customers, users};

const COMPLAINT_MAX: usize = 2000;
const NOTES_MAX: usize = 4000;

/// The order form's header, as typed. Blank means absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrderInput {
    /// The customer's id.
    pub customer_id: Option<String>,
    /// The vehicle's id: one of the customer's vehicles.
    pub vehicle_id: Option<String>,
    /// The odometer at drop-off, as typed ("84 500" or a number). Recorded
    /// as a reading of the vehicle when it is new or changed.
    pub mileage: Option<Value>,
    /// What the customer said, in their words.
    pub complaint: Option<String>,
    /// When the car is promised back: `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM`
    /// or a day alone.
    pub promised_at: Option<String>,
    /// The assigned mechanics' user ids.
    pub mechanic_ids: Vec<String>,
    /// Notes for the workshop only.
    pub internal_notes: Option<String>,
    /// `percent` or `amount`; blank with a blank `discount` for none.
    pub discount_kind: Option<String>,
    /// The whole-order discount as typed: "10" (percent) or "50,00" (amount HT).
    pub discount: Option<String>,
}

/// Validated header fields: what is stored and what operations carry.
#[derive(Clone, Debug, PartialEq)]
struct Fields {
    customer: CustomerId,
    vehicle: VehicleId,
    mileage: Option<i64>,
    complaint: Option<String>,
    promised_at: Option<String>,
    mechanics: Vec<UserId>,
    internal_notes: Option<String>,
    discount: OrderDiscount,
}

impl Fields {
    fn parse(tx: &Transaction<'_>, input: &OrderInput, locale: Locale) -> Result<Fields> {
        let text = |s: &Option<String>| clean(s.as_deref());
        let customer: CustomerId = text(&input.customer_id)
            .ok_or(Invalid::new(Field::Owner, Problem::Required))?
            .parse()
            .map_err(|_| Invalid::new(Field::Owner, Problem::NotAllowed))?;
        customers::get(tx, customer)
            .map_err(|_| Invalid::new(Field::Owner, Problem::NotAllowed))?;
        let vehicle: VehicleId = text(&input.vehicle_id)
            .ok_or(Invalid::new(Field::Vehicle, Problem::Required))?
            .parse()
            .map_err(|_| Invalid::new(Field::Vehicle, Problem::NotAllowed))?;
        let car = vehicles::get(tx, vehicle)
            .map_err(|_| Invalid::new(Field::Vehicle, Problem::NotAllowed))?;
        if car.customer_id != customer {
            return Err(Invalid::new(Field::Vehicle, Problem::NotCustomersVehicle).into());
        }
        let mileage = match &input.mileage {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => Some(vehicles::km(v, Field::Mileage)?),
        };
        let complaint = text(&input.complaint);
        max_len(Field::Complaint, complaint.as_deref(), COMPLAINT_MAX)?;
        let internal_notes = text(&input.internal_notes);
        max_len(Field::InternalNotes, internal_notes.as_deref(), NOTES_MAX)?;
        let promised_at = text(&input.promised_at)
            .map(|p| parse_promised(&p).ok_or(Invalid::new(Field::PromisedAt, Problem::DateTime)))
            .transpose()?;
        let mut mechanics: Vec<UserId> = Vec::new();
        for id in input.mechanic_ids.iter().filter_map(|m| clean(Some(m))) {
            let bad = || Invalid::new(Field::Mechanics, Problem::NotAllowed);
            let user: UserId = id.parse().map_err(|_| bad())?;
            if !users::get(tx, user).map_err(|_| bad())?.active {
                return Err(bad().into());
            }
            if !mechanics.contains(&user) {
                mechanics.push(user);
            }
        }
        let discount = parse_discount(input, locale)?;
        Ok(Fields {
            customer,
            vehicle,
            mileage,
            complaint,
            promised_at,
            mechanics,
            internal_notes,
            discount,
        })
    }

    fn of(order: &Order) -> Fields {
        Fields {
            customer: order.customer_id,
            vehicle: order.vehicle_id,
            mileage: order.mileage_km,
            complaint: order.complaint.clone(),
            promised_at: order.promised_at.clone(),
            mechanics: order.mechanic_ids.clone(),
            internal_notes: order.internal_notes.clone(),
            discount: order.discount,
        }
    }

    /// Every field but the mileage, which travels with its reading.
    fn to_json(&self) -> Map<String, Value> {
        let (kind, value) = discount_columns(self.discount);
        let mechanics: Vec<String> = self.mechanics.iter().map(ToString::to_string).collect();
        let json = json!({
            "customer_id": self.customer.to_string(), "vehicle_id": self.vehicle.to_string(),
            "complaint": self.complaint, "promised_at": self.promised_at,
            "mechanic_ids": mechanics, "internal_notes": self.internal_notes,
            "discount_kind": kind, "discount_value": value,
        });
        match json {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

fn parse_discount(input: &OrderInput, locale: Locale) -> Result<OrderDiscount, Invalid> {
    let Some(value) = clean(input.discount.as_deref()) else {
        return Ok(OrderDiscount::None);
    };
    match clean(input.discount_kind.as_deref()).as_deref() {
        Some("amount") => Ok(OrderDiscount::Amount(parse_price(
            &value,
            Field::Discount,
            locale,
        )?)),
        Some("percent") | None => Ok(OrderDiscount::Percent(parse_percent(
            &value,
            Field::Discount,
        )?)),
        Some(_) => Err(Invalid::new(Field::DiscountKind, Problem::NotAllowed)),
    }
}

pub(crate) fn discount_columns(d: OrderDiscount) -> (Option<&'static str>, Option<i64>) {
    match d {
        OrderDiscount::None => (None, None),
        OrderDiscount::Percent(share) => (Some("percent"), Some(i64::from(share.bp()))),
        OrderDiscount::Amount(m) => (Some("amount"), Some(m.cents())),
    }
}

/// A promised time as typed, normalised to `YYYY-MM-DDTHH:MM` (or `YYYY-MM-DD`).
pub(crate) fn parse_promised(s: &str) -> Option<String> {
    let s = s.trim().replace(' ', "T");
    if s.len() == 10 {
        let day = Date::parse(&s, format_description!("[year]-[month]-[day]")).ok()?;
        return day.format(format_description!("[year]-[month]-[day]")).ok();
    }
    let minutes = s.get(..16)?;
    let rest = &s[16..];
    if !(rest.is_empty() || (rest.len() == 3 && rest.starts_with(':'))) {
        return None;
    }
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(minutes, format)
        .ok()?
        .format(format)
        .ok()
}

/// Creates an estimate (numbered `D-YYYY-NNNN`) from the header form, with
/// its first timeline event. A drop-off mileage is recorded on the vehicle.
pub fn create(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    input: &OrderInput,
    locale: Locale,
) -> Result<Order> {
    let id = create_id(tx, now_ms, actor, input, locale)?;
    get(tx, id)
}

/// [`create`], answering only the new id (bulk writers: demo data).
pub fn create_id(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    input: &OrderInput,
    locale: Locale,
) -> Result<OrderId> {
    let fields = Fields::parse(tx, input, locale)?;
    let id = OrderId::new();
    let number = numbers::allocate(tx, NumberKind::Estimate, &today(now_ms))?;
    let reading = match fields.mileage {
        Some(km) => Some(drop_off(tx, now_ms, fields.vehicle, km)?),
        None => None,
    };
    let mut payload = fields.to_json();
    payload.insert("estimate_number".into(), json!(number));
    payload.insert("status".into(), json!(OrderStatus::Estimate.as_str()));
    payload.insert("mileage_km".into(), json!(fields.mileage));
    payload.insert("mileage_reading_id".into(), json!(reading));
    let site = crate::stock::current_site(tx)?.to_string();
    payload.insert("site_id".into(), json!(site));
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &id.to_string(),
        OpKind::Insert,
        &Value::Object(payload),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO orders (id, estimate_number, status, customer_id, vehicle_id, mileage_km,
                             mileage_reading_id, site_id, created_at, updated_at)
         VALUES (?1, ?2, 'estimate', ?3, ?4, ?5, ?6, ?8, ?7, ?7)",
    )?
    .execute(params![
        id.to_string(),
        number,
        fields.customer.to_string(),
        fields.vehicle.to_string(),
        fields.mileage,
        reading,
        hlc.as_i64(),
        site
    ])?;
    store(tx, id, &fields, hlc.as_i64())?;
    record_event(tx, now_ms, actor, id, None, OrderStatus::Estimate, None)?;
    Ok(id)
}

/// What an order holds of the customer's own words (their request, the
/// front desk's notes about them), with the value each takes once erased:
/// anonymising the customer erases them. The work itself (lines, steps,
/// events) stays with the vehicle's history.
pub(crate) fn personal() -> Map<String, Value> {
    Map::from_iter([
        ("complaint".to_owned(), Value::Null),
        ("internal_notes".to_owned(), Value::Null),
    ])
}

/// Erases the [`personal`] fields of order `id` named in `fields` (its
/// customer anonymised).
pub(crate) fn erase_personal(tx: &Transaction<'_>, id: &str, fields: &[String]) -> Result<()> {
    for field in personal().keys().filter(|f| fields.contains(f)) {
        // A column of `personal`'s, never a name from outside.
        tx.prepare_cached(&format!("UPDATE orders SET {field} = NULL WHERE id = ?1"))?
            .execute([id])?;
    }
    Ok(())
}

/// Saves the header form over an order. Only changed fields travel, so two
/// stations editing different fields both keep their edit. A new drop-off
/// mileage is recorded on the vehicle. The customer and the vehicle are fixed
/// once the estimate is accepted. Refused with [`super::OrderError::Frozen`] once
/// invoiced.
pub fn update(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: OrderId,
    input: &OrderInput,
    locale: Locale,
) -> Result<Order> {
    let order = editable(tx, id)?;
    let before = Fields::of(&order);
    let after = Fields::parse(tx, input, locale)?;
    if order.status != OrderStatus::Estimate {
        if after.customer != before.customer {
            return Err(Invalid::new(Field::Owner, Problem::FixedOnceAccepted).into());
        }
        if after.vehicle != before.vehicle {
            return Err(Invalid::new(Field::Vehicle, Problem::FixedOnceAccepted).into());
        }
    }
    let mut old = before.to_json();
    let mut changes = outbox::changes(&old, after.to_json());
    let new_mileage = after.mileage.filter(|km| Some(*km) != before.mileage);
    if let Some(km) = new_mileage {
        let reading = drop_off(tx, now_ms, after.vehicle, km)?;
        old.insert("mileage_km".into(), json!(before.mileage));
        changes.insert("mileage_km".into(), json!(km));
        changes.insert("mileage_reading_id".into(), json!(reading));
        tx.prepare_cached(
            "UPDATE orders SET mileage_km = ?2, mileage_reading_id = ?3 WHERE id = ?1",
        )?
        .execute(params![id.to_string(), km, reading])?;
    }
    write(tx, now_ms, order, &after, changes, &old)
}

/// Sets the whole-order discount of an order still open to change (a
/// campaign's code at the desk), as [`update`] would with the same header
/// and this discount.
pub fn set_discount(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: OrderId,
    discount: OrderDiscount,
) -> Result<Order> {
    let order = editable(tx, id)?;
    let before = Fields::of(&order);
    let after = Fields {
        discount,
        ..before.clone()
    };
    let old = before.to_json();
    let changes = outbox::changes(&old, after.to_json());
    write(tx, now_ms, order, &after, changes, &old)
}

/// Records the header's `changes` (over the `old` values) and stores
/// `after`; nothing when nothing changed.
fn write(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: Order,
    after: &Fields,
    changes: Map<String, Value>,
    old: &Map<String, Value>,
) -> Result<Order> {
    if changes.is_empty() {
        return Ok(order);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &order.id.to_string(),
        OpKind::Update,
        &Value::Object(changes),
        Some(old),
    )?;
    store(tx, order.id, after, hlc.as_i64())?;
    get(tx, order.id)
}

/// Records the drop-off odometer reading; answers its id.
fn drop_off(tx: &Transaction<'_>, now_ms: u64, vehicle: VehicleId, km: i64) -> Result<String> {
    let reading = vehicles::record_mileage(
        tx,
        now_ms,
        vehicle,
        &json!(km),
        "",
        false,
        MileageSource::DropOff,
    )
    .map_err(|e| match e {
        Error::Invalid(i) if i.field == Field::Km => Invalid::new(Field::Mileage, i.problem).into(),
        other => other,
    })?;
    Ok(reading.id.to_string())
}

fn store(tx: &Transaction<'_>, id: OrderId, f: &Fields, updated_at: i64) -> Result<()> {
    let (kind, value) = discount_columns(f.discount);
    let mechanics: Vec<String> = f.mechanics.iter().map(ToString::to_string).collect();
    tx.prepare_cached(
        "UPDATE orders SET customer_id = ?2, vehicle_id = ?3, complaint = ?4, promised_at = ?5,
                mechanic_ids = ?6, internal_notes = ?7, discount_kind = ?8, discount_value = ?9,
                updated_at = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id.to_string(),
        f.customer.to_string(),
        f.vehicle.to_string(),
        f.complaint,
        f.promised_at,
        json!(mechanics).to_string(),
        f.internal_notes,
        kind,
        value,
        updated_at
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promised_times_are_normalised() {
        assert_eq!(
            parse_promised("2026-03-14 17:30").as_deref(),
            Some("2026-03-14T17:30")
        );
        assert_eq!(
            parse_promised("2026-03-14T17:30:00").as_deref(),
            Some("2026-03-14T17:30")
        );
        assert_eq!(
            parse_promised(" 2026-03-14 ").as_deref(),
            Some("2026-03-14")
        );
        for bad in [
            "2026-02-30",
            "2026-03-14 25:00",
            "14/03/2026",
            "2026-03-14 17:30:00Z",
        ] {
            assert_eq!(parse_promised(bad), None, "{bad}");
        }
    }
}

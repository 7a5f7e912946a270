//! Answers about customers and vehicles, from their pages as the screens
//! open them: a customer's card, a vehicle's card and owner, how to reach a
//! customer, a vehicle's mileage, VIN and registration.

use super::context::{Cx, Reply, Stop};
use super::links;
use super::orders::{car, car_named, car_of};
use super::resolve::{self, Need};
use crate::access::Action;
use crate::customers::Customer;
use crate::pages::customer::page as customer_page;
use crate::text::format_km;
use crate::vehicles;

/// The customer the question names: by phone, e-mail or name.
fn customer(cx: &Cx<'_>) -> Result<Customer, Stop> {
    let s = cx.slots();
    if let Some(phone) = s.phone.as_deref() {
        return resolve::customer_found(cx, phone, (cx.w.no_customer_with)(phone));
    }
    if let Some(email) = s.email.as_deref() {
        return resolve::customer_found(cx, email, (cx.w.no_customer_with)(email));
    }
    if (s.customer.is_some() || s.plate.is_some())
        && let Some(c) = resolve::subject(cx, Need::Customer)?.customer
    {
        return Ok(c);
    }
    Err(cx.invalid(cx.w.which_customer_q.to_owned()))
}

/// A customer's card: how to reach them, their vehicles, their open work.
pub(super) fn find_customer(cx: &Cx<'_>) -> Reply {
    let c = customer(cx)?;
    let page = customer_page(cx.conn, c.id)?;
    let reach = [
        c.phone_display.as_deref(),
        c.email.as_deref(),
        c.city.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let mut answer = cx.answered((cx.w.customer_card)(
        &c.display_name,
        &reach,
        page.vehicles.len(),
        page.open_work.len(),
    ));
    for v in &page.vehicles {
        let label = car_named(v.make.as_deref(), v.model.as_deref(), v.plate.as_deref());
        answer = answer.line(label.clone(), Some(links::vehicle(v.id, &label)));
    }
    for o in &page.open_work {
        let label = car(o.vehicle_label.as_deref(), o.plate.as_deref());
        let text = format!("{} · {} · {}", o.number, label, o.status.label(cx.locale()));
        answer = answer.line(text, Some(links::order(o.order_id, &o.number)));
    }
    Ok(answer.link(links::customer(c.id, &c.display_name)))
}

/// A vehicle's card: what it is, whose it is, its mileage.
pub(super) fn find_vehicle(cx: &Cx<'_>) -> Reply {
    let v = vehicle(cx)?;
    let label = car_of(&v);
    let km = v.last_km.map(|k| format_km(k, cx.locale()));
    let owner = cx
        .may(Action::ReadCustomers)
        .then_some(v.owner_name.as_str());
    let mut answer = cx.answered((cx.w.vehicle_card)(&label, owner, km.as_deref()));
    if let Some(owner) = owner {
        answer = answer.line(
            owner.to_owned(),
            Some(links::customer(v.customer_id, owner)),
        );
    }
    Ok(answer.link(links::vehicle(v.id, &label)))
}

fn vehicle(cx: &Cx<'_>) -> Result<vehicles::Vehicle, Stop> {
    resolve::subject(cx, Need::Vehicle)?
        .vehicle
        .ok_or_else(|| cx.invalid(cx.w.which_car.to_owned()))
}

/// How to reach a customer (or a vehicle's owner).
pub(super) fn contact(cx: &Cx<'_>) -> Reply {
    let c = customer(cx)?;
    let address = [
        c.address_line1.as_deref(),
        c.address_line2.as_deref(),
        Some(
            [c.postal_code.as_deref(), c.city.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        )
        .as_deref()
        .filter(|a| !a.is_empty()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let ways: Vec<String> = [
        c.phone_display.as_deref().map(|p| (cx.w.phone)(p)),
        c.phone_alt_display.as_deref().map(|p| (cx.w.phone)(p)),
        c.email.as_deref().map(|e| (cx.w.email)(e)),
        Some(address)
            .filter(|a| !a.is_empty())
            .map(|a| (cx.w.address)(&a)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let text = if ways.is_empty() {
        (cx.w.no_contact)(&c.display_name)
    } else {
        (cx.w.contact)(&c.display_name)
    };
    let link = links::customer(c.id, &c.display_name);
    let mut answer = cx.answered(text);
    for way in ways {
        answer = answer.line(way, Some(link.clone()));
    }
    Ok(answer.link(link))
}

/// A vehicle's mileage, VIN, first registration and engine, from its page.
pub(super) fn vehicle_info(cx: &Cx<'_>) -> Reply {
    let v = vehicle(cx)?;
    let page = vehicles::page(cx.conn, v.id, cx.today(), cx.locale())?;
    let v = page.vehicle;
    let label = car_of(&v);
    let reading = page.readings.first();
    let text = match reading {
        Some(r) => (cx.w.mileage)(&label, &format_km(r.km, cx.locale()), &cx.date(&r.read_on)),
        None => (cx.w.no_mileage)(&label),
    };
    let facts = [
        v.vin.as_deref().map(|vin| (cx.w.vin)(vin)),
        v.first_registration
            .as_deref()
            .map(|d| (cx.w.first_registration)(&cx.date(d))),
        v.fuel.map(|f| (cx.w.fuel)(f).to_owned()),
        v.engine_code.as_deref().map(|e| (cx.w.engine)(e)),
        v.version.clone(),
    ];
    let mut answer = cx.answered(text);
    for fact in facts.into_iter().flatten() {
        answer = answer.line(fact, Some(links::vehicle(v.id, &label)));
    }
    answer = answer.link(links::vehicle(v.id, &label));
    if cx.may(Action::ReadCustomers) {
        answer = answer.link(links::customer(v.customer_id, &v.owner_name));
    }
    Ok(answer)
}

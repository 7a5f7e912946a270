//! Answers about estimates and repair orders, from the board, the bench and
//! the vehicle's history as their screens read them: where a car's order
//! stands, the orders of a status, a mechanic's jobs, the estimates
//! waiting for an answer, the work recommended and put off, the orders
//! ready to invoice, a customer's past visits. Prices only for those who
//! may see them (the board leaves them out for the others).

use atelier_domain::{Money, OrderId};

use super::context::{Cx, Reply, Stop};
use super::links::{self, Screen};
use super::resolve::{self, Document, Need};
use super::{Answer, Link};
use crate::access::{Action, Role};
use crate::orders::bench::bench_jobs;
use crate::orders::board::{BoardFilter, BoardRow, board};
use crate::orders::recommendations::open_recommendations;
use crate::orders::steps::{self, Progress};
use crate::orders::{self, OrderStatus};
use crate::text::fold;
use crate::users;

/// An order as an answer shows it, from the board or read alone.
struct Shown {
    id: OrderId,
    number: String,
    status: OrderStatus,
    car: String,
    customer: String,
    promised_at: Option<String>,
    progress: Option<Progress>,
    total: Option<Money>,
}

impl From<BoardRow> for Shown {
    fn from(r: BoardRow) -> Self {
        Shown {
            id: r.order_id,
            number: r.number,
            status: r.status,
            car: car(r.vehicle_label.as_deref(), r.plate.as_deref()),
            customer: r.customer_name,
            promised_at: r.promised_at,
            progress: Some(r.progress).filter(|p| p.total > 0),
            total: r.total,
        }
    }
}

/// « Peugeot 308 AB-123-CD ».
pub(super) fn car(label: Option<&str>, plate: Option<&str>) -> String {
    [label, plate]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// « Peugeot 308 AB-123-CD » of a vehicle.
pub(super) fn car_of(v: &crate::vehicles::Vehicle) -> String {
    car_named(v.make.as_deref(), v.model.as_deref(), v.plate.as_deref())
}

/// « Peugeot 308 AB-123-CD » of its make, model and plate.
pub(super) fn car_named(make: Option<&str>, model: Option<&str>, plate: Option<&str>) -> String {
    car(orders_label(make, model).as_deref(), plate)
}

/// The order's screen: its page for those who read orders, its job card
/// at the bench for a mechanic.
fn link(cx: &Cx<'_>, id: OrderId, number: &str) -> Link {
    if cx.may(Action::ReadOrders) {
        links::order(id, number)
    } else {
        links::job(id, number)
    }
}

/// « en cours, 2 étapes sur 5, promise le 10/03/2026 à 17:30, 250,00 € ».
fn state(cx: &Cx<'_>, o: &Shown) -> String {
    let mut parts = vec![o.status.label(cx.locale()).to_owned()];
    if let Some(p) = o.progress {
        parts.push((cx.w.steps_done)(p.done, p.total));
    }
    if let Some(at) = o
        .promised_at
        .as_deref()
        .filter(|_| o.status != OrderStatus::Estimate)
    {
        parts.push((cx.w.promised)(&cx.moment(at)));
    }
    if let Some(total) = o.total {
        parts.push((cx.w.incl_vat)(&cx.money(total)));
    }
    parts.join(", ")
}

/// Adds one line per order, linked to its screen; the customer's name only
/// for those who may see customers.
fn with_lines(cx: &Cx<'_>, mut answer: Answer, shown: &[Shown]) -> Answer {
    for o in shown {
        let mut text = format!("{} · {}", o.number, o.car);
        if cx.may(Action::ReadCustomers) {
            text.push_str(&format!(" · {}", o.customer));
        }
        text.push_str(&format!(" · {}", state(cx, o)));
        answer = answer.line(text, Some(link(cx, o.id, &o.number)));
    }
    answer
}

/// Where a car's order stands (or a customer's, or the order numbered).
pub(super) fn status(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    if let Some(number) = s.number.as_deref() {
        return match resolve::document(cx, number)? {
            Document::Order(id) => one(cx, id),
            Document::Invoice(_) => Err(cx.invalid((cx.w.not_an_order)(number))),
        };
    }
    let named = s.plate.is_some() || s.vin.is_some() || s.customer.is_some();
    match s.vehicle.as_deref() {
        Some(said) if !named => return of_make(cx, said),
        None if !named => return Err(cx.invalid(cx.w.which_car.to_owned())),
        _ => {}
    }
    let subject = resolve::subject(cx, Need::Customer)?;
    let mut filter = BoardFilter::default();
    let whom = if let Some(v) = &subject.vehicle {
        filter.vehicle_id = Some(v.id);
        match &subject.customer {
            Some(c) => format!("{} ({})", car_of(v), c.display_name),
            None => car_of(v),
        }
    } else if let Some(c) = &subject.customer {
        filter.customer_id = Some(c.id);
        c.display_name.clone()
    } else {
        return Err(cx.invalid(cx.w.which_car.to_owned()));
    };
    let shown: Vec<Shown> = board(cx.conn, &cx.asker.actor, &filter)?
        .into_iter()
        .map(Shown::from)
        .collect();
    let text = match shown.as_slice() {
        [] => {
            let last = match &subject.vehicle {
                Some(v) if cx.may(Action::ReadOrders) => orders::of_vehicle(cx.conn, v.id)?
                    .into_iter()
                    .find(|o| o.status != OrderStatus::Cancelled)
                    .map(|o| (cx.w.last_visit)(o.number(), &cx.date(&o.created_at))),
                _ => None,
            };
            (cx.w.nothing_open)(&whom, last.as_deref())
        }
        [one] => (cx.w.order_state)(&one.car, &one.number, &state(cx, one)),
        many => (cx.w.open_orders)(many.len(), &whom),
    };
    let mut answer = with_lines(cx, cx.answered(text), &shown);
    if let Some(c) = &subject.customer {
        answer = answer.link(links::customer(c.id, &c.display_name));
    }
    Ok(answer.link(links::screen(Screen::Orders, cx.w.orders_screen)))
}

fn orders_label(make: Option<&str>, model: Option<&str>) -> Option<String> {
    let label = [make, model]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Some(label).filter(|l| !l.is_empty())
}

/// The order numbered, read alone.
fn one(cx: &Cx<'_>, id: OrderId) -> Reply {
    let o = orders::get(cx.conn, id)?;
    let total = if cx.may(Action::SeePrices) {
        Some(orders::page::order_totals(cx.conn, id)?.gross)
    } else {
        None
    };
    let progress = steps::progress(cx.conn, id)?;
    let shown = Shown {
        id,
        number: o.number().to_owned(),
        status: o.status,
        car: car(o.vehicle_label.as_deref(), o.plate.as_deref()),
        customer: o.customer_name.clone(),
        promised_at: o.promised_at.clone(),
        progress: Some(progress).filter(|p| p.total > 0),
        total,
    };
    let text = (cx.w.order_state)(&shown.car, &shown.number, &state(cx, &shown));
    Ok(with_lines(cx, cx.answered(text), &[shown]))
}

/// The open orders of the cars of a make or model (« où en est la Clio ? »).
fn of_make(cx: &Cx<'_>, said: &str) -> Reply {
    let words: Vec<String> = fold(said).split(' ').map(str::to_owned).collect();
    let shown: Vec<Shown> = board(cx.conn, &cx.asker.actor, &BoardFilter::default())?
        .into_iter()
        .filter(|r| {
            let label = fold(r.vehicle_label.as_deref().unwrap_or_default());
            let have: Vec<&str> = label.split(' ').collect();
            words.iter().all(|w| have.contains(&w.as_str()))
        })
        .map(Shown::from)
        .collect();
    let text = match shown.as_slice() {
        [] => (cx.w.nothing_open)(said, None),
        [one] => (cx.w.order_state)(&one.car, &one.number, &state(cx, one)),
        many => (cx.w.open_orders)(many.len(), said),
    };
    Ok(with_lines(cx, cx.answered(text), &shown))
}

/// The orders of one status (the open ones when none is said).
pub(super) fn by_status(cx: &Cx<'_>) -> Reply {
    let status = cx.slots().status.as_deref().and_then(OrderStatus::parse);
    let filter = BoardFilter {
        statuses: status.into_iter().collect(),
        ..BoardFilter::default()
    };
    let shown: Vec<Shown> = board(cx.conn, &cx.asker.actor, &filter)?
        .into_iter()
        .map(Shown::from)
        .collect();
    let label = status.map(|s| s.label(cx.locale()));
    let text = (cx.w.orders_of_status)(shown.len(), label);
    Ok(with_lines(cx, cx.answered(text), &shown)
        .link(links::screen(Screen::Orders, cx.w.orders_screen)))
}

/// Orders ready to invoice: done, not invoiced yet.
pub(super) fn ready_to_invoice(cx: &Cx<'_>) -> Reply {
    let filter = BoardFilter {
        statuses: vec![OrderStatus::Done],
        ..BoardFilter::default()
    };
    let shown: Vec<Shown> = board(cx.conn, &cx.asker.actor, &filter)?
        .into_iter()
        .map(Shown::from)
        .collect();
    let total = Money::checked_sum(shown.iter().filter_map(|o| o.total)).unwrap_or_default();
    let text = (cx.w.ready_to_invoice)(shown.len(), &cx.money(total));
    Ok(with_lines(cx, cx.answered(text), &shown)
        .link(links::screen(Screen::Orders, cx.w.orders_screen)))
}

/// Estimates waiting for the customer's answer (for more than so many
/// days, of one customer).
pub(super) fn pending_estimates(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let customer = match s.customer.as_deref() {
        Some(name) => Some(resolve::customer_named(cx, name)?),
        None => None,
    };
    let filter = BoardFilter {
        statuses: vec![OrderStatus::Estimate],
        customer_id: customer.as_ref().map(|c| c.id),
        ..BoardFilter::default()
    };
    let mut shown = Vec::new();
    for row in board(cx.conn, &cx.asker.actor, &filter)? {
        if let Some(days) = s.days {
            let made = orders::get(cx.conn, row.order_id)?.created_at;
            if age(cx, &made) <= i64::from(days) {
                continue;
            }
        }
        shown.push(Shown::from(row));
    }
    let total = Money::checked_sum(shown.iter().filter_map(|o| o.total)).unwrap_or_default();
    let whom = customer.as_ref().map(|c| c.display_name.as_str());
    let text = (cx.w.pending_estimates)(shown.len(), s.days, whom, &cx.money(total));
    Ok(with_lines(cx, cx.answered(text), &shown)
        .link(links::screen(Screen::Orders, cx.w.orders_screen)))
}

/// Days from `at` (a day or an RFC 3339 time) to today.
pub(super) fn age(cx: &Cx<'_>, at: &str) -> i64 {
    let day = |d: &str| crate::planning::time::date(d.get(..10).unwrap_or(d));
    match (day(at), day(cx.today())) {
        (Some(a), Some(b)) => (b - a).whole_days(),
        _ => 0,
    }
}

/// A mechanic's jobs of the day: the asker's, or the one named.
pub(super) fn my_jobs(cx: &Cx<'_>) -> Reply {
    let (actor, name) = match cx.slots().mechanic.as_deref() {
        Some(m) => {
            let user = users::list(cx.conn)?
                .into_iter()
                .find(|u| {
                    u.active && u.roles.has(Role::Mechanic) && first_name(&u.display_name) == m
                })
                .ok_or_else(|| cx.invalid((cx.w.no_mechanic)(m)))?;
            let name = user.display_name.clone();
            (users::actor(&user), Some(name))
        }
        None => (cx.asker.actor.clone(), None),
    };
    let day = cx.day();
    let jobs = bench_jobs(cx.conn, &actor, day)?;
    let text = (cx.w.jobs)(jobs.len(), name.as_deref(), &cx.date(day));
    let mut answer = cx.answered(text);
    for j in &jobs {
        let mut text = format!(
            "{} · {} · {}",
            j.number,
            car(j.vehicle_label.as_deref(), j.plate.as_deref()),
            j.status.label(cx.locale())
        );
        if let Some(c) = j.complaint.as_deref() {
            text.push_str(&format!(" · {c}"));
        }
        answer = answer.line(text, Some(links::job(j.order_id, &j.number)));
    }
    Ok(answer.link(links::screen(Screen::Bench, cx.w.bench_screen)))
}

fn first_name(name: &str) -> String {
    fold(name).split(' ').next().unwrap_or_default().to_owned()
}

/// Work recommended and not done yet, on a vehicle or a customer's.
pub(super) fn deferred(cx: &Cx<'_>) -> Reply {
    let subject = resolve::subject(cx, Need::Customer)?;
    let (cars, whom) = cars_of(cx, &subject)?;
    let mut answer = cx.answered(String::new());
    let mut count = 0;
    for (id, label) in &cars {
        for r in open_recommendations(cx.conn, *id)? {
            count += 1;
            let urgent = r.severity == crate::orders::recommendations::Severity::Urgent;
            let text =
                (cx.w.recommendation)(&r.description, urgent, &cx.date(&r.created_at), label);
            answer = answer.line(text, Some(links::vehicle(id, label)));
        }
    }
    answer.text = (cx.w.recommended)(count, &whom);
    Ok(answer)
}

/// The vehicles a subject stands for — its vehicle, or its customer's — with
/// their labels, and how to name them.
fn cars_of(
    cx: &Cx<'_>,
    subject: &resolve::Subject,
) -> Result<(Vec<(atelier_domain::VehicleId, String)>, String), Stop> {
    if let Some(v) = &subject.vehicle {
        let label = car_of(v);
        return Ok((vec![(v.id, label.clone())], label));
    }
    let Some(c) = &subject.customer else {
        return Err(cx.invalid(cx.w.which_car.to_owned()));
    };
    let cars = crate::vehicles::of_customer(cx.conn, c.id)?
        .into_iter()
        .map(|v| {
            (
                v.id,
                car_named(v.make.as_deref(), v.model.as_deref(), v.plate.as_deref()),
            )
        })
        .collect();
    Ok((cars, c.display_name.clone()))
}

/// A customer's or a vehicle's past visits: their orders, newest first.
pub(super) fn history(cx: &Cx<'_>) -> Reply {
    let subject = resolve::subject(cx, Need::Customer)?;
    let (cars, whom) = cars_of(cx, &subject)?;
    let mut visits = Vec::new();
    for (id, label) in &cars {
        for o in orders::of_vehicle(cx.conn, *id)? {
            if o.status != OrderStatus::Cancelled {
                visits.push((o, label.clone()));
            }
        }
    }
    visits.sort_by(|a, b| b.0.created_at.cmp(&a.0.created_at));
    let last = visits.first().map(|(o, _)| cx.date(&o.created_at));
    let mut answer = cx.answered((cx.w.visits)(visits.len(), &whom, last.as_deref()));
    for (o, label) in visits.iter().take(10) {
        let mut text = format!(
            "{} · {} · {} · {}",
            cx.date(&o.created_at),
            o.number(),
            label,
            o.status.label(cx.locale())
        );
        if let Some(c) = o.complaint.as_deref() {
            text.push_str(&format!(" · {c}"));
        }
        answer = answer.line(text, Some(link(cx, o.id, o.number())));
    }
    if let Some(c) = &subject.customer {
        answer = answer.link(links::customer(c.id, &c.display_name));
    }
    Ok(answer)
}

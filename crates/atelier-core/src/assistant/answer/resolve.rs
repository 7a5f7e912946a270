//! Who or what a question names: a customer by name (through the search
//! the screens use), a vehicle by its plate, the end of its VIN, or its
//! make and model with its owner, an order or an invoice by its number.
//! One record found is the answer's subject; several are asked back as
//! choices, each with the question that names it without doubt (read again
//! and resolved again before it is offered); none is said, and nothing
//! else is done.

use atelier_domain::{CustomerId, InvoiceId, OrderId, plate_search_key};

use super::ask::{self, Naming};
use super::context::{Cx, Stop};
use super::{AnswerKind, Choice};
use crate::access::Action;
use crate::assistant::{Intent, Lexicon, Understanding};
use crate::customers::{self, Customer};
use crate::pages::search::{self, Hit, Kind, MAX_HITS};
use crate::text::fold;
use crate::vehicles::{self, ListQuery, Vehicle, VehicleSummary};
use crate::{Error, invoices, orders};

/// The most choices an ambiguous answer offers.
pub(super) const CHOICES: usize = 8;

/// What a question is about.
#[derive(Debug, Default)]
pub(super) struct Subject {
    /// The customer, when the person may see customers.
    pub customer: Option<Customer>,
    /// The vehicle.
    pub vehicle: Option<Vehicle>,
}

/// How precisely an intent needs its subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Need {
    /// One vehicle: a customer with several is asked which.
    Vehicle,
    /// A customer, and one of their vehicles only when one was said.
    Customer,
}

/// The subject the slots name (plate, VIN, customer, make and model), or
/// an empty one when they name none.
pub(super) fn subject(cx: &Cx<'_>, need: Need) -> Result<Subject, Stop> {
    let s = cx.slots();
    let vehicle = if let Some(plate) = s.plate.as_deref() {
        Some(by_plate(cx, plate)?)
    } else if let Some(vin) = s.vin.as_deref() {
        Some(by_vin(cx, vin)?)
    } else if let Some(name) = s.customer.as_deref() {
        let customer = customer_named(cx, name)?;
        let vehicle = of_customer(cx, &customer, s.vehicle.as_deref(), need)?;
        return Ok(Subject {
            customer: Some(customer),
            vehicle,
        });
    } else if let (Some(said), Need::Vehicle) = (s.vehicle.as_deref(), need) {
        Some(by_make(cx, said)?)
    } else {
        None
    };
    let customer = match &vehicle {
        Some(v) if cx.may(Action::ReadCustomers) => {
            Some(customers::get_any(cx.conn, v.customer_id)?)
        }
        _ => None,
    };
    Ok(Subject { customer, vehicle })
}

/// The vehicle with this plate, or « no vehicle has it ».
pub(super) fn by_plate(cx: &Cx<'_>, plate: &str) -> Result<Vehicle, Stop> {
    let key = plate_search_key(plate);
    let found = listed(cx, plate, 10)?.items;
    match found.iter().find(|v| {
        v.plate
            .as_deref()
            .is_some_and(|p| plate_search_key(p) == key)
    }) {
        Some(v) => Ok(vehicles::get(cx.conn, v.id)?),
        None => Err(cx.invalid((cx.w.no_plate)(plate))),
    }
}

/// The vehicle whose VIN ends with `end`; several are asked back.
fn by_vin(cx: &Cx<'_>, end: &str) -> Result<Vehicle, Stop> {
    let end = end.to_ascii_uppercase();
    let found: Vec<VehicleSummary> = listed(cx, &end, MAX_HITS)?
        .items
        .into_iter()
        .filter(|v| v.vin.as_deref().is_some_and(|vin| vin.ends_with(&end)))
        .collect();
    match found.as_slice() {
        [] => Err(cx.invalid((cx.w.no_vin)(&end))),
        [one] => Ok(vehicles::get(cx.conn, one.id)?),
        many => Err(vehicle_choices(cx, many, many.len())?),
    }
}

/// The one vehicle of this make or model; a few are asked back, many make
/// the person give the plate.
fn by_make(cx: &Cx<'_>, said: &str) -> Result<Vehicle, Stop> {
    let page = listed(cx, said, CHOICES as u32)?;
    let total = usize::try_from(page.total).unwrap_or(usize::MAX);
    match page.items.as_slice() {
        [] => Err(cx.invalid((cx.w.no_vehicle_named)(said))),
        [one] if total == 1 => Ok(vehicles::get(cx.conn, one.id)?),
        many if total <= CHOICES => Err(vehicle_choices(cx, many, total)?),
        _ => Err(cx.invalid((cx.w.too_many_vehicles)(total, said))),
    }
}

/// The vehicles list's search, as the vehicles screen runs it.
fn listed(cx: &Cx<'_>, query: &str, limit: u32) -> Result<customers::Page<VehicleSummary>, Stop> {
    Ok(vehicles::list(
        cx.conn,
        &ListQuery {
            query: Some(query.to_owned()),
            limit,
            offset: 0,
        },
    )?)
}

/// The customer's vehicle the question means: the one of that make or
/// model when one was said, their only one, or (when the intent needs one
/// vehicle) the one the person chooses.
fn of_customer(
    cx: &Cx<'_>,
    customer: &Customer,
    said: Option<&str>,
    need: Need,
) -> Result<Option<Vehicle>, Stop> {
    let cars = vehicles::of_customer(cx.conn, customer.id)?;
    let matching: Vec<VehicleSummary> = cars
        .into_iter()
        .filter(|v| said.is_none_or(|s| describes(v, s)))
        .collect();
    match (matching.as_slice(), said, need) {
        ([one], _, _) => Ok(Some(vehicles::get(cx.conn, one.id)?)),
        ([], Some(s), _) => Err(cx.invalid((cx.w.has_no_such_car)(&customer.display_name, s))),
        ([], None, Need::Vehicle) => Err(cx.invalid((cx.w.has_no_car)(&customer.display_name))),
        (_, None, Need::Customer) => Ok(None),
        (many, _, _) => Err(vehicle_choices(cx, many, many.len())?),
    }
}

/// Whether every word said is a word of the vehicle's make and model.
fn describes(v: &VehicleSummary, said: &str) -> bool {
    let label = fold(&format!(
        "{} {}",
        v.make.as_deref().unwrap_or_default(),
        v.model.as_deref().unwrap_or_default()
    ));
    let words: Vec<&str> = label.split(' ').collect();
    fold(said).split(' ').all(|w| words.contains(&w))
}

/// The customer called `name`: through the search box's search, those
/// whose name or town holds every word said, else those it found by the
/// start of the words. One is the answer; several are asked back.
pub(super) fn customer_named(cx: &Cx<'_>, name: &str) -> Result<Customer, Stop> {
    customer_found(cx, name, (cx.w.no_customer)(name))
}

/// The customer the search finds for `query` (a name, a phone, an
/// e-mail), as [`customer_named`]; `none` says that no one matched.
pub(super) fn customer_found(cx: &Cx<'_>, query: &str, none: String) -> Result<Customer, Stop> {
    let name = query;
    cx.require(Action::ReadCustomers)?;
    let (found, capped) = named(cx, name)?;
    match found.as_slice() {
        [] => Err(cx.invalid(none)),
        [one] => Ok(customers::get(cx.conn, customer_id(one)?)?),
        many => Err(customer_choices(cx, name, many, capped)?),
    }
}

/// The customers the search finds for `name`, the exact ones only when
/// there are any, and whether the search stopped at its most hits.
fn named(cx: &Cx<'_>, name: &str) -> Result<(Vec<Hit>, bool), Stop> {
    let hits = search::search(cx.conn, name, MAX_HITS)?;
    let capped = hits.len() >= MAX_HITS as usize;
    let said: Vec<String> = fold(name).split(' ').map(str::to_owned).collect();
    let (exact, loose): (Vec<Hit>, Vec<Hit>) = hits
        .into_iter()
        .filter(|h| h.kind == Kind::Customer)
        .partition(|h| {
            let words = words_of(&format!("{} {}", h.title, h.subtitle));
            said.iter().all(|w| words.contains(w))
        });
    Ok((if exact.is_empty() { loose } else { exact }, capped))
}

fn words_of(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn customer_id(hit: &Hit) -> Result<CustomerId, Stop> {
    Ok(hit
        .id
        .parse()
        .map_err(|_| Error::Corrupt("search_docs.row_id"))?)
}

/// « Several customers are called Martin: which one? », with the first
/// [`CHOICES`] of them.
fn customer_choices(cx: &Cx<'_>, name: &str, hits: &[Hit], capped: bool) -> Result<Stop, Stop> {
    let mut answer = cx.say(
        AnswerKind::Ambiguous,
        (cx.w.which_customer)(hits.len(), capped, name),
    );
    let mut reader = Reader::new(cx);
    for hit in hits.iter().take(CHOICES) {
        let c = customers::get(cx.conn, customer_id(hit)?)?;
        let label = [
            Some(c.display_name.as_str()),
            c.phone_display.as_deref(),
            c.city.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let ask = reader.naming_customer(&c)?;
        answer.choices.push(Choice { label, ask });
    }
    Ok(answer.into())
}

/// « Which car? », with the vehicles to choose from, each asked by its
/// plate.
fn vehicle_choices(cx: &Cx<'_>, cars: &[VehicleSummary], total: usize) -> Result<Stop, Stop> {
    let mut answer = cx.say(AnswerKind::Ambiguous, (cx.w.which_vehicle)(total));
    for v in cars.iter().take(CHOICES) {
        let Some(plate) = v.plate.as_deref() else {
            continue;
        };
        let label = [
            Some(plate),
            Some(v.make.as_deref().unwrap_or_default()).filter(|m| !m.is_empty()),
            v.model.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        answer.choices.push(Choice {
            label: format!("{label} · {}", v.owner_name),
            ask: ask::question(cx, &Naming::Plate(plate)),
        });
    }
    Ok(answer.into())
}

/// Reads the questions a choice would ask, with the workshop's lexicon
/// (read once, at the first), and checks that each names its record alone.
struct Reader<'c, 'a> {
    cx: &'c Cx<'a>,
    lexicon: Option<Lexicon>,
}

impl<'c, 'a> Reader<'c, 'a> {
    fn new(cx: &'c Cx<'a>) -> Self {
        Reader { cx, lexicon: None }
    }

    fn reread(&mut self, question: &str) -> Result<Understanding, Stop> {
        if self.lexicon.is_none() {
            self.lexicon = Some(Lexicon::of_workshop(self.cx.conn)?);
        }
        Ok(ask::reread(self.cx, question, self.lexicon.as_ref()))
    }

    /// The question naming `c` without doubt: by the plate of one of
    /// their cars when the intent reads plates, by their phone when it
    /// reads phones, by an invoice of theirs left to pay when it takes a
    /// payment, else by their name (with their town when others share it).
    /// Each is read again, and the first that comes back to `c` alone is
    /// the one; the last tried is kept when none does.
    fn naming_customer(&mut self, c: &Customer) -> Result<String, Stop> {
        let cx = self.cx;
        let intent = cx.understood.intent;
        let reads = |slot: &str| intent.reads().contains(&slot);
        let mut plates = Vec::new();
        if reads("plate") {
            plates = vehicles::of_customer(cx.conn, c.id)?
                .into_iter()
                .filter_map(|v| v.plate)
                .take(1)
                .collect();
        }
        let mut numbers = Vec::new();
        if intent == Intent::RecordPayment && cx.may(Action::Invoices) {
            numbers = invoices::reports::unpaid(cx.conn, Some(c.id), cx.today())?
                .invoices
                .into_iter()
                .filter_map(|i| i.number)
                .take(1)
                .collect();
        }
        let phone: Option<String> = c
            .phone_display
            .as_deref()
            .filter(|_| reads("phone"))
            .map(|p| p.chars().filter(char::is_ascii_digit).collect());
        let name = name_forms(c);
        let mut candidates: Vec<Naming<'_>> = Vec::new();
        candidates.extend(plates.iter().map(|p| Naming::Plate(p)));
        candidates.extend(numbers.iter().map(|n| Naming::Number(n)));
        candidates.extend(phone.as_deref().map(Naming::Phone));
        candidates.extend(name.iter().map(|n| Naming::Name(n)));
        let mut last = String::new();
        for naming in &candidates {
            let question = ask::question(cx, naming);
            let again = self.reread(&question)?;
            if again.intent == intent && self.names(&again, naming, c.id)? {
                return Ok(question);
            }
            last = question;
        }
        Ok(last)
    }

    /// Whether `again`, read from a choice's question, names customer `id`
    /// alone by `naming`.
    fn names(
        &self,
        again: &Understanding,
        naming: &Naming<'_>,
        id: CustomerId,
    ) -> Result<bool, Stop> {
        let s = &again.slots;
        Ok(match naming {
            // A plate is one vehicle's, and the plates offered are the
            // customer's own; an invoice's number is one invoice's.
            Naming::Plate(p) => s.plate.as_deref() == Some(*p),
            Naming::Number(n) => s.number.as_deref() == Some(*n),
            Naming::Phone(p) => {
                s.phone.as_deref() == Some(*p) && {
                    let (found, _) = named(self.cx, p)?;
                    matches!(found.as_slice(), [one] if customer_id(one)? == id)
                }
            }
            Naming::Name(_) => match s.customer.as_deref() {
                Some(said) => {
                    let (found, _) = named(self.cx, said)?;
                    matches!(found.as_slice(), [one] if customer_id(one)? == id)
                }
                None => false,
            },
        })
    }
}

/// How a customer may be named in a question, the shortest first: their
/// name, then their name and town.
fn name_forms(c: &Customer) -> Vec<String> {
    let name = c.display_name.clone();
    let mut out = vec![name.clone()];
    if let Some(city) = c.city.as_deref().filter(|c| !c.trim().is_empty()) {
        out.push(format!("{name} {city}"));
    }
    out
}

/// A document a number names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Document {
    Order(OrderId),
    Invoice(InvoiceId),
}

/// The order or invoice numbered `number`, or « no document has it ».
pub(super) fn document(cx: &Cx<'_>, number: &str) -> Result<Document, Stop> {
    let invoice_like = number.starts_with("F-") || number.starts_with("A-");
    if !invoice_like && let Some(id) = orders::by_number(cx.conn, number)? {
        return Ok(Document::Order(id));
    }
    match invoices::export::by_number(cx.conn, number) {
        Ok(id) => Ok(Document::Invoice(id)),
        Err(Error::NotFound { .. }) => Err(cx.invalid((cx.w.no_document)(number))),
        Err(e) => Err(e.into()),
    }
}

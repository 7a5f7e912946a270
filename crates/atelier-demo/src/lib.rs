//! atelier-demo: invented workshops — French customers, their vehicles and
//! odometer readings, and in a demo workshop orders, invoices, stock and a
//! week of appointments — to try Atelier on and to measure it at scale.
//!
//! Its callers are the command line (`atelier demo`, `atelier bench`), the
//! benchmarks and integration tests of core and the server, and the
//! end-to-end tests. It is never imported by atelier-core's library, the
//! desktop shell or the server's code, and it reaches into core only
//! through what core makes public.
//!
//! Everything goes through the same public functions as the screens
//! ([`customers::create`], [`vehicles::create`], [`vehicles::record_mileage`]),
//! so every rule holds and every row has its outbox operation and search
//! entry. The same seed gives the same people, phones, plates and VINs; only
//! ids and clock stamps, always fresh, differ. A demo workshop also gets
//! canned jobs and orders at every stage, from estimate to done, and a few
//! invoices with their payments. [`add_business`] gives it months of work
//! on top (orders invoiced and paid, parts used and received again) for the
//! benchmarks, and [`screens`] calls core as the desktop shell's commands do.
//!
//! No demo e-mail can reach anyone: every address ends in `.example`. The
//! phone numbers are invented but may exist: never send text messages from a
//! demo database.

mod business;
mod catalogue;
mod fleet;
mod identifiers;
mod invoices;
pub mod ledger;
mod orders;
mod people;
mod planning;
mod queries;
mod rng;
pub mod screens;
mod stock;
mod words;

use atelier_domain::Locale;
use serde::Serialize;
use serde_json::json;
use time::Date;
use time::macros::format_description;

use atelier_core::customers::CustomerError;
use atelier_core::validation::{Field, Problem};
use atelier_core::{Db, Error, Result, Transaction, customers, text, vehicles};

use fleet::Fleet;
use people::People;
use rng::Rng;

pub use business::{BusinessOptions, BusinessSummary, add_business};
pub use planning::{PlanningSummary, add_planning, monday_of};
pub use queries::{Percentiles, QueryKind, Sample, SampleQuery, customers_with_business, sample};
pub use stock::{StockSummary, add_parts};

/// Changes whenever the same seed would give different data, so that a data
/// set kept on disk (by the benchmarks) is known to be stale.
pub const GENERATOR_VERSION: u32 = 1;

/// Customers written per transaction: large enough that committing costs
/// little, small enough that a failure loses little.
pub const BATCH: u32 = 1_000;

/// How often a plate, VIN, phone, e-mail or SIREN already in the database
/// (demo data added twice) is drawn again before giving up.
const RETRIES: u32 = 20;

/// How many catalogue parts a demo workshop gets.
pub const DEMO_PARTS: u32 = 300;

/// How much demo data to make, and from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many customers; vehicles come to about 1.5 per customer.
    pub customers: u32,
    /// The same seed gives the same data.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            customers: 200,
            seed: 1,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Customers, companies included.
    pub customers: u32,
    /// Of which companies.
    pub companies: u32,
    /// Vehicles.
    pub vehicles: u32,
    /// Odometer readings.
    pub readings: u32,
    /// Canned jobs (only in a demo workshop).
    pub canned_jobs: u32,
    /// Orders in every state (only in a demo workshop).
    pub orders: u32,
    /// Invoices issued, with their payments (only in a demo workshop).
    pub invoices: u32,
    /// Catalogue parts with stock (only in a demo workshop).
    pub parts: u32,
    /// Appointments booked this week (only in a demo workshop).
    pub appointments: u32,
}

/// Adds `opts.customers` demo customers with their vehicles and readings,
/// [`BATCH`] customers per transaction. Vehicles are first registered
/// between 2005 and `now_ms`, readings dated up to `now_ms`.
///
/// Phones, e-mails, SIRENs, plates and VINs are drawn so that none repeats
/// within one run, so the duplicate guard stays quiet on an empty database.
/// Data already in the database is left alone: whatever the guard or the
/// vehicle rules find taken is drawn again. On an error, the batches already
/// committed stay.
///
/// In a demo workshop ([`set_up_workshop`]) that holds no order yet, it then
/// adds canned jobs, orders in every state and a stock room of
/// [`DEMO_PARTS`] parts; a
/// database without a workshop (the benchmarks') gets customers only.
pub fn generate(db: &mut Db, opts: &DemoOptions, now_ms: u64) -> Result<DemoSummary> {
    let today = Date::parse(
        &text::today(now_ms),
        format_description!("[year]-[month]-[day]"),
    )
    .unwrap_or(Date::MIN);
    let mut rng = Rng::new(opts.seed);
    let mut people = People::new(rng.fork());
    let mut fleet = Fleet::new(rng.fork(), today);
    let mut summary = DemoSummary::default();
    let mut left = opts.customers;
    while left > 0 {
        let n = left.min(BATCH);
        db.write(|tx| {
            for _ in 0..n {
                add_customer(tx, now_ms, &mut people, &mut fleet, &mut summary)?;
            }
            Ok(())
        })?;
        left -= n;
    }
    let work = orders::add(db, now_ms, &mut rng.fork())?;
    summary.canned_jobs = work.canned_jobs;
    summary.orders = work.orders;
    if work.orders > 0 {
        summary.invoices = invoices::add(db, now_ms)?;
        summary.parts = add_parts(db, now_ms, opts.seed, DEMO_PARTS)?.parts;
        // The week under way (UTC's today is close enough for invented data).
        if let Some(monday) = monday_of(&text::today(now_ms)) {
            summary.appointments =
                add_planning(db, now_ms, &monday, 4, 60, &[60, 90, 45, 120], 45)?.appointments;
        }
    }
    Ok(summary)
}

/// One customer, their vehicles and the vehicles' readings.
fn add_customer(
    tx: &Transaction<'_>,
    now_ms: u64,
    people: &mut People,
    fleet: &mut Fleet,
    summary: &mut DemoSummary,
) -> Result<()> {
    let mut c = people.next();
    let mut tries = 0;
    let customer = loop {
        match customers::create(tx, now_ms, &c.input) {
            Err(Error::Customer(CustomerError::Duplicate { .. })) if tries < RETRIES => {
                people.renew_identity(&mut c);
                tries += 1;
            }
            other => break other?,
        }
    };
    summary.customers += 1;
    summary.companies += u32::from(c.company);
    for _ in 0..fleet.count(c.company) {
        let mut v = fleet.next(c.company, &c.town);
        v.input.customer_id = Some(customer.id.to_string());
        let mut tries = 0;
        let vehicle = loop {
            match vehicles::create(tx, now_ms, &v.input) {
                Err(Error::Invalid(i))
                    if tries < RETRIES && i.problem == Problem::AlreadyRegistered =>
                {
                    if i.field == Field::Vin {
                        fleet.renew_vin(&mut v);
                    } else {
                        fleet.renew_plate(&mut v, &c.town);
                    }
                    tries += 1;
                }
                other => break other?,
            }
        };
        summary.vehicles += 1;
        for r in &v.readings {
            vehicles::record_mileage(
                tx,
                now_ms,
                vehicle.id,
                &json!(r.km),
                &r.on,
                r.meter_replaced,
                r.source,
            )?;
            summary.readings += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;

/// The in-memory database every test here starts from.
#[cfg(test)]
fn test_db() -> Db {
    Db::open_in_memory().expect("an in-memory database opens and migrates")
}

/// The demo workshop's accounts: (login, password, PIN, roles).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &[atelier_core::access::Role]); 3] = [
    (
        "gerant",
        "atelier-demo",
        "1234",
        &[atelier_core::access::Role::Owner],
    ),
    (
        "accueil",
        "atelier-demo",
        "2345",
        &[atelier_core::access::Role::FrontDesk],
    ),
    (
        "meca",
        "atelier-demo",
        "3456",
        &[atelier_core::access::Role::Mechanic],
    ),
];

/// Gives an empty database a demo workshop (identity, rates, this
/// workstation's series `DEMO`) and the [`DEMO_ACCOUNTS`]. Returns false and
/// writes nothing when the workshop is already set up.
pub fn set_up_workshop(
    tx: &rusqlite::Transaction<'_>,
    now_ms: u64,
    locale: Locale,
) -> Result<bool> {
    use atelier_core::users::UserInput;
    use atelier_core::workshop::{RateInput, StationInput, WorkshopInput};
    if atelier_core::users::any(tx)? {
        return Ok(false);
    }
    let rate = |code: &str, hourly: &str| RateInput {
        code: code.to_owned(),
        label: None,
        hourly: Some(hourly.to_owned()),
    };
    let workshop = WorkshopInput {
        name: Some("Garage du Centre (démonstration)".into()),
        legal_form: Some("SARL".into()),
        capital: Some("20000".into()),
        address_line1: Some("8 avenue Jean Jaurès".into()),
        postal_code: Some("69007".into()),
        city: Some("Lyon".into()),
        siret: Some("73282932000074".into()),
        rcs: Some("RCS Lyon 732 829 320".into()),
        vat_number: Some("FR44732829320".into()),
        phone: Some("04 78 12 34 56".into()),
        email: Some("contact@garage-du-centre.example".into()),
        rates: vec![
            rate("mechanics", "68"),
            rate("bodywork", "62"),
            rate("paint", "64"),
        ],
        ..WorkshopInput::default()
    };
    let station = StationInput {
        series_prefix: Some("DEMO".into()),
        idle_minutes: Some("15".into()),
    };
    let [owner, rest @ ..] = DEMO_ACCOUNTS;
    let account =
        |(login, password, pin, roles): (&str, &str, &str, &[atelier_core::access::Role])| {
            UserInput {
                login: Some(login.to_owned()),
                display_name: Some(match login {
                    "gerant" => "Sophie Martin".to_owned(),
                    "accueil" => "Léa Bernard".to_owned(),
                    _ => "Karim Haddad".to_owned(),
                }),
                roles: roles.to_vec(),
                password: Some(password.to_owned()),
                pin: Some(pin.to_owned()),
                clear_pin: false,
            }
        };
    atelier_core::workshop::set_up(tx, now_ms, locale, &workshop, &station, &account(owner))?;
    for a in rest {
        atelier_core::users::create(tx, now_ms, &account(a))?;
    }
    Ok(true)
}

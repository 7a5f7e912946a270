//! A workshop's day with orders: helpers shared by the order tests.

mod canned_jobs;
mod customer_approval;
mod header_form;
mod lifecycle;
mod mechanic_bench;
mod open_board;
mod page_offers;
mod pricing;
mod printed_papers;
mod vehicle_inspection;

use atelier_domain::{CustomerId, Locale, OrderId, UserId, VehicleId};
use serde_json::json;

use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, RateInput, WorkshopInput};

/// 2026-03-10T08:00:00Z, a Tuesday morning.
pub(crate) const NOW: u64 = 1_773_129_600_000;
pub(crate) const MINUTE: u64 = 60_000;
pub(crate) const TODAY: &str = "2026-03-10";
pub(crate) const FR: Locale = Locale::Fr;

/// A workshop with its rates, a customer with a car, a front-desk person and
/// two mechanics.
pub(crate) struct Shop {
    pub db: Db,
    pub customer: CustomerId,
    pub vehicle: VehicleId,
    pub desk: Actor,
    pub karim: Actor,
    pub lucas: Actor,
}

pub(crate) fn shop() -> Shop {
    let mut db = test_db();
    db.write(|tx| workshop::save(tx, NOW, &garage(), FR))
        .unwrap();
    shop_on(db)
}

/// The same, before the first-run wizard: no rates, no default VAT.
pub(crate) fn shop_not_set_up() -> Shop {
    shop_on(test_db())
}

fn shop_on(mut db: Db) -> Shop {
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let vehicle = car(&mut db, customer, "AB-123-CD");
    let desk = user(&mut db, "Léa", Role::FrontDesk);
    let karim = user(&mut db, "Karim", Role::Mechanic);
    let lucas = user(&mut db, "Lucas", Role::Mechanic);
    Shop {
        db,
        customer,
        vehicle,
        desk,
        karim,
        lucas,
    }
}

pub(crate) fn garage() -> WorkshopInput {
    WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        rates: vec![
            RateInput {
                code: "mechanics".into(),
                label: None,
                hourly: Some("65,00".into()),
            },
            RateInput {
                code: "bodywork".into(),
                label: None,
                hourly: Some("58".into()),
            },
        ],
        ..WorkshopInput::default()
    }
}

pub(crate) fn car(db: &mut Db, customer: CustomerId, plate: &str) -> VehicleId {
    let input = VehicleInput {
        customer_id: Some(customer.to_string()),
        plate: Some(plate.into()),
        make: Some("Peugeot".into()),
        model: Some("308".into()),
        ..VehicleInput::default()
    };
    db.write(|tx| vehicles::create(tx, NOW - 86_400_000, &input))
        .unwrap()
        .id
}

/// A user written straight to the table: hashing a real password would only
/// slow the tests down, and no test signs in.
pub(crate) fn user(db: &mut Db, name: &str, role: Role) -> Actor {
    let id = UserId::new();
    let stamp = i64::try_from(NOW << 16).unwrap();
    db.conn()
        .execute(
            "INSERT INTO users (id, login, login_key, display_name, roles, password_hash,
                                created_at, updated_at)
             VALUES (?1, ?2, ?2, ?3, ?4, 'x', ?5, ?5)",
            rusqlite::params![
                id.to_string(),
                name.to_lowercase(),
                name,
                Roles::of(&[role]).bits(),
                stamp
            ],
        )
        .unwrap();
    Actor {
        user: Some(id),
        name: name.into(),
        roles: Roles::of(&[role]),
    }
}

impl Shop {
    /// The header of an estimate for the shop's customer and car.
    pub fn header(&self) -> OrderInput {
        OrderInput {
            customer_id: Some(self.customer.to_string()),
            vehicle_id: Some(self.vehicle.to_string()),
            mileage: Some(json!("84 500")),
            complaint: Some("Bruit au freinage à l’avant".into()),
            promised_at: Some(format!("{TODAY} 17:30")),
            mechanic_ids: vec![self.karim.user.unwrap().to_string()],
            ..OrderInput::default()
        }
    }

    pub fn estimate(&mut self) -> Order {
        let (input, desk) = (self.header(), self.desk.clone());
        self.db
            .write(|tx| create(tx, NOW, &desk, &input, FR))
            .unwrap()
    }

    pub fn add(&mut self, order: OrderId, line: LineInput) -> Line {
        self.db
            .write(|tx| add_line(tx, NOW, order, &line, FR))
            .unwrap()
    }

    /// An estimate with 1,5 h of labour and two pads at 45 €, signed.
    pub fn accepted(&mut self) -> Order {
        let o = self.estimate();
        self.add(o.id, labour("Remplacement plaquettes AV", "1,5"));
        self.add(o.id, part("Plaquettes AV", "2", "45,00"));
        let desk = self.desk.clone();
        self.db
            .write(|tx| accept_estimate(tx, NOW + MINUTE, &desk, o.id, &signed()))
            .unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.db
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Rows in the outbox: a refused write must leave it as it was.
    pub fn ops(&self) -> i64 {
        self.count("outbox")
    }
}

pub(crate) fn labour(description: &str, hours: &str) -> LineInput {
    LineInput {
        kind: Some("labour".into()),
        description: Some(description.into()),
        hours: Some(hours.into()),
        ..LineInput::default()
    }
}

pub(crate) fn part(description: &str, quantity: &str, unit_price: &str) -> LineInput {
    LineInput {
        kind: Some("part".into()),
        description: Some(description.into()),
        quantity: Some(quantity.into()),
        unit_price: Some(unit_price.into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    }
}

/// A real PNG signature, as the signature canvas sends.
pub(crate) fn png() -> Vec<u8> {
    atelier_pdf::sample::signature_png()
}

pub(crate) fn signed() -> Approval {
    Approval {
        signer_name: "Hélène Lefèvre".into(),
        signature_png: png(),
        recycled_parts_accepted: None,
        accepted_on: String::new(),
    }
}

pub(crate) fn refusal(err: crate::Error) -> (crate::validation::Field, crate::validation::Problem) {
    match err {
        crate::Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

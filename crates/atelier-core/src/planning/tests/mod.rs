//! A workshop's planning week: helpers shared by the planning tests.

mod booking;
mod reminders;
mod slots;

use atelier_domain::{CustomerId, Locale, ResourceId, VehicleId};
use serde_json::Value;

use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::vehicles::{self, VehicleInput};

/// 2026-03-16T07:00:00Z, a Monday.
pub(super) const NOW: u64 = 1_773_644_400_000;
/// That Monday.
pub(super) const MONDAY: &str = "2026-03-16";
pub(super) const FR: Locale = Locale::Fr;

/// Two bays, a mechanic with an account, a customer with a car.
pub(super) struct Shop {
    pub db: Db,
    pub customer: CustomerId,
    pub vehicle: VehicleId,
    pub bay1: ResourceId,
    pub bay2: ResourceId,
    pub karim: ResourceId,
    pub karim_user: String,
    pub desk: Actor,
}

pub(super) fn shop() -> Shop {
    let mut db = test_db();
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    email: Some("helene@example.fr".into()),
                    marketing_consent: true,
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let vehicle = car(&mut db, customer, "AB-123-CD", None);
    let karim_user = atelier_domain::UserId::new().to_string();
    db.conn()
        .execute(
            "INSERT INTO users (id, login, login_key, display_name, roles, password_hash,
                                created_at, updated_at)
             VALUES (?1, 'karim', 'karim', 'Karim', ?2, 'x', 1, 1)",
            rusqlite::params![karim_user, Roles::of(&[Role::Mechanic]).bits()],
        )
        .unwrap();
    let bay1 = resource(&mut db, "bay", "Pont 1", None);
    let bay2 = resource(&mut db, "bay", "Pont 2", None);
    let karim = resource(&mut db, "mechanic", "Karim", Some(&karim_user));
    Shop {
        db,
        customer,
        vehicle,
        bay1,
        bay2,
        karim,
        karim_user,
        desk: Actor {
            user: None,
            name: "Léa".into(),
            roles: Roles::of(&[Role::FrontDesk]),
        },
    }
}

pub(super) fn car(
    db: &mut Db,
    customer: CustomerId,
    plate: &str,
    first_registration: Option<&str>,
) -> VehicleId {
    let input = VehicleInput {
        customer_id: Some(customer.to_string()),
        plate: Some(plate.into()),
        make: Some("Peugeot".into()),
        model: Some("308".into()),
        first_registration: first_registration.map(Into::into),
        ..VehicleInput::default()
    };
    db.write(|tx| vehicles::create(tx, NOW, &input)).unwrap().id
}

pub(super) fn resource(db: &mut Db, kind: &str, name: &str, user: Option<&str>) -> ResourceId {
    let input = ResourceInput {
        kind: Some(kind.into()),
        name: Some(name.into()),
        user_id: user.map(Into::into),
        ..ResourceInput::default()
    };
    db.write(|tx| create_resource(tx, NOW, None, &input))
        .unwrap()
        .id
}

impl Shop {
    /// A booking of the shop's car in `bay` at `start` for `minutes`.
    pub fn input(&self, bay: &ResourceId, start: &str, minutes: u32) -> AppointmentInput {
        AppointmentInput {
            customer_id: Some(self.customer.to_string()),
            vehicle_id: Some(self.vehicle.to_string()),
            start_at: Some(start.into()),
            duration_min: Some(minutes),
            bay_id: Some(bay.to_string()),
            work: Some("Vidange".into()),
            ..AppointmentInput::default()
        }
    }

    pub fn book(&mut self, input: &AppointmentInput, force: bool) -> crate::Result<Appointment> {
        self.db.write(|tx| book(tx, NOW, input, force))
    }

    pub fn count(&self, table: &str) -> i64 {
        self.db
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// The last insert operation recorded for `entity`.
    pub fn last_insert(&self, entity: &str) -> serde_json::Map<String, Value> {
        let payload: String = self
            .db
            .conn()
            .query_row(
                "SELECT payload FROM outbox WHERE entity = ?1 AND kind = 'insert'
                  ORDER BY seq DESC LIMIT 1",
                [entity],
                |r| r.get(0),
            )
            .unwrap();
        match serde_json::from_str(&payload).unwrap() {
            Value::Object(m) => m,
            _ => panic!("an insert payload is an object"),
        }
    }

    /// The columns of `table`, but `id` and `updated_at`: what an insert
    /// operation must carry for the generic sync applier.
    pub fn columns(&self, table: &str) -> Vec<String> {
        let mut stmt = self
            .db
            .conn()
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        let mut cols: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|c: &String| c != "id" && c != "updated_at")
            .collect();
        cols.sort();
        cols
    }
}

//! A small workshop asked questions as its people ask them: helpers shared
//! by the answer tests. Everything is written through core's own write
//! functions, as the screens write it.

mod asking_back;
mod asking_figures;
mod asking_orders;
mod asking_people;
mod asking_planning;
mod examples;
mod preparing;
mod refusing;

use atelier_domain::{CustomerId, InvoiceId, Locale, OrderId, PartId, VehicleId};
use time::macros::date;

use super::{Answer, AnswerKind, Asker, answer};
use crate::Db;
use crate::access::{Actor, Role};
use crate::assistant::{Lexicon, understand};
use crate::customers::{self, CustomerInput};
use crate::invoices::{self, PaymentInput};
use crate::orders::tests::{garage, labour, part, signed, user};
use crate::orders::{self, LineInput, OrderInput, OrderStatus};
use crate::planning::{self, AppointmentInput, ResourceInput};
use crate::stock::{self, PartInput, PurchaseLineInput, Receipt, SupplierInput};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, StationInput, WorkshopInput};

/// 2026-03-10T08:00:00Z, a Tuesday morning.
pub(super) const NOW: u64 = 1_773_129_600_000;
pub(super) const TODAY: &str = "2026-03-10";
pub(super) const DAY: u64 = 86_400_000;
pub(super) const FR: Locale = Locale::Fr;

/// Hélène Lefèvre's Peugeot in the workshop, three Martins (Paul with a
/// Clio, Marie with a Clio and a Jumper, Jean with no car), an invoice of
/// Paul's left unpaid for 40 days, an estimate waiting for Marie, two bays,
/// two mechanics (Lucas off tomorrow), an appointment tomorrow, a part
/// under its minimum and a supplier order waiting.
pub(super) struct Shop {
    pub db: Db,
    pub owner: Actor,
    pub desk: Actor,
    pub karim: Actor,
    pub helene: CustomerId,
    pub peugeot: VehicleId,
    pub paul: CustomerId,
    pub marie: CustomerId,
    pub jean: CustomerId,
    pub at_work: OrderId,
    pub estimate: OrderId,
    pub invoice: InvoiceId,
    pub filter: PartId,
}

fn customer(db: &mut Db, first: &str, last: &str, city: &str, phone: &str) -> CustomerId {
    let input = CustomerInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        city: Some(city.into()),
        phone: Some(phone.into()),
        email: Some(format!("{}@example.fr", crate::text::fold(first))),
        ..CustomerInput::default()
    };
    db.write(|tx| customers::create(tx, NOW - 60 * DAY, &input))
        .unwrap()
        .id
}

fn car(db: &mut Db, owner: CustomerId, plate: &str, make: &str, model: &str) -> VehicleId {
    let input = VehicleInput {
        customer_id: Some(owner.to_string()),
        plate: Some(plate.into()),
        make: Some(make.into()),
        model: Some(model.into()),
        first_registration: Some("2022-01-15".into()),
        ..VehicleInput::default()
    };
    db.write(|tx| vehicles::create(tx, NOW - 60 * DAY, &input))
        .unwrap()
        .id
}

/// An order of `lines`, accepted, and moved on to `to`.
fn order(
    db: &mut Db,
    at: u64,
    desk: &Actor,
    mechanic: &Actor,
    owner: CustomerId,
    car: VehicleId,
    to: OrderStatus,
) -> OrderId {
    let input = OrderInput {
        customer_id: Some(owner.to_string()),
        vehicle_id: Some(car.to_string()),
        mileage: Some(serde_json::json!("84 500")),
        complaint: Some("Bruit au freinage".into()),
        promised_at: Some(format!("{TODAY} 17:30")),
        mechanic_ids: vec![mechanic.user.unwrap().to_string()],
        ..OrderInput::default()
    };
    let lines: [LineInput; 2] = [
        labour("Remplacement plaquettes AV", "1,5"),
        part("Plaquettes AV", "2", "45,00"),
    ];
    db.write(|tx| {
        let o = orders::create(tx, at, desk, &input, FR)?;
        for line in &lines {
            orders::add_line(tx, at, o.id, line, FR)?;
        }
        if to != OrderStatus::Estimate {
            orders::accept_estimate(tx, at + 1, desk, o.id, &signed())?;
        }
        if matches!(to, OrderStatus::InProgress | OrderStatus::Done) {
            orders::change_status(tx, at + 2, mechanic, o.id, OrderStatus::InProgress, None)?;
        }
        if to == OrderStatus::Done {
            orders::mark_done(tx, at + 3, mechanic, o.id, Some("Essai fait"))?;
        }
        Ok(o.id)
    })
    .unwrap()
}

pub(super) fn shop() -> Shop {
    let mut db = crate::db::test_db();
    db.write(|tx| {
        let garage = WorkshopInput {
            legal_form: Some("SARL".into()),
            capital: Some("10 000".into()),
            address_line1: Some("12 rue des Tilleuls".into()),
            postal_code: Some("69003".into()),
            city: Some("Lyon".into()),
            siret: Some("73282932000074".into()),
            rcs: Some("RCS Lyon".into()),
            vat_number: Some("FR44732829320".into()),
            ..garage()
        };
        workshop::save(tx, NOW - 90 * DAY, &garage, FR)?;
        workshop::save_station(
            tx,
            &StationInput {
                series_prefix: Some("S1A".into()),
                idle_minutes: None,
            },
        )
    })
    .unwrap();
    let owner = user(&mut db, "Sophie", Role::Owner);
    let desk = user(&mut db, "Léa", Role::FrontDesk);
    let karim = user(&mut db, "Karim", Role::Mechanic);
    let helene = customer(&mut db, "Hélène", "Lefèvre", "Lyon", "06 12 34 56 78");
    let peugeot = car(&mut db, helene, "AB-123-CD", "Peugeot", "308");
    let paul = customer(&mut db, "Paul", "Martin", "Lyon", "06 11 22 33 44");
    let paul_clio = car(&mut db, paul, "CD-456-EF", "Renault", "Clio");
    let marie = customer(&mut db, "Marie", "Martin", "Paris", "06 55 66 77 88");
    let marie_clio = car(&mut db, marie, "GH-012-JK", "Renault", "Clio");
    car(&mut db, marie, "EF-789-GH", "Citroën", "Jumper");
    let jean = customer(&mut db, "Jean", "Martin", "Nantes", "06 99 88 77 66");

    // In the order of their days: each row's stamp follows the last one's.
    let done = order(
        &mut db,
        NOW - 41 * DAY,
        &desk,
        &karim,
        paul,
        paul_clio,
        OrderStatus::Done,
    );
    let invoice = db
        .write(|tx| {
            let draft = invoices::draft_from_order(tx, NOW - 40 * DAY, &desk, done)?;
            invoices::issue(tx, NOW - 40 * DAY, &desk, draft.summary.id)
        })
        .unwrap()
        .summary
        .id;
    let estimate = order(
        &mut db,
        NOW - 20 * DAY,
        &desk,
        &karim,
        marie,
        marie_clio,
        OrderStatus::Estimate,
    );
    let at_work = order(
        &mut db,
        NOW,
        &desk,
        &karim,
        helene,
        peugeot,
        OrderStatus::InProgress,
    );
    db.write(|tx| {
        let cash = PaymentInput {
            method: Some("cash".into()),
            amount: Some("50".into()),
            ..PaymentInput::default()
        };
        invoices::payments::record_payment(tx, NOW, &desk, invoice, &cash, FR)
    })
    .unwrap();

    db.write(|tx| {
        let resource = |kind: &str, name: &str, user: Option<String>| ResourceInput {
            kind: Some(kind.into()),
            name: Some(name.into()),
            user_id: user,
            ..ResourceInput::default()
        };
        let bay = planning::create_resource(tx, NOW, None, &resource("bay", "Pont 1", None))?;
        planning::create_resource(tx, NOW, None, &resource("bay", "Pont 2", None))?;
        planning::create_resource(
            tx,
            NOW,
            None,
            &resource("mechanic", "Karim", karim.user.map(|u| u.to_string())),
        )?;
        let lucas = planning::create_resource(tx, NOW, None, &resource("mechanic", "Lucas", None))?;
        planning::add_day_off(tx, NOW, &lucas.id.to_string(), "2026-03-11", Some("congé"))?;
        planning::add_default_rules(tx, NOW, FR)?;
        let booking = AppointmentInput {
            customer_id: Some(helene.to_string()),
            vehicle_id: Some(peugeot.to_string()),
            start_at: Some("2026-03-11T09:00".into()),
            duration_min: Some(60),
            bay_id: Some(bay.id.to_string()),
            work: Some("Vidange".into()),
            ..AppointmentInput::default()
        };
        planning::book(tx, NOW, &booking, false)
    })
    .unwrap();

    let filter = db
        .write(|tx| {
            let p = stock::create_part(
                tx,
                NOW,
                None,
                &PartInput {
                    reference: Some("FH-1".into()),
                    description: Some("Filtre à huile".into()),
                    cost_price: Some("6,50".into()),
                    reorder_point: Some("5".into()),
                    ..PartInput::default()
                },
                FR,
            )?;
            stock::receive(
                tx,
                NOW,
                &Receipt {
                    part_id: p.id,
                    quantity: Some("2".into()),
                    ..Receipt::default()
                },
                FR,
            )?;
            let oil = stock::create_part(
                tx,
                NOW,
                None,
                &PartInput {
                    reference: Some("HU-5".into()),
                    description: Some("Huile 5W30".into()),
                    unit: Some("litre".into()),
                    cost_price: Some("8,00".into()),
                    ..PartInput::default()
                },
                FR,
            )?;
            let s = stock::create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("Autodistribution".into()),
                    ..SupplierInput::default()
                },
            )?;
            let line = PurchaseLineInput {
                part_id: oil.id,
                quantity: Some("20".into()),
                unit_cost: Some("6,00".into()),
            };
            stock::create_purchase(tx, NOW, s.id, None, &[line], FR)?;
            Ok(p.id)
        })
        .unwrap();
    Shop {
        db,
        owner,
        desk,
        karim,
        helene,
        peugeot,
        paul,
        marie,
        jean,
        at_work,
        estimate,
        invoice,
        filter,
    }
}

impl Shop {
    /// What `who` reads when asking `question` in French.
    pub fn ask(&self, who: &Actor, question: &str) -> Answer {
        self.ask_in(who, question, FR)
    }

    pub fn ask_in(&self, who: &Actor, question: &str, locale: Locale) -> Answer {
        let lexicon = Lexicon::of_workshop(self.db.conn()).unwrap();
        let understood = understand(question, &lexicon, date!(2026 - 03 - 10));
        let asker = Asker {
            actor: who.clone(),
            locale,
            today: TODAY.into(),
            now_ms: NOW,
            time: Some("10:00".into()),
        };
        answer(self.db.conn(), &asker, &understood).unwrap()
    }

    /// The rows of every table that a write would touch: the outbox (every
    /// write records its operation there) and the main tables.
    pub fn rows(&self) -> Vec<(&'static str, i64)> {
        [
            "outbox",
            "customers",
            "vehicles",
            "orders",
            "appointments",
            "invoices",
            "payments",
            "messages",
        ]
        .into_iter()
        .map(|t| {
            let n = self
                .db
                .conn()
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
    }
}

/// The lines' texts, to assert on.
pub(super) fn lines(a: &Answer) -> Vec<&str> {
    a.lines.iter().map(|l| l.text.as_str()).collect()
}

/// The lines' routes.
pub(super) fn routes(a: &Answer) -> Vec<&str> {
    a.lines
        .iter()
        .filter_map(|l| l.link.as_ref())
        .map(|l| l.route.as_str())
        .collect()
}

/// Asserts `a` is of `kind`, showing it whole when not.
pub(super) fn is(a: &Answer, kind: AnswerKind) {
    assert_eq!(a.kind, kind, "{a:#?}");
}

//! A customer's years at the workshop — orders signed and invoiced, a
//! payment, appointments and their confirmations, edits and a duplicate
//! merged — exported whole, then anonymised: afterwards, the database file
//! holds her name, phone and e-mail only where the law keeps them.

use std::collections::BTreeSet;

use atelier_domain::{CustomerId, InvoiceId, Locale, OrderId};
use serde_json::json;

mod erasure;
mod right_of_access;
mod sync;

use super::*;
use crate::Db;
use crate::access::{self, Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::invoices::{self, DraftInput, PaymentInput};
use crate::messages::{self, MessageSettingsInput, Outcome, secrets::InMemory};
use crate::orders::{self, LineInput, OrderInput};
use crate::planning::{self, AppointmentInput, ResourceInput};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, RateInput, StationInput, WorkshopInput};

/// 2026-03-16T07:00:00Z, a Monday.
pub(super) const NOW: u64 = 1_773_644_400_000;
pub(super) const DAY: u64 = 86_400_000;
pub(super) const FR: Locale = Locale::Fr;

/// What identifies her, as typed and as Atelier stores or folds it.
pub(super) const NAME: &str = "Zurbrügg";
pub(super) const FOLDED: &str = "zurbrugg";
pub(super) const PHONE: &str = "+33612345678";
pub(super) const PHONE_TYPED: &str = "0612345678";
pub(super) const OLD_PHONE: &str = "+33798765432";
pub(super) const EMAIL: &str = "xaviere.zurbrugg@example.fr";
pub(super) const ALIAS_EMAIL: &str = "xz@ancien.example";
pub(super) const STREET: &str = "impasse des Glycines";

/// Her years at the workshop, in one database.
pub(super) struct Her {
    pub id: CustomerId,
    pub order: OrderId,
    pub invoice: InvoiceId,
}

/// Sends every message as accepted.
pub(super) struct Accepts;

impl messages::Transport for Accepts {
    fn send(&self, _: &messages::Message) -> Outcome {
        Outcome::Sent
    }
}

pub(super) fn her_years(db: &mut Db) -> Her {
    let desk = Actor {
        user: Some(atelier_domain::UserId::new()),
        name: "Léa".into(),
        roles: Roles::of(&[Role::FrontDesk, Role::Owner]),
    };
    access::set_author(db.conn(), Some(&desk)).unwrap();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        legal_form: Some("SARL".into()),
        address_line1: Some("12 rue des Tilleuls".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        siret: Some("73282932000074".into()),
        vat_number: Some("FR44732829320".into()),
        rates: vec![RateInput {
            code: "mechanics".into(),
            label: None,
            hourly: Some("65,00".into()),
        }],
        ..WorkshopInput::default()
    };
    db.write(|tx| workshop::save(tx, NOW, &garage, FR)).unwrap();
    db.write(|tx| {
        workshop::save_station(
            tx,
            &StationInput {
                series_prefix: Some("S1A".into()),
                idle_minutes: None,
            },
        )
    })
    .unwrap();
    let form = MessageSettingsInput {
        smtp_host: Some("smtp.garage.fr".into()),
        smtp_from: Some("atelier@garage.fr".into()),
        sms_url: Some("https://sms.example/send".into()),
        ..MessageSettingsInput::default()
    };
    db.write(|tx| messages::save_settings(tx, &form, &InMemory::default()))
        .unwrap();

    let mut input = CustomerInput {
        civility: Some("Mme".into()),
        first_name: Some("Xavière".into()),
        last_name: Some(NAME.into()),
        phone: Some("07 98 76 54 32".into()),
        email: Some(EMAIL.into()),
        address_line1: Some(format!("7 {STREET}")),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        notes: Some("Préfère être appelée le matin".into()),
        marketing_consent: true,
        ..CustomerInput::default()
    };
    let id = db
        .write(|tx| customers::create(tx, NOW - 400 * DAY, &input))
        .unwrap()
        .id;
    // A new phone, consent withdrawn, then given again: the trail holds
    // the old number and three consents.
    input.phone = Some("06 12 34 56 78".into());
    input.marketing_consent = false;
    db.write(|tx| customers::update(tx, NOW - 300 * DAY, id, &input))
        .unwrap();
    input.marketing_consent = true;
    db.write(|tx| customers::update(tx, NOW - 200 * DAY, id, &input))
        .unwrap();
    // A duplicate made by mistake, merged into her record.
    let duplicate = db
        .write(|tx| {
            customers::create(
                tx,
                NOW - 100 * DAY,
                &CustomerInput {
                    first_name: Some("X.".into()),
                    last_name: Some(NAME.into()),
                    email: Some(ALIAS_EMAIL.into()),
                    confirm_duplicate: true,
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    db.write(|tx| customers::merge(tx, NOW - 99 * DAY, id, duplicate))
        .unwrap();

    let vehicle = db
        .write(|tx| {
            vehicles::create(
                tx,
                NOW - 400 * DAY,
                &VehicleInput {
                    customer_id: Some(id.to_string()),
                    plate: Some("AB-123-CD".into()),
                    make: Some("Peugeot".into()),
                    model: Some("308".into()),
                    mileage: Some(json!(84_000)),
                    ..VehicleInput::default()
                },
            )
        })
        .unwrap()
        .id;

    // A repair order in her words, signed, done, invoiced and paid.
    let header = OrderInput {
        customer_id: Some(id.to_string()),
        vehicle_id: Some(vehicle.to_string()),
        mileage: Some(json!("84 500")),
        complaint: Some(format!("Mme {NAME} entend un bruit au freinage")),
        internal_notes: Some("Rappeler au 06 12 34 56 78".into()),
        ..OrderInput::default()
    };
    let order = db
        .write(|tx| orders::create(tx, NOW - 10 * DAY, &desk, &header, FR))
        .unwrap()
        .id;
    let line = LineInput {
        kind: Some("part".into()),
        description: Some("Plaquettes AV".into()),
        quantity: Some("2".into()),
        unit_price: Some("45,00".into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    db.write(|tx| orders::add_line(tx, NOW - 10 * DAY, order, &line, FR))
        .unwrap();
    let approval = orders::Approval {
        signer_name: format!("Xavière {NAME}"),
        signature_png: atelier_pdf::sample::signature_png(),
        recycled_parts_accepted: None,
        accepted_on: String::new(),
    };
    db.write(|tx| orders::accept_estimate(tx, NOW - 10 * DAY, &desk, order, &approval))
        .unwrap();
    db.write(|tx| {
        orders::change_status(
            tx,
            NOW - 9 * DAY,
            &desk,
            order,
            orders::OrderStatus::InProgress,
            None,
        )?;
        orders::mark_done(tx, NOW - 9 * DAY, &desk, order, None)
    })
    .unwrap();
    let draft = db
        .write(|tx| invoices::draft_from_order(tx, NOW - 9 * DAY, &desk, order))
        .unwrap();
    let invoice = draft.summary.id;
    db.write(|tx| invoices::issue(tx, NOW - 9 * DAY, &desk, invoice))
        .unwrap();
    db.write(|tx| invoices::store_pdf(tx, NOW - 9 * DAY, invoice))
        .unwrap();
    let cheque = PaymentInput {
        method: Some("cheque".into()),
        amount: Some("20,00".into()),
        reference: Some("Chèque n° 4411".into()),
        ..PaymentInput::default()
    };
    db.write(|tx| {
        invoices::payments::record_payment(tx, NOW - 9 * DAY, &desk, invoice, &cheque, FR)
    })
    .unwrap();
    // A counter sale left as a draft, with a note about her.
    let counter = DraftInput {
        customer_id: Some(id.to_string()),
        lines: vec![line],
        notes: Some(format!("À remettre à Mme {NAME}")),
    };
    db.write(|tx| invoices::draft_counter_sale(tx, NOW - DAY, &desk, &counter, FR))
        .unwrap();

    // Next week's appointment, confirmed by e-mail and SMS.
    let bay = db
        .write(|tx| {
            planning::create_resource(
                tx,
                NOW,
                None,
                &ResourceInput {
                    kind: Some("bay".into()),
                    name: Some("Pont 1".into()),
                    ..ResourceInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let booking = AppointmentInput {
        customer_id: Some(id.to_string()),
        vehicle_id: Some(vehicle.to_string()),
        start_at: Some("2026-03-23T09:00".into()),
        duration_min: Some(60),
        bay_id: Some(bay.to_string()),
        work: Some(format!("Vidange — Mme {NAME} attend sur place")),
        ..AppointmentInput::default()
    };
    db.write(|tx| messages::book(tx, NOW, &booking, false, true))
        .unwrap();
    let sent = messages::send_all_due(db, NOW, &Accepts).unwrap();
    assert_eq!(sent.len(), 2, "her confirmation by e-mail and by SMS");
    Her { id, order, invoice }
}

/// Every table a foreign key leads to from `customers`, by the schema.
pub(super) fn tables_reaching_customers(db: &Db) -> BTreeSet<String> {
    let conn = db.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut reached = BTreeSet::from(["customers".to_owned()]);
    loop {
        let before = reached.len();
        for t in &tables {
            let targets: Vec<String> = conn
                .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap()
                .query_map([t], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            if targets.iter().any(|target| reached.contains(target)) {
                reached.insert(t.clone());
            }
        }
        if reached.len() == before {
            return reached;
        }
    }
}

/// Tables reaching a customer that the export leaves out, and why.
pub(super) const LEFT_OUT: &[(&str, &str)] = &[(
    "clock_events",
    "the time each mechanic clocked: the staff's data; the work is in the lines and steps",
)];

/// How many times `needle` occurs in `haystack`.
pub(super) fn occurrences(haystack: &[u8], needle: &str) -> usize {
    let needle = needle.as_bytes();
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// What the law keeps as issued, as bytes: the issued invoices' frozen
/// content and PDF, and the operation that carries an issued invoice to the
/// other stations while it waits to be sent.
pub(super) fn kept_by_law(db: &Db) -> Vec<Vec<u8>> {
    let conn = db.conn();
    let mut out: Vec<Vec<u8>> = Vec::new();
    for sql in [
        "SELECT CAST(content AS BLOB) FROM invoices WHERE status = 'issued'",
        "SELECT pdf FROM invoice_pdfs",
        "SELECT CAST(payload AS BLOB) FROM outbox
          WHERE entity = 'invoices' AND acked_at IS NULL AND payload LIKE '%\"content\"%'",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        out.extend(
            stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))
                .unwrap()
                .map(Result::unwrap),
        );
    }
    out
}

/// Reads the database file and its WAL, as a copy of them would hold them.
pub(super) fn file_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(dir.join(crate::DB_FILE_NAME)).unwrap();
    if let Ok(wal) = std::fs::read(dir.join(format!("{}-wal", crate::DB_FILE_NAME))) {
        bytes.extend(wal);
    }
    bytes
}

//! A workshop's e-reporting: private customers' sales and credit notes per
//! day, rate and category, what they paid for services, each period frozen
//! once. The demo month equal to the VAT report is in `tests/ereporting.rs`.

use atelier_domain::{CustomerId, InvoiceId, Locale, VehicleId};
use serde_json::json;

use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::invoices::payments::{PaymentInput, record_payment};
use crate::invoices::{self, CreditNoteInput, DraftInput, Invoice};
use crate::orders::{self, LineInput, OrderInput};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, RateInput, StationInput, WorkshopInput};

/// 2026-03-10T08:00:00Z: the last day of the first ten days of March.
pub(crate) const NOW: u64 = 1_773_129_600_000;
pub(crate) const DAY: u64 = 86_400_000;
const FR: Locale = Locale::Fr;

pub(crate) struct Shop {
    pub(crate) db: Db,
    person: CustomerId,
    company: CustomerId,
    vehicle: VehicleId,
    pub(crate) desk: Actor,
}

pub(crate) fn shop() -> Shop {
    let mut db = test_db();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
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
    let person = db
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
    let company = db
        .write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    kind: Some("company".into()),
                    company_name: Some("Transports Rhône".into()),
                    registration: Some("732 829 320".into()),
                    address_line1: Some("5 quai Perrache".into()),
                    postal_code: Some("69002".into()),
                    city: Some("Lyon".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let vehicle = db
        .write(|tx| {
            vehicles::create(
                tx,
                NOW - DAY,
                &VehicleInput {
                    customer_id: Some(person.to_string()),
                    plate: Some("AB-123-CD".into()),
                    ..VehicleInput::default()
                },
            )
        })
        .unwrap()
        .id;
    Shop {
        db,
        person,
        company,
        vehicle,
        desk: Actor {
            user: None,
            name: "Léa".into(),
            roles: Roles::of(&[Role::FrontDesk]),
        },
    }
}

fn part(description: &str, quantity: &str, unit_price: &str) -> LineInput {
    LineInput {
        kind: Some("part".into()),
        description: Some(description.into()),
        quantity: Some(quantity.into()),
        unit_price: Some(unit_price.into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    }
}

impl Shop {
    /// A counter sale of two parts to `customer`, issued at `now`.
    pub(crate) fn counter_sale_to(&mut self, customer: CustomerId, now: u64) -> Invoice {
        let input = DraftInput {
            customer_id: Some(customer.to_string()),
            lines: vec![
                part("Balais d’essuie-glace", "2", "12,50"),
                part("Huile 5W-30 (l)", "1", "13,90"),
            ],
            notes: None,
        };
        let desk = self.desk.clone();
        self.db
            .write(|tx| {
                let d = invoices::draft_counter_sale(tx, now, &desk, &input, FR)?;
                invoices::issue(tx, now, &desk, d.summary.id)
            })
            .unwrap()
    }

    pub(crate) fn private_counter_sale(&mut self, now: u64) -> Invoice {
        self.counter_sale_to(self.person, now)
    }

    /// A private customer's repair order: 1.5 h of labour, a recycled
    /// caliper at 5.5 % and two pads, 10 % off the whole; invoiced.
    fn private_order(&mut self) -> Invoice {
        let desk = self.desk.clone();
        let header = OrderInput {
            customer_id: Some(self.person.to_string()),
            vehicle_id: Some(self.vehicle.to_string()),
            mileage: Some(json!("84 500")),
            discount: Some("10".into()),
            discount_kind: Some("percent".into()),
            ..OrderInput::default()
        };
        let o = self
            .db
            .write(|tx| orders::create(tx, NOW, &desk, &header, FR))
            .unwrap()
            .id;
        for line in [
            LineInput {
                kind: Some("labour".into()),
                description: Some("Remplacement plaquettes AV".into()),
                hours: Some("1,5".into()),
                ..LineInput::default()
            },
            LineInput {
                origin: Some("recycled".into()),
                vat: Some("5,5".into()),
                ..part("Étrier AV gauche", "1", "89,90")
            },
            part("Plaquettes AV", "2", "45,00"),
        ] {
            self.db
                .write(|tx| orders::add_line(tx, NOW, o, &line, FR))
                .unwrap();
        }
        let approval = orders::Approval {
            signer_name: "Hélène Lefèvre".into(),
            signature_png: atelier_pdf::sample::signature_png(),
            recycled_parts_accepted: Some(true),
            accepted_on: String::new(),
        };
        self.db
            .write(|tx| {
                orders::accept_estimate(tx, NOW, &desk, o, &approval)?;
                orders::change_status(tx, NOW, &desk, o, orders::OrderStatus::InProgress, None)?;
                orders::mark_done(tx, NOW + 1000, &desk, o, Some("fini"))?;
                let d = invoices::draft_from_order(tx, NOW, &desk, o)?;
                invoices::issue(tx, NOW, &desk, d.summary.id)
            })
            .unwrap()
    }

    fn credit_in_full(&mut self, id: InvoiceId, now: u64) -> Invoice {
        let desk = self.desk.clone();
        let input = CreditNoteInput {
            invoice_id: Some(id.to_string()),
            reason: Some("Retour".into()),
            lines: Vec::new(),
        };
        self.db
            .write(|tx| invoices::credit_note(tx, now, &desk, &input, FR))
            .unwrap()
    }

    fn pay(&mut self, id: InvoiceId, amount: &str, now: u64) {
        let desk = self.desk.clone();
        let input = PaymentInput {
            method: Some("card".into()),
            amount: Some(amount.into()),
            paid_on: None,
            reference: None,
        };
        self.db
            .write(|tx| record_payment(tx, now, &desk, id, &input, FR))
            .unwrap();
    }
}

fn row(f: &Figures, category: Category, rate_bp: u32) -> &SalesRow {
    f.sales
        .iter()
        .find(|r| r.category == category && r.rate.bp() == rate_bp)
        .unwrap_or_else(|| panic!("a row {category:?} {rate_bp}"))
}

#[test]
fn only_private_customers_sales_are_reported_with_credit_notes_deducted() {
    let mut s = shop();
    let counter = s.private_counter_sale(NOW);
    s.private_order();
    let company = s.company;
    s.counter_sale_to(company, NOW);
    s.credit_in_full(counter.summary.id, NOW);
    let f = figures::compute(s.db.conn(), "2026-03-01", "2026-03-10", true).unwrap();

    assert_eq!(
        f.transactions, 1,
        "two private invoices less one credit note; the company's invoice is not e-reported"
    );
    assert_eq!(
        checks::per_rate(&f),
        checks::vat_rows(s.db.conn(), false, "2026-03-01", "2026-03-10").unwrap(),
        "per rate, the private documents' HT and TVA as the invoices printed them"
    );
    // Goods at 20 %: the counter sale, the order's pads, the credit note.
    let goods = row(&f, Category::Goods, 2000);
    assert_eq!(goods.transactions, 1, "1 + 1 − 1");
    let labour = row(&f, Category::Services, 2000);
    assert_eq!(labour.transactions, 1);
    // 1.5 h at 65 € less 10 %: 87.75 € HT, 17.55 € TVA.
    assert_eq!((labour.net.cents(), labour.tax.cents()), (8_775, 1_755));
    let caliper = row(&f, Category::Goods, 550);
    assert_eq!(caliper.net.cents(), 8_091, "89.90 € less 10 %");
    assert!(f.sales.iter().all(|r| r.day == "2026-03-10"));
    assert!(f.payments.is_empty(), "VAT on debits: no payment data");
}

#[test]
fn the_discount_and_the_tax_are_split_between_goods_and_services_to_the_cent() {
    let mut s = shop();
    let inv = s.private_order();
    let content = inv.content.clone().unwrap();
    let parts = figures::split(&content, None);
    for rate in &inv.totals.by_rate {
        let (net, tax) = parts
            .iter()
            .filter(|((r, _), _)| *r == rate.rate)
            .fold((0, 0), |(n, t), (_, (a, b))| (n + a, t + b));
        assert_eq!(
            (net, tax),
            (rate.net.cents(), rate.tax.cents()),
            "rate {:?}: goods and services add up to what the invoice printed",
            rate.rate
        );
    }
}

#[test]
fn services_received_are_reported_unless_the_workshop_opted_for_vat_on_debits() {
    let mut s = shop();
    let order = s.private_order();
    let company = s.company;
    let business = s.counter_sale_to(company, NOW);
    s.pay(order.summary.id, "100", NOW);
    s.pay(business.summary.id, "20", NOW);
    let f = figures::compute(s.db.conn(), "2026-03-01", "2026-03-10", false).unwrap();
    assert_eq!(f.payments.len(), 1, "services at 20 % only: {f:?}");
    let p = &f.payments[0];
    assert_eq!((p.day.as_str(), p.rate.bp()), ("2026-03-10", 2000));
    // The labour's share of the invoice's TTC: 105.30 of 307.99 €.
    let gross = order.totals.gross.cents();
    assert_eq!(
        p.received.cents(),
        crate::amounts::mul_div_round(10_000, 10_530, gross),
        "100 € spread over the invoice's TTC per rate and category"
    );
    assert_eq!(
        p.tax.cents(),
        crate::amounts::mul_div_round(p.received.cents(), 1_755, 10_530)
    );
    assert_eq!(f.received.cents(), p.received.cents());
    let debits = figures::compute(s.db.conn(), "2026-03-01", "2026-03-10", true).unwrap();
    assert!(debits.payments.is_empty() && debits.received.cents() == 0);
}

#[test]
fn a_period_is_frozen_once_it_is_over_and_never_twice() {
    let mut s = shop();
    s.private_counter_sale(NOW);
    let err =
        s.db.write(|tx| frozen::freeze(tx, NOW, "2026-03-10"))
            .unwrap_err();
    assert_eq!(
        err.code(),
        "ereport_not_over",
        "the 10th is not over on the 10th"
    );
    let p =
        s.db.write(|tx| frozen::freeze(tx, NOW + DAY, "2026-03-04"))
            .unwrap();
    assert_eq!(
        (p.period_start.as_str(), p.period_end.as_str()),
        ("2026-03-01", "2026-03-10")
    );
    assert_eq!((p.seq, p.figures.transactions), (1, 1));
    assert_eq!(p.user_name, "Atelier", "nobody signed in");
    let again =
        s.db.write(|tx| frozen::freeze(tx, NOW + 2 * DAY, "2026-03-09"))
            .unwrap_err();
    assert_eq!(again.code(), "ereport_already_frozen");
    // Switching to monthly periods does not freeze those days a second time.
    s.db.write(|tx| {
        save_settings(
            tx,
            NOW,
            &SettingsInput {
                regime: Some("simplified".into()),
                ..SettingsInput::default()
            },
        )
    })
    .unwrap();
    let month =
        s.db.write(|tx| frozen::freeze(tx, NOW + 30 * DAY, "2026-03-20"))
            .unwrap_err();
    assert_eq!(month.code(), "ereport_already_frozen");

    // The table refuses changes and deletions.
    let conn = s.db.conn();
    assert!(
        conn.execute("UPDATE ereport_periods SET figures = '{}'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM ereport_periods", []).is_err());
    assert_eq!(frozen::verify(conn).unwrap(), Vec::new());
    assert_eq!(frozen::list(conn).unwrap(), vec![p]);
}

#[test]
fn periods_over_are_frozen_from_the_first_day_reported_in_one_chain() {
    let mut s = shop();
    s.private_counter_sale(NOW);
    assert!(
        frozen::freeze_due(&mut s.db, NOW + 40 * DAY)
            .unwrap()
            .is_empty(),
        "nothing on its own before the first day is set"
    );
    s.db.write(|tx| {
        save_settings(
            tx,
            NOW,
            &SettingsInput {
                from: Some("2026-02-15".into()),
                ..SettingsInput::default()
            },
        )
    })
    .unwrap();
    // On 1 April: 11–20 and 21–28 February, then March's three periods.
    let made = frozen::freeze_due(&mut s.db, NOW + 22 * DAY).unwrap();
    let spans: Vec<(&str, &str)> = made
        .iter()
        .map(|p| (p.period_start.as_str(), p.period_end.as_str()))
        .collect();
    assert_eq!(
        spans,
        [
            ("2026-02-11", "2026-02-20"),
            ("2026-02-21", "2026-02-28"),
            ("2026-03-01", "2026-03-10"),
            ("2026-03-11", "2026-03-20"),
            ("2026-03-21", "2026-03-31"),
        ]
    );
    for pair in made.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "one chain");
    }
    assert!(
        frozen::freeze_due(&mut s.db, NOW + 22 * DAY)
            .unwrap()
            .is_empty()
    );
    assert!(frozen::verify(s.db.conn()).unwrap().is_empty());
}

#[test]
fn bad_settings_are_refused_with_the_field_and_nothing_is_saved() {
    let mut s = shop();
    let err =
        s.db.write(|tx| {
            save_settings(
                tx,
                NOW,
                &SettingsInput {
                    regime: Some("mensuel".into()),
                    ..SettingsInput::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert!(
        err.message(Locale::Fr).contains("Régime de TVA"),
        "{}",
        err.message(Locale::Fr)
    );
    assert!(err.message(Locale::En).contains("VAT regime"));
    let err =
        s.db.write(|tx| {
            save_settings(
                tx,
                NOW,
                &SettingsInput {
                    from: Some("31/02/2027".into()),
                    ..SettingsInput::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(settings(s.db.conn()).unwrap(), Settings::default());
    let saved =
        s.db.write(|tx| {
            save_settings(
                tx,
                NOW,
                &SettingsInput {
                    regime: Some("simplified".into()),
                    vat_on_debits: Some(true),
                    from: Some("2027-09-01".into()),
                },
            )
        })
        .unwrap();
    assert_eq!(
        saved,
        Settings {
            regime: Regime::Simplified,
            vat_on_debits: true,
            from: Some("2027-09-01".into())
        }
    );
}

#[test]
fn the_period_s_file_names_the_workshop_and_holds_the_figures() {
    let mut s = shop();
    s.private_order();
    let p =
        s.db.write(|tx| frozen::freeze(tx, NOW + DAY, "2026-03-10"))
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path =
        s.db.write(|tx| file::export(tx, NOW + DAY, p.id, dir.path()))
            .unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "EREPORTING_732829320_S1A_2026-03-01_2026-03-10.json"
    );
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["format"], "atelier-ereporting/1");
    assert_eq!(doc["emetteur"]["siren"], "732829320");
    assert_eq!(doc["poste"]["empreinte"], p.hash.as_str());
    let services = doc["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["categorie"] == "TPS1")
        .unwrap();
    assert_eq!(services["montant_ht"], "87.75");
    assert_eq!(services["taux_tva"], "20.00");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no partial file left"
    );
}

#[test]
fn a_frozen_period_reaches_another_station_intact_and_stays_append_only_there() {
    let mut a = shop();
    a.private_order();
    let p =
        a.db.write(|tx| frozen::freeze(tx, NOW + DAY, "2026-03-10"))
            .unwrap();
    let ops = crate::sync::outgoing(a.db.conn(), u32::MAX).unwrap();
    a.db.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    let mut b = test_db();
    let applied = b
        .write(|tx| crate::sync::Applier::new().apply_page(tx, &ops, NOW + DAY))
        .unwrap();
    assert_eq!(applied.parked, 0, "{applied:?}");
    let there = frozen::list(b.conn()).unwrap();
    assert_eq!(there, vec![p], "the same figures, hash and chain");
    assert!(frozen::verify(b.conn()).unwrap().is_empty());
    assert!(b.conn().execute("DELETE FROM ereport_periods", []).is_err());
    // The workshop's settings travel with its other fields.
    a.db.write(|tx| {
        save_settings(
            tx,
            NOW + DAY,
            &SettingsInput {
                regime: Some("simplified".into()),
                vat_on_debits: Some(true),
                ..SettingsInput::default()
            },
        )
    })
    .unwrap();
    let ops = crate::sync::outgoing(a.db.conn(), u32::MAX).unwrap();
    b.write(|tx| crate::sync::Applier::new().apply_page(tx, &ops, NOW + DAY))
        .unwrap();
    let s = settings(b.conn()).unwrap();
    assert_eq!((s.regime, s.vat_on_debits), (Regime::Simplified, true));
}

#[test]
fn a_launch_freezes_the_periods_that_ended_since_the_last_one() {
    let mut s = shop();
    s.private_counter_sale(NOW);
    s.db.write(|tx| {
        save_settings(
            tx,
            NOW,
            &SettingsInput {
                from: Some("2026-03-01".into()),
                ..SettingsInput::default()
            },
        )
    })
    .unwrap();
    let began = crate::startup::begin(&mut s.db, NOW + DAY, "test").unwrap();
    let spans: Vec<&str> = began
        .ereport_periods
        .iter()
        .map(|p| p.period_end.as_str())
        .collect();
    assert_eq!(spans, ["2026-03-10"]);
    let again = crate::startup::begin(&mut s.db, NOW + DAY + 1000, "test").unwrap();
    assert!(again.ereport_periods.is_empty(), "never twice");
}

#[test]
fn a_frozen_period_changed_behind_atelier_s_back_is_found_by_the_integrity_check() {
    let mut s = shop();
    s.private_counter_sale(NOW);
    let p =
        s.db.write(|tx| frozen::freeze(tx, NOW + DAY, "2026-03-10"))
            .unwrap();
    let check = crate::integrity::check(&mut s.db, NOW + DAY, FR).unwrap();
    assert!(
        check.ereport_periods.is_empty() && check.clean,
        "{:?}",
        check.messages
    );
    // Someone lowers the reported HT in the file, triggers dropped.
    let forged = p.figures_text.replace(
        &format!("\"net_cents\":{}", p.figures.net.cents()),
        "\"net_cents\":1",
    );
    assert_ne!(forged, p.figures_text);
    s.db.conn()
        .execute_batch("DROP TRIGGER ereport_periods_no_update")
        .unwrap();
    s.db.conn()
        .execute("UPDATE ereport_periods SET figures = ?1", [&forged])
        .unwrap();
    assert_eq!(
        frozen::verify(s.db.conn()).unwrap(),
        vec![("S1A".to_owned(), 1)]
    );
    let check = crate::integrity::check(&mut s.db, NOW + DAY, FR).unwrap();
    assert!(!check.clean);
    assert!(
        check
            .messages
            .iter()
            .any(|m| m.contains("Période d’e-reporting n° 1")),
        "{:?}",
        check.messages
    );
}

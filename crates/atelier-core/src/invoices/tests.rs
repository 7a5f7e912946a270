//! A front desk's invoices: counter sales and repair orders invoiced, paid in
//! parts, credited, and an attacker editing the database file behind them.

mod chain_tampering;
mod closing;
mod facturx;
mod paper;
mod paying;

use atelier_domain::{CustomerId, Locale, Money, OrderId, VehicleId};
use serde_json::json;

use super::*;
use crate::Db;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::orders::{self, LineInput, OrderInput};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, RateInput, StationInput, WorkshopInput};

/// 2026-03-10T08:00:00Z.
const NOW: u64 = 1_773_129_600_000;
const DAY: u64 = 86_400_000;
const TODAY: &str = "2026-03-10";
const FR: Locale = Locale::Fr;

struct Shop {
    db: Db,
    customer: CustomerId,
    vehicle: VehicleId,
    desk: Actor,
}

fn shop() -> Shop {
    let mut db = shop_without_series();
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
    with_people(db)
}

fn shop_without_series() -> Db {
    let mut db = test_db();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        legal_form: Some("SARL".into()),
        capital: Some("10 000".into()),
        address_line1: Some("12 rue des Tilleuls".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        siret: Some("73282932000074".into()),
        rcs: Some("RCS Lyon".into()),
        vat_number: Some("FR44732829320".into()),
        rates: vec![RateInput {
            code: "mechanics".into(),
            label: None,
            hourly: Some("65,00".into()),
        }],
        ..WorkshopInput::default()
    };
    db.write(|tx| workshop::save(tx, NOW, &garage, FR)).unwrap();
    db
}

fn with_people(mut db: Db) -> Shop {
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    first_name: Some("Hélène".into()),
                    last_name: Some("Lefèvre".into()),
                    address_line1: Some("3 place Bellecour".into()),
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
                    customer_id: Some(customer.to_string()),
                    plate: Some("AB-123-CD".into()),
                    make: Some("Peugeot".into()),
                    model: Some("308".into()),
                    ..VehicleInput::default()
                },
            )
        })
        .unwrap()
        .id;
    Shop {
        db,
        customer,
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

fn labour(description: &str, hours: &str) -> LineInput {
    LineInput {
        kind: Some("labour".into()),
        description: Some(description.into()),
        hours: Some(hours.into()),
        ..LineInput::default()
    }
}

impl Shop {
    /// A counter-sale draft of two wiper blades and a litre of oil.
    fn counter_draft(&mut self) -> Invoice {
        let input = DraftInput {
            customer_id: Some(self.customer.to_string()),
            lines: vec![
                part("Balais d’essuie-glace", "2", "12,50"),
                part("Huile 5W-30 (l)", "1", "13,90"),
            ],
            notes: None,
        };
        let desk = self.desk.clone();
        self.db
            .write(|tx| draft_counter_sale(tx, NOW, &desk, &input, FR))
            .unwrap()
    }

    fn issue(&mut self, id: InvoiceId) -> Result<Invoice> {
        self.issue_at(id, NOW)
    }

    /// Issues, then stores the PDF in a second transaction, as the shell does.
    fn issue_at(&mut self, id: InvoiceId, now: u64) -> Result<Invoice> {
        let desk = self.desk.clone();
        let inv = self.db.write(|tx| issue(tx, now, &desk, id))?;
        self.db.write(|tx| store_pdf(tx, now, id))?;
        Ok(inv)
    }

    /// A counter sale, issued.
    fn counter_sale(&mut self) -> Invoice {
        let d = self.counter_draft();
        self.issue(d.summary.id).unwrap()
    }

    /// A repair order with labour, a recycled part and a 10 % order discount,
    /// signed, worked and done.
    fn done_order(&mut self) -> OrderId {
        let o = self.estimate();
        let desk = self.desk.clone();
        self.db
            .write(|tx| {
                orders::change_status(tx, NOW, &desk, o, orders::OrderStatus::InProgress, None)?;
                orders::mark_done(tx, NOW + 1000, &desk, o, Some("fini"))
            })
            .unwrap();
        o
    }

    /// The same order, signed but not done.
    fn estimate(&mut self) -> OrderId {
        let desk = self.desk.clone();
        let header = OrderInput {
            customer_id: Some(self.customer.to_string()),
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
            labour("Remplacement plaquettes AV", "1,5"),
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
            .write(|tx| orders::accept_estimate(tx, NOW, &desk, o, &approval))
            .unwrap();
        o
    }

    fn invoice_order(&mut self, order: OrderId) -> Invoice {
        let desk = self.desk.clone();
        let d = self
            .db
            .write(|tx| draft_from_order(tx, NOW, &desk, order))
            .unwrap();
        self.issue(d.summary.id).unwrap()
    }

    fn count(&self, table: &str) -> i64 {
        self.db
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

fn refusal(err: crate::Error) -> (crate::validation::Field, crate::validation::Problem) {
    match err {
        crate::Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_counter_sale_is_numbered_in_the_workstations_series_and_chained() {
    let mut s = shop();
    let draft = s.counter_draft();
    assert_eq!(draft.summary.status, InvoiceStatus::Draft);
    assert_eq!(draft.summary.number, None, "a draft has no number");
    assert_eq!(
        draft.totals.gross,
        Money::from_cents(4_668),
        "38,90 € HT + 20 %"
    );
    let first = s.issue(draft.summary.id).unwrap();
    assert_eq!(first.summary.number.as_deref(), Some("F-S1A-2026-000001"));
    assert_eq!(first.summary.status, InvoiceStatus::Unpaid);
    assert_eq!(first.summary.issued_on.as_deref(), Some(TODAY));
    assert_eq!(first.summary.due_on.as_deref(), Some(TODAY), "on receipt");
    let second = s.counter_sale();
    assert_eq!(second.summary.number.as_deref(), Some("F-S1A-2026-000002"));
    let (h1, prev2): (String, String) = s
        .db
        .conn()
        .query_row(
            "SELECT (SELECT hash FROM invoices WHERE seq = 1), (SELECT prev_hash FROM invoices WHERE seq = 2)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(prev2, h1, "the second invoice is chained to the first");
    let report = verify(s.db.conn()).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.documents, 2);
    let next_year = s.counter_draft();
    let n = s.issue_at(next_year.summary.id, NOW + 300 * DAY).unwrap();
    assert_eq!(
        n.summary.number.as_deref(),
        Some("F-S1A-2027-000001"),
        "each year starts its own series"
    );
}

#[test]
fn an_empty_invoice_is_refused_and_gives_no_number_away() {
    let mut s = shop();
    let input = DraftInput {
        customer_id: Some(s.customer.to_string()),
        ..DraftInput::default()
    };
    let desk = s.desk.clone();
    let empty =
        s.db.write(|tx| draft_counter_sale(tx, NOW, &desk, &input, FR))
            .unwrap();
    let ops = s.count("outbox");
    let err = s.issue(empty.summary.id).unwrap_err();
    assert_eq!(
        refusal(err),
        (
            crate::validation::Field::Lines,
            crate::validation::Problem::Required
        )
    );
    assert_eq!(s.count("outbox"), ops, "nothing written");
    assert_eq!(s.count("invoice_counters"), 0, "no number taken");
    let sale = s.counter_sale();
    assert_eq!(sale.summary.number.as_deref(), Some("F-S1A-2026-000001"));
}

#[test]
fn without_a_series_prefix_the_workstation_cannot_issue() {
    let mut s = with_people(shop_without_series());
    let d = s.counter_draft();
    let err = s.issue(d.summary.id).unwrap_err();
    assert_eq!(refusal(err).0, crate::validation::Field::SeriesPrefix);
}

#[test]
fn a_repair_order_is_invoiced_with_the_orders_totals_and_frozen() {
    let mut s = shop();
    let order = s.done_order();
    let expected = orders::page::order_totals(s.db.conn(), order).unwrap();
    let invoice = s.invoice_order(order);
    assert_eq!(
        invoice.totals, expected,
        "the invoice shows the order's amounts to the cent"
    );
    assert_eq!(invoice.summary.gross, expected.gross);
    assert_eq!(invoice.lines.len(), 3);
    let content = invoice.content.as_ref().unwrap();
    assert_eq!(content.vehicle.as_ref().unwrap().mileage_km, Some(84_500));
    assert!(content.order_number.is_some());
    let o = orders::get(s.db.conn(), order).unwrap();
    assert_eq!(o.status, orders::OrderStatus::Invoiced);
    assert_eq!(
        of_order(s.db.conn(), order).unwrap(),
        Some(invoice.summary.id)
    );
    // The order cannot change any more, nor be invoiced twice.
    let desk = s.desk.clone();
    let again =
        s.db.write(|tx| draft_from_order(tx, NOW, &desk, order))
            .unwrap_err();
    assert_eq!(again.code(), "order_frozen");
}

#[test]
fn an_order_not_done_is_not_invoiced() {
    let mut s = shop();
    let order = s.estimate();
    let ops = s.count("outbox");
    let desk = s.desk.clone();
    let err =
        s.db.write(|tx| draft_from_order(tx, NOW, &desk, order))
            .unwrap_err();
    assert_eq!(err.code(), "illegal_transition");
    assert_eq!(s.count("outbox"), ops);
    // A draft made while done, then the order reopened: the issue is refused.
    let order = s.done_order();
    let draft =
        s.db.write(|tx| draft_from_order(tx, NOW, &desk, order))
            .unwrap();
    s.db.write(|tx| orders::reopen(tx, NOW, &desk, order, "bruit persistant"))
        .unwrap();
    let err = s.issue(draft.summary.id).unwrap_err();
    assert_eq!(err.code(), "illegal_transition");
    assert_eq!(s.count("invoice_counters"), 0);
}

#[test]
fn an_issued_invoice_cannot_be_edited_discarded_or_issued_again() {
    let mut s = shop();
    let inv = s.counter_sale();
    let id = inv.summary.id;
    let input = DraftInput {
        customer_id: Some(s.customer.to_string()),
        lines: vec![part("Autre chose", "1", "1")],
        notes: None,
    };
    let ops = s.count("outbox");
    let err =
        s.db.write(|tx| update_draft(tx, NOW, id, &input, FR))
            .unwrap_err();
    assert_eq!(err.code(), "invoice_issued");
    let err = s.db.write(|tx| discard_draft(tx, NOW, id)).unwrap_err();
    assert_eq!(err.code(), "invoice_issued");
    let err = s.issue(id).unwrap_err();
    assert_eq!(err.code(), "invoice_issued");
    assert_eq!(s.count("outbox"), ops, "nothing written");
    // The database itself refuses, whatever the code path.
    let direct = s.db.conn().execute(
        "UPDATE invoices SET gross_cents = 1 WHERE id = ?1",
        [id.to_string()],
    );
    assert!(direct.is_err(), "the trigger refuses an edit");
    let direct =
        s.db.conn()
            .execute("DELETE FROM invoices WHERE id = ?1", [id.to_string()]);
    assert!(direct.is_err(), "the trigger refuses a delete");
}

#[test]
fn a_draft_is_edited_and_discarded_freely() {
    let mut s = shop();
    let d = s.counter_draft();
    let input = DraftInput {
        customer_id: Some(s.customer.to_string()),
        lines: vec![part("Ampoule H7", "2", "8,00")],
        notes: Some("Posées gracieusement".into()),
    };
    let edited =
        s.db.write(|tx| update_draft(tx, NOW, d.summary.id, &input, FR))
            .unwrap();
    assert_eq!(edited.totals.net, Money::from_cents(1_600));
    assert_eq!(edited.notes.as_deref(), Some("Posées gracieusement"));
    let bad = DraftInput {
        lines: vec![part("Ampoule H7", "-2", "8,00")],
        ..input
    };
    let err =
        s.db.write(|tx| update_draft(tx, NOW, d.summary.id, &bad, FR))
            .unwrap_err();
    assert_eq!(refusal(err).0, crate::validation::Field::Quantity);
    s.db.write(|tx| discard_draft(tx, NOW, d.summary.id))
        .unwrap();
    assert_eq!(
        summary(s.db.conn(), d.summary.id, TODAY)
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_counter_sale_needs_a_customer() {
    let mut s = shop();
    let desk = s.desk.clone();
    let input = DraftInput {
        lines: vec![part("Ampoule H7", "2", "8,00")],
        ..DraftInput::default()
    };
    let err =
        s.db.write(|tx| draft_counter_sale(tx, NOW, &desk, &input, FR))
            .unwrap_err();
    assert_eq!(refusal(err).0, crate::validation::Field::Customer);
}

mod numbering {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Copy, Debug)]
    enum Attempt {
        /// A good draft, issued.
        Issue,
        /// An empty draft: refused.
        Empty,
        /// Issued, then the transaction fails afterwards and rolls back.
        RolledBack,
        /// A credit note of the last invoice (when there is one).
        Credit,
    }

    fn attempt() -> impl Strategy<Value = Attempt> {
        prop_oneof![
            3 => Just(Attempt::Issue),
            1 => Just(Attempt::Empty),
            1 => Just(Attempt::RolledBack),
            1 => Just(Attempt::Credit),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn numbers_have_no_gap_whatever_fails_in_between(
            attempts in proptest::collection::vec(attempt(), 1..14),
        ) {
            let mut s = shop();
            let desk = s.desk.clone();
            let mut issued: Vec<InvoiceId> = Vec::new();
            for a in attempts {
                match a {
                    Attempt::Issue => issued.push(s.counter_sale().summary.id),
                    Attempt::Empty => {
                        let input = DraftInput {
                            customer_id: Some(s.customer.to_string()),
                            ..DraftInput::default()
                        };
                        let d = s.db.write(|tx| draft_counter_sale(tx, NOW, &desk, &input, FR)).unwrap();
                        prop_assert!(s.issue(d.summary.id).is_err());
                    }
                    Attempt::RolledBack => {
                        let d = s.counter_draft();
                        let r: Result<()> = s.db.write(|tx| {
                            issue(tx, NOW, &desk, d.summary.id)?;
                            Err(crate::Error::Corrupt("the printer caught fire"))
                        });
                        prop_assert!(r.is_err());
                    }
                    Attempt::Credit => {
                        if let Some(last) = issued.pop() {
                            let input = CreditNoteInput {
                                invoice_id: Some(last.to_string()),
                                ..CreditNoteInput::default()
                            };
                            s.db.write(|tx| credit_note(tx, NOW, &desk, &input, FR)).unwrap();
                        }
                    }
                }
            }
            let mut stmt = s.db.conn().prepare(
                "SELECT series, seq FROM invoices WHERE status = 'issued' ORDER BY series, seq",
            ).unwrap();
            let rows: Vec<(String, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for series in ["F-S1A-2026", "A-S1A-2026"] {
                let seqs: Vec<i64> = rows.iter().filter(|r| r.0 == series).map(|r| r.1).collect();
                let expected: Vec<i64> = (1..=i64::try_from(seqs.len()).unwrap()).collect();
                prop_assert_eq!(&seqs, &expected, "series {} runs 1, 2, 3… with no gap", series);
            }
            let report = verify(s.db.conn()).unwrap();
            prop_assert!(report.is_clean(), "{:?}", report);
        }
    }
}

#[test]
fn the_series_prefix_is_fixed_once_an_invoice_is_issued() {
    let mut s = shop();
    let same = StationInput {
        series_prefix: Some("s1a".into()),
        idle_minutes: None,
    };
    s.db.write(|tx| workshop::save_station(tx, &same)).unwrap();
    s.counter_sale();
    s.db.write(|tx| workshop::save_station(tx, &same)).unwrap();
    let other = StationInput {
        series_prefix: Some("S2B".into()),
        idle_minutes: None,
    };
    let err =
        s.db.write(|tx| workshop::save_station(tx, &other))
            .unwrap_err();
    assert_eq!(
        refusal(err),
        (
            crate::validation::Field::SeriesPrefix,
            crate::validation::Problem::SeriesInUse
        )
    );
}

mod totals_property {
    use super::*;
    use crate::orders::LineAmounts;
    use proptest::prelude::*;

    fn any_line() -> impl Strategy<Value = LineInput> {
        (
            prop_oneof![Just("part"), Just("fee"), Just("labour")],
            1_u32..5_000,
            0_u32..200_000,
            prop_oneof![Just("20"), Just("10"), Just("5,5"), Just("2,1"), Just("0")],
            prop_oneof![Just(None), (1_u32..50).prop_map(Some)],
        )
            .prop_map(|(kind, qty_milli, cents, vat, discount)| {
                let quantity = format!("{},{:03}", qty_milli / 1000, qty_milli % 1000);
                let price = format!("{},{:02}", cents / 100 + 1, cents % 100);
                LineInput {
                    kind: Some(kind.into()),
                    description: Some("Ligne".into()),
                    quantity: (kind != "labour").then(|| quantity.clone()),
                    hours: (kind == "labour").then_some(quantity),
                    unit_price: (kind != "labour").then(|| price.clone()),
                    hourly_rate: (kind == "labour").then_some(price),
                    vat: Some(vat.into()),
                    discount: discount.map(|d| d.to_string()),
                    ..LineInput::default()
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]
        #[test]
        fn an_issued_invoice_adds_up_exactly_as_the_order_totals_do(
            lines in proptest::collection::vec(any_line(), 1..12),
        ) {
            let mut s = shop();
            let desk = s.desk.clone();
            let input = DraftInput {
                customer_id: Some(s.customer.to_string()),
                lines,
                notes: None,
            };
            let draft = s.db.write(|tx| draft_counter_sale(tx, NOW, &desk, &input, FR)).unwrap();
            let inv = s.issue(draft.summary.id).unwrap();
            let amounts: Vec<LineAmounts> = inv.lines.iter().map(InvoiceLine::amounts).collect();
            let expected = crate::orders::totals(&amounts, OrderDiscount::None);
            prop_assert_eq!(&inv.totals, &expected);
            prop_assert_eq!(&inv.totals, &draft.totals, "issuing changes no amount");
            prop_assert_eq!(inv.summary.gross, expected.gross);
            prop_assert_eq!(inv.summary.balance, expected.gross);
            let tax: i64 = inv.totals.by_rate.iter().map(|r| r.tax.cents()).sum();
            prop_assert_eq!(inv.totals.net.cents() + tax, inv.totals.gross.cents());
            prop_assert!(verify(s.db.conn()).unwrap().is_clean());
        }
    }
}

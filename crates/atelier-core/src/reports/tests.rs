//! A known month of a two-site workshop, February 2026, built through the
//! same functions the screens call: repair orders worked, clocked and
//! invoiced, payments, a credit note, a counter sale at 5,5 %, parts
//! received and used. Every report's figures are worked out by hand below
//! and must come out to the cent.

mod credit_notes;
mod jobs;

use atelier_domain::{InvoiceId, Locale, Money, OrderId, SiteId, UserId};
use serde_json::json;

use super::revenue::RevenueRow;
use super::*;
use crate::access::{Actor, Role, Roles};
use crate::customers::{self, CustomerInput};
use crate::db::test_db;
use crate::invoices::payments::{PaymentInput, record_payment};
use crate::invoices::{self, Ageing, CreditNoteInput, DraftInput};
use crate::orders::{self, Approval, LineInput, OrderInput, OrderStatus};
use crate::pages::dashboard::dashboard;
use crate::stock::{self, PartInput, Receipt};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, RateInput, StationInput, WorkshopInput};
use crate::{Db, Transaction};

const FR: Locale = Locale::Fr;
const DAY: u64 = 86_400_000;
const HOUR: u64 = 3_600_000;
/// 2026-02-01T08:00:00Z.
const FEB_1: u64 = 1_769_932_800_000;

/// 08:00 UTC on `day` February 2026, plus `hours`.
fn feb(day: u64, hours: u64) -> u64 {
    FEB_1 + (day - 1) * DAY + hours * HOUR
}

fn part_line(description: &str, quantity: &str, price: &str) -> LineInput {
    LineInput {
        kind: Some("part".into()),
        description: Some(description.into()),
        quantity: Some(quantity.into()),
        unit_price: Some(price.into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    }
}

fn labour(hours: &str) -> LineInput {
    LineInput {
        kind: Some("labour".into()),
        description: Some("Main-d’œuvre".into()),
        hours: Some(hours.into()),
        ..LineInput::default()
    }
}

fn fee(description: &str, price: &str) -> LineInput {
    LineInput {
        kind: Some("fee".into()),
        description: Some(description.into()),
        quantity: Some("1".into()),
        unit_price: Some(price.into()),
        ..LineInput::default()
    }
}

struct Month {
    db: Db,
    main: SiteId,
    south: SiteId,
    karim: Actor,
}

fn desk() -> Actor {
    Actor {
        user: None,
        name: "Léa".into(),
        roles: Roles::of(&[Role::FrontDesk]),
    }
}

fn customer_with_car(tx: &Transaction<'_>, name: &str, plate: &str) -> (String, String) {
    let c = customers::create(
        tx,
        FEB_1,
        &CustomerInput {
            last_name: Some(name.into()),
            ..CustomerInput::default()
        },
    )
    .unwrap();
    let v = vehicles::create(
        tx,
        FEB_1,
        &VehicleInput {
            customer_id: Some(c.id.to_string()),
            plate: Some(plate.into()),
            ..VehicleInput::default()
        },
    )
    .unwrap();
    (c.id.to_string(), v.id.to_string())
}

impl Month {
    /// An order written, signed, started, clocked by Karim from `day` 09:00
    /// for `clocked_h` hours, done the same day, invoiced on `invoiced`.
    fn job(
        &mut self,
        who: &(String, String),
        lines: &[LineInput],
        discount: Option<&str>,
        day: u64,
        clocked_h: u64,
        invoiced: u64,
    ) -> InvoiceId {
        let (karim, d) = (self.karim.clone(), desk());
        self.db
            .write(|tx| {
                let input = OrderInput {
                    customer_id: Some(who.0.clone()),
                    vehicle_id: Some(who.1.clone()),
                    mileage: Some(json!("50 000")),
                    discount: discount.map(Into::into),
                    discount_kind: discount.map(|_| "percent".into()),
                    ..OrderInput::default()
                };
                let o: OrderId = orders::create(tx, feb(day, 0), &d, &input, FR)?.id;
                for line in lines {
                    orders::add_line(tx, feb(day, 0), o, line, FR)?;
                }
                let approval = Approval {
                    signer_name: "Client".into(),
                    signature_png: atelier_pdf::sample::signature_png(),
                    recycled_parts_accepted: None,
                    accepted_on: String::new(),
                };
                orders::accept_estimate(tx, feb(day, 0), &d, o, &approval)?;
                orders::change_status(tx, feb(day, 0), &d, o, OrderStatus::InProgress, None)?;
                orders::start_clock(tx, feb(day, 1), &karim, o)?;
                orders::clock::pause_clock(tx, feb(day, 1 + clocked_h), &karim, o)?;
                orders::mark_done(tx, feb(day, 6), &karim, o, Some("fini"))?;
                let draft = invoices::draft_from_order(tx, feb(invoiced, 0), &d, o)?;
                Ok(invoices::issue(tx, feb(invoiced, 0), &d, draft.summary.id)?
                    .summary
                    .id)
            })
            .unwrap()
    }

    fn counter_sale(
        &mut self,
        who: &(String, String),
        lines: Vec<LineInput>,
        now: u64,
    ) -> InvoiceId {
        self.db
            .write(|tx| {
                let input = DraftInput {
                    customer_id: Some(who.0.clone()),
                    lines,
                    notes: None,
                };
                let draft = invoices::draft_counter_sale(tx, now, &desk(), &input, FR)?;
                Ok(invoices::issue(tx, now, &desk(), draft.summary.id)?
                    .summary
                    .id)
            })
            .unwrap()
    }

    fn pay(&mut self, invoice: InvoiceId, method: &str, amount: &str, now: u64) {
        let input = PaymentInput {
            method: Some(method.into()),
            amount: Some(amount.into()),
            paid_on: None,
            reference: None,
        };
        self.db
            .write(|tx| record_payment(tx, now, &desk(), invoice, &input, FR))
            .unwrap();
    }

    fn move_to(&mut self, site: SiteId) {
        self.db
            .write(|tx| stock::set_current_site(tx, site))
            .unwrap();
    }

    fn scope(&self, from: &str, to: &str, site: Option<SiteId>) -> Scope {
        Scope::of(
            &ReportQuery {
                preset: Some(Preset::Custom),
                from: Some(from.into()),
                to: Some(to.into()),
                grain: Some(Grain::Month),
                site_id: site.map(|s| s.to_string()),
            },
            "2026-03-10",
        )
        .unwrap()
    }
}

/// February 2026:
/// - 3 Feb, main site: order A, 1,5 h labour at 60 € (90,00), 2 oil filters
///   at 12,90 (25,80; from stock, cost 6,50 each), a 5,00 € disposal fee, 10 %
///   off: HT 108,72 = labour 81,00 + parts 23,22 + other 4,50; VAT 21,74;
///   TTC 130,46, paid by card. Karim clocked 2 h.
/// - 10 Feb, Lyon Sud: order B, 2 h labour (120,00) and a hose bought for
///   the job (30,00, no catalogue cost): HT 150,00, TTC 180,00, invoiced on
///   the 12th, 100 € paid in cash; a 10 € HT goodwill credit note on the
///   20th (−12,00 TTC). Karim clocked 1 h.
/// - 25 Feb, main site: a counter sale of a recycled calliper at 5,5 %:
///   HT 100,00, VAT 5,50, unpaid.
/// - 20 Jan (outside the month): a counter sale of 50 € HT, unpaid.
fn february() -> Month {
    let mut db = test_db();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        siret: Some("73282932000074".into()),
        vat_number: Some("FR44732829320".into()),
        rates: vec![RateInput {
            code: "mechanics".into(),
            label: None,
            hourly: Some("60,00".into()),
        }],
        ..WorkshopInput::default()
    };
    let (main, south) = db
        .write(|tx| {
            workshop::save(tx, FEB_1, &garage, FR)?;
            workshop::save_station(
                tx,
                &StationInput {
                    series_prefix: Some("S1A".into()),
                    idle_minutes: None,
                },
            )?;
            let south = stock::create_site(tx, FEB_1, "Lyon Sud")?.id;
            Ok((stock::current_site(tx)?, south))
        })
        .unwrap();
    let mut m = Month {
        db,
        main,
        south,
        karim: Actor {
            user: Some(UserId::new()),
            name: "Karim".into(),
            roles: Roles::of(&[Role::Mechanic]),
        },
    };
    m.db.write(|tx| {
        for (reference, description, category, qty, cost) in [
            ("FH-2201", "Filtre à huile", "Filtres", "10", "6,50"),
            ("PL-1", "Plaquettes AV", "Freinage", "4", "20,00"),
        ] {
            let input = PartInput {
                reference: Some(reference.into()),
                description: Some(description.into()),
                category: Some(category.into()),
                cost_price: Some(cost.into()),
                ..PartInput::default()
            };
            let p = stock::create_part(tx, FEB_1, None, &input, FR)?;
            let receipt = Receipt {
                part_id: p.id,
                quantity: Some(qty.into()),
                unit_cost: Some(cost.into()),
                ..Receipt::default()
            };
            stock::receive(tx, FEB_1, &receipt, FR)?;
        }
        Ok(())
    })
    .unwrap();
    let (alice, bruno) =
        m.db.write(|tx| {
            Ok((
                customer_with_car(tx, "Martin", "AB-123-CD"),
                customer_with_car(tx, "Durand", "EF-456-GH"),
            ))
        })
        .unwrap();
    let january = m.counter_sale(
        &alice,
        vec![part_line("Accessoire", "1", "50,00")],
        FEB_1 - 12 * DAY,
    );
    let _ = january;
    let mut filters = part_line("Filtre à huile", "2", "12,90");
    filters.part_id = Some("fh 2201".into());
    let a = m.job(
        &alice,
        &[labour("1,5"), filters, fee("Recyclage", "5,00")],
        Some("10"),
        3,
        2,
        5,
    );
    m.pay(a, "card", "130,46", feb(5, 1));
    m.move_to(m.south);
    let b = m.job(
        &bruno,
        &[labour("2"), part_line("Durite", "1", "30,00")],
        None,
        10,
        1,
        12,
    );
    m.pay(b, "cash", "100", feb(12, 1));
    m.db.write(|tx| {
        let input = CreditNoteInput {
            invoice_id: Some(b.to_string()),
            reason: Some("Geste commercial".into()),
            lines: vec![fee("Geste commercial", "10,00")],
        };
        invoices::credit_note(tx, feb(20, 0), &desk(), &input, FR)
    })
    .unwrap();
    m.move_to(m.main);
    let mut calliper = part_line("Étrier recyclé", "1", "100,00");
    calliper.vat = Some("5,5".into());
    calliper.origin = Some("recycled".into());
    m.counter_sale(&alice, vec![calliper], feb(25, 0));
    m
}

fn cents(c: i64) -> Money {
    Money::from_cents(c)
}

#[test]
fn revenue_over_the_month_matches_the_invoices_to_the_cent() {
    let m = february();
    let r = revenue(m.db.conn(), &m.scope("2026-02-01", "2026-02-28", None)).unwrap();
    assert_eq!(r.rows.len(), 1, "one month");
    let t = &r.total;
    assert_eq!(
        r.rows[0],
        RevenueRow {
            period: "2026-02".into(),
            ..t.clone()
        }
    );
    assert_eq!(
        t.net,
        cents(10_872 + 15_000 - 1_000 + 10_000),
        "A + B − credit + counter sale"
    );
    assert_eq!(t.tax, cents(2_174 + 3_000 - 200 + 550));
    assert_eq!(t.gross, cents(13_046 + 18_000 - 1_200 + 10_550));
    assert_eq!(t.labour, cents(8_100 + 12_000), "labour after A's 10 %");
    assert_eq!(t.parts, cents(2_322 + 3_000 + 10_000));
    assert_eq!(
        t.other,
        cents(450 - 1_000),
        "A's fee less the goodwill credit"
    );
    assert_eq!(
        t.net,
        cents(t.labour.cents() + t.parts.cents() + t.other.cents())
    );
    assert_eq!((t.invoices, t.credit_notes, t.cars), (3, 1, 2));
    assert_eq!(r.repair_orders, 2);
    assert_eq!(r.average_order, cents((10_872 + 15_000 - 1_000) / 2));
    assert_eq!(r.parts_costed, cents(2_322), "only the filters have a cost");
    assert_eq!(r.parts_cost, cents(1_300), "2 × 6,50");
    assert_eq!(r.parts_margin, cents(1_022));
    assert_eq!(
        r.parts_margin_ratio.map(atelier_domain::Ratio::bp),
        Some(4_401)
    );
    let names: Vec<(&str, i64)> = r
        .by_site
        .iter()
        .map(|s| (s.name.as_str(), s.net.cents()))
        .collect();
    assert_eq!(names, [("Lyon Sud", 14_000), ("Site principal", 20_872)]);

    let south = revenue(
        m.db.conn(),
        &m.scope("2026-02-01", "2026-02-28", Some(m.south)),
    )
    .unwrap();
    assert_eq!(
        south.total.net,
        cents(14_000),
        "B and its credit note belong to Lyon Sud"
    );
    assert_eq!(south.total.gross, cents(16_800));

    let by_day = Scope {
        grain: Grain::Day,
        ..m.scope("2026-02-01", "2026-02-28", None)
    };
    let days = revenue(m.db.conn(), &by_day).unwrap();
    assert_eq!(days.rows.len(), 28, "every day, empty ones included");
    assert_eq!(days.rows[4].period, "2026-02-05");
    assert_eq!(days.rows[4].gross, cents(13_046));
    assert_eq!(days.rows[19].gross, cents(-1_200), "the credit note's day");
    let weeks = Scope {
        grain: Grain::Week,
        ..m.scope("2026-02-01", "2026-02-28", None)
    };
    let weeks = revenue(m.db.conn(), &weeks).unwrap();
    assert_eq!(weeks.rows[0].period, "2026-01-26", "weeks start on Monday");
    assert_eq!(weeks.rows.len(), 5);

    let jan = revenue(m.db.conn(), &m.scope("2026-01-01", "2026-01-31", None)).unwrap();
    assert_eq!(
        jan.total.net,
        cents(5_000),
        "January's sale stays in January"
    );
}

#[test]
fn invoice_figures_equal_each_invoices_own_totals() {
    let m = february();
    let mut stmt =
        m.db.conn()
            .prepare(
                "SELECT f.net_cents * f.sign, f.gross_cents * f.sign, i.net_cents, i.gross_cents,
                    f.labour_cents + f.parts_cents + f.other_cents, f.net_cents
               FROM invoice_figures f JOIN invoices i ON i.id = f.invoice_id",
            )
            .unwrap();
    let rows: Vec<(i64, i64, i64, i64, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows.len(), 5);
    for (net, gross, inv_net, inv_gross, split, signed) in rows {
        assert_eq!(
            (net, gross),
            (inv_net, inv_gross),
            "the figures are the invoice's"
        );
        assert_eq!(split, signed, "the split adds up to HT");
    }
    let rebuilt =
        m.db.conn()
            .query_row("SELECT COUNT(*) FROM invoice_vat_figures", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
    assert_eq!(rebuilt, 5, "one rate each");
}

#[test]
fn vat_collected_per_rate() {
    let m = february();
    let v = vat(m.db.conn(), &m.scope("2026-02-01", "2026-02-28", None)).unwrap();
    let rates: Vec<(u32, i64, i64)> = v
        .rates
        .iter()
        .map(|r| (r.rate.bp(), r.net.cents(), r.tax.cents()))
        .collect();
    assert_eq!(rates, [(550, 10_000, 550), (2000, 24_872, 4_974)]);
    assert_eq!((v.net, v.tax), (cents(34_872), cents(5_524)));
}

#[test]
fn productivity_compares_clocked_and_billed_hours() {
    let m = february();
    let p = productivity(
        m.db.conn(),
        &m.scope("2026-02-01", "2026-02-28", None),
        feb(28, 0),
    )
    .unwrap();
    assert_eq!(p.mechanics.len(), 1);
    let k = &p.mechanics[0];
    assert_eq!(k.name, "Karim");
    assert_eq!(k.clocked.milli(), 3_000, "2 h on A, 1 h on B");
    assert_eq!(k.billed.milli(), 3_500, "1,5 h on A, 2 h on B");
    assert_eq!(k.efficiency.map(atelier_domain::Ratio::bp), Some(11_667));
    assert_eq!(k.jobs_done, 2);
    let south = productivity(
        m.db.conn(),
        &m.scope("2026-02-01", "2026-02-28", Some(m.south)),
        feb(28, 0),
    )
    .unwrap();
    assert_eq!(
        (south.total.clocked.milli(), south.total.billed.milli()),
        (1_000, 2_000)
    );
}

#[test]
fn parts_used_slow_movers_and_stock_value() {
    let m = february();
    let p = parts(m.db.conn(), &m.scope("2026-02-01", "2026-02-28", None)).unwrap();
    let top: Vec<(&str, i64)> = p
        .top_used
        .iter()
        .map(|u| (u.reference.as_str(), u.used.milli()))
        .collect();
    assert_eq!(top, [("FH-2201", 2_000)]);
    let slow: Vec<(&str, i64)> = p
        .slow_movers
        .iter()
        .map(|s| (s.reference.as_str(), s.value.cents()))
        .collect();
    assert_eq!(slow, [("PL-1", 8_000)], "4 pads at 20 €, never used");
    let cats: Vec<(Option<&str>, i64)> = p
        .by_category
        .iter()
        .map(|c| (c.category.as_deref(), c.value.cents()))
        .collect();
    assert_eq!(
        cats,
        [(Some("Freinage"), 8_000), (Some("Filtres"), 5_200)],
        "8 filters left at 6,50"
    );
    assert_eq!(p.stock_value, cents(13_200));
}

#[test]
fn receivables_by_age_per_site() {
    let m = february();
    let all = crate::invoices::reports::unpaid_at(m.db.conn(), None, None, "2026-03-10").unwrap();
    let buckets: Vec<(Ageing, u32, i64)> = all
        .buckets
        .iter()
        .map(|b| (b.ageing, b.count, b.total.cents()))
        .collect();
    assert_eq!(
        buckets,
        [
            (Ageing::NotDue, 0, 0),
            (Ageing::Days1To30, 2, 6_800 + 10_550),
            (Ageing::Days31To60, 1, 6_000),
            (Ageing::Days61To90, 0, 0),
            (Ageing::Over90, 0, 0),
        ],
        "B: 180 − 100 paid − 12 credited; the calliper; January's sale"
    );
    let south = crate::invoices::reports::unpaid_at(m.db.conn(), None, Some(m.south), "2026-03-10")
        .unwrap();
    assert_eq!(south.total, cents(6_800));
}

#[test]
fn the_owners_dashboard_shows_each_sites_day_and_month() {
    let m = february();
    let owner = Actor::system();
    let d = dashboard(m.db.conn(), &owner, "2026-02-25").unwrap();
    let panel = d.owner.expect("the owner sees revenue");
    let sites: Vec<(&str, i64, i64)> = panel
        .sites
        .iter()
        .map(|s| (s.name.as_str(), s.today_net.cents(), s.month_net.cents()))
        .collect();
    assert_eq!(
        sites,
        [("Site principal", 10_000, 20_872), ("Lyon Sud", 0, 14_000)]
    );
    assert_eq!(
        panel.total.month_gross,
        cents(13_046 + 10_550 + 18_000 - 1_200)
    );
    assert!(
        panel.sites.iter().all(|s| s.stations.is_none()),
        "no sync state yet"
    );
    let desk = d.front_desk.expect("the owner sees the front desk's panel");
    assert_eq!(
        desk.unpaid.count, 2,
        "the main site's: January's sale and the calliper"
    );
    assert_eq!(
        desk.appointments_today,
        Some(Vec::new()),
        "no appointments booked: an empty list"
    );
    let mech = dashboard(m.db.conn(), &m.karim, "2026-02-25").unwrap();
    assert!(
        mech.owner.is_none() && mech.front_desk.is_none(),
        "a mechanic sees no money"
    );
    assert!(mech.mechanic.is_some());
}

#[test]
fn the_csv_uses_french_conventions() {
    let m = february();
    let dir = tempfile::tempdir().unwrap();
    let scope = m.scope("2026-02-01", "2026-02-28", None);
    let path = csv::write(
        m.db.conn(),
        csv::ReportKind::Revenue,
        &scope,
        "2026-03-10",
        feb(28, 0),
        FR,
        dir.path(),
    )
    .unwrap();
    assert!(path.ends_with("rapport-chiffre-affaires-2026-02-01-2026-02-28.csv"));
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("Période;CA HT;TVA;CA TTC"));
    assert!(
        lines[1].starts_with("2026-02;348,72;55,24;403,96;201,00;153,22;-5,50;3;1;2"),
        "{}",
        lines[1]
    );
}

#[test]
fn presets_cover_whole_days() {
    let p = |preset| Period::preset(preset, "2026-03-11").unwrap();
    let pair = |p: Period| (p.from, p.to);
    assert_eq!(
        pair(p(Preset::Today)),
        ("2026-03-11".into(), "2026-03-11".into())
    );
    assert_eq!(
        pair(p(Preset::ThisWeek)),
        ("2026-03-09".into(), "2026-03-15".into())
    );
    assert_eq!(
        pair(p(Preset::ThisMonth)),
        ("2026-03-01".into(), "2026-03-31".into())
    );
    assert_eq!(
        pair(p(Preset::LastMonth)),
        ("2026-02-01".into(), "2026-02-28".into())
    );
    assert_eq!(
        pair(p(Preset::ThisYear)),
        ("2026-01-01".into(), "2026-12-31".into())
    );
    assert!(
        Period::custom(Some("2026-03-02"), Some("2026-03-01")).is_err(),
        "backwards"
    );
}

//! The demo workshop's March in e-reporting: its private customers' sales
//! and payments, frozen in three periods, plus its business customers'
//! e-invoices, equal the VAT report to the cent. The e-reporting's other
//! tests are beside it, in `src/einvoice/reporting/tests.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use atelier_core::Db;
use atelier_core::einvoice::reporting::checks::{per_rate, vat_rows};
use atelier_core::einvoice::reporting::{SettingsInput, figures, frozen, save_settings};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::Locale;

/// 2026-03-10T08:00:00Z: the last day of the first ten days of March.
const NOW: u64 = 1_773_129_600_000;
const DAY: u64 = 86_400_000;

/// The demo workshop's March: its invoices and the ledger's days of
/// credit notes, payments, reversals and deposits.
fn demo() -> (tempfile::TempDir, Db) {
    /// 2026-03-02T10:00:00Z.
    const DEMO_NOW: u64 = 1_772_445_600_000;
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    db.write(|tx| demo::set_up_workshop(tx, DEMO_NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 30,
            seed: 1,
        },
        DEMO_NOW,
    )
    .unwrap();
    demo::ledger::add(&mut db, DEMO_NOW).unwrap();
    (dir, db)
}

#[test]
fn the_demo_month_s_e_reporting_and_its_e_invoices_equal_the_vat_report_to_the_cent() {
    let (_dir, mut db) = demo();
    let scope = atelier_core::reports::Scope::of(
        &atelier_core::reports::ReportQuery {
            from: Some("2026-03-01".into()),
            to: Some("2026-03-31".into()),
            ..atelier_core::reports::ReportQuery::default()
        },
        "2026-03-01",
    )
    .unwrap();
    let report = atelier_core::reports::vat(db.conn(), &scope).unwrap();
    db.write(|tx| {
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
    // The three periods of ten days, frozen on 1 April.
    let periods = frozen::freeze_due(&mut db, NOW + 22 * DAY).unwrap();
    assert_eq!(periods.len(), 3);
    let mut reported: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for p in &periods {
        for (rate, (net, tax)) in per_rate(&p.figures) {
            let e = reported.entry(rate).or_default();
            e.0 += net;
            e.1 += tax;
        }
    }
    assert!(
        reported.values().any(|(net, _)| *net != 0),
        "private sales in March"
    );
    // Business customers' sales go through e-invoices instead.
    for (rate, (net, tax)) in vat_rows(db.conn(), true, "2026-03-01", "2026-03-31").unwrap() {
        let e = reported.entry(rate).or_default();
        e.0 += net;
        e.1 += tax;
    }
    let vat: BTreeMap<u32, (i64, i64)> = report
        .rates
        .iter()
        .map(|r| (r.rate.bp(), (r.net.cents(), r.tax.cents())))
        .collect();
    reported.retain(|_, v| *v != (0, 0));
    assert_eq!(
        reported, vat,
        "e-reported plus e-invoiced, per rate, is the VAT report"
    );

    // The same month in one simplified-regime period gives the same sums.
    let month = figures::compute(db.conn(), "2026-03-01", "2026-03-31", false).unwrap();
    assert_eq!(
        month.net.cents(),
        periods.iter().map(|p| p.figures.net.cents()).sum::<i64>()
    );
    assert_eq!(
        month.received.cents(),
        periods
            .iter()
            .map(|p| p.figures.received.cents())
            .sum::<i64>()
    );
    assert!(
        month.received.cents() > 0,
        "the demo's private customers paid for services"
    );
}

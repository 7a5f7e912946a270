//! The till's closures over a front desk's days: what each freezes, the
//! grand totals they carry, the refusal of anything dated in a closed day,
//! and a changed closure found.

use super::*;
use crate::invoices::payments::{record_payment, reverse_payment};
use crate::journal::{self, Code};
use crate::till::closures::{self, Closure, Finding, Kind};
use crate::till::{self, TillError};

fn sale_on(s: &mut Shop, now: u64) -> Invoice {
    let d = s.counter_draft();
    s.issue_at(d.summary.id, now).unwrap()
}

fn pay_on(s: &mut Shop, id: InvoiceId, method: &str, amount: &str, now: u64) -> Result<()> {
    let desk = s.desk.clone();
    let input = PaymentInput {
        method: Some(method.into()),
        amount: Some(amount.into()),
        paid_on: None,
        reference: None,
    };
    s.db.write(|tx| record_payment(tx, now, &desk, id, &input, FR))
        .map(|_| ())
}

fn own_device(s: &Shop) -> String {
    crate::device::device_id(s.db.conn()).unwrap().to_string()
}

fn till_error(e: Error) -> TillError {
    match e {
        Error::Till(t) => t,
        other => panic!("expected a till refusal, got {other:?}"),
    }
}

#[test]
fn each_day_from_the_first_sale_is_closed_with_its_totals_and_grand_totals() {
    let mut s = shop();
    // Day 1: two sales (46,68 € each), one paid by card, one in cash.
    let a = sale_on(&mut s, NOW);
    let b = sale_on(&mut s, NOW + 60_000);
    pay_on(&mut s, a.summary.id, "card", "46,68", NOW).unwrap();
    pay_on(&mut s, b.summary.id, "cash", "50", NOW).unwrap();
    // Day 3: a credit note of the first sale.
    let desk = s.desk.clone();
    let credit = CreditNoteInput {
        invoice_id: Some(a.summary.id.to_string()),
        reason: Some("Retour".into()),
        lines: Vec::new(),
    };
    s.db.write(|tx| credit_note(tx, NOW + 2 * DAY, &desk, &credit, FR))
        .unwrap();
    let made = closures::close(&mut s.db, NOW + 4 * DAY, None).unwrap();
    let days: Vec<&str> = made
        .iter()
        .filter(|c| c.kind == Kind::Day)
        .map(|c| c.period_start.as_str())
        .collect();
    assert_eq!(
        days,
        ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"],
        "every day up to yesterday, the empty ones too"
    );
    let first = &made[0];
    assert_eq!(first.station, "S1A");
    assert_eq!(first.seq, 1);
    assert_eq!(first.prev_hash, closures::GENESIS);
    let t = &first.totals;
    assert_eq!((t.invoices, t.credit_notes), (2, 0));
    assert_eq!(t.first_invoice.as_deref(), Some("F-S1A-2026-000001"));
    assert_eq!(t.last_invoice.as_deref(), Some("F-S1A-2026-000002"));
    assert_eq!(t.gross.cents(), 9_336);
    assert_eq!(t.net.cents() + t.tax.cents(), t.gross.cents());
    assert_eq!(t.vat.len(), 1);
    assert_eq!(t.vat[0].rate.bp(), 2_000);
    assert_eq!(t.vat[0].tax.cents(), t.tax.cents());
    let method = |m: &str| t.payments.iter().find(|p| p.method == m).unwrap().clone();
    assert_eq!(
        (method("card").count, method("card").total.cents()),
        (1, 4_668)
    );
    assert_eq!(method("cash").total.cents(), 4_668);
    assert_eq!(t.change_given.cents(), 332);
    assert_eq!(t.received.cents(), 9_336);
    assert_eq!(first.perpetual_total.cents(), 9_336);
    let third = &made[2];
    assert_eq!(third.totals.credit_notes, 1);
    assert_eq!(third.totals.credited.cents(), 4_668);
    assert_eq!(third.period_total.cents(), -4_668);
    assert_eq!(third.perpetual_total.cents(), 9_336 - 4_668);
    assert_eq!(third.perpetual_abs.cents(), 9_336 + 4_668);
    assert_eq!(
        made[3].perpetual_total.cents(),
        4_668,
        "an empty day carries it on"
    );
    for pair in made.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    assert!(closures::verify(s.db.conn()).unwrap().ok());
    // Each closure is in the journal, and travels to the server.
    let journalled = journal::list(
        s.db.conn(),
        &journal::Filter {
            code: Some("closure".into()),
            ..journal::Filter::default()
        },
    )
    .unwrap();
    assert_eq!(journalled.len(), made.len());
    let ops: i64 =
        s.db.conn()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE entity = 'closures'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(ops, 4);
    // Nothing more is due the same day.
    assert!(
        closures::close(&mut s.db, NOW + 4 * DAY, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_month_and_a_fiscal_year_follow_their_last_day_and_add_up_their_days() {
    let mut s = shop();
    let mut now = NOW;
    // A sale on each of ten days spread over March to May 2026.
    for _ in 0..10 {
        sale_on(&mut s, now);
        now += 7 * DAY;
    }
    let new_year = 1_798_761_600_000; // 2027-01-01T00:00:00Z
    let made = closures::close(&mut s.db, new_year + 3_600_000, None).unwrap();
    let months: Vec<&Closure> = made.iter().filter(|c| c.kind == Kind::Month).collect();
    assert_eq!(months.len(), 10, "March to December 2026");
    assert_eq!(
        (
            months[0].period_start.as_str(),
            months[0].period_end.as_str()
        ),
        ("2026-03-01", "2026-03-31")
    );
    let days_of_march: i64 = made
        .iter()
        .filter(|c| c.kind == Kind::Day && c.period_start.starts_with("2026-03"))
        .map(|c| c.period_total.cents())
        .sum();
    assert_eq!(months[0].period_total.cents(), days_of_march);
    let years: Vec<&Closure> = made.iter().filter(|c| c.kind == Kind::Year).collect();
    assert_eq!(years.len(), 1);
    assert_eq!(
        (years[0].period_start.as_str(), years[0].period_end.as_str()),
        ("2026-01-01", "2026-12-31")
    );
    assert_eq!(years[0].totals.invoices, 10);
    assert_eq!(years[0].period_total.cents(), 10 * 4_668);
    assert_eq!(years[0].perpetual_total.cents(), 10 * 4_668);
    assert_eq!(
        years[0].totals.last_invoice.as_deref(),
        Some("F-S1A-2026-000010")
    );
    assert!(closures::verify(s.db.conn()).unwrap().ok());
}

#[test]
fn nothing_is_dated_in_a_closed_day_and_a_correction_goes_into_the_open_one() {
    let mut s = shop();
    let a = sale_on(&mut s, NOW);
    let made = closures::close_today(&mut s.db, NOW + 3_600_000).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].period_start, TODAY);
    let before = s.count("invoices");
    // Issuing today again: refused, nothing written.
    let d = s.counter_draft();
    let err = s.issue_at(d.summary.id, NOW + 7_200_000).unwrap_err();
    assert!(matches!(
        till_error(err),
        TillError::PeriodClosed { ref day, ref through } if day == TODAY && through == TODAY
    ));
    assert_eq!(s.count("invoices"), before + 1, "only the draft");
    // A payment back-dated into the closed day: refused with the message.
    let desk = s.desk.clone();
    let input = PaymentInput {
        method: Some("card".into()),
        amount: Some("10".into()),
        paid_on: Some(TODAY.into()),
        reference: None,
    };
    let err =
        s.db.write(|tx| record_payment(tx, NOW + DAY, &desk, a.summary.id, &input, FR))
            .unwrap_err();
    assert!(
        err.message(FR).contains("10/03/2026 est clôturée"),
        "{}",
        err.message(FR)
    );
    assert_eq!(s.count("payments"), 0);
    // The next day is open: the payment, and its reversal, go there.
    pay_on(&mut s, a.summary.id, "card", "10", NOW + DAY).unwrap();
    let paid: String =
        s.db.conn()
            .query_row("SELECT id FROM payments", [], |r| r.get(0))
            .unwrap();
    s.db.write(|tx| reverse_payment(tx, NOW + DAY, &desk, paid.parse().unwrap(), Some("Erreur")))
        .unwrap();
    // Closing today twice is refused.
    let err = closures::close_today(&mut s.db, NOW + 3_600_000).unwrap_err();
    assert!(matches!(till_error(err), TillError::NothingToClose { .. }));
    assert_eq!(
        till::closed_through(s.db.conn(), &own_device(&s))
            .unwrap()
            .as_deref(),
        Some(TODAY)
    );
}

#[test]
fn a_clock_set_back_refuses_the_closure_and_says_so_in_the_journal() {
    let mut s = shop();
    sale_on(&mut s, NOW);
    s.db.write(|tx| journal::record(tx, NOW + 5 * DAY, Code::Start, "0.1.0"))
        .unwrap();
    let err = closures::close(&mut s.db, NOW + 2 * DAY, None).unwrap_err();
    assert!(matches!(till_error(err), TillError::ClockBehind { .. }));
    assert_eq!(s.count("closures"), 0);
    let last = journal::list(s.db.conn(), &journal::Filter::default()).unwrap();
    assert_eq!(last[0].code, Code::ClosureRefused);
    assert_eq!(last[1].code, Code::ClockBackwards);
}

#[test]
fn a_changed_closure_and_a_forged_grand_total_are_found() {
    let mut s = shop();
    sale_on(&mut s, NOW);
    sale_on(&mut s, NOW + DAY);
    closures::close(&mut s.db, NOW + 3 * DAY, None).unwrap();
    let conn = s.db.conn();
    conn.execute_batch(
        "DROP TRIGGER closures_no_update;
         UPDATE closures SET period_total_cents = 1 WHERE seq = 1;",
    )
    .unwrap();
    let v = closures::verify(conn).unwrap();
    assert_eq!(v.stations, 1);
    assert!(v.findings.contains(&Finding::Altered {
        station: "S1A".into(),
        seq: 1
    }));
    assert!(v.findings.contains(&Finding::GrandTotal {
        station: "S1A".into(),
        day: TODAY.into()
    }));
}

#[test]
fn another_stations_closures_neither_close_this_one_nor_mix_with_its_totals() {
    let mut s = shop();
    sale_on(&mut s, NOW);
    // A closure synced from station S2B of the same site, through today.
    s.db.conn()
        .execute(
            "INSERT INTO closures (id, device_id, station, kind, period_start, period_end, seq,
                 site_id, closed_at, user_name, totals, period_total_cents,
                 perpetual_total_cents, perpetual_abs_cents, prev_hash, hash, created_at)
             VALUES ('00000000-0000-7000-8000-00000000000b', 'another-device', 'S2B', 'day', ?1, ?1, 1, ?2, 0, 'Marc', '{}', 0, 0,
                     0, ?3, 'h', 0)",
            rusqlite::params![TODAY, crate::device::MAIN_SITE, closures::GENESIS],
        )
        .unwrap();
    assert!(
        till::closed_through(s.db.conn(), &own_device(&s))
            .unwrap()
            .is_none()
    );
    let d = s.counter_draft();
    s.issue_at(d.summary.id, NOW + 60_000).unwrap();
    let made = closures::close(&mut s.db, NOW + DAY, None).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].totals.invoices, 2);
    let listed = closures::list(s.db.conn(), &closures::Filter::default()).unwrap();
    assert_eq!(listed.len(), 2, "the owner sees both stations'");
}

#[test]
fn a_new_series_prefix_keeps_the_same_chain_and_the_old_series_documents() {
    let mut s = shop();
    sale_on(&mut s, NOW);
    // Enrolment hands the station a new prefix; its S1A documents stay its own.
    s.db.write(|tx| crate::workshop::adopt_series_prefix(tx, "LYA1"))
        .unwrap();
    sale_on(&mut s, NOW + 60_000);
    let made = closures::close(&mut s.db, NOW + DAY, None).unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].station, "LYA1");
    assert_eq!(made[0].totals.invoices, 2, "S1A's and LYA1's");
    assert_eq!(made[0].seq, 1);
}

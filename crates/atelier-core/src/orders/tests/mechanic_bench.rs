//! The bench: job list, job card, checklist, time clock, parts used, done.

use atelier_domain::Money;

use super::*;
use crate::Error;
use crate::orders::OrderError;
use crate::orders::bench::{self, PartUsedInput};
use crate::orders::clock::{self, ClockState};
use crate::orders::steps;

#[test]
fn a_mechanic_sees_their_jobs_for_today_without_a_single_price() {
    let mut s = shop();
    let today = s.accepted();
    let estimate = s.estimate();
    let later = {
        let o = s.estimate();
        let input = OrderInput {
            promised_at: Some("2026-03-20".into()),
            ..s.header()
        };
        s.db.write(|tx| update(tx, NOW, o.id, &input, FR)).unwrap();
        s.add(o.id, labour("Courroie", "3"));
        let desk = s.desk.clone();
        s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &signed()))
            .unwrap()
    };
    let jobs = bench::bench_jobs(s.db.conn(), &s.karim, TODAY).unwrap();
    let ids: Vec<_> = jobs.iter().map(|j| j.order_id).collect();
    assert_eq!(
        ids,
        [today.id],
        "not the estimate {}, not the job promised on the 20th {}",
        estimate.id,
        later.id
    );
    assert_eq!(jobs[0].number, "OR-2026-0001");
    assert_eq!(jobs[0].progress, steps::Progress { done: 0, total: 1 });
    let json = serde_json::to_string(&jobs).unwrap();
    for word in ["price", "cents", "gross", "\"net\"", "\"unit\""] {
        assert!(
            !json.contains(word),
            "a bench list carries no price: {json}"
        );
    }
    assert!(
        bench::bench_jobs(s.db.conn(), &s.lucas, TODAY)
            .unwrap()
            .is_empty(),
        "only assigned jobs"
    );

    let card = bench::job_card(s.db.conn(), &s.karim, today.id, NOW).unwrap();
    assert!(!card.prices_shown);
    assert!(
        card.lines.iter().all(|l| l.price.is_none()),
        "a mechanic's job card has no prices"
    );
    assert_eq!(
        card.complaint.as_deref(),
        Some("Bruit au freinage à l’avant")
    );
    assert_eq!(card.billed_hours.milli(), 1500);
    let desk_card = bench::job_card(s.db.conn(), &s.desk, today.id, NOW).unwrap();
    assert_eq!(
        desk_card.lines[1].price.unwrap().net,
        Money::from_cents(9000),
        "the desk sees them"
    );
}

#[test]
fn steps_are_ticked_in_order_with_who_and_when() {
    let mut s = shop();
    let o = s.estimate();
    s.add(o.id, labour("Déposer les roues", "0,2"));
    s.add(o.id, labour("Remplacer les plaquettes", "1"));
    let desk = s.desk.clone();
    s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &signed()))
        .unwrap();
    let extra =
        s.db.write(|tx| steps::add_step(tx, NOW, o.id, "Essai routier"))
            .unwrap();
    let list = steps::of_order(s.db.conn(), o.id).unwrap();
    assert_eq!(list.len(), 3);
    let karim = s.karim.clone();
    let ops = s.ops();
    let err =
        s.db.write(|tx| steps::tick_step(tx, NOW, &karim, list[1].id))
            .unwrap_err();
    assert_eq!(err.code(), "step_out_of_order");
    assert_eq!(
        err.message(FR),
        "Les étapes se cochent dans l’ordre : terminez d’abord « Déposer les roues » avant « Remplacer les plaquettes »."
    );
    assert_eq!(s.ops(), ops);
    let first =
        s.db.write(|tx| steps::tick_step(tx, NOW + MINUTE, &karim, list[0].id))
            .unwrap();
    assert_eq!(first.done_by.as_deref(), Some("Karim"));
    assert_eq!(first.done_by_id, karim.user);
    assert_eq!(first.done_at.as_deref(), Some("2026-03-10T08:01:00Z"));
    s.db.write(|tx| steps::tick_step(tx, NOW, &karim, list[1].id))
        .unwrap();
    let err =
        s.db.write(|tx| steps::untick_step(tx, NOW, list[0].id))
            .unwrap_err();
    assert_eq!(err.code(), "step_out_of_order", "undone from the end only");
    assert_eq!(
        steps::progress(s.db.conn(), o.id).unwrap(),
        steps::Progress { done: 2, total: 3 }
    );
    s.db.write(|tx| steps::rename_step(tx, NOW, extra.id, "Essai routier 5 km"))
        .unwrap();
    s.db.write(|tx| steps::tick_step(tx, NOW, &karim, extra.id))
        .unwrap();
    let board = crate::orders::board::board(s.db.conn(), &desk, &Default::default()).unwrap();
    assert_eq!(
        board[0].progress,
        steps::Progress { done: 3, total: 3 },
        "the desk reads progress"
    );
}

#[test]
fn the_clock_counts_each_mechanic_and_starting_it_starts_the_work() {
    let mut s = shop();
    let o = s.accepted();
    let (karim, lucas) = (s.karim.clone(), s.lucas.clone());
    let t =
        s.db.write(|tx| crate::orders::start_clock(tx, NOW, &karim, o.id))
            .unwrap();
    assert_eq!(t.state, ClockState::Running);
    assert_eq!(
        get(s.db.conn(), o.id).unwrap().status,
        OrderStatus::InProgress,
        "starting the clock starts the work"
    );
    let ops = s.ops();
    let err =
        s.db.write(|tx| crate::orders::start_clock(tx, NOW + MINUTE, &karim, o.id))
            .unwrap_err();
    assert!(
        matches!(err, Error::Order(OrderError::ClockRunning)),
        "{err:?}"
    );
    assert_eq!(s.ops(), ops, "a second start writes nothing");

    s.db.write(|tx| crate::orders::start_clock(tx, NOW + 5 * MINUTE, &lucas, o.id))
        .unwrap();
    s.db.write(|tx| clock::pause_clock(tx, NOW + 30 * MINUTE, &karim, o.id))
        .unwrap();
    let err =
        s.db.write(|tx| clock::pause_clock(tx, NOW + 31 * MINUTE, &karim, o.id))
            .unwrap_err();
    assert_eq!(err.code(), "clock_not_running");
    s.db.write(|tx| crate::orders::start_clock(tx, NOW + 40 * MINUTE, &karim, o.id))
        .unwrap();
    s.db.write(|tx| clock::stop_clock(tx, NOW + 60 * MINUTE, &lucas, o.id))
        .unwrap();
    let clocks = clock::clocks(s.db.conn(), o.id, NOW + 70 * MINUTE).unwrap();
    let by_name: Vec<_> = clocks
        .iter()
        .map(|t| (t.user_name.as_str(), t.state, t.clocked_ms / MINUTE))
        .collect();
    assert_eq!(
        by_name,
        [
            ("Karim", ClockState::Running, 60),
            ("Lucas", ClockState::Stopped, 55)
        ]
    );

    let card = bench::job_card(s.db.conn(), &karim, o.id, NOW + 70 * MINUTE).unwrap();
    assert_eq!(card.my_clock, ClockState::Running);
    assert_eq!(
        card.clocked_ms,
        115 * MINUTE,
        "clocked against the 1,5 h billed"
    );
}

#[test]
fn a_job_is_done_when_its_steps_are_or_with_a_reason_and_the_clocks_stop() {
    let mut s = shop();
    let o = s.accepted();
    let karim = s.karim.clone();
    s.db.write(|tx| crate::orders::start_clock(tx, NOW, &karim, o.id))
        .unwrap();
    let part = PartUsedInput {
        description: Some("Nettoyant freins".into()),
        quantity: Some("0,5".into()),
        ..Default::default()
    };
    let used =
        s.db.write(|tx| bench::add_part_used(tx, NOW, &karim, o.id, &part))
            .unwrap();
    assert_eq!(
        (used.quantity.milli(), used.from_bench, used.price),
        (500, true, None)
    );
    let note =
        s.db.write(|tx| bench::add_note(tx, NOW, &karim, o.id, "Étrier AV droit grippé"))
            .unwrap();
    assert_eq!(note.user_name, "Karim");

    let ops = s.ops();
    let err =
        s.db.write(|tx| crate::orders::mark_done(tx, NOW, &karim, o.id, None))
            .unwrap_err();
    assert_eq!(err.code(), "steps_left");
    assert_eq!(err.details().unwrap()["left"], 1);
    assert_eq!(s.ops(), ops);
    let done =
        s.db.write(|tx| {
            crate::orders::mark_done(
                tx,
                NOW + 45 * MINUTE,
                &karim,
                o.id,
                Some("Essai fait par le chef d’atelier"),
            )
        })
        .unwrap();
    assert_eq!(done.status, OrderStatus::Done);
    let clocks = clock::clocks(s.db.conn(), o.id, NOW + 90 * MINUTE).unwrap();
    assert_eq!(
        (clocks[0].state, clocks[0].clocked_ms),
        (ClockState::Stopped, 45 * MINUTE),
        "marking done stops the clock"
    );
    let t = timeline(s.db.conn(), o.id, FR).unwrap();
    assert_eq!(
        t.last().unwrap().reason.as_deref(),
        Some("Essai fait par le chef d’atelier")
    );
    let board = crate::orders::board::board(s.db.conn(), &s.desk, &Default::default()).unwrap();
    assert!(
        board[0].to_price,
        "the desk is told a part from the bench needs a price"
    );
}

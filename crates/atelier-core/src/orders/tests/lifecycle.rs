//! An order's life: numbers, header, transitions, timeline, frozen once invoiced.

use super::*;
use crate::Error;
use crate::orders::OrderError;
use crate::orders::bench::{self, PartUsedInput};
use crate::orders::steps;
use crate::validation::{Field, Problem};
use crate::vehicles::MileageSource;

#[test]
fn an_estimate_is_numbered_records_the_drop_off_mileage_and_starts_its_timeline() {
    let mut s = shop();
    let o = s.estimate();
    assert_eq!(o.estimate_number, "D-2026-0001");
    assert_eq!(
        o.order_number, None,
        "an estimate has no repair order number yet"
    );
    assert_eq!(o.status, OrderStatus::Estimate);
    assert_eq!(o.customer_name, "Hélène Lefèvre");
    assert_eq!(o.plate.as_deref(), Some("AB-123-CD"));
    assert_eq!(o.vehicle_label.as_deref(), Some("Peugeot 308"));
    assert_eq!(o.promised_at.as_deref(), Some("2026-03-10T17:30"));
    assert_eq!(o.mileage_km, Some(84_500));
    assert_eq!(o.mechanic_ids, vec![s.karim.user.unwrap()]);

    let readings = vehicles::readings(s.db.conn(), s.vehicle).unwrap();
    assert_eq!(readings[0].km, 84_500);
    assert_eq!(
        readings[0].source,
        MileageSource::DropOff,
        "the reading says where it comes from"
    );

    let t = timeline(s.db.conn(), o.id, FR).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].from, t[0].to), (None, OrderStatus::Estimate));
    assert_eq!(t[0].user_name, "Léa");
    assert_eq!(t[0].text, "Devis créé par Léa");
    assert_eq!(s.estimate().estimate_number, "D-2026-0002");
}

#[test]
fn the_vehicle_must_be_the_customers_and_a_refusal_writes_nothing() {
    let mut s = shop();
    let other =
        s.db.write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    last_name: Some("Martin".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap()
        .id;
    let input = OrderInput {
        customer_id: Some(other.to_string()),
        ..s.header()
    };
    let (ops, readings) = (s.ops(), s.count("mileage_readings"));
    let desk = s.desk.clone();
    let err =
        s.db.write(|tx| create(tx, NOW, &desk, &input, FR))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::Vehicle, Problem::NotCustomersVehicle));
    assert_eq!(s.ops(), ops, "no operation for a refused estimate");
    assert_eq!(s.count("mileage_readings"), readings, "nor a reading");
    assert_eq!(s.count("orders"), 0);
    assert_eq!(s.count("order_counters"), 0, "nor a number taken");
}

#[test]
fn accepting_keeps_the_estimate_number_and_adds_the_repair_order_number() {
    let mut s = shop();
    let o = s.accepted();
    assert_eq!(o.status, OrderStatus::Accepted);
    assert_eq!(o.estimate_number, "D-2026-0001");
    assert_eq!(o.order_number.as_deref(), Some("OR-2026-0001"));
    assert_eq!(o.number(), "OR-2026-0001");
    let t = timeline(s.db.conn(), o.id, FR).unwrap();
    assert_eq!(t.last().unwrap().text, "Passé à « accepté » par Léa");
}

#[test]
fn illegal_moves_are_refused_with_what_to_do_instead() {
    let mut s = shop();
    let o = s.estimate();
    let desk = s.desk.clone();
    let ops = s.ops();
    let err =
        s.db.write(|tx| change_status(tx, NOW, &desk, o.id, OrderStatus::InProgress, None))
            .unwrap_err();
    assert_eq!(err.code(), "illegal_transition");
    assert_eq!(
        err.message(FR),
        "Un devis ne peut pas passer directement à « en cours » : acceptez-le d’abord."
    );
    let err =
        s.db.write(|tx| change_status(tx, NOW, &desk, o.id, OrderStatus::Done, None))
            .unwrap_err();
    assert_eq!(
        err.message(FR),
        "Un devis ne peut pas passer directement à « terminé » : acceptez-le d’abord."
    );
    let err =
        s.db.write(|tx| change_status(tx, NOW, &desk, o.id, OrderStatus::Accepted, None))
            .unwrap_err();
    assert!(
        err.message(FR).contains("signature du client"),
        "{}",
        err.message(FR)
    );
    assert_eq!(err.details().unwrap()["to"], "accepted");
    assert_eq!(s.ops(), ops, "nothing written by a refused move");
}

#[test]
fn work_moves_forward_waits_for_parts_and_only_reopens_with_a_reason() {
    let mut s = shop();
    let o = s.accepted();
    let desk = s.desk.clone();
    let mv = |s: &mut Shop, to, reason: Option<&str>| {
        s.db.write(|tx| change_status(tx, NOW + 2 * MINUTE, &desk, o.id, to, reason))
    };
    assert_eq!(
        mv(&mut s, OrderStatus::InProgress, None).unwrap().status,
        OrderStatus::InProgress
    );
    assert_eq!(
        mv(
            &mut s,
            OrderStatus::WaitingParts,
            Some("Étrier en commande")
        )
        .unwrap()
        .status,
        OrderStatus::WaitingParts
    );
    assert_eq!(
        mv(&mut s, OrderStatus::Done, Some("x")).unwrap_err().code(),
        "illegal_transition"
    );
    mv(&mut s, OrderStatus::InProgress, None).unwrap();
    let err = mv(&mut s, OrderStatus::Done, None).unwrap_err();
    assert_eq!(
        err.code(),
        "steps_left",
        "the labour line's step is not ticked"
    );
    let done = mv(
        &mut s,
        OrderStatus::Done,
        Some("Client pressé, essai routier fait"),
    )
    .unwrap();
    assert_eq!(done.status, OrderStatus::Done);

    let err = mv(&mut s, OrderStatus::InProgress, None).unwrap_err();
    assert!(
        err.message(FR).contains("Rouvrir"),
        "a plain move does not reopen"
    );
    let blank =
        s.db.write(|tx| reopen(tx, NOW, &desk, o.id, "  "))
            .unwrap_err();
    assert_eq!(refusal(blank), (Field::Reason, Problem::Required));
    let back =
        s.db.write(|tx| reopen(tx, NOW + 3 * MINUTE, &desk, o.id, "Bruit revenu à l’essai"))
            .unwrap();
    assert_eq!(back.status, OrderStatus::InProgress);
    let t = timeline(s.db.conn(), o.id, FR).unwrap();
    let last = t.last().unwrap();
    assert_eq!(last.text, "Rouvert par Léa");
    assert_eq!(last.reason.as_deref(), Some("Bruit revenu à l’essai"));
    let tos: Vec<_> = t.iter().map(|e| e.to).collect();
    use OrderStatus as S;
    assert_eq!(
        tos,
        [
            S::Estimate,
            S::Accepted,
            S::InProgress,
            S::WaitingParts,
            S::InProgress,
            S::Done,
            S::InProgress
        ]
    );
}

#[test]
fn a_cancelled_number_is_never_given_again() {
    let mut s = shop();
    let o = s.accepted();
    let desk = s.desk.clone();
    let c =
        s.db.write(|tx| {
            change_status(
                tx,
                NOW,
                &desk,
                o.id,
                OrderStatus::Cancelled,
                Some("Client parti"),
            )
        })
        .unwrap();
    assert_eq!(c.status, OrderStatus::Cancelled);
    assert_eq!(
        c.order_number.as_deref(),
        Some("OR-2026-0001"),
        "a cancelled order keeps its numbers"
    );
    let next = s.accepted();
    assert_eq!(next.estimate_number, "D-2026-0002");
    assert_eq!(next.order_number.as_deref(), Some("OR-2026-0002"));
    let err =
        s.db.write(|tx| add_line(tx, NOW, o.id, &labour("x", "1"), FR))
            .unwrap_err();
    assert_eq!(err.code(), "order_cancelled");
}

#[test]
fn an_invoiced_order_is_frozen_against_every_edit_and_nothing_is_written() {
    let mut s = shop();
    let o = s.accepted();
    let (desk, karim) = (s.desk.clone(), s.karim.clone());
    let line = lines::of_order(s.db.conn(), o.id).unwrap()[0].id;
    let step = steps::of_order(s.db.conn(), o.id).unwrap()[0].id;
    s.db.write(|tx| change_status(tx, NOW, &desk, o.id, OrderStatus::InProgress, None))
        .unwrap();
    s.db.write(|tx| change_status(tx, NOW, &desk, o.id, OrderStatus::Done, Some("fait")))
        .unwrap();
    let inv =
        s.db.write(|tx| mark_invoiced(tx, NOW, &desk, o.id, "F-S1A-2026-000001"))
            .unwrap();
    assert_eq!(inv.status, OrderStatus::Invoiced);
    assert_eq!(
        timeline(s.db.conn(), o.id, FR)
            .unwrap()
            .last()
            .unwrap()
            .reason
            .as_deref(),
        Some("F-S1A-2026-000001"),
        "the timeline names the invoice"
    );

    let header = s.header();
    let ops = s.ops();
    type Edit<'a> = Box<dyn Fn(&crate::Transaction<'_>) -> crate::Result<()> + 'a>;
    let edits: Vec<(&str, Edit<'_>)> = vec![
        (
            "header",
            Box::new(|tx| update(tx, NOW, o.id, &header, FR).map(drop)),
        ),
        (
            "add line",
            Box::new(|tx| add_line(tx, NOW, o.id, &labour("x", "1"), FR).map(drop)),
        ),
        (
            "edit line",
            Box::new(|tx| update_line(tx, NOW, line, &labour("x", "1"), FR).map(drop)),
        ),
        ("remove line", Box::new(|tx| remove_line(tx, NOW, line))),
        (
            "cancel",
            Box::new(|tx| {
                change_status(tx, NOW, &desk, o.id, OrderStatus::Cancelled, None).map(drop)
            }),
        ),
        (
            "reopen",
            Box::new(|tx| reopen(tx, NOW, &desk, o.id, "oubli").map(drop)),
        ),
        (
            "invoice twice",
            Box::new(|tx| mark_invoiced(tx, NOW, &desk, o.id, "F-2").map(drop)),
        ),
        (
            "add step",
            Box::new(|tx| steps::add_step(tx, NOW, o.id, "Contrôle").map(drop)),
        ),
        (
            "tick",
            Box::new(|tx| steps::tick_step(tx, NOW, &karim, step).map(drop)),
        ),
        (
            "clock",
            Box::new(|tx| crate::orders::start_clock(tx, NOW, &karim, o.id).map(drop)),
        ),
        (
            "note",
            Box::new(|tx| bench::add_note(tx, NOW, &karim, o.id, "vu").map(drop)),
        ),
        (
            "part used",
            Box::new(|tx| {
                bench::add_part_used(
                    tx,
                    NOW,
                    &karim,
                    o.id,
                    &PartUsedInput {
                        description: Some("Joint".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "approval",
            Box::new(|tx| accept_estimate(tx, NOW, &desk, o.id, &signed()).map(drop)),
        ),
    ];
    for (what, edit) in edits {
        let err = s.db.write(|tx| edit(tx)).unwrap_err();
        assert!(
            matches!(err, Error::Order(OrderError::Frozen { .. })),
            "{what}: {err:?}"
        );
        assert_eq!(
            err.message(FR),
            "OR-2026-0001 est facturé : il ne peut plus être modifié. Pour corriger, établissez un avoir."
        );
    }
    assert_eq!(s.ops(), ops, "a frozen order takes no operation at all");
}

#[test]
fn an_order_is_found_by_its_estimate_number_and_by_its_order_number() {
    let mut s = shop();
    let o = s.accepted();
    let number = o
        .order_number
        .clone()
        .expect("accepted: a repair order number");
    for n in [
        o.estimate_number.as_str(),
        number.as_str(),
        " OR-2026-0001 ",
    ] {
        assert_eq!(by_number(s.db.conn(), n).unwrap(), Some(o.id), "{n}");
    }
    assert_eq!(by_number(s.db.conn(), "OR-2026-0099").unwrap(), None);
}

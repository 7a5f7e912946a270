//! What the order page offers to do next is what the writes accept: a move
//! offered is one `change_status` makes, « Terminé » offered is one
//! `mark_done` makes, a line offered for change is one
//! `remove_line` takes, and nothing is offered once the order is invoiced.

use super::*;
use crate::orders::bench::{self, PartUsedInput};
use crate::orders::supplements;

const REASON: &str = "Le client a rappelé";

/// A new order of the shop's, brought to `status` the way the workshop does.
fn order_in(s: &mut Shop, status: OrderStatus) -> OrderId {
    use OrderStatus as S;
    if status == S::Estimate {
        return s.estimate().id;
    }
    let id = s.accepted().id;
    let desk = s.desk.clone();
    let path: &[S] = match status {
        S::Estimate | S::Accepted => &[],
        S::InProgress => &[S::InProgress],
        S::WaitingParts => &[S::InProgress, S::WaitingParts],
        S::Done | S::Invoiced => &[S::InProgress, S::Done],
        S::Cancelled => &[S::Cancelled],
    };
    for to in path {
        s.db.write(|tx| change_status(tx, NOW, &desk, id, *to, Some(REASON)))
            .unwrap();
    }
    if status == S::Invoiced {
        s.db.write(|tx| mark_invoiced(tx, NOW, &desk, id, "F-S1A-2026-000001"))
            .unwrap();
    }
    id
}

/// Whether `write` succeeds on the shop's database, which it leaves as it was.
fn accepted_by(
    s: &Shop,
    write: impl FnOnce(&rusqlite::Transaction<'_>) -> crate::Result<()>,
) -> bool {
    let tx = s.db.conn().unchecked_transaction().unwrap();
    write(&tx).is_ok()
}

#[test]
fn every_move_the_page_offers_is_one_a_change_of_status_makes_and_no_other() {
    let mut s = shop();
    for status in OrderStatus::ALL {
        let id = order_in(&mut s, status);
        let offers = page(s.db.conn(), id, FR, NOW).unwrap().offers;
        let desk = s.desk.clone();
        for to in OrderStatus::ALL {
            let made = accepted_by(&s, |tx| {
                change_status(tx, NOW, &desk, id, to, Some(REASON)).map(drop)
            });
            assert_eq!(
                made,
                offers.moves.contains(&to),
                "{status:?} → {to:?}: offered {:?}",
                offers.moves
            );
        }
        assert_eq!(
            accepted_by(&s, |tx| reopen(tx, NOW, &desk, id, REASON).map(drop)),
            offers.reopen,
            "{status:?}: reopening"
        );
        assert_eq!(
            accepted_by(&s, |tx| {
                accept_estimate(tx, NOW, &desk, id, &signed()).map(drop)
            }),
            offers.sign,
            "{status:?}: signing"
        );
        assert_eq!(
            accepted_by(&s, |tx| {
                supplements::add_supplement(tx, NOW, id, None).map(drop)
            }),
            offers.at_work,
            "{status:?}: a supplement"
        );
        assert_eq!(
            accepted_by(&s, |tx| {
                mark_done(tx, NOW, &desk, id, Some(REASON)).map(drop)
            }),
            offers.finish,
            "{status:?}: « Terminé »"
        );
        assert_eq!(
            accepted_by(&s, |tx| {
                add_line(tx, NOW, id, &part("Essuie-glace", "1", "20"), FR).map(drop)
            }),
            offers.lines_open,
            "{status:?}: a line of its own"
        );
    }
}

#[test]
fn the_lines_offered_for_change_are_exactly_those_a_removal_takes() {
    let mut s = shop();
    let o = s.accepted();
    let (desk, karim) = (s.desk.clone(), s.karim.clone());
    let used = PartUsedInput {
        description: Some("Joint de bouchon".into()),
        ..PartUsedInput::default()
    };
    let bench_part =
        s.db.write(|tx| bench::add_part_used(tx, NOW, &karim, o.id, &used))
            .unwrap();
    let pending =
        s.db.write(|tx| supplements::add_supplement(tx, NOW, o.id, Some("Disques")))
            .unwrap();
    let approved =
        s.db.write(|tx| supplements::add_supplement(tx, NOW, o.id, Some("Balais")))
            .unwrap();
    let in_pending = s.add(
        o.id,
        LineInput {
            supplement_id: Some(pending.id.to_string()),
            ..part("Disques AV", "2", "60")
        },
    );
    s.add(
        o.id,
        LineInput {
            supplement_id: Some(approved.id.to_string()),
            ..part("Balais", "1", "24,90")
        },
    );
    s.db.write(|tx| supplements::approve_supplement(tx, NOW, &desk, approved.id, &signed()))
        .unwrap();

    let p = page(s.db.conn(), o.id, FR, NOW).unwrap();
    let mut offered = p.editable_lines.clone();
    offered.sort();
    let mut expected = vec![bench_part.id, in_pending.id];
    expected.sort();
    assert_eq!(
        offered, expected,
        "signed lines and approved work stay as agreed; the bench part and pending work may change"
    );
    for line in &p.lines {
        assert_eq!(
            accepted_by(&s, |tx| remove_line(tx, NOW, line.id)),
            p.editable_lines.contains(&line.id),
            "{}",
            line.description
        );
    }
    let open: Vec<_> = p
        .supplements
        .iter()
        .map(|v| (v.supplement.number, v.open))
        .collect();
    assert_eq!(
        open,
        vec![(1, true), (2, false)],
        "only the pending one is open"
    );
}

#[test]
fn an_invoiced_order_offers_nothing_and_no_line_may_change() {
    let mut s = shop();
    let id = order_in(&mut s, OrderStatus::Invoiced);
    let p = page(s.db.conn(), id, FR, NOW).unwrap();
    assert!(p.offers.moves.is_empty());
    assert!(!p.offers.open && !p.offers.reopen && !p.offers.at_work);
    assert_eq!(p.offers.invoice, Some(InvoiceOffer::Open));
    assert!(!p.lines.is_empty());
    assert!(p.editable_lines.is_empty(), "an invoiced order is frozen");
}

#[test]
fn the_job_card_offers_the_bench_only_while_the_order_is_worked_on() {
    let mut s = shop();
    let karim = s.karim.clone();
    for (status, at_work) in [
        (OrderStatus::Accepted, true),
        (OrderStatus::WaitingParts, true),
        (OrderStatus::Done, false),
        (OrderStatus::Cancelled, false),
    ] {
        let id = order_in(&mut s, status);
        let card = bench::job_card(s.db.conn(), &karim, id, NOW).unwrap();
        assert_eq!(card.at_work, at_work, "{status:?}");
        let used = PartUsedInput {
            description: Some("Joint".into()),
            ..PartUsedInput::default()
        };
        assert_eq!(
            accepted_by(&s, |tx| {
                bench::add_part_used(tx, NOW, &karim, id, &used).map(drop)
            }),
            at_work,
            "{status:?}: a part used"
        );
    }
}

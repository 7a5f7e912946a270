//! Receiving, adjusting, returning and transferring parts.

use super::*;

#[test]
fn on_hand_is_the_sum_of_receipts_adjustments_and_returns() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    receive_qty(&mut db, p.id, "5", "6,00");
    let adj = Adjustment {
        part_id: p.id,
        quantity: Some("-1".into()),
        reason: Some("Cassé au déballage".into()),
        ..Adjustment::default()
    };
    db.write(|tx| adjust(tx, NOW, &adj)).unwrap();
    let back = Adjustment {
        quantity: Some("1".into()),
        reason: None,
        ..adj.clone()
    };
    db.write(|tx| return_to_supplier(tx, NOW, &back)).unwrap();
    assert_eq!(here(&db, p.id), 3000);
    let moves = history(db.conn(), p.id, None, 10).unwrap();
    assert_eq!(moves.len(), 3);
    assert_eq!(moves[1].reason.as_deref(), Some("Cassé au déballage"));
}

#[test]
fn a_negative_receipt_is_refused_in_french_and_nothing_is_written() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let before = count(&db, "outbox");
    for (typed, problem) in [
        ("-5", Problem::Negative),
        ("0", Problem::Zero),
        ("cinq", Problem::Quantity),
    ] {
        let input = Receipt {
            part_id: p.id,
            quantity: Some(typed.into()),
            ..Receipt::default()
        };
        let err = db.write(|tx| receive(tx, NOW, &input, FR)).unwrap_err();
        if typed == "-5" {
            assert_eq!(err.message(FR), "« Quantité » ne peut pas être négatif.");
            assert_eq!(err.field(), Some("quantity"));
        }
        assert_eq!(refusal(err), (Field::Quantity, problem), "{typed}");
    }
    assert_eq!(count(&db, "outbox"), before);
    assert_eq!(count(&db, "stock_movements"), 0);
    assert_eq!(here(&db, p.id), 0);
}

#[test]
fn an_adjustment_needs_its_reason() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let adj = Adjustment {
        part_id: p.id,
        quantity: Some("2".into()),
        ..Adjustment::default()
    };
    let err = db.write(|tx| adjust(tx, NOW, &adj)).unwrap_err();
    assert_eq!(refusal(err), (Field::Reason, Problem::Required));
}

#[test]
fn a_transfer_moves_stock_between_sites_but_not_to_the_same_one() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    receive_qty(&mut db, p.id, "4", "6");
    let other = db.write(|tx| create_site(tx, NOW, "Villeurbanne")).unwrap();
    let same = Transfer {
        part_id: p.id,
        to_site_id: Some(main_site()),
        quantity: Some("1".into()),
        ..Transfer::default()
    };
    let before = count(&db, "outbox");
    let err = db.write(|tx| transfer(tx, NOW, &same)).unwrap_err();
    assert_eq!(refusal(err), (Field::ToSite, Problem::SameSite));
    assert_eq!(count(&db, "outbox"), before);
    let ok = Transfer {
        to_site_id: Some(other.id),
        ..same
    };
    let [out, arrived] = db.write(|tx| transfer(tx, NOW, &ok)).unwrap();
    assert_eq!(out.transfer_id, arrived.transfer_id);
    assert_eq!(here(&db, p.id), 3000);
    assert_eq!(on_hand(db.conn(), p.id, other.id).unwrap().milli(), 1000);
    let page = part_page(db.conn(), &Actor::system(), p.id).unwrap();
    assert_eq!(page.sites.len(), 2, "both sites show their stock");
}

#[test]
fn stock_may_go_negative_and_is_then_listed() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let adj = Adjustment {
        part_id: p.id,
        quantity: Some("-2".into()),
        reason: Some("Utilisé avant réception".into()),
        ..Adjustment::default()
    };
    db.write(|tx| adjust(tx, NOW, &adj)).unwrap();
    assert_eq!(here(&db, p.id), -2000);
    let listed = negative(db.conn(), Some(main_site())).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].on_hand.milli(), -2000);
}

#[test]
fn stock_is_valued_at_the_weighted_average_cost_of_its_receipts() {
    let mut db = fresh();
    let p = new_part(&mut db, "HU-5W30", "Huile 5W30");
    receive_qty(&mut db, p.id, "10", "4,00");
    receive_qty(&mut db, p.id, "30", "6,00");
    let l = level(db.conn(), p.id, main_site()).unwrap();
    assert_eq!(
        l.average_cost.map(Money::cents),
        Some(550),
        "(10×4 + 30×6) / 40"
    );
    assert_eq!(l.value.map(Money::cents), Some(22_000));
    assert_eq!(l.movements, 2);
}

#[test]
fn the_summary_equals_a_full_recount_of_the_movements() {
    let mut db = fresh();
    let a = new_part(&mut db, "A-1", "Pièce A");
    let b = new_part(&mut db, "B-1", "Pièce B");
    receive_qty(&mut db, a.id, "3", "1");
    receive_qty(&mut db, b.id, "1,5", "2,10");
    receive_qty(&mut db, a.id, "2", "3");
    let kept = super::super::movements::summary(db.conn());
    db.write(recount).unwrap();
    assert_eq!(super::super::movements::summary(db.conn()), kept);
}

#[test]
fn a_movement_received_twice_counts_once() {
    let mut db = fresh();
    let p = new_part(&mut db, "A-1", "Pièce A");
    let m = receive_qty(&mut db, p.id, "3", "1");
    let again = db.write(|tx| apply(tx, &m, 1)).unwrap();
    assert!(!again);
    assert_eq!(here(&db, p.id), 3000);
}

#[test]
fn the_workstation_can_be_placed_at_another_site() {
    let mut db = fresh();
    assert_eq!(current_site(db.conn()).unwrap(), main_site());
    let other = db.write(|tx| create_site(tx, NOW, "Bron")).unwrap();
    db.write(|tx| set_current_site(tx, other.id)).unwrap();
    assert_eq!(current_site(db.conn()).unwrap(), other.id);
    assert_eq!(list_sites(db.conn()).unwrap().len(), 2);
}

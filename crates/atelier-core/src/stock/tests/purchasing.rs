//! Ordering parts from suppliers and receiving them.

use super::*;

fn supplier(db: &mut Db, name: &str) -> Supplier {
    let input = SupplierInput {
        name: Some(name.into()),
        email: Some("commandes@example.fr".into()),
        ..SupplierInput::default()
    };
    db.write(|tx| create_supplier(tx, NOW, &input)).unwrap()
}

fn order_of(db: &mut Db, supplier: SupplierId, part: PartId, qty: &str) -> PurchaseOrder {
    let lines = [PurchaseLineInput {
        part_id: part,
        quantity: Some(qty.into()),
        unit_cost: Some("6,00".into()),
    }];
    db.write(|tx| create_purchase(tx, NOW, supplier, None, &lines, FR))
        .unwrap()
}

fn arrived(db: &mut Db, po: &PurchaseOrder, qty: &str) -> crate::Result<PurchaseOrder> {
    let receipts = [ReceiptLine {
        line_id: po.lines[0].id,
        quantity: Some(qty.into()),
    }];
    db.write(|tx| receive_purchase(tx, NOW + 1, po.id, &receipts))
}

#[test]
fn a_purchase_order_goes_from_draft_to_received_through_a_backorder() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let s = supplier(&mut db, "Autodistribution");
    let po = order_of(&mut db, s.id, p.id, "5");
    assert_eq!(po.status, PurchaseStatus::Draft);
    assert!(po.number.starts_with("BC-2026-"), "{}", po.number);
    assert_eq!(po.total.cents(), 3000);
    let po = db.write(|tx| send_purchase(tx, NOW, po.id)).unwrap();
    assert_eq!(po.status, PurchaseStatus::Sent);
    let po = arrived(&mut db, &po, "3").unwrap();
    assert_eq!(po.status, PurchaseStatus::Partial, "2 stay on backorder");
    assert_eq!(po.lines[0].received.milli(), 3000);
    assert_eq!(here(&db, p.id), 3000);
    let po = arrived(&mut db, &po, "2").unwrap();
    assert_eq!(po.status, PurchaseStatus::Received);
    assert_eq!(here(&db, p.id), 5000);
    assert_eq!(
        level(db.conn(), p.id, main_site())
            .unwrap()
            .average_cost
            .map(Money::cents),
        Some(600)
    );
}

#[test]
fn a_closed_purchase_order_takes_no_more_receipts_and_nothing_is_written() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let s = supplier(&mut db, "Autodistribution");
    let po = order_of(&mut db, s.id, p.id, "2");
    let po = arrived(&mut db, &po, "2").unwrap();
    assert_eq!(po.status, PurchaseStatus::Received);
    let before = count(&db, "outbox");
    let err = arrived(&mut db, &po, "1").unwrap_err();
    assert_eq!(
        refusal(err),
        (Field::PurchaseOrder, Problem::PurchaseOrderClosed)
    );
    let cancelled = order_of(&mut db, s.id, p.id, "2");
    db.write(|tx| cancel_purchase(tx, NOW, cancelled.id))
        .unwrap();
    let before_cancelled = count(&db, "outbox");
    let err = arrived(&mut db, &cancelled, "1").unwrap_err();
    assert_eq!(
        err.message(FR),
        "Ce bon de commande est clos (reçu en entier ou annulé) : créez une réception sur un autre bon, ou un nouveau bon."
    );
    assert_eq!(count(&db, "outbox"), before_cancelled);
    assert!(before_cancelled > before);
    assert_eq!(here(&db, p.id), 2000);
}

#[test]
fn a_negative_quantity_received_against_an_order_is_refused() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let s = supplier(&mut db, "Autodistribution");
    let po = order_of(&mut db, s.id, p.id, "2");
    let before = count(&db, "outbox");
    let err = arrived(&mut db, &po, "-1").unwrap_err();
    assert_eq!(refusal(err), (Field::Quantity, Problem::Negative));
    assert_eq!(count(&db, "outbox"), before);
}

#[test]
fn a_sent_order_keeps_its_lines() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-1", "Filtre");
    let s = supplier(&mut db, "Autodistribution");
    let po = order_of(&mut db, s.id, p.id, "2");
    db.write(|tx| send_purchase(tx, NOW, po.id)).unwrap();
    let err = db
        .write(|tx| remove_purchase_line(tx, NOW, po.lines[0].id))
        .unwrap_err();
    assert_eq!(
        refusal(err),
        (Field::PurchaseOrder, Problem::PurchaseOrderSent)
    );
}

#[test]
fn low_stock_counts_what_is_on_order_and_suggests_an_order_per_supplier() {
    let mut db = fresh();
    let input = PartInput {
        reorder_point: Some("3".into()),
        reorder_quantity: Some("10".into()),
        ..part_input("FH-1", "Filtre")
    };
    let p = db
        .write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .unwrap();
    new_part(&mut db, "NO-POINT", "Sans seuil");
    let cheap = supplier(&mut db, "Alliance");
    let dear = supplier(&mut db, "Barbier");
    db.write(|tx| link_supplier(tx, NOW, p.id, dear.id, Some("B-1"), "7", false, FR))
        .unwrap();
    db.write(|tx| link_supplier(tx, NOW, p.id, cheap.id, None, "5,50", false, FR))
        .unwrap();
    receive_qty(&mut db, p.id, "2", "6");
    let low = low_stock(db.conn(), Some(main_site())).unwrap();
    assert_eq!(low.len(), 1, "only parts with a reorder point count");
    assert_eq!(low[0].suggested.milli(), 10_000);
    assert_eq!(low[0].supplier_id, Some(cheap.id), "the cheapest");
    assert_eq!(low[0].unit_cost.cents(), 550);
    let suggested = suggestions(db.conn(), Some(main_site())).unwrap();
    assert_eq!(suggested.len(), 1);
    assert_eq!(suggested[0].total.cents(), 5500);
    let po = db
        .write(|tx| create_suggested(tx, NOW, Some(main_site()), cheap.id, FR))
        .unwrap();
    assert_eq!(po.lines[0].quantity.milli(), 10_000);
    assert_eq!(po.lines[0].unit_cost.cents(), 550);
    assert!(
        low_stock(db.conn(), Some(main_site())).unwrap().is_empty(),
        "2 on hand + 10 on order is not below 3"
    );
}

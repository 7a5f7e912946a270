//! The purchase order and the count sheet, read back as their reader does
//! (poppler's pdftotext).

use super::*;
use crate::papers_read::text_of;

#[test]
fn the_purchase_order_shows_the_suppliers_references_quantities_and_total() {
    let mut db = fresh();
    let p = new_part(&mut db, "FH-2201", "Filtre à huile");
    let s = db
        .write(|tx| {
            create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("Autodistribution Rhône".into()),
                    email: Some("commandes@ad.example".into()),
                    ..SupplierInput::default()
                },
            )
        })
        .unwrap();
    db.write(|tx| link_supplier(tx, NOW, p.id, s.id, Some("AD-5512"), "5,90", true, FR))
        .unwrap();
    let lines = [PurchaseLineInput {
        part_id: p.id,
        quantity: Some("12".into()),
        unit_cost: None,
    }];
    let po = db
        .write(|tx| create_purchase(tx, NOW, s.id, None, &lines, FR))
        .unwrap();
    let text = text_of(&purchase_order_pdf(db.conn(), po.id, FR, "2026-03-10").unwrap());
    for piece in [
        "Bon de commande BC-2026-0001",
        "Autodistribution Rhône",
        "AD-5512",
        "FH-2201",
        "Filtre à huile",
        "12 pièce",
        "5,90 €",
        "70,80 €",
        "Site principal",
        "10/03/2026",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from: {text}");
    }
}

#[test]
fn the_count_sheet_lists_every_part_by_bin_with_room_for_the_count() {
    let mut db = fresh();
    let a = new_part(&mut db, "FH-2201", "Filtre à huile");
    receive_qty(&mut db, a.id, "3", "6");
    let take = db.write(|tx| start_stocktake(tx, NOW, None)).unwrap();
    let text = text_of(&count_sheet_pdf(db.conn(), take.id, FR, "2026-03-10").unwrap());
    for piece in [
        "Feuille d’inventaire",
        "A-01",
        "FH-2201",
        "Compté",
        "________",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from: {text}");
    }
}

//! Counting the stock room and posting the differences.

use atelier_domain::Quantity;

use super::*;

fn placed(db: &mut Db, reference: &str, bin: &str) -> Part {
    let input = PartInput {
        bin: Some(bin.into()),
        ..part_input(reference, "Pièce")
    };
    db.write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .unwrap()
}

#[test]
fn a_stocktake_lists_parts_by_bin_and_posts_its_differences_at_once() {
    let mut db = fresh();
    let b = placed(&mut db, "B-1", "B-02");
    let a = placed(&mut db, "A-1", "A-07");
    receive_qty(&mut db, a.id, "3", "1");
    receive_qty(&mut db, b.id, "4", "1");
    let take = db.write(|tx| start_stocktake(tx, NOW, None)).unwrap();
    let bins: Vec<Option<&str>> = take.lines.iter().map(|l| l.bin.as_deref()).collect();
    assert_eq!(
        bins,
        [Some("A-07"), Some("B-02")],
        "the sheet follows the shelves"
    );
    let counts = [
        CountLine {
            part_id: a.id,
            counted: Some("2".into()),
        },
        CountLine {
            part_id: b.id,
            counted: Some("4".into()),
        },
    ];
    let take = db
        .write(|tx| record_counts(tx, NOW, take.id, &counts))
        .unwrap();
    assert_eq!(take.lines[0].difference.map(Quantity::milli), Some(-1000));
    assert_eq!(take.lines[1].difference.map(Quantity::milli), Some(0));
    let moves_before = count(&db, "stock_movements");
    let take = db.write(|tx| post_stocktake(tx, NOW, take.id, FR)).unwrap();
    assert!(take.posted);
    assert_eq!(
        count(&db, "stock_movements"),
        moves_before + 1,
        "one adjustment"
    );
    assert_eq!(here(&db, a.id), 2000);
    let last = &history(db.conn(), a.id, None, 1).unwrap()[0];
    assert_eq!(last.kind, MovementKind::Adjustment);
    assert_eq!(last.reason.as_deref(), Some("Inventaire du 10/03/2026"));
    let err = db
        .write(|tx| post_stocktake(tx, NOW, take.id, FR))
        .unwrap_err();
    assert_eq!(refusal(err), (Field::Count, Problem::StocktakePosted));
}

#[test]
fn a_count_that_is_not_a_number_refuses_them_all() {
    let mut db = fresh();
    let a = placed(&mut db, "A-1", "A-07");
    let b = placed(&mut db, "B-1", "B-02");
    let take = db.write(|tx| start_stocktake(tx, NOW, None)).unwrap();
    let before = count(&db, "outbox");
    let counts = [
        CountLine {
            part_id: a.id,
            counted: Some("2".into()),
        },
        CountLine {
            part_id: b.id,
            counted: Some("deux".into()),
        },
    ];
    let err = db
        .write(|tx| record_counts(tx, NOW, take.id, &counts))
        .unwrap_err();
    assert_eq!(
        err.message(FR),
        "« Quantité comptée » doit être un nombre positif avec au plus trois décimales (exemple : 1,5)."
    );
    assert_eq!(count(&db, "outbox"), before);
    assert_eq!(count(&db, "stocktake_counts"), 0);
}

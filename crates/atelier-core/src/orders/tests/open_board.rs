//! The open-orders board.

use atelier_domain::Money;

use super::*;
use crate::orders::board::{BoardFilter, board};

#[test]
fn the_board_lists_open_orders_soonest_first_with_totals_for_those_who_may_see_them() {
    let mut s = shop();
    let first = s.accepted();
    let second = {
        let o = s.estimate();
        let input = OrderInput {
            promised_at: Some("2026-03-10 09:00".into()),
            mechanic_ids: vec![s.lucas.user.unwrap().to_string()],
            ..s.header()
        };
        s.db.write(|tx| update(tx, NOW, o.id, &input, FR)).unwrap()
    };
    let cancelled = s.estimate();
    let desk = s.desk.clone();
    s.db.write(|tx| change_status(tx, NOW, &desk, cancelled.id, OrderStatus::Cancelled, None))
        .unwrap();

    let rows = board(s.db.conn(), &s.desk, &BoardFilter::default()).unwrap();
    let numbers: Vec<_> = rows.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["D-2026-0002", "OR-2026-0001"],
        "promised at 9:00 before 17:30; no cancelled order"
    );
    assert_eq!(rows[0].order_id, second.id);
    assert_eq!(rows[0].mechanics, ["Lucas"]);
    assert_eq!(rows[1].order_id, first.id);
    assert_eq!(rows[1].customer_name, "Hélène Lefèvre");
    assert_eq!(rows[1].plate.as_deref(), Some("AB-123-CD"));
    // 97,50 € + 90,00 € HT at 20 %.
    assert_eq!(rows[1].total, Some(Money::from_cents(22_500)));
    assert_eq!(
        rows[0].total,
        Some(Money::ZERO),
        "an estimate without lines"
    );

    let for_karim = board(s.db.conn(), &s.karim, &BoardFilter::default()).unwrap();
    assert!(
        for_karim.iter().all(|r| r.total.is_none()),
        "no TTC for those who may not see prices"
    );
    let filtered = board(
        s.db.conn(),
        &s.desk,
        &BoardFilter {
            mechanic_id: s.karim.user,
            ..BoardFilter::default()
        },
    )
    .unwrap();
    assert_eq!(filtered.len(), 1);
    let cancelled_only = board(
        s.db.conn(),
        &s.desk,
        &BoardFilter {
            statuses: vec![OrderStatus::Cancelled],
            ..BoardFilter::default()
        },
    )
    .unwrap();
    assert_eq!(cancelled_only[0].order_id, cancelled.id);
}

//! Movements written at several stations, received in any order (and some
//! twice): on hand is always their sum, and the summary a full recount.

use std::collections::BTreeMap;

use atelier_domain::{Quantity, StockMovementId};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::stock::movements::summary;

const OTHER_SITE: &str = "0190aaaa-0000-7000-8000-000000000002";
const KINDS: [MovementKind; 7] = [
    MovementKind::Receipt,
    MovementKind::Use,
    MovementKind::ReturnFromOrder,
    MovementKind::Adjustment,
    MovementKind::ReturnToSupplier,
    MovementKind::TransferOut,
    MovementKind::TransferIn,
];

/// (part, site, kind, magnitude, sign of an adjustment, unit cost, device)
type Spec = (usize, usize, usize, i64, bool, i64, u8);

fn shop() -> (Db, Vec<PartId>) {
    let mut db = fresh();
    db.conn()
        .execute(
            "INSERT INTO sites (id, name, created_at, updated_at) VALUES (?1, 'Bron', 0, 0)",
            [OTHER_SITE],
        )
        .unwrap();
    let parts = (0..3)
        .map(|i| new_part(&mut db, &format!("P-{i}"), "Pièce").id)
        .collect();
    (db, parts)
}

fn movement(n: usize, spec: Spec, parts: &[PartId]) -> Movement {
    let (part, site, kind, qty, up, cost, device) = spec;
    let kind = KINDS[kind];
    let sign = match kind {
        MovementKind::Receipt | MovementKind::ReturnFromOrder | MovementKind::TransferIn => 1,
        MovementKind::Adjustment if up => 1,
        _ => -1,
    };
    Movement {
        // Ids as different stations make them: unique, in no useful order.
        id: StockMovementId::from_uuid(Uuid::from_u128((u128::from(device) << 64) | n as u128)),
        part_id: parts[part],
        site_id: [MAIN_SITE, OTHER_SITE][site].parse().unwrap(),
        kind,
        quantity: Quantity::from_milli(sign * qty),
        unit_cost: (kind == MovementKind::Receipt).then_some(Money::from_cents(cost)),
        reason: None,
        order_line_id: None,
        purchase_line_id: None,
        transfer_id: None,
        stocktake_id: None,
        at_ms: NOW + n as u64,
    }
}

fn levels_by_index(db: &Db, parts: &[PartId]) -> Vec<Level> {
    let mut out = Vec::new();
    for part in parts {
        for site in [MAIN_SITE, OTHER_SITE] {
            out.push(level(db.conn(), *part, site.parse().unwrap()).unwrap());
        }
    }
    out
}

fn specs() -> impl Strategy<Value = (Vec<Spec>, Vec<usize>)> {
    prop::collection::vec(
        (
            0..3usize,
            0..2usize,
            0..7usize,
            1..5_000i64,
            any::<bool>(),
            0..10_000i64,
            0..3u8,
        ),
        1..40,
    )
    .prop_flat_map(|specs| {
        let n = specs.len();
        // Every movement once, plus some delivered a second time, shuffled.
        let order = (
            Just((0..n).collect::<Vec<_>>()),
            prop::collection::vec(0..n, 0..5),
        )
            .prop_map(|(mut all, again)| {
                all.extend(again);
                all
            })
            .prop_shuffle();
        (Just(specs), order)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn on_hand_is_the_sum_of_the_movements_whatever_order_they_arrive_in((specs, order) in specs()) {
        let (mut in_order, parts_a) = shop();
        let (mut shuffled, parts_b) = shop();
        let mut expected: BTreeMap<(usize, usize), i64> = BTreeMap::new();
        for (n, spec) in specs.iter().enumerate() {
            let m = movement(n, *spec, &parts_a);
            *expected.entry((spec.0, spec.1)).or_default() += m.quantity.milli();
            in_order.write(|tx| apply(tx, &m, n as i64 + 1)).unwrap();
        }
        for n in order {
            let m = movement(n, specs[n], &parts_b);
            shuffled.write(|tx| apply(tx, &m, n as i64 + 1)).unwrap();
        }
        for (db, parts) in [(&in_order, &parts_a), (&shuffled, &parts_b)] {
            for ((part, site), sum) in &expected {
                let site_id: SiteId = [MAIN_SITE, OTHER_SITE][*site].parse().unwrap();
                prop_assert_eq!(on_hand(db.conn(), parts[*part], site_id).unwrap().milli(), *sum);
            }
        }
        prop_assert_eq!(
            levels_by_index(&in_order, &parts_a),
            levels_by_index(&shuffled, &parts_b),
            "the same movements give the same stock and the same average cost"
        );
        for db in [&mut in_order, &mut shuffled] {
            let kept = summary(db.conn());
            db.write(recount).unwrap();
            prop_assert_eq!(summary(db.conn()), kept, "the summary must equal a recount");
        }
    }
}

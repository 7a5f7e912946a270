//! A workshop's stock room: helpers shared by the stock tests.

mod catalogue;
mod movements;
mod orders;
mod papers;
mod property;
mod purchasing;
mod stocktake;

pub(super) use crate::access::Actor;
use atelier_domain::{Locale, SiteId};
pub(super) use atelier_domain::{Money, PartId, SupplierId};

use super::*;
use crate::Db;
use crate::db::test_db;
use crate::validation::{Field, Problem};

/// 2026-03-10T08:00:00Z, a Tuesday morning.
pub(super) const NOW: u64 = 1_773_129_600_000;
pub(super) const FR: Locale = Locale::Fr;

pub(super) fn main_site() -> SiteId {
    MAIN_SITE.parse().expect("the main site's id is a UUID")
}

/// A catalogue part with a reference, a description, a cost and a bin.
pub(super) fn part_input(reference: &str, description: &str) -> PartInput {
    PartInput {
        reference: Some(reference.into()),
        description: Some(description.into()),
        brand: Some("Purflux".into()),
        category: Some("Filtres".into()),
        cost_price: Some("6,50".into()),
        bin: Some("A-01".into()),
        ..PartInput::default()
    }
}

pub(super) fn new_part(db: &mut Db, reference: &str, description: &str) -> Part {
    let input = part_input(reference, description);
    db.write(|tx| create_part(tx, NOW, Some(main_site()), &input, FR))
        .expect("a valid part is created")
}

pub(super) fn receive_qty(db: &mut Db, part: PartId, quantity: &str, cost: &str) -> Movement {
    let input = Receipt {
        part_id: part,
        quantity: Some(quantity.into()),
        unit_cost: Some(cost.into()),
        ..Receipt::default()
    };
    db.write(|tx| receive(tx, NOW, &input, FR))
        .expect("a positive receipt is entered")
}

pub(super) fn here(db: &Db, part: PartId) -> i64 {
    on_hand(db.conn(), part, main_site()).unwrap().milli()
}

pub(super) fn count(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

pub(super) fn refusal(err: crate::Error) -> (Field, Problem) {
    match err {
        crate::Error::Invalid(i) => (i.field, i.problem),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

pub(super) fn fresh() -> Db {
    test_db()
}

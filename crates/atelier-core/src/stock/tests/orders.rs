//! Repair orders take their catalogue parts from stock when done, and give
//! them back when reopened or when a line goes.

use atelier_domain::OrderId;

use super::*;
use crate::access::Actor;
use crate::customers::{self, CustomerInput};
use crate::orders::{self, Approval, LineInput, OrderInput, OrderStatus};
use crate::vehicles::{self, VehicleInput};

struct Job {
    db: Db,
    order: OrderId,
    filter: Part,
}

fn part_line(reference: &str, quantity: &str) -> LineInput {
    LineInput {
        kind: Some("part".into()),
        part_id: Some(reference.into()),
        quantity: Some(quantity.into()),
        unit_price: Some("12,90".into()),
        origin: Some("new_oem".into()),
        ..LineInput::default()
    }
}

/// A filter with 5 in stock, and an order in progress using 2 of them plus a
/// part bought for the job that the catalogue does not know.
fn job() -> Job {
    let mut db = fresh();
    let filter = new_part(&mut db, "FH-2201", "Filtre à huile");
    receive_qty(&mut db, filter.id, "5", "6,50");
    let system = Actor::system();
    let order = db
        .write(|tx| {
            let customer = customers::create(
                tx,
                NOW,
                &CustomerInput {
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
            )?;
            let vehicle = vehicles::create(
                tx,
                NOW,
                &VehicleInput {
                    customer_id: Some(customer.id.to_string()),
                    plate: Some("AB-123-CD".into()),
                    ..VehicleInput::default()
                },
            )?;
            let input = OrderInput {
                customer_id: Some(customer.id.to_string()),
                vehicle_id: Some(vehicle.id.to_string()),
                ..OrderInput::default()
            };
            let order = orders::create(tx, NOW, &system, &input, FR)?;
            orders::add_line(tx, NOW, order.id, &part_line("fh 2201", "2"), FR)?;
            let mut bought = part_line("", "1");
            bought.description = Some("Durite achetée pour ce travail".into());
            orders::add_line(tx, NOW, order.id, &bought, FR)?;
            let approval = Approval {
                signer_name: "Hélène Lefèvre".into(),
                signature_png: atelier_pdf::sample::signature_png(),
                recycled_parts_accepted: None,
                accepted_on: String::new(),
            };
            orders::accept_estimate(tx, NOW, &system, order.id, &approval)?;
            orders::change_status(tx, NOW, &system, order.id, OrderStatus::InProgress, None)?;
            Ok(order.id)
        })
        .unwrap();
    Job { db, order, filter }
}

impl Job {
    fn to(&mut self, status: OrderStatus) {
        let order = self.order;
        self.db
            .write(|tx| orders::change_status(tx, NOW, &Actor::system(), order, status, None))
            .unwrap();
    }

    fn reopen(&mut self) {
        let order = self.order;
        self.db
            .write(|tx| orders::reopen(tx, NOW, &Actor::system(), order, "Fuite constatée"))
            .unwrap();
    }

    fn line(&self) -> orders::Line {
        orders::lines::of_order(self.db.conn(), self.order).unwrap()[0].clone()
    }

    /// A filter the mechanic adds at the bench (the signed lines stay as
    /// agreed; bench parts are what changes on an order at work).
    fn bench_part(&mut self, quantity: &str) -> orders::Line {
        let order = self.order;
        let used = orders::bench::PartUsedInput {
            part_id: Some("FH-2201".into()),
            description: Some("Filtre à huile".into()),
            quantity: Some(quantity.into()),
        };
        let added = self
            .db
            .write(|tx| orders::bench::add_part_used(tx, NOW, &Actor::system(), order, &used))
            .unwrap();
        orders::lines::get(self.db.conn(), added.id).unwrap()
    }

    fn here(&self) -> i64 {
        here(&self.db, self.filter.id)
    }
}

#[test]
fn completing_an_order_uses_its_catalogue_parts_one_movement_per_line() {
    let mut job = job();
    assert_eq!(job.here(), 5000, "nothing is used before the work is done");
    job.to(OrderStatus::Done);
    assert_eq!(job.here(), 3000);
    let used = &history(job.db.conn(), job.filter.id, None, 1).unwrap()[0];
    assert_eq!(used.kind, MovementKind::Use);
    assert_eq!(used.order_line_id, Some(job.line().id));
    assert_eq!(
        count(&job.db, "stock_movements"),
        2,
        "the receipt and one use"
    );
}

#[test]
fn reopening_gives_the_parts_back_and_completing_again_takes_them_once() {
    let mut job = job();
    job.to(OrderStatus::Done);
    job.reopen();
    assert_eq!(job.here(), 5000);
    let back = &history(job.db.conn(), job.filter.id, None, 1).unwrap()[0];
    assert_eq!(back.kind, MovementKind::ReturnFromOrder);
    job.to(OrderStatus::Done);
    assert_eq!(job.here(), 3000);
}

#[test]
fn removing_or_changing_a_line_of_a_done_order_moves_only_the_difference() {
    let mut job = job();
    let line = job.bench_part("1");
    job.to(OrderStatus::Done);
    assert_eq!(job.here(), 2000, "2 agreed and 1 from the bench");
    let three = part_line("FH-2201", "3");
    job.db
        .write(|tx| orders::update_line(tx, NOW, line.id, &three, FR))
        .unwrap();
    assert_eq!(job.here(), 0);
    job.db
        .write(|tx| orders::remove_line(tx, NOW, line.id))
        .unwrap();
    assert_eq!(job.here(), 3000, "a removed line gives its part back");
    crate::stock::follow_order(
        &job.db.conn().unchecked_transaction().unwrap(),
        NOW,
        job.order,
    )
    .unwrap();
    assert_eq!(job.here(), 3000, "following again changes nothing");
}

#[test]
fn a_part_used_before_its_receipt_leaves_negative_stock() {
    let mut job = job();
    job.bench_part("5");
    job.to(OrderStatus::Done);
    assert_eq!(job.here(), -2000);
    assert_eq!(negative(job.db.conn(), Some(main_site())).unwrap().len(), 1);
}

#[test]
fn cancelling_a_done_order_gives_its_parts_back_and_invoicing_keeps_them_used() {
    let mut job = job();
    job.to(OrderStatus::Done);
    let order = job.order;
    job.db
        .write(|tx| orders::mark_invoiced(tx, NOW, &Actor::system(), order, "F-1"))
        .unwrap();
    assert_eq!(job.here(), 3000);
    let mut other = self::job();
    other.to(OrderStatus::Done);
    other.to(OrderStatus::Cancelled);
    assert_eq!(other.here(), 5000);
}

#[test]
fn a_part_line_cannot_be_slipped_into_a_signed_order_and_stock_stays() {
    let mut job = job();
    job.to(OrderStatus::Done);
    let order = job.order;
    let err = job
        .db
        .write(|tx| orders::add_line(tx, NOW, order, &part_line("FH-2201", "1"), FR))
        .unwrap_err();
    assert_eq!(err.code(), "estimate_signed");
    assert_eq!(job.here(), 3000, "only the 2 agreed are used");
}

//! A demo workshop's past business, on top of [`crate::generate`]: repair
//! orders on its customers' vehicles, each written as the front desk and the
//! bench write it (the header, then one line at a time, the estimate signed,
//! the clock, the checklist, done), then invoiced (draft, issue, its PDF
//! stored) and most of them paid; the catalogue parts they use are taken
//! from stock and received again. The last orders are left open, in every
//! open state, as a workshop's board is on any morning.
//!
//! Not part of `atelier demo` (its two dozen orders and three invoices are
//! what a person trying Atelier looks at): the benchmarks call it to time
//! the screens and the sync on a workshop that has been working for a while.

use std::collections::HashMap;

use atelier_domain::{Locale, OrderId};
use serde::Serialize;

use super::rng::Rng;
use atelier_core::access::Actor;
use atelier_core::invoices;
use atelier_core::invoices::payments::{PaymentInput, record_payment};
use atelier_core::orders::{self, Approval, LineInput, OrderInput, OrderStatus, steps};
use atelier_core::stock::{self, Receipt};
use atelier_core::{Db, Result, Transaction, users, workshop};

const MINUTE: u64 = 60_000;
/// Orders begin this far apart; each is done within 90 minutes.
const EVERY: u64 = 100 * MINUTE;
/// Orders written per transaction.
const BATCH: usize = 50;

/// How much business to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BusinessOptions {
    /// Repair orders in all, the open ones included.
    pub orders: u32,
    /// Of which the last ones left open (estimate, accepted, in progress,
    /// waiting for parts, done), in turn.
    pub open: u32,
    /// The same seed picks the same vehicles, lines and payments.
    pub seed: u64,
}

/// What [`add_business`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BusinessSummary {
    /// Repair orders.
    pub orders: u32,
    /// Of which still open.
    pub open: u32,
    /// Order lines.
    pub lines: u32,
    /// Invoices issued, each with its PDF stored.
    pub invoices: u32,
    /// Payments recorded (an invoice in ten is left unpaid).
    pub payments: u32,
    /// Receipts that put the parts used back on the shelves.
    pub receipts: u32,
}

/// A catalogue part an order line may name.
struct Part {
    id: String,
    reference: String,
    description: String,
    price_cents: i64,
}

/// The states the last orders are left in, in turn.
const OPEN: [OrderStatus; 5] = [
    OrderStatus::Estimate,
    OrderStatus::Accepted,
    OrderStatus::InProgress,
    OrderStatus::WaitingParts,
    OrderStatus::Done,
];

const LABOUR: [(&str, &str); 6] = [
    ("Vidange moteur et remplacement du filtre à huile", "0,5"),
    ("Remplacement des plaquettes avant", "1"),
    ("Diagnostic électronique", "0,75"),
    ("Remplacement de la distribution", "3,5"),
    ("Contrôle et appoint des niveaux", "0,25"),
    ("Remplacement de la batterie", "0,5"),
];

const COMPLAINTS: [&str; 4] = [
    "Entretien annuel",
    "Bruit au freinage",
    "Voyant moteur allumé",
    "Démarrage difficile le matin",
];

/// Adds `opts.orders` repair orders ending an hour before `now_ms`, one
/// every 100 minutes, on vehicles drawn across the database (a customer
/// may come back). Needs a set-up demo workshop with its accounts; the part
/// lines name catalogue parts when it has any ([`crate::add_parts`]).
/// Writes nothing when the workshop is not set up.
pub fn add_business(db: &mut Db, now_ms: u64, opts: &BusinessOptions) -> Result<BusinessSummary> {
    let mut summary = BusinessSummary::default();
    if !workshop::is_set_up(db.conn())? {
        return Ok(summary);
    }
    let people = users::list(db.conn())?;
    let find = |login: &str| people.iter().find(|u| u.login == login).map(users::actor);
    let (Some(desk), Some(mechanic)) = (find("accueil"), find("meca")) else {
        return Ok(summary);
    };
    let cars: Vec<(String, String)> = db
        .conn()
        .prepare(
            "SELECT id, customer_id FROM vehicles
              WHERE deleted_at IS NULL AND customer_id IS NOT NULL ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parts: Vec<Part> = db
        .conn()
        .prepare(
            "SELECT id, reference, description, COALESCE(sale_cents, cost_cents * 3 / 2)
               FROM parts WHERE deleted_at IS NULL AND active = 1 ORDER BY reference",
        )?
        .query_map([], |r| {
            Ok(Part {
                id: r.get(0)?,
                reference: r.get(1)?,
                description: r.get(2)?,
                price_cents: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if cars.is_empty() {
        return Ok(summary);
    }
    let mut rng = Rng::new(opts.seed);
    let total = opts.orders as usize;
    let first_open = total.saturating_sub(opts.open as usize);
    let start = now_ms.saturating_sub(total as u64 * EVERY + 60 * MINUTE);
    let mut done = 0;
    while done < total {
        let n = (total - done).min(BATCH);
        db.write(|tx| {
            let work = Work {
                tx,
                desk: &desk,
                mechanic: &mechanic,
                parts: &parts,
            };
            let mut used: HashMap<usize, u64> = HashMap::new();
            for i in done..done + n {
                let (vehicle, customer) = &cars[rng.index(cars.len())];
                let at = start + i as u64 * EVERY;
                let state = if i < first_open {
                    OrderStatus::Invoiced
                } else {
                    OPEN[(i - first_open) % OPEN.len()]
                };
                work.order(
                    &mut rng,
                    at,
                    customer,
                    vehicle,
                    state,
                    &mut summary,
                    &mut used,
                )?;
            }
            // What was used is delivered again at the end of the batch.
            let at = start + (done + n) as u64 * EVERY;
            let mut used: Vec<_> = used.into_iter().collect();
            used.sort_unstable();
            for (part, quantity) in used {
                stock::receive(
                    tx,
                    at,
                    &Receipt {
                        part_id: parts[part]
                            .id
                            .parse()
                            .map_err(|_| atelier_core::Error::Corrupt("parts.id"))?,
                        quantity: Some(quantity.to_string()),
                        ..Receipt::default()
                    },
                    Locale::Fr,
                )?;
                summary.receipts += 1;
            }
            Ok(())
        })?;
        done += n;
    }
    Ok(summary)
}

/// Who writes, in which transaction, from which catalogue.
struct Work<'a, 't> {
    tx: &'a Transaction<'t>,
    desk: &'a Actor,
    mechanic: &'a Actor,
    parts: &'a [Part],
}

impl Work<'_, '_> {
    /// One order begun at `at`, taken as far as `state` (`Invoiced`: done,
    /// invoiced and, nine times in ten, paid).
    #[allow(
        clippy::too_many_arguments,
        reason = "one order is exactly these facts"
    )]
    fn order(
        &self,
        rng: &mut Rng,
        at: u64,
        customer: &str,
        vehicle: &str,
        state: OrderStatus,
        summary: &mut BusinessSummary,
        used: &mut HashMap<usize, u64>,
    ) -> Result<()> {
        let (tx, desk, mechanic) = (self.tx, self.desk, self.mechanic);
        let header = OrderInput {
            customer_id: Some(customer.to_owned()),
            vehicle_id: Some(vehicle.to_owned()),
            complaint: Some((*rng.pick(&COMPLAINTS)).to_owned()),
            mechanic_ids: mechanic.user.iter().map(ToString::to_string).collect(),
            ..OrderInput::default()
        };
        let id = orders::header::create_id(tx, at, desk, &header, Locale::Fr)?;
        summary.orders += 1;
        // One line at a time, as the order page adds them.
        let mut lines = vec![labour(*rng.pick(&LABOUR))];
        if rng.percent(40) {
            lines.push(labour(*rng.pick(&LABOUR)));
        }
        let mut taken = Vec::new();
        if !self.parts.is_empty() {
            for _ in 0..1 + rng.below(4) {
                let p = rng.index(self.parts.len());
                let quantity = 1 + rng.below(2);
                taken.push((p, quantity));
                lines.push(self.part(p, quantity));
            }
        }
        for (k, line) in lines.iter().enumerate() {
            orders::add_line(tx, at + 1 + k as u64, id, line, Locale::Fr)?;
            summary.lines += 1;
        }
        if state == OrderStatus::Estimate {
            return self.left_open(summary);
        }
        let approval = Approval {
            signer_name: "Client".into(),
            signature_png: atelier_pdf::sample::signature_png(),
            recycled_parts_accepted: None,
            accepted_on: String::new(),
        };
        orders::accept_estimate(tx, at + 10 * MINUTE, desk, id, &approval)?;
        if state == OrderStatus::Accepted {
            return self.left_open(summary);
        }
        orders::start_clock(tx, at + 20 * MINUTE, mechanic, id)?;
        let steps = steps::of_order(tx, id)?;
        if matches!(state, OrderStatus::InProgress | OrderStatus::WaitingParts) {
            if let Some(first) = steps.first() {
                steps::tick_step(tx, at + 40 * MINUTE, mechanic, first.id)?;
            }
            if state == OrderStatus::WaitingParts {
                orders::clock::pause_clock(tx, at + 45 * MINUTE, mechanic, id)?;
                orders::change_status(
                    tx,
                    at + 46 * MINUTE,
                    desk,
                    id,
                    state,
                    Some("Pièce en commande"),
                )?;
            }
            return self.left_open(summary);
        }
        for step in &steps {
            steps::tick_step(tx, at + 60 * MINUTE, mechanic, step.id)?;
        }
        orders::mark_done(tx, at + 80 * MINUTE, mechanic, id, None)?;
        for (p, quantity) in taken {
            *used.entry(p).or_default() += quantity;
        }
        if state == OrderStatus::Done {
            return self.left_open(summary);
        }
        self.invoice(rng, at + 85 * MINUTE, id, summary)
    }

    /// Invoices the done order `id` as the front desk does, then (nine
    /// times in ten) takes its payment.
    fn invoice(
        &self,
        rng: &mut Rng,
        at: u64,
        id: OrderId,
        summary: &mut BusinessSummary,
    ) -> Result<()> {
        let (tx, desk) = (self.tx, self.desk);
        let draft = invoices::draft_from_order(tx, at, desk, id)?;
        let inv = invoices::issue(tx, at + 1, desk, draft.summary.id)?;
        invoices::store_pdf(tx, at + 2, inv.summary.id)?;
        summary.invoices += 1;
        if rng.percent(90) {
            let cents = inv.summary.balance.cents();
            let payment = PaymentInput {
                method: Some((*rng.pick(&["card", "card", "cheque", "transfer"])).into()),
                amount: Some(format!("{},{:02}", cents / 100, cents % 100)),
                paid_on: None,
                reference: None,
            };
            record_payment(tx, at + 3, desk, inv.summary.id, &payment, Locale::Fr)?;
            summary.payments += 1;
        }
        Ok(())
    }

    fn left_open(&self, summary: &mut BusinessSummary) -> Result<()> {
        summary.open += 1;
        Ok(())
    }

    fn part(&self, p: usize, quantity: u64) -> LineInput {
        let part = &self.parts[p];
        let cents = part.price_cents.max(100);
        LineInput {
            kind: Some("part".into()),
            description: Some(part.description.clone()),
            part_id: Some(part.reference.clone()),
            quantity: Some(quantity.to_string()),
            unit_price: Some(format!("{},{:02}", cents / 100, cents % 100)),
            origin: Some("new_aftermarket".into()),
            ..LineInput::default()
        }
    }
}

fn labour((description, hours): (&str, &str)) -> LineInput {
    LineInput {
        kind: Some("labour".into()),
        description: Some(description.into()),
        hours: Some(hours.into()),
        ..LineInput::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoOptions, generate, set_up_workshop};
    use atelier_core::orders::board::{BoardFilter, board};

    /// 2025-06-02T10:00:00Z
    const NOW: u64 = 1_748_858_400_000;

    fn count(db: &Db, sql: &str) -> u32 {
        db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_working_workshop_has_invoiced_orders_open_ones_and_stock_that_moved() {
        let mut db = crate::test_db();
        db.write(|tx| set_up_workshop(tx, NOW, Locale::Fr)).unwrap();
        generate(
            &mut db,
            &DemoOptions {
                customers: 60,
                seed: 4,
            },
            NOW,
        )
        .unwrap();
        let before = count(&db, "SELECT COUNT(*) FROM invoices");
        let s = add_business(
            &mut db,
            NOW,
            &BusinessOptions {
                orders: 70,
                open: 10,
                seed: 9,
            },
        )
        .unwrap();
        assert_eq!((s.orders, s.open, s.invoices), (70, 10, 60));
        assert!(
            (45..60).contains(&s.payments),
            "about nine in ten paid: {}",
            s.payments
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM invoices WHERE status = 'issued'"),
            before + 60,
            "each invoice issued"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM invoice_pdfs"),
            before + 60,
            "each with its PDF stored, as after « Émettre »"
        );
        assert!(
            count(
                &db,
                "SELECT COUNT(*) FROM stock_movements WHERE kind = 'use'"
            ) >= 60,
            "every done order took its catalogue parts from stock"
        );
        assert!(s.receipts > 0, "and they were received again");
        let open = board(db.conn(), &Actor::system(), &BoardFilter::default()).unwrap();
        assert!(
            open.len() >= 8,
            "the open ones on the board (done ones included): {}",
            open.len()
        );
    }
}

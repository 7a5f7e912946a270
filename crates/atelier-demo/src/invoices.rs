//! Demo invoices: two of the done demo orders invoiced (one paid by card,
//! one partly paid in cash), and a counter sale paid in cash with change,
//! written through the same functions as the front desk. One done order is
//! left for the person trying Atelier to invoice.

use atelier_domain::{Locale, OrderId};

use atelier_core::invoices::payments::{PaymentInput, record_payment};
use atelier_core::invoices::{self, DraftInput};
use atelier_core::orders::LineInput;
use atelier_core::{Db, Result, users, workshop};

/// How many done demo orders are invoiced.
const ORDERS_INVOICED: usize = 2;

/// Issues the demo invoices and their payments in one transaction, when this
/// workstation has a series and no invoice yet; returns how many it issued.
pub fn add(db: &mut Db, now_ms: u64) -> Result<u32> {
    let has_invoices: bool =
        db.conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM invoices)", [], |r| r.get(0))?;
    if has_invoices || workshop::station(db.conn())?.series_prefix.is_none() {
        return Ok(0);
    }
    let Some(desk) = users::list(db.conn())?
        .iter()
        .find(|u| u.login == "accueil")
        .map(users::actor)
    else {
        return Ok(0);
    };
    let done: Vec<(String, String)> = db
        .conn()
        .prepare(
            "SELECT id, customer_id FROM orders WHERE status = 'done' AND deleted_at IS NULL
              ORDER BY created_at LIMIT ?1",
        )?
        .query_map([ORDERS_INVOICED as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let pay = |method: &str, amount: String| PaymentInput {
        method: Some(method.into()),
        amount: Some(amount),
        paid_on: None,
        reference: None,
    };
    db.write(|tx| {
        let mut issued = 0;
        for (i, (order, _)) in done.iter().enumerate() {
            let order: OrderId = order
                .parse()
                .map_err(|_| atelier_core::Error::Corrupt("demo"))?;
            let draft = invoices::draft_from_order(tx, now_ms, &desk, order)?;
            let inv = invoices::issue(tx, now_ms, &desk, draft.summary.id)?;
            invoices::store_pdf(tx, now_ms, inv.summary.id)?;
            issued += 1;
            let amount = if i == 0 {
                plain(inv.summary.balance)
            } else {
                "50".to_owned()
            };
            let method = if i == 0 { "card" } else { "cash" };
            record_payment(
                tx,
                now_ms,
                &desk,
                inv.summary.id,
                &pay(method, amount),
                Locale::Fr,
            )?;
        }
        if let Some((_, customer)) = done.first() {
            let part = |d: &str, q: &str, p: &str| LineInput {
                kind: Some("part".into()),
                description: Some(d.into()),
                quantity: Some(q.into()),
                unit_price: Some(p.into()),
                origin: Some("new_aftermarket".into()),
                ..LineInput::default()
            };
            let input = DraftInput {
                customer_id: Some(customer.clone()),
                lines: vec![
                    part("Balais d’essuie-glace", "2", "12,50"),
                    part("Ampoule H7", "1", "8,90"),
                ],
                notes: None,
            };
            let draft = invoices::draft_counter_sale(tx, now_ms, &desk, &input, Locale::Fr)?;
            let inv = invoices::issue(tx, now_ms, &desk, draft.summary.id)?;
            invoices::store_pdf(tx, now_ms, inv.summary.id)?;
            issued += 1;
            record_payment(
                tx,
                now_ms,
                &desk,
                inv.summary.id,
                &pay("cash", "50".into()),
                Locale::Fr,
            )?;
        }
        Ok(issued)
    })
}

/// An amount as typed: "287,86".
fn plain(m: atelier_domain::Money) -> String {
    let c = m.cents();
    format!("{},{:02}", c / 100, c % 100)
}

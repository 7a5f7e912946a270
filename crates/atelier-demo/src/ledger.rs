//! A demo workshop's accounting over a few days, on top of [`crate::generate`]:
//! every kind of movement the FEC records, written through the front desk's
//! functions. Not part of `atelier demo` (the demo's three invoices stay
//! three); the FEC's tests and anyone checking an accounting export call it.
//!
//! Over the four days after `now_ms`: a deposit by cheque on the done order
//! left to invoice, that order invoiced (the deposit deducted) and its rest
//! paid by transfer; a card payment on the partly paid invoice, reversed the
//! next day and paid again by cheque; a full credit note of the counter sale
//! and a partial one of the first invoice; a cash deposit on an order in
//! progress, and a card deposit on it reversed (both left open: not
//! invoiced yet).

use atelier_domain::{InvoiceId, Locale, OrderId};

use atelier_core::invoices::payments::{
    PaymentInput, record_deposit, record_payment, reverse_payment,
};
use atelier_core::invoices::{self, CreditNoteInput};
use atelier_core::{Db, Error, Result, users};

const DAY: u64 = 86_400_000;

/// What [`add`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerSummary {
    /// Invoices issued.
    pub invoices: u32,
    /// Credit notes issued.
    pub credit_notes: u32,
    /// Payments, deposits and reversals recorded.
    pub payments: u32,
}

fn pay(method: &str, amount: &str) -> PaymentInput {
    PaymentInput {
        method: Some(method.into()),
        amount: Some(amount.into()),
        paid_on: None,
        reference: None,
    }
}

/// An amount as typed: "287,86".
fn typed(m: atelier_domain::Money) -> String {
    let c = m.cents();
    format!("{},{:02}", c / 100, c % 100)
}

fn ids<T: std::str::FromStr>(rows: Vec<String>) -> Result<Vec<T>> {
    rows.iter()
        .map(|r| r.parse().map_err(|_| Error::Corrupt("demo ledger")))
        .collect()
}

/// Adds the movements above to a demo workshop made by [`crate::generate`]
/// (with its invoices); each day in its own transaction, dated `now_ms`
/// plus one to four days.
pub fn add(db: &mut Db, now_ms: u64) -> Result<LedgerSummary> {
    let desk = users::list(db.conn())?
        .iter()
        .find(|u| u.login == "accueil")
        .map(users::actor)
        .ok_or(Error::Corrupt("demo ledger: no front desk"))?;
    let conn = db.conn();
    let column = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let done: Vec<OrderId> = ids(column(
        "SELECT id FROM orders WHERE status = 'done' AND deleted_at IS NULL ORDER BY created_at",
    )?)?;
    let open: Vec<OrderId> = ids(column(
        "SELECT id FROM orders WHERE status IN ('accepted', 'in_progress', 'waiting_parts')
            AND deleted_at IS NULL ORDER BY created_at",
    )?)?;
    let issued: Vec<InvoiceId> = ids(column(
        "SELECT id FROM invoices WHERE status = 'issued' AND kind = 'invoice' ORDER BY seq",
    )?)?;
    let (Some(&to_invoice), Some(&in_progress), [first, partly, counter, ..]) =
        (done.first(), open.first(), issued.as_slice())
    else {
        return Err(Error::Corrupt(
            "demo ledger: the demo workshop has no done order, open order or three invoices",
        ));
    };
    let (first, partly, counter) = (*first, *partly, *counter);
    let mut summary = LedgerSummary::default();
    let fr = Locale::Fr;

    let day1 = now_ms + DAY;
    db.write(|tx| {
        record_deposit(tx, day1, &desk, to_invoice, &pay("cheque", "100"), fr)?;
        let card = record_payment(tx, day1, &desk, partly, &pay("card", "20"), fr)?;
        summary.payments += 2;
        let draft = invoices::draft_from_order(tx, day1, &desk, to_invoice)?;
        let inv = invoices::issue(tx, day1, &desk, draft.summary.id)?;
        invoices::store_pdf(tx, day1, inv.summary.id)?;
        summary.invoices += 1;
        Ok((card.payment.id, inv.summary.id))
    })
    .and_then(|(card, invoiced)| {
        let day2 = now_ms + 2 * DAY;
        db.write(|tx| {
            let rest = invoices::get(tx, invoiced, &atelier_core::text::today(day2))?
                .summary
                .balance;
            record_payment(
                tx,
                day2,
                &desk,
                invoiced,
                &pay("transfer", &typed(rest)),
                fr,
            )?;
            reverse_payment(tx, day2, &desk, card, Some("Carte refusée"))?;
            record_payment(tx, day2, &desk, partly, &pay("cheque", "20"), fr)?;
            summary.payments += 3;
            Ok(())
        })
    })?;

    let day3 = now_ms + 3 * DAY;
    db.write(|tx| {
        let full = CreditNoteInput {
            invoice_id: Some(counter.to_string()),
            reason: Some("Article retourné".into()),
            lines: Vec::new(),
        };
        let note = invoices::credit_note(tx, day3, &desk, &full, fr)?;
        invoices::store_pdf(tx, day3, note.summary.id)?;
        let line = atelier_core::orders::LineInput {
            kind: Some("fee".into()),
            description: Some("Geste commercial".into()),
            quantity: Some("1".into()),
            unit_price: Some("10".into()),
            vat: Some("20".into()),
            ..atelier_core::orders::LineInput::default()
        };
        let partial = CreditNoteInput {
            invoice_id: Some(first.to_string()),
            reason: Some("Geste commercial".into()),
            lines: vec![line],
        };
        let note = invoices::credit_note(tx, day3, &desk, &partial, fr)?;
        invoices::store_pdf(tx, day3, note.summary.id)?;
        summary.credit_notes += 2;
        Ok(())
    })?;

    let day4 = now_ms + 4 * DAY;
    db.write(|tx| {
        record_deposit(tx, day4, &desk, in_progress, &pay("cash", "30"), fr)?;
        let card = record_deposit(tx, day4, &desk, in_progress, &pay("card", "15"), fr)?;
        reverse_payment(tx, day4, &desk, card.id, Some("Doublon"))?;
        summary.payments += 3;
        Ok(())
    })?;
    Ok(summary)
}

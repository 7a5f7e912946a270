//! Payments, reversals, deposits, credit notes and what they make of an
//! invoice's status, the unpaid list, a customer's balance and the till.

use super::*;
use crate::invoices::payments::{record_deposit, record_payment, reverse_payment};
use crate::invoices::reports::{cash_summary, customer_balance, unpaid};
use crate::validation::{Field, Problem};

fn pay(s: &mut Shop, id: InvoiceId, method: &str, amount: &str) -> Result<payments::Receipt> {
    let desk = s.desk.clone();
    let input = PaymentInput {
        method: Some(method.into()),
        amount: Some(amount.into()),
        paid_on: None,
        reference: None,
    };
    s.db.write(|tx| record_payment(tx, NOW, &desk, id, &input, FR))
}

#[test]
fn a_partial_card_payment_then_cash_with_change_pays_the_invoice() {
    let mut s = shop();
    let inv = s.counter_sale();
    let id = inv.summary.id;
    assert_eq!(inv.summary.gross, Money::from_cents(4_668));
    let r = pay(&mut s, id, "card", "20").unwrap();
    assert_eq!(r.invoice.summary.status, InvoiceStatus::PartlyPaid);
    assert_eq!(r.invoice.summary.balance, Money::from_cents(2_668));
    let r = pay(&mut s, id, "cash", "30").unwrap();
    assert_eq!(
        r.payment.amount,
        Money::from_cents(2_668),
        "only what was due settles it"
    );
    assert_eq!(
        r.payment.change,
        Money::from_cents(332),
        "the rest is change"
    );
    assert_eq!(r.payment.tendered, Some(Money::from_cents(3_000)));
    assert_eq!(r.invoice.summary.status, InvoiceStatus::Paid);
    assert_eq!(r.invoice.summary.balance, Money::ZERO);
    assert_eq!(r.invoice.payments.len(), 2);
    let err = pay(&mut s, id, "card", "1").unwrap_err();
    assert_eq!(
        refusal(err),
        (Field::Amount, Problem::MoreThanDue { max: Money::ZERO }),
        "a paid invoice takes no more"
    );
    let till = cash_summary(s.db.conn(), TODAY).unwrap();
    assert_eq!(till.total, Money::from_cents(4_668));
    assert_eq!(till.stations.len(), 1);
    assert_eq!(till.stations[0].station, "S1A");
    assert_eq!(till.stations[0].change_given, Money::from_cents(332));
    let card = till
        .methods
        .iter()
        .find(|m| m.method == PaymentMethod::Card)
        .unwrap();
    assert_eq!((card.count, card.total), (1, Money::from_cents(2_000)));
}

#[test]
fn bad_payments_are_refused_and_write_nothing() {
    let mut s = shop();
    let inv = s.counter_sale();
    let id = inv.summary.id;
    let ops = s.count("outbox");
    for (method, amount, field, problem) in [
        ("card", "0", Field::Amount, Problem::NotPositive),
        ("card", "-5", Field::Amount, Problem::NotPositive),
        ("card", "abc", Field::Amount, Problem::Amount),
        ("bitcoin", "5", Field::PaymentMethod, Problem::NotAllowed),
        (
            "card",
            "100",
            Field::Amount,
            Problem::MoreThanDue {
                max: Money::from_cents(4_668),
            },
        ),
    ] {
        let err = pay(&mut s, id, method, amount).unwrap_err();
        assert_eq!(refusal(err), (field, problem.clone()), "{method} {amount}");
    }
    assert_eq!(s.count("outbox"), ops, "nothing written");
    let draft = s.counter_draft();
    let err = pay(&mut s, draft.summary.id, "card", "5").unwrap_err();
    assert_eq!(err.code(), "invoice_draft");
    assert_eq!(s.count("payments"), 0);
}

#[test]
fn a_mistaken_payment_is_reversed_by_an_entry_not_an_edit() {
    let mut s = shop();
    let id = s.counter_sale().summary.id;
    let r = pay(&mut s, id, "cheque", "46,68").unwrap();
    assert_eq!(r.invoice.summary.status, InvoiceStatus::Paid);
    let desk = s.desk.clone();
    let back = s
        .db
        .write(|tx| reverse_payment(tx, NOW, &desk, r.payment.id, Some("chèque sans provision")))
        .unwrap();
    assert_eq!(back.amount, Money::from_cents(-4_668));
    assert_eq!(back.reverses_id, Some(r.payment.id));
    let now = get(s.db.conn(), id, TODAY).unwrap();
    assert_eq!(now.summary.status, InvoiceStatus::Unpaid);
    assert_eq!(now.payments.len(), 2, "both entries stay");
    assert!(now.payments[0].reversed);
    let err =
        s.db.write(|tx| reverse_payment(tx, NOW, &desk, r.payment.id, None))
            .unwrap_err();
    assert_eq!(err.code(), "payment_reversed");
    let err =
        s.db.write(|tx| reverse_payment(tx, NOW, &desk, back.id, None))
            .unwrap_err();
    assert_eq!(err.code(), "payment_reversed");
    assert!(
        s.db.conn()
            .execute("UPDATE payments SET amount_cents = 1", [])
            .is_err(),
        "payments are append-only in the database too"
    );
}

#[test]
fn an_invoice_past_its_due_date_is_overdue_and_aged() {
    let mut s = shop();
    let customer =
        s.db.write(|tx| {
            crate::customers::create(
                tx,
                NOW,
                &CustomerInput {
                    kind: Some("company".into()),
                    company_name: Some("Transports Rhône".into()),
                    registration: Some("732 829 320".into()),
                    payment_terms_days: Some(json!(30)),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    s.customer = customer;
    let inv = s.counter_sale();
    assert_eq!(inv.summary.due_on.as_deref(), Some("2026-04-09"), "30 days");
    let id = inv.summary.id;
    pay(&mut s, id, "card", "10").unwrap();
    let later = "2026-05-20";
    let late = summary(s.db.conn(), id, later).unwrap();
    assert_eq!(late.status, InvoiceStatus::Overdue);
    assert_eq!(late.days_overdue, 41);
    assert_eq!(late.ageing, Some(Ageing::Days31To60));
    let list = unpaid(s.db.conn(), None, later).unwrap();
    assert_eq!(list.invoices.len(), 1);
    assert_eq!(list.total, Money::from_cents(3_668));
    let bucket = list
        .buckets
        .iter()
        .find(|b| b.ageing == Ageing::Days31To60)
        .unwrap();
    assert_eq!((bucket.count, bucket.total), (1, Money::from_cents(3_668)));
    let balance = customer_balance(s.db.conn(), customer, later).unwrap();
    assert_eq!(balance.balance, Money::from_cents(3_668));
    assert_eq!(balance.overdue, Money::from_cents(3_668));
    let filtered = list_of(&s, "overdue", later);
    assert_eq!(filtered, vec![id]);
    assert!(list_of(&s, "paid", later).is_empty());
}

fn list_of(s: &Shop, status: &str, today: &str) -> Vec<InvoiceId> {
    list(
        s.db.conn(),
        &InvoiceQuery {
            status: Some(status.into()),
            ..InvoiceQuery::default()
        },
        today,
    )
    .unwrap()
    .into_iter()
    .map(|i| i.id)
    .collect()
}

#[test]
fn a_deposit_before_the_work_is_deducted_on_the_invoice() {
    let mut s = shop();
    let order = s.done_order();
    let desk = s.desk.clone();
    let input = PaymentInput {
        method: Some("card".into()),
        amount: Some("50".into()),
        ..PaymentInput::default()
    };
    s.db.write(|tx| record_deposit(tx, NOW, &desk, order, &input, FR))
        .unwrap();
    let inv = s.invoice_order(order);
    assert_eq!(inv.summary.deposits, Money::from_cents(5_000));
    assert_eq!(
        inv.summary.balance,
        inv.summary
            .gross
            .checked_sub(Money::from_cents(5_000))
            .unwrap()
    );
    assert_eq!(inv.summary.status, InvoiceStatus::PartlyPaid);
    let rest = inv
        .summary
        .balance
        .format(Locale::Fr)
        .replace(['\u{a0}', '\u{202f}', '€'], "");
    let r = pay(&mut s, inv.summary.id, "transfer", rest.trim()).unwrap();
    assert_eq!(r.invoice.summary.status, InvoiceStatus::Paid);
    let balance = customer_balance(s.db.conn(), s.customer, TODAY).unwrap();
    assert_eq!(balance.balance, Money::ZERO);
    assert_eq!(
        balance.deposits,
        Money::ZERO,
        "the deposit is inside the invoice now"
    );
}

#[test]
fn credit_notes_cancel_an_invoice_in_part_then_in_full() {
    let mut s = shop();
    let inv = s.counter_sale();
    let id = inv.summary.id;
    let desk = s.desk.clone();
    let partial = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        reason: Some("Balai défectueux repris".into()),
        lines: vec![part("Balai d’essuie-glace", "1", "12,50")],
    };
    let a =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &partial, FR))
            .unwrap();
    assert_eq!(
        a.summary.number.as_deref(),
        Some("A-S1A-2026-000001"),
        "its own series"
    );
    assert_eq!(a.summary.kind, InvoiceKind::CreditNote);
    assert_eq!(a.summary.gross, Money::from_cents(1_500));
    assert_eq!(
        a.summary.credited_number.as_deref(),
        Some("F-S1A-2026-000001")
    );
    let after = get(s.db.conn(), id, TODAY).unwrap();
    assert_eq!(after.summary.credited, Money::from_cents(1_500));
    assert_eq!(after.summary.balance, Money::from_cents(3_168));
    assert_eq!(after.credit_notes.len(), 1);
    let too_much = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        reason: None,
        lines: vec![part("Tout", "1", "100")],
    };
    let ops = s.count("outbox");
    let err =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &too_much, FR))
            .unwrap_err();
    assert_eq!(
        refusal(err),
        (
            Field::Lines,
            Problem::MoreThanDue {
                max: Money::from_cents(3_168)
            }
        )
    );
    assert_eq!(s.count("outbox"), ops, "nothing written");
    let rest = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        ..CreditNoteInput::default()
    };
    let b =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &rest, FR))
            .unwrap();
    assert_eq!(b.summary.gross, Money::from_cents(3_168), "what remained");
    let cancelled = get(s.db.conn(), id, TODAY).unwrap();
    assert_eq!(cancelled.summary.status, InvoiceStatus::Cancelled);
    let err = pay(&mut s, id, "cash", "5").unwrap_err();
    assert_eq!(err.code(), "invoice_cancelled");
    let err =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &rest, FR))
            .unwrap_err();
    assert_eq!(err.code(), "invoice_cancelled");
    assert!(verify(s.db.conn()).unwrap().is_clean());
}

#[test]
fn a_full_credit_note_copies_the_invoice() {
    let mut s = shop();
    let order = s.done_order();
    let inv = s.invoice_order(order);
    let desk = s.desk.clone();
    let input = CreditNoteInput {
        invoice_id: Some(inv.summary.id.to_string()),
        reason: Some("Erreur de client".into()),
        lines: Vec::new(),
    };
    let a =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &input, FR))
            .unwrap();
    assert_eq!(a.totals, inv.totals, "the same amounts, rate by rate");
    assert_eq!(
        get(s.db.conn(), inv.summary.id, TODAY)
            .unwrap()
            .summary
            .status,
        InvoiceStatus::Cancelled
    );
}

/// What `invoice_balances` keeps for `id`: credited, paid, balance (cents).
fn kept(s: &Shop, id: InvoiceId) -> Option<(i64, i64, i64)> {
    s.db.conn()
        .query_row(
            "SELECT credited_cents, paid_cents, balance_cents FROM invoice_balances
              WHERE invoice_id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .unwrap()
}

/// The same three figures as the invoice page derives them.
fn derived(s: &Shop, id: InvoiceId) -> Option<(i64, i64, i64)> {
    let inv = get(s.db.conn(), id, TODAY).unwrap().summary;
    Some((inv.credited.cents(), inv.paid.cents(), inv.balance.cents()))
}

#[test]
fn the_kept_balance_follows_payments_reversals_deposits_and_credit_notes() {
    let mut s = shop();
    let draft = s.counter_draft().summary.id;
    assert_eq!(kept(&s, draft), None, "a draft owes nothing yet");
    let id = s.issue(draft).unwrap().summary.id;
    assert_eq!(kept(&s, id), Some((0, 0, 4_668)), "issued: all of it");
    let r = pay(&mut s, id, "card", "20").unwrap();
    assert_eq!(kept(&s, id), Some((0, 2_000, 2_668)), "after a payment");
    let desk = s.desk.clone();
    s.db.write(|tx| reverse_payment(tx, NOW, &desk, r.payment.id, None))
        .unwrap();
    assert_eq!(kept(&s, id), Some((0, 0, 4_668)), "after its reversal");
    pay(&mut s, id, "cash", "10").unwrap();
    let partial = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        reason: None,
        lines: vec![part("Balai d’essuie-glace", "1", "12,50")],
    };
    let a =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &partial, FR))
            .unwrap();
    assert_eq!(
        kept(&s, id),
        Some((1_500, 1_000, 2_168)),
        "after a credit note"
    );
    assert_eq!(kept(&s, a.summary.id), None, "a credit note awaits nothing");
    assert_eq!(kept(&s, id), derived(&s, id), "what the invoice page shows");
    let open = unpaid(s.db.conn(), None, TODAY).unwrap();
    assert_eq!(open.total, Money::from_cents(2_168));
    let rest = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        ..CreditNoteInput::default()
    };
    s.db.write(|tx| credit_note(tx, NOW, &desk, &rest, FR))
        .unwrap();
    assert_eq!(kept(&s, id), derived(&s, id));
    assert!(
        unpaid(s.db.conn(), None, TODAY)
            .unwrap()
            .invoices
            .is_empty(),
        "cancelled, nothing left"
    );

    let order = s.done_order();
    let input = PaymentInput {
        method: Some("card".into()),
        amount: Some("50".into()),
        ..PaymentInput::default()
    };
    s.db.write(|tx| record_deposit(tx, NOW, &desk, order, &input, FR))
        .unwrap();
    let inv = s.invoice_order(order).summary;
    assert_eq!(
        kept(&s, inv.id),
        Some((0, 0, inv.gross.cents() - 5_000)),
        "the deposit is deducted, not counted as paid"
    );
    assert_eq!(kept(&s, inv.id), derived(&s, inv.id));
}

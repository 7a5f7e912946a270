//! An order's life: which moves are allowed, who made each one and why.
//!
//! `estimate → accepted → in_progress ⇄ waiting_parts → done → invoiced`, and
//! `cancelled` from anywhere before `invoiced`. A done order goes back to work
//! only through [`reopen`], with a reason. Some moves need more than a click
//! and have their own function: acceptance needs the customer's signature
//! ([`super::accept_estimate`]), `done` the checklist
//! ([`super::bench::mark_done`]), `invoiced` an invoice ([`mark_invoiced`]).
//! Every move appends an event; the events are the order's timeline
//! ([`timeline`]).

mod timeline;

use atelier_domain::{Locale, OrderId};
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::numbers::{self, NumberKind};
use super::{ENTITY, Order, editable, get};
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::text::{clean, today};
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

pub(crate) use timeline::record_event;
pub use timeline::{OrderEvent, timeline};

const REASON_MAX: usize = 500;

/// Where an order is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// A devis, waiting for the customer's answer.
    Estimate,
    /// Signed by the customer: a repair order, not started.
    Accepted,
    /// Being worked on.
    InProgress,
    /// Work stopped until parts arrive.
    WaitingParts,
    /// The work is finished; the invoice is next.
    Done,
    /// Invoiced: frozen for good.
    Invoiced,
    /// Cancelled: its numbers are never reused.
    Cancelled,
}

crate::text::str_enum!(OrderStatus {
    Estimate => "estimate",
    Accepted => "accepted",
    InProgress => "in_progress",
    WaitingParts => "waiting_parts",
    Done => "done",
    Invoiced => "invoiced",
    Cancelled => "cancelled",
});

impl OrderStatus {
    /// Every status, in the order of an order's life.
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Estimate,
        OrderStatus::Accepted,
        OrderStatus::InProgress,
        OrderStatus::WaitingParts,
        OrderStatus::Done,
        OrderStatus::Invoiced,
        OrderStatus::Cancelled,
    ];

    /// The statuses of work not finished and not dropped: what the board shows.
    pub const OPEN: [OrderStatus; 5] = [
        OrderStatus::Estimate,
        OrderStatus::Accepted,
        OrderStatus::InProgress,
        OrderStatus::WaitingParts,
        OrderStatus::Done,
    ];

    /// The status's name for a person.
    pub fn label(self, locale: Locale) -> &'static str {
        let (fr, en) = match self {
            OrderStatus::Estimate => ("devis", "estimate"),
            OrderStatus::Accepted => ("accepté", "accepted"),
            OrderStatus::InProgress => ("en cours", "in progress"),
            OrderStatus::WaitingParts => ("en attente de pièces", "waiting for parts"),
            OrderStatus::Done => ("terminé", "done"),
            OrderStatus::Invoiced => ("facturé", "invoiced"),
            OrderStatus::Cancelled => ("annulé", "cancelled"),
        };
        if locale == Locale::Fr { fr } else { en }
    }

    /// Whether an order may go from `self` to `to` at all (whatever that move
    /// also needs: a signature, a reason, ticked steps).
    pub fn may_move_to(self, to: OrderStatus) -> bool {
        use OrderStatus as S;
        matches!(
            (self, to),
            (S::Estimate, S::Accepted)
                | (S::Accepted, S::InProgress)
                | (S::InProgress, S::WaitingParts)
                | (S::WaitingParts, S::InProgress)
                | (S::InProgress, S::Done)
                | (S::Done, S::InProgress)
                | (S::Done, S::Invoiced)
                | (
                    S::Estimate | S::Accepted | S::InProgress | S::WaitingParts | S::Done,
                    S::Cancelled
                )
        )
    }
}

/// Moves an order to `to` (`in_progress`, `waiting_parts`, `cancelled`, or
/// `done`, which checks the checklist as [`super::bench::mark_done`] does).
/// An optional `reason` is kept on the timeline. Refused with
/// [`Error::IllegalTransition`] when the move is not allowed or needs its own
/// action, with [`Error::OrderFrozen`] once invoiced.
pub fn change_status(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<Order> {
    let order = editable(tx, id)?;
    match (order.status, to) {
        (_, OrderStatus::Done) => return super::bench::mark_done(tx, now_ms, actor, id, reason),
        (OrderStatus::Estimate, OrderStatus::Accepted)
        | (OrderStatus::Done, OrderStatus::InProgress)
        | (_, OrderStatus::Invoiced) => {
            return Err(Error::IllegalTransition {
                from: order.status,
                to,
            });
        }
        _ => {}
    }
    let reason = parse_reason(reason)?;
    transition(tx, now_ms, actor, &order, to, reason.as_deref())?;
    get(tx, id)
}

/// Puts a done order back to work: an explicit action with a non-empty reason,
/// shown on the timeline.
pub fn reopen(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    reason: &str,
) -> Result<Order> {
    let order = editable(tx, id)?;
    let reason =
        parse_reason(Some(reason))?.ok_or(Invalid::new(Field::Reason, Problem::Required))?;
    if order.status != OrderStatus::Done {
        return Err(Error::IllegalTransition {
            from: order.status,
            to: OrderStatus::InProgress,
        });
    }
    transition(
        tx,
        now_ms,
        actor,
        &order,
        OrderStatus::InProgress,
        Some(&reason),
    )?;
    get(tx, id)
}

/// Marks a done order invoiced, for the invoices area, in the transaction that
/// issues `invoice_number` (kept on the timeline). From then on the order is
/// frozen.
pub fn mark_invoiced(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    id: OrderId,
    invoice_number: &str,
) -> Result<Order> {
    let order = editable(tx, id)?;
    transition(
        tx,
        now_ms,
        actor,
        &order,
        OrderStatus::Invoiced,
        Some(invoice_number),
    )?;
    get(tx, id)
}

/// A reason as typed: blank is none; at most 500 characters.
pub(crate) fn parse_reason(reason: Option<&str>) -> Result<Option<String>, Invalid> {
    let reason = clean(reason);
    max_len(Field::Reason, reason.as_deref(), REASON_MAX)?;
    Ok(reason)
}

/// Moves `order` to `to` if its life allows it: writes the new status (and,
/// on acceptance, the repair order's number) and appends the event. Stopping
/// the clocks of a finished or cancelled order, closing the recommendations a
/// finished order carried out, and taking its parts from stock (or giving
/// them back when it leaves done) happen here so that every path does them.
pub(crate) fn transition(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: &Order,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<()> {
    if !order.status.may_move_to(to) {
        return Err(Error::IllegalTransition {
            from: order.status,
            to,
        });
    }
    let mut before = Map::from_iter([("status".to_owned(), json!(order.status.as_str()))]);
    let mut payload = Map::from_iter([("status".to_owned(), json!(to.as_str()))]);
    let mut order_number = order.order_number.clone();
    if to == OrderStatus::Accepted && order_number.is_none() {
        let number = numbers::allocate(tx, NumberKind::Order, &today(now_ms))?;
        before.insert("order_number".into(), Value::Null);
        payload.insert("order_number".into(), json!(number));
        order_number = Some(number);
    }
    let hlc = outbox::record(
        tx,
        now_ms,
        ENTITY,
        &order.id.to_string(),
        OpKind::Update,
        &Value::Object(payload),
        Some(&before),
    )?;
    tx.prepare_cached(
        "UPDATE orders SET status = ?2, order_number = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![
        order.id.to_string(),
        to.as_str(),
        order_number,
        hlc.as_i64()
    ])?;
    record_event(tx, now_ms, actor, order.id, Some(order.status), to, reason)?;
    if matches!(to, OrderStatus::Done | OrderStatus::Cancelled) {
        super::clock::stop_all(tx, now_ms, order.id)?;
    }
    if to == OrderStatus::Done {
        super::recommendations::carried_out(tx, now_ms, order.id, order.vehicle_id)?;
    }
    // Done takes the order's catalogue parts from stock; leaving done for
    // anything but invoiced gives them back.
    if to == OrderStatus::Done || (order.status == OrderStatus::Done && to != OrderStatus::Invoiced)
    {
        crate::stock::follow_order(tx, now_ms, order.id)?;
    }
    Ok(())
}

/// Why a move is refused, with what to do instead, for [`Error::IllegalTransition`].
pub(crate) fn refusal(from: OrderStatus, to: OrderStatus, locale: Locale) -> String {
    use OrderStatus as S;
    let fr = locale == Locale::Fr;
    let (f, t) = (from.label(locale), to.label(locale));
    match (from, to) {
        (a, b) if a == b && fr => format!("Cet ordre est déjà « {t} »."),
        (a, b) if a == b => format!("This order is already “{t}”."),
        (_, S::Estimate) if fr => "Un ordre ne redevient pas un devis : créez un nouveau devis.".to_owned(),
        (_, S::Estimate) => "An order does not go back to an estimate: create a new estimate.".to_owned(),
        (S::Estimate, S::Accepted) if fr => "Un devis est accepté par la signature du client : utilisez « Faire signer ».".to_owned(),
        (S::Estimate, S::Accepted) => "An estimate is accepted by the customer’s signature: use “Get it signed”.".to_owned(),
        (S::Estimate, _) if fr => format!("Un devis ne peut pas passer directement à « {t} » : acceptez-le d’abord."),
        (S::Estimate, _) => format!("An estimate cannot go straight to “{t}”: get it accepted first."),
        (S::Done, S::InProgress) if fr => "Pour reprendre un ordre terminé, utilisez « Rouvrir » et indiquez le motif.".to_owned(),
        (S::Done, S::InProgress) => "To resume a finished order, use “Reopen” and give the reason.".to_owned(),
        (_, S::InProgress) if fr => "Seul un ordre terminé se rouvre.".to_owned(),
        (_, S::InProgress) => "Only a finished order can be reopened.".to_owned(),
        (_, S::Invoiced) if fr => "Un ordre passe à « facturé » quand sa facture est émise, une fois les travaux terminés.".to_owned(),
        (_, S::Invoiced) => "An order becomes “invoiced” when its invoice is issued, once the work is done.".to_owned(),
        (S::Accepted, _) if fr => format!("Démarrez d’abord les travaux : un ordre « {f} » ne passe pas à « {t} »."),
        (S::Accepted, _) => format!("Start the work first: an “{f}” order does not go to “{t}”."),
        (S::WaitingParts, S::Done) if fr => "Reprenez d’abord les travaux (« en cours ») pour les terminer.".to_owned(),
        (S::WaitingParts, S::Done) => "Resume the work first (“in progress”) to finish it.".to_owned(),
        _ if fr => format!("Un ordre « {f} » ne peut pas passer à « {t} »."),
        _ => format!("An order that is “{f}” cannot move to “{t}”."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_life_of_an_order_is_exactly_the_documented_one() {
        use OrderStatus as S;
        let allowed = [
            (S::Estimate, S::Accepted),
            (S::Accepted, S::InProgress),
            (S::InProgress, S::WaitingParts),
            (S::WaitingParts, S::InProgress),
            (S::InProgress, S::Done),
            (S::Done, S::InProgress),
            (S::Done, S::Invoiced),
        ];
        for from in S::ALL {
            for to in S::ALL {
                let cancel = to == S::Cancelled && !matches!(from, S::Invoiced | S::Cancelled);
                assert_eq!(
                    from.may_move_to(to),
                    allowed.contains(&(from, to)) || cancel,
                    "{from:?} → {to:?}"
                );
            }
        }
        assert!(
            S::ALL.iter().all(|s| !S::Invoiced.may_move_to(*s)),
            "invoiced is final"
        );
    }

    #[test]
    fn every_refusal_says_what_to_do() {
        for from in OrderStatus::ALL {
            for to in OrderStatus::ALL {
                for locale in [Locale::Fr, Locale::En] {
                    let text = refusal(from, to, locale);
                    assert!(text.ends_with('.'), "{from:?} → {to:?}: {text}");
                }
            }
        }
        assert_eq!(
            refusal(OrderStatus::Estimate, OrderStatus::Done, Locale::Fr),
            "Un devis ne peut pas passer directement à « terminé » : acceptez-le d’abord."
        );
    }
}

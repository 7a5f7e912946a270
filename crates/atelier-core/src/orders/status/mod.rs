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

use atelier_domain::Locale;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::text::clean;
use crate::validation::{Field, Invalid, max_len};

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

    /// Whether an order is being worked on (accepted, in progress or waiting
    /// for parts): the bench's clock, checklist, parts used and supplements
    /// take only these.
    pub fn is_at_work(self) -> bool {
        matches!(
            self,
            OrderStatus::Accepted | OrderStatus::InProgress | OrderStatus::WaitingParts
        )
    }

    /// Whether the move from `self` to `to` is made by its own action, never
    /// by a plain change of status: acceptance by the customer's signature,
    /// a done order back to work by reopening it with a reason, invoicing by
    /// issuing the invoice.
    pub fn has_own_action(self, to: OrderStatus) -> bool {
        use OrderStatus as S;
        matches!(
            (self, to),
            (S::Estimate, S::Accepted) | (S::Done, S::InProgress) | (_, S::Invoiced)
        )
    }

    /// The statuses a plain change of status takes an order to from `self`,
    /// in life order: the moves its life allows less those with their own
    /// action. An invoiced or cancelled order has none.
    pub fn moves(self) -> Vec<OrderStatus> {
        OrderStatus::ALL
            .into_iter()
            .filter(|to| self.may_move_to(*to) && !self.has_own_action(*to))
            .collect()
    }
}

/// A reason as typed: blank is none; at most 500 characters.
pub(crate) fn parse_reason(reason: Option<&str>) -> Result<Option<String>, Invalid> {
    let reason = clean(reason);
    max_len(Field::Reason, reason.as_deref(), REASON_MAX)?;
    Ok(reason)
}

/// Why a move is refused, with what to do instead, for
/// [`super::OrderError::IllegalTransition`].
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
    fn a_plain_change_of_status_never_signs_reopens_or_invoices() {
        use OrderStatus as S;
        assert_eq!(
            S::Estimate.moves(),
            vec![S::Cancelled],
            "signing accepts an estimate"
        );
        assert_eq!(S::Accepted.moves(), vec![S::InProgress, S::Cancelled]);
        assert_eq!(
            S::InProgress.moves(),
            vec![S::WaitingParts, S::Done, S::Cancelled]
        );
        assert_eq!(S::WaitingParts.moves(), vec![S::InProgress, S::Cancelled]);
        assert_eq!(
            S::Done.moves(),
            vec![S::Cancelled],
            "reopening and invoicing have their own actions"
        );
        assert!(S::Invoiced.moves().is_empty(), "invoiced is final");
        assert!(S::Cancelled.moves().is_empty(), "cancelled is closed");
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

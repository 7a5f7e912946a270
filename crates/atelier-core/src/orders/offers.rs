//! What an order's page offers, decided from its status alone: the moves a
//! change of status makes, and which of the order's own actions (sign,
//! reopen, invoice, work at the bench, print) are open. The UI shows these
//! and works nothing out from the status itself; each write still checks
//! for itself and refuses what is not offered.

use serde::Serialize;

use super::documents::Paper;
use super::status::OrderStatus;

/// How the order page reaches the order's invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceOffer {
    /// The work is done: an invoice draft is made from the order.
    Draft,
    /// Invoiced: its invoice opens.
    Open,
}

/// What may be done next with an order in a given status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offers {
    /// The statuses a change of status takes it to ([`OrderStatus::moves`]):
    /// never acceptance, reopening or invoicing, which have their own action.
    pub moves: Vec<OrderStatus>,
    /// Neither invoiced nor cancelled: its header, checklist, notes,
    /// deposits and the parts added at the bench may still change.
    pub open: bool,
    /// An estimate: the customer's signature accepts it.
    pub sign: bool,
    /// Its own lines may be added, changed and removed and canned jobs
    /// dropped in: only while it is an estimate (after, new work goes in a
    /// supplement).
    pub lines_open: bool,
    /// Accepted, in progress or waiting for parts: supplements may be added,
    /// parts used and notes recorded at the bench.
    pub at_work: bool,
    /// In progress: « Terminé » finishes it (an accepted order is started
    /// first, one waiting for parts resumed: the button would only be
    /// refused there).
    pub finish: bool,
    /// Done: it may be put back to work, with a reason.
    pub reopen: bool,
    /// How its invoice is reached, once it is done.
    pub invoice: Option<InvoiceOffer>,
    /// The papers that print for it; the inspection report prints besides
    /// once an inspection was started.
    pub papers: Vec<Paper>,
}

impl Offers {
    /// What an order in `status` offers.
    pub fn of(status: OrderStatus) -> Offers {
        use OrderStatus as S;
        Offers {
            moves: status.moves(),
            open: !matches!(status, S::Invoiced | S::Cancelled),
            sign: status == S::Estimate,
            lines_open: status == S::Estimate,
            at_work: status.is_at_work(),
            finish: status.may_move_to(S::Done),
            reopen: status == S::Done,
            invoice: match status {
                S::Done => Some(InvoiceOffer::Draft),
                S::Invoiced => Some(InvoiceOffer::Open),
                _ => None,
            },
            papers: match status {
                S::Estimate => vec![Paper::Estimate],
                S::Cancelled => Vec::new(),
                _ => vec![Paper::RepairOrder],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as S;

    #[test]
    fn an_estimate_offers_signing_and_its_lines_but_no_move_to_accepted() {
        let o = Offers::of(S::Estimate);
        assert!(o.sign && o.lines_open && o.open);
        assert_eq!(o.moves, vec![S::Cancelled], "signing is what accepts it");
        assert!(!o.at_work && !o.reopen);
        assert_eq!(o.invoice, None);
        assert_eq!(o.papers, vec![Paper::Estimate]);
    }

    #[test]
    fn a_signed_order_offers_work_but_not_its_own_lines() {
        for status in [S::Accepted, S::InProgress, S::WaitingParts] {
            let o = Offers::of(status);
            assert!(o.at_work && o.open, "{status:?}");
            assert!(!o.sign && !o.lines_open && !o.reopen, "{status:?}");
            assert_eq!(
                o.finish,
                status == S::InProgress,
                "{status:?}: « Terminé » only where finishing is allowed"
            );
            assert_eq!(o.invoice, None, "{status:?}: not before it is done");
            assert_eq!(o.papers, vec![Paper::RepairOrder]);
            assert!(o.moves.contains(&S::Cancelled));
        }
        assert_eq!(
            Offers::of(S::Accepted).moves,
            vec![S::InProgress, S::Cancelled]
        );
        assert_eq!(
            Offers::of(S::InProgress).moves,
            vec![S::WaitingParts, S::Done, S::Cancelled]
        );
    }

    #[test]
    fn a_done_order_offers_its_invoice_and_reopening_but_no_move_back() {
        let o = Offers::of(S::Done);
        assert!(o.reopen && o.open && !o.at_work);
        assert_eq!(o.invoice, Some(InvoiceOffer::Draft));
        assert_eq!(
            o.moves,
            vec![S::Cancelled],
            "back to work is « Rouvrir », invoiced is the invoice"
        );
    }

    #[test]
    fn an_invoiced_order_offers_nothing_but_opening_its_invoice() {
        let o = Offers::of(S::Invoiced);
        assert!(o.moves.is_empty());
        assert!(!(o.open || o.sign || o.lines_open || o.at_work || o.finish || o.reopen));
        assert_eq!(o.invoice, Some(InvoiceOffer::Open));
        assert_eq!(o.papers, vec![Paper::RepairOrder], "its paper still prints");
    }

    #[test]
    fn a_cancelled_order_offers_nothing_at_all() {
        let o = Offers::of(S::Cancelled);
        assert!(o.moves.is_empty() && o.papers.is_empty() && o.invoice.is_none());
        assert!(!(o.open || o.sign || o.lines_open || o.at_work || o.finish || o.reopen));
    }

    #[test]
    fn the_offers_read_as_the_ui_expects() {
        let json = serde_json::to_value(Offers::of(S::Done)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "moves": ["cancelled"], "open": true, "sign": false, "lines_open": false,
                "at_work": false, "finish": false, "reopen": true, "invoice": "draft", "papers": ["repair_order"],
            })
        );
    }
}

//! The refusals of estimates, repair orders and the bench, and how each is
//! told to a person: the orders area's catalogue of user-facing texts.

use atelier_domain::Locale;

use super::status::{OrderStatus, refusal};

/// Why an order, its checklist, its clock or its supplement refused a change.
/// Nothing was written. Reaches callers as [`crate::Error::Order`].
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// An order may not move from one status to the other (or not this way).
    #[error("an order cannot go from {from:?} to {to:?}")]
    IllegalTransition {
        /// Its status.
        from: OrderStatus,
        /// The status asked for.
        to: OrderStatus,
    },
    /// The order is invoiced: nothing about it changes any more.
    #[error("order {number} is invoiced")]
    Frozen {
        /// Its number.
        number: String,
    },
    /// The order is cancelled.
    #[error("order {number} is cancelled")]
    Cancelled {
        /// Its number.
        number: String,
    },
    /// A checklist step ticked (or unticked) out of order.
    #[error("step {step:?} waits for {waiting:?}")]
    StepOutOfOrder {
        /// The step asked for.
        step: String,
        /// The step to tick (or untick) first.
        waiting: String,
    },
    /// A job marked done with steps left and no reason why.
    #[error("{left} step(s) left")]
    StepsLeft {
        /// How many steps are not ticked.
        left: u32,
    },
    /// The mechanic's clock already runs on this order.
    #[error("clock already running")]
    ClockRunning,
    /// The mechanic's clock is not running (or not started) on this order.
    #[error("clock not running")]
    ClockNotRunning,
    /// The supplement was already approved or declined.
    #[error("supplement already settled")]
    SupplementSettled,
    /// The customer signed the estimate: its agreed lines stay as signed and
    /// new work goes into a supplement.
    #[error("estimate {number} is signed")]
    EstimateSigned {
        /// The order's number.
        number: String,
    },
}

impl OrderError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            OrderError::IllegalTransition { .. } => "illegal_transition",
            OrderError::Frozen { .. } => "order_frozen",
            OrderError::Cancelled { .. } => "order_cancelled",
            OrderError::StepOutOfOrder { .. } => "step_out_of_order",
            OrderError::StepsLeft { .. } => "steps_left",
            OrderError::ClockRunning => "clock_running",
            OrderError::ClockNotRunning => "clock_not_running",
            OrderError::SupplementSettled => "supplement_settled",
            OrderError::EstimateSigned { .. } => "estimate_signed",
        }
    }

    /// What the UI needs to act on the refusal: the two statuses of an
    /// illegal move, the number of steps left.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            OrderError::IllegalTransition { from, to } => {
                Some(serde_json::json!({ "from": from, "to": to }))
            }
            OrderError::StepsLeft { left } => Some(serde_json::json!({ "left": left })),
            _ => None,
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            OrderError::IllegalTransition { from, to } => refusal(*from, *to, locale),
            OrderError::Frozen { number } if fr => format!("{number} est facturé : il ne peut plus être modifié. Pour corriger, établissez un avoir."),
            OrderError::Frozen { number } => format!("{number} is invoiced: it can no longer be changed. To correct it, issue a credit note."),
            OrderError::Cancelled { number } if fr => format!("{number} est annulé : créez un nouveau devis pour reprendre ce travail."),
            OrderError::Cancelled { number } => format!("{number} is cancelled: create a new estimate to take this work up again."),
            OrderError::StepOutOfOrder { step, waiting } if fr => format!("Les étapes se cochent dans l’ordre : terminez d’abord « {waiting} » avant « {step} »."),
            OrderError::StepOutOfOrder { step, waiting } => format!("Steps are ticked in order: finish “{waiting}” before “{step}”."),
            OrderError::StepsLeft { left: 1 } if fr => "Il reste 1 étape à cocher : cochez-la, ou indiquez pourquoi le travail est terminé quand même.".to_owned(),
            OrderError::StepsLeft { left } if fr => format!("Il reste {left} étapes à cocher : cochez-les, ou indiquez pourquoi le travail est terminé quand même."),
            OrderError::StepsLeft { left: 1 } => "1 step is not ticked: tick it, or say why the job is done anyway.".to_owned(),
            OrderError::StepsLeft { left } => format!("{left} steps are not ticked: tick them, or say why the job is done anyway."),
            OrderError::ClockRunning if fr => "Votre pointage tourne déjà sur cet ordre : mettez-le en pause ou arrêtez-le d’abord.".to_owned(),
            OrderError::ClockRunning => "Your clock is already running on this order: pause or stop it first.".to_owned(),
            OrderError::ClockNotRunning if fr => "Votre pointage ne tourne pas sur cet ordre : démarrez-le d’abord.".to_owned(),
            OrderError::ClockNotRunning => "Your clock is not running on this order: start it first.".to_owned(),
            OrderError::SupplementSettled if fr => "Le client a déjà répondu à ces travaux complémentaires : créez-en de nouveaux pour proposer autre chose.".to_owned(),
            OrderError::SupplementSettled => "The customer already answered this supplement: create a new one to propose more work.".to_owned(),
            OrderError::EstimateSigned { number } if fr => format!("Le client a signé le devis de {number} : ses lignes restent telles qu’il les a acceptées. Ajoutez les nouveaux travaux dans un supplément, qu’il approuvera à son tour."),
            OrderError::EstimateSigned { number } => format!("The customer signed the estimate of {number}: its lines stay as agreed. Add new work in a supplement for the customer to approve."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_clock_is_refused_with_its_code_and_both_texts() {
        let e = OrderError::ClockRunning;
        assert_eq!(e.code(), "clock_running");
        assert_eq!(
            e.message(Locale::Fr),
            "Votre pointage tourne déjà sur cet ordre : mettez-le en pause ou arrêtez-le d’abord."
        );
        assert_eq!(
            e.message(Locale::En),
            "Your clock is already running on this order: pause or stop it first."
        );
        assert_eq!(e.details(), None);
    }

    #[test]
    fn an_invoiced_order_says_to_issue_a_credit_note() {
        let e = OrderError::Frozen {
            number: "OR-2026-0017".to_owned(),
        };
        assert_eq!(e.code(), "order_frozen");
        assert_eq!(
            e.message(Locale::Fr),
            "OR-2026-0017 est facturé : il ne peut plus être modifié. Pour corriger, établissez un avoir."
        );
        assert_eq!(
            e.message(Locale::En),
            "OR-2026-0017 is invoiced: it can no longer be changed. To correct it, issue a credit note."
        );
    }

    #[test]
    fn an_illegal_move_carries_both_statuses_for_the_ui() {
        let e = OrderError::IllegalTransition {
            from: OrderStatus::Estimate,
            to: OrderStatus::Done,
        };
        assert_eq!(e.code(), "illegal_transition");
        assert_eq!(
            e.details(),
            Some(serde_json::json!({ "from": "estimate", "to": "done" }))
        );
        assert_eq!(
            e.message(Locale::Fr),
            "Un devis ne peut pas passer directement à « terminé » : acceptez-le d’abord."
        );
        assert_eq!(
            e.message(Locale::En),
            "An estimate cannot go straight to “done”: get it accepted first."
        );
    }

    #[test]
    fn steps_left_say_how_many_in_the_details() {
        let e = OrderError::StepsLeft { left: 2 };
        assert_eq!(e.code(), "steps_left");
        assert_eq!(e.details(), Some(serde_json::json!({ "left": 2 })));
    }
}

//! The refusals of the till, and how each is told to a person.

use atelier_domain::Locale;

use crate::text::format_date;

/// Why the till refused: a closed period, a clock set back, a closure not
/// due. Nothing was written. Reaches callers as [`crate::Error::Till`].
#[derive(Debug, thiserror::Error)]
pub enum TillError {
    /// Something dated in a day this station has closed.
    #[error("day {day} is closed (closed through {through})")]
    PeriodClosed {
        /// The date asked for.
        day: String,
        /// The last day closed.
        through: String,
    },
    /// The clock reads earlier than the last event this station recorded.
    #[error("clock behind the journal")]
    ClockBehind {
        /// The journal's last time, RFC 3339.
        last: String,
    },
    /// The day asked to close has not started yet, or is already closed.
    #[error("nothing to close up to {day}")]
    NothingToClose {
        /// The day asked for.
        day: String,
    },
}

impl TillError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            TillError::PeriodClosed { .. } => "period_closed",
            TillError::ClockBehind { .. } => "clock_behind",
            TillError::NothingToClose { .. } => "nothing_to_close",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            TillError::PeriodClosed { day, through } if fr => format!(
                "La période du {} est clôturée sur ce poste (clôturé jusqu’au {}) : rien ne peut plus y être daté. Une correction se fait par un avoir ou une annulation datés d’aujourd’hui, dans la période ouverte.",
                format_date(day, locale),
                format_date(through, locale)
            ),
            TillError::PeriodClosed { day, through } => format!(
                "The period of {} is closed at this workstation (closed through {}): nothing can be dated in it any more. Correct with a credit note or a reversal dated today, in the open period.",
                format_date(day, locale),
                format_date(through, locale)
            ),
            TillError::ClockBehind { last } if fr => format!(
                "L’horloge de ce poste indique une heure antérieure au dernier événement enregistré ({last}) : la clôture est refusée. Remettez l’ordinateur à l’heure, puis recommencez."
            ),
            TillError::ClockBehind { last } => format!(
                "This workstation’s clock reads earlier than the last recorded event ({last}): the closure is refused. Set the computer’s clock right, then try again."
            ),
            TillError::NothingToClose { day } if fr => format!(
                "Rien à clôturer jusqu’au {} : cette journée est déjà clôturée ou n’a pas commencé.",
                format_date(day, locale)
            ),
            TillError::NothingToClose { day } => format!(
                "Nothing to close up to {}: that day is already closed or has not started.",
                format_date(day, locale)
            ),
        }
    }
}

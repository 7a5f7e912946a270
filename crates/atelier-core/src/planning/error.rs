//! The refusals of the planning board, and how each is told to a person: the
//! planning area's catalogue of user-facing texts.

use atelier_domain::Locale;

/// Why a booking was not written. Nothing was written. Reaches callers as
/// [`crate::Error::Planning`].
#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    /// A booking over another appointment of the same bay or mechanic, or
    /// outside their working hours: written only when the person confirms
    /// (the call is repeated with `force`).
    #[error("planning conflict: {clashes:?}, outside hours: {outside_hours}")]
    Conflict {
        /// Who is already booked then ("Pont 2 : Mme Durand 09:00–10:30").
        clashes: Vec<String>,
        /// Whether the slot falls outside the working hours (or a day off).
        outside_hours: bool,
    },
}

impl PlanningError {
    /// A stable code the UI can branch on: `overbooked` when the slot is
    /// taken (whatever the hours), `outside_hours` when it is only outside
    /// the working hours.
    pub fn code(&self) -> &'static str {
        match self {
            PlanningError::Conflict { clashes, .. } if !clashes.is_empty() => "overbooked",
            PlanningError::Conflict { .. } => "outside_hours",
        }
    }

    /// What the UI needs to ask for the confirmation: who is booked then,
    /// and whether the slot is outside the hours.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            PlanningError::Conflict {
                clashes,
                outside_hours,
            } => Some(serde_json::json!({ "clashes": clashes, "outside_hours": outside_hours })),
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            PlanningError::Conflict {
                clashes,
                outside_hours,
            } => {
                let mut parts = Vec::new();
                if !clashes.is_empty() {
                    parts.push(if fr {
                        format!("Ce créneau est déjà pris ({}).", clashes.join(" ; "))
                    } else {
                        format!("This slot is already taken ({}).", clashes.join("; "))
                    });
                }
                if *outside_hours {
                    parts.push(if fr {
                        "Il tombe en dehors des horaires de travail.".to_owned()
                    } else {
                        "It falls outside the working hours.".to_owned()
                    });
                }
                parts.push(if fr {
                    "Confirmez pour réserver quand même, ou choisissez un autre créneau.".to_owned()
                } else {
                    "Confirm to book it anyway, or choose another slot.".to_owned()
                });
                parts.join(" ")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_slot_outside_hours_is_overbooked_and_says_both() {
        let e = PlanningError::Conflict {
            clashes: vec![
                "Pont 2 : Mme Durand 09:00–10:30".to_owned(),
                "Paul 10:00–11:00".to_owned(),
            ],
            outside_hours: true,
        };
        assert_eq!(e.code(), "overbooked");
        assert_eq!(
            e.message(Locale::Fr),
            "Ce créneau est déjà pris (Pont 2 : Mme Durand 09:00–10:30 ; Paul 10:00–11:00). Il tombe en dehors des horaires de travail. Confirmez pour réserver quand même, ou choisissez un autre créneau."
        );
        assert_eq!(
            e.message(Locale::En),
            "This slot is already taken (Pont 2 : Mme Durand 09:00–10:30; Paul 10:00–11:00). It falls outside the working hours. Confirm to book it anyway, or choose another slot."
        );
        assert_eq!(
            e.details(),
            Some(serde_json::json!({
                "clashes": ["Pont 2 : Mme Durand 09:00–10:30", "Paul 10:00–11:00"],
                "outside_hours": true
            }))
        );
    }

    #[test]
    fn a_free_slot_outside_hours_is_only_outside_hours() {
        let e = PlanningError::Conflict {
            clashes: Vec::new(),
            outside_hours: true,
        };
        assert_eq!(e.code(), "outside_hours");
        assert_eq!(
            e.message(Locale::Fr),
            "Il tombe en dehors des horaires de travail. Confirmez pour réserver quand même, ou choisissez un autre créneau."
        );
        assert_eq!(
            e.message(Locale::En),
            "It falls outside the working hours. Confirm to book it anyway, or choose another slot."
        );
    }
}

//! The refusals of the vehicle file, and how each is told to a person: the
//! vehicles area's catalogue of user-facing texts.

use atelier_domain::Locale;

use crate::text::{format_date, format_km};

/// Why a vehicle's record refused a change. Nothing was written. Reaches
/// callers as [`crate::Error::Vehicle`].
#[derive(Debug, thiserror::Error)]
pub enum VehicleError {
    /// An odometer reading below the previous one, not confirmed as a meter
    /// replacement.
    #[error("mileage {last_km} km on {last_read_on} is higher than the new reading")]
    MileageLower {
        /// The previous reading.
        last_km: i64,
        /// Its date (YYYY-MM-DD).
        last_read_on: String,
    },
}

impl VehicleError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            VehicleError::MileageLower { .. } => "mileage_lower",
        }
    }

    /// What the UI needs to act on the refusal: the previous reading, to
    /// ask whether the meter was replaced.
    pub fn details(&self) -> Option<serde_json::Value> {
        match self {
            VehicleError::MileageLower {
                last_km,
                last_read_on,
            } => Some(serde_json::json!({ "last_km": last_km, "last_read_on": last_read_on })),
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            VehicleError::MileageLower {
                last_km,
                last_read_on,
            } if fr => format!(
                "Ce relevé est inférieur au précédent ({} le {}). Le compteur a-t-il été remplacé ?",
                format_km(*last_km, locale),
                format_date(last_read_on, locale)
            ),
            VehicleError::MileageLower {
                last_km,
                last_read_on,
            } => format!(
                "This reading is lower than the previous one ({} on {}). Was the meter replaced?",
                format_km(*last_km, locale),
                format_date(last_read_on, locale)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lower_reading_quotes_the_previous_one_in_each_language() {
        let e = VehicleError::MileageLower {
            last_km: 123_456,
            last_read_on: "2025-03-04".to_owned(),
        };
        assert_eq!(e.code(), "mileage_lower");
        // In French a narrow no-break space groups the thousands; in both
        // languages a no-break space holds "km" to its number.
        assert_eq!(
            e.message(Locale::Fr),
            "Ce relevé est inférieur au précédent (123\u{202f}456\u{a0}km le 04/03/2025). Le compteur a-t-il été remplacé ?"
        );
        assert_eq!(
            e.message(Locale::En),
            "This reading is lower than the previous one (123,456\u{a0}km on 04 Mar 2025). Was the meter replaced?"
        );
        assert_eq!(
            e.details(),
            Some(serde_json::json!({ "last_km": 123_456, "last_read_on": "2025-03-04" }))
        );
    }
}

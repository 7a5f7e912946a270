//! A part of a read that failed: which part, and why, in words the
//! mechanic can act on.

use atelier_domain::Locale;
use serde::Serialize;

/// One part of a read that is missing from the [`crate::Reading`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What could not be read.
    pub part: Part,
    /// Why.
    pub problem: Problem,
}

/// The parts of a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "each is a field of Reading")]
pub enum Part {
    Adapter,
    BatteryVoltage,
    Protocol,
    Status,
    StoredCodes,
    PendingCodes,
    FreezeFrame,
    Rpm,
    Coolant,
    Speed,
    Load,
    ShortTrim,
    LongTrim,
    ModuleVoltage,
    Vin,
}

/// Why a part is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The car did not answer this request (`NO DATA`).
    NoData,
    /// The adapter reported a problem (`CAN ERROR`, `STOPPED`, `?`…).
    Adapter {
        /// What it said.
        said: String,
    },
    /// The ECU refused the request (a negative response, `7F`).
    Refused {
        /// The negative response code, e.g. `0x12`, `0x22`.
        code: u8,
    },
    /// An answer came but could not be read; nothing was guessed from it.
    Unreadable {
        /// The answer as it came.
        said: String,
    },
    /// The car gave a VIN that is not one (wrong length, forbidden letter).
    NotAVin {
        /// The characters received.
        said: String,
    },
    /// The adapter stopped answering; the read ended here and the parts
    /// after this one were not read.
    Silent,
    /// The read's time ran out here; the parts after this one were not read.
    Deadline,
}

impl Part {
    /// The part's name in a sentence.
    #[must_use]
    pub fn label(self, locale: Locale) -> &'static str {
        let (fr, en) = match self {
            Self::Adapter => ("l’identité de l’adaptateur", "the adapter's identity"),
            Self::BatteryVoltage => ("la tension de la batterie", "the battery voltage"),
            Self::Protocol => ("le protocole", "the protocol"),
            Self::Status => (
                "le voyant et les moniteurs",
                "the warning light and monitors",
            ),
            Self::StoredCodes => ("les codes mémorisés", "the stored codes"),
            Self::PendingCodes => ("les codes en attente", "the pending codes"),
            Self::FreezeFrame => ("l’image figée (freeze frame)", "the freeze frame"),
            Self::Rpm => ("le régime moteur", "the engine speed"),
            Self::Coolant => (
                "la température du liquide de refroidissement",
                "the coolant temperature",
            ),
            Self::Speed => ("la vitesse", "the vehicle speed"),
            Self::Load => ("la charge moteur", "the engine load"),
            Self::ShortTrim => (
                "la correction de richesse court terme",
                "the short-term fuel trim",
            ),
            Self::LongTrim => (
                "la correction de richesse long terme",
                "the long-term fuel trim",
            ),
            Self::ModuleVoltage => ("la tension du calculateur", "the control module voltage"),
            Self::Vin => ("le VIN", "the VIN"),
        };
        match locale {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }
}

impl Warning {
    /// The warning as a sentence in the person's language.
    #[must_use]
    pub fn message(&self, locale: Locale) -> String {
        let part = self.part.label(locale);
        match (&self.problem, locale) {
            (Problem::NoData, Locale::Fr) => {
                format!("Non lu : {part} (la voiture ne répond pas à cette demande, NO DATA).")
            }
            (Problem::NoData, Locale::En) => {
                format!("Not read: {part} (the car does not answer this request, NO DATA).")
            }
            (Problem::Adapter { said }, Locale::Fr) => {
                format!("Non lu : {part} (l’adaptateur a répondu « {said} »).")
            }
            (Problem::Adapter { said }, Locale::En) => {
                format!("Not read: {part} (the adapter said “{said}”).")
            }
            (Problem::Refused { code }, Locale::Fr) => {
                format!("Non lu : {part} (le calculateur refuse la demande, code {code:02X}).")
            }
            (Problem::Refused { code }, Locale::En) => {
                format!("Not read: {part} (the ECU refused the request, code {code:02X}).")
            }
            (Problem::Unreadable { said }, Locale::Fr) => {
                format!("Non lu : {part} (réponse illisible : « {said} »).")
            }
            (Problem::Unreadable { said }, Locale::En) => {
                format!("Not read: {part} (unreadable answer: “{said}”).")
            }
            (Problem::NotAVin { said }, Locale::Fr) => format!(
                "VIN non retenu : la voiture a donné « {said} », qui n’est pas un VIN ; relevez-le sur la carte grise."
            ),
            (Problem::NotAVin { said }, Locale::En) => format!(
                "VIN not kept: the car gave “{said}”, which is no VIN; read it from the registration document."
            ),
            (Problem::Silent, Locale::Fr) => format!(
                "L’adaptateur ne répond plus ({part}) : la lecture s’est arrêtée là. Vérifiez le branchement et le contact, puis relancez."
            ),
            (Problem::Silent, Locale::En) => format!(
                "The adapter stopped answering ({part}): the read stopped there. Check the plug and the ignition, then read again."
            ),
            (Problem::Deadline, Locale::Fr) => format!(
                "La lecture a pris trop de temps et s’est arrêtée avant {part} ; relancez-la."
            ),
            (Problem::Deadline, Locale::En) => {
                format!("The read took too long and stopped before {part}; run it again.")
            }
        }
    }
}

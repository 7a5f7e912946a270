//! What one read of a car gives: a [`Reading`]. Every part is optional or
//! a list that may be absent, because a part that failed is left out and
//! said in [`Reading::warnings`], never filled with a guess: `stored:
//! None` means the codes could not be read, `Some(vec![])` that the car
//! has none.

use atelier_domain::{Locale, Vin};
use atelier_dtc::Code;
use serde::Serialize;

use crate::monitors::Status;
use crate::warning::Warning;

/// One read of a car, as the adapter and the car gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// The adapter's identity (`ATI`), e.g. `ELM327 v1.5`.
    pub adapter: Option<String>,
    /// The protocol the adapter found (`ATDPN`).
    pub protocol: Option<Protocol>,
    /// The battery's voltage at the OBD socket, as the adapter measures it
    /// (`ATRV`), in volts.
    pub battery_volts: Option<f64>,
    /// The VIN the engine ECU gives (mode 09 PID 02).
    pub vin: Option<Vin>,
    /// The warning light, the codes' count and the readiness monitors
    /// (mode 01 PID 01).
    pub status: Option<Status>,
    /// Confirmed codes (mode 03), each once, in the order read.
    pub stored: Option<Vec<Code>>,
    /// Pending codes, seen once and not yet confirmed (mode 07).
    pub pending: Option<Vec<Code>>,
    /// What the engine ECU kept when a code was stored (mode 02, frame 0);
    /// `None` when it kept none or it could not be read.
    pub freeze_frame: Option<FreezeFrame>,
    /// A few values as they are now (mode 01).
    pub live: Live,
    /// The parts that could not be read, and why.
    pub warnings: Vec<Warning>,
}

impl Reading {
    pub(crate) fn empty() -> Self {
        Self {
            adapter: None,
            protocol: None,
            battery_volts: None,
            vin: None,
            status: None,
            stored: None,
            pending: None,
            freeze_frame: None,
            live: Live::default(),
            warnings: Vec::new(),
        }
    }
}

/// Engine values: in a freeze frame as they were, in [`Live`] as they are.
/// A value the car does not give is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Engine {
    /// Engine speed, revolutions per minute (PID 0C).
    pub rpm: Option<f64>,
    /// Coolant temperature, °C (PID 05).
    pub coolant_celsius: Option<i16>,
    /// Vehicle speed, km/h (PID 0D).
    pub speed_kmh: Option<u8>,
    /// Calculated engine load, % (PID 04).
    pub load_percent: Option<f64>,
    /// Short-term fuel trim, bank 1, % (PID 06): negative when the ECU
    /// takes fuel away.
    pub short_trim_percent: Option<f64>,
    /// Long-term fuel trim, bank 1, % (PID 07).
    pub long_trim_percent: Option<f64>,
}

/// The values a freeze frame holds, with the code that made the ECU keep it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FreezeFrame {
    /// The code stored when the frame was taken (PID 02).
    pub code: Code,
    /// The engine then.
    #[serde(flatten)]
    pub engine: Engine,
}

/// Live values: the engine's, the control module's supply, and the battery
/// voltage the adapter measures is in [`Reading::battery_volts`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Live {
    /// The engine now.
    #[serde(flatten)]
    pub engine: Engine,
    /// The engine ECU's supply voltage, V (PID 42).
    pub module_volts: Option<f64>,
}

/// An OBD-II protocol as the ELM327 numbers it (`ATDPN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Protocol {
    /// The ELM327's number, `1`–`9`, `A`–`C`.
    pub number: char,
    /// Whether the adapter found it by itself (`A6` rather than `6`).
    pub automatic: bool,
}

impl Protocol {
    /// Reads `ATDPN`'s answer: `A6`, `6`.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_uppercase();
        let (automatic, number) = match text.strip_prefix('A') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, text.as_str()),
        };
        let mut chars = number.chars();
        let n = chars.next()?;
        (chars.next().is_none() && matches!(n, '1'..='9' | 'A'..='C')).then_some(Self {
            number: n,
            automatic,
        })
    }

    /// Whether it is one of the CAN protocols (ISO 15765-4, J1939, user CAN).
    #[must_use]
    pub fn is_can(self) -> bool {
        matches!(self.number, '6'..='9' | 'A'..='C')
    }

    /// Its standard's name, the same in every language.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self.number {
            '1' => "SAE J1850 PWM (41.6 kbaud)",
            '2' => "SAE J1850 VPW (10.4 kbaud)",
            '3' => "ISO 9141-2 (5 baud init)",
            '4' => "ISO 14230-4 KWP (5 baud init)",
            '5' => "ISO 14230-4 KWP (fast init)",
            '6' => "ISO 15765-4 CAN (11 bit, 500 kbaud)",
            '7' => "ISO 15765-4 CAN (29 bit, 500 kbaud)",
            '8' => "ISO 15765-4 CAN (11 bit, 250 kbaud)",
            '9' => "ISO 15765-4 CAN (29 bit, 250 kbaud)",
            'A' => "SAE J1939 CAN (29 bit, 250 kbaud)",
            _ => "USER CAN",
        }
    }

    /// The name as a person reads it, « (automatique) » when found by the
    /// adapter.
    #[must_use]
    pub fn describe(self, locale: Locale) -> String {
        match (self.automatic, locale) {
            (false, _) => self.name().to_owned(),
            (true, Locale::Fr) => format!("{} (automatique)", self.name()),
            (true, Locale::En) => format!("{} (automatic)", self.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_number_is_read_with_or_without_auto() {
        let p = Protocol::parse("A6").expect("A6");
        assert_eq!((p.number, p.automatic, p.is_can()), ('6', true, true));
        let q = Protocol::parse("3").expect("3");
        assert_eq!((q.number, q.automatic, q.is_can()), ('3', false, false));
        assert_eq!(Protocol::parse("A").map(|p| p.number), Some('A'));
        assert_eq!(
            Protocol::parse("A0"),
            None,
            "0 is « automatic », no protocol yet"
        );
        assert_eq!(Protocol::parse("?"), None);
    }
}

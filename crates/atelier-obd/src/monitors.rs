//! Mode 01 PID 01: the warning light (MIL), how many codes are stored and
//! the readiness monitors, the self-tests the ECU runs while driving. A
//! monitor not complete means the ECU has not yet checked that system
//! since the codes were last cleared: a car that just had its codes
//! cleared shows them all incomplete (and fails the contrôle technique's
//! OBD check until driven).

use atelier_domain::Locale;
use serde::Serialize;

/// What PID 01 says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The engine warning light is asked on.
    pub mil_on: bool,
    /// How many confirmed codes the ECU counts (it may differ from the
    /// codes mode 03 lists when several ECUs answer).
    pub code_count: u8,
    /// Petrol or diesel monitors.
    pub ignition: Ignition,
    /// The monitors this car supports, each with whether it is complete;
    /// the others are left out.
    pub monitors: Vec<Readiness>,
}

/// Which set of monitors applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ignition {
    /// Spark ignition (petrol, LPG).
    Spark,
    /// Compression ignition (diesel).
    Compression,
}

/// A supported monitor and whether it has completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// Which one.
    pub monitor: Monitor,
    /// Its test has run since the codes were cleared.
    pub complete: bool,
}

/// A readiness monitor (SAE J1979).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "the names are SAE J1979's; label() says them")]
pub enum Monitor {
    Misfire,
    FuelSystem,
    Components,
    Catalyst,
    HeatedCatalyst,
    EvaporativeSystem,
    SecondaryAir,
    AcRefrigerant,
    OxygenSensor,
    OxygenSensorHeater,
    Egr,
    NmhcCatalyst,
    NoxAftertreatment,
    BoostPressure,
    ExhaustGasSensor,
    ParticulateFilter,
    EgrVvt,
}

/// The monitors of bytes C and D, bit 0 first, for each ignition.
const SPARK: [Option<Monitor>; 8] = [
    Some(Monitor::Catalyst),
    Some(Monitor::HeatedCatalyst),
    Some(Monitor::EvaporativeSystem),
    Some(Monitor::SecondaryAir),
    Some(Monitor::AcRefrigerant),
    Some(Monitor::OxygenSensor),
    Some(Monitor::OxygenSensorHeater),
    Some(Monitor::Egr),
];
const COMPRESSION: [Option<Monitor>; 8] = [
    Some(Monitor::NmhcCatalyst),
    Some(Monitor::NoxAftertreatment),
    None,
    Some(Monitor::BoostPressure),
    None,
    Some(Monitor::ExhaustGasSensor),
    Some(Monitor::ParticulateFilter),
    Some(Monitor::EgrVvt),
];

impl Status {
    /// Reads the four data bytes A B C D of PID 01.
    #[must_use]
    pub fn decode(a: u8, b: u8, c: u8, d: u8) -> Self {
        let ignition = if b & 0x08 == 0 {
            Ignition::Spark
        } else {
            Ignition::Compression
        };
        let mut monitors = Vec::new();
        // Byte B: bits 0–2 supported, bits 4–6 incomplete.
        for (bit, monitor) in [Monitor::Misfire, Monitor::FuelSystem, Monitor::Components]
            .into_iter()
            .enumerate()
        {
            if b & (1 << bit) != 0 {
                monitors.push(Readiness {
                    monitor,
                    complete: b & (0x10 << bit) == 0,
                });
            }
        }
        let table = match ignition {
            Ignition::Spark => SPARK,
            Ignition::Compression => COMPRESSION,
        };
        for (bit, monitor) in table.into_iter().enumerate() {
            if let Some(monitor) = monitor
                && c & (1 << bit) != 0
            {
                monitors.push(Readiness {
                    monitor,
                    complete: d & (1 << bit) == 0,
                });
            }
        }
        Self {
            mil_on: a & 0x80 != 0,
            code_count: a & 0x7F,
            ignition,
            monitors,
        }
    }
}

impl Monitor {
    /// The monitor's name as a mechanic says it.
    #[must_use]
    pub fn label(self, locale: Locale) -> &'static str {
        let (fr, en) = match self {
            Self::Misfire => ("Ratés d’allumage", "Misfire"),
            Self::FuelSystem => ("Système d’alimentation", "Fuel system"),
            Self::Components => ("Composants", "Comprehensive components"),
            Self::Catalyst => ("Catalyseur", "Catalyst"),
            Self::HeatedCatalyst => ("Catalyseur chauffé", "Heated catalyst"),
            Self::EvaporativeSystem => ("Système d’évaporation (EVAP)", "Evaporative system"),
            Self::SecondaryAir => ("Air secondaire", "Secondary air system"),
            Self::AcRefrigerant => ("Fluide de climatisation", "A/C refrigerant"),
            Self::OxygenSensor => ("Sonde lambda", "Oxygen sensor"),
            Self::OxygenSensorHeater => ("Chauffage de sonde lambda", "Oxygen sensor heater"),
            Self::Egr => ("Vanne EGR", "EGR system"),
            Self::NmhcCatalyst => ("Catalyseur NMHC", "NMHC catalyst"),
            Self::NoxAftertreatment => ("Post-traitement NOx (SCR)", "NOx/SCR aftertreatment"),
            Self::BoostPressure => ("Pression de suralimentation", "Boost pressure"),
            Self::ExhaustGasSensor => ("Capteur de gaz d’échappement", "Exhaust gas sensor"),
            Self::ParticulateFilter => ("Filtre à particules (FAP)", "Particulate filter"),
            Self::EgrVvt => ("EGR / distribution variable", "EGR/VVT system"),
        };
        match locale {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_petrol_car_with_the_light_on_and_two_codes() {
        // A=82: MIL on, 2 codes; B=07: three continuous monitors, all
        // complete; C=65: catalyst, EVAP, O2 sensor, O2 heater; D=04: EVAP
        // incomplete.
        let s = Status::decode(0x82, 0x07, 0x65, 0x04);
        assert!(s.mil_on);
        assert_eq!(s.code_count, 2);
        assert_eq!(s.ignition, Ignition::Spark);
        let incomplete: Vec<Monitor> = s
            .monitors
            .iter()
            .filter(|r| !r.complete)
            .map(|r| r.monitor)
            .collect();
        assert_eq!(incomplete, [Monitor::EvaporativeSystem]);
        assert_eq!(s.monitors.len(), 7);
    }

    #[test]
    fn a_diesel_reads_the_diesel_monitors() {
        // B=0F: compression, three continuous; C=E8: boost, exhaust sensor,
        // DPF, EGR/VVT; D=40: DPF incomplete.
        let s = Status::decode(0x00, 0x0F, 0xE8, 0x40);
        assert!(!s.mil_on);
        assert_eq!(s.ignition, Ignition::Compression);
        let names: Vec<(Monitor, bool)> =
            s.monitors.iter().map(|r| (r.monitor, r.complete)).collect();
        assert_eq!(
            names[3..],
            [
                (Monitor::BoostPressure, true),
                (Monitor::ExhaustGasSensor, true),
                (Monitor::ParticulateFilter, false),
                (Monitor::EgrVvt, true),
            ]
        );
    }
}

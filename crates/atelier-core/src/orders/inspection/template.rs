//! The inspection template: what a French workshop checks on every car, in
//! French and English, and what a measure suggests when the mechanic gives
//! no colour.

use serde::{Deserialize, Serialize};

/// What a point measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnit {
    /// Millimetres (tread depth).
    Mm,
    /// Percent of wear left (brake pads).
    Percent,
}

/// One point of the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplatePoint {
    /// Stable code.
    pub code: &'static str,
    /// French label.
    pub fr: &'static str,
    /// English label.
    pub en: &'static str,
    /// What it measures, if anything.
    pub unit: Option<MeasureUnit>,
    /// Below these (thousandths), a measure suggests red, then amber.
    pub urgent_below: i64,
    /// See `urgent_below`.
    pub watch_below: i64,
}

const fn point(code: &'static str, fr: &'static str, en: &'static str) -> TemplatePoint {
    TemplatePoint {
        code,
        fr,
        en,
        unit: None,
        urgent_below: 0,
        watch_below: 0,
    }
}

const fn measured(
    code: &'static str,
    fr: &'static str,
    en: &'static str,
    unit: MeasureUnit,
    urgent_below: i64,
    watch_below: i64,
) -> TemplatePoint {
    TemplatePoint {
        code,
        fr,
        en,
        unit: Some(unit),
        urgent_below,
        watch_below,
    }
}

/// The default inspection: what a French workshop checks on every car. Tread
/// below 1,6 mm is under the legal minimum (red), below 3 mm to watch; pads
/// below 20 % are red, below 40 % amber.
pub const TEMPLATE: &[TemplatePoint] = &[
    measured(
        "tyres_front",
        "Pneus AV (profondeur)",
        "Front tyres (tread)",
        MeasureUnit::Mm,
        1_600,
        3_000,
    ),
    measured(
        "tyres_rear",
        "Pneus AR (profondeur)",
        "Rear tyres (tread)",
        MeasureUnit::Mm,
        1_600,
        3_000,
    ),
    point("tyre_pressure", "Pression des pneus", "Tyre pressure"),
    measured(
        "brake_pads_front",
        "Plaquettes de frein AV",
        "Front brake pads",
        MeasureUnit::Percent,
        20_000,
        40_000,
    ),
    measured(
        "brake_pads_rear",
        "Plaquettes / garnitures AR",
        "Rear brake pads / shoes",
        MeasureUnit::Percent,
        20_000,
        40_000,
    ),
    point("brake_discs", "Disques de frein", "Brake discs"),
    point("brake_fluid", "Liquide de frein", "Brake fluid"),
    point("engine_oil", "Niveau d’huile moteur", "Engine oil level"),
    point("coolant", "Liquide de refroidissement", "Coolant"),
    point("washer_fluid", "Lave-glace", "Washer fluid"),
    point(
        "lights",
        "Éclairage et signalisation",
        "Lights and indicators",
    ),
    point("wipers", "Balais d’essuie-glace", "Wiper blades"),
    point("battery", "Batterie", "Battery"),
    point("exhaust", "Échappement", "Exhaust"),
    point(
        "suspension",
        "Amortisseurs et suspension",
        "Shock absorbers and suspension",
    ),
    point(
        "steering",
        "Direction et rotules",
        "Steering and ball joints",
    ),
    point("belts", "Courroie d’accessoires", "Auxiliary belt"),
];

/// A point's condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointStatus {
    /// Green.
    Ok,
    /// Amber: to watch.
    Watch,
    /// Red: urgent.
    Urgent,
}

crate::text::str_enum!(PointStatus {
    Ok => "ok",
    Watch => "watch",
    Urgent => "urgent",
});

/// The status a measure suggests when the mechanic gives none.
pub fn suggest(point: &TemplatePoint, measure_milli: i64) -> PointStatus {
    if measure_milli < point.urgent_below {
        PointStatus::Urgent
    } else if measure_milli < point.watch_below {
        PointStatus::Watch
    } else {
        PointStatus::Ok
    }
}

//! The cars and vans of a French garage's car park: each model with the
//! manufacturer code (WMI) its VINs start with, the years it was sold, and
//! the engines it was sold with.

use atelier_core::vehicles::Fuel;

/// A group of makes sharing engines, and so version names and engine codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Renault,
    Stellantis,
    Volkswagen,
    Toyota,
    German,
    Ford,
    Fiat,
    Asian,
    Tesla,
}

/// What a model is, for its fuel, gearbox, colour and mileage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// A car, electric from `ev_from` when that is not 0.
    Car { ev_from: u16 },
    /// A van: diesel, white, many kilometres.
    Van { ev_from: u16 },
    /// A full hybrid nearly always.
    Hybrid,
    /// Electric only.
    Electric,
}

/// One model of the catalogue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Model {
    pub make: &'static str,
    pub model: &'static str,
    /// The first three characters of its VINs.
    pub wmi: &'static str,
    /// Characters 4 to 6 of its VINs (the model code).
    pub code: &'static str,
    /// First and last year of first registration.
    pub years: (u16, u16),
    pub body: Body,
    pub family: Family,
}

const fn car(ev_from: u16) -> Body {
    Body::Car { ev_from }
}

const fn van(ev_from: u16) -> Body {
    Body::Van { ev_from }
}

#[allow(clippy::too_many_arguments, reason = "one row of a table")]
const fn m(
    make: &'static str,
    model: &'static str,
    wmi: &'static str,
    code: &'static str,
    from: u16,
    to: u16,
    body: Body,
    family: Family,
) -> Model {
    Model {
        make,
        model,
        wmi,
        code,
        years: (from, to),
        body,
        family,
    }
}

use Family::*;

/// Models with a weight roughly in proportion to how many are on French roads.
#[rustfmt::skip]
pub(crate) const MODELS: &[(u32, Model)] = &[
    (60, m("Renault", "Clio", "VF1", "BR1", 2005, 2024, car(0), Renault)),
    (35, m("Renault", "Mégane", "VF1", "BZ0", 2005, 2024, car(2022), Renault)),
    (30, m("Renault", "Captur", "VF1", "RJB", 2013, 2024, car(0), Renault)),
    (20, m("Renault", "Scénic", "VF1", "JZ0", 2005, 2022, car(0), Renault)),
    (20, m("Renault", "Twingo", "VF1", "CN0", 2007, 2024, car(2020), Renault)),
    (10, m("Renault", "Zoe", "VF1", "AG0", 2013, 2024, Body::Electric, Renault)),
    (6, m("Renault", "Austral", "VF1", "RHN", 2022, 2024, car(0), Renault)),
    (6, m("Renault", "Arkana", "VF1", "RJL", 2021, 2024, car(0), Renault)),
    (20, m("Renault", "Kangoo", "VF1", "FW0", 2005, 2024, van(2011), Renault)),
    (14, m("Renault", "Trafic", "VF1", "FL0", 2005, 2024, van(0), Renault)),
    (10, m("Renault", "Master", "VF1", "MA0", 2005, 2024, van(0), Renault)),
    (45, m("Peugeot", "208", "VF3", "CAH", 2012, 2018, car(0), Stellantis)),
    (40, m("Peugeot", "208", "VR3", "UHZ", 2019, 2024, car(2019), Stellantis)),
    (20, m("Peugeot", "207", "VF3", "WAK", 2006, 2012, car(0), Stellantis)),
    (15, m("Peugeot", "206", "VF3", "2KF", 2005, 2010, car(0), Stellantis)),
    (35, m("Peugeot", "308", "VF3", "LBH", 2007, 2024, car(2023), Stellantis)),
    (30, m("Peugeot", "3008", "VF3", "MCY", 2009, 2024, car(2024), Stellantis)),
    (25, m("Peugeot", "2008", "VF3", "CUH", 2013, 2024, car(2020), Stellantis)),
    (12, m("Peugeot", "5008", "VF3", "MRH", 2010, 2024, car(0), Stellantis)),
    (15, m("Peugeot", "Partner", "VF3", "7BH", 2005, 2024, van(2018), Stellantis)),
    (10, m("Peugeot", "Expert", "VF3", "VAH", 2007, 2024, van(2020), Stellantis)),
    (8, m("Peugeot", "Boxer", "VF3", "YCN", 2006, 2024, van(0), Stellantis)),
    (35, m("Citroën", "C3", "VF7", "SXH", 2005, 2024, car(2024), Stellantis)),
    (20, m("Citroën", "C4", "VF7", "LCH", 2005, 2024, car(2021), Stellantis)),
    (10, m("Citroën", "C3 Picasso", "VF7", "SHH", 2009, 2017, car(0), Stellantis)),
    (10, m("Citroën", "C5 Aircross", "VF7", "ACY", 2019, 2024, car(0), Stellantis)),
    (10, m("Citroën", "C1", "VF7", "PNF", 2005, 2022, car(0), Stellantis)),
    (18, m("Citroën", "Berlingo", "VF7", "7BH", 2005, 2024, van(2018), Stellantis)),
    (10, m("Citroën", "Jumpy", "VF7", "VAH", 2007, 2024, van(2020), Stellantis)),
    (8, m("Citroën", "Jumper", "VF7", "YCN", 2006, 2024, van(0), Stellantis)),
    (5, m("DS", "DS 7", "VR1", "JJH", 2018, 2024, car(0), Stellantis)),
    (4, m("DS", "DS 3 Crossback", "VR1", "UJH", 2019, 2024, car(2020), Stellantis)),
    (30, m("Dacia", "Sandero", "UU1", "5SD", 2008, 2024, car(0), Renault)),
    (25, m("Dacia", "Duster", "UU1", "HSD", 2010, 2024, car(0), Renault)),
    (8, m("Dacia", "Logan", "UU1", "LSD", 2005, 2020, car(0), Renault)),
    (6, m("Dacia", "Jogger", "UU1", "RJK", 2022, 2024, car(0), Renault)),
    (20, m("Volkswagen", "Golf", "WVW", "ZZZ", 2005, 2024, car(2014), Volkswagen)),
    (15, m("Volkswagen", "Polo", "WVW", "ZZZ", 2005, 2024, car(0), Volkswagen)),
    (10, m("Volkswagen", "T-Roc", "WVG", "ZZZ", 2018, 2024, car(0), Volkswagen)),
    (8, m("Volkswagen", "Tiguan", "WVG", "ZZZ", 2008, 2024, car(0), Volkswagen)),
    (8, m("Volkswagen", "Transporter", "WV1", "ZZZ", 2005, 2024, van(0), Volkswagen)),
    (8, m("Audi", "A3", "WAU", "ZZZ", 2005, 2024, car(0), Volkswagen)),
    (5, m("Audi", "A4", "WAU", "ZZZ", 2005, 2024, car(0), Volkswagen)),
    (8, m("Škoda", "Octavia", "TMB", "JG7", 2005, 2024, car(0), Volkswagen)),
    (8, m("Seat", "Ibiza", "VSS", "ZZZ", 2005, 2024, car(0), Volkswagen)),
    (25, m("Toyota", "Yaris", "VNK", "KL3", 2005, 2024, Body::Hybrid, Toyota)),
    (10, m("Toyota", "Yaris Cross", "VNK", "KD3", 2021, 2024, Body::Hybrid, Toyota)),
    (10, m("Toyota", "C-HR", "NMT", "KZ3", 2017, 2024, Body::Hybrid, Toyota)),
    (8, m("Toyota", "Corolla", "SB1", "Z93", 2019, 2024, Body::Hybrid, Toyota)),
    (8, m("BMW", "Série 1", "WBA", "1S3", 2005, 2024, car(0), German)),
    (7, m("BMW", "Série 3", "WBA", "8E1", 2005, 2024, car(0), German)),
    (8, m("Mercedes-Benz", "Classe A", "WDD", "177", 2005, 2024, car(0), German)),
    (6, m("Mercedes-Benz", "Classe C", "WDD", "205", 2007, 2024, car(0), German)),
    (6, m("Mercedes-Benz", "Sprinter", "WDB", "906", 2006, 2024, van(2019), German)),
    (5, m("Mercedes-Benz", "Vito", "WDF", "447", 2005, 2024, van(2020), German)),
    (4, m("MINI", "Cooper", "WMW", "XR3", 2006, 2024, car(2020), German)),
    (15, m("Ford", "Fiesta", "WF0", "JXX", 2005, 2023, car(0), Ford)),
    (12, m("Ford", "Focus", "WF0", "XXG", 2005, 2024, car(0), Ford)),
    (8, m("Ford", "Kuga", "WF0", "AXX", 2008, 2024, car(0), Ford)),
    (10, m("Ford", "Transit", "WF0", "XXT", 2005, 2024, van(2022), Ford)),
    (6, m("Ford", "Transit Custom", "NM0", "GE9", 2013, 2024, van(0), Ford)),
    (15, m("Fiat", "500", "ZFA", "312", 2007, 2024, car(2021), Fiat)),
    (12, m("Fiat", "Panda", "ZFA", "169", 2005, 2024, car(0), Fiat)),
    (6, m("Fiat", "Punto", "ZFA", "199", 2005, 2018, car(0), Fiat)),
    (8, m("Fiat", "Ducato", "ZFA", "250", 2006, 2024, van(2020), Fiat)),
    (5, m("Fiat", "Doblò", "ZFA", "263", 2005, 2022, van(0), Fiat)),
    (12, m("Opel", "Corsa", "W0L", "0SD", 2005, 2019, car(0), Stellantis)),
    (8, m("Opel", "Corsa", "VXK", "UBY", 2020, 2024, car(2020), Stellantis)),
    (8, m("Opel", "Astra", "W0L", "PD6", 2005, 2021, car(0), Stellantis)),
    (6, m("Kia", "Ceed", "U5Y", "H51", 2007, 2024, car(0), Asian)),
    (5, m("Kia", "Sportage", "U5Y", "PG8", 2010, 2024, car(0), Asian)),
    (6, m("Hyundai", "i30", "TMA", "D51", 2008, 2024, car(0), Asian)),
    (5, m("Hyundai", "Tucson", "TMA", "J81", 2015, 2024, car(0), Asian)),
    (10, m("Nissan", "Qashqai", "SJN", "FAJ", 2007, 2024, car(0), Asian)),
    (5, m("Nissan", "Juke", "SJN", "FAF", 2011, 2024, car(0), Asian)),
    (4, m("Volvo", "XC60", "YV1", "UZA", 2009, 2024, car(0), Asian)),
    (6, m("Tesla", "Model 3", "LRW", "3E7", 2019, 2024, Body::Electric, Tesla)),
    (5, m("Tesla", "Model Y", "XP7", "YGC", 2022, 2024, Body::Electric, Tesla)),
];

/// The version names sold with a family's engines on a fuel.
pub(crate) fn versions(family: Family, fuel: Fuel) -> &'static [&'static str] {
    use Fuel::*;
    match (family, fuel) {
        (Renault, Petrol) => &["TCe 90", "SCe 65", "TCe 130", "1.2 16V 75"],
        (Renault, Diesel) => &["dCi 90", "Blue dCi 115", "dCi 110", "dCi 85"],
        (Renault, Hybrid) => &["E-Tech 145", "E-Tech full hybrid 200"],
        (Renault, PluginHybrid) => &["E-Tech plug-in 160"],
        (Renault, Electric) => &["R110", "R135", "EV60"],
        (Renault, Lpg) => &["TCe 100 ECO-G", "ECO-G 100"],
        (Stellantis, Petrol) => &["PureTech 82", "PureTech 110", "PureTech 130", "1.4 VTi 95"],
        (Stellantis, Diesel) => &["HDi 90", "BlueHDi 100", "BlueHDi 130", "1.6 HDi 110"],
        (Stellantis, Hybrid) => &["Hybrid 136"],
        (Stellantis, PluginHybrid) => &["Hybrid 225", "Hybrid4 300"],
        (Stellantis, Electric) => &["136 ch", "156 ch"],
        (Volkswagen, Petrol) => &["1.0 TSI 95", "1.5 TSI 150", "1.2 TSI 105"],
        (Volkswagen, Diesel) => &["1.6 TDI 105", "2.0 TDI 150", "2.0 TDI 115"],
        (Volkswagen, PluginHybrid) => &["eHybrid 204"],
        (Volkswagen, Electric) => &["e-Golf 136"],
        (Toyota, Hybrid) => &["Hybrid 116", "Hybrid 122", "Hybrid 140"],
        (Toyota, Petrol) => &["VVT-i 72", "VVT-i 111"],
        (German, Petrol) => &["118i", "A 180", "320i", "Cooper 136"],
        (German, Diesel) => &["116d", "320d", "A 180 d", "C 220 d", "314 CDI", "116 CDI"],
        (Ford, Petrol) => &["1.0 EcoBoost 100", "1.25 82"],
        (Ford, Diesel) => &["1.5 TDCi 95", "2.0 EcoBlue 130", "2.0 TDCi 150"],
        (Fiat, Petrol) => &["1.2 69", "0.9 TwinAir 85", "1.0 Hybrid 70"],
        (Fiat, Diesel) => &["1.3 Multijet 95", "2.3 Multijet 140"],
        (Asian, Petrol) => &["1.0 T-GDi 120", "DIG-T 140", "B4 197"],
        (Asian, Diesel) => &["1.6 CRDi 136", "dCi 115", "D4 190"],
        (Tesla, _) => &["Propulsion", "Grande Autonomie", "Performance"],
        _ => &[],
    }
}

/// Engine codes of a family's engines on a fuel, as on a service sheet.
pub(crate) fn engine_codes(family: Family, fuel: Fuel) -> &'static [&'static str] {
    use Fuel::*;
    match (family, fuel) {
        (Renault, Petrol) => &["H4D", "H5H", "D4F", "H4M"],
        (Renault, Diesel) => &["K9K", "R9M", "M9R"],
        (Stellantis, Petrol) => &["EB2", "EB2DTS", "EP6"],
        (Stellantis, Diesel) => &["DV6", "DV5", "DW10"],
        (Volkswagen, Petrol) => &["CHYA", "DADA", "CJZA"],
        (Volkswagen, Diesel) => &["CAYC", "CRKB", "DFGA"],
        (Toyota, Hybrid) => &["1NZ-FXE", "M15A-FXE", "2ZR-FXE"],
        (Ford, Diesel) => &["XWGA", "YLFS"],
        (Fiat, Diesel) => &["199B1000", "F1AE3481"],
        _ => &[],
    }
}

/// Body colours, white first for vans.
pub(crate) const COLOURS: &[(u32, &str)] = &[
    (25, "Gris"),
    (22, "Blanc"),
    (18, "Noir"),
    (10, "Bleu"),
    (8, "Rouge"),
    (8, "Argent"),
    (2, "Beige"),
    (2, "Vert"),
    (2, "Orange"),
    (2, "Marron"),
    (1, "Jaune"),
];

/// What a workshop notes about a vehicle.
pub(crate) const VEHICLE_NOTES: &[&str] = &[
    "Écrou antivol dans la boîte à gants.",
    "Pneus hiver stockés à l'atelier.",
    "Carnet d'entretien à jour.",
    "Attelage monté en 2019.",
    "Voyant moteur intermittent signalé par le client.",
];

//! Every word `atelier obd` prints around a car's reading, in French and in
//! English, and how it writes a measured number. A text missing in one
//! language does not compile. (The adapter's warnings, the protocols' and
//! the monitors' names are atelier-obd's.)

use atelier_domain::Locale;

/// The command's texts in one language.
pub(crate) struct Words {
    /// Between a label and its value (« : » in French).
    pub colon: &'static str,
    /// What the reading could not get.
    pub not_read: &'static str,
    pub adapter: &'static str,
    pub battery: &'static str,
    pub engine_light: &'static str,
    /// The engine light, on.
    pub light_on: &'static str,
    /// The engine light, off.
    pub light_off: &'static str,
    /// After the number of codes the engine's computer counts.
    pub codes_by_ecu: &'static str,
    pub stored_codes: &'static str,
    pub pending_codes: &'static str,
    /// No code stored, or none pending.
    pub no_code: &'static str,
    pub freeze_frame: &'static str,
    pub readiness_monitors: &'static str,
    /// A monitor whose test is complete.
    pub complete: &'static str,
    pub not_complete: &'static str,
    /// The values read while the engine runs.
    pub live: &'static str,
    pub module_voltage: &'static str,
    pub warnings: &'static str,
    pub engine_speed: &'static str,
    /// The unit of the engine speed.
    pub rpm: &'static str,
    pub coolant: &'static str,
    pub speed: &'static str,
    pub load: &'static str,
    pub short_term_trim: &'static str,
    pub long_term_trim: &'static str,
    /// The title of a code the library gives no generic meaning.
    pub makers_own_code: &'static str,
    /// `atelier obd clear`'s refusal without `--yes`: what clearing does.
    pub clear_needs_yes: &'static str,
    /// `atelier obd clear`'s answer.
    pub cleared: &'static str,
}

/// The texts in `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

/// A measured number as the reader writes it, to the hundredth at most: a
/// decimal comma in French.
pub(crate) fn number(value: f64, locale: Locale) -> String {
    let text = format!("{}", (value * 100.0).round() / 100.0);
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

const FR: Words = Words {
    colon: " :",
    not_read: "non lu",
    adapter: "Adaptateur",
    battery: "Batterie",
    engine_light: "Voyant moteur",
    light_on: "allumé",
    light_off: "éteint",
    codes_by_ecu: "code(s) selon le calculateur",
    stored_codes: "Codes mémorisés",
    pending_codes: "Codes en attente",
    no_code: "aucun",
    freeze_frame: "Image figée",
    readiness_monitors: "Moniteurs de disponibilité",
    complete: "terminé",
    not_complete: "non terminé",
    live: "En direct",
    module_voltage: "tension calculateur",
    warnings: "Avertissements",
    engine_speed: "régime",
    rpm: "tr/min",
    coolant: "liquide de refroidissement",
    speed: "vitesse",
    load: "charge",
    short_term_trim: "correction court terme",
    long_term_trim: "correction long terme",
    makers_own_code: "code propre au constructeur",
    clear_needs_yes: "Effacer les codes éteint le voyant et remet les moniteurs à « non terminé » : relisez d’abord les codes, puis relancez avec --yes.",
    cleared: "Codes effacés.",
};

const EN: Words = Words {
    colon: ":",
    not_read: "not read",
    adapter: "Adapter",
    battery: "Battery",
    engine_light: "Engine light",
    light_on: "on",
    light_off: "off",
    codes_by_ecu: "code(s) by the ECU's count",
    stored_codes: "Stored codes",
    pending_codes: "Pending codes",
    no_code: "none",
    freeze_frame: "Freeze frame",
    readiness_monitors: "Readiness monitors",
    complete: "complete",
    not_complete: "not complete",
    live: "Live",
    module_voltage: "module voltage",
    warnings: "Warnings",
    engine_speed: "engine speed",
    rpm: "rpm",
    coolant: "coolant",
    speed: "speed",
    load: "load",
    short_term_trim: "short-term trim",
    long_term_trim: "long-term trim",
    makers_own_code: "a maker's own code",
    clear_needs_yes: "Clearing the codes puts the light out and sets the monitors back to “not complete”: read the codes first, then run again with --yes.",
    cleared: "Codes cleared.",
};

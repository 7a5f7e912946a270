//! The slots of an utterance: plates, a VIN's end, amounts, dates, times,
//! durations, ages in days, statuses, kinds of work, mechanics, makes and
//! models, documents' numbers, phones, e-mails — and, from what is left,
//! a person's name, a part or a supplier.
//!
//! Extraction runs before the intent is known and finds every candidate;
//! [`Found::for_intent`] keeps the ones the chosen intent reads, so the
//! « devis » of « devis en attente » is a status for one intent and nothing
//! for another.

use atelier_domain::{Plate, PlateKind};
use serde::Serialize;
use time::Date;

use super::dates::{self, DateExpr};
use super::intents::{self, Intent};
use super::words::{Word, close, is_filler};

/// What the workshop itself adds to the words the assistant knows: its
/// mechanics' first names, the makes and models of its vehicles, and the
/// names of its reminder rules as kinds of work.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Mechanics' first names, folded.
    pub mechanics: Vec<String>,
    /// Makes and models beyond the usual ones, folded.
    pub vehicles: Vec<String>,
}

/// The slots an intent reads, canonical (docs/assistant.md, « Slots »).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Slots {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A day `YYYY-MM-DD` or a period `YYYY-MM-DD..YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Minutes of work.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// An age in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Euros with two decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

impl Slots {
    /// The slots present, as `(key, value)` in the corpus's writing.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                out.push((k, v.clone()));
            }
        };
        put("plate", &self.plate);
        put("vin", &self.vin);
        put("vehicle", &self.vehicle);
        put("customer", &self.customer);
        put("mechanic", &self.mechanic);
        put("phone", &self.phone);
        put("email", &self.email);
        put("date", &self.date);
        put("time", &self.time);
        put("duration", &self.duration.map(|d| d.to_string()));
        put("days", &self.days.map(|d| d.to_string()));
        put("amount", &self.amount);
        put("status", &self.status);
        put("overdue", &self.overdue.then(|| "yes".to_owned()));
        put("work", &self.work);
        put("part", &self.part);
        put("supplier", &self.supplier);
        put("number", &self.number);
        out
    }
}

/// Every candidate found in the words, before the intent is chosen.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub plate: Option<String>,
    pub vin: Option<String>,
    pub vehicle: Option<String>,
    pub mechanic: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub date: Option<DateExpr>,
    pub time: Option<u32>,
    pub duration: Option<u32>,
    pub days: Option<u32>,
    pub amount: Option<String>,
    pub status: Option<&'static str>,
    pub overdue: bool,
    pub work: Option<&'static str>,
    pub number: Option<String>,
    /// A word naming a person's title (« M. », « Mme ») was seen.
    pub honorific: bool,
    /// The words no slot took, in order, with their position.
    pub rest: Vec<(usize, String)>,
    /// Which words are a value rather than a word (a date, a time, a plate,
    /// an amount, a number): the intents' cues do not look at them, so the
    /// « prochaine » of « la semaine prochaine » calls no intent.
    pub opaque: Vec<bool>,
    /// Every word, in order.
    pub words: Vec<String>,
}

impl Found {
    /// Whether some word left over could be a name (not a filler, not a
    /// word any intent listens for).
    pub fn has_name(&self) -> bool {
        !name_runs(&self.rest, false).is_empty()
    }

    /// The slots `intent` reads, canonical; and the words of a date that
    /// cannot be, when one was said.
    pub fn for_intent(&self, intent: Intent, today: Date) -> (Slots, Option<String>) {
        let reads = intent.reads();
        let wants = |k: &str| reads.contains(&k);
        let mut s = Slots::default();
        let mut problem = None;
        if wants("plate") {
            s.plate.clone_from(&self.plate);
        }
        if wants("vin") {
            s.vin.clone_from(&self.vin);
        }
        if wants("vehicle") {
            s.vehicle.clone_from(&self.vehicle);
        }
        if wants("mechanic") {
            s.mechanic.clone_from(&self.mechanic);
        }
        if wants("phone") {
            s.phone.clone_from(&self.phone);
        }
        if wants("email") {
            s.email.clone_from(&self.email);
        }
        if wants("date")
            && let Some(expr) = &self.date
        {
            match expr.resolve(today, intent.looks_back()) {
                Ok(when) => s.date = Some(when.canonical()),
                Err(impossible) => problem = Some(impossible.said),
            }
        } else if let Some(DateExpr::Invalid(said)) = &self.date {
            problem = Some(said.clone());
        }
        if wants("time") {
            s.time = self.time.map(|m| format!("{:02}:{:02}", m / 60, m % 60));
        }
        if wants("duration") {
            s.duration = self.duration;
        }
        if wants("days") {
            s.days = self.days;
        }
        if wants("amount") {
            s.amount.clone_from(&self.amount);
        }
        if wants("status") {
            s.status = self.status.map(str::to_owned);
        }
        if wants("overdue") {
            s.overdue = self.overdue;
        }
        if wants("number") {
            s.number.clone_from(&self.number);
        }
        if wants("part") {
            s.part = self.longest_run(intent);
        } else if wants("work") {
            s.work = self.work.map(str::to_owned);
        }
        if wants("supplier") {
            s.supplier =
                self.run_after(&["chez", "par", "from", "de", "du", "aupres", "by"], intent);
        }
        if wants("customer") {
            s.customer = first_name_run(&self.rest, self.honorific);
            // A mechanic's name is not a customer's unless the intent has no
            // mechanic to speak of.
            if s.customer.is_none() && !wants("mechanic") && self.honorific {
                s.customer.clone_from(&self.mechanic);
            }
        }
        (s, problem)
    }
}

/// The usual kinds of work: the canonical name and how people say it.
const WORKS: &[(&str, &[&str])] = &[
    (
        "vidange",
        &[
            "vidange",
            "vidanges",
            "vidanger",
            "oil change",
            "changement d huile",
            "changer l huile",
            "oil",
        ],
    ),
    (
        "revision",
        &[
            "revision",
            "revisions",
            "entretien",
            "service",
            "servicing",
            "grand entretien",
            "petit entretien",
        ],
    ),
    (
        "distribution",
        &[
            "distribution",
            "disto",
            "distri",
            "courroie de distribution",
            "kit distribution",
            "timing belt",
            "cambelt",
        ],
    ),
    (
        "freins",
        &[
            "freins",
            "frein",
            "freinage",
            "plaquettes",
            "plaquette",
            "disques",
            "brakes",
            "brake",
            "brake pads",
            "pads",
        ],
    ),
    (
        "pneus",
        &[
            "pneus",
            "pneu",
            "pneumatiques",
            "pneumatique",
            "tyres",
            "tires",
            "tyre",
            "tire",
        ],
    ),
    (
        "controle technique",
        &[
            "controle technique",
            "ct",
            "contre-visite",
            "contre visite",
            "mot",
            "mots",
            "technical inspection",
            "inspection",
        ],
    ),
    (
        "climatisation",
        &[
            "climatisation",
            "clim",
            "recharge clim",
            "air conditioning",
            "aircon",
            "air con",
            "ac",
        ],
    ),
    ("batterie", &["batterie", "batteries", "battery"]),
    ("embrayage", &["embrayage", "clutch"]),
    (
        "amortisseurs",
        &[
            "amortisseurs",
            "amortisseur",
            "amortos",
            "amorto",
            "shock absorbers",
            "shocks",
            "dampers",
        ],
    ),
    (
        "parallelisme",
        &["parallelisme", "geometrie", "alignment", "wheel alignment"],
    ),
    (
        "echappement",
        &["echappement", "pot d echappement", "exhaust", "silencieux"],
    ),
    (
        "diagnostic",
        &["diagnostic", "diag", "diagnostics", "valise"],
    ),
];

/// Order statuses and how people say them.
const STATUSES: &[(&str, &[&str])] = &[
    (
        "waiting_parts",
        &[
            "faute de pieces",
            "attendent une piece",
            "attend une piece",
            "en attente de pieces",
            "attente de pieces",
            "attente pieces",
            "attendent des pieces",
            "attend des pieces",
            "waiting for parts",
            "waiting on parts",
            "awaiting parts",
        ],
    ),
    (
        "in_progress",
        &[
            "en cours",
            "in progress",
            "en reparation",
            "being worked",
            "underway",
        ],
    ),
    (
        "done",
        &[
            "achevees",
            "achevee",
            "acheves",
            "acheve",
            "termines",
            "terminees",
            "terminee",
            "termine",
            "finies",
            "finis",
            "fini",
            "finie",
            "pretes",
            "prete",
            "prets",
            "pret",
            "ready",
            "finished",
            "done",
            "completed",
        ],
    ),
    (
        "accepted",
        &[
            "acceptes",
            "accepte",
            "acceptee",
            "acceptees",
            "signes",
            "signe",
            "valides",
            "accepted",
            "approved",
            "signed",
        ],
    ),
    (
        "estimate",
        &["devis", "estimates", "estimate", "quotes", "quote"],
    ),
];

/// Makes and models every workshop sees.
const VEHICLES: &[&str] = &[
    "renault",
    "peugeot",
    "citroen",
    "dacia",
    "volkswagen",
    "vw",
    "toyota",
    "ford",
    "opel",
    "fiat",
    "bmw",
    "audi",
    "mercedes",
    "nissan",
    "kia",
    "hyundai",
    "skoda",
    "seat",
    "tesla",
    "mini",
    "volvo",
    "suzuki",
    "mazda",
    "honda",
    "ds",
    "alfa",
    "jeep",
    "porsche",
    "smart",
    "mitsubishi",
    "lexus",
    "clio",
    "megane",
    "captur",
    "twingo",
    "scenic",
    "kangoo",
    "trafic",
    "master",
    "zoe",
    "kadjar",
    "espace",
    "laguna",
    "arkana",
    "austral",
    "modus",
    "108",
    "206",
    "207",
    "208",
    "306",
    "307",
    "308",
    "407",
    "508",
    "2008",
    "3008",
    "5008",
    "partner",
    "expert",
    "boxer",
    "c1",
    "c3",
    "c4",
    "c5",
    "berlingo",
    "picasso",
    "jumpy",
    "saxo",
    "xsara",
    "sandero",
    "duster",
    "logan",
    "spring",
    "jogger",
    "golf",
    "polo",
    "passat",
    "tiguan",
    "touran",
    "t-roc",
    "up",
    "caddy",
    "transporter",
    "yaris",
    "corolla",
    "aygo",
    "rav4",
    "auris",
    "fiesta",
    "focus",
    "kuga",
    "puma",
    "transit",
    "corsa",
    "astra",
    "mokka",
    "zafira",
    "500",
    "panda",
    "punto",
    "tipo",
    "ducato",
    "qashqai",
    "micra",
    "juke",
    "sportage",
    "ceed",
    "picanto",
    "tucson",
    "i10",
    "i20",
    "i30",
    "fabia",
    "octavia",
    "ibiza",
    "leon",
    "model",
    "cooper",
    "a3",
    "a4",
    "q3",
    "serie",
    "classe",
    "jazz",
    "civic",
    "swift",
    "cx-5",
    "mazda2",
];

/// Finds every candidate slot in `words`.
pub fn extract(words: &[Word], lexicon: &Lexicon, today: Date) -> Found {
    let mut used = vec![false; words.len()];
    let mut f = Found::default();
    let text = |i: usize| words[i].text.as_str();

    // E-mails, documents' numbers, phones.
    for (i, w) in words.iter().enumerate() {
        let w = w.text.as_str();
        if w.contains('@') && w.contains('.') {
            f.email.get_or_insert_with(|| w.to_owned());
            used[i] = true;
        } else if let Some(n) = document_number(w) {
            f.number.get_or_insert(n);
            used[i] = true;
        }
    }
    take_phone(words, &mut used, &mut f);
    take_plate(words, &mut used, &mut f);
    // The end of a VIN: « VIN finissant par 45821 », « vin …45821 ».
    for i in 0..words.len() {
        if text(i) == "vin" || text(i) == "vins" {
            // The word « VIN » itself stays for the cues to see.
            let mut j = i + 1;
            while j < words.len()
                && matches!(
                    text(j),
                    "finissant"
                        | "se"
                        | "terminant"
                        | "termine"
                        | "qui"
                        | "par"
                        | "en"
                        | "ending"
                        | "ends"
                        | "with"
                        | "in"
                        | "numero"
                        | "no"
                        | "fin"
                        | "de"
                )
            {
                used[j] = true;
                j += 1;
            }
            if let Some(w) = words.get(j).map(|w| w.text.as_str())
                && w.len() >= 3
                && w.len() <= 17
                && w.bytes().all(|b| b.is_ascii_alphanumeric())
                && w.bytes().any(|b| b.is_ascii_digit())
            {
                f.vin = Some(w.to_ascii_uppercase());
                used[j] = true;
            }
            break;
        }
    }
    take_amount(words, &mut used, &mut f);
    take_days(words, &mut used, &mut f);
    take_duration(words, &mut used, &mut f);
    f.date = dates::take_date(words, &mut used, today);
    f.time = dates::take_time(words, &mut used);
    f.opaque = used.clone();
    f.words = words.iter().map(|w| w.text.clone()).collect();
    // Statuses and kinds of work, longest phrase first.
    f.status = take_phrase(words, &mut used, STATUSES);
    f.work = take_phrase(words, &mut used, WORKS);
    // Late.
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        let w = text(i);
        let late = matches!(
            w,
            "retard"
                | "retards"
                | "overdue"
                | "late"
                | "depasse"
                | "depassee"
                | "depassees"
                | "depasses"
                | "echue"
                | "echues"
                | "echu"
                | "echus"
        ) || (w == "en" && words.get(i + 1).is_some_and(|n| n.text == "retard"));
        if late {
            f.overdue = true;
            used[i] = true;
            if w == "en" {
                used[i + 1] = true;
            }
        }
    }
    // Mechanics and vehicles.
    for (i, w) in words.iter().enumerate() {
        let w = w.text.as_str();
        if used[i] {
            continue;
        }
        if f.mechanic.is_none() && lexicon.mechanics.iter().any(|m| m == w) {
            f.mechanic = Some(w.to_owned());
            used[i] = true;
        }
    }
    let is_vehicle = |w: &str| VEHICLES.contains(&w) || lexicon.vehicles.iter().any(|v| v == w);
    let mut i = 0;
    while i < words.len() {
        if !used[i] && is_vehicle(text(i)) && f.vehicle.is_none() {
            let mut j = i;
            let mut said = Vec::new();
            while j < words.len() && !used[j] && is_vehicle(text(j)) && said.len() < 3 {
                said.push(text(j));
                used[j] = true;
                j += 1;
            }
            f.vehicle = Some(said.join(" "));
            i = j;
            continue;
        }
        i += 1;
    }
    // Honorifics mark a person's name; the rest is left for names, parts
    // and suppliers.
    for (i, w) in words.iter().enumerate() {
        if used[i] {
            continue;
        }
        if w.text == "m" {
            f.honorific = true;
        }
        f.rest.push((i, w.text.clone()));
    }
    f
}

/// `OR-2026-0017`, `DE-2026-0003`, `F-S1A-2026-000042`, `AV-…`: letters,
/// then dash-separated groups ending in a year and a count.
fn document_number(w: &str) -> Option<String> {
    let parts: Vec<&str> = w.split('-').collect();
    if parts.len() < 3 || !parts[0].bytes().all(|b| b.is_ascii_alphabetic()) || parts[0].len() > 3 {
        return None;
    }
    let n = parts.len();
    let year = parts[n - 2];
    let count = parts[n - 1];
    (year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && !count.is_empty()
        && count.bytes().all(|b| b.is_ascii_digit()))
    .then(|| w.to_ascii_uppercase())
}

/// A French phone number: ten digits starting with 0 (or +33 and nine),
/// typed in one word or in pairs.
fn take_phone(words: &[Word], used: &mut [bool], f: &mut Found) {
    for i in 0..words.len() {
        let mut digits = String::new();
        let mut j = i;
        while j < words.len() && j < i + 5 && !used[j] {
            let w = words[j].text.replace(['.', '-'], "");
            if w.is_empty()
                || !w
                    .trim_start_matches('+')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                break;
            }
            digits.push_str(&w);
            j += 1;
            if digits.len() >= 10 {
                break;
            }
        }
        let digits = match digits
            .strip_prefix("+33")
            .or_else(|| digits.strip_prefix("33").filter(|d| d.len() == 9))
        {
            Some(rest) => format!("0{rest}"),
            None => digits,
        };
        if digits.len() == 10 && digits.starts_with('0') {
            f.phone = Some(digits);
            for u in &mut used[i..j] {
                *u = true;
            }
            return;
        }
    }
}

/// A French plate in one to three words (`ab123cd`, `AB 123 CD`,
/// `ab-123-cd`, `1234 ab 56`).
fn take_plate(words: &[Word], used: &mut [bool], f: &mut Found) {
    for i in 0..words.len() {
        for len in (1..=3).rev() {
            if i + len > words.len() || used[i..i + len].iter().any(|u| *u) {
                continue;
            }
            let joined: String = words[i..i + len]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join("");
            let compact: String = joined
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let letters = compact.bytes().filter(u8::is_ascii_alphabetic).count();
            let digits = compact.bytes().filter(u8::is_ascii_digit).count();
            // Only plate-shaped words: SIV 2+3+2, FNI 1–4 digits, 2–3 letters, 2 digits.
            let shaped = (compact.len() == 7 && letters == 4 && digits == 3)
                || ((5..=9).contains(&compact.len())
                    && (2..=3).contains(&letters)
                    && compact.starts_with(|c: char| c.is_ascii_digit()));
            // « la 308 de Martin » is a model between two small words.
            let small_word_around =
                len > 1 && (is_filler(&words[i].text) || is_filler(&words[i + len - 1].text));
            if !shaped || small_word_around || joined.contains(['/', ':', ',']) {
                continue;
            }
            if let Ok(p) = Plate::parse(&joined)
                && matches!(p.kind(), PlateKind::Siv | PlateKind::Fni)
            {
                f.plate = Some(p.as_str().to_owned());
                for u in &mut used[i..i + len] {
                    *u = true;
                }
                return;
            }
        }
    }
}

/// « 150 € », « 150,50 euros », « 150 eur », « €150 ».
fn take_amount(words: &[Word], used: &mut [bool], f: &mut Found) {
    let euro = |w: &str| matches!(w, "euros" | "euro" | "eur" | "e" | "eu" | "balles");
    let value = |w: &str| -> Option<String> {
        let w = w
            .trim_end_matches("euros")
            .trim_end_matches("eur")
            .trim_end_matches('e');
        let normal = w.replace(',', ".");
        let (int, dec) = normal.split_once('.').unwrap_or((&normal, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || dec.len() > 2
            || !dec.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(format!("{int}.{dec:0<2}"))
    };
    // « 1 250 € »: thousands written apart.
    for i in 0..words.len().saturating_sub(2) {
        let (a, b) = (words[i].text.as_str(), words[i + 1].text.as_str());
        if !used[i]
            && !used[i + 1]
            && (1..=3).contains(&a.len())
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.len() >= 3
            && b[..3].bytes().all(|c| c.is_ascii_digit())
            && (b.len() == 3 || b.as_bytes()[3] == b',' || b.as_bytes()[3] == b'.')
            && euro(&words[i + 2].text)
            && let Some(v) = value(&format!("{a}{b}"))
        {
            f.amount = Some(v);
            for u in &mut used[i..i + 3] {
                *u = true;
            }
            return;
        }
    }
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        let w = words[i].text.as_str();
        // « 150€ » folds to « 150 euros » already; « 150eur » stays one word.
        if (w.ends_with("eur") || w.ends_with("euros"))
            && w.starts_with(|c: char| c.is_ascii_digit())
            && let Some(v) = value(w)
        {
            f.amount = Some(v);
            used[i] = true;
            return;
        }
        if let Some(v) = value(w)
            && words.get(i + 1).is_some_and(|n| euro(&n.text))
            && !w.ends_with('e')
        {
            f.amount = Some(v);
            used[i] = true;
            used[i + 1] = true;
            return;
        }
        if euro(w)
            && w != "e"
            && let Some(v) = words.get(i + 1).and_then(|n| value(&n.text))
        {
            f.amount = Some(v);
            used[i] = true;
            used[i + 1] = true;
            return;
        }
    }
    // A sum with its cents and no currency (« un règlement de 89,90 »).
    for i in 0..words.len() {
        let w = words[i].text.as_str();
        if !used[i]
            && let Some((_, cents)) = w.split_once([',', '.'])
            && cents.len() == 2
            && let Some(v) = value(w)
        {
            f.amount = Some(v);
            used[i] = true;
            return;
        }
    }
}

/// An age: « plus de 30 jours », « +30j », « depuis 2 semaines », « over
/// 30 days », « plus d'un mois ».
fn take_days(words: &[Word], used: &mut [bool], f: &mut Found) {
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        let w = words[i].text.as_str();
        // « +30j », « 30j ».
        if let Some(n) = w
            .trim_start_matches('+')
            .strip_suffix('j')
            .and_then(|n| n.parse::<u32>().ok())
        {
            f.days = Some(n);
            used[i] = true;
            return;
        }
        let Some(n) = dates::number(w) else { continue };
        let Some(unit) = words.get(i + 1).map(|w| w.text.as_str()) else {
            continue;
        };
        let per = match unit {
            "jour" | "jours" | "j" | "days" | "day" | "jrs" => 1,
            "semaine" | "semaines" | "sem" | "weeks" | "week" => 7,
            "mois" | "month" | "months" => 30,
            _ => continue,
        };
        // Not « dans 3 jours » nor « il y a 2 jours » (dates), nor « 3 days ago ».
        let before = i.checked_sub(1).map(|p| words[p].text.as_str());
        if matches!(before, Some("dans" | "in" | "a"))
            || words.get(i + 2).is_some_and(|n| n.text == "ago")
        {
            continue;
        }
        // « un » of « un mois » only after « plus d' », « depuis », « over ».
        if n == 1
            && !matches!(
                before,
                Some("d" | "de" | "than" | "over" | "depuis" | "un" | "1")
            )
            && !w.starts_with('1')
        {
            continue;
        }
        f.days = Some(u32::try_from(n * per).unwrap_or(u32::MAX));
        used[i] = true;
        used[i + 1] = true;
        return;
    }
}

/// Minutes of work: « 1 h 30 de travail », « pour 2 heures », « 90 min »,
/// « durée 1h ».
fn take_duration(words: &[Word], used: &mut [bool], f: &mut Found) {
    for i in 0..words.len() {
        if used[i] {
            continue;
        }
        let w = words[i].text.as_str();
        let before = i.checked_sub(1).map(|p| words[p].text.as_str());
        let cue_before = matches!(
            before,
            Some(
                "pendant"
                    | "duree"
                    | "prevoir"
                    | "compter"
                    | "for"
                    | "pour"
                    | "de"
                    | "d"
                    | "faut"
                    | "takes"
                    | "about"
                    | "environ"
            )
        );
        // « 90 min », « 45 minutes ».
        if let Some(n) = dates::number(w)
            && words.get(i + 1).is_some_and(|n| {
                matches!(
                    n.text.as_str(),
                    "min" | "mn" | "minutes" | "minute" | "mins"
                )
            })
        {
            f.duration = Some(u32::try_from(n).unwrap_or(0));
            used[i] = true;
            used[i + 1] = true;
            return;
        }
        // « 2 heures », « 1 h 30 », « 1h30 » after « pour », « pendant »…
        // or followed by « de travail ».
        let (hours, minutes, end) = if let Some((h, m)) = w.split_once('h') {
            let (Ok(h), m) = (
                h.parse::<u32>(),
                if m.is_empty() {
                    Ok(0)
                } else {
                    m.parse::<u32>()
                },
            ) else {
                continue;
            };
            let Ok(m) = m else { continue };
            (h, m, i + 1)
        } else if let Some(h) = dates::number(w)
            && words.get(i + 1).is_some_and(|n| {
                matches!(
                    n.text.as_str(),
                    "h" | "heure" | "heures" | "hour" | "hours" | "hrs"
                )
            })
        {
            let h = u32::try_from(h).unwrap_or(0);
            match words
                .get(i + 2)
                .and_then(|n| n.text.parse::<u32>().ok())
                .filter(|m| *m < 60)
            {
                Some(m) => (h, m, i + 3),
                None => (h, 0, i + 2),
            }
        } else {
            continue;
        };
        let after_work = words.get(end).is_some_and(|n| n.text == "de")
            && words
                .get(end + 1)
                .is_some_and(|n| matches!(n.text.as_str(), "travail" | "main" | "boulot" | "mo"));
        let english_long = matches!(
            words.get(end - 1).map(|w| w.text.as_str()),
            Some("hour" | "hours" | "hrs")
        );
        if (cue_before && hours <= 8)
            || after_work
            || (english_long && hours <= 8 && before != Some("at"))
        {
            f.duration = Some(hours * 60 + minutes);
            let from = if cue_before { i - 1 } else { i };
            let to = if after_work { end + 2 } else { end };
            for u in &mut used[from..to] {
                *u = true;
            }
            return;
        }
    }
}

/// The longest phrase of `table` said in the words: its canonical name.
fn take_phrase(
    words: &[Word],
    used: &mut [bool],
    table: &[(&'static str, &[&str])],
) -> Option<&'static str> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (name, phrases) in table {
        for phrase in *phrases {
            let parts: Vec<&str> = phrase.split(' ').collect();
            for i in 0..words.len() {
                if i + parts.len() > words.len() {
                    break;
                }
                // Short words exactly: « dispo » is not « disto ».
                let ok = parts.iter().enumerate().all(|(k, p)| {
                    let w = &words[i + k].text;
                    !used[i + k] && if p.len() <= 5 { w == p } else { close(w, p) }
                });
                if ok && best.is_none_or(|(_, len, _)| parts.len() > len) {
                    best = Some((i, parts.len(), name));
                }
            }
        }
    }
    let (i, len, name) = best?;
    for u in &mut used[i..i + len] {
        *u = true;
    }
    Some(name)
}

/// Particles inside a French name (« Le Gall », « de la Fontaine »).
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "le" | "la" | "de" | "du" | "des" | "van" | "von" | "di" | "da" | "d"
    )
}

/// Runs of words that could be a name: after an honorific (particles
/// included), else words that are neither fillers nor cues nor numbers.
fn name_runs(rest: &[(usize, String)], honorific: bool) -> Vec<String> {
    let mut runs = Vec::new();
    let mut marked: Vec<bool> = Vec::new();
    let mut k = 0;
    while k < rest.len() {
        let (pos, w) = &rest[k];
        if honorific && w == "m" {
            // Everything up to the next cue or gap, at most four words.
            let mut run = Vec::new();
            let mut last = *pos;
            let mut j = k + 1;
            while j < rest.len() && rest[j].0 == last + 1 && run.len() < 4 {
                let w = rest[j].1.as_str();
                if !is_particle(w) && (intents::is_cue(w) || !is_word(w) || is_filler(w)) {
                    break;
                }
                run.push(w);
                last = rest[j].0;
                j += 1;
            }
            while run.last().is_some_and(|w| is_particle(w)) {
                run.pop();
            }
            if !run.is_empty() {
                runs.insert(0, run.join(" "));
            }
            k = j;
            continue;
        }
        if is_name_word(w) {
            let after_marker = k > 0
                && rest[k - 1].0 + 1 == *pos
                && NAME_MARKERS.contains(&rest[k - 1].1.as_str());
            let mut run = vec![w.as_str()];
            let mut last = *pos;
            let mut j = k + 1;
            while j < rest.len()
                && rest[j].0 == last + 1
                && is_name_word(&rest[j].1)
                && run.len() < 3
            {
                run.push(&rest[j].1);
                last = rest[j].0;
                j += 1;
            }
            marked.push(after_marker);
            runs.push(run.join(" "));
            k = j;
            continue;
        }
        k += 1;
    }
    // After an honorific first (already at the front), then after « de »,
    // « pour »…, then the others.
    let honorific_first = runs.len() - marked.len();
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&n| {
        if n < honorific_first {
            0
        } else if marked[n - honorific_first] {
            1
        } else {
            2
        }
    });
    order.into_iter().map(|n| runs[n].clone()).collect()
}

/// Words after which a name is expected.
const NAME_MARKERS: &[&str] = &[
    "de", "du", "pour", "client", "cliente", "chez", "of", "for", "customer", "to", "avec", "with",
    "monsieur",
];

/// Common words that are no one's name, beyond the fillers and the cues.
const NOT_NAMES: &[&str] = &[
    "depuis",
    "dont",
    "releve",
    "dernieres",
    "derniers",
    "dernier",
    "derniere",
    "realises",
    "realise",
    "realisees",
    "proprio",
    "proprietaire",
    "over",
    "more",
    "than",
    "going",
    "anything",
    "card",
    "sera",
    "seront",
    "serait",
    "elle",
    "rappelle",
    "avant",
    "arriere",
    "peut",
    "peuvent",
    "faut",
    "rien",
    "jamais",
    "encore",
    "deja",
    "toujours",
    "tres",
    "trop",
    "vite",
    "ici",
    "la-bas",
    "fois",
    "combien",
    "comment",
    "pourquoi",
    "quand",
    "ou",
    "oui",
    "non",
    "merci",
    "svp",
    "genre",
    "truc",
    "machin",
    "chose",
    "bonne",
    "bon",
    "moins",
    "plus",
    "entre",
    "apres",
    "avant",
    "pendant",
    "sans",
    "sous",
    "vers",
    "chaque",
    "autre",
    "autres",
    "meme",
    "tous",
    "toutes",
    "tout",
    "aucun",
    "aucune",
    "nouveau",
    "nouvelle",
    "vieux",
    "vieille",
    "grand",
    "petit",
    "yet",
    "still",
    "already",
    "again",
    "some",
    "every",
    "each",
    "other",
    "new",
    "old",
    "way",
    "thing",
    "sent",
    "envoye",
    "envoyes",
    "recu",
    "recus",
    "attente",
    "attend",
    "attendent",
    "waiting",
    "older",
    "newer",
    "since",
    "ago",
    "vieilles",
    "anciennes",
    "anciens",
    "sort",
    "change",
];

fn is_word(w: &str) -> bool {
    w.len() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '-')
}

fn is_name_word(w: &str) -> bool {
    is_word(w)
        && !is_filler(w)
        && !intents::is_cue(w)
        && !NOT_NAMES.contains(&w)
        && ![
            "-vous", "-tu", "-il", "-elle", "-ce", "-on", "-nous", "-ils", "-je",
        ]
        .iter()
        .any(|v| w.ends_with(v))
}

fn first_name_run(rest: &[(usize, String)], honorific: bool) -> Option<String> {
    name_runs(rest, honorific).into_iter().next()
}

/// What a part is called: the words between the intent's own words, fillers
/// inside kept (« filtre à huile »).
impl Found {
    /// Runs of words that are neither values nor the intent's cues, small
    /// words allowed inside but not at either end: `(first position, words)`.
    fn runs(&self, intent: Intent) -> Vec<(usize, Vec<&str>)> {
        let mut runs: Vec<(usize, Vec<&str>)> = Vec::new();
        let mut current: Option<(usize, Vec<&str>)> = None;
        for (i, w) in self.words.iter().enumerate() {
            let opaque = self.opaque.get(i).copied().unwrap_or(false);
            let breaks = opaque
                || (!is_filler(w) && (intent.is_own_cue(w) || NOT_A_THING.contains(&w.as_str())))
                || w.bytes().all(|b| b.is_ascii_digit());
            if breaks {
                if let Some(run) = current.take() {
                    runs.push(run);
                }
                continue;
            }
            current
                .get_or_insert_with(|| (i, Vec::new()))
                .1
                .push(w.as_str());
        }
        runs.extend(current);
        runs.into_iter()
            .filter_map(|(start, mut ws)| {
                let lead = ws.iter().take_while(|w| is_filler(w)).count();
                ws.drain(..lead);
                while ws.last().is_some_and(|w| is_filler(w)) {
                    ws.pop();
                }
                (!ws.is_empty()).then_some((start + lead, ws))
            })
            .collect()
    }

    /// What a part is called: the longest run of words between the
    /// intent's own (« combien de *plaquettes avant* en stock »).
    fn longest_run(&self, intent: Intent) -> Option<String> {
        self.runs(intent)
            .into_iter()
            .max_by_key(|(start, ws)| (ws.len(), std::cmp::Reverse(*start)))
            .map(|(_, ws)| ws.join(" "))
    }

    /// The run right after one of `markers` (« chez *Doyen Auto* »).
    fn run_after(&self, markers: &[&str], intent: Intent) -> Option<String> {
        self.runs(intent)
            .into_iter()
            .find(|(start, _)| {
                *start > 0
                    && self
                        .words
                        .get(start - 1)
                        .is_some_and(|w| markers.contains(&w.as_str()))
            })
            .map(|(_, ws)| ws.join(" "))
    }
}

/// Words that say what kind of thing is asked about, never its name.
const NOT_A_THING: &[&str] = &[
    "piece",
    "pieces",
    "part",
    "parts",
    "article",
    "articles",
    "reference",
    "ref",
    "niveau",
    "level",
    "quantite",
    "encore",
    "still",
    "any",
    "left",
    "reste",
    "restant",
    "cmd",
    "commande",
    "commandes",
    "fournisseur",
    "fournisseurs",
    "supplier",
    "suppliers",
    "recues",
    "recu",
    "livre",
    "livrees",
];

impl Lexicon {
    /// The lexicon of the workshop `conn` reads: the first names of its
    /// mechanics (the planning's mechanics and the active users holding the
    /// mechanic role) and the words of its vehicles' makes and models that
    /// the usual list lacks, folded, each once, in order. A few small reads
    /// (the makes and models step through their index), cheap enough for
    /// every question.
    pub fn of_workshop(conn: &rusqlite::Connection) -> crate::Result<Lexicon> {
        use crate::access::Role;
        use crate::planning::{ResourceKind, list_resources};
        use crate::text::fold;
        let first_name = |name: &str| fold(name).split(' ').next().map(str::to_owned);
        let mut mechanics: Vec<String> = list_resources(conn, None, false)?
            .iter()
            .filter(|r| r.kind == ResourceKind::Mechanic)
            .filter_map(|r| first_name(&r.name))
            .chain(
                crate::users::list(conn)?
                    .iter()
                    .filter(|u| u.active && u.roles.has(Role::Mechanic))
                    .filter_map(|u| first_name(&u.display_name)),
            )
            .filter(|m| m.chars().count() >= 2 && !is_filler(m))
            .collect();
        mechanics.sort();
        mechanics.dedup();
        let mut vehicles: Vec<String> = Vec::new();
        for (make, models) in crate::vehicles::makes_and_models(conn)? {
            for name in std::iter::once(&make).chain(&models) {
                vehicles.extend(fold(name).split(' ').map(str::to_owned));
            }
        }
        vehicles.sort();
        vehicles.dedup();
        // A word of a model that is a small word or an intent's cue would
        // swallow it wherever it is said (« C » of « Classe C », « up »).
        // The cues are looked at last, once a word: the slowest check.
        vehicles.retain(|w| {
            w.len() >= 2
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !VEHICLES.contains(&w.as_str())
                && !is_filler(w)
                && !intents::is_cue(w)
        });
        Ok(Lexicon {
            mechanics,
            vehicles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assistant::words::words;
    use time::macros::date;

    fn found(s: &str) -> Found {
        let lexicon = Lexicon {
            mechanics: vec!["karim".into(), "lucas".into(), "julie".into()],
            vehicles: Vec::new(),
        };
        extract(&words(s), &lexicon, date!(2026 - 11 - 18))
    }

    #[test]
    fn plates_in_any_typing() {
        for typed in ["ab123cd", "AB 123 CD", "ab-123-cd", "AB-123 CD"] {
            assert_eq!(
                found(&format!("où en est {typed} ?")).plate.as_deref(),
                Some("AB-123-CD"),
                "{typed}"
            );
        }
        assert_eq!(found("la 1234 AB 56").plate.as_deref(), Some("1234 AB 56"));
        assert_eq!(found("la 308 de martin").plate, None);
    }

    #[test]
    fn amounts_ages_durations_and_numbers() {
        assert_eq!(
            found("encaisser 150,50 € pour martin").amount.as_deref(),
            Some("150.50")
        );
        assert_eq!(found("150 euros").amount.as_deref(), Some("150.00"));
        assert_eq!(found("impayés de plus de 30 jours").days, Some(30));
        assert_eq!(found("impayés +30j").days, Some(30));
        assert_eq!(found("depuis 2 semaines").days, Some(14));
        assert_eq!(found("plus d'un mois").days, Some(30));
        assert_eq!(found("dans 3 jours").days, None);
        assert_eq!(found("rdv pour 2 heures de travail").duration, Some(120));
        assert_eq!(found("1h30 de travail").duration, Some(90));
        assert_eq!(found("rdv jeudi 14h").duration, None);
        assert_eq!(
            found("facture F-S1A-2026-000042").number.as_deref(),
            Some("F-S1A-2026-000042")
        );
        assert_eq!(
            found("tel 06 12 34 56 78").phone.as_deref(),
            Some("0612345678")
        );
        assert_eq!(
            found("vin finissant par 45821").vin.as_deref(),
            Some("45821")
        );
    }

    #[test]
    fn works_statuses_mechanics_vehicles() {
        let f = found("qui a une vidange en retard");
        assert_eq!((f.work, f.overdue), (Some("vidange"), true));
        assert_eq!(
            found("OR en attente de pièces").status,
            Some("waiting_parts")
        );
        assert_eq!(found("changer la disto").work, Some("distribution"));
        assert_eq!(found("travaux de karim").mechanic.as_deref(), Some("karim"));
        assert_eq!(
            found("la peugeot 308 AB-123-CD").vehicle.as_deref(),
            Some("peugeot 308")
        );
    }
}

//! Every word the diagnosis shows its reader — the « Diagnostic » paper for
//! the customer and the search box's hit for a trouble code — in French and
//! in English. A text missing in one language does not compile. (The
//! trees' own texts are theirs, French and English side by side: see
//! `terms`.)

use atelier_domain::Locale;

/// The diagnosis's texts in one language.
pub(crate) struct Words {
    pub title: &'static str,
    /// The file name word of a printed diagnosis (`OR-2026-0042-diagnostic.pdf`).
    pub file: &'static str,
    pub date: &'static str,
    pub technician: &'static str,
    pub symptom: &'static str,
    pub codes: &'static str,
    pub stored: &'static str,
    pub pending: &'static str,
    pub permanent: &'static str,
    /// A code only makers define, which the library does not describe.
    pub makers_own_code: &'static str,
    pub code: &'static str,
    pub state: &'static str,
    pub meaning: &'static str,
    pub read_on: &'static str,
    /// The codes cleared on `day` by `name`.
    pub cleared: fn(day: &str, name: &str) -> String,
    /// The lamp on at the reading of `day`.
    pub lamp_on: fn(day: &str) -> String,
    /// No code at the reading of `day`.
    pub no_code: fn(day: &str) -> String,
    pub not_read: &'static str,
    /// The heading of the tree followed, named `name`.
    pub guided: fn(name: &str) -> String,
    pub question: &'static str,
    pub answer: &'static str,
    /// The likely causes, joined.
    pub likely_cause: fn(causes: &[&str]) -> String,
    pub checks: &'static str,
    pub check: &'static str,
    pub result: &'static str,
    pub measure: &'static str,
    pub conclusion: &'static str,
    pub recommended: &'static str,
    pub work: &'static str,
    pub priority: &'static str,
    pub urgent: &'static str,
    pub to_plan: &'static str,
    /// Under the recommended work.
    pub estimate_follows: &'static str,
    /// Above the technician's signature box.
    pub technician_box: &'static str,
    /// How often the workshop saw a code, `n` readings.
    pub seen: fn(n: i64) -> String,
}

/// The texts of `locale`.
pub(crate) fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Fr => &FR,
        Locale::En => &EN,
    }
}

const FR: Words = Words {
    title: "Diagnostic",
    file: "diagnostic",
    date: "Date",
    technician: "Technicien",
    symptom: "Symptôme constaté",
    codes: "Codes défaut",
    stored: "Confirmé",
    pending: "En attente",
    permanent: "Permanent",
    makers_own_code: "Code propre au constructeur, sans description dans la bibliothèque",
    code: "Code",
    state: "État",
    meaning: "Signification",
    read_on: "Lu le",
    cleared: |day, name| format!("Codes effacés le {day} par {name}."),
    lamp_on: |day| format!("Voyant moteur allumé à la lecture du {day}."),
    no_code: |day| format!("Aucun code défaut en mémoire à la lecture du {day}."),
    not_read: "Les codes n’ont pas été lus.",
    guided: |name| format!("Diagnostic guidé : {name}"),
    question: "Question",
    answer: "Réponse",
    likely_cause: |causes| format!("Cause probable : {}", causes.join(" ; ")),
    checks: "Contrôles effectués",
    check: "Contrôle",
    result: "Résultat",
    measure: "Mesure",
    conclusion: "Conclusion",
    recommended: "Travaux recommandés",
    work: "Travaux",
    priority: "Priorité",
    urgent: "Urgent",
    to_plan: "À prévoir",
    estimate_follows: "Un devis détaillé vous est remis pour ces travaux ; rien n’est fait sans votre accord.",
    technician_box: "Le technicien",
    seen: |n| match n {
        1 => "vu 1 fois à l’atelier".to_owned(),
        n => format!("vu {n} fois à l’atelier"),
    },
};

const EN: Words = Words {
    title: "Diagnosis",
    file: "diagnosis",
    date: "Date",
    technician: "Technician",
    symptom: "Symptom noticed",
    codes: "Trouble codes",
    stored: "Confirmed",
    pending: "Pending",
    permanent: "Permanent",
    makers_own_code: "Maker's own code, not described in the library",
    code: "Code",
    state: "State",
    meaning: "Meaning",
    read_on: "Read on",
    cleared: |day, name| format!("Codes cleared on {day} by {name}."),
    lamp_on: |day| format!("Engine warning light on at the reading of {day}."),
    no_code: |day| format!("No trouble code stored at the reading of {day}."),
    not_read: "The codes were not read.",
    guided: |name| format!("Guided diagnosis: {name}"),
    question: "Question",
    answer: "Answer",
    likely_cause: |causes| format!("Likely cause: {}", causes.join("; ")),
    checks: "Checks made",
    check: "Check",
    result: "Result",
    measure: "Measure",
    conclusion: "Conclusion",
    recommended: "Recommended work",
    work: "Work",
    priority: "Priority",
    urgent: "Urgent",
    to_plan: "To plan",
    estimate_follows: "A detailed estimate is given to you for this work; nothing is done without your approval.",
    technician_box: "The technician",
    seen: |n| match n {
        1 => "seen once in the workshop".to_owned(),
        n => format!("seen {n} times in the workshop"),
    },
};

//! The choice of an intent: the cues' scores, the weights of the slots
//! found, and the belief of the model learnt from the dev corpus, added up.
//!
//! Each intent's cues (`intents`) and each kind of slot found weigh for it
//! (or against it); the learnt model (`learned`) adds its belief. The best
//! total wins when it is clear enough; the runners-up are the proposals when
//! it is not. Words of other businesses weigh for « not understood ».

use super::dates::DateExpr;
use super::intents::{ALL, Intent, cues};
use super::slots::Found;
use super::words::{Word, matches};

/// How much each kind of slot found points to each intent (or away from
/// it, when negative).
fn slot_weights(intent: Intent) -> &'static [(&'static str, f32)] {
    use Intent::*;
    match intent {
        OrderStatus => &[
            ("plate", 0.5),
            ("vehicle", 0.5),
            ("order_number", 2.0),
            ("name", 0.3),
            ("period", -1.0),
        ],
        OrdersByStatus => &[
            ("negated", -1.5),
            ("status", 3.0),
            ("status_estimate", -2.0),
            ("honorific", -1.0),
            ("plate", -1.0),
        ],
        MyJobs => &[("mechanic", 1.5), ("day", 0.5)],
        Appointments => &[("date", 1.0)],
        FreeSlots => &[("duration", 1.5), ("date", 0.3)],
        FindCustomer => &[
            ("phone", 2.5),
            ("email", 2.5),
            ("name", 0.8),
            ("honorific", 0.5),
            ("plate", -1.5),
            ("vehicle", -1.0),
        ],
        FindVehicle => &[
            ("plate", 1.0),
            ("vin", 1.5),
            ("vehicle", 0.5),
            ("phone", -1.5),
            ("email", -1.5),
        ],
        CustomerHistory => &[("name", 0.3), ("plate", 0.3)],
        CustomerContact => &[("name", 0.3), ("phone", -3.0), ("email", -3.0)],
        VehicleInfo => &[("plate", 0.3), ("vehicle", 0.3)],
        RemindersDue => &[
            ("overdue", 1.5),
            ("work", 0.8),
            ("period", 1.0),
            ("honorific", -1.5),
            ("plate", -1.0),
            ("name", -1.0),
        ],
        NextService => &[
            ("work", 0.8),
            ("plate", 0.5),
            ("vehicle", 0.5),
            ("period", -1.0),
        ],
        UnpaidInvoices => &[("days", 1.5)],
        FindInvoice => &[("invoice_number", 2.0), ("order_number", -1.0)],
        PendingEstimates => &[("days", 0.5), ("plate", -1.0)],
        CashToday => &[("day", 0.5), ("amount", -1.0), ("plate", -2.0)],
        VatCollected | PartsSales => &[("date", 0.3)],
        Revenue => &[("period", 0.5)],
        Productivity => &[("mechanic", 0.5), ("date", 0.3)],
        StaffAbsent => &[("date", 0.3), ("mechanic", 0.5)],
        DaySummary => &[("day", 0.5)],
        BookAppointment => &[
            ("time", 2.5),
            ("date", 0.5),
            ("work", 0.5),
            ("duration", 0.5),
            ("period", -1.5),
        ],
        NewEstimate => &[("work", 0.5)],
        SendReminder => &[("work", 0.3), ("honorific", 0.5), ("name", 0.5)],
        NewCustomer => &[("phone", 0.8), ("email", 0.8), ("name", 0.5)],
        StockLevel => &[("part_words", 1.0)],
        RecordPayment => &[("amount", 2.5), ("invoice_number", 1.0), ("date", -1.0)],
        _ => &[],
    }
}

/// Words of other businesses than the workshop's: each one heard weighs
/// for « not understood », so that « commande-moi une pizza » or « les
/// horaires de la piscine » are not taken for supplier orders or opening
/// hours.
const ELSEWHERE: &[(&str, f32)] = &[
    ("pizza*", 3.0),
    ("burger*", 3.0),
    ("restaurant", 3.0),
    ("resto", 3.0),
    ("cinema", 3.0),
    ("film", 2.5),
    ("piscine", 3.0),
    ("coiffeur", 3.0),
    ("meteo", 3.0),
    ("weather", 3.0),
    ("pluie", 3.0),
    ("match", 3.0),
    ("score", 3.0),
    ("foot", 3.0),
    ("football", 3.0),
    ("capitale", 3.0),
    ("train", 2.5),
    ("avion", 3.0),
    ("blague", 3.0),
    ("joke", 3.0),
    ("blanquette", 3.0),
    ("crepes", 3.0),
    ("gateau", 3.0),
    ("cuisine", 2.5),
    ("pain", 3.0),
    ("baguette", 3.0),
    ("musique", 3.0),
    ("music", 3.0),
    ("chanson", 3.0),
    ("song", 3.0),
    ("jazz", 3.0),
    ("aimes", 2.5),
    ("love", 2.5),
    ("bisou", 3.0),
    ("heure est-il", 4.0),
    ("time is it", 4.0),
    ("table pour", 3.0),
    ("pause cafe", 3.0),
    ("cafe", 2.0),
    ("vacances au", 2.0),
    ("horoscope", 3.0),
];

/// The least score an intent needs to be chosen.
const THRESHOLD: f32 = 1.5;

/// Every intent's score for these words and slots, best first.
pub fn scores(words: &[Word], found: &Found) -> Vec<(Intent, f32)> {
    // Values (dates, plates, amounts…) are not words: no cue sees them.
    let texts: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if found.opaque.get(i).copied().unwrap_or(false) {
                "_"
            } else {
                w.text.as_str()
            }
        })
        .collect();
    let has = |k: &str| match k {
        "plate" => found.plate.is_some(),
        "vin" => found.vin.is_some(),
        "vehicle" => found.vehicle.is_some(),
        "mechanic" => found.mechanic.is_some(),
        "phone" => found.phone.is_some(),
        "email" => found.email.is_some(),
        "date" => found.date.is_some(),
        "time" => found.time.is_some(),
        "duration" => found.duration.is_some(),
        "days" => found.days.is_some(),
        "amount" => found.amount.is_some(),
        "status" => found.status.is_some(),
        "status_estimate" => found.status == Some("estimate"),
        "negated" => texts.iter().any(|w| {
            matches!(
                *w,
                "pas" | "not" | "non" | "haven" | "hasn" | "jamais" | "never"
            )
        }),
        "part_words" => found.has_name(),
        "overdue" => found.overdue,
        "work" => found.work.is_some(),
        "number" => found.number.is_some(),
        "order_number" => found
            .number
            .as_deref()
            .is_some_and(|n| n.starts_with("OR-") || n.starts_with("DE-")),
        "invoice_number" => found
            .number
            .as_deref()
            .is_some_and(|n| !(n.starts_with("OR-") || n.starts_with("DE-"))),
        "period" => matches!(found.date, Some(DateExpr::Range(..) | DateExpr::Month(..))),
        "day" => matches!(
            found.date,
            Some(DateExpr::Day(_) | DateExpr::DayOfMonth(_) | DateExpr::Weekday(_))
        ),
        "honorific" => found.honorific,
        "name" => found.has_name(),
        _ => false,
    };
    let mut out: Vec<(Intent, f32)> = ALL
        .iter()
        .map(|&intent| {
            let mut score = 0.0;
            for (phrase, weight) in cues(intent) {
                if said(&texts, phrase) {
                    score += weight;
                }
            }
            for (slot, weight) in slot_weights(intent) {
                if has(slot) {
                    score += weight;
                }
            }
            (intent, score)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Whether the words contain `phrase`, word after word.
fn said(texts: &[&str], phrase: &str) -> bool {
    let parts: Vec<&str> = phrase.split(' ').collect();
    if parts.len() > texts.len() {
        return false;
    }
    (0..=texts.len() - parts.len()).any(|i| {
        parts
            .iter()
            .enumerate()
            .all(|(k, p)| matches(texts[i + k], p))
    })
}

/// How much the model learnt from the dev corpus weighs beside the cues
/// (its belief, between 0 and 1, times this).
const LEARNED_WEIGHT: f32 = 5.0;

/// The intent chosen for these words and slots, and the runners-up: the
/// cues' score plus the learnt model's belief; [`Intent::Unknown`] when the
/// best is too weak or the model believes the words are not the
/// workshop's business.
pub fn choose(words: &[Word], found: &Found) -> (Intent, Vec<Intent>) {
    let learned = super::learned::posteriors(found);
    let belief = |i: Intent| {
        learned
            .iter()
            .find(|(k, _)| *k == i)
            .map_or(0.0, |(_, p)| *p as f32)
    };
    let mut ranked: Vec<(Intent, f32)> = scores(words, found)
        .into_iter()
        .map(|(i, s)| (i, s + LEARNED_WEIGHT * belief(i)))
        .collect();
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    let elsewhere: f32 = ELSEWHERE
        .iter()
        .filter(|(cue, _)| said(&texts, cue))
        .map(|(_, w)| w)
        .sum();
    ranked.push((
        Intent::Unknown,
        LEARNED_WEIGHT * belief(Intent::Unknown) + 0.5 + elsewhere,
    ));
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let runners: Vec<Intent> = ranked
        .iter()
        .filter(|(i, s)| *s > 0.5 && *i != Intent::Unknown)
        .map(|(i, _)| *i)
        .collect();
    match ranked.first() {
        Some(&(intent, score)) if intent != Intent::Unknown && score >= THRESHOLD => (
            intent,
            runners
                .into_iter()
                .filter(|i| *i != intent)
                .take(3)
                .collect(),
        ),
        _ => (Intent::Unknown, runners.into_iter().take(3).collect()),
    }
}

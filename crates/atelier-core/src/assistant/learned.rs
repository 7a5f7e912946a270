//! What the dev corpus teaches: a naive Bayes model over the words of its
//! phrasings, the second voice beside the hand-written cues.
//!
//! The cues know the words that matter; the model knows how people
//! actually put them together (« on est à court de quoi ? »). It is trained,
//! once per process, from `assistant-corpus/dev.tsv` built into the program
//! — never from the held-out part, which measures it. It is deterministic:
//! counts and logarithms, nothing random.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::intents::{ALL, Intent};
use super::slots::{Found, Lexicon, extract};
use super::words::{is_filler, words};

/// The phrasings the model learns from: the dev corpus, in three files.
const DEV: [&str; 3] = [
    include_str!("../../assistant-corpus/dev.tsv"),
    include_str!("../../assistant-corpus/dev-more.tsv"),
    include_str!("../../assistant-corpus/dev-third.tsv"),
];

struct Model {
    /// Per intent: log prior, word counts, total count.
    classes: Vec<(Intent, f64, HashMap<String, u32>, u32)>,
    vocabulary: usize,
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    #[cfg(test)]
    if let Some(k) = fold::current() {
        return fold::model(k);
    }
    MODEL.get_or_init(|| train(|_| true))
}

/// The dev corpus's phrasings: the lines that are not comments.
pub(super) fn dev_lines() -> impl Iterator<Item = &'static str> {
    DEV.iter()
        .flat_map(|part| part.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn train(keep: impl Fn(usize) -> bool) -> Model {
    let lexicon = Lexicon {
        mechanics: vec!["karim".into(), "lucas".into(), "julie".into()],
        vehicles: Vec::new(),
    };
    // Any day will do: dates only count as « a date was said ».
    let today = time::macros::date!(2026 - 11 - 18);
    let mut per: HashMap<Intent, (u32, HashMap<String, u32>, u32)> = HashMap::new();
    let mut vocabulary: HashMap<String, ()> = HashMap::new();
    let mut lines = 0u32;
    for (n, line) in dev_lines().enumerate() {
        if !keep(n) {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(name), Some(text)) = (fields.get(1), fields.get(2)) else {
            continue;
        };
        let intent = Intent::parse(name).unwrap_or(Intent::Unknown);
        let ws = words(text);
        let found = extract(&ws, &lexicon, today);
        let entry = per.entry(intent).or_default();
        entry.0 += 1;
        lines += 1;
        for f in features(&found) {
            *entry.1.entry(f.clone()).or_default() += 1;
            entry.2 += 1;
            vocabulary.insert(f, ());
        }
    }
    let mut classes: Vec<_> = ALL
        .iter()
        .copied()
        .chain([Intent::Unknown])
        .filter_map(|i| {
            per.remove(&i).map(|(n, counts, total)| {
                (
                    i,
                    (f64::from(n) / f64::from(lines.max(1))).ln(),
                    counts,
                    total,
                )
            })
        })
        .collect();
    classes.sort_by_key(|c| c.0);
    Model {
        classes,
        vocabulary: vocabulary.len(),
    }
}

/// The features of an utterance: its words cut to six letters (so
/// « factures » and « facturé » meet), pairs of neighbouring words, and one
/// token per kind of slot found.
fn features(found: &Found) -> Vec<String> {
    let mut out = Vec::new();
    let kept: Vec<String> = found
        .rest
        .iter()
        .map(|(_, w)| w.as_str())
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .map(|w| w.chars().take(6).collect())
        .collect();
    for w in &kept {
        out.push(w.clone());
    }
    for pair in kept.windows(2) {
        if !(is_filler(&pair[0]) && is_filler(&pair[1])) {
            out.push(format!("{} {}", pair[0], pair[1]));
        }
    }
    let kinds: [(&str, bool); 14] = [
        ("<plate>", found.plate.is_some()),
        ("<vin>", found.vin.is_some()),
        ("<vehicle>", found.vehicle.is_some()),
        ("<mechanic>", found.mechanic.is_some()),
        ("<phone>", found.phone.is_some()),
        ("<email>", found.email.is_some()),
        ("<date>", found.date.is_some()),
        ("<time>", found.time.is_some()),
        ("<duration>", found.duration.is_some()),
        ("<days>", found.days.is_some()),
        ("<amount>", found.amount.is_some()),
        ("<overdue>", found.overdue),
        ("<work>", found.work.is_some()),
        ("<number>", found.number.is_some()),
    ];
    for (k, present) in kinds {
        if present {
            out.push(k.to_owned());
        }
    }
    if let Some(s) = found.status {
        out.push(format!("<status:{s}>"));
    }
    if found.honorific {
        out.push("<honorific>".to_owned());
    }
    out
}

/// Naive Bayes is sure of itself far beyond what a few hundred phrasings
/// allow: its log-likelihoods are divided by this before they become
/// beliefs, so that a clear cue can still outweigh it.
const TEMPERATURE: f64 = 2.0;

/// The model's belief in each intent for these words, summing to one.
pub fn posteriors(found: &Found) -> Vec<(Intent, f64)> {
    let m = model();
    let fs = features(found);
    let v = m.vocabulary as f64 + 1.0;
    let logs: Vec<(Intent, f64)> = m
        .classes
        .iter()
        .map(|(intent, prior, counts, total)| {
            let denominator = (f64::from(*total) + v).ln();
            let mut score = *prior;
            for f in &fs {
                let c = counts.get(f).copied().unwrap_or(0);
                score += (f64::from(c) + 1.0).ln() - denominator;
            }
            (*intent, score / TEMPERATURE)
        })
        .collect();
    let max = logs
        .iter()
        .map(|(_, s)| *s)
        .fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logs.iter().map(|(_, s)| (s - max).exp()).sum();
    logs.into_iter()
        .map(|(i, s)| (i, (s - max).exp() / sum))
        .collect()
}

/// Cross-validation over the dev corpus, for the tests: the model of fold
/// `k` learns from every line but the fifth starting at `k`, so each dev
/// line can be read by a model that never saw it.
#[cfg(test)]
pub(super) mod fold {
    use std::cell::Cell;
    use std::sync::OnceLock;

    use super::{Model, train};

    /// How many folds.
    pub const FOLDS: usize = 5;

    thread_local! {
        static CURRENT: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Reads the next utterances with fold `k`'s model (`None`: the whole).
    pub fn set(k: Option<usize>) {
        CURRENT.with(|c| c.set(k));
    }

    pub(super) fn current() -> Option<usize> {
        CURRENT.with(Cell::get)
    }

    pub(super) fn model(k: usize) -> &'static Model {
        static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
        &MODELS.get_or_init(|| (0..FOLDS).map(|k| train(|n| n % FOLDS != k)).collect())[k]
    }
}

//! The corpus test: every phrasing of `assistant-corpus/` understood, with
//! the intent accuracy and the slot exactness printed for each part and
//! language (run with `--nocapture` to read them; `scripts/test` does).
//!
//! `dev.tsv` is what the rules were written from; its misses are listed.
//! `held-out.tsv` was never read to write them: only its figures are
//! printed, so that it keeps measuring how the rules generalise.

use std::collections::BTreeMap;
use std::path::Path;

use time::macros::date;

use super::learned::fold;
use super::{Lexicon, understand};

/// The corpus's today: Wednesday 18 November 2026.
const TODAY: time::Date = date!(2026 - 11 - 18);

struct Line {
    lang: String,
    intent: String,
    utterance: String,
    slots: BTreeMap<String, String>,
}

fn read(part: &str) -> Vec<Line> {
    let files: &[&str] = match part {
        "dev" => &["dev.tsv", "dev-more.tsv", "dev-third.tsv"],
        _ => &["held-out.tsv"],
    };
    let mut text = String::new();
    for file in files {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assistant-corpus")
            .join(file);
        text +=
            &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            assert!(fields.len() >= 3, "{part}: not four fields: {l}");
            let slots = fields
                .get(3)
                .map(|s| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|kv| !kv.is_empty())
                        .map(|kv| {
                            let (k, v) = kv
                                .split_once('=')
                                .unwrap_or_else(|| panic!("{part}: slot without `=`: {l}"));
                            (k.trim().to_owned(), v.trim().to_owned())
                        })
                        .collect()
                })
                .unwrap_or_default();
            Line {
                lang: fields[0].to_owned(),
                intent: fields[1].to_owned(),
                utterance: fields[2].to_owned(),
                slots,
            }
        })
        .collect()
}

/// The lexicon the corpus assumes: three mechanics.
fn lexicon() -> Lexicon {
    Lexicon {
        mechanics: vec!["karim".into(), "lucas".into(), "julie".into()],
        vehicles: Vec::new(),
    }
}

#[derive(Default)]
struct Tally {
    lines: usize,
    intents: usize,
    slots: usize,
}

impl Tally {
    fn pct(n: usize, of: usize) -> f64 {
        if of == 0 {
            0.0
        } else {
            100.0 * n as f64 / of as f64
        }
    }
}

/// Runs one part: the tallies per language, and the misses (described).
fn run(part: &str, cross_validate: bool) -> (BTreeMap<String, Tally>, Vec<String>) {
    let lexicon = lexicon();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for (n, line) in read(part).into_iter().enumerate() {
        if cross_validate {
            fold::set(Some(n % fold::FOLDS));
        }
        let u = understand(&line.utterance, &lexicon, TODAY);
        fold::set(None);
        let got: BTreeMap<String, String> = u
            .slots
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let intent_ok = u.intent.as_str() == line.intent;
        let slots_ok = intent_ok && got == line.slots;
        for lang in [line.lang.as_str(), "all"] {
            let t = tallies.entry(lang.to_owned()).or_default();
            t.lines += 1;
            t.intents += usize::from(intent_ok);
            t.slots += usize::from(slots_ok);
        }
        if !slots_ok {
            misses.push(format!(
                "{} | want {} {:?} | got {} {:?}",
                line.utterance,
                line.intent,
                line.slots,
                u.intent.as_str(),
                got
            ));
        }
    }
    (tallies, misses)
}

fn print(part: &str, tallies: &BTreeMap<String, Tally>) {
    for (lang, t) in tallies {
        println!(
            "assistant corpus {part:>8} {lang:>3}: {:>3} phrasings, intent accuracy {:5.1} %, slot exactness {:5.1} %",
            t.lines,
            Tally::pct(t.intents, t.lines),
            Tally::pct(t.slots, t.lines)
        );
    }
}

#[test]
fn the_corpus_is_understood() {
    // Dev, each line read by a model that did not learn from it: the figure
    // to improve the cues by.
    let (dev, misses) = run("dev", true);
    print("dev (cv)", &dev);
    if std::env::var_os("ASSISTANT_MISSES").is_some() {
        for m in &misses {
            println!("  miss: {m}");
        }
    }
    let (held_out, _) = run("held-out", false);
    print("held-out", &held_out);

    let count = |t: &BTreeMap<String, Tally>, lang: &str| t.get(lang).map_or(0, |t| t.lines);
    assert!(
        count(&dev, "fr") + count(&held_out, "fr") >= 400,
        "at least 400 French phrasings"
    );
    assert!(
        count(&dev, "en") + count(&held_out, "en") >= 100,
        "at least 100 English phrasings"
    );
    let all = &held_out["all"];
    let accuracy = Tally::pct(all.intents, all.lines);
    assert!(
        accuracy >= 95.0,
        "held-out intent accuracy {accuracy:.1} % is under 95 %"
    );
    let dev_all = &dev["all"];
    assert!(
        Tally::pct(dev_all.intents, dev_all.lines) >= 95.0,
        "dev intent accuracy under 95 %; ASSISTANT_MISSES=1 lists the misses"
    );
}

/// `ASSISTANT_EXPLAIN="rdv demain" cargo test -p atelier-core explain --
/// --nocapture` prints why an utterance gets its intent: the cues' scores
/// and the learnt model's beliefs.
#[test]
fn explain() {
    let Ok(utterance) = std::env::var("ASSISTANT_EXPLAIN") else {
        return;
    };
    let ws = super::words::words(&utterance);
    let found = super::slots::extract(&ws, &lexicon(), TODAY);
    println!(
        "words: {:?}",
        ws.iter().map(|w| &w.text).collect::<Vec<_>>()
    );
    println!("found: {found:?}");
    for (i, s) in super::choice::scores(&ws, &found).iter().take(6) {
        println!("cues {:>18} {s:.2}", i.as_str());
    }
    let mut learned = super::learned::posteriors(&found);
    learned.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, p) in learned.iter().take(6) {
        println!("learned {:>15} {p:.3}", i.as_str());
    }
    println!("{:?}", understand(&utterance, &lexicon(), TODAY));
}

#[test]
fn which_cue() {
    let Ok(w) = std::env::var("ASSISTANT_CUE") else {
        return;
    };
    for i in super::intents::ALL {
        if i.is_own_cue(&w) {
            println!("{w} is a cue of {}", i.as_str());
        }
    }
}

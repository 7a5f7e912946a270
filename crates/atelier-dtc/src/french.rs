//! French titles for the generic codes, from a phrase glossary
//! (`glossary.txt`, English phrase → French).
//!
//! SAE J2012 builds its descriptions from a small vocabulary: a component
//! named by a string of English nouns (« Intake Air Temperature Sensor »),
//! then a circuit and a condition (« Circuit Low », « Range/Performance »),
//! then a bank and a sensor. The glossary's phrases are matched longest
//! first. French puts the head noun first and its complements after it, in
//! the reverse order of English's, each with « de »: so nouns and adjectives
//! are not replaced where they stand but reordered, phrase by phrase —
//! « Intake Air Temperature Sensor » is `Intake` `Air` `Temperature`
//! `Sensor`, and becomes « capteur de température d'air d'admission »;
//! « Right Front Wheel Speed Sensor », « capteur de vitesse de roue avant
//! droite » (the adjective agrees with the noun it qualified in English).
//!
//! A title is *complete* when every word was covered by the glossary
//! (numbers, single letters and punctuation pass as they are); otherwise
//! the word stays in English and the UI shows the English beside it.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The glossary as shipped; its format is described at its top.
const GLOSSARY: &str = include_str!("glossary.txt");

/// A French title and whether every word of the English was translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The French, with any word the glossary lacks left in English.
    pub text: String,
    /// Whether the glossary covered every word.
    pub complete: bool,
}

/// The grammatical gender of a French noun, which its adjectives and
/// articles follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    M,
    F,
}

/// What a glossary phrase is in French.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A noun: heads its phrase, or follows the head as a complement.
    Noun {
        french: String,
        gender: Gender,
        complement: String,
    },
    /// An adjective: follows the noun it qualifies, agrees with it.
    Adjective { masculine: String, feminine: String },
    /// A complement that agrees with nothing (« d'admission », « haute tension »).
    Complement(String),
    /// Said where it stands (« , circuit : signal bas »).
    Fixed(String),
}

/// One phrase of the glossary: its English tokens (lower case; `#` stands
/// for a number, `@` for a single letter) and what it becomes.
#[derive(Debug, Clone)]
struct Phrase {
    english: Vec<String>,
    kind: Kind,
}

/// The glossary, indexed by first English token ([`longest`] picks the
/// longest phrase that matches).
#[derive(Debug, Default)]
struct Glossary {
    by_first: HashMap<String, Vec<Phrase>>,
}

/// A malformed line of the glossary, for its test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryError {
    /// The line number, from 1.
    pub line: usize,
    /// The line.
    pub text: String,
}

fn glossary() -> &'static Glossary {
    static GLOSSARY_PARSED: OnceLock<Glossary> = OnceLock::new();
    GLOSSARY_PARSED.get_or_init(|| parse_glossary(GLOSSARY).0)
}

/// The lines of the shipped glossary that could not be read (the test
/// wants none: such a line is skipped at run time).
#[must_use]
pub fn glossary_errors() -> Vec<GlossaryError> {
    parse_glossary(GLOSSARY).1
}

/// English phrases the glossary gives twice (the test wants none: which
/// one wins would be an accident of the file's order).
#[must_use]
pub fn glossary_duplicates() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    for phrases in parse_glossary(GLOSSARY).0.by_first.values() {
        for phrase in phrases {
            let key = phrase.english.join(" ");
            if !seen.insert(key.clone()) {
                twice.push(key);
            }
        }
    }
    twice.sort();
    twice
}

/// The French complement of a noun: « de » before it, « d' » before a vowel
/// or a mute h.
fn complement_of(french: &str) -> String {
    if starts_with_vowel(french) {
        format!("d'{french}")
    } else {
        format!("de {french}")
    }
}

fn starts_with_vowel(french: &str) -> bool {
    french
        .chars()
        .next()
        .is_some_and(|c| "aeiouyéèêàâîôûhAEIOUYÉH".contains(c))
}

fn parse_glossary(text: &str) -> (Glossary, Vec<GlossaryError>) {
    let mut glossary = Glossary::default();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_trimmed = line.trim();
        if line_trimmed.is_empty() || line_trimmed.starts_with("//") {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let kind = match fields.as_slice() {
            ["N", _, french, g, rest @ ..] if matches!(*g, "m" | "f") && rest.len() <= 1 => {
                Kind::Noun {
                    french: (*french).to_owned(),
                    gender: if *g == "f" { Gender::F } else { Gender::M },
                    complement: rest
                        .first()
                        .map_or_else(|| complement_of(french), |c| (*c).to_owned()),
                }
            }
            ["A", _, m] => Kind::Adjective {
                masculine: (*m).to_owned(),
                feminine: (*m).to_owned(),
            },
            ["A", _, m, f] => Kind::Adjective {
                masculine: (*m).to_owned(),
                feminine: (*f).to_owned(),
            },
            ["C", _, french] => Kind::Complement((*french).to_owned()),
            ["F", _, french] => Kind::Fixed((*french).to_owned()),
            _ => {
                errors.push(GlossaryError {
                    line: n + 1,
                    text: line.to_owned(),
                });
                continue;
            }
        };
        let english: Vec<String> = tokens(fields[1])
            .into_iter()
            .map(|t| t.to_lowercase())
            .collect();
        let Some(first) = english.first().cloned() else {
            errors.push(GlossaryError {
                line: n + 1,
                text: line.to_owned(),
            });
            continue;
        };
        glossary
            .by_first
            .entry(first)
            .or_default()
            .push(Phrase { english, kind });
    }
    (glossary, errors)
}

/// Splits English into words and the punctuation `( ) , /` (each a token);
/// typographic quotes are dropped, `(+)` and `(-)` kept whole.
fn tokens(english: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let text = english
        .replace(['“', '”', '"'], "")
        .replace("(+)", " (+) ")
        .replace("(-)", " (-) ");
    for part in text.split_whitespace() {
        if part == "(+)" || part == "(-)" {
            out.push(part.to_owned());
            continue;
        }
        for c in part.chars() {
            if matches!(c, '(' | ')' | ',' | '/') {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                out.push(c.to_string());
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    out
}

fn is_number(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

fn is_letter(token: &str) -> bool {
    token.len() == 1 && token.bytes().all(|b| b.is_ascii_uppercase())
}

/// A piece of the title once phrases are matched.
#[derive(Debug)]
enum Unit {
    Noun {
        french: String,
        gender: Gender,
        complement: String,
        /// A number or letter that followed it (« Cylinder 9 », « Motor A »).
        suffix: Vec<String>,
    },
    Adjective {
        masculine: String,
        feminine: String,
    },
    Complement(String),
    Fixed(String),
}

/// Matches the longest phrase at `tokens[at..]`: its length, kind and the
/// numbers and letters its `#` and `@` stood for.
fn longest<'g>(
    glossary: &'g Glossary,
    tokens: &[String],
    at: usize,
) -> Option<(usize, &'g Kind, Vec<String>)> {
    let rest = tokens.get(at..)?;
    let first = rest.first()?.to_lowercase();
    let key = if is_number(&first) {
        "#".to_owned()
    } else {
        first
    };
    let phrases = glossary.by_first.get(&key);
    let wildcard = if key == "#" {
        None
    } else {
        rest.first()
            .filter(|t| is_letter(t))
            .and_then(|_| glossary.by_first.get("@"))
    };
    phrases
        .into_iter()
        .chain(wildcard)
        .flatten()
        .filter_map(|phrase| {
            let words = rest.get(..phrase.english.len())?;
            let mut taken = Vec::new();
            for (want, got) in phrase.english.iter().zip(words) {
                match want.as_str() {
                    "#" if is_number(got) => taken.push(got.clone()),
                    "@" if is_letter(got) => taken.push(got.clone()),
                    _ if *want == got.to_lowercase() => {}
                    _ => return None,
                }
            }
            Some((phrase.english.len(), &phrase.kind, taken))
        })
        .max_by_key(|(len, _, _)| *len)
}

/// Puts the numbers and letters a phrase matched in place of its `#`/`@`.
fn fill(french: &str, taken: &[String]) -> String {
    let mut out = String::new();
    let mut taken = taken.iter();
    for c in french.chars() {
        if c == '#' || c == '@' {
            out.push_str(taken.next().map_or("", String::as_str));
        } else {
            out.push(c);
        }
    }
    out
}

/// Translates an English description into a French title.
#[must_use]
pub fn translate(english: &str) -> Title {
    translate_noting(english).0
}

/// The English words of a description the glossary does not cover.
#[must_use]
pub fn untranslated(english: &str) -> Vec<String> {
    translate_noting(english).1
}

fn translate_noting(english: &str) -> (Title, Vec<String>) {
    let mut missing = Vec::new();
    let glossary = glossary();
    let tokens = tokens(english);
    let mut units: Vec<Unit> = Vec::new();
    let mut complete = true;
    let mut at = 0;
    // A letter before a component names it (« B Camshaft … » is camshaft B):
    // held until the noun comes.
    let mut leading: Vec<String> = Vec::new();
    while let Some(token) = tokens.get(at) {
        if let Some((len, kind, taken)) = longest(glossary, &tokens, at) {
            let leading_here = std::mem::take(&mut leading);
            if !matches!(
                kind,
                Kind::Noun { .. } | Kind::Adjective { .. } | Kind::Complement(_)
            ) {
                units.extend(leading_here.iter().cloned().map(Unit::Fixed));
            } else {
                leading.extend(leading_here);
            }
            units.push(match kind {
                Kind::Noun {
                    french,
                    gender,
                    complement,
                } => Unit::Noun {
                    french: fill(french, &taken),
                    gender: *gender,
                    complement: fill(complement, &taken),
                    suffix: std::mem::take(&mut leading),
                },
                Kind::Adjective {
                    masculine,
                    feminine,
                } => Unit::Adjective {
                    masculine: fill(masculine, &taken),
                    feminine: fill(feminine, &taken),
                },
                Kind::Complement(french) => Unit::Complement(fill(french, &taken)),
                Kind::Fixed(french) => Unit::Fixed(fill(french, &taken)),
            });
            at += len;
            continue;
        }
        at += 1;
        let passes = is_number(token)
            || is_letter(token)
            || matches!(token.as_str(), "(" | ")" | "," | "/" | "-");
        if !passes {
            complete = false;
            missing.push(token.clone());
        }
        // A number or letter right after a noun belongs to it.
        if let Some(Unit::Noun { suffix, .. }) = units.last_mut()
            && leading.is_empty()
            && (is_number(token) || is_letter(token))
        {
            suffix.push(token.clone());
            continue;
        }
        if is_letter(token)
            && !matches!(
                units.last(),
                Some(Unit::Adjective { .. } | Unit::Complement(_))
            )
        {
            leading.push(token.clone());
            continue;
        }
        units.extend(std::mem::take(&mut leading).into_iter().map(Unit::Fixed));
        units.push(Unit::Fixed(token.clone()));
    }
    units.extend(leading.into_iter().map(Unit::Fixed));
    (
        Title {
            text: tidy(&render(units)),
            complete,
        },
        missing,
    )
}

/// Says the units in French order: each run of nouns, adjectives and
/// complements is turned around its last noun.
fn render(units: Vec<Unit>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<Unit> = Vec::new();
    // The gender of the head of the run that follows a fixed phrase, for
    // its `{le}` / `{du}` article.
    let mut pending_article: Option<usize> = None;
    for unit in units {
        if let Unit::Fixed(text) = unit {
            flush(&mut run, &mut out, &mut pending_article);
            if text.contains("{le}") || text.contains("{du}") {
                pending_article = Some(out.len());
            }
            out.push(text);
        } else {
            run.push(unit);
        }
    }
    flush(&mut run, &mut out, &mut pending_article);
    if let Some(i) = pending_article
        && let Some(text) = out.get_mut(i)
    {
        *text = text.replace(" {le}", "").replace(" {du}", " de");
    }
    out
}

/// Turns one run around its head noun and says it.
fn flush(run: &mut Vec<Unit>, out: &mut Vec<String>, article: &mut Option<usize>) {
    if run.is_empty() {
        return;
    }
    let units = std::mem::take(run);
    let head = units.iter().rposition(|u| matches!(u, Unit::Noun { .. }));
    let Some(head) = head else {
        // No noun: adjectives and complements said as they stand.
        for unit in &units {
            out.push(word_of(unit, Gender::M));
        }
        return;
    };
    // Each adjective agrees with the next noun after it in English.
    let head_gender = match units.get(head) {
        Some(Unit::Noun { gender, .. }) => *gender,
        _ => Gender::M,
    };
    let mut genders = vec![head_gender; units.len()];
    let mut next = head_gender;
    for (i, unit) in units.iter().enumerate().rev() {
        if let Unit::Noun { gender, .. } = unit {
            next = *gender;
        }
        genders[i] = next;
    }
    let mut phrase: Vec<String> = Vec::new();
    let mut head_suffix = Vec::new();
    if let Some(Unit::Noun {
        french,
        gender,
        suffix,
        ..
    }) = units.get(head)
    {
        if let Some(i) = article.take()
            && let Some(text) = out.get_mut(i)
        {
            *text = with_article(text, french, *gender);
        }
        phrase.push(french.clone());
        head_suffix.clone_from(suffix);
    }
    for (i, unit) in units.iter().enumerate().take(head).rev() {
        phrase.push(word_of(unit, genders[i]));
    }
    phrase.extend(head_suffix);
    for (i, unit) in units.iter().enumerate().skip(head + 1) {
        phrase.push(word_of(unit, genders[i]));
    }
    out.push(phrase.join(" "));
}

/// A modifier as it follows its head.
fn word_of(unit: &Unit, gender: Gender) -> String {
    match unit {
        Unit::Noun {
            complement, suffix, ..
        } => {
            let mut s = complement.clone();
            for x in suffix {
                s.push(' ');
                s.push_str(x);
            }
            s
        }
        Unit::Adjective {
            masculine,
            feminine,
        } => match gender {
            Gender::M => masculine.clone(),
            Gender::F => feminine.clone(),
        },
        Unit::Complement(s) | Unit::Fixed(s) => s.clone(),
    }
}

/// Replaces `{le}` / `{du}` by the article the noun takes.
fn with_article(text: &str, noun: &str, gender: Gender) -> String {
    let vowel = starts_with_vowel(noun);
    let (le, du) = match (vowel, gender) {
        (true, _) => ("l'", "de l'"),
        (false, Gender::M) => ("le ", "du "),
        (false, Gender::F) => ("la ", "de la "),
    };
    // The article is glued to the noun that follows: drop the space after it.
    text.replace("{le}", &format!("{le}\u{0}"))
        .replace("{du}", &format!("{du}\u{0}"))
}

/// Joins the pieces with spaces and puts the punctuation right.
fn tidy(pieces: &[String]) -> String {
    let mut text = pieces.join(" ");
    for (from, to) in [
        ("\u{0} ", ""),
        ("\u{0}", ""),
        (" / ", "/"),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        (",,", ","),
        (", :", " :"),
        (": ,", ":"),
        ("  ", " "),
        (" de le ", " du "),
        (" de les ", " des "),
    ] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    let text = text
        .trim()
        .trim_start_matches([',', ':', ' '])
        .trim_end_matches([',', ' ']);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_has_no_malformed_line() {
        assert_eq!(glossary_errors(), Vec::new());
    }

    #[test]
    fn the_glossary_gives_each_phrase_once() {
        assert_eq!(glossary_duplicates(), Vec::<String>::new());
    }

    #[test]
    fn tokens_keep_punctuation_apart() {
        assert_eq!(
            tokens("Throttle/Pedal Position Sensor “A” (Cam/Rotor)"),
            [
                "Throttle", "/", "Pedal", "Position", "Sensor", "A", "(", "Cam", "/", "Rotor", ")"
            ]
        );
    }

    #[test]
    fn nouns_are_turned_around_their_head() {
        let t = translate("Intake Air Temperature Sensor 1 Circuit Low");
        assert_eq!(
            t.text,
            "Capteur de température d'air d'admission 1, circuit : signal bas"
        );
        assert!(t.complete);
    }

    #[test]
    fn adjectives_agree_with_the_noun_they_qualified() {
        let t = translate("Right Front Wheel Speed Sensor");
        assert_eq!(t.text, "Capteur de vitesse de roue avant droite");
    }

    #[test]
    fn a_word_the_glossary_lacks_stays_english_and_the_title_is_partial() {
        let t = translate("Flux Capacitor Sensor");
        assert!(!t.complete);
        assert!(t.text.contains("Flux"), "{}", t.text);
    }
}

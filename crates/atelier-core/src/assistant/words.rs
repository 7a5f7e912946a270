//! Words as the assistant reads them: folded (lower case, no accents),
//! split on spaces and punctuation, with the shorthand people type at a
//! counter spelled out, and a tolerance of one slip for longer words.

use crate::text::fold;

/// One word of an utterance, folded (`Réparé,` → `repare`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The folded word.
    pub text: String,
}

/// The longest utterance read, in characters; longer input is refused
/// before any work.
pub const MAX_CHARS: usize = 500;

/// Splits `utterance` into folded words.
///
/// Apostrophes split (`l'année` → `l`, `annee`); `?`, `!`, `,`, `;`, `:`,
/// quotes and brackets are dropped; a trailing full stop is dropped. What
/// plates, dates, times, amounts and numbers are made of stays inside a word
/// (`ab-123-cd`, `25/11`, `14h30`, `150,50`, `or-2026-0017`). The euro sign
/// becomes the word `euros`. Shorthand is spelled out: `rdv`, `rendez-vous`
/// and `rendez vous` are all `rdv`.
pub fn words(utterance: &str) -> Vec<Word> {
    let utterance = &without_ca(utterance);
    let mut spaced = String::with_capacity(utterance.len() + 8);
    for c in utterance.chars() {
        match c {
            '€' => spaced.push_str(" euros "),
            '\'' | '’' | '`' | '´' => spaced.push(' '),
            '?' | '!' | ',' | ';' | '"' | '«' | '»' | '(' | ')' | '[' | ']' | '“' | '”' => {
                // A comma between digits is a decimal comma (150,50).
                spaced.push(if c == ',' { ',' } else { ' ' });
            }
            _ => spaced.push(c),
        }
    }
    // Commas not between two digits split words.
    let chars: Vec<char> = spaced.chars().collect();
    let mut cleaned = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            cleaned.push(if digit_before && digit_after {
                ','
            } else {
                ' '
            });
        } else if c == ':' {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            cleaned.push(if digit_before && digit_after {
                ':'
            } else {
                ' '
            });
        } else {
            cleaned.push(c);
        }
    }
    let folded = fold(&cleaned);
    let mut out: Vec<Word> = Vec::new();
    for raw in folded.split(' ') {
        let w = raw.trim_matches(|c: char| c == '.' || c == '-' || c == '_' || c == '*');
        if w.is_empty() {
            continue;
        }
        // `+30j` keeps its plus sign; other leading signs go.
        let w = if w.starts_with('+') && w[1..].starts_with(|c: char| c.is_ascii_digit()) {
            w.to_owned()
        } else {
            w.trim_start_matches('+').to_owned()
        };
        if w.is_empty() {
            continue;
        }
        // « sais-tu », « peut-on », « reste-t-il »: the verb and its
        // pronoun are two words.
        if let Some((verb, pronoun)) = inverted(&w) {
            out.push(Word {
                text: verb.to_owned(),
            });
            out.push(Word {
                text: pronoun.to_owned(),
            });
            continue;
        }
        out.push(Word { text: w });
    }
    spell_out(out)
}

/// A verb with its pronoun after a dash (« sais-tu », « reste-t-il »):
/// the verb and the pronoun.
fn inverted(w: &str) -> Option<(&str, &str)> {
    for pronoun in [
        "-t-il", "-t-elle", "-t-on", "-tu", "-vous", "-il", "-elle", "-on", "-nous", "-ils",
        "-elles", "-je", "-moi",
    ] {
        if let Some(verb) = w.strip_suffix(pronoun)
            && verb.len() >= 2
            && !verb.contains('-')
        {
            return Some((verb, pronoun.rsplit('-').next().unwrap_or(pronoun)));
        }
    }
    None
}

/// « ça » as « cela »: folded it would read « ca », the chiffre d'affaires.
fn without_ca(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let standalone = matches!(chars[i], 'ç' | 'Ç')
            && chars.get(i + 1).is_some_and(|c| matches!(c, 'a' | 'A'))
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric());
        if standalone {
            out.push_str("cela");
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Shorthand spelled out, and a few words joined or split so that every
/// later step sees one form.
fn spell_out(words: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text.as_str();
        let next = words.get(i + 1).map(|w| w.text.as_str());
        // Two words that are one.
        let joined = match (w, next) {
            ("rendez", Some("vous")) => Some("rdv"),
            ("aujourd", Some("hui")) => Some("aujourdhui"),
            ("apres", Some("midi")) => Some("apres-midi"),
            ("apres", Some("demain")) => Some("apres-demain"),
            ("avant", Some("hier")) => Some("avant-hier"),
            _ => None,
        };
        if let Some(j) = joined {
            out.push(Word { text: j.to_owned() });
            i += 2;
            continue;
        }
        // One word typed for two (« jai », « dheures »).
        let split: Option<&[&str]> = match w {
            "jai" => Some(&["j", "ai"]),
            "jsuis" | "chui" | "chuis" => Some(&["je", "suis"]),
            "tas" => Some(&["t", "as"]),
            "dheures" => Some(&["d", "heures"]),
            "jattends" => Some(&["j", "attends"]),
            "cest" | "c" => Some(&["c", "est"]),
            _ => None,
        };
        if let Some(parts) = split {
            out.extend(parts.iter().map(|p| Word {
                text: (*p).to_owned(),
            }));
            i += 1;
            continue;
        }
        let text = match w {
            "rendez-vous" | "rendezvous" | "rdvs" | "rv" => "rdv",
            _ if w.starts_with("rendez-") || w.starts_with("rdv") => "rdv",
            _ if w.len() >= 8 && close(w, "telephone") => "tel",
            "cmd" | "cde" | "commande" => "commande",
            "nouvo" | "nouvel" | "nvx" | "nv" | "nouveaux" => "nouveau",
            "nvelle" | "nouvelles" => "nouvelle",
            "aujourd-hui" => "aujourdhui",
            "stp" | "svp" | "plz" | "pls" => "please",
            "ajd" | "auj" | "ajourd" => "aujourdhui",
            "dem" | "2main" => "demain",
            "ds" => "dans",
            "ki" => "qui",
            "koi" => "quoi",
            "kel" | "kelle" => "quel",
            "qd" => "quand",
            "cb" | "cmb" | "combiens" => "combien",
            "tjrs" | "tjs" | "tjr" => "toujours",
            "pr" => "pour",
            "ms" | "mr" | "monsieur" | "mister" | "mrs" | "madame" | "mme" | "mlle"
            | "mademoiselle" => "m",
            "fact" | "fac" | "fct" => "facture",
            "facts" => "factures",
            "tel" | "telephone" | "phone" | "portable" | "mobile" => "tel",
            _ => w,
        };
        out.push(Word {
            text: text.to_owned(),
        });
        i += 1;
    }
    out
}

/// Words that carry no meaning of their own for the assistant, in both
/// languages: they are never taken for a name.
pub fn is_filler(w: &str) -> bool {
    FILLERS.binary_search(&w).is_ok()
}

/// Sorted: [`is_filler`] searches it.
const FILLERS: &[&str] = &[
    "a", "about", "ai", "aimerais", "al", "all", "alors", "an", "and", "any", "are", "as", "at",
    "au", "aussi", "aux", "avec", "avez", "avoir", "avons", "be", "besoin", "bien", "bonjour",
    "bonsoir", "by", "c", "can", "car", "ce", "cela", "ces", "cet", "cette", "ceux", "chez",
    "coucou", "could", "d", "dans", "de", "des", "dire", "dis", "dit", "do", "does", "doit",
    "donc", "donne", "donner", "donnez", "du", "elle", "en", "es", "est", "est-ce", "et", "etat",
    "etre", "eu", "faire", "fais", "fait", "faut", "for", "from", "get", "give", "got", "has",
    "have", "hello", "hey", "hi", "i", "il", "ils", "in", "is", "it", "its", "j", "je", "jusqu",
    "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "merci", "mes", "moi",
    "mon", "montre", "montrer", "montrez", "my", "n", "ne", "need", "nos", "notre", "nous", "of",
    "on", "ont", "ou", "our", "par", "pas", "peut", "peux", "plait", "please", "pour", "pourrais",
    "pourriez", "pouvez", "puis", "qu", "que", "quel", "quelle", "quelles", "quels", "qui", "quoi",
    "s", "sa", "salut", "savoir", "ses", "show", "si", "sil", "so", "son", "sont", "suis", "sur",
    "svp", "t", "ta", "te", "tell", "thanks", "that", "the", "their", "there", "these", "this",
    "those", "to", "toi", "ton", "tous", "tout", "toute", "toutes", "tu", "un", "une", "us",
    "veux", "voir", "voudrais", "voulez", "vous", "vs", "want", "we", "what", "whats", "which",
    "who", "whom", "whose", "will", "with", "would", "y", "you", "your",
];

/// Whether `word` is `target` give or take one slip: a letter missing, one
/// too many or two swapped for words of five letters or more, and also one
/// wrong letter for words of seven or more (« martin » is not « margin »,
/// nor « fabre » « faire »); shorter words must match exactly.
pub fn close(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    if target.len() < 5 || word.len() < 4 {
        return false;
    }
    let a = word.as_bytes();
    let b = target.as_bytes();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    // One letter replaced, removed, added, or two swapped.
    (ra.len() == rb.len() && b.len() >= 7 && ra[1..] == rb[1..])
        || (ra.len() == rb.len() + 1 && ra[1..] == *rb)
        || (rb.len() == ra.len() + 1 && rb[1..] == *ra)
        || (ra.len() == rb.len()
            && ra.len() >= 2
            && ra[0] == rb[1]
            && ra[1] == rb[0]
            && ra[2..] == rb[2..])
}

/// Same length, one letter different.
fn one_letter_off(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() <= 1
}

/// Whether `word` matches a cue: `stem*` matches any word starting with
/// `stem` (and a slip of `stem` itself when it is long); a bare cue matches
/// the word give or take one slip.
pub fn matches(word: &str, cue: &str) -> bool {
    if let Some(stem) = cue.strip_suffix('*') {
        word.starts_with(stem)
            || (stem.len() >= 6
                && word.len() >= stem.len()
                && word.is_char_boundary(stem.len())
                && (one_letter_off(&word[..stem.len()], stem) || close(&word[..stem.len()], stem)))
            || (stem.len() >= 5 && word.len() + 1 >= stem.len() && close(word, stem))
    } else {
        close(word, cue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_fold_split_and_spell_out() {
        assert_eq!(
            texts("Où en est l'OR de M. Martin ?"),
            ["ou", "en", "est", "l", "or", "de", "m", "martin"]
        );
        assert_eq!(
            texts("RDV demain à 14h30, svp"),
            ["rdv", "demain", "a", "14h30", "please"]
        );
        assert_eq!(
            texts("rendez-vous d'aujourd'hui"),
            ["rdv", "d", "aujourdhui"]
        );
        assert_eq!(
            texts("150,50 € pour AB-123-CD."),
            ["150,50", "euros", "pour", "ab-123-cd"]
        );
        assert_eq!(texts("impayés +30j"), ["impayes", "+30j"]);
        assert_eq!(texts("ça va, pas reçu"), ["cela", "va", "pas", "recu"]);
        assert_eq!(texts("Que sais-tu faire ?"), ["que", "sais", "tu", "faire"]);
        assert_eq!(
            texts("reste-t-il des bougies"),
            ["reste", "il", "des", "bougies"]
        );
        assert_eq!(texts("à 14:30 le 25/11"), ["a", "14:30", "le", "25/11"]);
    }

    #[test]
    fn one_slip_is_forgiven_on_long_words_only() {
        assert!(close("factrue", "facture"));
        assert!(close("facure", "facture"));
        assert!(close("factures", "facture"));
        assert!(close("fecture", "facture"));
        assert!(!close("martin", "margin"));
        assert!(close("demian", "demain"));
        assert!(!close("fcatrues", "facture"));
        assert!(!close("rdv", "rdc"));
        assert!(matches("impayees", "impay*"));
        assert!(matches("inpayees", "impaye*"));
        assert!(!matches("paye", "impaye*"));
        assert!(is_filler("the") && is_filler("quel") && !is_filler("martin"));
        let mut sorted = FILLERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, FILLERS, "FILLERS must stay sorted");
    }
}

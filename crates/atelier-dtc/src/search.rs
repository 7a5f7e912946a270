//! The word index: every folded word of every title (English and French)
//! and the entries that hold it.

use std::collections::{BTreeMap, HashMap};

use crate::Entry;

/// Words too common to narrow a search down.
const STOP: &[&str] = &[
    "de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "aux", "et", "en", "the", "of",
    "to", "and", "or", "ou",
];

/// Folded word → the entries (indices, ascending) whose titles hold it.
#[derive(Debug, Default)]
pub(crate) struct Index {
    words: BTreeMap<String, Vec<u32>>,
}

/// The words of a text, accents and case folded (« Capteur de température »
/// → `capteur`, `temperature`), stop words left out.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> {
    deunicode::deunicode(text)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

impl Index {
    pub(crate) fn build(entries: &[Entry]) -> Self {
        let mut words_of: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, entry) in entries.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let generic = entry
                .generic
                .iter()
                .flat_map(|g| [g.english.as_str(), g.french.as_str()]);
            let makes = entry.makes.iter().map(|m| m.english.as_str());
            for text in generic.chain(makes) {
                for word in words(text) {
                    let list = words_of.entry(word).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Self { words: words_of }
    }

    /// The entries holding every word of the query, best first.
    pub(crate) fn search(&self, query: &str, entries: &[Entry]) -> Vec<u32> {
        let mut terms: Vec<String> = words(query).collect();
        terms.dedup();
        let Some(last) = terms.len().checked_sub(1) else {
            return Vec::new();
        };
        // entry → (terms matched, score): a whole word counts 2, a prefix 1.
        let mut hits: HashMap<u32, (usize, u32)> = HashMap::new();
        for (t, term) in terms.iter().enumerate() {
            let mut best: HashMap<u32, u32> = HashMap::new();
            let prefix = t == last || term.len() >= 4;
            for (word, list) in self.words.range(term.clone()..) {
                let exact = word == term;
                if !(exact || prefix && word.starts_with(term.as_str())) {
                    break;
                }
                let score = if exact { 2 } else { 1 };
                for &i in list {
                    let s = best.entry(i).or_default();
                    *s = (*s).max(score);
                }
            }
            for (i, score) in best {
                if t == 0 {
                    hits.insert(i, (1, score));
                } else if let Some(hit) = hits.get_mut(&i)
                    && hit.0 == t
                {
                    *hit = (t + 1, hit.1 + score);
                }
            }
        }
        let mut ranked: Vec<(u32, u32)> = hits
            .into_iter()
            .filter(|(_, (matched, _))| *matched == terms.len())
            .map(|(i, (_, score))| (i, score))
            .collect();
        let key = |i: u32| {
            entries.get(i as usize).map_or((true, usize::MAX), |e| {
                (e.generic.is_none(), e.title(None).len())
            })
        };
        ranked.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(key(a.0).cmp(&key(b.0)))
                .then(a.0.cmp(&b.0))
        });
        ranked.into_iter().map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_stop_words_dropped() {
        let w: Vec<String> = words("Capteur de température d’air d'ADMISSION").collect();
        assert_eq!(w, ["capteur", "temperature", "air", "admission"]);
    }
}

//! The embedded data, parsed once into entries sorted by code.

use std::sync::OnceLock;

use serde::Serialize;

use crate::search::Index;
use crate::{Code, DtcError, Make, french};

/// The CSV as shipped: `code,manufacturer,type,description`.
const CSV: &str = include_str!("../data/dtc_codes_en.csv");

/// What the CSV calls the standard codes' "manufacturer".
const GENERIC: &str = "GENERIC";
/// What it calls a maker-specific meaning whose maker it does not name.
const OTHER: &str = "OTHER";

/// Everything the library knows about one code.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The code.
    pub code: Code,
    /// The SAE meaning, the same for every make; `None` for a code only
    /// makers define (most `P1xxx`).
    pub generic: Option<Generic>,
    /// What makers say the code means on their cars, by make.
    pub makes: Vec<MakeMeaning>,
}

/// The standard meaning of a code, in English and in French.
#[derive(Debug, Clone, Serialize)]
pub struct Generic {
    /// The description as SAE J2012 words it.
    pub english: String,
    /// The French title from the glossary; where it could not translate a
    /// word, that word stays in English (see `fully_translated`).
    pub french: String,
    /// Whether every word was translated: when not, show the English beside
    /// the French.
    pub fully_translated: bool,
}

/// A maker's meaning of a code.
#[derive(Debug, Clone, Serialize)]
pub struct MakeMeaning {
    /// The make; `None` where the source files it under an unnamed maker.
    pub make: Option<Make>,
    /// The description, in English.
    pub english: String,
}

impl Entry {
    /// What `make` says the code means, when the library has its meaning.
    #[must_use]
    pub fn for_make(&self, make: &Make) -> Option<&MakeMeaning> {
        self.makes.iter().find(|m| m.make.as_ref() == Some(make))
    }

    /// The title to show first: the generic French title, else the English
    /// of the make asked for, else of any maker.
    #[must_use]
    pub fn title(&self, make: Option<&Make>) -> &str {
        if let Some(generic) = &self.generic {
            return &generic.french;
        }
        make.and_then(|m| self.for_make(m))
            .or(self.makes.first())
            .map_or("", |m| m.english.as_str())
    }
}

/// The whole library: entries by code and the word index.
#[derive(Debug)]
pub struct Library {
    entries: Vec<Entry>,
    index: Index,
}

/// The library, parsed on first use (a few tens of milliseconds) and kept
/// for the life of the process.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::parse(CSV))
}

/// One row of the CSV.
#[derive(serde::Deserialize)]
struct Row {
    code: String,
    manufacturer: String,
    description: String,
}

impl Library {
    /// Parses the CSV. A row whose code is malformed is skipped (the tests
    /// check that the shipped file has none).
    fn parse(csv: &str) -> Self {
        let mut entries: Vec<Entry> = Vec::with_capacity(12_000);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut rows: Vec<(Code, Row)> = reader
            .deserialize::<Row>()
            .filter_map(Result::ok)
            .filter_map(|row| Some((Code::parse(&row.code).ok()?, row)))
            .collect();
        rows.sort_by_key(|r| r.0);
        for (code, row) in rows {
            if entries.last().is_none_or(|e| e.code != code) {
                entries.push(Entry {
                    code,
                    generic: None,
                    makes: Vec::new(),
                });
            }
            let Some(entry) = entries.last_mut() else {
                continue;
            };
            if row.manufacturer == GENERIC {
                let title = french::translate(&row.description);
                entry.generic = Some(Generic {
                    english: row.description,
                    french: title.text,
                    fully_translated: title.complete,
                });
            } else {
                let make = if row.manufacturer == OTHER {
                    None
                } else {
                    Make::new(&row.manufacturer)
                };
                entry.makes.push(MakeMeaning {
                    make,
                    english: row.description,
                });
            }
        }
        let index = Index::build(&entries);
        Self { entries, index }
    }

    /// The entry of a code, if the library has one.
    #[must_use]
    pub fn get(&self, code: Code) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.code.cmp(&code))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// Looks up what a person typed (« p 0420 »): refused when it is no
    /// code, `Unknown` when the library has no meaning for it.
    pub fn lookup(&self, input: &str) -> Result<&Entry, DtcError> {
        let code = Code::parse(input)?;
        self.get(code).ok_or(DtcError::Unknown { code })
    }

    /// Codes whose titles (English or French, any make) hold every word of
    /// the query, accents and case ignored, the last word as a prefix; the
    /// best first (whole words before prefixes, generic codes before
    /// makers', shorter titles first), at most `limit`. A query that is a
    /// code finds that code first.
    #[must_use]
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Entry> {
        let mut found: Vec<&Entry> = Vec::new();
        if let Ok(entry) = self.lookup(query) {
            found.push(entry);
        }
        for i in self.index.search(query, &self.entries) {
            if found.len() >= limit {
                break;
            }
            if let Some(entry) = self.entries.get(i as usize)
                && !found.iter().any(|e| e.code == entry.code)
            {
                found.push(entry);
            }
        }
        found.truncate(limit);
        found
    }

    /// Every entry, by code.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    /// How many codes the library knows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the library is empty (never, as shipped).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

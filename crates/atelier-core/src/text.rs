//! Text folding for search and sorting: accent- and case-insensitive, so
//! "Hélène" is found by "helene" and sorts beside "Helene".

/// Folds `s` to lowercase ASCII-ish text: accents dropped, ligatures spelled out
/// ("Œuvre" → "oeuvre"), whitespace collapsed.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes `%`, `_` and `\` so `s` matches literally inside a `LIKE … ESCAPE '\'`.
pub fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Trims `s` and turns an empty result into `None`: what a person left blank is
/// absent, not an empty string.
pub fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_accents_case_and_extra_spaces() {
        assert_eq!(fold("  Hélène   DURAND "), "helene durand");
        assert_eq!(fold("Œuvre Façade"), "oeuvre facade");
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_escape(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn blank_is_absent() {
        assert_eq!(clean(Some("  ")), None);
        assert_eq!(clean(Some(" x ")), Some("x".into()));
        assert_eq!(clean(None), None);
    }
}

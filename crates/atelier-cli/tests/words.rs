//! Where the command's French and English texts live: its catalogue,
//! `src/words/` (one file per command area), as core's live in each area's
//! `words.rs`. A French and an English text chosen side by side anywhere
//! else — `if fr {`, `Locale::Fr =>`, `if locale == Locale::Fr {` — is
//! refused.

use std::path::Path;

const PATTERNS: &[&str] = &["if fr {", "Locale::Fr =>", "if locale == Locale::Fr {"];

/// The sources under `dir` outside the catalogue, with how many texts each
/// chooses by language, when it chooses any.
fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, usize)>) {
    for entry in std::fs::read_dir(dir).expect("the command's sources are readable") {
        let path = entry.expect("a directory entry").path();
        let rel = path
            .strip_prefix(root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "words" || rel == "words.rs" {
            continue;
        }
        if path.is_dir() {
            walk(&path, root, out);
            continue;
        }
        if !rel.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file is text");
        let count = PATTERNS.iter().map(|p| text.matches(p).count()).sum();
        if count > 0 {
            out.push((rel, count));
        }
    }
}

#[test]
fn texts_in_two_languages_live_in_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert!(
        root.join("words").is_dir(),
        "the catalogue is src/words/: update this test if it moved"
    );
    let mut found = Vec::new();
    walk(&root, &root, &mut found);
    found.sort();
    let wrong: Vec<String> = found
        .iter()
        .map(|(file, count)| {
            format!("{file}: {count} text(s) chosen by language; put them in src/words/")
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

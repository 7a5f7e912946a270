//! Where the shell's French and English texts live: `src/words.rs`, as
//! core's live in each area's `words.rs` and the CLI's in its `src/words/`.
//! A French and an English text chosen side by side anywhere else —
//! `if fr {`, `Locale::Fr =>`, `if locale == Locale::Fr {` — is refused.

use std::path::Path;

const PATTERNS: &[&str] = &["if fr {", "Locale::Fr =>", "if locale == Locale::Fr {"];

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("the shell's sources are readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, root, out);
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "words.rs" || !rel.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file is text");
        let count: usize = PATTERNS.iter().map(|p| text.matches(p).count()).sum();
        if count > 0 {
            out.push(format!(
                "{rel}: {count} text(s) chosen by language; put them in src/words.rs"
            ));
        }
    }
}

#[test]
fn texts_in_two_languages_live_in_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert!(
        root.join("words.rs").is_file(),
        "the catalogue is src/words.rs"
    );
    let mut wrong = Vec::new();
    walk(&root, &root, &mut wrong);
    wrong.sort();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

//! Where core's French and English texts live (docs/architecture.md): an
//! area's catalogue (`words.rs`) or its refusals (`error.rs`). A French
//! and an English text chosen side by side anywhere else — `if fr {`,
//! `Locale::Fr =>`, `if locale == Locale::Fr {` — is refused, except in the
//! files listed below, which may hold no more of them than they do today.

use std::collections::BTreeMap;
use std::path::Path;

/// The files that still choose between two texts where they use them, how
/// many times, and why they are left.
const LEFT: &[(&str, usize, &str)] = &[
    ("access.rs", 1, "an enum's names, as a table beside it"),
    (
        "einvoice/platform/mod.rs",
        1,
        "an enum's names, as a table beside it",
    ),
    (
        "diagnosis/messages.rs",
        2,
        "the trees' refusals, with their enum in error.rs",
    ),
    ("einvoice/reporting/mod.rs", 1, "a period's label"),
    (
        "invoices/issue.rs",
        1,
        "the balance line, stored and recognised by its text",
    ),
    (
        "invoices/payments.rs",
        1,
        "an enum's names, as a table beside it",
    ),
    (
        "messages/mod.rs",
        1,
        "the word for a vehicle without a name",
    ),
    (
        "orders/inspection/mod.rs",
        3,
        "the template's points, as a table",
    ),
    (
        "orders/status/mod.rs",
        1,
        "an enum's names, as a table beside it",
    ),
    (
        "text.rs",
        2,
        "how a date and a number are written, not words",
    ),
    ("validation.rs", 1, "refusals"),
    ("validation/domain.rs", 2, "refusals"),
];

const PATTERNS: &[&str] = &["if fr {", "Locale::Fr =>", "if locale == Locale::Fr {"];

fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, usize>) {
    for entry in std::fs::read_dir(dir).expect("core's sources are readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(&path, root, out);
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let rel = path
            .strip_prefix(root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let is_test = name == "tests.rs" || rel.split('/').any(|part| part == "tests");
        if !name.ends_with(".rs") || name == "words.rs" || name == "error.rs" || is_test {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file is text");
        let count = PATTERNS.iter().map(|p| text.matches(p).count()).sum();
        if count > 0 {
            out.insert(rel, count);
        }
    }
}

#[test]
fn texts_in_two_languages_live_in_the_areas_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    walk(&root, &root, &mut found);
    let mut wrong = Vec::new();
    for (file, count) in &found {
        match LEFT.iter().find(|(f, _, _)| f == file) {
            None => wrong.push(format!(
                "{file}: {count} text(s) chosen by language; put them in the area's words.rs"
            )),
            Some((_, allowed, _)) if count > allowed => wrong.push(format!(
                "{file}: {count} texts chosen by language, {allowed} before; put the new ones in the area's words.rs"
            )),
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

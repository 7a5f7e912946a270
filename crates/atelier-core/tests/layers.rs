//! The shape of atelier-core, checked over its `use` lines (docs/architecture.md):
//! no source file imports another that imports it back, directly or through
//! others, and no module imports one of a higher layer.
//!
//! A file's imports are the `crate::…` and `super::…` paths it names outside
//! comments and its `#[cfg(test)] mod tests` block; each resolves to the
//! deepest module file it reaches (`crate::orders::lines::add_line` is
//! `orders/lines.rs`), and through the re-exports on the way to the file that
//! writes the item (`crate::orders::Line`, re-exported by `orders/mod.rs`
//! from `orders/line.rs`, is `orders/line.rs`; `crate::Db` is `db.rs`). A
//! parent's `mod child;` declaration and its `pub use child::…` re-exports
//! are its table of contents, not imports. The crate root's `Error` and
//! `Result` stay the root's: every area names the crate's error that way. Test files (`tests.rs`, `tests/`) are left
//! out: a test may reach anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers of core's top-level modules, lowest first. A module may
/// import its own layer (without a loop) and the layers below, never one
/// above. A new top-level module must be given its place here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "vocabulary: words, numbers and checks every area shares",
        &[
            "text",
            "validation",
            "amounts",
            "access",
            "device",
            "files",
            "settings",
            "calendar",
        ],
    ),
    (
        "store: the database, its journal and the operations it records",
        &[
            "cipher", "db", "audit", "stamps", "outbox", "journal", "backup",
        ],
    ),
    ("the till's closures", &["till"]),
    ("index and derived data", &["search", "derive", "users"]),
    ("parties", &["customers", "workshop"]),
    ("vehicles", &["vehicles"]),
    ("stock", &["stock"]),
    ("orders", &["orders"]),
    (
        "diagnosis over the orders: guided trees, readings, checks and findings",
        &["diagnosis"],
    ),
    ("invoices", &["invoices", "planning"]),
    (
        "reading and moving many areas at once",
        &[
            "reports",
            "import",
            "messages",
            "diagnostic",
            "sync",
            "integrity",
            "archives",
            "fec",
            "einvoice",
            "privacy",
            "campaigns",
            "satisfaction",
        ],
    ),
    (
        "the crate's error, wrapping each area's own (modules name it as crate::Error)",
        &["error"],
    ),
    ("pages over the areas", &["pages", "exports", "assistant"]),
    ("what starts a station", &["startup"]),
];

/// Imports of a higher layer that are known and due to go, each with why.
/// Shrink this list; never grow it.
const KNOWN_UPWARD: &[(&str, &str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

type Module = Vec<String>;

/// Every module file of the crate (tests left out), by module path.
fn modules(root: &Path) -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ reads") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    stack.push(path);
                }
                continue;
            }
            let rel = path.strip_prefix(root).expect("under src/");
            let name = rel.to_string_lossy().replace('\\', "/");
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            let file = stem.rsplit('/').next().unwrap_or(stem);
            if ["tests", "test_servers", "papers_read"].contains(&file) {
                continue;
            }
            let mut parts: Module = stem.split('/').map(str::to_owned).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            out.insert(parts, path);
        }
    }
    out
}

/// The source without comments and without its unit-test block.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file reads");
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        let without = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(without);
        out.push('\n');
    }
    out
}

/// The paths after each `crate::` or `super::` (use groups expanded), with
/// the module they start from.
fn paths(code: &str) -> Vec<(bool, usize, Vec<String>)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let is_crate = rest.starts_with(b"crate::");
        let is_super = rest.starts_with(b"super::");
        if !boundary || (i > 1 && &bytes[i - 2..i] == b"::") || !(is_crate || is_super) {
            i += 1;
            continue;
        }
        let mut at = i;
        let mut supers = 0;
        if is_crate {
            at += "crate".len();
        } else {
            while code[at..].starts_with("super::") {
                supers += 1;
                at += "super::".len();
            }
            at -= 2; // back onto the `::` that follows the last `super`
        }
        let (found, end) = expand(code, at, Vec::new());
        for p in found {
            out.push((is_crate, supers, p));
        }
        i = end.max(i + 1);
    }
    out
}

/// Reads `::a::b::{c, d::e}` from `at`, returning each full path and where it ended.
fn expand(code: &str, mut at: usize, base: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let bytes = code.as_bytes();
    let mut path = base;
    loop {
        if !code[at..].starts_with("::") {
            return (vec![path], at);
        }
        at += 2;
        if bytes.get(at) == Some(&b'{') {
            let mut depth = 0;
            let mut end = at;
            for (k, c) in code[at..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = at + k;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let inner = &code[at + 1..end];
            let mut found = Vec::new();
            let mut depth = 0;
            let mut start = 0;
            let mut items = Vec::new();
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&inner[start..k]);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[start..]);
            for item in items {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                let joined = format!("::{item}");
                let (sub, _) = expand(&joined, 0, path.clone());
                found.extend(sub);
            }
            return (found, end + 1);
        }
        let word: String = code[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            return (vec![path], at);
        }
        at += word.len();
        if word != "self" {
            path.push(word);
        }
    }
}

/// What a module re-exports: (module, name it is known by there) → the full
/// path it comes from.
type Reexports = BTreeMap<(Module, String), Vec<String>>;

/// The names the crate root re-exports that stay the root's: the crate's
/// error, which every area names as `crate::Error` so the umbrella can sit
/// above them (docs/architecture.md), and rusqlite's types.
const ROOT_OWN: &[&str] = &["Error", "Result", "Connection", "Transaction"];

/// Every `pub use` (any visibility) of every module file, each name with the
/// full path it stands for: `pub use lines::{Line, add_line as add}` in
/// `orders/mod.rs` makes `orders::Line` stand for `orders::lines::Line` and
/// `orders::add` for `orders::lines::add_line`.
fn reexports(known: &BTreeMap<Module, PathBuf>) -> Reexports {
    let mut out = Reexports::new();
    for (module, file) in known {
        let code = code(file);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("use ") {
            let before = rest[..at].trim_end();
            let stmt_end = rest[at..].find(';').map_or(rest.len(), |e| at + e);
            let stmt = &rest[at + "use ".len()..stmt_end];
            rest = &rest[stmt_end.min(rest.len())..];
            let public =
                before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
            if !public
                || before
                    .lines()
                    .last()
                    .is_some_and(|l| !l.trim_start().starts_with("pub"))
            {
                continue;
            }
            for (alias, path) in reexported(stmt) {
                let full: Vec<String> = match path.first().map(String::as_str) {
                    Some("crate") => path[1..].to_vec(),
                    Some("super") => {
                        let supers = path.iter().take_while(|w| *w == "super").count();
                        let keep = module.len().saturating_sub(supers);
                        module[..keep]
                            .iter()
                            .cloned()
                            .chain(path[supers..].iter().cloned())
                            .collect()
                    }
                    Some("self") => module
                        .iter()
                        .cloned()
                        .chain(path[1..].iter().cloned())
                        .collect(),
                    // A child module, or an outside crate (left as it is: it resolves nowhere).
                    Some(first)
                        if known
                            .contains_key(&[module.clone(), vec![first.to_owned()]].concat()) =>
                    {
                        module.iter().cloned().chain(path.iter().cloned()).collect()
                    }
                    _ => continue,
                };
                if module.is_empty() && ROOT_OWN.contains(&alias.as_str()) {
                    continue;
                }
                out.insert((module.clone(), alias), full);
            }
        }
    }
    out
}

/// The names a `use` statement's body brings in, each with its path:
/// `a::{b::C, d as e}` gives (C, a::b::C) and (e, a::d).
fn reexported(stmt: &str) -> Vec<(String, Vec<String>)> {
    fn walk(text: &str, base: &[String], out: &mut Vec<(String, Vec<String>)>) {
        let text = text.trim();
        if let Some(open) = text.find('{') {
            let prefix: Vec<String> = text[..open]
                .split("::")
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let inner = &text[open + 1..text.rfind('}').unwrap_or(text.len())];
            let base: Vec<String> = base.iter().cloned().chain(prefix).collect();
            let (mut depth, mut start) = (0, 0);
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        walk(&inner[start..k], &base, out);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            walk(&inner[start..], &base, out);
            return;
        }
        if text.is_empty() || text.ends_with('*') {
            return;
        }
        let (path, alias) = match text.split_once(" as ") {
            Some((p, a)) => (p.trim(), Some(a.trim())),
            None => (text, None),
        };
        let mut full: Vec<String> = base.to_vec();
        full.extend(path.split("::").map(str::trim).map(str::to_owned));
        if full.last().is_some_and(|w| w == "self") {
            full.pop();
        }
        let Some(last) = full.last().cloned() else {
            return;
        };
        out.push((alias.map_or(last, str::to_owned), full));
    }
    let mut out = Vec::new();
    walk(stmt, &[], &mut out);
    out
}

/// The module file a path reaches: the deepest module it names, and from
/// there through that module's re-exports to where the item is written, so
/// `crate::orders::Line` is `orders/lines.rs` when `orders` only re-exports it.
fn resolve<'a>(
    known: &'a BTreeMap<Module, PathBuf>,
    reexports: &Reexports,
    path: &[String],
) -> Option<&'a Module> {
    let mut path = path.to_vec();
    for _ in 0..16 {
        let (n, module) = (0..=path.len())
            .rev()
            .find_map(|n| known.get_key_value(&path[..n]).map(|(k, _)| (n, k)))?;
        match path
            .get(n)
            .and_then(|name| reexports.get(&(module.clone(), name.clone())))
        {
            Some(target) => {
                path = target
                    .iter()
                    .cloned()
                    .chain(path[n + 1..].iter().cloned())
                    .collect()
            }
            None => return Some(module),
        }
    }
    None
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules(&src());
    let reexports = reexports(&known);
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &known {
        let targets = edges.entry(module.clone()).or_default();
        for (is_crate, supers, p) in paths(&code(file)) {
            let full: Vec<String> = if is_crate {
                p
            } else {
                // `super` of module a::b is a, whether it is `a/b.rs` or `a/b/mod.rs`.
                let keep = module.len().saturating_sub(supers);
                module[..keep].iter().cloned().chain(p).collect()
            };
            if let Some(target) = resolve(&known, &reexports, &full)
                && target != module
            {
                targets.insert(target.clone());
            }
        }
    }
    edges
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".to_owned()
    } else {
        m.join("::")
    }
}

/// The import loops: strongly connected groups of more than one file.
fn loops(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a Module) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    group.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.found
}

#[test]
fn no_file_of_core_imports_one_that_imports_it_back() {
    let edges = graph();
    assert!(
        edges.len() > 100,
        "the whole crate was read ({} files)",
        edges.len()
    );
    let found = loops(&edges);
    assert!(
        found.is_empty(),
        "import loops in atelier-core (split the shared part into a file below both):\n{}",
        found
            .iter()
            .map(|g| format!("  {}", g.join(" ↔ ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_module_of_core_imports_one_of_a_higher_layer() {
    let layer_of: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(n, (_, names))| names.iter().map(move |m| (*m, n)))
        .collect();
    let mut unplaced = BTreeSet::new();
    let mut upward = Vec::new();
    let mut seen_known = BTreeSet::new();
    for (from, targets) in graph() {
        let Some(top) = from.first() else {
            continue; // lib.rs: the crate's table of contents
        };
        for to in targets {
            let Some(other) = to.first() else {
                continue; // crate::Result and crate::Error, re-exported by lib.rs
            };
            if top == other {
                continue;
            }
            let (Some(&a), Some(&b)) = (layer_of.get(top.as_str()), layer_of.get(other.as_str()))
            else {
                unplaced.extend(
                    [top, other]
                        .into_iter()
                        .filter(|m| !layer_of.contains_key(m.as_str()))
                        .cloned(),
                );
                continue;
            };
            if b > a {
                if KNOWN_UPWARD.iter().any(|(f, t, _)| f == top && t == other) {
                    seen_known.insert((top.clone(), other.clone()));
                } else {
                    upward.push(format!(
                        "  {} ({}) imports {} ({})",
                        name(&from),
                        LAYERS[a].0,
                        name(&to),
                        LAYERS[b].0
                    ));
                }
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "give these top-level modules a layer in tests/layers.rs: {unplaced:?}"
    );
    assert!(
        upward.is_empty(),
        "imports of a higher layer (turn the arrow around: a trait, a startup step, or move the shared part down):\n{}",
        upward.join("\n")
    );
    let stale: Vec<_> = KNOWN_UPWARD
        .iter()
        .filter(|(f, t, _)| !seen_known.contains(&((*f).to_owned(), (*t).to_owned())))
        .collect();
    assert!(
        stale.is_empty(),
        "these known upward imports are gone: strike them from KNOWN_UPWARD: {stale:?}"
    );
}

#[test]
fn the_reader_expands_grouped_and_super_paths_and_finds_a_loop() {
    // The parser itself: grouped, nested and `super` paths.
    let found = paths("use crate::{a::b, c::{d, e::f}};\nlet x = super::super::g::h();");
    let as_text: Vec<String> = found
        .iter()
        .map(|(c, s, p)| format!("{c} {s} {}", p.join("::")))
        .collect();
    assert_eq!(
        as_text,
        [
            "true 0 a::b",
            "true 0 c::d",
            "true 0 c::e::f",
            "false 2 g::h"
        ]
    );
    // Re-exports: each name a `pub use` brings in, renamed or not, and a
    // path followed through them to the file that writes the item.
    assert_eq!(
        reexported("lines::{Line, add_line as add, part::{self, Part}}"),
        [
            (
                "Line".to_owned(),
                vec!["lines".to_owned(), "Line".to_owned()]
            ),
            (
                "add".to_owned(),
                vec!["lines".to_owned(), "add_line".to_owned()]
            ),
            (
                "part".to_owned(),
                vec!["lines".to_owned(), "part".to_owned()]
            ),
            (
                "Part".to_owned(),
                vec!["lines".to_owned(), "part".to_owned(), "Part".to_owned()]
            ),
        ]
    );
    let v = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
    let known: BTreeMap<Module, PathBuf> = [v("orders"), v("orders::lines"), v("db")]
        .into_iter()
        .map(|m| (m, PathBuf::new()))
        .chain([(Vec::new(), PathBuf::new())])
        .collect();
    let reexports: Reexports = [
        (
            (v("orders"), "add".to_owned()),
            v("orders::lines::add_line"),
        ),
        ((Vec::new(), "Db".to_owned()), v("db::Db")),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        resolve(&known, &reexports, &v("orders::add")),
        Some(&v("orders::lines"))
    );
    assert_eq!(resolve(&known, &reexports, &v("Db")), Some(&v("db")));
    assert_eq!(
        resolve(&known, &reexports, &v("orders::Order")),
        Some(&v("orders"))
    );

    // And the loop finder on a made-up graph: a → b → c → a, d alone.
    let m = |s: &str| vec![s.to_owned()];
    let edges: BTreeMap<Module, BTreeSet<Module>> = [
        (m("a"), BTreeSet::from([m("b")])),
        (m("b"), BTreeSet::from([m("c")])),
        (m("c"), BTreeSet::from([m("a"), m("d")])),
        (m("d"), BTreeSet::new()),
    ]
    .into_iter()
    .collect();
    assert_eq!(loops(&edges), [["a", "b", "c"]]);
}

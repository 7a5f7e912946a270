//! The crate graph of the workspace, as `cargo metadata` reads it, against
//! the table of docs/architecture.md: each crate depends only on the crates
//! of ours it may, and never on the outside crates it must not (Tauri in
//! core, the mail library outside messaging, `anyhow` in a library).

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// Each crate of the workspace, the crates of ours it may use (normal
/// dependencies; tests and benches may link more), and the outside crates
/// it must not use.
const CRATES: &[(&str, &[&str], &[&str])] = &[
    ("atelier-domain", &[], &["rusqlite", "tokio", "anyhow"]),
    ("atelier-pdf", &[], &["rusqlite", "anyhow"]),
    (
        "atelier-dtc",
        &["atelier-domain"],
        &["rusqlite", "tokio", "anyhow"],
    ),
    (
        "atelier-obd",
        &["atelier-domain", "atelier-dtc"],
        &["rusqlite", "tokio", "anyhow"],
    ),
    (
        "atelier-core",
        &["atelier-domain", "atelier-dtc", "atelier-pdf"],
        &[
            "tauri", "axum", "tokio", "lettre", "ureq", "keyring", "anyhow",
        ],
    ),
    (
        "atelier-sync",
        &["atelier-core", "atelier-domain"],
        &["tauri", "lettre", "anyhow"],
    ),
    (
        "atelier-messaging",
        &["atelier-core", "atelier-domain"],
        &["tauri", "anyhow"],
    ),
    (
        "atelier-keys",
        &["atelier-core", "atelier-domain"],
        &["tauri", "lettre", "ureq", "anyhow"],
    ),
    (
        "atelier-demo",
        &["atelier-core", "atelier-domain", "atelier-pdf"],
        &["tauri", "lettre", "anyhow"],
    ),
    // Core only for the shadow stations that make new stations' snapshots.
    (
        "atelier-server",
        &["atelier-core", "atelier-domain"],
        &["tauri", "lettre"],
    ),
    (
        "atelier-cli",
        &[
            "atelier-core",
            "atelier-domain",
            "atelier-demo",
            "atelier-dtc",
            "atelier-keys",
            "atelier-messaging",
            "atelier-obd",
            "atelier-sync",
        ],
        &["tauri"],
    ),
    (
        "atelier-desktop",
        &[
            "atelier-core",
            "atelier-domain",
            "atelier-demo",
            "atelier-keys",
            "atelier-messaging",
            "atelier-sync",
            "atelier-obd",
        ],
        &["axum"],
    ),
    (
        "atelier-e2e",
        &[
            "atelier-core",
            "atelier-domain",
            "atelier-server",
            "atelier-demo",
            "atelier-messaging",
            "atelier-sync",
            "atelier-obd",
        ],
        &[],
    ),
];

/// Each workspace crate's normal dependencies, by name.
fn dependencies() -> BTreeMap<String, Vec<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    let mut crates = BTreeMap::new();
    for package in meta["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("a name").to_owned();
        let deps = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null()) // normal, not dev or build
            .map(|d| d["name"].as_str().expect("a dependency's name").to_owned())
            .collect();
        crates.insert(name, deps);
    }
    crates
}

#[test]
fn every_crate_depends_only_on_the_crates_it_may() {
    let actual = dependencies();
    let placed: Vec<&str> = CRATES.iter().map(|(name, _, _)| *name).collect();
    let unplaced: Vec<&String> = actual
        .keys()
        .filter(|n| !placed.contains(&n.as_str()))
        .collect();
    assert!(
        unplaced.is_empty(),
        "place these crates in docs/architecture.md and tests/crates.rs: {unplaced:?}"
    );
    let mut wrong = Vec::new();
    for (name, ours, banned) in CRATES {
        let Some(deps) = actual.get(*name) else {
            wrong.push(format!("{name} is in the table but not in the workspace"));
            continue;
        };
        for dep in deps {
            if dep.starts_with("atelier-") && !ours.contains(&dep.as_str()) {
                wrong.push(format!("{name} depends on {dep}, which it may not"));
            }
            if banned.contains(&dep.as_str()) {
                wrong.push(format!("{name} depends on {dep}, which it must not"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_server_uses_core_only_for_its_shadow_stations() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../atelier-server/src");
    let mut files = vec![src];
    let mut wrong = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("the server's sources") {
                files.push(entry.expect("a directory entry").path());
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "snapshots.rs")
            && std::fs::read_to_string(&path)
                .expect("a source file")
                .contains("atelier_core")
        {
            wrong.push(path.display().to_string());
        }
    }
    assert!(
        wrong.is_empty(),
        "atelier-server uses atelier-core outside src/snapshots.rs: {wrong:?}"
    );
}

//! `atelier obd` as support or a script runs it, against the real ELM327
//! emulator (atelier-obd's test helper): the codes in French with their
//! titles, English on request, JSON, a refusal to clear without --yes, and
//! a clear message for a port that does not exist.

#[path = "../../atelier-obd/tests/emulator/mod.rs"]
mod emulator;

use std::process::{Command, Output};

use atelier_obd::Adapter;
use emulator::Emulator;
use serde_json::Value;

fn atelier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("obd")
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the atelier binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn port(emulator: &Emulator) -> String {
    match &emulator.adapter {
        Adapter::Serial { port, .. } => port.clone(),
        Adapter::Tcp { address } => address.clone(),
    }
}

#[test]
fn a_read_lists_each_code_with_its_french_title() {
    let emulator = Emulator::pty("atelier_codes");
    let out = atelier(&["read", "--port", &port(&emulator)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    for line in [
        "Adaptateur : ELM327 v1.5 — ISO 15765-4 CAN (11 bit, 500 kbaud) (automatique)",
        "VIN : VF1RFB00X56789012",
        "Voyant moteur : allumé (4 code(s) selon le calculateur)",
        "Codes mémorisés (4) :",
        "  P0171 — Mélange trop pauvre, rangée 1",
        "Codes en attente (1) :",
        "  P0420 — Rendement du catalyseur sous le seuil, rangée 1",
        "Image figée (P0143) : régime 1000 tr/min, liquide de refroidissement 50 °C, vitesse 0 km/h, charge 50,2 %, correction court terme -6,25 %, correction long terme 6,25 %",
        "  Système d’évaporation (EVAP) : non terminé",
    ] {
        assert!(said.lines().any(|l| l == line), "{line:?} in:\n{said}");
    }
}

#[test]
fn english_and_json_over_wifi() {
    let emulator = Emulator::tcp("atelier_troubles");
    let out = atelier(&["read", "--address", &port(&emulator), "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("  P0171 — System Too Lean Bank 1"), "{said}");
    assert!(
        said.contains("Not read: the coolant temperature (the adapter said “CAN ERROR”)."),
        "{said}"
    );

    let out = atelier(&["read", "--address", &port(&emulator), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["stored"][0], "P0143");
    assert_eq!(json["pending"], Value::Null, "NO DATA is not « none »");
    assert_eq!(json["titles"][0]["code"], "P0143");
    assert!(
        json["titles"][0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Sonde lambda"))
    );
    assert!(
        json["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .any(|m| m == "Non lu : les codes en attente (la voiture ne répond pas à cette demande, NO DATA).")
    );
}

#[test]
fn clearing_asks_for_yes_then_clears() {
    let emulator = Emulator::pty("atelier_codes");
    let refused = atelier(&["clear", "--port", &port(&emulator)]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("relancez avec --yes"),
        "{}",
        text(&refused.stderr)
    );
    let done = atelier(&["clear", "--port", &port(&emulator), "--yes"]);
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(text(&done.stdout), "Codes effacés.\n");
    let after = atelier(&["read", "--port", &port(&emulator)]);
    assert!(
        text(&after.stdout).contains("Codes mémorisés : aucun"),
        "{}",
        text(&after.stdout)
    );
}

#[test]
fn a_port_that_does_not_exist_says_so_and_fails() {
    let out = atelier(&["read", "--port", "/dev/ttyATELIER9"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("Le port série « /dev/ttyATELIER9 » n’existe pas"),
        "{}",
        text(&out.stderr)
    );
    let neither = atelier(&["read"]);
    assert!(!neither.status.success(), "--port or --address is required");
}

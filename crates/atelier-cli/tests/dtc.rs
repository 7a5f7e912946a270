//! `atelier dtc` as support or a script runs it: a code typed any way, a
//! make's own meaning, JSON, and a clear refusal for what is no code.

use std::process::{Command, Output};

fn atelier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .arg("dtc")
        .args(args)
        .output()
        .expect("the atelier binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_code_typed_in_lower_case_is_explained_in_french_with_the_english() {
    let out = atelier(&["p0420"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "P0420 — Rendement du catalyseur sous le seuil, rangée 1\n  \
         Anglais : Catalyst System Efficiency Below Threshold Bank 1\n"
    );
}

#[test]
fn english_on_request() {
    let out = atelier(&["P0420", "--lang", "en"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "P0420 — Catalyst System Efficiency Below Threshold Bank 1\n"
    );
}

#[test]
fn the_makes_own_meaning_whatever_its_spelling() {
    let out = atelier(&["P1101", "--make", "vw"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(
            "  VOLKSWAGEN : Oxygen Sensor Circuit Bank 1 Sensor 1 Voltage Too Low/Air Leak"
        ),
        "{said}"
    );
    let none = atelier(&["P0420", "--make", "Citroën"]);
    assert!(
        text(&none.stdout).contains("CITROEN : pas de signification propre à cette marque"),
        "{}",
        text(&none.stdout)
    );
}

#[test]
fn json_for_scripts() {
    let out = atelier(&["P0420", "--make", "Audi", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["code"], "P0420");
    assert_eq!(v["family"], "powertrain");
    assert_eq!(
        v["generic"]["french"],
        "Rendement du catalyseur sous le seuil, rangée 1"
    );
    assert_eq!(v["generic"]["fully_translated"], true);
    assert_eq!(v["make"]["make"], "AUDI");
    assert!(
        v["make"]["english"]
            .as_str()
            .unwrap()
            .starts_with("Inefficient Catalytic Converter")
    );
}

#[test]
fn what_is_no_code_fails_with_a_message_in_the_users_language() {
    let out = atelier(&["catalyseur"]);
    assert!(!out.status.success(), "no code, no success");
    assert!(
        text(&out.stderr).contains("« catalyseur » n’est pas un code défaut"),
        "{}",
        text(&out.stderr)
    );
    let out = atelier(&["P3FFF", "--lang", "en"]);
    assert!(!out.status.success(), "an unknown code fails too");
    assert!(
        text(&out.stderr).contains("Code P3FFF is not in the library"),
        "{}",
        text(&out.stderr)
    );
}

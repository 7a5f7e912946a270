//! Her right of access: the export holds every table that holds something
//! of hers, as stored, and the summary reads it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;
use crate::db::test_db;

#[test]
fn every_table_reaching_a_customer_is_exported_or_left_out_for_a_reason() {
    let db = test_db();
    let exported: BTreeSet<String> = footprint::SHARES
        .iter()
        .map(|s| s.table.to_owned())
        .collect();
    let left_out: BTreeSet<String> = LEFT_OUT.iter().map(|(t, _)| (*t).to_owned()).collect();
    let reached = tables_reaching_customers(&db);
    let missing: Vec<&String> = reached
        .iter()
        .filter(|t| !exported.contains(*t) && !left_out.contains(*t))
        .collect();
    assert!(
        missing.is_empty(),
        "a table holding a customer's data is neither exported nor left out: {missing:?}"
    );
    assert!(
        reached.len() > 20,
        "the walk found the orders, invoices, planning…: {reached:?}"
    );
}

#[test]
fn the_export_holds_everything_about_her_table_by_table() {
    let mut db = test_db();
    let her = her_years(&mut db);
    let doc = export::document(db.conn(), her.id, NOW, FR).unwrap();
    assert_eq!(doc["format"], "atelier-customer-export");
    assert_eq!(doc["version"], 2);
    let records = doc["records"].as_object().unwrap();
    for table in tables_reaching_customers(&db) {
        if LEFT_OUT.iter().any(|(t, _)| *t == table) {
            assert!(!records.contains_key(&table), "{table} is left out");
        } else {
            assert!(records.contains_key(&table), "{table} is in the export");
        }
    }
    let count = |table: &str| records[table].as_array().unwrap().len();
    for (table, at_least) in [
        ("customers", 2),
        ("vehicles", 1),
        ("vehicle_owners", 1),
        ("mileage_readings", 2),
        ("orders", 1),
        ("order_lines", 1),
        ("order_events", 3),
        ("order_approvals", 1),
        ("invoices", 2),
        ("invoice_pdfs", 1),
        ("payments", 1),
        ("appointments", 1),
        ("appointment_events", 1),
        ("messages", 2),
        ("audit_log", 10),
    ] {
        assert!(
            count(table) >= at_least,
            "{table}: {} rows, at least {at_least} expected",
            count(table)
        );
    }
    // What she would look for, as stored.
    let issued = records["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "issued")
        .expect("her issued invoice");
    assert_eq!(issued["id"], her.invoice.to_string());
    assert!(
        issued["content"]["buyer"]["name"]
            .as_str()
            .unwrap()
            .contains(NAME),
        "the frozen content, as JSON: {}",
        issued["content"]
    );
    assert_eq!(records["payments"][0]["amount_cents"], 2000);
    assert_eq!(records["orders"][0]["id"], her.order.to_string());
    assert!(
        records["order_approvals"][0]["signature_png"]
            .as_str()
            .is_some_and(|png| png.starts_with("iVBORw0KGgo")),
        "the signature, a PNG in base64"
    );
    let bodies: Vec<&str> = records["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.iter().all(|b| b.contains("23/03/2026")),
        "{bodies:?}"
    );
    let recipients: BTreeSet<&str> = records["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["recipient"].as_str().unwrap())
        .collect();
    assert_eq!(recipients, BTreeSet::from([EMAIL, PHONE]));
    assert!(
        doc.to_string().contains(ALIAS_EMAIL),
        "the merged record too"
    );
    assert!(
        doc.to_string().contains(OLD_PHONE),
        "the trail's old values too"
    );
    let consents: Vec<&Value> = doc["consent_history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["record"] == her.id.to_string())
        .map(|c| &c["consent"])
        .collect();
    assert_eq!(consents, [&json!(true), &json!(false), &json!(true)]);
    assert_eq!(doc["consent_history"][1]["by"], "Léa");
    assert!(
        !records.contains_key("clock_events"),
        "the staff's clocked time is not hers"
    );
    assert!(doc["kept_by_law"].as_str().unwrap().contains("10 ans"));

    let pdf = summary::pdf(db.conn(), &doc, FR).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
}

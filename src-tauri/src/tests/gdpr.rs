//! A customer's GDPR rights through the commands: their data exported as
//! JSON and as PDF into the folder typed, then anonymised.

use serde_json::{Value, json};

use super::{app, invoke, signature_png};

#[test]
fn a_customer_is_exported_as_json_and_pdf_into_the_folder_typed_then_anonymised() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let customer = invoke(
        &webview,
        "create_customer",
        json!({"input": {"kind": "individual", "first_name": "Odile", "last_name": "Quintard",
                         "phone": "06 55 44 33 22", "email": "odile.quintard@example.fr"}}),
    )
    .unwrap();
    let id = customer["id"].clone();
    let vehicle = invoke(
        &webview,
        "create_vehicle",
        json!({"input": {"customer_id": id, "plate": "FG-234-HJ"}}),
    )
    .unwrap();
    let order = invoke(
        &webview,
        "create_order",
        json!({"input": {"customer_id": id, "vehicle_id": vehicle["id"],
                         "complaint": "Mme Quintard entend un sifflement"}}),
    )
    .unwrap();
    invoke(
        &webview,
        "accept_estimate",
        json!({"order": order["id"], "approval": {"signer_name": "Odile Quintard", "signature_png": signature_png()}}),
    )
    .unwrap();

    let folder = tempfile::tempdir().unwrap();
    let written = invoke(
        &webview,
        "export_customer",
        json!({"id": id, "format": "json", "folder": folder.path().display().to_string()}),
    )
    .unwrap();
    let path = written["path"].as_str().unwrap();
    assert!(
        path.starts_with(&folder.path().display().to_string()),
        "{path}"
    );
    assert!(
        path.ends_with(".json") && path.contains("rgpd-odile-quintard"),
        "{path}"
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        doc["records"]["orders"][0]["complaint"],
        "Mme Quintard entend un sifflement"
    );
    assert_eq!(
        doc["records"]["order_approvals"][0]["signer_name"],
        "Odile Quintard"
    );

    let pdf = invoke(
        &webview,
        "export_customer",
        json!({"id": id, "format": "pdf"}),
    )
    .unwrap();
    let pdf = pdf["path"].as_str().unwrap();
    assert!(pdf.ends_with(".pdf"), "{pdf}");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    let info = invoke(&webview, "app_info", json!({})).unwrap();
    assert!(
        pdf.starts_with(info["export_dir"].as_str().unwrap()),
        "no folder typed: the export folder, which the UI shows"
    );

    let anonymised = invoke(&webview, "anonymise_customer", json!({"id": id})).unwrap();
    assert_eq!(anonymised["anonymised"], true);
    assert_eq!(anonymised["display_name"], "Client anonymisé");
    assert_eq!(anonymised["phone"], Value::Null);
    let page = invoke(&webview, "order_page", json!({"id": order["id"]})).unwrap();
    assert_eq!(page["order"]["complaint"], Value::Null);
    let trail = invoke(
        &webview,
        "record_history",
        json!({"entity": "customers", "rowId": id}),
    )
    .unwrap();
    let text = trail.to_string();
    assert!(
        !text.contains("Quintard") && !text.contains("+33655443322"),
        "{text}"
    );
    let journal = std::fs::read(dir.path().join(atelier_core::DB_FILE_NAME)).unwrap();
    assert!(
        !journal.windows(8).any(|w| w == b"Quintard"),
        "neither the journal of the exports nor anything else holds her name"
    );
}

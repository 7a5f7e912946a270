//! The shell's own tests, on Tauri's mock runtime: commands reach atelier-core
//! and errors reach the UI in the agreed `{code, message, field}` shape.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn app(
    dir: &std::path::Path,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let mut app = crate::configure(mock_builder(), Some(dir.to_path_buf()))
        .build(mock_context(noop_assets()))
        .expect("the app builds on the mock runtime");
    // One turn of the event loop runs the setup hook, which opens the database.
    #[allow(
        deprecated,
        reason = "the mock runtime has no other way to run one iteration"
    )]
    app.run_iteration(|_, _| {});
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window opens");
    (app, webview)
}

fn invoke(
    webview: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("a valid url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

#[test]
fn a_customer_created_through_the_command_is_listed_and_counted_as_pending() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let created = invoke(
        &webview,
        "create_customer",
        json!({"input": {"kind": "individual", "first_name": "Hélène", "last_name": "Durand", "phone": "", "email": ""}}),
    )
    .expect("a valid customer is created");
    assert_eq!(created["display_name"], "Hélène Durand");
    assert_eq!(created["phone"], Value::Null, "blank is absent");

    let page = invoke(&webview, "list_customers", json!({"query": "helene"})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], created["id"]);

    let status = invoke(&webview, "sync_status", json!({})).unwrap();
    assert_eq!(status["pending_operations"], 1);
    assert_eq!(status["configured"], false);
    assert!(dir.path().join(atelier_core::DB_FILE_NAME).exists());
}

#[test]
fn a_refused_customer_comes_back_as_code_message_and_field_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let err = invoke(
        &webview,
        "create_customer",
        json!({"input": {"last_name": " "}}),
    )
    .unwrap_err();
    assert_eq!(
        err,
        json!({"code": "validation", "field": "last_name", "message": "Le champ « Nom » est obligatoire."})
    );

    assert_eq!(
        invoke(&webview, "set_locale", json!({"locale": "en"})).unwrap(),
        "en"
    );
    let err = invoke(&webview, "create_customer", json!({"input": {}})).unwrap_err();
    assert_eq!(err["message"], "“Last name” is required.");
    let page = invoke(&webview, "list_customers", json!({})).unwrap();
    assert_eq!(page["total"], 0, "nothing was written");
}

#[test]
fn the_data_dir_comes_from_the_flag_then_the_environment() {
    let args = |a: &[&str]| {
        a.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    };
    let env = Some("/from/env".into());
    assert_eq!(
        crate::data_dir_override(args(&["--data-dir", "/flag"]), env.clone()),
        Some("/flag".into())
    );
    assert_eq!(
        crate::data_dir_override(args(&["--data-dir=/eq"]), None),
        Some("/eq".into())
    );
    assert_eq!(
        crate::data_dir_override(args(&[]), env),
        Some("/from/env".into())
    );
    assert_eq!(crate::data_dir_override(args(&[]), Some("".into())), None);
}

#[test]
fn a_duplicate_reaches_the_ui_with_its_matches_and_can_be_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let input = json!({"last_name": "Dupont", "phone": "06 11 22 33 44"});
    invoke(&webview, "create_customer", json!({ "input": input })).unwrap();

    let again = json!({"last_name": "Dupond", "phone": "+33611223344"});
    let err = invoke(&webview, "create_customer", json!({ "input": again })).unwrap_err();
    assert_eq!(err["code"], "duplicate");
    assert_eq!(err["details"]["matches"][0]["display_name"], "Dupont");
    assert_eq!(
        err["details"]["matches"][0]["phone_display"],
        "06 11 22 33 44"
    );

    let confirmed =
        json!({"last_name": "Dupond", "phone": "+33611223344", "confirm_duplicate": true});
    invoke(&webview, "create_customer", json!({ "input": confirmed })).unwrap();
    let hits = invoke(&webview, "search", json!({"query": "0611"})).unwrap();
    assert_eq!(
        hits.as_array().unwrap().len(),
        2,
        "both found by their phone digits"
    );
}

#[test]
fn an_import_preview_reports_line_errors_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let csv =
        "nom;telephone;immatriculation\nMartin;06 12 34 56 78;AB-123-CD\nMoreau;x;AB-124-CD\n";
    let report = invoke(
        &webview,
        "import_customers",
        json!({"bytes": csv.as_bytes(), "commit": false, "skipInvalid": false}),
    )
    .unwrap();
    assert_eq!(report["rows"], 2);
    assert_eq!(report["committed"], false);
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["column"], "telephone");
    let page = invoke(&webview, "list_customers", json!({})).unwrap();
    assert_eq!(page["total"], 0, "a preview writes nothing");
}

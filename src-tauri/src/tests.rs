//! The shell's own tests, on Tauri's mock runtime: commands reach atelier-core
//! and errors reach the UI in the agreed `{code, message, field}` shape.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

type MockApp = tauri::App<tauri::test::MockRuntime>;
type Window = WebviewWindow<tauri::test::MockRuntime>;

/// The app on a data directory where the first run is done and the owner
/// (login `sophie`, password `garage-2026`) is signed in.
fn app(dir: &std::path::Path) -> (MockApp, Window) {
    let (app, webview) = bare_app(dir);
    invoke(
        &webview,
        "first_run",
        json!({
            "workshop": {"name": "Garage des Tilleuls", "rates": [{"code": "mechanics", "hourly": "65"}]},
            "station": {"series_prefix": "S1A", "idle_minutes": "10"},
            "owner": {"login": "sophie", "display_name": "Sophie Martin", "password": "garage-2026", "pin": "2468"},
        }),
    )
    .expect("the first run succeeds");
    (app, webview)
}

/// The app on `dir` as it starts: nobody signed in.
fn bare_app(dir: &std::path::Path) -> (MockApp, Window) {
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

fn invoke(webview: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
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
    let pending =
        |w: &Window| invoke(w, "sync_status", json!({})).unwrap()["pending_operations"].clone();
    let before = pending(&webview).as_u64().unwrap();
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

    assert_eq!(
        pending(&webview),
        before + 1,
        "one operation for the customer"
    );
    let status = invoke(&webview, "sync_status", json!({})).unwrap();
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

/// Signs in at `webview` by password.
fn sign_in(webview: &Window, login: &str, password: &str) {
    invoke(
        webview,
        "sign_in",
        json!({"login": login, "password": password}),
    )
    .unwrap_or_else(|e| panic!("{login} signs in: {e}"));
}

fn pending_operations(webview: &Window) -> u64 {
    invoke(webview, "sync_status", json!({})).unwrap()["pending_operations"]
        .as_u64()
        .unwrap()
}

#[test]
fn every_command_refuses_every_role_that_may_not_run_it_and_writes_nothing() {
    use atelier_core::access::{Role, Roles, permits};
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    for (login, role) in [("lea", "front_desk"), ("karim", "mechanic")] {
        invoke(
            &webview,
            "create_user",
            json!({"input": {"login": login, "display_name": login, "roles": [role], "password": "un-long-secret"}}),
        )
        .expect("the owner creates the user");
    }
    let cases = [
        (Some(("sophie", "garage-2026")), Roles::of(&[Role::Owner])),
        (
            Some(("lea", "un-long-secret")),
            Roles::of(&[Role::FrontDesk]),
        ),
        (
            Some(("karim", "un-long-secret")),
            Roles::of(&[Role::Mechanic]),
        ),
        (None, Roles::NONE),
    ];
    let mut refused = 0;
    for (who, roles) in cases {
        invoke(&webview, "lock", json!({})).unwrap();
        if let Some((login, password)) = who {
            sign_in(&webview, login, password);
        }
        let before = pending_operations(&webview);
        for name in crate::commands::NAMES {
            let action = crate::commands::action(name).expect("every command has an action");
            if permits(roles, action) {
                continue;
            }
            // Arguments are deliberately missing: the gate answers before
            // they are even read.
            let err = invoke(&webview, name, json!({})).expect_err(name);
            let expected = if roles.is_empty() {
                "not_signed_in"
            } else {
                "forbidden"
            };
            assert_eq!(err["code"], expected, "{name} for {roles:?}: {err}");
            refused += 1;
        }
        assert_eq!(
            pending_operations(&webview),
            before,
            "a refused command writes nothing"
        );
    }
    assert!(
        refused > 40,
        "the matrix covered the commands ({refused} refusals)"
    );

    // The table is the handler: a command outside it does not run.
    assert!(crate::commands::action("drop_everything").is_none());
    let err = invoke(&webview, "drop_everything", json!({})).unwrap_err();
    assert_eq!(err["code"], "forbidden");
}

#[test]
fn a_permitted_command_runs_for_its_role_and_the_audit_names_who_did_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    invoke(
        &webview,
        "create_user",
        json!({"input": {"login": "karim", "display_name": "Karim", "roles": ["mechanic"], "password": "un-long-secret", "pin": "4821"}}),
    )
    .unwrap();
    let car = invoke(
        &webview,
        "create_customer",
        json!({"input": {"last_name": "Durand"}}),
    )
    .unwrap();
    let vehicle = invoke(
        &webview,
        "create_vehicle",
        json!({"input": {"customer_id": car["id"], "plate": "AB-123-CD"}}),
    )
    .unwrap();
    invoke(&webview, "lock", json!({})).unwrap();
    let users = invoke(&webview, "switch_users", json!({})).unwrap();
    let karim = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["display_name"] == "Karim")
        .unwrap();
    assert_eq!(
        invoke(
            &webview,
            "switch_user",
            json!({"user": karim["id"], "pin": "0000"})
        )
        .unwrap_err()["code"],
        "sign_in_failed"
    );
    let me = invoke(
        &webview,
        "switch_user",
        json!({"user": karim["id"], "pin": "4821"}),
    )
    .unwrap();
    assert_eq!(me["roles"], json!(["mechanic"]));
    invoke(
        &webview,
        "record_mileage",
        json!({"vehicleId": vehicle["id"], "km": 84210, "readOn": "2026-11-20"}),
    )
    .expect("a mechanic records a mileage");
    invoke(&webview, "lock", json!({})).unwrap();
    sign_in(&webview, "sophie", "garage-2026");
    let trail = invoke(
        &webview,
        "list_audit",
        json!({"filter": {"user_id": karim["id"]}}),
    )
    .unwrap();
    let entries = trail.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{trail}");
    assert_eq!(entries[0]["entity"], "mileage_readings");
    assert_eq!(entries[0]["user_name"], "Karim");
}

#[test]
fn the_first_run_happens_once_and_signs_the_owner_in() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = bare_app(dir.path());
    let state = invoke(&webview, "session_state", json!({})).unwrap();
    assert_eq!(state["set_up"], false);
    assert_eq!(state["user"], Value::Null);
    let err = invoke(&webview, "list_customers", json!({})).unwrap_err();
    assert_eq!(err["code"], "not_signed_in");
    drop(webview);
    drop(_app);
    let (_app, webview) = app(dir.path());
    let state = invoke(&webview, "session_state", json!({})).unwrap();
    assert_eq!(state["set_up"], true);
    assert_eq!(state["user"]["name"], "Sophie Martin");
    assert_eq!(state["idle_minutes"], 10);
    let again = invoke(
        &webview,
        "first_run",
        json!({"workshop": {"name": "Autre"}, "station": {}, "owner": {"login": "x", "display_name": "X", "password": "another-secret"}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "validation");
}

#[test]
fn a_counter_sale_is_issued_paid_and_verified_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let customer = invoke(
        &webview,
        "create_customer",
        json!({"input": {"first_name": "Hélène", "last_name": "Durand"}}),
    )
    .unwrap();
    let draft = invoke(
        &webview,
        "draft_counter_sale",
        json!({"input": {"customer_id": customer["id"], "lines": [
            {"kind": "part", "description": "Ampoule H7", "quantity": "2", "unit_price": "8,00"}
        ]}}),
    )
    .unwrap();
    assert_eq!(draft["status"], "draft");
    let issued = invoke(&webview, "issue_invoice", json!({"id": draft["id"]})).unwrap();
    assert!(
        issued["number"].as_str().unwrap().starts_with("F-S1A-20"),
        "{issued}"
    );
    let refused = invoke(
        &webview,
        "record_payment",
        json!({"invoiceId": draft["id"], "input": {"method": "card", "amount": "0"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "validation");
    assert_eq!(refused["field"], "amount");
    let receipt = invoke(
        &webview,
        "record_payment",
        json!({"invoiceId": draft["id"], "input": {"method": "cash", "amount": "20"}}),
    )
    .unwrap();
    assert_eq!(receipt["invoice"]["status"], "paid");
    assert_eq!(
        receipt["payment"]["change"], 80,
        "20,00 € handed over for 19,20 €"
    );
    let again = invoke(
        &webview,
        "update_invoice_draft",
        json!({"id": draft["id"], "input": {}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "invoice_issued");
    let written = invoke(&webview, "invoice_pdf", json!({"id": draft["id"]})).unwrap();
    assert!(written["path"].as_str().unwrap().ends_with(".pdf"));
    let checked = invoke(&webview, "verify_invoices", json!({})).unwrap();
    assert_eq!(checked["clean"], true, "{checked}");
}

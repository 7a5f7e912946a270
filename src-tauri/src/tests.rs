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
    sign_up_owner(&webview);
    (app, webview)
}

/// The first run, which signs the owner in.
fn sign_up_owner(webview: &Window) {
    invoke(
        webview,
        "first_run",
        json!({
            "workshop": {"name": "Garage des Tilleuls", "rates": [{"code": "mechanics", "hourly": "65"}]},
            "station": {"series_prefix": "S1A", "idle_minutes": "10"},
            "owner": {"login": "sophie", "display_name": "Sophie Martin", "password": "garage-2026", "pin": "2468"},
        }),
    )
    .expect("the first run succeeds");
}

/// The app on `dir` as it starts: nobody signed in.
fn bare_app(dir: &std::path::Path) -> (MockApp, Window) {
    bare_app_with(dir, shipped_updater_config())
}

/// The updater's configuration as `tauri.conf.json` ships it.
fn shipped_updater_config() -> Value {
    let config: Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON");
    config["plugins"]["updater"].clone()
}

/// The same, with the updater configured as `updater` says.
fn bare_app_with(dir: &std::path::Path, updater: Value) -> (MockApp, Window) {
    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".to_owned(), updater);
    let mut app = crate::configure(mock_builder(), Some(dir.to_path_buf()))
        .build(context)
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
    let actions = me["actions"].as_array().unwrap();
    assert!(actions.contains(&json!("work_jobs")), "{me}");
    assert!(
        !actions.contains(&json!("invoices")) && !actions.contains(&json!("see_prices")),
        "a mechanic is offered no invoices and no prices: {me}"
    );
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
    assert!(
        state["user"]["actions"]
            .as_array()
            .unwrap()
            .contains(&json!("manage_users")),
        "the owner signed in is offered everything: {state}"
    );
    assert_eq!(state["idle_minutes"], 10);
    let again = invoke(
        &webview,
        "first_run",
        json!({"workshop": {"name": "Autre"}, "station": {}, "owner": {"login": "x", "display_name": "X", "password": "another-secret"}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "validation");
}

/// A signature as the canvas sends it: a PNG's bytes as a JSON array.
fn signature_png() -> Value {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
    json!(png)
}

#[test]
fn an_estimate_goes_from_the_form_to_a_signed_repair_order_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let customer = invoke(
        &webview,
        "create_customer",
        json!({"input": {"kind": "individual", "last_name": "Durand"}}),
    )
    .unwrap();
    let vehicle = invoke(
        &webview,
        "create_vehicle",
        json!({"input": {"customer_id": customer["id"], "plate": "FG-234-HJ"}}),
    )
    .unwrap();
    let order = invoke(
        &webview,
        "create_order",
        json!({"input": {"customer_id": customer["id"], "vehicle_id": vehicle["id"], "mileage": "84500"}}),
    )
    .expect("an estimate is created");
    let id = order["id"].clone();
    assert!(order["estimate_number"].as_str().unwrap().starts_with("D-"));
    let line = invoke(
        &webview,
        "add_order_line",
        json!({"order": id, "input": {"kind": "labour", "description": "Vidange", "hours": "0,5"}}),
    )
    .expect("a labour line at the workshop's rate");
    assert_eq!(line["net"], 3250, "0,5 h at 65 € HT");
    let refused = invoke(
        &webview,
        "add_order_line",
        json!({"order": id, "input": {"kind": "part", "description": "Filtre", "quantity": "-1"}}),
    )
    .unwrap_err();
    assert_eq!(
        (refused["code"].as_str(), refused["field"].as_str()),
        (Some("validation"), Some("quantity"))
    );

    let accepted = invoke(
        &webview,
        "accept_estimate",
        json!({"order": id, "approval": {"signer_name": "M. Durand", "signature_png": signature_png()}}),
    )
    .expect("the signed estimate becomes a repair order");
    assert_eq!(accepted["status"], "accepted");
    assert!(
        accepted["order_number"]
            .as_str()
            .unwrap()
            .starts_with("OR-")
    );
    let signed = invoke(
        &webview,
        "add_order_line",
        json!({"order": id, "input": {"kind": "part", "description": "Filtre", "quantity": "1"}}),
    )
    .unwrap_err();
    assert_eq!(signed["code"], "estimate_signed");
    assert!(signed["message"].as_str().unwrap().contains("supplément"));

    let page = invoke(&webview, "order_page", json!({"id": id})).unwrap();
    assert_eq!(page["totals"]["gross"], 3900);
    assert_eq!(page["approval"]["signer_name"], "M. Durand");
    assert_eq!(
        page["offers"]["moves"],
        json!(["in_progress", "cancelled"]),
        "a signed order is started or cancelled"
    );
    assert_eq!(page["offers"]["sign"], false, "it is signed already");
    assert_eq!(page["editable_lines"], json!([]), "its lines are as signed");
    let board = invoke(&webview, "orders_board", json!({"filter": {}})).unwrap();
    assert_eq!(board.as_array().unwrap().len(), 1);
    let customer_page = invoke(&webview, "customer_page", json!({"id": customer["id"]})).unwrap();
    assert_eq!(
        customer_page["open_work"][0]["number"],
        accepted["order_number"]
    );
}

/// A throwaway update key pair, as `tauri signer generate` makes: the public
/// key and a signer of packages, both in the updater's base64 form.
struct Keys {
    public: String,
    pair: minisign::KeyPair,
}

impl Keys {
    fn new() -> Keys {
        use base64::Engine;
        let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("a key pair");
        let public = base64::engine::general_purpose::STANDARD
            .encode(pair.pk.to_box().expect("a public key box").to_string());
        Keys { public, pair }
    }

    /// The signature of `bytes` for `version`, as the Tauri bundler writes it.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        use base64::Engine;
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            std::io::Cursor::new(bytes),
            Some(&format!(
                "timestamp:0\tfile:atelier.AppImage\tversion:{version}"
            )),
            Some("signature from tauri secret key"),
        )
        .expect("a signature");
        base64::engine::general_purpose::STANDARD.encode(signature.to_string())
    }
}

/// A one-thread HTTP server on loopback: `routes` maps a path to a status
/// and a body. Returns its base address.
fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Headers until the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map_or((404, Vec::new()), |(_, s, b)| (*s, b.clone()));
            let mut stream = &stream;
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).ok();
            stream.write_all(&body).ok();
        }
    });
    base
}

fn manifest(base: &str, version: &str, signature: &str) -> Vec<u8> {
    let platform = json!({"signature": signature, "url": format!("{base}/atelier.AppImage")});
    serde_json::to_vec(&json!({
        "version": version,
        "notes": "Factures : export comptable.",
        "pub_date": "2026-11-20T08:00:00Z",
        "platforms": {
            "linux-x86_64": platform, "linux-x86_64-appimage": platform, "linux-x86_64-deb": platform,
            "windows-x86_64": platform, "darwin-x86_64": platform, "darwin-aarch64": platform,
            "linux-aarch64": platform,
        }
    }))
    .expect("JSON")
}

#[test]
fn a_signed_update_is_offered_and_verified_and_a_badly_signed_one_is_refused() {
    let keys = Keys::new();
    let other = Keys::new();
    let package = b"the new Atelier".to_vec();
    let packages = serve(vec![("/atelier.AppImage", 200, package.clone())]);
    let base = serve(vec![
        (
            "/good.json",
            200,
            manifest(&packages, "9.9.9", &keys.sign(&package, "9.9.9")),
        ),
        (
            "/forged.json",
            200,
            manifest(&packages, "9.9.9", &other.sign(&package, "9.9.9")),
        ),
        (
            "/tampered.json",
            200,
            manifest(&packages, "9.9.9", &keys.sign(b"something else", "9.9.9")),
        ),
        ("/current.json", 204, Vec::new()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let (app, webview) = app_with_updates(dir.path(), &keys.public);
    let handle = app.handle().clone();
    let check = |path: &str| {
        tauri::async_runtime::block_on(crate::updates::check(
            &handle,
            Some(format!("{base}{path}")),
            atelier_domain::Locale::Fr,
        ))
    };
    let offered = check("/good.json").expect("a manifest");
    assert_eq!(
        offered,
        crate::updates::UpdateCheck::Available {
            version: "9.9.9".into(),
            notes: Some("Factures : export comptable.".into()),
            date: Some("2026-11-20T08:00:00Z".into()),
        }
    );
    assert_eq!(
        check("/current.json").unwrap(),
        crate::updates::UpdateCheck::UpToDate
    );

    let download = |path: &str| {
        tauri::async_runtime::block_on(crate::updates::download_verified(
            &handle,
            Some(format!("{base}{path}")),
            atelier_domain::Locale::Fr,
        ))
    };
    let verified = download("/good.json")
        .expect("a signed package")
        .expect("an update");
    assert_eq!(verified.bytes, package);
    for forged in ["/forged.json", "/tampered.json"] {
        let refused = download(forged).err().expect("refused");
        assert_eq!(refused.code, "update_unsigned", "{forged}");
        assert!(refused.message.contains("n’a pas été installée"));
    }

    // Through the command, as Réglages asks: the owner's server is used.
    invoke(
        &webview,
        "set_update_server",
        json!({"address": format!("{base}/good.json")}),
    )
    .unwrap();
    let answer = invoke(&webview, "check_update", json!({})).unwrap();
    assert_eq!(
        (answer["state"].as_str(), answer["version"].as_str()),
        (Some("available"), Some("9.9.9"))
    );
}

#[test]
fn no_server_no_network_or_no_manifest_is_a_quiet_answer() {
    let keys = Keys::new();
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app_with_updates(dir.path(), &keys.public);
    let answer = invoke(&webview, "check_update", json!({})).unwrap();
    assert_eq!(answer["state"], "not_configured");

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/latest.json", closed.local_addr().unwrap());
    drop(closed);
    invoke(&webview, "set_update_server", json!({"address": address})).unwrap();
    assert_eq!(
        invoke(&webview, "check_update", json!({})).unwrap()["state"],
        "offline"
    );

    let empty = serve(vec![]);
    invoke(
        &webview,
        "set_update_server",
        json!({"address": format!("{empty}/latest.json")}),
    )
    .unwrap();
    assert_eq!(
        invoke(&webview, "check_update", json!({})).unwrap()["state"],
        "up_to_date"
    );

    let refused = invoke(
        &webview,
        "set_update_server",
        json!({"address": "serveur-atelier"}),
    )
    .unwrap_err();
    assert_eq!(refused["field"], "update_server");
}

/// The owner's app with the updater trusting `pubkey`.
fn app_with_updates(dir: &std::path::Path, pubkey: &str) -> (MockApp, Window) {
    let mut updater = shipped_updater_config();
    updater["pubkey"] = json!(pubkey);
    let (app, webview) = bare_app_with(dir, updater);
    sign_up_owner(&webview);
    (app, webview)
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
    // Without the workshop's SIRET and VAT number no electronic invoice can
    // be issued: refused with where to enter them, and nothing issued.
    let refused = invoke(&webview, "issue_invoice", json!({"id": draft["id"]})).unwrap_err();
    assert_eq!(refused["code"], "invoice_seller_siren", "{refused}");
    invoke(
        &webview,
        "save_workshop",
        json!({"input": {"name": "Garage des Tilleuls", "siret": "73282932000074", "vat_number": "FR44732829320"}}),
    )
    .unwrap();
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
    // The file is the invoice the customer received: named by its number,
    // the very bytes stored at issue.
    let path = std::path::PathBuf::from(written["path"].as_str().unwrap());
    let number = issued["number"].as_str().unwrap();
    assert_eq!(path.file_name().unwrap(), format!("{number}.pdf").as_str());
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let id: atelier_domain::InvoiceId = draft["id"].as_str().unwrap().parse().unwrap();
    let db = atelier_core::Db::open_in_dir(dir.path()).unwrap();
    assert_eq!(
        bytes,
        atelier_core::invoices::pdf_of(db.conn(), id).unwrap(),
        "the written file is the stored PDF"
    );
    let checked = invoke(&webview, "verify_invoices", json!({})).unwrap();
    assert_eq!(checked["clean"], true, "{checked}");
}

#[test]
fn the_owner_sets_the_accounts_and_exports_the_fec_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let form = invoke(&webview, "accounting_form", json!({})).unwrap();
    assert_eq!(form["accounts"]["labour"], "706");
    assert!(form["period"]["to"].as_str().unwrap().ends_with("-12-31"));
    let refused = invoke(
        &webview,
        "save_accounts",
        json!({"input": {"labour": "7O6"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "validation");
    assert_eq!(refused["field"], "labour");
    let saved = invoke(
        &webview,
        "save_accounts",
        json!({"input": {"labour": "706100", "vat": {"2000": "445711"}}}),
    )
    .unwrap();
    assert_eq!(saved["labour"], "706100");

    let out = dir.path().join("comptable");
    let args = json!({"from": "2026-01-01", "to": "2026-12-31", "separator": "tab", "folder": out.display().to_string()});
    let no_siret = invoke(&webview, "export_fec", args.clone()).unwrap_err();
    assert_eq!(no_siret["code"], "fec_no_siret", "{no_siret}");
    invoke(
        &webview,
        "save_workshop",
        json!({"input": {"name": "Garage des Tilleuls", "siret": "73282932000074"}}),
    )
    .unwrap();
    let done = invoke(&webview, "export_fec", args).unwrap();
    assert_eq!(done["entries"], 0, "no sale yet: the header alone");
    assert!(
        done["path"]
            .as_str()
            .unwrap()
            .ends_with("732829320FEC20261231.txt"),
        "{done}"
    );
}

#[test]
fn the_owner_sets_the_e_reporting_freezes_and_sends_a_period_and_an_invoice_s_statuses_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    invoke(
        &webview,
        "save_workshop",
        json!({"input": {"name": "Garage des Tilleuls", "siret": "73282932000074", "vat_number": "FR44732829320"}}),
    )
    .unwrap();
    let refused = invoke(
        &webview,
        "save_ereporting_settings",
        json!({"input": {"regime": "trimestriel"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "validation");
    assert_eq!(refused["field"], "vat_regime");
    let saved = invoke(
        &webview,
        "save_ereporting_settings",
        json!({"input": {"regime": "simplified", "vat_on_debits": false, "from": "2026-01-01"}}),
    )
    .unwrap();
    assert_eq!(saved["regime"], "simplified");
    let not_set = invoke(&webview, "fetch_platform_statuses", json!({})).unwrap_err();
    assert_eq!(not_set["code"], "exchange_not_set");
    let (out, back) = (dir.path().join("depot"), dir.path().join("retour"));
    std::fs::create_dir_all(&back).unwrap();
    invoke(
        &webview,
        "save_exchange_folders",
        json!({"input": {"outgoing": out.display().to_string(), "incoming": back.display().to_string()}}),
    )
    .unwrap();

    let page = invoke(&webview, "ereporting_page", json!({})).unwrap();
    assert_eq!(page["due"][0]["start"], "2026-01-01", "{page}");
    let frozen = invoke(
        &webview,
        "freeze_ereport_period",
        json!({"day": "2026-01-15"}),
    )
    .unwrap();
    assert_eq!(frozen["period_end"], "2026-01-31");
    let twice = invoke(
        &webview,
        "freeze_ereport_period",
        json!({"day": "2026-01-20"}),
    )
    .unwrap_err();
    assert_eq!(twice["code"], "ereport_already_frozen");
    let sent = invoke(&webview, "send_ereport_period", json!({"id": frozen["id"]})).unwrap();
    assert!(out.join(sent["file_name"].as_str().unwrap()).is_file());
    let exported = invoke(
        &webview,
        "export_ereport_period",
        json!({"id": frozen["id"], "folder": dir.path().join("copie").display().to_string()}),
    )
    .unwrap();
    assert!(
        exported["path"]
            .as_str()
            .unwrap()
            .ends_with("_2026-01-01_2026-01-31.json")
    );
    let page = invoke(&webview, "ereporting_page", json!({})).unwrap();
    assert_eq!(
        page["periods"][0]["sendings"][0]["file_name"],
        sent["file_name"]
    );

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
    let issued = invoke(&webview, "issue_invoice", json!({"id": draft["id"]})).unwrap();
    let number = issued["number"].as_str().unwrap().to_owned();
    invoke(
        &webview,
        "send_invoice_to_platform",
        json!({"id": draft["id"]}),
    )
    .unwrap();
    std::fs::write(
        back.join("statuts.csv"),
        format!("{number};refused;2026-12-01;Montant contesté\n"),
    )
    .unwrap();
    let pulled = invoke(&webview, "fetch_platform_statuses", json!({})).unwrap();
    assert_eq!(pulled["stored"], 1, "{pulled}");
    let exchange = invoke(&webview, "invoice_exchange", json!({"id": draft["id"]})).unwrap();
    assert_eq!(exchange["statuses"][0]["label"], "Refusée");
    assert_eq!(exchange["statuses"][0]["reason"], "Montant contesté");
    assert_eq!(exchange["sendings"].as_array().unwrap().len(), 1);
}

mod gdpr;
mod prices;

#[test]
fn a_supplier_s_e_invoice_dropped_on_the_window_is_matched_and_received_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let supplier = invoke(
        &webview,
        "create_supplier",
        json!({"input": {"name": "PAR Lyon", "vat_number": "FR64443061841"}}),
    )
    .unwrap();
    let mut lines = Vec::new();
    for (reference, supplier_ref, qty, cost) in [
        ("FH-1", "AD-FH1", "5", "6,00"),
        ("PL-2", "AD-PL2", "2", "25,50"),
    ] {
        let part = invoke(
            &webview,
            "create_part",
            json!({"input": {"reference": reference, "description": reference, "cost_price": cost}}),
        )
        .unwrap();
        invoke(
            &webview,
            "link_supplier",
            json!({"partId": part["id"], "supplierId": supplier["id"], "reference": supplier_ref, "price": cost}),
        )
        .unwrap();
        lines.push(json!({"part_id": part["id"], "quantity": qty, "unit_cost": cost}));
    }
    let order = invoke(
        &webview,
        "create_purchase",
        json!({"supplierId": supplier["id"], "lines": lines}),
    )
    .unwrap();
    invoke(&webview, "send_purchase", json!({"id": order["id"]})).unwrap();
    let cii = include_str!("../../crates/atelier-core/tests/fixtures/einvoice/supplier-cii.xml")
        .replace("BC-2026-0001", order["number"].as_str().unwrap());

    // Dropped on the window: the native drop gives the file's path.
    let dropped = dir.path().join("FA-2026-00417.xml");
    std::fs::write(&dropped, &cii).unwrap();
    let preview = invoke(
        &webview,
        "preview_supplier_invoice",
        json!({"file": {"path": dropped.display().to_string()}}),
    )
    .unwrap();
    assert_eq!(preview["supplier"]["by"], "vat_number");
    let matched = invoke(
        &webview,
        "import_supplier_invoice",
        json!({"file": {"path": dropped.display().to_string()}}),
    )
    .unwrap();
    assert_eq!(matched["purchase_order"]["id"], order["id"]);
    assert_eq!(matched["lines"][0]["price_differs"], true);
    // Picked again with the file picker: the bytes, refused as a duplicate.
    let again = invoke(
        &webview,
        "import_supplier_invoice",
        json!({"file": {"bytes": cii.as_bytes(), "name": "facture.xml"}}),
    )
    .unwrap_err();
    assert_eq!(again["code"], "einvoice_duplicate", "{again}");

    let id = matched["invoice"]["id"].clone();
    let received = invoke(&webview, "accept_supplier_invoice", json!({"id": id})).unwrap();
    assert_eq!(received["invoice"]["status"], "accepted");
    let order = invoke(&webview, "get_purchase", json!({"id": order["id"]})).unwrap();
    assert_eq!(order["status"], "received");
    let payables = invoke(&webview, "supplier_payables", json!({})).unwrap();
    assert_eq!(payables["total_due_cents"], 10_020);
    invoke(
        &webview,
        "mark_supplier_invoice_paid",
        json!({"id": id, "paidOn": "2026-03-20", "method": "transfer"}),
    )
    .unwrap();
    let listed = invoke(&webview, "list_supplier_invoices", json!({})).unwrap();
    assert_eq!(listed[0]["paid_on"], "2026-03-20");

    // The owner chooses the folder the station watches; a relative one is refused.
    let watched = dir.path().join("factures");
    std::fs::create_dir(&watched).unwrap();
    let refused = invoke(&webview, "set_einvoice_folder", json!({"path": "factures"})).unwrap_err();
    assert_eq!(refused["code"], "einvoice_folder");
    let path = watched.display().to_string();
    invoke(&webview, "set_einvoice_folder", json!({"path": path})).unwrap();
    assert_eq!(
        invoke(&webview, "einvoice_folder", json!({})).unwrap(),
        json!(path)
    );
}

#[test]
fn an_error_that_stops_a_command_goes_into_the_event_journal_and_a_refusal_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app(dir.path());
    let missing = dir.path().join("nowhere.zip");
    let err = invoke(
        &webview,
        "verify_archive",
        json!({"path": missing.display().to_string()}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "archive_read");
    invoke(&webview, "fiscal_year", json!({})).unwrap();
    let refused = invoke(
        &webview,
        "save_fiscal_year",
        json!({"input": {"end": "31/02"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "validation");
    let errors = invoke(
        &webview,
        "list_journal",
        json!({"filter": {"code": "error"}}),
    )
    .unwrap();
    let errors = errors.as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("archive_read: "),
        "{errors:?}"
    );
}

//! A mechanic sees no prices: every command the mechanic's role permits is
//! either called here on a demo workshop, as the mechanic and as the front
//! desk, or named with the reason it is not; a command added to the table
//! for a mechanic, or mapped to a right that lets them in by mistake, fails
//! until it is placed here. The assistant's answers, whose figures are in
//! sentences, tell the front desk amounts in euros and a mechanic none.

use serde_json::{Map, Value, json};

use super::{Window, bare_app, invoke, sign_in};
use atelier_core::access::{Role, Roles, permits};

/// The mechanic's commands that only write, act or reach outside the
/// station, with why they are not read here.
const NOT_READ: &[(&str, &str)] = &[
    ("set_locale", "sets the workstation's language"),
    ("station_gate", "answers where opening the database stands"),
    ("window_ready", "answers nothing"),
    (
        "unlock_station",
        "answers the gate's phase, only while the database is locked",
    ),
    ("first_run", "refused once the workshop exists"),
    ("sync_join", "refused once the workshop exists"),
    ("sign_in", "answers who signed in"),
    ("switch_user", "answers who signed in"),
    ("lock", "answers nothing"),
    ("sync_now", "reaches the server"),
    ("check_update", "reaches the update server"),
    ("record_mileage", "a reading: no price"),
    ("tick_step", "a step: no price"),
    ("untick_step", "a step: no price"),
    ("clock_job", "a clock: no price"),
    (
        "add_part_used",
        "a job line shaped by bench::job_line, as job_card's",
    ),
    ("add_bench_note", "a note: no price"),
    ("mark_job_done", "an order's status"),
    ("start_inspection", "an inspection, as inspection_of's"),
    (
        "record_inspection_point",
        "an inspection point, as inspection_of's",
    ),
    ("start_diagnosis", "a diagnosis, as diagnosis_of's"),
    (
        "record_codes",
        "a reading of a diagnosis, as diagnosis_of's",
    ),
    (
        "record_codes_cleared",
        "a reading of a diagnosis, as diagnosis_of's",
    ),
    ("record_check", "a check of a diagnosis, as diagnosis_of's"),
    (
        "add_finding",
        "a recommendation, as diagnosis_of's findings",
    ),
    ("write_up_diagnosis", "a diagnosis, as diagnosis_of's"),
    ("close_diagnosis", "a diagnosis, as diagnosis_of's"),
    ("reopen_diagnosis", "a diagnosis, as diagnosis_of's"),
    (
        "print_diagnosis",
        "writes the diagnosis paper, which has no prices",
    ),
    (
        "read_car",
        "reaches the car, answers a reading as diagnosis_of's",
    ),
    (
        "clear_car_codes",
        "reaches the car, answers a reading as diagnosis_of's",
    ),
    ("choose_diagnosis_tree", "a diagnosis, as diagnosis_of's"),
    ("answer_diagnosis", "a diagnosis, as diagnosis_of's"),
    (
        "finding_from_outcome",
        "a recommendation, as diagnosis_of's findings",
    ),
];

/// Whether `key` (in an object holding `siblings`) names a price, a cost, a
/// margin or a takings figure.
fn is_price_key(key: &str, siblings: &Map<String, Value>) -> bool {
    key.ends_with("_cents")
        || matches!(
            key,
            "price"
                | "hourly"
                | "net"
                | "gross"
                | "margin"
                | "unit_price"
                | "today_net"
                | "today_gross"
                | "month_net"
                | "month_gross"
        )
        // A page's `total` counts its items, a job's progress its steps
        // done; anywhere else it is an amount.
        || (key == "total" && !siblings.contains_key("items") && !siblings.contains_key("done"))
}

/// Every price-like field of `value` that holds something, by its path.
fn prices_in(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{path}.{k}");
                let rates = k == "rates" && v.as_array().is_some_and(|r| !r.is_empty());
                if (is_price_key(k, map) && !v.is_null()) || rates {
                    found.push(format!("{here} = {v}"));
                } else {
                    prices_in(v, &here, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prices_in(v, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

/// The reads a mechanic may run, with arguments found on the demo workshop
/// (`order`: an open repair order).
fn reads(webview: &Window, order: &Value, today: &str) -> Vec<(&'static str, Value)> {
    let vehicles = invoke(webview, "list_vehicles", json!({})).unwrap();
    let vehicle = &vehicles["items"][0];
    let parts = invoke(webview, "list_parts", json!({"limit": 500})).unwrap();
    // A part received into stock, so that it has an average cost and receipts.
    let part = parts
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|p| p["on_hand_milli"].as_i64())
        .expect("the demo workshop has parts");
    vec![
        ("app_info", json!({})),
        ("get_locale", json!({})),
        ("sync_status", json!({})),
        ("session_state", json!({})),
        ("switch_users", json!({})),
        ("sync_rejected", json!({})),
        ("sync_stations", json!({})),
        ("get_workshop", json!({})),
        ("get_station", json!({})),
        ("fiscal_year", json!({})),
        ("dashboard", json!({})),
        ("list_vehicles", json!({})),
        ("vehicle_page", json!({"id": vehicle["id"]})),
        ("decode_vin", json!({"vin": "VF1RFB00856789012"})),
        ("search_parts", json!({"query": part["reference"]})),
        ("list_parts", json!({})),
        ("part_page", json!({"id": part["part_id"]})),
        ("negative_stock", json!({})),
        ("list_sites", json!({})),
        ("bench_jobs", json!({})),
        ("job_card", json!({"order": order})),
        ("inspection_of", json!({"order": order})),
        ("diagnosis_of", json!({"order": order})),
        ("code_page", json!({"code": "P0420"})),
        ("code_titles", json!({})),
        ("diagnosis_fee", json!({})),
        ("obd_adapter", json!({})),
        ("diagnosis_trees", json!({})),
        ("vehicle_diagnoses", json!({"vehicle": vehicle["id"]})),
        ("canned_job_names", json!({})),
        ("list_supplier_invoices", json!({})),
        ("supplier_payables", json!({})),
    ]
    .into_iter()
    .chain(ASKED.iter().map(|q| {
        (
            "ask",
            json!({"question": q, "today": today, "time": "10:00"}),
        )
    }))
    .collect()
}

/// Questions to the assistant about money, whose answers a mechanic must not
/// get: its figures are in sentences, where no field's name gives them away.
const ASKED: &[&str] = &[
    "chiffre d'affaires de novembre",
    "encaissements du jour",
    "factures impayées de plus de 30 jours",
    "TVA collectée ce mois-ci",
    "ventes de pièces du mois dernier",
    "combien de plaquettes avant en stock",
    "ordres prêts à facturer",
    "encaisser la facture de Martin",
];

/// The assistant's answers to [`ASKED`] as `who` gets them.
fn asked(webview: &Window, today: &str) -> Vec<Value> {
    ASKED
        .iter()
        .map(|q| {
            invoke(
                webview,
                "ask",
                json!({"question": q, "today": today, "time": "10:00"}),
            )
            .unwrap_or_else(|e| panic!("ask {q:?}: {e}"))
        })
        .collect()
}

/// Each of `calls` the people holding `roles` may run, answered, and every
/// price-like field that came back with a value.
fn prices_for(webview: &Window, roles: Roles, calls: &[(&str, Value)]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, args) in calls {
        let action = crate::commands::action(name).expect("a command of the table");
        if !permits(roles, action) {
            continue;
        }
        let answer = invoke(webview, name, args.clone())
            .unwrap_or_else(|e| panic!("{name} for {roles:?}: {e}"));
        prices_in(&answer, name, &mut found);
    }
    found
}

#[test]
fn a_mechanic_gets_no_price_cost_or_margin_from_any_command_where_the_front_desk_does() {
    let dir = tempfile::tempdir().unwrap();
    let now = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    let opts = atelier_demo::DemoOptions {
        customers: 30,
        seed: 7,
    };
    let made = {
        let mut db = atelier_core::Db::open_in_dir(dir.path()).unwrap();
        db.write(|tx| atelier_demo::set_up_workshop(tx, now, atelier_domain::Locale::Fr))
            .unwrap();
        atelier_demo::generate(&mut db, &opts, now).unwrap()
    };
    assert!(made.parts > 0 && made.orders > 0, "{made:?}");
    let (_app, webview) = bare_app(dir.path());

    sign_in(&webview, "accueil", "atelier-demo");
    let board = invoke(&webview, "orders_board", json!({})).unwrap();
    let board = board.as_array().unwrap();
    let order = board
        .iter()
        .find(|r| r["status"] == "in_progress")
        .or_else(|| board.first())
        .expect("the demo workshop has open orders")["order_id"]
        .clone();
    let today = atelier_core::text::today(now);
    let calls = reads(&webview, &order, &today);

    let mechanic = Roles::of(&[Role::Mechanic]);
    for name in crate::commands::NAMES {
        let action = crate::commands::action(name).unwrap();
        if !permits(mechanic, action) {
            continue;
        }
        let read = calls.iter().any(|(n, _)| n == name);
        let skipped = NOT_READ.iter().any(|(n, _)| n == name);
        assert!(
            read ^ skipped,
            "{name} ({action:?}) is open to a mechanic: read it here, or say in NOT_READ why not"
        );
    }

    let desk = prices_for(&webview, Roles::of(&[Role::FrontDesk]), &calls);
    let euros = |answers: &[Value]| {
        answers
            .iter()
            .filter(|a| a.to_string().contains('€'))
            .map(|a| a["text"].to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        !euros(&asked(&webview, &today)).is_empty(),
        "the front desk is told the day's takings in euros"
    );
    for (command, field) in [
        ("search_parts", "sale_cents"),
        ("part_page", "cost_cents"),
        ("part_page", "price_cents"),
        ("part_page", "average_cost_cents"),
        ("part_page", "value_cents"),
        ("part_page", "unit_cost_cents"),
        ("get_workshop", "rates"),
    ] {
        assert!(
            desk.iter()
                .any(|f| f.starts_with(command) && f.contains(&format!(".{field} "))),
            "the front desk sees {command}'s {field}: {desk:#?}"
        );
    }

    invoke(&webview, "lock", json!({})).unwrap();
    sign_in(&webview, "meca", "atelier-demo");
    let shown = prices_for(&webview, mechanic, &calls);
    assert!(shown.is_empty(), "a mechanic is shown prices: {shown:#?}");
    let answers = asked(&webview, &today);
    let told = euros(&answers);
    assert!(
        told.is_empty(),
        "the assistant tells a mechanic amounts: {told:#?}"
    );
    assert_eq!(
        answers[0]["kind"], "refused",
        "a mechanic asking for the revenue is refused: {}",
        answers[0]
    );
}

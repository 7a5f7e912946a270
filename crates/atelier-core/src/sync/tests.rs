//! The merge rules on real data: a station rebuilt from another one's
//! operations holds the same rows.

use std::collections::BTreeSet;

use atelier_domain::Locale;
use atelier_domain::sync::WireOp;
use serde_json::Value;

use super::apply::{Applier, from_sql};
use super::round::to_wire;
use crate::db::test_db;
use crate::demo::{self, DemoOptions};
use crate::{Db, outbox};

/// 2026-03-02T10:00:00Z
const NOW: u64 = 1_772_445_600_000;

fn operations(db: &Db) -> Vec<WireOp> {
    outbox::pending(db.conn(), u32::MAX)
        .unwrap()
        .into_iter()
        .map(|o| to_wire(o).unwrap())
        .collect()
}

/// Every row of `table`, ordered, as JSON, leaving out `skip` columns.
fn rows(db: &Db, table: &str, skip: &[&str]) -> Vec<Vec<(String, Value)>> {
    let conn = db.conn();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
        .unwrap();
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    stmt.query_map([], |r| {
        Ok(names
            .iter()
            .enumerate()
            .filter(|(_, n)| !skip.contains(&n.as_str()))
            .map(|(i, n)| (n.clone(), from_sql(r.get_ref(i).unwrap())))
            .collect())
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn a_station_rebuilt_from_another_ones_operations_holds_the_same_rows() {
    let mut a = test_db();
    a.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut a,
        &DemoOptions {
            customers: 40,
            seed: 3,
        },
        NOW,
    )
    .unwrap();
    let ops = operations(&a);
    let entities: BTreeSet<String> = ops.iter().map(|o| o.entity.clone()).collect();

    let mut b = test_db();
    b.conn().execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    let applied = b
        .write(|tx| Applier::new().apply_page(tx, &ops, NOW))
        .unwrap();
    let parked: Vec<String> = b
        .conn()
        .prepare("SELECT DISTINCT entity || ': ' || coalesce(operation ->> 'kind', 'fields') || ' ' || coalesce(operation ->> 'reason', operation) FROM sync_parked")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        parked.is_empty(),
        "{} parked, e.g. {:?}",
        parked.len(),
        parked
    );
    assert_eq!(applied.applied as usize, ops.len());

    let mut differ = Vec::new();
    // Each station keeps the PDFs it printed itself.
    for table in entities
        .iter()
        .map(String::as_str)
        .filter(|t| *t != "invoice_pdfs")
        .chain([
            "search_index",
            "stock_levels",
            "part_refs",
            "invoice_figures",
            "invoice_vat_figures",
        ])
    {
        let (ra, rb) = (rows(&a, table, &[]), rows(&b, table, &[]));
        if ra != rb {
            let first = ra.iter().zip(&rb).find(|(x, y)| x != y).map(|(x, y)| {
                x.iter()
                    .zip(y)
                    .filter(|(p, q)| p != q)
                    .map(|(p, q)| format!("{}: {} ≠ {}", p.0, p.1, q.1))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            differ.push(format!(
                "{table} ({} vs {} rows) {first:?}",
                ra.len(),
                rb.len()
            ));
        }
    }
    assert!(differ.is_empty(), "tables differ:\n{}", differ.join("\n"));
}

/// Moves every operation of `from` not yet sent to `to`, as a pull would,
/// and marks them sent.
fn exchange(from: &mut Db, to: &mut Db, now: u64) -> super::Applied {
    let ops = operations(from);
    from.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    to.write(|tx| Applier::new().apply_page(tx, &ops, now))
        .unwrap()
}

fn customer_input(phone: &str, address: &str) -> crate::customers::CustomerInput {
    crate::customers::CustomerInput {
        kind: Some("individual".into()),
        first_name: Some("Hélène".into()),
        last_name: Some("Lefèvre".into()),
        phone: Some(phone.into()),
        address_line1: Some(address.into()),
        postal_code: Some("69007".into()),
        city: Some("Lyon".into()),
        ..Default::default()
    }
}

/// Two stations sharing one customer, each with what the other wrote.
fn two_stations() -> (Db, Db, atelier_domain::CustomerId) {
    let (mut a, mut b) = (test_db(), test_db());
    let id = a
        .write(|tx| {
            crate::customers::create(
                tx,
                NOW,
                &customer_input("06 12 34 56 78", "8 rue Garibaldi"),
            )
        })
        .unwrap()
        .id;
    exchange(&mut a, &mut b, NOW);
    (a, b, id)
}

#[test]
fn two_sites_editing_different_fields_of_one_customer_offline_both_keep_their_edit() {
    let (mut a, mut b, id) = two_stations();
    // Site A changes the phone, site B the address, neither sees the other.
    a.write(|tx| {
        crate::customers::update(
            tx,
            NOW + 1_000,
            id,
            &customer_input("07 98 76 54 32", "8 rue Garibaldi"),
        )
    })
    .unwrap();
    b.write(|tx| {
        crate::customers::update(
            tx,
            NOW + 2_000,
            id,
            &customer_input("06 12 34 56 78", "14 quai Perrache"),
        )
    })
    .unwrap();
    let to_b = exchange(&mut a, &mut b, NOW + 3_000);
    let to_a = exchange(&mut b, &mut a, NOW + 3_000);
    assert_eq!(
        (to_a.conflicts, to_b.conflicts),
        (0, 0),
        "different fields do not conflict"
    );
    for db in [&a, &b] {
        let c = crate::customers::get(db.conn(), id).unwrap();
        assert_eq!(c.phone.as_deref(), Some("+33798765432"));
        assert_eq!(c.address_line1.as_deref(), Some("14 quai Perrache"));
    }
    // Search follows the merged row on both.
    for db in [&a, &b] {
        let hits = crate::search::search(db.conn(), "07 98 76 54 32", 5).unwrap();
        assert_eq!(hits.len(), 1, "the received phone is searchable");
    }
}

#[test]
fn the_same_field_changed_on_two_stations_keeps_the_later_value_everywhere_and_shows_the_other() {
    let (mut a, mut b, id) = two_stations();
    a.write(|tx| {
        crate::customers::update(
            tx,
            NOW + 1_000,
            id,
            &customer_input("07 11 11 11 11", "8 rue Garibaldi"),
        )
    })
    .unwrap();
    b.write(|tx| {
        crate::customers::update(
            tx,
            NOW + 2_000,
            id,
            &customer_input("07 22 22 22 22", "8 rue Garibaldi"),
        )
    })
    .unwrap();
    // B's change is later: it wins on both, whichever order they meet in.
    let at_b = exchange(&mut a, &mut b, NOW + 3_000);
    let at_a = exchange(&mut b, &mut a, NOW + 3_000);
    assert_eq!(
        (at_a.conflicts, at_b.conflicts),
        (1, 1),
        "each station sees the clash"
    );
    for db in [&a, &b] {
        let c = crate::customers::get(db.conn(), id).unwrap();
        assert_eq!(c.phone.as_deref(), Some("+33722222222"));
    }
    let open = super::conflicts::open(a.conn(), Some(("customers", &id.to_string()))).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].field, "phone");
    assert_eq!(open[0].kept_value, Value::from("+33722222222"));
    assert_eq!(open[0].lost_value, Value::from("+33711111111"));
    assert_eq!(open[0].label, "Hélène Lefèvre");

    // At A a person puts the overwritten number back: a new change B receives.
    a.write(|tx| super::conflicts::restore(tx, NOW + 4_000, open[0].id, Some("Léa")))
        .unwrap();
    assert!(super::conflicts::open(a.conn(), None).unwrap().is_empty());
    let back = exchange(&mut a, &mut b, NOW + 5_000);
    assert_eq!(back.conflicts, 0, "a restore has seen what it replaces");
    for db in [&a, &b] {
        let c = crate::customers::get(db.conn(), id).unwrap();
        assert_eq!(c.phone.as_deref(), Some("+33711111111"));
    }
    // B still lists its own record of the clash until someone settles it.
    let at_b = super::conflicts::open(b.conn(), None).unwrap();
    assert_eq!(at_b.len(), 1);
    b.write(|tx| super::conflicts::keep(tx, NOW + 6_000, at_b[0].id, Some("Karim")))
        .unwrap();
    assert!(super::conflicts::open(b.conn(), None).unwrap().is_empty());
}

#[test]
fn operations_received_twice_or_in_a_page_applied_again_change_nothing() {
    let mut a = test_db();
    a.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut a,
        &DemoOptions {
            customers: 10,
            seed: 5,
        },
        NOW,
    )
    .unwrap();
    let ops = operations(&a);
    let mut b = test_db();
    b.conn().execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    b.write(|tx| Applier::new().apply_page(tx, &ops, NOW))
        .unwrap();
    let before: Vec<_> = [
        "customers",
        "stock_levels",
        "payments",
        "orders",
        "field_stamps",
    ]
    .iter()
    .map(|t| rows(&b, t, &[]))
    .collect();
    b.write(|tx| Applier::new().apply_page(tx, &ops, NOW))
        .unwrap();
    let after: Vec<_> = [
        "customers",
        "stock_levels",
        "payments",
        "orders",
        "field_stamps",
    ]
    .iter()
    .map(|t| rows(&b, t, &[]))
    .collect();
    for (i, t) in [
        "customers",
        "stock_levels",
        "payments",
        "orders",
        "field_stamps",
    ]
    .iter()
    .enumerate()
    {
        let diff: Vec<_> = after[i]
            .iter()
            .filter(|y| !before[i].contains(y))
            .take(2)
            .collect();
        assert!(
            diff.is_empty() && before[i].len() == after[i].len(),
            "{t} changed: {diff:?}"
        );
    }
}

#[test]
fn an_order_status_never_goes_back_to_an_older_step_except_by_a_reopen() {
    use super::apply::Applier as A;
    let mut db = test_db();
    db.conn()
        .execute_batch("PRAGMA foreign_keys = OFF")
        .unwrap();
    let dev = atelier_domain::DeviceId::new();
    let op = |seq: u64, ms: u64, kind: atelier_domain::sync::OpKind, payload: &str| WireOp {
        device_id: dev,
        seq,
        op_id: atelier_domain::OperationId::new(),
        hlc: atelier_domain::Hlc::new(ms, 0).unwrap(),
        schema_version: 8,
        entity: "orders".into(),
        row_id: "o1".into(),
        kind,
        payload: serde_json::value::RawValue::from_string(payload.into()).unwrap(),
        by: None,
    };
    use atelier_domain::sync::OpKind::{Insert, Update};
    let insert = op(
        1,
        NOW,
        Insert,
        r#"{"status":"in_progress","estimate_number":"D-2026-0001","order_number":"OR-2026-0001","customer_id":"c","vehicle_id":"v"}"#,
    );
    let done = op(2, NOW + 10, Update, r#"{"status":"done"}"#);
    // Written elsewhere before it saw "done", arriving after it.
    let waiting = op(3, NOW + 20, Update, r#"{"status":"waiting_parts"}"#);
    let reopen = op(4, NOW + 30, Update, r#"{"status":"in_progress"}"#);
    let status = |db: &Db| -> String {
        db.conn()
            .query_row("SELECT status FROM orders WHERE id = 'o1'", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let applied = db
        .write(|tx| A::new().apply_page(tx, &[insert, done], NOW))
        .unwrap();
    assert_eq!(applied.parked, 0, "{applied:?}");
    db.write(|tx| A::new().apply_page(tx, &[waiting], NOW))
        .unwrap();
    assert_eq!(
        status(&db),
        "done",
        "a stale move does not undo a finished order"
    );
    db.write(|tx| A::new().apply_page(tx, &[reopen], NOW))
        .unwrap();
    assert_eq!(
        status(&db),
        "in_progress",
        "a reopen of the finished order does"
    );
}

#[test]
fn the_last_failure_is_worded_in_the_language_of_whoever_reads_the_status() {
    let mut db = test_db();
    let enrolled = atelier_domain::sync::Enrolled {
        token: "t".into(),
        organisation: "Garages Martin".into(),
        site: atelier_domain::sync::SiteInfo {
            id: atelier_domain::SiteId::new(),
            code: "LY".into(),
            name: "Lyon".into(),
        },
        all_sites: false,
        series_prefix: "LYA".into(),
    };
    let (code, detail) = super::SyncError::Refused {
        code: "unauthorized".into(),
        message: "device revoked".into(),
    }
    .stored();
    db.write(|tx| {
        super::state::save(tx, "http://127.0.0.1:8480", "Accueil", &enrolled, NOW)?;
        super::state::failed(tx, NOW, true, &code, &detail)
    })
    .unwrap();
    let fr = super::status(db.conn(), Locale::Fr).unwrap();
    let en = super::status(db.conn(), Locale::En).unwrap();
    assert_eq!(fr.last_error_code.as_deref(), Some("unauthorized"));
    assert!(
        fr.last_error
            .unwrap()
            .contains("ne reconnaît plus ce poste")
    );
    assert!(
        en.last_error
            .unwrap()
            .contains("no longer recognises this station")
    );
}

#[test]
fn operations_that_cannot_be_stored_in_a_page_are_parked_and_the_rest_stored_as_one_by_one() {
    use atelier_domain::sync::OpKind::{Insert, Update};
    let mut a = test_db();
    a.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut a,
        &DemoOptions {
            customers: 10,
            seed: 7,
        },
        NOW,
    )
    .unwrap();
    let mut ops = operations(&a);
    let model = ops
        .iter()
        .find(|o| o.entity == "customers")
        .unwrap()
        .clone();
    let bad = |entity: &str, kind, payload: &str| WireOp {
        op_id: atelier_domain::OperationId::new(),
        entity: entity.into(),
        row_id: uuid::Uuid::now_v7().to_string(),
        kind,
        payload: serde_json::value::RawValue::from_string(payload.into()).unwrap(),
        ..model.clone()
    };
    // Spread through the page, each in the middle of a run: a change to a
    // customer not received yet, a table this version does not know, a
    // vehicle its table refuses, a payload that is not an object.
    let n = ops.len();
    ops.insert(
        n / 5,
        bad("customers", Update, r#"{"phone": "0612345678"}"#),
    );
    ops.insert(2 * n / 5, bad("hovercrafts", Insert, r#"{"name": "x"}"#));
    ops.insert(3 * n / 5, bad("vehicles", Insert, r#"{"make": null}"#));
    ops.insert(4 * n / 5, bad("vehicles", Insert, "[1]"));

    let apply = |mut applier: Applier| {
        let mut db = test_db();
        db.conn()
            .execute_batch("PRAGMA foreign_keys = OFF")
            .unwrap();
        let applied = db.write(|tx| applier.apply_page(tx, &ops, NOW)).unwrap();
        (db, applied)
    };
    let (runs, by_runs) = apply(Applier::new());
    let (alone, one_by_one) = apply(Applier::per_op());
    assert_eq!(
        by_runs.parked, 4,
        "each operation that cannot be stored waits"
    );
    assert_eq!(by_runs.applied as usize, n, "every other one is stored");
    assert_eq!(by_runs, one_by_one, "runs count what one by one counts");
    let tables: BTreeSet<&str> = ops
        .iter()
        .map(|o| o.entity.as_str())
        .filter(|t| !["invoice_pdfs", "hovercrafts"].contains(t))
        .chain(["search_index", "search_docs", "field_stamps", "sync_parked"])
        .chain(["stock_levels", "invoice_figures", "sync_conflicts"])
        .collect();
    for table in tables {
        assert!(
            rows(&runs, table, &[]) == rows(&alone, table, &[]),
            "{table} holds what applying one by one leaves"
        );
    }
}

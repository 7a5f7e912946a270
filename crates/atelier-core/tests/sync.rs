//! Sync on whole demo stations, through the functions a round uses: a
//! station rebuilt from another one's operations holds the same rows, a
//! page applied again changes nothing, what an invoice awaits follows what
//! sync brings, enrolment moves every row of the station's own site to the
//! server's, and operations that cannot be stored are parked while the rest
//! of their page is stored as one by one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use atelier_core::Db;
use atelier_core::sync::{Applied, Applier, outgoing};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::Locale;
use atelier_domain::sync::WireOp;
use rusqlite::types::ValueRef;
use serde_json::Value;

/// 2026-03-02T10:00:00Z
const NOW: u64 = 1_772_445_600_000;

fn test_db() -> Db {
    Db::open_in_memory().unwrap()
}

/// Every operation waiting in `db`'s outbox, as it travels.
fn operations(db: &Db) -> Vec<WireOp> {
    outgoing(db.conn(), u32::MAX).unwrap()
}

/// A stored value as JSON, as the applier reads one.
fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
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

/// Moves every operation of `from` not yet sent to `to`, as a pull would,
/// and marks them sent.
fn exchange(from: &mut Db, to: &mut Db, now: u64) -> Applied {
    let ops = operations(from);
    from.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    to.write(|tx| Applier::new().apply_page(tx, &ops, now))
        .unwrap()
}

fn customer_input(phone: &str, address: &str) -> atelier_core::customers::CustomerInput {
    atelier_core::customers::CustomerInput {
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

/// A station with the demo workshop and demo data made with `opts`.
fn demo_station(opts: DemoOptions) -> Db {
    let mut db = test_db();
    db.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(&mut db, &opts, NOW).unwrap();
    db
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
            "invoice_balances",
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
fn what_an_invoice_awaits_follows_its_payments_reversal_and_credit_note_received_by_sync() {
    use atelier_core::access::Actor;
    use atelier_core::invoices::payments::{PaymentInput, record_payment, reverse_payment};
    use atelier_core::invoices::{
        CreditNoteInput, DraftInput, credit_note, draft_counter_sale, issue,
    };
    use atelier_core::orders::LineInput;

    let (mut a, mut b) = (test_db(), test_db());
    b.conn().execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    a.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    let desk = Actor::system();
    let fee = |price: &str| LineInput {
        kind: Some("fee".into()),
        description: Some("Diagnostic".into()),
        quantity: Some("1".into()),
        unit_price: Some(price.into()),
        ..LineInput::default()
    };
    let id = a
        .write(|tx| {
            let c = atelier_core::customers::create(
                tx,
                NOW,
                &customer_input("06 12 34 56 78", "8 rue"),
            )?;
            let input = DraftInput {
                customer_id: Some(c.id.to_string()),
                lines: vec![fee("100")],
                notes: None,
            };
            let d = draft_counter_sale(tx, NOW, &desk, &input, Locale::Fr)?;
            Ok(issue(tx, NOW, &desk, d.summary.id)?.summary.id)
        })
        .unwrap();
    let kept = |db: &Db| rows(db, "invoice_balances", &[]);
    let balance = |db: &Db| -> i64 {
        db.conn()
            .query_row(
                "SELECT balance_cents FROM invoice_balances WHERE invoice_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .unwrap()
    };
    exchange(&mut a, &mut b, NOW);
    assert_eq!(balance(&b), 12_000, "issued: 100 € HT, 120 € TTC awaited");
    let pay = PaymentInput {
        method: Some("card".into()),
        amount: Some("50".into()),
        ..PaymentInput::default()
    };
    let paid = a
        .write(|tx| record_payment(tx, NOW, &desk, id, &pay, Locale::Fr))
        .unwrap()
        .payment;
    exchange(&mut a, &mut b, NOW);
    assert_eq!(balance(&b), 7_000, "a payment received");
    a.write(|tx| reverse_payment(tx, NOW, &desk, paid.id, None))
        .unwrap();
    exchange(&mut a, &mut b, NOW);
    assert_eq!(balance(&b), 12_000, "its reversal received");
    let credit = CreditNoteInput {
        invoice_id: Some(id.to_string()),
        reason: None,
        lines: vec![fee("25")],
    };
    a.write(|tx| credit_note(tx, NOW, &desk, &credit, Locale::Fr))
        .unwrap();
    exchange(&mut a, &mut b, NOW);
    assert_eq!(balance(&b), 9_000, "a 30 € TTC credit note received");
    assert_eq!(kept(&a), kept(&b), "both stations keep the same figures");
    let owed = atelier_core::invoices::reports::unpaid(b.conn(), None, "2026-03-02").unwrap();
    assert_eq!(owed.total.cents(), 9_000);
}

#[test]
fn enrolment_moves_everything_of_the_station_s_own_site_to_the_server_s() {
    use atelier_core::stock::MAIN_SITE;
    let mut db = demo_station(DemoOptions {
        customers: 30,
        seed: 4,
    });
    let site_tables: Vec<String> = {
        let mut stmt = db
            .conn()
            .prepare(
                "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
                  WHERE m.type = 'table' AND c.name = 'site_id' AND m.name <> 'sync_state'",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let count = |db: &Db, table: &str, site: &str| -> i64 {
        db.conn()
            .query_row(
                &format!("SELECT COUNT(*) FROM \"{table}\" WHERE site_id = ?1"),
                [site],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before: Vec<i64> = site_tables
        .iter()
        .map(|t| count(&db, t, MAIN_SITE))
        .collect();
    let issued = count(&db, "invoices", MAIN_SITE);
    assert!(issued > 0 && count(&db, "stock_movements", MAIN_SITE) > 0);
    let lyon = atelier_domain::sync::SiteInfo {
        id: atelier_domain::SiteId::new(),
        code: "LY".into(),
        name: "Lyon".into(),
    };
    db.write(|tx| atelier_core::sync::adopt_site(tx, NOW, &lyon))
        .unwrap();

    let new = lyon.id.to_string();
    for (table, n) in site_tables.iter().zip(&before) {
        assert_eq!(
            count(&db, table, MAIN_SITE),
            0,
            "{table} still names the former site"
        );
        assert_eq!(count(&db, table, &new), *n, "{table} lost or gained rows");
    }
    assert_eq!(
        atelier_core::stock::current_site(db.conn()).unwrap(),
        lyon.id
    );
    let sites: Vec<(String, String)> = {
        let mut stmt = db.conn().prepare("SELECT id, name FROM sites").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(sites, vec![(new.clone(), "Lyon".to_owned())]);
    let waiting_with_old: i64 = db
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL AND instr(payload, ?1) > 0",
            [MAIN_SITE],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(waiting_with_old, 0);
    // Issued invoices are still sealed, chained, and guarded again.
    assert!(
        atelier_core::invoices::verify(db.conn())
            .unwrap()
            .findings
            .is_empty()
    );
    let tamper = db.conn().execute(
        "UPDATE invoices SET site_id = ?1 WHERE status = 'issued'",
        [MAIN_SITE],
    );
    assert!(tamper.is_err(), "the guard on issued invoices is back");
    // Adopting the same site again changes nothing.
    let ops = atelier_core::outbox::pending_count(db.conn()).unwrap();
    db.write(|tx| atelier_core::sync::adopt_site(tx, NOW, &lyon))
        .unwrap();
    assert_eq!(atelier_core::outbox::pending_count(db.conn()).unwrap(), ops);
}

#[test]
fn operations_that_cannot_be_stored_in_a_page_are_parked_and_the_rest_stored_as_one_by_one() {
    use atelier_domain::sync::OpKind::{Insert, Update};
    let a = demo_station(DemoOptions {
        customers: 10,
        seed: 7,
    });
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
        .chain([
            "search_index",
            "search_docs",
            "search_scraps",
            "field_stamps",
        ])
        .chain(["sync_parked"])
        .chain(["stock_levels", "invoice_figures", "sync_conflicts"])
        .collect();
    for table in tables {
        assert!(
            rows(&runs, table, &[]) == rows(&alone, table, &[]),
            "{table} holds what applying one by one leaves"
        );
    }
}

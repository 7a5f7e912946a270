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
        .chain(["search_index", "stock_levels", "part_refs"])
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

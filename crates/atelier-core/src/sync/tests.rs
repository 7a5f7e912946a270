//! The merge rules between two stations, the status bar's last failure and
//! the owner's dashboard of stations. A station rebuilt from another one's
//! operations, pages applied twice, invoices followed through sync,
//! enrolment moving a station's rows to the server's site and operations
//! parked rather than stored, all on demo stations, are in `tests/sync.rs`.

use atelier_domain::Locale;
use atelier_domain::sync::WireOp;
use serde_json::Value;

use super::apply::{Applier, from_sql};
use crate::db::test_db;
use crate::outbox::to_wire;
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
pub(super) fn rows(db: &Db, table: &str, skip: &[&str]) -> Vec<Vec<(String, Value)>> {
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
        let hits = crate::pages::search::search(db.conn(), "07 98 76 54 32", 5).unwrap();
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
fn the_owner_s_dashboard_shows_each_site_s_stations_and_their_last_sync() {
    use atelier_domain::sync::{ServerStatus, SiteInfo, StationInfo};
    let mut db = test_db();
    let owner = crate::access::Actor {
        user: None,
        name: "Sophie".into(),
        roles: crate::access::Roles::of(&[crate::access::Role::Owner]),
    };
    let today = crate::text::today(NOW);
    let before = crate::pages::dashboard::dashboard(db.conn(), &owner, &today).unwrap();
    assert!(
        before
            .owner
            .unwrap()
            .sites
            .iter()
            .all(|s| s.stations.is_none()),
        "not enrolled: no column"
    );
    let (lyon, vienne) = (
        SiteInfo {
            id: atelier_domain::SiteId::new(),
            code: "LY".into(),
            name: "Lyon".into(),
        },
        SiteInfo {
            id: atelier_domain::SiteId::new(),
            code: "VI".into(),
            name: "Vienne".into(),
        },
    );
    let enrolled = atelier_domain::sync::Enrolled {
        token: "t".into(),
        organisation: "Garages Martin".into(),
        site: lyon.clone(),
        all_sites: true,
        series_prefix: "LYA".into(),
    };
    let station = |name: &str, site: &SiteInfo, last: Option<u64>| StationInfo {
        device_id: atelier_domain::DeviceId::new(),
        name: name.into(),
        site_code: site.code.clone(),
        site_id: Some(site.id),
        last_sync_ms: last,
        revoked: false,
    };
    let status = ServerStatus {
        organisation: "Garages Martin".into(),
        site: lyon.clone(),
        all_sites: true,
        last_seq: 0,
        min_schema_version: 1,
        server_time_ms: NOW,
        stations: vec![
            station("Accueil Lyon", &lyon, Some(NOW - 60_000)),
            station("Atelier Vienne", &vienne, None),
        ],
    };
    db.write(|tx| {
        super::state::save(tx, "http://127.0.0.1:8480", "Bureau", &enrolled, NOW)?;
        super::site::adopt(tx, NOW, &lyon)?;
        // Vienne's own record, as a pull brings it.
        tx.execute(
            "INSERT INTO sites (id, name, created_at, updated_at) VALUES (?1, 'Vienne', 0, 0)",
            [vienne.id.to_string()],
        )?;
        super::state::succeeded(tx, NOW, &status)
    })
    .unwrap();
    let sites = crate::pages::dashboard::dashboard(db.conn(), &owner, &today)
        .unwrap()
        .owner
        .unwrap()
        .sites;
    let seen: Vec<String> = sites
        .into_iter()
        .map(|s| {
            let stations: Vec<String> = s
                .stations
                .unwrap()
                .into_iter()
                .map(|st| format!("{} {:?}", st.station, st.last_sync_ms))
                .collect();
            format!("{}: {}", s.name, stations.join(", "))
        })
        .collect();
    assert_eq!(
        seen,
        [
            format!("Lyon: Accueil Lyon Some({})", NOW - 60_000),
            "Vienne: Atelier Vienne None".to_owned(),
        ]
    );
}

//! Convergence with the real server, on its SQLite store and on PostgreSQL:
//! three stations on two sites write customers and issue invoices while
//! randomly offline, through random faults (the server stopped during a
//! round, after it committed a push and before the pull; an answer lost
//! after the server committed; a push sent twice; a pull cut off; the
//! server down between rounds). After a final sync every station holds the
//! same shared data, each site the same invoices, nothing acknowledged is
//! lost and no invoice number exists twice.
//!
//! A failing case prints its seed; `PROPTEST_CASES` runs more of them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use atelier_core::access::Actor;
use atelier_core::customers::CustomerInput;
use atelier_core::invoices::DraftInput;
use atelier_core::orders::LineInput;
use atelier_core::sync::{self, Transport};
use atelier_core::{Db, customers, invoices};
use atelier_demo as demo;
use atelier_domain::Locale;
use atelier_domain::sync::{
    EnrolRequest, Enrolled, PullResponse, PushRequest, PushResponse, ServerStatus,
};
use atelier_server::store::Store;
use atelier_sync::Http;
use common::{Backend, TestServer, open_store};
use proptest::prelude::*;

/// A fault a round may meet.
#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    /// The server commits the push, the answer never arrives.
    AnswerLost,
    /// The push is sent twice (a retry after a timeout).
    Twice,
    /// The connection drops after the first pull page.
    PullCut,
    /// The server is stopped during the round: the push is committed, then
    /// the server goes down and the round's pull meets no server.
    ServerStops,
}

/// The network between a station and the server, with a fault in it.
struct Faulty<'a> {
    inner: Http,
    fault: Fault,
    pulls: Cell<u32>,
    /// The running server, for [`Fault::ServerStops`] to stop.
    server: RefCell<&'a mut Option<TestServer>>,
    rt: &'a tokio::runtime::Runtime,
}

impl Transport for Faulty<'_> {
    fn enrol(&self, r: &EnrolRequest) -> Result<Enrolled, sync::SyncError> {
        self.inner.enrol(r)
    }
    fn push(&self, r: &PushRequest) -> Result<PushResponse, sync::SyncError> {
        match self.fault {
            Fault::AnswerLost => {
                self.inner.push(r)?;
                Err(sync::SyncError::Offline {
                    detail: "answer lost".into(),
                })
            }
            Fault::Twice => {
                self.inner.push(r)?;
                self.inner.push(r)
            }
            Fault::ServerStops => {
                let answer = self.inner.push(r);
                if let Some(up) = self.server.borrow_mut().take() {
                    self.rt.block_on(up.stop());
                }
                answer
            }
            _ => self.inner.push(r),
        }
    }
    fn pull(&self, cursor: u64, limit: u32) -> Result<PullResponse, sync::SyncError> {
        self.pulls.set(self.pulls.get() + 1);
        if matches!(self.fault, Fault::PullCut) && self.pulls.get() > 1 {
            return Err(sync::SyncError::Offline {
                detail: "cut".into(),
            });
        }
        // Small pages, so a cut falls between pages.
        self.inner.pull(cursor, limit.min(7))
    }
    fn status(&self) -> Result<ServerStatus, sync::SyncError> {
        self.inner.status()
    }
}

struct Station {
    db: Db,
    token: String,
    customers: Vec<atelier_domain::CustomerId>,
}

/// One step of the scenario.
#[derive(Clone, Debug)]
enum Step {
    NewCustomer(usize, u16),
    EditPhone(usize, usize, u16),
    EditCity(usize, usize, u16),
    Invoice(usize, usize),
    Sync(usize, u8),
    ServerDown,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..3usize, any::<u16>()).prop_map(|(s, n)| Step::NewCustomer(s, n)),
        (0..3usize, any::<usize>(), any::<u16>()).prop_map(|(s, c, n)| Step::EditPhone(s, c, n)),
        (0..3usize, any::<usize>(), any::<u16>()).prop_map(|(s, c, n)| Step::EditCity(s, c, n)),
        (0..3usize, any::<usize>()).prop_map(|(s, c)| Step::Invoice(s, c)),
        (0..3usize, 0..5u8).prop_map(|(s, f)| Step::Sync(s, f)),
        Just(Step::ServerDown),
    ]
}

fn input(first: &str, phone: u16, city: &str) -> CustomerInput {
    CustomerInput {
        kind: Some("individual".into()),
        first_name: Some(first.into()),
        last_name: Some("Martin".into()),
        phone: Some(format!(
            "06 12 {:02} {:02} {:02}",
            phone % 100,
            (phone / 100) % 100,
            phone % 97
        )),
        city: Some(city.into()),
        confirm_duplicate: true,
        ..CustomerInput::default()
    }
}

fn now() -> u64 {
    common::now_ms()
}

fn round(
    station: &mut Station,
    base: &str,
    fault: Fault,
    server: &mut Option<TestServer>,
    rt: &tokio::runtime::Runtime,
) {
    let transport = Faulty {
        inner: Http::new(base, Some(station.token.clone())).unwrap(),
        fault,
        pulls: Cell::new(0),
        server: RefCell::new(server),
        rt,
    };
    // A failed round is a normal day: the next one resumes.
    let _ = sync::run(&mut station.db, &transport, &now);
}

fn rows(db: &Db, sql: &str) -> Vec<String> {
    let mut stmt = db.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Plays `steps`, syncs everyone twice and checks convergence; returns how
/// many rounds met the server stopping during them.
fn run_scenario(steps: &[Step], rt: &tokio::runtime::Runtime, store: &Arc<dyn Store>) -> usize {
    rt.block_on(async {
        store.create_organisation("Garages Martin").await.unwrap();
        store
            .add_site("Garages Martin", "LY", "Lyon")
            .await
            .unwrap();
        store
            .add_site("Garages Martin", "VI", "Villeurbanne")
            .await
            .unwrap();
    });
    let mut server = Some(rt.block_on(TestServer::sync(store)));
    let mut base = server.as_ref().unwrap().base.clone();
    let mut stations: Vec<Station> = Vec::new();
    for (i, site) in ["LY", "LY", "VI"].iter().enumerate() {
        let mut db = Db::open_in_memory().unwrap();
        if i == 0 {
            db.write(|tx| demo::set_up_workshop(tx, now(), Locale::Fr))
                .unwrap();
        }
        let code = rt
            .block_on(store.mint_code(
                "Garages Martin",
                site,
                false,
                Duration::from_secs(600),
                now(),
            ))
            .unwrap();
        let http = Http::new(&base, None).unwrap();
        let token = Cell::new(String::new());
        sync::enrol(
            &mut db,
            &http,
            &base,
            &code,
            &format!("Poste {i}"),
            now(),
            |t| {
                token.set(t.to_owned());
                Ok(())
            },
        )
        .unwrap();
        stations.push(Station {
            db,
            token: token.take(),
            customers: Vec::new(),
        });
    }
    // Everyone receives the workshop before work starts.
    for station in &mut stations {
        round(station, &base, Fault::None, &mut server, rt);
    }
    let actor = Actor::system();
    let mut issued_here = 0;
    let mut stopped_mid_round = 0;
    for step in steps {
        match step.clone() {
            Step::NewCustomer(s, n) => {
                let c = stations[s]
                    .db
                    .write(|tx| {
                        customers::create(tx, now(), &input(&format!("Client{n}"), n, "Lyon"))
                    })
                    .unwrap();
                stations[s].customers.push(c.id);
            }
            Step::EditPhone(s, c, n) | Step::EditCity(s, c, n) => {
                let known: Vec<_> = rows(
                    &stations[s].db,
                    "SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id",
                );
                if known.is_empty() {
                    continue;
                }
                let id: atelier_domain::CustomerId = known[c % known.len()].parse().unwrap();
                let current = customers::get(stations[s].db.conn(), id).unwrap();
                let mut edit = input(
                    current.first_name.as_deref().unwrap_or("X"),
                    n,
                    current.city.as_deref().unwrap_or("Lyon"),
                );
                edit.phone = current.phone.clone();
                if matches!(step, Step::EditPhone(..)) {
                    edit.phone = input("x", n, "x").phone;
                } else {
                    edit.city = Some(format!("Ville{n}"));
                }
                stations[s]
                    .db
                    .write(|tx| customers::update(tx, now(), id, &edit))
                    .unwrap();
            }
            Step::Invoice(s, c) => {
                let known = rows(
                    &stations[s].db,
                    "SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id",
                );
                if known.is_empty() {
                    continue;
                }
                let draft = DraftInput {
                    customer_id: Some(known[c % known.len()].clone()),
                    lines: vec![LineInput {
                        kind: Some("part".into()),
                        description: Some("Huile 5W-30 (l)".into()),
                        quantity: Some("1".into()),
                        unit_price: Some("13,90".into()),
                        ..LineInput::default()
                    }],
                    notes: None,
                };
                let db = &mut stations[s].db;
                let d = db
                    .write(|tx| invoices::draft_counter_sale(tx, now(), &actor, &draft, Locale::Fr))
                    .unwrap();
                db.write(|tx| invoices::issue(tx, now(), &actor, d.summary.id))
                    .unwrap();
                issued_here += 1;
            }
            Step::Sync(s, f) => {
                let fault = [
                    Fault::None,
                    Fault::AnswerLost,
                    Fault::Twice,
                    Fault::PullCut,
                    Fault::ServerStops,
                ][usize::from(f)];
                if server.is_some() {
                    round(&mut stations[s], &base, fault, &mut server, rt);
                    if server.is_none() {
                        stopped_mid_round += 1;
                    }
                } else {
                    round(&mut stations[s], &base, Fault::None, &mut server, rt);
                }
            }
            Step::ServerDown => match server.take() {
                Some(up) => rt.block_on(up.stop()),
                None => {
                    let up = rt.block_on(TestServer::sync(store));
                    base = up.base.clone();
                    server = Some(up);
                }
            },
        }
    }
    if server.is_none() {
        let up = rt.block_on(TestServer::sync(store));
        base = up.base.clone();
        server = Some(up);
    }
    for _ in 0..2 {
        for station in &mut stations {
            round(station, &base, Fault::None, &mut server, rt);
        }
    }

    // Nothing acknowledged is lost: every operation reached the server.
    for (i, s) in stations.iter().enumerate() {
        let status = sync::status(s.db.conn(), Locale::Fr).unwrap();
        assert_eq!(
            status.pending_operations, 0,
            "station {i} still has work to send"
        );
        assert_eq!(status.parked_operations, 0, "station {i} parked operations");
        assert!(
            status.last_error.is_none(),
            "station {i}: {:?}",
            status.last_error
        );
    }
    // Shared data is the same everywhere.
    let people: Vec<Vec<String>> = stations
        .iter()
        .map(|s| rows(&s.db, "SELECT id || '|' || coalesce(phone, '') || '|' || coalesce(city, '') || '|' || sort_key FROM customers ORDER BY id"))
        .collect();
    assert_eq!(people[0], people[1]);
    assert_eq!(people[0], people[2]);
    for s in &stations {
        for id in &s.customers {
            assert!(
                people[0].iter().any(|r| r.starts_with(&id.to_string())),
                "customer created at a station reached all"
            );
        }
    }
    // Every station knows both sites by the server's ids and names, stands
    // in its own, and its invoices carry it.
    let sites: Vec<Vec<String>> = stations
        .iter()
        .map(|s| {
            rows(
                &s.db,
                "SELECT id || '|' || name FROM sites WHERE deleted_at IS NULL ORDER BY id",
            )
        })
        .collect();
    assert_eq!(sites[0].len(), 2, "{:?}", sites[0]);
    assert_eq!(sites[0], sites[1]);
    assert_eq!(sites[0], sites[2]);
    for s in &stations {
        let here = atelier_core::stock::current_site(s.db.conn())
            .unwrap()
            .to_string();
        let enrolled = sync::enrolment(s.db.conn()).unwrap().unwrap();
        assert_eq!(here, enrolled.site_id.to_string());
        for site in rows(&s.db, "SELECT DISTINCT site_id FROM invoices") {
            assert_eq!(site, here, "an invoice of this site names another");
        }
    }
    // Each site holds its invoices; the other site none of them.
    let issued = |s: &Station| {
        rows(
            &s.db,
            "SELECT number || '|' || hash FROM invoices WHERE status = 'issued' ORDER BY number",
        )
    };
    assert_eq!(
        issued(&stations[0]),
        issued(&stations[1]),
        "the Lyon stations hold the same invoices"
    );
    let lyon: BTreeSet<String> = issued(&stations[0]).into_iter().collect();
    let villeurbanne: BTreeSet<String> = issued(&stations[2]).into_iter().collect();
    assert!(
        lyon.is_disjoint(&villeurbanne),
        "a site never receives another site's invoices"
    );
    assert_eq!(
        lyon.len() + villeurbanne.len(),
        issued_here,
        "every invoice issued is held by its site"
    );
    // No number twice, and every series gap-free from 1.
    let mut series: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for s in &stations {
        for row in rows(
            &s.db,
            "SELECT series || '|' || seq FROM invoices WHERE status = 'issued'",
        ) {
            let (name, seq) = row.split_once('|').unwrap();
            series
                .entry(name.to_owned())
                .or_default()
                .push(seq.parse().unwrap());
        }
    }
    for (name, mut seqs) in series {
        seqs.sort_unstable();
        seqs.dedup();
        assert_eq!(
            seqs,
            (1..=seqs.len() as i64).collect::<Vec<_>>(),
            "series {name} has a gap"
        );
    }
    let numbers: Vec<String> = stations
        .iter()
        .flat_map(|s| {
            rows(
                &s.db,
                "SELECT DISTINCT number || '|' || id FROM invoices WHERE status = 'issued'",
            )
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let distinct: BTreeSet<&str> = numbers
        .iter()
        .map(|n| n.split('|').next().unwrap())
        .collect();
    assert_eq!(
        distinct.len(),
        numbers.len(),
        "an invoice number exists twice"
    );
    // And the chains verify on every station.
    for s in &stations {
        let report = invoices::verify(s.db.conn()).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
    stopped_mid_round
}

/// A scenario that surely meets the server stopped during a round, whatever
/// proptest draws: three stations' writes, each pushed as the server goes down.
fn stopped_during_rounds() -> Vec<Step> {
    vec![
        Step::NewCustomer(0, 1),
        Step::Invoice(0, 0),
        Step::Sync(0, 4),
        Step::ServerDown,
        Step::NewCustomer(1, 2),
        Step::Sync(1, 4),
        Step::ServerDown,
        Step::Sync(2, 0),
        Step::Invoice(1, 0),
        Step::EditCity(0, 0, 3),
        Step::Sync(1, 4),
        Step::Sync(0, 0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn stations_converge_whatever_the_network_does(steps in prop::collection::vec(step(), 10..40)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let store = rt.block_on(open_store(Backend::Sqlite));
        run_scenario(&steps, &rt, &store.store);
    }
}

proptest! {
    // A fresh PostgreSQL database per case: fewer cases than on SQLite.
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    #[test]
    fn stations_converge_on_postgresql_whatever_the_network_does(steps in prop::collection::vec(step(), 10..40)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let store = rt.block_on(open_store(Backend::Postgres));
        run_scenario(&steps, &rt, &store.store);
    }
}

#[test]
fn stations_converge_when_the_server_stops_during_rounds() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let store = rt.block_on(open_store(backend));
        let stopped = run_scenario(&stopped_during_rounds(), &rt, &store.store);
        assert_eq!(stopped, 3, "the server was stopped during three rounds");
    }
}

/// Over the real network transport a pull fetches and prepares each page
/// while the one before is applied: a workshop of several pages arrives
/// whole, in order.
#[test]
fn a_pull_of_many_pages_fetched_ahead_arrives_whole() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(open_store(Backend::Sqlite)).store;
    rt.block_on(async {
        store.create_organisation("Garages Martin").await.unwrap();
        store
            .add_site("Garages Martin", "LY", "Lyon")
            .await
            .unwrap();
    });
    let server = rt.block_on(TestServer::sync(&store));
    let station = |name: &str| {
        let mut db = Db::open_in_memory().unwrap();
        let code = rt
            .block_on(store.mint_code(
                "Garages Martin",
                "LY",
                false,
                Duration::from_secs(600),
                now(),
            ))
            .unwrap();
        let token = Cell::new(String::new());
        sync::enrol(
            &mut db,
            &Http::new(&server.base, None).unwrap(),
            &server.base,
            &code,
            name,
            now(),
            |t| {
                token.set(t.to_owned());
                Ok(())
            },
        )
        .unwrap();
        (db, Http::new(&server.base, Some(token.take())).unwrap())
    };
    let (mut desk, desk_net) = station("Accueil");
    let (mut bench, bench_net) = station("Atelier");
    demo::generate(
        &mut desk,
        &demo::DemoOptions {
            customers: 1500,
            seed: 2,
        },
        now(),
    )
    .unwrap();
    let sent = sync::run(&mut desk, &desk_net, &now).unwrap().pushed;
    assert!(
        sent > 2 * u64::from(sync::PULL_PAGE),
        "{sent} operations: several pages"
    );
    let got = sync::run(&mut bench, &bench_net, &now).unwrap();
    assert_eq!((got.pulled, got.parked), (sent, 0));
    let people = |db: &Db| {
        rows(
            db,
            "SELECT id || '|' || sort_key FROM customers ORDER BY id",
        )
    };
    assert_eq!(people(&desk), people(&bench));
    let cars = |db: &Db| {
        rows(
            db,
            "SELECT id || '|' || coalesce(plate, '') FROM vehicles ORDER BY id",
        )
    };
    assert_eq!(cars(&desk), cars(&bench));
}

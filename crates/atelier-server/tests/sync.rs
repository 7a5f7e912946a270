//! The sync server through its real HTTP interface, against both stores:
//! every scenario runs once on SQLite and once on PostgreSQL (a throwaway
//! cluster, see `common::pg`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use atelier_domain::DeviceId;
use atelier_domain::sync::{EnrolRequest, PullResponse, ServerStatus};
use atelier_server::store::Store;
use common::{
    Backend, Station, TestServer, enrol, now_ms, op, open_store, pull, pull_all, push, push_raw,
};
use serde_json::json;

/// An organisation with two sites, served on port 0.
struct Shop {
    store: common::TestStore,
    server: TestServer,
    http: reqwest::Client,
}

impl Shop {
    async fn open(backend: Backend) -> Shop {
        let store = open_store(backend).await;
        for org in ["Garage Martin", "Autre Garage"] {
            store.store.create_organisation(org).await.unwrap();
            store.store.add_site(org, "S1", "Lyon").await.unwrap();
            store
                .store
                .add_site(org, "S2", "Villeurbanne")
                .await
                .unwrap();
        }
        let server = TestServer::sync(&store.store).await;
        Shop {
            store,
            server,
            http: reqwest::Client::new(),
        }
    }

    fn store(&self) -> &Arc<dyn Store> {
        &self.store.store
    }

    async fn station(&self, site: &str) -> Station {
        enrol(
            &self.http,
            &self.server,
            self.store(),
            "Garage Martin",
            site,
            false,
        )
        .await
    }

    async fn station_of(&self, org: &str, site: &str, all_sites: bool) -> Station {
        enrol(&self.http, &self.server, self.store(), org, site, all_sites).await
    }

    async fn enrol_raw(&self, code: &str, device: DeviceId) -> (u16, serde_json::Value) {
        let response = self
            .http
            .post(self.server.url("/v1/enrol"))
            .json(&EnrolRequest {
                code: code.into(),
                device_id: device,
                device_name: "Accueil".into(),
                schema_version: 1,
            })
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    async fn status(&self, token: &str) -> (u16, Option<ServerStatus>) {
        let response = self
            .http
            .get(self.server.url("/v1/status"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.ok())
    }
}

macro_rules! both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(super::Backend::Postgres).await })*
        }
    };
}

both_stores!(
    enrolment_gives_a_token_a_site_and_a_series_and_a_code_works_once,
    pushed_operations_reach_the_other_stations_and_not_their_writer,
    a_resent_batch_is_acknowledged_as_duplicate_and_a_gap_is_refused,
    a_reused_sequence_with_another_operation_is_refused,
    operations_of_another_device_store_nothing,
    rejected_operations_are_kept_reported_never_pulled_and_never_block,
    an_invoice_number_is_used_by_one_invoice_only,
    a_site_receives_its_site_and_shared_records_and_an_owner_receives_all,
    an_owner_s_work_on_a_site_s_record_reaches_that_site_and_no_other,
    organisations_never_see_each_other_whatever_is_sent,
    a_revoked_device_is_refused_at_once_and_may_enrol_again,
    malformed_requests_are_4xx_and_change_nothing,
    an_old_schema_is_told_to_update,
    pushes_compressed_or_not_and_pulls_compressed_when_asked,
    pull_pages_with_more_and_next_cursor,
    the_log_survives_a_server_restart_on_the_same_store,
    status_shows_the_caller_and_the_stations_it_may_see,
);

async fn enrolment_gives_a_token_a_site_and_a_series_and_a_code_works_once(backend: Backend) {
    let shop = Shop::open(backend).await;
    let a = shop.station("S1").await;
    let b = shop.station("s1").await;
    let c = shop.station("S2").await;
    assert_eq!(a.enrolled.organisation, "Garage Martin");
    assert_eq!(a.enrolled.site.code, "S1");
    assert_eq!(a.enrolled.token.len(), 43, "32 random bytes, base64url");
    assert_ne!(a.token, b.token);
    assert_eq!(
        [
            a.enrolled.series_prefix.as_str(),
            &b.enrolled.series_prefix,
            &c.enrolled.series_prefix
        ],
        ["S1A", "S1B", "S2A"],
        "each station issues invoices in its own series"
    );

    let code = shop
        .store()
        .mint_code(
            "Garage Martin",
            "S1",
            false,
            Duration::from_secs(60),
            now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(code.len(), 12);
    let device = DeviceId::new();
    let (status, _) = shop.enrol_raw(&code.to_lowercase(), device).await;
    assert_eq!(status, 200, "a code is typed in any case");
    let (status, body) = shop.enrol_raw(&code, DeviceId::new()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("enrol_code_invalid")),
        "used once"
    );
    let (status, body) = shop.enrol_raw("AAAA-BBBB-CC", DeviceId::new()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("enrol_code_invalid"))
    );

    let expired = shop
        .store()
        .mint_code(
            "Garage Martin",
            "S1",
            false,
            Duration::from_secs(60),
            now_ms() - 120_000,
        )
        .await
        .unwrap();
    let (status, body) = shop.enrol_raw(&expired, DeviceId::new()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("enrol_code_expired"))
    );

    let again = shop
        .store()
        .mint_code(
            "Garage Martin",
            "S1",
            false,
            Duration::from_secs(60),
            now_ms(),
        )
        .await
        .unwrap();
    let (status, body) = shop.enrol_raw(&again, device).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("device_already_enrolled")),
        "an enrolled device must be revoked before enrolling again"
    );
    let (status, _) = shop.enrol_raw(&again, DeviceId::new()).await;
    assert_eq!(status, 200, "a refused enrolment does not use the code up");

    assert!(
        shop.store()
            .mint_code("Nobody", "S1", false, Duration::from_secs(60), now_ms())
            .await
            .is_err()
    );
    assert!(
        shop.store()
            .mint_code(
                "Garage Martin",
                "S9",
                false,
                Duration::from_secs(60),
                now_ms()
            )
            .await
            .is_err()
    );
    assert!(
        shop.store()
            .add_site("Garage Martin", "S1", "Again")
            .await
            .is_err()
    );
    assert!(
        shop.store()
            .create_organisation("Garage Martin")
            .await
            .is_err()
    );
    assert_eq!(
        shop.store()
            .list_devices("Garage Martin")
            .await
            .unwrap()
            .len(),
        5
    );
}

async fn pushed_operations_reach_the_other_stations_and_not_their_writer(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let ops = a.ops(
        "customers",
        &[
            r#"{"name":"Dupont","phone":"+33 6 12 34 56 78"}"#,
            r#"{"name":"Durand"}"#,
        ],
    );
    let (status, body) = push(&shop.http, &shop.server, &a.token, &ops, true).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"acked_through": 2, "results": [{"seq": 1, "status": "accepted"}, {"seq": 2, "status": "accepted"}]})
    );

    let pulled = pull_all(&shop.http, &shop.server, &b.token).await;
    assert_eq!(pulled.len(), 2);
    assert_eq!(pulled[0].op_id, ops[0].op_id);
    assert_eq!(
        pulled[0].payload.get(),
        ops[0].payload.get(),
        "payloads travel untouched"
    );
    assert_eq!(pulled[0].hlc, ops[0].hlc);
    assert_eq!(pulled[0].by.as_deref(), Some("Léa"));
    assert_eq!(pulled[1].seq, 2);
    assert!(
        pull_all(&shop.http, &shop.server, &a.token)
            .await
            .is_empty(),
        "a writer never pulls its own"
    );
}

async fn a_resent_batch_is_acknowledged_as_duplicate_and_a_gap_is_refused(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let first = a.ops("customers", &["{}", "{}"]);
    push(&shop.http, &shop.server, &a.token, &first, true).await;
    let mut again = first.clone();
    again.extend(a.ops("customers", &["{}"]));
    let (status, body) = push(&shop.http, &shop.server, &a.token, &again, true).await;
    assert_eq!(status, 200);
    assert_eq!(body["acked_through"], 3);
    assert_eq!(body["results"][0]["status"], "duplicate");
    assert_eq!(body["results"][1]["status"], "duplicate");
    assert_eq!(body["results"][2]["status"], "accepted");

    let gap = vec![op(a.device, 5, "customers", "r", "{}")];
    let (status, body) = push(&shop.http, &shop.server, &a.token, &gap, true).await;
    assert_eq!(
        (status, body["code"].as_str(), body["expected_seq"].as_u64()),
        (409, Some("sequence_gap"), Some(4))
    );
    assert_eq!(
        pull_all(&shop.http, &shop.server, &b.token).await.len(),
        3,
        "no copy of a duplicate, nothing of a gap"
    );
}

async fn a_reused_sequence_with_another_operation_is_refused(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}", "{}"]),
        true,
    )
    .await;
    let restored = vec![
        op(a.device, 2, "customers", "r", "{}"),
        op(a.device, 3, "customers", "r", "{}"),
    ];
    let (status, body) = push(&shop.http, &shop.server, &a.token, &restored, true).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("sequence_reused")),
        "{body}"
    );
    let b = shop.station("S1").await;
    assert_eq!(
        pull_all(&shop.http, &shop.server, &b.token).await.len(),
        2,
        "nothing of the refused batch stored"
    );
}

async fn operations_of_another_device_store_nothing(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let mut b = shop.station("S1").await;
    let mut ops = a.ops("customers", &["{}"]);
    ops.extend(b.ops("customers", &["{}"]));
    ops[1].seq = 2;
    let (status, body) = push(&shop.http, &shop.server, &a.token, &ops, true).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("device_mismatch"))
    );
    let forged = b.ops("customers", &["{}"]);
    let (status, _) = push(&shop.http, &shop.server, &a.token, &forged, true).await;
    assert_eq!(
        status, 403,
        "a token only writes its own device's operations"
    );
    assert!(
        pull_all(&shop.http, &shop.server, &b.token)
            .await
            .is_empty()
    );
}

async fn rejected_operations_are_kept_reported_never_pulled_and_never_block(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let mut ops = a.ops("customers", &["{}"]);
    ops.extend(a.ops("Bad-Entity", &["{}"]));
    ops.extend(a.ops("customers", &["[1,2]", r#"{"name":"ok"}"#]));
    let (status, body) = push(&shop.http, &shop.server, &a.token, &ops, true).await;
    assert_eq!(status, 200);
    assert_eq!(body["acked_through"], 4, "rejections advance the sequence");
    let statuses: Vec<_> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["accepted", "rejected", "rejected", "accepted"]);
    assert_eq!(body["results"][1]["code"], "bad_operation");
    let pulled = pull_all(&shop.http, &shop.server, &b.token).await;
    assert_eq!(pulled.iter().map(|o| o.seq).collect::<Vec<_>>(), [1, 4]);
    let (status, body) = push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}"]),
        true,
    )
    .await;
    assert_eq!(
        (status, body["acked_through"].as_u64()),
        (200, Some(5)),
        "the queue goes on"
    );
}

async fn an_invoice_number_is_used_by_one_invoice_only(backend: Backend) {
    let shop = Shop::open(backend).await;
    let a = shop.station("S1").await;
    let b = shop.station("S2").await;
    let first = vec![
        op(
            a.device,
            1,
            "invoices",
            "inv-1",
            r#"{"number":"F-S1A-2026-000001","total":1200}"#,
        ),
        op(
            a.device,
            2,
            "invoices",
            "inv-1",
            r#"{"number":"F-S1A-2026-000001","pdf_sha256":"ab"}"#,
        ),
    ];
    let (_, body) = push(&shop.http, &shop.server, &a.token, &first, true).await;
    assert_eq!(
        body["results"][1]["status"], "accepted",
        "the same invoice may send its number again"
    );
    let clash = vec![op(
        b.device,
        1,
        "invoices",
        "inv-2",
        r#"{"number":"F-S1A-2026-000001"}"#,
    )];
    let (status, body) = push(&shop.http, &shop.server, &b.token, &clash, true).await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["status"], "rejected");
    assert_eq!(body["results"][0]["code"], "invoice_number_taken");
    let other_org = shop.station_of("Autre Garage", "S1", false).await;
    let elsewhere = vec![op(
        other_org.device,
        1,
        "invoices",
        "inv-9",
        r#"{"number":"F-S1A-2026-000001"}"#,
    )];
    let (_, body) = push(&shop.http, &shop.server, &other_org.token, &elsewhere, true).await;
    assert_eq!(
        body["results"][0]["status"], "accepted",
        "numbers are unique per organisation"
    );
}

async fn a_site_receives_its_site_and_shared_records_and_an_owner_receives_all(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut s1 = shop.station("S1").await;
    let mut s2 = shop.station("S2").await;
    let s1_reader = shop.station("S1").await;
    let owner = shop.station_of("Garage Martin", "S1", true).await;
    push(
        &shop.http,
        &shop.server,
        &s1.token.clone(),
        &s1.ops("orders", &[r#"{"site":1}"#]),
        true,
    )
    .await;
    push(
        &shop.http,
        &shop.server,
        &s2.token.clone(),
        &s2.ops("orders", &[r#"{"site":2}"#]),
        true,
    )
    .await;
    push(
        &shop.http,
        &shop.server,
        &s2.token.clone(),
        &s2.ops("customers", &[r#"{"shared":true}"#]),
        true,
    )
    .await;
    push(
        &shop.http,
        &shop.server,
        &s2.token.clone(),
        &s2.ops("something_newer", &["{}"]),
        true,
    )
    .await;

    let got = |ops: Vec<atelier_domain::sync::WireOp>| {
        ops.iter()
            .map(|o| format!("{}:{}", o.entity, o.payload.get()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got(pull_all(&shop.http, &shop.server, &s1_reader.token).await),
        [r#"orders:{"site":1}"#, r#"customers:{"shared":true}"#],
        "a site device gets its site's work and the shared master data, never another site's"
    );
    assert_eq!(
        got(pull_all(&shop.http, &shop.server, &s1.token).await),
        [r#"customers:{"shared":true}"#]
    );
    assert_eq!(
        pull_all(&shop.http, &shop.server, &owner.token).await.len(),
        4,
        "an owner device gets every site"
    );
}

async fn an_owner_s_work_on_a_site_s_record_reaches_that_site_and_no_other(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut s2 = shop.station("S2").await;
    let s1_reader = shop.station("S1").await;
    let s2_reader = shop.station("S2").await;
    // The owner's device stands at S1 and sees every site.
    let mut owner = shop.station_of("Garage Martin", "S1", true).await;
    let s2_id = s2.enrolled.site.id.to_string();
    push(
        &shop.http,
        &shop.server,
        &s2.token.clone(),
        &s2.ops("orders", &[r#"{"site":2}"#]),
        true,
    )
    .await;
    // The owner edits S2's order, and creates one for S2 and one for a
    // site the organisation does not have (filed at the owner's own).
    let mut edit = owner.ops("orders", &[r#"{"status":"done"}"#]);
    edit[0].row_id = "row-1".into();
    edit[0].kind = atelier_domain::sync::OpKind::Update;
    let created = owner.ops(
        "orders",
        &[
            &format!(r#"{{"site_id":"{s2_id}","by":"owner"}}"#),
            r#"{"site_id":"00000000-0000-7000-8000-000000000001","by":"owner"}"#,
        ],
    );
    let mut later = owner.ops("orders", &[r#"{"status":"in_progress"}"#]);
    later[0].row_id = created[0].row_id.clone();
    later[0].kind = atelier_domain::sync::OpKind::Update;
    let batch: Vec<_> = edit.into_iter().chain(created).chain(later).collect();
    let (status, _) = push(&shop.http, &shop.server, &owner.token.clone(), &batch, true).await;
    assert_eq!(status, 200);

    let got = |ops: Vec<atelier_domain::sync::WireOp>| {
        ops.iter()
            .map(|o| o.payload.get().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got(pull_all(&shop.http, &shop.server, &s2_reader.token).await),
        [
            r#"{"site":2}"#.to_owned(),
            r#"{"status":"done"}"#.to_owned(),
            format!(r#"{{"site_id":"{s2_id}","by":"owner"}}"#),
            r#"{"status":"in_progress"}"#.to_owned(),
        ],
        "S2 gets the owner's edit of its order, the order made for it and its later edit"
    );
    assert_eq!(
        got(pull_all(&shop.http, &shop.server, &s1_reader.token).await),
        [r#"{"site_id":"00000000-0000-7000-8000-000000000001","by":"owner"}"#],
        "S1 gets only what was filed at the owner's own site"
    );
}

async fn organisations_never_see_each_other_whatever_is_sent(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut mine = shop.station("S1").await;
    let theirs = shop.station_of("Autre Garage", "S1", true).await;
    let theirs_too = shop.station_of("Autre Garage", "S1", false).await;
    push(
        &shop.http,
        &shop.server,
        &mine.token.clone(),
        &mine.ops("customers", &["{}", "{}"]),
        true,
    )
    .await;
    assert!(
        pull_all(&shop.http, &shop.server, &theirs.token)
            .await
            .is_empty(),
        "not even an all-sites device"
    );
    // Another organisation's device id in the operations is refused...
    let forged = vec![op(mine.device, 3, "customers", "r", "{}")];
    let (status, _) = push(&shop.http, &shop.server, &theirs.token, &forged, true).await;
    assert_eq!(status, 403);
    // ...and a cursor from the other's log shows nothing of it.
    let page = pull(&shop.http, &shop.server, &theirs_too.token, 0, Some(5000)).await;
    assert!(page.ops.is_empty());
    let (_, status) = shop.status(&theirs.token).await;
    let status = status.unwrap();
    assert_eq!(status.organisation, "Autre Garage");
    assert!(status.stations.iter().all(|s| s.device_id != mine.device));
}

async fn a_revoked_device_is_refused_at_once_and_may_enrol_again(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}"]),
        true,
    )
    .await;
    shop.store()
        .revoke_device(a.device, now_ms())
        .await
        .unwrap();
    let (status, body) = push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}"]),
        true,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(shop.status(&a.token).await.0, 401);
    let response = shop
        .http
        .get(shop.server.url("/v1/pull"))
        .bearer_auth(&a.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        shop.store()
            .revoke_device(DeviceId::new(), now_ms())
            .await
            .is_err()
    );

    let code = shop
        .store()
        .mint_code(
            "Garage Martin",
            "S1",
            false,
            Duration::from_secs(60),
            now_ms(),
        )
        .await
        .unwrap();
    let (status, body) = shop.enrol_raw(&code, a.device).await;
    assert_eq!(
        status, 200,
        "a revoked device may enrol again, with a new token"
    );
    assert_ne!(body["token"].as_str().unwrap(), a.token);
    assert_eq!(
        body["series_prefix"], "S1B",
        "and a new series: the old one stays its own"
    );
    assert_eq!(
        shop.status(&a.token).await.0,
        401,
        "the old token stays dead"
    );
}

async fn malformed_requests_are_4xx_and_change_nothing(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let bodies: Vec<(Vec<u8>, bool)> = vec![
        (b"not json".to_vec(), false),
        (b"{\"ops\": 3}".to_vec(), false),
        (b"{\"ops\": [{\"seq\": 1}]}".to_vec(), false),
        (b"garbage that is not zstd".to_vec(), false),
        (vec![0xff; 100], false),
    ];
    for (i, (body, compressed)) in bodies.into_iter().enumerate() {
        let (status, answer) = push_raw(&shop.http, &shop.server, &a.token, body, compressed).await;
        assert_eq!(status, 400, "body {i}: {answer}");
        assert_eq!(answer["code"], "bad_request");
    }
    // A body that claims zstd and is not.
    let response = shop
        .http
        .post(shop.server.url("/v1/push"))
        .bearer_auth(&a.token)
        .header("content-encoding", "zstd")
        .body("plain")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // Too many operations, non-consecutive ones, a zero sequence.
    let many = a.ops("customers", &vec!["{}"; 1001]);
    let (status, body) = push(&shop.http, &shop.server, &a.token, &many, true).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")));
    let (status, _) = push(
        &shop.http,
        &shop.server,
        &a.token,
        &[
            op(a.device, 1, "c", "r", "{}"),
            op(a.device, 3, "c", "r", "{}"),
        ],
        true,
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = push(
        &shop.http,
        &shop.server,
        &a.token,
        &[op(a.device, 0, "c", "r", "{}")],
        true,
    )
    .await;
    assert_eq!(status, 400);
    let mut nul = op(a.device, 1, "customers", "r\0w", "{}");
    let (status, _) = push(
        &shop.http,
        &shop.server,
        &a.token,
        std::slice::from_ref(&nul),
        true,
    )
    .await;
    assert_eq!(status, 400, "a NUL no store can keep is refused, not a 500");
    nul.row_id = "r".into();
    nul.by = Some("L\0a".into());
    let (status, _) = push(&shop.http, &shop.server, &a.token, &[nul], true).await;
    assert_eq!(status, 400);
    let code = shop
        .store()
        .mint_code(
            "Garage Martin",
            "S1",
            false,
            Duration::from_secs(60),
            now_ms(),
        )
        .await
        .unwrap();
    let response = shop
        .http
        .post(shop.server.url("/v1/enrol"))
        .json(&EnrolRequest {
            code,
            device_id: DeviceId::new(),
            device_name: "A\0".into(),
            schema_version: 1,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    // Over 16 MB once decompressed: a small zstd body, a huge JSON.
    let mut huge = b"{\"ops\":[],\"pad\":\"".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 17 * 1024 * 1024));
    huge.extend(b"\"}");
    let (status, body) = push_raw(&shop.http, &shop.server, &a.token, huge, true).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")));
    // Bad queries, tokens and enrolments.
    for query in ["cursor=x", "limit=0", "cursor=-1", "limit=abc"] {
        let response = shop
            .http
            .get(shop.server.url(&format!("/v1/pull?{query}")))
            .bearer_auth(&b.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{query}");
    }
    let response = shop
        .http
        .get(shop.server.url("/v1/status"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = shop
        .http
        .get(shop.server.url("/v1/status"))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = shop
        .http
        .post(shop.server.url("/v1/enrol"))
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    assert!(
        pull_all(&shop.http, &shop.server, &b.token)
            .await
            .is_empty(),
        "nothing stored"
    );
    a.next_seq = 1;
    let (status, body) = push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}"]),
        true,
    )
    .await;
    assert_eq!(
        (status, body["acked_through"].as_u64()),
        (200, Some(1)),
        "the sequence did not move"
    );
}

async fn an_old_schema_is_told_to_update(backend: Backend) {
    let store = open_store(backend).await;
    store.store.create_organisation("G").await.unwrap();
    store.store.add_site("G", "S1", "Lyon").await.unwrap();
    let server = TestServer::start(atelier_server::Config {
        store: Some(store.store.clone()),
        min_schema_version: 5,
        ..atelier_server::Config::default()
    })
    .await;
    let http = reqwest::Client::new();
    let code = store
        .store
        .mint_code("G", "S1", false, Duration::from_secs(60), now_ms())
        .await
        .unwrap();
    let response = http
        .post(server.url("/v1/enrol"))
        .json(&EnrolRequest {
            code: code.clone(),
            device_id: DeviceId::new(),
            device_name: "x".into(),
            schema_version: 4,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 426);
    let mut station = {
        let device = DeviceId::new();
        let response = http
            .post(server.url("/v1/enrol"))
            .json(&EnrolRequest {
                code,
                device_id: device,
                device_name: "x".into(),
                schema_version: 5,
            })
            .send()
            .await
            .unwrap();
        let enrolled: atelier_domain::sync::Enrolled = response.json().await.unwrap();
        Station {
            device,
            token: enrolled.token.clone(),
            enrolled,
            next_seq: 1,
        }
    };
    let mut ops = station.ops("customers", &["{}"]);
    ops[0].schema_version = 4;
    let (status, body) = push(&http, &server, &station.token, &ops, true).await;
    assert_eq!(
        (
            status,
            body["code"].as_str(),
            body["min_schema_version"].as_u64()
        ),
        (426, Some("schema_too_old"), Some(5))
    );
    ops[0].schema_version = 5;
    let (status, _) = push(&http, &server, &station.token, &ops, true).await;
    assert_eq!(status, 200);
}

async fn pushes_compressed_or_not_and_pulls_compressed_when_asked(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let (status, _) = push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &[r#"{"name":"zstd"}"#]),
        true,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &[r#"{"name":"plain"}"#]),
        false,
    )
    .await;
    assert_eq!(status, 200);
    let response = shop
        .http
        .get(shop.server.url("/v1/pull?cursor=0"))
        .bearer_auth(&b.token)
        .header("accept-encoding", "zstd")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "zstd");
    let bytes = response.bytes().await.unwrap();
    let page: PullResponse =
        serde_json::from_slice(&zstd::decode_all(&bytes[..]).unwrap()).unwrap();
    assert_eq!(page.ops.len(), 2);
    let plain = shop
        .http
        .get(shop.server.url("/v1/pull?cursor=0"))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}

async fn pull_pages_with_more_and_next_cursor(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let b = shop.station("S1").await;
    let payloads = vec!["{}"; 25];
    push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &payloads),
        true,
    )
    .await;
    let mut cursor = 0;
    let mut seen = Vec::new();
    for expected_more in [true, true, false] {
        let page = pull(&shop.http, &shop.server, &b.token, cursor, Some(10)).await;
        assert_eq!(page.more, expected_more);
        seen.extend(page.ops.iter().map(|o| o.seq));
        cursor = page.next_cursor;
    }
    assert_eq!(seen, (1..=25).collect::<Vec<_>>());
    let page = pull(&shop.http, &shop.server, &b.token, cursor, Some(10)).await;
    assert_eq!(
        (page.ops.len(), page.next_cursor, page.more),
        (0, cursor, false),
        "an empty page keeps the cursor"
    );
    let exact = pull(&shop.http, &shop.server, &b.token, 0, Some(25)).await;
    assert!(!exact.more, "exactly the page size left: nothing more");
}

async fn the_log_survives_a_server_restart_on_the_same_store(backend: Backend) {
    let store = open_store(backend).await;
    store.store.create_organisation("G").await.unwrap();
    store.store.add_site("G", "S1", "Lyon").await.unwrap();
    let http = reqwest::Client::new();
    let server = TestServer::sync(&store.store).await;
    let mut a = enrol(&http, &server, &store.store, "G", "S1", false).await;
    let b = enrol(&http, &server, &store.store, "G", "S1", false).await;
    push(
        &http,
        &server,
        &a.token.clone(),
        &a.ops("customers", &["{}", "{}"]),
        true,
    )
    .await;
    let first = pull(&http, &server, &b.token, 0, Some(1)).await;
    server.stop().await;

    let reopened = atelier_server::store::open(&store.config).await.unwrap();
    let server = TestServer::sync(&reopened).await;
    push(
        &http,
        &server,
        &a.token.clone(),
        &a.ops("customers", &["{}"]),
        true,
    )
    .await;
    let rest = pull(&http, &server, &b.token, first.next_cursor, None).await;
    assert_eq!(rest.ops.iter().map(|o| o.seq).collect::<Vec<_>>(), [2, 3]);
}

async fn status_shows_the_caller_and_the_stations_it_may_see(backend: Backend) {
    let shop = Shop::open(backend).await;
    let mut a = shop.station("S1").await;
    let _b = shop.station("S2").await;
    let owner = shop.station_of("Garage Martin", "S2", true).await;
    push(
        &shop.http,
        &shop.server,
        &a.token.clone(),
        &a.ops("customers", &["{}", "{}"]),
        true,
    )
    .await;
    let (code, status) = shop.status(&a.token).await;
    assert_eq!(code, 200);
    let status = status.unwrap();
    assert_eq!(
        (
            status.organisation.as_str(),
            status.site.code.as_str(),
            status.all_sites,
            status.last_seq
        ),
        ("Garage Martin", "S1", false, 2)
    );
    assert_eq!(status.min_schema_version, 1);
    assert!(status.server_time_ms.abs_diff(now_ms()) < 60_000);
    assert_eq!(
        status.stations.len(),
        1,
        "a site device sees its site's stations"
    );
    assert!(status.stations[0].last_sync_ms.is_some());
    let (_, all) = shop.status(&owner.token).await;
    assert_eq!(
        all.unwrap().stations.len(),
        3,
        "an owner sees every station"
    );
}

//! Off-site copies of the stations' backups, through the real server and
//! the stations' own transport (`atelier_sync::Http`): sent in chunks and
//! resumed, checked, listed to the right stations, fetched back with
//! `Range`, kept under the server's retention and space limit — and never
//! deleted, overwritten or truncated by a station, whatever it sends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use atelier_core::sync::SyncError;
use atelier_domain::DeviceId;
use atelier_domain::offsite::{CHUNK_BYTES, OffsiteListing, OffsiteReceived};
use atelier_server::offsite::{Limits, Offsite};
use atelier_sync::Http;
use atelier_sync::offsite::{Plan, Transferred, partial_path};
use common::{Backend, TestServer, enrol, open_store};

const ORG: &str = "Garage Martin";
const DAY_MS: u64 = 24 * 3600 * 1000;

/// An organisation with two sites, a second one, and a server keeping
/// off-site copies in a folder of its own.
struct Shop {
    rt: tokio::runtime::Runtime,
    store: common::TestStore,
    server: TestServer,
    offsite: Arc<Offsite>,
    dir: tempfile::TempDir,
    http: reqwest::Client,
}

/// A station: its device and its transport.
struct Station {
    device: DeviceId,
    token: String,
    http: Http,
}

impl Shop {
    fn open(backend: Backend, limits: Limits) -> Shop {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let store = rt.block_on(open_store(backend));
        rt.block_on(async {
            for org in [ORG, "Autre Garage"] {
                store.store.create_organisation(org).await.unwrap();
                store.store.add_site(org, "S1", "Lyon").await.unwrap();
                store
                    .store
                    .add_site(org, "S2", "Villeurbanne")
                    .await
                    .unwrap();
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let offsite = Arc::new(Offsite::new(dir.path().join("offsite"), limits));
        let server = rt.block_on(TestServer::start(atelier_server::Config {
            store: Some(store.store.clone()),
            min_schema_version: 1,
            offsite: Some(offsite.clone()),
            ..atelier_server::Config::default()
        }));
        Shop {
            rt,
            store,
            server,
            offsite,
            dir,
            http: reqwest::Client::new(),
        }
    }

    fn station_of(&self, org: &str, site: &str, all_sites: bool) -> Station {
        let enrolled = self.rt.block_on(enrol(
            &self.http,
            &self.server,
            &self.store.store,
            org,
            site,
            all_sites,
        ));
        Station {
            device: enrolled.device,
            http: Http::new(&self.server.base, Some(enrolled.token.clone())).unwrap(),
            token: enrolled.token,
        }
    }

    fn station(&self, site: &str) -> Station {
        self.station_of(ORG, site, false)
    }

    /// A backup file of `bytes` bytes that look encrypted, in `folder`.
    fn backup(&self, folder: &str, name: &str, bytes: usize, seed: u64) -> PathBuf {
        let folder = self.dir.path().join(folder);
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, noise(bytes, seed)).unwrap();
        path
    }

    /// Sends a raw chunk; returns the status and the JSON answer.
    fn put(
        &self,
        station: &Station,
        path: &str,
        (offset, total, sha256): (u64, u64, &str),
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        self.rt.block_on(async {
            let response = self
                .http
                .put(self.server.url(path))
                .query(&[
                    ("offset", offset.to_string()),
                    ("total", total.to_string()),
                    ("sha256", sha256.to_owned()),
                ])
                .bearer_auth(&station.token)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or_default())
        })
    }

    /// Any request without a body; returns the status, headers and body.
    fn call(
        &self,
        method: reqwest::Method,
        station: &Station,
        path: &str,
        range: Option<&str>,
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        self.rt.block_on(async {
            let mut request = self
                .http
                .request(method, self.server.url(path))
                .bearer_auth(&station.token);
            if let Some(range) = range {
                request = request.header("range", range);
            }
            let response = request.send().await.unwrap();
            let (status, headers) = (response.status().as_u16(), response.headers().clone());
            (status, headers, response.bytes().await.unwrap().to_vec())
        })
    }
}

/// Bytes that do not compress and do not start like SQLite: what an
/// encrypted backup looks like from outside.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    atelier_core::text::hex(&sha2::Sha256::digest(bytes))
}

fn upload(station: &Station, path: &Path) -> (OffsiteReceived, Vec<Transferred>) {
    let mut seen = Vec::new();
    let received = station
        .http
        .upload_offsite(station.device, path, None, &mut |t| seen.push(t))
        .unwrap();
    (received, seen)
}

fn listing(station: &Station) -> OffsiteListing {
    station.http.offsite().unwrap()
}

fn refused_code(result: Result<impl std::fmt::Debug, SyncError>) -> String {
    match result {
        Err(SyncError::Refused { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

const DAILY: &str = "atelier-20260115-083012345-daily.sqlite3";
const MANUAL: &str = "atelier-20260116-120000000-manual.sqlite3";

#[test]
fn a_backup_sent_in_chunks_is_kept_listed_and_comes_back_whole() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let size = 2 * CHUNK_BYTES + 12_345;
    let path = shop.backup("accueil", DAILY, size, 1);

    let (received, progress) = upload(&accueil, &path);
    assert!(received.complete);
    assert_eq!(received.total, size as u64);
    let steps: Vec<u64> = progress.iter().map(|t| t.bytes).collect();
    assert_eq!(
        steps,
        [CHUNK_BYTES as u64, 2 * CHUNK_BYTES as u64, size as u64],
        "one report per 1 MiB chunk"
    );

    let listed = listing(&accueil);
    assert_eq!(listed.backups.len(), 1);
    let copy = &listed.backups[0];
    assert_eq!(copy.device_id, accueil.device);
    assert_eq!(copy.device_name, "Poste S1");
    assert_eq!(copy.name.as_str(), DAILY);
    assert_eq!(copy.bytes, size as u64);
    assert_eq!(copy.sha256, sha256(&std::fs::read(&path).unwrap()));
    assert!(listed.uploading.is_empty());
    assert_eq!(listed.used_bytes, size as u64);
    assert_eq!(listed.keep_days, 365);

    let back = shop.dir.path().join("restored.sqlite3");
    accueil
        .http
        .download_offsite(copy, &back, &mut |_| {})
        .unwrap();
    assert_eq!(std::fs::read(&back).unwrap(), std::fs::read(&path).unwrap());
    assert!(!partial_path(&back).exists());

    // Sent again: nothing goes, the copy is already kept.
    let (again, _) = upload(&accueil, &path);
    assert!(again.complete);
    assert_eq!(listing(&accueil).backups.len(), 1);
}

#[test]
fn a_cut_upload_resumes_where_the_server_stands() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let size = 3 * CHUNK_BYTES;
    let path = shop.backup("accueil", DAILY, size, 2);
    let bytes = std::fs::read(&path).unwrap();
    let hash = sha256(&bytes);
    let at = format!("/v1/offsite/{}/{DAILY}", accueil.device);

    // The first chunk arrives, then the line drops.
    let first = bytes[..CHUNK_BYTES].to_vec();
    let (status, _) = shop.put(&accueil, &at, (0, size as u64, &hash), first.clone());
    assert_eq!(status, 200);
    // A chunk that is not where the server stands is told where that is.
    let (status, body) = shop.put(&accueil, &at, (0, size as u64, &hash), first);
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("offsite_offset"))
    );
    assert_eq!(body["received_bytes"], CHUNK_BYTES);
    let (status, body) = shop.put(
        &accueil,
        &at,
        (2 * CHUNK_BYTES as u64, size as u64, &hash),
        bytes[2 * CHUNK_BYTES..].to_vec(),
    );
    assert_eq!(
        (status, body["received_bytes"].as_u64()),
        (409, Some(CHUNK_BYTES as u64))
    );
    let held = listing(&accueil);
    assert_eq!(held.uploading.len(), 1);
    assert_eq!(held.uploading[0].received, CHUNK_BYTES as u64);
    assert!(held.backups.is_empty(), "a partial is not a copy");

    // The station's next try sends only what is missing.
    let (received, progress) = upload(&accueil, &path);
    assert!(received.complete);
    assert_eq!(
        progress.first().map(|t| t.bytes),
        Some(2 * CHUNK_BYTES as u64),
        "the upload went on from the server's first MiB"
    );
    assert_eq!(progress.len(), 2);
    let copy = &listing(&accueil).backups[0];
    assert_eq!(copy.sha256, hash);
    assert!(listing(&accueil).uploading.is_empty());
}

#[test]
fn a_file_that_arrives_changed_is_discarded_and_the_station_told() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let bytes = noise(5000, 3);
    let wrong = sha256(b"something else");
    let at = format!("/v1/offsite/{}/{DAILY}", accueil.device);
    let (status, body) = shop.put(&accueil, &at, (0, 5000, &wrong), bytes.clone());
    assert_eq!(status, 422);
    assert_eq!(body["code"], "offsite_checksum_mismatch");
    assert!(
        body["message"].as_str().unwrap().contains("discarded"),
        "{body}"
    );
    let listed = listing(&accueil);
    assert!(listed.backups.is_empty() && listed.uploading.is_empty());
    assert_eq!(listed.used_bytes, 0);

    // Past the end, empty in the middle, a bad checksum's form: refused.
    let right = sha256(&bytes);
    for (offset, total, hash, body) in [
        (0, 10, right.as_str(), bytes.clone()),
        (0, 5000, right.as_str(), Vec::new()),
        (0, 5000, "abc", bytes.clone()),
    ] {
        let (status, _) = shop.put(&accueil, &at, (offset, total, hash), body);
        assert_eq!(status, 400);
    }
}

#[test]
fn a_station_cannot_delete_overwrite_or_truncate_a_kept_copy() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let other = shop.station("S1");
    let path = shop.backup("accueil", DAILY, 40_000, 4);
    let original = std::fs::read(&path).unwrap();
    upload(&accueil, &path);
    let at = format!("/v1/offsite/{}/{DAILY}", accueil.device);

    // No route deletes: by its own token, another's, or the whole list.
    for (station, path) in [
        (&accueil, at.as_str()),
        (&other, at.as_str()),
        (&accueil, "/v1/offsite"),
    ] {
        let (status, _, _) = shop.call(reqwest::Method::DELETE, station, path, None);
        assert!(
            matches!(status, 404 | 405),
            "DELETE {path} answered {status}"
        );
    }
    // Replaced by other bytes, whole or from the start: refused.
    let ransom = noise(40_000, 99);
    let (status, body) = shop.put(&accueil, &at, (0, 40_000, &sha256(&ransom)), ransom.clone());
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("offsite_exists"))
    );
    let short = vec![0; 10];
    let (status, _) = shop.put(&accueil, &at, (0, 10, &sha256(&short)), short);
    assert_eq!(status, 409, "a new upload at 0 cannot truncate a kept copy");
    let (status, _) = shop.put(
        &accueil,
        &at,
        (40_000, 40_000, &sha256(&original)),
        Vec::new(),
    );
    assert_eq!(status, 409);
    // Nor through another station's path.
    let (status, body) = shop.put(&other, &at, (0, 40_000, &sha256(&ransom)), ransom);
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("device_mismatch"))
    );
    // Nor by a name that walks out of the folder.
    for bad in [
        format!("/v1/offsite/{}/..%2F..%2Fx", accueil.device),
        format!("/v1/offsite/{}/.{DAILY}.partial", accueil.device),
        format!("/v1/offsite/..%2F{}/{DAILY}", accueil.device),
    ] {
        let (status, _) = shop.put(&accueil, &bad, (0, 4, &sha256(b"abcd")), b"abcd".to_vec());
        assert_eq!(status, 400, "PUT {bad}");
    }

    let (status, _, body) = shop.call(reqwest::Method::GET, &accueil, &at, None);
    assert_eq!(status, 200);
    assert_eq!(body, original, "the kept copy's bytes are unchanged");
    let listed = listing(&accueil);
    assert_eq!(listed.backups.len(), 1);
    assert_eq!(listed.backups[0].sha256, sha256(&original));
    assert!(
        listed.uploading.is_empty(),
        "no partial was left to take its place"
    );
    let kept = shop
        .offsite
        .station_dir(accueil.store_key(&shop), accueil.device)
        .join(DAILY);
    assert!(std::fs::metadata(kept).unwrap().permissions().readonly());
}

impl Station {
    /// The organisation's key in the store, as the server files copies under it.
    fn store_key(&self, shop: &Shop) -> i64 {
        shop.rt
            .block_on(
                shop.store
                    .store
                    .authenticate(&atelier_server::store::hash_secret(&self.token)),
            )
            .unwrap()
            .org_key
    }
}

fn scope(backend: Backend) {
    let shop = Shop::open(backend, Limits::default());
    let lyon = shop.station("S1");
    let lyon_2 = shop.station("S1");
    let villeurbanne = shop.station("S2");
    let owner = shop.station_of(ORG, "S1", true);
    let stranger = shop.station_of("Autre Garage", "S1", false);
    upload(&lyon, &shop.backup("lyon", DAILY, 3000, 5));
    upload(&villeurbanne, &shop.backup("vi", MANUAL, 2000, 6));

    let names = |s: &Station| -> Vec<(DeviceId, String)> {
        listing(s)
            .backups
            .into_iter()
            .map(|b| (b.device_id, b.name.to_string()))
            .collect()
    };
    assert_eq!(
        names(&lyon_2),
        [(lyon.device, DAILY.to_owned())],
        "a site sees its own"
    );
    assert_eq!(
        names(&villeurbanne),
        [(villeurbanne.device, MANUAL.to_owned())]
    );
    let mut all = names(&owner);
    all.sort();
    let mut expected = vec![
        (lyon.device, DAILY.to_owned()),
        (villeurbanne.device, MANUAL.to_owned()),
    ];
    expected.sort();
    assert_eq!(
        all, expected,
        "the owner's all-sites station sees every site's"
    );
    assert!(
        names(&stranger).is_empty(),
        "another organisation sees nothing"
    );

    // A copy out of scope cannot be fetched either.
    let at = format!("/v1/offsite/{}/{DAILY}", lyon.device);
    for (station, expected) in [
        (&villeurbanne, 404),
        (&stranger, 404),
        (&lyon_2, 200),
        (&owner, 200),
    ] {
        assert_eq!(
            shop.call(reqwest::Method::GET, station, &at, None).0,
            expected
        );
    }

    // A stolen PC is revoked: its replacement still restores its copies.
    shop.rt
        .block_on(
            shop.store
                .store
                .revoke_device(lyon.device, common::now_ms()),
        )
        .unwrap();
    let replacement = shop.station("S1");
    let copy = listing(&replacement).backups.remove(0);
    assert_eq!(copy.device_id, lyon.device);
    let back = shop.dir.path().join("replacement.sqlite3");
    replacement
        .http
        .download_offsite(&copy, &back, &mut |_| {})
        .unwrap();
    assert_eq!(refused_code(lyon.http.offsite()), "unauthorized");
}

#[test]
fn each_station_sees_its_site_s_copies_and_the_owner_every_site_s_on_sqlite() {
    scope(Backend::Sqlite);
}

#[test]
fn each_station_sees_its_site_s_copies_and_the_owner_every_site_s_on_postgres() {
    scope(Backend::Postgres);
}

#[test]
fn a_cut_download_resumes_with_range() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let path = shop.backup("accueil", DAILY, 100_000, 7);
    let original = std::fs::read(&path).unwrap();
    upload(&accueil, &path);
    let at = format!("/v1/offsite/{}/{DAILY}", accueil.device);

    let (status, headers, body) =
        shop.call(reqwest::Method::GET, &accueil, &at, Some("bytes=60000-"));
    assert_eq!(status, 206);
    assert_eq!(headers["content-range"], "bytes 60000-99999/100000");
    assert_eq!(body, original[60_000..]);
    let (status, _, body) = shop.call(reqwest::Method::GET, &accueil, &at, Some("bytes=10-19"));
    assert_eq!((status, body.as_slice()), (206, &original[10..20]));
    let (status, headers, _) =
        shop.call(reqwest::Method::GET, &accueil, &at, Some("bytes=100000-"));
    assert_eq!(status, 416);
    assert_eq!(headers["content-range"], "bytes */100000");
    let (status, headers, body) = shop.call(reqwest::Method::GET, &accueil, &at, None);
    assert_eq!((status, body.len()), (200, 100_000));
    assert_eq!(headers["accept-ranges"], "bytes");

    // A download cut at 30,000 bytes: the station asks for the rest only.
    let copy = listing(&accueil).backups.remove(0);
    let into = shop.dir.path().join("restore.sqlite3");
    std::fs::write(partial_path(&into), &original[..30_000]).unwrap();
    let mut seen = Vec::new();
    accueil
        .http
        .download_offsite(&copy, &into, &mut |t| seen.push(t.bytes))
        .unwrap();
    assert_eq!(std::fs::read(&into).unwrap(), original);
    assert!(
        seen.first().is_some_and(|&b| b > 30_000),
        "resumed: {seen:?}"
    );

    // A partial that does not hash right is removed, never renamed.
    let damaged = shop.dir.path().join("damaged.sqlite3");
    let mut bad = original.clone();
    bad[5] ^= 1;
    std::fs::write(partial_path(&damaged), &bad[..50_000]).unwrap();
    let err = accueil.http.download_offsite(&copy, &damaged, &mut |_| {});
    assert!(matches!(err, Err(SyncError::Offline { .. })), "{err:?}");
    assert!(!damaged.exists() && !partial_path(&damaged).exists());
    accueil
        .http
        .download_offsite(&copy, &damaged, &mut |_| {})
        .unwrap();
    assert_eq!(std::fs::read(&damaged).unwrap(), original);
}

#[test]
fn the_retention_removes_old_copies_but_never_a_station_s_newest() {
    let shop = Shop::open(
        Backend::Sqlite,
        Limits {
            keep_days: 30,
            ..Limits::default()
        },
    );
    let accueil = shop.station("S1");
    let atelier = shop.station("S1");
    upload(&accueil, &shop.backup("accueil", DAILY, 1000, 8));
    upload(&accueil, &shop.backup("accueil", MANUAL, 1000, 9));
    upload(&atelier, &shop.backup("atelier", DAILY, 1000, 10));
    // An upload left unfinished.
    let bytes = noise(2000, 11);
    let partial_name = "atelier-20260117-080000000-daily.sqlite3";
    let at = format!("/v1/offsite/{}/{partial_name}", accueil.device);
    assert_eq!(
        shop.put(
            &accueil,
            &at,
            (0, 2000, &sha256(&bytes)),
            bytes[..500].to_vec()
        )
        .0,
        200
    );

    let now = common::now_ms();
    let pruned = shop.offsite.prune(now + 29 * DAY_MS).unwrap();
    assert!(
        pruned.copies.is_empty() && pruned.partials == 0,
        "{pruned:?}"
    );
    assert_eq!(listing(&accueil).backups.len(), 3);

    let pruned = shop.offsite.prune(now + 31 * DAY_MS).unwrap();
    assert_eq!(pruned.copies.len(), 1, "{pruned:?}");
    let left: Vec<String> = listing(&accueil)
        .backups
        .iter()
        .map(|b| format!("{} {}", b.device_id == accueil.device, b.name))
        .collect();
    assert_eq!(
        left,
        [format!("true {MANUAL}"), format!("false {DAILY}")],
        "each station keeps its newest copy whatever its age"
    );

    // A week without a chunk: the partial goes.
    let dir = shop
        .offsite
        .station_dir(accueil.store_key(&shop), accueil.device);
    let partial = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .unwrap()
        .path();
    let week_ago = std::time::SystemTime::now() - atelier_server::offsite::PARTIAL_IDLE * 2;
    std::fs::File::options()
        .write(true)
        .open(&partial)
        .unwrap()
        .set_modified(week_ago)
        .unwrap();
    assert_eq!(shop.offsite.prune(now).unwrap().partials, 1);
    assert!(listing(&accueil).uploading.is_empty());
}

#[test]
fn a_station_over_its_space_is_refused_and_nothing_is_written() {
    let shop = Shop::open(
        Backend::Sqlite,
        Limits {
            max_bytes_per_station: 5000,
            ..Limits::default()
        },
    );
    let accueil = shop.station("S1");
    let atelier = shop.station("S1");
    upload(&accueil, &shop.backup("accueil", DAILY, 3000, 12));
    let second = shop.backup("accueil", MANUAL, 3000, 13);
    let err = accueil
        .http
        .upload_offsite(accueil.device, &second, None, &mut |_| {});
    assert_eq!(refused_code(err), "offsite_quota");
    let listed = listing(&accueil);
    assert_eq!(listed.backups.len(), 1);
    assert!(listed.uploading.is_empty());
    assert_eq!(
        (listed.used_bytes, listed.max_bytes_per_station),
        (3000, 5000)
    );
    // The limit is each station's: another still has its own room.
    upload(&atelier, &shop.backup("atelier", MANUAL, 3000, 14));
}

#[test]
fn a_server_without_an_offsite_folder_says_so() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(open_store(Backend::Sqlite));
    rt.block_on(async {
        store.store.create_organisation(ORG).await.unwrap();
        store.store.add_site(ORG, "S1", "Lyon").await.unwrap();
    });
    let server = rt.block_on(TestServer::sync(&store.store));
    let enrolled = rt.block_on(enrol(
        &reqwest::Client::new(),
        &server,
        &store.store,
        ORG,
        "S1",
        false,
    ));
    let http = Http::new(&server.base, Some(enrolled.token)).unwrap();
    assert_eq!(refused_code(http.offsite()), "offsite_disabled");
}

#[test]
fn the_background_upload_sends_the_newest_encrypted_backup_one_per_round() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    shop.backup("backups", DAILY, 4000, 15);
    shop.backup("backups", MANUAL, 3000, 16);
    // A backup from before the station encrypted its database: never sent.
    let plain = shop
        .dir
        .path()
        .join("backups/atelier-20260117-080000000-before-encryption.sqlite3");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(noise(1000, 17));
    std::fs::write(&plain, bytes).unwrap();
    let plan = Plan::new(
        accueil.http.clone(),
        accueil.device,
        shop.dir.path().join("backups"),
    );

    let first = plan
        .upload_newest(Some(1_000_000), &mut |_| {})
        .unwrap()
        .unwrap();
    assert_eq!(first.name, MANUAL, "the newest encrypted backup first");
    let second = plan
        .upload_newest(Some(1_000_000), &mut |_| {})
        .unwrap()
        .unwrap();
    assert_eq!(second.name, DAILY);
    assert_eq!(plan.upload_newest(None, &mut |_| {}).unwrap(), None);
    let names: Vec<String> = listing(&accueil)
        .backups
        .iter()
        .map(|b| b.name.to_string())
        .collect();
    assert_eq!(names, [MANUAL, DAILY]);
}

#[test]
fn an_upload_keeps_to_the_pace_it_is_given() {
    let shop = Shop::open(Backend::Sqlite, Limits::default());
    let accueil = shop.station("S1");
    let path = shop.backup("accueil", DAILY, 300_000, 18);
    let start = std::time::Instant::now();
    accueil
        .http
        .upload_offsite(accueil.device, &path, Some(1_000_000), &mut |_| {})
        .unwrap();
    let took = start.elapsed();
    assert!(
        took >= std::time::Duration::from_millis(280),
        "300 kB at 1 MB/s take 0.3 s, not {took:?}"
    );
}

//! Two stations of one workshop through a real sync server, each in its
//! own window and its own desktop session with an unlocked OS keyring (the
//! device token lives there). The front desk's station, already set up,
//! is enrolled by the owner in Réglages; a customer is created there and
//! sent with « Synchroniser ». A new workstation joins the workshop from
//! its first run with the code the owner minted: it installs the server's
//! snapshot of the site and pulls what came after it; the workshop's
//! people can sign in on it, and the customer is there; one it creates
//! reaches the front desk in turn, whose list shows it by itself after a
//! background round.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Result, ensure};
use atelier_e2e::Desktop;
use atelier_server::offsite::{Limits, Offsite};
use atelier_server::snapshots::Snapshots;
use atelier_server::store::{self, Store, StoreConfig};
use atelier_server::{Config, serve};

const ORG: &str = "Garage du Centre";

/// The workshop's sync server on a free port, with codes for two stations
/// of its site, and its snapshots (made from any history, however short).
async fn server() -> Result<(String, String, String, tempfile::TempDir, Arc<Snapshots>)> {
    let dir = tempfile::tempdir()?;
    let store: Arc<dyn Store> = store::open(&StoreConfig::Sqlite(dir.path().to_path_buf())).await?;
    store.create_organisation(ORG).await?;
    store.add_site(ORG, "LYA", "Lyon").await?;
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let hour = Duration::from_secs(3600);
    let desk = store.mint_code(ORG, "LYA", false, hour, now).await?;
    let new = store.mint_code(ORG, "LYA", false, hour, now).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let snapshots = Arc::new(Snapshots::with_minimum(
        dir.path().join("snapshots"),
        store.clone(),
        1,
    ));
    let config = Config {
        store: Some(store),
        min_schema_version: 1,
        snapshots: Some((snapshots.clone(), Duration::from_secs(3600))),
        // The stations' encrypted backups, kept off-site.
        offsite: Some(Arc::new(Offsite::new(
            dir.path().join("offsite"),
            Limits::default(),
        ))),
        ..Config::default()
    };
    tokio::spawn(async move { serve(listener, &config, std::future::pending()).await });
    Ok((url, desk, new, dir, snapshots))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_created_at_one_station_reaches_a_new_station_that_joins_the_workshop()
-> Result<()> {
    let (url, desk_code, new_code, _server_data, snapshots) = server().await?;
    // The front desk also syncs in the background, every 3 seconds.
    let desk = &Desktop::start_with_keyring_and_env(&[("ATELIER_SYNC_EVERY_S", "3")])?;
    let bench = &Desktop::start_with_keyring()?;
    desk.scenario("sync_two_stations", |rec| async move {
        // The front desk's station: enrolled by the owner in Réglages.
        let a = desk.launch_as("gerant", "1234").await?;
        rec.watch(&a);
        // The station encrypted its database at this launch: the owner
        // notes its recovery key.
        let desk_key = a.note_recovery_key().await?;
        a.click("nav a[data-screen=settings]").await?;
        a.fill("#sync-server", &url).await?;
        a.fill("#sync-code", &desk_code).await?;
        a.fill("#sync-name", "Accueil").await?;
        a.click("#sync-enrol").await?;
        a.wait_for_text("#sync-enrolled", ORG).await?;
        a.wait_for_text("#sync-status", "En ligne").await?;

        // A customer is created there and sent.
        a.click("nav a[data-screen=customers]").await?;
        a.click("#new-customer").await?;
        a.fill("#customer-form [name=first_name]", "Hélène").await?;
        a.fill("#customer-form [name=last_name]", "Lefèvre").await?;
        a.fill("#customer-form [name=phone]", "06 12 34 56 78")
            .await?;
        a.click("#customer-save").await?;
        a.wait_for_text("#customer-name", "Hélène Lefèvre").await?;
        a.click("nav a[data-screen=customers]").await?;
        a.wait_for_text("#customer-list tbody", "Hélène Lefèvre")
            .await?;
        a.click("#sync-now").await?;
        a.wait_for_text("#toast", "Synchronisé").await?;
        a.wait_for_text("#sync-status", "aucune modification en attente")
            .await?;
        // The server's snapshot of the site, as its refresher makes it.
        snapshots.refresh_all().await;

        // A new workstation joins from its first run with its own code.
        let b = bench.launch().await?;
        rec.watch(&b);
        b.wait_for("#first-run").await?;
        b.click("#join summary").await?;
        b.fill("#join-server", &url).await?;
        b.fill("#join-code", &new_code).await?;
        b.fill("#join-name", "Atelier").await?;
        let shots = atelier_e2e::target_dir().join("e2e");
        std::fs::create_dir_all(&shots)?;
        b.screenshot(&shots.join("first-run-join.png")).await?;
        b.click("#join-submit").await?;
        b.wait_for_text("#toast", "instantané du serveur installé")
            .await?;
        // Once the notice has faded in.
        tokio::time::sleep(Duration::from_millis(400)).await;
        b.screenshot(&shots.join("first-run-joined.png")).await?;
        // The workshop's people are there: the owner signs in with her PIN.
        b.switch_to("gerant", "1234").await?;
        b.note_recovery_key().await?;
        b.click("nav a[data-screen=customers]").await?;
        b.wait_for_text("#customer-list tbody", "Hélène Lefèvre")
            .await?;
        b.wait_for_text("#sync-status", "En ligne").await?;

        // Back the other way: a customer created at the new station and
        // sent with « Synchroniser » there appears on the front desk's list
        // by itself, brought by a background round.
        b.click("#new-customer").await?;
        b.fill("#customer-form [name=first_name]", "Marc").await?;
        b.fill("#customer-form [name=last_name]", "Girard").await?;
        b.click("#customer-save").await?;
        b.wait_for_text("#customer-name", "Marc Girard").await?;
        b.click("#sync-now").await?;
        b.wait_for_text("#toast", "Synchronisé").await?;
        rec.watch(&a);
        a.wait_for_text("#customer-list tbody", "Marc Girard")
            .await?;
        a.wait_for_text("#sync-status", "aucune modification en attente")
            .await?;

        // The front desk's background rounds sent its encrypted backups to
        // the server. The new station restores the desk's morning copy from
        // there, as a PC replacing a stolen one would, with the desk's key.
        b.go("#/reglages").await?;
        let mut listed = String::new();
        for _ in 0..40 {
            b.click("#offsite-load").await?;
            tokio::time::sleep(Duration::from_millis(700)).await;
            listed = b.text("#offsite-list").await?;
            if listed.contains("Accueil") {
                break;
            }
        }
        ensure!(
            listed.contains("Accueil"),
            "the desk's copy is listed: {listed}"
        );
        b.screenshot(&shots.join("offsite.png")).await?;
        let clicked = b
            .client
            .execute(
                "document.querySelector('#offsite-list tbody tr[data-name] button[data-action=restore-offsite]')
                   .click();
                 return true;",
                vec![],
            )
            .await?;
        ensure!(clicked.as_bool() == Some(true));
        b.wait_for_text("#ask-dialog", "autre poste")
            .await?;
        b.fill("#ask-input", &desk_key).await?;
        b.click("#ask-ok").await?;
        b.wait_for_text("#confirm-body", "clients").await?;
        b.click("#confirm-ok").await?;
        // The station starts over on the desk's morning data, under its own
        // key (shown again if the copy was taken before the desk's owner
        // noted hers).
        b.switch_to("gerant", "1234").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        if b.count("#recovery-dialog").await? > 0 {
            b.note_recovery_key().await?;
        }
        b.click("nav a[data-screen=customers]").await?;
        // The desk's copy from its first launch: the workshop, no customer yet.
        let count = b.wait_for_text("#customer-count", "client").await?;
        let list = b.text("#customer-list").await?;
        ensure!(
            !list.contains("Marc Girard") && !list.contains("Hélène Lefèvre"),
            "the copy is from before the day's customers: {count} {list}"
        );
        b.wait_for_text("#user-name", "Sophie Martin").await?;
        // The copy fetched for the restore has served: its download is gone.
        let fetched: Vec<_> = std::fs::read_dir(bench.data_dir().join("offsite"))?
            .flatten()
            .flat_map(|station| std::fs::read_dir(station.path()).into_iter().flatten())
            .flatten()
            .map(|f| f.path())
            .collect();
        ensure!(fetched.is_empty(), "downloads left: {fetched:?}");
        Ok(())
    })
    .await
}

//! The first morning with Atelier: the owner sets the workshop up, gives a
//! mechanic an account, and the shared workstation does what each may do.

use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::vehicles::VehicleInput;
use atelier_e2e::Desktop;

#[tokio::test]
async fn the_owner_sets_up_adds_a_mechanic_who_is_kept_to_his_jobs_and_the_audit_shows_his_change()
-> Result<()> {
    let desktop = &Desktop::start()?;
    // A car already on file (as after an import), so the mechanic has
    // something to work on.
    let vehicle_id = desktop.add_car(
        CustomerInput {
            last_name: Some("Durand".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("GH-456-JK".into()),
            ..VehicleInput::default()
        },
    )?;
    desktop
        .scenario("first_run_roles_idle_audit", |rec| async move {
            let app = desktop.launch().await?;
            rec.watch(&app);

            // The first run: a bad SIRET is refused in French, then the real one.
            app.wait_for_text("#first-run", "Bienvenue dans Atelier")
                .await?;
            app.fill("#wizard-name", "Garage des Tilleuls").await?;
            app.fill("#wizard-siret", "732 829 320 00075").await?;
            app.fill("#wizard-series-prefix", "S1A").await?;
            app.fill("#wizard-idle-minutes", "1").await?;
            app.fill("#wizard-display-name", "Sophie Martin").await?;
            app.fill("#wizard-login", "sophie").await?;
            app.fill("#wizard-password", "garage-2026").await?;
            app.fill("#wizard-pin", "2468").await?;
            app.click("#wizard-submit").await?;
            app.wait_for_text("#wizard-error", "SIRET").await?;
            app.fill("#wizard-siret", "732 829 320 00074").await?;
            app.click("#wizard-submit").await?;
            app.wait_for_text("#user-name", "Sophie Martin").await?;

            // The owner gives Karim a mechanic's account with a PIN.
            app.go("#/reglages").await?;
            app.click("#open-users").await?;
            app.click("#new-user").await?;
            app.fill("#user-display-name", "Karim Haddad").await?;
            app.fill("#user-login", "karim").await?;
            app.click("#user-role-mechanic").await?;
            app.fill("#user-password", "karim").await?;
            app.fill("#user-pin", "4821").await?;
            app.click("#user-save").await?;
            app.wait_for_text("#user-form .form-error", "mot de passe")
                .await?;
            app.fill("#user-password", "cle-a-molette").await?;
            app.click("#user-save").await?;
            app.wait_for_text("#user-list tbody", "Karim Haddad")
                .await?;

            // The shared station switches to Karim by his PIN.
            app.click("#lock-button").await?;
            app.switch_to("karim", "4821").await?;
            app.wait_for_text("#user-name", "Karim Haddad").await?;
            // He starts on his bench, not on the owner's user list.
            app.wait_for("#bench-jobs").await?;
            let nav = app.text("#main-nav").await?;
            ensure!(
                !nav.contains("Factures") && !nav.contains("Rapports") && !nav.contains("Clients"),
                "a mechanic's sidebar offers neither invoices, reports nor customers: {nav:?}"
            );
            for hash in ["#/factures", "#/rapports", "#/reglages/journal"] {
                app.go(hash).await?;
                app.wait_for_text("#forbidden", "ne donne pas accès")
                    .await?;
            }

            // He reads the odometer of the car on his bench.
            app.go(&format!("#/vehicules/{vehicle_id}")).await?;
            app.fill("#mileage-form [name=km]", "61250").await?;
            app.click("#mileage-save").await?;
            app.wait_for_text("#mileage-list", "61\u{202f}250").await?;

            // Left alone for a minute, the station locks itself.
            let start = Instant::now();
            while app.count("body.gated #switch-screen").await? == 0 {
                if start.elapsed() > Duration::from_secs(90) {
                    bail!("the station did not lock after a minute of inactivity");
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }

            // The owner comes back and finds Karim's change in the audit trail.
            app.switch_to("sophie", "2468").await?;
            // She starts on the day's overview, not on the car Karim left open.
            app.wait_for("#home-panels").await?;
            let url = app.client.current_url().await?;
            ensure!(
                url.fragment() == Some("/accueil"),
                "the owner lands on Accueil: {url}"
            );
            app.go("#/reglages/journal").await?;
            app.wait_for_text("#audit-list tbody", "Karim Haddad")
                .await?;
            let trail = app.text("#audit-list tbody").await?;
            ensure!(
                trail.contains("Relevé kilométrique") && trail.contains("61250"),
                "the trail shows the reading Karim recorded: {trail:?}"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/audit.png"))
                .await?;
            app.quit().await
        })
        .await
}

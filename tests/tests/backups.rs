//! The owner's backups in the real window: the day's first launch took one,
//! « Sauvegarder maintenant » takes another, and restoring it brings the
//! data back as it was, after everyone signs in again.

use anyhow::{Result, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::vehicles::VehicleInput;
use atelier_e2e::Desktop;

#[tokio::test]
async fn the_owner_backs_up_and_restores_and_the_later_changes_are_gone() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.add_car(
        CustomerInput {
            last_name: Some("Durand".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("FG-234-HJ".into()),
            ..VehicleInput::default()
        },
    )?;
    desktop
        .scenario("backup_and_restore", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);

            // The first launch of the day backed up already.
            app.go("#/reglages").await?;
            app.wait_for_text("#backup-last", "Dernière sauvegarde")
                .await?;
            app.wait_for_text("#backup-list", "quotidienne").await?;
            app.click("#backup-now").await?;
            app.wait_for_text("#backup-list", "manuelle").await?;
            app.client
                .execute(
                    "document.getElementById('settings-backups').scrollIntoView();",
                    vec![],
                )
                .await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/backups.png"))
                .await?;

            // After the backup, a new customer comes in.
            desktop.add_car(
                CustomerInput {
                    last_name: Some("Lefèvre".into()),
                    ..CustomerInput::default()
                },
                VehicleInput {
                    plate: Some("AB-123-CD".into()),
                    ..VehicleInput::default()
                },
            )?;
            app.go("#/clients").await?;
            app.wait_for_text("#customer-list", "Lefèvre").await?;

            // The owner restores the manual backup: it says what it holds first.
            app.go("#/reglages").await?;
            // The list is read as the screen opens: wait for its rows.
            app.wait_for_text("#backup-list", "manuelle").await?;
            let manual = app
                .client
                .execute(
                    "const row = [...document.querySelectorAll('#backup-list tbody tr')]
                       .find((r) => r.innerText.includes('manuelle'));
                     row.querySelector('button[data-action=restore]').click();
                     return true;",
                    vec![],
                )
                .await?;
            ensure!(manual.as_bool() == Some(true));
            let said = app
                .wait_for_text("#confirm-body", "clients\u{a0}: 1")
                .await?;
            ensure!(said.contains("remplacées"), "the warning is shown: {said}");
            app.click("#confirm-ok").await?;

            // The station starts over from the sign-in, on the restored data.
            app.switch_to("gerant", "1234").await?;
            app.go("#/clients").await?;
            app.wait_for_text("#customer-list", "Durand").await?;
            let list = app.text("#customer-list").await?;
            ensure!(
                !list.contains("Lefèvre"),
                "the later customer is gone: {list}"
            );
            app.go("#/reglages").await?;
            app.wait_for_text("#backup-list", "avant restauration")
                .await?;
            app.quit().await
        })
        .await
}

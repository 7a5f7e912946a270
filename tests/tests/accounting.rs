//! The owner's accounting in the real window: Réglages › Comptabilité refuses
//! an account number with a letter, saves the right one, and « Exporter le
//! FEC » writes the fiscal year's file into the folder typed.

use anyhow::{Result, ensure};
use atelier_e2e::Desktop;

#[tokio::test]
async fn the_owner_sets_an_account_and_exports_the_fec() -> Result<()> {
    let desktop = &Desktop::start()?;
    let folder = desktop.data_dir().join("comptable");
    desktop
        .scenario("accounting_fec", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go("#/reglages").await?;
            app.wait_for("#settings-accounting").await?;
            // The defaults are proposed, then a typo is refused under its box.
            // The VAT boxes appear once core's answer filled the form.
            app.wait_for("#accounts-vat-2000-vat-account").await?;
            app.fill("#accounts-labour", "70A").await?;
            app.click("#accounts-save").await?;
            app.wait_for_text("#accounts-form", "3 à 20 chiffres")
                .await?;
            app.fill("#accounts-labour", "706100").await?;
            app.click("#accounts-save").await?;
            app.wait_for_text("#toast", "Numéros de compte enregistrés")
                .await
                .ok();

            app.fill("#fec-folder", &folder.display().to_string())
                .await?;
            app.click("#fec-export").await?;
            let said = app.wait_for_text("#fec-result", "FEC écrit").await?;
            ensure!(said.contains("FEC"), "{said}");
            app.client
                .execute(
                    "document.getElementById('settings-accounting').scrollIntoView();",
                    vec![],
                )
                .await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/accounting.png"))
                .await?;
            let files: Vec<String> = std::fs::read_dir(&folder)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            ensure!(
                files.len() == 1
                    && files[0].starts_with("732829320FEC")
                    && files[0].ends_with(".txt"),
                "one FEC named after the SIREN: {files:?}"
            );
            app.quit().await
        })
        .await
}

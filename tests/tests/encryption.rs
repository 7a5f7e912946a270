//! Data at rest in the real window, with a real OS keyring: the first run
//! encrypts the new station and shows the owner the recovery key once; no
//! customer's name is in the station's files; a backup taken there is
//! restored on another machine (another data directory, another keyring)
//! only once its recovery key is typed; and a station whose keyring lost
//! the key opens again with it.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use atelier_e2e::{App, Desktop};

/// Whether any file of `dir` (and of its `backups/`) holds `needle` in
/// plain bytes.
fn plain_in(dir: &Path, needle: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("backups")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_file() || path.extension().is_some_and(|e| e == "log") {
                continue;
            }
            let bytes = std::fs::read(&path)?;
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(path.display().to_string());
            }
        }
    }
    Ok(found)
}

/// The first run of a new station: the workshop, the station, its owner.
async fn first_run(app: &App, workshop: &str, owner: &str, login: &str) -> Result<()> {
    app.wait_for_text("#first-run", "Bienvenue dans Atelier")
        .await?;
    app.fill("#wizard-name", workshop).await?;
    app.fill("#wizard-series-prefix", "S1A").await?;
    app.fill("#wizard-display-name", owner).await?;
    app.fill("#wizard-login", login).await?;
    app.fill("#wizard-password", "garage-2026").await?;
    app.fill("#wizard-pin", "2468").await?;
    app.click("#wizard-submit").await
}

/// Reads the recovery key the sheet shows, ticks that it was noted and
/// closes it.
async fn note_the_key(app: &App) -> Result<String> {
    let key = app.wait_for_text("#recovery-key", "-").await?;
    ensure!(
        key.trim().len() == 34,
        "the key is 28 characters in groups of four: {key:?}"
    );
    app.screenshot(&atelier_e2e::target_dir().join("e2e/recovery-key.png"))
        .await?;
    ensure!(
        app.attr("#recovery-done", "disabled").await?.is_some(),
        "closed only once noted"
    );
    app.note_recovery_key().await
}

#[tokio::test]
async fn a_new_station_is_encrypted_and_its_backup_opens_elsewhere_with_the_recovery_key()
-> Result<()> {
    let home = &Desktop::start_with_keyring()?;
    let elsewhere = &Desktop::start_with_keyring()?;
    home.scenario("encryption_first_run_and_restore", |rec| async move {
        // The first run: the owner sets the workshop up and is shown the key.
        let app = home.launch().await?;
        rec.watch(&app);
        first_run(&app, "Garage Quintalbert", "Odile Vasseur", "odile").await?;
        let key = note_the_key(&app).await?;
        app.wait_for_text("#user-name", "Odile Vasseur").await?;

        // A customer comes in, and the owner backs up.
        app.go("#/clients").await?;
        app.click("#new-customer").await?;
        app.fill("#customer-form [name=last_name]", "Bérangerot")
            .await?;
        app.fill("#customer-form [name=phone]", "06 12 34 56 78")
            .await?;
        app.click("#customer-save").await?;
        app.wait_for_text("#customer-name", "Bérangerot").await?;
        app.go("#/reglages").await?;
        app.wait_for_text("#encryption-state", "chiffrées").await?;
        app.click("#backup-now").await?;
        app.wait_for_text("#backup-list", "manuelle").await?;
        let backup = app
            .client
            .execute(
                "return [...document.querySelectorAll('#backup-list tbody tr')]
                   .find((r) => r.innerText.includes('manuelle')).dataset.path;",
                vec![],
            )
            .await?
            .as_str()
            .context("the manual backup's path")?
            .to_owned();

        // The owner sees the key again, after the password.
        app.click("#recovery-show").await?;
        app.fill("#ask-input", "garage-2026").await?;
        app.click("#ask-ok").await?;
        let again = app.wait_for_text("#recovery-key", "-").await?;
        ensure!(again.trim() == key, "the same key: {again} / {key}");
        app.click("#recovery-done").await?;
        app.quit().await?;

        // Nothing of the customer or the workshop in plain bytes on disk.
        for needle in ["Bérangerot", "Quintalbert", "Vasseur"] {
            let found = plain_in(home.data_dir(), needle)?;
            ensure!(found.is_empty(), "{needle} in plain bytes: {found:?}");
        }

        // Another machine: its own first run, then « Restaurer… » the file.
        let other = elsewhere.launch().await?;
        rec.watch(&other);
        first_run(&other, "Poste de secours", "Paul Remy", "paul").await?;
        note_the_key(&other).await?;
        other.go("#/reglages").await?;
        other.fill("#restore-path", &backup).await?;
        other.click("#restore-other").await?;
        // Not this station's backup: its recovery key is asked for.
        other.wait_for_text("#ask-dialog", "autre poste").await?;
        other
            .fill("#ask-input", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
            .await?;
        other.click("#ask-ok").await?;
        other
            .wait_for_text("#ask-dialog", "Vérifiez chaque groupe")
            .await?;
        other.fill("#ask-input", &key.to_lowercase()).await?;
        other.click("#ask-ok").await?;
        other
            .wait_for_text("#confirm-body", "clients\u{a0}: 1")
            .await?;
        other.click("#confirm-ok").await?;
        // The station starts over on the restored data: Odile signs in there.
        other.switch_to("odile", "2468").await?;
        other.go("#/clients").await?;
        other.wait_for_text("#customer-list", "Bérangerot").await?;
        other.quit().await?;
        let found = plain_in(elsewhere.data_dir(), "Bérangerot")?;
        ensure!(found.is_empty(), "restored, still encrypted: {found:?}");

        // The first station's data directory on a machine whose keyring has
        // no key for it (as after a keyring lost): the recovery key opens it,
        // under a new key kept in that keyring.
        let moved = tempfile::tempdir()?;
        for entry in std::fs::read_dir(home.data_dir())?.flatten() {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), moved.path().join(entry.file_name()))?;
            }
        }
        let binary = atelier_e2e::app_binary()?;
        let locked = elsewhere.launch_with(&binary, moved.path()).await?;
        rec.watch(&locked);
        locked
            .wait_for_text("#unlock-screen", "n’a plus sa clé")
            .await?;
        locked.fill("#unlock-key", "pas une clé").await?;
        locked.click("#unlock-submit").await?;
        locked
            .wait_for_text("#unlock-error", "28 caractères")
            .await?;
        locked.fill("#unlock-key", &key).await?;
        locked.click("#unlock-submit").await?;
        locked.switch_to("odile", "2468").await?;
        locked.go("#/clients").await?;
        locked.wait_for_text("#customer-list", "Bérangerot").await?;
        locked.go("#/reglages/registre").await?;
        locked.select("#journal-code", "encryption").await?;
        locked
            .wait_for_text("#journal-list tbody", "made again from the recovery key")
            .await?;
        locked.quit().await?;
        // The next launch finds the new key in the keyring: no question.
        let again = elsewhere.launch_with(&binary, moved.path()).await?;
        rec.watch(&again);
        again.wait_for("#switch-screen").await?;
        again.quit().await?;
        Ok(())
    })
    .await
}

//! A front-desk afternoon with the customer list, in the real window.

use anyhow::{Result, ensure};
use atelier_core::{Db, customers, outbox};
use atelier_e2e::Desktop;

const FRENCH_NAV: [&str; 9] = [
    "Accueil",
    "Clients",
    "Véhicules",
    "Ordres de réparation",
    "Planning",
    "Stock",
    "Factures",
    "Rapports",
    "Réglages",
];

#[tokio::test]
async fn create_a_customer_see_it_listed_and_find_it_again_after_a_restart() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("create_and_restart", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);

            ensure!(
                desktop.has_window_titled("Atelier")?,
                "the X window is titled Atelier"
            );
            let nav = app.wait_for_text("nav", "Réglages").await?;
            for label in FRENCH_NAV {
                ensure!(
                    nav.contains(label),
                    "the sidebar shows {label:?} in French: {nav:?}"
                );
            }
            // The owner starts on the day's overview.
            app.wait_for("#home-panels").await?;
            app.click("nav a[data-screen=customers]").await?;
            app.wait_for_text("#customer-empty", "Aucun client").await?;

            app.click("#new-customer").await?;
            app.fill("#customer-form [name=first_name]", "Hélène")
                .await?;
            app.fill("#customer-form [name=last_name]", "Lefèvre")
                .await?;
            app.fill("#customer-form [name=phone]", "06 12 34 56 78")
                .await?;
            app.fill("#customer-form [name=email]", "helene.lefevre@example.fr")
                .await?;
            app.click("#customer-save").await?;

            // The new customer opens, ready for a vehicle; the list has her.
            app.wait_for_text("#customer-name", "Hélène Lefèvre")
                .await?;
            app.click("nav a[data-screen=customers]").await?;
            let row = app
                .wait_for_text("#customer-list tbody", "Hélène Lefèvre")
                .await?;
            ensure!(
                row.contains("06 12 34 56 78"),
                "the phone is listed: {row:?}"
            );
            app.wait_for_text("#customer-count", "1 client").await?;
            // A station that never joined a server says it works on its own,
            // not that changes wait to be sent.
            let status = app.wait_for_text("#sync-status", "Poste autonome").await?;
            ensure!(
                !status.contains("modification"),
                "no pending count on a standalone station: {status:?}"
            );
            app.quit().await?;
            // What it will send if it ever joins: 7 from setting up the
            // workshop (identity, 3 rates, 3 accounts), 1 customer.
            let db = Db::open_in_dir(desktop.data_dir())?;
            ensure!(outbox::pending_count(db.conn())? == 8);
            drop(db);

            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.click("nav a[data-screen=customers]").await?;
            app.wait_for_text("#customer-list tbody", "Hélène Lefèvre")
                .await?;

            app.fill("#customer-search", "helene").await?;
            app.wait_for_text("#customer-count", "1 client").await?;
            app.fill("#customer-search", "nobody-by-that-name").await?;
            app.wait_for_text("#customer-empty", "nobody-by-that-name")
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await
}

#[tokio::test]
async fn saving_without_a_name_shows_a_french_error_and_writes_nothing() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("empty_name", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.click("nav a[data-screen=customers]").await?;
            app.click("#new-customer").await?;
            app.fill("#customer-form [name=first_name]", "Jean").await?;
            app.click("#customer-save").await?;
            app.wait_for_text("#customer-form-error", "Le champ « Nom » est obligatoire.")
                .await?;
            let field_error = app.text(".field-error[data-for=last_name]").await?;
            ensure!(
                field_error.contains("obligatoire"),
                "shown under the field: {field_error:?}"
            );
            let typed = app
                .wait_for("#customer-form [name=first_name]")
                .await?
                .prop("value")
                .await?;
            ensure!(
                typed.as_deref() == Some("Jean"),
                "what was typed is kept: {typed:?}"
            );
            app.quit().await?;
            Ok(())
        })
        .await?;

    let db = Db::open_in_dir(desktop.data_dir())?;
    let listed = customers::list(db.conn(), &Default::default())?;
    ensure!(listed.total == 0, "no customer row was written");
    // Only the workshop's own setting up (identity, 3 rates, 3 accounts) is waiting.
    ensure!(
        outbox::pending_count(db.conn())? == 7,
        "no operation was recorded"
    );
    Ok(())
}

#[tokio::test]
async fn switching_to_english_in_settings_changes_the_labels_and_is_remembered() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("language", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.click("nav a[data-screen=settings]").await?;
            let select = app.wait_for("select#locale").await?;
            select.select_by_value("en").await?;
            app.wait_for_text("nav", "Customers").await?;
            app.wait_for_text("nav", "Settings").await?;
            app.quit().await?;

            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.wait_for_text("nav", "Repair orders").await?;
            app.click("nav a[data-screen=customers]").await?;
            app.click("#new-customer").await?;
            app.click("#customer-save").await?;
            app.wait_for_text("#customer-form-error", "“Last name” is required.")
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await
}

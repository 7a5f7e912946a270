//! The front desk with customers and their vehicles, in the real window:
//! a car comes in, is found again by a scrap of its plate (its start, then
//! its end), is read at the odometer, changes hands; a duplicate is caught;
//! a spreadsheet is imported.

use anyhow::{Result, ensure};
use atelier_core::{Db, customers};
use atelier_e2e::{App, Desktop};
use fantoccini::key::Key;

/// Creates a customer through the dialog, as the front desk does.
async fn new_customer(app: &App, first: &str, last: &str, phone: &str) -> Result<()> {
    app.click("nav a[data-screen=customers]").await?;
    app.click("#new-customer").await?;
    app.fill("#customer-form [name=first_name]", first).await?;
    app.fill("#customer-form [name=last_name]", last).await?;
    app.fill("#customer-form [name=phone]", phone).await?;
    app.click("#customer-save").await?;
    // The new customer's page opens.
    app.wait_for_text("#customer-name", &format!("{first} {last}"))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_car_comes_in_is_found_by_its_plate_read_at_the_odometer_and_sold() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("vehicle_life", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            new_customer(&app, "Paul", "Martin", "06 99 88 77 66").await?;
            new_customer(&app, "Jean", "Dupont", "06 11 22 33 44").await?;

            // Jean Dupont's page is open: give him his car.
            app.click("#customer-add-vehicle").await?;
            app.fill("#vehicle-form [name=plate]", "ab 123-cd").await?;
            // The VIN decodes as it is typed, the country in French.
            app.fill("#vehicle-form [name=vin]", "WVWZZZ1JZXW000001")
                .await?;
            app.wait_for_text("#vin-info", "Volkswagen · Allemagne")
                .await?;
            app.fill("#vehicle-form [name=vin]", "VF1RFB00065432109")
                .await?;
            app.wait_for_text("#vin-info", "Renault · France").await?;
            app.fill("#vehicle-form [name=make]", "Renault").await?;
            app.fill("#vehicle-form [name=model]", "Clio").await?;
            app.fill("#vehicle-form [name=mileage]", "84500").await?;
            app.click("#vehicle-save").await?;
            app.wait_for_text("#vehicle-plate", "AB-123-CD").await?;

            // Later: find it from anywhere by typing part of the plate in lower case.
            app.click("nav a[data-screen=customers]").await?;
            app.fill("#global-search", "ab-12").await?;
            app.wait_for_text("#search-results", "AB-123-CD").await?;
            app.wait_for("#global-search")
                .await?
                .send_keys(&format!(
                    "{}{}",
                    char::from(Key::Down),
                    char::from(Key::Enter)
                ))
                .await?;
            app.wait_for_text("#vehicle-plate", "AB-123-CD").await?;
            app.wait_for_text("#vehicle-owner", "Jean Dupont").await?;

            // An odometer reading, then a lower one: the meter was replaced.
            app.fill("#mileage-form [name=km]", "90000").await?;
            app.click("#mileage-save").await?;
            app.wait_for_text("#mileage-list", "90\u{202f}000").await?;
            app.fill("#mileage-form [name=km]", "1200").await?;
            app.click("#mileage-save").await?;
            app.wait_for_text("#mileage-confirm", "compteur a-t-il été remplacé")
                .await?;
            app.click("#mileage-confirm-yes").await?;
            app.wait_for_text("#mileage-list", "1\u{202f}200").await?;

            // Jean sells the car to Paul Martin.
            app.click("#vehicle-transfer").await?;
            app.fill("#transfer-search", "martin").await?;
            app.click("#transfer-results li[data-id] button").await?;
            app.click("#transfer-save").await?;
            app.wait_for_text("#vehicle-owner", "Paul Martin").await?;
            let history = app.text("#owner-history").await?;
            ensure!(
                history.contains("Jean Dupont") && history.contains("Paul Martin"),
                "both owners are in the history: {history:?}"
            );
            app.wait_for_text("#vehicle-timeline", "Nouveau propriétaire : Paul Martin")
                .await?;

            // Back at the workshop: what is read off the back of the car is
            // the end of its plate, and that finds it too.
            app.fill("#global-search", "23 cd").await?;
            let found = app.wait_for_text("#search-results", "Paul Martin").await?;
            ensure!(
                found.contains("AB-123-CD"),
                "the end of the plate finds the car: {found:?}"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/vehicle-page.png"))
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await
}

#[tokio::test]
async fn the_same_phone_raises_a_duplicate_warning_that_can_be_resolved() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("duplicate", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            new_customer(&app, "Jean", "Dupont", "06 11 22 33 44").await?;

            app.click("nav a[data-screen=customers]").await?;
            app.click("#new-customer").await?;
            app.fill("#customer-form [name=first_name]", "J.").await?;
            app.fill("#customer-form [name=last_name]", "Dupond")
                .await?;
            app.fill("#customer-form [name=phone]", "+33611223344")
                .await?;
            app.click("#customer-save").await?;
            let warning = app
                .wait_for_text("#duplicate-warning", "Jean Dupont")
                .await?;
            ensure!(
                warning.contains("Est-ce le même client"),
                "it asks: {warning:?}"
            );
            app.wait_for_text("#customer-count", "1 client").await?;

            app.click("#duplicate-confirm").await?;
            app.wait_for_text("#customer-name", "J. Dupond").await?;
            app.click("nav a[data-screen=customers]").await?;
            app.wait_for_text("#customer-count", "2 clients").await?;
            app.quit().await?;
            Ok(())
        })
        .await?;
    let db = Db::open_in_dir(desktop.data_dir())?;
    ensure!(customers::list(db.conn(), &Default::default())?.total == 2);
    Ok(())
}

#[tokio::test]
async fn importing_a_spreadsheet_with_one_bad_line_reports_it_and_imports_the_rest_on_request()
-> Result<()> {
    let desktop = &Desktop::start()?;
    let csv = desktop.data_dir().join("clients.csv");
    std::fs::write(
        &csv,
        "nom;prenom;telephone;immatriculation;marque;modele\n\
         Lefèvre;Hélène;06 12 34 56 78;AB-123-CD;Peugeot;208\n\
         Moreau;Luc;06 23 45 67 89;XY-999-IO;Renault;Clio\n\
         Bernard;Anne;07 11 22 33 44;;;\n",
    )?;
    desktop
        .scenario("import", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.click("nav a[data-screen=customers]").await?;
            app.click("#customer-import").await?;
            app.wait_for("#import-file")
                .await?
                .send_keys(&csv.display().to_string())
                .await?;
            let errors = app
                .wait_for_text("#import-errors", "immatriculation")
                .await?;
            ensure!(errors.contains('3'), "the bad line is line 3: {errors:?}");
            ensure!(
                errors.contains("« O »") || errors.contains("lettre"),
                "a French reason: {errors:?}"
            );
            let commit = app.wait_for("#import-commit").await?;
            ensure!(
                !commit.is_enabled().await?,
                "nothing is imported while a line is wrong"
            );

            app.click("#import-skip-invalid").await?;
            // The wrong line left out: Hélène with her 208, and Anne without a car.
            let report = app.wait_for_text("#import-report", "2 clients").await?;
            ensure!(report.contains("1 véhicule"), "{report}");
            app.click("#import-commit").await?;
            app.wait_for_text("#import-result", "2 clients et 1 véhicule importés")
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await?;
    let db = Db::open_in_dir(desktop.data_dir())?;
    let names: Vec<String> = customers::list(db.conn(), &Default::default())?
        .items
        .into_iter()
        .map(|c| c.display_name)
        .collect();
    ensure!(
        names == ["Anne Bernard", "Hélène Lefèvre"],
        "the good lines only: {names:?}"
    );
    Ok(())
}

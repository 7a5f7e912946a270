//! A front-desk afternoon with the customer list, in the real window; and a
//! customer who asks for her data, then to be forgotten.

use std::process::Command;

use anyhow::{Context, Result, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::{Db, customers, outbox};
use atelier_e2e::{Desktop, path_in};

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

/// Her phone and e-mail, as Atelier stores them.
const HER_PHONE: &str = "+33655443322";
const HER_EMAIL: &str = "odile.quintard@example.fr";

/// Mme Quintard's years at the workshop, put on file as the front desk and
/// the bench would have: a repair order signed and done, invoiced, paid
/// part by cheque, and an appointment next week. Returns her id.
fn her_years(desktop: &Desktop) -> Result<atelier_domain::CustomerId> {
    use atelier_core::access::Actor;
    use atelier_core::invoices::{self, PaymentInput};
    use atelier_core::orders::{self, LineInput, OrderStatus};
    use atelier_core::planning::{self, AppointmentInput, ResourceInput};
    use atelier_core::vehicles::VehicleInput;
    const ON_FILE: u64 = 1_763_700_000_000;
    let oil = LineInput {
        kind: Some("part".into()),
        description: Some("Huile 5W-30 (l)".into()),
        quantity: Some("4".into()),
        unit_price: Some("13,90".into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    let order = desktop.signed_order(
        CustomerInput {
            civility: Some("Mme".into()),
            first_name: Some("Odile".into()),
            last_name: Some("Quintard".into()),
            phone: Some("06 55 44 33 22".into()),
            email: Some(HER_EMAIL.into()),
            address_line1: Some("4 chemin des Aubépines".into()),
            postal_code: Some("69005".into()),
            city: Some("Lyon".into()),
            marketing_consent: true,
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("FG-234-HJ".into()),
            ..VehicleInput::default()
        },
        &[oil],
        OrderStatus::Done,
    )?;
    let system = Actor::system();
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let her = db.write(|tx| {
        let o = orders::get(tx, order)?;
        let draft = invoices::draft_from_order(tx, ON_FILE, &system, order)?;
        invoices::issue(tx, ON_FILE, &system, draft.summary.id)?;
        invoices::store_pdf(tx, ON_FILE, draft.summary.id)?;
        let cheque = PaymentInput {
            method: Some("cheque".into()),
            amount: Some("20,00".into()),
            reference: Some("Chèque n° 5521".into()),
            ..PaymentInput::default()
        };
        invoices::payments::record_payment(
            tx,
            ON_FILE,
            &system,
            draft.summary.id,
            &cheque,
            atelier_domain::Locale::Fr,
        )?;
        let bay = planning::create_resource(
            tx,
            ON_FILE,
            None,
            &ResourceInput {
                kind: Some("bay".into()),
                name: Some("Pont 1".into()),
                ..ResourceInput::default()
            },
        )?;
        let booking = AppointmentInput {
            customer_id: Some(o.customer_id.to_string()),
            vehicle_id: Some(o.vehicle_id.to_string()),
            start_at: Some("2025-11-24T09:00".into()),
            duration_min: Some(60),
            bay_id: Some(bay.id.to_string()),
            work: Some("Vidange — Mme Quintard attend sur place".into()),
            ..AppointmentInput::default()
        };
        planning::book(tx, ON_FILE, &booking, true)?;
        Ok(o.customer_id)
    })?;
    Ok(her)
}

/// How many times `needle` occurs in the database file and its WAL.
fn in_database_file(desktop: &Desktop, needle: &str) -> Result<usize> {
    let file = desktop.data_dir().join(atelier_core::DB_FILE_NAME);
    let mut bytes = std::fs::read(&file)?;
    if let Ok(wal) = std::fs::read(file.with_extension("sqlite3-wal")) {
        bytes.extend(wal);
    }
    let needle = needle.as_bytes();
    Ok(bytes.windows(needle.len()).filter(|w| *w == needle).count())
}

#[tokio::test]
async fn a_customer_gets_her_data_as_json_and_pdf_then_is_anonymised() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let her = her_years(desktop)?;
    let folder = tempfile::tempdir()?;
    let folder_path = folder.path().display().to_string();
    desktop
        .scenario("gdpr_export_and_anonymise", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go(&format!("#/clients/{her}")).await?;
            app.wait_for_text("#customer-name", "Odile Quintard")
                .await?;

            // Everything about her, as JSON, in the folder typed.
            app.click("#customer-export").await?;
            app.wait_for_text("#customer-export-title", "Odile Quintard")
                .await?;
            app.fill("#customer-export-folder", &folder_path).await?;
            app.click("#customer-export-confirm").await?;
            let json = path_in(&app.wait_for_text("#toast", ".json").await?)?;
            ensure!(
                json.starts_with(&folder_path),
                "written where typed: {json}"
            );
            let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json)?)?;
            let records = &doc["records"];
            for table in [
                "orders",
                "order_lines",
                "order_approvals",
                "invoices",
                "invoice_pdfs",
                "payments",
                "appointments",
                "audit_log",
            ] {
                let rows = records[table].as_array().map_or(0, Vec::len);
                ensure!(rows > 0, "the export holds her {table}: {rows} rows");
            }
            ensure!(
                records["invoices"][0]["status"] == "issued"
                    && records["payments"][0]["amount_cents"] == 2000,
                "her invoice as issued and her cheque: {records}"
            );
            ensure!(doc["customer"]["email"] == HER_EMAIL);

            // The readable summary, as PDF, in the export folder.
            app.click("#customer-export").await?;
            app.click("#customer-export-format-pdf").await?;
            app.click("#customer-export-confirm").await?;
            let pdf = path_in(&app.wait_for_text("#toast", ".pdf").await?)?;
            let text = Command::new("pdftotext")
                .args(["-layout", &pdf, "-"])
                .output()
                .context("pdftotext runs")?;
            let text = String::from_utf8_lossy(&text.stdout);
            for expected in [
                "Données personnelles",
                "Quintard",
                "F-DEMO-",
                "Chèque",
                "10 ans",
            ] {
                ensure!(
                    text.contains(expected),
                    "the summary says {expected:?}: {text}"
                );
            }

            // Forgotten: the dialog says what goes and what the law keeps.
            app.click("#customer-anonymise").await?;
            let body = app.wait_for_text("#confirm-body", "10 ans").await?;
            for expected in ["signature", "factures et avoirs émis", "sauvegardes"] {
                ensure!(
                    body.contains(expected),
                    "the dialog says {expected:?}: {body}"
                );
            }
            app.click("#confirm-ok").await?;
            app.wait_for_text("#customer-name", "Client anonymisé")
                .await?;
            app.wait_for_text(".record-header .badges", "Anonymisé")
                .await?;
            let details = app.text("#customer-details").await?;
            ensure!(
                !details.contains("06 55") && !details.contains("Aubépines"),
                "{details}"
            );
            ensure!(
                app.count("#customer-vehicles tbody tr").await? == 1,
                "her car stays"
            );
            app.quit().await?;
            Ok(())
        })
        .await?;

    // Her phone, e-mail and words are nowhere in the file; her name and
    // address only in the invoice issued to her, which the law keeps as
    // issued.
    for needle in [HER_PHONE, HER_EMAIL, "attend sur place"] {
        let found = in_database_file(desktop, needle)?;
        ensure!(found == 0, "{needle:?} is still {found} times in the file");
    }
    let db = Db::open_in_dir(desktop.data_dir())?;
    let kept: String = db.conn().query_row(
        "SELECT content FROM invoices WHERE status = 'issued'",
        [],
        |r| r.get(0),
    )?;
    ensure!(
        kept.contains("Quintard") && kept.contains("Aubépines"),
        "her invoice stays as issued"
    );
    let on_file: i64 = db.conn().query_row(
        "SELECT COUNT(*) FROM customers WHERE last_name = 'Quintard' OR address_line1 IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    ensure!(on_file == 0, "her record holds neither");
    Ok(())
}

//! The front desk invoices a completed repair order in the real window:
//! draft from the order, issue, a partial card payment then the rest in cash
//! with change, the PDF the customer gets, a credit note; then the chain
//! checks out, until someone edits the database file.

use std::process::Command;

use anyhow::{Context, Result, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::{Db, invoices};
use atelier_e2e::{Desktop, path_in};

/// A repair order for Mme Lefèvre's car, signed, worked and finished: two
/// wiper blades at 12,50 € HT (30,00 € TTC). Returns its id.
fn a_completed_order(desktop: &Desktop) -> Result<atelier_domain::OrderId> {
    use atelier_core::orders::{LineInput, OrderStatus};
    use atelier_core::vehicles::VehicleInput;
    let blades = LineInput {
        kind: Some("part".into()),
        description: Some("Balais d’essuie-glace".into()),
        quantity: Some("2".into()),
        unit_price: Some("12,50".into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    desktop.signed_order(
        CustomerInput {
            first_name: Some("Hélène".into()),
            last_name: Some("Lefèvre".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("AB-123-CD".into()),
            ..VehicleInput::default()
        },
        &[blades],
        OrderStatus::Done,
    )
}

#[tokio::test]
async fn invoice_a_completed_order_take_two_payments_credit_it_and_verify() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let order = a_completed_order(desktop)?;
    desktop
        .scenario("invoice_an_order", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.go("#/factures").await?;
            app.wait_for_text("#invoice-empty", "Aucune facture")
                .await?;

            // The draft, from the order the mechanic finished.
            app.go(&format!("#/ordres/{order}")).await?;
            app.click("#order-invoice").await?;
            app.wait_for_text("#screen-title", "brouillon").await?;
            app.wait_for_text("#invoice-gross", "30,00").await?;

            // Issued: numbered in the workstation's series.
            app.click("#invoice-issue").await?;
            app.click("#confirm-ok").await?;
            let title = app.wait_for_text("#screen-title", "F-DEMO-").await?;
            let number = title
                .split_whitespace()
                .find(|w| w.starts_with("F-DEMO-"))
                .context("the number in the title")?
                .to_owned();
            app.wait_for_text(".invoice-status", "Non payée").await?;

            // 10 € by card, then 50 € handed over in cash: 30 € back.
            app.click("#invoice-pay").await?;
            app.fill("#payment-amount", "10").await?;
            app.click("#payment-save").await?;
            app.wait_for_text(".invoice-status", "Payée en partie")
                .await?;
            app.wait_for_text("#invoice-balance", "20,00").await?;
            app.click("#invoice-pay").await?;
            app.client
                .execute(
                    "document.getElementById('payment-method').value = 'cash';",
                    vec![],
                )
                .await?;
            app.fill("#payment-amount", "50").await?;
            app.click("#payment-save").await?;
            app.wait_for_text("#toast", "Monnaie à rendre").await?;
            app.wait_for(".invoice-status[data-status=paid]").await?;
            let payments = app.text("#invoice-payments").await?;
            ensure!(
                payments.contains("Carte bancaire") && payments.contains("Espèces"),
                "both payments are listed: {payments:?}"
            );

            // The PDF the customer received, as written for the viewer.
            app.click("#invoice-pdf").await?;
            let path = path_in(&app.wait_for_text("#toast", ".pdf").await?)?;
            let text = Command::new("pdftotext")
                .args(["-layout", &path, "-"])
                .output()
                .context("pdftotext runs")?;
            let text = String::from_utf8_lossy(&text.stdout).replace(['\u{a0}', '\u{202f}'], " ");
            ensure!(text.contains(&number), "the PDF carries {number}: {text}");
            ensure!(
                text.contains("30,00 €"),
                "the PDF carries the total: {text}"
            );
            ensure!(text.contains("Total TTC"), "{text}");

            // A credit note for all of it, in its own series.
            app.click("#invoice-credit").await?;
            app.fill("#credit-reason", "Retour du client").await?;
            app.click("#credit-save").await?;
            app.wait_for_text("#screen-title", "Avoir A-DEMO-").await?;
            app.go("#/factures").await?;
            app.wait_for_text("#invoice-list tbody", "Annulée par avoir")
                .await?;

            // A counter sale: its draft is changed before issue (here, then discarded).
            app.click("#new-counter-sale").await?;
            app.fill("#sale-customer-search", "Lef").await?;
            app.click("#sale-customer-results li button").await?;
            app.fill("#sale-description-0", "Ampoule H7").await?;
            app.fill("#sale-quantity-0", "2").await?;
            app.fill("#sale-unit-price-0", "8,00").await?;
            app.click("#sale-save").await?;
            app.wait_for_text("#invoice-gross", "19,20").await?;
            app.click("#invoice-edit").await?;
            app.fill("#sale-quantity-0", "3").await?;
            app.click("#sale-save").await?;
            app.wait_for_text("#invoice-gross", "28,80").await?;
            let draft = app.client.current_url().await?;
            app.click("#invoice-discard").await?;
            app.click("#confirm-ok").await?;
            app.wait_for("#invoice-list").await?;
            // The draft is gone: not in the list, and its address shows nothing.
            let list = app.text("#invoice-list").await?;
            ensure!(
                !list.contains("28,80"),
                "the discarded draft is listed: {list}"
            );
            app.go(&format!("#{}", draft.fragment().unwrap_or_default()))
                .await?;
            app.wait_for_text("#invoice-error", "n’existe plus").await?;
            app.quit().await?;
            Ok(())
        })
        .await?;
    // Kept as a tombstone for the other stations (sync), shown nowhere.
    let (drafts, discarded): (i64, i64) = Db::open_in_dir(desktop.data_dir())?.conn().query_row(
        "SELECT COUNT(*) FILTER (WHERE deleted_at IS NULL), COUNT(*) FILTER (WHERE deleted_at IS NOT NULL)
           FROM invoices WHERE status = 'draft'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    ensure!(
        drafts == 0 && discarded == 1,
        "{drafts} live draft(s) and {discarded} discarded after the discard"
    );

    // The front desk closes the day: the Z report shows the day's totals,
    // and nothing more can be issued today at this station.
    desktop
        .scenario("close_the_day", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.go("#/factures/caisse").await?;
            app.wait_for_text("#z-open", "non clôturée").await?;
            app.click("#cash-close").await?;
            app.wait_for_text("#confirm-dialog", "définitive").await?;
            app.click("#confirm-ok").await?;
            app.wait_for_text("#z-title", "Ticket Z n°").await?;
            let invoices = app.text("#z-invoices").await?;
            ensure!(invoices.contains("1 (F-DEMO-"), "{invoices}");
            let credits = app.text("#z-credit-notes").await?;
            ensure!(credits.contains("1 (A-DEMO-"), "{credits}");
            app.wait_for_text("#z-gross", "0,00").await?;
            app.wait_for_text("#z-perpetual", "0,00").await?;
            ensure!(
                app.count("#cash-close:not([hidden])").await? == 0,
                "a closed day cannot be closed again"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/z-report.png"))
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await?;

    // The chain checks out, then names the invoice edited in the file.
    let db = Db::open_in_dir(desktop.data_dir())?;
    let report = invoices::verify(db.conn())?;
    ensure!(report.is_clean(), "{:?}", report.findings);
    ensure!(report.documents == 2, "an invoice and a credit note");
    desktop
        .scenario("invoices_verify_in_settings", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go("#/reglages").await?;
            app.click("#verify-invoices").await?;
            app.wait_for_text("#verify-result", "2 documents vérifiés")
                .await?;
            app.wait_for_text("#verify-result", "Clôtures et journal intègres")
                .await?;

            // The till register: the day's closure and the journal, which
            // exports as CSV.
            app.click("#open-till").await?;
            app.wait_for_text("#closures-list tbody", "Journée").await?;
            app.wait_for_text("#journal-list tbody", "Clôture").await?;
            app.wait_for_text("#journal-list tbody", "Contrôle d’intégrité")
                .await?;
            app.select("#journal-code", "sign_in").await?;
            app.wait_for_text("#journal-list tbody", "Connexion")
                .await?;
            ensure!(
                !app.text("#journal-list tbody").await?.contains("Clôture"),
                "the filter keeps only sign-ins"
            );
            app.click("#journal-export").await?;
            let path = path_in(&app.wait_for_text("#toast", ".csv").await?)?;
            let csv = std::fs::read_to_string(&path)?;
            ensure!(csv.starts_with("n°;date;poste"), "{csv}");
            ensure!(csv.contains(";sign_in;Connexion;"), "{csv}");
            app.screenshot(&atelier_e2e::target_dir().join("e2e/till-register.png"))
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await?;
    db.conn().execute_batch(
        "DROP TRIGGER invoices_issued_no_update;
         UPDATE invoices SET gross_cents = 100 WHERE kind = 'invoice';",
    )?;
    drop(db);
    desktop
        .scenario("invoices_verify_tampered", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go("#/reglages").await?;
            app.click("#verify-invoices").await?;
            let said = app.wait_for_text("#verify-result", "anomalie").await?;
            ensure!(
                said.contains("F-DEMO-") && said.contains("modifiée après émission"),
                "the owner is told which invoice: {said:?}"
            );
            app.quit().await?;
            Ok(())
        })
        .await
}

/// Runs the third-party e-invoice judge (`scripts/facturx-judge.py`) on
/// `files`; fails with its findings unless every file passes.
fn judged(files: &[&str]) -> Result<serde_json::Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(root.join("target/venv/bin/python"))
        .arg(root.join("scripts/facturx-judge.py"))
        .args(files)
        .output()
        .context("the judge runs (scripts/setup installs it)")?;
    let verdicts: serde_json::Value = serde_json::from_slice(&out.stdout)
        .with_context(|| String::from_utf8_lossy(&out.stderr).into_owned())?;
    ensure!(out.status.success(), "the judge refused: {verdicts:#}");
    Ok(verdicts)
}

#[tokio::test]
async fn a_business_customers_invoice_is_a_factur_x_the_judges_accept_and_exports_as_ubl()
-> Result<()> {
    use atelier_core::orders::{LineInput, OrderStatus};
    use atelier_core::vehicles::VehicleInput;
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let order = desktop.signed_order(
        CustomerInput {
            kind: Some("company".into()),
            company_name: Some("Ambulances du Rhône".into()),
            registration: Some("303 265 045".into()),
            vat_number: Some("FR40303265045".into()),
            address_line1: Some("8 rue Garibaldi".into()),
            postal_code: Some("69006".into()),
            city: Some("Lyon".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("FG-852-LM".into()),
            ..VehicleInput::default()
        },
        &[
            // A service (a labour line would bring a step to tick at the bench).
            LineInput {
                kind: Some("fee".into()),
                description: Some("Géométrie du train arrière".into()),
                quantity: Some("1".into()),
                unit_price: Some("79,00".into()),
                ..LineInput::default()
            },
            LineInput {
                kind: Some("part".into()),
                description: Some("Amortisseur AR".into()),
                quantity: Some("2".into()),
                unit_price: Some("64,00".into()),
                origin: Some("new_oem".into()),
                vat: Some("5,5".into()),
                ..LineInput::default()
            },
        ],
        OrderStatus::Done,
    )?;
    desktop
        .scenario("invoice_a_business_customer", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.go(&format!("#/ordres/{order}")).await?;
            app.click("#order-invoice").await?;
            app.wait_for_text("#screen-title", "brouillon").await?;
            app.click("#invoice-issue").await?;
            app.click("#confirm-ok").await?;
            app.wait_for_text("#screen-title", "F-DEMO-").await?;

            // The PDF the customer gets is the Factur-X.
            app.click("#invoice-pdf").await?;
            let pdf = path_in(&app.wait_for_text("#toast", ".pdf").await?)?;
            // And its UBL, for a platform that wants it.
            app.click("#invoice-ubl").await?;
            let ubl = path_in(&app.wait_for_text("#toast", "-ubl.xml").await?)?;
            let verdicts = judged(&[&pdf, &ubl])?;
            ensure!(
                verdicts[0]["attachment"] == "factur-x.xml"
                    && verdicts[0]["level"] == "en16931"
                    && verdicts[0]["xmp"]["pdfaid_part"] == "3",
                "{verdicts:#}"
            );
            let ubl_text = String::from_utf8_lossy(&std::fs::read(&ubl)?).into_owned();
            ensure!(
                ubl_text.contains("303265045"),
                "the buyer’s SIREN: {ubl_text}"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/invoice-business.png"))
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await
}

//! The owner's e-reporting in the real window: last month's private sale,
//! frozen at launch in its monthly period, sent to the approved platform's
//! outgoing folder with « Envoyer »; the platform's status for the invoice,
//! dropped in the incoming folder, fetched and shown on the invoice.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use atelier_core::einvoice::reporting::{self, SettingsInput};
use atelier_core::invoices::{self, DraftInput};
use atelier_core::orders::LineInput;
use atelier_core::{Db, users};
use atelier_domain::Locale;
use atelier_e2e::Desktop;

fn now_ms() -> u64 {
    u64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(u64::MAX)
}

/// A private customer's counter sale issued `days_ago` days ago, and the
/// e-reporting set to monthly periods from that day: its id and number.
fn a_reported_sale(desktop: &Desktop, days_ago: u64) -> Result<(String, String)> {
    let at = now_ms() - days_ago * 86_400_000;
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let desk = users::list(db.conn())?
        .iter()
        .find(|u| u.login == "accueil")
        .map(users::actor)
        .context("the front desk's account")?;
    let customer = db.write(|tx| {
        atelier_core::customers::create(
            tx,
            at,
            &atelier_core::customers::CustomerInput {
                first_name: Some("Hélène".into()),
                last_name: Some("Lefèvre".into()),
                ..Default::default()
            },
        )
    })?;
    let input = DraftInput {
        customer_id: Some(customer.id.to_string()),
        lines: vec![LineInput {
            kind: Some("part".into()),
            description: Some("Ampoule H7".into()),
            quantity: Some("2".into()),
            unit_price: Some("8,00".into()),
            origin: Some("new_aftermarket".into()),
            ..LineInput::default()
        }],
        notes: None,
    };
    let draft = db.write(|tx| invoices::draft_counter_sale(tx, at, &desk, &input, Locale::Fr))?;
    let issued = db.write(|tx| invoices::issue(tx, at, &desk, draft.summary.id))?;
    db.write(|tx| invoices::store_pdf(tx, at, draft.summary.id))?;
    db.write(|tx| {
        reporting::save_settings(
            tx,
            at,
            &SettingsInput {
                regime: Some("simplified".into()),
                vat_on_debits: Some(false),
                from: Some(atelier_core::text::today(at)),
            },
        )
    })?;
    Ok((
        draft.summary.id.to_string(),
        issued.summary.number.context("a number")?,
    ))
}

#[tokio::test]
async fn the_owner_sends_last_month_s_e_reporting_and_sees_an_invoice_s_status() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    // Forty days back: last month has ended, with a private sale in it.
    let (id, number) = a_reported_sale(desktop, 40)?;
    let sold_on = atelier_core::text::today(now_ms() - 40 * 86_400_000);
    let month = format!("{}-01", &sold_on[..7]);
    let row = format!("#ereporting-periods tr.period-actions[data-start='{month}']");
    let outgoing = desktop.data_dir().join("pa-depot");
    let incoming = desktop.data_dir().join("pa-retour");
    std::fs::create_dir_all(&incoming)?;
    desktop
        .scenario("ereporting_send", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go("#/reglages").await?;
            app.click("#open-ereporting").await?;
            // Frozen at launch: the sale's month, 16,00 € HT (and any
            // month after it, empty).
            app.wait_for_text("#ereporting-periods tbody", "16,00")
                .await?;
            app.wait_for_text("#ereporting-periods tbody", "Non envoyée")
                .await?;

            app.fill("#exchange-outgoing", &outgoing.display().to_string())
                .await?;
            app.fill("#exchange-incoming", &incoming.display().to_string())
                .await?;
            app.click("#folders-save").await?;
            app.wait_for_text("#toast", "Dossiers d’échange enregistrés")
                .await
                .ok();
            app.wait_for(&format!("{row} .send")).await?;
            app.click(&format!("{row} .send")).await?;
            app.wait_for_text("#ereporting-periods tbody", "Envoyée le")
                .await?;
            let dropped: Vec<String> = std::fs::read_dir(&outgoing)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            ensure!(
                dropped.len() == 1
                    && dropped[0].starts_with("EREPORTING_")
                    && dropped[0].ends_with(".json"),
                "one e-reporting file in the outgoing folder: {dropped:?}"
            );
            app.click(&format!("{row} .detail")).await?;
            app.wait_for_text("#ereporting-periods", "Livraisons de biens")
                .await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/ereporting.png"))
                .await?;

            // The platform refused the invoice: its status comes back.
            std::fs::write(
                incoming.join("statuts.csv"),
                format!("numero;statut;date;motif\n{number};210;2026-12-01;Montant contesté\n"),
            )?;
            app.click("#statuses-fetch").await?;
            app.wait_for_text("#statuses-result", "1 statut").await?;
            ensure!(
                incoming.join("traités").join("statuts.csv").is_file(),
                "the status file moved to traités"
            );
            app.go(&format!("#/factures/{id}")).await?;
            app.wait_for_text("#invoice-exchange-status", "Refusée")
                .await?;
            app.wait_for_text("#invoice-exchange-status", "Montant contesté")
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await
}

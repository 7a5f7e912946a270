//! A car's visit from estimate to « ready to invoice »: the front desk writes
//! the estimate with a canned job and has it signed, the mechanic works it at
//! the bench, and the front desk finds it finished.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::vehicles::VehicleInput;
use atelier_e2e::{App, Desktop, pdf_text};

/// The one estimate PDF printed into the exports folder.
fn printed_estimate(data_dir: &Path) -> Result<std::path::PathBuf> {
    let dir = data_dir.join("exports");
    let found: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with("-devis.pdf"))
        .collect();
    ensure!(found.len() == 1, "one estimate printed, found {found:?}");
    Ok(found[0].clone())
}

/// Adds a line in the open line dialog and saves it.
async fn type_line(app: &App, kind: &str, fields: &[(&str, &str)]) -> Result<()> {
    app.click(&format!("#line-kind-{kind}")).await?;
    for (name, value) in fields {
        if *name == "origin" {
            app.select("#line-origin", value).await?;
        } else {
            app.fill(&format!("#line-{}", name.replace('_', "-")), value)
                .await?;
        }
    }
    app.click("#line-save").await
}

#[tokio::test]
async fn an_estimate_with_a_canned_job_is_signed_worked_at_the_bench_and_ready_to_invoice()
-> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    desktop.add_car(
        CustomerInput {
            first_name: Some("Hélène".into()),
            last_name: Some("Durand".into()),
            phone: Some("06 12 34 56 78".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("FG-234-HJ".into()),
            make: Some("Peugeot".into()),
            model: Some("308".into()),
            ..VehicleInput::default()
        },
    )?;
    // M. Petit has two cars: a new estimate from one car's page must have
    // that car, not the other nor none.
    let clio = desktop.add_car(
        CustomerInput {
            first_name: Some("Marc".into()),
            last_name: Some("Petit".into()),
            phone: Some("06 98 76 54 32".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("CD-456-EF".into()),
            make: Some("Renault".into()),
            model: Some("Clio".into()),
            ..VehicleInput::default()
        },
    )?;
    let twingo = {
        let mut db = atelier_core::Db::open_in_dir(desktop.data_dir())?;
        db.write(|tx| {
            let owner = atelier_core::vehicles::get(tx, clio)?.customer_id;
            let input = VehicleInput {
                customer_id: Some(owner.to_string()),
                plate: Some("EF-789-GH".into()),
                make: Some("Renault".into()),
                model: Some("Twingo".into()),
                ..VehicleInput::default()
            };
            atelier_core::vehicles::create(tx, 1_763_700_000_000, &input)
        })?
        .id
    };
    desktop
        .scenario("estimate_to_ready_to_invoice", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);

            // « Nouveau devis » on a car's page has that car chosen, every
            // time: choosing the owner must not load the list again without it.
            for car in [twingo, clio, twingo, clio, twingo] {
                app.go(&format!("#/vehicules/{car}")).await?;
                app.click("#vehicle-new-order").await?;
                app.wait_for("#order-dialog[open]").await?;
                let chosen = app
                    .client
                    .execute(
                        "const pick = document.querySelector('#order-vehicle-id'); \
                         return new Promise((done) => setTimeout(() => done(pick.value), 400));",
                        vec![],
                    )
                    .await?;
                ensure!(
                    chosen.as_str() == Some(car.to_string().as_str()),
                    "the car whose page it was is chosen: {chosen:?}, not {car}"
                );
                app.click("#order-cancel").await?;
            }

            // The front desk keeps an oil service as a canned job.
            app.go("#/ordres/forfaits").await?;
            app.click("#new-canned").await?;
            app.fill("#canned-name", "Vidange + filtre à huile").await?;
            app.fill("#canned-duration", "1").await?;
            app.click("#canned-add-line").await?;
            type_line(&app, "labour", &[("description", "Vidange moteur"), ("hours", "0,5")]).await?;
            app.click("#canned-add-line").await?;
            type_line(
                &app,
                "part",
                &[
                    ("description", "Filtre à huile"),
                    ("part_id", "OC 1234"),
                    ("quantity", "1"),
                    ("unit_price", "12,50"),
                    ("origin", "new_aftermarket"),
                ],
            )
            .await?;
            app.click("#canned-save").await?;
            app.wait_for_text("#canned-list", "Vidange + filtre à huile")
                .await?;

            // A new estimate for Mme Durand's 308, with Paul the mechanic.
            app.go("#/ordres").await?;
            app.click("#new-order").await?;
            app.fill("#order-customer-search", "Durand").await?;
            app.click("#order-customer-results li button").await?;
            // Her only car is chosen for her.
            app.wait_for("#order-vehicle-id option:checked:not([value=''])")
                .await?;
            app.fill("#order-mileage", "84500").await?;
            app.fill("#order-complaint", "Vidange à faire, voyant allumé")
                .await?;
            app.click("#order-mechanic-meca").await?;
            app.click("#order-save").await?;
            let number = app.wait_for_text("#order-number", "D-").await?;

            // The canned job drops its lines in; then a line typed wrong is refused.
            let job_value: String = app
                .client
                .execute(
                    "return [...document.querySelectorAll('#canned-select option')].find(o => o.text === 'Vidange + filtre à huile').value;",
                    vec![],
                )
                .await?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            app.select("#canned-select", &job_value).await?;
            app.click("#apply-canned").await?;
            app.wait_for_text("#order-lines", "Filtre à huile").await?;
            let rows = app.count("#order-lines tbody tr").await?;
            app.click("#add-line").await?;
            type_line(&app, "labour", &[("description", "Diagnostic"), ("hours", "-1")]).await?;
            app.wait_for_text("#line-error", "heures").await?;
            app.click("#line-cancel").await?;
            ensure!(
                app.count("#order-lines tbody tr").await? == rows,
                "a refused line is not added"
            );
            // 0,5 h at the demo workshop’s 68 €/h + 12,50 € = 46,50 € HT, 55,80 € TTC.
            let totals = app.wait_for_text("#order-totals", "55,80").await?;
            ensure!(totals.contains("46,50"), "HT on the estimate: {totals:?}");
            app.screenshot(&atelier_e2e::target_dir().join("e2e/estimate.png"))
                .await?;

            // The estimate is printed; its text has the lines and the totals.
            app.click("#print-estimate").await?;
            app.wait_for_text("#toast", "Document enregistré").await?;
            let text = pdf_text(&printed_estimate(desktop.data_dir())?)?;
            for expected in [number.trim(), "Vidange moteur", "Filtre à huile", "46,50", "55,80", "Durand"] {
                ensure!(text.contains(expected), "the estimate PDF shows {expected:?}:\n{text}");
            }

            // Mme Durand signs on the screen: an empty pad is refused first.
            app.click("#order-accept").await?;
            app.click("#signature-save").await?;
            app.wait_for_text("#signature-error", "signer").await?;
            app.draw_on("#signature-pad").await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/signature.png"))
                .await?;
            app.click("#signature-save").await?;
            app.wait_for_text("#order-number", "OR-").await?;
            app.wait_for_text("#order-approval", "Hélène Durand").await?;
            // No circular-economy question was asked: nothing is said of it
            // (it once read « null » under the signature).
            let approval = app.text("#order-approval-block").await?;
            ensure!(
                !approval.contains("null") && !approval.contains("undefined"),
                "the approval reads as written: {approval:?}"
            );
            // Signed, not started: « Terminé » is not offered, it would
            // only be refused; the work starts at the bench.
            ensure!(
                app.count("#order-done").await? == 0,
                "no « Terminé » on an order not yet started"
            );

            // Paul takes it at the bench.
            app.click("#lock-button").await?;
            app.switch_to("meca", "3456").await?;
            app.wait_for_text("#bench-jobs", "FG-234-HJ").await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/bench-jobs.png"))
                .await?;
            app.click("#bench-jobs a.bench-card").await?;
            app.wait_for("#job-done[hidden]").await?;
            app.click("#clock-start").await?;
            app.wait_for_text("#clock-state", "en cours").await?;
            app.click("#job-steps button.step-button").await?;
            app.wait_for("#job-steps button.step-button.done").await?;
            app.fill("#part-description", "Joint de bouchon de vidange")
                .await?;
            app.fill("#part-quantity", "1").await?;
            app.click("#part-save").await?;
            app.wait_for_text("#job-lines", "Joint de bouchon").await?;
            // His inspection finds worn wiper blades: urgent, with a comment.
            app.click("#inspection-start").await?;
            app.fill("#inspection-points [data-code=wipers] input.comment", "Balais fendus")
                .await?;
            app.click("#inspection-points [data-code=wipers] [data-status=urgent]")
                .await?;
            app.wait_for("#inspection-points li.point-urgent[data-code=wipers]")
                .await?;
            app.click("#clock-stop").await?;
            app.wait_for_text("#clock-state", "arrêté").await?;
            app.click("#job-done").await?;
            app.wait_for("#job-finished:not([hidden])").await?;
            // A finished job offers nothing more to add: no part form, no
            // checklist to start.
            let offered = app
                .client
                .execute(
                    "return ['#inspection-start', '#part-form', '#note-form']
                       .filter((css) => document.querySelector(css)?.offsetParent);",
                    vec![],
                )
                .await?;
            ensure!(
                offered == serde_json::json!([]),
                "a finished job still offers {offered}"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/bench.png"))
                .await?;

            // Back at the desk: the order waits to be invoiced, the bench part to be priced.
            app.click("#lock-button").await?;
            app.switch_to("accueil", "2345").await?;
            app.go("#/ordres").await?;
            app.click("#orders-filter [data-view=done]").await?;
            app.wait_for_text("#orders-list", "FG-234-HJ").await?;
            app.click("#orders-list tbody td").await?;
            app.wait_for("#order-ready:not([hidden])").await?;
            app.wait_for_text("#order-lines", "ajoutée à l’atelier")
                .await?;
            app.wait_for_text("#order-timeline", "terminé").await?;
            // The urgent finding waits on the vehicle, ready to be priced.
            app.wait_for_text("#order-recommendations", "essuie-glace")
                .await?;
            app.wait_for_text("#order-inspection", "Balais fendus").await?;
            app.screenshot(&atelier_e2e::target_dir().join("e2e/order.png"))
                .await?;

            // The bench part is priced, then the order is invoiced.
            app.click("#order-lines tr.to-price button[data-action=edit]")
                .await?;
            app.fill("#line-unit-price", "2,50").await?;
            app.click("#line-save").await?;
            // 46,50 € + 2,50 € HT = 49,00 € HT, 58,80 € TTC.
            app.wait_for_text("#order-totals", "58,80").await?;
            // Mme Durand left 20 € by card at drop-off: a deposit, which the invoice deducts.
            app.click("#order-deposit").await?;
            app.fill("#deposit-amount", "20").await?;
            app.click("#deposit-save").await?;
            app.wait_for_text("#order-deposits", "20,00").await?;
            app.click("#order-invoice").await?;
            app.wait_for_text("#invoice-gross", "58,80").await?;
            app.click("#invoice-issue").await?;
            app.click("#confirm-ok").await?;
            app.wait_for_text("#screen-title", "F-DEMO-").await?;
            app.wait_for_text("#invoice-balance", "38,80").await?;
            app.go("#/ordres").await?;
            app.click("#orders-filter [data-view=invoiced]").await?;
            app.wait_for_text("#orders-list", "FG-234-HJ").await?;
            app.quit().await
        })
        .await
}

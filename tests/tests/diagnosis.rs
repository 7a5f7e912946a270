//! A car with its engine light on, diagnosed at the bench: the mechanic
//! reads the codes from the car (the ELM327 emulator on a pseudo-terminal,
//! the bench's adapter), follows the tree the codes offer to a likely cause
//! and keeps it as a finding, concludes and prints the diagnosis; the front
//! desk finds the recommended work on the order and turns it into an
//! estimate line.

#[path = "../../crates/atelier-obd/tests/emulator/mod.rs"]
mod emulator;

use std::path::Path;

use anyhow::{Result, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::orders::{LineInput, OrderStatus};
use atelier_core::vehicles::VehicleInput;
use atelier_e2e::{Desktop, path_in, pdf_text};
use atelier_obd::Adapter;

#[tokio::test]
async fn the_mechanic_reads_the_codes_follows_the_tree_and_the_desk_quotes_the_finding()
-> Result<()> {
    // The emulated car: four stored codes (P0143, P0300, P0171, P0172), one
    // pending (P0420), the light on.
    let car = emulator::Emulator::pty("atelier_codes");
    let Adapter::Serial { port, .. } = &car.adapter else {
        anyhow::bail!("the emulator is on a pseudo-terminal");
    };
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let order = desktop.signed_order(
        CustomerInput {
            first_name: Some("Nadia".into()),
            last_name: Some("Benali".into()),
            phone: Some("06 22 33 44 55".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("GH-512-KL".into()),
            make: Some("Peugeot".into()),
            model: Some("208".into()),
            ..VehicleInput::default()
        },
        &[LineInput {
            kind: Some("labour".into()),
            description: Some("Diagnostic électronique".into()),
            hours: Some("0,5".into()),
            ..LineInput::default()
        }],
        OrderStatus::InProgress,
    )?;
    {
        // The bench's adapter, as the owner chose it in Réglages.
        let mut db = atelier_core::Db::open_in_dir(desktop.data_dir())?;
        db.write(|tx| atelier_core::settings::set_obd_adapter(tx, port))?;
    }
    let shots = atelier_e2e::target_dir().join("e2e");
    std::fs::create_dir_all(&shots)?;

    desktop
        .scenario("diagnosis", |rec| async move {
            let app = desktop.launch_as("meca", "3456").await?;
            rec.watch(&app);
            app.go(&format!("#/atelier/{order}")).await?;
            app.click("#diagnosis-start").await?;
            let started = app.text("#diagnosis-body").await?;
            ensure!(
                !started.contains("null"),
                "nothing said « null »: {started}"
            );
            app.click("#diagnosis-read").await?;
            // The codes with their French meaning; the car's VIN fills the
            // vehicle's, which had none.
            let codes = app.wait_for_text("#diagnosis-readings", "P0300").await?;
            for code in ["P0143", "P0171", "P0172", "P0420"] {
                ensure!(codes.contains(code), "{code} read: {codes}");
            }
            ensure!(codes.contains("allumage"), "a French title: {codes}");
            ensure!(codes.contains("En attente"), "P0420 is pending: {codes}");
            ensure!(codes.contains("Voyant moteur allumé"), "{codes}");
            app.screenshot(&shots.join("diagnosis-codes.png")).await?;

            // The tree the codes start: the engine light's, at the oxygen
            // sensor's heater (P0143, the first code), a measure.
            app.wait_for_text("#diagnosis-guide", "Voyant moteur allumé")
                .await?;
            app.click("#diagnosis-guide .tree-offer").await?;
            app.wait_for_text("#diagnosis-question", "Résistance du chauffage")
                .await?;
            app.fill("#diagnosis-measure", "45").await?;
            app.click("#diagnosis-question button[type=submit]").await?;
            app.wait_for_text("#diagnosis-path", "Coupée").await?;
            let outcome = app
                .wait_for_text(
                    "#diagnosis-outcome",
                    "Chauffage de la sonde lambda hors service",
                )
                .await?;
            ensure!(outcome.contains("Cause probable"), "{outcome}");
            app.click("#diagnosis-retain").await?;
            app.wait_for_text(
                "#diagnosis-findings",
                "Chauffage de la sonde lambda hors service",
            )
            .await?;

            // A check of his own, the conclusion, the paper.
            app.fill(
                "#diagnosis-check-form input[name=description]",
                "Tension batterie moteur tournant",
            )
            .await?;
            app.fill("#diagnosis-check-form input[name=value]", "14,1")
                .await?;
            app.fill("#diagnosis-check-form input[name=unit]", "V")
                .await?;
            app.click("#diagnosis-check-form button[type=submit]")
                .await?;
            app.wait_for_text("#diagnosis-checks", "14,1 V").await?;
            app.fill(
                "#diagnosis-conclusion",
                "Sonde lambda amont : chauffage coupé, à remplacer.",
            )
            .await?;
            app.screenshot(&shots.join("diagnosis-tree.png")).await?;
            app.click("#diagnosis-close").await?;
            app.wait_for_text("#diagnosis-status", "Diagnostic clos")
                .await?;
            app.click("#diagnosis-print").await?;
            let pdf = path_in(&app.wait_for_text("#toast", ".pdf").await?)?;
            let text = pdf_text(Path::new(&pdf))?;
            for piece in [
                "Diagnostic OR-",
                "GH-512-KL",
                "P0300",
                "Diagnostic guidé : Voyant moteur allumé",
                "Cause probable : Chauffage de la sonde lambda hors service",
                "Tension batterie moteur tournant",
                "Sonde lambda amont : chauffage coupé, à remplacer.",
                "Travaux recommandés",
            ] {
                ensure!(text.contains(piece), "the paper says {piece:?}:\n{text}");
            }

            // The front desk finds the work on the order and quotes it.
            app.click("#lock-button").await?;
            app.switch_to("accueil", "2345").await?;
            app.go(&format!("#/ordres/{order}")).await?;
            app.wait_for_text("#order-diagnosis-codes", "P0300").await?;
            app.wait_for_text(
                "#order-recommendations",
                "Chauffage de la sonde lambda hors service",
            )
            .await?;
            app.click("#order-recommendations input[type=checkbox]")
                .await?;
            app.click("#recommendations-estimate").await?;
            // The new estimate's page, with the finding as its line.
            app.wait_for_text("#order-lines", "Chauffage de la sonde lambda hors service")
                .await?;
            app.screenshot(&shots.join("diagnosis-estimate.png"))
                .await?;

            // From anywhere, the code typed in the search box: its meaning
            // and the car that had it.
            app.fill("#global-search", "p0300").await?;
            let hit = app.wait_for_text("#search-results", "P0300").await?;
            ensure!(hit.contains("vu 1 fois à l’atelier"), "{hit}");
            app.click("#search-results li[data-kind=code]").await?;
            app.wait_for_text("#code-occurrences", "GH-512-KL").await?;
            let meaning = app.text("#code-meaning").await?;
            ensure!(meaning.contains("allumage"), "{meaning}");
            app.screenshot(&shots.join("diagnosis-code-page.png"))
                .await?;

            // The car's page keeps the diagnosis: the codes, the tree's
            // likely cause, the conclusion.
            app.click("#code-occurrences a[href^='#/vehicules/']")
                .await?;
            let past = app.wait_for_text("#vehicle-diagnoses", "P0300").await?;
            for piece in [
                "Voyant moteur allumé — cause probable : Chauffage de la sonde lambda hors service",
                "Sonde lambda amont : chauffage coupé, à remplacer.",
                "Clos",
                "1 travail recommandé",
            ] {
                ensure!(
                    past.contains(piece),
                    "the car's page says {piece:?}: {past}"
                );
            }
            app.client
                .execute(
                    "document.getElementById('vehicle-diagnoses').scrollIntoView({block: 'center'});",
                    vec![],
                )
                .await?;
            app.screenshot(&shots.join("diagnosis-vehicle.png")).await?;
            app.quit().await
        })
        .await
}

/// The shipped engine-light tree's fixed id.
const ENGINE_LIGHT: &str = "00000000-d1a9-4000-8000-000000000002";

#[tokio::test]
async fn the_owner_writes_a_tree_and_the_bench_offers_it_for_its_code() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let order = desktop.signed_order(
        CustomerInput {
            first_name: Some("Paul".into()),
            last_name: Some("Girard".into()),
            phone: Some("06 44 55 66 77".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("JK-218-LM".into()),
            make: Some("Renault".into()),
            model: Some("Clio".into()),
            ..VehicleInput::default()
        },
        &[LineInput {
            kind: Some("labour".into()),
            description: Some("Contrôle de la charge".into()),
            hours: Some("0,5".into()),
            ..LineInput::default()
        }],
        OrderStatus::InProgress,
    )?;
    let shots = atelier_e2e::target_dir().join("e2e");
    std::fs::create_dir_all(&shots)?;
    let data_dir = desktop.data_dir().to_owned();

    desktop
        .scenario("diagnosis-tree-editor", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            app.go("#/reglages").await?;
            app.click("#open-trees").await?;
            app.wait_for_text("#trees-list", "Voyant moteur allumé")
                .await?;

            // A new tree: a voltage sorted into two ranges, each to its
            // conclusion.
            app.click("#tree-new").await?;
            app.wait_for("#tree-form:not([hidden])").await?;
            app.fill("#tree-form [data-text=name-fr]", "Batterie faible le matin")
                .await?;
            app.click("#tree-add-trigger").await?;
            app.fill("#tree-triggers input[data-role=codes]", "P0562")
                .await?;
            let first = "#tree-nodes > li:nth-child(1)";
            app.select(&format!("{first} select[data-role=kind]"), "measure")
                .await?;
            app.fill(
                &format!("{first} [data-text=question-fr]"),
                "Tension batterie, moteur arrêté",
            )
            .await?;
            app.fill(
                &format!("{first} li[data-range='1'] input[data-role=to]"),
                "12,2",
            )
            .await?;
            app.select(
                &format!("{first} li[data-range='1'] select[data-role=next]"),
                "conclusion_1",
            )
            .await?;
            app.fill(
                &format!("{first} li[data-range='2'] input[data-role=from]"),
                "douze",
            )
            .await?;
            app.select(
                &format!("{first} li[data-range='2'] select[data-role=next]"),
                "conclusion_2",
            )
            .await?;
            // A bound that is no number: refused, its step marked.
            app.click("#tree-save").await?;
            let said = app.wait_for_text("#tree-form-error", "douze").await?;
            ensure!(said.contains("n’est pas un nombre"), "{said}");
            app.wait_for(&format!("{first}.invalid")).await?;
            app.screenshot(&shots.join("diagnosis-tree-bound.png"))
                .await?;
            app.fill(
                &format!("{first} li[data-range='2'] input[data-role=from]"),
                "12,2",
            )
            .await?;
            // Texts left to write: the step is named and marked.
            app.click("#tree-save").await?;
            app.wait_for_text("#tree-form-error", "Texte manquant")
                .await?;
            app.wait_for("#tree-nodes > li[data-node=conclusion_1].invalid")
                .await?;
            app.screenshot(&shots.join("diagnosis-tree-editor.png"))
                .await?;
            for (node, cause, check) in [
                (
                    "conclusion_1",
                    "Batterie usée",
                    "Tester la batterie au testeur de conductance",
                ),
                (
                    "conclusion_2",
                    "Consommateur parasite",
                    "Mesurer le courant de fuite au repos",
                ),
            ] {
                let card = format!("#tree-nodes > li[data-node={node}]");
                app.fill(&format!("{card} [data-role=causes] input[lang=fr]"), cause)
                    .await?;
                app.fill(&format!("{card} [data-role=checks] input[lang=fr]"), check)
                    .await?;
            }
            app.click("#tree-save").await?;
            app.wait_for_text("#toast", "Batterie faible le matin")
                .await?;
            app.wait_for_text("#trees-list", "P0562").await?;

            // A shipped tree copied to adapt, and the original put away.
            app.click(&format!(
                "#trees-list tr[data-id='{ENGINE_LIGHT}'] a[data-action=copy]"
            ))
            .await?;
            app.wait_for("#tree-form:not([hidden])").await?;
            app.click("#tree-save").await?;
            app.wait_for_text("#trees-list", "Voyant moteur allumé (copie)")
                .await?;
            app.click(&format!("#trees-list tr[data-id='{ENGINE_LIGHT}'] button"))
                .await?;
            app.wait_for_text(
                &format!("#trees-list tr[data-id='{ENGINE_LIGHT}']"),
                "Archivé",
            )
            .await?;
            app.screenshot(&shots.join("diagnosis-trees.png")).await?;

            // The bench offers the new tree for its code, and follows it.
            let tree: String = atelier_core::Db::open_in_dir(&data_dir)?.conn().query_row(
                "SELECT id FROM diagnosis_trees WHERE name = 'Batterie faible le matin'",
                [],
                |r| r.get(0),
            )?;
            app.click("#lock-button").await?;
            app.switch_to("meca", "3456").await?;
            app.go(&format!("#/atelier/{order}")).await?;
            app.click("#diagnosis-start").await?;
            app.fill("#diagnosis-typed", "P0562").await?;
            app.click("#diagnosis-type").await?;
            app.wait_for_text("#diagnosis-guide", "Batterie faible le matin")
                .await?;
            app.click(&format!("#diagnosis-guide .tree-offer[data-tree='{tree}']"))
                .await?;
            app.wait_for_text("#diagnosis-question", "Tension batterie, moteur arrêté")
                .await?;
            app.fill("#diagnosis-measure", "11,8").await?;
            app.click("#diagnosis-question button[type=submit]").await?;
            app.wait_for_text("#diagnosis-outcome", "Batterie usée")
                .await?;
            app.quit().await
        })
        .await
}

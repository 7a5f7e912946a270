//! The stock room in the real window: a new part is entered, five arrive,
//! one is found broken and written off with its reason; a receipt typed as
//! minus five is refused in French and changes nothing; a scanner finds the
//! part again by its barcode.

use anyhow::{Result, ensure};
use atelier_core::{Db, outbox};
use atelier_e2e::Desktop;
use fantoccini::key::Key;

fn pending(desktop: &Desktop) -> Result<u64> {
    Ok(outbox::pending_count(
        Db::open_in_dir(desktop.data_dir())?.conn(),
    )?)
}

#[tokio::test]
async fn a_part_is_entered_received_adjusted_and_a_negative_receipt_is_refused() -> Result<()> {
    let desktop = &Desktop::start()?;
    desktop
        .scenario("stock_room", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);

            // A new oil filter, with its barcode and its shelf.
            app.click("nav a[data-screen=stock]").await?;
            app.click("#new-part").await?;
            app.fill("#part-dialog-reference", "FH-2201").await?;
            app.fill("#part-dialog-description", "Filtre à huile")
                .await?;
            app.fill("#part-dialog-ean", "4006381333931").await?;
            app.fill("#part-dialog-cost-price", "6,50").await?;
            app.fill("#part-dialog-bin", "A-01").await?;
            app.click("#part-dialog-save").await?;
            app.wait_for_text("#part-reference", "FH-2201").await?;

            // Five arrive.
            app.click("#part-receive").await?;
            app.fill("#receive-dialog-quantity", "5").await?;
            app.click("#receive-dialog-save").await?;
            app.wait_for_text("#part-sites tbody", "5\u{a0}pc").await?;
            app.wait_for_text("#part-movements", "Réception").await?;

            // Minus five is refused, in French, under the quantity, and nothing is written.
            let before = pending(desktop)?;
            app.click("#part-receive").await?;
            app.fill("#receive-dialog-quantity", "-5").await?;
            app.click("#receive-dialog-save").await?;
            app.wait_for_text(
                "#receive-dialog-error",
                "« Quantité » ne peut pas être négatif.",
            )
            .await?;
            app.wait_for_text(
                ".field-error[data-for=quantity]",
                "ne peut pas être négatif",
            )
            .await?;
            ensure!(
                pending(desktop)? == before,
                "a refused receipt must write nothing"
            );
            app.click("#receive-dialog-cancel").await?;
            app.wait_for_text("#part-sites tbody", "5\u{a0}pc").await?;

            // One was broken in its box: written off with the reason.
            app.click("#part-adjust").await?;
            app.fill("#adjust-dialog-quantity", "-1").await?;
            app.fill("#adjust-dialog-reason", "Cassé au déballage")
                .await?;
            app.click("#adjust-dialog-save").await?;
            app.wait_for_text("#part-sites tbody", "4\u{a0}pc").await?;
            app.wait_for_text("#part-movements", "Cassé au déballage")
                .await?;

            // Later, the barcode scanner types the code and Enter in the search.
            app.go("#/stock").await?;
            app.wait_for_text("#part-list tbody", "FH-2201").await?;
            app.wait_for("#stock-search")
                .await?
                .send_keys(&format!("4006381333931{}", char::from(Key::Enter)))
                .await?;
            app.wait_for_text("#part-description", "Filtre à huile")
                .await?;
            app.wait_for_text("#part-sites tbody", "4\u{a0}pc").await?;
            app.quit().await
        })
        .await
}

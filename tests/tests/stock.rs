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

/// A signed repair order at work using `quantity` of the part `reference`,
/// put on file as the front desk would have written it; the window then
/// completes it. Returns its id.
fn an_order_at_work_using(
    desktop: &Desktop,
    reference: &str,
    quantity: &str,
) -> Result<atelier_domain::OrderId> {
    use atelier_core::customers::CustomerInput;
    use atelier_core::orders::{LineInput, OrderStatus};
    use atelier_core::vehicles::VehicleInput;
    let line = LineInput {
        kind: Some("part".into()),
        part_id: Some(reference.into()),
        quantity: Some(quantity.into()),
        unit_price: Some("12,90".into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    desktop.signed_order(
        CustomerInput {
            last_name: Some("Lefèvre".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("AB-123-CD".into()),
            ..VehicleInput::default()
        },
        &[line],
        OrderStatus::InProgress,
    )
}

#[tokio::test]
async fn parts_come_by_purchase_order_go_on_a_repair_order_are_counted_and_reordered() -> Result<()>
{
    let desktop = &Desktop::start()?;
    desktop
        .scenario("stock_cycle", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);

            // A filter kept at three or more, sold by Autodistribution.
            app.go("#/stock").await?;
            app.click("#new-part").await?;
            app.fill("#part-dialog-reference", "FH-2201").await?;
            app.fill("#part-dialog-description", "Filtre à huile")
                .await?;
            app.fill("#part-dialog-bin", "A-01").await?;
            app.fill("#part-dialog-reorder-point", "3").await?;
            app.fill("#part-dialog-reorder-quantity", "10").await?;
            app.click("#part-dialog-save").await?;
            app.wait_for_text("#part-reference", "FH-2201").await?;
            app.click("#part-add-supplier").await?;
            app.fill("#supplier-dialog-name", "Autodistribution")
                .await?;
            app.fill("#supplier-dialog-supplier-reference", "AD-5512")
                .await?;
            app.fill("#supplier-dialog-price", "5,90").await?;
            app.click("#supplier-dialog-save").await?;
            app.wait_for_text("#part-suppliers", "Autodistribution")
                .await?;

            // Order five, send the order, receive them.
            app.click("#part-order").await?;
            app.fill("#order-dialog-quantity", "5").await?;
            app.click("#order-dialog-save").await?;
            app.go("#/stock/commandes").await?;
            app.wait_for_text("#purchase-list", "Brouillon").await?;
            app.click("#purchase-list tr[data-status=draft] button[id^=send-]")
                .await?;
            app.wait_for_text("#purchase-list", "Envoyée").await?;
            app.click("#purchase-list tr[data-status=sent] button[id^=receive-]")
                .await?;
            app.click("#delivery-dialog-save").await?;
            app.wait_for_text("#purchase-list", "Reçue").await?;

            // Two go on a repair order, completed from its page: three are left.
            let order = an_order_at_work_using(desktop, "fh 2201", "2")?;
            app.go(&format!("#/ordres/{order}")).await?;
            app.click("#order-done").await?;
            app.wait_for("#order-ready:not([hidden])").await?;
            app.go("#/stock").await?;
            app.wait_for_text("#part-list tbody", "3\u{a0}pc").await?;

            // The stocktake finds two: the difference is posted as an adjustment.
            app.go("#/stock/inventaire").await?;
            app.click("#stocktake-start").await?;
            app.fill("#stocktake-sheet input[data-part]", "2").await?;
            app.click("#stocktake-post").await?;
            app.click("#confirm-ok").await?;
            app.wait_for("#stocktake-posted").await?;
            app.go("#/stock").await?;
            app.wait_for_text("#part-list tbody", "2\u{a0}pc").await?;
            app.click("#part-list tbody tr[data-id] td").await?;
            app.wait_for_text("#part-movements", "Inventaire du")
                .await?;
            app.wait_for_text("#part-movements", "Utilisée sur un OR")
                .await?;

            // Two is below three: the low-stock list proposes an order of ten.
            app.go("#/stock/reappro").await?;
            app.wait_for_text("#low-stock", "FH-2201").await?;
            app.wait_for_text("#suggestions", "Autodistribution")
                .await?;
            app.click("#suggest-0").await?;
            app.wait_for_text("#purchase-list tr[data-status=draft]", "FH-2201 0/10")
                .await?;
            app.quit().await
        })
        .await
}

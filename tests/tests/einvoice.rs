//! A supplier's Factur-X in the real window: the stock room has a purchase
//! order out for two parts; the supplier's e-invoice (a PDF/A-3 made by the
//! PyPI `factur-x` package, as a supplier's software makes it) is dropped
//! on the purchase orders, the window shows it matched to the order with
//! the price that differs, and « Réceptionner » puts the parts in stock at
//! the invoiced cost.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use atelier_core::Db;
use atelier_core::stock::{
    self, PartInput, PurchaseLineInput, SupplierInput, create_part, create_purchase,
    create_supplier, link_supplier, send_purchase,
};
use atelier_domain::{Locale, PartId};
use atelier_e2e::Desktop;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The supplier's Factur-X of the CII sample, made by the `factur-x`
/// package in the virtual environment `scripts/setup` makes.
fn facturx(dir: &Path) -> Result<Vec<u8>> {
    let python = root().join("target/venv/bin/python");
    ensure!(
        python.exists(),
        "{} is missing: run scripts/setup (it installs factur-x)",
        python.display()
    );
    let out = dir.join("facture.pdf");
    let made = Command::new(python)
        .arg("-c")
        .arg(
            "import io, sys\n\
             from pypdf import PdfWriter\n\
             from facturx import generate_from_binary\n\
             w = PdfWriter(); w.add_blank_page(width=595, height=842)\n\
             buf = io.BytesIO(); w.write(buf)\n\
             xml = open(sys.argv[1], 'rb').read()\n\
             open(sys.argv[2], 'wb').write(generate_from_binary(buf.getvalue(), xml, flavor='factur-x', level='autodetect'))\n",
        )
        .arg(root().join("crates/atelier-core/tests/fixtures/einvoice/supplier-cii.xml"))
        .arg(&out)
        .output()
        .context("running python")?;
    if !made.status.success() {
        bail!("factur-x failed: {}", String::from_utf8_lossy(&made.stderr));
    }
    Ok(std::fs::read(out)?)
}

/// The supplier of the sample, its two parts and purchase order
/// BC-2026-0001 for them, sent; returns the oil filter.
fn order_out(desktop: &Desktop) -> Result<PartId> {
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let fr = Locale::Fr;
    let supplier = db
        .write(|tx| {
            create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("PAR Lyon".into()),
                    vat_number: Some("FR64443061841".into()),
                    ..SupplierInput::default()
                },
            )
        })?
        .id;
    let mut lines = Vec::new();
    let mut filter = None;
    for (reference, supplier_ref, qty, cost) in [
        ("FH-1", "AD-FH1", "5", "6,00"),
        ("PL-2", "AD-PL2", "2", "25,50"),
    ] {
        let input = PartInput {
            reference: Some(reference.into()),
            description: Some(format!("Pièce {reference}")),
            cost_price: Some(cost.into()),
            ..PartInput::default()
        };
        let part = db.write(|tx| create_part(tx, NOW, None, &input, fr))?.id;
        db.write(|tx| link_supplier(tx, NOW, part, supplier, Some(supplier_ref), cost, true, fr))?;
        filter.get_or_insert(part);
        lines.push(PurchaseLineInput {
            part_id: part,
            quantity: Some(qty.into()),
            unit_cost: Some(cost.into()),
        });
    }
    let order = db.write(|tx| create_purchase(tx, NOW, supplier, None, &lines, fr))?;
    ensure!(order.number == "BC-2026-0001", "the order the sample names");
    db.write(|tx| send_purchase(tx, NOW, order.id))?;
    filter.context("two parts")
}

#[tokio::test]
async fn a_supplier_s_factur_x_dropped_on_the_purchase_orders_is_matched_and_received() -> Result<()>
{
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let filter = order_out(desktop)?;
    let files = tempfile::tempdir()?;
    let pdf = facturx(files.path())?;
    desktop
        .scenario("supplier_einvoice", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.go("#/stock/commandes").await?;
            app.wait_for_text("#purchase-list", "BC-2026-0001").await?;

            // The supplier's PDF dropped on the purchase orders.
            app.wait_for("#einvoice-drop").await?;
            app.client
                .execute(
                    "const bytes = Uint8Array.from(arguments[0]);\n\
                     const data = new DataTransfer();\n\
                     data.items.add(new File([bytes], 'FA-2026-00417.pdf', { type: 'application/pdf' }));\n\
                     document.querySelector('#einvoice-drop')\n\
                       .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
                    vec![serde_json::json!(pdf)],
                )
                .await?;

            // Matched to the order by the reference it carries; the filter's
            // price differs from the order's.
            app.wait_for_text("#einvoice-match-title", "FA-2026-00417").await?;
            app.wait_for_text("#einvoice-order", "BC-2026-0001").await?;
            app.wait_for_text("#einvoice-lines", "AD-FH1").await?;
            app.wait_for_text("#einvoice-lines tr[data-position='1']", "Différent")
                .await?;
            app.wait_for_text("#einvoice-lines tr[data-position='2']", "Conforme")
                .await?;

            app.click("#einvoice-accept").await?;
            app.wait_for_text("#einvoice-status", "Réceptionnée").await?;
            app.click("#einvoice-match-close").await?;
            app.wait_for_text("#purchase-list tr[data-status=received]", "BC-2026-0001")
                .await?;

            // In the supplier invoices, with what is owed.
            app.go("#/stock/factures").await?;
            app.wait_for_text("#einvoice-list", "FA-2026-00417").await?;
            app.wait_for_text("#einvoice-payables-total", "100,20").await?;
            Ok(())
        })
        .await?;
    let db = Db::open_in_dir(desktop.data_dir())?;
    let site = stock::current_site(db.conn())?;
    ensure!(
        stock::on_hand(db.conn(), filter, site)?.milli() == 5000,
        "the five filters invoiced are in stock"
    );
    let cost: i64 = db.conn().query_row(
        "SELECT cost_cents FROM parts WHERE id = ?1",
        [filter.to_string()],
        |r| r.get(0),
    )?;
    ensure!(
        cost == 650,
        "the filter costs what was invoiced, not {cost}"
    );
    Ok(())
}

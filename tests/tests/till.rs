//! The owner's till register in the real window: the days and the month
//! closed at launch since last month's sale, that month's signed archive
//! made with the station's key from the OS keyring and checked, the
//! journal telling all of it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
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

/// A counter sale the front desk issued `days_ago` days ago.
fn a_sale(desktop: &Desktop, days_ago: u64) -> Result<String> {
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
    issued.summary.number.context("a number")
}

#[tokio::test]
async fn the_owner_finds_the_closures_and_the_signed_archive_of_last_month_and_checks_it()
-> Result<()> {
    let desktop = &Desktop::start_with_keyring()?;
    desktop.set_up_workshop()?;
    // Forty days back: last month has ended, with a sale in it.
    let number = a_sale(desktop, 40)?;
    desktop
        .scenario("till_register_archives", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            // The station encrypted its database at this first launch.
            app.note_recovery_key().await?;
            app.go("#/reglages/registre").await?;
            // Closed at launch: every day since the sale, and the month.
            app.wait_for_text("#closures-list tbody", "Mois").await?;
            app.select("#closures-kind", "month").await?;
            app.wait_for_text("#closures-list tbody", "19,20").await?;

            // The month's archive, made by the launch in the background.
            let mut listed = String::new();
            for _ in 0..30 {
                app.go("#/reglages").await?;
                app.go("#/reglages/registre").await?;
                listed = app.text("#archives-list tbody").await?;
                if listed.contains("Intacte") {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            ensure!(listed.contains("Intacte"), "{listed}");
            ensure!(listed.contains("atelier-archive-DEMO-month-"), "{listed}");
            app.click("#archives-list .archive-verify").await?;
            app.wait_for_text("#archive-result", "Archive intègre et signée par ce poste")
                .await?;

            // A copy changed on the USB key is found out: a byte of the
            // sale's PDF, stored as issued inside the month's archive.
            // The archives the launch wrote (the database, encrypted, is
            // the app's to read): the zip files under the data directory.
            let paths = archives_under(desktop.data_dir())?;
            let mut bytes = Vec::new();
            for path in &paths {
                let b = std::fs::read(path)?;
                if b.windows(5).any(|w| w == b"%PDF-") {
                    bytes = b;
                }
            }
            let at = bytes
                .windows(5)
                .position(|w| w == b"%PDF-")
                .context("an archive holding the sale's PDF")?
                + 200;
            bytes[at] ^= 0xff;
            let copy = desktop.data_dir().join("copie.zip");
            std::fs::write(&copy, bytes)?;
            app.fill("#archive-path", &copy.display().to_string())
                .await?;
            app.click("#archive-path-verify").await?;
            app.wait_for_text("#archive-result", "anomalie").await?;

            // The journal tells it: the closures, the archive, both checks.
            app.select("#journal-code", "archive").await?;
            app.wait_for_text("#journal-list tbody", "Archive").await?;
            app.select("#journal-code", "archive_check").await?;
            let checks = app.text("#journal-list tbody").await?;
            ensure!(
                checks.contains("intact") && checks.contains("finding"),
                "{checks}"
            );
            app.screenshot(&atelier_e2e::target_dir().join("e2e/till-archives.png"))
                .await?;
            app.quit().await?;
            Ok(())
        })
        .await?;
    ensure!(number.starts_with("F-DEMO-"), "{number}");
    Ok(())
}

/// The signed archives (`atelier-archive-*.zip`) anywhere under `dir`.
fn archives_under(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(archives_under(&path)?);
        } else if entry
            .file_name()
            .to_string_lossy()
            .starts_with("atelier-archive-")
        {
            found.push(path);
        }
    }
    Ok(found)
}

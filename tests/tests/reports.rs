//! The owner's reports in the real window. Two repair orders were invoiced
//! on the 15th of last month, one of them paid; the owner opens Rapports,
//! picks « Le mois dernier », sees the revenue chart and its table with the
//! month's figures to the cent, exports the CSV and the file holds the same
//! figures. The dashboard (Accueil) is photographed and its panels read:
//! month-to-date revenue (an invoice of today, not last month's), the unpaid
//! invoices, the day's appointment.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use atelier_core::access::Actor;
use atelier_core::customers::CustomerInput;
use atelier_core::invoices::{self, payments};
use atelier_core::orders::{LineInput, OrderStatus};
use atelier_core::vehicles::VehicleInput;
use atelier_core::{Db, planning, text};
use atelier_e2e::{Desktop, target_dir};

const DAY_MS: u64 = 86_400_000;

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn part(description: &str, price: &str) -> LineInput {
    LineInput {
        kind: Some("part".into()),
        description: Some(description.into()),
        quantity: Some("1".into()),
        unit_price: Some(price.into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    }
}

/// A done repair order of one part at `price` € HT, invoiced at `at_ms`.
fn invoiced(
    desktop: &Desktop,
    who: (&str, &str),
    plate: &str,
    price: &str,
    at_ms: u64,
) -> Result<invoices::Invoice> {
    let order = desktop.signed_order(
        CustomerInput {
            first_name: Some(who.0.into()),
            last_name: Some(who.1.into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some(plate.into()),
            ..VehicleInput::default()
        },
        &[part("Kit de distribution", price)],
        OrderStatus::Done,
    )?;
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let system = Actor::system();
    Ok(db.write(|tx| {
        let draft = invoices::draft_from_order(tx, at_ms, &system, order)?;
        invoices::issue(tx, at_ms, &system, draft.summary.id)
    })?)
}

#[tokio::test]
async fn the_owner_reads_last_months_revenue_exports_it_and_the_dashboard_is_readable() -> Result<()>
{
    let desktop = &Desktop::start()?;
    desktop.set_up_workshop()?;
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let today = text::today(now);
    let (y, m): (i64, i64) = (today[..4].parse()?, today[5..7].parse()?);
    let (ly, lm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let fifteenth = u64::try_from(days_from_civil(ly, lm, 15))? * DAY_MS + 10 * 3_600_000;

    // 100 € and 250 € HT at 20 %: 350,00 € HT, 70,00 € VAT, 420,00 € TTC.
    let paid = invoiced(desktop, ("Marc", "Girard"), "AB-123-CD", "100", fifteenth)?;
    invoiced(
        desktop,
        ("Inès", "Roux"),
        "EF-456-GH",
        "250",
        fifteenth + 3_600_000,
    )?;
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    db.write(|tx| {
        payments::record_payment(
            tx,
            fifteenth + 7_200_000,
            &Actor::system(),
            paid.summary.id,
            &payments::PaymentInput {
                method: Some("card".into()),
                amount: Some("120,00".into()),
                ..payments::PaymentInput::default()
            },
            atelier_domain::Locale::Fr,
        )
    })?;
    drop(db);
    // This month: 50 € HT invoiced today, unpaid; and a car booked in today.
    invoiced(desktop, ("Luc", "Moreau"), "HJ-789-KL", "50", now)?;
    let car = desktop.add_car(
        CustomerInput {
            first_name: Some("Léa".into()),
            last_name: Some("Fabre".into()),
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("KL-012-MN".into()),
            ..VehicleInput::default()
        },
    )?;
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    db.write(|tx| {
        let bay = planning::create_resource(
            tx,
            now,
            None,
            &planning::ResourceInput {
                kind: Some("bay".into()),
                name: Some("Pont 1".into()),
                ..planning::ResourceInput::default()
            },
        )?;
        let owner = atelier_core::vehicles::get(tx, car)?.customer_id;
        planning::book(
            tx,
            now,
            &planning::AppointmentInput {
                customer_id: Some(owner.to_string()),
                vehicle_id: Some(car.to_string()),
                start_at: Some(format!("{today}T10:00")),
                duration_min: Some(60),
                bay_id: Some(bay.id.to_string()),
                ..planning::AppointmentInput::default()
            },
            true,
        )
    })?;
    drop(db);

    desktop
        .scenario("reports", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);

            // The dashboard: the unpaid invoices counted (300 € left on the
            // one, 60 € TTC on today's), this month's revenue (today's 50 € HT,
            // not last month's), the day's appointment.
            app.click("nav a[data-screen=home]").await?;
            let unpaid = app.wait_for_text("#tile-unpaid", "360,00").await?;
            ensure!(
                unpaid.contains("2 factures impayées"),
                "the tile counts both: {unpaid:?}"
            );
            let month = app
                .wait_for_text("#home-sites tr.total", "50,00")
                .await?;
            ensure!(
                month.contains("60,00") && !month.contains("350,00"),
                "this month's revenue only, HT and TTC: {month:?}"
            );
            let day = app
                .wait_for_text("#home-appointments", "Léa Fabre")
                .await?;
            ensure!(
                day.contains("10:00") && day.contains("KL-012-MN"),
                "today's appointment with its time and car: {day:?}"
            );
            app.wait_for("#home-owner").await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let shots = target_dir().join("e2e");
            std::fs::create_dir_all(&shots)?;
            app.screenshot(&shots.join("dashboard.png")).await?;

            // Rapports, last month: the chart and its table, to the cent.
            app.click("nav a[data-screen=reports]").await?;
            app.wait_for("#report-preset").await?;
            app.client
                .execute(
                    "const s = document.querySelector('#report-preset');
                     s.value = 'last_month'; s.dispatchEvent(new Event('change'));",
                    vec![],
                )
                .await?;
            app.wait_for_text("#revenue-table tr.total", "350,00")
                .await?;
            let total = app.text("#revenue-table tr.total").await?;
            ensure!(
                total.contains("70,00") && total.contains("420,00"),
                "the total row reads {total:?}"
            );
            ensure!(
                app.count("#revenue-chart svg rect").await? > 0,
                "the revenue chart has no bars"
            );
            let facts = app
                .wait_for_text("#report-revenue .facts", "Ordres facturés")
                .await?;
            ensure!(
                facts.contains("Ordres facturés\n2") || facts.contains("Ordres facturés 2"),
                "two orders invoiced last month: {facts:?}"
            );
            app.wait_for_text("#vat-table", "70,00").await?;
            // The table lists the day with business, not 30 rows of 0,00 €,
            // and says so.
            ensure!(
                app.count("#revenue-table tbody tr:not(.total)").await? == 1,
                "only the 15th is listed"
            );
            app.wait_for_text("#revenue-quiet", "jours sans chiffre d’affaires")
                .await?;

            app.screenshot(&shots.join("reports-last-month.png"))
                .await?;

            // The CSV export holds the same figures.
            app.click("#export-revenue").await?;
            let said = app
                .wait_for_text("#report-exported", "Fichier enregistré")
                .await?;
            let path = said
                .split_once(": ")
                .or_else(|| said.split_once(":\u{a0}"))
                .map(|(_, p)| p.trim().to_owned())
                .context("the notice names the file")?;
            let csv = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
            ensure!(
                csv.lines().any(|l| l.contains("350,00;70,00;420,00")),
                "the CSV does not hold the month's totals:\n{csv}"
            );

            // A period of its own, typed the way the desk writes dates: day
            // first whatever the machine's locale, « aujourd'hui » for today.
            app.client
                .execute(
                    "const s = document.querySelector('#report-preset');
                     s.value = 'custom'; s.dispatchEvent(new Event('change'));",
                    vec![],
                )
                .await?;
            app.fill("#report-from", &format!("16/{lm}/{ly}")).await?;
            app.fill("#report-to", "aujourd'hui").await?;
            app.wait_for("#report-to")
                .await?
                .send_keys(&char::from(fantoccini::key::Key::Tab).to_string())
                .await?;
            let day_first = |y: i64, m: i64, d: i64| format!("{d:02}/{m:02}/{y}");
            let from_shown = day_first(ly, lm, 16);
            let today_shown = day_first(y, m, today[8..10].parse()?);
            app.wait_for_text("#report-period", &format!("Du {from_shown} au {today_shown}"))
                .await?;
            let shown = app
                .client
                .execute(
                    "const text = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
                     return ['#report-from', '#report-to'].map((css) => text.get.call(document.querySelector(css)));",
                    vec![],
                )
                .await?;
            ensure!(
                shown == serde_json::json!([from_shown, today_shown]),
                "the fields show the days as dd/mm/yyyy: {shown}"
            );
            Ok(())
        })
        .await
}

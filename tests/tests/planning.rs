//! The planning in the real window. The owner sets up a bay, the usual
//! reminder rules and the workshop's mail server in Réglages. The front desk
//! books a customer into a free slot of next week's board with a
//! confirmation e-mail; a second booking over it is refused and nothing is
//! written; it is moved and made longer; the car arrives and its repair
//! order opens. The car, four years
//! old today, is in the due list for its contrôle technique; its reminder
//! e-mail reaches the mail server exactly once, however often it is asked
//! for, and the customer page shows both messages sent.

use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};
use atelier_core::customers::CustomerInput;
use atelier_core::vehicles::VehicleInput;
use atelier_core::{Db, outbox};
use atelier_e2e::{App, Desktop, PATIENCE, target_dir};
use atelier_messaging::test_servers::SmtpSink;
use serde_json::Value;

fn pending(desktop: &Desktop) -> Result<u64> {
    Ok(outbox::pending_count(
        Db::open_in_dir(desktop.data_dir())?.conn(),
    )?)
}

/// Messages the station still means to send (queued, or being sent).
fn unsent(desktop: &Desktop) -> Result<i64> {
    Ok(Db::open_in_dir(desktop.data_dir())?.conn().query_row(
        "SELECT COUNT(*) FROM messages WHERE status IN ('queued', 'sending')",
        [],
        |r| r.get(0),
    )?)
}

/// Waits until the mail server holds `n` messages and the station has
/// nothing left to send, then checks the server holds exactly `n`: once
/// nothing is queued, nothing more can go out (nothing sent twice).
async fn wait_for_mail(desktop: &Desktop, sink: &SmtpSink, n: usize) -> Result<Vec<String>> {
    let start = Instant::now();
    while sink.received().len() < n || unsent(desktop)? > 0 {
        if start.elapsed() > PATIENCE {
            bail!(
                "the mail server got {} messages, not {n}; {} still to send",
                sink.received().len(),
                unsent(desktop)?
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let got = sink.received();
    ensure!(
        got.len() == n,
        "the mail server got {} messages, not {n}",
        got.len()
    );
    Ok(got)
}

/// Sets a field's value as a person typing in a date-and-time picker would
/// leave it (WebKit's picker takes no typed keys over WebDriver).
async fn set_value(app: &App, css: &str, value: &str) -> Result<()> {
    app.wait_for(css).await?;
    app.client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![Value::from(css), Value::from(value)],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_booking_in_a_free_slot_becomes_a_repair_order_and_a_due_reminder_is_mailed_once()
-> Result<()> {
    let desktop = &Desktop::start()?;
    let sink = SmtpSink::start()?;
    desktop.set_up_workshop()?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis();
    let today = atelier_core::text::today(u64::try_from(now_ms)?);
    let four_years_ago = format!(
        "{}{}",
        today[..4].parse::<i32>()? - 4,
        // 29 February has no fourth anniversary: the day before will do.
        if &today[4..] == "-02-29" {
            "-02-28"
        } else {
            &today[4..]
        }
    );
    desktop.add_car(
        CustomerInput {
            first_name: Some("Claire".into()),
            last_name: Some("Fontaine".into()),
            email: Some("claire.fontaine@example.fr".into()),
            phone: Some("06 12 34 56 78".into()),
            marketing_consent: true,
            ..CustomerInput::default()
        },
        VehicleInput {
            plate: Some("GH-452-KL".into()),
            make: Some("Peugeot".into()),
            model: Some("208".into()),
            first_registration: Some(four_years_ago),
            mileage: Some(Value::from(48_000)),
            ..VehicleInput::default()
        },
    )?;
    desktop
        .scenario("planning", |rec| async move {
            let app = desktop.launch_as("gerant", "1234").await?;
            rec.watch(&app);
            // What the screens looked like, for a person to check.
            let shots = target_dir().join("e2e");
            std::fs::create_dir_all(&shots)?;

            // Réglages → Planning: a bay, the usual rules, the mail server.
            app.click("nav a[data-screen=settings]").await?;
            app.click("#open-planning-settings").await?;
            app.fill("#resource-name", "Pont 1").await?;
            app.fill("#resource-day-sat", "8h-12").await?;
            app.click("#resource-save").await?;
            app.wait_for_text("#resources-table", "Pont 1").await?;
            app.wait_for_text("#resources-table", "Sa 08:00-12:00")
                .await?;
            // Hours that end before they start are refused under the field.
            app.fill("#resource-name", "Pont 2").await?;
            app.fill("#resource-day-mon", "12:00-08:00").await?;
            app.click("#resource-save").await?;
            app.wait_for_text(
                ".field-error[data-for=week_hours]",
                "par exemple 08:00-12:00, 13:30-18:00",
            )
            .await?;
            ensure!(
                !app.text("#resources-table").await?.contains("Pont 2"),
                "a refused bay was saved"
            );
            app.click("#rules-defaults").await?;
            app.wait_for_text("#rules-table", "Contrôle technique")
                .await?;
            app.fill("#messages-smtp-host", "127.0.0.1").await?;
            app.fill("#messages-smtp-port", &sink.addr.port().to_string())
                .await?;
            app.client
                .execute(
                    "document.querySelector('#messages-smtp-security').value = 'none';",
                    vec![],
                )
                .await?;
            app.fill("#messages-smtp-from", "atelier@example.fr")
                .await?;
            app.click("#messages-save").await?;
            app.wait_for_text("#messages-status", "L’e-mail est prêt.")
                .await?;
            app.screenshot(&shots.join("planning-settings.png")).await?;

            // Next week's board: Monday 08:00 on Pont 1 is free; book it.
            app.click("nav a[data-screen=planning]").await?;
            app.click("#planning-week").await?;
            app.wait_for("[data-testid=free-slot]").await?;
            app.click("#planning-next").await?;
            let monday = "tr[data-resource] td:nth-child(2)";
            let waited = Instant::now();
            while app.attr(monday, "data-day").await?.unwrap_or_default() <= today {
                ensure!(waited.elapsed() < PATIENCE, "next week's board never came");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            // The toolbar says which week is shown; the columns read « Lun. 8 déc. »,
            // the month in lower case as French writes it.
            let first_day = app.attr(monday, "data-day").await?.unwrap_or_default();
            let day_number = first_day[8..10].trim_start_matches('0').to_owned();
            app.wait_for_text("#planning-range", &format!("Semaine du {day_number} "))
                .await?;
            ensure!(
                app.attr("#planning-week", "aria-pressed").await?.as_deref() == Some("true"),
                "the week view's button is shown pressed"
            );
            let heading = app.text(".planning-grid thead th:nth-child(2)").await?;
            let (weekday, rest) = heading.split_once(' ').unwrap_or_default();
            ensure!(
                weekday == "Lun." && rest.starts_with(&day_number) && rest == rest.to_lowercase(),
                "Monday's column reads {heading:?}"
            );
            let monday_slot = &format!("{monday} [data-testid=free-slot]");
            app.wait_for_text(monday_slot, "08:00").await?;
            let start = app
                .attr(monday_slot, "data-start")
                .await?
                .unwrap_or_default();
            ensure!(
                start.ends_with("T08:00"),
                "the first free slot starts at {start}"
            );
            app.click(monday_slot).await?;
            app.fill("#booking-customer-search", "Fontaine").await?;
            app.click("#booking-customer-results li[data-id] button")
                .await?;
            app.wait_for("#booking-vehicle option").await?;
            app.fill("#booking-work", "Vidange et contrôle des freins")
                .await?;
            app.click("[data-testid=booking-dialog] input[name=notify]")
                .await?;
            app.screenshot(&shots.join("planning-booking.png")).await?;
            app.click("#booking-save").await?;
            // The notice lies over the status bar, not over the board's buttons.
            app.wait_for("#toast.is-visible").await?;
            let over_the_bar = app
                .client
                .execute(
                    "const toast = document.getElementById('toast').getBoundingClientRect();
                     const bar = document.getElementById('status-bar').getBoundingClientRect();
                     return toast.top >= bar.top - 1;",
                    vec![],
                )
                .await?;
            ensure!(
                over_the_bar == Value::Bool(true),
                "the notice covers the screen above the status bar"
            );
            app.wait_for_text("[data-testid=appointment]", "Fontaine · GH-452-KL")
                .await?;
            app.wait_for_text("[data-testid=appointment]", "08:00–09:00")
                .await?;
            app.screenshot(&shots.join("planning-week.png")).await?;
            let confirmation = wait_for_mail(desktop, &sink, 1).await?;
            ensure!(
                confirmation[0].contains("claire.fontaine@example.fr"),
                "the confirmation went elsewhere: {}",
                confirmation[0]
            );

            // A second booking over it is refused unless forced; nothing is written.
            let before = pending(desktop)?;
            app.click("#planning-book").await?;
            app.fill("#booking-customer-search", "Fontaine").await?;
            app.click("#booking-customer-results li[data-id] button")
                .await?;
            app.wait_for("#booking-vehicle option").await?;
            set_value(&app, "#booking-start", &start).await?;
            app.click("#booking-save").await?;
            app.wait_for_text("#confirm-body", "Ce créneau est déjà pris")
                .await?;
            app.click("#confirm-cancel").await?;
            app.wait_for_text(
                "[data-testid=booking-dialog] .form-error",
                "Ce créneau est déjà pris",
            )
            .await?;
            ensure!(
                pending(desktop)? == before,
                "a refused booking wrote something"
            );
            app.client
                .execute(
                    "document.querySelector('[data-testid=booking-dialog]').close();",
                    vec![],
                )
                .await?;
            ensure!(
                app.count("[data-testid=appointment]").await? == 1,
                "the board shows a second appointment"
            );

            // The customer calls back: half an hour later, and longer.
            app.click("[data-testid=appointment]").await?;
            app.click("#appt-move").await?;
            app.fill("#ask-input", &format!("{} 09:30", &start[..10]))
                .await?;
            app.click("#ask-ok").await?;
            app.wait_for_text("[data-testid=appointment]", "09:30–10:30")
                .await?;
            app.click("[data-testid=appointment]").await?;
            app.click("#appt-resize").await?;
            app.fill("#ask-input", "90").await?;
            app.click("#ask-ok").await?;
            app.wait_for_text("[data-testid=appointment]", "09:30–11:00")
                .await?;

            // The car arrives: one action, and its repair order opens.
            app.click("[data-testid=appointment]").await?;
            app.click("#appt-arrive").await?;
            app.fill("#ask-input", "48 350").await?;
            app.click("#ask-ok").await?;
            app.wait_for_text(".order-page", "Vidange et contrôle des freins")
                .await?;
            app.wait_for_text("#order-vehicle", "GH-452-KL").await?;
            // A repair order of its own, numbered in the workshop's series.
            let number = app.wait_for_text("#order-number", "-2").await?;
            ensure!(
                number.starts_with("OR-") || number.starts_with("D-"),
                "the order is numbered: {number:?}"
            );

            // Its contrôle technique is due today: it is in the due list, and
            // its reminder reaches the mail server once, however often sent.
            app.click("nav a[data-screen=planning]").await?;
            app.wait_for_text(
                "[data-testid=reminders]",
                "Contrôle technique · Claire Fontaine",
            )
            .await?;
            let ct = app
                .client
                .execute(
                    "return [...document.querySelectorAll('[data-testid=reminder]')]
                       .findIndex((li) => li.textContent.startsWith('Contrôle technique')) + 1;",
                    vec![],
                )
                .await?;
            let ct = format!("[data-testid=reminder]:nth-child({ct})");
            app.click(&format!("{ct} [data-testid=reminder-send]"))
                .await?;
            wait_for_mail(desktop, &sink, 2).await?;
            // Sent again by mistake: the station says there is nothing new
            // to send, and nothing more goes out.
            app.click(&format!("{ct} [data-testid=reminder-send]"))
                .await?;
            app.wait_for_text("#toast", "Rien de nouveau à envoyer")
                .await?;
            let mail = wait_for_mail(desktop, &sink, 2).await?;
            ensure!(
                mail[1].contains("claire.fontaine@example.fr"),
                "the reminder went elsewhere: {}",
                mail[1]
            );

            // The customer page shows the appointment and both messages sent.
            app.click("nav a[data-screen=customers]").await?;
            app.fill("#customer-search", "Fontaine").await?;
            app.wait_for_text("#customer-list tbody", "Claire Fontaine")
                .await?;
            app.click("#customer-list tbody tr[data-id]:first-child td")
                .await?;
            app.wait_for_text("#customer-appointments", "Arrivé")
                .await?;
            app.wait_for_text("#customer-messages", "Rappel · E-mail")
                .await?;
            app.wait_for_text("#customer-messages", "Confirmation · E-mail")
                .await?;
            ensure!(
                app.count("#customer-messages li[data-status=sent]").await? == 2,
                "the log does not show two messages sent"
            );
            app.screenshot(&shots.join("customer-planning.png")).await?;
            Ok(())
        })
        .await
}

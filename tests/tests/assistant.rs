//! The assistant in the real window. The front desk opens it with Ctrl+J and
//! asks for tomorrow's appointments and the invoices unpaid for more than
//! 30 days, then types « où en est la 208 GH-452-KL ? » in the search box,
//! which offers the question to the assistant; each answer lists exactly the
//! records the workshop holds, and a link opens the order's page. « prends
//! un rendez-vous jeudi 14 h pour M. Girard, vidange » opens the planning's
//! booking dialog filled in — nothing written until the front desk saves —
//! and once saved the appointment is on Thursday's planning. A mechanic who
//! asks for November's revenue is refused, politely, with no figure. Every
//! suggestion the panel offers is read by the engine as the intent it is
//! offered for, in both languages.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail, ensure};
use atelier_core::access::Actor;
use atelier_core::assistant::{Lexicon, understand};
use atelier_core::customers::CustomerInput;
use atelier_core::invoices::{self, payments};
use atelier_core::orders::{LineInput, OrderStatus};
use atelier_core::planning::time::{add_days, date};
use atelier_core::vehicles::VehicleInput;
use atelier_core::{Db, orders, outbox, planning, text, vehicles};
use atelier_domain::{CustomerId, InvoiceId, OrderId};
use atelier_e2e::{App, Desktop, PATIENCE, target_dir};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

const DAY_MS: u64 = 86_400_000;

fn person(first: &str, last: &str) -> CustomerInput {
    CustomerInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..CustomerInput::default()
    }
}

fn car(plate: &str, make: &str, model: &str) -> VehicleInput {
    VehicleInput {
        plate: Some(plate.into()),
        make: Some(make.into()),
        model: Some(model.into()),
        ..VehicleInput::default()
    }
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

/// A finished repair order of one part at 100 € HT (120 € TTC), invoiced
/// at `at_ms`; returns the invoice's number and id, and the order's id.
fn invoiced(
    desktop: &Desktop,
    who: (&str, &str),
    plate: &str,
    at_ms: u64,
) -> Result<(String, InvoiceId, OrderId)> {
    let order = desktop.signed_order(
        person(who.0, who.1),
        car(plate, "Renault", "Mégane"),
        &[part("Kit de distribution", "100")],
        OrderStatus::Done,
    )?;
    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let system = Actor::system();
    let invoice = db.write(|tx| {
        let draft = invoices::draft_from_order(tx, at_ms, &system, order)?;
        invoices::issue(tx, at_ms, &system, draft.summary.id)
    })?;
    let number = invoice
        .summary
        .number
        .context("an issued invoice has its number")?;
    Ok((number, invoice.summary.id, order))
}

/// What the scenario put on file, to find in the answers.
struct Workshop {
    /// Claire Fontaine's repair order on the 208 GH-452-KL, in progress.
    order: OrderId,
    order_number: String,
    /// Unpaid for 75 days: listed.
    old_unpaid: String,
    /// Unpaid for 5 days, and paid after 75 days: not listed.
    recent_unpaid: String,
    old_paid: String,
    /// Today, as the window reads it (it runs in UTC).
    today: String,
    /// The next Thursday after today.
    thursday: String,
    /// M. Girard, whom the front desk books in.
    girard: CustomerId,
}

/// The workshop of this scenario: a bay, Claire Fontaine's car in the
/// workshop, Marc Girard's Clio, three invoices, and three appointments:
/// two tomorrow, one the day after.
fn set_up(desktop: &Desktop) -> Result<Workshop> {
    desktop.set_up_workshop()?;
    let now = u64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let today = text::today(now);
    let day = |n| add_days(&today, n).context("a day after today");
    let (tomorrow, after) = (day(1)?, day(2)?);
    let weekday = i64::from(
        date(&today)
            .context("today")?
            .weekday()
            .number_from_monday(),
    );
    // « jeudi » is the next Thursday after today: a week on, said on a Thursday.
    let ahead = (4 - weekday).rem_euclid(7);
    let thursday = day(if ahead == 0 { 7 } else { ahead })?;

    let order = desktop.signed_order(
        person("Claire", "Fontaine"),
        car("GH-452-KL", "Peugeot", "208"),
        &[part("Plaquettes de frein avant", "80")],
        OrderStatus::InProgress,
    )?;
    let clio = desktop.add_car(
        person("Marc", "Girard"),
        car("AB-123-CD", "Renault", "Clio"),
    )?;
    let (old_unpaid, _, roux) =
        invoiced(desktop, ("Inès", "Roux"), "EF-456-GH", now - 75 * DAY_MS)?;
    let (old_paid, paid_id, _) = invoiced(
        desktop,
        ("Paul", "Blanc"),
        "JK-321-LM",
        now - 75 * DAY_MS + 60_000,
    )?;
    let (recent_unpaid, _, moreau) =
        invoiced(desktop, ("Luc", "Moreau"), "HJ-789-KL", now - 5 * DAY_MS)?;

    let mut db = Db::open_in_dir(desktop.data_dir())?;
    let (order_number, girard) = db.write(|tx| {
        payments::record_payment(
            tx,
            now - 70 * DAY_MS,
            &Actor::system(),
            paid_id,
            &payments::PaymentInput {
                method: Some("card".into()),
                amount: Some("120,00".into()),
                ..payments::PaymentInput::default()
            },
            atelier_domain::Locale::Fr,
        )?;
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
        for (visit, at) in [
            (order, format!("{tomorrow}T09:00")),
            (roux, format!("{tomorrow}T10:30")),
            (moreau, format!("{after}T09:00")),
        ] {
            let o = orders::get(tx, visit)?;
            // Forced: tomorrow may be a Saturday, when the bay is closed.
            planning::book(
                tx,
                now,
                &planning::AppointmentInput {
                    customer_id: Some(o.customer_id.to_string()),
                    vehicle_id: Some(o.vehicle_id.to_string()),
                    start_at: Some(at),
                    duration_min: Some(60),
                    bay_id: Some(bay.id.to_string()),
                    work: Some("Révision".into()),
                    ..planning::AppointmentInput::default()
                },
                true,
            )?;
        }
        let o = orders::get(tx, order)?;
        Ok((
            o.order_number.unwrap_or(o.estimate_number),
            vehicles::get(tx, clio)?.customer_id,
        ))
    })?;
    Ok(Workshop {
        order,
        order_number,
        old_unpaid,
        recent_unpaid,
        old_paid,
        today,
        thursday,
        girard,
    })
}

/// Presses Ctrl+J, as a person opening the assistant from the keyboard.
async fn ctrl_j(app: &App) -> Result<()> {
    let (ctrl, j) = (char::from(Key::Control), 'j');
    app.client
        .perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: ctrl })
                .then(KeyAction::Down { value: j })
                .then(KeyAction::Up { value: j })
                .then(KeyAction::Up { value: ctrl }),
        )
        .await?;
    Ok(())
}

/// Asks `question` in the panel and waits for its answer; returns the
/// answer bubble's selector and its text.
async fn ask(app: &App, question: &str) -> Result<(String, String)> {
    let before = app.count("[data-testid=assistant-answer]").await?;
    app.fill("#assistant-input", question).await?;
    app.click("#assistant-send").await?;
    answer(app, before + 1).await
}

/// Waits for the conversation to hold `n` answers; returns the last one's
/// selector and text.
async fn answer(app: &App, n: usize) -> Result<(String, String)> {
    let start = Instant::now();
    while app.count("[data-testid=assistant-answer]").await? < n {
        if start.elapsed() > PATIENCE {
            bail!("no answer number {n} came");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let id = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=assistant-answer]')].at(-1).id;",
            vec![],
        )
        .await?;
    let css = format!("#{}", id.as_str().context("an answer has its id")?);
    let text = app.text(&css).await?;
    Ok((css, text))
}

/// Checks the panel reads well for assistive technology as it stands.
async fn accessible(app: &App, when: &str) -> Result<()> {
    let found = app.axe_violations().await?;
    ensure!(found.is_empty(), "axe-core, {when}:\n{}", found.join("\n"));
    Ok(())
}

fn outbox_pending(desktop: &Desktop) -> Result<u64> {
    Ok(outbox::pending_count(
        Db::open_in_dir(desktop.data_dir())?.conn(),
    )?)
}

#[tokio::test]
async fn the_front_desk_asks_gets_the_records_and_books_through_the_assistant_and_a_mechanic_is_refused_revenue()
-> Result<()> {
    // The window's local day is the one the records were set on.
    let desktop = &Desktop::start_with_env(&[("TZ", "UTC")])?;
    let w = set_up(desktop)?;
    let shots = target_dir().join("e2e");
    std::fs::create_dir_all(&shots)?;
    desktop
        .scenario("assistant", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.settle().await?;
            let window_day = app
                .client
                .execute(
                    "const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;",
                    vec![],
                )
                .await?;
            ensure!(window_day == w.today.as_str(), "the window's day is {window_day}, the records' {}", w.today);

            // Ctrl+J opens the panel with the cursor in the question, and
            // suggestions for the front desk.
            ctrl_j(&app).await?;
            app.wait_for("#assistant:not([hidden]) #assistant-input").await?;
            ensure!(
                app.attr("#assistant-button", "aria-expanded").await?.as_deref() == Some("true"),
                "the button says the panel is open"
            );
            let focused = app.client.execute("return document.activeElement.id;", vec![]).await?;
            ensure!(focused == "assistant-input", "the keyboard is in {focused}, not the question");
            ensure!(
                app.count("#assistant-suggestions [data-testid=assistant-suggestion]").await? >= 2,
                "the front desk is offered questions"
            );
            app.screenshot(&shots.join("assistant-open.png")).await?;
            accessible(&app, "the panel just opened").await?;

            // 1. Tomorrow's appointments: Claire Fontaine's and Inès Roux's, not Luc Moreau's.
            let (css, said) = ask(&app, "rendez-vous de demain").await?;
            ensure!(app.attr(&css, "data-kind").await?.as_deref() == Some("answered"), "{said}");
            for name in ["Fontaine", "Roux"] {
                ensure!(said.contains(name), "tomorrow's appointments without {name}: {said}");
            }
            ensure!(!said.contains("Moreau"), "the day after tomorrow's appointment is listed: {said}");
            ensure!(
                app.count(&format!("{css} [data-testid=assistant-line]")).await? == 2,
                "two appointments tomorrow: {said}"
            );

            // 2. Invoices unpaid for more than 30 days: Inès Roux's alone.
            let (css, said) = ask(&app, "factures impayées de plus de 30 jours").await?;
            ensure!(said.contains(&w.old_unpaid), "the old unpaid invoice {} is missing: {said}", w.old_unpaid);
            for other in [&w.recent_unpaid, &w.old_paid] {
                ensure!(!said.contains(other.as_str()), "{other} is listed: {said}");
            }
            app.screenshot(&shots.join("assistant-answers.png")).await?;
            accessible(&app, "with answers").await?;
            ensure!(
                app.count(&format!("{css} [data-testid=assistant-line] a")).await? >= 1,
                "the invoice links to its page: {said}"
            );

            // Escape closes the panel and keeps the conversation.
            app.wait_for("#assistant-input").await?.send_keys(&char::from(Key::Escape).to_string()).await?;
            app.wait_for("#assistant[hidden]").await?;

            // 3. Typed in the search box as a question, offered to the assistant.
            app.fill("#global-search", "où en est la 208 GH-452-KL ?").await?;
            app.wait_for_text("#search-results li[data-kind=assistant]", "Demander à l’assistant").await?;
            app.screenshot(&shots.join("assistant-search.png")).await?;
            app.wait_for("#global-search").await?.send_keys(&char::from(Key::Enter).to_string()).await?;
            let (css, said) = answer(&app, 3).await?;
            ensure!(said.contains(&w.order_number), "the order {} is not named: {said}", w.order_number);
            ensure!(said.contains("GH-452-KL"), "the car is not named: {said}");
            ensure!(
                app.count("[data-testid=assistant-answer]").await? == 3,
                "the conversation was kept across the closing"
            );
            let link = format!("{css} a[href='#/ordres/{}']", w.order);
            app.click(&link).await?;
            app.wait_for("#assistant[hidden]").await?;
            app.wait_for_text("#order-number", &w.order_number).await?;

            // Booking: the usual dialog, filled in; nothing written until saved.
            let before = outbox_pending(desktop)?;
            ctrl_j(&app).await?;
            let (css, said) = ask(&app, "prends un rendez-vous jeudi 14 h pour M. Girard, vidange").await?;
            ensure!(app.attr(&css, "data-kind").await?.as_deref() == Some("prepared"), "{said}");
            app.wait_for("[data-testid=booking-dialog][open]").await?;
            app.wait_for_text("#booking-customer-chosen", "Marc Girard").await?;
            let start = app
                .client
                .execute("return document.querySelector('[data-testid=booking-dialog] [name=start_at]').value;", vec![])
                .await?;
            ensure!(start == format!("{}T14:00", w.thursday).as_str(), "the booking starts at {start}");
            let vehicle = app
                .client
                .execute("const s = document.getElementById('booking-vehicle'); return s.options[s.selectedIndex]?.text ?? '';", vec![])
                .await?;
            ensure!(vehicle.as_str().is_some_and(|v| v.contains("AB-123-CD")), "the car chosen is {vehicle}");
            let work = app.client.execute("return document.getElementById('booking-work').value;", vec![]).await?;
            ensure!(work.as_str().is_some_and(|w| w.to_lowercase().contains("vidange")), "the work is {work}");
            app.screenshot(&shots.join("assistant-booking.png")).await?;
            ensure!(outbox_pending(desktop)? == before, "the assistant wrote before the front desk confirmed");
            app.click("#booking-save").await?;
            app.wait_for_text("[data-testid=assistant-note]", "Rendez-vous enregistré").await?;
            let booked = planning::of_customer(Db::open_in_dir(desktop.data_dir())?.conn(), w.girard)?;
            ensure!(
                booked.len() == 1 && booked[0].start_at == format!("{}T14:00", w.thursday),
                "M. Girard's appointments: {booked:?}"
            );
            app.click("[data-testid=assistant-see-planning]").await?;
            app.wait_for_text("[data-testid=appointment]", "Girard · AB-123-CD").await?;
            app.wait_for_text("[data-testid=planning-board]", "14:00–").await?;
            app.screenshot(&shots.join("assistant-planning.png")).await?;

            // A mechanic: the conversation is gone, revenue is refused.
            app.click("#lock-button").await?;
            app.switch_to("meca", "3456").await?;
            app.settle().await?;
            ctrl_j(&app).await?;
            app.wait_for("#assistant:not([hidden]) #assistant-input").await?;
            ensure!(
                app.count("[data-testid=assistant-answer]").await? == 0,
                "the mechanic reads the front desk's conversation"
            );
            let (css, said) = ask(&app, "chiffre d'affaires de novembre").await?;
            ensure!(app.attr(&css, "data-kind").await?.as_deref() == Some("refused"), "{said}");
            app.wait_for_text(&css, "Non autorisé").await?;
            ensure!(!said.contains('€'), "a mechanic is told an amount: {said}");
            app.screenshot(&shots.join("assistant-refused.png")).await?;
            accessible(&app, "a refusal").await?;
            // A small workshop PC's window.
            app.client.set_window_size(1024, 768).await?;
            app.screenshot(&shots.join("assistant-refused-1024.png")).await?;
            Ok(())
        })
        .await
}

/// The value of the input at `css`, as the page holds it.
async fn value(app: &App, css: &str) -> Result<String> {
    app.wait_for(css).await?;
    let v = app
        .client
        .execute(
            "return document.querySelector(arguments[0]).value;",
            vec![css.into()],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn an_estimate_a_customer_and_a_payment_asked_for_open_their_usual_dialogs_filled_in()
-> Result<()> {
    let desktop = &Desktop::start_with_env(&[("TZ", "UTC")])?;
    let w = set_up(desktop)?;
    let shots = target_dir().join("e2e");
    std::fs::create_dir_all(&shots)?;
    desktop
        .scenario("assistant-actions", |rec| async move {
            let app = desktop.launch_as("accueil", "2345").await?;
            rec.watch(&app);
            app.settle().await?;
            let before = outbox_pending(desktop)?;
            ctrl_j(&app).await?;

            // A new estimate: the new estimate dialog, with the customer, their car and the work.
            ask(&app, "nouveau devis pour M. Girard, freins").await?;
            app.wait_for("#order-dialog[open]").await?;
            app.wait_for_text("#order-customer-chosen", "Marc Girard")
                .await?;
            ensure!(
                value(&app, "#order-complaint")
                    .await?
                    .to_lowercase()
                    .contains("frein"),
                "the customer's words are not the work said"
            );
            app.click("#order-cancel").await?;

            // A new customer: the customer form, with the name and the phone said.
            ask(&app, "nouveau client Jean Dupont 06 12 34 56 78").await?;
            app.wait_for("#customer-dialog[open]").await?;
            let name = value(&app, "#customer-last-name").await?;
            ensure!(name == "Jean Dupont", "the name reads {name:?}");
            let phone: String = value(&app, "#customer-phone")
                .await?
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            ensure!(phone == "0612345678", "the phone reads {phone:?}");
            app.screenshot(&shots.join("assistant-customer.png"))
                .await?;
            app.click("#customer-cancel").await?;

            // A reminder no vehicle of his is due for: said so, nothing sent.
            ask(&app, "envoie un rappel de vidange à M. Girard").await?;
            app.wait_for_text("[data-testid=assistant-note]", "Aucun rappel")
                .await?;
            ensure!(
                outbox_pending(desktop)? == before,
                "the assistant wrote before anyone confirmed"
            );

            // A payment: the invoice's page and its payment dialog, with the amount said.
            ask(&app, "encaisse 50 € sur la facture de Mme Roux").await?;
            app.wait_for("#payment-dialog[open]").await?;
            app.wait_for_text("#screen-title", &w.old_unpaid).await?;
            ensure!(
                app.count("#assistant[hidden]").await? == 1,
                "the panel covers the invoice"
            );
            let amount = value(&app, "#payment-amount").await?;
            ensure!(amount == "50,00", "the amount reads {amount:?}");
            app.screenshot(&shots.join("assistant-payment.png")).await?;
            app.click("#payment-save").await?;
            app.wait_for_text("#invoice-payments", "50,00").await?;
            app.wait_for_text("#invoice-balance", "70,00").await?;

            // The estimate, asked again and saved, opens as the usual dialog opens it.
            ctrl_j(&app).await?;
            ask(&app, "nouveau devis pour M. Girard, freins").await?;
            app.wait_for("#order-dialog[open]").await?;
            app.wait_for_text("#order-customer-chosen", "Marc Girard")
                .await?;
            app.click("#order-save").await?;
            app.wait_for_text("#order-vehicle", "AB-123-CD").await?;
            ensure!(
                app.count("#assistant[hidden]").await? == 1,
                "the panel covers the new estimate"
            );
            Ok(())
        })
        .await
}

/// The panel's suggestions, from a catalogue of ui/i18n: (key, text).
fn suggestions(catalogue: &str) -> Result<Vec<(String, String)>> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../ui/i18n/{catalogue}.js"));
    let source = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    Ok(source
        .lines()
        .filter_map(|line| {
            let (key, rest) = line.trim().strip_prefix('"')?.split_once("\": \"")?;
            key.starts_with("assistant.suggest.").then(|| {
                let text = rest.trim_end_matches(',').trim_end_matches('"');
                (key.to_owned(), text.replace("\\u00a0", "\u{a0}"))
            })
        })
        .collect())
}

#[test]
fn every_question_the_panel_suggests_is_read_as_the_intent_it_is_offered_for() -> Result<()> {
    let today = date("2026-11-18").context("a day")?;
    let (mut checked, mut misread) = (0, Vec::new());
    for catalogue in ["fr", "en"] {
        for (key, text) in suggestions(catalogue)? {
            let intent = key
                .split('.')
                .nth(2)
                .context("assistant.suggest.<intent>.<which>")?;
            let read = understand(&text, &Lexicon::default(), today);
            if read.intent.as_str() != intent {
                misread.push(format!(
                    "{catalogue} « {text} » ({key}) is read as {:?}",
                    read.intent
                ));
            }
            checked += 1;
        }
    }
    ensure!(
        checked >= 20,
        "only {checked} suggestions found in the catalogues"
    );
    ensure!(misread.is_empty(), "{}", misread.join("\n"));
    Ok(())
}

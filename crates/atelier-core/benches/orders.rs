//! The front desk's and the bench's everyday order actions, on a workshop
//! with 200 open orders of about ten lines each. BENCHMARKS.md states the
//! targets and the numbers measured.
//!
//! `cargo bench -p atelier-core --bench orders` builds the workshop in a
//! temporary directory (a few seconds), then times: saving an order of 20
//! lines as the app saves it (target < 2 ms), the open-orders board
//! (< 10 ms), the order page and the estimate PDF of a 20-line order
//! (< 30 ms). Criterion gives means; the targets are checked on 95th
//! percentiles timed call by call. Run by `cargo test --benches`, every
//! benchmark runs once on 20 orders.
//!
//! The app saves an order as the screens call it: `create_order` from the
//! header dialog, then one `add_order_line` per line from the line dialog,
//! each a command of its own and so a transaction of its own (21 commits
//! for 20 lines), and the order page reloads (`order_page`,
//! `list_canned_jobs`) after each. Each command here does what the shell's
//! does before its call (records the author, reads the language). The same
//! 20 lines written by one `add_lines` call in one transaction, which no
//! command runs, are timed beside it for comparison.
//!
//! Orders are saved as the desktop shell saves them: WAL checkpoints run on
//! their own connection in a background thread ([`Db::background_checkpoints`]),
//! here every 100 ms so that several land during the timed saves (the shell
//! runs one every 5 s). The one-transaction save is also timed rolled back
//! (the work alone, without the commit) and committed with SQLite's default
//! automatic checkpoint inside commits, whose slow tail is why the shell does
//! not use it.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]

use std::time::{Duration, Instant};

use atelier_core::access::Actor;
use atelier_core::orders::board::{BoardFilter, board};
use atelier_core::orders::documents::estimate_pdf;
use atelier_core::orders::{
    self, LineInput, OrderInput, OrderStatus, bench as bench_area, canned, steps,
};
use atelier_core::{Db, Transaction, text, users};
use atelier_demo::{self as demo, DemoOptions, Percentiles, screens};
use atelier_domain::{Locale, OrderId, VehicleId};
use criterion::{BatchSize, Criterion};

#[path = "support/at_rest.rs"]
mod at_rest;

/// 2025-06-02T10:00:00Z.
const NOW: u64 = 1_748_858_400_000;
const FR: Locale = Locale::Fr;

struct Shop {
    _dir: tempfile::TempDir,
    db: Db,
    desk: Actor,
    mechanic: Actor,
    cars: Vec<(String, VehicleId)>,
}

/// A demo workshop with `open` open orders in every open state.
fn shop(open: usize) -> Shop {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = at_rest::open_in_dir(dir.path());
    // Customers first, then the workshop: generate adds its own demo orders
    // only to a workshop, and this one gets exactly `open` of them.
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 300,
            seed: 7,
        },
        NOW,
    )
    .expect("demo customers");
    db.write(|tx| demo::set_up_workshop(tx, NOW, FR))
        .expect("a demo workshop");
    let people = users::list(db.conn()).expect("users");
    let actor = |login: &str| {
        users::actor(
            people
                .iter()
                .find(|u| u.login == login)
                .expect("a demo account"),
        )
    };
    let cars = db
        .conn()
        .prepare("SELECT customer_id, id FROM vehicles ORDER BY created_at")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .expect("vehicles")
        .into_iter()
        .map(|(c, v)| (c, v.parse().expect("a vehicle id")))
        .collect();
    let shop = Shop {
        _dir: dir,
        db,
        desk: actor("accueil"),
        mechanic: actor("meca"),
        cars,
    };
    let mut shop = shop;
    let (desk, mechanic) = (shop.desk.clone(), shop.mechanic.clone());
    let cars = shop.cars.clone();
    shop.db
        .write(|tx| {
            for i in 0..open {
                let (customer, vehicle) = &cars[i % cars.len()];
                let id = save_order(tx, &desk, &mechanic, customer, *vehicle, 10, i)?;
                advance(tx, &desk, &mechanic, id, i)?;
            }
            Ok(())
        })
        .expect("open orders");
    shop
}

fn line(i: usize) -> LineInput {
    if i.is_multiple_of(2) {
        LineInput {
            kind: Some("labour".into()),
            description: Some(format!("Main-d’œuvre : opération {i}")),
            hours: Some(format!("{},{}", 1 + i % 3, (i * 7) % 10)),
            ..LineInput::default()
        }
    } else {
        LineInput {
            kind: Some("part".into()),
            description: Some(format!("Pièce {i} (la paire)")),
            part_id: Some(format!("REF-{i:04}")),
            quantity: Some(format!("{}", 1 + i % 4)),
            unit_price: Some(format!("{},90", 10 + i * 13)),
            origin: Some(
                if i.is_multiple_of(5) {
                    "recycled"
                } else {
                    "new_oem"
                }
                .into(),
            ),
            vat: Some(if i.is_multiple_of(7) { "5,5" } else { "20" }.into()),
            ..LineInput::default()
        }
    }
}

fn header(customer: &str, vehicle: VehicleId, mechanic: &Actor, i: usize) -> OrderInput {
    OrderInput {
        customer_id: Some(customer.to_owned()),
        vehicle_id: Some(vehicle.to_string()),
        complaint: Some("Bruit au freinage, voyant moteur allumé".into()),
        promised_at: Some(format!("2025-06-{:02} {:02}:30", 2 + i % 5, 9 + i % 8)),
        mechanic_ids: mechanic.user.iter().map(ToString::to_string).collect(),
        discount: i.is_multiple_of(4).then(|| "5".to_owned()),
        ..OrderInput::default()
    }
}

/// What the order page asks for when it (re)loads: `order_page` and
/// `list_canned_jobs`, each a read command.
fn reload(db: &Db, actor: &Actor, id: OrderId) {
    screens::read_at(db.conn(), actor, |c, locale| {
        orders::page(c, id, locale, NOW)
    })
    .expect("the page");
    screens::read(db.conn(), actor, canned::canned_jobs).expect("the canned jobs");
}

/// Saves an estimate of `lines` lines as the app does: `create_order`, then
/// `add_order_line` once per line, each a command (a commit) of its own;
/// with `reloads`, the order page's reload after each as well. Returns the
/// time each line's command took.
#[allow(clippy::too_many_arguments, reason = "one save is exactly these facts")]
fn save_as_the_app(
    db: &mut Db,
    desk: &Actor,
    mechanic: &Actor,
    customer: &str,
    vehicle: VehicleId,
    lines: usize,
    i: usize,
    reloads: bool,
) -> Vec<Duration> {
    let input = header(customer, vehicle, mechanic, i);
    let id = screens::write_at(db, desk, NOW, |tx, now, locale| {
        orders::create(tx, now, desk, &input, locale)
    })
    .expect("create_order")
    .id;
    if reloads {
        reload(db, desk, id);
    }
    (0..lines)
        .map(|k| {
            let started = Instant::now();
            let line = line(k);
            screens::write_at(db, desk, NOW, |tx, now, locale| {
                orders::add_line(tx, now, id, &line, locale)
            })
            .expect("add_order_line");
            if reloads {
                reload(db, desk, id);
            }
            started.elapsed()
        })
        .collect()
}

/// Saves an estimate with its header and `lines` lines in one transaction
/// (`add_lines`): what saving the form at once would cost. No command of
/// the app does this; it also builds the bench's open orders.
fn save_order(
    tx: &Transaction<'_>,
    desk: &Actor,
    mechanic: &Actor,
    customer: &str,
    vehicle: VehicleId,
    lines: usize,
    i: usize,
) -> atelier_core::Result<OrderId> {
    let header = header(customer, vehicle, mechanic, i);
    let id = orders::header::create_id(tx, NOW, desk, &header, FR)?;
    let lines: Vec<LineInput> = (0..lines).map(line).collect();
    orders::add_lines(tx, NOW, id, &lines, FR)?;
    Ok(id)
}

/// Takes order `i` to one of the open states.
fn advance(
    tx: &Transaction<'_>,
    desk: &Actor,
    mechanic: &Actor,
    id: OrderId,
    i: usize,
) -> atelier_core::Result<()> {
    if i.is_multiple_of(5) {
        return Ok(());
    }
    let approval = orders::Approval {
        signer_name: "Client".into(),
        signature_png: demo_signature(),
        recycled_parts_accepted: Some(true),
        accepted_on: String::new(),
    };
    orders::accept_estimate(tx, NOW, desk, id, &approval)?;
    if i % 5 == 1 {
        return Ok(());
    }
    orders::start_clock(tx, NOW, mechanic, id)?;
    if let Some(step) = steps::of_order(tx, id)?.first() {
        steps::tick_step(tx, NOW, mechanic, step.id)?;
    }
    match i % 5 {
        2 => Ok(()),
        3 => orders::change_status(tx, NOW, desk, id, OrderStatus::WaitingParts, None).map(drop),
        _ => atelier_core::orders::mark_done(tx, NOW, mechanic, id, Some("Essai fait")).map(drop),
    }
}

fn demo_signature() -> Vec<u8> {
    // Any PNG the canvas could send; the bench's documents do not print it.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0; 256]);
    png
}

fn timed(n: usize, mut f: impl FnMut(usize)) -> Percentiles {
    (0..n.min(20)).for_each(&mut f);
    let mut t = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        f(i);
        t.push(started.elapsed());
    }
    Percentiles::of(t)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1_000.0)
}

fn report(what: &str, p: &Percentiles, target_ms: Option<u64>) {
    let verdict = match target_ms {
        Some(t) if p.p95 < Duration::from_millis(t) => format!("target < {t} ms: met"),
        Some(t) => format!("target < {t} ms: MISSED"),
        None => String::new(),
    };
    println!(
        "{what:<28} {:>5} {:>8} {:>8} {:>8} {:>8}  {verdict}",
        p.count,
        ms(p.mean),
        ms(p.p50),
        ms(p.p95),
        ms(p.max)
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (open, n) = if full { (200, 300) } else { (20, 5) };
    let mut c = Criterion::default().configure_from_args();
    let started = Instant::now();
    let work = shop(open);
    eprintln!(
        "{open} open orders built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Orders are saved in another workshop, so the board keeps its 200.
    let mut scratch = shop(0);
    let checkpointer = scratch
        .db
        .background_checkpoints()
        .expect("a checkpointer")
        .expect("a file database");
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            checkpointer.run().expect("a checkpoint");
        }
    });
    let (desk, mechanic) = (work.desk.clone(), work.mechanic.clone());
    let (customer, vehicle) = scratch.cars[0].clone();
    let (sdesk, smechanic) = (scratch.desk.clone(), scratch.mechanic.clone());
    let today = text::today(NOW);
    let twenty = scratch
        .db
        .write(|tx| save_order(tx, &sdesk, &smechanic, &customer, vehicle, 20, 0))
        .expect("a 20-line order");

    let conn = work.db.conn();
    let rows = board(conn, &desk, &BoardFilter::default())
        .expect("the board")
        .len();
    c.bench_function(&format!("orders/board_{rows}_open"), |b| {
        b.iter(|| board(conn, &desk, &BoardFilter::default()).expect("the board"));
    });
    c.bench_function("orders/bench_jobs", |b| {
        b.iter(|| bench_area::bench_jobs(conn, &mechanic, &today).expect("the bench"));
    });
    let mut i = 0;
    c.bench_function("orders/save_20_lines_as_the_app", |b| {
        b.iter_batched(
            || (),
            |()| {
                i += 1;
                save_as_the_app(
                    &mut scratch.db,
                    &sdesk,
                    &smechanic,
                    &customer,
                    vehicle,
                    20,
                    i,
                    false,
                )
            },
            BatchSize::SmallInput,
        );
    });
    c.bench_function("orders/save_20_lines_one_transaction", |b| {
        b.iter_batched(
            || (),
            |()| {
                i += 1;
                scratch
                    .db
                    .write(|tx| save_order(tx, &sdesk, &smechanic, &customer, vehicle, 20, i))
                    .expect("an order saved")
            },
            BatchSize::SmallInput,
        );
    });
    let sconn = scratch.db.conn();
    c.bench_function("orders/page_20_lines", |b| {
        b.iter(|| orders::page(sconn, twenty, FR, NOW).expect("the page"));
    });
    c.bench_function("orders/estimate_pdf_20_lines", |b| {
        b.iter(|| estimate_pdf(sconn, twenty, FR, &today).expect("a PDF"));
    });

    println!("\nPercentiles (ms), {rows} orders on the board");
    println!(
        "{:<28} {:>5} {:>8} {:>8} {:>8} {:>8}",
        "", "n", "mean", "p50", "p95", "max"
    );
    let mut per_line = Vec::new();
    let app = timed(n, |i| {
        per_line.extend(save_as_the_app(
            &mut scratch.db,
            &sdesk,
            &smechanic,
            &customer,
            vehicle,
            20,
            i,
            false,
        ));
    });
    report("save as the app, 20 lines", &app, Some(2));
    // The warm-up's lines out.
    let per_line = per_line.split_off(per_line.len() - 20 * n);
    report("  one add_order_line", &Percentiles::of(per_line), None);
    let mut per_line = Vec::new();
    let reloaded = timed(n, |i| {
        per_line.extend(save_as_the_app(
            &mut scratch.db,
            &sdesk,
            &smechanic,
            &customer,
            vehicle,
            20,
            i,
            true,
        ));
    });
    report("  with the page's reloads", &reloaded, None);
    let per_line = per_line.split_off(per_line.len() - 20 * n);
    report(
        "  one line and its reload",
        &Percentiles::of(per_line),
        None,
    );
    let save = timed(n, |i| {
        scratch
            .db
            .write(|tx| save_order(tx, &sdesk, &smechanic, &customer, vehicle, 20, i))
            .expect("an order saved");
    });
    report("one transaction (no command)", &save, None);
    let work_only = timed(n, |i| {
        let tx = scratch
            .db
            .conn()
            .unchecked_transaction()
            .expect("a transaction");
        save_order(&tx, &sdesk, &smechanic, &customer, vehicle, 20, i).expect("an order saved");
        drop(tx);
    });
    report("  the same, rolled back", &work_only, None);
    let mut default = shop(0);
    let (dcustomer, dvehicle) = default.cars[0].clone();
    let (ddesk, dmechanic) = (default.desk.clone(), default.mechanic.clone());
    let p = timed(n, |i| {
        default
            .db
            .write(|tx| save_order(tx, &ddesk, &dmechanic, &dcustomer, dvehicle, 20, i))
            .expect("an order saved");
    });
    report("  checkpoints in commits", &p, None);
    let p = timed(n, |_| {
        board(conn, &desk, &BoardFilter::default()).expect("the board");
    });
    report(&format!("board, {rows} open orders"), &p, Some(10));
    let p = timed(n, |_| {
        board(conn, &mechanic, &BoardFilter::default()).expect("the board");
    });
    report("board, no prices", &p, None);
    let p = timed(n, |_| {
        bench_area::bench_jobs(conn, &mechanic, &today).expect("the bench");
    });
    report("bench jobs", &p, None);
    let sconn = scratch.db.conn();
    let p = timed(n, |_| {
        orders::page(sconn, twenty, FR, NOW).expect("the page");
    });
    report("order page, 20 lines", &p, None);
    let p = timed(n.min(100), |_| {
        estimate_pdf(sconn, twenty, FR, &today).expect("a PDF");
    });
    report("estimate PDF, 20 lines", &p, Some(30));
    c.final_summary();
}

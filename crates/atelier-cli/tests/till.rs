//! `atelier close`, `atelier journal` and `atelier verify` as an
//! administrator runs them, and a closing killed half-way (kill -9): what
//! was committed stays, chained; the next run makes the rest and says so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failure is the test failing"
)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use atelier_core::access::{Actor, Role, Roles};
use atelier_core::invoices::{self, DraftInput};
use atelier_core::orders::LineInput;
use atelier_domain::Locale;

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// 2021-01-05T09:00:00Z: the demo workshop's first sale, six years back.
const FIRST_SALE: u64 = 1_609_837_200_000;

/// A demo workshop whose station DEMO sold once on 5 January 2021.
fn workshop_selling_since_2021(data: &Path) {
    ok(&atelier(&["demo", "--customers", "5"], data));
    let mut db = atelier_core::startup::open(data, None).unwrap();
    let customer: String = db
        .conn()
        .query_row("SELECT id FROM customers LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let desk = Actor {
        user: None,
        name: "Léa".into(),
        roles: Roles::of(&[Role::FrontDesk]),
    };
    let input = DraftInput {
        customer_id: Some(customer),
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
    let draft = db
        .write(|tx| invoices::draft_counter_sale(tx, FIRST_SALE, &desk, &input, Locale::Fr))
        .unwrap();
    db.write(|tx| invoices::issue(tx, FIRST_SALE, &desk, draft.summary.id))
        .unwrap();
}

fn closures(data: &Path, kind: &str) -> i64 {
    let conn = atelier_core::Connection::open(data.join(atelier_core::DB_FILE_NAME)).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM closures WHERE kind = ?1",
        [kind],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_closing_killed_half_way_keeps_its_closures_and_the_next_one_finishes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    workshop_selling_since_2021(data);

    // Six years of days to close: killed once a hundred are committed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(["close", "year", "--data-dir"])
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while closures(data, "day") < 100 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "closing made no progress"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the closing ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let days_before = closures(data, "day");
    assert!(days_before >= 100);
    assert_eq!(closures(data, "year"), 0, "killed long before the years");

    // What was committed is intact and chained.
    let said = ok(&atelier(&["verify"], data));
    assert!(said.contains("Clôtures intègres"), "{said}");

    // The next closing makes the rest, and the journal says it resumed.
    let said = ok(&atelier(&["close", "year"], data));
    assert!(
        said.contains("Exercice 2021-01-01 → 2021-12-31 clôturée"),
        "{said}"
    );
    let days = closures(data, "day");
    assert!(days > days_before + 1_500, "{days}");
    assert_eq!(closures(data, "year"), 5, "2021 to 2025");
    let conn = atelier_core::Connection::open(data.join(atelier_core::DB_FILE_NAME)).unwrap();
    let (first, last, distinct): (String, String, i64) = conn
        .query_row(
            "SELECT MIN(period_start), MAX(period_end), COUNT(DISTINCT period_start)
               FROM closures WHERE kind = 'day'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(first, "2021-01-05");
    assert_eq!(distinct, days, "each day closed once");
    let journal = ok(&atelier(&["journal", "--code", "closure"], data));
    assert!(
        journal.contains("resuming the closing interrupted"),
        "{journal}"
    );
    let said = ok(&atelier(&["verify"], data));
    assert!(said.contains("Clôtures intègres"), "{said}");
    // Yesterday is the last day closed; today stays open.
    let today = atelier_core::text::today(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64,
    );
    assert!(last < today, "{last} {today}");

    // The day is then closed from the command line, once.
    let said = ok(&atelier(&["close", "day"], data));
    assert!(
        said.contains(&format!("Journée {today} clôturée")),
        "{said}"
    );
    let again = atelier(&["close", "day"], data);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("déjà clôturée"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let csv = ok(&atelier(&["journal", "--csv"], data));
    assert!(csv.starts_with("n°;date;poste;"), "{csv}");
}

/// Runs the CLI with `args` in a desktop session of its own whose OS keyring
/// is unlocked (as a station's), in its own process group; returns it.
fn in_keyring_session(home: &Path, args: &[&str], data: &Path) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    Command::new("dbus-run-session")
        .args([
            "--",
            "sh",
            "-c",
            "eval \"$(printf atelier | gnome-keyring-daemon --unlock --components=secrets)\"; exec \"$ATELIER\" \"$@\"",
            "sh",
        ])
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("HOME", home)
        .env("ATELIER", env!("CARGO_BIN_EXE_atelier"))
        .env_remove("ATELIER_DATA_DIR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("dbus-run-session runs (scripts/setup installs dbus and gnome-keyring)")
}

/// Last month's busy days at the desk: `n` counter sales with their PDFs.
fn a_busy_month_ago(data: &Path, n: usize) {
    ok(&atelier(&["demo", "--customers", "5"], data));
    let mut db = atelier_core::startup::open(data, None).unwrap();
    let customer: String = db
        .conn()
        .query_row("SELECT id FROM customers LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let desk = Actor {
        user: None,
        name: "Léa".into(),
        roles: Roles::of(&[Role::FrontDesk]),
    };
    let now = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    // The 10th of last month, 09:00 UTC or so.
    let day = 86_400_000;
    let today = atelier_core::text::today(now);
    let this_month_day: u64 = today[8..10].parse().unwrap();
    let at = now - (this_month_day + 20) * day;
    for i in 0..n {
        let input = DraftInput {
            customer_id: Some(customer.clone()),
            lines: (0..12)
                .map(|l| LineInput {
                    kind: Some("part".into()),
                    description: Some(format!("Pièce {i}-{l} pour une archive bien remplie")),
                    quantity: Some("1".into()),
                    unit_price: Some(format!("{},50", 5 + l)),
                    origin: Some("new_aftermarket".into()),
                    ..LineInput::default()
                })
                .collect(),
            notes: None,
        };
        let draft = db
            .write(|tx| invoices::draft_counter_sale(tx, at, &desk, &input, Locale::Fr))
            .unwrap();
        db.write(|tx| invoices::issue(tx, at, &desk, draft.summary.id))
            .unwrap();
        db.write(|tx| invoices::store_pdf(tx, at, draft.summary.id))
            .unwrap();
    }
}

#[test]
fn an_archive_killed_half_way_leaves_nothing_under_its_name_and_the_next_closing_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (data, home) = (dir.path().join("data"), dir.path().join("home"));
    std::fs::create_dir_all(&home).unwrap();
    a_busy_month_ago(&data, 150);
    let archives = data.join("backups").join("archives");

    // The closing closes last month, then writes its archive: killed (-9)
    // as soon as the archive's temporary file is there.
    let child = in_keyring_session(&home, &["close", "month"], &data);
    let group = child.id();
    let started = Instant::now();
    let mut caught = false;
    while started.elapsed() < Duration::from_secs(120) {
        let partial = std::fs::read_dir(&archives).ok().is_some_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        });
        if partial {
            Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .status()
                .unwrap();
            caught = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        caught,
        "the archive was never seen being written: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let archived = |data: &Path| -> i64 {
        let conn = atelier_core::Connection::open(data.join(atelier_core::DB_FILE_NAME)).unwrap();
        conn.query_row("SELECT COUNT(*) FROM archives", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(archived(&data), 0, "nothing recorded");
    let zips = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert!(
        !zips(&archives).iter().any(|n| n.ends_with(".zip")),
        "nothing under an archive's name: {:?}",
        zips(&archives)
    );
    assert_eq!(closures(&data, "month"), 1, "the month's closure stands");

    // The next closing finds the archive due, makes it, and the journal
    // says the first one was interrupted.
    let out = in_keyring_session(&home, &["close", "month"], &data)
        .wait_with_output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Archive signée : "), "{said}");
    assert_eq!(archived(&data), 1);
    let files = zips(&archives);
    assert_eq!(files.len(), 1, "{files:?}");
    let journal = ok(&atelier(&["journal", "--code", "archive"], &data));
    assert!(
        journal.contains("left by an interrupted archive"),
        "{journal}"
    );
    let file = archives.join(&files[0]);
    let out = in_keyring_session(&home, &["archive", "verify", file.to_str().unwrap()], &data)
        .wait_with_output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Archive intacte : signature valide"),
        "{said}"
    );
}

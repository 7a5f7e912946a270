//! The FEC of a demo workshop's year: the 18 zones, balanced entries in
//! their journals, the report's revenue to the cent, the accounts saved
//! with the workshop, and refusals that leave no file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use atelier_core::Db;
use atelier_core::fec::{
    AccountsInput, COLUMNS, Exported, Separator, accounts, export, fiscal_year, period,
};
use atelier_core::reports::{Period, ReportQuery, Scope};
use atelier_demo::{self as demo, DemoOptions};
use atelier_domain::{Locale, VatRate};

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;
const YEAR: (&str, &str) = ("2026-01-01", "2026-12-31");

/// The demo workshop with its invoices and the ledger's days of invoices,
/// credit notes, payments of every method, reversals and deposits.
fn ledger() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    db.write(|tx| demo::set_up_workshop(tx, NOW, Locale::Fr))
        .unwrap();
    demo::generate(
        &mut db,
        &DemoOptions {
            customers: 30,
            seed: 1,
        },
        NOW,
    )
    .unwrap();
    demo::ledger::add(&mut db, NOW).unwrap();
    (dir, db)
}

fn year() -> Period {
    period(YEAR.0, YEAR.1).unwrap()
}

/// The records of a FEC, each split into its zones (ISO 8859-15 read as
/// Latin-1: enough for the checks here).
fn records(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text: String = bytes.iter().map(|b| char::from(*b)).collect();
    assert!(text.ends_with("\r\n"), "every record ends with CR LF");
    text.split_terminator("\r\n")
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect()
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once(',').expect("a decimal comma");
    assert_eq!(cents.len(), 2, "two decimals: {amount}");
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}

/// Credit minus debit of the accounts starting with `prefix`.
fn balance(lines: &[Vec<String>], prefix: &str) -> i64 {
    lines
        .iter()
        .filter(|l| l[4].starts_with(prefix))
        .map(|l| cents(&l[12]) - cents(&l[11]))
        .sum()
}

fn export_year(db: &Db, dir: &Path) -> (Exported, Vec<Vec<String>>) {
    let done = export(db.conn(), &year(), Separator::Pipe, dir).unwrap();
    let recs = records(&done.path);
    (done, recs)
}

#[test]
fn the_year_s_fec_has_the_18_zones_balanced_entries_and_the_report_s_revenue() {
    let (dir, db) = ledger();
    let out = tempfile::tempdir().unwrap();
    let (done, recs) = export_year(&db, out.path());
    assert_eq!(
        done.path.file_name().unwrap().to_str().unwrap(),
        "732829320FEC20261231.txt",
        "SIREN of the demo SIRET, closing day of the period"
    );
    assert_eq!(recs[0], COLUMNS.map(str::to_owned).to_vec());
    let lines = &recs[1..];
    assert_eq!(lines.len() as u64, done.lines);
    assert!(
        lines.iter().all(|l| l.len() == 18),
        "18 zones on every line"
    );

    let mut entries: BTreeMap<u64, (i64, i64, String)> = BTreeMap::new();
    let mut last: (u64, String) = (0, String::new());
    for l in lines {
        let num: u64 = l[2].parse().unwrap();
        assert!(num >= last.0, "lines are in entry order");
        assert!(l[3] >= last.1 || num == last.0, "entries are in date order");
        assert_eq!(l[3].len(), 8, "YYYYMMDD: {}", l[3]);
        assert_eq!(l[15], l[3], "validated the day it is dated");
        assert!(!l[8].is_empty() && !l[10].is_empty() && !l[5].is_empty());
        last = (num, l[3].clone());
        let e = entries.entry(num).or_insert((0, 0, l[0].clone()));
        e.0 += cents(&l[11]);
        e.1 += cents(&l[12]);
        assert_eq!(e.2, l[0], "an entry stays in one journal");
    }
    assert_eq!(
        entries.keys().copied().collect::<Vec<_>>(),
        (1..=done.entries).collect::<Vec<_>>(),
        "one continuous sequence from 1"
    );
    for (num, (debit, credit, _)) in &entries {
        assert_eq!(debit, credit, "entry {num} balances");
    }

    let scope = Scope::of(
        &ReportQuery {
            from: Some(YEAR.0.into()),
            to: Some(YEAR.1.into()),
            ..ReportQuery::default()
        },
        YEAR.0,
    )
    .unwrap();
    let revenue = atelier_core::reports::revenue(db.conn(), &scope)
        .unwrap()
        .total;
    assert_eq!(balance(lines, "706"), revenue.labour.cents());
    assert_eq!(balance(lines, "707"), revenue.parts.cents());
    assert_eq!(balance(lines, "7088"), revenue.other.cents());
    assert_eq!(
        balance(lines, "70"),
        revenue.net.cents(),
        "revenue to the cent"
    );
    assert_eq!(balance(lines, "44571"), revenue.tax.cents(), "output VAT");
    assert_ne!(revenue.net.cents(), 0);

    let unpaid: i64 = db
        .conn()
        .query_row("SELECT SUM(balance_cents) FROM invoice_balances", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        -balance(lines, "411"),
        unpaid,
        "customers owe what the invoices await"
    );
    assert_eq!(
        balance(lines, "4191"),
        3_000,
        "the open order's cash deposit (its card deposit reversed); the invoiced one moved to 411"
    );
    drop(dir);
}

#[test]
fn each_method_has_its_journal_and_account_and_a_credit_note_reverses_the_sides() {
    let (_dir, db) = ledger();
    let out = tempfile::tempdir().unwrap();
    let (_, recs) = export_year(&db, out.path());
    let lines = &recs[1..];
    let journal_of = |account: &str| -> Vec<&str> {
        let mut j: Vec<&str> = lines
            .iter()
            .filter(|l| l[4] == account)
            .map(|l| l[0].as_str())
            .collect();
        j.dedup();
        j
    };
    assert_eq!(journal_of("530"), ["CA"]);
    assert_eq!(journal_of("5112"), ["BQ"]);
    assert_eq!(journal_of("512"), ["BQ"]);
    assert!(
        lines
            .iter()
            .any(|l| l[10].starts_with("Règlement virement"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l[10].starts_with("Annulation règlement carte"))
    );
    assert!(lines.iter().any(|l| l[10].starts_with("Acompte chèque")));

    let note: Vec<&Vec<String>> = lines
        .iter()
        .filter(|l| l[10].starts_with("Avoir"))
        .collect();
    assert!(
        !note.is_empty(),
        "the credit notes are in the sales journal"
    );
    for l in note {
        assert_eq!(l[0], "VE");
        match &l[4][..3] {
            "411" => assert_eq!(l[11], "0,00", "the customer is credited"),
            "706" | "707" | "708" | "445" => {
                assert_eq!(l[12], "0,00", "revenue and VAT are debited")
            }
            other => panic!("unexpected account {other}"),
        }
    }
    let customer_lines = lines.iter().filter(|l| l[4] == "411" || l[4] == "4191");
    for l in customer_lines {
        assert!(
            l[6].starts_with('C') && l[6].len() == 17,
            "auxiliary: {}",
            l[6]
        );
        assert!(!l[7].is_empty(), "the customer's name");
    }
}

#[test]
fn a_tab_file_and_a_period_without_documents() {
    let (_dir, db) = ledger();
    let out = tempfile::tempdir().unwrap();
    let empty = period("2020-01-01", "2020-12-31").unwrap();
    let done = export(db.conn(), &empty, Separator::Tab, out.path()).unwrap();
    assert_eq!(done.entries, 0);
    let text = std::fs::read_to_string(&done.path).unwrap();
    assert_eq!(
        text,
        format!("{}\r\n", COLUMNS.join("\t")),
        "the header alone"
    );
}

#[test]
fn bad_input_gets_a_clear_refusal_and_no_file() {
    let (_dir, db) = ledger();
    let out = tempfile::tempdir().unwrap();
    let reversed = period("2026-12-31", "2026-01-01").unwrap_err();
    assert_eq!(reversed.field(), Some("to"));
    assert!(reversed.message(Locale::Fr).contains("précède"));
    let typo = period("2026-13-01", "2026-12-31").unwrap_err();
    assert_eq!(typo.field(), Some("from"));

    db.conn()
        .execute("UPDATE workshop SET siret = NULL", [])
        .unwrap();
    let no_siret = export(db.conn(), &year(), Separator::Pipe, out.path()).unwrap_err();
    assert_eq!(no_siret.code(), "fec_no_siret");
    assert!(no_siret.message(Locale::En).contains("SIRET"));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn an_entry_that_does_not_balance_stops_the_export_and_leaves_nothing() {
    let (_dir, db) = ledger();
    let out = tempfile::tempdir().unwrap();
    let number: String = db
        .conn()
        .query_row(
            "SELECT number FROM invoices WHERE status = 'issued' ORDER BY issued_on DESC, seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    db.conn()
        .execute(
            "UPDATE invoice_figures SET labour_cents = labour_cents + 1
              WHERE invoice_id = (SELECT id FROM invoices WHERE number = ?1)",
            [&number],
        )
        .unwrap();
    let e = export(db.conn(), &year(), Separator::Pipe, out.path()).unwrap_err();
    assert_eq!(e.code(), "fec_unbalanced");
    assert!(e.message(Locale::Fr).contains(&number));
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "neither the file nor its temporary part"
    );
}

#[test]
fn accounts_default_are_checked_when_saved_and_travel_with_the_workshop() {
    let (dir, mut db) = ledger();
    let defaults = accounts::get(db.conn()).unwrap();
    assert_eq!(
        (
            defaults.customers.as_str(),
            defaults.labour.as_str(),
            defaults.cheque.as_str()
        ),
        ("411", "706", "5112")
    );
    assert_eq!(defaults.vat_account(VatRate::STANDARD), "44571200");
    assert_eq!(defaults.vat_account(VatRate::REDUCED), "44571055");
    assert_eq!(
        accounts::default_vat_account(VatRate::new(105).unwrap()),
        "445710105"
    );
    assert!(
        defaults
            .vat
            .iter()
            .any(|v| v.rate == VatRate::SUPER_REDUCED && v.default)
    );

    let refused = |input: AccountsInput| {
        let mut db2 = Db::open_in_dir(dir.path()).unwrap();
        db2.write(|tx| accounts::save(tx, NOW, &input)).unwrap_err()
    };
    let letters = refused(AccountsInput {
        labour: Some("706A".into()),
        ..AccountsInput::default()
    });
    assert_eq!(letters.field(), Some("labour"));
    assert!(letters.message(Locale::Fr).contains("3 à 20 chiffres"));
    let class = refused(AccountsInput {
        cash: Some("411".into()),
        ..AccountsInput::default()
    });
    assert_eq!(class.field(), Some("cash"));
    assert!(class.message(Locale::En).contains("start with 5"));

    let pending = |db: &Db| -> i64 {
        db.conn()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE entity = 'workshop' AND payload LIKE '%accounts%'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let saved = db
        .write(|tx| {
            accounts::save(
                tx,
                NOW,
                &AccountsInput {
                    labour: Some("706100".into()),
                    customers: Some("411".into()),
                    vat: [(2000, Some("445711".into()))].into(),
                    ..AccountsInput::default()
                },
            )
        })
        .unwrap();
    assert_eq!(saved.labour, "706100");
    assert_eq!(saved.vat_account(VatRate::STANDARD), "445711");
    let stored: String = db
        .conn()
        .query_row("SELECT accounts FROM workshop", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored, r#"{"labour":"706100","vat":{"2000":"445711"}}"#,
        "only what differs from the defaults"
    );
    assert_eq!(
        pending(&db),
        1,
        "the change travels, in the same transaction"
    );

    let out = tempfile::tempdir().unwrap();
    let (_, recs) = export_year(&db, out.path());
    assert!(recs.iter().any(|l| l[4] == "706100"));
    assert!(recs.iter().any(|l| l[4] == "445711"));
    assert!(!recs.iter().any(|l| l[4] == "706"));

    let reset = db
        .write(|tx| accounts::save(tx, NOW, &AccountsInput::default()))
        .unwrap();
    assert_eq!(reset, defaults, "blank puts the defaults back");
    let stored: Option<String> = db
        .conn()
        .query_row("SELECT accounts FROM workshop", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, None);
    assert_eq!(pending(&db), 2);
}

#[test]
fn the_proposed_period_is_the_fiscal_year_of_today() {
    let (_dir, db) = ledger();
    let fy = |today: &str| {
        let p = fiscal_year(db.conn(), today).unwrap();
        (p.from, p.to)
    };
    assert_eq!(fy("2026-03-02"), ("2026-01-01".into(), "2026-12-31".into()));
    db.conn()
        .execute("UPDATE workshop SET fiscal_year_end = '06-30'", [])
        .unwrap();
    assert_eq!(fy("2026-03-02"), ("2025-07-01".into(), "2026-06-30".into()));
    assert_eq!(fy("2026-07-01"), ("2026-07-01".into(), "2027-06-30".into()));
    db.conn()
        .execute(
            "UPDATE workshop SET fiscal_year_end = '02-29', first_fiscal_year_end = '2027-02-28'",
            [],
        )
        .unwrap();
    assert_eq!(
        fy("2026-03-02"),
        ("2026-03-02".into(), "2027-02-28".into()),
        "the first year from its first document"
    );
    assert_eq!(fy("2027-03-01"), ("2027-03-01".into(), "2028-02-29".into()));
}

#[test]
fn a_supplier_s_invoice_is_in_the_purchases_journal_and_a_rejected_one_is_not() {
    use atelier_core::einvoice::inbound;
    use atelier_core::stock::{SupplierInput, create_supplier};
    let (_dir, mut db) = ledger();
    let cii = include_str!("fixtures/einvoice/supplier-cii.xml");
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
        })
        .unwrap();
    db.write(|tx| inbound::import(tx, NOW, cii.as_bytes(), None, None))
        .unwrap();
    let other = cii.replace("FA-2026-00417", "FA-2026-00418");
    let rejected = db
        .write(|tx| inbound::import(tx, NOW, other.as_bytes(), None, None))
        .unwrap();
    let first = inbound::list(db.conn(), &inbound::Filter::default()).unwrap();
    let paid = first.iter().find(|i| i.number == "FA-2026-00417").unwrap();
    db.write(|tx| {
        inbound::mark_paid(
            tx,
            NOW,
            paid.id,
            "2026-03-20",
            inbound::PaymentMethod::Transfer,
        )
    })
    .unwrap();
    db.write(|tx| inbound::reject(tx, NOW, rejected.invoice.id, "Doublon de livraison"))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (_, recs) = export_year(&db, out.path());
    let lines: Vec<&Vec<String>> = recs[1..].iter().filter(|l| l[0] == "HA").collect();
    assert_eq!(lines.len(), 3, "one entry of three lines: {lines:?}");
    let side = |account: &str| {
        let l = lines.iter().find(|l| l[4] == account).unwrap();
        (l[11].as_str(), l[12].as_str())
    };
    assert_eq!(
        side("607"),
        ("83,50", "0,00"),
        "purchases debited with the HT"
    );
    assert_eq!(side("44566"), ("16,70", "0,00"), "deductible VAT debited");
    assert_eq!(
        side("401"),
        ("0,00", "100,20"),
        "the supplier credited with the TTC"
    );
    let supplier_line = lines.iter().find(|l| l[4] == "401").unwrap();
    assert!(supplier_line[6].starts_with('F') && supplier_line[6].len() == 17);
    assert_eq!(supplier_line[7], supplier.name);
    assert_eq!(supplier_line[8], "FA-2026-00417");
    assert_eq!(supplier_line[9], "20260302", "dated the day it was issued");
    assert!(
        !recs.iter().any(|l| l[8] == "FA-2026-00418"),
        "a rejected invoice is not a purchase"
    );
    let paid: Vec<&Vec<String>> = recs[1..]
        .iter()
        .filter(|l| l[8] == "FA-2026-00417" && l[0] == "BQ")
        .collect();
    assert_eq!(paid.len(), 2, "its payment in the bank journal: {paid:?}");
    let of = |account: &str| paid.iter().find(|l| l[4] == account).unwrap();
    assert_eq!(
        (of("401")[11].as_str(), of("401")[3].as_str()),
        ("100,20", "20260320")
    );
    assert_eq!(of("512")[12], "100,20", "the bank credited");
}

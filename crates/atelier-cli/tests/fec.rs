//! `atelier fec` as the owner (or their accountant) runs it, judged by a
//! reader that is not ours: fec-parser from PyPI (`scripts/fec-judge.py`, in
//! the virtual environment `scripts/setup` makes). A demo workshop with a few
//! days of invoices, credit notes, payments of every method, reversals and
//! deposits is exported for its year; the file must have the 18 zones in
//! their order, every entry must balance, the judge must accept it, and the
//! revenue and VAT it adds up must be the reports' to the cent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use atelier_core::Db;
use atelier_core::reports::{ReportQuery, Scope, revenue};
use atelier_demo::DemoOptions;
use atelier_domain::Locale;
use serde_json::Value;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn atelier(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

/// What fec-parser makes of `file`; fails the test when it refuses it.
fn judge(file: &Path) -> Value {
    let python = root().join("target/venv/bin/python");
    assert!(
        python.exists(),
        "the FEC's judge is missing: run scripts/setup (it installs fec-parser in target/venv)"
    );
    let out = Command::new(python)
        .arg(root().join("scripts/fec-judge.py"))
        .arg(file)
        .output()
        .expect("the judge runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "fec-parser refused the file: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&said).expect("the judge answers JSON")
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once(',').expect("a decimal comma");
    euros.parse::<i64>().expect("euros") * 100 + cents.parse::<i64>().expect("cents")
}

/// A demo workshop's data directory with the ledger's days.
fn workshop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut db = Db::open_in_dir(dir.path()).expect("the database");
    db.write(|tx| atelier_demo::set_up_workshop(tx, NOW, Locale::Fr))
        .expect("the demo workshop");
    atelier_demo::generate(
        &mut db,
        &DemoOptions {
            customers: 30,
            seed: 3,
        },
        NOW,
    )
    .expect("the demo data");
    let summary = atelier_demo::ledger::add(&mut db, NOW).expect("the ledger's days");
    assert_eq!((summary.invoices, summary.credit_notes), (1, 2));
    dir
}

#[test]
fn the_year_s_fec_is_read_by_fec_parser_balanced_and_its_revenue_is_the_report_s() {
    let data = workshop();
    let out = tempfile::tempdir().unwrap();
    for (separator, extra) in [('|', None), ('\t', Some("--tab"))] {
        let mut args = vec![
            "fec",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            out.path().to_str().unwrap(),
        ];
        args.extend(extra);
        let run = atelier(&args, data.path());
        let said = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "{said}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            said.starts_with("FEC du 2026-01-01 au 2026-12-31 écrit"),
            "{said}"
        );
        let file = out.path().join("732829320FEC20261231.txt");

        let bytes = std::fs::read(&file).unwrap();
        let text: String = bytes.iter().map(|b| char::from(*b)).collect();
        let mut records = text.split_terminator("\r\n");
        let header: Vec<&str> = records.next().unwrap().split(separator).collect();
        assert_eq!(header, COLUMNS, "the 18 zones in their order");
        let mut entries: BTreeMap<u64, i64> = BTreeMap::new();
        let mut lines = 0;
        for record in records {
            let z: Vec<&str> = record.split(separator).collect();
            assert_eq!(z.len(), 18, "{record}");
            *entries.entry(z[2].parse().unwrap()).or_default() += cents(z[11]) - cents(z[12]);
            lines += 1;
        }
        assert!(entries.len() > 10, "{} entries", entries.len());
        for (num, left) in &entries {
            assert_eq!(*left, 0, "entry {num} balances");
        }

        let found = judge(&file);
        assert_eq!(found["delimiter"], separator.to_string());
        assert_eq!(found["lines"], lines);
        assert_eq!(found["debit"], found["credit"]);
        let mut journals: Vec<&str> = found["journals"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        journals.sort_unstable();
        assert_eq!(journals, ["BQ", "CA", "VE"]);

        let db = Db::open_in_dir(data.path()).unwrap();
        let scope = Scope::of(
            &ReportQuery {
                from: Some("2026-01-01".into()),
                to: Some("2026-12-31".into()),
                ..ReportQuery::default()
            },
            "2026-03-02",
        )
        .unwrap();
        let report = revenue(db.conn(), &scope).unwrap().total;
        assert_eq!(found["revenue"], report.net.cents(), "revenue to the cent");
        assert_eq!(found["labour"], report.labour.cents());
        assert_eq!(found["parts"], report.parts.cents());
        assert_eq!(
            found["output_vat"],
            report.tax.cents(),
            "output VAT to the cent"
        );
        std::fs::remove_file(&file).unwrap();
    }
}

#[test]
fn a_reversed_period_is_refused_in_french_and_writes_nothing() {
    let data = workshop();
    let out = tempfile::tempdir().unwrap();
    let run = atelier(
        &[
            "fec",
            "--from",
            "2026-12-31",
            "--to",
            "2026-01-01",
            "--out",
            out.path().to_str().unwrap(),
        ],
        data.path(),
    );
    assert!(!run.status.success());
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("La date de fin précède la date de début"),
        "{said}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

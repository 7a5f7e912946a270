//! The invoice as the customer reads it (poppler's pdftotext), and the same
//! bytes whenever it is printed again.

use std::io::Write;
use std::process::Command;

use super::*;
use crate::papers_read::{assert_has, text_of};

/// A business customer's repair order, invoiced.
pub(super) fn business_invoice() -> (Shop, Invoice) {
    let mut s = shop();
    let company =
        s.db.write(|tx| {
            crate::customers::create(
                tx,
                NOW,
                &CustomerInput {
                    kind: Some("company".into()),
                    company_name: Some("Transports Rhône".into()),
                    registration: Some("732 829 320".into()),
                    vat_number: Some("FR44732829320".into()),
                    address_line1: Some("5 quai Perrache".into()),
                    postal_code: Some("69002".into()),
                    city: Some("Lyon".into()),
                    payment_terms_days: Some(json!(30)),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let vehicle =
        s.db.write(|tx| {
            vehicles::create(
                tx,
                NOW,
                &VehicleInput {
                    customer_id: Some(company.to_string()),
                    plate: Some("GH-456-JK".into()),
                    make: Some("Renault".into()),
                    model: Some("Master".into()),
                    ..VehicleInput::default()
                },
            )
        })
        .unwrap()
        .id;
    s.customer = company;
    s.vehicle = vehicle;
    let order = s.done_order();
    let inv = s.invoice_order(order);
    (s, inv)
}

#[test]
fn a_business_invoice_carries_every_mention_the_law_requires() {
    let (s, inv) = business_invoice();
    let pdf = pdf_of(s.db.conn(), inv.summary.id).unwrap();
    let text = text_of(&pdf);
    let number = inv.summary.number.clone().unwrap();
    assert_has(
        &text,
        &[
            "Facture",
            &number,
            "Date d’émission 10/03/2026",
            "Date des travaux 10/03/2026",
            "Échéance 09/04/2026",
            // The seller.
            "Garage des Tilleuls",
            "SARL au capital de 10 000,00 €",
            "12 rue des Tilleuls",
            "SIRET 732 829 320 00074",
            "RCS Lyon",
            "TVA intracommunautaire FR44732829320",
            // The buyer, a business.
            "Transports Rhône",
            "5 quai Perrache",
            "SIREN/SIRET 732 829 320",
            // The vehicle.
            "GH-456-JK",
            "84 500 km",
            // Lines: description, quantity, unit price HT, VAT rate, origin.
            "Remplacement plaquettes AV",
            "1,5 h",
            "65,00 €",
            "Étrier AV gauche — pièce de réemploi",
            "Plaquettes AV — pièce neuve",
            "5,5 %",
            // Totals.
            "Remise",
            "Total HT",
            "TVA 20 %",
            "TVA 5,5 %",
            "Total TTC",
            &inv.totals.gross.format(Locale::Fr),
            // Terms.
            "Conditions de paiement : 30 jours",
            "Pas d’escompte pour paiement anticipé.",
            "trois fois le taux d’intérêt légal",
            "indemnité forfaitaire pour frais de recouvrement de 40 €",
        ],
    );
    assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&pdf).unwrap();
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(file.path())
        .output()
        .expect("qpdf runs (apt-get install qpdf)");
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    // Reprinting gives the very bytes the customer received.
    assert_eq!(pdf_of(s.db.conn(), inv.summary.id).unwrap(), pdf);
}

#[test]
fn a_private_customers_invoice_leaves_out_the_business_mentions_and_a_credit_note_names_its_invoice()
 {
    let mut s = shop();
    let inv = s.counter_sale();
    let text = text_of(&pdf_of(s.db.conn(), inv.summary.id).unwrap());
    assert_has(
        &text,
        &[
            "Date de la vente",
            "à réception de facture",
            "Pas d’escompte",
            // One rate: the total HT says it is the base, once.
            "Total HT (base TVA 20 %)",
        ],
    );
    assert!(!text.contains("40 €"), "{text}");
    assert!(
        !text.contains("Base HT"),
        "the base repeats the total: {text}"
    );
    let desk = s.desk.clone();
    let input = CreditNoteInput {
        invoice_id: Some(inv.summary.id.to_string()),
        reason: Some("Retour client".into()),
        lines: Vec::new(),
    };
    let a =
        s.db.write(|tx| credit_note(tx, NOW, &desk, &input, FR))
            .unwrap();
    // Stored as the shell stores it after issue.
    let pdf = s.db.write(|tx| store_pdf(tx, NOW, a.summary.id)).unwrap();
    let text = text_of(&pdf);
    assert_has(
        &text,
        &[
            "Avoir",
            "A-S1A-2026-000001",
            "Facture d’origine F-S1A-2026-000001",
            "Motif : Retour client",
            "Total TTC de l’avoir",
        ],
    );
    let draft = s.counter_draft();
    assert_eq!(
        pdf_of(s.db.conn(), draft.summary.id).unwrap_err().code(),
        "invoice_draft"
    );
}

#[test]
fn an_english_speaking_customer_gets_the_invoice_in_english() {
    let mut s = shop();
    s.customer =
        s.db.write(|tx| {
            crate::customers::create(
                tx,
                NOW,
                &CustomerInput {
                    kind: Some("company".into()),
                    company_name: Some("Thames Logistics Ltd".into()),
                    language: Some("en".into()),
                    country: Some("GB".into()),
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let inv = s.counter_sale();
    let text = text_of(&pdf_of(s.db.conn(), inv.summary.id).unwrap());
    assert_has(
        &text,
        &[
            "Invoice",
            "Issue date 10 Mar 2026",
            "Date of sale",
            "Total incl. VAT",
            "Payment terms: on receipt of the invoice",
            "No discount for early payment.",
            "flat recovery indemnity of €40",
            "new part",
        ],
    );
}

//! The estimate, the repair order and the inspection report, read back as a
//! customer reads them (poppler's pdftotext).

use super::*;
use crate::orders::documents::{estimate_pdf, inspection_pdf, repair_order_pdf};
use crate::orders::inspection::{self, PointInput};
use crate::papers_read::{assert_has, text_of};

/// An estimate with labour, a new part at a line discount, a recycled part and
/// an order discount, in a workshop with its logo.
fn papers_shop() -> (Shop, Order) {
    let mut s = shop();
    s.db.write(|tx| workshop::set_logo(tx, NOW, Some(&png())))
        .unwrap();
    let o = s.estimate();
    s.add(o.id, labour("Remplacement plaquettes AV", "1,5"));
    s.add(
        o.id,
        LineInput {
            discount: Some("10".into()),
            ..part("Plaquettes AV", "2", "45,00")
        },
    );
    s.add(
        o.id,
        LineInput {
            origin: Some("recycled".into()),
            ..part("Rétroviseur gauche", "1", "35")
        },
    );
    let input = OrderInput {
        discount: Some("5".into()),
        ..s.header()
    };
    let o = s.db.write(|tx| update(tx, NOW, o.id, &input, FR)).unwrap();
    (s, o)
}

#[test]
fn the_estimate_prints_its_lines_totals_validity_and_the_piec_mention() {
    let (s, o) = papers_shop();
    let text = text_of(&estimate_pdf(s.db.conn(), o.id, FR, TODAY).unwrap());
    // 97,50 + 81,00 + 35,00 = 213,50 HT; 5 % off = 10,68; 202,82 HT; TVA 40,56.
    assert_has(
        &text,
        &[
            "Devis D-2026-0001",
            "Garage des Tilleuls",
            "Hélène Lefèvre",
            "Valable jusqu’au 09/04/2026",
            "AB-123-CD",
            "84 500 km",
            "Bruit au freinage à l’avant",
            "Remplacement plaquettes AV 1,5 h 65,00 € 20 % 97,50 €",
            "Plaquettes AV 2 45,00 € 10 % 20 % 81,00 €",
            "Rétroviseur gauche — pièce de réemploi",
            "Total HT avant remise 213,50 €",
            "Remise -10,68 €",
            "Total HT 202,82 €",
            "TVA 20 % 40,56 €",
            "Total TTC 243,38 €",
            "article L. 224-67 du code de la consommation",
            "[ ] accepte",
            "Bon pour accord",
        ],
    );
    let en = text_of(&estimate_pdf(s.db.conn(), o.id, Locale::En, TODAY).unwrap());
    assert_has(
        &en,
        &[
            "Estimate D-2026-0001",
            "Valid until 09 Apr 2026",
            "Total incl. VAT €243.38",
        ],
    );
}

#[test]
fn the_repair_order_prints_the_signature_and_the_customers_choice() {
    let (mut s, o) = papers_shop();
    let desk = s.desk.clone();
    let a = Approval {
        recycled_parts_accepted: Some(false),
        accepted_on: "2026-03-09".into(),
        ..signed()
    };
    s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &a))
        .unwrap();
    let text = text_of(&repair_order_pdf(s.db.conn(), o.id, FR, TODAY).unwrap());
    assert_has(
        &text,
        &[
            "Ordre de réparation OR-2026-0001",
            "D-2026-0001",
            "Restitution prévue 10/03/2026 17:30",
            "Travaux acceptés",
            "Total TTC 243,38 €",
            "Le client a refusé les pièces issues de l’économie circulaire.",
            "Accepté le 09/03/2026 par Hélène Lefèvre",
        ],
    );
}

#[test]
fn the_inspection_report_prints_every_point_with_its_condition() {
    let (mut s, o) = papers_shop();
    let karim = s.karim.clone();
    let pads = PointInput {
        measure: Some("15".into()),
        comment: Some("bruit".into()),
        ..Default::default()
    };
    s.db.write(|tx| inspection::record_point(tx, NOW, &karim, o.id, "brake_pads_front", &pads, FR))
        .unwrap();
    let ok = PointInput {
        status: Some("ok".into()),
        ..Default::default()
    };
    s.db.write(|tx| inspection::record_point(tx, NOW, &karim, o.id, "lights", &ok, FR))
        .unwrap();
    let text = text_of(&inspection_pdf(s.db.conn(), o.id, FR, TODAY).unwrap());
    assert_has(
        &text,
        &[
            "Rapport d’inspection D-2026-0001",
            "Plaquettes de frein AV",
            "À remplacer",
            "15 % — bruit",
            "Éclairage et signalisation",
            "Bon",
            "Non contrôlé",
            "Contrôlé par Karim",
        ],
    );
}

#[test]
fn a_paper_carries_the_day_it_was_printed_in_its_properties() {
    let (s, o) = papers_shop();
    let pdf = estimate_pdf(s.db.conn(), o.id, FR, TODAY).unwrap();
    let raw = String::from_utf8_lossy(&pdf).replace(' ', "");
    // What a PDF reader's properties show: 10 March 2026, not 1 January 1970.
    assert!(
        raw.contains("/CreationDate(D:20260310"),
        "no creation date of the day"
    );
    assert!(
        raw.contains("/ModDate(D:20260310"),
        "no modification date of the day"
    );
}

//! The folder exchange with a PA, on real folders: an invoice and a period
//! dropped whole in the outgoing folder, statuses taken from the incoming
//! one and moved to `traités/`, a bad status file refused without a trace.

use std::path::Path;

use atelier_domain::Locale;

use super::*;
use crate::einvoice::reporting::tests::{DAY, NOW, shop};

const FR: Locale = Locale::Fr;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn exchange() -> (tempfile::TempDir, FolderExchange) {
    let dir = tempfile::tempdir().unwrap();
    let x = FolderExchange::new(dir.path().join("depot"), dir.path().join("retour"));
    std::fs::create_dir_all(dir.path().join("retour")).unwrap();
    (dir, x)
}

#[test]
fn an_invoice_sent_appears_whole_in_the_outgoing_folder_and_its_statuses_come_back_on_it() {
    let mut s = shop();
    let inv = s.private_counter_sale(NOW);
    let number = inv.summary.number.clone().unwrap();
    let (dir, x) = exchange();
    let sent = send_invoice(&mut s.db, &x, NOW, inv.summary.id).unwrap();
    let file = format!("FACTURE_{number}.pdf");
    assert_eq!(sent.file_name, file);
    assert_eq!(
        names(&dir.path().join("depot")),
        vec![file.clone()],
        "no partial file left"
    );
    let pdf = crate::invoices::pdf_of(s.db.conn(), inv.summary.id).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("depot").join(&file)).unwrap(),
        pdf
    );
    assert_eq!(sent.sha256, super::sha256(&pdf));

    std::fs::write(
        dir.path().join("retour/statuts-0310.csv"),
        format!(
            "numero;statut;date;motif\n{number};deposited;2026-03-10;\n\n{number};213;2026-03-11T09:00:00Z;Adresse électronique du destinataire inconnue\n"
        ),
    )
    .unwrap();
    let pulled = pull_statuses(&mut s.db, &x, NOW + DAY, FR).unwrap();
    assert_eq!(pulled.stored, 2, "{pulled:?}");
    assert!(pulled.refused.is_empty());
    assert_eq!(
        names(&dir.path().join("retour")),
        vec![DONE_FOLDER.to_owned()]
    );
    assert_eq!(
        names(&dir.path().join("retour").join(DONE_FOLDER)),
        vec!["statuts-0310.csv".to_owned()]
    );
    let page = of_invoice(s.db.conn(), inv.summary.id, FR).unwrap();
    assert_eq!(page.sendings, vec![sent]);
    let last = page.statuses.last().unwrap();
    assert_eq!(
        (last.status, last.code, last.label.as_str()),
        (Lifecycle::Rejected, 213, "Rejetée")
    );
    assert_eq!(last.on, "2026-03-11");
    assert_eq!(
        last.reason.as_deref(),
        Some("Adresse électronique du destinataire inconnue")
    );
    assert_eq!(page.statuses[0].status, Lifecycle::Deposited);

    // The same file dropped again stores nothing twice.
    std::fs::write(
        dir.path().join("retour/statuts-bis.csv"),
        format!("{number};deposited;2026-03-10\n"),
    )
    .unwrap();
    assert_eq!(
        pull_statuses(&mut s.db, &x, NOW + DAY, FR).unwrap().stored,
        0
    );
    // The history is append-only.
    assert!(
        s.db.conn()
            .execute("UPDATE einvoice_statuses SET status = 'paid'", [])
            .is_err()
    );
}

#[test]
fn a_malformed_status_file_is_reported_stays_in_place_and_nothing_is_written() {
    let mut s = shop();
    let inv = s.private_counter_sale(NOW);
    let number = inv.summary.number.clone().unwrap();
    let (dir, x) = exchange();
    let retour = dir.path().join("retour");
    std::fs::write(
        retour.join("a.csv"),
        format!("{number};deposited;2026-03-10\n{number};envolée;2026-03-10\n"),
    )
    .unwrap();
    std::fs::write(retour.join("b.csv"), format!("{number};paid;10/03/2026\n")).unwrap();
    std::fs::write(retour.join("c.csv"), b"\xff\xfe;;\n").unwrap();
    std::fs::write(retour.join("d.csv"), "F-ZZZ-2026-000999;paid;2026-03-10\n").unwrap();
    let ops_before: i64 =
        s.db.conn()
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .unwrap();
    let pulled = pull_statuses(&mut s.db, &x, NOW + DAY, FR).unwrap();
    assert_eq!(pulled.stored, 0);
    let refused: Vec<&str> = pulled.refused.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(refused, ["a.csv", "b.csv", "c.csv", "d.csv"]);
    assert!(
        pulled.refused[0].1.contains("ligne 2"),
        "{}",
        pulled.refused[0].1
    );
    assert!(pulled.refused[0].1.contains("envolée"));
    assert!(pulled.refused[3].1.contains("F-ZZZ-2026-000999"));
    let count: i64 =
        s.db.conn()
            .query_row("SELECT COUNT(*) FROM einvoice_statuses", [], |r| r.get(0))
            .unwrap();
    assert_eq!(count, 0, "not even the good first line of a.csv");
    let ops_after: i64 =
        s.db.conn()
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .unwrap();
    assert_eq!(ops_before, ops_after);
    assert_eq!(
        names(&retour),
        ["a.csv", "b.csv", "c.csv", "d.csv"],
        "left for the owner to see"
    );
}

#[test]
fn a_frozen_period_is_sent_as_its_file_and_listed_with_when() {
    let mut s = shop();
    s.private_counter_sale(NOW);
    let p =
        s.db.write(|tx| crate::einvoice::reporting::frozen::freeze(tx, NOW + DAY, "2026-03-10"))
            .unwrap();
    let (dir, x) = exchange();
    let sent = send_period(&mut s.db, &x, NOW + DAY, p.id).unwrap();
    assert_eq!(
        names(&dir.path().join("depot")),
        vec![sent.file_name.clone()]
    );
    assert!(
        sent.file_name
            .starts_with("EREPORTING_732829320_S1A_2026-03-01")
    );
    assert_eq!(
        sendings_of_period(s.db.conn(), p.id).unwrap(),
        vec![sent.clone()]
    );
    assert_eq!(sent.sent_at, NOW + DAY);
}

#[test]
fn received_invoices_are_handed_over_and_moved_once_imported() {
    let (dir, x) = exchange();
    let retour = dir.path().join("retour");
    std::fs::write(retour.join("FA-123.pdf"), b"%PDF-1.7").unwrap();
    std::fs::write(retour.join("FA-124.XML"), b"<Invoice/>").unwrap();
    std::fs::write(retour.join("notes.txt"), b"hello").unwrap();
    std::fs::write(retour.join(".FA-125.pdf.partial"), b"%PD").unwrap();
    let got = x.fetch_received().unwrap();
    let got_names: Vec<&str> = got.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(got_names, ["FA-123.pdf", "FA-124.XML"]);
    assert_eq!(got[0].bytes, b"%PDF-1.7");
    x.received_done("FA-123.pdf").unwrap();
    let left: Vec<String> = x
        .fetch_received()
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(left, ["FA-124.XML"]);
    assert_eq!(names(&retour.join(DONE_FOLDER)), ["FA-123.pdf"]);
}

#[test]
fn folders_must_be_chosen_absolute_and_apart() {
    let mut s = shop();
    let err = FolderExchange::of_settings(s.db.conn()).unwrap_err();
    assert_eq!(err.code(), "exchange_not_set");
    assert!(err.message(FR).contains("Réglages"));
    let refused =
        s.db.write(|tx| {
            set_folders(
                tx,
                &FoldersInput {
                    outgoing: Some("depot".into()),
                    incoming: None,
                },
            )
        })
        .unwrap_err();
    assert_eq!(refused.code(), "validation");
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().display().to_string();
    let refused =
        s.db.write(|tx| {
            set_folders(
                tx,
                &FoldersInput {
                    outgoing: Some(same.clone()),
                    incoming: Some(same.clone()),
                },
            )
        })
        .unwrap_err();
    assert_eq!(refused.code(), "validation");
    assert_eq!(folders(s.db.conn()).unwrap(), Folders::default());
    let saved =
        s.db.write(|tx| {
            set_folders(
                tx,
                &FoldersInput {
                    outgoing: Some(format!("{same}/depot")),
                    incoming: Some(format!("{same}/retour")),
                },
            )
        })
        .unwrap();
    assert_eq!(saved.outgoing, Some(format!("{same}/depot")));
    assert!(FolderExchange::of_settings(s.db.conn()).is_ok());
}

#[test]
fn a_draft_is_not_sent() {
    let mut s = shop();
    let desk = s.desk.clone();
    let customer: String =
        s.db.conn()
            .query_row("SELECT id FROM customers LIMIT 1", [], |r| r.get(0))
            .unwrap();
    let input = crate::invoices::DraftInput {
        customer_id: Some(customer),
        lines: vec![crate::orders::LineInput {
            kind: Some("fee".into()),
            description: Some("Frais".into()),
            quantity: Some("1".into()),
            unit_price: Some("5".into()),
            ..crate::orders::LineInput::default()
        }],
        notes: None,
    };
    let d =
        s.db.write(|tx| crate::invoices::draft_counter_sale(tx, NOW, &desk, &input, FR))
            .unwrap();
    let (dir, x) = exchange();
    let err = send_invoice(&mut s.db, &x, NOW, d.summary.id).unwrap_err();
    assert_eq!(err.code(), "not_issued");
    assert!(names(&dir.path().join("depot")).is_empty());
}

#[test]
fn an_invoice_s_sending_and_statuses_reach_another_station_of_the_site() {
    let mut s = shop();
    let inv = s.private_counter_sale(NOW);
    let number = inv.summary.number.clone().unwrap();
    let (dir, x) = exchange();
    send_invoice(&mut s.db, &x, NOW, inv.summary.id).unwrap();
    std::fs::write(
        dir.path().join("retour/s.csv"),
        format!("{number};paid;2026-03-12;\n"),
    )
    .unwrap();
    pull_statuses(&mut s.db, &x, NOW + DAY, FR).unwrap();
    let here = of_invoice(s.db.conn(), inv.summary.id, FR).unwrap();
    let ops = crate::sync::outgoing(s.db.conn(), u32::MAX).unwrap();
    let mut other = crate::db::test_db();
    let applied = other
        .write(|tx| crate::sync::Applier::new().apply_page(tx, &ops, NOW + DAY))
        .unwrap();
    assert_eq!(applied.parked, 0, "{applied:?}");
    let there = of_invoice(other.conn(), inv.summary.id, FR).unwrap();
    assert_eq!(there, here, "the same sending and history");
    assert_eq!(there.statuses[0].status, Lifecycle::Paid);
}

#[test]
fn a_suppliers_invoice_the_platform_delivers_is_imported_and_acknowledged_once_taken() {
    let mut s = shop();
    let (dir, x) = exchange();
    let retour = dir.path().join("retour");
    let cii = include_str!("../../../tests/fixtures/einvoice/supplier-cii.xml");
    std::fs::write(retour.join("FA-2026-0412.xml"), cii).unwrap();
    std::fs::write(retour.join("bruit.pdf"), b"%PDF-1.7 not an invoice").unwrap();

    // The supplier is not on file: the invoice waits, the noise is refused.
    let first = pull(&mut s.db, &x, NOW, Locale::Fr).unwrap();
    assert!(first.received.is_empty());
    let refused: Vec<&str> = first.refused.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(refused, ["FA-2026-0412.xml", "bruit.pdf"]);
    assert_eq!(names(&retour.join(DONE_FOLDER)), ["bruit.pdf"]);

    s.db.write(|tx| {
        crate::stock::create_supplier(
            tx,
            NOW,
            &crate::stock::SupplierInput {
                name: Some("Pièces Auto Rhône".into()),
                vat_number: Some("FR 64 443 061 841".into()),
                ..crate::stock::SupplierInput::default()
            },
        )
    })
    .unwrap();
    let second = pull(&mut s.db, &x, NOW, Locale::Fr).unwrap();
    assert_eq!(second.received, ["FA-2026-0412.xml"]);
    assert!(second.refused.is_empty(), "{:?}", second.refused);
    let count: i64 =
        s.db.conn()
            .query_row("SELECT COUNT(*) FROM supplier_invoices", [], |r| r.get(0))
            .unwrap();
    assert_eq!(count, 1);
    assert_eq!(
        names(&retour.join(DONE_FOLDER)),
        ["FA-2026-0412.xml", "bruit.pdf"]
    );
    assert!(
        pull(&mut s.db, &x, NOW, Locale::Fr)
            .unwrap()
            .received
            .is_empty()
    );
}

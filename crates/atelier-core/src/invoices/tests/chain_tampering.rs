//! Someone edits the SQLite file behind Atelier's back (dropping the
//! triggers first, as anyone with the file can): `verify` names the damage.

use super::*;
use sha2::Digest as _;

use crate::invoices::chain::Finding;

/// Three counter sales and an invoiced order, with the database's guards off.
fn tampered_shop() -> (Shop, Vec<Invoice>, OrderId) {
    let mut s = shop();
    let mut all = vec![s.counter_sale(), s.counter_sale()];
    let order = s.done_order();
    all.push(s.invoice_order(order));
    all.push(s.counter_sale());
    assert!(verify(s.db.conn()).unwrap().is_clean());
    s.db.conn()
        .execute_batch(
            "DROP TRIGGER invoices_issued_no_update;
             DROP TRIGGER invoices_issued_no_delete;
             DROP TRIGGER invoice_pdfs_no_update;
             DROP TRIGGER invoice_pdfs_no_delete;",
        )
        .unwrap();
    (s, all, order)
}

fn findings(s: &Shop) -> Vec<Finding> {
    verify(s.db.conn()).unwrap().findings
}

#[test]
fn a_modified_amount_is_found() {
    let (s, all, _) = tampered_shop();
    let victim = all[1].summary.number.clone().unwrap();
    s.db.conn()
        .execute(
            "UPDATE invoices SET gross_cents = gross_cents - 1000 WHERE number = ?1",
            [&victim],
        )
        .unwrap();
    let found = findings(&s);
    assert!(
        found.contains(&Finding::Altered {
            number: victim.clone()
        }),
        "{found:?}"
    );
    assert!(
        found.iter().all(|f| f.number() == victim),
        "only that invoice: {found:?}"
    );
    // Also changing the frozen content to match is still a changed document.
    s.db.conn()
        .execute(
            "UPDATE invoices SET content = replace(content, '\"net\":2500', '\"net\":1500') WHERE number = ?1",
            [&victim],
        )
        .unwrap();
    assert!(findings(&s).contains(&Finding::Altered { number: victim }));
}

#[test]
fn a_deleted_invoice_is_found_in_the_middle_and_at_the_end() {
    let (s, all, _) = tampered_shop();
    let middle = all[1].summary.id.to_string();
    let last = all[3].summary.id.to_string();
    for id in [&middle, &last] {
        s.db.conn()
            .execute("DELETE FROM invoice_pdfs WHERE invoice_id = ?1", [id])
            .unwrap();
        s.db.conn()
            .execute("DELETE FROM invoices WHERE id = ?1", [id])
            .unwrap();
    }
    assert_eq!(
        findings(&s),
        vec![
            Finding::Missing {
                number: "F-S1A-2026-000002".into()
            },
            Finding::Missing {
                number: "F-S1A-2026-000004".into()
            },
        ]
    );
}

#[test]
fn an_invoice_moved_to_another_order_is_found() {
    let (mut s, all, _) = tampered_shop();
    let other = s.done_order();
    let number = all[2].summary.number.clone().unwrap();
    s.db.conn()
        .execute(
            "UPDATE invoices SET order_id = ?1 WHERE number = ?2",
            [other.to_string(), number.clone()],
        )
        .unwrap();
    assert_eq!(findings(&s), vec![Finding::Altered { number }]);
}

#[test]
fn a_rewritten_chain_and_a_replaced_pdf_are_found() {
    let (s, all, _) = tampered_shop();
    let first = all[0].summary.number.clone().unwrap();
    // A rehashed document no longer matches the link its successor holds.
    s.db.conn()
        .execute(
            "UPDATE invoices
                SET hash = CASE WHEN hash LIKE 'ab%' THEN 'cd' ELSE 'ab' END || substr(hash, 3)
              WHERE number = ?1",
            [&first],
        )
        .unwrap();
    let found = findings(&s);
    assert!(
        found.contains(&Finding::Altered {
            number: first.clone()
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&Finding::BrokenLink {
            number: "F-S1A-2026-000002".into()
        }),
        "{found:?}"
    );
    s.db.conn()
        .execute(
            "UPDATE invoice_pdfs SET pdf = X'00' WHERE invoice_id = ?1",
            [all[3].summary.id.to_string()],
        )
        .unwrap();
    assert!(findings(&s).contains(&Finding::PdfAltered {
        number: all[3].summary.number.clone().unwrap()
    }));
    assert!(
        Finding::Missing { number: first }
            .message(Locale::Fr)
            .ends_with("supprimée après émission.")
    );
}

#[test]
fn a_pdf_not_stored_at_issue_is_stored_by_the_first_print_then_guarded() {
    let mut s = shop();
    let d = s.counter_draft();
    let desk = s.desk.clone();
    // Issued, and the station stopped before storing the PDF.
    let inv =
        s.db.write(|tx| issue(tx, NOW, &desk, d.summary.id))
            .unwrap();
    let id = inv.summary.id;
    let number = inv.summary.number.clone().unwrap();
    assert_eq!(s.count("invoice_pdfs"), 0);
    assert_eq!(
        pdf_of(s.db.conn(), id).unwrap_err().code(),
        "invoice_pdf_not_stored"
    );
    let report = verify(s.db.conn()).unwrap();
    assert!(report.is_clean(), "{:?}", report.findings);
    assert_eq!(report.pdfs_pending, vec![number.clone()]);
    // The first print renders it from the frozen content and stores it.
    let dir = tempfile::tempdir().unwrap();
    let path =
        s.db.write(|tx| write_pdf(tx, NOW + 60_000, id, dir.path()))
            .unwrap();
    let printed = std::fs::read(&path).unwrap();
    assert!(printed.starts_with(b"%PDF-"));
    assert_eq!(pdf_of(s.db.conn(), id).unwrap(), printed);
    let stored: String =
        s.db.conn()
            .query_row(
                "SELECT pdf_sha256 FROM invoice_pdfs WHERE invoice_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(stored, crate::text::hex(&sha2::Sha256::digest(&printed)));
    // Every later print gives the same bytes, stored once.
    let again = s.db.write(|tx| store_pdf(tx, NOW + 120_000, id)).unwrap();
    assert_eq!(again, printed);
    assert_eq!(s.count("invoice_pdfs"), 1);
    let report = verify(s.db.conn()).unwrap();
    assert!(report.is_clean(), "{:?}", report.findings);
    assert!(report.pdfs_pending.is_empty());
    // SQLite refuses to change it...
    assert!(
        s.db.conn()
            .execute(
                "UPDATE invoice_pdfs SET pdf = X'00' WHERE invoice_id = ?1",
                [id.to_string()],
            )
            .is_err()
    );
    // ...and a change behind the triggers' back is found.
    s.db.conn()
        .execute_batch("DROP TRIGGER invoice_pdfs_no_update;")
        .unwrap();
    s.db.conn()
        .execute(
            "UPDATE invoice_pdfs SET pdf = X'00' WHERE invoice_id = ?1",
            [id.to_string()],
        )
        .unwrap();
    assert_eq!(
        findings(&s),
        vec![Finding::PdfAltered {
            number: number.clone()
        }]
    );
    // Replacing the bytes and their recorded hash together is found too: the
    // audit trail kept the hash the PDF was stored with.
    let forged = b"%PDF-1.7 forged".to_vec();
    s.db.conn()
        .execute(
            "UPDATE invoice_pdfs SET pdf = ?2, pdf_sha256 = ?3 WHERE invoice_id = ?1",
            rusqlite::params![
                id.to_string(),
                forged,
                crate::text::hex(&sha2::Sha256::digest(&forged))
            ],
        )
        .unwrap();
    assert_eq!(
        findings(&s),
        vec![Finding::PdfAltered {
            number: number.clone()
        }]
    );
    // And a removed PDF is not taken for one not stored yet.
    s.db.conn()
        .execute_batch("DROP TRIGGER invoice_pdfs_no_delete;")
        .unwrap();
    s.db.conn()
        .execute(
            "DELETE FROM invoice_pdfs WHERE invoice_id = ?1",
            [id.to_string()],
        )
        .unwrap();
    let report = verify(s.db.conn()).unwrap();
    assert_eq!(report.findings, vec![Finding::PdfAltered { number }]);
    assert!(report.pdfs_pending.is_empty());
}

#[test]
fn the_chain_covers_the_frozen_content_not_the_pdf() {
    let (s, all, _) = tampered_shop();
    let last = all[3].summary.number.clone().unwrap();
    // The chain no longer names the PDF: its column stays empty, and filling
    // it in (claiming a version-1 document) no longer gives the stored hash.
    let chained: Option<String> =
        s.db.conn()
            .query_row(
                "SELECT pdf_sha256 FROM invoices WHERE number = ?1",
                [&last],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(chained, None);
    s.db.conn()
        .execute(
            "UPDATE invoices SET pdf_sha256 = (SELECT pdf_sha256 FROM invoice_pdfs
                 WHERE invoice_id = invoices.id) WHERE number = ?1",
            [&last],
        )
        .unwrap();
    assert_eq!(findings(&s), vec![Finding::Altered { number: last }]);
}

#[test]
fn a_document_issued_with_its_pdf_in_the_chain_still_verifies() {
    // A version-1 document, as issued before the PDF left the chain: its
    // row carries the PDF's hash and its chained hash covers it.
    let (s, all, _) = tampered_shop();
    let last = &all[3];
    let id = last.summary.id.to_string();
    let conn = s.db.conn();
    let pdf_sha: String = conn
        .query_row(
            "SELECT pdf_sha256 FROM invoice_pdfs WHERE invoice_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let mut sealed: Sealed = conn
        .query_row(
            "SELECT kind, series, seq, number, issued_on, order_id, customer_id,
                    credited_invoice_id, net_cents, tax_cents, gross_cents, deposit_cents,
                    content, prev_hash
               FROM invoices WHERE id = ?1",
            [&id],
            |r| {
                Ok(Sealed {
                    kind: r.get(0)?,
                    series: r.get(1)?,
                    seq: r.get(2)?,
                    number: r.get(3)?,
                    issued_on: r.get(4)?,
                    order_id: r.get(5)?,
                    customer_id: r.get(6)?,
                    credited_invoice_id: r.get(7)?,
                    net: Money::from_cents(r.get(8)?),
                    tax: Money::from_cents(r.get(9)?),
                    gross: Money::from_cents(r.get(10)?),
                    deposit: Money::from_cents(r.get(11)?),
                    content: r.get(12)?,
                    pdf_sha256: None,
                    prev_hash: r.get(13)?,
                })
            },
        )
        .unwrap();
    sealed.pdf_sha256 = Some(pdf_sha.clone());
    conn.execute(
        "UPDATE invoices SET pdf_sha256 = ?2, hash = ?3 WHERE id = ?1",
        rusqlite::params![id, pdf_sha, sealed.hash()],
    )
    .unwrap();
    assert!(verify(conn).unwrap().is_clean());
    // Its PDF removed is found, as before.
    conn.execute("DELETE FROM invoice_pdfs WHERE invoice_id = ?1", [&id])
        .unwrap();
    assert_eq!(
        findings(&s),
        vec![Finding::PdfAltered {
            number: sealed.number
        }]
    );
}

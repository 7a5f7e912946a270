//! The erasure: nothing of her left but what the law keeps, in the
//! database, its file and a backup taken after.

use serde_json::json;

use super::*;
use crate::db::test_db;

#[test]
fn anonymising_leaves_her_only_in_what_the_law_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    let her = her_years(&mut db);
    // The front desk exported her data first, as she asked.
    let exports = tempfile::tempdir().unwrap();
    db.write(|tx| {
        crate::exports::customer(
            tx,
            NOW,
            her.id,
            crate::exports::CustomerFormat::Json,
            FR,
            exports.path(),
        )
    })
    .unwrap();
    let before = file_bytes(dir.path());
    for needle in [NAME, PHONE, EMAIL, OLD_PHONE] {
        assert!(
            occurrences(&before, needle) > 0,
            "{needle} is in the file before"
        );
    }

    let anonymised = anonymise_now(&mut db, NOW + 1000, her.id).unwrap();
    assert!(anonymised.anonymised);
    assert_eq!(anonymised.display_name, customers::ANONYMOUS);

    let after = file_bytes(dir.path());
    let kept = kept_by_law(&db);
    for needle in [
        NAME,
        FOLDED,
        "Xavière",
        PHONE,
        PHONE_TYPED,
        "612345678",
        "06 12 34 56 78",
        OLD_PHONE,
        EMAIL,
        ALIAS_EMAIL,
        STREET,
        "appelée le matin",
    ] {
        let lawful: usize = kept.iter().map(|k| occurrences(k, needle)).sum();
        assert_eq!(
            occurrences(&after, needle),
            lawful,
            "{needle:?} is left in the file beyond the issued invoices"
        );
    }
    for needle in [PHONE, EMAIL, OLD_PHONE, FOLDED, ALIAS_EMAIL] {
        assert_eq!(
            occurrences(&after, needle),
            0,
            "{needle:?}: not even an invoice holds it"
        );
    }
    assert!(
        kept.iter().any(|k| occurrences(k, NAME) > 0),
        "her issued invoice still names her, as issued"
    );

    // A backup taken now holds nothing more.
    let backups = tempfile::tempdir().unwrap();
    let taken = crate::backup::back_up(
        &mut db,
        dir.path(),
        Some(backups.path()),
        crate::backup::Reason::Manual,
        NOW + 2000,
    )
    .unwrap();
    let copy = std::fs::read(&taken.path).unwrap();
    for needle in [
        PHONE,
        EMAIL,
        OLD_PHONE,
        FOLDED,
        ALIAS_EMAIL,
        "appelée le matin",
    ] {
        assert_eq!(occurrences(&copy, needle), 0, "{needle:?} in the backup");
    }
    let lawful: usize = kept.iter().map(|k| occurrences(k, NAME)).sum();
    assert_eq!(occurrences(&copy, NAME), lawful, "her name in the backup");
}

#[test]
fn what_is_erased_and_what_stays() {
    let mut db = test_db();
    let her = her_years(&mut db);
    let chain_before = invoices::verify(db.conn()).unwrap();
    db.write(|tx| anonymise(tx, NOW + 1000, her.id)).unwrap();
    let conn = db.conn();

    // The record, its vehicle, its order with its lines, its invoices and
    // payment stay; the invoice chain still verifies, unchanged.
    let page = crate::pages::customer::page(conn, her.id).unwrap();
    assert_eq!(page.customer.display_name, customers::ANONYMOUS);
    assert_eq!(
        page.vehicles.len(),
        1,
        "her vehicle is kept, with its history"
    );
    let order = orders::get(conn, her.order).unwrap();
    assert_eq!(order.complaint, None, "her words are erased");
    assert_eq!(order.internal_notes, None);
    assert_eq!(
        orders::lines::of_order(conn, her.order).unwrap().len(),
        1,
        "the work done stays"
    );
    let chain_after = invoices::verify(conn).unwrap();
    assert!(chain_after.is_clean(), "{chain_after:?}");
    assert_eq!(chain_after.documents, chain_before.documents);
    let issued: String = conn
        .query_row(
            "SELECT content FROM invoices WHERE id = ?1",
            [her.invoice.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(issued.contains(NAME), "the issued invoice stays as issued");
    let notes: Option<String> = conn
        .query_row(
            "SELECT notes FROM invoices WHERE status = 'draft'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, None, "a draft's note about her is erased");
    let payments: i64 = conn
        .query_row("SELECT COUNT(*) FROM payments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(payments, 1);

    // Her signature: the acceptance stays, her name and drawing go; the
    // repair order still prints.
    let (signer, png, erased): (String, Vec<u8>, Option<i64>) = conn
        .query_row(
            "SELECT signer_name, signature_png, erased_at FROM order_approvals",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((signer.as_str(), png.len()), (customers::ANONYMOUS, 0));
    assert!(erased.is_some());
    orders::documents::repair_order_pdf(conn, her.order, FR, "2026-03-16").unwrap();

    // Messages: that they went stays, to whom and what they said goes.
    let log = messages::of_customer(conn, her.id).unwrap();
    assert_eq!(log.len(), 2);
    assert!(
        log.iter()
            .all(|m| m.recipient.is_empty() && m.body.is_empty())
    );
    assert!(
        log.iter()
            .all(|m| m.status == messages::MessageStatus::Sent)
    );

    // Appointments keep their slot, not her words.
    let work: Option<String> = conn
        .query_row("SELECT work FROM appointments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(work, None);

    // Search finds her by none of it.
    for query in [FOLDED, "0612", "xaviere", "glycines"] {
        assert!(
            crate::pages::search::search(conn, query, 10)
                .unwrap()
                .is_empty(),
            "{query} finds nothing"
        );
    }

    // The trail keeps every entry and says who anonymised her and when,
    // without a value.
    let trail = crate::audit::of_record(conn, "customers", &her.id.to_string()).unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.user_name.as_deref(), Some("Léa"));
    assert_eq!(last.at_ms, NOW + 1000);
    assert_eq!(last.changes["anonymised"], json!([null, true]));
    assert_eq!(last.changes["phone"], json!([crate::audit::MASK, null]));
    assert!(trail[..trail.len() - 1].iter().all(|e| e.erased));
    let text = serde_json::to_string(&trail).unwrap();
    assert!(!text.contains(NAME) && !text.contains(PHONE) && !text.contains(OLD_PHONE));

    // Nothing personal left to export but the issued invoice.
    let mut doc = export::document(conn, her.id, NOW + 2000, FR).unwrap();
    let records = doc["records"].as_object_mut().unwrap();
    records.remove("invoices");
    records.remove("invoice_pdfs");
    let text = doc.to_string();
    for needle in [NAME, PHONE, EMAIL, OLD_PHONE, ALIAS_EMAIL, STREET] {
        assert!(
            !text.contains(needle),
            "{needle} exported after anonymising"
        );
    }
}

#[test]
fn a_message_of_hers_still_waiting_is_never_sent() {
    let mut db = test_db();
    let her = her_years(&mut db);
    let id: String = db
        .conn()
        .query_row("SELECT id FROM messages LIMIT 1", [], |r| r.get(0))
        .unwrap();
    db.conn()
        .execute("UPDATE messages SET status = 'queued' WHERE id = ?1", [&id])
        .unwrap();
    db.write(|tx| anonymise(tx, NOW + 1000, her.id)).unwrap();
    assert!(
        messages::send_all_due(&mut db, NOW + 2000, &Accepts)
            .unwrap()
            .is_empty()
    );
    let again = db
        .write(|tx| messages::resend(tx, NOW + 3000, id.parse().unwrap()))
        .unwrap();
    assert_eq!(
        again.status,
        messages::MessageStatus::Failed,
        "an erased message has nobody to go to"
    );
}

#[test]
fn restoring_a_backup_from_before_does_not_bring_her_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Db::open_in_dir(dir.path()).unwrap();
    let her = her_years(&mut db);
    let backups = tempfile::tempdir().unwrap();
    let before = crate::backup::back_up(
        &mut db,
        dir.path(),
        Some(backups.path()),
        crate::backup::Reason::Manual,
        NOW + 500,
    )
    .unwrap();
    anonymise_now(&mut db, NOW + 1000, her.id).unwrap();

    let restored =
        crate::startup::restore(&mut db, dir.path(), &before.path, None, NOW + 2000).unwrap();
    assert_eq!(
        restored.anonymised_again, 1,
        "her, held again by the backup"
    );
    assert!(restored.invoices.clean, "the invoices as issued, unchanged");
    let c = customers::get_any(db.conn(), her.id).unwrap();
    assert!(c.anonymised);
    assert_eq!((c.phone, c.email), (None, None));
    let after = file_bytes(dir.path());
    for needle in [PHONE, EMAIL, OLD_PHONE, FOLDED, ALIAS_EMAIL] {
        assert_eq!(
            occurrences(&after, needle),
            0,
            "{needle:?} after the restore"
        );
    }
    let kept = kept_by_law(&db);
    let lawful: usize = kept.iter().map(|k| occurrences(k, NAME)).sum();
    assert_eq!(
        occurrences(&after, NAME),
        lawful,
        "her name after the restore"
    );
}

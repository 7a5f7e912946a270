//! Credit notes in the revenue split: each takes back the categories of what
//! it credits.

use super::*;

/// The figures row of document `id`: labour, parts, other, costed parts,
/// their cost, billed hours.
fn split(m: &Month, id: &str) -> (i64, i64, i64, i64, i64, i64) {
    m.db.conn()
        .query_row(
            "SELECT labour_cents, parts_cents, other_cents, parts_costed_cents, parts_cost_cents,
                    billed_hours_milli
               FROM invoice_figures WHERE invoice_id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap()
}

#[test]
fn crediting_what_remains_takes_back_the_invoices_own_categories() {
    let mut m = february();
    // Invoice A: labour 81,00, parts 23,22 (costed, cost 13,00), other 4,50.
    let a: String =
        m.db.conn()
            .query_row(
                "SELECT id FROM invoices WHERE gross_cents = 13046",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(split(&m, &a), (8_100, 2_322, 450, 2_322, 1_300, 1_500));
    let credit = |m: &mut Month, lines: Vec<LineInput>| -> String {
        let input = CreditNoteInput {
            invoice_id: Some(a.clone()),
            reason: None,
            lines,
        };
        m.db.write(|tx| invoices::credit_note(tx, feb(26, 0), &desk(), &input, FR))
            .unwrap()
            .summary
            .id
            .to_string()
    };
    // Half an hour of labour taken back, as typed: labour.
    let half_hour = credit(&mut m, vec![labour("0,5")]);
    assert_eq!(split(&m, &half_hour), (-3_000, 0, 0, 0, 0, -500));
    // What remains (HT 78,72) is credited as one "balance" line per rate.
    let rest = credit(&mut m, Vec::new());
    let lines: String =
        m.db.conn()
            .query_row(
                "SELECT content ->> '$.lines[0].description' FROM invoices WHERE id = ?1",
                [&rest],
                |r| r.get(0),
            )
            .unwrap();
    assert!(lines.starts_with("Solde de la facture"), "{lines}");
    assert_eq!(
        split(&m, &rest),
        (-5_100, -2_322, -450, -2_322, -1_300, -1_000),
        "what A still held of each category, not all of it as other"
    );

    let r = revenue(m.db.conn(), &m.scope("2026-02-01", "2026-02-28", None)).unwrap();
    let t = &r.total;
    assert_eq!(t.labour, cents(12_000), "only B's labour is left");
    assert_eq!(t.parts, cents(3_000 + 10_000), "B's hose and the calliper");
    assert_eq!(
        t.other,
        cents(-1_000),
        "B's goodwill credit; A's fee is gone"
    );
    assert_eq!(
        t.net,
        cents(t.labour.cents() + t.parts.cents() + t.other.cents()),
        "the split still adds up to HT"
    );
    assert_eq!(
        (r.parts_costed, r.parts_cost),
        (cents(0), cents(0)),
        "A's filters are taken back at what they cost"
    );
}

#[test]
fn a_full_credit_note_and_a_typed_one_keep_their_lines_categories() {
    let mut m = february();
    let a: String =
        m.db.conn()
            .query_row(
                "SELECT id FROM invoices WHERE gross_cents = 13046",
                [],
                |r| r.get(0),
            )
            .unwrap();
    let input = CreditNoteInput {
        invoice_id: Some(a),
        reason: None,
        lines: Vec::new(),
    };
    let full =
        m.db.write(|tx| invoices::credit_note(tx, feb(26, 0), &desk(), &input, FR))
            .unwrap()
            .summary
            .id
            .to_string();
    assert_eq!(
        split(&m, &full),
        (-8_100, -2_322, -450, -2_322, -1_300, -1_500),
        "a copy of A, discount included"
    );
}

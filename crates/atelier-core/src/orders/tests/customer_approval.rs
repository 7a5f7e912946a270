//! The customer's signature, PIEC, supplements and recommended work.

use atelier_domain::Money;

use super::*;
use crate::orders::approval::{self, SIGNATURE_MAX_BYTES};
use crate::orders::recommendations::{self, RecommendationStatus, Severity, Source};
use crate::orders::steps;
use crate::orders::supplements;
use crate::validation::{Field, Problem};

#[test]
fn a_signature_must_be_a_png_of_reasonable_size_from_a_named_signer() {
    let mut s = shop();
    let o = s.estimate();
    s.add(o.id, labour("Vidange", "0,5"));
    let desk = s.desk.clone();
    let mut too_big = png();
    too_big.resize(SIGNATURE_MAX_BYTES + 1, 0);
    let cases = [
        (
            Approval {
                signature_png: b"GIF89a".to_vec(),
                ..signed()
            },
            Field::Signature,
            Problem::Png,
        ),
        (
            Approval {
                signature_png: Vec::new(),
                ..signed()
            },
            Field::Signature,
            Problem::Required,
        ),
        (
            Approval {
                signature_png: too_big,
                ..signed()
            },
            Field::Signature,
            Problem::FileTooLarge { max_kb: 256 },
        ),
        (
            Approval {
                signer_name: " ".into(),
                ..signed()
            },
            Field::SignerName,
            Problem::Required,
        ),
        (
            Approval {
                accepted_on: "2026-03-11".into(),
                ..signed()
            },
            Field::AcceptedOn,
            Problem::FutureDate,
        ),
    ];
    let ops = s.ops();
    for (a, field, problem) in cases {
        let err =
            s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &a))
                .unwrap_err();
        assert_eq!(refusal(err), (field, problem));
    }
    assert_eq!(s.ops(), ops, "a refused approval writes nothing");
    assert_eq!(s.count("order_counters"), 1, "and takes no OR number");

    let a = Approval {
        accepted_on: "2026-03-09".into(),
        ..signed()
    };
    s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &a))
        .unwrap();
    let stored = approval::estimate_approval(s.db.conn(), o.id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.signer_name, "Hélène Lefèvre");
    assert_eq!(
        stored.signature_png,
        png(),
        "the image is kept for the repair order document"
    );
    assert_eq!(stored.accepted_on, "2026-03-09");
    assert_eq!(stored.recorded_by, "Léa");
    let op = crate::outbox::pending(s.db.conn(), 100)
        .unwrap()
        .into_iter()
        .find(|op| op.entity == "order_approvals")
        .unwrap();
    use base64::Engine as _;
    assert_eq!(
        op.payload["signature_png"],
        base64::engine::general_purpose::STANDARD.encode(png()),
        "the image travels with the approval, so the site's other stations show it"
    );
    let trail: String =
        s.db.conn()
            .query_row(
                "SELECT changes FROM audit_log WHERE entity = 'order_approvals'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert!(
        !trail.contains(&op.payload["signature_png"].as_str().unwrap()[..40]),
        "the trail notes the image, not its bytes"
    );
    let again =
        s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &signed()))
            .unwrap_err();
    assert_eq!(again.message(FR), "Cet ordre est déjà « accepté ».");
}

#[test]
fn when_circular_economy_parts_are_offered_the_customer_must_choose() {
    let mut s = shop();
    let o = s.estimate();
    s.add(
        o.id,
        LineInput {
            origin: Some("recycled".into()),
            ..part("Rétroviseur G", "1", "35")
        },
    );
    let desk = s.desk.clone();
    let p = page(s.db.conn(), o.id, FR, NOW).unwrap();
    assert!(
        p.circular_parts_offered,
        "the estimate knows to print the PIEC mention"
    );
    let err =
        s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &signed()))
            .unwrap_err();
    assert_eq!(refusal(err), (Field::RecycledParts, Problem::Required));
    let a = Approval {
        recycled_parts_accepted: Some(true),
        ..signed()
    };
    s.db.write(|tx| accept_estimate(tx, NOW, &desk, o.id, &a))
        .unwrap();
    let stored = approval::estimate_approval(s.db.conn(), o.id)
        .unwrap()
        .unwrap();
    assert_eq!(stored.recycled_parts_accepted, Some(true));
    let mention = approval::piec_mention(Some(true), FR);
    assert!(mention.starts_with("Conformément à l’article L. 224-67 du code de la consommation"));
    assert!(mention.ends_with("Le client a accepté les pièces issues de l’économie circulaire."));
}

#[test]
fn a_pending_supplement_is_shown_but_not_counted_until_approved() {
    let mut s = shop();
    let o = s.accepted();
    let before = page(s.db.conn(), o.id, FR, NOW).unwrap().totals;
    let sup =
        s.db.write(|tx| supplements::add_supplement(tx, NOW, o.id, Some("Disques usés")))
            .unwrap();
    assert_eq!(
        (sup.number, sup.status),
        (1, crate::orders::SupplementStatus::Pending)
    );
    let disc = LineInput {
        supplement_id: Some(sup.id.to_string()),
        ..part("Disques AV", "2", "60")
    };
    s.add(o.id, disc);
    s.add(
        o.id,
        LineInput {
            supplement_id: Some(sup.id.to_string()),
            ..labour("Remplacement disques AV", "1")
        },
    );

    let p = page(s.db.conn(), o.id, FR, NOW).unwrap();
    assert_eq!(p.lines.len(), 4, "pending lines are shown");
    assert_eq!(p.totals, before, "but not counted");
    assert_eq!(
        p.supplements[0].totals.net,
        Money::from_cents(12_000 + 6_500)
    );
    assert_eq!(
        steps::of_order(s.db.conn(), o.id).unwrap().len(),
        1,
        "no step for work not approved"
    );

    let desk = s.desk.clone();
    let approved =
        s.db.write(|tx| supplements::approve_supplement(tx, NOW, &desk, sup.id, &signed()))
            .unwrap();
    assert_eq!(approved.status, crate::orders::SupplementStatus::Approved);
    assert!(approved.approval.is_some());
    let p = page(s.db.conn(), o.id, FR, NOW).unwrap();
    assert_eq!(
        p.totals.lines_net,
        before
            .lines_net
            .checked_add(Money::from_cents(18_500))
            .unwrap()
    );
    assert_eq!(
        steps::of_order(s.db.conn(), o.id).unwrap().len(),
        2,
        "its labour joins the checklist"
    );

    let late = LineInput {
        supplement_id: Some(sup.id.to_string()),
        ..part("x", "1", "1")
    };
    let err =
        s.db.write(|tx| add_line(tx, NOW, o.id, &late, FR))
            .unwrap_err();
    assert_eq!(err.code(), "supplement_settled");
}

#[test]
fn declined_work_stays_on_the_vehicle_and_becomes_the_next_estimate() {
    let mut s = shop();
    let o = s.accepted();
    let sup =
        s.db.write(|tx| supplements::add_supplement(tx, NOW, o.id, None))
            .unwrap();
    s.add(
        o.id,
        LineInput {
            supplement_id: Some(sup.id.to_string()),
            ..part("Balais d’essuie-glace", "1", "24,90")
        },
    );
    let desk = s.desk.clone();
    s.db.write(|tx| {
        supplements::decline_supplement(tx, NOW, &desk, sup.id, Some("Le mois prochain"))
    })
    .unwrap();
    let p = page(s.db.conn(), o.id, FR, NOW).unwrap();
    assert_eq!(
        p.supplements[0].supplement.decline_reason.as_deref(),
        Some("Le mois prochain")
    );
    assert_eq!(
        p.totals.lines_net,
        Money::from_cents(9750 + 9000),
        "declined lines are not counted"
    );

    let open = recommendations::open_recommendations(s.db.conn(), s.vehicle).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].source, Source::Declined);
    assert_eq!(open[0].severity, Severity::Watch);
    assert_eq!(open[0].description, "Balais d’essuie-glace");
    assert_eq!(open[0].source_order_id, Some(o.id));

    let vehicle = s.vehicle;
    let ids = vec![open[0].id];
    let next =
        s.db.write(|tx| {
            recommendations::estimate_from_recommendations(tx, NOW, &desk, vehicle, &ids, FR)
        })
        .unwrap();
    assert_eq!(next.status, OrderStatus::Estimate);
    assert_eq!(next.customer_id, s.customer, "for the vehicle's owner");
    let lines = lines::of_order(s.db.conn(), next.id).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].description.as_str(), lines[0].net),
        ("Balais d’essuie-glace", Money::from_cents(2490))
    );
    assert!(
        recommendations::open_recommendations(s.db.conn(), vehicle)
            .unwrap()
            .is_empty()
    );
    let r = recommendations::get(s.db.conn(), ids[0]).unwrap();
    assert_eq!(
        (r.status, r.estimate_id),
        (RecommendationStatus::Accepted, Some(next.id))
    );

    // Once that work is done, the recommendation is closed.
    let a =
        s.db.write(|tx| accept_estimate(tx, NOW, &desk, next.id, &signed()))
            .unwrap();
    s.db.write(|tx| change_status(tx, NOW, &desk, a.id, OrderStatus::InProgress, None))
        .unwrap();
    s.db.write(|tx| change_status(tx, NOW, &desk, a.id, OrderStatus::Done, None))
        .unwrap();
    assert_eq!(
        recommendations::get(s.db.conn(), ids[0]).unwrap().status,
        RecommendationStatus::Done
    );
    let again =
        s.db.write(|tx| {
            recommendations::estimate_from_recommendations(tx, NOW, &desk, vehicle, &ids, FR)
        })
        .unwrap_err();
    assert_eq!(
        refusal(again),
        (Field::Recommendations, Problem::NotAllowed)
    );
}

#[test]
fn once_signed_the_agreed_lines_stay_and_new_work_goes_into_a_supplement() {
    let mut s = shop();
    let o = s.accepted();
    let agreed = lines::of_order(s.db.conn(), o.id).unwrap();
    let agreed_totals = crate::orders::page::order_totals(s.db.conn(), o.id).unwrap();
    let ops = s.ops();

    let extra = part("Disques AV", "2", "60,00");
    let err =
        s.db.write(|tx| add_line(tx, NOW, o.id, &extra, FR))
            .unwrap_err();
    assert_eq!(err.code(), "estimate_signed");
    assert!(
        err.message(Locale::Fr).contains("supplément"),
        "{}",
        err.message(Locale::Fr)
    );
    let err =
        s.db.write(|tx| {
            update_line(
                tx,
                NOW,
                agreed[1].id,
                &part("Plaquettes AV", "4", "45,00"),
                FR,
            )
        })
        .unwrap_err();
    assert_eq!(err.code(), "estimate_signed");
    let err =
        s.db.write(|tx| remove_line(tx, NOW, agreed[0].id))
            .unwrap_err();
    assert_eq!(err.code(), "estimate_signed");
    assert_eq!(s.ops(), ops, "a refused change writes nothing");
    assert_eq!(lines::of_order(s.db.conn(), o.id).unwrap(), agreed);

    // The same work proposed as a supplement is taken, for the customer to approve.
    let supplement =
        s.db.write(|tx| supplements::add_supplement(tx, NOW, o.id, Some("Disques")))
            .unwrap();
    let in_supplement = LineInput {
        supplement_id: Some(supplement.id.to_string()),
        ..extra
    };
    let line = s.add(o.id, in_supplement);
    assert_eq!(line.supplement_id, Some(supplement.id));
    assert_eq!(
        crate::orders::page::order_totals(s.db.conn(), o.id).unwrap(),
        agreed_totals,
        "the agreed totals do not move before the supplement is approved"
    );
}

#[test]
fn a_part_added_at_the_bench_is_priced_by_the_front_desk_after_signature() {
    let mut s = shop();
    let o = s.accepted();
    let karim = s.karim.clone();
    let used = bench::PartUsedInput {
        description: Some("Liquide de frein".into()),
        quantity: Some("1".into()),
        ..Default::default()
    };
    let job_line =
        s.db.write(|tx| bench::add_part_used(tx, NOW, &karim, o.id, &used))
            .unwrap();
    let priced =
        s.db.write(|tx| {
            update_line(
                tx,
                NOW,
                job_line.id,
                &part("Liquide de frein", "1", "12,50"),
                FR,
            )
        })
        .unwrap();
    assert_eq!(priced.unit, Money::from_cents(1_250));
}

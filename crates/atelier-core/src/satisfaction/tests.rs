//! A visit paid for, a rating asked, given once through its link, summed
//! up per mechanic, site, customer and order, flagged when low, and known
//! to the other station.

use atelier_domain::Locale;
use time::macros::date;

use super::*;
use crate::calendar::paris_utc_ms;
use crate::campaigns::tests::{
    customer, exchange, invoiced, monday_10, pay_all, vehicle, workshop_db,
};
use crate::campaigns::{OutreachInput, save_outreach};
use crate::db::test_db;
use crate::messages::MessageStatus;
use crate::validation::Problem;

fn token_of(db: &crate::Db, customer: CustomerId) -> String {
    let m = messages::of_customer(db.conn(), customer)
        .unwrap()
        .into_iter()
        .find(|m| m.kind == MessageKind::Satisfaction)
        .expect("a rating request was queued");
    let link = m
        .body
        .split_whitespace()
        .find(|w| w.contains("/r/"))
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with("https://atelier.garage-tilleuls.fr/r/"),
        "{link}"
    );
    link.rsplit('/').next().unwrap().to_owned()
}

#[test]
fn a_paid_visit_is_rated_once_and_counted_for_its_mechanic_site_customer_and_order() {
    let now = monday_10();
    let (mut db, desk) = workshop_db(now);
    let anne = customer(&mut db, now, "Anne", Some("anne@example.fr"), None, true);
    let car = vehicle(&mut db, now, anne, "AA-111-AA", "diesel", "2015-03-01");
    let mechanic = db
        .write(|tx| {
            crate::users::create(
                tx,
                now,
                &crate::users::UserInput {
                    login: Some("karim".into()),
                    display_name: Some("Karim".into()),
                    roles: vec![crate::access::Role::Mechanic],
                    password: Some("correct horse battery".into()),
                    ..crate::users::UserInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let (order, invoice) = invoiced(&mut db, &desk, now, anne, car, Some(mechanic));
    // Paid in part: nothing asked yet. Paid in full: asked at once.
    let part = PaymentInput {
        method: Some("card".into()),
        amount: Some("20,00".into()),
        ..PaymentInput::default()
    };
    db.write(|tx| record_payment(tx, now, &desk, invoice, &part, Locale::Fr))
        .unwrap();
    assert_eq!(messages::of_customer(db.conn(), anne).unwrap().len(), 0);
    pay_all(&mut db, &desk, now, invoice);
    assert_eq!(db.write(|tx| ask(tx, now, invoice)).unwrap(), None, "once");
    let token = token_of(&db, anne);

    let before: i64 = db
        .conn()
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    for (score, comment, problem) in [
        (6, None, Problem::Number { min: 1, max: 5 }),
        (0, None, Problem::Number { min: 1, max: 5 }),
        (4, Some("<script>alert(1)</script>"), Problem::Markup),
        (4, Some("Voir <a href=x>ici</a>"), Problem::Markup),
        (
            4,
            Some(&*"très bien ".repeat(120)),
            Problem::TooLong { max: COMMENT_MAX },
        ),
    ] {
        let err = db
            .write(|tx| rate(tx, now, &token, score, comment))
            .unwrap_err();
        assert!(
            matches!(&err, Error::Invalid(i) if i.problem == problem),
            "{err:?}"
        );
    }
    let forged = db
        .write(|tx| rate(tx, now, "pas-un-jeton", 5, None))
        .unwrap_err();
    assert!(matches!(
        forged,
        Error::Customer(CustomerError::LinkUnknown)
    ));
    let after: i64 = db
        .conn()
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after, "nothing written");

    let r = db
        .write(|tx| {
            rate(
                tx,
                now + 1000,
                &token,
                2,
                Some("Accueil froid, 3 < 5 quand même"),
            )
        })
        .unwrap();
    assert_eq!((r.score, r.order_id), (2, Some(order)));
    let again = db
        .write(|tx| rate(tx, now + 2000, &token, 5, None))
        .unwrap_err();
    assert_eq!(again.code(), "link_used");

    let summary = of_order(db.conn(), order).unwrap();
    assert_eq!((summary.count, summary.average_tenths), (1, Some(20)));
    assert_eq!(summary.distribution, [0, 1, 0, 0, 0]);
    assert_eq!(summary.comments[0].text, "Accueil froid, 3 < 5 quand même");
    assert_eq!(of_customer(db.conn(), anne).unwrap(), summary);
    let report = report(db.conn(), "2026-12-01", "2026-12-31").unwrap();
    assert_eq!(report.sites.len(), 1);
    assert_eq!(report.sites[0].name, "Site principal");
    assert_eq!(report.mechanics.len(), 1);
    assert_eq!(report.mechanics[0].id, mechanic.to_string());
    assert_eq!(report.mechanics[0].summary, summary);
    // 2 is at the owner's threshold (2 by default): flagged.
    assert_eq!(low_ratings(db.conn(), now).unwrap().len(), 1);
    let owner = crate::pages::dashboard::dashboard(db.conn(), &desk, "2026-12-07")
        .unwrap()
        .owner
        .unwrap();
    assert_eq!(
        owner.low_ratings,
        low_ratings(db.conn(), now).unwrap(),
        "on the dashboard"
    );
    let page = crate::pages::customer::page(db.conn(), anne).unwrap();
    assert_eq!(page.ratings, summary, "on her page");

    // The other station: the request and the rating, ready for its reports.
    let mut b = test_db();
    exchange(&mut db, &mut b, now + 3000);
    assert_eq!(of_order(b.conn(), order).unwrap(), summary);
    assert_eq!(
        low_ratings(b.conn(), now).unwrap(),
        low_ratings(db.conn(), now).unwrap()
    );
}

#[test]
fn a_rating_is_asked_the_next_day_only_of_who_agreed_and_only_when_the_owner_chose_so() {
    let now = paris_utc_ms(date!(2026 - 12 - 12), 17 * 60); // a Saturday
    let (mut db, desk) = workshop_db(now);
    let next_day = OutreachInput {
        public_url: Some("https://atelier.garage-tilleuls.fr".into()),
        sms_stop_number: Some("36111".into()),
        satisfaction: Some("next_day".into()),
        low_rating: Some(1),
    };
    db.write(|tx| save_outreach(tx, now, &next_day)).unwrap();
    let sms_only = customer(&mut db, now, "Basile", None, Some("0622222222"), true);
    let car = vehicle(&mut db, now, sms_only, "BB-222-BB", "petrol", "2019-01-01");
    let (_, invoice) = invoiced(&mut db, &desk, now, sms_only, car, None);
    pay_all(&mut db, &desk, now, invoice);
    let m = messages::of_customer(db.conn(), sms_only).unwrap();
    assert_eq!(
        (m.len(), m[0].channel, m[0].status),
        (1, Channel::Sms, MessageStatus::Queued)
    );
    // Planned for Sunday 10:00; an SMS waits for Monday.
    assert_eq!(
        m[0].scheduled_at_ms,
        paris_utc_ms(date!(2026 - 12 - 13), 600) as i64
    );
    assert!(
        db.write(|tx| messages::claim_due(tx, paris_utc_ms(date!(2026 - 12 - 13), 600), 10))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.write(|tx| messages::claim_due(tx, paris_utc_ms(date!(2026 - 12 - 14), 9 * 60), 10))
            .unwrap()
            .len(),
        1
    );

    // No consent: not asked. The owner turns it off: nobody is.
    let no = customer(&mut db, now, "Cyril", Some("cyril@example.fr"), None, false);
    let car = vehicle(&mut db, now, no, "CC-333-CC", "petrol", "2019-01-01");
    let (_, invoice) = invoiced(&mut db, &desk, now, no, car, None);
    pay_all(&mut db, &desk, now, invoice);
    assert!(messages::of_customer(db.conn(), no).unwrap().is_empty());
    let off = OutreachInput {
        satisfaction: Some("off".into()),
        ..next_day
    };
    db.write(|tx| save_outreach(tx, now, &off)).unwrap();
    let yes = customer(&mut db, now, "Dora", Some("dora@example.fr"), None, true);
    let car = vehicle(&mut db, now, yes, "DD-444-DD", "petrol", "2019-01-01");
    let (_, invoice) = invoiced(&mut db, &desk, now, yes, car, None);
    pay_all(&mut db, &desk, now, invoice);
    assert!(messages::of_customer(db.conn(), yes).unwrap().is_empty());
}

#[test]
fn an_anonymisation_erases_the_words_of_a_rating_and_keeps_the_proof_of_a_withdrawal() {
    let now = monday_10();
    let (mut db, desk) = workshop_db(now);
    let anne = customer(&mut db, now, "Anne", Some("anne@example.fr"), None, true);
    let car = vehicle(&mut db, now, anne, "AA-111-AA", "diesel", "2015-03-01");
    let (order, invoice) = invoiced(&mut db, &desk, now, anne, car, None);
    pay_all(&mut db, &desk, now, invoice);
    let token = token_of(&db, anne);
    db.write(|tx| rate(tx, now, &token, 4, Some("Merci à Karim, très pro")))
        .unwrap();
    db.write(|tx| {
        crate::customers::consent::withdraw(
            tx,
            now,
            anne,
            Channel::Email,
            crate::customers::consent::Source::FrontDesk,
        )
    })
    .unwrap();
    // Her right of access shows both, in the file and on paper.
    let doc = crate::privacy::export::document(db.conn(), anne, now, Locale::Fr).unwrap();
    assert_eq!(doc["records"]["ratings"][0]["score"], 4);
    assert_eq!(
        doc["records"]["consent_withdrawals"][0]["source"],
        "front_desk"
    );
    let pdf = crate::privacy::summary::pdf(db.conn(), &doc, Locale::Fr).unwrap();
    let paper = crate::papers_read::text_of(&pdf);
    assert!(paper.contains("Consentements retirés"), "{paper}");
    assert!(paper.contains("4/5 Merci à Karim, très pro"), "{paper}");
    crate::privacy::anonymise_now(&mut db, now + 1000, anne).unwrap();
    let summary = of_order(db.conn(), order).unwrap();
    assert_eq!(
        (summary.count, summary.comments.len()),
        (1, 0),
        "the score stays"
    );
    let words: i64 = db
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE instr(payload, 'Karim, très pro') > 0)
                  + (SELECT COUNT(*) FROM audit_log WHERE instr(changes, 'Karim, très pro') > 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(words, 0, "nothing of her words is left in the history");
    let proof = crate::customers::consent::withdrawals_of(db.conn(), anne).unwrap();
    assert_eq!(proof.len(), 1, "the withdrawal is kept as proof");
}

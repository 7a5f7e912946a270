//! A workshop's winter campaign to its diesel cars over eight years old:
//! who it reaches, when its messages leave, that nobody gets it twice,
//! its unsubscribe links, its results, and its records on another station.

use atelier_domain::{CustomerId, InvoiceId, Locale, OrderId, UserId, VehicleId};
use time::macros::date;

use super::*;
use crate::access::{self, Actor, Role, Roles};
use crate::calendar::{paris_local, paris_utc_ms};
use crate::customers::consent::{self, Channel, Source};
use crate::customers::{self, CustomerError, CustomerInput};
use crate::db::test_db;
use crate::invoices::{self, PaymentInput};
use crate::messages::{self, MessageSettingsInput, MessageStatus, Outcome, secrets::InMemory};
use crate::orders::{self, LineInput, OrderInput};
use crate::sync::{Applier, outgoing};
use crate::vehicles::{self, VehicleInput};
use crate::workshop::{self, StationInput, WorkshopInput};
use crate::{Db, Error};

/// Monday 7 December 2026, 10:00 in France.
pub(crate) fn monday_10() -> u64 {
    paris_utc_ms(date!(2026 - 12 - 07), 10 * 60)
}

pub(crate) fn desk() -> Actor {
    Actor {
        user: Some(UserId::new()),
        name: "Léa".into(),
        roles: Roles::of(&[Role::FrontDesk, Role::Owner]),
    }
}

/// A workshop that sends e-mail and SMS, with its server's public address
/// and its STOP number.
pub(crate) fn workshop_db(now: u64) -> (Db, Actor) {
    let mut db = test_db();
    let desk = desk();
    access::set_author(db.conn(), Some(&desk)).unwrap();
    let garage = WorkshopInput {
        name: Some("Garage des Tilleuls".into()),
        legal_form: Some("SARL".into()),
        address_line1: Some("12 rue des Tilleuls".into()),
        postal_code: Some("69003".into()),
        city: Some("Lyon".into()),
        siret: Some("73282932000074".into()),
        vat_number: Some("FR44732829320".into()),
        ..WorkshopInput::default()
    };
    db.write(|tx| workshop::save(tx, now, &garage, Locale::Fr))
        .unwrap();
    db.write(|tx| {
        workshop::save_station(
            tx,
            &StationInput {
                series_prefix: Some("S1A".into()),
                idle_minutes: None,
            },
        )
    })
    .unwrap();
    let form = MessageSettingsInput {
        smtp_host: Some("smtp.garage.fr".into()),
        smtp_from: Some("atelier@garage.fr".into()),
        sms_url: Some("https://sms.example/send".into()),
        ..MessageSettingsInput::default()
    };
    db.write(|tx| messages::save_settings(tx, &form, &InMemory::default()))
        .unwrap();
    let settings = OutreachInput {
        public_url: Some("https://atelier.garage-tilleuls.fr/".into()),
        sms_stop_number: Some("36 111".into()),
        satisfaction: Some("immediate".into()),
        low_rating: None,
    };
    db.write(|tx| save_outreach(tx, now, &settings)).unwrap();
    (db, desk)
}

pub(crate) fn customer(
    db: &mut Db,
    now: u64,
    name: &str,
    email: Option<&str>,
    phone: Option<&str>,
    consent: bool,
) -> CustomerId {
    let input = CustomerInput {
        first_name: Some(name.into()),
        last_name: Some("Martin".into()),
        email: email.map(Into::into),
        phone: phone.map(Into::into),
        marketing_consent: consent,
        confirm_duplicate: true,
        ..CustomerInput::default()
    };
    db.write(|tx| customers::create(tx, now, &input))
        .unwrap()
        .id
}

pub(crate) fn vehicle(
    db: &mut Db,
    now: u64,
    owner: CustomerId,
    plate: &str,
    fuel: &str,
    registered: &str,
) -> VehicleId {
    let input = VehicleInput {
        customer_id: Some(owner.to_string()),
        plate: Some(plate.into()),
        make: Some("Peugeot".into()),
        model: Some("308".into()),
        fuel: Some(fuel.into()),
        first_registration: Some(registered.into()),
        ..VehicleInput::default()
    };
    db.write(|tx| vehicles::create(tx, now, &input)).unwrap().id
}

/// An order opened at `at`, done and invoiced for 100 € excl. VAT.
pub(crate) fn invoiced(
    db: &mut Db,
    desk: &Actor,
    at: u64,
    owner: CustomerId,
    car: VehicleId,
    mechanic: Option<UserId>,
) -> (OrderId, InvoiceId) {
    let header = OrderInput {
        customer_id: Some(owner.to_string()),
        vehicle_id: Some(car.to_string()),
        mechanic_ids: mechanic.map(|m| m.to_string()).into_iter().collect(),
        ..OrderInput::default()
    };
    let order = db
        .write(|tx| orders::create(tx, at, desk, &header, Locale::Fr))
        .unwrap()
        .id;
    let line = LineInput {
        kind: Some("part".into()),
        description: Some("Filtre à gazole".into()),
        quantity: Some("1".into()),
        unit_price: Some("100,00".into()),
        origin: Some("new_aftermarket".into()),
        ..LineInput::default()
    };
    db.write(|tx| orders::add_line(tx, at, order, &line, Locale::Fr))
        .unwrap();
    let approval = orders::Approval {
        signer_name: "Client".into(),
        signature_png: atelier_pdf::sample::signature_png(),
        recycled_parts_accepted: None,
        accepted_on: String::new(),
    };
    db.write(|tx| {
        orders::accept_estimate(tx, at, desk, order, &approval)?;
        orders::change_status(tx, at, desk, order, orders::OrderStatus::InProgress, None)?;
        orders::mark_done(tx, at, desk, order, None)
    })
    .unwrap();
    let invoice = db
        .write(|tx| invoices::draft_from_order(tx, at, desk, order))
        .unwrap()
        .summary
        .id;
    db.write(|tx| invoices::issue(tx, at, desk, invoice))
        .unwrap();
    (order, invoice)
}

pub(crate) fn pay_all(db: &mut Db, desk: &Actor, at: u64, invoice: InvoiceId) {
    let due = invoices::summary(db.conn(), invoice, "2026-12-31")
        .unwrap()
        .balance
        .cents();
    let payment = PaymentInput {
        method: Some("card".into()),
        amount: Some(format!("{},{:02}", due / 100, due % 100)),
        ..PaymentInput::default()
    };
    db.write(|tx| crate::satisfaction::record_payment(tx, at, desk, invoice, &payment, Locale::Fr))
        .unwrap();
}

fn winter(db: &mut Db, now: u64, cap: Option<u32>) -> Campaign {
    let input = CampaignInput {
        name: Some("Hiver diesel".into()),
        sms_segments: Some(2),
        sms_text: Some("{prenom}, -15 % sur l’entretien de votre {vehicule} avec le code {code} jusqu’au {fin}. {atelier}".into()),
        email_subject: Some("{prenom}, préparez votre {vehicule} pour l’hiver".into()),
        email_text: Some("Bonjour {prenom},\n\n-15 % avec le code {code}.".into()),
        valid_from: Some("2026-12-01".into()),
        valid_until: Some("2026-12-31".into()),
        code: Some("hiver26".into()),
        discount: Some("15".into()),
        daily_cap: cap,
        audience: Audience {
            fuels: vec!["diesel".into()],
            min_age_years: Some(8),
            ..Audience::default()
        },
        ..CampaignInput::default()
    };
    db.write(|tx| create(tx, now, &input)).unwrap()
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

struct Town {
    db: Db,
    desk: Actor,
    /// Consents, e-mail and phone, a diesel of 2015.
    anne: CustomerId,
    /// Consents, e-mail only, a diesel of 2012.
    bruno: CustomerId,
    /// Consents, both, a diesel of 2016, but said STOP to our SMS.
    chloe: CustomerId,
    anne_car: VehicleId,
}

/// Six customers with diesel and petrol cars; three of them reachable.
fn town() -> Town {
    let now = monday_10();
    let (mut db, desk) = workshop_db(now - 30 * 86_400_000);
    let then = now - 20 * 86_400_000;
    let anne = customer(
        &mut db,
        then,
        "Anne",
        Some("anne@example.fr"),
        Some("0611111111"),
        true,
    );
    let anne_car = vehicle(&mut db, then, anne, "AA-111-AA", "diesel", "2015-03-01");
    let bruno = customer(&mut db, then, "Bruno", Some("bruno@example.fr"), None, true);
    vehicle(&mut db, then, bruno, "BB-222-BB", "diesel", "2012-06-01");
    let chloe = customer(
        &mut db,
        then,
        "Chloé",
        Some("chloe@example.fr"),
        Some("0633333333"),
        true,
    );
    vehicle(&mut db, then, chloe, "CC-333-CC", "diesel", "2016-01-10");
    db.write(|tx| consent::sms_stop(tx, then, "06 33 33 33 33"))
        .unwrap();
    // No consent; anonymised; a petrol car; a diesel of last year.
    let denis = customer(
        &mut db,
        then,
        "Denis",
        Some("denis@example.fr"),
        Some("0644444444"),
        false,
    );
    vehicle(&mut db, then, denis, "DD-444-DD", "diesel", "2010-01-01");
    let emma = customer(
        &mut db,
        then,
        "Emma",
        Some("emma@example.fr"),
        Some("0655555555"),
        true,
    );
    vehicle(&mut db, then, emma, "EE-555-EE", "diesel", "2011-01-01");
    crate::privacy::anonymise_now(&mut db, then, emma).unwrap();
    let fanny = customer(
        &mut db,
        then,
        "Fanny",
        Some("fanny@example.fr"),
        Some("0666666666"),
        true,
    );
    vehicle(&mut db, then, fanny, "FF-666-FF", "petrol", "2010-01-01");
    let gaston = customer(
        &mut db,
        then,
        "Gaston",
        Some("gaston@example.fr"),
        None,
        true,
    );
    vehicle(&mut db, then, gaston, "GG-777-GG", "diesel", "2025-01-01");
    Town {
        db,
        desk,
        anne,
        bruno,
        chloe,
        anne_car,
    }
}

fn names(list: &[Recipient]) -> Vec<&str> {
    list.iter().map(|r| r.first_name.as_str()).collect()
}

#[test]
fn the_audience_is_those_who_agreed_on_each_channel_never_the_withdrawn_or_anonymised() {
    let mut t = town();
    let c = winter(&mut t.db, monday_10(), None);
    let today = "2026-12-07";
    let email = audience::recipients(t.db.conn(), &c.audience, Channel::Email, today).unwrap();
    let sms = audience::recipients(t.db.conn(), &c.audience, Channel::Sms, today).unwrap();
    // Denis never agreed, Emma was anonymised, Fanny drives petrol, Gaston's
    // car is a year old; Chloé said STOP, so she keeps her e-mails only.
    assert_eq!(names(&email), ["Anne", "Bruno", "Chloé"]);
    assert_eq!(names(&sms), ["Anne"]);
    assert_eq!(sms[0].vehicle.as_deref(), Some("Peugeot 308"));
    let count = preview(
        t.db.conn(),
        &c.audience,
        &[Channel::Email, Channel::Sms],
        today,
    )
    .unwrap();
    assert_eq!((count.customers, count.email, count.sms), (3, 3, 1));
    assert_eq!(count.sample.len(), 4);

    // Customers of a site: those with an order or an appointment there.
    let site = crate::stock::current_site(t.db.conn()).unwrap().to_string();
    let desk = t.desk.clone();
    invoiced(
        &mut t.db,
        &desk,
        monday_10() - 86_400_000,
        t.anne,
        t.anne_car,
        None,
    );
    let here = Audience {
        site_id: Some(site),
        ..c.audience.clone()
    };
    let there = Audience {
        site_id: Some(atelier_domain::SiteId::new().to_string()),
        ..c.audience.clone()
    };
    let email_here = audience::recipients(t.db.conn(), &here, Channel::Email, today).unwrap();
    assert_eq!(names(&email_here), ["Anne"]);
    assert!(
        audience::recipients(t.db.conn(), &there, Channel::Email, today)
            .unwrap()
            .is_empty()
    );
    // Last visit: Anne came yesterday; nobody else ever came.
    let recent = Audience {
        last_visit_after: Some("2026-12-01".into()),
        ..c.audience.clone()
    };
    assert_eq!(
        names(&audience::recipients(t.db.conn(), &recent, Channel::Email, today).unwrap()),
        ["Anne"]
    );
    let long_ago = Audience {
        last_visit_before: Some("2026-12-01".into()),
        ..c.audience
    };
    assert!(
        audience::recipients(t.db.conn(), &long_ago, Channel::Email, today)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_template_naming_an_unknown_field_or_too_long_for_its_sms_writes_nothing() {
    let (mut db, _) = workshop_db(monday_10());
    let before = count(&db, "SELECT COUNT(*) FROM outbox");
    let unknown = CampaignInput {
        name: Some("Été".into()),
        email_subject: Some("Bonjour {nom}".into()),
        email_text: Some("Texte".into()),
        ..CampaignInput::default()
    };
    let err = db
        .write(|tx| create(tx, monday_10(), &unknown))
        .unwrap_err();
    assert_eq!(err.field(), Some("email_subject"));
    assert!(
        err.message(Locale::Fr).contains("{nom}"),
        "{}",
        err.message(Locale::Fr)
    );
    let long = CampaignInput {
        name: Some("Été".into()),
        sms_text: Some(format!("{{prenom}} {}", "x".repeat(140))),
        ..CampaignInput::default()
    };
    let err = db.write(|tx| create(tx, monday_10(), &long)).unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(i) if matches!(i.problem, crate::validation::Problem::SmsTooLong { segments: 2, announced: 1, .. })),
        "{err:?}"
    );
    // Announcing two SMS lets it through.
    let two = CampaignInput {
        sms_segments: Some(2),
        ..long
    };
    db.write(|tx| create(tx, monday_10(), &two)).unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM campaigns"), 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox"), before + 1);
}

#[test]
fn a_campaign_reaches_each_customer_once_on_each_channel_through_retries_and_a_crash() {
    let mut t = town();
    let now = monday_10();
    let c = winter(&mut t.db, now, None);
    let launched = t.db.write(|tx| launch(tx, now, c.id)).unwrap();
    assert_eq!((launched.email, launched.sms, launched.already), (3, 1, 0));
    // Launched again (a second click, a retry): nothing more is queued.
    let again = t.db.write(|tx| launch(tx, now + 1000, c.id)).unwrap();
    assert_eq!((again.email, again.sms, again.already), (0, 0, 4));
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM messages WHERE kind = 'campaign'"
        ),
        4
    );
    // Every message is on its customer's page, Anne's SMS ending with STOP.
    let anne = messages::of_customer(t.db.conn(), t.anne).unwrap();
    assert_eq!(anne.len(), 2);
    let sms = anne.iter().find(|m| m.channel == Channel::Sms).unwrap();
    assert!(sms.body.starts_with("Anne, -15 % sur l'entretien de votre Peugeot 308 avec le code HIVER26 jusqu'au 31/12/2026."), "{}", sms.body);
    assert!(sms.body.ends_with("\nSTOP au 36111"), "{}", sms.body);
    let mail = anne.iter().find(|m| m.channel == Channel::Email).unwrap();
    let url = mail.unsubscribe_url.clone().unwrap();
    assert!(
        url.starts_with("https://atelier.garage-tilleuls.fr/u/"),
        "{url}"
    );
    assert!(mail.body.ends_with(&url), "the link is in the text too");

    // Spread over the day (10:00, 13:00, 16:00): by 17:00 the sender has
    // claimed them all; the network is lost mid-send of the first; the
    // station stops.
    let claimed =
        t.db.write(|tx| messages::claim_due(tx, now + 7 * 3_600_000, 50))
            .unwrap();
    assert_eq!(claimed.len(), 4);
    let retried = claimed[0].id;
    t.db.write(|tx| {
        messages::record_outcome(tx, now, retried, &Outcome::Retry("connexion perdue".into()))
    })
    .unwrap();
    assert_eq!(t.db.write(messages::recover_interrupted).unwrap(), 3);
    // After the restart: only the one that surely did not leave goes again.
    let later = now + 8 * 3_600_000;
    let claimed = t.db.write(|tx| messages::claim_due(tx, later, 50)).unwrap();
    assert_eq!(claimed.iter().map(|m| m.id).collect::<Vec<_>>(), [retried]);
    t.db.write(|tx| messages::record_outcome(tx, later, retried, &Outcome::Sent))
        .unwrap();
    assert!(
        t.db.write(|tx| messages::claim_due(tx, later + 86_400_000, 50))
            .unwrap()
            .is_empty()
    );
    let again = t.db.write(|tx| launch(tx, later, c.id)).unwrap();
    assert_eq!((again.email, again.sms), (0, 0), "never queued twice");
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM messages WHERE status = 'unknown'"
        ),
        3,
        "maybe sent: left for a person to decide"
    );
}

#[test]
fn sms_leave_only_in_allowed_hours_on_working_days_and_the_cap_spreads_them() {
    let mut t = town();
    // Chloé says yes again to SMS on a later day: two SMS recipients.
    let chloe = customers::get(t.db.conn(), t.chloe).unwrap();
    let mut form = CustomerInput {
        first_name: chloe.first_name.clone(),
        last_name: chloe.last_name.clone(),
        email: chloe.email.clone(),
        phone: chloe.phone.clone(),
        marketing_consent: false,
        confirm_duplicate: true,
        ..CustomerInput::default()
    };
    t.db.write(|tx| customers::update(tx, monday_10() - 3 * 86_400_000, t.chloe, &form))
        .unwrap();
    form.marketing_consent = true;
    t.db.write(|tx| customers::update(tx, monday_10() - 2 * 86_400_000, t.chloe, &form))
        .unwrap();
    assert!(!consent::has_withdrawn(t.db.conn(), t.chloe, Channel::Sms).unwrap());
    // Launched on Saturday 19 December at 19:30, after the hours (09–19).
    let saturday = paris_utc_ms(date!(2026 - 12 - 19), 19 * 60 + 30);
    let c = winter(&mut t.db, saturday, Some(1));
    let sms_only = CampaignInput {
        email_text: None,
        email_subject: None,
        ..CampaignInput::from(&c)
    };
    let c =
        t.db.write(|tx| update(tx, saturday, c.id, &sms_only))
            .unwrap();
    let launched = t.db.write(|tx| launch(tx, saturday, c.id)).unwrap();
    assert_eq!(launched.sms, 2);
    // Not on Sunday: Monday 09:00, then (one a day) Tuesday 09:00.
    let planned: Vec<_> = messages::of_customer(t.db.conn(), t.anne)
        .unwrap()
        .into_iter()
        .chain(messages::of_customer(t.db.conn(), t.chloe).unwrap())
        .filter(|m| m.kind == messages::MessageKind::Campaign)
        .map(|m| paris_local(m.scheduled_at_ms.unsigned_abs()))
        .collect();
    assert!(
        planned.contains(&(date!(2026 - 12 - 21), 9 * 60)),
        "{planned:?}"
    );
    assert!(
        planned.contains(&(date!(2026 - 12 - 22), 9 * 60)),
        "{planned:?}"
    );
    // Both made due at once (the clock moved): Sunday night, nothing
    // leaves; Monday, one, the other waits for Tuesday.
    t.db.conn()
        .execute("UPDATE messages SET next_attempt_ms = 0", [])
        .unwrap();
    let sunday_night = paris_utc_ms(date!(2026 - 12 - 20), 23 * 60);
    assert!(
        t.db.write(|tx| messages::claim_due(tx, sunday_night, 50))
            .unwrap()
            .is_empty()
    );
    let monday = paris_utc_ms(date!(2026 - 12 - 21), 9 * 60 + 5);
    let claimed =
        t.db.write(|tx| messages::claim_due(tx, monday, 50))
            .unwrap();
    assert_eq!(claimed.len(), 1);
    t.db.write(|tx| messages::record_outcome(tx, monday, claimed[0].id, &Outcome::Sent))
        .unwrap();
    assert!(
        t.db.write(|tx| messages::claim_due(tx, monday + 3_600_000, 50))
            .unwrap()
            .is_empty()
    );
    let waiting: i64 = count(
        &t.db,
        "SELECT next_attempt_ms FROM messages WHERE status = 'queued' AND kind = 'campaign'",
    );
    assert_eq!(
        paris_local(waiting.unsigned_abs()),
        (date!(2026 - 12 - 22), 9 * 60)
    );
    // Christmas Day is a Friday: a retry due then waits for Saturday.
    let christmas = paris_utc_ms(date!(2026 - 12 - 25), 11 * 60);
    t.db.conn()
        .execute(
            "UPDATE messages SET next_attempt_ms = 0 WHERE status = 'queued'",
            [],
        )
        .unwrap();
    assert!(
        t.db.write(|tx| messages::claim_due(tx, christmas, 50))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_unsubscribe_link_withdraws_once_and_a_forged_or_reused_one_writes_nothing() {
    let mut t = town();
    let now = monday_10();
    let c = winter(&mut t.db, now, None);
    t.db.write(|tx| launch(tx, now, c.id)).unwrap();
    let mail = messages::of_customer(t.db.conn(), t.bruno)
        .unwrap()
        .into_iter()
        .find(|m| m.channel == Channel::Email)
        .unwrap();
    let token = mail
        .unsubscribe_url
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let stored: i64 =
        t.db.conn()
            .query_row(
                "SELECT COUNT(*) FROM unsubscribe_tokens WHERE token_hash = ?1",
                [consent::token_hash(&token)],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(stored, 1, "only the hash is kept");
    let kept_plain: i64 =
        t.db.conn()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE instr(payload, ?1) > 0",
                [&token],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(kept_plain, 0, "no operation carries the token");

    let later = now + 3_600_000;
    let w =
        t.db.write(|tx| consent::unsubscribe(tx, later, &token))
            .unwrap();
    assert_eq!(
        (w.customer_id, w.channel, w.source),
        (t.bruno, Channel::Email, Source::Link)
    );
    assert_eq!(w.withdrawn_on, "2026-12-07");
    assert_eq!(w.campaign_id, Some(c.id.to_string()));
    let before = count(&t.db, "SELECT COUNT(*) FROM outbox");
    let reused =
        t.db.write(|tx| consent::unsubscribe(tx, later, &token))
            .unwrap_err();
    assert!(
        matches!(reused, Error::Customer(CustomerError::LinkUsed)),
        "{reused:?}"
    );
    let forged = t
        .db
        .write(|tx| consent::unsubscribe(tx, later, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .unwrap_err();
    assert_eq!(forged.code(), "link_unknown");
    assert!(forged.message(Locale::Fr).contains("lien"));
    assert_eq!(
        count(&t.db, "SELECT COUNT(*) FROM outbox"),
        before,
        "nothing written"
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM consent_withdrawals"), 2);
    let page = crate::pages::customer::page(t.db.conn(), t.bruno).unwrap();
    assert!(
        page.email_withdrawn && !page.sms_withdrawn,
        "his page shows it"
    );
    assert_eq!(page.withdrawals, [w]);
    // Bruno is out of the next campaign, and of the reminders by e-mail.
    let email =
        audience::recipients(t.db.conn(), &c.audience, Channel::Email, "2026-12-07").unwrap();
    assert_eq!(names(&email), ["Anne", "Chloé"]);
    // Anne answers STOP to the SMS she was sent: counted for the campaign.
    let anne_sms = messages::of_customer(t.db.conn(), t.anne)
        .unwrap()
        .into_iter()
        .find(|m| m.channel == Channel::Sms)
        .unwrap();
    let claimed = t.db.write(|tx| messages::claim_due(tx, now, 50)).unwrap();
    assert!(claimed.iter().any(|m| m.id == anne_sms.id), "{claimed:?}");
    let sent =
        t.db.write(|tx| messages::record_outcome(tx, now, anne_sms.id, &Outcome::Sent))
            .unwrap();
    assert_eq!(
        (sent.status, &sent.recipient),
        (MessageStatus::Sent, &"+33611111111".to_owned())
    );
    let stop =
        t.db.write(|tx| consent::sms_stop(tx, later, "+33 6 11 11 11 11"))
            .unwrap();
    assert_eq!(stop.len(), 1);
    assert_eq!(stop[0].campaign_id, Some(c.id.to_string()));
    assert!(
        t.db.write(|tx| consent::sms_stop(tx, later, "06 11 11 11 11"))
            .unwrap()
            .is_empty(),
        "a second STOP adds nothing"
    );
    let results = results(t.db.conn(), c.id, later).unwrap();
    assert_eq!(results.unsubscribed, 2);
}

#[test]
fn results_count_the_recipients_who_came_back_in_the_period_and_their_orders() {
    let mut t = town();
    let now = monday_10();
    let desk = t.desk.clone();
    // Bruno's car came in November, before the period.
    let bruno_car = vehicles::of_customer(t.db.conn(), t.bruno).unwrap()[0].id;
    invoiced(
        &mut t.db,
        &desk,
        now - 20 * 86_400_000,
        t.bruno,
        bruno_car,
        None,
    );
    let c = winter(&mut t.db, now, None);
    t.db.write(|tx| launch(tx, now, c.id)).unwrap();
    let claimed =
        t.db.write(|tx| messages::claim_due(tx, now + 7 * 3_600_000, 50))
            .unwrap();
    for m in &claimed {
        t.db.write(|tx| messages::record_outcome(tx, now, m.id, &Outcome::Sent))
            .unwrap();
    }
    // Anne comes back on the 10th, in the period; a customer the campaign
    // did not reach comes too.
    let tenth = paris_utc_ms(date!(2026 - 12 - 10), 9 * 60);
    invoiced(&mut t.db, &desk, tenth, t.anne, t.anne_car, None);
    let other = customer(&mut t.db, now, "Hugo", None, None, false);
    let other_car = vehicle(&mut t.db, now, other, "HH-888-HH", "diesel", "2014-01-01");
    invoiced(&mut t.db, &desk, tenth, other, other_car, None);

    let r = results(
        t.db.conn(),
        c.id,
        paris_utc_ms(date!(2026 - 12 - 15), 12 * 60),
    )
    .unwrap();
    assert_eq!(
        (r.from.as_str(), r.until.as_str()),
        ("2026-12-01", "2026-12-31")
    );
    assert_eq!((r.sent, r.failed, r.queued), (4, 0, 0));
    assert_eq!((r.came_back, r.orders), (1, 1));
    assert_eq!(r.revenue, atelier_domain::Money::from_cents(10_000));
    let anne: Vec<_> = r
        .rows
        .iter()
        .filter(|row| row.customer_id == t.anne)
        .collect();
    assert!(
        anne.iter()
            .all(|row| row.came_back_on.as_deref() == Some("2026-12-10"))
    );

    let dir = tempfile::tempdir().unwrap();
    let path = results_csv(t.db.conn(), c.id, now, Locale::Fr, dir.path()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        path.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("campagne-hiver-diesel-")
    );
    assert!(text.starts_with("\u{feff}Client;Canal;État;"), "{text}");
    assert!(
        text.contains("Anne Martin;email;sent;07/12/2026;;10/12/2026;1;100,00"),
        "{text}"
    );
}

#[test]
fn a_test_goes_to_oneself_now_with_a_sample_customer_and_the_code_brings_its_offer() {
    let mut t = town();
    let now = monday_10();
    let c = winter(&mut t.db, now, None);
    let m =
        t.db.write(|tx| test_send(tx, now, c.id, Channel::Email, "lea@garage.fr", Locale::Fr))
            .unwrap();
    assert_eq!(m.customer_id, None);
    assert_eq!(
        m.subject.as_deref(),
        Some("[Essai] Camille, préparez votre Peugeot 308 pour l’hiver")
    );
    assert_eq!(m.status, MessageStatus::Queued);
    assert_eq!(m.scheduled_at_ms, now as i64);
    let err =
        t.db.write(|tx| test_send(tx, now, c.id, Channel::Sms, "pas un numéro", Locale::Fr))
            .unwrap_err();
    assert_eq!(err.field(), Some("phone"));

    let offer = offer_for_code(t.db.conn(), " Hiver26 ", "2026-12-07").unwrap();
    assert_eq!(offer.discount.map(|p| p.bp()), Some(1500));
    assert!(
        offer_for_code(t.db.conn(), "HIVER26", "2027-01-01").is_err(),
        "over"
    );
    let order =
        t.db.write(|tx| {
            orders::create(
                tx,
                now,
                &t.desk,
                &OrderInput {
                    customer_id: Some(t.anne.to_string()),
                    vehicle_id: Some(t.anne_car.to_string()),
                    ..OrderInput::default()
                },
                Locale::Fr,
            )
        })
        .unwrap()
        .id;
    t.db.write(|tx| apply_offer(tx, now, order, "hiver26", "2026-12-07"))
        .unwrap();
    let o = orders::get(t.db.conn(), order).unwrap();
    assert_eq!(
        o.discount,
        orders::OrderDiscount::Percent(atelier_domain::Percent::new(1500).unwrap())
    );
}

/// Moves every operation of `from` not yet sent to `to`, as a pull would.
pub(crate) fn exchange(from: &mut Db, to: &mut Db, now: u64) {
    let ops = outgoing(from.conn(), u32::MAX).unwrap();
    from.conn()
        .execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])
        .unwrap();
    let applied = to
        .write(|tx| Applier::new().apply_page(tx, &ops, now))
        .unwrap();
    assert_eq!(applied.parked, 0, "every operation applies");
}

#[test]
fn a_campaign_and_a_withdrawal_reach_the_other_station() {
    let mut t = town();
    let now = monday_10();
    let c = winter(&mut t.db, now, Some(50));
    t.db.write(|tx| launch(tx, now, c.id)).unwrap();
    let mut b = test_db();
    exchange(&mut t.db, &mut b, now);
    assert_eq!(
        get(b.conn(), c.id).unwrap(),
        get(t.db.conn(), c.id).unwrap()
    );
    assert_eq!(outreach(b.conn()).unwrap(), outreach(t.db.conn()).unwrap());
    assert!(consent::has_withdrawn(b.conn(), t.chloe, Channel::Sms).unwrap());
    assert_eq!(
        consent::withdrawals_of(b.conn(), t.chloe).unwrap(),
        consent::withdrawals_of(t.db.conn(), t.chloe).unwrap()
    );
    // An edit of the name on B reaches A, field by field.
    let renamed = CampaignInput {
        name: Some("Hiver diesel 2026".into()),
        ..CampaignInput::from(&get(b.conn(), c.id).unwrap())
    };
    b.write(|tx| update(tx, now + 1000, c.id, &renamed))
        .unwrap();
    exchange(&mut b, &mut t.db, now + 2000);
    assert_eq!(get(t.db.conn(), c.id).unwrap().name, "Hiver diesel 2026");
    // The messages stay with the station that queued them.
    assert_eq!(count(&b, "SELECT COUNT(*) FROM messages"), 0);
}

#[test]
fn the_audience_finds_cars_by_make_estimated_mileage_and_service_due() {
    // Read on 1 January 2024: the Peugeot at 60,000 km after four years
    // (about 104,600 km estimated on 7 December 2026), the Renault at 20,000.
    let read = paris_utc_ms(date!(2024 - 01 - 01), 10 * 60);
    let (mut db, _) = workshop_db(read);
    let far = customer(&mut db, read, "Anne", Some("anne@example.fr"), None, true);
    let near = customer(&mut db, read, "Bruno", Some("bruno@example.fr"), None, true);
    for (owner, plate, make, km, registered) in [
        (far, "AA-111-AA", "Peugeot", 60_000, "2020-01-01"),
        (near, "BB-222-BB", "Renault", 20_000, "2020-06-01"),
    ] {
        let input = VehicleInput {
            customer_id: Some(owner.to_string()),
            plate: Some(plate.into()),
            make: Some(make.into()),
            first_registration: Some(registered.into()),
            mileage: Some(serde_json::json!(km)),
            ..VehicleInput::default()
        };
        db.write(|tx| vehicles::create(tx, read, &input)).unwrap();
    }
    let rule = crate::planning::RuleInput {
        name: Some("Vidange".into()),
        kind: Some("service".into()),
        every_months: Some("12".into()),
        ..crate::planning::RuleInput::default()
    };
    db.write(|tx| crate::planning::create_rule(tx, read, &rule))
        .unwrap();
    let today = "2026-12-07";
    let reach = |a: Audience| {
        let found = audience::recipients(db.conn(), &a, Channel::Email, today).unwrap();
        found
            .iter()
            .map(|r| r.first_name.clone())
            .collect::<Vec<_>>()
    };
    let make = Audience {
        makes: vec![" peugeot".into()],
        ..Audience::default()
    };
    assert_eq!(reach(make), ["Anne"]);
    let over = Audience {
        min_km: Some(100_000),
        ..Audience::default()
    };
    assert_eq!(reach(over), ["Anne"]);
    let under = Audience {
        max_km: Some(100_000),
        ..Audience::default()
    };
    assert_eq!(reach(under), ["Bruno"]);
    // The Peugeot's yearly service falls on 1 January 2027, within 30 days;
    // the Renault's on 1 June 2027. Neither is overdue.
    let due = Audience {
        service_due_within_days: Some(30),
        ..Audience::default()
    };
    assert_eq!(reach(due), ["Anne"]);
    let overdue = Audience {
        service_overdue: true,
        ..Audience::default()
    };
    assert!(reach(overdue).is_empty());
    let bad = Audience {
        fuels: vec!["charbon".into()],
        ..Audience::default()
    };
    let err = audience::recipients(db.conn(), &bad, Channel::Email, today).unwrap_err();
    assert_eq!(err.field(), Some("fuel"));
}

//! Sending through the message outbox: consent, send-once under retries and
//! crashes, and real deliveries to an SMTP server and an SMS provider on
//! loopback.

use std::cell::RefCell;
use std::sync::{Mutex, mpsc};

use atelier_core::Db;
use atelier_core::customers::{self, CustomerInput};
use atelier_core::messages::secrets::InMemory;
use atelier_core::messages::{
    BACKOFF_MS, Message, MessageSettingsInput, MessageStatus, Outcome, Transport, claim_due,
    of_customer, queue_reminder, recover_interrupted, resend, save_settings, send_all_due,
};
use atelier_core::planning::{RuleInput, create_rule};
use atelier_core::vehicles::{self, VehicleInput};
use atelier_domain::{CustomerId, ReminderRuleId, VehicleId};

use crate::test_servers::{SmsSink, SmtpSink};
use crate::{Network, sender};

const NOW: u64 = 1_773_644_400_000;

fn test_db() -> Db {
    Db::open_in_memory().unwrap()
}

struct Desk {
    db: Db,
    secrets: Box<InMemory>,
    vehicle: VehicleId,
    rule: ReminderRuleId,
    customer: CustomerId,
}

fn desk(consent: bool, smtp: Option<&SmtpSink>, sms: Option<&SmsSink>) -> Desk {
    let mut db = test_db();
    let customer = db
        .write(|tx| {
            customers::create(
                tx,
                NOW,
                &CustomerInput {
                    last_name: Some("Durand".into()),
                    email: Some("durand@example.fr".into()),
                    phone: Some("06 12 34 56 78".into()),
                    marketing_consent: consent,
                    ..CustomerInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let vehicle = db
        .write(|tx| {
            vehicles::create(
                tx,
                NOW,
                &VehicleInput {
                    customer_id: Some(customer.to_string()),
                    plate: Some("AB-123-CD".into()),
                    make: Some("Renault".into()),
                    model: Some("Clio".into()),
                    ..VehicleInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let rule = db
        .write(|tx| {
            create_rule(
                tx,
                NOW,
                &RuleInput {
                    name: Some("Contrôle technique".into()),
                    kind: Some("inspection".into()),
                    every_months: Some("24".into()),
                    first_months: Some("48".into()),
                    ..RuleInput::default()
                },
            )
        })
        .unwrap()
        .id;
    let input = form(smtp, sms);
    let secrets = Box::<InMemory>::default();
    db.write(|tx| save_settings(tx, &input, &*secrets)).unwrap();
    Desk {
        db,
        secrets,
        vehicle,
        rule,
        customer,
    }
}

/// Réglages' message settings sending to the loopback servers given.
fn form(smtp: Option<&SmtpSink>, sms: Option<&SmsSink>) -> MessageSettingsInput {
    MessageSettingsInput {
        smtp_host: smtp.map(|_| "127.0.0.1".into()),
        smtp_port: smtp.map(|s| s.addr.port().to_string()),
        smtp_security: Some("none".into()),
        smtp_from: smtp.map(|_| "atelier@example.fr".into()),
        sms_url: sms.map(|s| s.url.clone()),
        sms_key: Some("k".into()),
        ..MessageSettingsInput::default()
    }
}

impl Desk {
    fn remind(&mut self) -> Vec<Message> {
        let (v, r) = (self.vehicle, self.rule);
        self.db
            .write(|tx| queue_reminder(tx, NOW, v, r, "2026-04-01"))
            .unwrap()
    }

    fn send(&mut self, at: u64) -> Vec<Message> {
        let network = Network::load(self.db.conn(), &*self.secrets).unwrap();
        send_all_due(&mut self.db, at, &network).unwrap()
    }
}
#[test]
fn a_reminder_reaches_the_smtp_server_exactly_once() {
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None);
    assert_eq!(d.remind().len(), 1, "e-mail only: no SMS provider set up");
    assert!(d.remind().is_empty(), "the same reminder is queued once");
    let sent = d.send(NOW);
    assert_eq!(
        sent[0].status,
        MessageStatus::Sent,
        "{:?}",
        sent[0].last_error
    );
    assert!(
        d.send(NOW + 3_600_000).is_empty(),
        "nothing is left to send"
    );
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("Contr"), "{}", got[0]);
    let log = of_customer(d.db.conn(), d.customer).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, MessageStatus::Sent);
}

#[test]
fn a_campaign_e_mail_carries_its_one_click_unsubscribe_headers_and_link() {
    use atelier_core::campaigns::{self, CampaignInput, OutreachInput};
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None);
    let settings = OutreachInput {
        public_url: Some("https://atelier.example.fr".into()),
        ..OutreachInput::default()
    };
    d.db.write(|tx| campaigns::save_outreach(tx, NOW, &settings))
        .unwrap();
    let input = CampaignInput {
        name: Some("Printemps".into()),
        email_subject: Some("Votre {vehicule} au printemps".into()),
        email_text: Some("Bonjour {prenom}, contrôle offert.".into()),
        ..CampaignInput::default()
    };
    let c = d.db.write(|tx| campaigns::create(tx, NOW, &input)).unwrap();
    // 10:00 in France on a Monday, within the campaign's hours.
    let ten = NOW + 2 * 3_600_000;
    let launched = d.db.write(|tx| campaigns::launch(tx, ten, c.id)).unwrap();
    assert_eq!(launched.email, 1);
    let sent = d.send(ten);
    assert_eq!(
        sent[0].status,
        MessageStatus::Sent,
        "{:?}",
        sent[0].last_error
    );
    let mail = smtp.received().concat();
    let url = sent[0].unsubscribe_url.clone().unwrap();
    assert!(
        mail.contains(&format!("List-Unsubscribe: <{url}>")),
        "{mail}"
    );
    assert!(
        mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{mail}"
    );
    assert!(mail.contains("Votre Renault Clio au printemps"), "{mail}");
    assert!(url.starts_with("https://atelier.example.fr/u/"));
    assert_eq!(
        of_customer(d.db.conn(), d.customer).unwrap()[0].kind,
        atelier_core::messages::MessageKind::Campaign,
        "on the customer's page"
    );
}

#[test]
fn without_consent_nothing_is_queued() {
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(false, Some(&smtp), None);
    assert!(d.remind().is_empty());
    assert!(d.send(NOW).is_empty());
}

#[test]
fn an_sms_refused_for_now_is_retried_after_its_backoff_and_arrives_once() {
    let sms = SmsSink::start(vec![503]).unwrap();
    let mut d = desk(true, None, Some(&sms));
    assert_eq!(d.remind().len(), 1);
    let first = d.send(NOW);
    assert_eq!(
        first[0].status,
        MessageStatus::Queued,
        "503: try again later"
    );
    assert!(d.send(NOW + 1_000).is_empty(), "not before its backoff");
    let second = d.send(NOW + BACKOFF_MS[0]);
    assert_eq!(second[0].status, MessageStatus::Sent);
    assert_eq!(second[0].attempts, 2);
    assert_eq!(sms.received().len(), 1);
    assert!(sms.received()[0].contains("+33612345678"));
}

#[test]
fn an_unreachable_server_is_retried_and_gives_up_after_the_last_backoff() {
    // A port nobody listens on: the connection is refused, nothing left.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None);
    d.db.write(|tx| {
        tx.execute(
            "UPDATE local_settings SET value = ?1 WHERE key = 'messages.smtp_port'",
            [port.to_string()],
        )
        .map_err(atelier_core::Error::from)
    })
    .unwrap();
    d.remind();
    let mut at = NOW;
    for wait in BACKOFF_MS {
        assert_eq!(d.send(at)[0].status, MessageStatus::Queued);
        at += wait;
    }
    assert_eq!(
        d.send(at)[0].status,
        MessageStatus::Failed,
        "out of retries"
    );
}

/// A transport that stops the workstation mid-send: nothing comes back.
struct Crash<'a>(&'a RefCell<u32>);

impl Transport for Crash<'_> {
    fn send(&self, _: &Message) -> Outcome {
        *self.0.borrow_mut() += 1;
        Outcome::Unknown("connection lost after DATA".into())
    }
}

#[test]
fn a_message_whose_result_is_unknown_is_never_sent_again_on_its_own() {
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None);
    d.remind();
    // The station stops between the claim and the result.
    let claimed = d.db.write(|tx| claim_due(tx, NOW, 10)).unwrap();
    assert_eq!(claimed[0].status, MessageStatus::Sending);
    assert_eq!(d.db.write(recover_interrupted).unwrap(), 1);
    assert!(
        d.send(NOW + 86_400_000).is_empty(),
        "unknown is not re-sent blindly"
    );
    let calls = RefCell::new(0);
    let id = claimed[0].id;
    d.db.write(|tx| resend(tx, NOW, id)).unwrap();
    let after = send_all_due(&mut d.db, NOW, &Crash(&calls)).unwrap();
    assert_eq!(after[0].status, MessageStatus::Unknown);
    assert!(d.send(NOW + 86_400_000).is_empty());
    assert_eq!(*calls.borrow(), 1);
    assert!(smtp.received().is_empty());
    // A person looks and sends it again, once.
    d.db.write(|tx| resend(tx, NOW, id)).unwrap();
    assert_eq!(d.send(NOW)[0].status, MessageStatus::Sent);
    assert_eq!(smtp.received().len(), 1);
}

impl Desk {
    /// Forgets the SMS key, so that the sender, which reads secrets from the
    /// OS keyring, has none to look for (these tests run without one).
    fn without_secrets(mut self, smtp: &SmtpSink) -> Desk {
        let input = MessageSettingsInput {
            sms_key: None,
            clear_secrets: true,
            ..form(Some(smtp), None)
        };
        let secrets = &*self.secrets;
        self.db
            .write(|tx| save_settings(tx, &input, secrets))
            .unwrap();
        self
    }
}

/// Runs the sender over `db` for one round after its first, as if woken
/// once, until nobody can wake it any more.
fn run_sender(db: Db) -> Db {
    let (wake, woken) = mpsc::channel();
    wake.send(()).unwrap();
    drop(wake);
    let db = Mutex::new(db);
    sender::run(&db, &woken, &|| NOW);
    db.into_inner().unwrap()
}

#[test]
fn the_sender_sends_what_is_due_once_and_stops_when_nobody_can_wake_it() {
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None).without_secrets(&smtp);
    assert_eq!(d.remind().len(), 1);
    let db = run_sender(d.db);
    let log = of_customer(db.conn(), d.customer).unwrap();
    assert_eq!(
        log[0].status,
        MessageStatus::Sent,
        "{:?}",
        log[0].last_error
    );
    assert_eq!(smtp.received().len(), 1, "two rounds, one e-mail");
}

#[test]
fn the_sender_marks_a_message_a_stop_left_mid_send_unknown_and_does_not_send_it() {
    let smtp = SmtpSink::start().unwrap();
    let mut d = desk(true, Some(&smtp), None).without_secrets(&smtp);
    d.remind();
    // The station stopped between the claim and the result.
    let claimed = d.db.write(|tx| claim_due(tx, NOW, 10)).unwrap();
    assert_eq!(claimed.len(), 1);
    let db = run_sender(d.db);
    let log = of_customer(db.conn(), d.customer).unwrap();
    assert_eq!(log[0].status, MessageStatus::Unknown);
    assert!(
        smtp.received().is_empty(),
        "maybe sent: never sent again on its own"
    );
}

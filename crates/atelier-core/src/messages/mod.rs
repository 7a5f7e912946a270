//! Messages to customers — appointment confirmations and service reminders
//! by e-mail and SMS — through a local outbox that sends when the network
//! is there, retries with backoff, and never sends twice.
//!
//! Only customers who agreed to be contacted (their dated consent on the
//! customer form) get messages, on the channels this workstation has set up
//! and the customer has an address for. The outbox is local to the
//! workstation that queued the message (it alone sends it): not synced.
//!
//! The send-once rule: a message is claimed (`sending`, one more attempt)
//! in one transaction before it is handed to the network, and its result
//! is written in another. A failure that proves nothing left (no connection
//! to the server, a 4xx SMTP reply, an HTTP 429/5xx with the message id as
//! idempotency key) puts it back in the queue after a backoff; a permanent
//! refusal ends it `failed`. A failure after the message may have been
//! accepted (the connection lost during the exchange, a timeout) ends it
//! `unknown`, and so does a message found still `sending` when the
//! workstation starts again (it stopped mid-send): an `unknown` message is
//! never sent again unless a person looks and chooses « Renvoyer ».

pub mod secrets;
mod settings;
#[cfg(test)]
mod tests;
mod transport;
pub mod window;
mod words;

use atelier_domain::{AppointmentId, CustomerId, Locale, MessageId, ReminderRuleId, VehicleId};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use crate::customers::consent::has_withdrawn;
use crate::orders::parse_id;
use crate::planning::appointments;
use crate::planning::reminders::get_rule;
use crate::planning::time::parse_at;
use crate::text::format_date;
use crate::validation::{Field, Invalid, Problem};
use crate::{Db, Error, Result, customers, vehicles, workshop};
use words::words;

pub use crate::customers::consent::Channel;
pub(crate) use settings::fill as fill_template;
pub use settings::{
    MessageSettings, MessageSettingsInput, Template, save_settings, save_template, sending_secrets,
    settings, template,
};
pub use transport::{Outcome, Transport};
pub use window::SendWindow;

/// Waits before the 1st, 2nd… retry; after the last, the message fails.
pub const BACKOFF_MS: [u64; 5] = [60_000, 300_000, 900_000, 3_600_000, 14_400_000];

/// What the message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An appointment's confirmation.
    Confirmation,
    /// A service (or CT) falling due.
    Reminder,
    /// A promotional campaign's message.
    Campaign,
    /// A request for a rating after a paid invoice.
    Satisfaction,
    /// A campaign's test, sent to the person who wrote it.
    Test,
}

crate::text::str_enum!(MessageKind {
    Confirmation => "confirmation",
    Reminder => "reminder",
    Campaign => "campaign",
    Satisfaction => "satisfaction",
    Test => "test",
});

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Waiting to be sent (again).
    Queued,
    /// Handed to the network now.
    Sending,
    /// Accepted by the server or provider.
    Sent,
    /// Refused for good, or out of retries.
    Failed,
    /// Maybe sent: never sent again unless a person chooses to.
    Unknown,
}

crate::text::str_enum!(MessageStatus {
    Queued => "queued",
    Sending => "sending",
    Sent => "sent",
    Failed => "failed",
    Unknown => "unknown",
});

/// A message of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Stable id (also the SMS idempotency key).
    pub id: MessageId,
    /// The customer; none for a campaign's test sent to oneself.
    pub customer_id: Option<CustomerId>,
    /// Confirmation or reminder.
    pub kind: MessageKind,
    /// E-mail or SMS.
    pub channel: Channel,
    /// The address or phone number.
    pub recipient: String,
    /// The e-mail's subject.
    pub subject: Option<String>,
    /// The text.
    pub body: String,
    /// Where it stands.
    pub status: MessageStatus,
    /// Attempts so far.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued (Unix ms).
    pub queued_at_ms: i64,
    /// When it was accepted (Unix ms).
    pub sent_at_ms: Option<i64>,
    /// When it is to leave (next attempt), while queued (Unix ms).
    pub scheduled_at_ms: i64,
    /// The campaign it belongs to.
    pub campaign_id: Option<String>,
    /// For a campaign's e-mail: the one-click unsubscribe address, for the
    /// `List-Unsubscribe` headers (RFC 2369, RFC 8058).
    pub unsubscribe_url: Option<String>,
}

/// One message to put in the outbox: [`enqueue`] stores it unless a
/// message with the same `key` is there already.
#[derive(Clone, Debug)]
pub(crate) struct Outgoing {
    /// What makes it unique, whatever the retries: the same key is queued once.
    pub key: String,
    /// The customer, if it goes to one.
    pub customer: Option<CustomerId>,
    /// The appointment it confirms.
    pub appointment: Option<AppointmentId>,
    /// The vehicle it is about.
    pub vehicle: Option<VehicleId>,
    /// What it is about.
    pub kind: MessageKind,
    /// E-mail or SMS.
    pub channel: Channel,
    /// The address or number.
    pub recipient: String,
    /// An e-mail's subject.
    pub subject: Option<String>,
    /// The text.
    pub body: String,
    /// When it is to leave (Unix ms).
    pub at_ms: u64,
    /// Its campaign.
    pub campaign: Option<String>,
    /// When it may leave; `None`: any time.
    pub window: Option<SendWindow>,
    /// An e-mail's unsubscribe address.
    pub unsubscribe_url: Option<String>,
}

/// Puts `m` in the outbox, unless its key is there already (queued, sent
/// or failed): answers the new message, or `None`.
pub(crate) fn enqueue(tx: &Transaction<'_>, now_ms: u64, m: Outgoing) -> Result<Option<Message>> {
    let id = MessageId::new();
    let inserted = tx
        .prepare_cached(
            "INSERT INTO messages (id, dedupe_key, customer_id, kind, channel, recipient, subject,
                    body, status, next_attempt_ms, queued_at_ms, campaign_id, window_from,
                    window_until, quiet, daily_cap, unsubscribe_url, appointment_id, vehicle_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18)
             ON CONFLICT (dedupe_key) DO NOTHING",
        )?
        .execute(params![
            id.to_string(),
            m.key,
            m.customer.map(|c| c.to_string()),
            m.kind.as_str(),
            m.channel.as_str(),
            m.recipient,
            m.subject,
            m.body,
            m.at_ms as i64,
            now_ms as i64,
            m.campaign,
            m.window.map(|w| w.from),
            m.window.map(|w| w.until),
            m.window.is_some_and(|w| w.quiet),
            m.window.and_then(|w| w.daily_cap),
            m.unsubscribe_url,
            m.appointment.map(|a| a.to_string()),
            m.vehicle.map(|v| v.to_string()),
        ])?;
    if inserted == 1 {
        Ok(Some(get(tx, id)?))
    } else {
        Ok(None)
    }
}

struct Draft {
    key: String,
    customer: CustomerId,
    appointment: Option<AppointmentId>,
    vehicle: Option<VehicleId>,
    kind: MessageKind,
    values: Vec<(&'static str, String)>,
}

/// Queues `draft` on every channel the customer agreed to, has an address
/// for, and this workstation can send on. Queuing the same message again
/// (same key and channel) does nothing.
fn queue(tx: &Transaction<'_>, now_ms: u64, draft: Draft) -> Result<Vec<Message>> {
    let customer = customers::get(tx, draft.customer)?;
    if !customer.marketing_consent || customer.anonymised {
        return Ok(Vec::new());
    }
    let set = settings(tx)?;
    let workshop_name = workshop::get(tx).map(|w| w.name).unwrap_or_default();
    let t = template(tx, draft.kind, customer.language)?;
    let mut values: Vec<(&str, &str)> =
        draft.values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    values.push(("client", &customer.display_name));
    values.push(("atelier", &workshop_name));
    let mut out = Vec::new();
    for (channel, to) in [
        (Channel::Email, &customer.email),
        (Channel::Sms, &customer.phone),
    ] {
        let Some(to) = to else { continue };
        if !set.ready(channel) || has_withdrawn(tx, draft.customer, channel)? {
            continue;
        }
        let subject = (channel == Channel::Email).then(|| settings::fill(&t.subject, &values));
        let queued = enqueue(
            tx,
            now_ms,
            Outgoing {
                key: format!("{}:{}", draft.key, channel.as_str()),
                customer: Some(draft.customer),
                appointment: draft.appointment,
                vehicle: draft.vehicle,
                kind: draft.kind,
                channel,
                recipient: to.clone(),
                subject,
                body: settings::fill(&t.body, &values),
                at_ms: now_ms,
                campaign: None,
                window: None,
                unsubscribe_url: None,
            },
        )?;
        out.extend(queued);
    }
    Ok(out)
}

/// Books an appointment (see [`crate::planning::book`]) and, when `notify`
/// is set, queues its confirmation to the customer in the same transaction:
/// a booking is never confirmed without being made, nor made with its
/// confirmation half-queued.
pub fn book(
    tx: &Transaction<'_>,
    now_ms: u64,
    input: &crate::planning::AppointmentInput,
    force: bool,
    notify: bool,
) -> Result<crate::planning::Appointment> {
    let a = crate::planning::book(tx, now_ms, input, force)?;
    if notify {
        queue_confirmation(tx, now_ms, a.id)?;
    }
    Ok(a)
}

/// Queues the confirmation of an appointment (once per appointment and slot).
pub fn queue_confirmation(
    tx: &Transaction<'_>,
    now_ms: u64,
    appointment: AppointmentId,
) -> Result<Vec<Message>> {
    let a = appointments::get(tx, appointment)?;
    let customer = a.customer_id;
    let locale = customers::get(tx, customer)?.language;
    let (day, minutes) = parse_at(&a.start_at).ok_or(Error::Corrupt("appointments.start_at"))?;
    queue(
        tx,
        now_ms,
        Draft {
            key: format!("confirmation:{}:{}", a.id, a.start_at),
            customer,
            appointment: Some(a.id),
            vehicle: Some(a.vehicle_id),
            kind: MessageKind::Confirmation,
            values: vec![
                ("date", format_date(&day, locale)),
                ("heure", crate::planning::time::clock(minutes)),
                (
                    "vehicule",
                    vehicle_words(a.vehicle_label.as_deref(), a.plate.as_deref(), locale),
                ),
            ],
        },
    )
}

/// Queues the reminder that `rule` falls due on `due_on` for `vehicle`
/// (once per vehicle, rule and due date), to its owner.
pub fn queue_reminder(
    tx: &Transaction<'_>,
    now_ms: u64,
    vehicle: VehicleId,
    rule: ReminderRuleId,
    due_on: &str,
) -> Result<Vec<Message>> {
    let rule = get_rule(tx, rule).map_err(|_| Invalid::new(Field::Rule, Problem::NotAllowed))?;
    let v = vehicles::get(tx, vehicle)?;
    let day = crate::text::parse_date(due_on).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let locale = customers::get(tx, v.customer_id)?.language;
    let label = crate::orders::vehicle_label(v.make.clone(), v.model.clone());
    queue(
        tx,
        now_ms,
        Draft {
            key: format!("reminder:{vehicle}:{}:{day}", rule.id),
            customer: v.customer_id,
            appointment: None,
            vehicle: Some(vehicle),
            kind: MessageKind::Reminder,
            values: vec![
                ("rappel", rule.name.clone()),
                ("echeance", format_date(&day, locale)),
                (
                    "vehicule",
                    vehicle_words(label.as_deref(), v.plate.as_deref(), locale),
                ),
            ],
        },
    )
}

fn vehicle_words(label: Option<&str>, plate: Option<&str>, locale: Locale) -> String {
    match (label, plate) {
        (Some(l), Some(p)) => format!("{l} ({p})"),
        (Some(l), None) => l.to_owned(),
        (None, Some(p)) => p.to_owned(),
        (None, None) => words(locale).vehicle.to_owned(),
    }
}

/// Claims up to `limit` messages due now: each is `sending` with one more
/// attempt once this transaction commits, before anything leaves. A
/// message with a [`SendWindow`] that does not allow now (outside its
/// hours, an SMS at night, on a Sunday or a holiday, its campaign's cap for
/// the day reached) is not claimed: it waits for its next allowed time.
pub fn claim_due(tx: &Transaction<'_>, now_ms: u64, limit: u32) -> Result<Vec<Message>> {
    type Due = (
        String,
        Option<u32>,
        Option<u32>,
        bool,
        Option<u32>,
        Option<String>,
    );
    let due: Vec<Due> = tx
        .prepare_cached(
            "SELECT id, window_from, window_until, quiet, daily_cap, campaign_id FROM messages
              WHERE status = 'queued' AND next_attempt_ms <= ?1
              ORDER BY next_attempt_ms, queued_at_ms LIMIT ?2",
        )?
        .query_map(params![now_ms as i64, limit], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(due.len());
    for (id, from, until, quiet, daily_cap, campaign) in due {
        if let (Some(from), Some(until)) = (from, until) {
            let window = SendWindow {
                from,
                until,
                quiet,
                daily_cap,
            };
            let capped = match (daily_cap, &campaign) {
                (Some(cap), Some(campaign)) => sent_today(tx, campaign, now_ms)? >= i64::from(cap),
                _ => false,
            };
            if capped || !window.allows(now_ms) {
                // No allowed day at all (empty hours): it waits a day, and
                // a person sees it queued.
                let next = window
                    .next_open(now_ms, capped)
                    .unwrap_or(now_ms + 86_400_000);
                tx.prepare_cached("UPDATE messages SET next_attempt_ms = ?2 WHERE id = ?1")?
                    .execute(params![id, next as i64])?;
                continue;
            }
        }
        tx.prepare_cached(
            "UPDATE messages SET status = 'sending', attempts = attempts + 1, claimed_at_ms = ?2
              WHERE id = ?1",
        )?
        .execute(params![id, now_ms as i64])?;
        out.push(get(tx, parse_id(&id, "messages.id")?)?);
    }
    Ok(out)
}

/// How many of `campaign`'s messages were handed to the network on the
/// French day of `now_ms` (sent, maybe sent, or leaving now).
fn sent_today(conn: &Connection, campaign: &str, now_ms: u64) -> Result<i64> {
    let (day, _) = crate::calendar::paris_local(now_ms);
    let start = crate::calendar::paris_utc_ms(day, 0);
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*) FROM messages
              WHERE campaign_id = ?1 AND claimed_at_ms >= ?2
                AND status IN ('sending', 'sent', 'unknown')",
        )?
        .query_row(params![campaign, start as i64], |r| r.get(0))?)
}

/// Writes what happened to a claimed message.
pub fn record_outcome(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: MessageId,
    outcome: &Outcome,
) -> Result<Message> {
    let m = get(tx, id)?;
    let (status, next, error, sent) = match outcome {
        Outcome::Sent => (MessageStatus::Sent, now_ms, None, Some(now_ms as i64)),
        Outcome::Retry(e) => match usize::try_from(m.attempts - 1)
            .ok()
            .and_then(|n| BACKOFF_MS.get(n))
        {
            Some(wait) => (MessageStatus::Queued, now_ms + wait, Some(e.as_str()), None),
            None => (MessageStatus::Failed, now_ms, Some(e.as_str()), None),
        },
        Outcome::Failed(e) => (MessageStatus::Failed, now_ms, Some(e.as_str()), None),
        Outcome::Unknown(e) => (MessageStatus::Unknown, now_ms, Some(e.as_str()), None),
    };
    tx.prepare_cached(
        "UPDATE messages SET status = ?2, next_attempt_ms = ?3, last_error = ?4, sent_at_ms = ?5
          WHERE id = ?1 AND status = 'sending'",
    )?
    .execute(params![
        id.to_string(),
        status.as_str(),
        next as i64,
        error,
        sent
    ])?;
    get(tx, id)
}

/// At start-up: messages left `sending` by a stop mid-send become
/// `unknown` — maybe sent, so never sent again on their own. Answers how
/// many.
pub fn recover_interrupted(tx: &Transaction<'_>) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE messages SET status = 'unknown',
                last_error = 'interrompu pendant l’envoi / interrupted while sending'
          WHERE status = 'sending'",
        [],
    )?)
}

/// A person chose to send a failed or unknown message again.
pub fn resend(tx: &Transaction<'_>, now_ms: u64, id: MessageId) -> Result<Message> {
    let m = get(tx, id)?;
    // An erased message (its customer anonymised) has nobody to go to.
    if !matches!(m.status, MessageStatus::Failed | MessageStatus::Unknown) || m.recipient.is_empty()
    {
        return Ok(m);
    }
    tx.prepare_cached(
        "UPDATE messages SET status = 'queued', attempts = 0, next_attempt_ms = ?2 WHERE id = ?1",
    )?
    .execute(params![id.to_string(), now_ms as i64])?;
    get(tx, id)
}

/// Erases what customer `customer`'s messages held of them (an
/// anonymisation): the address or number, the subject, the text and the
/// network's last answer, which may repeat the address. The log keeps that
/// a message of that kind went by that channel, when, and how it ended; one
/// still waiting is not sent any more.
pub(crate) fn erase_of_customer(tx: &Transaction<'_>, customer: CustomerId) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE messages SET recipient = '', subject = NULL, body = '', last_error = NULL,
                    status = CASE status WHEN 'queued' THEN 'failed' ELSE status END
              WHERE customer_id = ?1",
        )?
        .execute([customer.to_string()])?)
}

/// A customer's messages, newest first: the log on their page.
pub fn of_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<Message>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE customer_id = ?1 ORDER BY queued_at_ms DESC, rowid DESC LIMIT 200"
    ))?;
    stmt.query_map([customer.to_string()], row)?
        .map(|r| r?)
        .collect()
}

const SELECT: &str = "SELECT id, customer_id, kind, channel, recipient, subject, body, status,
        attempts, last_error, queued_at_ms, sent_at_ms, next_attempt_ms, campaign_id,
        unsubscribe_url FROM messages";

fn get(conn: &Connection, id: MessageId) -> Result<Message> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], row)?
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Message>> {
    let (kind, channel, status): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(7)?);
    let (id, customer): (String, Option<String>) = (r.get(0)?, r.get(1)?);
    let (scheduled_at_ms, campaign_id, unsubscribe_url) = (r.get(12)?, r.get(13)?, r.get(14)?);
    let m = (
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    );
    Ok((|| {
        Ok(Message {
            id: parse_id(&id, "messages.id")?,
            customer_id: customer
                .map(|c| parse_id(&c, "messages.customer_id"))
                .transpose()?,
            kind: MessageKind::parse(&kind).ok_or(Error::Corrupt("messages.kind"))?,
            channel: Channel::parse(&channel).ok_or(Error::Corrupt("messages.channel"))?,
            recipient: m.0,
            subject: m.1,
            body: m.2,
            status: MessageStatus::parse(&status).ok_or(Error::Corrupt("messages.status"))?,
            attempts: m.3,
            last_error: m.4,
            queued_at_ms: m.5,
            sent_at_ms: m.6,
            scheduled_at_ms,
            campaign_id,
            unsubscribe_url,
        })
    })())
}

/// Sends what is due through `transport` holding `db` throughout (tests).
/// atelier-messaging's sender does the same in three steps so the database
/// is free while the network works.
pub fn send_all_due(db: &mut Db, now_ms: u64, transport: &dyn Transport) -> Result<Vec<Message>> {
    let claimed = db.write(|tx| claim_due(tx, now_ms, 50))?;
    let mut out = Vec::new();
    for m in claimed {
        let outcome = transport.send(&m);
        out.push(db.write(|tx| record_outcome(tx, now_ms, m.id, &outcome))?);
    }
    Ok(out)
}

//! Sending a campaign: one message per recipient and channel, queued in the
//! outbox ([`crate::messages`]) whose send-once rule carries it from there
//! (claimed before it leaves, retried only when nothing left, `unknown` and
//! never sent again after a crash mid-send).
//!
//! A message's key is the campaign, the customer and the channel: launching
//! again (a retry, a second click, a new customer who agreed since) queues
//! only those not queued yet, so nobody gets it twice. Messages are spread
//! over the campaign's hours ([`SendWindow::plan`]), SMS under the quiet
//! rules, at most the daily cap a day on each channel; the sender checks the
//! same rules again when it claims one.
//!
//! Each e-mail carries an unsubscribe link to the workshop's server with a
//! token of its own (only its hash is kept), in its text and in its
//! `List-Unsubscribe` headers; each SMS ends with « STOP au » and the
//! provider's number.

use atelier_domain::{CampaignId, Locale};
use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;

use super::audience::{Recipient, recipients};
use super::template::stop_line;
use super::template::{self, Field};
use super::words::words;
use super::{Campaign, CampaignError, get, mark_launched, outreach};
use crate::calendar::{day_text, paris_local};
use crate::customers::consent::issue_unsubscribe;
use crate::messages::{self, Channel, Message, MessageKind, Outgoing, SendWindow, enqueue};
use crate::text::format_date;
use crate::validation::{self, Invalid, Problem};
use crate::{Result, workshop};

/// What a launch queued.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Launched {
    /// E-mails queued now.
    pub email: usize,
    /// SMS queued now.
    pub sms: usize,
    /// Recipients already queued by an earlier launch, not queued again.
    pub already: usize,
    /// When the first of them leaves (Unix ms).
    pub first_at_ms: Option<u64>,
    /// When the last of them leaves.
    pub last_at_ms: Option<u64>,
}

/// The key that makes one campaign's message to one customer on one
/// channel unique.
fn key(campaign: CampaignId, r: &Recipient) -> String {
    format!(
        "campaign:{campaign}:{}:{}",
        r.customer_id,
        r.channel.as_str()
    )
}

/// The channels `c` uses: those it has a text for.
fn used(c: &Campaign) -> Vec<Channel> {
    let mut out = Vec::with_capacity(2);
    if c.email_text.is_some() {
        out.push(Channel::Email);
    }
    if c.sms_text.is_some() {
        out.push(Channel::Sms);
    }
    out
}

/// Refuses `channel` for `c` unless this station can send on it and its
/// messages have what they need: the public address (e-mail), the STOP
/// number and a length still within what is announced (SMS).
fn check_ready(tx: &Transaction<'_>, c: &Campaign, channel: Channel) -> Result<()> {
    if !messages::settings(tx)?.ready(channel) {
        return Err(CampaignError::NotReady { channel }.into());
    }
    let out = outreach(tx)?;
    match (channel, &c.sms_text) {
        (Channel::Email, _) if out.public_url.is_none() => Err(CampaignError::NoPublicUrl.into()),
        (Channel::Sms, Some(text)) => {
            let stop = out.sms_stop_number.ok_or(CampaignError::NoStopNumber)?;
            template::check_sms(
                validation::Field::SmsText,
                text,
                &stop_line(Some(&stop)),
                usize::from(c.sms_segments),
            )?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A message of `c` to one person, its fields filled from `values`:
/// subject (e-mail), body with its unsubscribe line or « STOP » line.
fn compose(
    c: &Campaign,
    channel: Channel,
    values: &[(Field, &str)],
    locale: Locale,
    unsubscribe_url: Option<&str>,
    stop: Option<&str>,
) -> (Option<String>, String) {
    match channel {
        Channel::Email => {
            let text = c.email_text.as_deref().unwrap_or_default();
            let mut body = template::fill(text, values, false);
            if let Some(url) = unsubscribe_url {
                body.push_str(&format!("\n\n{} {url}", words(locale).unsubscribe));
            }
            let subject = template::fill(
                c.email_subject.as_deref().unwrap_or_default(),
                values,
                false,
            );
            (Some(subject), body)
        }
        Channel::Sms => {
            let text = c.sms_text.as_deref().unwrap_or_default();
            let gsm = template::sms_length(text).unicode.is_none();
            let body = format!("{}{}", template::fill(text, values, gsm), stop_line(stop));
            (None, body)
        }
    }
}

/// Launches campaign `id` at `now_ms`: queues its message to every
/// recipient not queued yet, spread over the allowed hours. Refused,
/// queuing nothing: a campaign whose offer has ended, a channel this
/// station cannot send on, no public address for the e-mails' link, no
/// STOP number for the SMS, an SMS now longer than announced, or an
/// audience with nobody who may be written to ([`CampaignError`]).
pub fn launch(tx: &Transaction<'_>, now_ms: u64, id: CampaignId) -> Result<Launched> {
    let c = get(tx, id)?;
    let today = day_text(paris_local(now_ms).0);
    if let Some(until) = &c.valid_until
        && until.as_str() < today.as_str()
    {
        return Err(CampaignError::Ended {
            until: until.clone(),
        }
        .into());
    }
    let used = used(&c);
    for channel in &used {
        check_ready(tx, &c, *channel)?;
    }
    let out = outreach(tx)?;
    let workshop_name = workshop::get(tx).map(|w| w.name).unwrap_or_default();
    let mut launched = Launched::default();
    let mut reached = 0;
    for channel in used {
        let all = recipients(tx, &c.audience, channel, &today)?;
        reached += all.len();
        let mut fresh = Vec::with_capacity(all.len());
        for r in all {
            let queued: Option<i64> = tx
                .prepare_cached("SELECT 1 FROM messages WHERE dedupe_key = ?1")?
                .query_row([key(id, &r)], |row| row.get(0))
                .optional()?;
            match queued {
                Some(_) => launched.already += 1,
                None => fresh.push(r),
            }
        }
        let window = SendWindow {
            from: c.send_from,
            until: c.send_until,
            quiet: channel == Channel::Sms,
            daily_cap: c.daily_cap,
        };
        let plan = window.plan(now_ms, fresh.len()).ok_or(Invalid::new(
            validation::Field::SendingHours,
            Problem::SendingHours,
        ))?;
        for (r, at) in fresh.iter().zip(plan) {
            let until = c
                .valid_until
                .as_deref()
                .map(|d| format_date(d, r.language))
                .unwrap_or_default();
            let values = [
                (Field::FirstName, r.first_name.as_str()),
                (Field::Customer, r.name.as_str()),
                (
                    Field::Vehicle,
                    r.vehicle.as_deref().unwrap_or(words(r.language).vehicle),
                ),
                (Field::Workshop, workshop_name.as_str()),
                (Field::Code, c.code.as_deref().unwrap_or_default()),
                (Field::Until, until.as_str()),
            ];
            let url = match (channel, &out.public_url) {
                (Channel::Email, Some(base)) => {
                    let token =
                        issue_unsubscribe(tx, now_ms, r.customer_id, channel, &id.to_string())?;
                    Some(format!("{base}/u/{token}"))
                }
                _ => None,
            };
            let (subject, body) = compose(
                &c,
                channel,
                &values,
                r.language,
                url.as_deref(),
                out.sms_stop_number.as_deref(),
            );
            let queued = enqueue(
                tx,
                now_ms,
                Outgoing {
                    key: key(id, r),
                    customer: Some(r.customer_id),
                    appointment: None,
                    vehicle: r.vehicle_id,
                    kind: MessageKind::Campaign,
                    channel,
                    recipient: r.address.clone(),
                    subject,
                    body,
                    at_ms: at,
                    campaign: Some(id.to_string()),
                    window: Some(window),
                    unsubscribe_url: url,
                },
            )?;
            if queued.is_some() {
                match channel {
                    Channel::Email => launched.email += 1,
                    Channel::Sms => launched.sms += 1,
                }
                launched.first_at_ms = Some(launched.first_at_ms.map_or(at, |f| f.min(at)));
                launched.last_at_ms = Some(launched.last_at_ms.map_or(at, |l| l.max(at)));
            }
        }
    }
    if reached == 0 {
        return Err(CampaignError::NoRecipient.into());
    }
    mark_launched(tx, now_ms, &c)?;
    Ok(launched)
}

/// Sends campaign `id`'s message on `channel` to `to` (the person who wrote
/// it), now, filled with a sample customer: what its recipients will read,
/// the subject marked as a test. Its unsubscribe link is one no station
/// knows. Refused like a launch when the channel is not ready, and when
/// `to` is no e-mail address or phone number.
pub fn test_send(
    tx: &Transaction<'_>,
    now_ms: u64,
    id: CampaignId,
    channel: Channel,
    to: &str,
    locale: Locale,
) -> Result<Message> {
    let c = get(tx, id)?;
    if !used(&c).contains(&channel) {
        return Err(Invalid::new(
            match channel {
                Channel::Email => validation::Field::EmailText,
                Channel::Sms => validation::Field::SmsText,
            },
            Problem::Required,
        )
        .into());
    }
    check_ready(tx, &c, channel)?;
    let recipient = match channel {
        Channel::Email => validation::email(validation::Field::Email, Some(to))?,
        Channel::Sms => validation::phone(validation::Field::Phone, Some(to))?,
    }
    .ok_or(Invalid::new(validation::Field::Email, Problem::Required))?;
    let out = outreach(tx)?;
    let w = words(locale);
    let workshop_name = workshop::get(tx).map(|w| w.name).unwrap_or_default();
    let until = c
        .valid_until
        .as_deref()
        .map(|d| format_date(d, locale))
        .unwrap_or_default();
    let values = [
        (Field::FirstName, w.sample[0]),
        (Field::Customer, w.sample[1]),
        (Field::Vehicle, w.sample[2]),
        (Field::Workshop, workshop_name.as_str()),
        (Field::Code, c.code.as_deref().unwrap_or_default()),
        (Field::Until, until.as_str()),
    ];
    let url = out
        .public_url
        .as_ref()
        .filter(|_| channel == Channel::Email)
        .map(|base| format!("{base}/u/{}", crate::customers::consent::new_token()));
    let (subject, body) = compose(
        &c,
        channel,
        &values,
        locale,
        url.as_deref(),
        out.sms_stop_number.as_deref(),
    );
    let m = enqueue(
        tx,
        now_ms,
        Outgoing {
            key: format!("test:{id}:{}:{now_ms}", channel.as_str()),
            customer: None,
            appointment: None,
            vehicle: None,
            kind: MessageKind::Test,
            channel,
            recipient,
            subject: subject.map(|s| format!("{}{s}", w.test_subject)),
            body,
            at_ms: now_ms,
            campaign: None,
            window: None,
            unsubscribe_url: url,
        },
    )?;
    m.ok_or(crate::Error::Corrupt("messages.dedupe_key"))
}

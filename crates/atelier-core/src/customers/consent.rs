//! A customer's withdrawn consent to marketing messages, per channel, kept
//! as proof: when, on which channel, how (the link of an e-mail, a « STOP »
//! the SMS provider reported, the front desk), and the campaign that
//! prompted it. A withdrawal is an append-only record synced to every
//! station (GDPR art. 7(1): the controller must show the state of consent;
//! art. 21(3): no more direct marketing once the person objects).
//!
//! The consent itself stays the customer form's dated tick
//! (`marketing_consent`, `marketing_consent_at`); a withdrawal on a channel
//! stops that channel until the customer consents again on a later day.
//!
//! Unsubscribe links carry a random token of 256 bits; only its SHA-256
//! is stored (and synced, for the server that serves the link), so the
//! database does not hold a working link. A token is used once: a second
//! use, or a token no station issued, is refused and writes nothing.

use atelier_domain::CustomerId;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{CustomerError, get_any};
use crate::calendar::{day_text, paris_local};
use crate::outbox::{self, OpKind};
use crate::validation::{self, Field};
use crate::{Error, Result, new_row_id};

/// E-mail or SMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail over SMTP.
    Email,
    /// SMS through the provider's API.
    Sms,
}

crate::text::str_enum!(Channel {
    Email => "email",
    Sms => "sms",
});

/// How a consent was withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The unsubscribe link of an e-mail (served by the workshop's server).
    Link,
    /// A « STOP » answered to an SMS, reported by the provider.
    SmsStop,
    /// Said to the front desk, who recorded it.
    FrontDesk,
}

crate::text::str_enum!(Source {
    Link => "link",
    SmsStop => "sms_stop",
    FrontDesk => "front_desk",
});

/// A withdrawn consent, as kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// Stable id.
    pub id: String,
    /// The customer.
    pub customer_id: CustomerId,
    /// The channel no longer consented to.
    pub channel: Channel,
    /// The day, in France (YYYY-MM-DD).
    pub withdrawn_on: String,
    /// The instant (Unix ms).
    pub withdrawn_at_ms: i64,
    /// How.
    pub source: Source,
    /// The campaign whose message prompted it, if one did.
    pub campaign_id: Option<String>,
}

const WITHDRAWALS: &str = "consent_withdrawals";
const TOKENS: &str = "unsubscribe_tokens";

/// The SQL condition "the customer of alias `c` withdrew their consent on
/// the channel bound at `?{param}`": a withdrawal of theirs (or of a record
/// merged into theirs) not older than the day they last consented.
pub(crate) fn withdrawn_condition(param: usize) -> String {
    format!(
        "EXISTS (SELECT 1 FROM consent_withdrawals w
                  WHERE (w.customer_id = c.id
                         OR w.customer_id IN (SELECT m.id FROM customers m WHERE m.merged_into = c.id))
                    AND w.channel = ?{param}
                    AND (c.marketing_consent_at IS NULL OR w.withdrawn_on >= c.marketing_consent_at))"
    )
}

/// Whether `customer` has withdrawn their consent on `channel` (and not
/// consented again on a later day).
pub fn has_withdrawn(conn: &Connection, customer: CustomerId, channel: Channel) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {} FROM customers c WHERE c.id = ?1",
            withdrawn_condition(2)
        ))?
        .query_row(params![customer.to_string(), channel.as_str()], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(false))
}

/// Every withdrawal of `customer`, newest first: the proof their page shows.
pub fn withdrawals_of(conn: &Connection, customer: CustomerId) -> Result<Vec<Withdrawal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, channel, withdrawn_on, withdrawn_at_ms, source, campaign_id
           FROM consent_withdrawals WHERE customer_id = ?1
          ORDER BY withdrawn_at_ms DESC, id DESC",
    )?;
    let rows = stmt.query_map([customer.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, customer, channel, on, at, source, campaign_id) = row?;
        out.push(Withdrawal {
            id,
            customer_id: customer
                .parse()
                .map_err(|_| Error::Corrupt("consent_withdrawals.customer_id"))?,
            channel: Channel::parse(&channel)
                .ok_or(Error::Corrupt("consent_withdrawals.channel"))?,
            withdrawn_on: on,
            withdrawn_at_ms: at,
            source: Source::parse(&source).ok_or(Error::Corrupt("consent_withdrawals.source"))?,
            campaign_id,
        });
    }
    Ok(out)
}

fn insert(
    tx: &Transaction<'_>,
    now_ms: u64,
    customer: CustomerId,
    channel: Channel,
    source: Source,
    token_id: Option<&str>,
    campaign: Option<&str>,
) -> Result<Withdrawal> {
    let id = new_row_id();
    let on = day_text(paris_local(now_ms).0);
    let payload = json!({
        "customer_id": customer.to_string(),
        "channel": channel.as_str(),
        "withdrawn_on": on,
        "withdrawn_at_ms": now_ms as i64,
        "source": source.as_str(),
        "token_id": token_id,
        "campaign_id": campaign,
    });
    let hlc = outbox::record(tx, now_ms, WITHDRAWALS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO consent_withdrawals (id, customer_id, channel, withdrawn_on, withdrawn_at_ms,
                source, token_id, campaign_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        customer.to_string(),
        channel.as_str(),
        on,
        now_ms as i64,
        source.as_str(),
        token_id,
        campaign,
        hlc.as_i64()
    ])?;
    Ok(Withdrawal {
        id,
        customer_id: customer,
        channel,
        withdrawn_on: on,
        withdrawn_at_ms: now_ms as i64,
        source,
        campaign_id: campaign.map(str::to_owned),
    })
}

/// Records that `customer` withdrew their consent on `channel`, with the
/// day, the channel and `source` kept as proof, and synced. When it is
/// already withdrawn, answers the withdrawal on record and writes nothing.
pub fn withdraw(
    tx: &Transaction<'_>,
    now_ms: u64,
    customer: CustomerId,
    channel: Channel,
    source: Source,
) -> Result<Withdrawal> {
    get_any(tx, customer)?;
    if has_withdrawn(tx, customer, channel)?
        && let Some(w) = withdrawals_of(tx, customer)?
            .into_iter()
            .find(|w| w.channel == channel)
    {
        return Ok(w);
    }
    insert(tx, now_ms, customer, channel, source, None, None)
}

/// A provider reported a « STOP » from `phone`: SMS consent withdrawn for
/// every customer with that number (main or second phone), with the
/// campaign whose SMS this station last sent to it as its cause. Answers
/// the withdrawals recorded; none when no customer has that number.
pub fn sms_stop(tx: &Transaction<'_>, now_ms: u64, phone: &str) -> Result<Vec<Withdrawal>> {
    let Some(e164) = validation::phone(Field::Phone, Some(phone))? else {
        return Ok(Vec::new());
    };
    // The outbox's own columns, read as the till reads invoices: the
    // messages area sits above this one.
    let campaign: Option<String> = tx
        .prepare_cached(
            "SELECT campaign_id FROM messages
              WHERE channel = 'sms' AND recipient = ?1 AND campaign_id IS NOT NULL
                AND status IN ('sent', 'unknown')
              ORDER BY sent_at_ms DESC, queued_at_ms DESC LIMIT 1",
        )?
        .query_row([&e164], |r| r.get(0))
        .optional()?;
    let ids: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM customers
              WHERE (phone = ?1 OR phone_alt = ?1) AND deleted_at IS NULL AND anonymised_at IS NULL",
        )?
        .query_map([&e164], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let customer = id.parse().map_err(|_| Error::Corrupt("customers.id"))?;
        if has_withdrawn(tx, customer, Channel::Sms)? {
            continue;
        }
        out.push(insert(
            tx,
            now_ms,
            customer,
            Channel::Sms,
            Source::SmsStop,
            None,
            campaign.as_deref(),
        )?);
    }
    Ok(out)
}

/// A new unguessable token for a link to a customer: 256 random bits,
/// URL-safe base64.
pub(crate) fn new_token() -> String {
    use base64::Engine as _;
    use rand_core::RngCore;
    let mut bytes = [0_u8; 32];
    rand_core::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::text::hex(&Sha256::digest(token.trim().as_bytes()))
}

/// Issues the unsubscribe token of one message of `campaign` to `customer`
/// on `channel`: its hash is stored and synced, the token itself only
/// answered, to go into the message's link.
pub(crate) fn issue_unsubscribe(
    tx: &Transaction<'_>,
    now_ms: u64,
    customer: CustomerId,
    channel: Channel,
    campaign: &str,
) -> Result<String> {
    let token = new_token();
    let id = new_row_id();
    let hash = token_hash(&token);
    let payload = json!({
        "token_hash": hash,
        "customer_id": customer.to_string(),
        "channel": channel.as_str(),
        "campaign_id": campaign,
    });
    let hlc = outbox::record(tx, now_ms, TOKENS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO unsubscribe_tokens (id, token_hash, customer_id, channel, campaign_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        hash,
        customer.to_string(),
        channel.as_str(),
        campaign,
        hlc.as_i64()
    ])?;
    Ok(token)
}

/// The one click of an unsubscribe link: withdraws the consent the token
/// was issued for, with the link as its source and the token kept beside
/// the proof. A token no station issued is [`CustomerError::LinkUnknown`],
/// one used before [`CustomerError::LinkUsed`]; neither writes anything.
pub fn unsubscribe(tx: &Transaction<'_>, now_ms: u64, token: &str) -> Result<Withdrawal> {
    let found: Option<(String, String, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, customer_id, channel, campaign_id FROM unsubscribe_tokens WHERE token_hash = ?1",
        )?
        .query_row([token_hash(token)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((token_id, customer, channel, campaign)) = found else {
        return Err(CustomerError::LinkUnknown.into());
    };
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM consent_withdrawals WHERE token_id = ?1)")?
        .query_row([&token_id], |r| r.get(0))?;
    if used {
        return Err(CustomerError::LinkUsed.into());
    }
    let customer = customer
        .parse()
        .map_err(|_| Error::Corrupt("unsubscribe_tokens.customer_id"))?;
    let channel = Channel::parse(&channel).ok_or(Error::Corrupt("unsubscribe_tokens.channel"))?;
    insert(
        tx,
        now_ms,
        customer,
        channel,
        Source::Link,
        Some(&token_id),
        campaign.as_deref(),
    )
}

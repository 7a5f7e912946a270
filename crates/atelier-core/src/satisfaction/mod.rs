//! Satisfaction after a visit (docs/campaigns.md): when an invoice is paid
//! in full, the customer who agreed to be written to is asked for a rating
//! from 1 to 5 and a comment, through a link to the workshop's server with
//! a single-use token (only its hash is kept and synced, with the invoice's
//! order, site and mechanics, in a request record). The answer comes back
//! as a rating record, once per request, synced like any other; ratings
//! are summed up per mechanic, per site, per customer and per order, and
//! the low ones flagged to the owner.
//!
//! Asked at once or the next day, as the owner chose
//! ([`crate::campaigns::outreach`]); by e-mail, else by SMS; within 09:00–19:00
//! (an SMS never on Sundays and holidays). Requests and ratings belong to
//! the invoice's site.

mod stats;
#[cfg(test)]
mod tests;

use atelier_domain::{CustomerId, InvoiceId, Locale, OrderId};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;

use crate::access::Actor;
use crate::calendar::{paris_local, paris_utc_ms};
use crate::campaigns::{Satisfaction, outreach};
use crate::customers::consent::{Channel, has_withdrawn, new_token, token_hash};
use crate::customers::{self, CustomerError};
use crate::invoices::payments::{self, Receipt};
use crate::invoices::{self, InvoiceKind, PaymentInput};
use crate::messages::{self, MessageKind, Outgoing, SendWindow, enqueue, fill_template};
use crate::orders::parse_id;
use crate::outbox::{self, OpKind};
use crate::text::today;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result, new_row_id, workshop};

pub use stats::{Comment, RatingsReport, Summary, low_ratings, of_customer, of_order, report};

const REQUESTS: &str = "satisfaction_requests";
const RATINGS: &str = "ratings";
/// The longest comment kept, in characters.
pub const COMMENT_MAX: usize = 1000;

/// A rating request queued after a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    /// Its id.
    pub id: String,
    /// The customer asked.
    pub customer_id: CustomerId,
    /// The invoice paid.
    pub invoice_id: InvoiceId,
    /// The channel it goes by.
    pub channel: Channel,
    /// When it leaves (Unix ms).
    pub at_ms: u64,
}

/// A customer's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// Its id.
    pub id: String,
    /// Who gave it.
    pub customer_id: CustomerId,
    /// The order it is about.
    pub order_id: Option<OrderId>,
    /// The site of the visit.
    pub site_id: String,
    /// 1 to 5.
    pub score: u8,
    /// Their words, if any.
    pub comment: Option<String>,
    /// When (Unix ms).
    pub rated_at_ms: i64,
}

/// Records a payment ([`payments::record_payment`]) and, when it settles
/// the invoice, asks the customer for a rating ([`ask`]) in the same
/// transaction: what the till's « Encaisser » calls.
pub fn record_payment(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    invoice: InvoiceId,
    input: &PaymentInput,
    locale: Locale,
) -> Result<Receipt> {
    let receipt = payments::record_payment(tx, now_ms, actor, invoice, input, locale)?;
    ask(tx, now_ms, invoice)?;
    Ok(receipt)
}

/// Asks the customer of a paid invoice for a rating, once per invoice,
/// when the owner chose to, the invoice is paid in full, the customer
/// agreed to be written to and has not withdrawn it on the channel, and
/// the server's public address is set. Answers the request, or `None` when
/// none is due.
pub fn ask(tx: &Transaction<'_>, now_ms: u64, invoice: InvoiceId) -> Result<Option<Request>> {
    let settings = outreach(tx)?;
    let Some(base) = settings.public_url.as_deref() else {
        return Ok(None);
    };
    if settings.satisfaction == Satisfaction::Off {
        return Ok(None);
    }
    let s = invoices::summary(tx, invoice, &today(now_ms))?;
    if s.kind != InvoiceKind::Invoice || s.number.is_none() || s.balance.cents() > 0 {
        return Ok(None);
    }
    let asked: Option<String> = tx
        .prepare_cached("SELECT id FROM satisfaction_requests WHERE invoice_id = ?1")?
        .query_row([invoice.to_string()], |r| r.get(0))
        .optional()?;
    if asked.is_some() {
        return Ok(None);
    }
    let c = customers::get_any(tx, s.customer_id)?;
    if !c.marketing_consent || c.anonymised || c.archived {
        return Ok(None);
    }
    let ready = messages::settings(tx)?;
    let mut channel = None;
    for (ch, to) in [(Channel::Email, &c.email), (Channel::Sms, &c.phone)] {
        if let Some(to) = to
            && ready.ready(ch)
            && !has_withdrawn(tx, c.id, ch)?
        {
            channel = Some((ch, to.clone()));
            break;
        }
    }
    let Some((channel, to)) = channel else {
        return Ok(None);
    };
    let (site, mechanics): (String, String) = tx
        .prepare_cached(
            "SELECT i.site_id, COALESCE(o.mechanic_ids, '[]')
               FROM invoices i LEFT JOIN orders o ON o.id = i.order_id WHERE i.id = ?1",
        )?
        .query_row([invoice.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let token = new_token();
    let id = new_row_id();
    let payload = json!({
        "token_hash": token_hash(&token),
        "customer_id": c.id.to_string(),
        "invoice_id": invoice.to_string(),
        "order_id": s.order_id.map(|o| o.to_string()),
        "site_id": site,
        "mechanic_ids": mechanics,
    });
    let hlc = outbox::record(tx, now_ms, REQUESTS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO satisfaction_requests (id, token_hash, customer_id, invoice_id, order_id,
                site_id, mechanic_ids, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        token_hash(&token),
        c.id.to_string(),
        invoice.to_string(),
        s.order_id.map(|o| o.to_string()),
        site,
        mechanics,
        hlc.as_i64()
    ])?;
    let at = match settings.satisfaction {
        Satisfaction::NextDay => {
            let (day, _) = paris_local(now_ms);
            day.next_day().map_or(now_ms, |d| paris_utc_ms(d, 10 * 60))
        }
        _ => now_ms,
    };
    let t = messages::template(tx, MessageKind::Satisfaction, c.language)?;
    let workshop_name = workshop::get(tx).map(|w| w.name).unwrap_or_default();
    let vehicle = s
        .vehicle_id
        .and_then(|v| crate::vehicles::get(tx, v).ok())
        .and_then(|v| crate::orders::vehicle_label(v.make, v.model).or(v.plate))
        .unwrap_or_default();
    let link = format!("{base}/r/{token}");
    let values = [
        ("client", c.display_name.as_str()),
        ("atelier", workshop_name.as_str()),
        ("vehicule", vehicle.as_str()),
        ("lien", link.as_str()),
    ];
    enqueue(
        tx,
        now_ms,
        Outgoing {
            key: format!("satisfaction:{invoice}:{}", channel.as_str()),
            customer: Some(c.id),
            appointment: None,
            vehicle: s.vehicle_id,
            kind: MessageKind::Satisfaction,
            channel,
            recipient: to,
            subject: (channel == Channel::Email).then(|| fill_template(&t.subject, &values)),
            body: fill_template(&t.body, &values),
            at_ms: at,
            campaign: None,
            window: Some(SendWindow {
                from: 9 * 60,
                until: 19 * 60,
                quiet: channel == Channel::Sms,
                daily_cap: None,
            }),
            unsubscribe_url: None,
        },
    )?;
    Ok(Some(Request {
        id,
        customer_id: c.id,
        invoice_id: invoice,
        channel,
        at_ms: at,
    }))
}

/// Checks a rating as a customer gave it: a score from 1 to 5, a comment
/// of at most [`COMMENT_MAX`] characters with no HTML tag or script (blank
/// is none; control characters other than line breaks are dropped).
/// Answers the comment to keep.
pub fn check_rating(score: i64, comment: Option<&str>) -> Result<Option<String>, Invalid> {
    if !(1..=5).contains(&score) {
        return Err(Invalid::new(
            Field::Rating,
            Problem::Number { min: 1, max: 5 },
        ));
    }
    let comment: Option<String> = comment
        .map(|c| {
            c.chars()
                .filter(|ch| !ch.is_control() || *ch == '\n')
                .collect::<String>()
        })
        .and_then(|c| crate::text::clean(Some(&c)));
    max_len(Field::Comment, comment.as_deref(), COMMENT_MAX)?;
    if let Some(c) = &comment {
        let lower = c.to_lowercase();
        let tag = lower.match_indices('<').any(|(i, _)| {
            lower[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        });
        if tag || lower.contains("javascript:") {
            return Err(Invalid::new(Field::Comment, Problem::Markup));
        }
    }
    Ok(comment)
}

/// Records the answer to the request whose link carried `token`: once.
/// Refused, writing nothing: a score outside 1–5, a comment too long or
/// holding HTML ([`check_rating`]), a token no station issued
/// ([`CustomerError::LinkUnknown`]), a request already answered
/// ([`CustomerError::LinkUsed`]).
pub fn rate(
    tx: &Transaction<'_>,
    now_ms: u64,
    token: &str,
    score: i64,
    comment: Option<&str>,
) -> Result<Rating> {
    let comment = check_rating(score, comment)?;
    let found: Option<(String, String, Option<String>, String, String)> = tx
        .prepare_cached(
            "SELECT id, customer_id, order_id, site_id, mechanic_ids FROM satisfaction_requests
              WHERE token_hash = ?1",
        )?
        .query_row([token_hash(token)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((request, customer, order, site, mechanics)) = found else {
        return Err(CustomerError::LinkUnknown.into());
    };
    let used: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM ratings WHERE request_id = ?1)")?
        .query_row([&request], |r| r.get(0))?;
    if used {
        return Err(CustomerError::LinkUsed.into());
    }
    let id = new_row_id();
    let payload = json!({
        "request_id": request,
        "customer_id": customer,
        "order_id": order,
        "site_id": site,
        "mechanic_ids": mechanics,
        "score": score,
        "comment": comment,
        "rated_at_ms": now_ms as i64,
    });
    let hlc = outbox::record(tx, now_ms, RATINGS, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO ratings (id, request_id, customer_id, order_id, site_id, mechanic_ids, score,
                comment, rated_at_ms, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        request,
        customer,
        order,
        site,
        mechanics,
        score,
        comment,
        now_ms as i64,
        hlc.as_i64()
    ])?;
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM ratings WHERE id = ?1"))?
        .query_row([id], rating_of)?
}

/// The fields of a rating that are the customer's words, with their erased
/// value: an anonymisation erases them (the score stays, as a figure).
pub(crate) fn personal() -> serde_json::Map<String, serde_json::Value> {
    serde_json::Map::from_iter([("comment".to_owned(), serde_json::Value::Null)])
}

/// Erases the comment of rating `id` (an anonymisation).
pub(crate) fn erase_personal(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.prepare_cached("UPDATE ratings SET comment = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

pub(crate) fn rating_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Rating>> {
    let (id, customer, order, site): (String, String, Option<String>, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let (score, comment, rated_at_ms): (i64, Option<String>, i64) =
        (r.get(4)?, r.get(5)?, r.get(6)?);
    Ok((|| {
        Ok(Rating {
            id,
            customer_id: parse_id(&customer, "ratings.customer_id")?,
            order_id: order
                .map(|o| parse_id(&o, "ratings.order_id"))
                .transpose()?,
            site_id: site,
            score: u8::try_from(score).map_err(|_| Error::Corrupt("ratings.score"))?,
            comment,
            rated_at_ms,
        })
    })())
}

/// The columns [`rating_of`] reads, in its order.
pub(crate) const COLUMNS: &str = "id, customer_id, order_id, site_id, score, comment, rated_at_ms";

//! The order's timeline: each move of its life as an append-only event, with
//! who made it, when and why.

use atelier_domain::{Locale, OrderId, UserId};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::OrderStatus;
use crate::access::Actor;
use crate::orders::parse_id;
use crate::outbox::{self, OpKind};
use crate::text::rfc3339_now;
use crate::{Error, Result};

const EVENTS: &str = "order_events";

/// One move in an order's life: a line of its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderEvent {
    /// The status before; none when the estimate was created.
    pub from: Option<OrderStatus>,
    /// The status after.
    pub to: OrderStatus,
    /// When, in Unix milliseconds.
    pub at_ms: u64,
    /// When (RFC 3339).
    pub at: String,
    /// Who: the user's id, none for the system.
    pub user_id: Option<UserId>,
    /// Who, by name at the time.
    pub user_name: String,
    /// Why, when a reason was given (always for a reopening).
    pub reason: Option<String>,
    /// The line to show, in the reader's language.
    pub text: String,
}

/// The order's timeline, in the order the moves were made (their clock
/// stamps, which keep causal order across stations even when a wall clock
/// is wrong).
pub fn timeline(conn: &Connection, id: OrderId, locale: Locale) -> Result<Vec<OrderEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_status, to_status, at_ms, user_id, user_name, reason FROM order_events
         WHERE order_id = ?1 ORDER BY created_at",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let corrupt = || Error::Corrupt("order_events.status");
    let mut out = Vec::new();
    for row in rows {
        let (from, to, at_ms, user_id, user_name, reason) = row?;
        let from = from
            .map(|f| OrderStatus::parse(&f).ok_or_else(corrupt))
            .transpose()?;
        let to = OrderStatus::parse(&to).ok_or_else(corrupt)?;
        let at_ms = at_ms.unsigned_abs();
        out.push(OrderEvent {
            text: event_text(from, to, &user_name, locale),
            from,
            to,
            at_ms,
            at: rfc3339_now(at_ms),
            user_id: user_id
                .map(|u| parse_id(&u, "order_events.user_id"))
                .transpose()?,
            user_name,
            reason,
        });
    }
    Ok(out)
}

fn event_text(from: Option<OrderStatus>, to: OrderStatus, who: &str, locale: Locale) -> String {
    let fr = locale == Locale::Fr;
    match (from, to) {
        (None, _) if fr => format!("Devis créé par {who}"),
        (None, _) => format!("Estimate created by {who}"),
        (Some(OrderStatus::Done), OrderStatus::InProgress) if fr => format!("Rouvert par {who}"),
        (Some(OrderStatus::Done), OrderStatus::InProgress) => format!("Reopened by {who}"),
        (Some(_), to) if fr => format!("Passé à « {} » par {who}", to.label(locale)),
        (Some(_), to) => format!("Moved to “{}” by {who}", to.label(locale)),
    }
}

/// Appends one event to an order's timeline.
pub(crate) fn record_event(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
    from: Option<OrderStatus>,
    to: OrderStatus,
    reason: Option<&str>,
) -> Result<()> {
    let id = crate::new_row_id();
    let at_ms = i64::try_from(now_ms).unwrap_or(i64::MAX);
    let user_id = actor.user.map(|u| u.to_string());
    let hlc = outbox::record(
        tx,
        now_ms,
        EVENTS,
        &id,
        OpKind::Insert,
        &json!({
            "order_id": order.to_string(), "from_status": from.map(OrderStatus::as_str),
            "to_status": to.as_str(), "at_ms": at_ms, "user_id": user_id,
            "user_name": actor.name, "reason": reason,
        }),
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO order_events (id, order_id, from_status, to_status, at_ms, user_id,
                                   user_name, reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        order.to_string(),
        from.map(OrderStatus::as_str),
        to.as_str(),
        at_ms,
        user_id,
        actor.name,
        reason,
        hlc.as_i64()
    ])?;
    Ok(())
}

//! The time clock: each mechanic starts, pauses and stops their own clock on
//! an order, as append-only events; several mechanics may work one order.
//! Time spent is derived from the events, never stored, so two stations'
//! events merge by simply being both kept.

use std::collections::BTreeMap;

use atelier_domain::{OrderId, UserId};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::steps::workable;
use super::{OrderError, parse_id};
use crate::access::Actor;
use crate::outbox::{self, OpKind};
use crate::{Error, Result};

const ENTITY: &str = "clock_events";

/// What a clock event does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// The mechanic starts (or resumes) working on the order.
    Start,
    /// A break: the clock stops counting until the next start.
    Pause,
    /// The mechanic is done with the order for now.
    Stop,
}

crate::text::str_enum!(ClockKind {
    Start => "start",
    Pause => "pause",
    Stop => "stop",
});

/// Where one mechanic's clock stands on an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Never started, or stopped.
    #[default]
    Stopped,
    /// Counting.
    Running,
    /// On a break.
    Paused,
}

/// One mechanic's time on an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MechanicTime {
    /// The mechanic's user id.
    pub user_id: UserId,
    /// Their name at the last event.
    pub user_name: String,
    /// Their clock now.
    pub state: ClockState,
    /// When the running clock started (Unix ms), for a live counter.
    pub running_since_ms: Option<u64>,
    /// Time clocked, in milliseconds, up to `now_ms` for a running clock.
    pub clocked_ms: u64,
}

/// Pauses `actor`'s running clock. Refused with [`OrderError::ClockNotRunning`]
/// when it is not running.
pub fn pause_clock(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
) -> Result<MechanicTime> {
    workable(tx, order)?;
    let user = user_of(actor)?;
    if state_of(tx, order, user, now_ms)?.state != ClockState::Running {
        return Err(OrderError::ClockNotRunning.into());
    }
    append(tx, now_ms, order, user, &actor.name, ClockKind::Pause)?;
    state_of(tx, order, user, now_ms)
}

/// Stops `actor`'s clock, running or paused. Refused with
/// [`OrderError::ClockNotRunning`] when it is already stopped.
pub fn stop_clock(
    tx: &Transaction<'_>,
    now_ms: u64,
    actor: &Actor,
    order: OrderId,
) -> Result<MechanicTime> {
    workable(tx, order)?;
    let user = user_of(actor)?;
    if state_of(tx, order, user, now_ms)?.state == ClockState::Stopped {
        return Err(OrderError::ClockNotRunning.into());
    }
    append(tx, now_ms, order, user, &actor.name, ClockKind::Stop)?;
    state_of(tx, order, user, now_ms)
}

/// Every mechanic's time on an order, by name; running clocks count up to `now_ms`.
pub fn clocks(conn: &Connection, order: OrderId, now_ms: u64) -> Result<Vec<MechanicTime>> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, user_name, kind, at_ms FROM clock_events WHERE order_id = ?1
         ORDER BY at_ms, created_at",
    )?;
    let rows = stmt.query_map([order.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut by_user: BTreeMap<UserId, Vec<(String, ClockKind, u64)>> = BTreeMap::new();
    for row in rows {
        let (user, name, kind, at) = row?;
        let user: UserId = parse_id(&user, "clock_events.user_id")?;
        let kind = ClockKind::parse(&kind).ok_or(Error::Corrupt("clock_events.kind"))?;
        by_user
            .entry(user)
            .or_default()
            .push((name, kind, at.unsigned_abs()));
    }
    let mut out: Vec<MechanicTime> = by_user
        .into_iter()
        .map(|(user, events)| fold(user, &events, now_ms))
        .collect();
    out.sort_by(|a, b| a.user_name.cmp(&b.user_name));
    Ok(out)
}

/// Derives a clock from its events, in time order.
pub(crate) fn fold(
    user_id: UserId,
    events: &[(String, ClockKind, u64)],
    now_ms: u64,
) -> MechanicTime {
    let mut t = MechanicTime {
        user_id,
        user_name: String::new(),
        state: ClockState::Stopped,
        running_since_ms: None,
        clocked_ms: 0,
    };
    for (name, kind, at) in events {
        t.user_name.clone_from(name);
        if let Some(since) = t.running_since_ms.take() {
            t.clocked_ms += at.saturating_sub(since);
        }
        match kind {
            ClockKind::Start => {
                t.state = ClockState::Running;
                t.running_since_ms = Some(*at);
            }
            ClockKind::Pause => t.state = ClockState::Paused,
            ClockKind::Stop => t.state = ClockState::Stopped,
        }
    }
    if let Some(since) = t.running_since_ms {
        t.clocked_ms += now_ms.saturating_sub(since);
    }
    t
}

pub(crate) fn state_of(
    conn: &Connection,
    order: OrderId,
    user: UserId,
    now_ms: u64,
) -> Result<MechanicTime> {
    Ok(clocks(conn, order, now_ms)?
        .into_iter()
        .find(|t| t.user_id == user)
        .unwrap_or(MechanicTime {
            user_id: user,
            user_name: String::new(),
            state: ClockState::Stopped,
            running_since_ms: None,
            clocked_ms: 0,
        }))
}

pub(crate) fn user_of(actor: &Actor) -> Result<UserId> {
    actor.user.ok_or(Error::NotSignedIn)
}

/// Stops every running or paused clock on an order (it is done or cancelled).
pub(crate) fn stop_all(tx: &Transaction<'_>, now_ms: u64, order: OrderId) -> Result<()> {
    for t in clocks(tx, order, now_ms)? {
        if t.state != ClockState::Stopped {
            append(tx, now_ms, order, t.user_id, &t.user_name, ClockKind::Stop)?;
        }
    }
    Ok(())
}

pub(crate) fn append(
    tx: &Transaction<'_>,
    now_ms: u64,
    order: OrderId,
    user: UserId,
    name: &str,
    kind: ClockKind,
) -> Result<()> {
    let id = crate::new_row_id();
    let user = user.to_string();
    let at = i64::try_from(now_ms).unwrap_or(i64::MAX);
    let payload = json!({
        "order_id": order.to_string(), "user_id": user, "user_name": name,
        "kind": kind.as_str(), "at_ms": at,
    });
    let hlc = outbox::record(tx, now_ms, ENTITY, &id, OpKind::Insert, &payload, None)?;
    tx.prepare_cached(
        "INSERT INTO clock_events (id, order_id, user_id, user_name, kind, at_ms, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        order.to_string(),
        user,
        name,
        kind.as_str(),
        at,
        hlc.as_i64()
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_counted_between_starts_and_pauses_and_up_to_now_when_running() {
        let ev = |kind, at| ("Karim".to_owned(), kind, at);
        let t = fold(
            UserId::new(),
            &[
                ev(ClockKind::Start, 1_000),
                ev(ClockKind::Pause, 61_000),
                ev(ClockKind::Start, 121_000),
            ],
            151_000,
        );
        assert_eq!(t.clocked_ms, 90_000, "60 s before the break, 30 s since");
        assert_eq!(t.state, ClockState::Running);
        assert_eq!(t.running_since_ms, Some(121_000));
        let t = fold(
            UserId::new(),
            &[ev(ClockKind::Start, 0), ev(ClockKind::Stop, 5_000)],
            99_000,
        );
        assert_eq!(
            (t.clocked_ms, t.state),
            (5_000, ClockState::Stopped),
            "a stopped clock no longer counts"
        );
    }
}

//! Frozen e-reporting periods: once a period is over, its figures are
//! computed once and kept as they were, append-only (triggers refuse any
//! change), chained per station like its till closures and synced.
//!
//! Each station's periods form one chain kept by its device, in the order
//! they were frozen: `hash` is [`crate::text::sealed_hash`] of the period's
//! fields (`atelier-ereport-v1`) and the previous period's hash. A period
//! is frozen at most once: a second freeze of any day it covers is refused
//! ([`EreportError::AlreadyFrozen`]), and the table's unique keys refuse a
//! second row even from a race. The site is stored but not sealed:
//! enrolment renames a station's provisional site in every row.

use atelier_domain::{DeviceId, EreportPeriodId, SiteId};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::Serialize;
use serde_json::json;

use super::{EreportError, Figures, Regime, figures, settings};
use crate::outbox::{self, OpKind};
use crate::text::{sealed_hash, today};
use crate::till::closures::GENESIS;
use crate::{Db, Error, Result, access, device};

/// The name recorded for a period frozen without anyone asking.
const AUTOMATIC: &str = "Atelier";

/// A frozen period as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FrozenPeriod {
    /// Its id.
    pub id: EreportPeriodId,
    /// The workstation's device, which keeps the chain.
    pub device_id: DeviceId,
    /// The workstation's name when it froze (its series prefix).
    pub station: String,
    /// The station's site.
    pub site_id: SiteId,
    /// First day.
    pub period_start: String,
    /// Last day.
    pub period_end: String,
    /// The regime that set the period.
    pub regime: Regime,
    /// Whether the workshop was on VAT on debits (no payment data).
    pub vat_on_debits: bool,
    /// Its place in the station's chain, from 1.
    pub seq: i64,
    /// When it was frozen (Unix ms).
    pub frozen_at: u64,
    /// Who froze it (`Atelier` when frozen on its own).
    pub user_name: String,
    /// The figures.
    pub figures: Figures,
    /// The previous period's hash, or the genesis one.
    pub prev_hash: String,
    /// SHA-256 of its fields and `prev_hash`.
    pub hash: String,
    /// The figures as stored, which the hash covers.
    #[serde(skip)]
    pub(crate) figures_text: String,
}

impl FrozenPeriod {
    /// The hash its fields give.
    pub fn computed_hash(&self) -> String {
        sealed_hash(&[
            "atelier-ereport-v1",
            &self.device_id.to_string(),
            &self.station,
            &self.period_start,
            &self.period_end,
            self.regime.as_str(),
            if self.vat_on_debits { "1" } else { "0" },
            &self.seq.to_string(),
            &self.frozen_at.to_string(),
            &self.user_name,
            &self.figures_text,
            &self.prev_hash,
        ])
    }
}

const SELECT: &str = "SELECT id, device_id, station, site_id, period_start, period_end, regime,
        vat_on_debits, seq, frozen_at, user_name, figures, prev_hash, hash FROM ereport_periods";

fn frozen(r: &Row<'_>) -> rusqlite::Result<Result<FrozenPeriod>> {
    let regime: String = r.get(6)?;
    let figures_text: String = r.get(11)?;
    let (id, device, site): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(3)?);
    let (Some(regime), Ok(figures), Ok(id), Ok(device_id), Ok(site_id)) = (
        Regime::parse(&regime),
        serde_json::from_str(&figures_text),
        id.parse(),
        device.parse(),
        site.parse(),
    ) else {
        return Ok(Err(Error::Corrupt("ereport_periods")));
    };
    Ok(Ok(FrozenPeriod {
        id,
        device_id,
        station: r.get(2)?,
        site_id,
        period_start: r.get(4)?,
        period_end: r.get(5)?,
        regime,
        vat_on_debits: r.get(7)?,
        seq: r.get(8)?,
        frozen_at: u64::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
        user_name: r.get(10)?,
        figures,
        figures_text,
        prev_hash: r.get(12)?,
        hash: r.get(13)?,
    }))
}

/// The frozen period `id`.
pub fn get(conn: &Connection, id: EreportPeriodId) -> Result<FrozenPeriod> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], frozen)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "ereport_period",
            id: id.to_string(),
        })?
}

/// Every station's frozen periods, latest first (this station's and those
/// synced from the others).
pub fn list(conn: &Connection) -> Result<Vec<FrozenPeriod>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} ORDER BY period_start DESC, device_id, seq"
    ))?;
    let rows = stmt.query_map([], frozen)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// Whether this station froze a period covering any day of `start..=end`.
fn overlaps(conn: &Connection, device: &str, start: &str, end: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM ereport_periods
              WHERE device_id = ?1 AND period_start <= ?3 AND period_end >= ?2)",
        )?
        .query_row(params![device, start, end], |r| r.get(0))?)
}

/// The periods over at `now_ms` since the first day reported
/// ([`super::Settings::from`]) that this station has not frozen: what
/// [`freeze_due`] would freeze. Empty until the first day is set.
pub fn due(conn: &Connection, now_ms: u64) -> Result<Vec<(String, String)>> {
    let s = settings(conn)?;
    let Some(from) = s.from else {
        return Ok(Vec::new());
    };
    let device = device::device_id(conn)?.to_string();
    let mut out = Vec::new();
    for (start, end) in s.regime.periods_over(&from, &today(now_ms)) {
        if !overlaps(conn, &device, &start, &end)? {
            out.push((start, end));
        }
    }
    Ok(out)
}

/// Freezes every period [`due`] at `now_ms`, oldest first, each in its own
/// transaction: what a launch and the overnight thread do. A failure keeps
/// the periods already frozen.
pub fn freeze_due(db: &mut Db, now_ms: u64) -> Result<Vec<FrozenPeriod>> {
    let mut made = Vec::new();
    for (start, _) in due(db.conn(), now_ms)? {
        made.push(db.write(|tx| freeze(tx, now_ms, &start))?);
    }
    Ok(made)
}

/// Freezes the period of the workshop's regime holding `day`, chained
/// after this station's last one: the owner's « Figer ». Refused, writing
/// nothing, while the period is not over ([`EreportError::NotOver`]) or
/// when this station froze any of its days ([`EreportError::AlreadyFrozen`]).
pub fn freeze(tx: &Transaction<'_>, now_ms: u64, day: &str) -> Result<FrozenPeriod> {
    let s = settings(tx)?;
    let (start, end) = s
        .regime
        .period_of(day)
        .ok_or(crate::validation::Invalid::new(
            crate::validation::Field::EreportingFrom,
            crate::validation::Problem::Date,
        ))?;
    if end >= today(now_ms) {
        return Err(EreportError::NotOver { start, end }.into());
    }
    let device_id = device::device_id(tx)?;
    let device = device_id.to_string();
    if overlaps(tx, &device, &start, &end)? {
        return Err(EreportError::AlreadyFrozen { start, end }.into());
    }
    let figures = figures::compute(tx, &start, &end, s.vat_on_debits)?;
    let (seq, prev_hash) = tx
        .prepare_cached(
            "SELECT seq, hash FROM ereport_periods WHERE device_id = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([&device], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .optional()?
        .map_or((1, GENESIS.to_owned()), |(s, h)| (s + 1, h));
    let (user_id, author) = access::author(tx)?;
    let figures_text =
        serde_json::to_string(&figures).map_err(|_| Error::Corrupt("ereport_periods.figures"))?;
    let mut p = FrozenPeriod {
        id: EreportPeriodId::new(),
        station: device::station(tx)?,
        device_id,
        site_id: device::site(tx)?,
        period_start: start,
        period_end: end,
        regime: s.regime,
        vat_on_debits: s.vat_on_debits,
        seq,
        frozen_at: now_ms,
        user_name: author.unwrap_or_else(|| AUTOMATIC.to_owned()),
        figures,
        figures_text,
        prev_hash,
        hash: String::new(),
    };
    p.hash = p.computed_hash();
    let payload = json!({
        "device_id": p.device_id, "station": p.station, "site_id": p.site_id,
        "period_start": p.period_start, "period_end": p.period_end,
        "regime": p.regime.as_str(), "vat_on_debits": i64::from(p.vat_on_debits),
        "seq": p.seq, "frozen_at": p.frozen_at, "user_id": user_id, "user_name": p.user_name,
        "figures": p.figures_text, "prev_hash": p.prev_hash, "hash": p.hash,
    });
    let hlc = outbox::record(
        tx,
        now_ms,
        "ereport_periods",
        &p.id.to_string(),
        OpKind::Insert,
        &payload,
        None,
    )?;
    tx.prepare_cached(
        "INSERT INTO ereport_periods (id, device_id, station, site_id, period_start, period_end,
             regime, vat_on_debits, seq, frozen_at, user_id, user_name, figures, prev_hash, hash,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        p.id.to_string(),
        device,
        p.station,
        p.site_id.to_string(),
        p.period_start,
        p.period_end,
        p.regime.as_str(),
        p.vat_on_debits,
        p.seq,
        i64::try_from(now_ms).unwrap_or(i64::MAX),
        user_id,
        p.user_name,
        p.figures_text,
        p.prev_hash,
        p.hash,
        hlc.as_i64(),
    ])?;
    Ok(p)
}

/// The periods whose stored fields no longer give their hash, whose link
/// to the previous one is broken, or which cannot be read: `(station,
/// seq)`, in chain order.
pub fn verify(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY device_id, seq"))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(8)?,
            r.get::<_, String>(13)?,
            frozen(r)?,
        ))
    })?;
    let mut bad = Vec::new();
    let mut previous: Option<(String, String)> = None;
    for row in rows {
        let (device, station, seq, hash, p) = row?;
        let expected_prev = match &previous {
            Some((d, h)) if *d == device => h.clone(),
            _ => GENESIS.to_owned(),
        };
        let intact = p.is_ok_and(|p| p.computed_hash() == p.hash && p.prev_hash == expected_prev);
        if !intact {
            bad.push((station, seq));
        }
        previous = Some((device, hash));
    }
    Ok(bad)
}

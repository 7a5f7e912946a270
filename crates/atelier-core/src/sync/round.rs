//! Enrolment and the sync round: push what waits, then pull what others
//! wrote, page by page.
//!
//! Nothing is held open across the network: operations are read, sent, and
//! marked sent in a transaction of their own once the server answered; a
//! pulled page is applied with its cursor in one transaction. A round cut off
//! anywhere (station killed, server stopped, answer lost) leaves the
//! database as after the last completed step, and the next round resumes:
//! the server acknowledges a repeated push as a duplicate, and a page whose
//! cursor was not stored is pulled again and applied idempotently.

use atelier_domain::sync::{
    EnrolRequest, MAX_PULL_OPS, MAX_PUSH_OPS, OpOutcome, PullResponse, PushRequest, PushResponse,
    WireOp,
};
use serde::Serialize;

use super::apply::{Applier, Prepared};
use super::client::{Ahead, Transport};
use super::state::{self, Enrolment};
use super::{SyncError, enrolment};
use crate::db::schema_version;
use crate::{Db, Error, Result, device, outbox, workshop};

/// Operations per pull page: as many as the server gives. Each page is one
/// transaction, so a larger page writes the pages of the tables and the
/// search index it touches fewer times.
pub const PULL_PAGE: u32 = MAX_PULL_OPS;

/// What a round did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Operations the server acknowledged.
    pub pushed: u64,
    /// Of those, how many it kept but refused to pass on.
    pub rejected: u64,
    /// Operations pulled and applied.
    pub pulled: u64,
    /// Of those, how many wait for a row or a newer version.
    pub parked: u64,
    /// Conflicts found.
    pub conflicts: u64,
    /// Operations taken from a snapshot of the scope rather than pulled one
    /// by one (a new station's first round: see `sync::snapshot`).
    pub from_snapshot: u64,
    /// Whether another station's anonymisation of a customer was applied:
    /// the file was then scrubbed ([`crate::privacy::scrub`]).
    pub anonymised: bool,
}

/// Enrols this workstation with the server behind `transport` using the
/// owner's one-time `code`; `keep_token` stores the device token (the OS
/// keyring) before anything is written here. Takes the invoice series the
/// server assigned, and the server's site as this station's (its rows move
/// there: see `sync::site`).
pub fn enrol(
    db: &mut Db,
    transport: &dyn Transport,
    server_url: &str,
    code: &str,
    device_name: &str,
    now_ms: u64,
    keep_token: impl FnOnce(&str) -> std::result::Result<(), SyncError>,
) -> Result<Enrolment> {
    if enrolment(db.conn())?.is_some() {
        return Err(SyncError::AlreadyEnrolled.into());
    }
    let name = match device_name.trim() {
        "" => "Poste".to_owned(),
        n => n.chars().take(60).collect(),
    };
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let enrolled = transport.enrol(&EnrolRequest {
        code,
        device_id: device::device_id(db.conn())?,
        device_name: name.clone(),
        schema_version: schema_version(),
    })?;
    keep_token(&enrolled.token)?;
    let url = server_url.trim().trim_end_matches('/').to_owned();
    db.write(|tx| {
        state::save(tx, &url, &name, &enrolled, now_ms)?;
        super::site::adopt(tx, now_ms, &enrolled.site)?;
        workshop::adopt_series_prefix(tx, &enrolled.series_prefix)?;
        crate::journal::record(
            tx,
            now_ms,
            crate::journal::Code::Enrolment,
            &format!("{url} as {name}, series {}", enrolled.series_prefix),
        )
        .map(|_| ())
    })?;
    enrolment(db.conn())?.ok_or(Error::Corrupt("sync_state"))
}

/// One sync round with the server: push every waiting operation, then pull
/// and apply every page. The outcome (success, or why not and whether the
/// server answered) is recorded for the status bar.
pub fn run(db: &mut Db, transport: &dyn Transport, now: &dyn Fn() -> u64) -> Result<Report> {
    if enrolment(db.conn())?.is_none() {
        return Err(SyncError::NotEnrolled.into());
    }
    // A station holds only its scope: a row may point at one of another
    // site it will never receive. References are checked where rows are
    // written here, not where they are replicated.
    db.conn().execute_batch("PRAGMA foreign_keys = OFF")?;
    let result = round(db, transport, now);
    db.conn().execute_batch("PRAGMA foreign_keys = ON")?;
    match result {
        Ok(report) => Ok(report),
        Err(Error::Sync(e)) => {
            let online = !matches!(e, SyncError::Offline { .. });
            // Kept as code and detail: the status bar words it in the
            // language of whoever reads it.
            let (code, detail) = e.stored();
            db.write(|tx| state::failed(tx, now(), online, &code, &detail))?;
            Err(Error::Sync(e))
        }
        Err(e) => Err(e),
    }
}

fn round(db: &mut Db, transport: &dyn Transport, now: &dyn Fn() -> u64) -> Result<Report> {
    let mut report = Report::default();
    let status = transport.status()?;
    let written: i64 = db
        .conn()
        .query_row("SELECT last_seq FROM device", [], |r| r.get(0))?;
    if status.last_seq > written.unsigned_abs() {
        // The server holds operations of this device that this database
        // does not: it was restored from an older backup, or from another
        // station's. Pushing would reuse their numbers.
        return Err(SyncError::Refused {
            code: "sequence_reused".into(),
            message: format!(
                "server holds sequence {} and this station only {written}",
                status.last_seq
            ),
        }
        .into());
    }
    push(db, transport, now, &mut report)?;
    if super::snapshot::eligible(db)? {
        report.from_snapshot = super::snapshot::take(db, transport, now())?;
    }
    pull(db, transport, now, &mut report)?;
    if report.anonymised {
        // What the anonymisation erased is still in the WAL's older pages.
        crate::privacy::scrub(db)?;
    }
    db.write(|tx| state::succeeded(tx, now(), &status))?;
    Ok(report)
}

fn push(
    db: &mut Db,
    transport: &dyn Transport,
    now: &dyn Fn() -> u64,
    report: &mut Report,
) -> Result<()> {
    loop {
        let ops = outbox::pending(db.conn(), MAX_PUSH_OPS as u32)?;
        let Some(first) = ops.first().map(|o| o.seq) else {
            return Ok(());
        };
        let request = PushRequest {
            ops: ops
                .into_iter()
                .map(outbox::to_wire)
                .collect::<Result<_>>()?,
        };
        let answer = match transport.push(&request) {
            Ok(answer) => answer,
            Err(SyncError::Gap { expected }) if expected < first => {
                // The server lost operations it had acknowledged: send them again.
                db.write(|tx| {
                    tx.prepare_cached("UPDATE outbox SET acked_at = NULL WHERE seq >= ?1")?
                        .execute([expected as i64])?;
                    Ok(())
                })?;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if answer.acked_through < first {
            return Err(SyncError::Protocol {
                detail: format!(
                    "push of {first}… acknowledged through {}",
                    answer.acked_through
                ),
            }
            .into());
        }
        let (pushed, rejected) = db.write(|tx| mark_sent(tx, &answer, now()))?;
        report.pushed += pushed;
        report.rejected += rejected;
    }
}

fn mark_sent(
    tx: &rusqlite::Transaction<'_>,
    answer: &PushResponse,
    now_ms: u64,
) -> Result<(u64, u64)> {
    let pushed = tx
        .prepare_cached("UPDATE outbox SET acked_at = ?2 WHERE seq <= ?1 AND acked_at IS NULL")?
        .execute((answer.acked_through as i64, now_ms as i64))?;
    let mut rejected = 0;
    for r in &answer.results {
        if let OpOutcome::Rejected { code, reason } = &r.outcome {
            tx.prepare_cached(
                "UPDATE outbox SET rejected_code = ?2, rejected_reason = ?3 WHERE seq = ?1",
            )?
            .execute((r.seq as i64, code, reason))?;
            rejected += 1;
        }
    }
    Ok((pushed as u64, rejected))
}

/// The next `limit` operations waiting to be pushed, as they travel.
pub fn outgoing(conn: &rusqlite::Connection, limit: u32) -> Result<Vec<WireOp>> {
    outbox::pending(conn, limit)?
        .into_iter()
        .map(outbox::to_wire)
        .collect()
}

fn pull(
    db: &mut Db,
    transport: &dyn Transport,
    now: &dyn Fn() -> u64,
    report: &mut Report,
) -> Result<()> {
    let mut applier = Applier::new();
    let mut cursor = enrolment(db.conn())?.map_or(0, |e| e.cursor);
    let mut page = Page::of(transport.pull(cursor, PULL_PAGE)?);
    loop {
        if page.next_cursor < cursor {
            return Err(SyncError::Protocol {
                detail: format!("cursor went back from {cursor} to {}", page.next_cursor),
            }
            .into());
        }
        // The next page is fetched and prepared while this one is applied;
        // it is only used once this one and its cursor are committed.
        let coming = page
            .more
            .then(|| Coming::of(transport.pull_ahead(page.next_cursor, PULL_PAGE)));
        let applied = db.write(|tx| {
            let applied = applier.apply_prepared(tx, &page.ops, now())?;
            state::set_cursor(tx, page.next_cursor, applied.clock_ahead)?;
            Ok(applied)
        })?;
        report.pulled += u64::from(applied.applied + applied.parked);
        report.parked += u64::from(applied.parked);
        report.conflicts += u64::from(applied.conflicts);
        report.anonymised |= applied.anonymised;
        let Some(coming) = coming else {
            return Ok(());
        };
        cursor = page.next_cursor;
        page = coming.wait()?;
    }
}

/// A pulled page, its operations [`Prepared`].
struct Page {
    ops: Prepared,
    next_cursor: u64,
    more: bool,
}

impl Page {
    fn of(response: PullResponse) -> Page {
        Page {
            ops: Prepared::new(response.ops),
            next_cursor: response.next_cursor,
            more: response.more,
        }
    }
}

/// The next page on its way: fetched by a thread of the transport's, then
/// prepared by one of its own; or, from a transport that fetches only when
/// waited for, fetched and prepared then.
enum Coming<'a> {
    Preparing(std::thread::JoinHandle<std::result::Result<Page, SyncError>>),
    Later(Ahead<'a>),
}

impl<'a> Coming<'a> {
    fn of(ahead: Ahead<'a>) -> Coming<'a> {
        let Ahead::Fetching(fetch) = ahead else {
            return Coming::Later(ahead);
        };
        // The fetch is handed over once the thread runs, so that without a
        // thread to spare it stays here, waited for and prepared then.
        let (hand, take) = std::sync::mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("sync-prepare".into())
            .spawn(move || {
                let fetch = take.recv().map_err(|_| SyncError::Offline {
                    detail: "the page's fetch was not handed over".into(),
                })?;
                Ahead::Fetching(fetch).wait().map(Page::of)
            });
        match spawned {
            Ok(thread) => match hand.send(fetch) {
                Ok(()) => Coming::Preparing(thread),
                Err(std::sync::mpsc::SendError(fetch)) => Coming::Later(Ahead::Fetching(fetch)),
            },
            Err(_) => Coming::Later(Ahead::Fetching(fetch)),
        }
    }

    fn wait(self) -> std::result::Result<Page, SyncError> {
        match self {
            Coming::Preparing(thread) => thread.join().unwrap_or_else(|_| {
                Err(SyncError::Offline {
                    detail: "the page's preparation stopped".into(),
                })
            }),
            Coming::Later(ahead) => ahead.wait().map(Page::of),
        }
    }
}

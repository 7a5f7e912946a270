//! A station's two sync routines, the same for the window and the command
//! line: enrolling with a server (the token kept in the OS keyring) and
//! running one round with the token it kept.

use atelier_core::sync::{self, Enrolment, Report, SyncError};
use atelier_core::{Connection, Db, Result, device};

use crate::{Http, secret};

/// Enrols the station with the server at `server` with a one-time `code`:
/// checks a keyring can keep the token before the server hands one out,
/// then keeps it there (see [`sync::enrol`]).
pub fn enrol(db: &mut Db, server: &str, code: &str, name: &str, now_ms: u64) -> Result<Enrolment> {
    let device = device::device_id(db.conn())?;
    let http = Http::new(server, None)?;
    secret::check(device)?;
    sync::enrol(db, &http, server, code, name, now_ms, |token| {
        secret::save(device, token)
    })
}

/// One round with the server the station is enrolled with, with the token
/// the keyring keeps (see [`sync::run`]).
///
/// # Errors
/// [`SyncError::NotEnrolled`] before enrolment; `unauthorized` when the
/// keyring lost the token; what the round met otherwise.
pub fn round(db: &mut Db, now: &dyn Fn() -> u64) -> Result<Report> {
    let http = server(db.conn())?;
    sync::run(db, &http, now)
}

/// The server the station is enrolled with, with the token the keyring
/// keeps: what a round and the off-site copies talk to.
///
/// # Errors
/// [`SyncError::NotEnrolled`] before enrolment; `unauthorized` when the
/// keyring lost the token.
pub fn server(conn: &Connection) -> Result<Http> {
    let Some(enrolment) = sync::enrolment(conn)? else {
        return Err(SyncError::NotEnrolled.into());
    };
    let device = device::device_id(conn)?;
    let token = secret::load(device)?.ok_or_else(|| SyncError::Refused {
        code: "unauthorized".into(),
        message: "no device token in the keyring".into(),
    })?;
    Ok(Http::new(&enrolment.server_url, Some(token))?)
}

//! A station's two sync routines, the same for the window and the command
//! line: enrolling with a server (the token kept in the OS keyring) and
//! running one round with the token it kept.

use atelier_core::sync::{self, Enrolment, Report, SyncError};
use atelier_core::{Db, Result, device};

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
    let Some(enrolment) = sync::enrolment(db.conn())? else {
        return Err(SyncError::NotEnrolled.into());
    };
    let device = device::device_id(db.conn())?;
    let token = secret::load(device)?.ok_or_else(|| SyncError::Refused {
        code: "unauthorized".into(),
        message: "no device token in the keyring".into(),
    })?;
    let http = Http::new(&enrolment.server_url, Some(token))?;
    sync::run(db, &http, now)
}

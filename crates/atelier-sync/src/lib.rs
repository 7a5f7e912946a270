//! A station's side of sync that reaches outside it: the HTTP(S) transport
//! to the organisation's server ([`Http`]), the device token in the OS
//! keyring ([`secret`]), the two routines every front end runs (enrol, one
//! round) and the worker that runs rounds in the background ([`Worker`]).
//!
//! What a round does to the station's database — pushing the outbox,
//! applying pulled pages, merging field by field — is atelier-core's
//! (`atelier_core::sync`), behind its `Transport` trait. This crate is the
//! only one that speaks HTTP for a station or touches the device token; it
//! must not be imported by core, and imports nothing of the shell.

mod http;
pub mod offsite;
pub mod secret;
mod station;
mod worker;

pub use http::{Http, push_body};
pub use station::{enrol, round, server};
pub use worker::Worker;

#[cfg(test)]
mod tests {
    use atelier_core::Db;
    use atelier_core::sync::{SyncError, Transport};

    use super::*;

    #[test]
    fn a_server_address_must_be_a_web_address() {
        for bad in ["", "serveur", "ftp://garage.fr", "http://"] {
            assert!(
                matches!(Http::new(bad, None), Err(SyncError::BadAddress)),
                "{bad:?} is refused"
            );
        }
        assert!(Http::new("https://serveur.garage.fr:8480/", None).is_ok());
    }

    #[test]
    fn a_server_that_does_not_answer_is_offline() {
        // Port 1 on loopback: nothing listens there.
        let http = Http::new("http://127.0.0.1:1", None).expect("a web address");
        assert!(matches!(http.status(), Err(SyncError::Offline { .. })));
    }

    #[test]
    fn a_station_never_enrolled_does_not_sync_and_says_why() {
        let mut db = Db::open_in_memory().expect("a database");
        let err = round(&mut db, &|| 0).expect_err("no round before enrolment");
        assert_eq!(err.code(), "sync_not_enrolled");
        let enrolments: i64 = db
            .conn()
            .query_row("SELECT COUNT(*) FROM sync_state", [], |r| r.get(0))
            .expect("sync_state reads");
        assert_eq!(enrolments, 0, "nothing about a server was written");
    }
}

//! The thread that sends customers' messages on a workstation: at start it
//! marks the messages a stop left mid-send as unknown (never re-sent on
//! their own), then every [`SEND_EVERY`] or when woken it claims what is
//! due, sends it with the database free, and records each result — core's
//! send-once rule, in the three steps that keep the station working while
//! the network does.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use atelier_core::{Db, device, messages};

use crate::{Keyring, Network};

/// How often queued messages are tried when nothing wakes the sender.
pub const SEND_EVERY: Duration = Duration::from_secs(30);

/// How many messages one round claims.
const BATCH: u32 = 20;

/// Starts the sender on a thread of its own, over `db`, reading the time
/// from `now_ms`; a send on the returned channel wakes it before its next
/// round. Without a thread nothing is sent and the messages stay queued.
pub fn spawn(db: Arc<Mutex<Db>>, now_ms: impl Fn() -> u64 + Send + 'static) -> Sender<()> {
    let (wake, woken) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("messages".into())
        .spawn(move || run(&db, &woken, &now_ms));
    drop(spawned);
    wake
}

/// The sender's rounds, until every [`Sender`] of `woken` is gone: the
/// first at once, the next after [`SEND_EVERY`] or as soon as woken. The
/// secrets come from this workstation's OS keyring. A recovery that fails
/// sends nothing at all; a round that fails is logged and tried again.
pub fn run(db: &Mutex<Db>, woken: &Receiver<()>, now_ms: &dyn Fn() -> u64) {
    if let Err(e) = lock(db).write(messages::recover_interrupted) {
        tracing::error!(code = e.code(), "messages: recovery failed; not sending");
        return;
    }
    loop {
        let claimed = {
            let mut db = lock(db);
            let network = device::device_id(db.conn())
                .and_then(|device| Network::load(db.conn(), &Keyring::new(device)));
            network.and_then(|n| Ok((n, db.write(|tx| messages::claim_due(tx, now_ms(), BATCH))?)))
        };
        match claimed {
            Ok((network, batch)) => {
                for m in batch {
                    let outcome = messages::Transport::send(&network, &m);
                    let saved =
                        lock(db).write(|tx| messages::record_outcome(tx, now_ms(), m.id, &outcome));
                    if let Err(e) = saved {
                        tracing::error!(code = e.code(), "messages: result not recorded");
                    }
                }
            }
            Err(e) => tracing::warn!(code = e.code(), "messages: queue not read"),
        }
        if matches!(
            woken.recv_timeout(SEND_EVERY),
            Err(RecvTimeoutError::Disconnected)
        ) {
            return;
        }
    }
}

/// A panic elsewhere leaves no half-written data (its transaction rolled
/// back when dropped), so a poisoned lock is safe to take over.
fn lock(m: &Mutex<Db>) -> MutexGuard<'_, Db> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

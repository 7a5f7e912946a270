//! Core's calls as the desktop shell's commands make them, and what a screen
//! asks for when it opens: for the benchmarks and `atelier bench`, so that a
//! timed « page » or « save » is what a person waits for, not one query of
//! it.
//!
//! Before its call, every shell command records who is signed in on the
//! connection (`access::set_author`), and those that need the language read
//! it (`AppState::read`, `read_at`, `write`, `write_at`); [`read`],
//! [`read_at`], [`write`] and [`write_at`] do the same. The shell's thread
//! hop and serialisation are not included.

use atelier_domain::{CustomerId, Locale};
use rusqlite::Connection;

use atelier_core::access::{self, Actor};
use atelier_core::invoices::reports::customer_balance;
use atelier_core::pages::customer;
use atelier_core::{Db, Result, Transaction, audit, messages, planning, settings};

/// A read command (`AppState::read`).
pub fn read<T>(
    conn: &Connection,
    actor: &Actor,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    access::set_author(conn, Some(actor))?;
    f(conn)
}

/// A read command that needs the language (`AppState::read_at`).
pub fn read_at<T>(
    conn: &Connection,
    actor: &Actor,
    f: impl FnOnce(&Connection, Locale) -> Result<T>,
) -> Result<T> {
    access::set_author(conn, Some(actor))?;
    f(conn, settings::locale(conn).unwrap_or_default())
}

/// A write command (`AppState::write`): `f` in a transaction of its own,
/// committed.
pub fn write<T>(
    db: &mut Db,
    actor: &Actor,
    now_ms: u64,
    f: impl FnOnce(&Transaction<'_>, u64) -> Result<T>,
) -> Result<T> {
    access::set_author(db.conn(), Some(actor))?;
    db.write(|tx| f(tx, now_ms))
}

/// A write command that needs the language (`AppState::write_at`).
pub fn write_at<T>(
    db: &mut Db,
    actor: &Actor,
    now_ms: u64,
    f: impl FnOnce(&Transaction<'_>, u64, Locale) -> Result<T>,
) -> Result<T> {
    access::set_author(db.conn(), Some(actor))?;
    let locale = settings::locale(db.conn()).unwrap_or_default();
    db.write(|tx| f(tx, now_ms, locale))
}

/// Opens a customer's page (`ui/screens/customer.js`) as `actor`: the page
/// itself (`customer_page`: the customer, their vehicles, their open work
/// from the board's query), then the panels it fills as it shows
/// (`customer_balance`, `customer_appointments`, `customer_messages`, and
/// `record_history` when `history`: for who may read the audit trail).
/// `today` is the day the balance's ageing is counted from.
pub fn customer_screen(
    conn: &Connection,
    actor: &Actor,
    id: CustomerId,
    today: &str,
    history: bool,
) -> Result<()> {
    read(conn, actor, |c| customer::page(c, id))?;
    read(conn, actor, |c| customer_balance(c, id, today))?;
    read(conn, actor, |c| planning::of_customer(c, id))?;
    read(conn, actor, |c| messages::of_customer(c, id))?;
    if history {
        read(conn, actor, |c| {
            audit::of_record(c, "customers", &id.to_string())
        })?;
    }
    Ok(())
}

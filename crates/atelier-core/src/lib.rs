//! Atelier's local store and business rules.
//!
//! Everything a workstation decides lives here, behind plain functions over a
//! SQLite [`Db`]: reads take a `&Connection`, writes take a `&Transaction` and
//! record their sync operation in the [`outbox`] within that same transaction, so
//! a row never exists without the operation that will carry it to other sites.
//! Nothing here knows about Tauri or reads the system clock: callers pass `now`.

pub mod access;
pub mod amounts;
pub mod archives;
pub mod assistant;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod campaigns;
pub mod cipher;
pub mod customers;
pub mod db;
pub(crate) mod derive;
pub mod device;
pub mod diagnosis;
pub mod diagnostic;
pub mod einvoice;
pub mod error;
pub mod exports;
pub mod fec;
pub mod files;
pub mod import;
pub mod integrity;
pub mod invoices;
pub mod journal;
pub mod messages;
pub mod orders;
pub mod outbox;
pub mod pages;
#[cfg(test)]
mod papers_read;
pub mod planning;
pub mod privacy;
pub mod reports;
pub mod satisfaction;
pub mod search;
pub mod settings;
pub mod stamps;
pub mod startup;
pub mod stock;
pub mod sync;
pub mod text;
pub mod till;
pub mod users;
pub mod validation;
pub mod vehicles;
pub mod workshop;

pub use db::{CHECKPOINT_EVERY, Checkpointer, DB_FILE_NAME, Db};
pub use error::{Error, Result};
pub use rusqlite::{Connection, Transaction};

/// A fresh id for a row that has no id type of its own (an ownership period,
/// an appointment's history step): a UUIDv7, like every synced row.
pub(crate) fn new_row_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

//! Every text the `atelier` command writes itself — its answers, its
//! refusals, the labels around a car's reading — in French and in English,
//! one file per command area. What core, the sync, the keyring or the
//! adapter say (`e.message(locale)`) is theirs. `tests/words.rs` refuses a
//! text chosen by language anywhere else in the command.

pub(crate) mod archive;
pub(crate) mod ask;
pub(crate) mod bench;
pub(crate) mod dtc;
pub(crate) mod einvoice;
pub(crate) mod obd;
pub(crate) mod station;
pub(crate) mod till;

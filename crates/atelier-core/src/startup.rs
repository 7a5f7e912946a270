//! Opening a station's database for work: the routine the desktop shell
//! and the command line start with.
//!
//! [`Db::open`] opens and migrates, nothing more. Around it this routine
//! backs a database up before migrating it (a new one has nothing to lose)
//! and catches up the report figures of invoices issued before they
//! existed. It sits above the areas it calls, so the database layer below
//! them needs none of them. Restoring a backup, after which the station
//! starts over, is here too.

use std::path::Path;

use serde::Serialize;

use crate::{Db, Result, backup, db, invoices, settings};

/// Opens (creating if needed) the database in `data_dir`, backing it up
/// first when migrations are to run, then migrates it and fills in the
/// report figures that are missing.
pub fn open(data_dir: &Path) -> Result<Db> {
    db::create_dir(data_dir)?;
    let path = data_dir.join(db::DB_FILE_NAME);
    let conn = db::connect(&path)?;
    if db::migrations_pending(&conn)? {
        backup::before_migrating(&conn, &path)?;
    }
    let mut db = Db::init(conn, Some(path))?;
    db.write(invoices::figures::fill_missing)?;
    Ok(db)
}

/// What a restore did: the backup of what it replaced, and the invoice
/// chains of the restored data, checked.
#[derive(Debug, Serialize)]
pub struct Restored {
    /// The backup taken of the database the restore replaced.
    pub kept: backup::Outcome,
    /// The restored invoice chains, rechecked.
    pub invoices: invoices::Verification,
}

/// Restores the backup at `path` over the open database (see
/// [`backup::restore`], into the owner's folder), then rechecks its invoice
/// chains; the caller starts over from the sign-in on the restored data.
pub fn restore(db: &mut Db, data_dir: &Path, path: &Path, now_ms: u64) -> Result<Restored> {
    let folder = backup::folder(db.conn(), data_dir)?;
    let kept = backup::restore(db, path, &folder, now_ms)?;
    let locale = settings::locale(db.conn())?;
    let invoices = invoices::verify_in(db.conn(), locale)?;
    Ok(Restored { kept, invoices })
}

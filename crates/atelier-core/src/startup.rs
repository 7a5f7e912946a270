//! Opening a station's database for work: the routine the desktop shell
//! and the command line start with.
//!
//! [`Db::open`] opens and migrates, nothing more. Around it this routine
//! backs a database up before migrating it (a new one has nothing to lose)
//! and catches up the report figures of invoices issued before they
//! existed. It sits above the areas it calls, so the database layer below
//! them needs none of them.

use std::path::Path;

use crate::{Db, Result, backup, db, invoices};

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

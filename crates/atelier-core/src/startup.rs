//! Opening a station's database for work: the routine the desktop shell
//! and the command line start with.
//!
//! [`Db::open`] opens and migrates, nothing more. Around it this routine
//! backs a database up before migrating it (a new one has nothing to lose),
//! catches up the report figures of invoices issued before they existed,
//! writes again the search documents a migration asked for, and seeds the
//! diagnosis trees shipped with Atelier. It sits above the areas it calls, so the database layer below
//! them needs none of them. Restoring a backup, after which the station
//! starts over, is here too.

use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::cipher::{self, CipherError, FileState, RecoveryKey};
use crate::db::DbFile;
use crate::journal::{self, Code};
use crate::till::closures::{self, Closure};
use crate::{
    Db, Error, Result, backup, db, diagnosis, invoices, privacy, settings, sync, vehicles,
};

/// Opens (creating if needed) the database in `data_dir`, encrypted under
/// `recovery` or plain, backing it up first when migrations are to run,
/// then migrates it, fills in the report figures that are missing and
/// rewrites the search documents a migration asked for.
///
/// A plain database opened with a key is refused ([`CipherError::WrongKey`]):
/// [`encrypt`] converts it first.
pub fn open(data_dir: &Path, recovery: Option<&RecoveryKey>) -> Result<Db> {
    db::create_dir(data_dir)?;
    let file = DbFile::new(data_dir.join(db::DB_FILE_NAME), recovery.cloned());
    let conn = file.connect()?;
    if db::migrations_pending(&conn)? {
        backup::before_migrating(&conn, &file)?;
    }
    let mut db = Db::init(conn, Some(file))?;
    db.write(invoices::figures::fill_missing)?;
    db.write(vehicles::reindex_if_asked)?;
    db.write(seed_trees)?;
    Ok(db)
}

/// Where a station's database stands, before it is opened.
pub fn state(data_dir: &Path) -> Result<FileState> {
    cipher::state(&data_dir.join(db::DB_FILE_NAME))
}

/// Encrypts the plain database in `data_dir` under `recovery`: a backup
/// first (itself encrypted), then the encrypted copy, checked and renamed
/// over it ([`cipher::reencrypt`]), then the backups of the folder still
/// plain. `progress` hears how far the copy is. Killed at any point, the
/// next start finds the plain database as it was, or the encrypted one
/// complete. The caller keeps `recovery` in the keyring, and reads it back,
/// before it calls this.
pub fn encrypt(
    data_dir: &Path,
    recovery: &RecoveryKey,
    now_ms: u64,
    progress: cipher::Progress<'_>,
) -> Result<()> {
    let path = data_dir.join(db::DB_FILE_NAME);
    // Two copies of the same size: the backup is the first half of the way.
    let first = |done: u64, total: u64| progress(done / 2, total);
    let kept = backup::before_encrypting(&path, recovery, now_ms, &first)?;
    let second = |done: u64, total: u64| progress(total / 2 + done / 2, total);
    cipher::reencrypt(&path, None, recovery, &second)?;
    if let Some(folder) = kept.path.parent() {
        backup::encrypt_plain(folder, recovery)?;
    }
    Ok(())
}

/// Makes the key of the encrypted database in `data_dir` again, under the
/// same `recovery` key with a new salt: what a station does when its
/// keyring lost the key and the owner typed the recovery key. A wrong key
/// is refused after a pause and nothing is written.
pub fn rekey(
    data_dir: &Path,
    recovery: &RecoveryKey,
    progress: cipher::Progress<'_>,
) -> Result<()> {
    let path = data_dir.join(db::DB_FILE_NAME);
    let FileState::Encrypted { .. } = cipher::state(&path)? else {
        return Err(CipherError::NotADatabase(path).into());
    };
    if cipher::open_with(
        &path,
        recovery,
        cipher::Purpose::Database,
        rusqlite::OpenFlags::default(),
    )?
    .is_none()
    {
        return Err(cipher::refuse_typed_key());
    }
    cipher::typed_key_worked();
    cipher::reencrypt(&path, Some(recovery), recovery, progress)
}

/// Checks `recovery` opens the encrypted database in `data_dir` (a wrong
/// one is refused after a pause), writing nothing: a station whose keyring
/// is out of reach opens with the key the owner typed.
pub fn check_recovery(data_dir: &Path, recovery: &RecoveryKey) -> Result<()> {
    let path = data_dir.join(db::DB_FILE_NAME);
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    if cipher::open_with(&path, recovery, cipher::Purpose::Database, flags)?.is_none() {
        return Err(cipher::refuse_typed_key());
    }
    cipher::typed_key_worked();
    Ok(())
}

/// Where the station remembers its recovery key was made and not yet
/// shown to the owner.
const RECOVERY_PENDING_KEY: &str = "recovery.pending";

/// Whether the station's recovery key is still to be shown to the owner:
/// made at set-up, or when its plain database was encrypted.
pub fn recovery_pending(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM local_settings WHERE key = ?1",
            [RECOVERY_PENDING_KEY],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Marks the recovery key as to be shown (`true`) or shown and noted.
pub fn set_recovery_pending(db: &mut Db, pending: bool) -> Result<()> {
    db.write(|tx| {
        if pending {
            tx.execute(
                "INSERT INTO local_settings (key, value) VALUES (?1, '1')
                 ON CONFLICT (key) DO NOTHING",
                [RECOVERY_PENDING_KEY],
            )?;
        } else {
            tx.execute(
                "DELETE FROM local_settings WHERE key = ?1",
                [RECOVERY_PENDING_KEY],
            )?;
        }
        Ok(())
    })
}

/// Journals what [`encrypt`] or [`rekey`] did, once the database is open.
pub fn record_encryption(db: &mut Db, now_ms: u64, what: &str) -> Result<()> {
    db.write(|tx| journal::record(tx, now_ms, Code::Encryption, what).map(|_| ()))
}

/// Writes the shipped diagnosis trees the station lacks (see
/// [`diagnosis::shipped`]), then applies other stations' edits of them
/// that arrived before this version and waited for their row.
pub(crate) fn seed_trees(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    for id in diagnosis::seed(tx)? {
        sync::apply::unpark(tx, "diagnosis_trees", &id.to_string())?;
    }
    Ok(())
}

/// What a restore did: the backup of what it replaced, and the invoice
/// chains of the restored data, checked.
#[derive(Debug, Serialize)]
pub struct Restored {
    /// The backup taken of the database the restore replaced.
    pub kept: backup::Outcome,
    /// The restored invoice chains, rechecked.
    pub invoices: invoices::Verification,
    /// Customers anonymised since the backup was taken, which it held
    /// again: anonymised again.
    pub anonymised_again: usize,
}

/// Restores the backup at `path` over the open database (see
/// [`backup::restore`], into the owner's folder), anonymises again the
/// customers anonymised since it was taken, then rechecks its invoice
/// chains; the caller starts over from the sign-in on the restored data.
pub fn restore(
    db: &mut Db,
    data_dir: &Path,
    path: &Path,
    typed: Option<&RecoveryKey>,
    now_ms: u64,
) -> Result<Restored> {
    let folder = backup::folder(db.conn(), data_dir)?;
    let forgotten = privacy::anonymised(db.conn())?;
    let kept = backup::restore(db, path, &folder, typed, now_ms)?;
    // A backup from before V18 or V20 is migrated: its vehicles' documents too.
    db.write(vehicles::reindex_if_asked)?;
    // One from before V21 has no diagnosis trees yet.
    db.write(seed_trees)?;
    let anonymised_again = privacy::anonymise_again(db, &forgotten)?;
    let locale = settings::locale(db.conn())?;
    let invoices = invoices::verify_in(db.conn(), locale)?;
    db.write(|tx| {
        journal::record(
            tx,
            now_ms,
            Code::Restore,
            &format!(
                "{} (replaced database kept in {})",
                path.display(),
                kept.path.display()
            ),
        )
    })?;
    Ok(Restored {
        kept,
        invoices,
        anonymised_again,
    })
}

/// Where a running application marks the database, so the next start knows
/// whether the last one stopped cleanly.
const RUNNING_KEY: &str = "app.running";

/// What starting work at a station found and did.
#[derive(Debug, Default, Serialize)]
pub struct Began {
    /// The last run did not stop cleanly (a crash, a kill, a power cut).
    pub after_unclean_stop: bool,
    /// The closures made for the periods that ended since the last run.
    pub closures: Vec<Closure>,
    /// Why closing was refused, in the station's language (the clock was
    /// set back), if it was.
    pub closing_refused: Option<String>,
    /// The e-reporting periods frozen because they ended since the last run.
    pub ereport_periods: Vec<crate::einvoice::reporting::FrozenPeriod>,
}

/// Starts work at a station: journals the start (and an unclean stop of
/// the last run), then closes the days, months and fiscal years that ended
/// since, and freezes the e-reporting periods that ended
/// ([`crate::einvoice::reporting::frozen::freeze_due`]). A refused closure does not stop the start: it is journalled and
/// reported, and tried again at the next start or « Clôturer la journée ».
pub fn begin(db: &mut Db, now_ms: u64, version: &str) -> Result<Began> {
    let after_unclean_stop = db.write(|tx| {
        let running: Option<String> = tx
            .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
            .query_row([RUNNING_KEY], |r| r.get(0))
            .optional()?;
        if let Some(since) = &running {
            journal::record(
                tx,
                now_ms,
                Code::UncleanStop,
                &format!("running since {since}"),
            )?;
        }
        journal::record(tx, now_ms, Code::Start, version)?;
        tx.prepare_cached(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute((RUNNING_KEY, crate::text::rfc3339_now(now_ms)))?;
        Ok(running.is_some())
    })?;
    let mut began = Began {
        after_unclean_stop,
        ..Began::default()
    };
    match closures::close(db, now_ms, None) {
        Ok(made) => began.closures = made,
        Err(e @ Error::Till(_)) => {
            began.closing_refused = Some(e.message(settings::locale(db.conn())?));
        }
        Err(e) => return Err(e),
    }
    began.ereport_periods = crate::einvoice::reporting::frozen::freeze_due(db, now_ms)?;
    Ok(began)
}

/// Ends work at a station: journals the stop, and marks the stop clean.
/// Once per [`begin`]: a second call (an update restarting the application
/// ends it, then the exit does) writes nothing.
pub fn end(db: &mut Db, now_ms: u64) -> Result<()> {
    db.write(|tx| {
        let removed = tx
            .prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
            .execute([RUNNING_KEY])?;
        if removed > 0 {
            journal::record(tx, now_ms, Code::Stop, "")?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_780_000_000_000;

    fn codes(db: &Db) -> Vec<Code> {
        let mut entries = journal::list(db.conn(), &journal::Filter::default()).unwrap();
        entries.reverse();
        entries.into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_clean_stop_and_an_unclean_one_are_told_apart_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = open(dir.path(), None).unwrap();
        let began = begin(&mut db, T, "1.0.0").unwrap();
        assert!(!began.after_unclean_stop);
        end(&mut db, T + 1).unwrap();
        end(&mut db, T + 2).unwrap();
        drop(db);
        let mut db = open(dir.path(), None).unwrap();
        assert!(!begin(&mut db, T + 10, "1.0.0").unwrap().after_unclean_stop);
        // Killed: no end.
        drop(db);
        let mut db = open(dir.path(), None).unwrap();
        assert!(begin(&mut db, T + 20, "1.0.1").unwrap().after_unclean_stop);
        assert_eq!(
            codes(&db),
            [
                Code::Start,
                Code::Stop,
                Code::Start,
                Code::UncleanStop,
                Code::Start
            ]
        );
        assert!(journal::verify(db.conn()).unwrap().ok());
    }
}

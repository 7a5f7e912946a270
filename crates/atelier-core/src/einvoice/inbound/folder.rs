//! The watched folder: a folder the owner chooses in Réglages where a
//! supplier's e-invoices are dropped (by hand, by a mail rule, by the
//! approved platform's file exchange). Each file in it is imported, then
//! moved to `importés/`, or to `refusés/` beside a `.motif.txt` saying why.

use std::path::{Path, PathBuf};

use atelier_domain::{Locale, SupplierInvoiceId};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::error::InboundError;
use crate::{Db, Error, Result};

const FOLDER_KEY: &str = "einvoice.inbound_folder";
/// Where an imported file goes, under the watched folder.
pub const IMPORTED: &str = "importés";
/// Where a refused file goes, under the watched folder, with its reason.
pub const REFUSED: &str = "refusés";

/// The watched folder of this workstation, if the owner chose one.
pub fn folder(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [FOLDER_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

/// Chooses the watched folder (an existing folder); blank stops watching.
pub fn set_folder(tx: &Transaction<'_>, path: &str) -> Result<Option<String>> {
    let path = path.trim();
    if path.is_empty() {
        tx.execute("DELETE FROM local_settings WHERE key = ?1", [FOLDER_KEY])?;
        return Ok(None);
    }
    let dir = Path::new(path);
    let refused = |detail: String| InboundError::Folder {
        path: path.to_owned(),
        detail,
    };
    if !dir.is_absolute() {
        return Err(refused("relative".to_owned()).into());
    }
    if !dir.is_dir() {
        return Err(refused("not a folder".to_owned()).into());
    }
    let probe = dir.join(".atelier-write-test");
    std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|e| refused(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute((FOLDER_KEY, path))?;
    Ok(Some(path.to_owned()))
}

/// What became of one file of the watched folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FolderImport {
    /// The file's name.
    pub file: String,
    /// The received invoice, when imported.
    pub supplier_invoice_id: Option<SupplierInvoiceId>,
    /// The refusal's code, when refused.
    pub code: Option<String>,
    /// Where the file is now.
    pub moved_to: PathBuf,
}

/// Imports every `.pdf` and `.xml` file at the top of the watched folder,
/// each in its own transaction, and moves it to `importés/` or, refused,
/// to `refusés/` with a `<file>.motif.txt` holding the reason in `locale`.
/// A file the database could not take for a passing reason (busy) stays
/// for the next round. Nothing happens without a watched folder.
pub fn import_folder(db: &mut Db, now_ms: u64, locale: Locale) -> Result<Vec<FolderImport>> {
    let Some(dir) = folder(db.conn())? else {
        return Ok(Vec::new());
    };
    let dir = PathBuf::from(dir);
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Export {
        path: dir.clone(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("xml"))
        })
        .collect();
    files.sort();
    let mut done = Vec::with_capacity(files.len());
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let outcome = db.write(|tx| super::import(tx, now_ms, &bytes, Some(&name), None));
        let (to, id, code, reason) = match outcome {
            Ok(page) => (IMPORTED, Some(page.invoice.id), None, None),
            Err(e) if matches!(e.code(), "busy" | "storage") => continue,
            Err(e) => (
                REFUSED,
                None,
                Some(e.code().to_owned()),
                Some(e.message(locale)),
            ),
        };
        let moved_to = move_into(&dir.join(to), &path, &name)?;
        if let Some(reason) = reason {
            let motif = moved_to.with_file_name(format!(
                "{}.motif.txt",
                moved_to
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            std::fs::write(&motif, format!("{reason}\n")).map_err(|source| Error::Export {
                path: motif.clone(),
                source,
            })?;
        }
        done.push(FolderImport {
            file: name,
            supplier_invoice_id: id,
            code,
            moved_to,
        });
    }
    Ok(done)
}

/// Moves `path` into `dir` (made if missing) under `name`, or `name (2)`…
/// when a file of that name is there already.
fn move_into(dir: &Path, path: &Path, name: &str) -> Result<PathBuf> {
    let export = |path: &Path, source| Error::Export {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| export(dir, e))?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_owned(), format!(".{e}")),
        None => (name.to_owned(), String::new()),
    };
    let mut target = dir.join(name);
    let mut n = 2;
    while target.exists() {
        target = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    std::fs::rename(path, &target).map_err(|e| export(&target, e))?;
    Ok(target)
}

//! The folder exchange: the [`Platform`] of a PA that takes files by SFTP or
//! file drop. The owner chooses two folders on this workstation (kept in its
//! local settings, never synced: paths are the machine's own); a tool of the
//! PA's, or a synchronised folder, carries files between them and the PA.
//!
//! **Outgoing folder** — what Atelier sends, each file written whole or not
//! at all (a hidden `.<name>.partial` made durable, then renamed):
//! - an invoice or credit note: `FACTURE_<number>.pdf`, its Factur-X PDF;
//! - an e-reporting period: `EREPORTING_<SIREN>_<station>_<first>_<last>.json`
//!   ([`crate::einvoice::reporting::file`]).
//!
//! A file of the same name still there (the PA has not taken it yet) is
//! replaced: it was the same document.
//!
//! **Incoming folder** — what the PA returns; hidden files and folders are
//! left alone:
//! - lifecycle statuses: any `*.csv` file, UTF-8, one status per line,
//!   fields separated by `;`:
//!   `number;status;date;reason` — the invoice's number as issued; its
//!   status, by name (`deposited`, `rejected`, `refused`, `approved`,
//!   `paid`… [`Lifecycle`]) or by its code in the « cycle de vie »
//!   (200–213); the day it was reached, `YYYY-MM-DD` (a time after it, as
//!   in `2027-09-03T10:00:00Z`, is ignored); an optional reason. A first
//!   line starting with `number` or `numero` is a header; blank lines are
//!   skipped. A file with a line that cannot be read, or naming an invoice
//!   Atelier did not issue, is refused whole and stays in place; a file
//!   stored is moved to `traités/`.
//! - received invoices: any `*.pdf` or `*.xml` file, handed to the inbound
//!   import, then moved to `traités/`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::{Lifecycle, Platform, ReceivedFile, StatusBatch, StatusLine};
use crate::einvoice::reporting::EreportError;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

const OUTGOING_KEY: &str = "einvoice.outgoing";
const INCOMING_KEY: &str = "einvoice.incoming";

/// Where processed files of the incoming folder go.
pub const DONE_FOLDER: &str = "traités";

/// This workstation's exchange folders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Folders {
    /// Where Atelier drops what it sends.
    pub outgoing: Option<String>,
    /// Where the PA drops what it returns.
    pub incoming: Option<String>,
}

/// The folders form, as typed or picked.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FoldersInput {
    /// The outgoing folder's full path; blank: none.
    pub outgoing: Option<String>,
    /// The incoming folder's full path; blank: none.
    pub incoming: Option<String>,
}

fn local(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The folders chosen on this workstation.
pub fn folders(conn: &Connection) -> Result<Folders> {
    Ok(Folders {
        outgoing: local(conn, OUTGOING_KEY)?,
        incoming: local(conn, INCOMING_KEY)?,
    })
}

/// Saves this workstation's folders. Refused, writing nothing: a path that
/// is not absolute, or the same folder for both ways.
pub fn set_folders(tx: &Transaction<'_>, input: &FoldersInput) -> Result<Folders> {
    let clean = |v: &Option<String>, field: Field| -> Result<Option<String>> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(p) if Path::new(p).is_absolute() => Ok(Some(p.to_owned())),
            Some(_) => Err(Invalid::new(field, Problem::NotAllowed).into()),
        }
    };
    let outgoing = clean(&input.outgoing, Field::OutgoingFolder)?;
    let incoming = clean(&input.incoming, Field::IncomingFolder)?;
    if outgoing.is_some() && outgoing == incoming {
        return Err(Invalid::new(Field::IncomingFolder, Problem::NotAllowed).into());
    }
    for (key, value) in [(OUTGOING_KEY, &outgoing), (INCOMING_KEY, &incoming)] {
        match value {
            Some(v) => tx
                .prepare_cached(
                    "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute((key, v))?,
            None => tx
                .prepare_cached("DELETE FROM local_settings WHERE key = ?1")?
                .execute([key])?,
        };
    }
    folders(tx)
}

/// The folder exchange of this workstation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderExchange {
    outgoing: PathBuf,
    incoming: PathBuf,
}

fn folder_error(path: &Path, e: &std::io::Error) -> Error {
    EreportError::Folder {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
    .into()
}

fn has_extension(name: &str, ext: &[&str]) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ext.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

impl FolderExchange {
    /// The exchange between `outgoing` and `incoming`.
    pub fn new(outgoing: impl Into<PathBuf>, incoming: impl Into<PathBuf>) -> FolderExchange {
        FolderExchange {
            outgoing: outgoing.into(),
            incoming: incoming.into(),
        }
    }

    /// The exchange with the folders chosen on this workstation; refused
    /// while either is not chosen ([`EreportError::NoFolders`]).
    pub fn of_settings(conn: &Connection) -> Result<FolderExchange> {
        match folders(conn)? {
            Folders {
                outgoing: Some(o),
                incoming: Some(i),
            } => Ok(FolderExchange::new(o, i)),
            _ => Err(EreportError::NoFolders.into()),
        }
    }

    /// Writes `bytes` as `name` in the outgoing folder, whole or not at all.
    fn drop_file(&self, name: &str, bytes: &[u8]) -> Result<String> {
        let dir = &self.outgoing;
        std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, &e))?;
        let path = dir.join(name);
        let partial = dir.join(format!(".{name}.partial"));
        let written = (|| {
            let mut f = std::fs::File::create(&partial)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&partial, &path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(folder_error(&path, &e));
        }
        Ok(name.to_owned())
    }

    /// The visible files of the incoming folder with one of `ext`, by name.
    fn incoming_files(&self, ext: &[&str]) -> Result<Vec<(String, PathBuf)>> {
        let dir = &self.incoming;
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(folder_error(dir, &e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| folder_error(dir, &e))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && !name.starts_with('.') && has_extension(&name, ext) {
                out.push((name, entry.path()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Moves the incoming file `name` to `traités/` (a file of that name
    /// there already is kept, the new one gets a number).
    fn move_done(&self, name: &str) -> Result<()> {
        let done = self.incoming.join(DONE_FOLDER);
        std::fs::create_dir_all(&done).map_err(|e| folder_error(&done, &e))?;
        let mut target = done.join(name);
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = done.join(format!("{n}-{name}"));
        }
        let from = self.incoming.join(name);
        std::fs::rename(&from, &target).map_err(|e| folder_error(&from, &e))
    }
}

impl Platform for FolderExchange {
    fn send_invoice(&self, number: &str, pdf: &[u8]) -> Result<String> {
        let stem = crate::files::file_stem(number).to_uppercase();
        self.drop_file(&format!("FACTURE_{stem}.pdf"), pdf)
    }

    fn send_ereport(&self, file_name: &str, bytes: &[u8]) -> Result<String> {
        self.drop_file(file_name, bytes)
    }

    fn fetch_statuses(&self) -> Result<Vec<StatusBatch>> {
        let mut out = Vec::new();
        for (name, path) in self.incoming_files(&["csv"])? {
            let statuses = match std::fs::read(&path) {
                Ok(bytes) => parse_statuses(&name, &bytes),
                Err(e) => return Err(folder_error(&path, &e)),
            };
            out.push(StatusBatch {
                source: name,
                statuses,
            });
        }
        Ok(out)
    }

    fn statuses_done(&self, source: &str) -> Result<()> {
        self.move_done(source)
    }

    fn fetch_received(&self) -> Result<Vec<ReceivedFile>> {
        self.incoming_files(&["pdf", "xml"])?
            .into_iter()
            .map(|(name, path)| {
                let bytes = std::fs::read(&path).map_err(|e| folder_error(&path, &e))?;
                Ok(ReceivedFile { name, bytes })
            })
            .collect()
    }

    fn received_done(&self, name: &str) -> Result<()> {
        self.move_done(name)
    }
}

/// The statuses of a status file (the format above), or why it cannot be
/// read.
pub fn parse_statuses(
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Vec<StatusLine>, EreportError> {
    let bad = |line: usize, reason: String| EreportError::StatusFile {
        file: file.to_owned(),
        line,
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| bad(1, "not UTF-8 text".into()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        if n == 1 {
            let first = fields[0].to_ascii_lowercase();
            if first == "number" || first == "numero" || first == "numéro" {
                continue;
            }
        }
        if !(3..=4).contains(&fields.len()) {
            return Err(bad(
                n,
                format!(
                    "{} fields, expected number;status;date;reason",
                    fields.len()
                ),
            ));
        }
        if fields[0].is_empty() {
            return Err(bad(n, "no invoice number".into()));
        }
        let status = Lifecycle::parse(fields[1])
            .ok_or_else(|| bad(n, format!("unknown status “{}”", fields[1])))?;
        let on = fields[2]
            .get(..10)
            .and_then(crate::text::parse_date)
            .filter(|_| fields[2].len() == 10 || fields[2].as_bytes().get(10) == Some(&b'T'))
            .ok_or_else(|| bad(n, format!("“{}” is not a date YYYY-MM-DD", fields[2])))?;
        let reason = fields
            .get(3)
            .filter(|r| !r.is_empty())
            .map(|r| (*r).to_owned());
        out.push(StatusLine {
            number: fields[0].to_owned(),
            status,
            on,
            reason,
        });
    }
    Ok(out)
}

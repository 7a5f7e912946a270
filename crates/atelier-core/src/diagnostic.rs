//! « Exporter un diagnostic »: one zip the owner can send to whoever helps
//! them, with what it takes to understand a problem and no customer data —
//! versions, the database's shape (tables and their row counts, sizes, the
//! integrity check), the backups' state and the application's logs, which
//! by construction name commands and error codes, never people or cars.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;
use zip::write::SimpleFileOptions;

use crate::text::rfc3339_now;
use crate::{Error, Result, backup, device};

/// What the application tells the diagnostic about itself.
#[derive(Clone, Debug)]
pub struct AppFacts {
    /// The application's version.
    pub version: String,
    /// Where its logs are.
    pub logs_dir: PathBuf,
    /// The data directory.
    pub data_dir: PathBuf,
}

/// Writes `atelier-diagnostic-YYYYMMDD-HHMMSS.zip` into `dir`; returns its path.
pub fn export(conn: &Connection, facts: &AppFacts, dir: &Path, now_ms: u64) -> Result<PathBuf> {
    let stamp: String = rfc3339_now(now_ms)
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    let (day, time) = stamp.split_at(8.min(stamp.len()));
    let name = format!("atelier-diagnostic-{day}-{time}.zip");
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        let options = SimpleFileOptions::default();
        let mut add = |entry: &str, content: &[u8]| -> Result<()> {
            zip.start_file(entry, options).map_err(zip_error)?;
            zip.write_all(content).map_err(|e| zip_error(e.into()))
        };
        add("about.json", &pretty(&about(conn, facts, now_ms)?))?;
        add("database.json", &pretty(&database(conn)?))?;
        add("backups.json", &pretty(&backups(conn, &facts.data_dir)?))?;
        for log in logs(&facts.logs_dir) {
            if let Ok(content) = std::fs::read(&log) {
                let file = log
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                add(&format!("logs/{file}"), &content)?;
            }
        }
        zip.finish().map_err(zip_error)?;
    }
    crate::files::write(dir, &name, &bytes)
}

fn zip_error(e: zip::result::ZipError) -> Error {
    Error::Export {
        path: PathBuf::from("diagnostic.zip"),
        source: std::io::Error::other(e),
    }
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

fn about(conn: &Connection, facts: &AppFacts, now_ms: u64) -> Result<serde_json::Value> {
    Ok(json!({
        "application": "Atelier",
        "version": facts.version,
        "schema_version": crate::db::schema_version(),
        "sqlite": rusqlite::version(),
        "os": std::env::consts::OS,
        "arch": std::env::consts::ARCH,
        "device_id": device::device_id(conn)?.to_string(),
        "exported_at": rfc3339_now(now_ms),
    }))
}

/// Tables with their row counts, sizes and the integrity check: the shape
/// of the data, none of it.
fn database(conn: &Connection) -> Result<serde_json::Value> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = serde_json::Map::new();
    for table in tables {
        let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?;
        counts.insert(table, n.into());
    }
    let pragma = |name: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?)
    };
    let integrity: Vec<String> = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let outbox_pending: i64 = conn.query_row(
        "SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(json!({
        "page_size": pragma("page_size")?,
        "page_count": pragma("page_count")?,
        "freelist_count": pragma("freelist_count")?,
        "journal_mode": conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))?,
        "quick_check": integrity,
        "outbox_pending": outbox_pending,
        "rows": counts,
    }))
}

fn backups(conn: &Connection, data_dir: &Path) -> Result<serde_json::Value> {
    let folder = backup::folder(conn, data_dir)?;
    let files: Vec<_> = backup::list(&folder)
        .unwrap_or_default()
        .into_iter()
        .map(|f| json!({"name": f.name, "bytes": f.bytes}))
        .collect();
    Ok(json!({
        "folder": folder.display().to_string(),
        "last": backup::last(conn)?,
        "files": files,
    }))
}

/// The log files, oldest first.
fn logs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

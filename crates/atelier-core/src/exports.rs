//! Files written for people: the GDPR export of one customer, and CSV exports
//! of customers and vehicles (see [`crate::import`] for the columns).

use std::path::{Path, PathBuf};

use atelier_domain::CustomerId;
use rusqlite::Connection;

use crate::{Error, Result, customers};

/// Writes everything about one customer as a JSON file in `dir` and returns its path.
pub fn customer_json(
    conn: &Connection,
    id: CustomerId,
    now_ms: u64,
    dir: &Path,
) -> Result<PathBuf> {
    let doc = customers::export_json(conn, id, now_ms)?;
    let name = customers::get_any(conn, id)?.display_name;
    let file = format!(
        "rgpd-{}-{}.json",
        file_stem(&name),
        crate::text::today(now_ms)
    );
    let bytes = serde_json::to_vec_pretty(&doc).map_err(|_| Error::Corrupt("export"))?;
    write(dir, &file, &bytes)
}

/// Writes `bytes` to `dir/name` (creating `dir`), replacing nothing half-way:
/// the file appears complete or not at all.
pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let io = |source| Error::Export {
        path: dir.join(name),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let path = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    std::fs::write(&partial, bytes).map_err(io)?;
    std::fs::rename(&partial, &path).map_err(io)?;
    Ok(path)
}

/// A name safe in any file system: folded letters and digits, dashes between words.
pub(crate) fn file_stem(name: &str) -> String {
    let folded = crate::text::fold(name);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "client".to_owned()
    } else {
        words.join("-")
    }
}

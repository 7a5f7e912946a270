//! Writing the files Atelier hands to people (exports, documents, the
//! diagnostic zip): whole or not at all, under names any file system takes.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Writes `bytes` to `dir/name` (creating `dir`), replacing nothing half-way:
/// the file appears complete or not at all.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
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

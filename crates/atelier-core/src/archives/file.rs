//! Writing an archive so that it is whole or absent: into a temporary file
//! of the target folder, made durable, then renamed. A full or read-only
//! disk stops it with nothing under the archive's name; a kill during the
//! write leaves a temporary file, which the next archive removes.

use std::fs::{self, File};
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::ArchiveError;
use crate::Result;

/// How the temporary files of archives being written start and end.
const PARTIAL_PREFIX: &str = ".atelier-archive-";
const PARTIAL_SUFFIX: &str = ".partial";

/// Writes `name` into `dir` with `write`, atomically; returns its path,
/// SHA-256 and size. On any failure the temporary file is removed and the
/// error says which folder refused.
pub(crate) fn write_atomically(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(PathBuf, String, u64)> {
    let refused = |source: std::io::Error| ArchiveError::Write {
        dir: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(refused)?;
    sweep(dir);
    let partial = dir.join(format!("{PARTIAL_PREFIX}{name}{PARTIAL_SUFFIX}"));
    let written = (|| {
        let mut out = BufWriter::new(File::create(&partial)?);
        write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        fs::remove_file(&partial).ok();
        return Err(refused(e).into());
    }
    let path = dir.join(name);
    if let Err(e) = fs::rename(&partial, &path) {
        fs::remove_file(&partial).ok();
        return Err(refused(e).into());
    }
    // The rename itself must survive a power cut.
    if let Ok(d) = File::open(dir) {
        d.sync_all().ok();
    }
    let (sha256, bytes) = digest(&path).map_err(|source| ArchiveError::Read {
        path: path.clone(),
        source,
    })?;
    Ok((path, sha256, bytes))
}

/// Removes what an archive interrupted by a kill or a power cut left, and
/// names what it removed.
pub(crate) fn sweep(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(PARTIAL_PREFIX)
            && name.ends_with(PARTIAL_SUFFIX)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed.push(name.into_owned());
        }
    }
    removed
}

/// The SHA-256 (hex) and size of a file, read in blocks.
pub(crate) fn digest(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0_u8; 1 << 16];
    let mut total = 0_u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((crate::text::hex(&hasher.finalize()), total))
}

//! The benchmarks' databases encrypted as a station's are (docs/architecture.md,
//! "Data at rest"), when `ATELIER_BENCH_ENCRYPTED=1`: the same measures, on
//! SQLCipher's encrypted pages, so BENCHMARKS.md can state what encryption
//! costs. Without it they run on a plain file, as before.

#![allow(dead_code, reason = "each benchmark uses what it needs of this")]

use std::path::{Path, PathBuf};

use atelier_core::Db;
use atelier_core::cipher::{self, RecoveryKey};

/// Whether this run measures encrypted databases.
pub fn encrypted() -> bool {
    std::env::var("ATELIER_BENCH_ENCRYPTED").is_ok_and(|v| v == "1")
}

/// What this run measures, for the benchmark's printed lines.
pub fn label() -> &'static str {
    if encrypted() { "encrypted" } else { "plain" }
}

/// Opens (creating if needed) the database at `path`, encrypted under a new
/// recovery key when this run measures that.
pub fn open(path: &Path) -> Db {
    if encrypted() {
        Db::open_encrypted(path, &RecoveryKey::generate()).expect("an encrypted database")
    } else {
        Db::open(path).expect("a database")
    }
}

/// [`open`] for the database file of a data directory.
pub fn open_in_dir(dir: &Path) -> Db {
    std::fs::create_dir_all(dir).expect("the data directory");
    open(&dir.join(atelier_core::DB_FILE_NAME))
}

/// The cached data set in `dir` (a data directory built once and kept): as
/// it is, or for an encrypted run its encrypted copy, made once beside it
/// (`<dir>-encrypted`, with its recovery key in a file there).
pub fn open_cached(dir: &Path) -> Db {
    if !encrypted() {
        return Db::open_in_dir(dir).expect("the cached data set");
    }
    let copy = PathBuf::from(format!("{}-encrypted", dir.display()));
    let db = copy.join(atelier_core::DB_FILE_NAME);
    let key_file = copy.join("recovery-key");
    if !key_file.exists() {
        std::fs::create_dir_all(&copy).expect("the encrypted copy's folder");
        std::fs::copy(dir.join(atelier_core::DB_FILE_NAME), &db).expect("a copy of the data set");
        let key = RecoveryKey::generate();
        cipher::reencrypt(&db, None, &key, &|_, _| {}).expect("the copy encrypted");
        std::fs::write(&key_file, key.to_string()).expect("its key kept");
    }
    let key: RecoveryKey = std::fs::read_to_string(&key_file)
        .expect("the copy's key")
        .parse()
        .expect("a recovery key");
    Db::open_encrypted(&db, &key).expect("the encrypted data set")
}

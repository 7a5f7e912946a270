//! Data at rest: the keys of a station's encrypted database and backups,
//! and turning a plain database into an encrypted one.
//!
//! SQLite here is SQLCipher's build: each page of a keyed file is encrypted
//! (AES-256 with an HMAC per page), and so is its WAL. Every key of a
//! station comes from one secret, its [`RecoveryKey`]: 128 random bits,
//! kept in the OS keyring by the shell (core never touches the keyring) and
//! printed by the owner, who keeps the paper in the safe.
//!
//! A file's key is derived from that secret and the file's own random salt
//! (HKDF-SHA256, with a purpose: a database or a backup), and SQLCipher is
//! given the key and the salt raw, so it runs no key derivation of its own:
//! opening costs nothing more than a plain file. The salt is the file's
//! first 16 bytes, in the clear as SQLCipher writes it; everything after is
//! encrypted. So one secret opens every file the station ever wrote, on any
//! machine, and nothing else is needed beside the file: no key file to
//! lose. Making the key again ([`reencrypt`]) gives the file a new salt,
//! hence a new key, under the same recovery key.
//!
//! [`reencrypt`] writes the encrypted copy beside the database with
//! `sqlcipher_export`, checks it (integrity, every table's row count) and
//! renames it over the original: a kill at any moment leaves either the
//! database as it was, or the new one complete.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use hkdf::Hkdf;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use crate::text::hex;
use crate::{Error, Result};

mod error;

pub use error::CipherError;

/// The first 16 bytes of every plain SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Crockford's base 32: no I, L, O or U, so nothing reads as another letter
/// or a word; lower case, O, I and L are read as what they look like, and
/// dashes and spaces are ignored, so the key is typed as it is read.
fn crockford() -> data_encoding::Encoding {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzOoIiLl");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
    spec.ignore.push_str("- ");
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("Crockford's alphabet is a valid base 32 specification")
}

/// A station's recovery key: the one secret every key of its database and
/// backups is derived from. Written for people as 28 characters in groups
/// of four (`7K2M-…`): 128 random bits and a check character, so a typing
/// mistake is caught before anything is tried.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey([u8; 16]);

impl RecoveryKey {
    /// A new recovery key from the OS random source.
    pub fn generate() -> RecoveryKey {
        RecoveryKey(random())
    }

    /// A recovery key from a secret kept elsewhere: the sync server derives
    /// its shadow stations' from its store key, so that the key it already
    /// keeps opens them and nothing more is to be kept. Whoever has these
    /// 16 bytes opens every file made under the key: they must come from a
    /// secret as random and as well kept as a generated key.
    pub fn from_bytes(secret: [u8; 16]) -> RecoveryKey {
        RecoveryKey(secret)
    }

    fn check(&self) -> u8 {
        Sha256::digest(self.0)[0]
    }
}

impl Drop for RecoveryKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Display for RecoveryKey {
    /// The form printed for the owner: `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = [0_u8; 17];
        bytes[..16].copy_from_slice(&self.0);
        bytes[16] = self.check();
        let text = crockford().encode(&bytes);
        bytes.zeroize();
        let groups: Vec<&str> = text
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        f.write_str(&groups.join("-"))
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl FromStr for RecoveryKey {
    type Err = CipherError;

    /// Reads a key as a person types it: any case, with or without dashes
    /// or spaces, O for 0 and I or L for 1.
    fn from_str(text: &str) -> std::result::Result<RecoveryKey, CipherError> {
        let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut bytes = crockford()
            .decode(cleaned.as_bytes())
            .map_err(|_| CipherError::NotARecoveryKey)?;
        let key = match bytes.as_slice() {
            [secret @ .., check] if secret.len() == 16 => {
                let key = RecoveryKey(
                    secret
                        .try_into()
                        .map_err(|_| CipherError::NotARecoveryKey)?,
                );
                (key.check() == *check).then_some(key)
            }
            _ => None,
        };
        bytes.zeroize();
        key.ok_or(CipherError::NotARecoveryKey)
    }
}

/// What a file's key is for: the same secret and salt give another key for
/// another purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A station's database.
    Database,
    /// A backup of it.
    Backup,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::Database => b"atelier database key v1",
            Purpose::Backup => b"atelier backup key v1",
        }
    }
}

/// The key of one encrypted file: 256 bits derived from the recovery key and
/// the file's salt, given raw to SQLCipher with the salt.
#[derive(Clone, PartialEq, Eq)]
pub struct FileKey {
    key: [u8; 32],
    salt: [u8; 16],
}

impl FileKey {
    /// The key of a file with `salt`, for `purpose`, under `recovery`.
    pub fn derive(recovery: &RecoveryKey, salt: [u8; 16], purpose: Purpose) -> FileKey {
        let mut key = [0_u8; 32];
        Hkdf::<Sha256>::new(Some(&salt), &recovery.0)
            .expand(purpose.info(), &mut key)
            .expect("32 bytes is a length HKDF-SHA256 gives");
        FileKey { key, salt }
    }

    /// The key of a new file, with a new random salt.
    pub fn fresh(recovery: &RecoveryKey, purpose: Purpose) -> FileKey {
        FileKey::derive(recovery, random(), purpose)
    }

    /// A key of its own for a file given away with its key (the server's
    /// snapshot for new stations): random, derived from no recovery key, so
    /// that it opens that file and nothing else.
    pub fn random() -> FileKey {
        FileKey {
            key: random(),
            salt: random(),
        }
    }

    /// SQLCipher's raw form, as `PRAGMA key` and `ATTACH … KEY` take it and
    /// as a snapshot's key travels: the key then the salt, in hex, `x'…'`.
    pub fn raw(&self) -> String {
        format!("x'{}{}'", hex(&self.key), hex(&self.salt))
    }

    /// Reads [`FileKey::raw`]'s form back: `None` for anything else.
    pub fn from_raw(text: &str) -> Option<FileKey> {
        let digits = text.strip_prefix("x'")?.strip_suffix('\'')?;
        if digits.len() != 96 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0_u8; 48];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).ok()?;
        }
        let (mut key, mut salt) = ([0_u8; 32], [0_u8; 16]);
        key.copy_from_slice(&bytes[..32]);
        salt.copy_from_slice(&bytes[32..]);
        bytes.zeroize();
        Some(FileKey { key, salt })
    }
}

impl Drop for FileKey {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl fmt::Debug for FileKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileKey(salt {})", hex(&self.salt))
    }
}

fn random<const N: usize>() -> [u8; N] {
    use rand_core::RngCore;
    let mut bytes = [0_u8; N];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// What a database or backup file is, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    /// No file, or an empty one: SQLite makes a new database there.
    Missing,
    /// A plain SQLite database.
    Plain,
    /// An encrypted one, with its salt.
    Encrypted {
        /// The file's first 16 bytes.
        salt: [u8; 16],
    },
}

/// Reads what the file at `path` is.
pub fn state(path: &Path) -> Result<FileState> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(source) => return Err(io(path, source)),
    };
    let mut head = [0_u8; 16];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => return Err(io(path, source)),
        }
    }
    // An encrypted database is whole pages (SQLite's are 512 bytes to
    // 64 KiB, a power of two): a file of another size is not one, whatever
    // its first bytes.
    let whole_pages = file
        .metadata()
        .map_err(|source| io(path, source))?
        .len()
        .is_multiple_of(512);
    Ok(match read {
        0 => FileState::Missing,
        16 if &head == PLAIN_HEADER => FileState::Plain,
        16 if whole_pages => FileState::Encrypted { salt: head },
        _ => return Err(CipherError::NotADatabase(path.to_path_buf()).into()),
    })
}

fn io(path: &Path, source: std::io::Error) -> Error {
    CipherError::Io {
        path: path.to_path_buf(),
        source,
    }
    .into()
}

/// Keys a connection just opened (before anything else reads it) and
/// checks the key opens the file: a wrong one is [`CipherError::WrongKey`].
pub fn apply(conn: &Connection, key: &FileKey) -> Result<()> {
    // A key that does not fit is an answer here (WrongKey), not a line
    // SQLCipher writes on the terminal.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", key.raw())?;
    readable(conn)
}

/// Whether the connection can read its file: SQLite answers "not a
/// database" for a wrong key, as for a file that is not one.
fn readable(conn: &Connection) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(CipherError::WrongKey.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens `path` with the key `recovery` gives it for `purpose`, from its
/// salt; a plain file opens without one. `None` when the key does not open
/// it.
pub fn open_with(
    path: &Path,
    recovery: &RecoveryKey,
    purpose: Purpose,
    flags: OpenFlags,
) -> Result<Option<(Connection, Option<FileKey>)>> {
    match state(path)? {
        FileState::Missing => Err(io(path, std::io::Error::from(std::io::ErrorKind::NotFound))),
        FileState::Plain => Ok(Some((Connection::open_with_flags(path, flags)?, None))),
        FileState::Encrypted { salt } => {
            let key = FileKey::derive(recovery, salt, purpose);
            let conn = Connection::open_with_flags(path, flags)?;
            match apply(&conn, &key) {
                Ok(()) => Ok(Some((conn, Some(key)))),
                Err(Error::Cipher(CipherError::WrongKey)) => Ok(None),
                Err(e) => Err(e),
            }
        }
    }
}

/// Wrong recovery keys typed since the program started.
static WRONG_ATTEMPTS: AtomicU32 = AtomicU32::new(0);

/// Tells a person's recovery key did not open the file, after a pause
/// that doubles with each wrong key (half a second, then one, two… up to
/// thirty): trying keys one after another takes years, typing one's own
/// again takes a second. A right key starts the count over.
pub fn refuse_typed_key() -> Error {
    let wrong = WRONG_ATTEMPTS.fetch_add(1, Ordering::SeqCst).min(6);
    let pause = Duration::from_millis(500 << wrong).min(Duration::from_secs(30));
    std::thread::sleep(pause);
    CipherError::WrongRecoveryKey.into()
}

/// Starts the count of wrong recovery keys over: one opened a file.
pub fn typed_key_worked() {
    WRONG_ATTEMPTS.store(0, Ordering::SeqCst);
}

/// Where [`reencrypt`] reports how far it is, from another thread: bytes
/// written, bytes in all.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Writes the database at `path` again under `to` (a new salt, hence a new
/// key), from plain (`from` is `None`) or from its key under `from`: the
/// copy is written beside it, checked (integrity and every table's row
/// count) and made durable, then renamed over it. Killed at any point, the
/// file at `path` is either as it was or complete under the new key; a
/// copy left half-written is removed by the next run.
///
/// Nothing else may have the database open: this is the station's first
/// step, before it opens it.
pub fn reencrypt(
    path: &Path,
    from: Option<&RecoveryKey>,
    to: &RecoveryKey,
    progress: Progress<'_>,
) -> Result<()> {
    let copy = sibling(path, "encrypting");
    remove_quietly(&copy);
    remove_quietly(&sibling(&copy, "journal"));
    let done = export_checked(
        path,
        from,
        &copy,
        &FileKey::fresh(to, Purpose::Database),
        progress,
    );
    if let Err(e) = done {
        remove_quietly(&copy);
        return Err(e);
    }
    // What the database's last WAL held was checkpointed into it by the
    // export's connection closing; none is left to replay over the new file.
    for side in ["wal", "shm"] {
        remove_quietly(&sibling_dash(path, side));
    }
    std::fs::rename(&copy, path).map_err(|e| io(path, e))?;
    sync_dir(path);
    Ok(())
}

/// Exports the database at `source` (keyed under `from`, else plain) into
/// a new file `target` under `key`, checks it and makes it durable.
fn export_checked(
    source: &Path,
    from: Option<&RecoveryKey>,
    target: &Path,
    key: &FileKey,
    progress: Progress<'_>,
) -> Result<()> {
    let conn = match from {
        Some(recovery) => {
            open_with(source, recovery, Purpose::Database, OpenFlags::default())?
                .ok_or(CipherError::WrongKey)?
                .0
        }
        None => Connection::open(source)?,
    };
    // One file, no WAL left beside it: the export reads it all.
    let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    export(&conn, target, Some(key), progress)?;
    check_copy(&conn, target, Some(key))?;
    drop(conn);
    durable(target)
}

/// Copies every table, index and trigger of `conn`'s main database into a
/// new file `target`, keyed with `key` (or plain), with SQLCipher's
/// `sqlcipher_export`. The file's growth is reported to `progress`.
pub(crate) fn export(
    conn: &Connection,
    target: &Path,
    key: Option<&FileKey>,
    progress: Progress<'_>,
) -> Result<()> {
    let total: i64 = conn.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get(0),
    )?;
    let total = u64::try_from(total).unwrap_or_default();
    // An empty key attaches a plain file (without KEY, SQLCipher would
    // give it the main database's key).
    let raw = key.map_or_else(String::new, FileKey::raw);
    conn.execute(
        "ATTACH DATABASE ?1 AS export KEY ?2",
        (target.to_string_lossy(), raw),
    )?;
    let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    let finished = std::sync::atomic::AtomicBool::new(false);
    let ran = std::thread::scope(|scope| {
        // The copy's size on disk is how far it is, told four times a second.
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                if let Ok(meta) = std::fs::metadata(target) {
                    progress(meta.len().min(total), total);
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        let ran = conn
            .query_row("SELECT sqlcipher_export('export')", [], |_| Ok(()))
            .and_then(|()| conn.pragma_update(Some("export"), "user_version", version));
        finished.store(true, Ordering::Relaxed);
        ran
    });
    let detached = conn.execute("DETACH DATABASE export", []);
    ran?;
    detached?;
    progress(total, total);
    Ok(())
}

/// Checks the copy at `target` against the database it was made from:
/// SQLite's integrity check, and the same rows in every table.
fn check_copy(source: &Connection, target: &Path, key: Option<&FileKey>) -> Result<()> {
    let copy = Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(key) = key {
        apply(&copy, key)?;
    }
    let report: Vec<String> = copy
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if report != ["ok"] {
        return Err(CipherError::CopyDiffers(report.join("; ")).into());
    }
    let tables: Vec<String> = source
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let theirs: i64 = source.query_row(&sql, [], |r| r.get(0))?;
        let ours: i64 = copy.query_row(&sql, [], |r| r.get(0))?;
        if theirs != ours {
            return Err(
                CipherError::CopyDiffers(format!("{table}: {theirs} rows, copy {ours}")).into(),
            );
        }
    }
    Ok(())
}

/// Flushes a file just written to the disk.
pub(crate) fn durable(path: &Path) -> Result<()> {
    // Opened to write: Windows flushes a file only through a handle that may write it.
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(path, e))
}

/// Flushes the folder of `path`, so a rename in it survives a power cut.
pub(crate) fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        d.sync_all().ok();
    }
}

/// `atelier.sqlite3` → `atelier.sqlite3.<what>`.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(what);
    PathBuf::from(name)
}

/// `atelier.sqlite3` → `atelier.sqlite3-<what>` (SQLite's own side files).
fn sibling_dash(path: &Path, what: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-");
    name.push(what);
    PathBuf::from(name)
}

fn remove_quietly(path: &Path) {
    std::fs::remove_file(path).ok();
}

#[cfg(test)]
mod tests;

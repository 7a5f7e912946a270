//! The key of an encrypted SQLite store (SQLCipher): 32 random bytes the
//! server's owner keeps in a file only the server's user can read
//! (`--store-key-file`) or in the `ATELIER_STORE_KEY` environment variable,
//! as 64 hex digits. Never logged: its `Debug` shows nothing of it.

use std::path::{Path, PathBuf};

/// A store key.
#[derive(Clone, PartialEq, Eq)]
pub struct StoreKey([u8; 32]);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

/// Why a store key could not be had, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key is not 64 hex digits.
    #[error(
        "{0}: a store key is 64 hex digits (32 random bytes), e.g. made with `openssl rand -hex 32`"
    )]
    Malformed(String),
    /// The key file can be read by others than its owner.
    #[error(
        "the store key file {0} can be read by its group or others: make it the server user's alone (chmod 600 {0})"
    )]
    Exposed(PathBuf),
    /// The key file cannot be read.
    #[error("cannot read the store key file {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

impl StoreKey {
    /// A key from its 64 hex digits (surrounding blanks ignored).
    ///
    /// # Errors
    /// [`KeyError::Malformed`] for anything else; `what` says where it came from.
    pub fn parse(hex: &str, what: &str) -> Result<StoreKey, KeyError> {
        let hex = hex.trim();
        let malformed = || KeyError::Malformed(what.to_owned());
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(malformed());
        }
        let mut key = [0; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| malformed())?;
        }
        Ok(StoreKey(key))
    }

    /// The key in `path`, refused when the file's group or others may read
    /// it (on Unix; Windows keeps files private by their ACLs).
    ///
    /// # Errors
    /// See [`KeyError`].
    pub fn from_file(path: &Path) -> Result<StoreKey, KeyError> {
        let unreadable = |source| KeyError::Unreadable {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(KeyError::Exposed(path.to_path_buf()));
            }
        }
        #[cfg(not(unix))]
        let _ = meta;
        let text = std::fs::read_to_string(path).map_err(unreadable)?;
        StoreKey::parse(&text, &format!("the store key file {}", path.display()))
    }

    /// 16 bytes for `purpose` (a label naming what they key), derived from
    /// the store key: SHA-256 of the label and the key. The server's other
    /// files are encrypted under the one key its owner keeps, never under
    /// the store's own key, and one purpose's bytes tell nothing of
    /// another's.
    pub(crate) fn derive(&self, purpose: &str) -> [u8; 16] {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(purpose.as_bytes())
            .chain_update([0])
            .chain_update(self.0)
            .finalize();
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&digest[..16]);
        bytes
    }

    /// The key as SQLCipher takes it raw (no key derivation): `x'…'`.
    pub(crate) fn sqlcipher(&self) -> String {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!("x'{hex}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";

    #[test]
    fn a_key_is_64_hex_digits_and_never_shown() {
        let key = StoreKey::parse(&format!(" {HEX}\n"), "test").unwrap();
        assert_eq!(key.sqlcipher(), format!("x'{}'", HEX.to_ascii_lowercase()));
        assert_eq!(format!("{key:?}"), "StoreKey(…)");
        assert_ne!(key.derive("a"), key.derive("b"), "one key per purpose");
        assert_eq!(key.derive("a"), key.clone().derive("a"));
        for bad in [
            "",
            "abc",
            &HEX[1..],
            &format!("{HEX}00"),
            &HEX.replace('0', "g"),
        ] {
            assert!(StoreKey::parse(bad, "test").is_err(), "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.key");
        std::fs::write(&path, HEX).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = StoreKey::from_file(&path).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(StoreKey::from_file(&path).is_ok());
        assert!(StoreKey::from_file(&dir.path().join("missing")).is_err());
    }
}

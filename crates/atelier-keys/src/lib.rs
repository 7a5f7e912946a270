//! The station's own secrets in the OS keyring (Secret Service on Linux:
//! GNOME Keyring, KWallet; the Keychain on macOS; the Credential Manager on
//! Windows): the signing key of its archives, and the recovery key its
//! database's and backups' keys are derived from
//! ([`atelier_core::cipher`]), one per data directory.
//!
//! atelier-core never touches the keyring: the shell and the command line
//! load the key here and hand it to `atelier_core::archives::make`, which
//! writes its public half on every archive and in `station_keys`. Without a
//! keyring the station says so ([`ArchiveError::NoKeyring`]) and no key is
//! made: an archive signed by a key that was then lost could not be told
//! from a forged one.

use std::path::Path;

use atelier_core::archives::ArchiveError;
use atelier_core::cipher::RecoveryKey;
use atelier_core::{Error, Result};
use atelier_domain::DeviceId;
use ed25519_dalek::SigningKey;
use getrandom::SysRng;
use getrandom::rand_core::UnwrapErr;

/// The keyring service of Atelier's station secrets.
const SERVICE: &str = "atelier-keys";

/// Where a secret is kept: the OS keyring, or memory in tests.
trait Vault {
    /// The secret, if one is kept.
    fn get(&self) -> Result<Option<String>>;
    /// Keeps the secret.
    fn set(&self, secret: &str) -> Result<()>;
}

/// One entry of the OS keyring.
struct Keyring(keyring::Entry);

impl Vault for Keyring {
    fn get(&self) -> Result<Option<String>> {
        match self.0.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(no_keyring(&e)),
        }
    }

    fn set(&self, secret: &str) -> Result<()> {
        self.0.set_password(secret).map_err(|e| no_keyring(&e))
    }
}

fn no_keyring(e: &keyring::Error) -> Error {
    ArchiveError::NoKeyring {
        detail: e.to_string(),
    }
    .into()
}

/// This station's archive signing key: the one in the OS keyring, or a new
/// one made, kept there and read back when there is none yet. An error
/// when there is no keyring (nothing is made then) or its entry is not a
/// key of Atelier's.
pub fn signing_key(device: DeviceId) -> Result<SigningKey> {
    let entry =
        keyring::Entry::new(SERVICE, &format!("{device}-archive-signing")).map_err(|e| {
            match (&e, keyring::Entry::store_status()) {
                // Why the platform's store could not start says more than "no store".
                (keyring::Error::NoDefaultStore, Err(why)) => no_keyring(why),
                _ => no_keyring(&e),
            }
        })?;
    load_or_create(&Keyring(entry))
}

/// Why the OS keyring could not be used at all (no Secret Service in the
/// session, a locked store that refused): the platform's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoKeyring(pub String);

/// The keyring entry of the database in `data_dir`: named by the folder,
/// so each data directory (a test's, the demo's) has its own.
fn database_entry(data_dir: &Path) -> std::result::Result<keyring::Entry, NoKeyring> {
    let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    keyring::Entry::new(SERVICE, &format!("database {}", dir.display())).map_err(|e| {
        NoKeyring(match (&e, keyring::Entry::store_status()) {
            (keyring::Error::NoDefaultStore, Err(why)) => why.to_string(),
            _ => e.to_string(),
        })
    })
}

/// The recovery key the database in `data_dir` is encrypted under, from
/// the keyring: `None` when the keyring has none (a new station, or a
/// keyring that lost it), or holds something that is not one.
pub fn recovery_key(data_dir: &Path) -> std::result::Result<Option<RecoveryKey>, NoKeyring> {
    match database_entry(data_dir)?.get_password() {
        Ok(text) => Ok(text.parse().ok()),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(NoKeyring(e.to_string())),
    }
}

/// Keeps `key` in the keyring as the recovery key of the database in
/// `data_dir`, and reads it back: a keyring that accepts and forgets must
/// fail now, before a database is encrypted under a key it lost.
pub fn keep_recovery_key(data_dir: &Path, key: &RecoveryKey) -> std::result::Result<(), NoKeyring> {
    let entry = database_entry(data_dir)?;
    entry
        .set_password(&key.to_string())
        .map_err(|e| NoKeyring(e.to_string()))?;
    match entry.get_password() {
        Ok(text) if text.parse::<RecoveryKey>().ok().as_ref() == Some(key) => Ok(()),
        Ok(_) | Err(keyring::Error::NoEntry) => {
            Err(NoKeyring("the keyring did not keep the key".to_owned()))
        }
        Err(e) => Err(NoKeyring(e.to_string())),
    }
}

fn load_or_create(vault: &dyn Vault) -> Result<SigningKey> {
    if let Some(secret) = vault.get()? {
        return parse(&secret);
    }
    let key = SigningKey::generate(&mut UnwrapErr(SysRng));
    vault.set(&hex(&key.to_bytes()))?;
    // Read back: a keyring that accepts and forgets (a locked or
    // session-only store) must fail now, not after archives were signed.
    match vault.get()? {
        Some(secret) if parse(&secret)? == key => Ok(key),
        _ => Err(ArchiveError::NoKeyring {
            detail: "the keyring did not keep the key".to_owned(),
        }
        .into()),
    }
}

fn parse(secret: &str) -> Result<SigningKey> {
    let secret = secret.trim();
    if secret.len() != 64 || !secret.is_ascii() {
        return Err(ArchiveError::BadKey.into());
    }
    let mut bytes = [0_u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = secret
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .ok_or(ArchiveError::BadKey)?;
    }
    Ok(SigningKey::from_bytes(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    #[derive(Default)]
    struct Memory {
        secret: RefCell<Option<String>>,
        forgets: bool,
    }

    impl Vault for Memory {
        fn get(&self) -> Result<Option<String>> {
            Ok(self.secret.borrow().clone())
        }
        fn set(&self, secret: &str) -> Result<()> {
            if !self.forgets {
                *self.secret.borrow_mut() = Some(secret.to_owned());
            }
            Ok(())
        }
    }

    #[test]
    fn the_first_use_makes_a_key_and_the_next_ones_load_it() {
        let vault = Memory::default();
        let first = load_or_create(&vault).unwrap();
        let again = load_or_create(&vault).unwrap();
        assert_eq!(first, again, "the same key signs every archive");
        assert_eq!(vault.secret.borrow().as_deref().map(str::len), Some(64));
    }

    #[test]
    fn a_keyring_that_forgets_is_refused_before_anything_is_signed() {
        let vault = Memory {
            forgets: true,
            ..Memory::default()
        };
        let err = load_or_create(&vault).unwrap_err();
        assert_eq!(err.code(), "no_keyring");
    }

    #[test]
    fn a_changed_entry_is_refused_not_replaced() {
        let vault = Memory::default();
        *vault.secret.borrow_mut() = Some("pas une clé".to_owned());
        assert_eq!(load_or_create(&vault).unwrap_err().code(), "archive_key");
        assert_eq!(
            vault.secret.borrow().as_deref(),
            Some("pas une clé"),
            "the entry is left for the owner to look at"
        );
    }
}

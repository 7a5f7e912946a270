//! The SMTP password and the SMS provider's key live in the OS keyring, as
//! the device token does: never in the database (which backups copy) nor in
//! a file. The database only remembers that one is stored, for Réglages.
//! A workstation without a keyring is told so when a secret is typed, and
//! nothing is saved.
//!
//! Secrets typed before they moved to the keyring are still read from the
//! workstation's settings, and move to the keyring at the next save.
//!
//! Core only knows the [`Secrets`] trait; the OS keyring behind it
//! (`atelier_messaging::Keyring`) lives with the sending, so core needs no
//! keyring for messages.

use crate::Result;
#[cfg(any(test, feature = "test-support"))]
use crate::sync::SyncError;

/// Where message secrets are kept.
pub trait Secrets {
    /// The secret called `name`, if one is kept.
    ///
    /// # Errors
    /// [`crate::sync::SyncError::NoKeyring`] when the store cannot be reached.
    fn get(&self, name: &str) -> Result<Option<String>>;
    /// Keeps `value` as `name`, or forgets it (`None`).
    ///
    /// # Errors
    /// [`crate::sync::SyncError::NoKeyring`] when the store cannot be reached.
    fn set(&self, name: &str, value: Option<&str>) -> Result<()>;
}

/// Secrets kept in memory, for tests.
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug, Default)]
pub struct InMemory(std::sync::Mutex<std::collections::HashMap<String, String>>);

#[cfg(any(test, feature = "test-support"))]
impl Secrets for InMemory {
    fn get(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(name)
            .cloned())
    }

    fn set(&self, name: &str, value: Option<&str>) -> Result<()> {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match value {
            Some(v) => map.insert(name.to_owned(), v.to_owned()),
            None => map.remove(name),
        };
        Ok(())
    }
}

/// No keyring at all, for tests of what a workstation without one says.
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug, Default)]
pub struct Unavailable;

#[cfg(any(test, feature = "test-support"))]
impl Secrets for Unavailable {
    fn get(&self, _: &str) -> Result<Option<String>> {
        Err(SyncError::NoKeyring {
            detail: "no keyring in this test".into(),
        }
        .into())
    }

    fn set(&self, _: &str, _: Option<&str>) -> Result<()> {
        self.get("").map(|_| ())
    }
}

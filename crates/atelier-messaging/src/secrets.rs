//! The OS keyring (Secret Service on Linux: GNOME Keyring, KWallet) behind
//! core's [`Secrets`]: where the SMTP password and the SMS provider's key
//! are kept, one entry per secret and workstation. Without a keyring the
//! workstation is told so ([`SyncError::NoKeyring`]) and nothing is kept.

use atelier_core::messages::secrets::Secrets;
use atelier_core::sync::SyncError;
use atelier_core::{Error, Result};
use atelier_domain::DeviceId;

/// The OS keyring, one entry per secret and workstation.
#[derive(Clone, Copy, Debug)]
pub struct Keyring {
    device: DeviceId,
}

impl Keyring {
    /// The keyring entries of this workstation (`device`).
    pub fn new(device: DeviceId) -> Keyring {
        Keyring { device }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry> {
        keyring::Entry::new("atelier-messages", &format!("{}-{name}", self.device))
            .map_err(no_keyring)
    }
}

fn no_keyring(e: keyring::Error) -> Error {
    SyncError::NoKeyring {
        detail: e.to_string(),
    }
    .into()
}

impl Secrets for Keyring {
    fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(no_keyring(e)),
        }
    }

    fn set(&self, name: &str, value: Option<&str>) -> Result<()> {
        let entry = self.entry(name)?;
        match value {
            Some(v) => entry.set_password(v).map_err(no_keyring),
            None => match entry.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(no_keyring(e)),
            },
        }
    }
}

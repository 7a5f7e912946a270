//! The device token in the OS keyring (Secret Service on Linux: GNOME
//! Keyring, KWallet): never in a file, never in the database. Without a
//! keyring the station says so and stores nothing.

use atelier_domain::DeviceId;

use atelier_core::sync::SyncError;

/// The keyring service name of Atelier's device tokens.
const SERVICE: &str = "atelier-sync";

fn entry(device: DeviceId) -> Result<keyring::Entry, SyncError> {
    keyring::Entry::new(SERVICE, &device.to_string()).map_err(no_keyring)
}

fn no_keyring(e: keyring::Error) -> SyncError {
    SyncError::NoKeyring {
        detail: e.to_string(),
    }
}

/// Checks that a keyring can keep a secret, before a server hands one out.
pub fn check(device: DeviceId) -> Result<(), SyncError> {
    let probe = keyring::Entry::new(SERVICE, &format!("{device}-probe")).map_err(no_keyring)?;
    probe.set_password("probe").map_err(no_keyring)?;
    probe.delete_credential().map_err(no_keyring)
}

/// Keeps this device's token.
pub fn save(device: DeviceId, token: &str) -> Result<(), SyncError> {
    entry(device)?.set_password(token).map_err(no_keyring)
}

/// This device's token, if the keyring holds one.
pub fn load(device: DeviceId) -> Result<Option<String>, SyncError> {
    match entry(device)?.get_password() {
        Ok(token) => Ok(Some(token)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(no_keyring(e)),
    }
}

/// Forgets this device's token.
pub fn forget(device: DeviceId) -> Result<(), SyncError> {
    match entry(device)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(no_keyring(e)),
    }
}

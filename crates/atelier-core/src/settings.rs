//! Preferences of this workstation (never synced): the interface language,
//! where it looks for updates, and the OBD-II adapter its bench reads cars
//! through.

use atelier_domain::{AdapterAddress, Locale};
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::Result;
use crate::validation::{Field, Invalid, Problem};

const LOCALE_KEY: &str = "ui.locale";
const UPDATE_SERVER_KEY: &str = "update.server";
const OBD_ADAPTER_KEY: &str = "obd.adapter";

/// The interface language chosen on this workstation; French until one is chosen.
pub fn locale(conn: &Connection) -> Result<Locale> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [LOCALE_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or_default())
}

/// Saves the interface language of this workstation.
pub fn set_locale(tx: &Transaction<'_>, locale: Locale) -> Result<Locale> {
    tx.prepare_cached(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute((LOCALE_KEY, locale.as_str()))?;
    Ok(locale)
}

/// The update manifest address the owner chose for this workstation (their
/// own atelier-server, say), if any; the build's own otherwise.
pub fn update_server(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [UPDATE_SERVER_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

/// Saves the update manifest address: `http(s)://…`, where `{{target}}`,
/// `{{arch}}` and `{{current_version}}` are filled in when checking. Blank
/// goes back to the build's own.
pub fn set_update_server(tx: &Transaction<'_>, address: &str) -> Result<Option<String>> {
    let address = address.trim();
    if address.is_empty() {
        tx.execute(
            "DELETE FROM local_settings WHERE key = ?1",
            [UPDATE_SERVER_KEY],
        )?;
        return Ok(None);
    }
    let rest = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?']).next().unwrap_or_default();
        !host.is_empty() && !r.contains(char::is_whitespace)
    });
    if !host_ok {
        return Err(Invalid::new(Field::UpdateServer, Problem::WebAddress).into());
    }
    tx.execute(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (UPDATE_SERVER_KEY, address),
    )?;
    Ok(Some(address.to_owned()))
}

/// The OBD-II adapter this bench station reads cars through: a serial port
/// (`/dev/ttyUSB0`, `/dev/rfcomm0`, `COM3`) or a Wi-Fi adapter's
/// `host:port` (`192.168.0.10:35000`); `None` until chosen.
pub fn obd_adapter(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [OBD_ADAPTER_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

/// Chooses this station's OBD-II adapter; blank forgets it. A port is a
/// device path or a COM port (`com3` and `\\.\COM10` are kept as `COM3` and
/// `COM10`); a Wi-Fi adapter is `host:port`. Returns the address as kept.
pub fn set_obd_adapter(tx: &Transaction<'_>, address: &str) -> Result<Option<String>> {
    if address.trim().is_empty() {
        tx.execute(
            "DELETE FROM local_settings WHERE key = ?1",
            [OBD_ADAPTER_KEY],
        )?;
        return Ok(None);
    }
    let address: AdapterAddress = address
        .parse()
        .map_err(|_| Invalid::new(Field::ObdAdapter, Problem::NotAllowed))?;
    tx.execute(
        "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (OBD_ADAPTER_KEY, address.as_str()),
    )?;
    Ok(Some(address.as_str().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::test_db;

    #[test]
    fn french_until_another_language_is_chosen() {
        let mut db = test_db();
        assert_eq!(locale(db.conn()).unwrap(), Locale::Fr);
        db.write(|tx| set_locale(tx, Locale::En)).unwrap();
        assert_eq!(locale(db.conn()).unwrap(), Locale::En);
        db.write(|tx| set_locale(tx, Locale::Fr)).unwrap();
        assert_eq!(locale(db.conn()).unwrap(), Locale::Fr);
    }

    #[test]
    fn the_update_server_is_a_web_address_or_nothing() {
        let mut db = test_db();
        assert_eq!(update_server(db.conn()).unwrap(), None);
        for bad in ["ftp://x", "serveur", "https://", "https://a b/"] {
            let err = db.write(|tx| set_update_server(tx, bad)).unwrap_err();
            assert_eq!(err.field(), Some("update_server"), "{bad}");
        }
        let url = "http://192.168.1.10:8080/v1/updates/{{target}}-{{arch}}/{{current_version}}";
        db.write(|tx| set_update_server(tx, url)).unwrap();
        assert_eq!(update_server(db.conn()).unwrap().as_deref(), Some(url));
        db.write(|tx| set_update_server(tx, "  ")).unwrap();
        assert_eq!(update_server(db.conn()).unwrap(), None);
    }

    #[test]
    fn the_obd_adapter_is_a_port_or_a_host_and_port() {
        let mut db = test_db();
        for (typed, kept) in [
            ("/dev/ttyUSB0", "/dev/ttyUSB0"),
            ("COM3", "COM3"),
            (" com4 ", "COM4"),
            (r"\\.\COM10", "COM10"),
            ("192.168.0.10:35000", "192.168.0.10:35000"),
            ("obdlink.local:23", "obdlink.local:23"),
        ] {
            let saved = db.write(|tx| set_obd_adapter(tx, typed)).unwrap();
            assert_eq!(saved.as_deref(), Some(kept), "{typed}");
            assert_eq!(obd_adapter(db.conn()).unwrap().as_deref(), Some(kept));
        }
        for bad in [
            "ttyUSB0",
            "192.168.0.10",
            "host:0",
            "host:99999",
            "COM",
            "COM0",
            "/dev/tty USB0",
        ] {
            let err = db.write(|tx| set_obd_adapter(tx, bad)).unwrap_err();
            assert_eq!(err.code(), "validation", "{bad}");
        }
        assert_eq!(
            obd_adapter(db.conn()).unwrap().as_deref(),
            Some("obdlink.local:23"),
            "a refused address leaves the one chosen"
        );
        db.write(|tx| set_obd_adapter(tx, " ")).unwrap();
        assert_eq!(obd_adapter(db.conn()).unwrap(), None);
    }
}

//! Preferences of this workstation (never synced): the interface language.

use atelier_domain::Locale;
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::Result;

const LOCALE_KEY: &str = "ui.locale";

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
}

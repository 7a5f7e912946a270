//! The failures of backing up and restoring, and how each is told to a
//! person: the backup area's catalogue of user-facing texts.

use std::path::PathBuf;

use atelier_domain::Locale;

/// Why a backup was not taken or a restore not done. The backup folder holds
/// what it held before, and the open database is as it was. Reaches callers
/// as [`crate::Error::Backup`].
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The backup folder cannot be used.
    #[error("backup folder {path}: {detail}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// Reading or writing a backup failed.
    #[error("backup {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A backup failed its integrity check (or is not an Atelier database).
    #[error("backup {name} is damaged: {report}")]
    Damaged {
        /// The backup's file name.
        name: String,
        /// What the check said.
        report: String,
    },
    /// The backup was written by a newer Atelier than this one.
    #[error("backup schema {version} is newer than {ours}")]
    TooNew {
        /// The backup's schema version.
        version: u32,
        /// This build's.
        ours: u32,
    },
    /// The database stayed locked for the whole backup.
    #[error("database busy during the backup")]
    Busy,
}

impl BackupError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            BackupError::Folder { .. } => "backup_folder",
            BackupError::Io { .. } => "backup_io",
            BackupError::Damaged { .. } => "backup_damaged",
            BackupError::TooNew { .. } => "backup_too_new",
            BackupError::Busy => "backup_busy",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            BackupError::Folder { path, detail } if fr => format!("Impossible d’enregistrer les sauvegardes dans {} : choisissez un dossier existant où Atelier peut écrire (chemin complet). Détail : {detail}", path.display()),
            BackupError::Folder { path, detail } => format!("Backups cannot be written to {}: choose an existing folder Atelier can write to (full path). Detail: {detail}", path.display()),
            BackupError::Io { path, source } if fr => format!("La sauvegarde n’a pas pu être écrite ou lue ({}) : vérifiez que le disque ou la clé USB est branché et a de la place. Détail : {source}", path.display()),
            BackupError::Io { path, source } => format!("The backup could not be written or read ({}): check the disk or USB key is plugged in and has room. Detail: {source}", path.display()),
            BackupError::Damaged { name, report } if fr => format!("La sauvegarde {name} est endommagée ou n’est pas une base Atelier : elle n’a pas été utilisée. Détail : {report}"),
            BackupError::Damaged { name, report } => format!("The backup {name} is damaged or not an Atelier database: it was not used. Detail: {report}"),
            BackupError::TooNew { .. } if fr => "Cette sauvegarde vient d’une version plus récente d’Atelier : mettez d’abord Atelier à jour sur ce poste.".to_owned(),
            BackupError::TooNew { .. } => "This backup comes from a newer version of Atelier: update Atelier on this workstation first.".to_owned(),
            BackupError::Busy if fr => "La base est restée occupée pendant la sauvegarde : réessayez dans un instant.".to_owned(),
            BackupError::Busy => "The database stayed busy during the backup: try again in a moment.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_database_asks_to_try_again() {
        let e = BackupError::Busy;
        assert_eq!(e.code(), "backup_busy");
        assert_eq!(
            e.message(Locale::Fr),
            "La base est restée occupée pendant la sauvegarde : réessayez dans un instant."
        );
        assert_eq!(
            e.message(Locale::En),
            "The database stayed busy during the backup: try again in a moment."
        );
    }

    #[test]
    fn a_backup_from_a_newer_atelier_asks_for_an_update() {
        let e = BackupError::TooNew {
            version: 40,
            ours: 39,
        };
        assert_eq!(e.code(), "backup_too_new");
        assert_eq!(
            e.message(Locale::Fr),
            "Cette sauvegarde vient d’une version plus récente d’Atelier : mettez d’abord Atelier à jour sur ce poste."
        );
        assert_eq!(
            e.message(Locale::En),
            "This backup comes from a newer version of Atelier: update Atelier on this workstation first."
        );
    }

    #[test]
    fn a_damaged_backup_is_named_with_what_the_check_said() {
        let e = BackupError::Damaged {
            name: "atelier-20261121-085513123-daily.sqlite3".to_owned(),
            report: "not an Atelier database".to_owned(),
        };
        assert_eq!(e.code(), "backup_damaged");
        assert_eq!(
            e.message(Locale::Fr),
            "La sauvegarde atelier-20261121-085513123-daily.sqlite3 est endommagée ou n’est pas une base Atelier : elle n’a pas été utilisée. Détail : not an Atelier database"
        );
        assert_eq!(
            e.message(Locale::En),
            "The backup atelier-20261121-085513123-daily.sqlite3 is damaged or not an Atelier database: it was not used. Detail: not an Atelier database"
        );
    }
}

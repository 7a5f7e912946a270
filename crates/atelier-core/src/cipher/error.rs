//! Why an encrypted database or backup was not opened or written, and how
//! each is told to a person.

use std::path::PathBuf;

use atelier_domain::Locale;

/// Why a database or backup was not opened, or its key not made again.
/// Nothing was written. Reaches callers as [`crate::Error::Cipher`].
#[derive(Debug, thiserror::Error)]
pub enum CipherError {
    /// What was typed is not a recovery key (a wrong length, a character
    /// that is not in its alphabet, or its check character does not match).
    #[error("not a recovery key")]
    NotARecoveryKey,
    /// The key from the keyring does not open this station's database.
    #[error("the key does not open the database")]
    WrongKey,
    /// The recovery key typed does not open the file.
    #[error("the recovery key does not open the file")]
    WrongRecoveryKey,
    /// The file is encrypted under another station's key: its recovery key
    /// is needed.
    #[error("the file needs its recovery key")]
    NeedsRecoveryKey,
    /// The file is not a database at all.
    #[error("{0} is not a database")]
    NotADatabase(PathBuf),
    /// The backup holds another workshop's data.
    #[error("backup of another workshop ({0})")]
    OtherWorkshop(String),
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The encrypted copy did not match the database it was made from.
    #[error("the encrypted copy differs: {0}")]
    CopyDiffers(String),
}

impl CipherError {
    /// A stable code the UI can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            CipherError::NotARecoveryKey => "not_a_recovery_key",
            CipherError::WrongKey => "database_key",
            CipherError::WrongRecoveryKey => "wrong_recovery_key",
            CipherError::NeedsRecoveryKey => "recovery_key_needed",
            CipherError::NotADatabase(_) => "not_a_database",
            CipherError::OtherWorkshop(_) => "other_workshop",
            CipherError::Io { .. } => "cipher_io",
            CipherError::CopyDiffers(_) => "cipher_copy",
        }
    }

    /// What to tell the person, in their language, with what to do about it.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            CipherError::NotARecoveryKey if fr => "Ce n’est pas une clé de secours : elle compte 28 caractères (chiffres et lettres), par groupes de quatre. Vérifiez chaque groupe sur la feuille.".to_owned(),
            CipherError::NotARecoveryKey => "This is not a recovery key: it has 28 characters (digits and letters) in groups of four. Check each group on the sheet.".to_owned(),
            CipherError::WrongKey if fr => "La clé du trousseau de ce poste n’ouvre pas sa base : saisissez la clé de secours imprimée à l’installation.".to_owned(),
            CipherError::WrongKey => "The key in this workstation’s keyring does not open its database: type the recovery key printed at set-up.".to_owned(),
            CipherError::WrongRecoveryKey if fr => "Cette clé de secours n’ouvre pas ce fichier : rien n’a été modifié. Vérifiez que la feuille est celle de ce poste (son nom y est imprimé).".to_owned(),
            CipherError::WrongRecoveryKey => "This recovery key does not open this file: nothing was changed. Check the sheet is this workstation’s (its name is printed on it).".to_owned(),
            CipherError::NeedsRecoveryKey if fr => "Ce fichier a été chiffré par un autre poste : saisissez la clé de secours de ce poste pour l’ouvrir.".to_owned(),
            CipherError::NeedsRecoveryKey => "This file was encrypted by another workstation: type that workstation’s recovery key to open it.".to_owned(),
            CipherError::NotADatabase(path) if fr => format!("{} n’est pas une base Atelier : rien n’a été modifié.", path.display()),
            CipherError::NotADatabase(path) => format!("{} is not an Atelier database: nothing was changed.", path.display()),
            CipherError::OtherWorkshop(name) if fr => format!("Cette sauvegarde est celle d’un autre atelier ({name}) : elle n’a pas été restaurée sur ce poste."),
            CipherError::OtherWorkshop(name) => format!("This backup belongs to another workshop ({name}): it was not restored on this workstation."),
            CipherError::Io { path, source } if fr => format!("Le fichier {} n’a pas pu être lu ou écrit : vérifiez la place sur le disque. Rien n’a été modifié. Détail : {source}", path.display()),
            CipherError::Io { path, source } => format!("The file {} could not be read or written: check the disk has room. Nothing was changed. Detail: {source}", path.display()),
            CipherError::CopyDiffers(detail) if fr => format!("La copie chiffrée ne correspond pas à la base : la base est restée telle quelle. Détail : {detail}"),
            CipherError::CopyDiffers(detail) => format!("The encrypted copy does not match the database: the database was left as it was. Detail: {detail}"),
        }
    }
}

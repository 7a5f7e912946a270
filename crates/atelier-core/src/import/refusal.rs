//! Why a line, or the whole file, is not imported, told in the reader's
//! language with what to do about it.

use atelier_domain::Locale;

use super::read::Column;
use super::row::column_of;
use crate::Error;
use crate::validation::Invalid;

/// Why a line (or the file) was refused.
#[derive(Debug)]
pub(super) enum Refusal {
    /// Not text: a workbook, a picture.
    NotText,
    /// Nothing in the file.
    Empty,
    /// The first line names no known column.
    NoHeader,
    /// Neither `nom` nor `societe`.
    NoNameColumn,
    /// Vehicle columns without `immatriculation` or `vin`.
    NoPlateColumn,
    /// A header cell that names no column.
    UnknownColumn(String),
    /// A column named twice.
    RepeatedColumn(String),
    /// A marketing consent other than yes or no.
    Consent(String),
    /// The customer is already in Atelier.
    Duplicate {
        /// The existing customer's name.
        name: String,
        /// Where the line matches them.
        column: Column,
    },
    /// A record the CSV reader could not make out.
    Unreadable,
    /// A value the form's rules refuse.
    Invalid(Invalid),
}

impl Refusal {
    /// The CSV column at fault, or the header cell as written; empty for the whole line.
    pub(super) fn column(&self) -> String {
        let column = match self {
            Refusal::UnknownColumn(name) | Refusal::RepeatedColumn(name) => return name.clone(),
            Refusal::Consent(_) => Some(Column::ConsentementMarketing),
            Refusal::Duplicate { column, .. } => Some(*column),
            Refusal::Invalid(i) => column_of(i.field),
            _ => None,
        };
        column.map(Column::name).unwrap_or_default().to_owned()
    }

    /// What is wrong and how to fix it, in `locale`.
    pub(super) fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Refusal::NotText if fr => "Ce fichier n’est pas un fichier CSV : il ressemble à un document binaire, peut-être un classeur Excel. Dans Excel, choisissez « Enregistrer sous » puis le type « CSV (séparateur : point-virgule) », et importez ce fichier-là.".to_owned(),
            Refusal::NotText => "This file is not a CSV file: it looks like a binary document, perhaps an Excel workbook. In Excel, choose “Save As” with the type “CSV”, and import that file.".to_owned(),
            Refusal::Empty if fr => "Le fichier est vide : il faut une ligne d’en-tête avec les noms des colonnes, puis une ligne par véhicule ou par client.".to_owned(),
            Refusal::Empty => "The file is empty: it needs a header line with the column names, then one line per vehicle or customer.".to_owned(),
            Refusal::NoHeader if fr => "La première ligne doit être l’en-tête avec les noms des colonnes (nom, telephone, immatriculation…) : ajoutez-la en haut du fichier.".to_owned(),
            Refusal::NoHeader => "The first line must be the header with the column names (nom, telephone, immatriculation…): add it at the top of the file.".to_owned(),
            Refusal::NoNameColumn if fr => "Il manque la colonne « nom » ou « societe » : chaque client a besoin d’un nom.".to_owned(),
            Refusal::NoNameColumn => "The column “nom” or “societe” is missing: every customer needs a name.".to_owned(),
            Refusal::NoPlateColumn if fr => "Le fichier a des colonnes de véhicule mais ni « immatriculation » ni « vin » : ajoutez l’une des deux.".to_owned(),
            Refusal::NoPlateColumn => "The file has vehicle columns but neither “immatriculation” nor “vin”: add one of them.".to_owned(),
            Refusal::UnknownColumn(name) if fr => format!("La colonne « {name} » n’est pas reconnue : renommez-la avec l’un des noms attendus, ou supprimez-la."),
            Refusal::UnknownColumn(name) => format!("The column “{name}” is not recognised: rename it to one of the expected names, or remove it."),
            Refusal::RepeatedColumn(name) if fr => format!("La colonne « {name} » apparaît deux fois : seule la première est lue. Supprimez l’autre."),
            Refusal::RepeatedColumn(name) => format!("The column “{name}” appears twice: only the first one is read. Remove the other."),
            Refusal::Consent(value) if fr => format!("« {value} » n’est pas reconnu pour le consentement marketing : écrivez oui ou non."),
            Refusal::Consent(value) => format!("“{value}” is not recognised as a marketing consent: write oui (yes) or non (no)."),
            Refusal::Duplicate { name, .. } if fr => format!("{name} est déjà dans Atelier (même téléphone, e-mail ou SIREN) : cette ligne n’est pas importée, pour ne pas créer de doublon. Ajoutez ses véhicules depuis sa fiche, ou retirez la ligne du fichier."),
            Refusal::Duplicate { name, .. } => format!("{name} is already in Atelier (same phone, e-mail or SIREN): this line is not imported, so as not to create a duplicate. Add their vehicles from their page, or remove the line from the file."),
            Refusal::Unreadable if fr => "Cette ligne n’a pas pu être lue : vérifiez que chaque guillemet ouvert est refermé.".to_owned(),
            Refusal::Unreadable => "This line could not be read: check that every opening quote is closed.".to_owned(),
            Refusal::Invalid(i) => Error::from(i.clone()).message(locale),
        }
    }
}

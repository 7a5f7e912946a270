//! Reading a CSV file as people make them: its encoding, its separator, its
//! header row, and where each record stands in the sheet.

use csv::StringRecord;
use serde::Serialize;

use super::Refusal;
use crate::text::fold;

/// How the file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// Windows-1252, what Excel saves a "CSV (séparateur : point-virgule)" in.
    #[serde(rename = "windows-1252")]
    Windows1252,
}

/// The character between fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Separator {
    /// `;`, what Excel uses in France (the comma being the decimal mark).
    #[serde(rename = ";")]
    Semicolon,
    /// `,`, the RFC 4180 one.
    #[serde(rename = ",")]
    Comma,
}

impl Separator {
    pub(crate) fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
        }
    }
}

/// The file's text: UTF-8 when the bytes are valid UTF-8 (a leading BOM
/// dropped), else Windows-1252, which gives every byte a character.
pub(super) fn decode(bytes: &[u8]) -> (String, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// Whether decoded text is really a binary file (a workbook, a picture): it
/// holds NUL characters, or more control characters than any text has.
pub(super) fn is_binary(text: &str) -> bool {
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            controls += 1;
        }
    }
    controls * 100 > total
}

/// The separator of the header line: whichever of `;` and `,` appears more
/// outside quotes, `;` on a tie (the French default).
pub(super) fn separator(text: &str) -> Separator {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons {
        Separator::Comma
    } else {
        Separator::Semicolon
    }
}

/// The columns of the import and export file, in the order an export writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "each variant is the CSV column of the same name"
)]
pub(crate) enum Column {
    Type,
    Civilite,
    Prenom,
    Nom,
    Societe,
    Siret,
    Tva,
    Telephone,
    Telephone2,
    Email,
    Adresse,
    Complement,
    CodePostal,
    Ville,
    Pays,
    Langue,
    ConsentementMarketing,
    Notes,
    Immatriculation,
    PlaqueEtrangere,
    Vin,
    Marque,
    Modele,
    Version,
    Motorisation,
    Energie,
    Boite,
    Couleur,
    MiseEnCirculation,
    Kilometrage,
}

/// How many columns the file format has.
pub(crate) const COLUMN_COUNT: usize = 30;

impl Column {
    /// Every column, in file order.
    pub(crate) const ALL: [Column; COLUMN_COUNT] = [
        Column::Type,
        Column::Civilite,
        Column::Prenom,
        Column::Nom,
        Column::Societe,
        Column::Siret,
        Column::Tva,
        Column::Telephone,
        Column::Telephone2,
        Column::Email,
        Column::Adresse,
        Column::Complement,
        Column::CodePostal,
        Column::Ville,
        Column::Pays,
        Column::Langue,
        Column::ConsentementMarketing,
        Column::Notes,
        Column::Immatriculation,
        Column::PlaqueEtrangere,
        Column::Vin,
        Column::Marque,
        Column::Modele,
        Column::Version,
        Column::Motorisation,
        Column::Energie,
        Column::Boite,
        Column::Couleur,
        Column::MiseEnCirculation,
        Column::Kilometrage,
    ];

    /// The name in the header row.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::Type => "type",
            Column::Civilite => "civilite",
            Column::Prenom => "prenom",
            Column::Nom => "nom",
            Column::Societe => "societe",
            Column::Siret => "siret",
            Column::Tva => "tva",
            Column::Telephone => "telephone",
            Column::Telephone2 => "telephone2",
            Column::Email => "email",
            Column::Adresse => "adresse",
            Column::Complement => "complement",
            Column::CodePostal => "code_postal",
            Column::Ville => "ville",
            Column::Pays => "pays",
            Column::Langue => "langue",
            Column::ConsentementMarketing => "consentement_marketing",
            Column::Notes => "notes",
            Column::Immatriculation => "immatriculation",
            Column::PlaqueEtrangere => "plaque_etrangere",
            Column::Vin => "vin",
            Column::Marque => "marque",
            Column::Modele => "modele",
            Column::Version => "version",
            Column::Motorisation => "motorisation",
            Column::Energie => "energie",
            Column::Boite => "boite",
            Column::Couleur => "couleur",
            Column::MiseEnCirculation => "mise_en_circulation",
            Column::Kilometrage => "kilometrage",
        }
    }

    /// Whether the column describes the vehicle rather than its owner.
    pub(crate) fn is_vehicle(self) -> bool {
        self as usize >= Column::Immatriculation as usize
    }

    /// The column a header cell names, whatever its case, accents, spaces,
    /// dashes or underscores ("Code postal", "CODE_POSTAL", "Société").
    fn from_header(cell: &str) -> Option<Column> {
        let key = header_key(cell);
        Column::ALL
            .into_iter()
            .find(|c| header_key(c.name()) == key)
    }
}

fn header_key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Where each known column is in the file.
#[derive(Debug)]
pub(super) struct Header {
    positions: [Option<usize>; COLUMN_COUNT],
}

impl Header {
    /// Reads the header row. Unknown or repeated columns are refused in
    /// `warnings` (the first of a repeated one is used); a row naming no known
    /// column, or lacking the name or the plate/VIN columns, is refused outright.
    pub(super) fn read(row: &StringRecord, warnings: &mut Vec<Refusal>) -> Result<Header, Refusal> {
        let mut positions = [None; COLUMN_COUNT];
        for (i, cell) in row.iter().enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            match Column::from_header(cell) {
                None => warnings.push(Refusal::UnknownColumn(cell.to_owned())),
                Some(c) if positions[c as usize].is_some() => {
                    warnings.push(Refusal::RepeatedColumn(cell.to_owned()));
                }
                Some(c) => positions[c as usize] = Some(i),
            }
        }
        let header = Header { positions };
        let has = |c: Column| header.position(c).is_some();
        if positions.iter().all(Option::is_none) {
            warnings.clear();
            return Err(Refusal::NoHeader);
        }
        if !has(Column::Nom) && !has(Column::Societe) {
            return Err(Refusal::NoNameColumn);
        }
        let vehicles = Column::ALL.into_iter().any(|c| c.is_vehicle() && has(c));
        if vehicles && !has(Column::Immatriculation) && !has(Column::Vin) {
            return Err(Refusal::NoPlateColumn);
        }
        Ok(header)
    }

    /// The index of `column` in each record, when the file has it.
    pub(super) fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }
}

/// Numbers records as a spreadsheet numbers its rows: a blank line is a row,
/// a line break inside a quoted field is not.
#[derive(Debug, Default)]
pub(super) struct RowNumbers {
    /// Line breaks inside the fields of the records read so far.
    inner_breaks: u64,
}

impl RowNumbers {
    /// The row of `record`, to be called on every record in order.
    pub(super) fn row_of(&mut self, record: &StringRecord) -> u64 {
        let line = record.position().map_or(1, csv::Position::line);
        let row = line.saturating_sub(self.inner_breaks);
        let breaks = record.as_slice().bytes().filter(|b| *b == b'\n').count();
        self.inner_breaks += u64::try_from(breaks).unwrap_or(0);
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_utf8_and_anything_else_windows_1252() {
        assert_eq!(
            decode("\u{feff}Hélène".as_bytes()),
            ("Hélène".to_owned(), Encoding::Utf8),
            "the BOM is not part of the text"
        );
        assert_eq!(
            decode(b"H\xe9l\xe8ne \x80"),
            ("Hélène €".to_owned(), Encoding::Windows1252)
        );
    }

    #[test]
    fn binary_files_are_told_from_text() {
        assert!(is_binary("PK\u{3}\u{4}\0\0"), "an .xlsx is a zip");
        assert!(!is_binary("nom;ville\r\nDurand;Lyon\tcentre\r\n"));
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses_outside_quotes() {
        assert_eq!(separator("nom;ville\na,b,c,d"), Separator::Semicolon);
        assert_eq!(separator("nom,ville,\"a;b;c\"\n"), Separator::Comma);
        assert_eq!(separator("nom\n"), Separator::Semicolon);
    }

    #[test]
    fn header_cells_match_whatever_their_case_accents_and_spacing() {
        assert_eq!(
            Column::from_header(" Code Postal "),
            Some(Column::CodePostal)
        );
        assert_eq!(Column::from_header("SOCIÉTÉ"), Some(Column::Societe));
        assert_eq!(Column::from_header("Téléphone 2"), Some(Column::Telephone2));
        assert_eq!(Column::from_header("E-mail"), Some(Column::Email));
        assert_eq!(Column::from_header("fax"), None);
        assert!(
            Column::ALL
                .iter()
                .enumerate()
                .all(|(i, c)| *c as usize == i)
        );
    }
}

//! How one line of the FEC is written: its 18 zones in their order, dates as
//! `YYYYMMDD`, amounts with a decimal comma, text in ISO 8859-15.

use super::Separator;

/// The 18 zones of article A47 A-1, in their order, as the first line names them.
pub const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// The end of each record: carriage return and line feed (the text allows
/// either or both).
pub(super) const EOL: &[u8] = b"\r\n";

/// `2026-03-14` as `20260314`.
pub(super) fn date(iso: &str) -> String {
    iso.chars().filter(char::is_ascii_digit).take(8).collect()
}

/// Cents as the FEC writes an amount: `1234,56`, no thousands separator,
/// never negative (the side says which way it goes).
pub(super) fn amount(cents: i64) -> String {
    let c = cents.unsigned_abs();
    format!("{},{:02}", c / 100, c % 100)
}

/// Appends `text` to `out` in ISO 8859-15 with nothing that could end a
/// zone or a record: the separators, carriage returns and line feeds become
/// spaces; typographic quotes, dashes and spaces their plain forms; a
/// character the charset lacks becomes `?`.
pub(super) fn push_text(out: &mut Vec<u8>, text: &str, separator: Separator) {
    for c in text.chars() {
        let byte = match c {
            '\t' | '\r' | '\n' => b' ',
            '|' if separator == Separator::Pipe => b' ',
            '\u{2018}' | '\u{2019}' | '\u{2032}' => b'\'',
            '\u{201c}' | '\u{201d}' => b'"',
            '\u{2010}'..='\u{2015}' => b'-',
            '\u{00a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => b' ',
            '\u{2026}' => {
                out.extend_from_slice(b"...");
                continue;
            }
            '\u{20ac}' => 0xa4,
            '\u{0160}' => 0xa6,
            '\u{0161}' => 0xa8,
            '\u{017d}' => 0xb4,
            '\u{017e}' => 0xb8,
            '\u{0152}' => 0xbc,
            '\u{0153}' => 0xbd,
            '\u{0178}' => 0xbe,
            // The eight Latin-1 characters ISO 8859-15 replaced.
            '\u{a4}' | '\u{a6}' | '\u{a8}' | '\u{b4}' | '\u{b8}' | '\u{bc}' | '\u{bd}'
            | '\u{be}' => b'?',
            c if (c as u32) < 0x20 => b' ',
            c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        };
        out.push(byte);
    }
}

/// One account line of an entry, as written.
pub(super) struct Zones<'a> {
    pub journal: &'a str,
    pub journal_lib: &'a str,
    pub num: u64,
    pub date: &'a str,
    pub account: &'a str,
    pub account_lib: &'a str,
    pub aux: Option<(&'a str, &'a str)>,
    pub piece_ref: &'a str,
    pub piece_date: &'a str,
    pub label: &'a str,
    pub debit: i64,
    pub credit: i64,
}

/// Appends the record of `z` to `out`.
pub(super) fn push_line(out: &mut Vec<u8>, z: &Zones<'_>, separator: Separator) {
    let sep = separator.byte();
    let date = date(z.date);
    let (aux_num, aux_lib) = z.aux.unwrap_or(("", ""));
    let zones: [&str; 11] = [
        z.journal,
        z.journal_lib,
        &z.num.to_string(),
        &date,
        z.account,
        z.account_lib,
        aux_num,
        aux_lib,
        z.piece_ref,
        &self::date(z.piece_date),
        z.label,
    ];
    for (i, zone) in zones.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        push_text(out, zone, separator);
    }
    for zone in [
        amount(z.debit).as_str(),
        &amount(z.credit),
        "",
        "",
        &date,
        "",
        "",
    ] {
        out.push(sep);
        out.extend_from_slice(zone.as_bytes());
    }
    out.extend_from_slice(EOL);
}

/// The first record: the zones' names.
pub(super) fn header(separator: Separator) -> Vec<u8> {
    let mut out = COLUMNS
        .join(&char::from(separator.byte()).to_string())
        .into_bytes();
    out.extend_from_slice(EOL);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_have_a_decimal_comma_and_no_sign() {
        assert_eq!(amount(123_456), "1234,56");
        assert_eq!(amount(-5), "0,05");
        assert_eq!(amount(0), "0,00");
    }

    #[test]
    fn text_is_latin_9_without_separators() {
        let mut out = Vec::new();
        push_text(&mut out, "Cœur d’Alène|\tà 20 €\n", Separator::Pipe);
        assert_eq!(out, b"C\xbdur d'Al\xe8ne  \xe0 20 \xa4 ".to_vec());
        let mut tab = Vec::new();
        push_text(&mut tab, "a|b\tc", Separator::Tab);
        assert_eq!(tab, b"a|b c".to_vec(), "a pipe is plain text in a tab file");
    }
}

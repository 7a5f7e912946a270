//! A campaign's texts: the fields a template may name, filling them in,
//! and how long an SMS is.
//!
//! An SMS is written in the GSM 7-bit alphabet (3GPP TS 23.038) when every
//! character is in it — 160 characters in one SMS, 153 per part of a longer
//! one, the extension characters `^{}\[~]|€` counting two — and in UCS-2
//! otherwise: 70 UTF-16 units in one, 67 per part. A campaign announces how
//! many SMS its message takes; the text is refused when it could take more,
//! each field counted at its longest ([`Field::max`]) and the « STOP »
//! line included. Filled in, a field is cut at that length and, in a GSM
//! text, written with GSM characters only, so what leaves never exceeds
//! what was announced.

use crate::validation::{self, Invalid, Problem};

/// A field a campaign's template may name, as `{prenom}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The customer's first name (a company's name).
    FirstName,
    /// The customer's name as shown everywhere.
    Customer,
    /// The vehicle the campaign found them by: make and model, or plate.
    Vehicle,
    /// The workshop's name.
    Workshop,
    /// The campaign's code.
    Code,
    /// The last day of the offer.
    Until,
}

impl Field {
    /// Every field, in the order the error lists them.
    pub const ALL: [Field; 6] = [
        Field::FirstName,
        Field::Customer,
        Field::Vehicle,
        Field::Workshop,
        Field::Code,
        Field::Until,
    ];

    /// Its name between braces.
    pub fn name(self) -> &'static str {
        match self {
            Field::FirstName => "prenom",
            Field::Customer => "client",
            Field::Vehicle => "vehicule",
            Field::Workshop => "atelier",
            Field::Code => "code",
            Field::Until => "fin",
        }
    }

    /// The most characters it takes once filled in.
    pub fn max(self) -> usize {
        match self {
            Field::FirstName => 20,
            Field::Customer | Field::Workshop => 40,
            Field::Vehicle => 30,
            Field::Code => 20,
            Field::Until => 11,
        }
    }

    fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The names between braces in `text`: `{word}` of letters and `_`.
fn placeholders(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    text.match_indices('{').filter_map(move |(start, _)| {
        let rest = &text[start + 1..];
        let end = rest.find('}')?;
        let name = &rest[..end];
        (!name.is_empty() && name.chars().all(|c| c.is_alphabetic() || c == '_')).then_some((
            start,
            start + end + 2,
            name,
        ))
    })
}

/// Refuses a template naming a field that does not exist.
pub(crate) fn check_fields(field: validation::Field, text: &str) -> Result<(), Invalid> {
    match placeholders(text).find(|(_, _, name)| Field::parse(name).is_none()) {
        Some((_, _, name)) => Err(Invalid::new(
            field,
            Problem::UnknownTemplateField {
                name: name.to_owned(),
                known: Field::ALL
                    .iter()
                    .map(|f| format!("{{{}}}", f.name()))
                    .collect(),
            },
        )),
        None => Ok(()),
    }
}

/// The « STOP » line every campaign SMS ends with, as counted when its
/// length is checked (the number set, or five digits until it is).
pub(crate) fn stop_line(number: Option<&str>) -> String {
    format!("\n{} {}", super::words::STOP, number.unwrap_or("00000"))
}

/// The typographic signs a person types and phones do not need, written
/// as their GSM equivalents, so a French text stays one GSM SMS.
pub(crate) fn plain_sms(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect::<String>()
        .replace('\u{2026}', "...")
}

/// The GSM 7-bit default alphabet, one unit each.
const GSM: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table, two units each (an escape, then the character).
const GSM_EXTENDED: &str = "\u{c}^{}\\[~]|€";

/// A character's units in GSM 7-bit, `None` outside the alphabet.
fn gsm_units(c: char) -> Option<usize> {
    if GSM.contains(c) {
        Some(1)
    } else if GSM_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// How long an SMS is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SmsLength {
    /// GSM 7-bit units, or UTF-16 units in UCS-2.
    pub units: usize,
    /// SMS it is sent as.
    pub segments: usize,
    /// The first character outside the GSM alphabet, which makes it UCS-2.
    pub unicode: Option<char>,
}

/// How many SMS `text` is sent as: parts are filled one character at a
/// time, a character never split between two.
pub fn sms_length(text: &str) -> SmsLength {
    let unicode = text.chars().find(|c| gsm_units(*c).is_none());
    let width = |c: char| match unicode {
        None => gsm_units(c).unwrap_or(1),
        Some(_) => c.len_utf16(),
    };
    let (single, part) = if unicode.is_none() {
        (160, 153)
    } else {
        (70, 67)
    };
    let units: usize = text.chars().map(width).sum();
    let segments = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        let (mut parts, mut used) = (1, 0);
        for w in text.chars().map(width) {
            if used + w > part {
                parts += 1;
                used = 0;
            }
            used += w;
        }
        parts
    };
    SmsLength {
        units,
        segments,
        unicode,
    }
}

/// Fills `text`'s fields with `values` (a field missing is left empty),
/// each cut at its [`Field::max`]; in an SMS written in GSM, a value's
/// characters outside the alphabet are written without accents.
pub(crate) fn fill(text: &str, values: &[(Field, &str)], gsm: bool) -> String {
    let mut out = String::with_capacity(text.len() + 40);
    let mut last = 0;
    for (start, end, name) in placeholders(text) {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        if let Some(field) = Field::parse(name) {
            let value = values
                .iter()
                .find(|(f, _)| *f == field)
                .map_or("", |(_, v)| *v);
            let value: String = value.chars().take(field.max()).collect();
            out.push_str(&if gsm { to_gsm(&value) } else { value });
        } else {
            out.push_str(&text[start..end]);
        }
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// `value` in GSM characters only, no longer than it was: accents dropped
/// where the alphabet lacks the letter, anything else a `?`.
fn to_gsm(value: &str) -> String {
    value
        .chars()
        .map(|c| match gsm_units(c) {
            Some(1) => c,
            _ => deunicode::deunicode_char(c)
                .and_then(|s| s.chars().next())
                .filter(|a| gsm_units(*a) == Some(1))
                .unwrap_or('?'),
        })
        .collect()
}

/// The longest `text` can be once filled: each field at its longest.
pub(crate) fn longest(text: &str) -> String {
    let values: Vec<(Field, String)> = Field::ALL
        .iter()
        .map(|f| (*f, "W".repeat(f.max())))
        .collect();
    let borrowed: Vec<(Field, &str)> = values.iter().map(|(f, v)| (*f, v.as_str())).collect();
    fill(text, &borrowed, true)
}

/// Refuses an SMS `text` (with its `footer`) that could take more than
/// `announced` SMS once filled.
pub(crate) fn check_sms(
    field: validation::Field,
    text: &str,
    footer: &str,
    announced: usize,
) -> Result<SmsLength, Invalid> {
    check_fields(field, text)?;
    let length = sms_length(&format!("{}{footer}", longest(text)));
    if length.segments > announced {
        return Err(Invalid::new(
            field,
            Problem::SmsTooLong {
                segments: length.segments,
                announced,
                unicode: length.unicode,
            },
        ));
    }
    Ok(length)
}

#[cfg(test)]
mod tests {
    use atelier_domain::Locale;

    use super::*;

    #[test]
    fn gsm_and_unicode_texts_are_counted_as_phones_count_them() {
        assert_eq!(sms_length(&"a".repeat(160)).segments, 1);
        assert_eq!(sms_length(&"a".repeat(161)).segments, 2);
        assert_eq!(sms_length(&"a".repeat(306)).segments, 2);
        assert_eq!(sms_length(&"a".repeat(307)).segments, 3);
        // « é » is GSM; « € » counts two.
        assert_eq!(sms_length("été").units, 3);
        assert_eq!(sms_length(&"€".repeat(80)).units, 160);
        assert_eq!(sms_length(&"€".repeat(81)).segments, 2);
        // « ê » is not GSM: the whole text is UCS-2, 70 then 67 a part.
        let ucs = sms_length(&format!("fête{}", "a".repeat(66)));
        assert_eq!((ucs.units, ucs.segments, ucs.unicode), (70, 1, Some('ê')));
        assert_eq!(sms_length(&format!("fête{}", "a".repeat(67))).segments, 2);
        // An emoji is two UTF-16 units, never split between parts: 67 then 4.
        let emoji = sms_length(&format!("{}🚗{}", "a".repeat(66), "a".repeat(3)));
        assert_eq!((emoji.units, emoji.segments), (71, 2));
    }

    #[test]
    fn a_field_that_does_not_exist_is_named_in_the_refusal() {
        let err = check_fields(validation::Field::SmsText, "Bonjour {prénom} {nom}").unwrap_err();
        // The field is written without its accent: the first unknown is named.
        assert_eq!(
            err.problem,
            Problem::UnknownTemplateField {
                name: "prénom".into(),
                known: Field::ALL
                    .iter()
                    .map(|f| format!("{{{}}}", f.name()))
                    .collect(),
            }
        );
        assert!(
            err.message(Locale::Fr).contains("{prénom}")
                && err.message(Locale::Fr).contains("{prenom}"),
            "{}",
            err.message(Locale::Fr)
        );
        assert!(err.message(Locale::En).contains("does not exist"));
        assert!(check_fields(validation::Field::SmsText, "{prenom}, -15 % avec {code}").is_ok());
    }

    #[test]
    fn an_sms_is_refused_when_its_longest_filling_exceeds_what_it_announces() {
        let footer = "\nSTOP au 36111";
        // 120 characters and a first name of at most 20: one SMS.
        let text = format!("Bonjour {{prenom}}, {}", "x".repeat(110));
        assert_eq!(
            check_sms(validation::Field::SmsText, &text, footer, 1)
                .unwrap()
                .segments,
            1
        );
        let long = format!("{text}{}", "x".repeat(20));
        let err = check_sms(validation::Field::SmsText, &long, footer, 1).unwrap_err();
        assert_eq!(
            err.problem,
            Problem::SmsTooLong {
                segments: 2,
                announced: 1,
                unicode: None
            }
        );
        assert!(
            err.message(Locale::Fr).contains("2 SMS"),
            "{}",
            err.message(Locale::Fr)
        );
        // A « ê » turns it into Unicode, which the refusal names.
        let err = check_sms(
            validation::Field::SmsText,
            "Fête {prenom} {client} {vehicule}",
            footer,
            1,
        )
        .unwrap_err();
        assert!(
            err.message(Locale::Fr).contains('ê'),
            "{}",
            err.message(Locale::Fr)
        );
    }

    #[test]
    fn filled_fields_are_cut_and_kept_in_gsm_so_the_count_holds() {
        let values = [
            (Field::FirstName, "Zoë-Anne-Charlotte-Marie-Louise"),
            (Field::Workshop, "Garage Dupont"),
        ];
        let sms = fill("Bonjour {prenom} de {atelier} {inconnu}", &values, true);
        assert_eq!(
            sms,
            "Bonjour Zoe-Anne-Charlotte-M de Garage Dupont {inconnu}"
        );
        assert!(sms_length(&sms).unicode.is_none());
        let mail = fill("Bonjour {prenom}", &values, false);
        assert_eq!(mail, "Bonjour Zoë-Anne-Charlotte-M");
        assert_eq!(
            plain_sms("L’offre «\u{a0}-15\u{202f}%\u{a0}» – jusqu’au…"),
            "L'offre \" -15 % \" - jusqu'au..."
        );
    }
}

//! Text folding for search and sorting: accent- and case-insensitive, so
//! "Hélène" is found by "helene" and sorts beside "Helene".

use atelier_domain::{Hlc, Locale};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// Gives a fieldless enum `as_str` and `parse` over a fixed table of names,
/// the names stored in the database and sent to the UI.
macro_rules! str_enum {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value with this stored name.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use str_enum;

/// The wall-clock part of an HLC as an RFC 3339 UTC timestamp.
pub fn rfc3339(hlc: Hlc) -> String {
    rfc3339_now(hlc.millis())
}

/// Unix milliseconds as an RFC 3339 UTC timestamp.
pub fn rfc3339_now(ms: u64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The day of `now_ms` (UTC) as YYYY-MM-DD.
pub fn today(now_ms: u64) -> String {
    rfc3339_now(now_ms)
        .get(..10)
        .unwrap_or("1970-01-01")
        .to_owned()
}

/// A calendar date typed as YYYY-MM-DD, if it is one.
pub fn parse_date(s: &str) -> Option<String> {
    let format = format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &format)
        .ok()
        .and_then(|d| d.format(&format).ok())
}

/// Day `YYYY-MM-DD`'s first millisecond, UTC; `None` when it is not a day.
pub fn day_start_ms(day: &str) -> Option<i64> {
    let format = format_description!("[year]-[month]-[day]");
    let date = Date::parse(day.trim(), &format).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp() * 1000)
}

/// A YYYY-MM-DD date as people write it: "21/11/2026" in French, "21 Nov 2026"
/// in English. Anything else is returned as it is.
pub fn format_date(iso: &str, locale: Locale) -> String {
    let format = format_description!("[year]-[month]-[day]");
    let Ok(d) = Date::parse(iso, &format) else {
        return iso.to_owned();
    };
    let out = match locale {
        Locale::Fr => d.format(format_description!("[day]/[month]/[year]")),
        Locale::En => d.format(format_description!("[day] [month repr:short] [year]")),
    };
    out.unwrap_or_else(|_| iso.to_owned())
}

/// A whole number grouped by thousands in `locale` ("123 456" with a narrow
/// no-break space in French, "123,456" in English).
pub fn format_int(n: i64, locale: Locale) -> String {
    let sep = match locale {
        Locale::Fr => '\u{202f}',
        Locale::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A distance in kilometres as people read it ("123 456 km").
pub fn format_km(km: i64, locale: Locale) -> String {
    format!("{}\u{a0}km", format_int(km, locale))
}

/// Folds `s` to lowercase ASCII-ish text: accents dropped, ligatures spelled out
/// ("Œuvre" → "oeuvre"), whitespace collapsed.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu_cow(s, "[?]");
    if !ascii.is_ascii() {
        return ascii
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    // What the line above gives for ASCII text, in one pass and one
    // allocation: folding runs for every search document sync writes.
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// Trims `s` and turns an empty result into `None`: what a person left blank is
/// absent, not an empty string.
pub fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256, in hex, of `fields` written one per line, each prefixed
/// with its length in bytes (`12:2026-03-01\n`), so no two different lists
/// give the same text: how the invoices, the closures and the journal seal
/// each record of their chains.
pub(crate) fn sealed_hash(fields: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let text: String = fields
        .iter()
        .map(|f| format!("{}:{f}\n", f.len()))
        .collect();
    hex(&Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_hash_is_the_sha256_of_length_prefixed_lines() {
        // As docs/archive-format.md tells a reader to recompute it.
        assert_eq!(
            sealed_hash(&["a", "bc", ""]),
            "015caec6a5e40af23c0452789168131fb86886bdb74c9a70f2d262b13ffffc56"
        );
    }

    #[test]
    fn folding_ignores_accents_case_and_extra_spaces() {
        assert_eq!(fold("  Hélène   DURAND "), "helene durand");
        assert_eq!(fold("Œuvre Façade"), "oeuvre facade");
    }

    proptest::proptest! {
        /// Folding in one pass gives what deunicode, lower case and
        /// collapsed whitespace gave step by step.
        #[test]
        fn folding_in_one_pass_gives_what_it_gave_in_steps(
            s in proptest::prop_oneof![
                "(?s).{0,40}",
                "[ \t\n\x0b\x0c\r\x7fA-Za-z0-9À-ÿŒœ\u{85}\u{a0}\u{2028}\u{3000}-]{0,24}",
            ]
        ) {
            let steps = deunicode::deunicode(&s)
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(fold(&s), steps);
        }
    }

    #[test]
    fn numbers_and_dates_read_as_people_expect() {
        assert_eq!(format_km(123_456, Locale::Fr), "123\u{202f}456\u{a0}km");
        assert_eq!(format_int(1_234_567, Locale::En), "1,234,567");
        assert_eq!(format_int(-999, Locale::Fr), "-999");
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("2023-02-29"), None, "not a leap year");
        assert_eq!(parse_date("29/02/2024"), None);
        assert_eq!(today(1_700_000_000_000), "2023-11-14");
    }

    #[test]
    fn blank_is_absent() {
        assert_eq!(clean(Some("  ")), None);
        assert_eq!(clean(Some(" x ")), Some("x".into()));
        assert_eq!(clean(None), None);
    }
}

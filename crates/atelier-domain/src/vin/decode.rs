//! Offline decoding of a WMI: the manufacturer from the table in
//! `data/wmi.tsv`, the country from the ISO 3780 ranges.

use std::sync::LazyLock;

/// Second characters of a WMI in the order ISO 3780 ranges run.
const RANGE_ORDER: &str = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890";

/// The manufacturer the table lists for `wmi`.
pub(super) fn manufacturer(wmi: &str) -> Option<&'static str> {
    wmi_entry(wmi).map(|entry| entry.manufacturer)
}

/// The country of `wmi`: the table's when it gives one (codes issued
/// outside their range), otherwise the ISO 3780 range's.
pub(super) fn country(wmi: &str) -> Option<&'static str> {
    if let Some(country) = wmi_entry(wmi).and_then(|entry| entry.country) {
        return Some(country);
    }
    let b = wmi.as_bytes();
    let second = range_index(*b.get(1)?)?;
    COUNTRY_RANGES
        .iter()
        .find(|(first, from, to, _)| {
            *first == b[0]
                && range_index(*from).is_some_and(|f| f <= second)
                && range_index(*to).is_some_and(|t| second <= t)
        })
        .map(|(.., country)| *country)
}

/// Where `c` falls in the order ISO 3780 ranges use for a WMI's second character.
fn range_index(c: u8) -> Option<usize> {
    RANGE_ORDER.bytes().position(|r| r == c)
}

/// ISO 3780 ranges: first character, first and last second character
/// (in [`RANGE_ORDER`]), country (ISO 3166-1 alpha-2).
const COUNTRY_RANGES: &[(u8, u8, u8, &str)] = &[
    (b'A', b'A', b'H', "ZA"),
    (b'A', b'J', b'N', "CI"),
    (b'B', b'A', b'E', "AO"),
    (b'B', b'F', b'K', "KE"),
    (b'B', b'L', b'R', "TZ"),
    (b'C', b'A', b'E', "BJ"),
    (b'C', b'F', b'K', "MG"),
    (b'C', b'L', b'R', "TN"),
    (b'D', b'A', b'E', "EG"),
    (b'D', b'F', b'K', "MA"),
    (b'D', b'L', b'R', "ZM"),
    (b'E', b'A', b'E', "ET"),
    (b'E', b'F', b'K', "MZ"),
    (b'F', b'A', b'E', "GH"),
    (b'F', b'F', b'K', "NG"),
    (b'J', b'A', b'0', "JP"),
    (b'K', b'A', b'E', "LK"),
    (b'K', b'F', b'K', "IL"),
    (b'K', b'L', b'R', "KR"),
    (b'K', b'S', b'0', "KZ"),
    (b'L', b'A', b'0', "CN"),
    (b'M', b'A', b'E', "IN"),
    (b'M', b'F', b'K', "ID"),
    (b'M', b'L', b'R', "TH"),
    (b'M', b'S', b'0', "MM"),
    (b'N', b'A', b'E', "IR"),
    (b'N', b'F', b'K', "PK"),
    (b'N', b'L', b'R', "TR"),
    (b'P', b'A', b'E', "PH"),
    (b'P', b'F', b'K', "SG"),
    (b'P', b'L', b'R', "MY"),
    (b'R', b'A', b'E', "AE"),
    (b'R', b'F', b'K', "TW"),
    (b'R', b'L', b'R', "VN"),
    (b'R', b'S', b'0', "SA"),
    (b'S', b'A', b'M', "GB"),
    (b'S', b'N', b'T', "DE"),
    (b'S', b'U', b'Z', "PL"),
    (b'S', b'1', b'4', "LV"),
    (b'T', b'A', b'H', "CH"),
    (b'T', b'J', b'P', "CZ"),
    (b'T', b'R', b'V', "HU"),
    (b'T', b'W', b'1', "PT"),
    (b'U', b'H', b'M', "DK"),
    (b'U', b'N', b'T', "IE"),
    (b'U', b'U', b'Z', "RO"),
    (b'U', b'5', b'7', "SK"),
    (b'V', b'A', b'E', "AT"),
    (b'V', b'F', b'R', "FR"),
    (b'V', b'S', b'W', "ES"),
    (b'V', b'X', b'2', "RS"),
    (b'V', b'3', b'5', "HR"),
    (b'V', b'6', b'0', "EE"),
    (b'W', b'A', b'0', "DE"),
    (b'X', b'A', b'E', "BG"),
    (b'X', b'F', b'K', "GR"),
    (b'X', b'L', b'R', "NL"),
    (b'X', b'S', b'W', "RU"),
    (b'X', b'X', b'2', "LU"),
    (b'X', b'3', b'0', "RU"),
    (b'Y', b'A', b'E', "BE"),
    (b'Y', b'F', b'K', "FI"),
    (b'Y', b'L', b'R', "MT"),
    (b'Y', b'S', b'W', "SE"),
    (b'Y', b'X', b'2', "NO"),
    (b'Y', b'3', b'5', "BY"),
    (b'Y', b'6', b'0', "UA"),
    (b'Z', b'A', b'R', "IT"),
    (b'Z', b'X', b'2', "SI"),
    (b'Z', b'3', b'5', "LT"),
    (b'1', b'A', b'0', "US"),
    (b'2', b'A', b'0', "CA"),
    (b'3', b'A', b'W', "MX"),
    (b'3', b'X', b'7', "CR"),
    (b'4', b'A', b'0', "US"),
    (b'5', b'A', b'0', "US"),
    (b'6', b'A', b'0', "AU"),
    (b'7', b'A', b'E', "NZ"),
    (b'7', b'F', b'0', "US"),
    (b'8', b'A', b'E', "AR"),
    (b'8', b'F', b'K', "CL"),
    (b'8', b'L', b'R', "EC"),
    (b'8', b'S', b'W', "PE"),
    (b'8', b'X', b'2', "VE"),
    (b'9', b'A', b'E', "BR"),
    (b'9', b'F', b'K', "CO"),
    (b'9', b'L', b'R', "PY"),
    (b'9', b'S', b'W', "UY"),
    (b'9', b'X', b'2', "TT"),
    (b'9', b'3', b'9', "BR"),
];

/// One line of `data/wmi.tsv`.
#[derive(Debug)]
struct WmiEntry {
    wmi: &'static str,
    manufacturer: &'static str,
    /// The country when the code sits outside its ISO 3780 range.
    country: Option<&'static str>,
}

/// The WMI table, sorted by code for binary search.
static WMI_TABLE: LazyLock<Vec<WmiEntry>> = LazyLock::new(|| {
    let mut table: Vec<WmiEntry> = include_str!("../../data/wmi.tsv")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let wmi = fields.next()?;
            let manufacturer = fields.next()?;
            let country = fields.next();
            Some(WmiEntry {
                wmi,
                manufacturer,
                country,
            })
        })
        .collect();
    table.sort_by_key(|entry| entry.wmi);
    table
});

/// The table entry for `wmi`, if the table knows it.
fn wmi_entry(wmi: &str) -> Option<&'static WmiEntry> {
    let table: &'static [WmiEntry] = &WMI_TABLE;
    table
        .binary_search_by_key(&wmi, |entry| entry.wmi)
        .ok()
        .map(|i| &table[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Vin;

    /// Characters allowed in a VIN.
    const ALLOWED: &str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    fn vin(s: &str) -> Vin {
        Vin::parse(s).unwrap()
    }

    #[test]
    fn decodes_manufacturer_and_country() {
        let cases = [
            ("VF1RFB00X56123456", Some("Renault"), Some("FR")),
            ("1HGCM82633A004352", Some("Honda"), Some("US")),
            ("WVWZZZ1JZXW000001", Some("Volkswagen"), Some("DE")),
            ("ZFA31200000000001", Some("Fiat"), Some("IT")),
            ("VSSZZZ6JZ9R000001", Some("SEAT / Cupra"), Some("ES")),
            ("TMBJJ7NE0K0000001", Some("Škoda"), Some("CZ")),
            ("UU1HSDADG50000001", Some("Dacia"), Some("RO")),
            ("U5YHN816AGL000001", Some("Kia"), Some("SK")),
            ("XP7YGCEL0PB000001", Some("Tesla"), Some("DE")),
            ("JTDKN3DU5A0000001", Some("Toyota"), Some("JP")),
            ("KNAB2512AGT000001", Some("Kia"), Some("KR")),
            ("YV1MV845000000001", Some("Volvo"), Some("SE")),
            ("SAL1A2A40HA000001", Some("Land Rover"), Some("GB")),
            ("VXKUHZKXZL4000001", Some("Opel"), Some("FR")),
            ("VA0ZZZ00000000001", None, Some("AT")),
            ("0A0ZZZ00000000001", None, None),
        ];
        for (text, manufacturer, country) in cases {
            let v = vin(text);
            assert_eq!(v.manufacturer(), manufacturer, "{text}");
            assert_eq!(v.country(), country, "{text}");
        }
    }

    #[test]
    fn wmi_table_is_well_formed() {
        let lines: Vec<&str> = include_str!("../../data/wmi.tsv")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(lines.len(), WMI_TABLE.len(), "every line must parse");
        assert!(WMI_TABLE.len() >= 150, "the table covers the common makes");
        for entry in WMI_TABLE.iter() {
            assert!(
                entry.wmi.len() == 3 && entry.wmi.chars().all(|c| ALLOWED.contains(c)),
                "{:?} is not a WMI",
                entry.wmi
            );
            assert!(!entry.manufacturer.trim().is_empty(), "{}", entry.wmi);
            assert_eq!(
                entry.manufacturer,
                entry.manufacturer.trim(),
                "{}",
                entry.wmi
            );
        }
        for pair in WMI_TABLE.windows(2) {
            assert!(pair[0].wmi < pair[1].wmi, "{} is listed twice", pair[1].wmi);
        }
    }
}

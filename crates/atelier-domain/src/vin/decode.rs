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
/// (in [`RANGE_ORDER`]), country.
const COUNTRY_RANGES: &[(u8, u8, u8, &str)] = &[
    (b'A', b'A', b'H', "South Africa"),
    (b'A', b'J', b'N', "Ivory Coast"),
    (b'B', b'A', b'E', "Angola"),
    (b'B', b'F', b'K', "Kenya"),
    (b'B', b'L', b'R', "Tanzania"),
    (b'C', b'A', b'E', "Benin"),
    (b'C', b'F', b'K', "Madagascar"),
    (b'C', b'L', b'R', "Tunisia"),
    (b'D', b'A', b'E', "Egypt"),
    (b'D', b'F', b'K', "Morocco"),
    (b'D', b'L', b'R', "Zambia"),
    (b'E', b'A', b'E', "Ethiopia"),
    (b'E', b'F', b'K', "Mozambique"),
    (b'F', b'A', b'E', "Ghana"),
    (b'F', b'F', b'K', "Nigeria"),
    (b'J', b'A', b'0', "Japan"),
    (b'K', b'A', b'E', "Sri Lanka"),
    (b'K', b'F', b'K', "Israel"),
    (b'K', b'L', b'R', "South Korea"),
    (b'K', b'S', b'0', "Kazakhstan"),
    (b'L', b'A', b'0', "China"),
    (b'M', b'A', b'E', "India"),
    (b'M', b'F', b'K', "Indonesia"),
    (b'M', b'L', b'R', "Thailand"),
    (b'M', b'S', b'0', "Myanmar"),
    (b'N', b'A', b'E', "Iran"),
    (b'N', b'F', b'K', "Pakistan"),
    (b'N', b'L', b'R', "Turkey"),
    (b'P', b'A', b'E', "Philippines"),
    (b'P', b'F', b'K', "Singapore"),
    (b'P', b'L', b'R', "Malaysia"),
    (b'R', b'A', b'E', "United Arab Emirates"),
    (b'R', b'F', b'K', "Taiwan"),
    (b'R', b'L', b'R', "Vietnam"),
    (b'R', b'S', b'0', "Saudi Arabia"),
    (b'S', b'A', b'M', "United Kingdom"),
    (b'S', b'N', b'T', "Germany"),
    (b'S', b'U', b'Z', "Poland"),
    (b'S', b'1', b'4', "Latvia"),
    (b'T', b'A', b'H', "Switzerland"),
    (b'T', b'J', b'P', "Czechia"),
    (b'T', b'R', b'V', "Hungary"),
    (b'T', b'W', b'1', "Portugal"),
    (b'U', b'H', b'M', "Denmark"),
    (b'U', b'N', b'T', "Ireland"),
    (b'U', b'U', b'Z', "Romania"),
    (b'U', b'5', b'7', "Slovakia"),
    (b'V', b'A', b'E', "Austria"),
    (b'V', b'F', b'R', "France"),
    (b'V', b'S', b'W', "Spain"),
    (b'V', b'X', b'2', "Serbia"),
    (b'V', b'3', b'5', "Croatia"),
    (b'V', b'6', b'0', "Estonia"),
    (b'W', b'A', b'0', "Germany"),
    (b'X', b'A', b'E', "Bulgaria"),
    (b'X', b'F', b'K', "Greece"),
    (b'X', b'L', b'R', "Netherlands"),
    (b'X', b'S', b'W', "Russia"),
    (b'X', b'X', b'2', "Luxembourg"),
    (b'X', b'3', b'0', "Russia"),
    (b'Y', b'A', b'E', "Belgium"),
    (b'Y', b'F', b'K', "Finland"),
    (b'Y', b'L', b'R', "Malta"),
    (b'Y', b'S', b'W', "Sweden"),
    (b'Y', b'X', b'2', "Norway"),
    (b'Y', b'3', b'5', "Belarus"),
    (b'Y', b'6', b'0', "Ukraine"),
    (b'Z', b'A', b'R', "Italy"),
    (b'Z', b'X', b'2', "Slovenia"),
    (b'Z', b'3', b'5', "Lithuania"),
    (b'1', b'A', b'0', "United States"),
    (b'2', b'A', b'0', "Canada"),
    (b'3', b'A', b'W', "Mexico"),
    (b'3', b'X', b'7', "Costa Rica"),
    (b'4', b'A', b'0', "United States"),
    (b'5', b'A', b'0', "United States"),
    (b'6', b'A', b'0', "Australia"),
    (b'7', b'A', b'E', "New Zealand"),
    (b'7', b'F', b'0', "United States"),
    (b'8', b'A', b'E', "Argentina"),
    (b'8', b'F', b'K', "Chile"),
    (b'8', b'L', b'R', "Ecuador"),
    (b'8', b'S', b'W', "Peru"),
    (b'8', b'X', b'2', "Venezuela"),
    (b'9', b'A', b'E', "Brazil"),
    (b'9', b'F', b'K', "Colombia"),
    (b'9', b'L', b'R', "Paraguay"),
    (b'9', b'S', b'W', "Uruguay"),
    (b'9', b'X', b'2', "Trinidad and Tobago"),
    (b'9', b'3', b'9', "Brazil"),
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
            ("VF1RFB00X56123456", Some("Renault"), Some("France")),
            ("1HGCM82633A004352", Some("Honda"), Some("United States")),
            ("WVWZZZ1JZXW000001", Some("Volkswagen"), Some("Germany")),
            ("ZFA31200000000001", Some("Fiat"), Some("Italy")),
            ("VSSZZZ6JZ9R000001", Some("SEAT / Cupra"), Some("Spain")),
            ("TMBJJ7NE0K0000001", Some("Škoda"), Some("Czechia")),
            ("UU1HSDADG50000001", Some("Dacia"), Some("Romania")),
            ("U5YHN816AGL000001", Some("Kia"), Some("Slovakia")),
            ("XP7YGCEL0PB000001", Some("Tesla"), Some("Germany")),
            ("JTDKN3DU5A0000001", Some("Toyota"), Some("Japan")),
            ("KNAB2512AGT000001", Some("Kia"), Some("South Korea")),
            ("YV1MV845000000001", Some("Volvo"), Some("Sweden")),
            (
                "SAL1A2A40HA000001",
                Some("Land Rover"),
                Some("United Kingdom"),
            ),
            ("VXKUHZKXZL4000001", Some("Opel"), Some("France")),
            ("VA0ZZZ00000000001", None, Some("Austria")),
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

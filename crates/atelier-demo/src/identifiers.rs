//! What French plates and VINs look like: SIV plates of the series issued
//! at a date, FNI plates of a department, foreign plates, and VINs with their
//! maker's WMI, model year and (for the makers that use it) check digit.

use time::Date;

use super::catalogue::{Family, Model};
use super::rng::Rng;

/// Letters of SIV plates: no I, O or U.
const SIV_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTVWXYZ";
/// Letters of FNI series: the same (I, O and U were not issued either).
const FNI_LETTERS: &[u8] = SIV_LETTERS;
/// Characters of a VIN: no I, O or Q.
const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
/// Weights of the ISO 3779 check digit, by position.
const VIN_WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The day the SIV replaced the FNI for new registrations.
pub(crate) fn siv_start() -> Date {
    date(2009, 4, 15)
}

/// A SIV plate of the series issued on `issued`, as people type it.
pub(crate) fn siv_plate(r: &mut Rng, issued: Date) -> String {
    // Series were issued in order, about 0.8 blocks of letters a month:
    // AA in April 2009, GM at the end of 2024.
    let months = f64::from(issued.to_julian_day() - siv_start().to_julian_day()) / 30.44;
    let jitter = r.range(0, 8) as f64 - 4.0;
    let block = (months * 0.79 + jitter).max(0.0) as usize;
    let n = SIV_LETTERS.len();
    let first: String = [SIV_LETTERS[(block / n) % n], SIV_LETTERS[block % n]]
        .iter()
        .map(|&b| b as char)
        .collect();
    let last = loop {
        let l = letters(r, SIV_LETTERS, 2);
        if l != "SS" {
            break l;
        }
    };
    let number = r.range(1, 999);
    match r.below(10) {
        0 => format!("{first}{number:03}{last}").to_lowercase(),
        1 => format!("{first} {number:03} {last}"),
        _ => format!("{first}-{number:03}-{last}"),
    }
}

/// An FNI plate of `department`: "1234 AB 56".
pub(crate) fn fni_plate(r: &mut Rng, department: &str) -> String {
    let n = r.range(1, 9999);
    let count = *r.weighted(&[(5, 1), (70, 2), (25, 3)]);
    format!("{n} {} {department}", letters(r, FNI_LETTERS, count))
}

/// A Belgian, German or Swiss plate.
pub(crate) fn foreign_plate(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!("1-{}-{:03}", letters(r, FNI_LETTERS, 3), r.range(1, 999)),
        1 => format!(
            "{}-{} {}",
            r.pick(&["KA", "SB", "B", "M", "FR"]),
            letters(r, FNI_LETTERS, 2),
            r.range(1, 9999)
        ),
        _ => format!("GE {}", r.range(10_000, 999_999)),
    }
}

/// A VIN of `model`: its WMI and code, its model year at position 10 (the
/// registration year, or the one before for a car registered early in the
/// year), a plant letter and a serial number.
pub(crate) fn vin(r: &mut Rng, model: &Model, registered: Date) -> String {
    let year = registered.year();
    let early = u8::from(registered.month()) <= 3;
    let model_year = if early && r.percent(30) {
        year - 1
    } else {
        year
    };
    let mut vin = format!("{}{}", model.wmi, model.code);
    vin.push_str(&letters(r, VIN_CHARS, 2));
    vin.push('0');
    vin.push(year_code(model_year));
    vin.push_str(&letters(r, VIN_CHARS, 1));
    vin.push_str(&format!("{:06}", r.below(1_000_000)));
    // Many European makers put the ISO check digit in position 9;
    // Volkswagen puts a filler there, French and Italian makers anything.
    let ninth = match model.family {
        Family::Volkswagen => 'Z',
        Family::Renault | Family::Stellantis | Family::Fiat => {
            VIN_CHARS[r.index(VIN_CHARS.len())] as char
        }
        _ => check_digit(&vin),
    };
    vin.replace_range(8..9, &ninth.to_string());
    vin
}

fn letters(r: &mut Rng, alphabet: &[u8], count: usize) -> String {
    (0..count)
        .map(|_| alphabet[r.index(alphabet.len())] as char)
        .collect()
}

/// The model-year character of position 10: 1–9 for 2001–2009, then A, B, …
/// skipping I, O, Q, U and Z.
fn year_code(year: i32) -> char {
    const CODES: &[u8] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
    let i = (year - 2010).rem_euclid(30) as usize;
    CODES[i] as char
}

/// The ISO 3779 check digit of a 17-character VIN (position 9 ignored).
fn check_digit(vin: &str) -> char {
    let sum: u32 = vin
        .bytes()
        .zip(VIN_WEIGHTS)
        .map(|(c, w)| {
            let value = match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'A'..=b'H' => u32::from(c - b'A') + 1,
                b'J'..=b'N' => u32::from(c - b'J') + 1,
                b'P' => 7,
                b'R' => 9,
                b'S'..=b'Z' => u32::from(c - b'S') + 2,
                _ => 0,
            };
            value * w
        })
        .sum();
    match sum % 11 {
        10 => 'X',
        n => char::from_digit(n, 10).unwrap_or('X'),
    }
}

/// A calendar date known to exist.
pub(crate) fn date(year: i32, month: u8, day: u8) -> Date {
    time::Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(year, m, day).ok())
        .unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_follow_iso_3779() {
        assert_eq!(
            check_digit("1M8GDM9AXKP042788"),
            'X',
            "the standard's example"
        );
        assert_eq!(year_code(2009), '9');
        assert_eq!(year_code(2010), 'A');
        assert_eq!(year_code(2024), 'R');
    }
}

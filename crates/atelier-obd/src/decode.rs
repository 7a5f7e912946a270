//! From an ECU's bytes to values: trouble codes, the supported-PID
//! bitmaps, the VIN, and the formulas of SAE J1979 for the PIDs read.

use atelier_dtc::Code;

use crate::frames::Message;

/// The trouble code two bytes hold (SAE J2012): the two high bits give the
/// letter (P, C, B, U), then four hex digits. `00 00` is padding, no code.
pub(crate) fn code(hi: u8, lo: u8) -> Option<Code> {
    if hi == 0 && lo == 0 {
        return None;
    }
    let letter = ['P', 'C', 'B', 'U'][usize::from(hi >> 6)];
    Code::parse(&format!(
        "{letter}{}{:X}{lo:02X}",
        (hi >> 4) & 0x03,
        hi & 0x0F
    ))
    .ok()
}

/// The codes of a mode 03, 07 (or 0A) answer, each once, in order. On CAN
/// the service byte is followed by a count, on the older lines it is not:
/// after the service byte, a count and pairs make an odd number of bytes
/// and pairs alone an even one, whatever the adapter claims.
pub(crate) fn codes(messages: &[Message], sid: u8) -> Vec<Code> {
    let mut out = Vec::new();
    for m in messages.iter().filter(|m| m.data.first() == Some(&sid)) {
        let rest = &m.data[1..];
        let pairs = if rest.len() % 2 == 1 {
            &rest[1..]
        } else {
            rest
        };
        for pair in pairs.chunks_exact(2) {
            if let Some(c) = code(pair[0], pair[1])
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
    }
    out
}

/// The first positive answer to a mode 01 (or 02) request for `pid`: its
/// data bytes after the PID (and, for mode 02, after the frame number).
pub(crate) fn pid_data(messages: &[Message], sid: u8, pid: u8) -> Option<&[u8]> {
    let skip = if sid == 0x42 { 3 } else { 2 };
    messages
        .iter()
        .find(|m| m.data.len() > skip && m.data[0] == sid && m.data[1] == pid)
        .map(|m| &m.data[skip..])
}

/// The negative response code of a refusal (`7F <service> <code>`), when
/// no ECU answered positively.
pub(crate) fn refusal(messages: &[Message]) -> Option<u8> {
    messages
        .iter()
        .find(|m| m.data.len() >= 3 && m.data[0] == 0x7F)
        .map(|m| m.data[2])
}

/// Which PIDs of `base+1 ..= base+32` a bitmap answer (PID 00, 20, 40…)
/// declares, ORed over the ECUs that answered.
pub(crate) fn supported(messages: &[Message], base: u8) -> Option<u32> {
    let mut any = None;
    for m in messages {
        if m.data.len() >= 6 && m.data[0] == 0x41 && m.data[1] == base {
            let bits = u32::from_be_bytes([m.data[2], m.data[3], m.data[4], m.data[5]]);
            any = Some(any.unwrap_or(0) | bits);
        }
    }
    any
}

/// Whether `bitmap` (of the group starting after `base`) declares `pid`.
pub(crate) fn declares(bitmap: u32, base: u8, pid: u8) -> bool {
    match pid.checked_sub(base) {
        Some(n @ 1..=32) => bitmap & (1 << (32 - u32::from(n))) != 0,
        _ => false,
    }
}

/// The VIN's characters from a mode 09 PID 02 answer: on CAN one message
/// (`49 02 01` and 17 bytes), on the older lines five numbered messages of
/// four bytes; padding and anything that is not a letter or digit go.
pub(crate) fn vin_text(messages: &[Message]) -> Option<String> {
    let mut ours: Vec<&Message> = messages
        .iter()
        .filter(|m| m.data.len() >= 4 && m.data[0] == 0x49 && m.data[1] == 0x02)
        .collect();
    // When several ECUs give a VIN, the engine's (the lowest id) is kept.
    let first = ours.iter().map(|m| m.ecu.clone()).min()?;
    ours.retain(|m| m.ecu == first);
    ours.sort_by_key(|m| m.data[2]);
    let bytes: Vec<u8> = ours
        .iter()
        .flat_map(|m| m.data[3..].iter().copied())
        .collect();
    let text: String = bytes
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|&b| char::from(b))
        .collect();
    let start = text.len().saturating_sub(17);
    Some(text[start..].to_owned())
}

/// PID 0C: engine speed, rpm.
pub(crate) fn rpm(d: &[u8]) -> Option<f64> {
    two(d).map(|v| f64::from(v) / 4.0)
}

/// PIDs 05: coolant temperature, °C.
pub(crate) fn celsius(d: &[u8]) -> Option<i16> {
    d.first().map(|&a| i16::from(a) - 40)
}

/// PID 0D: speed, km/h.
pub(crate) fn kmh(d: &[u8]) -> Option<u8> {
    d.first().copied()
}

/// PID 04: engine load, %.
pub(crate) fn load(d: &[u8]) -> Option<f64> {
    d.first().map(|&a| round2(f64::from(a) * 100.0 / 255.0))
}

/// PIDs 06, 07: fuel trim, %.
pub(crate) fn trim(d: &[u8]) -> Option<f64> {
    d.first()
        .map(|&a| round2((f64::from(a) - 128.0) * 100.0 / 128.0))
}

/// PID 42: control module voltage, V.
pub(crate) fn volts(d: &[u8]) -> Option<f64> {
    two(d).map(|v| f64::from(v) / 1000.0)
}

/// `ATRV`'s answer: `12.4V`.
pub(crate) fn battery(text: &str) -> Option<f64> {
    let number = text.trim().trim_end_matches(['V', 'v']).trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (0.0..=40.0).contains(v))
}

fn two(d: &[u8]) -> Option<u16> {
    (d.len() >= 2).then(|| u16::from_be_bytes([d[0], d[1]]))
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(ecu: Option<&str>, data: &[u8]) -> Message {
        Message {
            ecu: ecu.map(str::to_owned),
            data: data.to_vec(),
        }
    }

    #[test]
    fn two_bytes_make_a_code_of_each_family() {
        let c = |hi, lo| code(hi, lo).map(|c| c.to_string());
        assert_eq!(c(0x04, 0x20).as_deref(), Some("P0420"));
        assert_eq!(c(0x01, 0x43).as_deref(), Some("P0143"));
        assert_eq!(c(0x41, 0x23).as_deref(), Some("C0123"));
        assert_eq!(c(0x90, 0x01).as_deref(), Some("B1001"));
        assert_eq!(c(0xC1, 0x00).as_deref(), Some("U0100"));
        assert_eq!(c(0x00, 0x00), None, "00 00 is padding");
    }

    #[test]
    fn can_codes_carry_a_count_and_older_ones_do_not() {
        let can = [message(Some("7E8"), &[0x43, 0x02, 0x01, 0x43, 0x03, 0x00])];
        let names = |v: Vec<Code>| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(names(codes(&can, 0x43)), ["P0143", "P0300"]);
        let legacy = [message(None, &[0x43, 0x01, 0x43, 0x03, 0x00, 0x00, 0x00])];
        assert_eq!(names(codes(&legacy, 0x43)), ["P0143", "P0300"]);
        let none = [message(Some("7E8"), &[0x43, 0x00])];
        assert!(codes(&none, 0x43).is_empty());
    }

    #[test]
    fn a_code_two_ecus_report_is_listed_once() {
        let both = [
            message(Some("7E8"), &[0x43, 0x01, 0x07, 0x00]),
            message(Some("7E9"), &[0x43, 0x01, 0x07, 0x00]),
        ];
        assert_eq!(codes(&both, 0x43).len(), 1);
    }

    #[test]
    fn the_bitmaps_say_which_pids_to_ask() {
        let m = [message(Some("7E8"), &[0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13])];
        let bits = supported(&m, 0x00).expect("a bitmap");
        assert!(declares(bits, 0x00, 0x01));
        assert!(declares(bits, 0x00, 0x0C));
        assert!(!declares(bits, 0x00, 0x02));
        assert!(declares(bits, 0x00, 0x20), "the next group is declared");
        assert!(!declares(bits, 0x00, 0x42), "not this group's");
    }

    #[test]
    fn the_vin_of_the_older_lines_comes_in_five_pieces() {
        let m: Vec<Message> = [
            [0x49, 0x02, 0x02, b'P', b'0', b'Z', b'Z'],
            [0x49, 0x02, 0x01, 0, 0, 0, b'W'],
            [0x49, 0x02, 0x03, b'Z', b'9', b'9', b'Z'],
            [0x49, 0x02, 0x04, b'T', b'S', b'3', b'9'],
            [0x49, 0x02, 0x05, b'0', b'0', b'0', b'0'],
        ]
        .iter()
        .map(|d| message(None, d))
        .collect();
        assert_eq!(vin_text(&m).as_deref(), Some("WP0ZZZ99ZTS390000"));
    }

    #[test]
    fn values_follow_sae_j1979() {
        assert_eq!(rpm(&[0x1A, 0xF8]), Some(1726.0));
        assert_eq!(celsius(&[0x5F]), Some(55));
        assert_eq!(trim(&[0x80]), Some(0.0));
        assert_eq!(trim(&[0x78]), Some(-6.25));
        assert_eq!(volts(&[0x39, 0x4B]), Some(14.667));
        assert_eq!(load(&[0xFF]), Some(100.0));
        assert_eq!(battery("12.4V"), Some(12.4));
        assert_eq!(battery("?"), None);
    }
}

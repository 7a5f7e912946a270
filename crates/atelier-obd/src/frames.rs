//! What the car answered to one OBD request, out of the adapter's lines.
//!
//! The reader asks for headers (`ATH1`) but does not count on getting them:
//! a line is read by what it holds. A first token of three hex digits is a
//! CAN 11-bit identifier (`7E8 10 14 49 02 01 …`), followed by the ISO-TP
//! PCI byte; `18 DA F1 xx` opens a CAN 29-bit line; on the older lines
//! (J1850, ISO 9141, KWP) three header bytes come before the service byte
//! and a checksum after the data. Without headers a line starts with the
//! service byte itself (`41 0C 1A F8`), and a CAN reply longer than a frame
//! comes in the ELM327's own layout: its length (`014`), then `0:`, `1:`…
//! Frames are put back together per ECU (ISO 15765-2), so two ECUs
//! answering at once never mix.

use std::collections::BTreeMap;

/// One ECU's whole answer to a request, from the service byte on (`0x41`
/// for mode 01, `0x7F` for a refusal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    /// The answering ECU as its header names it (`7E8`, `10`), when the
    /// adapter shows headers.
    pub ecu: Option<String>,
    /// The service byte and what follows it.
    pub data: Vec<u8>,
}

/// The messages as hex bytes, for a warning that shows what came.
pub(crate) fn hex(messages: &[Message]) -> String {
    messages
        .iter()
        .map(|m| {
            m.data
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// What the adapter's lines amount to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// At least one ECU answered.
    Messages(Vec<Message>),
    /// `NO DATA`: nothing on the bus answered in time.
    NoData,
    /// The adapter reported a problem instead (`CAN ERROR`, `STOPPED`,
    /// `UNABLE TO CONNECT`, `BUS INIT: ...ERROR`, `?`…), as it said it.
    Said(String),
    /// Nothing that could be read: the lines as they came.
    Unreadable(String),
}

/// A line once read.
enum Piece {
    /// `014`: the length of a multi-frame reply shown without headers.
    Length(usize),
    /// `0: 49 02 01 …`: one line of it.
    Numbered(Vec<u8>),
    /// A frame, with its ECU when shown; `pci` when its first byte is the
    /// ISO-TP protocol control byte rather than the service byte.
    Frame {
        ecu: Option<String>,
        pci: bool,
        bytes: Vec<u8>,
    },
}

/// Reads the lines the adapter gave for a request of `service` (`0x01`…),
/// on a CAN protocol or not (`None` when not known yet).
pub(crate) fn answer(lines: &[String], service: u8, can: Option<bool>) -> Answer {
    let sid = service | 0x40;
    let mut pieces = Vec::new();
    let mut said = None;
    let mut no_data = false;
    let mut garbage = Vec::new();
    for line in lines {
        let upper = line.to_ascii_uppercase();
        match status(&upper) {
            Some(Status::Ignore) => continue,
            Some(Status::NoData) => {
                no_data = true;
                continue;
            }
            Some(Status::Problem) => {
                said.get_or_insert_with(|| line.clone());
                continue;
            }
            None => {}
        }
        match piece(&upper, sid, can) {
            Some(p) => pieces.push(p),
            None => garbage.push(line.as_str()),
        }
    }
    let messages = assemble(pieces);
    if !messages.is_empty() {
        Answer::Messages(messages)
    } else if let Some(said) = said {
        Answer::Said(said)
    } else if no_data {
        Answer::NoData
    } else if garbage.is_empty() {
        Answer::Unreadable(lines.join(" | "))
    } else {
        Answer::Unreadable(garbage.join(" | "))
    }
}

enum Status {
    Ignore,
    NoData,
    Problem,
}

fn status(line: &str) -> Option<Status> {
    if line == "OK" || line.starts_with("SEARCHING") {
        return Some(Status::Ignore);
    }
    if line.starts_with("BUS INIT") {
        return Some(if line.contains("ERROR") {
            Status::Problem
        } else {
            Status::Ignore
        });
    }
    if line == "NO DATA" || line == "NODATA" {
        return Some(Status::NoData);
    }
    let problem = line == "?"
        || line.contains("ERROR")
        || line.starts_with("UNABLE")
        || line == "STOPPED"
        || line.starts_with("BUS BUSY")
        || line.starts_with("BUFFER FULL")
        || line.starts_with("LV RESET")
        || line.starts_with("ACT ALERT")
        || (line.starts_with("ERR") && line[3..].chars().all(|c| c.is_ascii_digit()));
    problem.then_some(Status::Problem)
}

fn hex_byte(token: &str) -> Option<u8> {
    (token.len() == 2)
        .then(|| u8::from_str_radix(token, 16).ok())
        .flatten()
}

fn pairs(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| hex_byte(&text[i..i + 2]))
        .collect()
}

fn piece(line: &str, sid: u8, can: Option<bool>) -> Option<Piece> {
    if let Some((index, rest)) = line.split_once(':') {
        let index = index.trim();
        if index.len() == 1 && index.chars().all(|c| c.is_ascii_hexdigit()) {
            let bytes = tokens(rest)?;
            return Some(Piece::Numbered(bytes));
        }
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let (header, body): (Option<&str>, Vec<&str>) = match words.as_slice() {
        [] => return None,
        [one] if one.len() == 3 => {
            return usize::from_str_radix(one, 16).ok().map(Piece::Length);
        }
        // Spaces off (ATS0): an odd count of digits starts with an 11-bit id.
        [one] if one.len() > 3 && one.len() % 2 == 1 => (Some(&one[..3]), vec![&one[3..]]),
        [first, rest @ ..] if first.len() == 3 => (Some(*first), rest.to_vec()),
        all => (None, all.to_vec()),
    };
    let bytes = tokens(&body.join(""))?;
    if let Some(id) = header {
        u16::from_str_radix(id, 16).ok()?;
        return Some(Piece::Frame {
            ecu: Some(id.to_owned()),
            pci: true,
            bytes,
        });
    }
    Some(frame_without_id(bytes, sid, can))
}

fn tokens(text: &str) -> Option<Vec<u8>> {
    let joined: String = text.split_whitespace().collect();
    if joined.is_empty() {
        return None;
    }
    pairs(&joined)
}

/// A line of bytes with no 11-bit id in front: a 29-bit CAN header, an
/// older protocol's header and checksum, or none.
fn frame_without_id(bytes: Vec<u8>, sid: u8, can: Option<bool>) -> Piece {
    let answers = |b: u8| b == sid || b == 0x7F;
    if bytes.first().copied().is_some_and(answers) {
        return Piece::Frame {
            ecu: None,
            pci: false,
            bytes,
        };
    }
    if can != Some(false) && bytes.len() >= 6 && bytes[0] == 0x18 && matches!(bytes[1], 0xDA | 0xDB)
    {
        return Piece::Frame {
            ecu: Some(format!("{:02X}", bytes[3])),
            pci: true,
            bytes: bytes[4..].to_vec(),
        };
    }
    if can != Some(true) && bytes.len() >= 5 && answers(bytes[3]) {
        return Piece::Frame {
            ecu: Some(format!("{:02X}", bytes[2])),
            pci: false,
            bytes: bytes[3..bytes.len() - 1].to_vec(),
        };
    }
    // Headers off but the PCI byte shown (CAN auto-formatting off).
    Piece::Frame {
        ecu: None,
        pci: true,
        bytes,
    }
}

/// Puts frames back together per ECU, in the order the ECUs first spoke.
fn assemble(pieces: Vec<Piece>) -> Vec<Message> {
    let mut done = Vec::new();
    // ECU → (announced length, bytes so far) of a multi-frame answer.
    let mut open: BTreeMap<Option<String>, (usize, Vec<u8>)> = BTreeMap::new();
    let mut numbered: Option<(Option<usize>, Vec<u8>)> = None;
    let finish_numbered = |numbered: &mut Option<(Option<usize>, Vec<u8>)>,
                           done: &mut Vec<Message>| {
        if let Some((length, mut data)) = numbered.take() {
            if let Some(length) = length {
                if data.len() < length {
                    return; // cut short: nothing trustworthy
                }
                data.truncate(length);
            }
            if !data.is_empty() {
                done.push(Message { ecu: None, data });
            }
        }
    };
    for piece in pieces {
        match piece {
            Piece::Length(length) => {
                finish_numbered(&mut numbered, &mut done);
                numbered = Some((Some(length), Vec::new()));
            }
            Piece::Numbered(bytes) => {
                numbered
                    .get_or_insert_with(|| (None, Vec::new()))
                    .1
                    .extend(bytes);
            }
            Piece::Frame {
                ecu,
                pci: false,
                bytes,
            } => done.push(Message { ecu, data: bytes }),
            Piece::Frame {
                ecu,
                pci: true,
                bytes,
            } => {
                let Some(&pci) = bytes.first() else { continue };
                let low = usize::from(pci & 0x0F);
                match pci >> 4 {
                    0 if low > 0 && bytes.len() > low => done.push(Message {
                        ecu,
                        data: bytes[1..=low].to_vec(),
                    }),
                    1 if bytes.len() >= 2 => {
                        let length = (low << 8) | usize::from(bytes[1]);
                        open.insert(ecu, (length, bytes[2..].to_vec()));
                    }
                    2 => {
                        if let Some((length, data)) = open.get_mut(&ecu) {
                            data.extend_from_slice(&bytes[1..]);
                            if data.len() >= *length {
                                let length = *length;
                                if let Some((_, mut data)) = open.remove(&ecu) {
                                    data.truncate(length);
                                    done.push(Message { ecu, data });
                                }
                            }
                        }
                    }
                    _ => {} // flow control, or not ISO-TP at all
                }
            }
        }
    }
    finish_numbered(&mut numbered, &mut done);
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    fn data(answer: Answer) -> Vec<(Option<String>, Vec<u8>)> {
        match answer {
            Answer::Messages(m) => m.into_iter().map(|m| (m.ecu, m.data)).collect(),
            other => panic!("no messages: {other:?}"),
        }
    }

    const VIN: &[u8] = b"WP0ZZZ99ZTS390000";

    fn vin_payload() -> Vec<u8> {
        let mut v = vec![0x49, 0x02, 0x01];
        v.extend_from_slice(VIN);
        v
    }

    #[test]
    fn a_can_vin_with_headers_is_put_back_together() {
        let a = answer(
            &lines(
                "7E8 10 14 49 02 01 57 50 30\n7E8 21 5A 5A 5A 39 39 5A 54\n7E8 22 53 33 39 30 30 30 30",
            ),
            0x09,
            Some(true),
        );
        assert_eq!(data(a), [(Some("7E8".to_owned()), vin_payload())]);
    }

    #[test]
    fn a_can_vin_without_headers_uses_the_elm_layout() {
        let a = answer(
            &lines("014\n0: 49 02 01 57 50 30\n1: 5A 5A 5A 39 39 5A 54\n2: 53 33 39 30 30 30 30"),
            0x09,
            Some(true),
        );
        assert_eq!(data(a), [(None, vin_payload())]);
    }

    #[test]
    fn spaces_off_are_read_too() {
        let a = answer(&lines("7E8064100BE3FA813"), 0x01, Some(true));
        assert_eq!(
            data(a),
            [(
                Some("7E8".to_owned()),
                vec![0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13]
            )]
        );
        let b = answer(
            &lines("014\n0:490201575030\n1:5A5A5A39395A54\n2:53333930303030"),
            0x09,
            None,
        );
        assert_eq!(data(b), [(None, vin_payload())]);
    }

    #[test]
    fn two_ecus_answering_at_once_do_not_mix() {
        let a = answer(
            &lines("7E8 10 0A 43 04 01 43 01 96\n7E9 03 43 01 07\n7E8 21 02 34 03 00 00 00 00"),
            0x03,
            Some(true),
        );
        assert_eq!(
            data(a),
            [
                (Some("7E9".to_owned()), vec![0x43, 0x01, 0x07]),
                (
                    Some("7E8".to_owned()),
                    vec![0x43, 0x04, 0x01, 0x43, 0x01, 0x96, 0x02, 0x34, 0x03, 0x00]
                ),
            ]
        );
    }

    #[test]
    fn a_29_bit_can_header_is_recognised() {
        let a = answer(&lines("18 DA F1 10 03 41 0D 32"), 0x01, Some(true));
        assert_eq!(data(a), [(Some("10".to_owned()), vec![0x41, 0x0D, 0x32])]);
    }

    #[test]
    fn older_protocols_lose_their_header_and_checksum() {
        // ISO 9141-2, headers on: 48 6B 10 | 49 02 01 00 00 00 57 | checksum.
        let a = answer(
            &lines(
                "BUS INIT: ...OK\n48 6B 10 49 02 01 00 00 00 57 C2\n48 6B 10 49 02 02 50 30 5A 5A 1F",
            ),
            0x09,
            Some(false),
        );
        assert_eq!(
            data(a),
            [
                (Some("10".to_owned()), vec![0x49, 0x02, 0x01, 0, 0, 0, 0x57]),
                (
                    Some("10".to_owned()),
                    vec![0x49, 0x02, 0x02, 0x50, 0x30, 0x5A, 0x5A]
                ),
            ]
        );
    }

    #[test]
    fn adapter_words_are_told_apart() {
        let said = |text: &str| answer(&lines(text), 0x01, None);
        assert_eq!(said("SEARCHING...\nNO DATA"), Answer::NoData);
        assert_eq!(said("CAN ERROR"), Answer::Said("CAN ERROR".into()));
        assert_eq!(
            said("SEARCHING...\nUNABLE TO CONNECT"),
            Answer::Said("UNABLE TO CONNECT".into())
        );
        assert_eq!(
            said("BUS INIT: ...ERROR"),
            Answer::Said("BUS INIT: ...ERROR".into())
        );
        assert_eq!(said("STOPPED"), Answer::Said("STOPPED".into()));
        assert_eq!(said("?"), Answer::Said("?".into()));
        assert_eq!(said("#!&* ~"), Answer::Unreadable("#!&* ~".into()));
    }

    #[test]
    fn garbage_around_the_data_is_left_out() {
        let a = answer(&lines("~~##\n41 0C 1A F8\nZZ 9"), 0x01, Some(true));
        assert_eq!(data(a), [(None, vec![0x41, 0x0C, 0x1A, 0xF8])]);
    }

    #[test]
    fn a_multi_frame_answer_cut_short_is_not_made_up() {
        let a = answer(
            &lines("7E8 10 14 49 02 01 57 50 30\n7E8 21 5A 5A 5A 39 39 5A 54"),
            0x09,
            Some(true),
        );
        assert!(matches!(a, Answer::Unreadable(_)), "{a:?}");
        let b = answer(&lines("014\n0: 49 02 01 57 50 30"), 0x09, Some(true));
        assert!(matches!(b, Answer::Unreadable(_)), "{b:?}");
    }
}

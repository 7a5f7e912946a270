//! A read from start to end: wake the adapter and set it up, reach the
//! car, then each part in turn. Until the car has answered, a failure is
//! an [`ObdError`]: there is nothing to show. After that a part that
//! fails becomes a [`Warning`] and the read goes on, except when the
//! adapter falls silent or the deadline passes: the read stops there and
//! keeps what it has.

use std::time::{Duration, Instant};

use atelier_domain::Vin;

use crate::decode;
use crate::elm::{Elm, Stall};
use crate::frames::{self, Answer, Message};
use crate::link::Link;
use crate::monitors::Status;
use crate::reading::{Engine, FreezeFrame, Protocol, Reading};
use crate::warning::{Part, Problem, Warning};
use crate::{ObdError, Options};

pub(crate) struct Session<L> {
    elm: Elm<L>,
    options: Options,
    /// Whether the protocol is CAN, once known.
    can: Option<bool>,
    /// Set when the adapter fell silent or the deadline passed.
    stopped: bool,
    warnings: Vec<Warning>,
}

/// What a request got, once read.
enum Got {
    Messages(Vec<Message>),
    /// The car answered nothing, or refused; no warning said yet.
    NoData,
    Refused(u8),
    /// A warning was recorded (or the read had stopped before).
    Failed,
}

impl<L: Link> Session<L> {
    /// Wakes and sets up the adapter, then reaches the car: after this the
    /// car has answered once.
    pub(crate) fn start(link: L, options: Options) -> Result<(Self, u32), ObdError> {
        let deadline = Instant::now() + options.deadline;
        let mut s = Self {
            elm: Elm::new(link, deadline),
            options,
            can: None,
            stopped: false,
            warnings: Vec::new(),
        };
        let bitmap = s.wake()?;
        Ok((s, bitmap))
    }

    fn setup_ask(&mut self, command: &str, patience: Duration) -> Result<Vec<String>, ObdError> {
        self.elm
            .ask(command, patience)
            .map_err(|stall| match stall {
                Stall::Timeout | Stall::Deadline => ObdError::NoAnswer,
                Stall::Closed(e) => ObdError::Link {
                    target: "adapter".to_owned(),
                    reason: e.to_string(),
                },
            })
    }

    fn wake(&mut self) -> Result<u32, ObdError> {
        let patience = self.options.command;
        // A warm start skips the adapter's LED test; clones that lack it
        // say `?` and get the full reset.
        let hello = self.setup_ask("ATWS", patience)?;
        if hello.iter().any(|l| l == "?") || hello.is_empty() {
            let again = self.setup_ask("ATZ", patience)?;
            if again.is_empty() || again.iter().all(|l| l == "?") {
                return Err(ObdError::NotAnAdapter {
                    said: again.join(" "),
                });
            }
        }
        // Echo off, headers on (which ECU answered; see frames), automatic
        // protocol. A clone that ignores the first two is coped with when
        // reading; one that knows none of them is no ELM327.
        for command in ["ATE0", "ATH1", "ATSP0"] {
            let said = self.setup_ask(command, patience)?;
            if !said.iter().any(|l| l.eq_ignore_ascii_case("OK")) {
                return Err(ObdError::NotAnAdapter {
                    said: said.join(" "),
                });
            }
        }
        let bitmap = self.reach_car()?;
        Ok(bitmap)
    }

    /// `0100`: the adapter searches the protocol (`SEARCHING...`), the car
    /// answers with the PIDs it supports.
    fn reach_car(&mut self) -> Result<u32, ObdError> {
        let lines = self.setup_ask("0100", self.options.search)?;
        match frames::answer(&lines, 0x01, None) {
            Answer::Messages(m) => decode::supported(&m, 0x00).ok_or_else(|| ObdError::NoCar {
                said: lines.join(" "),
            }),
            Answer::NoData => Err(ObdError::NoCar {
                said: "NO DATA".to_owned(),
            }),
            Answer::Said(said) | Answer::Unreadable(said) => Err(ObdError::NoCar { said }),
        }
    }

    /// Reads everything, the car having answered `0100` with `bitmap`.
    pub(crate) fn read(mut self, bitmap: u32) -> Reading {
        let mut r = Reading::empty();
        r.adapter = self.text("ATI", Part::Adapter);
        r.battery_volts = self
            .text("ATRV", Part::BatteryVoltage)
            .and_then(|t| self.check(decode::battery(&t), Part::BatteryVoltage, &t));
        if let Some(t) = self.text("ATDPN", Part::Protocol) {
            r.protocol = self.check(Protocol::parse(&t), Part::Protocol, &t);
            self.can = r.protocol.map(Protocol::is_can);
        }
        r.status = self.status(bitmap);
        r.stored = self.codes("03", 0x03, Part::StoredCodes, r.status.as_ref());
        r.pending = self.codes("07", 0x07, Part::PendingCodes, None);
        r.freeze_frame = self.freeze_frame();
        r.live = self.live(bitmap);
        r.vin = self.vin();
        r.warnings = self.warnings;
        r
    }

    /// Mode 04, after asking the car for its PIDs as a read does.
    pub(crate) fn clear(mut self) -> Result<(), ObdError> {
        let lines = self.setup_ask("04", self.options.command)?;
        match frames::answer(&lines, 0x04, self.can) {
            Answer::Messages(m) if m.iter().any(|m| m.data.first() == Some(&0x44)) => Ok(()),
            Answer::Messages(m) => Err(ObdError::ClearRefused {
                code: decode::refusal(&m),
                said: lines.join(" "),
            }),
            Answer::NoData => Err(ObdError::ClearRefused {
                code: None,
                said: "NO DATA".to_owned(),
            }),
            Answer::Said(said) | Answer::Unreadable(said) => {
                Err(ObdError::ClearRefused { code: None, said })
            }
        }
    }

    fn warn(&mut self, part: Part, problem: Problem) {
        self.warnings.push(Warning { part, problem });
    }

    /// Keeps `value`, or warns that `said` could not be read.
    fn check<T>(&mut self, value: Option<T>, part: Part, said: &str) -> Option<T> {
        if value.is_none() {
            self.warn(
                part,
                Problem::Unreadable {
                    said: said.to_owned(),
                },
            );
        }
        value
    }

    /// Sends `command`; a stall stops the read with a warning for `part`.
    fn ask(&mut self, command: &str, part: Part) -> Option<Vec<String>> {
        if self.stopped {
            return None;
        }
        match self.elm.ask(command, self.options.command) {
            Ok(lines) => Some(lines),
            Err(stall) => {
                self.stopped = true;
                let problem = match stall {
                    Stall::Deadline => Problem::Deadline,
                    Stall::Timeout | Stall::Closed(_) => Problem::Silent,
                };
                self.warn(part, problem);
                None
            }
        }
    }

    /// An AT command's one-line answer; `?` or nothing is warned about.
    fn text(&mut self, command: &str, part: Part) -> Option<String> {
        let lines = self.ask(command, part)?;
        match lines.last() {
            Some(l) if l != "?" => Some(l.clone()),
            _ => {
                self.warn(
                    part,
                    Problem::Adapter {
                        said: lines.join(" "),
                    },
                );
                None
            }
        }
    }

    /// An OBD request, read; problems other than `NO DATA` and refusals
    /// are warned about here.
    fn obd(&mut self, request: &str, service: u8, part: Part) -> Got {
        let Some(lines) = self.ask(request, part) else {
            return Got::Failed;
        };
        match frames::answer(&lines, service, self.can) {
            Answer::Messages(m) => {
                let sid = service | 0x40;
                if m.iter().any(|m| m.data.first() == Some(&sid)) {
                    Got::Messages(m)
                } else if let Some(code) = decode::refusal(&m) {
                    Got::Refused(code)
                } else {
                    self.warn(
                        part,
                        Problem::Unreadable {
                            said: lines.join(" | "),
                        },
                    );
                    Got::Failed
                }
            }
            Answer::NoData => Got::NoData,
            Answer::Said(said) => {
                self.warn(part, Problem::Adapter { said });
                Got::Failed
            }
            Answer::Unreadable(said) => {
                self.warn(part, Problem::Unreadable { said });
                Got::Failed
            }
        }
    }

    /// Like [`Self::obd`], and `NO DATA` or a refusal is warned about too.
    fn obd_needed(&mut self, request: &str, service: u8, part: Part) -> Option<Vec<Message>> {
        match self.obd(request, service, part) {
            Got::Messages(m) => Some(m),
            Got::NoData => {
                self.warn(part, Problem::NoData);
                None
            }
            Got::Refused(code) => {
                self.warn(part, Problem::Refused { code });
                None
            }
            Got::Failed => None,
        }
    }

    fn status(&mut self, bitmap: u32) -> Option<Status> {
        if !decode::declares(bitmap, 0x00, 0x01) {
            return None;
        }
        let m = self.obd_needed("0101", 0x01, Part::Status)?;
        let d = decode::pid_data(&m, 0x41, 0x01).filter(|d| d.len() >= 4);
        let status = d.map(|d| Status::decode(d[0], d[1], d[2], d[3]));
        if status.is_none() {
            self.warn(
                Part::Status,
                Problem::Unreadable {
                    said: frames::hex(&m),
                },
            );
        }
        status
    }

    /// Mode 03 or 07. `NO DATA` to mode 03 is « no codes » only when the
    /// ECU's own count (PID 01) says none; otherwise it is not known.
    fn codes(
        &mut self,
        request: &str,
        service: u8,
        part: Part,
        status: Option<&Status>,
    ) -> Option<Vec<atelier_dtc::Code>> {
        match self.obd(request, service, part) {
            Got::Messages(m) => Some(decode::codes(&m, service | 0x40)),
            Got::NoData if status.is_some_and(|s| s.code_count == 0) => Some(Vec::new()),
            Got::NoData => {
                self.warn(part, Problem::NoData);
                None
            }
            Got::Refused(code) => {
                self.warn(part, Problem::Refused { code });
                None
            }
            Got::Failed => None,
        }
    }

    /// Mode 02 frame 0: the code that made the ECU keep it (PID 02), then
    /// the values. `NO DATA` or `00 00` there means no freeze frame; a
    /// value the ECU did not keep is left out without a warning.
    fn freeze_frame(&mut self) -> Option<FreezeFrame> {
        let m = match self.obd("020200", 0x02, Part::FreezeFrame) {
            Got::Messages(m) => m,
            Got::NoData | Got::Refused(_) | Got::Failed => return None,
        };
        let d = decode::pid_data(&m, 0x42, 0x02).filter(|d| d.len() >= 2)?;
        let code = decode::code(d[0], d[1])?;
        let mut engine = Engine::default();
        let value = |s: &mut Self, pid: u8| -> Option<Vec<u8>> {
            match s.obd(&format!("02{pid:02X}00"), 0x02, Part::FreezeFrame) {
                Got::Messages(m) => decode::pid_data(&m, 0x42, pid).map(<[u8]>::to_vec),
                _ => None,
            }
        };
        engine.load_percent = value(self, 0x04).and_then(|d| decode::load(&d));
        engine.coolant_celsius = value(self, 0x05).and_then(|d| decode::celsius(&d));
        engine.short_trim_percent = value(self, 0x06).and_then(|d| decode::trim(&d));
        engine.long_trim_percent = value(self, 0x07).and_then(|d| decode::trim(&d));
        engine.rpm = value(self, 0x0C).and_then(|d| decode::rpm(&d));
        engine.speed_kmh = value(self, 0x0D).and_then(|d| decode::kmh(&d));
        Some(FreezeFrame { code, engine })
    }

    /// One live PID the car declared: a value, or a warning.
    fn live_pid<T>(
        &mut self,
        pid: u8,
        part: Part,
        decode: impl Fn(&[u8]) -> Option<T>,
    ) -> Option<T> {
        let m = self.obd_needed(&format!("01{pid:02X}"), 0x01, part)?;
        let value = decode::pid_data(&m, 0x41, pid).and_then(decode);
        if value.is_none() {
            self.warn(
                part,
                Problem::Unreadable {
                    said: frames::hex(&m),
                },
            );
        }
        value
    }

    fn live(&mut self, bitmap: u32) -> crate::reading::Live {
        let mut live = crate::reading::Live::default();
        let has = |pid| decode::declares(bitmap, 0x00, pid);
        if has(0x0C) {
            live.engine.rpm = self.live_pid(0x0C, Part::Rpm, decode::rpm);
        }
        if has(0x05) {
            live.engine.coolant_celsius = self.live_pid(0x05, Part::Coolant, decode::celsius);
        }
        if has(0x0D) {
            live.engine.speed_kmh = self.live_pid(0x0D, Part::Speed, decode::kmh);
        }
        if has(0x04) {
            live.engine.load_percent = self.live_pid(0x04, Part::Load, decode::load);
        }
        if has(0x06) {
            live.engine.short_trim_percent = self.live_pid(0x06, Part::ShortTrim, decode::trim);
        }
        if has(0x07) {
            live.engine.long_trim_percent = self.live_pid(0x07, Part::LongTrim, decode::trim);
        }
        // PID 42 is declared in the bitmap of PID 40, itself declared in 20's.
        let mut group = bitmap;
        for base in [0x20u8, 0x40] {
            if !decode::declares(group, base - 0x20, base) {
                return live;
            }
            let Got::Messages(m) = self.obd(&format!("01{base:02X}"), 0x01, Part::ModuleVoltage)
            else {
                return live;
            };
            let Some(next) = decode::supported(&m, base) else {
                return live;
            };
            group = next;
        }
        if decode::declares(group, 0x40, 0x42) {
            live.module_volts = self.live_pid(0x42, Part::ModuleVoltage, decode::volts);
        }
        live
    }

    fn vin(&mut self) -> Option<Vin> {
        let m = self.obd_needed("0902", 0x09, Part::Vin)?;
        let Some(text) = decode::vin_text(&m) else {
            self.warn(
                Part::Vin,
                Problem::Unreadable {
                    said: frames::hex(&m),
                },
            );
            return None;
        };
        match Vin::parse(&text) {
            Ok(vin) => Some(vin),
            Err(_) => {
                self.warn(Part::Vin, Problem::NotAVin { said: text });
                None
            }
        }
    }
}

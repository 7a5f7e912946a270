//! One command to the ELM327 and its reply: send the text and a carriage
//! return, gather bytes until the `>` prompt however they are cut, then
//! clean the lines: control characters and bytes that are not ASCII go,
//! and so does the echo of the command, which some clones keep sending
//! after `ATE0`. Every wait is bounded by the command's patience and by
//! the whole read's deadline, so nothing here can hang.

use std::io;
use std::time::{Duration, Instant};

use crate::link::Link;

/// Why a command got no reply.
#[derive(Debug)]
pub(crate) enum Stall {
    /// Nothing, or no prompt, within the command's patience.
    Timeout,
    /// The whole read's deadline passed.
    Deadline,
    /// The link closed or failed (adapter unplugged, Wi-Fi lost).
    Closed(io::Error),
}

/// The adapter's side of the exchange.
#[derive(Debug)]
pub(crate) struct Elm<L> {
    link: L,
    deadline: Instant,
}

impl<L: Link> Elm<L> {
    pub(crate) fn new(link: L, deadline: Instant) -> Self {
        Self { link, deadline }
    }

    /// Sends `command` and returns the reply's lines, cleaned (see the
    /// module's doc), waiting at most `patience` for the prompt.
    pub(crate) fn ask(&mut self, command: &str, patience: Duration) -> Result<Vec<String>, Stall> {
        self.drain()?;
        self.link
            .send(format!("{command}\r").as_bytes())
            .map_err(Stall::Closed)?;
        let started = Instant::now();
        let mut reply = Vec::with_capacity(64);
        let mut buf = [0u8; 256];
        loop {
            let now = Instant::now();
            let left_here = patience.saturating_sub(now - started);
            let left_overall = self.deadline.saturating_duration_since(now);
            if left_overall.is_zero() {
                return Err(Stall::Deadline);
            }
            if left_here.is_zero() {
                return Err(Stall::Timeout);
            }
            let n = self
                .link
                .receive(&mut buf, left_here.min(left_overall))
                .map_err(Stall::Closed)?;
            if let Some(end) = buf[..n].iter().position(|&b| b == b'>') {
                reply.extend_from_slice(&buf[..end]);
                return Ok(clean(&reply, command));
            }
            reply.extend_from_slice(&buf[..n]);
        }
    }

    /// Throws away what arrived unasked (a late reply, a banner), so it is
    /// not taken for the next command's reply.
    fn drain(&mut self) -> Result<(), Stall> {
        let mut buf = [0u8; 256];
        for _ in 0..64 {
            let n = self
                .link
                .receive(&mut buf, Duration::from_millis(1))
                .map_err(Stall::Closed)?;
            if n == 0 {
                break;
            }
        }
        Ok(())
    }
}

/// The reply's lines: split at CR and LF, stripped of what is not
/// printable ASCII, trimmed, empty ones and the command's echo dropped.
pub(crate) fn clean(reply: &[u8], command: &str) -> Vec<String> {
    reply
        .split(|&b| b == b'\r' || b == b'\n')
        .filter_map(|raw| {
            let text: String = raw
                .iter()
                .filter(|b| b.is_ascii_graphic() || **b == b' ')
                .map(|&b| char::from(b))
                .collect();
            let text = without_echo(text.trim(), command).trim().to_owned();
            (!text.is_empty()).then_some(text)
        })
        .collect()
}

/// `line` without a leading echo of `command` (compared ignoring case and
/// spaces); a clone may glue its answer to the echo.
fn without_echo<'a>(line: &'a str, command: &str) -> &'a str {
    let mut wanted = command.chars().filter(|c| !c.is_whitespace()).peekable();
    if wanted.peek().is_none() {
        return line;
    }
    for (i, c) in line.char_indices() {
        if c == ' ' {
            continue;
        }
        match wanted.next() {
            Some(w) if w.eq_ignore_ascii_case(&c) => {
                if wanted.peek().is_none() {
                    return &line[i + c.len_utf8()..];
                }
            }
            _ => return line,
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_echo_a_clone_keeps_sending_is_dropped() {
        assert_eq!(
            clean(b"0100\r41 00 BE 3F A8 13 \r\r", "0100"),
            ["41 00 BE 3F A8 13"]
        );
        assert_eq!(clean(b"ATRV12.4V\r", "ATRV"), ["12.4V"]);
        assert_eq!(clean(b"atz\r\rELM327 v1.5\r", "ATZ"), ["ELM327 v1.5"]);
    }

    #[test]
    fn noise_and_empty_lines_go() {
        assert_eq!(
            clean(b"\0\0SEARCHING...\r\n\xff\xfe\r7E8 06 41 00\r\n", "0100"),
            ["SEARCHING...", "7E8 06 41 00"]
        );
    }

    #[test]
    fn a_reply_that_only_looks_like_the_echo_is_kept() {
        assert_eq!(clean(b"41 0C 1A F8\r", "010C"), ["41 0C 1A F8"]);
    }
}

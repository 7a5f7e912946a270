//! Where a bench's OBD-II adapter is, as a person types it in Réglages or
//! on the command line: a serial port (`/dev/ttyUSB0` on Linux, `COM3` on
//! Windows) or a Wi-Fi adapter's `host:port`.
//!
//! Windows names a COM port in any case and, from COM10 on, often as the
//! device path `\\.\COM10` (Device Manager and many adapters' manuals write
//! it so). Both are one port: the canonical form is `COM10`, which is what
//! the serial port crate expects (it adds the `\\.\` itself).

use std::fmt;
use std::str::FromStr;

/// An adapter's address in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AdapterAddress {
    /// A serial port: a Unix device path (`/dev/ttyUSB0`, `/dev/rfcomm0`)
    /// or a Windows COM port (`COM3`, upper case, without `\\.\`).
    Serial(String),
    /// A Wi-Fi adapter: `host:port`, the port between 1 and 65535.
    Tcp(String),
}

/// A text is not an adapter's address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "« {0} » is not an OBD adapter's address: give a serial port (/dev/ttyUSB0, COM3) \
     or a Wi-Fi adapter's host:port (192.168.0.10:35000)"
)]
pub struct AdapterAddressError(pub String);

impl AdapterAddress {
    /// The address as stored and shown.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Serial(port) => port,
            Self::Tcp(address) => address,
        }
    }
}

/// `COM` and a number from 1 to 255, in any case, with or without the
/// `\\.\` device prefix: the canonical `COMn`.
fn com_port(text: &str) -> Option<String> {
    let name = text.strip_prefix(r"\\.\").unwrap_or(text);
    let (com, number) = name.split_at_checked(3)?;
    if !com.eq_ignore_ascii_case("com") || number.starts_with('0') {
        return None;
    }
    let number: u8 = number.parse().ok().filter(|n| *n > 0)?;
    Some(format!("COM{number}"))
}

impl FromStr for AdapterAddress {
    type Err = AdapterAddressError;

    /// Reads an address, surrounding spaces ignored; a space inside one is
    /// refused.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let refused = || AdapterAddressError(text.to_owned());
        if text.is_empty() || text.contains(char::is_whitespace) {
            return Err(refused());
        }
        if text.len() > "/dev/".len() && text.starts_with("/dev/") {
            return Ok(Self::Serial(text.to_owned()));
        }
        if let Some(port) = com_port(text) {
            return Ok(Self::Serial(port));
        }
        match text.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0) => {
                Ok(Self::Tcp(text.to_owned()))
            }
            _ => Err(refused()),
        }
    }
}

impl fmt::Display for AdapterAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AdapterAddress, AdapterAddressError> {
        text.parse()
    }

    #[test]
    fn a_unix_device_is_a_serial_port_as_typed() {
        for port in [
            "/dev/ttyUSB0",
            "/dev/rfcomm0",
            "/dev/serial/by-id/usb-FTDI_0",
        ] {
            assert_eq!(parse(port), Ok(AdapterAddress::Serial(port.into())));
        }
        assert_eq!(
            parse("  /dev/ttyUSB1 ").map(|a| a.to_string()),
            Ok("/dev/ttyUSB1".into())
        );
    }

    #[test]
    fn a_com_port_is_read_in_any_case_and_with_its_device_prefix() {
        for (typed, port) in [
            ("COM3", "COM3"),
            ("com3", "COM3"),
            ("Com12", "COM12"),
            (r"\\.\COM10", "COM10"),
            (r"\\.\com255", "COM255"),
        ] {
            assert_eq!(
                parse(typed),
                Ok(AdapterAddress::Serial(port.into())),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_host_and_port_is_a_wifi_adapter() {
        for address in ["192.168.0.10:35000", "obd.local:23", "[fe80::1]:35000"] {
            assert_eq!(parse(address), Ok(AdapterAddress::Tcp(address.into())));
        }
    }

    #[test]
    fn anything_else_is_refused_with_what_was_typed() {
        for bad in [
            "",
            "  ",
            "COM",
            "COM0",
            "COM03",
            "COM256",
            "COMX",
            "COM 3",
            r"\\.\",
            "/dev/",
            "ttyUSB0",
            "192.168.0.10",
            "192.168.0.10:0",
            "192.168.0.10:70000",
            ":35000",
            "/dev/tty USB0",
        ] {
            let err = parse(bad).expect_err(bad);
            assert_eq!(err.0, bad.trim());
        }
    }
}

//! The byte pipe to the adapter: a serial port (USB, or Bluetooth bound to
//! `/dev/rfcomm*`; `COM3` on Windows) or a Wi-Fi adapter's TCP address. The
//! ELM327 exchange above it only sends and waits for bytes, so both are one
//! small trait.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use atelier_domain::AdapterAddress;

use crate::ObdError;

/// Where the adapter is, as the person set it in Réglages or on the
/// command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adapter {
    /// A serial port: `/dev/ttyUSB0`, `/dev/rfcomm0`, `COM3`.
    Serial {
        /// The port's path or name.
        port: String,
        /// Its speed; ELM327 adapters leave the factory at 38,400 baud (some
        /// clones at 9,600 or 115,200).
        baud: u32,
    },
    /// A Wi-Fi adapter: `192.168.0.10:35000`.
    Tcp {
        /// Host and port, as typed.
        address: String,
    },
}

impl Adapter {
    /// A serial port at the ELM327's factory speed (38,400 baud).
    #[must_use]
    pub fn serial(port: impl Into<String>) -> Self {
        Self::Serial {
            port: port.into(),
            baud: 38_400,
        }
    }

    /// A Wi-Fi adapter at `host:port`.
    #[must_use]
    pub fn tcp(address: impl Into<String>) -> Self {
        Self::Tcp {
            address: address.into(),
        }
    }

    /// Opens the link, waiting at most `connect` for a TCP connection; a
    /// serial port opens at once or not at all. The port is taken for this
    /// process alone: a second reader finds it busy.
    pub fn open(&self, connect: Duration) -> Result<Box<dyn Link>, ObdError> {
        match self {
            Self::Serial { port, baud } => Ok(Box::new(SerialLink::open(port, *baud)?)),
            Self::Tcp { address } => Ok(Box::new(TcpLink::connect(address, connect)?)),
        }
    }
}

impl From<&AdapterAddress> for Adapter {
    /// A serial port at the factory speed, or a Wi-Fi adapter.
    fn from(address: &AdapterAddress) -> Self {
        match address {
            AdapterAddress::Serial(port) => Self::serial(port.as_str()),
            AdapterAddress::Tcp(address) => Self::tcp(address.as_str()),
        }
    }
}

/// A two-way byte pipe to an ELM327 adapter.
pub trait Link: Send + std::fmt::Debug {
    /// Sends every byte.
    fn send(&mut self, bytes: &[u8]) -> io::Result<()>;

    /// Waits at most `wait` for bytes and puts them in `buf`; `Ok(0)` means
    /// none came in that time. A link that closed is an error, never `Ok(0)`.
    fn receive(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize>;
}

impl Link for Box<dyn Link> {
    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        (**self).send(bytes)
    }

    fn receive(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
        (**self).receive(buf, wait)
    }
}

/// This system's serial port: a TTY on Linux and macOS, a COM port on
/// Windows.
#[cfg(unix)]
type NativePort = serialport::TTYPort;
#[cfg(windows)]
type NativePort = serialport::COMPort;

/// A serial port, opened exclusively: TIOCEXCL and an exclusive `flock` on
/// Linux and macOS; on Windows a COM port opens for one program only.
#[derive(Debug)]
pub struct SerialLink {
    port: NativePort,
}

impl SerialLink {
    /// Opens `port` at `baud`, 8N1, no flow control.
    pub fn open(port: &str, baud: u32) -> Result<Self, ObdError> {
        let opened = serialport::new(port, baud)
            .timeout(Duration::from_millis(100))
            .open_native()
            .map_err(|e| {
                use serialport::ErrorKind as K;
                match e.kind() {
                    K::Io(io::ErrorKind::NotFound) => ObdError::NoSuchPort {
                        port: port.to_owned(),
                    },
                    // serialport reports EBUSY and a held lock as NoDevice.
                    #[cfg(unix)]
                    K::NoDevice => ObdError::PortBusy {
                        port: port.to_owned(),
                    },
                    // On Windows a missing port and a held one are both
                    // NoDevice, with the system's text in its own language:
                    // a second, plain open of the port tells them apart.
                    #[cfg(windows)]
                    K::NoDevice => com_port_unopened(port, probe_com_port(port), &e),
                    K::Io(io::ErrorKind::PermissionDenied) => ObdError::PortDenied {
                        port: port.to_owned(),
                    },
                    _ => ObdError::Link {
                        target: port.to_owned(),
                        reason: e.to_string(),
                    },
                }
            })?;
        Ok(Self { port: opened })
    }
}

/// Opens a COM port the way serialport does (`\\.\COM3`, for no one else)
/// and closes it at once: what Windows answers says why serialport could
/// not.
#[cfg(windows)]
fn probe_com_port(port: &str) -> io::Result<()> {
    use std::os::windows::fs::OpenOptionsExt;
    let path = if port.starts_with('\\') {
        port.to_owned()
    } else {
        format!(r"\\.\{port}")
    };
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(path)
        .map(drop)
}

/// Why a COM port that serialport reported as `NoDevice` did not open, from
/// a second open of it (`probe`): not found is no such port; access denied
/// is, for a COM port, another program holding it. A port that opens the
/// second time was let go in between: serialport's own reason is kept.
#[cfg(any(windows, test))]
fn com_port_unopened(port: &str, probe: io::Result<()>, first: &dyn std::fmt::Display) -> ObdError {
    let port = port.to_owned();
    match probe {
        Err(e) if e.kind() == io::ErrorKind::NotFound => ObdError::NoSuchPort { port },
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => ObdError::PortBusy { port },
        Err(e) => ObdError::Link {
            target: port,
            reason: e.to_string(),
        },
        Ok(()) => ObdError::Link {
            target: port,
            reason: first.to_string(),
        },
    }
}

impl Link for SerialLink {
    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.port.write_all(bytes)?;
        self.port.flush()
    }

    fn receive(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
        use serialport::SerialPort;
        self.port
            .set_timeout(wait.max(Duration::from_millis(1)))
            .map_err(io::Error::from)?;
        match self.port.read(buf) {
            Ok(0) => Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => Ok(n),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                Ok(0)
            }
            Err(e) => Err(e),
        }
    }
}

/// A TCP connection to a Wi-Fi adapter.
#[derive(Debug)]
pub struct TcpLink {
    stream: TcpStream,
}

impl TcpLink {
    /// Connects to `address` (`host:port`), trying each address the host
    /// name gives for at most `wait` each.
    pub fn connect(address: &str, wait: Duration) -> Result<Self, ObdError> {
        let bad = || ObdError::BadAddress {
            address: address.to_owned(),
        };
        if !address.contains(':') {
            return Err(bad());
        }
        let addrs: Vec<SocketAddr> = address.to_socket_addrs().map_err(|_| bad())?.collect();
        let mut last = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, wait) {
                Ok(stream) => {
                    stream.set_nodelay(true).map_err(|e| ObdError::Link {
                        target: address.to_owned(),
                        reason: e.to_string(),
                    })?;
                    return Ok(Self { stream });
                }
                Err(e) => last = Some(e),
            }
        }
        Err(ObdError::Unreachable {
            address: address.to_owned(),
            reason: last.map_or_else(|| "no address".to_owned(), |e| e.to_string()),
        })
    }
}

impl Link for TcpLink {
    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    fn receive(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
        self.stream
            .set_read_timeout(Some(wait.max(Duration::from_millis(1))))?;
        match self.stream.read(buf) {
            Ok(0) => Err(io::ErrorKind::ConnectionAborted.into()),
            Ok(n) => Ok(n),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                ) =>
            {
                Ok(0)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_com_port_windows_cannot_find_does_not_exist() {
        let e = com_port_unopened("COM7", Err(io::ErrorKind::NotFound.into()), &"");
        assert_eq!(
            e,
            ObdError::NoSuchPort {
                port: "COM7".into()
            }
        );
    }

    #[test]
    fn a_com_port_windows_refuses_is_held_by_another_program() {
        // Windows opens a COM port for one program at a time and answers
        // any other with ERROR_ACCESS_DENIED.
        let e = com_port_unopened("COM3", Err(io::ErrorKind::PermissionDenied.into()), &"");
        assert_eq!(
            e,
            ObdError::PortBusy {
                port: "COM3".into()
            }
        );
    }

    #[test]
    fn a_com_port_free_again_keeps_the_first_reason() {
        let e = com_port_unopened("COM3", Ok(()), &"Accès refusé.");
        assert_eq!(
            e,
            ObdError::Link {
                target: "COM3".into(),
                reason: "Accès refusé.".into()
            }
        );
    }
}

//! Reading a car at the bench over OBD-II, through the ELM327 adapter a
//! workshop already owns: on a serial port (USB, or Bluetooth bound to
//! `/dev/rfcomm0`) or a Wi-Fi adapter's TCP address. One [`read`] gives a
//! [`Reading`]: stored and pending codes, the warning light and readiness
//! monitors, the freeze frame, a few live values, the VIN, the adapter's
//! identity and protocol. [`clear_codes`] is a call of its own: the caller
//! asks the mechanic to confirm and records it.
//!
//! # Why the ELM327 exchange is written here
//!
//! The OBD crates of crates.io were looked at (`obd2-core` 0.2, `obd2`
//! 0.2-pre, `obd`): the first is asynchronous over tokio and
//! `tokio-serial` (a runtime for one blocking conversation, and
//! `tokio-serial` brings `serialport` with its libudev default), two
//! releases made the same day; the second only drives FTDI USB adapters
//! and is a pre-release; the third speaks J2534 pass-through, not
//! ELM327. None copes with what cheap clones do: an echo that stays on
//! after `ATE0`, headers missing after `ATH1`, replies cut anywhere,
//! noise lines. So the AT exchange is written here over a small [`Link`]
//! trait that the serial port and TCP implement, and every one of those
//! misbehaviours has a test against the ELM327-emulator (PyPI
//! `ELM327-emulator`, `tests/`).
//!
//! The serial port is the `serialport` crate without its default `libudev`
//! feature: Atelier opens the port the person chose and does not list the
//! USB devices, so building needs no libudev-dev and the .deb's
//! dependencies stay as they were.
//!
//! # Never a frozen window, never a guess
//!
//! Every wait is bounded: each command by [`Options::command`] (the first
//! OBD request, while the adapter searches the protocol, by
//! [`Options::search`]) and the whole read by [`Options::deadline`].
//! Until the car has answered once, a failure is an [`ObdError`] with a
//! message that says what to do. After that, a part that fails is left
//! out of the [`Reading`] and said in its `warnings`; an adapter that
//! falls silent ends the read there, keeping what was read.
//!
//! The crate depends on atelier-domain ([`Locale`], [`Vin`]) and on
//! atelier-dtc for the trouble-code type only; never on core or SQLite.
//!
//! [`Vin`]: atelier_domain::Vin

mod decode;
mod elm;
mod frames;
mod link;
mod monitors;
mod reading;
mod session;
mod warning;

use std::time::Duration;

pub use atelier_domain::Locale;
pub use atelier_dtc::Code;
pub use link::{Adapter, Link, SerialLink, TcpLink};
pub use monitors::{Ignition, Monitor, Readiness, Status};
pub use reading::{Engine, FreezeFrame, Live, Protocol, Reading};
pub use warning::{Part, Problem, Warning};

/// How long a read may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// For a Wi-Fi adapter to accept the connection.
    pub connect: Duration,
    /// For the answer to one command.
    pub command: Duration,
    /// For the car's first answer, while the adapter tries each protocol
    /// (`SEARCHING...`: up to about ten seconds on the older lines).
    pub search: Duration,
    /// For the whole read or clear, whatever happens.
    pub deadline: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            command: Duration::from_secs(3),
            search: Duration::from_secs(15),
            deadline: Duration::from_secs(45),
        }
    }
}

/// Reads the car through the adapter at `adapter`.
pub fn read(adapter: &Adapter, options: &Options) -> Result<Reading, ObdError> {
    read_over(adapter.open(options.connect)?, options)
}

/// Reads the car through an open link.
pub fn read_over<L: Link>(link: L, options: &Options) -> Result<Reading, ObdError> {
    let (session, bitmap) = session::Session::start(link, *options)?;
    Ok(session.read(bitmap))
}

/// Clears the codes, the freeze frame and the monitors' results (mode 04).
/// The warning light goes out; the monitors start again from incomplete.
/// The car refuses while the engine runs (most want the ignition on, the
/// engine off).
pub fn clear_codes(adapter: &Adapter, options: &Options) -> Result<(), ObdError> {
    clear_over(adapter.open(options.connect)?, options)
}

/// Clears the codes through an open link; see [`clear_codes`].
pub fn clear_over<L: Link>(link: L, options: &Options) -> Result<(), ObdError> {
    let (session, _) = session::Session::start(link, *options)?;
    session.clear()
}

/// Why a read or a clear could not be made at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObdError {
    /// No serial port by that name.
    #[error("no serial port {port}")]
    NoSuchPort {
        /// The port as given.
        port: String,
    },
    /// Another program (or another read) has the port.
    #[error("serial port {port} is busy")]
    PortBusy {
        /// The port as given.
        port: String,
    },
    /// The system refuses this user the port (on Linux, not in `dialout`).
    #[error("no permission to open {port}")]
    PortDenied {
        /// The port as given.
        port: String,
    },
    /// A Wi-Fi adapter's address that is not `host:port`.
    #[error("not an address: {address:?}")]
    BadAddress {
        /// The address as given.
        address: String,
    },
    /// Nothing accepted the connection at that address.
    #[error("cannot connect to {address}: {reason}")]
    Unreachable {
        /// The address as given.
        address: String,
        /// The system's reason.
        reason: String,
    },
    /// The link failed (unplugged, Wi-Fi lost) before the car answered.
    #[error("link to {target} failed: {reason}")]
    Link {
        /// What was being talked to.
        target: String,
        /// The system's reason.
        reason: String,
    },
    /// The adapter did not answer at all.
    #[error("the adapter does not answer")]
    NoAnswer,
    /// Something answered, but not as an ELM327 does.
    #[error("not an ELM327 adapter: {said:?}")]
    NotAnAdapter {
        /// What it said.
        said: String,
    },
    /// The adapter answers but the car does not (`UNABLE TO CONNECT`,
    /// `BUS INIT: ...ERROR`, `CAN ERROR`, `NO DATA`).
    #[error("the car does not answer: {said}")]
    NoCar {
        /// What the adapter said.
        said: String,
    },
    /// The car did not clear its codes.
    #[error("the car did not clear its codes: {said}")]
    ClearRefused {
        /// The ECU's negative response code, when it gave one (`0x22`:
        /// conditions not correct, usually the engine running).
        code: Option<u8>,
        /// What came back.
        said: String,
    },
}

impl ObdError {
    /// The code the front end branches on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSuchPort { .. } => "obd_no_port",
            Self::PortBusy { .. } => "obd_port_busy",
            Self::PortDenied { .. } => "obd_port_denied",
            Self::BadAddress { .. } => "validation",
            Self::Unreachable { .. } => "obd_unreachable",
            Self::Link { .. } => "obd_link",
            Self::NoAnswer => "obd_no_answer",
            Self::NotAnAdapter { .. } => "obd_not_elm327",
            Self::NoCar { .. } => "obd_no_car",
            Self::ClearRefused { .. } => "obd_clear_refused",
        }
    }

    /// The message for the person, in their language, saying what to do.
    #[must_use]
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            Self::NoSuchPort { port } => {
                if fr {
                    format!(
                        "Le port série « {port} » n’existe pas : branchez l’adaptateur (ou appairez-le en Bluetooth) et choisissez son port dans Réglages."
                    )
                } else {
                    format!(
                        "Serial port “{port}” does not exist: plug the adapter in (or pair it over Bluetooth) and choose its port in Settings."
                    )
                }
            }
            Self::PortBusy { port } => {
                if fr {
                    format!(
                        "Le port « {port} » est déjà utilisé par un autre programme ou une autre lecture : fermez-le, puis relancez."
                    )
                } else {
                    format!(
                        "Port “{port}” is in use by another program or another read: close it, then try again."
                    )
                }
            }
            Self::PortDenied { port } => {
                if fr {
                    format!(
                        "Accès refusé au port « {port} » : l’utilisateur doit faire partie du groupe « dialout » (puis se reconnecter)."
                    )
                } else {
                    format!(
                        "Access to port “{port}” denied: the user must be in the “dialout” group (then log in again)."
                    )
                }
            }
            Self::BadAddress { address } => {
                if fr {
                    format!(
                        "« {address} » n’est pas une adresse d’adaptateur Wi-Fi : écrivez-la hôte:port, par exemple 192.168.0.10:35000."
                    )
                } else {
                    format!(
                        "“{address}” is not a Wi-Fi adapter's address: write it host:port, e.g. 192.168.0.10:35000."
                    )
                }
            }
            Self::Unreachable { address, reason } => {
                if fr {
                    format!(
                        "Impossible de joindre l’adaptateur Wi-Fi à {address} ({reason}) : connectez ce poste au Wi-Fi de l’adaptateur et vérifiez l’adresse."
                    )
                } else {
                    format!(
                        "Cannot reach the Wi-Fi adapter at {address} ({reason}): join the adapter's Wi-Fi and check the address."
                    )
                }
            }
            Self::Link { target, reason } => {
                if fr {
                    format!(
                        "La liaison avec l’adaptateur ({target}) a été coupée : {reason}. Vérifiez le branchement, puis relancez."
                    )
                } else {
                    format!(
                        "The link to the adapter ({target}) was lost: {reason}. Check the connection, then try again."
                    )
                }
            }
            Self::NoAnswer => {
                if fr {
                    "L’adaptateur ne répond pas : vérifiez qu’il est branché sur la prise OBD, allumé, et que c’est le bon port (ou la bonne adresse).".to_owned()
                } else {
                    "The adapter does not answer: check that it is plugged into the OBD socket, powered, and that this is its port (or address).".to_owned()
                }
            }
            Self::NotAnAdapter { said } => {
                if fr {
                    format!(
                        "Ce qui répond n’est pas un adaptateur ELM327 (réponse : « {said} ») : vérifiez le port choisi."
                    )
                } else {
                    format!(
                        "What answers is not an ELM327 adapter (it said “{said}”): check the chosen port."
                    )
                }
            }
            Self::NoCar { said } => {
                if fr {
                    format!(
                        "L’adaptateur répond mais pas la voiture (« {said} ») : mettez le contact, vérifiez que la prise OBD est bien enfoncée, puis relancez."
                    )
                } else {
                    format!(
                        "The adapter answers but the car does not (“{said}”): switch the ignition on, check the OBD plug is fully in, then try again."
                    )
                }
            }
            Self::ClearRefused {
                code: Some(0x22), ..
            } => {
                if fr {
                    "La voiture refuse d’effacer les codes dans ces conditions : contact mis, moteur arrêté, puis relancez.".to_owned()
                } else {
                    "The car refuses to clear its codes in these conditions: ignition on, engine off, then try again.".to_owned()
                }
            }
            Self::ClearRefused { said, .. } => {
                if fr {
                    format!(
                        "La voiture n’a pas effacé les codes (« {said} ») : relisez-les pour voir où elle en est."
                    )
                } else {
                    format!(
                        "The car did not clear its codes (“{said}”): read them again to see where it stands."
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_both_languages() {
        let all = [
            ObdError::NoSuchPort {
                port: "/dev/ttyUSB9".into(),
            },
            ObdError::PortBusy {
                port: "/dev/ttyUSB0".into(),
            },
            ObdError::PortDenied {
                port: "/dev/ttyUSB0".into(),
            },
            ObdError::BadAddress {
                address: "obd".into(),
            },
            ObdError::Unreachable {
                address: "192.168.0.10:35000".into(),
                reason: "refused".into(),
            },
            ObdError::Link {
                target: "adapter".into(),
                reason: "closed".into(),
            },
            ObdError::NoAnswer,
            ObdError::NotAnAdapter { said: "?".into() },
            ObdError::NoCar {
                said: "UNABLE TO CONNECT".into(),
            },
            ObdError::ClearRefused {
                code: Some(0x22),
                said: "7F 04 22".into(),
            },
            ObdError::ClearRefused {
                code: None,
                said: "NO DATA".into(),
            },
        ];
        for e in all {
            assert!(!e.code().is_empty());
            let (fr, en) = (e.message(Locale::Fr), e.message(Locale::En));
            assert_ne!(fr, en, "{e:?} is said in both languages");
            assert!(fr.ends_with('.') && en.ends_with('.'), "{fr} / {en}");
        }
    }
}

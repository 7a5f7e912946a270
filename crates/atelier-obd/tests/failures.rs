//! When nothing can be read: no such port, a busy port, an address where
//! nothing listens, an adapter that says nothing, a car that does not
//! answer (`UNABLE TO CONNECT`, `BUS INIT: ...ERROR`, `CAN ERROR`); and an
//! adapter that falls silent or is too slow in the middle of a read. Each
//! ends within its time with a message that says what to do; none hangs.

mod emulator;

use std::time::{Duration, Instant};

use atelier_obd::{Adapter, Locale, ObdError, Options, Part, Problem, SerialLink, read};
use emulator::Emulator;

fn quick() -> Options {
    Options {
        command: Duration::from_secs(1),
        search: Duration::from_secs(8),
        deadline: Duration::from_secs(20),
        ..Options::default()
    }
}

#[test]
fn a_port_that_does_not_exist() {
    let e = read(&Adapter::serial("/dev/ttyATELIER9"), &quick()).expect_err("no port");
    assert_eq!(
        e,
        ObdError::NoSuchPort {
            port: "/dev/ttyATELIER9".into()
        }
    );
    assert_eq!(e.code(), "obd_no_port");
    assert!(e.message(Locale::Fr).contains("Réglages"));
}

#[test]
fn a_port_another_read_holds_is_busy() {
    let emulator = Emulator::pty("atelier_none");
    let Adapter::Serial { port, .. } = &emulator.adapter else {
        panic!("a serial port");
    };
    let _held = SerialLink::open(port, 38_400).expect("the first read has the port");
    let e = read(&emulator.adapter, &quick()).expect_err("busy");
    assert_eq!(e, ObdError::PortBusy { port: port.clone() });
    assert!(e.message(Locale::En).contains("in use"));
}

#[test]
fn an_address_where_nothing_listens() {
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let e = read(&Adapter::tcp(free.to_string()), &quick()).expect_err("refused");
    assert!(matches!(e, ObdError::Unreachable { .. }), "{e:?}");
    let e = read(&Adapter::tcp("obd-wifi"), &quick()).expect_err("no port number");
    assert_eq!(e.code(), "validation");
}

#[test]
fn an_adapter_that_says_nothing() {
    let mut emulator = Emulator::pty("atelier_none");
    emulator.say("pause");
    let started = Instant::now();
    let e = read(&emulator.adapter, &quick()).expect_err("silent");
    assert_eq!(e, ObdError::NoAnswer);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "one command's wait"
    );
    assert!(e.message(Locale::Fr).contains("branché"));
}

#[test]
fn a_car_with_the_ignition_off_is_unable_to_connect() {
    // The emulator's own « engine off »: SEARCHING... for 4.5 s, then
    // UNABLE TO CONNECT.
    let emulator = Emulator::pty("engineoff");
    let e = read(&emulator.adapter, &quick()).expect_err("no car");
    assert_eq!(
        e,
        ObdError::NoCar {
            said: "UNABLE TO CONNECT".into()
        }
    );
    assert!(e.message(Locale::Fr).contains("mettez le contact"));
}

#[test]
fn a_bus_that_does_not_start() {
    for (scenario, said) in [
        ("atelier_bus_init_error", "BUS INIT: ...ERROR"),
        ("atelier_can_error", "CAN ERROR"),
    ] {
        let emulator = Emulator::tcp(scenario);
        let e = read(&emulator.adapter, &quick()).expect_err("no car");
        assert_eq!(e, ObdError::NoCar { said: said.into() }, "{scenario}");
    }
}

#[test]
fn an_adapter_that_falls_silent_keeps_what_was_read() {
    // The scenario pauses the emulator when asked for the pending codes.
    let emulator = Emulator::pty("atelier_silent");
    let started = Instant::now();
    let r = read(&emulator.adapter, &quick()).expect("the first parts were read");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "one command's wait, not one per part: {:?}",
        started.elapsed()
    );
    assert_eq!(r.stored.as_ref().map(Vec::len), Some(4), "read before");
    assert_eq!(r.pending, None);
    assert_eq!(r.vin, None, "never asked");
    assert_eq!(r.live.engine.rpm, None);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].part, Part::PendingCodes);
    assert_eq!(r.warnings[0].problem, Problem::Silent);
    assert!(r.warnings[0].message(Locale::Fr).contains("ne répond plus"));
}

#[test]
fn a_slow_adapter_stops_at_the_deadline() {
    let mut emulator = Emulator::pty("atelier_codes");
    // 0.3 s before each answer: about 8 s for the whole read.
    emulator.say("delay 0.3");
    let options = Options {
        deadline: Duration::from_secs(5),
        ..quick()
    };
    let started = Instant::now();
    let r = read(&emulator.adapter, &options).expect("what fitted in the time");
    let took = started.elapsed();
    assert!(took < Duration::from_millis(5_300), "{took:?}");
    let last = r.warnings.last().expect("a warning");
    assert_eq!(last.problem, Problem::Deadline, "{:?}", r.warnings);
    assert!(r.status.is_some(), "the first parts fitted");
    assert_eq!(r.vin, None, "the last did not");
}

//! Reading cars through the real ELM327 emulator, on a pseudo-terminal as
//! a USB or Bluetooth adapter appears, and over TCP as a Wi-Fi one: codes
//! stored, pending or none, the warning light and monitors, the freeze
//! frame, live values, the VIN; then clearing the codes.

mod emulator;

use std::time::{Duration, Instant};

use atelier_obd::{Ignition, Locale, Monitor, ObdError, Options, Reading, clear_codes, read};
use emulator::Emulator;

fn quick() -> Options {
    Options {
        command: Duration::from_secs(2),
        search: Duration::from_secs(8),
        deadline: Duration::from_secs(30),
        ..Options::default()
    }
}

fn names(codes: Option<&Vec<atelier_obd::Code>>) -> Vec<String> {
    codes
        .expect("the codes were read")
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn read_ok(emulator: &Emulator) -> Reading {
    read(&emulator.adapter, &quick())
        .unwrap_or_else(|e| panic!("{}\n{}", e.message(Locale::En), emulator.log()))
}

#[test]
fn a_car_with_its_light_on_gives_its_codes_freeze_frame_and_vin() {
    let emulator = Emulator::pty("atelier_codes");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(
        names(r.stored.as_ref()),
        ["P0143", "P0300", "P0171", "P0172"],
        "four codes, over two CAN frames"
    );
    assert_eq!(names(r.pending.as_ref()), ["P0420"]);
    let status = r.status.expect("PID 01");
    assert!(status.mil_on);
    assert_eq!(status.code_count, 4);
    assert_eq!(status.ignition, Ignition::Spark);
    let incomplete: Vec<Monitor> = status
        .monitors
        .iter()
        .filter(|m| !m.complete)
        .map(|m| m.monitor)
        .collect();
    assert_eq!(incomplete, [Monitor::EvaporativeSystem]);

    let ff = r.freeze_frame.expect("a freeze frame");
    assert_eq!(ff.code.as_str(), "P0143");
    assert_eq!(ff.engine.rpm, Some(1000.0));
    assert_eq!(ff.engine.coolant_celsius, Some(50));
    assert_eq!(ff.engine.speed_kmh, Some(0));
    assert_eq!(ff.engine.load_percent, Some(50.2));
    assert_eq!(ff.engine.short_trim_percent, Some(-6.25));
    assert_eq!(ff.engine.long_trim_percent, Some(6.25));

    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
    assert_eq!(r.adapter.as_deref(), Some("ELM327 v1.5"));
    let protocol = r.protocol.expect("ATDPN");
    assert!(protocol.is_can() && protocol.automatic);
    assert!(r.battery_volts.is_some_and(|v| (12.0..15.0).contains(&v)));
    // The emulator's own car gives these live values first.
    assert_eq!(r.live.engine.rpm, Some(1303.75));
    assert_eq!(r.live.engine.coolant_celsius, Some(55));
    assert_eq!(r.live.engine.speed_kmh, Some(10));
    assert_eq!(r.live.module_volts, Some(14.667));
    assert!(r.live.engine.short_trim_percent.is_some());
    assert!(r.live.engine.long_trim_percent.is_some());
}

#[test]
fn a_diesel_with_a_pending_code_and_nothing_stored() {
    let emulator = Emulator::pty("atelier_pending");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(names(r.stored.as_ref()), Vec::<String>::new());
    assert_eq!(names(r.pending.as_ref()), ["P0171"]);
    let status = r.status.expect("PID 01");
    assert!(!status.mil_on);
    assert_eq!(status.ignition, Ignition::Compression);
    assert!(
        status
            .monitors
            .iter()
            .any(|m| m.monitor == Monitor::ParticulateFilter && !m.complete),
        "the DPF has not finished its test: {status:?}"
    );
    assert_eq!(r.freeze_frame, None, "00 00 is no freeze frame");
}

#[test]
fn a_car_with_no_codes() {
    let emulator = Emulator::pty("atelier_none");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.stored, Some(Vec::new()), "read, and none");
    assert_eq!(r.pending, Some(Vec::new()));
    assert!(!r.status.expect("PID 01").mil_on);
    assert_eq!(r.freeze_frame, None);
}

#[test]
fn the_emulators_own_car_searches_its_protocol_first() {
    // The shipped scenario: SEARCHING... for 1.5 s, then the answers of a
    // Toyota with no codes, whose mode 02 PIDs are refused (7F 02 12).
    let emulator = Emulator::pty("car");
    let r = read_ok(&emulator);
    assert_eq!(r.stored, Some(Vec::new()));
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("WP0ZZZ99ZTS390000")
    );
    assert_eq!(r.freeze_frame, None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_car_of_the_older_lines_gives_its_vin_in_five_pieces() {
    // ISO 9141-2: headers and checksums around each line, no ISO-TP, codes
    // three to a message without a count.
    let emulator = Emulator::pty("atelier_iso9141");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let protocol = r.protocol.expect("ATDPN");
    assert_eq!((protocol.number, protocol.is_can()), ('3', false));
    assert_eq!(names(r.stored.as_ref()), ["P0143", "P0300", "P0171"]);
    assert_eq!(r.pending, Some(Vec::new()));
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1BB05CF12345678")
    );
    let ff = r.freeze_frame.expect("a freeze frame");
    assert_eq!((ff.code.as_str(), ff.engine.rpm), ("P0143", Some(1000.0)));
    assert_eq!(
        ff.engine.load_percent, None,
        "not kept: NO DATA, no warning"
    );
    assert_eq!(r.live.engine.coolant_celsius, Some(83));
    assert_eq!(r.live.engine.rpm, Some(800.0));
    assert_eq!(r.live.engine.speed_kmh, Some(0));
    assert_eq!(r.live.module_volts, None, "PID 42 not declared, not asked");
}

#[test]
fn a_wifi_adapter_is_read_over_tcp() {
    let emulator = Emulator::tcp("atelier_codes");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(names(r.stored.as_ref()).len(), 4);
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
}

#[test]
fn clearing_the_codes_puts_the_light_out() {
    let emulator = Emulator::pty("atelier_codes");
    clear_codes(&emulator.adapter, &quick()).expect("cleared");
    let after = read_ok(&emulator);
    assert_eq!(after.stored, Some(Vec::new()));
    assert_eq!(after.pending, Some(Vec::new()));
    let status = after.status.expect("PID 01");
    assert!(!status.mil_on);
    assert!(
        status.monitors.iter().any(|m| !m.complete),
        "the monitors start again"
    );
}

#[test]
fn a_car_whose_engine_runs_refuses_to_clear() {
    let emulator = Emulator::pty("atelier_engine_running");
    let e = clear_codes(&emulator.adapter, &quick()).expect_err("refused");
    assert_eq!(
        e,
        ObdError::ClearRefused {
            code: Some(0x22),
            said: "7E8 03 7F 04 22".into()
        }
    );
    assert!(e.message(Locale::Fr).contains("moteur arrêté"));
    let still = read_ok(&emulator);
    assert_eq!(names(still.stored.as_ref()).len(), 4, "nothing was cleared");
}

#[test]
fn a_read_is_quick() {
    let emulator = Emulator::pty("atelier_codes");
    let started = Instant::now();
    let r = read_ok(&emulator);
    let took = started.elapsed();
    assert!(r.warnings.is_empty());
    // The bench (benches/read.rs) measures it; the emulator's ATDPN alone
    // takes 0.5 s.
    assert!(took < Duration::from_secs(3), "a full read took {took:?}");
}

#[test]
fn the_json_of_a_reading_names_every_part() {
    let emulator = Emulator::pty("atelier_codes");
    let r = read_ok(&emulator);
    let json = serde_json::to_value(&r).expect("JSON");
    assert_eq!(json["stored"][0], "P0143");
    assert_eq!(json["freeze_frame"]["code"], "P0143");
    assert_eq!(json["freeze_frame"]["rpm"], 1000.0);
    assert_eq!(json["status"]["monitors"][0]["monitor"], "misfire");
    assert_eq!(json["protocol"]["number"], "6");
    assert_eq!(json["vin"], "VF1RFB00X56789012");
    assert!(json["warnings"].as_array().is_some_and(Vec::is_empty));
}

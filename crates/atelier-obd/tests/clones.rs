//! What cheap clone adapters do, played by the real emulator (its
//! scenarios in `emulator/atelier_scenarios.py`, its console's `timer`):
//! the reader copes, warns about what it could not read, and makes
//! nothing up.

mod emulator;

use std::time::Duration;

use atelier_obd::{Locale, Options, Part, Problem, Reading, Warning, read};
use emulator::Emulator;

fn quick() -> Options {
    Options {
        command: Duration::from_secs(2),
        search: Duration::from_secs(8),
        deadline: Duration::from_secs(30),
        ..Options::default()
    }
}

fn read_ok(emulator: &Emulator) -> Reading {
    read(&emulator.adapter, &quick())
        .unwrap_or_else(|e| panic!("{}\n{}", e.message(Locale::En), emulator.log()))
}

fn stored(r: &Reading) -> Vec<String> {
    r.stored
        .as_ref()
        .expect("the stored codes were read")
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn warning(r: &Reading, part: Part) -> &Warning {
    r.warnings
        .iter()
        .find(|w| w.part == part)
        .unwrap_or_else(|| panic!("no warning about {part:?}: {:?}", r.warnings))
}

#[test]
fn an_echo_that_stays_on_after_ate0_is_ignored() {
    let emulator = Emulator::pty("atelier_echo");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(stored(&r), ["P0143", "P0300", "P0171", "P0172"]);
    assert_eq!(r.adapter.as_deref(), Some("ELM327 v1.5"), "not « ATI »");
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
}

#[test]
fn headers_missing_after_ath1_are_coped_with() {
    let emulator = Emulator::pty("atelier_no_headers");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(stored(&r), ["P0143", "P0300"]);
    // Without headers the VIN comes in the ELM327's numbered layout.
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
    assert_eq!(
        r.freeze_frame.map(|f| f.code.to_string()).as_deref(),
        Some("P0143")
    );
}

#[test]
fn replies_cut_in_odd_pieces_are_put_together() {
    // The emulator's P1 timer sends each byte on its own, 1 ms apart. Over
    // TCP only: on a pseudo-terminal the emulator fsyncs after each byte,
    // which a pty refuses (EINVAL). The serial link gathers its bytes with
    // the same code.
    let mut emulator = Emulator::tcp("atelier_codes");
    emulator.say("timer P1 0.001");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(stored(&r).len(), 4);
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
}

#[test]
fn an_adapter_left_with_spaces_off_is_read_too() {
    // ATS0 kept in the emulator's presets, as an adapter another program
    // set up: `7E8100A43040143...`, `014` / `0:490201...`.
    let mut emulator = Emulator::pty("atelier_codes");
    emulator.say("emulator.presets['cmd_spaces'] = 0; emulator.counters['cmd_spaces'] = 0");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(stored(&r), ["P0143", "P0300", "P0171", "P0172"]);
    assert_eq!(
        r.vin.as_ref().map(|v| v.as_str()),
        Some("VF1RFB00X56789012")
    );
}

#[test]
fn garbage_lines_around_the_data_are_left_out() {
    let emulator = Emulator::pty("atelier_garbage");
    let r = read_ok(&emulator);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(stored(&r), ["P0143", "P0300"]);
    assert_eq!(
        r.pending
            .expect("read")
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["P0420"]
    );
    assert!(r.status.expect("PID 01").mil_on);
}

#[test]
fn what_the_adapter_says_instead_of_data_becomes_a_warning() {
    let emulator = Emulator::pty("atelier_troubles");
    let r = read_ok(&emulator);
    // The clone knows no ATWS (`?`): the reader fell back to ATZ and went on.
    assert_eq!(r.adapter.as_deref(), Some("ELM327 v1.5"));
    // `?` to ATRV: no voltage, not zero volts.
    assert_eq!(r.battery_volts, None);
    assert_eq!(
        warning(&r, Part::BatteryVoltage).problem,
        Problem::Adapter { said: "?".into() }
    );
    // Stored codes fine; pending: NO DATA is not « none ».
    assert_eq!(stored(&r).len(), 4);
    assert_eq!(r.pending, None);
    assert_eq!(warning(&r, Part::PendingCodes).problem, Problem::NoData);
    let said = |part| match &warning(&r, part).problem {
        Problem::Adapter { said } => said.clone(),
        other => panic!("{part:?}: {other:?}"),
    };
    assert_eq!(said(Part::Coolant), "CAN ERROR");
    assert_eq!(said(Part::Speed), "BUS INIT: ...ERROR");
    assert_eq!(said(Part::Rpm), "STOPPED");
    assert_eq!(said(Part::ShortTrim), "?");
    assert_eq!(said(Part::FreezeFrame), "STOPPED");
    assert_eq!(
        warning(&r, Part::LongTrim).problem,
        Problem::Refused { code: 0x12 }
    );
    assert_eq!(warning(&r, Part::Vin).problem, Problem::NoData);
    assert_eq!(r.live.engine.coolant_celsius, None);
    assert_eq!(r.live.engine.rpm, None);
    assert_eq!(r.freeze_frame, None);
    assert_eq!(r.vin, None);
    // What did answer is still there.
    assert!(r.status.is_some());
    assert_eq!(r.live.module_volts, Some(14.667));
    for w in &r.warnings {
        assert!(!w.message(Locale::Fr).is_empty() && !w.message(Locale::En).is_empty());
    }
    assert!(
        warning(&r, Part::Coolant)
            .message(Locale::Fr)
            .contains("« CAN ERROR »")
    );
}

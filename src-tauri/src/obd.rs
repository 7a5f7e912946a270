//! The bench's OBD-II adapter, read off the window's thread: atelier-obd
//! reads the car, and what it gave becomes the reading core records (the
//! codes, the lamp, the VIN; the monitors, freeze frame, live values and
//! warnings kept beside them for the report).

use atelier_core::diagnosis::readings::{CodeInput, ReadingInput};
use atelier_core::diagnosis::session::CodeState;
use atelier_domain::{AdapterAddress, Locale};
use atelier_obd::{Adapter, ObdError, Options, Reading};
use serde_json::json;

use crate::UiError;

/// The adapter an address names (core checked the address when it was
/// chosen, and kept it in canonical form; one that does not read is tried
/// as a Wi-Fi address, whose failure says what was tried).
pub fn adapter(address: &str) -> Adapter {
    address
        .parse::<AdapterAddress>()
        .map_or_else(|_| Adapter::tcp(address), |a| Adapter::from(&a))
}

/// Reads the car on a blocking thread: never the window's, never the
/// database's.
pub async fn read(address: String, locale: Locale) -> Result<Reading, UiError> {
    tauri::async_runtime::spawn_blocking(move || {
        atelier_obd::read(&adapter(&address), &Options::default())
    })
    .await
    .map_err(|_| UiError::internal(locale))?
    .map_err(|e| error(&e, locale))
}

/// Clears the car's codes (mode 04) on a blocking thread.
pub async fn clear(address: String, locale: Locale) -> Result<(), UiError> {
    tauri::async_runtime::spawn_blocking(move || {
        atelier_obd::clear_codes(&adapter(&address), &Options::default())
    })
    .await
    .map_err(|_| UiError::internal(locale))?
    .map_err(|e| error(&e, locale))
}

fn error(e: &ObdError, locale: Locale) -> UiError {
    tracing::info!(code = e.code(), "adapter refused");
    UiError {
        code: e.code(),
        message: e.message(locale),
        field: None,
        details: None,
    }
}

/// What core records of a read: the codes (stored, then pending), the
/// lamp, the VIN, and the rest as it came, with each warning said in
/// `locale`.
pub fn reading_input(r: &Reading, locale: Locale) -> ReadingInput {
    let codes = r
        .stored
        .iter()
        .flatten()
        .map(|c| (c, CodeState::Stored))
        .chain(r.pending.iter().flatten().map(|c| (c, CodeState::Pending)))
        .map(|(c, state)| CodeInput {
            code: c.as_str().to_owned(),
            state,
        })
        .collect();
    let warnings: Vec<String> = r.warnings.iter().map(|w| w.message(locale)).collect();
    ReadingInput {
        from_car: true,
        codes,
        mil: r.status.as_ref().map(|s| s.mil_on),
        vin: r.vin.as_ref().map(|v| v.as_str().to_owned()),
        mileage_km: None,
        details: Some(json!({
            "adapter": r.adapter,
            "protocol": r.protocol,
            "battery_volts": r.battery_volts,
            "status": r.status,
            "freeze_frame": r.freeze_frame,
            "live": r.live,
            "warnings": warnings,
            "stored_read": r.stored.is_some(),
            "pending_read": r.pending.is_some(),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_a_serial_port_or_a_wifi_adapter() {
        assert_eq!(adapter("/dev/ttyUSB0"), Adapter::serial("/dev/ttyUSB0"));
        assert_eq!(adapter("COM3"), Adapter::serial("COM3"));
        // Kept before core canonicalised them: still the COM port.
        assert_eq!(adapter("com4"), Adapter::serial("COM4"));
        assert_eq!(adapter(r"\\.\COM10"), Adapter::serial("COM10"));
        assert_eq!(
            adapter("192.168.0.10:35000"),
            Adapter::tcp("192.168.0.10:35000")
        );
    }
}

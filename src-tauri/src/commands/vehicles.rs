//! Vehicle commands.

use atelier_core::customers::Page;
use atelier_core::exports;
use atelier_core::journal::{self, Code};
use atelier_core::text::today;
use atelier_core::vehicles::{
    self, ListQuery, MileageReading, MileageSource, Vehicle, VehicleInput, VehiclePage,
    VehicleSummary, VinInfo,
};
use atelier_domain::{CustomerId, VehicleId};
use serde_json::Value;
use tauri::State;

use super::Written;
use crate::{AppState, UiError};

#[tauri::command]
pub async fn list_vehicles(
    state: State<'_, AppState>,
    query: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<Page<VehicleSummary>, UiError> {
    let q = ListQuery {
        query,
        limit: limit.unwrap_or_default(),
        offset: offset.unwrap_or_default(),
    };
    state.read(move |conn| vehicles::list(conn, &q)).await
}

#[tauri::command]
pub async fn vehicle_page(
    state: State<'_, AppState>,
    id: VehicleId,
) -> Result<VehiclePage, UiError> {
    state
        .read_at(move |conn, now, locale| vehicles::page(conn, id, &today(now), locale))
        .await
}

#[tauri::command]
pub async fn create_vehicle(
    state: State<'_, AppState>,
    input: VehicleInput,
) -> Result<Vehicle, UiError> {
    state
        .write(move |tx, now| vehicles::create(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn update_vehicle(
    state: State<'_, AppState>,
    id: VehicleId,
    input: VehicleInput,
) -> Result<Vehicle, UiError> {
    state
        .write(move |tx, now| vehicles::update(tx, now, id, &input))
        .await
}

#[tauri::command]
pub async fn transfer_vehicle(
    state: State<'_, AppState>,
    id: VehicleId,
    customer_id: CustomerId,
) -> Result<Vehicle, UiError> {
    state
        .write(move |tx, now| vehicles::transfer(tx, now, id, customer_id))
        .await
}

#[tauri::command]
pub async fn record_mileage(
    state: State<'_, AppState>,
    vehicle_id: VehicleId,
    km: Value,
    read_on: Option<String>,
    meter_replaced: Option<bool>,
) -> Result<MileageReading, UiError> {
    state
        .write(move |tx, now| {
            vehicles::record_mileage(
                tx,
                now,
                vehicle_id,
                &km,
                read_on.as_deref().unwrap_or_default(),
                meter_replaced.unwrap_or_default(),
                MileageSource::Manual,
            )
        })
        .await
}

#[tauri::command]
pub async fn decode_vin(state: State<'_, AppState>, vin: String) -> Result<VinInfo, UiError> {
    state
        .read_at(move |_, now, _| vehicles::decode_vin(&vin, &today(now)))
        .await
}

/// Writes the active vehicles, with their owners, as a CSV file in the export folder.
#[tauri::command]
pub async fn export_vehicles_csv(state: State<'_, AppState>) -> Result<Written, UiError> {
    let dir = state.export_dir();
    let path = state
        .write(move |tx, now| {
            let path = exports::vehicles_csv(tx, now, &dir)?;
            journal::record(
                tx,
                now,
                Code::Export,
                &format!("vehicles {}", path.display()),
            )?;
            Ok(path)
        })
        .await?;
    Ok(Written {
        path: path.display().to_string(),
    })
}

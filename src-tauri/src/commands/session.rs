//! Commands of the first run, signing in and out, users, the workshop's
//! identity and the audit trail.

use atelier_core::access::{Action, Actor, Roles};
use atelier_core::audit::{self, Entry, Filter};
use atelier_core::users::{self, SwitchUser, User, UserInput};
use atelier_core::workshop::{self, Station, StationInput, Workshop, WorkshopInput};
use atelier_domain::UserId;
use serde::Serialize;
use tauri::State;

use crate::{AppState, UiError};

/// What the frame needs to know before showing anything: is the workshop set
/// up, who is signed in, and how long until the screen locks.
#[derive(Debug, Serialize)]
pub struct SessionState {
    set_up: bool,
    user: Option<SignedIn>,
    idle_minutes: u32,
}

/// The person signed in, as the frame shows them: their roles to name them,
/// and what core lets them do, which decides the screens and buttons offered.
#[derive(Debug, Serialize)]
pub struct SignedIn {
    id: Option<UserId>,
    name: String,
    roles: Roles,
    actions: Vec<Action>,
}

impl From<Actor> for SignedIn {
    fn from(a: Actor) -> Self {
        SignedIn {
            actions: a.actions(),
            id: a.user,
            name: a.name,
            roles: a.roles,
        }
    }
}

#[tauri::command]
pub async fn session_state(state: State<'_, AppState>) -> Result<SessionState, UiError> {
    let (set_up, station) = state
        .read(|conn| Ok((users::any(conn)?, workshop::station(conn)?)))
        .await?;
    Ok(SessionState {
        set_up,
        user: state.actor().map(SignedIn::from),
        idle_minutes: station.idle_minutes,
    })
}

#[tauri::command]
pub async fn switch_users(state: State<'_, AppState>) -> Result<Vec<SwitchUser>, UiError> {
    state.read(users::switch_list).await
}

#[tauri::command]
pub async fn first_run(
    state: State<'_, AppState>,
    workshop: WorkshopInput,
    station: StationInput,
    owner: UserInput,
) -> Result<SignedIn, UiError> {
    let (owner, station) = state
        .write_at(move |tx, now, locale| {
            let owner = workshop::set_up(tx, now, locale, &workshop, &station, &owner)?;
            Ok((owner, workshop::station(tx)?))
        })
        .await?;
    state.set_idle_minutes(station.idle_minutes);
    let actor = users::actor(&owner);
    state.begin_session(actor.clone());
    Ok(actor.into())
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    login: String,
    password: String,
) -> Result<SignedIn, UiError> {
    let actor = state
        .with_db(move |db, now| users::sign_in(db, now, &login, &password))
        .await?;
    state.begin_session(actor.clone());
    Ok(actor.into())
}

#[tauri::command]
pub async fn switch_user(
    state: State<'_, AppState>,
    user: UserId,
    pin: String,
) -> Result<SignedIn, UiError> {
    let actor = state
        .with_db(move |db, now| users::switch_by_pin(db, now, user, &pin))
        .await?;
    state.begin_session(actor.clone());
    Ok(actor.into())
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<(), UiError> {
    state.lock_session();
    Ok(())
}

#[tauri::command]
pub async fn get_workshop(state: State<'_, AppState>) -> Result<Workshop, UiError> {
    let actor = state.require_actor()?;
    state
        .read(move |conn| workshop::seen_by(conn, &actor))
        .await
}

#[tauri::command]
pub async fn save_workshop(
    state: State<'_, AppState>,
    input: WorkshopInput,
) -> Result<Workshop, UiError> {
    state
        .write_at(move |tx, now, locale| workshop::save(tx, now, &input, locale))
        .await
}

#[tauri::command]
pub async fn set_workshop_logo(
    state: State<'_, AppState>,
    png: Option<Vec<u8>>,
) -> Result<Workshop, UiError> {
    state
        .write(move |tx, now| workshop::set_logo(tx, now, png.as_deref()))
        .await
}

#[tauri::command]
pub async fn get_station(state: State<'_, AppState>) -> Result<Station, UiError> {
    state.read(workshop::station).await
}

#[tauri::command]
pub async fn save_station(
    state: State<'_, AppState>,
    input: StationInput,
) -> Result<Station, UiError> {
    let saved = state
        .write(move |tx, _| workshop::save_station(tx, &input))
        .await?;
    state.set_idle_minutes(saved.idle_minutes);
    Ok(saved)
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<User>, UiError> {
    state.read(users::list).await
}

#[tauri::command]
pub async fn create_user(state: State<'_, AppState>, input: UserInput) -> Result<User, UiError> {
    state
        .write(move |tx, now| users::create(tx, now, &input))
        .await
}

#[tauri::command]
pub async fn update_user(
    state: State<'_, AppState>,
    id: UserId,
    input: UserInput,
) -> Result<User, UiError> {
    state
        .write(move |tx, now| users::update(tx, now, id, &input))
        .await
}

#[tauri::command]
pub async fn set_user_active(
    state: State<'_, AppState>,
    id: UserId,
    active: bool,
) -> Result<User, UiError> {
    state
        .write(move |tx, now| users::set_active(tx, now, id, active))
        .await
}

#[tauri::command]
pub async fn list_audit(state: State<'_, AppState>, filter: Filter) -> Result<Vec<Entry>, UiError> {
    state.read(move |conn| audit::list(conn, &filter)).await
}

#[tauri::command]
pub async fn record_history(
    state: State<'_, AppState>,
    entity: String,
    row_id: String,
) -> Result<Vec<Entry>, UiError> {
    state
        .read(move |conn| audit::of_record(conn, &entity, &row_id))
        .await
}

//! The board: who works when, what is booked, what is free, and the next
//! free slot that fits.
//!
//! Everything is computed from the resources' hours, their days off and the
//! appointments that hold a slot (requested, confirmed, arrived): nothing
//! derived is stored, so two stations always agree once synced.

use std::collections::HashMap;

use atelier_domain::{AppointmentId, ResourceId, SiteId};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::appointment::{Appointment, SELECT, Slot, from_row};
use super::resources::{Resource, ResourceKind, days_off, get_resource, list_resources};
use super::time::{add_days, format_at, parse_at, weekday};
use crate::stock::current_site;
use crate::validation::{Field, Invalid, Problem};
use crate::{Error, Result};

/// Free time shorter than this is not offered.
pub const SLOT_STEP: u32 = 15;
/// How far ahead the next free slot is looked for, in days.
pub const SEARCH_DAYS: i64 = 60;

/// What a slot collides with.
#[derive(Debug, Default)]
pub(crate) struct Check {
    pub clashes: Vec<String>,
    pub outside_hours: bool,
}

/// Whether `slot` collides with another appointment of its bay or mechanic,
/// and whether it lies outside their hours (or on a day off).
pub(crate) fn check_slot(
    conn: &Connection,
    site: SiteId,
    slot: &Slot,
    except: Option<AppointmentId>,
) -> Result<Check> {
    let mut check = Check::default();
    let (start, end) = (
        format_at(&slot.day, slot.from),
        format_at(&slot.day, slot.to),
    );
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.site_id = ?1 AND a.deleted_at IS NULL
            AND a.status IN ('requested', 'confirmed', 'arrived')
            AND a.start_at < ?3 AND a.end_at > ?2 AND a.id IS NOT ?4
            AND (a.bay_id = ?5 OR a.mechanic_id = ?6)
          ORDER BY a.start_at"
    ))?;
    let others = stmt
        .query_map(
            params![
                site.to_string(),
                start,
                end,
                except.map(|a| a.to_string()),
                slot.bay.to_string(),
                slot.mechanic.map(|m| m.to_string())
            ],
            from_row,
        )?
        .map(|r| r?)
        .collect::<Result<Vec<Appointment>>>()?;
    let bay = get_resource(conn, slot.bay)?;
    let mechanic = slot.mechanic.map(|m| get_resource(conn, m)).transpose()?;
    for other in others {
        let who = if other.bay_id == Some(slot.bay) {
            &bay.name
        } else {
            mechanic.as_ref().map_or(&bay.name, |m| &m.name)
        };
        check.clashes.push(format!(
            "{who} : {} {}–{}",
            other.customer_name,
            other.start_at.get(11..).unwrap_or_default(),
            other.end_at.get(11..).unwrap_or_default()
        ));
    }
    let off = days_off(conn, &slot.day, &slot.day)?;
    let wd = weekday(&slot.day).ok_or(Error::Corrupt("appointments.start_at"))?;
    for r in std::iter::once(&bay).chain(mechanic.as_ref()) {
        let away = off.iter().any(|d| d.resource_id == r.id);
        let within = r
            .hours_of(wd)
            .iter()
            .any(|[a, b]| *a <= slot.from && slot.to <= *b);
        if away || !within {
            check.outside_hours = true;
        }
    }
    Ok(check)
}

/// Rows of the board: one per bay, or one per mechanic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardBy {
    /// One row per bay.
    Bay,
    /// One row per mechanic (and one for appointments with none).
    Mechanic,
}

/// The planning board over some days.
#[derive(Clone, Debug, Serialize)]
pub struct Board {
    /// The days shown, `YYYY-MM-DD`.
    pub days: Vec<String>,
    /// One row per resource.
    pub rows: Vec<BoardRow>,
}

/// One bay's (or mechanic's) row.
#[derive(Clone, Debug, Serialize)]
pub struct BoardRow {
    /// The resource; `None` for the row of appointments with no mechanic.
    pub resource_id: Option<ResourceId>,
    /// Its name (empty for the row of appointments with no mechanic).
    pub name: String,
    /// Whether it still takes appointments.
    pub active: bool,
    /// Its days, as [`Board::days`].
    pub days: Vec<BoardDay>,
}

/// One resource on one day.
#[derive(Clone, Debug, Serialize)]
pub struct BoardDay {
    /// The day.
    pub day: String,
    /// Working intervals, minutes after midnight.
    pub hours: Vec<[u32; 2]>,
    /// A day off.
    pub off: bool,
    /// What is booked, by start.
    pub appointments: Vec<BoardItem>,
    /// Working time not booked, at least [`SLOT_STEP`] long.
    pub free: Vec<[u32; 2]>,
}

/// An appointment on the board.
#[derive(Clone, Debug, Serialize)]
pub struct BoardItem {
    /// The appointment.
    #[serde(flatten)]
    pub appointment: Appointment,
    /// Start, minutes after midnight.
    pub from: u32,
    /// End, minutes after midnight.
    pub to: u32,
}

/// The board of this workstation's site for `days` days from `from_day`
/// (a week view is 7, a day view 1; at most 31).
pub fn board(conn: &Connection, from_day: &str, days: u32, by: BoardBy) -> Result<Board> {
    let site = current_site(conn)?;
    let days = days.clamp(1, 31);
    let day_list: Vec<String> = (0..i64::from(days))
        .map(|n| add_days(from_day, n).ok_or(Invalid::new(Field::Day, Problem::Date)))
        .collect::<Result<_, Invalid>>()?;
    let last = day_list.last().cloned().unwrap_or_default();
    let kind = match by {
        BoardBy::Bay => ResourceKind::Bay,
        BoardBy::Mechanic => ResourceKind::Mechanic,
    };
    let items = booked(conn, site, &day_list[0], &last)?;
    let off = days_off(conn, &day_list[0], &last)?;
    let key = |a: &Appointment| match by {
        BoardBy::Bay => a.bay_id,
        BoardBy::Mechanic => a.mechanic_id,
    };
    let mut by_resource: HashMap<Option<ResourceId>, Vec<BoardItem>> = HashMap::new();
    for item in items {
        by_resource
            .entry(key(&item.appointment))
            .or_default()
            .push(item);
    }
    let mut rows = Vec::new();
    for r in list_resources(conn, Some(site), true)?
        .into_iter()
        .filter(|r| r.kind == kind)
    {
        let mine = by_resource.remove(&Some(r.id)).unwrap_or_default();
        if !r.active && mine.is_empty() {
            continue;
        }
        let away: Vec<&str> = off
            .iter()
            .filter(|d| d.resource_id == r.id)
            .map(|d| d.day.as_str())
            .collect();
        rows.push(row_of(Some(&r), &r.name, r.active, &day_list, &away, mine));
    }
    let rest: Vec<BoardItem> = by_resource.into_values().flatten().collect();
    if !rest.is_empty() {
        rows.push(row_of(None, "", true, &day_list, &[], rest));
    }
    Ok(Board {
        days: day_list,
        rows,
    })
}

fn row_of(
    r: Option<&Resource>,
    name: &str,
    active: bool,
    days: &[String],
    away: &[&str],
    mut items: Vec<BoardItem>,
) -> BoardRow {
    items.sort_by(|a, b| a.appointment.start_at.cmp(&b.appointment.start_at));
    let days = days
        .iter()
        .map(|day| {
            let off = away.contains(&day.as_str());
            let hours = match (r, off, weekday(day)) {
                (Some(r), false, Some(wd)) => r.hours_of(wd).to_vec(),
                _ => Vec::new(),
            };
            let appointments: Vec<BoardItem> = items
                .iter()
                .filter(|i| i.appointment.start_at.starts_with(day.as_str()))
                .cloned()
                .collect();
            let busy: Vec<[u32; 2]> = appointments.iter().map(|i| [i.from, i.to]).collect();
            BoardDay {
                day: day.clone(),
                free: free_of(&hours, &busy),
                hours,
                off,
                appointments,
            }
        })
        .collect();
    BoardRow {
        resource_id: r.map(|r| r.id),
        name: name.to_owned(),
        active,
        days,
    }
}

fn booked(conn: &Connection, site: SiteId, first: &str, last: &str) -> Result<Vec<BoardItem>> {
    let end = add_days(last, 1).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.site_id = ?1 AND a.deleted_at IS NULL AND a.start_at >= ?2
            AND a.start_at < ?3 AND a.status IN ('requested', 'confirmed', 'arrived')"
    ))?;
    let rows = stmt.query_map(params![site.to_string(), first, end], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let appointment = row??;
        let (Some((_, from)), Some((_, to))) = (
            parse_at(&appointment.start_at),
            parse_at(&appointment.end_at),
        ) else {
            return Err(Error::Corrupt("appointments.start_at"));
        };
        out.push(BoardItem {
            appointment,
            from,
            to,
        });
    }
    Ok(out)
}

/// `hours` minus `busy` (which may overlap each other), without the pieces
/// shorter than [`SLOT_STEP`].
pub fn free_of(hours: &[[u32; 2]], busy: &[[u32; 2]]) -> Vec<[u32; 2]> {
    let mut busy = busy.to_vec();
    busy.sort_unstable();
    let mut out = Vec::new();
    for &[a, b] in hours {
        let mut cursor = a;
        for &[x, y] in &busy {
            if y <= cursor || x >= b {
                continue;
            }
            if x > cursor {
                out.push([cursor, x.min(b)]);
            }
            cursor = cursor.max(y);
            if cursor >= b {
                break;
            }
        }
        if cursor < b {
            out.push([cursor, b]);
        }
    }
    out.retain(|[a, b]| b - a >= SLOT_STEP);
    out
}

/// A free slot found for a booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FreeSlot {
    /// Start, `YYYY-MM-DDTHH:MM`.
    pub start_at: String,
    /// End.
    pub end_at: String,
    /// The bay.
    pub bay_id: ResourceId,
    /// The bay's name.
    pub bay_name: String,
    /// The mechanic asked for, if any.
    pub mechanic_id: Option<ResourceId>,
}

/// The earliest slot of `minutes` from `from_at` on (starts on a quarter
/// hour) in the given bay — any active bay when `None` — with the given
/// mechanic free too when one is asked for; `None` if nothing fits within
/// [`SEARCH_DAYS`].
pub fn next_free_slot(
    conn: &Connection,
    from_at: &str,
    minutes: u32,
    bay: Option<ResourceId>,
    mechanic: Option<ResourceId>,
) -> Result<Option<FreeSlot>> {
    let (day0, from0) = parse_at(from_at).ok_or(Invalid::new(Field::StartAt, Problem::DateTime))?;
    if minutes == 0 {
        return Err(Invalid::new(Field::EndAt, Problem::EndBeforeStart).into());
    }
    let site = current_site(conn)?;
    let resources = list_resources(conn, Some(site), false)?;
    let bays: Vec<&Resource> = resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Bay && bay.is_none_or(|b| b == r.id))
        .collect();
    let mech = match mechanic {
        Some(m) => Some(
            resources
                .iter()
                .find(|r| r.id == m && r.kind == ResourceKind::Mechanic)
                .ok_or(Invalid::new(Field::Mechanic, Problem::ResourceInactive))?,
        ),
        None => None,
    };
    if bays.is_empty() {
        return Ok(None);
    }
    let last = add_days(&day0, SEARCH_DAYS - 1).ok_or(Invalid::new(Field::Day, Problem::Date))?;
    let mut busy: HashMap<(ResourceId, &str), Vec<[u32; 2]>> = HashMap::new();
    let items = booked(conn, site, &day0, &last)?;
    for i in &items {
        let day = i.appointment.start_at.get(..10).unwrap_or_default();
        for r in [i.appointment.bay_id, i.appointment.mechanic_id]
            .into_iter()
            .flatten()
        {
            busy.entry((r, day)).or_default().push([i.from, i.to]);
        }
    }
    let off = days_off(conn, &day0, &last)?;
    let free = |r: &Resource, day: &str, wd: usize| -> Vec<[u32; 2]> {
        if off.iter().any(|d| d.resource_id == r.id && d.day == day) {
            return Vec::new();
        }
        let taken = busy.get(&(r.id, day)).map_or(&[][..], Vec::as_slice);
        free_of(r.hours_of(wd), taken)
    };
    for n in 0..SEARCH_DAYS {
        let Some(day) = add_days(&day0, n) else { break };
        let Some(wd) = weekday(&day) else { break };
        let earliest = if n == 0 {
            from0.div_ceil(SLOT_STEP) * SLOT_STEP
        } else {
            0
        };
        let mech_free = mech.map(|m| free(m, &day, wd));
        let mut best: Option<(u32, &Resource)> = None;
        for b in &bays {
            let mut windows = free(b, &day, wd);
            if let Some(mf) = &mech_free {
                windows = intersect(&windows, mf);
            }
            let start = windows.iter().find_map(|[a, z]| {
                let s = (*a).max(earliest).div_ceil(SLOT_STEP) * SLOT_STEP;
                (s + minutes <= *z).then_some(s)
            });
            if let Some(s) = start
                && best.is_none_or(|(bs, _)| s < bs)
            {
                best = Some((s, b));
            }
        }
        if let Some((s, b)) = best {
            return Ok(Some(FreeSlot {
                start_at: format_at(&day, s),
                end_at: format_at(&day, s + minutes),
                bay_id: b.id,
                bay_name: b.name.clone(),
                mechanic_id: mech.map(|m| m.id),
            }));
        }
    }
    Ok(None)
}

fn intersect(a: &[[u32; 2]], b: &[[u32; 2]]) -> Vec<[u32; 2]> {
    let mut out = Vec::new();
    for &[x, y] in a {
        for &[u, v] in b {
            let (s, e) = (x.max(u), y.min(v));
            if s < e {
                out.push([s, e]);
            }
        }
    }
    out.sort_unstable();
    out
}

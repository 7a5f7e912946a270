//! Answers about the planning, from the queries its board reads: the
//! appointments of a day or a period (or a customer's), the next free
//! slots, the service reminders due, a vehicle's next service, who is off,
//! and the workshop's hours (its bays' working hours).

use std::collections::BTreeMap;

use super::context::{Cx, Reply};
use super::links::{self, Screen};
use super::orders::{car, car_of};
use super::resolve::{self, Need};
use crate::planning::resources::format_day_hours;
use crate::planning::time::{add_days, date, weekday};
use crate::planning::{
    Appointment, DueReminder, Resource, ResourceKind, days_off, due_reminders, due_reminders_of,
    list_resources, next_free_slot, of_customer,
};
use crate::stock::current_site;
use crate::text::fold;

/// How many days a period may span in one answer.
const MAX_DAYS: i64 = 31;
/// How far ahead reminders are looked for when no date is said: what the
/// planning screen lists.
const REMINDER_DAYS: i64 = 30;
/// A slot's length when none is said.
const SLOT_MINUTES: u32 = 60;
/// How many free slots are offered.
const SLOTS: usize = 3;
/// The most lines of a long list (reminders).
const MAX_LINES: usize = 20;

/// Every day of the period said (or today), at most [`MAX_DAYS`].
fn days(cx: &Cx<'_>) -> Vec<String> {
    let (from, to) = cx.period().unwrap_or((cx.today(), cx.today()));
    (0..MAX_DAYS)
        .map_while(|n| add_days(from, n))
        .take_while(|d| d.as_str() <= to)
        .collect()
}

/// « jeudi 19/11/2026 ».
fn day_name(cx: &Cx<'_>, day: &str) -> String {
    let wd = weekday(day).map_or("", |n| cx.w.weekdays[n]);
    format!("{wd} {}", cx.date(day))
}

/// The appointments of a day or a period — or a customer's to come —
/// neither cancelled nor missed.
pub(super) fn appointments(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let (list, text) = match s.customer.as_deref() {
        Some(name) => {
            let c = resolve::customer_named(cx, name)?;
            let (from, to) = cx.period().unwrap_or((cx.today(), "9999-12-31"));
            let mut list: Vec<Appointment> = of_customer(cx.conn, c.id)?
                .into_iter()
                .filter(|a| a.status.holds_slot())
                .filter(|a| {
                    a.start_at.as_str() >= from && a.start_at.get(..10).is_some_and(|d| d <= to)
                })
                .collect();
            list.sort_by(|a, b| a.start_at.cmp(&b.start_at));
            let text = (cx.w.appointments_of)(list.len(), &c.display_name);
            (list, text)
        }
        None => {
            let site = current_site(cx.conn)?;
            let days = days(cx);
            let mut list = Vec::new();
            for day in &days {
                list.extend(crate::planning::appointment::of_day(cx.conn, site, day)?);
            }
            let first = days.first().map_or(cx.today(), String::as_str);
            let last = days.last().map_or(cx.today(), String::as_str);
            let text = (cx.w.appointments_on)(list.len(), &cx.span(first, last));
            (list, text)
        }
    };
    let mut answer = cx.answered(text);
    for a in &list {
        let day = a.start_at.get(..10).unwrap_or_default();
        let mut text = format!(
            "{} {}–{} · {} · {}",
            day_name(cx, day),
            a.start_at.get(11..16).unwrap_or_default(),
            a.end_at.get(11..16).unwrap_or_default(),
            a.customer_name,
            car(a.vehicle_label.as_deref(), a.plate.as_deref())
        );
        if let Some(work) = a.work.as_deref() {
            text.push_str(&format!(" · {work}"));
        }
        answer = answer.line(text, Some(links::customer(a.customer_id, &a.customer_name)));
    }
    Ok(answer.link(links::screen(Screen::Planning, cx.w.planning_screen)))
}

/// Where a search for free time starts: the day said at its start, today
/// from now (when the station said what time it is), never in the past.
fn start(cx: &Cx<'_>) -> String {
    let day = cx.day().max(cx.today());
    match cx.asker.time.as_deref() {
        Some(now) if day == cx.today() => format!("{day}T{now}"),
        _ => format!("{day}T00:00"),
    }
}

/// The next free slots of the length said (an hour when none is), from
/// the day said, as the planning's « find a slot » looks for them.
pub(super) fn free_slots(cx: &Cx<'_>) -> Reply {
    let minutes = cx
        .slots()
        .duration
        .filter(|d| *d > 0)
        .unwrap_or(SLOT_MINUTES);
    let mut from = start(cx);
    let mut slots = Vec::new();
    while slots.len() < SLOTS
        && let Some(slot) = next_free_slot(cx.conn, &from, minutes, None, None)?
    {
        from.clone_from(&slot.end_at);
        slots.push(slot);
    }
    let mut answer = cx.answered((cx.w.free_slots)(
        slots.len(),
        minutes,
        cx.slots().work.as_deref(),
    ));
    for slot in &slots {
        let day = slot.start_at.get(..10).unwrap_or_default();
        let text = format!(
            "{} {}–{} · {}",
            day_name(cx, day),
            slot.start_at.get(11..16).unwrap_or_default(),
            slot.end_at.get(11..16).unwrap_or_default(),
            slot.bay_name
        );
        answer = answer.line(
            text,
            Some(links::screen(Screen::Planning, cx.w.planning_screen)),
        );
    }
    Ok(answer.link(links::screen(Screen::Planning, cx.w.planning_screen)))
}

/// Whether a reminder's rule is the kind of work said (« vidange »,
/// « distribution », « controle technique »).
fn is_work(rule: &str, work: Option<&str>) -> bool {
    work.is_none_or(|w| fold(rule).contains(w))
}

/// The service reminders due (by the end of the period said, or within
/// the next 30 days), or only the overdue ones, of a kind of work.
pub(super) fn reminders(cx: &Cx<'_>) -> Reply {
    let s = cx.slots();
    let until = cx.period().map(|(_, to)| to);
    let within = match (until.and_then(date), date(cx.today())) {
        (Some(to), Some(today)) => (to - today).whole_days().max(0),
        _ => REMINDER_DAYS,
    };
    let due: Vec<_> = due_reminders(cx.conn, cx.today(), within)?
        .into_iter()
        .filter(|r| is_work(&r.rule_name, s.work.as_deref()))
        .filter(|r| !s.overdue || r.overdue)
        .collect();
    let overdue = due.iter().filter(|r| r.overdue).count();
    let until = add_days(cx.today(), within).unwrap_or_default();
    let mut answer = cx.answered((cx.w.reminders)(
        due.len(),
        overdue,
        s.overdue,
        &cx.date(&until),
    ));
    for r in due.iter().take(MAX_LINES) {
        let label = car(r.vehicle_label.as_deref(), r.plate.as_deref());
        answer = answer.line(
            reminder(cx, r, &label),
            Some(links::vehicle(r.vehicle_id, &label)),
        );
    }
    if due.len() > MAX_LINES {
        answer = answer.line((cx.w.more)(due.len() - MAX_LINES), None);
    }
    Ok(answer.link(links::screen(Screen::Planning, cx.w.planning_screen)))
}

/// A reminder as a line: its rule, customer, car and day.
fn reminder(cx: &Cx<'_>, r: &DueReminder, car: &str) -> String {
    (cx.w.reminder)(
        &r.rule_name,
        &r.customer_name,
        car,
        &cx.date(&r.due_on),
        r.overdue,
    )
}

/// When a vehicle's next services fall (of the kind said, or each rule's).
pub(super) fn next_service(cx: &Cx<'_>) -> Reply {
    let subject = resolve::subject(cx, Need::Vehicle)?;
    let Some(v) = subject.vehicle else {
        return Err(cx.invalid(cx.w.which_car.to_owned()));
    };
    let label = car_of(&v);
    // Far enough ahead for every rule's next date: a timing belt's 5 years.
    let due: Vec<_> = due_reminders_of(cx.conn, v.id, cx.today(), 3_660)?
        .into_iter()
        .filter(|r| is_work(&r.rule_name, cx.slots().work.as_deref()))
        .collect();
    let text = match due.first() {
        Some(r) => (cx.w.next_service)(&label, &r.rule_name, &cx.date(&r.due_on), r.overdue),
        None => (cx.w.no_service_due)(&label),
    };
    let mut answer = cx.answered(text);
    for r in &due {
        answer = answer.line(reminder(cx, r, &label), Some(links::vehicle(v.id, &label)));
    }
    Ok(answer.link(links::vehicle(v.id, &label)))
}

/// The active bays, or mechanics, of this workstation's site.
fn of_kind(cx: &Cx<'_>, kind: ResourceKind) -> crate::Result<Vec<Resource>> {
    Ok(list_resources(cx.conn, None, false)?
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect())
}

/// The bays' hours of each weekday together (Monday 0): when the workshop
/// is open.
fn workshop_hours(cx: &Cx<'_>) -> crate::Result<Vec<Vec<[u32; 2]>>> {
    let bays = of_kind(cx, ResourceKind::Bay)?;
    Ok((0..7)
        .map(|wd| {
            let mut all: Vec<[u32; 2]> =
                bays.iter().flat_map(|b| b.hours_of(wd).to_vec()).collect();
            all.sort_unstable();
            let mut merged: Vec<[u32; 2]> = Vec::new();
            for [a, b] in all {
                match merged.last_mut() {
                    Some(last) if a <= last[1] => last[1] = last[1].max(b),
                    _ => merged.push([a, b]),
                }
            }
            merged
        })
        .collect())
}

/// The workshop's hours: of the day said, or of each weekday.
pub(super) fn opening_hours(cx: &Cx<'_>) -> Reply {
    let week = workshop_hours(cx)?;
    if week.iter().all(Vec::is_empty) {
        return Ok(cx.answered(cx.w.no_hours.to_owned()));
    }
    let hours = |h: &[[u32; 2]]| {
        if h.is_empty() {
            cx.w.closed.to_owned()
        } else {
            format_day_hours(h)
        }
    };
    let Some((from, _)) = cx.period() else {
        let mut answer = cx.answered(cx.w.opening_hours.to_owned());
        for (wd, h) in week.iter().enumerate() {
            answer = answer.line((cx.w.day_hours)(cx.w.weekdays[wd], &hours(h)), None);
        }
        return Ok(answer);
    };
    // The bays all off that day (a bank holiday) close the workshop.
    let bays = of_kind(cx, ResourceKind::Bay)?.len();
    let off = days_off(cx.conn, from, from)?.len();
    let today = weekday(from).map_or(&[][..], |wd| week[wd].as_slice());
    let text = if today.is_empty() || off >= bays {
        (cx.w.closed_on)(&day_name(cx, from))
    } else {
        (cx.w.open_on)(&day_name(cx, from), &format_day_hours(today))
    };
    Ok(cx.answered(text))
}

/// Who is off on the day or period said (today when none is): the
/// mechanics' days off, and those who do not work that weekday while the
/// workshop is open.
pub(super) fn absent(cx: &Cx<'_>) -> Reply {
    let days = days(cx);
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Ok(cx.answered(String::new()));
    };
    let mechanics = of_kind(cx, ResourceKind::Mechanic)?;
    let off = days_off(cx.conn, first, last)?;
    let week = workshop_hours(cx)?;
    let mut away: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for day in &days {
        let wd = weekday(day).unwrap_or(0);
        for m in &mechanics {
            let why = if let Some(d) = off.iter().find(|d| d.resource_id == m.id && &d.day == day) {
                Some(d.reason.clone().unwrap_or_else(|| cx.w.day_off.to_owned()))
            } else if m.hours_of(wd).is_empty() && !week[wd].is_empty() {
                Some(cx.w.rest_day.to_owned())
            } else {
                None
            };
            if let Some(why) = why {
                away.entry(day.clone())
                    .or_default()
                    .push(format!("{} ({why})", m.name));
            }
        }
    }
    let span = cx.span(first, last);
    let count: usize = away.values().map(Vec::len).sum();
    let mut answer = cx.answered((cx.w.absent)(count, &span));
    for (day, who) in &away {
        answer = answer.line(format!("{} · {}", day_name(cx, day), who.join(", ")), None);
    }
    Ok(answer.link(links::screen(Screen::Planning, cx.w.planning_screen)))
}

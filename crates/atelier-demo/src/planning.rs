//! The demo workshop's planning: bays, mechanics with their hours, a week
//! of appointments with free time left between them, and the usual
//! reminder rules.

use atelier_domain::Locale;

use atelier_core::planning::time::{add_days, date, day_str, format_at};
use atelier_core::planning::{
    AppointmentInput, ResourceInput, add_day_off, add_default_rules, book, create_resource,
};
use atelier_core::{Db, Result};

/// What the planning generator made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanningSummary {
    /// Bays created.
    pub bays: u32,
    /// Appointments booked.
    pub appointments: u32,
}

/// The Monday of the week of `day` (YYYY-MM-DD).
pub fn monday_of(day: &str) -> Option<String> {
    let d = date(day)?;
    add_days(
        &day_str(d),
        -i64::from(d.weekday().number_days_from_monday()),
    )
}

/// Gives the workshop `bays` bays (one mechanic per bay for the first two,
/// the demo mechanic account on the first), and books up to `count`
/// appointments from `monday` to Friday, back to back with a `gap` after
/// every third so free time shows; the lunch break is kept.
pub fn add_planning(
    db: &mut Db,
    now_ms: u64,
    monday: &str,
    bays: u32,
    count: u32,
    durations: &[u32],
    gap: u32,
) -> Result<PlanningSummary> {
    db.write(|tx| {
        let mechanic_user: Option<String> = tx
            .query_row(
                "SELECT id FROM users WHERE roles & 4 = 4 AND active = 1 ORDER BY created_at LIMIT 1",
                [],
                |r| r.get(0),
            )
            .ok();
        let mut bay_ids = Vec::new();
        for n in 1..=bays {
            let bay = create_resource(
                tx,
                now_ms,
                None,
                &ResourceInput {
                    kind: Some("bay".into()),
                    name: Some(format!("Pont {n}")),
                    position: Some(i64::from(n)),
                    ..ResourceInput::default()
                },
            )?;
            bay_ids.push(bay.id);
        }
        let mut mechanics = Vec::new();
        for (n, (name, user, hours)) in [
            ("Karim", mechanic_user.clone(), None),
            (
                "Lucas",
                None,
                Some(vec![
                    String::new(),
                    "08:00-12:00, 13:30-17:00".into(),
                    "08:00-12:00, 13:30-17:00".into(),
                    "08:00-12:00, 13:30-17:00".into(),
                    "08:00-12:00, 13:30-17:00".into(),
                    "08:00-12:00".into(),
                    String::new(),
                ]),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let m = create_resource(
                tx,
                now_ms,
                None,
                &ResourceInput {
                    kind: Some("mechanic".into()),
                    name: Some(name.into()),
                    user_id: user,
                    week_hours: hours,
                    position: Some(n as i64),
                },
            )?;
            mechanics.push(m.id);
        }
        if let (Some(last), Some(wednesday)) = (bay_ids.last(), add_days(monday, 2))
            && bays > 2
        {
            let last = last.to_string();
            add_day_off(tx, now_ms, &last, &wednesday, Some("Révision du pont"))?;
        }
        add_default_rules(tx, now_ms, Locale::Fr)?;
        let mut cars = tx.prepare(
            "SELECT v.id, v.customer_id FROM vehicles v JOIN customers c ON c.id = v.customer_id
              WHERE v.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY v.rowid LIMIT ?1",
        )?;
        let cars: Vec<(String, String)> = cars
            .query_map([count], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut summary = PlanningSummary {
            bays,
            appointments: 0,
        };
        if cars.is_empty() || durations.is_empty() {
            return Ok(summary);
        }
        let works = ["Vidange + filtre", "Freins avant", "Diagnostic bruit", "Pneus x4", "Révision"];
        let mut n = 0usize;
        'days: for d in 0..5 {
            let Some(day) = add_days(monday, d) else { break };
            for (b, bay) in bay_ids.iter().enumerate() {
                if bays > 2 && d == 2 && b + 1 == bay_ids.len() {
                    continue;
                }
                let mut cursor = 480;
                let mut k = 0;
                loop {
                    let length = durations[(n + b) % durations.len()];
                    if cursor < 720 && cursor + length > 720 {
                        cursor = 810;
                    }
                    if cursor + length > 1080 {
                        break;
                    }
                    if summary.appointments >= count {
                        break 'days;
                    }
                    let (vehicle, customer) = &cars[n % cars.len()];
                    let input = AppointmentInput {
                        customer_id: Some(customer.clone()),
                        vehicle_id: Some(vehicle.clone()),
                        start_at: Some(format_at(&day, cursor)),
                        duration_min: Some(length),
                        bay_id: Some(bay.to_string()),
                        mechanic_id: mechanics.get(b).map(ToString::to_string),
                        work: Some(works[n % works.len()].into()),
                        ..AppointmentInput::default()
                    };
                    book(tx, now_ms, &input, true)?;
                    summary.appointments += 1;
                    n += 1;
                    k += 1;
                    cursor += length;
                    if gap > 0 && k % 3 == 0 {
                        cursor += gap;
                    }
                }
            }
        }
        Ok(summary)
    })
}

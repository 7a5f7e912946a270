//! The dashboard (Accueil): one read answering every panel a person's roles
//! show. A panel their roles do not see is `None`, and so is a panel whose
//! source does not exist yet: the screen shows neither.

use atelier_domain::{Money, SiteId};
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Result;
use crate::access::{Action, Actor, Role};
use crate::invoices::Ageing;
use crate::invoices::reports::unpaid_at;
use crate::orders::bench::{BenchJob, bench_jobs};
use crate::stock::{current_site, list_sites, low_stock};

/// Everything the dashboard shows to one person, as of one day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dashboard {
    /// The day (YYYY-MM-DD).
    pub today: String,
    /// The site this workstation stands in: what the front desk panel counts.
    pub site_id: SiteId,
    /// For the front desk and the owner.
    pub front_desk: Option<FrontDesk>,
    /// For a mechanic.
    pub mechanic: Option<MechanicPanel>,
    /// For the owner.
    pub owner: Option<OwnerPanel>,
}

/// An appointment of the day, as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppointmentToday {
    /// Start time (HH:MM).
    pub at: String,
    /// Who is coming.
    pub customer_name: String,
    /// With which car.
    pub plate: Option<String>,
}

/// How many orders stand at one status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    /// The status (`accepted`, `in_progress`, `waiting_parts`, `done`).
    pub status: String,
    /// How many orders.
    pub count: u32,
}

/// Invoices with money left, and what they owe.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Owed {
    /// How many.
    pub count: u32,
    /// What they still owe.
    pub total: Money,
}

/// The front desk's panel, for this workstation's site.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontDesk {
    /// Today's appointments at this site, by time, neither cancelled nor
    /// missed ([`crate::planning::appointments::of_day`]); always `Some`,
    /// empty on a day without any.
    pub appointments_today: Option<Vec<AppointmentToday>>,
    /// Cars in the workshop: accepted, in progress, waiting for parts, done
    /// (ready to invoice), each status listed.
    pub in_workshop: Vec<StatusCount>,
    /// Estimates not yet signed, and orders with a supplement awaiting the
    /// customer's approval.
    pub awaiting_approval: u32,
    /// Orders waiting for parts.
    pub waiting_parts: u32,
    /// Invoices not fully paid.
    pub unpaid: Owed,
    /// Of which past their due date.
    pub overdue: Owed,
    /// Parts whose stock plus what is on order is below their reorder point.
    pub low_stock: u32,
}

/// A mechanic's panel: their jobs today, as the bench lists them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MechanicPanel {
    /// The jobs.
    pub jobs: Vec<BenchJob>,
}

/// One site's day and month for the owner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteToday {
    /// The site.
    pub site_id: SiteId,
    /// Its name.
    pub name: String,
    /// Revenue HT today.
    pub today_net: Money,
    /// Revenue TTC today.
    pub today_gross: Money,
    /// Revenue HT from the first of the month to today.
    pub month_net: Money,
    /// Revenue TTC likewise.
    pub month_gross: Money,
    /// When each of the site's stations last synced, as the server last
    /// described them; `None` on a workstation not enrolled for sync (the
    /// column is not shown).
    pub stations: Option<Vec<StationSync>>,
}

/// A station's last sync, as the owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StationSync {
    /// The station's name.
    pub station: String,
    /// When it last synced (Unix ms), `None` for never.
    pub last_sync_ms: Option<u64>,
}

/// The owner's panel: every site's revenue today and month to date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerPanel {
    /// Each site, the main one first.
    pub sites: Vec<SiteToday>,
    /// All sites together (`site_id` is this workstation's, `name` empty).
    pub total: SiteToday,
    /// The ratings at or below the owner's threshold of the last
    /// [`LOW_RATINGS_DAYS`] days, newest first.
    pub low_ratings: Vec<crate::satisfaction::Rating>,
}

/// How far back the owner's panel flags low ratings.
pub const LOW_RATINGS_DAYS: i64 = 30;

/// The dashboard of `actor` on `today` (YYYY-MM-DD).
pub fn dashboard(conn: &Connection, actor: &Actor, today: &str) -> Result<Dashboard> {
    let site = current_site(conn)?;
    let front_desk = if actor.may(Action::Invoices) {
        Some(front_desk(conn, site, today)?)
    } else {
        None
    };
    let mechanic = if actor.roles.has(Role::Mechanic) {
        Some(MechanicPanel {
            jobs: bench_jobs(conn, actor, today)?,
        })
    } else {
        None
    };
    let owner = if actor.may(Action::Reports) {
        Some(owner(conn, site, today)?)
    } else {
        None
    };
    Ok(Dashboard {
        today: today.to_owned(),
        site_id: site,
        front_desk,
        mechanic,
        owner,
    })
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn front_desk(conn: &Connection, site: SiteId, today: &str) -> Result<FrontDesk> {
    let site_text = site.to_string();
    let mut in_workshop: Vec<StatusCount> = ["accepted", "in_progress", "waiting_parts", "done"]
        .iter()
        .map(|s| StatusCount {
            status: (*s).to_owned(),
            count: 0,
        })
        .collect();
    let mut estimates = 0;
    let mut stmt = conn.prepare_cached(
        "SELECT status, COUNT(*) FROM orders
          WHERE deleted_at IS NULL AND site_id = ?1
            AND status IN ('estimate', 'accepted', 'in_progress', 'waiting_parts', 'done')
          GROUP BY status",
    )?;
    let rows = stmt.query_map([&site_text], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (status, n) = row?;
        if status == "estimate" {
            estimates = count(n);
        } else if let Some(s) = in_workshop.iter_mut().find(|s| s.status == status) {
            s.count = count(n);
        }
    }
    let supplements: i64 = conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT s.order_id) FROM order_supplements s
               JOIN orders o ON o.id = s.order_id
              WHERE s.status = 'pending' AND s.deleted_at IS NULL AND o.deleted_at IS NULL
                AND o.site_id = ?1 AND o.status IN ('accepted', 'in_progress', 'waiting_parts')",
        )?
        .query_row([&site_text], |r| r.get(0))?;
    let owed = unpaid_at(conn, None, Some(site), today)?;
    let mut overdue = Owed::default();
    for b in owed.buckets.iter().filter(|b| b.ageing != Ageing::NotDue) {
        overdue.count += b.count;
        overdue.total = Money::from_cents(overdue.total.cents() + b.total.cents());
    }
    let appointments = crate::planning::appointments::of_day(conn, site, today)?
        .into_iter()
        .map(|a| AppointmentToday {
            at: a.start_at.get(11..16).unwrap_or_default().to_owned(),
            customer_name: a.customer_name,
            plate: a.plate,
        })
        .collect();
    Ok(FrontDesk {
        appointments_today: Some(appointments),
        waiting_parts: in_workshop
            .iter()
            .find(|s| s.status == "waiting_parts")
            .map_or(0, |s| s.count),
        in_workshop,
        awaiting_approval: estimates + count(supplements),
        unpaid: Owed {
            count: count(owed.invoices.len() as i64),
            total: owed.total,
        },
        overdue,
        low_stock: count(low_stock(conn, Some(site))?.len() as i64),
    })
}

fn owner(conn: &Connection, here: SiteId, today: &str) -> Result<OwnerPanel> {
    let month_start = format!("{}-01", today.get(..7).unwrap_or(today));
    let mut sites: Vec<SiteToday> = list_sites(conn)?
        .into_iter()
        .map(|s| SiteToday {
            site_id: s.id,
            name: s.name,
            today_net: Money::ZERO,
            today_gross: Money::ZERO,
            month_net: Money::ZERO,
            month_gross: Money::ZERO,
            stations: None,
        })
        .collect();
    if crate::sync::enrolment(conn)?.is_some() {
        for s in &mut sites {
            let at = crate::sync::stations_at(conn, s.site_id)?;
            s.stations = Some(
                at.into_iter()
                    .map(|st| StationSync {
                        station: st.name,
                        last_sync_ms: st.last_sync_ms.and_then(|ms| u64::try_from(ms).ok()),
                    })
                    .collect(),
            );
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT site_id, SUM(CASE WHEN issued_on = ?2 THEN net_cents ELSE 0 END),
                SUM(CASE WHEN issued_on = ?2 THEN gross_cents ELSE 0 END),
                SUM(net_cents), SUM(gross_cents)
           FROM invoice_figures WHERE issued_on BETWEEN ?1 AND ?2 GROUP BY site_id",
    )?;
    let rows = stmt.query_map(params![month_start, today], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut total = SiteToday {
        site_id: here,
        name: String::new(),
        today_net: Money::ZERO,
        today_gross: Money::ZERO,
        month_net: Money::ZERO,
        month_gross: Money::ZERO,
        stations: None,
    };
    let add = |m: &mut Money, c: i64| *m = Money::from_cents(m.cents() + c);
    for row in rows {
        let (site, tn, tg, mn, mg) = row?;
        for s in [
            sites.iter_mut().find(|s| s.site_id.to_string() == site),
            Some(&mut total),
        ]
        .into_iter()
        .flatten()
        {
            add(&mut s.today_net, tn);
            add(&mut s.today_gross, tg);
            add(&mut s.month_net, mn);
            add(&mut s.month_gross, mg);
        }
    }
    let since = crate::planning::time::add_days(today, -LOW_RATINGS_DAYS)
        .and_then(|d| crate::text::day_start_ms(&d))
        .unwrap_or(0);
    let low_ratings = crate::satisfaction::low_ratings(conn, since.unsigned_abs())?;
    Ok(OwnerPanel {
        sites,
        total,
        low_ratings,
    })
}

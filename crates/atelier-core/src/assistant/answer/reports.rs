//! Answers from the owner's reports — revenue, productivity, VAT, parts
//! used — over the period said (this month when none is), as the reports
//! screen asks for them, and the day at a glance from the dashboard each
//! person's home screen shows.

use atelier_domain::Quantity;

use super::context::{Cx, Reply, Stop};
use super::links::{self, Screen};
use crate::pages::dashboard::dashboard;
use crate::reports::{self, Period, Preset, ReportQuery, Scope};
use crate::text::fold;

/// The scope of the period said, or of this month; all sites.
fn scope(cx: &Cx<'_>) -> Result<Scope, Stop> {
    let (from, to) = match cx.period() {
        Some((from, to)) => (from.to_owned(), to.to_owned()),
        None => {
            let p = Period::preset(Preset::ThisMonth, cx.today())?;
            (p.from, p.to)
        }
    };
    let query = ReportQuery {
        preset: Some(Preset::Custom),
        from: Some(from),
        to: Some(to),
        ..ReportQuery::default()
    };
    Ok(Scope::of(&query, cx.today())?)
}

fn span(cx: &Cx<'_>, scope: &Scope) -> String {
    cx.span(&scope.period.from, &scope.period.to)
}

fn hours(cx: &Cx<'_>, q: Quantity) -> String {
    (cx.w.hours)(&q.format(cx.locale()))
}

/// Revenue over the period: HT and TTC, invoices, and its split.
pub(super) fn revenue(cx: &Cx<'_>) -> Reply {
    let scope = scope(cx)?;
    let r = reports::revenue(cx.conn, &scope)?;
    let t = &r.total;
    let text = (cx.w.revenue)(
        &span(cx, &scope),
        &cx.money(t.net),
        &cx.money(t.gross),
        t.invoices,
    );
    let reports = links::screen(Screen::Reports, cx.w.reports_screen);
    let lines = [
        (cx.w.labour)(&cx.money(t.labour)),
        (cx.w.parts)(&cx.money(t.parts)),
        (cx.w.other)(&cx.money(t.other)),
        (cx.w.average_order)(r.repair_orders, &cx.money(r.average_order)),
    ];
    let mut answer = cx.answered(text);
    for line in lines {
        answer = answer.line(line, Some(reports.clone()));
    }
    Ok(answer.link(reports))
}

/// Hours billed over hours clocked, everyone's and each mechanic's (or the
/// one named).
pub(super) fn productivity(cx: &Cx<'_>) -> Reply {
    let scope = scope(cx)?;
    let p = reports::productivity(cx.conn, &scope, cx.asker.now_ms)?;
    let named = cx.slots().mechanic.as_deref();
    let rows: Vec<_> = p
        .mechanics
        .iter()
        .filter(|m| named.is_none_or(|n| fold(&m.name).split(' ').next() == Some(n)))
        .collect();
    let whole = match (named, rows.as_slice()) {
        (Some(_), [one]) => *one,
        _ => &p.total,
    };
    let efficiency = whole.efficiency.map(|r| (cx.w.percent)(r.bp()));
    let text = (cx.w.productivity)(
        &span(cx, &scope),
        named.and(rows.first().map(|m| m.name.as_str())),
        efficiency.as_deref(),
        &hours(cx, whole.billed),
        &hours(cx, whole.clocked),
    );
    let reports = links::screen(Screen::Reports, cx.w.reports_screen);
    let mut answer = cx.answered(text);
    for m in rows {
        let efficiency = m.efficiency.map(|r| (cx.w.percent)(r.bp()));
        let text = (cx.w.mechanic_hours)(
            &m.name,
            &hours(cx, m.billed),
            &hours(cx, m.clocked),
            efficiency.as_deref(),
            m.jobs_done,
        );
        answer = answer.line(text, Some(reports.clone()));
    }
    Ok(answer.link(reports))
}

/// VAT collected over the period, rate by rate.
pub(super) fn vat(cx: &Cx<'_>) -> Reply {
    let scope = scope(cx)?;
    let v = reports::vat(cx.conn, &scope)?;
    let reports = links::screen(Screen::Reports, cx.w.reports_screen);
    let mut answer = cx.answered((cx.w.vat)(
        &span(cx, &scope),
        &cx.money(v.tax),
        &cx.money(v.net),
    ));
    for r in &v.rates {
        let text = (cx.w.vat_rate)(
            &r.rate.format(cx.locale()),
            &cx.money(r.tax),
            &cx.money(r.net),
        );
        answer = answer.line(text, Some(reports.clone()));
    }
    Ok(answer.link(reports))
}

/// The parts used most over the period.
pub(super) fn parts(cx: &Cx<'_>) -> Reply {
    let scope = scope(cx)?;
    let p = reports::parts(cx.conn, &scope)?;
    let mut answer = cx.answered((cx.w.parts_used)(
        &span(cx, &scope),
        p.top_used.len().min(10),
    ));
    for u in p.top_used.iter().take(10) {
        let text = format!(
            "{} · {} · {}",
            u.reference,
            u.description,
            u.used.format(cx.locale())
        );
        answer = answer.line(text, Some(links::part(u.part_id, &u.reference)));
    }
    Ok(answer.link(links::screen(Screen::Reports, cx.w.reports_screen)))
}

/// The day at a glance: the home screen's panels the person sees.
pub(super) fn day(cx: &Cx<'_>) -> Reply {
    let day = cx.day();
    let d = dashboard(cx.conn, &cx.asker.actor, day)?;
    let home = links::screen(Screen::Home, cx.w.home_screen);
    let mut answer = cx.answered((cx.w.summary)(&cx.date(day)));
    if let Some(f) = &d.front_desk {
        let appointments = f.appointments_today.as_ref().map_or(0, Vec::len);
        let cars: u32 = f.in_workshop.iter().map(|s| s.count).sum();
        let lines = [
            (cx.w.summary_appointments)(appointments),
            (cx.w.summary_cars)(cars, f.waiting_parts),
            (cx.w.summary_approvals)(f.awaiting_approval),
            (cx.w.summary_unpaid)(f.unpaid.count, &cx.money(f.unpaid.total), f.overdue.count),
            (cx.w.summary_low_stock)(f.low_stock),
        ];
        for line in lines {
            answer = answer.line(line, Some(home.clone()));
        }
    }
    if let Some(m) = &d.mechanic {
        answer = answer.line(
            (cx.w.summary_jobs)(m.jobs.len()),
            Some(links::screen(Screen::Bench, cx.w.bench_screen)),
        );
    }
    if let Some(o) = &d.owner {
        let t = &o.total;
        answer = answer.line(
            (cx.w.summary_revenue)(&cx.money(t.today_net), &cx.money(t.month_net)),
            Some(links::screen(Screen::Reports, cx.w.reports_screen)),
        );
    }
    Ok(answer.link(home))
}

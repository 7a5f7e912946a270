//! What the e-reporting screen shows: the settings, the periods due, and
//! each frozen period with what was sent when.

use atelier_domain::Locale;
use rusqlite::Connection;
use serde::Serialize;

use super::{Folders, Sending, folders, sendings_of_period};
use crate::Result;
use crate::einvoice::reporting::{self, FrozenPeriod, Settings, frozen, period_label};

/// A period over and not frozen yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuePeriod {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
    /// « du 01/03/2026 au 10/03/2026 ».
    pub label: String,
}

/// A frozen period and its sendings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListedPeriod {
    /// The period, its figures included.
    pub period: FrozenPeriod,
    /// « du 01/03/2026 au 10/03/2026 ».
    pub label: String,
    /// Each time it was sent, oldest first; empty until sent.
    pub sendings: Vec<Sending>,
}

/// The e-reporting screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportingPage {
    /// The workshop's settings.
    pub settings: Settings,
    /// This workstation's exchange folders.
    pub folders: Folders,
    /// The periods over since the first day reported, not frozen yet.
    pub due: Vec<DuePeriod>,
    /// Every station's frozen periods, latest first.
    pub periods: Vec<ListedPeriod>,
}

/// The e-reporting screen as of `now_ms`, dates in `locale`.
pub fn reporting_page(conn: &Connection, now_ms: u64, locale: Locale) -> Result<ReportingPage> {
    let due = frozen::due(conn, now_ms)?
        .into_iter()
        .map(|(start, end)| DuePeriod {
            label: period_label(&start, &end, locale),
            start,
            end,
        })
        .collect();
    let mut periods = Vec::new();
    for period in frozen::list(conn)? {
        periods.push(ListedPeriod {
            label: period_label(&period.period_start, &period.period_end, locale),
            sendings: sendings_of_period(conn, period.id)?,
            period,
        });
    }
    Ok(ReportingPage {
        settings: reporting::settings(conn)?,
        folders: folders(conn)?,
        due,
        periods,
    })
}

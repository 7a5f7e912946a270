//! A diagnosis's findings: what the mechanic concluded needs doing, with its
//! priority and, when one fits, the canned job that does it. A finding is
//! the vehicle's recommended work (source « diagnostic »): the order's page
//! and the vehicle's page list it, and the front desk turns the chosen ones
//! into an estimate in one action, the canned job's lines (labour at
//! today's rates, parts) becoming the estimate's.

use atelier_domain::{CannedJobId, DiagnosisSessionId};
use rusqlite::Transaction;
use serde::Deserialize;

use super::session::Session;
use super::sessions;
use super::store;
use super::walk::Reached;
use crate::orders::canned;
use crate::orders::recommendations::{self, New, Recommendation, Severity, Source};
use crate::text::clean;
use crate::validation::{Field, Invalid, Problem, max_len};
use crate::{Error, Result};

const DESCRIPTION_MAX: usize = 300;

/// A finding as the bench sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindingInput {
    /// What needs doing (« Remplacer la bobine du cylindre 2 »).
    pub description: Option<String>,
    /// `urgent` or `watch`.
    pub severity: Option<String>,
    /// The canned job that does it.
    pub canned_job_id: Option<String>,
}

/// Records a finding of an open diagnosis as recommended work on its
/// vehicle.
pub fn add(
    tx: &Transaction<'_>,
    now_ms: u64,
    session: DiagnosisSessionId,
    input: &FindingInput,
) -> Result<Recommendation> {
    let s = sessions::open(tx, session)?;
    let description = clean(input.description.as_deref())
        .ok_or(Invalid::new(Field::Description, Problem::Required))?;
    max_len(Field::Description, Some(&description), DESCRIPTION_MAX)?;
    let severity = match clean(input.severity.as_deref()) {
        None => Severity::Urgent,
        Some(text) => {
            Severity::parse(&text).ok_or(Invalid::new(Field::Priority, Problem::NotAllowed))?
        }
    };
    let canned_job: Option<CannedJobId> = match clean(input.canned_job_id.as_deref()) {
        None => None,
        Some(text) => {
            let id = text
                .parse()
                .map_err(|_| Invalid::new(Field::JobName, Problem::NotAllowed))?;
            canned::get(tx, id).map_err(|_| Invalid::new(Field::JobName, Problem::NotAllowed))?;
            Some(id)
        }
    };
    let id = recommendations::insert(
        tx,
        now_ms,
        &New {
            vehicle: s.vehicle_id,
            order: Some(s.order_id),
            source: Source::Diagnosis,
            line_id: None,
            session: Some(s.id),
            canned_job,
            description: &description,
            severity,
        },
    )?;
    recommendations::get(tx, id)
}

/// Records the conclusion the tree followed reached as a finding: its
/// likeliest cause, its priority and the canned job it links (when the
/// workshop has it). Refused while the tree still has a question to ask.
pub fn from_outcome(
    tx: &Transaction<'_>,
    now_ms: u64,
    session: DiagnosisSessionId,
) -> Result<Recommendation> {
    let s: Session = sessions::open(tx, session)?;
    let Some(Reached::Outcome { outcome, .. }) = s.guide.as_ref().map(|g| &g.walk.at) else {
        return Err(Invalid::new(Field::Answer, Problem::Required).into());
    };
    let cause = outcome
        .causes
        .first()
        .map(|c| c.fr.clone())
        .ok_or(Error::Corrupt("diagnosis_trees.nodes"))?;
    let canned_job = match &outcome.canned_job {
        Some(link) => store::canned_job(tx, link)?,
        None => None,
    };
    let description = match canned_job {
        Some(job) => canned::get(tx, job)?.name,
        None => cause,
    };
    let id = recommendations::insert(
        tx,
        now_ms,
        &New {
            vehicle: s.vehicle_id,
            order: Some(s.order_id),
            source: Source::Diagnosis,
            line_id: None,
            session: Some(s.id),
            canned_job,
            description: &description,
            severity: outcome.priority,
        },
    )?;
    recommendations::get(tx, id)
}

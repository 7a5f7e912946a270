//! The off-site retention: decided by the server alone, so that no station
//! (nor ransomware holding a station's token) can shorten the history.
//!
//! A copy is kept [`Limits::keep_days`](super::Limits) days after the
//! server received it, then removed — except each station's newest, kept
//! whatever its age: a station that stopped uploading (stolen, broken,
//! encrypted by ransomware) still has its last copy off-site. An upload
//! left unfinished for [`PARTIAL_IDLE`] is removed, and so is what a kill
//! left beside a complete copy.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{Offsite, OffsiteError, complete_copies, partials};

/// How long an unfinished upload is kept without a new chunk.
pub const PARTIAL_IDLE: Duration = Duration::from_secs(7 * 24 * 3600);

const DAY_MS: u64 = 24 * 3600 * 1000;

/// What one pass of the retention removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Complete copies past the retention, as `<org>/<device>/<name>`.
    pub copies: Vec<String>,
    /// Unfinished uploads abandoned, and leftovers.
    pub partials: usize,
}

impl Offsite {
    /// Removes the copies past the retention at `now_ms`, and the uploads
    /// abandoned, in every station's folder.
    ///
    /// # Errors
    /// When the folder cannot be read; a file that cannot be removed is
    /// logged and tried again next time.
    pub fn prune(&self, now_ms: u64) -> Result<Pruned, OffsiteError> {
        let mut pruned = Pruned::default();
        let keep_ms = u64::from(self.limits.keep_days).saturating_mul(DAY_MS);
        for org in subfolders(&self.dir)? {
            for station in subfolders(&org)? {
                let lock = match (
                    org.file_name()
                        .and_then(|n| n.to_str()?.parse::<i64>().ok()),
                    station.file_name().and_then(|n| n.to_str()?.parse().ok()),
                ) {
                    (Some(org_key), Some(device)) => self.lock(org_key, device),
                    _ => continue,
                };
                let _held = lock
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                self.prune_station(&org, &station, now_ms, keep_ms, &mut pruned)?;
            }
        }
        Ok(pruned)
    }

    fn prune_station(
        &self,
        org: &Path,
        station: &Path,
        now_ms: u64,
        keep_ms: u64,
        pruned: &mut Pruned,
    ) -> Result<(), OffsiteError> {
        let mut copies = complete_copies(station)?;
        copies.sort_by(|a, b| (b.1.uploaded_at_ms, &b.0).cmp(&(a.1.uploaded_at_ms, &a.0)));
        let label = |name: &str| {
            let at = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
            format!(
                "{}/{}/{name}",
                at(org).unwrap_or_default(),
                at(station).unwrap_or_default()
            )
        };
        for (name, record) in copies.iter().skip(1) {
            if record.uploaded_at_ms.saturating_add(keep_ms) >= now_ms {
                continue;
            }
            let path = station.join(name.as_str());
            if let Err(e) = remove_read_only(&path) {
                tracing::warn!(error = %e, path = %path.display(), "off-site copy past retention not removed");
                continue;
            }
            std::fs::remove_file(station.join(format!("{name}.json"))).ok();
            pruned.copies.push(label(name.as_str()));
        }
        for partial in partials(station)? {
            let finished = station.join(&partial.name).exists();
            if (finished || partial.idle > PARTIAL_IDLE)
                && std::fs::remove_file(station.join(&partial.file)).is_ok()
            {
                pruned.partials += 1;
            }
        }
        Ok(())
    }

    /// Runs the retention now and every `every`, on tokio's blocking
    /// threads, logging what it removed.
    pub fn prune_every(self: &Arc<Self>, every: Duration) {
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let offsite = Arc::clone(&this);
                let now = crate::api::now_ms();
                match tokio::task::spawn_blocking(move || offsite.prune(now)).await {
                    Ok(Ok(pruned)) if pruned != Pruned::default() => tracing::info!(
                        copies = pruned.copies.len(),
                        partials = pruned.partials,
                        removed = ?pruned.copies,
                        "off-site retention"
                    ),
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => tracing::error!(error = %e, "off-site retention failed"),
                    Err(e) => tracing::error!(error = %e, "off-site retention stopped"),
                }
            }
        });
    }
}

/// The folders in `dir` (none when it does not exist yet).
fn subfolders(dir: &Path) -> Result<Vec<std::path::PathBuf>, OffsiteError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// Removes a copy the server left read-only (Windows refuses otherwise).
fn remove_read_only(path: &Path) -> std::io::Result<()> {
    let mut permissions = std::fs::metadata(path)?.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path, permissions)?;
    std::fs::remove_file(path)
}

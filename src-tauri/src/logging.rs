//! The application's log: one file a day in `logs/` of the data directory,
//! the last 14 kept. It says what the station did — commands run or refused
//! with their error codes, backups, checkpoints — and never what a command
//! was given: no customer, car or amount is ever written there, so the
//! diagnostic export can include it as it is.

use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Daily files kept.
const KEEP_FILES: usize = 14;

/// Where the logs of a data directory are.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging into `data_dir/logs` (info and above, or `ATELIER_LOG`'s
/// filter). The first call in a process wins; a log that cannot be opened
/// leaves the application running without one.
pub fn init(data_dir: &Path) {
    let Ok(appender) = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("atelier")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir(data_dir))
    else {
        return;
    };
    let filter = EnvFilter::try_from_env("ATELIER_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(appender))
        .try_init();
    if installed.is_ok() {
        tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            schema = atelier_core::db::schema_version(),
            "Atelier started"
        );
    }
}

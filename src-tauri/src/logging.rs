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
    // The appender lists the directory to prune old files as it starts, and
    // prints an error to the terminal when it is not there yet (a new data
    // directory).
    if std::fs::create_dir_all(dir(data_dir)).is_err() {
        return;
    }
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

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    /// Where the child process of the test below starts its log.
    const CHILD_DIR: &str = "ATELIER_TEST_LOG_INIT_DIR";

    /// The first start in a new data directory (`scripts/run --demo`)
    /// writes its log and prints nothing to the terminal. Run in a child
    /// process: the appender prints there, and the first `init` of a
    /// process wins.
    #[test]
    fn the_first_start_in_a_new_data_directory_prints_nothing() {
        if let Some(dir) = std::env::var_os(CHILD_DIR) {
            init(Path::new(&dir));
            return;
        }
        let data = tempfile::tempdir().unwrap();
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "logging::tests::the_first_start_in_a_new_data_directory_prints_nothing",
                "--nocapture",
            ])
            .env(CHILD_DIR, data.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.trim().is_empty(), "printed: {stderr}");
        let files: Vec<_> = std::fs::read_dir(dir(data.path())).unwrap().collect();
        assert_eq!(files.len(), 1, "one log file for today");
    }
}

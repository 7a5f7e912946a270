//! The Atelier desktop shell: one window over a local database.
//!
//! The shell only wires things together: it finds the data directory, opens the
//! database, and exposes thin commands that call atelier-core off the main
//! thread and hand errors to the UI as `{code, message, field}` in the user's
//! language. No business rule lives here.

mod commands;
mod error;
mod logging;
mod obd;
mod opening;
mod state;
mod updates;
mod words;

use std::path::PathBuf;

use tauri::{Builder, Manager, Runtime};

pub use error::UiError;
pub use state::AppState;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "ATELIER_DATA_DIR";

/// The event the window hears at the end of each background sync round,
/// with the round's report.
pub const SYNC_ROUND_EVENT: &str = "sync-round";

/// Starts the application with the system's webview; exits with a message if it
/// cannot start.
pub fn run() {
    #[cfg(target_os = "linux")]
    paint_without_compositing();
    let data_dir = data_dir_override(std::env::args().skip(1), std::env::var_os(DATA_DIR_ENV));
    let app = configure(Builder::default(), data_dir)
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event
                    && let Some(state) = handle.try_state::<AppState>()
                {
                    state::stop(&state);
                }
            });
        });
    if let Err(e) = app {
        #[allow(
            clippy::print_stderr,
            reason = "the window could not open: the terminal is all there is"
        )]
        {
            eprintln!("Atelier n’a pas pu démarrer / Atelier could not start: {e}");
        }
        std::process::exit(1);
    }
}

/// Has WebKit paint the page with the processor into one image, instead of
/// compositing its layers through OpenGL (`WEBKIT_DISABLE_COMPOSITING_MODE`,
/// read once by WebKit in this process before the window opens).
///
/// Without a graphics card (Xvfb, a virtual machine, remote desktop) that
/// OpenGL is Mesa's llvmpipe, whose tile textures live in the web process's
/// memory: the window held 100 MB more at rest, and the web process grew by
/// about 60 MB per 200 screen changes, allocating and freeing buffers of
/// 16 KiB to 1 MiB by the thousand that glibc's heaps kept (BENCHMARKS.md,
/// « Memory of the window »). Atelier's screens are forms and tables, which
/// the processor paints as well. A value already set is kept:
/// `WEBKIT_DISABLE_COMPOSITING_MODE=0` gives compositing back.
///
/// Set first thing in `run`, while this process has one thread: the
/// environment must not change under another thread reading it.
#[cfg(target_os = "linux")]
fn paint_without_compositing() {
    // It fails only on a malformed name; the window works without it anyway.
    let _ = glib::setenv("WEBKIT_DISABLE_COMPOSITING_MODE", "1", false);
}

/// How long the window may stay hidden waiting for its page.
const SHOW_ANYWAY: std::time::Duration = std::time::Duration::from_secs(3);

/// The window opens hidden (`tauri.conf.json`) and is shown once its page has
/// drawn its first screen (the `window_ready` command), so a person never
/// sees it blank. On Linux it matters beyond looks: WebKit painting without
/// compositing holds the shell's main thread for up to half a second at the
/// window's first paint when the page's process has not started yet, and the
/// page's own files are served from that thread; shown once the page is
/// there, the window starts 0.4–0.5 s sooner in about half the launches
/// (BENCHMARKS.md, « Starting the window »). Should the page never say it is
/// ready (a front end that failed), the window is shown after
/// [`SHOW_ANYWAY`], whatever it holds.
fn show_window_anyway<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_ANYWAY);
        if let Some(window) = app.get_webview_window("main")
            && !window.is_visible().unwrap_or(true)
        {
            tracing::warn!("the window's page did not say it was ready: shown anyway");
            if let Err(error) = window.show() {
                tracing::warn!(%error, "the window could not be shown");
            }
        }
    });
}

/// Adds Atelier's state and commands to `builder`. Generic over the runtime so
/// the shell can be tested with `tauri::test::mock_builder()`.
///
/// The database lives in `data_dir`, or in the OS data directory when `None`.
pub fn configure<R: Runtime>(builder: Builder<R>, data_dir: Option<PathBuf>) -> Builder<R> {
    builder
        .setup(move |app| {
            let dir = match data_dir.clone() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            logging::init(&dir);
            // Exports go where people look for their files; a portable or test
            // install (explicit data dir) keeps them beside its data.
            let exports = match (&data_dir, app.path().document_dir()) {
                (None, Ok(documents)) => documents.join("Atelier"),
                _ => dir.join("exports"),
            };
            // The database opens here when its key is at hand; else the
            // window's gate shows its encryption or asks for the recovery key.
            opening::start(app.handle(), dir, exports)?;
            show_window_anyway(app.handle().clone());
            Ok(())
        })
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(commands::handler())
}

/// The data directory asked for on the command line (`--data-dir D` or
/// `--data-dir=D`), else in `ATELIER_DATA_DIR`, else none.
pub fn data_dir_override(
    mut args: impl Iterator<Item = String>,
    env: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    env.filter(|v| !v.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
mod tests;

//! The floor of this stack, for the memory benchmark
//! (`cargo run --release -p atelier-e2e --bin bench-memory`): a Tauri 2
//! window of Atelier's size with one line of text, built from the same
//! crates, features and release profile as Atelier, and nothing of Atelier
//! in it — no database, no commands, no screens. What Atelier uses above
//! this window's memory is Atelier's own. The start benchmark
//! (`bench-start --minimal`) times it too: it prints `loaded=<epoch ms>` on
//! its output once its page has loaded.

#![allow(
    clippy::print_stderr,
    clippy::print_stdout,
    reason = "a failure to open is said on stderr, the page's load on stdout"
)]

use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let mut context = tauri::generate_context!();
    // Atelier's own window (its screens) is not opened: this one is.
    context.config_mut().app.windows.clear();
    let built = tauri::Builder::default()
        // One page of one line, served from memory.
        .register_uri_scheme_protocol("minimal", |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .body(
                    "<!doctype html><title>Minimal</title><p>Fenêtre minimale</p>"
                        .as_bytes()
                        .to_vec(),
                )
                .unwrap_or_default()
        })
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                let now = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default();
                println!("loaded={}", now.as_secs_f64() * 1000.0);
            }
        })
        .setup(|app| {
            let url = tauri::WebviewUrl::External("minimal://localhost/".parse()?);
            tauri::WebviewWindowBuilder::new(app, "main", url)
                .title("Minimal")
                .inner_size(1240.0, 760.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = built {
        eprintln!("minimal-window: {e}");
        std::process::exit(1);
    }
}

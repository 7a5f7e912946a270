//! `atelier-server`: the sync server binary.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Parser;

/// The Atelier sync server.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address and port to listen on.
    #[arg(long, env = "ATELIER_SERVER_LISTEN", default_value = "127.0.0.1:8480")]
    listen: SocketAddr,
    /// Serve application updates from this folder: `<target>/latest.json`
    /// manifests and the packages in `files/` (see the library's `updates`).
    #[arg(long, env = "ATELIER_SERVER_UPDATES_DIR")]
    updates_dir: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let config = atelier_server::Config {
        updates_dir: args.updates_dir,
    };
    atelier_server::serve(listener, &config, async {
        tokio::signal::ctrl_c().await.ok();
    })
    .await
    .context("server stopped with an error")
}

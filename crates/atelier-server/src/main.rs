//! `atelier-server`: the sync server binary. `serve` runs the server (also
//! what a bare `atelier-server [--listen …]` does); the other subcommands are
//! the owner's administration, run on the server machine against the same
//! store (`--data-dir D` or `--database-url URL`).

#![allow(clippy::print_stdout)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use atelier_server::offsite::{Limits, Offsite};
use atelier_server::store::{self, StoreConfig};
use clap::{Args, Parser, Subcommand};

/// mimalloc, as every Atelier binary (see the workspace manifest).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Atelier sync server.
#[derive(Debug, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

/// Which store to use.
#[derive(Debug, Clone, Args)]
struct StoreArgs {
    /// The embedded SQLite store, in this folder.
    #[arg(long, env = "ATELIER_SERVER_DATA_DIR", conflicts_with = "database_url")]
    data_dir: Option<PathBuf>,
    /// A PostgreSQL store, e.g. postgres://atelier@localhost/atelier. Away
    /// from this machine the connection must be encrypted, unless
    /// --allow-plain-postgres: over TLS (`?sslmode=verify-full&sslrootcert=
    /// ca.pem`, or `sslmode=verify-ca` or `require`, as with libpq) or
    /// through a tunnel ending on a loopback address.
    #[arg(long, env = "ATELIER_SERVER_DATABASE_URL")]
    database_url: Option<String>,
    /// Connect to a PostgreSQL server on another machine without TLS
    /// (anyone on the network path reads the workshops' data).
    #[arg(long)]
    allow_plain_postgres: bool,
    /// Encrypt the SQLite store (SQLCipher) with the key in this file: 64
    /// hex digits (`openssl rand -hex 32`), readable by the server's user
    /// only (chmod 600). A plain store is converted at start. The key can
    /// also come from the ATELIER_STORE_KEY environment variable. Keep a
    /// copy of it away from the server: without it the store cannot be read.
    #[arg(
        long,
        env = "ATELIER_SERVER_STORE_KEY_FILE",
        conflicts_with = "database_url"
    )]
    store_key_file: Option<PathBuf>,
}

impl StoreArgs {
    fn config(&self) -> anyhow::Result<Option<StoreConfig>> {
        let key = match (
            &self.store_key_file,
            std::env::var("ATELIER_STORE_KEY").ok(),
        ) {
            (Some(_), Some(_)) => anyhow::bail!(
                "the store key is given twice (--store-key-file and ATELIER_STORE_KEY): keep one"
            ),
            (Some(file), None) => Some(store::StoreKey::from_file(file)?),
            (None, Some(hex)) => Some(store::StoreKey::parse(&hex, "ATELIER_STORE_KEY")?),
            (None, None) => None,
        };
        Ok(match (&self.data_dir, &self.database_url, key) {
            (_, Some(_), Some(_)) => anyhow::bail!(
                "a store key is for the SQLite store; for PostgreSQL use TLS and an encrypted disk (see the README)"
            ),
            (_, Some(url), None) => {
                store::check_database_url(url, self.allow_plain_postgres)?;
                Some(StoreConfig::Postgres(url.clone()))
            }
            (Some(dir), None, Some(key)) => Some(StoreConfig::EncryptedSqlite(dir.clone(), key)),
            (Some(dir), None, None) => Some(StoreConfig::Sqlite(dir.clone())),
            (None, None, _) => None,
        })
    }

    async fn open(&self) -> anyhow::Result<std::sync::Arc<dyn store::Store>> {
        let config = self
            .config()?
            .context("say which store to use: --data-dir DIR or --database-url URL")?;
        Ok(store::open(&config).await?)
    }
}

#[derive(Debug, Clone, Args)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "ATELIER_SERVER_LISTEN", default_value = "127.0.0.1:8480")]
    listen: SocketAddr,
    /// Serve application updates from this folder: `<target>/latest.json`
    /// manifests and the packages in `files/` (see the library's `updates`).
    #[arg(long, env = "ATELIER_SERVER_UPDATES_DIR")]
    updates_dir: Option<PathBuf>,
    /// Refuse pushes from schema versions below this one.
    #[arg(long, default_value_t = 1)]
    min_schema_version: u32,
    /// HTTPS: the PEM certificate chain.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// HTTPS: the PEM private key.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Where the snapshots for new stations and the shadow stations that
    /// make them are kept (default: `snapshots` in the --data-dir; with
    /// --database-url and no folder, new stations replay the log).
    #[arg(long, env = "ATELIER_SERVER_SNAPSHOT_DIR")]
    snapshot_dir: Option<PathBuf>,
    /// How often, in seconds, the shadow stations catch up with the log.
    #[arg(long, default_value_t = 300)]
    snapshot_every: u64,
    /// Where the stations' off-site backups are kept (default: `offsite`
    /// in the --data-dir; with --database-url and no folder, the server
    /// keeps none). Stations upload their encrypted daily backups here;
    /// they can add copies but never delete or overwrite one, so that
    /// ransomware on a workshop PC cannot destroy the off-site history.
    #[arg(long, env = "ATELIER_SERVER_OFFSITE_DIR")]
    offsite_dir: Option<PathBuf>,
    /// How many days each off-site copy is kept after it arrives. Only the
    /// server decides: no station can shorten it. A station's newest copy
    /// is kept whatever its age.
    #[arg(long, default_value_t = 365)]
    offsite_keep_days: u32,
    /// The most space, in GB, one station's off-site copies may take; an
    /// upload past it is refused (nothing older is removed to make room).
    #[arg(long, default_value_t = 20)]
    offsite_max_gb: u64,
    #[command(flatten)]
    store: StoreArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Organisations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Sites of an organisation.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    /// One-time enrolment codes.
    Code {
        #[command(subcommand)]
        command: CodeCommand,
    },
    /// Enrolled devices.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
}

#[derive(Debug, Subcommand)]
enum OrgCommand {
    /// Create an organisation.
    Create {
        /// Its name.
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
enum SiteCommand {
    /// Add a site to an organisation.
    Add {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// A short code, unique in the organisation (e.g. S1).
        code: String,
        /// The site's name.
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
enum CodeCommand {
    /// Mint a one-time enrolment code for a new station.
    Mint {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// The station's site code.
        #[arg(long)]
        site: String,
        /// The station sees every site (an owner's device).
        #[arg(long)]
        all_sites: bool,
        /// How long the code stays valid.
        #[arg(long, default_value_t = 24)]
        valid_hours: u64,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
enum DevicesCommand {
    /// List an organisation's devices.
    List {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Revoke a device: its token stops working at once.
    Revoke {
        /// The device id.
        device_id: atelier_domain::DeviceId,
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Org {
            command: OrgCommand::Create { name, store },
        }) => {
            store.open().await?.create_organisation(&name).await?;
            println!("organisation {name:?} created");
            Ok(())
        }
        Some(Command::Site {
            command:
                SiteCommand::Add {
                    org,
                    code,
                    name,
                    store,
                },
        }) => {
            let site = store.open().await?.add_site(&org, &code, &name).await?;
            println!("site {} ({}) added to {org:?}", site.code, site.name);
            Ok(())
        }
        Some(Command::Code {
            command:
                CodeCommand::Mint {
                    org,
                    site,
                    all_sites,
                    valid_hours,
                    store,
                },
        }) => {
            let valid = Duration::from_secs(valid_hours.saturating_mul(3600));
            let code = store
                .open()
                .await?
                .mint_code(&org, &site, all_sites, valid, now_ms())
                .await?;
            println!("{code}");
            Ok(())
        }
        Some(Command::Devices {
            command: DevicesCommand::List { org, store },
        }) => {
            for d in store.open().await?.list_devices(&org).await? {
                println!(
                    "{}\t{}\t{}\t{}{}\tlast seq {}\t{}",
                    d.device_id,
                    d.site_code,
                    d.series_prefix,
                    d.name,
                    if d.all_sites { " (all sites)" } else { "" },
                    d.last_seq,
                    if d.revoked_at_ms.is_some() {
                        "revoked"
                    } else {
                        "active"
                    },
                );
            }
            Ok(())
        }
        Some(Command::Devices {
            command: DevicesCommand::Revoke { device_id, store },
        }) => {
            store
                .open()
                .await?
                .revoke_device(device_id, now_ms())
                .await?;
            println!("device {device_id} revoked");
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let config = args.store.config()?;
    // What the store is encrypted under encrypts the snapshots too.
    let store_key = match &config {
        Some(StoreConfig::EncryptedSqlite(_, key)) => Some(key.clone()),
        _ => None,
    };
    let store = match config {
        Some(config) => Some(store::open(&config).await?),
        None => {
            tracing::warn!(
                "no --data-dir or --database-url: serving health and updates only, no sync"
            );
            None
        }
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let snapshot_dir = args
        .snapshot_dir
        .clone()
        .or_else(|| args.store.data_dir.as_ref().map(|d| d.join("snapshots")));
    let snapshots = match (&store, snapshot_dir) {
        (Some(store), Some(dir)) => {
            let mut snapshots = atelier_server::snapshots::Snapshots::new(dir, store.clone());
            if let Some(key) = &store_key {
                snapshots = snapshots.keyed(key);
            }
            Some((
                std::sync::Arc::new(snapshots),
                Duration::from_secs(args.snapshot_every.max(1)),
            ))
        }
        (Some(_), None) => {
            tracing::warn!(
                "no --snapshot-dir: new stations replay the whole log at their first sync"
            );
            None
        }
        (None, _) => None,
    };
    let offsite_dir = args
        .offsite_dir
        .clone()
        .or_else(|| args.store.data_dir.as_ref().map(|d| d.join("offsite")));
    let offsite = match (&store, offsite_dir) {
        (Some(_), Some(dir)) => {
            let limits = Limits {
                keep_days: args.offsite_keep_days,
                max_bytes_per_station: args.offsite_max_gb.saturating_mul(1_000_000_000),
            };
            tracing::info!(
                dir = %dir.display(),
                keep_days = limits.keep_days,
                max_gb_per_station = args.offsite_max_gb,
                "keeping the stations' off-site backups"
            );
            Some(std::sync::Arc::new(Offsite::new(dir, limits)))
        }
        (Some(_), None) => {
            tracing::warn!(
                "no --offsite-dir: the server keeps no off-site copies of the stations' backups"
            );
            None
        }
        (None, _) => None,
    };
    let config = atelier_server::Config {
        updates_dir: args.updates_dir,
        snapshots,
        offsite,
        store,
        min_schema_version: args.min_schema_version,
        tls: args
            .tls_cert
            .zip(args.tls_key)
            .map(|(cert, key)| atelier_server::TlsFiles { cert, key }),
    };
    atelier_server::serve(listener, &config, async {
        tokio::signal::ctrl_c().await.ok();
    })
    .await
    .context("server stopped with an error")
}

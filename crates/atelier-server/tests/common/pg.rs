//! A throwaway PostgreSQL cluster for the tests and the bench, one per test
//! process, or the server named by `ATELIER_TEST_DATABASE_URL`; and one
//! that speaks TLS, with a certificate for `localhost` signed by an
//! authority made for the test ([`fresh_tls_database`]).
//!
//! The cluster is made with the machine's `initdb` (under
//! `/usr/lib/postgresql/*/bin`; `scripts/setup` installs the `postgresql`
//! package) in a temporary folder, as the `postgres` user when running as
//! root (PostgreSQL refuses to run as root), listening on 127.0.0.1 on a free
//! port with its socket in the folder. A watchdog shell holds a pipe from
//! this process: when the process ends, however it ends, the pipe closes and
//! the watchdog stops the cluster and removes the folder.

use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running cluster.
pub struct PgCluster {
    bin: PathBuf,
    port: u16,
    /// Its folder (data, socket, log and, with TLS, certificates).
    dir: PathBuf,
    _watchdog: ChildStdin,
}

static CLUSTER: OnceLock<PgCluster> = OnceLock::new();
static TLS_CLUSTER: OnceLock<PgCluster> = OnceLock::new();

/// A fresh database on the TLS cluster, and the authorities to check its
/// certificate with.
pub struct TlsDatabase {
    /// The cluster's port on 127.0.0.1.
    pub port: u16,
    /// The database's name.
    pub name: String,
    /// The PEM certificate of the authority that signed the cluster's.
    pub ca: PathBuf,
    /// That of another authority, which signed nothing the cluster shows.
    pub other_ca: PathBuf,
}

impl TlsDatabase {
    /// Its URL through `host`, with `query` (e.g. `sslmode=require`).
    pub fn url(&self, host: &str, query: &str) -> String {
        format!(
            "postgres://postgres@{host}:{}/{}?{query}",
            self.port, self.name
        )
    }
}
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty database, as a URL: on `ATELIER_TEST_DATABASE_URL`'s
/// server when it is set, else on this process's throwaway cluster.
pub async fn fresh_database(fsync: bool) -> String {
    let name = format!(
        "atelier_test_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::Relaxed)
    );
    if let Ok(url) = std::env::var("ATELIER_TEST_DATABASE_URL") {
        let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
            .await
            .expect("cannot connect to ATELIER_TEST_DATABASE_URL");
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("cannot create a test database on ATELIER_TEST_DATABASE_URL");
        return with_database(&url, &name);
    }
    let cluster = CLUSTER.get_or_init(|| PgCluster::start(fsync, false));
    cluster.create_database(&name);
    format!("postgres://postgres@127.0.0.1:{}/{name}", cluster.port)
}

/// A fresh, empty database on this process's throwaway cluster with
/// `ssl = on` (always a cluster of its own, whatever
/// `ATELIER_TEST_DATABASE_URL` says). Its certificate names `localhost`
/// only, and is signed by [`TlsDatabase::ca`].
pub fn fresh_tls_database() -> TlsDatabase {
    let name = format!(
        "atelier_tls_{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::Relaxed)
    );
    let cluster = TLS_CLUSTER.get_or_init(|| PgCluster::start(false, true));
    cluster.create_database(&name);
    TlsDatabase {
        port: cluster.port,
        name,
        ca: cluster.dir.join("ca.pem"),
        other_ca: cluster.dir.join("other-ca.pem"),
    }
}

/// An authority's certificate and key, made for the test.
fn authority(name: &str) -> (rcgen::Certificate, rcgen::KeyPair) {
    let key = rcgen::KeyPair::generate().expect("a key pair");
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    (params.self_signed(&key).expect("a CA certificate"), key)
}

/// Writes into `dir` the server's certificate for `localhost` and its key
/// (`server.crt`, `server.key`), the authority that signed it (`ca.pem`)
/// and another one (`other-ca.pem`).
fn write_certificates(dir: &Path) {
    let (ca, ca_key) = authority("Atelier test CA");
    let (other, _) = authority("Another CA");
    let key = rcgen::KeyPair::generate().expect("a key pair");
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("server parameters");
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    let cert = params
        .signed_by(&key, &ca, &ca_key)
        .expect("a server certificate");
    for (file, pem) in [
        ("server.crt", cert.pem()),
        ("server.key", key.serialize_pem()),
        ("ca.pem", ca.pem()),
        ("other-ca.pem", other.pem()),
    ] {
        std::fs::write(dir.join(file), pem).expect("cannot write a certificate");
    }
    // PostgreSQL refuses a key its group or others may read.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        dir.join("server.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("cannot restrict the key");
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

fn postgres_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup, \
             which installs the `postgresql` package, or set ATELIER_TEST_DATABASE_URL to a server \
             where the tests may create databases"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program` as the `postgres` user when we are root.
fn as_postgres(root: bool, program: &Path) -> Command {
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl PgCluster {
    fn create_database(&self, name: &str) {
        let status = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                name,
            ])
            .status()
            .expect("cannot run createdb");
        assert!(status.success(), "createdb {name} failed");
    }

    /// Starts a cluster, with `ssl = on` and the certificates of
    /// [`write_certificates`] when `tls`.
    fn start(fsync: bool, tls: bool) -> PgCluster {
        let bin = postgres_bin();
        let root = is_root();
        let dir = tempfile::Builder::new()
            .prefix("atelier-pg-")
            .tempdir()
            .expect("cannot make a temporary folder")
            .keep();
        if tls {
            write_certificates(&dir);
        }
        if root {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .expect("cannot run chown");
            assert!(
                status.success(),
                "chown of {} to postgres failed",
                dir.display()
            );
        }
        let data = dir.join("data");
        let out = as_postgres(root, &bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .output()
            .expect("cannot run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("no free port")
            .port();
        let durability = if fsync {
            ""
        } else {
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        };
        let ssl = if tls {
            format!(
                " -c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key",
                dir.display()
            )
        } else {
            String::new()
        };
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200{durability}{ssl}",
            dir.display()
        );
        let log = dir.join("postgres.log");
        let status = as_postgres(root, &bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-o", &options, "start"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("cannot run pg_ctl");
        assert!(
            status.success(),
            "pg_ctl start failed: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        let stop = if root { "runuser -u postgres -- " } else { "" };
        // Never waited for on purpose: it must outlive this process.
        #[allow(clippy::zombie_processes)]
        let mut watchdog = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "read _; {stop}\"$0/pg_ctl\" -D \"$1\" stop -m immediate; rm -rf \"$2\""
            ))
            .arg(&bin)
            .arg(&data)
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start the cluster's watchdog");
        let pipe = watchdog.stdin.take().expect("the watchdog's stdin");
        PgCluster {
            bin,
            port,
            dir,
            _watchdog: pipe,
        }
    }
}

#[cfg(test)]
#[test]
fn a_url_gets_its_database_replaced() {
    assert_eq!(
        with_database("postgres://u:p@h:5/db", "x"),
        "postgres://u:p@h:5/x"
    );
    assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    assert_eq!(
        with_database("postgres://h/db?sslmode=disable", "x"),
        "postgres://h/x?sslmode=disable"
    );
}

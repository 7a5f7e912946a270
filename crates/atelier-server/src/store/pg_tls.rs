//! The server's TLS to PostgreSQL: an OpenSSL connector set up as the
//! URL's `sslmode` and `sslrootcert` say (read in `pg_url.rs`).
//!
//! OpenSSL, through postgres-openssl, rather than rustls: SQLCipher's build
//! of SQLite (rusqlite's `bundled-sqlcipher-vendored-openssl`) already links
//! OpenSSL into the server, so this adds no second TLS stack, and OpenSSL
//! checks a certificate's chain and host name as libpq itself does.

use std::path::Path;

use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres_openssl::MakeTlsConnector;

use super::OpenError;
use super::pg_url::{Roots, Tls};

/// The connector for `tls` (anything but [`Tls::Off`]).
///
/// # Errors
/// [`OpenError::RootCert`] when the `sslrootcert` file cannot be read as
/// PEM certificates; [`OpenError::TlsSetup`] when OpenSSL cannot be set up.
pub(crate) fn connector(tls: &Tls) -> Result<MakeTlsConnector, OpenError> {
    let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(setup)?;
    let (roots, full) = match tls {
        Tls::Off | Tls::Encrypted => (None, false),
        Tls::VerifyCa(roots) => (Some(roots), false),
        Tls::VerifyFull(roots) => (Some(roots), true),
    };
    match roots {
        None => builder.set_verify(SslVerifyMode::NONE),
        Some(Roots::File(path)) => {
            builder.set_ca_file(path).map_err(|e| root_cert(path, &e))?;
            builder.set_verify(SslVerifyMode::PEER);
        }
        Some(Roots::System) => {
            // The vendored OpenSSL's own default folder is not the
            // system's: where this system keeps its authorities is probed.
            let found = openssl_probe::probe();
            if let Some(file) = &found.cert_file {
                builder.set_ca_file(file).map_err(|e| root_cert(file, &e))?;
            }
            for dir in &found.cert_dir {
                builder
                    .load_verify_locations(None, Some(dir))
                    .map_err(|e| root_cert(dir, &e))?;
            }
            builder.set_verify(SslVerifyMode::PEER);
        }
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    // SslConnector checks the host name by default: verify-ca checks the
    // chain only.
    connector.set_callback(move |config, _host| {
        config.set_verify_hostname(full);
        Ok(())
    });
    Ok(connector)
}

fn root_cert(path: &Path, error: &openssl::error::ErrorStack) -> OpenError {
    OpenError::RootCert {
        path: path.to_path_buf(),
        detail: error.to_string(),
    }
}

fn setup(error: openssl::error::ErrorStack) -> OpenError {
    OpenError::TlsSetup(error.to_string())
}

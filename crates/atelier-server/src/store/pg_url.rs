//! Which PostgreSQL URLs the server accepts, and the TLS they ask for: the
//! workshops' data crosses the network between the server and its
//! database, so away from this machine it must go over TLS, unless the
//! owner says otherwise (`--allow-plain-postgres`).
//!
//! This is the one place that reads `sslmode` and `sslrootcert`, with
//! libpq's meanings. tokio-postgres knows neither `verify-ca` nor
//! `verify-full`, nor `sslrootcert`: [`split_tls`] takes them out of the
//! URL it is handed, and the server's own connector (`pg_tls.rs`) does
//! what they say.

use std::ops::Range;
use std::path::PathBuf;

/// Why a database URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// A remote database without TLS.
    #[error(
        "the PostgreSQL server {host} is not on this machine and the URL does not ask for TLS: add sslmode=verify-full (with sslrootcert=FILE naming the certificate of the authority that signed the database server's) or sslmode=require, reach it through an encrypted tunnel ending on a loopback address, or pass --allow-plain-postgres if the network between them is trusted"
    )]
    Plain {
        /// The first remote host named.
        host: String,
    },
    /// An `sslmode` libpq does not know.
    #[error(
        "the URL's sslmode={0} is not one of disable, allow, prefer, require, verify-ca or verify-full"
    )]
    SslMode(String),
    /// A TLS setting this server does not apply (client certificates…).
    #[error(
        "the URL's {0} is not supported by this server: it applies sslmode and sslrootcert only (no client certificate)"
    )]
    SslSetting(String),
}

/// The TLS a URL asks for, as libpq reads `sslmode` and `sslrootcert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tls {
    /// No TLS: no `sslmode`, or `disable`, `allow` or `prefer`. This
    /// client never tries TLS on its own where libpq would (`prefer`): a
    /// URL that wants it says so, and one to another machine must.
    Off,
    /// Encrypted, the server's certificate not checked (`require` without
    /// `sslrootcert`): safe from those who listen, not from one who stands
    /// in the middle.
    Encrypted,
    /// Encrypted to a server whose certificate chains to `Roots`
    /// (`verify-ca`; `require` with an `sslrootcert`, as libpq).
    VerifyCa(Roots),
    /// That, and the certificate names the host connected to (`verify-full`).
    VerifyFull(Roots),
}

/// Which authorities a server's certificate may chain to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Roots {
    /// The PEM certificates in this file (`sslrootcert=FILE`).
    File(PathBuf),
    /// The system's (`sslrootcert=system`, or none given: libpq would look
    /// for `~/.postgresql/root.crt` instead).
    System,
}

/// Checks `url` (a `postgres://` URL or `key=value` settings): accepted
/// when it asks for TLS (`sslmode=require`, `verify-ca` or `verify-full`),
/// when every host it names is this machine (loopback or a Unix socket),
/// or when `allow_plain`.
///
/// # Errors
/// [`UrlError::Plain`] otherwise; [`UrlError::SslMode`] or
/// [`UrlError::SslSetting`] for TLS settings it cannot apply.
pub fn check_database_url(url: &str, allow_plain: bool) -> Result<(), UrlError> {
    let (_, tls) = split_tls(url)?;
    if tls != Tls::Off || allow_plain {
        return Ok(());
    }
    let settings = settings(url);
    let hosts: Vec<&String> = settings
        .iter()
        .filter(|(k, _)| k == "host" || k == "hostaddr")
        .map(|(_, v)| v)
        .collect();
    match hosts.into_iter().find(|h| !is_local(h)) {
        Some(host) => Err(UrlError::Plain { host: host.clone() }),
        None => Ok(()),
    }
}

/// `url` as tokio-postgres can read it, without its `sslmode` and
/// `sslrootcert`, and the TLS they ask for. The last `sslmode` given
/// counts, as with libpq.
///
/// # Errors
/// [`UrlError::SslMode`] for an `sslmode` libpq does not know (a typo must
/// not turn into a connection in clear); [`UrlError::SslSetting`] for the
/// TLS settings this server does not apply (`sslcert`, `sslkey`…).
pub(crate) fn split_tls(url: &str) -> Result<(String, Tls), UrlError> {
    let parsed = Parsed::new(url);
    let (mut mode, mut root) = (None, None);
    for pair in &parsed.pairs {
        match pair.key.as_str() {
            "sslmode" => mode = Some(pair.value.clone()),
            "sslrootcert" => root = Some(pair.value.clone()),
            "sslnegotiation" => {}
            key if key.starts_with("ssl") => return Err(UrlError::SslSetting(key.to_owned())),
            _ => {}
        }
    }
    let roots = match root.as_deref() {
        None | Some("system") => Roots::System,
        Some(file) => Roots::File(PathBuf::from(file)),
    };
    let tls = match mode.as_deref() {
        None | Some("disable" | "allow" | "prefer") => Tls::Off,
        Some("require") if root.is_some() => Tls::VerifyCa(roots),
        Some("require") => Tls::Encrypted,
        Some("verify-ca") => Tls::VerifyCa(roots),
        Some("verify-full") => Tls::VerifyFull(roots),
        Some(other) => return Err(UrlError::SslMode(other.to_owned())),
    };
    Ok((parsed.without(&["sslmode", "sslrootcert"]), tls))
}

/// Whether a host is this machine: a Unix socket's folder, `localhost`,
/// or a loopback address.
fn is_local(host: &str) -> bool {
    let host = host.trim();
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.is_empty()
        || host.starts_with('/')
        || host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The `(key, value)` settings of a URL or of `key=value` text, hosts
/// split one per entry (`host=a,b` names two).
fn settings(url: &str) -> Vec<(String, String)> {
    let parsed = Parsed::new(url);
    let mut found = Vec::new();
    let mut push = |key: &str, value: &str| {
        for value in value.split(',') {
            found.push((key.to_owned(), value.trim().to_owned()));
        }
    };
    if let Some(authority) = parsed.authority() {
        let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        for host in hosts.split(',') {
            // host, host:port, [v6]:port
            let name = if let Some(v6) = host.strip_prefix('[') {
                v6.split(']').next().unwrap_or_default()
            } else {
                host.split(':').next().unwrap_or_default()
            };
            if !name.is_empty() {
                push("host", &percent_decode(name));
            }
        }
    }
    for pair in &parsed.pairs {
        push(&pair.key, &pair.value);
    }
    found
}

/// A URL (`postgres://…?k=v&…`) or `key=value` text, read into its
/// settings, each with where it stands in the text so that one can be
/// taken out.
struct Parsed<'a> {
    text: &'a str,
    /// For a URL: its `user@host:port,…` part, and where its query starts
    /// (after the `?`, or the URL's end when it has none).
    url: Option<(Range<usize>, usize)>,
    pairs: Vec<Pair>,
}

/// One setting: its key (lower case), its value (decoded) and its place.
struct Pair {
    key: String,
    value: String,
    span: Range<usize>,
}

impl<'a> Parsed<'a> {
    fn new(text: &'a str) -> Parsed<'a> {
        let text = text.trim();
        let Some(after_scheme) = ["postgres://", "postgresql://"]
            .into_iter()
            .find(|s| text.starts_with(s))
            .map(str::len)
        else {
            return Parsed {
                text,
                url: None,
                pairs: key_values(text),
            };
        };
        let path_end = text.find('?').unwrap_or(text.len());
        let authority_end = text[after_scheme..path_end]
            .find('/')
            .map_or(path_end, |slash| after_scheme + slash);
        let query = (path_end + 1).min(text.len());
        let mut pairs = Vec::new();
        let mut start = query;
        for part in text[query..].split('&') {
            let span = start..start + part.len();
            start = span.end + 1;
            if let Some((k, v)) = part.split_once('=') {
                pairs.push(Pair {
                    key: percent_decode(k).trim().to_ascii_lowercase(),
                    value: percent_decode(v),
                    span,
                });
            }
        }
        Parsed {
            text,
            url: Some((after_scheme..authority_end, query)),
            pairs,
        }
    }

    /// A URL's `user@host:port,…` part.
    fn authority(&self) -> Option<&'a str> {
        self.url.as_ref().map(|(a, _)| &self.text[a.clone()])
    }

    /// The text without the settings named in `keys`.
    fn without(&self, keys: &[&str]) -> String {
        let kept: Vec<&str> = self
            .pairs
            .iter()
            .filter(|p| !keys.contains(&p.key.as_str()))
            .filter_map(|p| self.text.get(p.span.clone()))
            .collect();
        match &self.url {
            None => kept.join(" "),
            Some((_, query)) => {
                let base = &self.text[..*query];
                let base = base.strip_suffix('?').unwrap_or(base);
                if kept.is_empty() {
                    base.to_owned()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
        }
    }
}

/// The settings of `key=value` text as libpq reads it: blanks around `=`
/// allowed, a value in single quotes may hold blanks, a backslash escapes
/// the next character.
fn key_values(text: &str) -> Vec<Pair> {
    let bytes = text.as_bytes();
    let mut pairs = Vec::new();
    let mut i = 0;
    let blank = |b: u8| b.is_ascii_whitespace();
    loop {
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return pairs;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b'=' && !blank(bytes[i]) {
            i += 1;
        }
        let key = text[start..i].to_ascii_lowercase();
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            // Not a setting: skipped, as tokio-postgres will refuse it.
            continue;
        }
        i += 1;
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        let mut value = Vec::new();
        let quoted = bytes.get(i) == Some(&b'\'');
        if quoted {
            i += 1;
        }
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if i + 1 < bytes.len() => {
                    value.push(bytes[i + 1]);
                    i += 2;
                }
                b'\'' if quoted => {
                    i += 1;
                    break;
                }
                b if !quoted && blank(b) => break,
                b => {
                    value.push(b);
                    i += 1;
                }
            }
        }
        pairs.push(Pair {
            key,
            value: String::from_utf8_lossy(&value).into_owned(),
            span: start..i,
        });
    }
}

/// `%2F` and the like, as URLs carry a socket folder.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_on_this_machine_needs_no_tls() {
        for url in [
            "postgres://atelier@localhost/atelier",
            "postgres://atelier:secret@127.0.0.1:5432/atelier",
            "postgresql://atelier@[::1]:5432/atelier",
            "postgres://atelier@%2Fvar%2Frun%2Fpostgresql/atelier",
            "postgres:///atelier?host=/var/run/postgresql",
            "postgres://atelier@/atelier",
            "host=/tmp user=atelier dbname=atelier",
            "host=localhost,127.0.0.2 user=atelier",
        ] {
            assert_eq!(check_database_url(url, false), Ok(()), "{url}");
        }
    }

    #[test]
    fn a_remote_database_needs_tls_unless_allowed() {
        for url in [
            "postgres://atelier@db.garage.fr/atelier",
            "postgres://atelier@10.0.0.5:5432/atelier?sslmode=prefer",
            "postgres://atelier@localhost,db.garage.fr/atelier",
            "postgres://atelier@localhost/atelier?host=db.garage.fr",
            "postgres://atelier@[2001:db8::1]:5432/atelier?sslmode=disable",
            "host=db.garage.fr user=atelier",
            "host=localhost hostaddr=192.168.1.20 user=atelier",
        ] {
            let refused = check_database_url(url, false).unwrap_err();
            assert!(refused.to_string().contains("encrypted tunnel"), "{url}");
            assert_eq!(check_database_url(url, true), Ok(()), "{url} when allowed");
        }
        assert_eq!(
            check_database_url("postgres://atelier@db.garage.fr/atelier", false),
            Err(UrlError::Plain {
                host: "db.garage.fr".into()
            })
        );
        for mode in ["require", "verify-ca", "verify-full"] {
            let url = format!("postgres://atelier@db.garage.fr/atelier?sslmode={mode}");
            assert_eq!(check_database_url(&url, false), Ok(()), "{url}");
            let kv = format!("host=db.garage.fr sslmode={mode}");
            assert_eq!(check_database_url(&kv, false), Ok(()), "{kv}");
        }
    }

    #[test]
    fn the_tls_a_url_asks_for_is_read_as_libpq_reads_it() {
        let split = |url: &str| split_tls(url).unwrap();
        let ca = || Roots::File(PathBuf::from("/etc/atelier/pg ca.pem"));
        assert_eq!(
            split(
                "postgres://atelier@db.garage.fr/atelier?sslmode=verify-full&sslrootcert=/etc/atelier/pg%20ca.pem&connect_timeout=5"
            ),
            (
                "postgres://atelier@db.garage.fr/atelier?connect_timeout=5".to_owned(),
                Tls::VerifyFull(ca())
            )
        );
        assert_eq!(
            split(
                "host=db.garage.fr sslrootcert='/etc/atelier/pg ca.pem' sslmode = verify-ca user=atelier"
            ),
            (
                "host=db.garage.fr user=atelier".to_owned(),
                Tls::VerifyCa(ca())
            )
        );
        assert_eq!(
            split("postgres://db.garage.fr/atelier?sslmode=require"),
            ("postgres://db.garage.fr/atelier".to_owned(), Tls::Encrypted)
        );
        // As libpq: `require` with a root certificate checks the chain.
        assert_eq!(
            split("host=db sslmode=require sslrootcert=/ca.pem").1,
            Tls::VerifyCa(Roots::File("/ca.pem".into()))
        );
        assert_eq!(
            split("postgres://db/a?sslmode=verify-full&sslrootcert=system").1,
            Tls::VerifyFull(Roots::System)
        );
        assert_eq!(
            split("postgres://db/a?sslmode=verify-ca").1,
            Tls::VerifyCa(Roots::System)
        );
        for plain in [
            "postgres://localhost/atelier",
            "postgres://localhost/atelier?sslmode=prefer",
            "host=/tmp sslmode=disable",
        ] {
            assert_eq!(split(plain).1, Tls::Off, "{plain}");
        }
        // The last one given counts.
        assert_eq!(
            split("host=db sslmode=disable sslmode=require").1,
            Tls::Encrypted
        );
        assert_eq!(
            split_tls("postgres://db/a?sslmode=verify_full"),
            Err(UrlError::SslMode("verify_full".into()))
        );
        assert_eq!(
            check_database_url("host=db sslmode=verify-full sslcert=/me.pem", false),
            Err(UrlError::SslSetting("sslcert".into()))
        );
    }
}

//! Which PostgreSQL URLs the server accepts: the workshops' data crosses
//! the network between the server and its database, so away from this
//! machine it must go over TLS, unless the owner says otherwise
//! (`--allow-plain-postgres`).

/// Why a database URL is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// A remote database without TLS.
    #[error(
        "the PostgreSQL server {host} is not on this machine and the URL does not ask for TLS: reach it through an encrypted tunnel (WireGuard, stunnel, SSH) ending on a loopback address, or pass --allow-plain-postgres if the network between them is trusted"
    )]
    Plain {
        /// The first remote host named.
        host: String,
    },
}

/// Checks `url` (a `postgres://` URL or `key=value` settings): accepted
/// when it asks for TLS (`sslmode=require`, `verify-ca` or `verify-full`),
/// when every host it names is this machine (loopback or a Unix socket),
/// or when `allow_plain`.
///
/// # Errors
/// [`UrlError::Plain`] otherwise.
pub fn check_database_url(url: &str, allow_plain: bool) -> Result<(), UrlError> {
    let settings = settings(url);
    if asks_tls(url) || allow_plain {
        return Ok(());
    }
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

/// Whether `url` asks for TLS (`sslmode=require`, `verify-ca` or `verify-full`).
pub(crate) fn asks_tls(url: &str) -> bool {
    settings(url).iter().any(|(k, v)| {
        k == "sslmode" && matches!(v.as_str(), "require" | "verify-ca" | "verify-full")
    })
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
    let url = url.trim();
    let mut found = Vec::new();
    let mut push = |key: &str, value: &str| {
        let key = key.trim().to_ascii_lowercase();
        for value in value.split(',') {
            let value = percent_decode(value.trim());
            found.push((key.clone(), value));
        }
    };
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"));
    let Some(rest) = rest else {
        for pair in url.split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                push(k, v.trim_matches('\''));
            }
        }
        return found;
    };
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = before_query.split('/').next().unwrap_or_default();
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    for host in hosts.split(',') {
        // host, host:port, [v6]:port
        let name = if let Some(v6) = host.strip_prefix('[') {
            v6.split(']').next().unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or_default()
        };
        if !name.is_empty() {
            push("host", name);
        }
    }
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            push(k, v);
        }
    }
    found
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
}

//! The `Host` check, against DNS rebinding.
//!
//! dev-api binds 127.0.0.1 only, but that alone does not keep web pages out: a page on
//! `rebind.attacker.example:8787` whose name the attacker then points at 127.0.0.1 is, for the
//! browser, same-origin with this server, so neither CORS nor preflights stop it from listing
//! connections, reading what they received, minting tokens or wiping the data. What such a request
//! cannot hide is its `Host` header: it names the attacker's host. So every request, before any
//! routing (static files, dev pages, `/dev/token`, `/dev/faults`, preflights), must name this
//! server's own loopback address, with the port actually bound, or a host given with
//! `--allowed-host` (a proxy in front of dev-api).

use std::fmt;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::ApiError;

/// The names this server always answers to (with the port it bound).
pub const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The longest `Host` value quoted back in a refusal; the rest is cut off.
const QUOTE_LIMIT: usize = 100;

/// A host allowed by `--allowed-host`: a name (lowercase; an IPv6 address in brackets), and a port
/// when one was given. Without a port, every port of that name is allowed: behind a proxy the port
/// the browser used (often none at all, the scheme's default) is the proxy's business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    /// The host name, lowercase.
    pub name: String,
    /// The only port allowed with it, when given.
    pub port: Option<u16>,
}

impl AllowedHost {
    /// Reads `HOST` or `HOST:PORT` as `--allowed-host` takes it.
    pub fn parse(text: &str) -> Result<AllowedHost, String> {
        let refuse = || {
            format!(
                "--allowed-host takes a host such as dev.example.test or dev.example.test:8443 (no scheme, no path), \
                 not {text:?}"
            )
        };
        let (name, port) = split(text).ok_or_else(refuse)?;
        if name.is_empty() || port == Some(0) {
            return Err(refuse());
        }
        Ok(AllowedHost { name, port })
    }
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

/// Splits `name[:port]` into a lowercase name and a port. `None` for anything else: an empty port,
/// a port that is not a number, characters a host name does not have, an IPv6 address without
/// brackets.
fn split(text: &str) -> Option<(String, Option<u16>)> {
    let (name, port) = if text.starts_with('[') {
        let end = text.find(']')?;
        let (name, rest) = text.split_at(end + 1);
        let inside = &name[1..name.len() - 1];
        if inside.is_empty() || !inside.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return None;
        }
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        let (name, port) = match text.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (text, None),
        };
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            return None;
        }
        (name, port)
    };
    let port = match port {
        None => None,
        Some(digits) if !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse().ok()?)
        }
        Some(_) => return None,
    };
    Some((name.to_ascii_lowercase(), port))
}

/// The hosts one server answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The port bound.
    pub port: u16,
    /// `--allowed-host`.
    pub allowed: Vec<AllowedHost>,
}

impl Hosts {
    /// Whether a `Host` value (or the authority of an absolute request target) names this server.
    /// Names compare without regard to case; a value without a port means port 80, as in a URL.
    pub fn allows(&self, value: &str) -> bool {
        let Some((name, port)) = split(value) else {
            return false;
        };
        if name.is_empty() {
            return false;
        }
        if LOOPBACK_NAMES.contains(&name.as_str()) && port.unwrap_or(80) == self.port {
            return true;
        }
        self.allowed
            .iter()
            .any(|a| a.name == name && a.port.is_none_or(|p| port == Some(p)))
    }
}

/// `value` for a sentence: quoted, cut to a readable length.
fn quote(value: &str) -> String {
    let mut end = value.len().min(QUOTE_LIMIT);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < value.len() { "…" } else { "" };
    format!("{:?}{cut}", &value[..end])
}

fn refuse(hosts: &Hosts, what: String) -> Response {
    let port = hosts.port;
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad-host",
        format!(
            "{what}; dev-api answers only to 127.0.0.1:{port}, localhost:{port} and [::1]:{port} (and the hosts of \
             --allowed-host), so that a web page cannot reach it by pointing its own name at 127.0.0.1."
        ),
    )
    .with_remedy(format!(
        "Call dev-api as http://127.0.0.1:{port}, or start it with --allowed-host HOST[:PORT] for a proxy in front of it."
    ))
    .into_response()
}

/// The middleware, outside every other layer: a request whose `Host` (and absolute target, if it
/// has one) does not name this server gets a `400 bad-host` problem and goes no further.
pub async fn check(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let hosts = hosts.as_ref();
    let mut values = request.headers().get_all(header::HOST).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        let what = if request.headers().contains_key(header::HOST) {
            "The request has more than one Host header"
        } else {
            "The request has no Host header"
        };
        return refuse(hosts, what.to_owned());
    };
    let Ok(value) = value.to_str() else {
        return refuse(hosts, "The request's Host header is not plain text".to_owned());
    };
    if !hosts.allows(value) {
        return refuse(hosts, format!("The Host {} is not this server", quote(value)));
    }
    // `GET http://other.example/ HTTP/1.1` names its host in the target, which HTTP says wins
    // over the header.
    if let Some(authority) = request.uri().authority()
        && !hosts.allows(authority.as_str())
    {
        return refuse(
            hosts,
            format!(
                "The request target's host {} is not this server",
                quote(authority.as_str())
            ),
        );
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(allowed: &[&str]) -> Hosts {
        Hosts {
            port: 8787,
            allowed: allowed.iter().map(|a| AllowedHost::parse(a).unwrap()).collect(),
        }
    }

    #[test]
    fn loopback_with_the_bound_port() {
        let hosts = hosts(&[]);
        for ok in ["127.0.0.1:8787", "localhost:8787", "LOCALHOST:8787", "[::1]:8787"] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "127.0.0.1:8788",
            "127.0.0.1",
            "localhost",
            "rebind.attacker.example:8787",
            "localhost.attacker.example:8787",
            "127.0.0.1:8787:1",
            "127.0.0.1:",
            "127.0.0.1:+8787",
            "[::1]",
            "::1:8787",
            "[::1]8787",
            "",
            ":8787",
            "local host:8787",
            "user@127.0.0.1:8787",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
        // Port 80 is the one a Host without a port means.
        let eighty = Hosts {
            port: 80,
            allowed: vec![],
        };
        assert!(eighty.allows("127.0.0.1") && eighty.allows("localhost:80"));
    }

    #[test]
    fn allowed_hosts() {
        let hosts = hosts(&["Dev.Example.test", "proxy.test:8443", "[::2]"]);
        assert!(hosts.allows("dev.example.test"));
        assert!(hosts.allows("DEV.example.test:443"));
        assert!(hosts.allows("proxy.test:8443"));
        assert!(!hosts.allows("proxy.test"));
        assert!(!hosts.allows("proxy.test:443"));
        assert!(hosts.allows("[::2]:1"));
        assert!(!hosts.allows("example.test"));
        for bad in [
            "",
            "http://a.test",
            "a.test/x",
            "a.test:",
            "a.test:0",
            "a.test:99999",
            "*",
            "[::1",
            "a b",
        ] {
            assert!(AllowedHost::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(AllowedHost::parse("A.test:1").unwrap().to_string(), "a.test:1");
    }

    #[test]
    fn long_hosts_are_cut_when_quoted() {
        let long = "a".repeat(300);
        let quoted = quote(&long);
        assert!(quoted.len() < 110 && quoted.ends_with('…'), "{quoted}");
        assert_eq!(quote("evil.test:1"), "\"evil.test:1\"");
    }
}

//! The command line: what the server listens on, where it keeps its data, whom it lets in.

use std::path::{Path, PathBuf};

use crate::auth::Identity;
use crate::host::AllowedHost;

/// The origins a browser may call the API from when `--allow-origin` is not given: the addresses
/// `trunk serve` uses.
pub const DEFAULT_ORIGINS: [&str; 2] = ["http://127.0.0.1:8080", "http://localhost:8080"];

/// The port when `--port` is not given.
pub const DEFAULT_PORT: u16 = 8787;

/// Where the SQLite file goes when `--db` is not given, relative to the project root (an untracked
/// folder).
pub const DEFAULT_DB: &str = ".local/dev-api.sqlite";

/// Where connections are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file; its folder is created when missing.
    File(PathBuf),
    /// An in-memory database that lives as long as the server (`--db :memory:`), for tests.
    Memory,
}

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Where connections are kept.
    pub db: Database,
    /// Origins allowed to call the API from a browser (CORS).
    pub allow_origins: Vec<String>,
    /// Demand a bearer token minted by `POST /dev/token` on the connection endpoints.
    pub require_auth: bool,
    /// The HS256 key for tokens; a random one per process when `None`.
    pub jwt_secret: Option<String>,
    /// A folder to serve at `/` (a release build of the web app).
    pub static_dir: Option<PathBuf>,
    /// Hosts besides 127.0.0.1, localhost and \[::1\] (with the port bound) that requests may
    /// name in `Host`: a proxy's.
    pub allowed_hosts: Vec<AllowedHost>,
    /// The only identity `POST /dev/token` mints for, with no session needed
    /// (`--token-group`, `--token-consumer`).
    pub token_identity: Option<Identity>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: DEFAULT_PORT,
            db: Database::File(project_root().join(DEFAULT_DB)),
            allow_origins: DEFAULT_ORIGINS.iter().map(|o| (*o).to_owned()).collect(),
            require_auth: false,
            jwt_secret: None,
            static_dir: None,
            allowed_hosts: Vec::new(),
            token_identity: None,
        }
    }
}

impl Config {
    /// A configuration for tests: a free port, an in-memory database, the default origins.
    pub fn for_tests() -> Self {
        Config {
            port: 0,
            db: Database::Memory,
            ..Config::default()
        }
    }

    /// Reads the flags (without the program name). `Ok(None)` means `--help` was asked for.
    pub fn from_args<I, S>(args: I) -> Result<Option<Config>, String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut config = Config::default();
        let mut origins: Vec<String> = Vec::new();
        let (mut token_group, mut token_consumer) = (None, None);
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            // Both `--flag value` and `--flag=value`.
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match flag.as_str() {
                "--help" | "-h" => return Ok(None),
                "--port" => {
                    let text = value("--port")?;
                    config.port = text
                        .parse()
                        .map_err(|_| format!("--port must be a number from 0 to 65535, not {text:?}"))?;
                }
                "--db" => {
                    let text = value("--db")?;
                    config.db = if text == ":memory:" {
                        Database::Memory
                    } else {
                        Database::File(PathBuf::from(text))
                    };
                }
                "--allow-origin" => {
                    let text = value("--allow-origin")?;
                    for origin in text.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                        check_origin(origin)?;
                        origins.push(origin.trim_end_matches('/').to_owned());
                    }
                }
                "--require-auth" if inline.is_none() => config.require_auth = true,
                "--jwt-secret" => {
                    let text = value("--jwt-secret")?;
                    if text.is_empty() {
                        return Err("--jwt-secret must not be empty".to_owned());
                    }
                    config.jwt_secret = Some(text);
                }
                "--static" => config.static_dir = Some(PathBuf::from(value("--static")?)),
                "--allowed-host" => {
                    let text = value("--allowed-host")?;
                    for host in text.split(',').map(str::trim).filter(|h| !h.is_empty()) {
                        config.allowed_hosts.push(AllowedHost::parse(host)?);
                    }
                }
                "--token-group" => token_group = Some(reference("--token-group", value("--token-group")?)?),
                "--token-consumer" => {
                    token_consumer = Some(reference("--token-consumer", value("--token-consumer")?)?);
                }
                other => return Err(format!("unknown argument {other:?} (see --help)")),
            }
        }
        if !origins.is_empty() {
            config.allow_origins = origins;
        }
        config.token_identity = match (token_group, token_consumer) {
            (Some(group_ref), Some(consumer_ref)) => Some(Identity {
                group_ref,
                consumer_ref,
            }),
            (None, None) => None,
            _ => return Err("--token-group and --token-consumer go together".to_owned()),
        };
        Ok(Some(config))
    }
}

/// The usage text for `--help`.
pub const USAGE: &str = "\
dev-api: a local stand-in for the connection API

USAGE: dev-api [FLAGS]

  --port PORT            port on 127.0.0.1 (default 8787; 0 picks a free one)
  --db PATH              SQLite file (default .local/dev-api.sqlite in the project root; :memory: for tests)
  --allow-origin ORIGIN  browser origin allowed by CORS; repeat or separate with commas
                         (default http://127.0.0.1:8080 and http://localhost:8080)
  --require-auth         demand a bearer token from POST /dev/token on the connection endpoints
  --jwt-secret SECRET    HS256 key for tokens (default: random per process)
  --static DIR           serve the files of DIR at / (index.html for /), with the headers of DIR/_headers
  --allowed-host HOST[:PORT]
                         also answer requests whose Host is HOST (any port, or only PORT), e.g. a proxy's;
                         repeat or separate with commas (always: 127.0.0.1, localhost, [::1] with the port bound)
  --token-group REF      with --token-consumer: POST /dev/token mints only for this groupRef and consumerRef,
  --token-consumer REF   without a session (default: for the user signed in with POST /dev/session)
  -h, --help             this text
";

/// A ref given on the command line: trimmed, not empty.
fn reference(flag: &str, text: String) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("{flag} must not be empty"));
    }
    Ok(text.to_owned())
}

fn check_origin(origin: &str) -> Result<(), String> {
    let ok = (origin.starts_with("http://") || origin.starts_with("https://"))
        && origin.split("://").nth(1).is_some_and(|rest| {
            let rest = rest.trim_end_matches('/');
            !rest.is_empty() && !rest.contains('/') && !rest.contains(char::is_whitespace)
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "--allow-origin takes origins such as http://127.0.0.1:8080, not {origin:?}"
        ))
    }
}

/// The workspace root: the folder above this crate's.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = Config::from_args(Vec::<String>::new()).unwrap().unwrap();
        assert_eq!(config.port, 8787);
        assert_eq!(config.db, Database::File(project_root().join(".local/dev-api.sqlite")));
        assert_eq!(config.allow_origins, ["http://127.0.0.1:8080", "http://localhost:8080"]);
        assert!(!config.require_auth);
    }

    #[test]
    fn flags() {
        let config = Config::from_args([
            "--port=0",
            "--db",
            ":memory:",
            "--allow-origin",
            "http://a.test:1, http://b.test:2/",
            "--allow-origin=https://c.test",
            "--require-auth",
            "--jwt-secret",
            "s3cret",
            "--static",
            "dist",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.port, 0);
        assert_eq!(config.db, Database::Memory);
        assert_eq!(
            config.allow_origins,
            ["http://a.test:1", "http://b.test:2", "https://c.test"]
        );
        assert!(config.require_auth);
        assert_eq!(config.jwt_secret.as_deref(), Some("s3cret"));
        assert_eq!(config.static_dir, Some(PathBuf::from("dist")));
        assert!(config.allowed_hosts.is_empty());
        assert_eq!(config.token_identity, None);
    }

    #[test]
    fn hosts_and_the_token_identity() {
        let config = Config::from_args([
            "--allowed-host",
            "Dev.Example.test, proxy.test:8443",
            "--allowed-host=[::2]",
            "--token-group",
            "acme inc:1",
            "--token-consumer=jane@acme.test",
        ])
        .unwrap()
        .unwrap();
        let hosts: Vec<String> = config.allowed_hosts.iter().map(ToString::to_string).collect();
        assert_eq!(hosts, ["dev.example.test", "proxy.test:8443", "[::2]"]);
        assert_eq!(
            config.token_identity,
            Some(Identity {
                group_ref: "acme inc:1".into(),
                consumer_ref: "jane@acme.test".into()
            })
        );
        for (args, says) in [
            (&["--allowed-host", "http://proxy.test"][..], "--allowed-host takes"),
            (&["--allowed-host", "proxy.test/x"], "--allowed-host takes"),
            (&["--token-group", "g"], "go together"),
            (&["--token-consumer", "c"], "go together"),
            (&["--token-group", " ", "--token-consumer", "c"], "must not be empty"),
        ] {
            let error = Config::from_args(args.iter().copied()).unwrap_err();
            assert!(error.contains(says), "{args:?}: {error}");
        }
    }

    #[test]
    fn mistakes_are_named() {
        assert!(Config::from_args(["--port", "x"]).unwrap_err().contains("--port"));
        assert!(Config::from_args(["--port"]).unwrap_err().contains("needs a value"));
        assert!(
            Config::from_args(["--allow-origin", "*"])
                .unwrap_err()
                .contains("origins")
        );
        assert!(Config::from_args(["--nope"]).unwrap_err().contains("--nope"));
        assert_eq!(Config::from_args(["--help"]).unwrap(), None);
    }
}

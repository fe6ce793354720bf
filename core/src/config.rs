//! The form's configuration, read from its page's query string. The embedding work reuses the same
//! names, so this is the one place that knows them.

use crate::assemble::Identity;

/// Where the form submits when `apiBase` is not given.
pub const DEFAULT_API_BASE: &str = "https://api.withampersand.com/v1";

/// Which catalog the picker and forms use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogSource {
    /// The catalog built into the app (no network, always available).
    Embedded,
    /// `GET {apiBase}/providers`, falling back to the embedded one.
    Live,
}

/// The colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
    /// Follows the system (`prefers-color-scheme`).
    Auto,
}

impl Theme {
    /// The value of the page's `data-theme` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// The form's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The API's base URL, without a trailing `/`.
    pub api_base: String,
    /// The project to submit to.
    pub project: String,
    /// Who is connecting.
    pub identity: Identity,
    /// Open straight on this provider's form.
    pub provider: Option<String>,
    /// Offer only these providers in the picker.
    pub providers: Option<Vec<String>>,
    /// The provider module whose inputs to ask.
    pub module: Option<String>,
    /// Which catalog to use.
    pub catalog: CatalogSource,
    /// Where to get a short-lived API token (`POST`, with credentials).
    pub token_url: Option<String>,
    /// The colour scheme.
    pub theme: Theme,
    /// The language of the messages.
    pub lang: String,
    /// Offer importing OAuth2 tokens obtained elsewhere (`allowTokenImport=true`), for products
    /// migrating connections.
    pub allow_token_import: bool,
    /// The embedding page's origin: messages go to `window.parent` with this target origin only.
    /// Without it, nothing is posted.
    pub parent_origin: Option<String>,
}

/// An origin (`https://host[:port]`, or `http://` on this machine), as browsers write it.
fn check_origin(value: &str) -> Result<String, ConfigProblem> {
    let url = check_url(value, false)?;
    match crate::sign_in::origin_of(&url) {
        Some(origin) if origin == url.to_ascii_lowercase() => Ok(origin),
        _ => Err(ConfigProblem::NotAnOrigin),
    }
}

/// What is wrong with one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The parameter is required and absent or empty.
    Missing,
    /// Not an absolute `https://` URL (plain `http://` is allowed for this machine only).
    NotAnHttpsUrl,
    /// A URL with `user:password@`, a query or a fragment where none belongs.
    UrlWithExtras,
    /// Not one of the allowed values, which are listed.
    NotOneOf(&'static [&'static str]),
    /// Contains characters a reference or a name cannot have (control characters, or more than 256
    /// characters).
    BadCharacters,
    /// Not in the provider catalog; the value is given.
    UnknownProvider(String),
    /// A list that names nothing.
    EmptyList,
    /// The query string is not valid percent-encoded UTF-8.
    BadEncoding,
    /// Not an origin (`https://host[:port]`, no path).
    NotAnOrigin,
}

/// A problem with a named parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// The parameter's name as the embedder writes it (`consumerRef`, `apiBase`, ...).
    pub param: &'static str,
    /// What is wrong.
    pub problem: ConfigProblem,
}

/// The languages with a message catalog.
pub const LANGUAGES: &[&str] = &["en"];

/// Decodes a query string (`a=1&b=x%20y+z`) into pairs. `None` when the encoding is broken.
pub fn parse_query(query: &str) -> Option<Vec<(String, String)>> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(key)?, percent_decode(value)?))
        })
        .collect()
}

fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut input = text.bytes();
    while let Some(byte) = input.next() {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = (input.next()? as char).to_digit(16)?;
                let low = (input.next()? as char).to_digit(16)?;
                bytes.push((high * 16 + low) as u8);
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).ok()
}

/// Percent-encodes a query value.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// This machine: `localhost`, `[::1]` or an IPv4 address in 127.0.0.0/8. (A name that merely starts
/// with `127.` is somebody else's host.)
fn is_loopback(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    let is_octet =
        |o: &&str| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u8>().is_ok();
    host == "localhost" || host == "[::1]" || (octets.len() == 4 && octets[0] == "127" && octets.iter().all(is_octet))
}

/// Checks an absolute URL: https, or http on this machine (for local development and tests).
fn check_url(value: &str, allow_path_only: bool) -> Result<String, ConfigProblem> {
    if allow_path_only && value.starts_with('/') && !value.starts_with("//") {
        if value.contains(['?', '#']) || value.chars().any(char::is_whitespace) {
            return Err(ConfigProblem::UrlWithExtras);
        }
        return Ok(value.to_owned());
    }
    let (scheme, rest) = value.split_once("://").ok_or(ConfigProblem::NotAnHttpsUrl)?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(ipv6) => ipv6
            .split_once(']')
            .map_or(authority, |(h, _)| &authority[..h.len() + 2]),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let scheme_ok = scheme.eq_ignore_ascii_case("https") || (scheme.eq_ignore_ascii_case("http") && is_loopback(host));
    if !scheme_ok || host.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(ConfigProblem::NotAnHttpsUrl);
    }
    if authority.contains('@') || value.contains(['?', '#']) {
        return Err(ConfigProblem::UrlWithExtras);
    }
    Ok(value.trim_end_matches('/').to_owned())
}

fn check_name(value: &str) -> Result<String, ConfigProblem> {
    let value = value.trim();
    if value.chars().count() > 256 || value.chars().any(crate::validate::is_unwanted_char) {
        return Err(ConfigProblem::BadCharacters);
    }
    Ok(value.to_owned())
}

impl Config {
    /// Reads the configuration from a page's query string. Every problem is reported, each naming its
    /// parameter, so the embedder can fix them all at once.
    pub fn from_query(query: &str) -> Result<Config, Vec<ConfigIssue>> {
        let Some(pairs) = parse_query(query) else {
            return Err(vec![ConfigIssue {
                param: "query",
                problem: ConfigProblem::BadEncoding,
            }]);
        };
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let mut issues = Vec::new();
        let mut note = |param: &'static str, problem: ConfigProblem| issues.push(ConfigIssue { param, problem });

        let api_base = match get("apiBase").map(|v| check_url(v, false)) {
            None => DEFAULT_API_BASE.to_owned(),
            Some(Ok(url)) => url,
            Some(Err(problem)) => {
                note("apiBase", problem);
                String::new()
            }
        };
        let mut required = |param: &'static str| match get(param).map(check_name) {
            None => {
                note(param, ConfigProblem::Missing);
                String::new()
            }
            Some(Ok(value)) => value,
            Some(Err(problem)) => {
                note(param, problem);
                String::new()
            }
        };
        let project = required("project");
        let consumer_ref = required("consumerRef");
        let group_ref = required("groupRef");
        let mut optional = |param: &'static str| match get(param).map(check_name) {
            None => None,
            Some(Ok(value)) => Some(value),
            Some(Err(problem)) => {
                note(param, problem);
                None
            }
        };
        let consumer_name = optional("consumerName");
        let group_name = optional("groupName");
        let provider = optional("provider");
        let module = optional("module");
        let providers = optional("providers").map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
        if providers.as_ref().is_some_and(Vec::is_empty) {
            note("providers", ConfigProblem::EmptyList);
        }
        let catalog = match get("catalog") {
            None | Some("embedded") => CatalogSource::Embedded,
            Some("live") => CatalogSource::Live,
            Some(_) => {
                note("catalog", ConfigProblem::NotOneOf(&["embedded", "live"]));
                CatalogSource::Embedded
            }
        };
        let token_url = match get("tokenUrl").map(|v| check_url(v, true)) {
            None => None,
            Some(Ok(url)) => Some(url),
            Some(Err(problem)) => {
                note("tokenUrl", problem);
                None
            }
        };
        let theme = match get("theme") {
            None | Some("auto") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some(_) => {
                note("theme", ConfigProblem::NotOneOf(&["light", "dark", "auto"]));
                Theme::Auto
            }
        };
        let allow_token_import = match get("allowTokenImport") {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                note("allowTokenImport", ConfigProblem::NotOneOf(&["true", "false"]));
                false
            }
        };
        let parent_origin = match get("parentOrigin").map(check_origin) {
            None => None,
            Some(Ok(origin)) => Some(origin),
            Some(Err(problem)) => {
                note("parentOrigin", problem);
                None
            }
        };
        // A host passes its user's locale as it is; until there are more catalogs, anything else
        // reads in English rather than failing.
        let lang = get("lang")
            .map(|l| l.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase())
            .filter(|l| LANGUAGES.contains(&l.as_str()))
            .unwrap_or_else(|| "en".to_owned());
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(Config {
            api_base,
            project,
            identity: Identity {
                group_ref,
                group_name,
                consumer_ref,
                consumer_name,
            },
            provider,
            providers: providers.filter(|p| !p.is_empty()),
            module,
            catalog,
            token_url,
            theme,
            lang,
            allow_token_import,
            parent_origin,
        })
    }

    /// Checks the provider names against a catalog: `provider` and every name of `providers` must be
    /// in it.
    pub fn check_providers(&self, catalog: &crate::catalog::Catalog) -> Vec<ConfigIssue> {
        let mut issues = Vec::new();
        if let Some(name) = &self.provider
            && catalog.get(name).is_none()
        {
            issues.push(ConfigIssue {
                param: "provider",
                problem: ConfigProblem::UnknownProvider(name.clone()),
            });
        }
        for name in self.providers.iter().flatten() {
            if catalog.get(name).is_none() {
                issues.push(ConfigIssue {
                    param: "providers",
                    problem: ConfigProblem::UnknownProvider(name.clone()),
                });
            }
        }
        issues
    }

    /// The URL of an API path under the base, e.g. `/projects/p/connections:generate`.
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{path}", self.api_base)
    }

    /// The URL of a path under the project's connections: `""` (the list), `"/{id}"`,
    /// `":generate"`, `"/{id}:oauth-update"`, ...
    pub fn connections_url(&self, rest: &str) -> String {
        self.api_url(&format!(
            "/projects/{}/connections{rest}",
            percent_encode(&self.project)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "project=p1&consumerRef=u1&groupRef=g1";

    #[test]
    fn a_minimal_query_gets_the_defaults() {
        let config = Config::from_query(&format!("?{BASE}")).unwrap();
        assert_eq!(config.api_base, DEFAULT_API_BASE);
        assert_eq!(config.project, "p1");
        assert_eq!(config.identity.consumer_ref, "u1");
        assert_eq!(config.catalog, CatalogSource::Embedded);
        assert_eq!(config.theme, Theme::Auto);
        assert_eq!(config.lang, "en");
        assert_eq!(
            config.api_url("/providers"),
            "https://api.withampersand.com/v1/providers"
        );
    }

    #[test]
    fn every_parameter_is_read() {
        let query = format!(
            "{BASE}&apiBase=http%3A%2F%2F127.0.0.1%3A8787%2Fv1%2F&consumerName=Jane+Doe&groupName=Acme%20Inc\
             &provider=zendeskSupport&providers=hubspot,%20zendeskSupport&module=crm&catalog=live\
             &tokenUrl=%2Fapi%2Ftoken&theme=dark&lang=en-GB&allowTokenImport=true&unknown=ignored"
        );
        let config = Config::from_query(&query).unwrap();
        assert_eq!(config.api_base, "http://127.0.0.1:8787/v1");
        assert_eq!(config.identity.consumer_name.as_deref(), Some("Jane Doe"));
        assert_eq!(config.identity.group_name.as_deref(), Some("Acme Inc"));
        assert_eq!(
            config.providers,
            Some(vec!["hubspot".to_owned(), "zendeskSupport".to_owned()])
        );
        assert_eq!(config.token_url.as_deref(), Some("/api/token"));
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.lang, "en");
        assert_eq!(config.module.as_deref(), Some("crm"));
        assert_eq!(config.provider.as_deref(), Some("zendeskSupport"));
        assert_eq!(config.catalog, CatalogSource::Live);
        assert!(config.allow_token_import);
        assert!(!Config::from_query(BASE).unwrap().allow_token_import);
    }

    #[test]
    fn the_parent_origin_is_an_origin() {
        let config = Config::from_query(&format!("{BASE}&parentOrigin=https%3A%2F%2FApp.Example.com")).unwrap();
        assert_eq!(config.parent_origin.as_deref(), Some("https://app.example.com"));
        assert_eq!(Config::from_query(BASE).unwrap().parent_origin, None);
        let local = Config::from_query(&format!("{BASE}&parentOrigin=http://127.0.0.1:8787")).unwrap();
        assert_eq!(local.parent_origin.as_deref(), Some("http://127.0.0.1:8787"));
        for (value, problem) in [
            ("https://app.example.com/settings", ConfigProblem::NotAnOrigin),
            ("https://app.example.com:443", ConfigProblem::NotAnOrigin),
            ("*", ConfigProblem::NotAnHttpsUrl),
            ("null", ConfigProblem::NotAnHttpsUrl),
            ("http://app.example.com", ConfigProblem::NotAnHttpsUrl),
            ("https://app.example.com?x", ConfigProblem::UrlWithExtras),
        ] {
            let issues = Config::from_query(&format!("{BASE}&parentOrigin={value}")).unwrap_err();
            let param = "parentOrigin";
            assert_eq!(issues, [ConfigIssue { param, problem }], "{value}");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_parameter() {
        let issues = Config::from_query(
            "apiBase=http://api.example.com/v1&consumerRef=&theme=blue&catalog=remote&tokenUrl=https://u:p@x.io/t\
             &providers=,,&groupName=a%00b&allowTokenImport=yes",
        )
        .unwrap_err();
        let named: Vec<(&str, &ConfigProblem)> = issues.iter().map(|i| (i.param, &i.problem)).collect();
        assert_eq!(
            named,
            [
                ("apiBase", &ConfigProblem::NotAnHttpsUrl),
                ("project", &ConfigProblem::Missing),
                ("consumerRef", &ConfigProblem::Missing),
                ("groupRef", &ConfigProblem::Missing),
                ("groupName", &ConfigProblem::BadCharacters),
                ("providers", &ConfigProblem::EmptyList),
                ("catalog", &ConfigProblem::NotOneOf(&["embedded", "live"])),
                ("tokenUrl", &ConfigProblem::UrlWithExtras),
                ("theme", &ConfigProblem::NotOneOf(&["light", "dark", "auto"])),
                ("allowTokenImport", &ConfigProblem::NotOneOf(&["true", "false"])),
            ]
        );
        assert_eq!(
            Config::from_query("%ZZ").unwrap_err(),
            [ConfigIssue {
                param: "query",
                problem: ConfigProblem::BadEncoding
            }]
        );
        let issues = Config::from_query(&format!("{BASE}&apiBase=https://api.example.com/v1?x=1")).unwrap_err();
        assert_eq!(issues[0].problem, ConfigProblem::UrlWithExtras);
        assert!(Config::from_query(&format!("{BASE}&apiBase=https://api.example.com/v1")).is_ok());
        assert!(Config::from_query(&format!("{BASE}&apiBase=http://localhost:8787/v1")).is_ok());
        // Plain http only for this machine.
        for local in [
            "http://127.0.0.1:8787/v1",
            "http://127.1.2.3/v1",
            "http://[::1]:8787/v1",
            "http://[::1]/v1",
        ] {
            assert!(
                Config::from_query(&format!("{BASE}&apiBase={local}")).is_ok(),
                "{local}"
            );
        }
        for remote in [
            "http://127.attacker.example/v1",
            "http://127.0.0.1.attacker.example/v1",
            "http://localhost.attacker.example/v1",
            "http://127.0.0.256/v1",
            "http://[::2]/v1",
        ] {
            let issues = Config::from_query(&format!("{BASE}&apiBase={remote}")).unwrap_err();
            assert_eq!(issues[0].problem, ConfigProblem::NotAnHttpsUrl, "{remote}");
        }
    }

    #[test]
    fn providers_are_checked_against_the_catalog() {
        let catalog = crate::catalog::Catalog::embedded();
        let config = Config::from_query(&format!("{BASE}&provider=zendesk&providers=hubspot,nope")).unwrap();
        let issues = config.check_providers(&catalog);
        assert_eq!(
            issues,
            [
                ConfigIssue {
                    param: "provider",
                    problem: ConfigProblem::UnknownProvider("zendesk".into())
                },
                ConfigIssue {
                    param: "providers",
                    problem: ConfigProblem::UnknownProvider("nope".into())
                },
            ]
        );
    }

    #[test]
    fn percent_encoding_round_trips() {
        for text in ["a b&c=d/é+%", "", "plain"] {
            let encoded = percent_encode(text);
            assert_eq!(
                parse_query(&format!("k={encoded}")).unwrap(),
                [("k".to_owned(), text.to_owned())]
            );
        }
    }
}

//! The form's configuration, read from its page's query string. The embedding work reuses the same
//! names, so this is the one place that knows them.

use crate::assemble::Identity;
use crate::origin::{UrlParser, UrlProblem, base_url, web_origin, web_url};
use crate::settings::{SETTINGS_FILE, Settings, SettingsError};

pub use crate::settings::DEFAULT_API_BASE;

/// Which catalog the picker and forms use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogSource {
    /// The catalog shipped with the form (`catalog=embedded`): files beside it, the picker's index and
    /// each provider's entry fetched when needed (`crate::catalog_files`).
    Embedded,
    /// `GET {apiBase}/providers`, falling back to the shipped one.
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
    /// The API's base URL, without a trailing `/`: one the deployment allows.
    pub api_base: String,
    /// The API's origin, which sign-in popups' messages must come from.
    pub api_origin: String,
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
    /// Where to get a short-lived API token (`POST`, with credentials): an absolute URL the
    /// deployment allows.
    pub token_url: Option<String>,
    /// The colour scheme.
    pub theme: Theme,
    /// The language of the messages.
    pub lang: String,
    /// Offer importing OAuth2 tokens obtained elsewhere (`allowTokenImport=true`), for products
    /// migrating connections.
    pub allow_token_import: bool,
    /// The embedding page's origin, one the deployment allows: events go to `window.parent` with this
    /// target origin only, and tokens are accepted from it only. Without it, nothing is posted.
    pub parent_origin: Option<String>,
    /// The look the host chose.
    pub look: Look,
}

/// Simple overrides of the style sheet's custom properties, and a host style sheet for the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Look {
    /// The accent colour, `#rgb` or `#rrggbb`.
    pub accent: Option<String>,
    /// The corner radius, in `px` (0–32) or `rem` (0–2).
    pub radius: Option<String>,
    /// A style sheet of the host's, loaded after the form's own: an absolute URL on an origin the
    /// deployment allows.
    pub stylesheet: Option<String>,
}

impl Look {
    /// The root element's attributes that carry the look to the loader, which sets the custom
    /// properties and adds the style sheet: `(attribute, value)`.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut attributes = Vec::new();
        if let Some(accent) = &self.accent {
            attributes.push(("data-cf-accent", accent.clone()));
            attributes.push(("data-cf-accent-text", text_on(accent).to_owned()));
        }
        if let Some(radius) = &self.radius {
            attributes.push(("data-cf-radius", radius.clone()));
        }
        if let Some(stylesheet) = &self.stylesheet {
            attributes.push(("data-cf-stylesheet", stylesheet.clone()));
        }
        attributes
    }
}

/// The text colour that reads best on `background` (`#rgb` or `#rrggbb`): near-black or white, by
/// WCAG contrast, with the sRGB curve taken as a square (close enough to choose between two colours,
/// and no `powf`, whose code the browser would download).
pub fn text_on(background: &str) -> &'static str {
    let hex = background.trim_start_matches('#').as_bytes();
    let digit = |i: usize| u32::from(hex.get(i).map_or(0, |b| (*b as char).to_digit(16).unwrap_or(0) as u8));
    let channel = |i: usize| -> f32 {
        let value = if hex.len() == 3 {
            digit(i) * 17
        } else {
            digit(2 * i) * 16 + digit(2 * i + 1)
        };
        let c = value as f32 / 255.0;
        c * c
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    // Contrast with white (1.0) against contrast with #111827 (luminance about 0.0137).
    let with_white = 1.05 / (luminance + 0.05);
    let with_dark = (luminance + 0.05) / (0.0137 + 0.05);
    if with_white >= with_dark { "#ffffff" } else { "#111827" }
}

fn check_colour(value: &str) -> Result<String, ConfigProblem> {
    let hex = value.strip_prefix('#').ok_or(ConfigProblem::NotAColour)?;
    if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(ConfigProblem::NotAColour)
    }
}

/// A length of `0`–`32px` or `0`–`2rem`, with at most two decimals. (Read by hand: Rust's float parser
/// would cost the browser's download about 10 kB.)
fn check_length(value: &str) -> Result<String, ConfigProblem> {
    let (number, max) = match (value.strip_suffix("px"), value.strip_suffix("rem")) {
        (Some(n), _) => (n, 3200),
        (_, Some(n)) => (n, 200),
        _ => return Err(ConfigProblem::NotALength),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 2 || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return Err(ConfigProblem::NotALength);
    }
    let hundredths: u32 = format!("{whole}{fraction:0<2}")
        .parse()
        .map_err(|_| ConfigProblem::NotALength)?;
    if hundredths <= max {
        Ok(value.to_owned())
    } else {
        Err(ConfigProblem::NotALength)
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
    /// Not a colour (`#rgb` or `#rrggbb`).
    NotAColour,
    /// Not a length (`0`–`32px` or `0`–`2rem`).
    NotALength,
    /// A valid address that the deployment does not allow (its `settings.json`).
    NotAllowed,
    /// Given more than once: which one was meant is not for the form to guess.
    Repeated,
    /// The deployment's `settings.json` cannot be used.
    Settings(Box<SettingsError>),
}

impl From<UrlProblem> for ConfigProblem {
    fn from(problem: UrlProblem) -> Self {
        match problem {
            UrlProblem::NotAnHttpsUrl => ConfigProblem::NotAnHttpsUrl,
            UrlProblem::UrlWithExtras => ConfigProblem::UrlWithExtras,
            UrlProblem::NotAnOrigin => ConfigProblem::NotAnOrigin,
        }
    }
}

/// A problem with a named parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// The parameter's name as the embedder writes it (`consumerRef`, `apiBase`, ...).
    pub param: &'static str,
    /// What is wrong.
    pub problem: ConfigProblem,
}

/// The configuration's parameters, as the embedder writes them (the host script's options bear the
/// same names).
pub const PARAMS: [&str; 18] = [
    "apiBase",
    "project",
    "groupRef",
    "groupName",
    "consumerRef",
    "consumerName",
    "provider",
    "providers",
    "module",
    "catalog",
    "tokenUrl",
    "theme",
    "lang",
    "allowTokenImport",
    "parentOrigin",
    "accent",
    "radius",
    "stylesheet",
];

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

fn check_name(value: &str) -> Result<String, ConfigProblem> {
    let value = value.trim();
    if value.chars().count() > 256 || value.chars().any(crate::validate::is_unwanted_char) {
        return Err(ConfigProblem::BadCharacters);
    }
    Ok(value.to_owned())
}

impl Config {
    /// Reads the configuration from a page's query string, within what the deployment's `settings`
    /// allow. Every problem is reported, each naming its parameter, so the embedder can fix them all
    /// at once; with any problem, the form talks to nothing.
    ///
    /// Trust: the query is the link's, written by whoever sent it. It may choose the API, the token
    /// endpoint, the style sheet and the embedding page only among those `settings` allow; who
    /// connects (`project`, the refs) it may name, but the API and the token endpoint decide whether
    /// that is allowed (README, "Security model").
    pub fn from_query(query: &str, settings: &Settings, parser: &dyn UrlParser) -> Result<Config, Vec<ConfigIssue>> {
        let Some(pairs) = parse_query(query) else {
            return Err(vec![ConfigIssue {
                param: "query",
                problem: ConfigProblem::BadEncoding,
            }]);
        };
        let mut issues = Vec::new();
        // A parameter given twice is refused rather than read once: a host that builds the address by
        // concatenation could otherwise let a user-typed name override a setting.
        for param in PARAMS {
            if pairs.iter().filter(|(k, _)| k == param).count() > 1 {
                issues.push(ConfigIssue {
                    param,
                    problem: ConfigProblem::Repeated,
                });
            }
        }
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let mut note = |param: &'static str, problem: ConfigProblem| {
            if !issues.iter().any(|i: &ConfigIssue| i.param == param) {
                issues.push(ConfigIssue { param, problem });
            }
        };
        let form = Some(settings.form_origin.as_str());

        let api = match get("apiBase") {
            None => settings.api_bases[0].clone(),
            Some(value) => match web_url(parser, value, None).map(|url| base_url(&url)) {
                Ok(url) if settings.api_bases.contains(&url) => url,
                Ok(_) => {
                    note("apiBase", ConfigProblem::NotAllowed);
                    String::new()
                }
                Err(problem) => {
                    note("apiBase", problem.into());
                    String::new()
                }
            },
        };
        let api_origin = parser.parse(&api, None).map(|url| url.origin).unwrap_or_default();
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
        // An address on the form's own origin (a path resolves there), or one the deployment lists.
        let mut allowed = |param: &'static str, listed: &dyn Fn(&crate::origin::ParsedUrl) -> bool| {
            let value = get(param)?;
            match web_url(parser, value, form) {
                Ok(url) if url.origin == settings.form_origin || listed(&url) => Some(url.href),
                Ok(_) => {
                    note(param, ConfigProblem::NotAllowed);
                    None
                }
                Err(problem) => {
                    note(param, problem.into());
                    None
                }
            }
        };
        let token_url = allowed("tokenUrl", &|url| settings.token_urls.contains(&url.href));
        let stylesheet = allowed("stylesheet", &|url| settings.stylesheet_origins.contains(&url.origin));
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
        let parent_origin = match get("parentOrigin").map(|value| web_origin(parser, value)) {
            None => None,
            Some(Ok(origin)) if settings.allows_host(&origin) => Some(origin),
            Some(Ok(_)) => {
                note("parentOrigin", ConfigProblem::NotAllowed);
                None
            }
            Some(Err(problem)) => {
                note("parentOrigin", problem.into());
                None
            }
        };
        let mut checked =
            |param: &'static str, check: fn(&str) -> Result<String, ConfigProblem>| match get(param).map(check) {
                None => None,
                Some(Ok(value)) => Some(value),
                Some(Err(problem)) => {
                    note(param, problem);
                    None
                }
            };
        let look = Look {
            accent: checked("accent", check_colour),
            radius: checked("radius", check_length),
            stylesheet,
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
            api_base: api,
            api_origin,
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
            look,
        })
    }

    /// The issue to show when the deployment's settings cannot be used.
    pub fn settings_issue(error: SettingsError) -> Vec<ConfigIssue> {
        vec![ConfigIssue {
            param: SETTINGS_FILE,
            problem: ConfigProblem::Settings(Box::new(error)),
        }]
    }

    /// Checks the provider names against what the catalog is `known` to hold: `provider` and every
    /// name of `providers` must be in it.
    pub fn check_providers(&self, known: impl Fn(&str) -> bool) -> Vec<ConfigIssue> {
        let mut issues = Vec::new();
        if let Some(name) = &self.provider
            && !known(name)
        {
            issues.push(ConfigIssue {
                param: "provider",
                problem: ConfigProblem::UnknownProvider(name.clone()),
            });
        }
        for name in self.providers.iter().flatten() {
            if !known(name) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::tests::Whatwg;

    const BASE: &str = "project=p1&consumerRef=u1&groupRef=g1";
    const FORM: &str = "https://connect.example.com";

    /// What a deployment of the form at [`FORM`] allows in these tests.
    fn settings() -> Settings {
        Settings {
            api_bases: vec![
                DEFAULT_API_BASE.to_owned(),
                "http://127.0.0.1:8787/v1".to_owned(),
                "https://api.example.com/v1".to_owned(),
            ],
            token_urls: vec!["https://app.example.com/api/token".to_owned()],
            stylesheet_origins: vec!["https://cdn.example.com".to_owned()],
            host_origins: vec!["https://app.example.com".to_owned(), "http://localhost:3000".to_owned()],
            ..Settings::defaults(FORM)
        }
    }

    fn read(query: &str) -> Result<Config, Vec<ConfigIssue>> {
        Config::from_query(query, &settings(), &Whatwg)
    }

    /// The one issue a query has.
    fn issue(query: &str) -> (&'static str, ConfigProblem) {
        let issues = read(query).unwrap_err();
        assert_eq!(issues.len(), 1, "{query}: {issues:?}");
        (issues[0].param, issues[0].problem.clone())
    }

    #[test]
    fn a_minimal_query_gets_the_defaults() {
        let config = read(&format!("?{BASE}")).unwrap();
        assert_eq!(config.api_base, DEFAULT_API_BASE);
        assert_eq!(config.api_origin, "https://api.withampersand.com");
        assert_eq!(config.project, "p1");
        assert_eq!(config.identity.consumer_ref, "u1");
        assert_eq!(config.catalog, CatalogSource::Embedded);
        assert_eq!(config.theme, Theme::Auto);
        assert_eq!(config.lang, "en");
        assert_eq!(
            config.api_url("/providers"),
            "https://api.withampersand.com/v1/providers"
        );
        // Without a settings file, the hosted API only.
        let plain = Config::from_query(BASE, &Settings::defaults(FORM), &Whatwg).unwrap();
        assert_eq!(plain.api_base, DEFAULT_API_BASE);
    }

    #[test]
    fn every_parameter_is_read() {
        let query = format!(
            "{BASE}&apiBase=http%3A%2F%2F127.0.0.1%3A8787%2Fv1%2F&consumerName=Jane+Doe&groupName=Acme%20Inc\
             &provider=zendeskSupport&providers=hubspot,%20zendeskSupport&module=crm&catalog=live\
             &tokenUrl=%2Fapi%2Ftoken&theme=dark&lang=en-GB&allowTokenImport=true&unknown=ignored"
        );
        let config = read(&query).unwrap();
        assert_eq!(config.api_base, "http://127.0.0.1:8787/v1");
        assert_eq!(config.api_origin, "http://127.0.0.1:8787");
        assert_eq!(config.identity.consumer_name.as_deref(), Some("Jane Doe"));
        assert_eq!(config.identity.group_name.as_deref(), Some("Acme Inc"));
        assert_eq!(
            config.providers,
            Some(vec!["hubspot".to_owned(), "zendeskSupport".to_owned()])
        );
        // A path is on the form's own origin, and kept absolute.
        assert_eq!(
            config.token_url.as_deref(),
            Some("https://connect.example.com/api/token")
        );
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.lang, "en");
        assert_eq!(config.module.as_deref(), Some("crm"));
        assert_eq!(config.provider.as_deref(), Some("zendeskSupport"));
        assert_eq!(config.catalog, CatalogSource::Live);
        assert!(config.allow_token_import);
        assert!(!read(BASE).unwrap().allow_token_import);
    }

    #[test]
    fn a_link_only_chooses_among_what_the_deployment_allows() {
        let allowed = read(&format!(
            "{BASE}&apiBase=https://API.example.com/v1/&tokenUrl=https://app.example.com/api/token\
             &stylesheet=https://cdn.example.com/acme/form.css&parentOrigin=https://app.example.com"
        ))
        .unwrap();
        assert_eq!(allowed.api_base, "https://api.example.com/v1");
        assert_eq!(allowed.token_url.as_deref(), Some("https://app.example.com/api/token"));
        assert_eq!(
            allowed.look.stylesheet.as_deref(),
            Some("https://cdn.example.com/acme/form.css")
        );
        assert_eq!(allowed.parent_origin.as_deref(), Some("https://app.example.com"));

        for (query, param) in [
            ("apiBase=https://collector.attacker.example/v1", "apiBase"),
            // Another path on an allowed API's host is another API.
            ("apiBase=https://api.example.com/v2", "apiBase"),
            ("apiBase=https://api.example.com.attacker.example/v1", "apiBase"),
            ("apiBase=http://127.0.0.1:18999/v1", "apiBase"),
            ("apiBase=https://api.example.com\\@attacker.example/v1", "apiBase"),
            ("tokenUrl=https://attacker.example/token", "tokenUrl"),
            ("tokenUrl=https://app.example.com/api/other", "tokenUrl"),
            ("tokenUrl=http://127.0.0.1:8787/dev/token", "tokenUrl"),
            ("stylesheet=https://attacker.example/x.css", "stylesheet"),
            // Paths that the browser reads as another host.
            ("stylesheet=/\\attacker.example/x.css", "stylesheet"),
            ("stylesheet=//attacker.example/x.css", "stylesheet"),
            ("tokenUrl=/\\attacker.example/token", "tokenUrl"),
            ("parentOrigin=https://attacker.example", "parentOrigin"),
            ("parentOrigin=https://app.example.com.attacker.example", "parentOrigin"),
        ] {
            assert_eq!(
                issue(&format!("{BASE}&{query}")),
                (param, ConfigProblem::NotAllowed),
                "{query}"
            );
        }
        // The form's own origin is the deployment's: paths there are allowed.
        let own = read(&format!("{BASE}&stylesheet=/host.css&parentOrigin={FORM}")).unwrap();
        assert_eq!(
            own.look.stylesheet.as_deref(),
            Some("https://connect.example.com/host.css")
        );
        assert_eq!(own.parent_origin.as_deref(), Some(FORM));
    }

    #[test]
    fn a_parameter_given_twice_is_refused() {
        for query in [
            "apiBase=https://api.example.com/v1&apiBase=https://api.example.com/v1",
            "apiBase=https://api.example.com/v1&apiBase=https://attacker.example/v1",
            "parentOrigin=https://app.example.com&parentOrigin=https://attacker.example",
        ] {
            let (param, problem) = issue(&format!("{BASE}&{query}"));
            assert_eq!(problem, ConfigProblem::Repeated, "{query}");
            assert_eq!(query.split('=').next(), Some(param));
        }
        let issues = read("project=a&project=b&consumerRef=u&groupRef=g").unwrap_err();
        assert_eq!(
            issues,
            [ConfigIssue {
                param: "project",
                problem: ConfigProblem::Repeated
            }]
        );
        // A parameter the form does not know may repeat: it is not read.
        assert!(read(&format!("{BASE}&utm=a&utm=b")).is_ok());
    }

    #[test]
    fn the_embedding_and_the_look() {
        let config = read(&format!(
            "{BASE}&parentOrigin=https%3A%2F%2FApp.Example.com&accent=%23E11D48&radius=12px&stylesheet=%2Fhost.css"
        ))
        .unwrap();
        assert_eq!(config.parent_origin.as_deref(), Some("https://app.example.com"));
        assert_eq!(config.look.accent.as_deref(), Some("#e11d48"));
        assert_eq!(config.look.radius.as_deref(), Some("12px"));
        assert_eq!(
            config.look.attributes(),
            [
                ("data-cf-accent", "#e11d48".to_owned()),
                ("data-cf-accent-text", "#ffffff".to_owned()),
                ("data-cf-radius", "12px".to_owned()),
                ("data-cf-stylesheet", "https://connect.example.com/host.css".to_owned()),
            ]
        );
        for ok in ["0px", "32px", "1.5rem", "2rem", "0.25rem", "12.5px"] {
            assert!(read(&format!("{BASE}&radius={ok}")).is_ok(), "{ok}");
        }
        let plain = read(BASE).unwrap();
        assert_eq!(plain.parent_origin, None);
        assert!(plain.look.attributes().is_empty());
        assert!(read(&format!("{BASE}&parentOrigin=http://localhost:3000")).is_ok());

        for (query, param, problem) in [
            (
                "parentOrigin=https://app.example.com/settings",
                "parentOrigin",
                ConfigProblem::NotAnOrigin,
            ),
            (
                "parentOrigin=https://attacker.example%5C.app.example.com",
                "parentOrigin",
                ConfigProblem::NotAnOrigin,
            ),
            ("parentOrigin=*", "parentOrigin", ConfigProblem::NotAnHttpsUrl),
            (
                "parentOrigin=http://app.example.com",
                "parentOrigin",
                ConfigProblem::NotAnHttpsUrl,
            ),
            ("accent=red", "accent", ConfigProblem::NotAColour),
            (
                "accent=%23e11d48;background:url(x)",
                "accent",
                ConfigProblem::NotAColour,
            ),
            ("accent=%2312345", "accent", ConfigProblem::NotAColour),
            ("radius=12", "radius", ConfigProblem::NotALength),
            ("radius=40px", "radius", ConfigProblem::NotALength),
            ("radius=-1px", "radius", ConfigProblem::NotALength),
            ("radius=1e1px", "radius", ConfigProblem::NotALength),
            ("radius=3rem", "radius", ConfigProblem::NotALength),
            ("radius=2.01rem", "radius", ConfigProblem::NotALength),
            ("radius=.5rem", "radius", ConfigProblem::NotALength),
            ("radius=1.234px", "radius", ConfigProblem::NotALength),
            (
                "stylesheet=http://cdn.example.com/x.css",
                "stylesheet",
                ConfigProblem::NotAnHttpsUrl,
            ),
        ] {
            assert_eq!(issue(&format!("{BASE}&{query}")), (param, problem), "{query}");
        }
    }

    #[test]
    fn accent_text_is_the_one_that_contrasts() {
        assert_eq!(text_on("#2547d0"), "#ffffff");
        assert_eq!(text_on("#000"), "#ffffff");
        assert_eq!(text_on("#fde047"), "#111827");
        assert_eq!(text_on("#fff"), "#111827");
        assert_eq!(text_on("#8ea6ff"), "#111827");
    }

    #[test]
    fn every_problem_is_reported_with_its_parameter() {
        let issues = read(
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
            read("%ZZ").unwrap_err(),
            [ConfigIssue {
                param: "query",
                problem: ConfigProblem::BadEncoding
            }]
        );
        assert_eq!(
            issue(&format!("{BASE}&apiBase=https://api.example.com/v1?x=1")),
            ("apiBase", ConfigProblem::UrlWithExtras)
        );
        assert!(read(&format!("{BASE}&apiBase=https://api.example.com/v1")).is_ok());
        // Plain http only for this machine, and then only when the deployment allows it.
        assert!(read(&format!("{BASE}&apiBase=http://localhost:8787/v1")).is_err());
        assert!(read(&format!("{BASE}&apiBase=http://127.0.0.1:8787/v1")).is_ok());
        assert!(read(&format!("{BASE}&apiBase=http://127.1:8787/v1")).is_ok());
        for remote in [
            "http://127.attacker.example/v1",
            "http://127.0.0.1.attacker.example/v1",
            "http://localhost.attacker.example/v1",
            "http://127.0.0.256/v1",
            "http://[::2]/v1",
        ] {
            assert_eq!(
                issue(&format!("{BASE}&apiBase={remote}")),
                ("apiBase", ConfigProblem::NotAnHttpsUrl),
                "{remote}"
            );
        }
    }

    #[test]
    fn providers_are_checked_against_the_catalog() {
        let catalog = crate::catalog::Catalog::embedded();
        let config = read(&format!("{BASE}&provider=zendesk&providers=hubspot,nope")).unwrap();
        let issues = config.check_providers(|name| catalog.get(name).is_some());
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

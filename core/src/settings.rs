//! The deployment's settings: what this form may talk to, whatever a link says.
//!
//! Where a value comes from decides how far it is trusted. A link (the form's query string) is written
//! by whoever sends it, so it may only *choose among* what the deployment allowed; the deployment
//! (`settings.json`, served beside `index.html` from the form's own origin, which only the people who
//! deploy the form can write) pins:
//!
//! - `apiBases`: the connection APIs credentials may be sent to (the first one when the link names
//!   none);
//! - `tokenUrls`: the token endpoints the form may `POST` to with the user's cookies;
//! - `stylesheetOrigins`: where a host's style sheet may come from;
//! - `hostOrigins`: the pages that may embed the form (`parentOrigin`, and the `frame-ancestors` of
//!   the headers derived from the same file).
//!
//! The form's own origin is always allowed for token endpoints, style sheets and embedding, as the
//! `'self'` of the shipped Content-Security-Policy is. With no settings file, only the hosted API
//! ([`DEFAULT_API_BASE`]) and the form's own origin are allowed.

/// Where the form submits when `apiBase` is not given, and the one API the defaults allow.
pub const DEFAULT_API_BASE: &str = "https://api.withampersand.com/v1";
use crate::json::Json;
use crate::origin::{UrlParser, UrlProblem, base_url, web_origin, web_url};

/// The settings file's name, beside `index.html`.
pub const SETTINGS_FILE: &str = "settings.json";

/// What the deployment allows. Every address is serialised as the URL parser writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Where the form is served from.
    pub form_origin: String,
    /// The API base URLs a link may choose (without a trailing `/`); the first is the default.
    pub api_bases: Vec<String>,
    /// The token endpoints a link may choose, besides paths on the form's own origin.
    pub token_urls: Vec<String>,
    /// The origins a host's style sheet may come from, besides the form's own.
    pub stylesheet_origins: Vec<String>,
    /// The origins of the pages that may embed the form, besides its own.
    pub host_origins: Vec<String>,
}

/// Why the settings file cannot be used. The form then shows the configuration page and talks to
/// nothing: a deployment that meant to allow something must not silently get something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// The file exists but could not be fetched (network, a server error).
    Unreadable,
    /// Not a JSON object.
    NotAnObject,
    /// A key the file does not know (a typo would otherwise silently allow less, or more).
    UnknownKey(String),
    /// A key whose value is not a list of strings.
    NotAList(&'static str),
    /// An entry that is not an allowed address, with its key and position (from 0).
    BadEntry(&'static str, usize, UrlProblem),
    /// `apiBases` lists nothing.
    NoApi,
}

/// The keys of the settings file.
const KEYS: [&str; 4] = ["apiBases", "tokenUrls", "stylesheetOrigins", "hostOrigins"];

impl Settings {
    /// The settings without a file: the hosted API, and the form's own origin.
    pub fn defaults(form_origin: &str) -> Settings {
        Settings {
            form_origin: form_origin.to_owned(),
            api_bases: vec![DEFAULT_API_BASE.to_owned()],
            token_urls: Vec::new(),
            stylesheet_origins: Vec::new(),
            host_origins: Vec::new(),
        }
    }

    /// Reads the settings file's text. Keys starting with `$` are comments and ignored; every other
    /// key must be one of the four, each a list of strings. `tokenUrls` may hold paths on the form's
    /// own origin (`/api/connect-token`).
    pub fn from_json(text: &str, form_origin: &str, parser: &dyn UrlParser) -> Result<Settings, SettingsError> {
        let json = Json::parse(text).map_err(|_| SettingsError::NotAnObject)?;
        let object = json.as_object().ok_or(SettingsError::NotAnObject)?;
        if let Some((key, _)) = object
            .iter()
            .find(|(k, _)| !k.starts_with('$') && !KEYS.contains(&k.as_str()))
        {
            return Err(SettingsError::UnknownKey(key.clone()));
        }
        let mut settings = Settings::defaults(form_origin);
        for key in KEYS {
            let Some(value) = json.get(key) else { continue };
            let entries = value
                .as_array()
                .and_then(|items| items.iter().map(Json::as_str).collect::<Option<Vec<&str>>>())
                .ok_or(SettingsError::NotAList(key))?;
            let mut read = Vec::new();
            for (index, entry) in entries.iter().enumerate() {
                let entry = entry.trim();
                let checked = match key {
                    "apiBases" => web_url(parser, entry, None).map(|url| base_url(&url)),
                    "tokenUrls" => web_url(parser, entry, Some(form_origin)).map(|url| url.href),
                    _ => web_origin(parser, entry),
                };
                read.push(checked.map_err(|problem| SettingsError::BadEntry(key, index, problem))?);
            }
            match key {
                "apiBases" if read.is_empty() => return Err(SettingsError::NoApi),
                "apiBases" => settings.api_bases = read,
                "tokenUrls" => settings.token_urls = read,
                "stylesheetOrigins" => settings.stylesheet_origins = read,
                _ => settings.host_origins = read,
            }
        }
        Ok(settings)
    }

    /// Whether a page at `origin` may embed the form.
    pub fn allows_host(&self, origin: &str) -> bool {
        origin == self.form_origin || self.host_origins.iter().any(|o| o == origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::tests::Whatwg;

    const FORM: &str = "https://connect.example.com";

    fn read(text: &str) -> Result<Settings, SettingsError> {
        Settings::from_json(text, FORM, &Whatwg)
    }

    #[test]
    fn a_full_file() {
        let settings = read(
            r#"{
                "$comment": "Acme's deployment",
                "apiBases": ["https://API.example.com/v1/", "https://eu.api.example.com/v1"],
                "tokenUrls": ["https://app.example.com/api/connect-token", "/token"],
                "stylesheetOrigins": ["https://cdn.example.com"],
                "hostOrigins": ["https://app.example.com", "https://bücher.example"]
            }"#,
        )
        .unwrap();
        assert_eq!(
            settings,
            Settings {
                form_origin: FORM.into(),
                api_bases: vec![
                    "https://api.example.com/v1".into(),
                    "https://eu.api.example.com/v1".into()
                ],
                token_urls: vec![
                    "https://app.example.com/api/connect-token".into(),
                    "https://connect.example.com/token".into()
                ],
                stylesheet_origins: vec!["https://cdn.example.com".into()],
                host_origins: vec!["https://app.example.com".into(), "https://xn--bcher-kva.example".into()],
            }
        );
        assert!(settings.allows_host("https://app.example.com"));
        assert!(settings.allows_host(FORM));
        assert!(!settings.allows_host("https://app.example.com.evil.example"));
    }

    #[test]
    fn missing_keys_keep_their_defaults() {
        assert_eq!(read("{}").unwrap(), Settings::defaults(FORM));
        let only_hosts = read(r#"{"hostOrigins": ["http://127.0.0.1:8787"]}"#).unwrap();
        assert_eq!(only_hosts.api_bases, [DEFAULT_API_BASE]);
    }

    #[test]
    fn mistakes_are_refused_not_guessed() {
        for (text, error) in [
            ("", SettingsError::NotAnObject),
            ("[]", SettingsError::NotAnObject),
            (r#"{"hostOrigin": []}"#, SettingsError::UnknownKey("hostOrigin".into())),
            (
                r#"{"apiBases": "https://api.example.com"}"#,
                SettingsError::NotAList("apiBases"),
            ),
            (r#"{"hostOrigins": [1]}"#, SettingsError::NotAList("hostOrigins")),
            (r#"{"apiBases": []}"#, SettingsError::NoApi),
            (
                r#"{"apiBases": ["http://api.example.com/v1"]}"#,
                SettingsError::BadEntry("apiBases", 0, UrlProblem::NotAnHttpsUrl),
            ),
            (
                r#"{"hostOrigins": ["https://app.example.com", "https://app.example.com/settings"]}"#,
                SettingsError::BadEntry("hostOrigins", 1, UrlProblem::NotAnOrigin),
            ),
            (
                r#"{"hostOrigins": ["*"]}"#,
                SettingsError::BadEntry("hostOrigins", 0, UrlProblem::NotAnHttpsUrl),
            ),
            (
                r#"{"stylesheetOrigins": ["https:"]}"#,
                SettingsError::BadEntry("stylesheetOrigins", 0, UrlProblem::NotAnHttpsUrl),
            ),
            (
                r#"{"tokenUrls": ["https://app.example.com/token?user=1"]}"#,
                SettingsError::BadEntry("tokenUrls", 0, UrlProblem::UrlWithExtras),
            ),
        ] {
            assert_eq!(read(text), Err(error), "{text}");
        }
    }
}

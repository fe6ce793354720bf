//! Signing in with the provider in a popup (OAuth2 authorization code, multi-step custom auth): which
//! messages to believe, how often to look for the connection, and when to stop waiting.
//!
//! The popup's last page posts a message to the form with target origin `*`, so anyone who can open
//! the form in a window can post the same shapes. The form believes a message only when it comes from
//! the expected origin and has exactly one of the documented shapes; everything else is ignored. The
//! message may also never come (a `Cross-Origin-Opener-Policy` cuts the popup off), so the form polls
//! the connection list while it waits, and reads `popup.closed` as a hint only.

use std::collections::BTreeMap;

use crate::api::ConnectionSummary;
use crate::json::Json;

/// What a popup said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PopupMessage {
    /// `{eventType: "AUTHORIZATION_SUCCEEDED", data: {connection}}`: the connection's id.
    Succeeded(String),
    /// `{eventType: "AUTHORIZATION_FAILED", data: {error}}`: the provider's or API's reason, if any.
    Failed(Option<String>),
    /// `{source: "ampersand-custom-auth", params}`: what a custom-auth step sends back.
    CustomAuth(BTreeMap<String, String>),
}

/// The kind of sign-in waiting for a message: each believes only its own shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// OAuth2 authorization code: the API's callback page.
    OAuth,
    /// A multi-step custom-auth redirect step.
    CustomAuth,
}

/// The origin of an absolute URL as a browser writes `MessageEvent.origin`: the scheme and host in
/// lower case, the port only when it is not the scheme's default. `None` for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_ascii_lowercase();
    if host_port.is_empty() {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host_port = host_port.strip_suffix(default_port).unwrap_or(&host_port);
    Some(format!("{scheme}://{host_port}"))
}

/// Reads a message event: `origin` is `MessageEvent.origin`, `data` its data as JSON text. `None`
/// (ignore it) unless it comes from `expected_origin` and has one of `waiting`'s shapes exactly.
pub fn read_message(waiting: Waiting, origin: &str, expected_origin: &str, data: &str) -> Option<PopupMessage> {
    if origin != expected_origin || origin == "null" {
        return None;
    }
    let json = Json::parse(data).ok()?;
    let keys: Vec<&str> = json.as_object()?.iter().map(|(k, _)| k.as_str()).collect();
    match waiting {
        Waiting::OAuth => {
            if keys.iter().any(|k| !matches!(*k, "eventType" | "data")) {
                return None;
            }
            let data = json.get("data")?;
            data.as_object()?;
            match json.get("eventType")?.as_str()? {
                "AUTHORIZATION_SUCCEEDED" => {
                    let id = data.str_at("connection")?;
                    let plausible = !id.is_empty() && id.len() <= 256 && !id.chars().any(char::is_control);
                    plausible.then_some(PopupMessage::Succeeded(id))
                }
                "AUTHORIZATION_FAILED" => {
                    let error = match data.get("error") {
                        None | Some(Json::Null) => None,
                        Some(Json::String(text)) => Some(text.chars().filter(|c| !c.is_control()).take(500).collect()),
                        // Some APIs send an object; its message, if it has one.
                        Some(other) => other.str_at("message"),
                    };
                    Some(PopupMessage::Failed(error.filter(|e: &String| !e.trim().is_empty())))
                }
                _ => None,
            }
        }
        Waiting::CustomAuth => {
            if keys.iter().any(|k| !matches!(*k, "source" | "params")) || json.str_at("source")? != CUSTOM_AUTH_SOURCE {
                return None;
            }
            let mut params = BTreeMap::new();
            for (name, value) in json.get("params")?.as_object()? {
                params.insert(name.clone(), value.as_str()?.to_owned());
            }
            Some(PopupMessage::CustomAuth(params))
        }
    }
}

/// The `source` of a custom-auth step's message.
pub const CUSTOM_AUTH_SOURCE: &str = "ampersand-custom-auth";

/// The answer of `POST /custom-auth/connect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomAuthStep {
    /// Connected.
    Connected(ConnectionSummary),
    /// One more step: open `url`, then resume with `session_id`.
    Redirect {
        /// The page to open.
        url: String,
        /// The session to resume.
        session_id: String,
    },
}

impl CustomAuthStep {
    /// Reads the answer; `None` when it is neither shape.
    pub fn from_json(text: &str) -> Option<CustomAuthStep> {
        let json = Json::parse(text).ok()?;
        if let Some(connection) = json.get("connection") {
            return ConnectionSummary::from_value(connection).map(CustomAuthStep::Connected);
        }
        let redirect = json.get("redirect")?;
        let url = redirect.str_at("url")?;
        origin_of(&url)?;
        Some(CustomAuthStep::Redirect {
            url,
            session_id: redirect.str_at("sessionId").filter(|s| !s.is_empty())?,
        })
    }
}

/// What the connection list looked like when the sign-in started: each connection's id and when it
/// last changed. A sign-in makes a new connection or renews one, so either shows up as a difference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline(Vec<(String, Option<String>)>);

impl Baseline {
    /// The baseline of a list.
    pub fn of(list: &[ConnectionSummary]) -> Baseline {
        Baseline(list.iter().map(|c| (c.id.clone(), c.update_time.clone())).collect())
    }

    /// The connection in `list` that the sign-in made or renewed: `expected` when the popup named one
    /// (or the connection being renewed), else one that is new or changed since the baseline.
    pub fn find<'a>(&self, list: &'a [ConnectionSummary], expected: Option<&str>) -> Option<&'a ConnectionSummary> {
        let changed = |c: &&ConnectionSummary| !self.0.iter().any(|(id, time)| *id == c.id && *time == c.update_time);
        match expected {
            Some(id) => list.iter().filter(changed).find(|c| c.id == id),
            None => list.iter().find(changed),
        }
    }
}

/// How long to wait before the `attempt`th look at the connection list (from 0), in milliseconds:
/// soon at first, then backing off to every 8 s while the user signs in.
pub fn poll_delay_ms(attempt: u32) -> u32 {
    const FIRST: u32 = 1_500;
    const MAX: u32 = 8_000;
    (0..attempt.min(8)).fold(FIRST, |delay, _| (delay * 3 / 2).min(MAX))
}

/// How often to look while the popup seems closed, and for how long, before offering to try again:
/// a popup cut off from the form by COOP reads closed while the user is still signing in.
pub const CLOSED_POLL_MS: u32 = 1_000;
/// See [`CLOSED_POLL_MS`].
pub const CLOSED_GRACE_MS: u32 = 8_000;
/// After this long with no connection, the form stops waiting and offers to try again.
pub const GIVE_UP_MS: u32 = 15 * 60 * 1_000;

/// `window.open` features for a popup of `width` × `height` centred on the opener's window, given the
/// opener's `screenX`, `screenY`, `outerWidth` and `outerHeight`.
pub fn popup_features(screen_x: i32, screen_y: i32, outer_width: i32, outer_height: i32) -> String {
    const WIDTH: i32 = 520;
    const HEIGHT: i32 = 680;
    let left = screen_x + ((outer_width - WIDTH) / 2).max(0);
    let top = screen_y + ((outer_height - HEIGHT) / 2).max(0);
    format!("popup,width={WIDTH},height={HEIGHT},left={left},top={top}")
}

/// The start of the sign-in popup's window name; each form adds a number of its own, so that a second
/// `window.open` of one form reuses its window and another form's never does.
pub const POPUP_NAME: &str = "connect-form-sign-in";

#[cfg(test)]
mod tests {
    use super::*;

    const API: &str = "https://api.example.com";

    fn oauth(origin: &str, data: &str) -> Option<PopupMessage> {
        read_message(Waiting::OAuth, origin, API, data)
    }

    #[test]
    fn origins_as_browsers_write_them() {
        let cases = [
            ("https://api.example.com/v1", Some("https://api.example.com")),
            ("HTTPS://API.Example.com:443/v1?x#y", Some("https://api.example.com")),
            ("http://127.0.0.1:8787/v1", Some("http://127.0.0.1:8787")),
            ("http://localhost:80/", Some("http://localhost")),
            ("https://user:pw@host.example:8443/p", Some("https://host.example:8443")),
            ("https://[::1]:9000/", Some("https://[::1]:9000")),
            ("javascript:alert(1)", None),
            ("ftp://files.example.com", None),
            ("https:///nohost", None),
            ("/relative", None),
        ];
        for (url, want) in cases {
            assert_eq!(origin_of(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn believes_the_two_oauth_shapes_from_the_api_only() {
        let ok = r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{"connection":"c-1"}}"#;
        assert_eq!(oauth(API, ok), Some(PopupMessage::Succeeded("c-1".into())));
        let failed = r#"{"eventType":"AUTHORIZATION_FAILED","data":{"error":"access_denied"}}"#;
        assert_eq!(
            oauth(API, failed),
            Some(PopupMessage::Failed(Some("access_denied".into())))
        );
        let failed_bare = r#"{"eventType":"AUTHORIZATION_FAILED","data":{}}"#;
        assert_eq!(oauth(API, failed_bare), Some(PopupMessage::Failed(None)));
        let failed_object = r#"{"eventType":"AUTHORIZATION_FAILED","data":{"error":{"message":"no"}}}"#;
        assert_eq!(oauth(API, failed_object), Some(PopupMessage::Failed(Some("no".into()))));

        // Another origin, even a near miss, changes nothing.
        for origin in [
            "https://evil.example",
            "https://api.example.com:444",
            "http://api.example.com",
            "https://api.example.com.evil.example",
            "null",
            "",
        ] {
            assert_eq!(oauth(origin, ok), None, "{origin}");
        }
        // Anything but the documented shapes is ignored.
        for data in [
            "",
            "\"AUTHORIZATION_SUCCEEDED\"",
            "[]",
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED"}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{}}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{"connection":""}}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{"connection":7}}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":"c-1"}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{"connection":"c-1"},"extra":1}"#,
            r#"{"eventType":"authorization_succeeded","data":{"connection":"c-1"}}"#,
            r#"{"eventType":"OTHER","data":{}}"#,
            r#"{"source":"ampersand-custom-auth","params":{"code":"x"}}"#,
            r#"{"source":"react-devtools-bridge","payload":{}}"#,
        ] {
            assert_eq!(oauth(API, data), None, "{data}");
        }
    }

    #[test]
    fn a_failure_reason_is_plain_bounded_text() {
        let long = format!(
            r#"{{"eventType":"AUTHORIZATION_FAILED","data":{{"error":"a\nb{}"}}}}"#,
            "x".repeat(900)
        );
        let Some(PopupMessage::Failed(Some(text))) = oauth(API, &long) else {
            panic!("not read");
        };
        assert!(text.starts_with("ab") && text.chars().count() == 500);
        let blank = r#"{"eventType":"AUTHORIZATION_FAILED","data":{"error":"  "}}"#;
        assert_eq!(oauth(API, blank), Some(PopupMessage::Failed(None)));
    }

    #[test]
    fn believes_the_custom_auth_shape_only() {
        let step = "https://step.example";
        let read = |origin: &str, data: &str| read_message(Waiting::CustomAuth, origin, step, data);
        let ok = r#"{"source":"ampersand-custom-auth","params":{"code":"abc","state":"s"}}"#;
        let want: BTreeMap<String, String> = [("code", "abc"), ("state", "s")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(read(step, ok), Some(PopupMessage::CustomAuth(want)));
        assert_eq!(read("https://other.example", ok), None);
        for data in [
            r#"{"source":"other","params":{"code":"abc"}}"#,
            r#"{"source":"ampersand-custom-auth"}"#,
            r#"{"source":"ampersand-custom-auth","params":{"code":1}}"#,
            r#"{"source":"ampersand-custom-auth","params":[]}"#,
            r#"{"source":"ampersand-custom-auth","params":{},"more":true}"#,
            r#"{"eventType":"AUTHORIZATION_SUCCEEDED","data":{"connection":"c-1"}}"#,
        ] {
            assert_eq!(read(step, data), None, "{data}");
        }
    }

    #[test]
    fn custom_auth_answers() {
        let redirect = r#"{"redirect":{"url":"https://step.example/go?s=1","sessionId":"s-1"}}"#;
        assert_eq!(
            CustomAuthStep::from_json(redirect),
            Some(CustomAuthStep::Redirect {
                url: "https://step.example/go?s=1".into(),
                session_id: "s-1".into()
            })
        );
        let done = r#"{"connection":{"id":"c-9","provider":"acme","status":"working"}}"#;
        let Some(CustomAuthStep::Connected(connection)) = CustomAuthStep::from_json(done) else {
            panic!("not read");
        };
        assert_eq!(connection.id, "c-9");
        for bad in [
            "{}",
            r#"{"redirect":{"url":"javascript:alert(1)","sessionId":"s"}}"#,
            r#"{"redirect":{"url":"https://x.example","sessionId":""}}"#,
            r#"{"connection":{"provider":"acme"}}"#,
            "not json",
        ] {
            assert_eq!(CustomAuthStep::from_json(bad), None, "{bad}");
        }
    }

    fn summary(id: &str, update_time: Option<&str>) -> ConnectionSummary {
        ConnectionSummary {
            id: id.into(),
            provider: "hubspot".into(),
            update_time: update_time.map(str::to_owned),
            ..ConnectionSummary::default()
        }
    }

    #[test]
    fn finds_the_connection_a_sign_in_made_or_renewed() {
        let before = vec![summary("a", None), summary("b", Some("t1"))];
        let baseline = Baseline::of(&before);
        assert_eq!(baseline.find(&before, None), None);
        assert_eq!(baseline.find(&before, Some("a")), None);

        let new = vec![summary("a", None), summary("b", Some("t1")), summary("c", None)];
        assert_eq!(baseline.find(&new, None).map(|c| c.id.as_str()), Some("c"));
        assert_eq!(baseline.find(&new, Some("c")).map(|c| c.id.as_str()), Some("c"));
        assert_eq!(baseline.find(&new, Some("a")), None);

        let renewed = vec![summary("a", Some("t2")), summary("b", Some("t1"))];
        assert_eq!(baseline.find(&renewed, Some("a")).map(|c| c.id.as_str()), Some("a"));
        assert_eq!(baseline.find(&renewed, None).map(|c| c.id.as_str()), Some("a"));
        assert_eq!(
            Baseline::default().find(&before, None).map(|c| c.id.as_str()),
            Some("a")
        );
    }

    #[test]
    fn reads_connection_lists() {
        let text = r#"[{"id":"a","provider":"zendesk","providerWorkspaceRef":"acme","createTime":"2026-01-01T00:00:00Z",
            "updateTime":"2026-02-01T00:00:00Z","status":"working",
            "providerMetadata":{"workspace":{"value":"acme","source":"input"}}}, {"id":""}, 3]"#;
        let list = ConnectionSummary::list_from_json(text).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].workspace.as_deref(), Some("acme"));
        assert_eq!(list[0].update_time.as_deref(), Some("2026-02-01T00:00:00Z"));
        assert_eq!(list[0].metadata, vec![("workspace".to_owned(), "acme".to_owned())]);
        assert_eq!(ConnectionSummary::list_from_json("{}"), None);
        assert_eq!(ConnectionSummary::list_from_json("[]"), Some(vec![]));
    }

    #[test]
    fn polls_soon_then_backs_off() {
        let delays: Vec<u32> = (0..12).map(poll_delay_ms).collect();
        assert_eq!(delays[0], 1_500);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
        assert_eq!(*delays.last().unwrap(), 8_000);
        assert_eq!(poll_delay_ms(u32::MAX), 8_000);
    }

    #[test]
    fn popup_is_centred_on_the_opener() {
        assert_eq!(
            popup_features(100, 50, 1320, 880),
            "popup,width=520,height=680,left=500,top=150"
        );
        // A window smaller than the popup: its top left corner.
        assert_eq!(
            popup_features(10, 20, 400, 300),
            "popup,width=520,height=680,left=10,top=20"
        );
    }
}

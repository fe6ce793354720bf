//! URLs and origins as browsers read them.
//!
//! Every address that decides where the form talks to (the API, a token endpoint, a style sheet, the
//! embedding page) is parsed by the platform's own parser, the WHATWG URL standard's: `web_sys::Url`
//! in the app, the `url` crate in native tests. A check written by hand is only as good as its
//! agreement with what the browser will then fetch, and hand-written checks disagreed on `\`, on
//! internationalised names and on user info. connect-core stays free of web crates by taking the
//! parser as a [`UrlParser`].

/// Why an address is not one the form may use (the configuration reports it as the
/// `crate::config::ConfigProblem` of the same name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute `https://` URL (plain `http://` is allowed for this machine only).
    NotAnHttpsUrl,
    /// A URL with `user:password@`, a query or a fragment where none belongs.
    UrlWithExtras,
    /// Not an origin (`https://host[:port]`, no path).
    NotAnOrigin,
}

/// A URL as the WHATWG URL standard serialises it: its `href` and its `origin`. Everything the checks
/// read is derived from these two canonical strings, so the parser behind [`UrlParser`] has little to
/// hand over (each value read from the browser costs the download some glue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    /// The serialised URL.
    pub href: String,
    /// The serialised origin (`scheme://host[:port]`), or `null` for an opaque one.
    pub origin: String,
}

impl ParsedUrl {
    /// The scheme, lower case, without the colon (`None` for an opaque origin).
    pub fn scheme(&self) -> Option<&str> {
        self.origin.split_once("://").map(|(scheme, _)| scheme)
    }

    /// The host as serialised (ASCII, an IPv6 address in brackets), without the port.
    pub fn host(&self) -> &str {
        let authority = self.origin.split_once("://").map_or("", |(_, rest)| rest);
        match authority.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => host,
            _ => authority,
        }
    }

    /// Whether anything but a path follows the origin: user info (which comes before the host, so
    /// the `href` does not start with the origin), a query or a fragment (in a serialised path, `?`
    /// and `#` are always escaped, so the first of them starts one).
    pub fn has_extras(&self) -> bool {
        match self.href.strip_prefix(self.origin.as_str()) {
            Some(rest) => rest.contains(['?', '#']) || !(rest.is_empty() || rest.starts_with('/')),
            None => true,
        }
    }
}

/// A URL parser that follows the WHATWG URL standard.
pub trait UrlParser {
    /// Parses `input`, relative to `base` when given. `None` when it is not a URL.
    fn parse(&self, input: &str, base: Option<&str>) -> Option<ParsedUrl>;
}

/// This machine: `localhost`, `[::1]` or an IPv4 address in 127.0.0.0/8, as the parser serialised it
/// (it has already turned `127.1` or `0x7f.0.0.1` into `127.0.0.1`). A name that merely starts with
/// `127.` is somebody else's host.
pub fn is_loopback(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    let is_octet =
        |o: &&str| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && o.parse::<u8>().is_ok();
    host == "localhost" || host == "[::1]" || (octets.len() == 4 && octets[0] == "127" && octets.iter().all(is_octet))
}

/// An address the form may use: `https:`, or `http:` on this machine (for development and tests), with
/// no user info, query or fragment. `base` resolves a path (the form's own origin).
pub fn web_url(parser: &dyn UrlParser, input: &str, base: Option<&str>) -> Result<ParsedUrl, UrlProblem> {
    let url = parser.parse(input, base).ok_or(UrlProblem::NotAnHttpsUrl)?;
    let scheme_ok = match url.scheme() {
        Some("https") => true,
        Some("http") => is_loopback(url.host()),
        _ => false,
    };
    if !scheme_ok || url.host().is_empty() {
        return Err(UrlProblem::NotAnHttpsUrl);
    }
    if url.has_extras() {
        return Err(UrlProblem::UrlWithExtras);
    }
    Ok(url)
}

/// An origin the form may deal with (`https://host[:port]`, or `http:` on this machine), written as
/// one: no path, nothing after the host but a `/`. Returns it serialised.
pub fn web_origin(parser: &dyn UrlParser, input: &str) -> Result<String, UrlProblem> {
    let url = web_url(parser, input, None)?;
    if url.href != format!("{}/", url.origin) || input.trim_end_matches('/').contains(['\\', '?', '#']) {
        return Err(UrlProblem::NotAnOrigin);
    }
    Ok(url.origin)
}

/// An API base URL as the form keeps it: the serialised URL without its trailing `/`.
pub fn base_url(url: &ParsedUrl) -> String {
    url.href.trim_end_matches('/').to_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The `url` crate: the WHATWG parser natively, as the browser's is in the app.
    pub struct Whatwg;

    impl UrlParser for Whatwg {
        fn parse(&self, input: &str, base: Option<&str>) -> Option<ParsedUrl> {
            let base = match base {
                Some(base) => Some(url::Url::parse(base).ok()?),
                None => None,
            };
            let url = url::Url::options().base_url(base.as_ref()).parse(input).ok()?;
            Some(ParsedUrl {
                href: url.as_str().to_owned(),
                origin: url.origin().ascii_serialization(),
            })
        }
    }

    #[test]
    fn addresses_as_browsers_read_them() {
        let ok = |input: &str| web_url(&Whatwg, input, None).map(|u| (u.origin, base_url_of(input)));
        fn base_url_of(input: &str) -> String {
            base_url(&Whatwg.parse(input, None).unwrap())
        }
        for (input, origin) in [
            ("https://api.example.com/v1", "https://api.example.com"),
            ("HTTPS://API.Example.COM:443/v1/", "https://api.example.com"),
            ("https://api.example.com:8443/v1", "https://api.example.com:8443"),
            // Internationalised names become punycode, as `MessageEvent.origin` writes them.
            ("https://bücher.example/v1", "https://xn--bcher-kva.example"),
            // The browser reads a backslash as a slash: the host is what comes before it.
            ("https://evil.example\\.api.example.com/v1", "https://evil.example"),
            ("http://127.0.0.1:8787/v1", "http://127.0.0.1:8787"),
            ("http://127.1:8787/v1", "http://127.0.0.1:8787"),
            ("http://0x7f.0.0.1/v1", "http://127.0.0.1"),
            ("http://localhost:8787", "http://localhost:8787"),
            ("http://[::1]:8787/v1", "http://[::1]:8787"),
            ("http://[0:0:0:0:0:0:0:1]/v1", "http://[::1]"),
        ] {
            assert_eq!(ok(input).map(|(o, _)| o).as_deref(), Ok(origin), "{input}");
        }
        assert_eq!(
            ok("HTTPS://API.Example.COM:443/v1/").unwrap().1,
            "https://api.example.com/v1"
        );
        for (input, problem) in [
            ("http://api.example.com/v1", UrlProblem::NotAnHttpsUrl),
            ("http://127.attacker.example/v1", UrlProblem::NotAnHttpsUrl),
            ("http://127.0.0.1.attacker.example/v1", UrlProblem::NotAnHttpsUrl),
            ("http://localhost.attacker.example/v1", UrlProblem::NotAnHttpsUrl),
            ("http://[::2]/v1", UrlProblem::NotAnHttpsUrl),
            ("http://127.0.0.256/v1", UrlProblem::NotAnHttpsUrl),
            ("javascript:alert(1)", UrlProblem::NotAnHttpsUrl),
            ("data:text/html,x", UrlProblem::NotAnHttpsUrl),
            ("ftp://files.example.com", UrlProblem::NotAnHttpsUrl),
            ("/relative", UrlProblem::NotAnHttpsUrl),
            ("https://", UrlProblem::NotAnHttpsUrl),
            ("https://user:pw@api.example.com/v1", UrlProblem::UrlWithExtras),
            ("https://user@api.example.com/v1", UrlProblem::UrlWithExtras),
            ("https://api.example.com/v1?x=1", UrlProblem::UrlWithExtras),
            ("https://api.example.com/v1#top", UrlProblem::UrlWithExtras),
        ] {
            assert_eq!(ok(input).map(|_| ()), Err(problem), "{input}");
        }
    }

    #[test]
    fn the_parts_are_read_off_the_serialised_forms() {
        let parts = |input: &str| {
            let url = Whatwg.parse(input, None).unwrap();
            (url.scheme().map(str::to_owned), url.host().to_owned(), url.has_extras())
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            parts("https://a.example:8443/x"),
            (some("https"), "a.example".into(), false)
        );
        assert_eq!(parts("http://[::1]:8787/v1"), (some("http"), "[::1]".into(), false));
        assert_eq!(parts("http://[::1]/v1"), (some("http"), "[::1]".into(), false));
        assert_eq!(parts("https://a.example"), (some("https"), "a.example".into(), false));
        assert_eq!(
            parts("https://a.example/p%3Fq"),
            (some("https"), "a.example".into(), false)
        );
        for extra in [
            "https://u@a.example/",
            "https://:p@a.example/",
            "https://a.example/?",
            "https://a.example/#",
        ] {
            assert!(parts(extra).2, "{extra}");
        }
        assert_eq!(parts("javascript:alert(1)").0, None);
        assert_eq!(parts("data:text/plain,x").0, None);
    }

    #[test]
    fn paths_resolve_against_the_base_as_the_browser_would() {
        let form = Some("https://connect.example.com");
        let resolve = |input: &str| web_url(&Whatwg, input, form).map(|u| u.origin);
        assert_eq!(resolve("/api/token").as_deref(), Ok("https://connect.example.com"));
        // Two ways of writing another host that look like a path.
        assert_eq!(resolve("//evil.example/x.css").as_deref(), Ok("https://evil.example"));
        assert_eq!(resolve("/\\evil.example/x.css").as_deref(), Ok("https://evil.example"));
        assert_eq!(
            resolve("\\\\evil.example\\x.css").as_deref(),
            Ok("https://evil.example")
        );
    }

    #[test]
    fn origins_are_written_as_origins() {
        let origin = |input: &str| web_origin(&Whatwg, input);
        assert_eq!(
            origin("https://App.Example.com").as_deref(),
            Ok("https://app.example.com")
        );
        assert_eq!(
            origin("https://app.example.com/").as_deref(),
            Ok("https://app.example.com")
        );
        assert_eq!(
            origin("https://app.example.com:443").as_deref(),
            Ok("https://app.example.com")
        );
        assert_eq!(origin("http://localhost:3000").as_deref(), Ok("http://localhost:3000"));
        assert_eq!(
            origin("https://bücher.example").as_deref(),
            Ok("https://xn--bcher-kva.example")
        );
        for (input, problem) in [
            ("https://app.example.com/settings", UrlProblem::NotAnOrigin),
            ("https://attacker.example\\.app.victim.example", UrlProblem::NotAnOrigin),
            ("https://app.example.com\\", UrlProblem::NotAnOrigin),
            ("*", UrlProblem::NotAnHttpsUrl),
            ("null", UrlProblem::NotAnHttpsUrl),
            ("http://app.example.com", UrlProblem::NotAnHttpsUrl),
            ("https://u:p@app.example.com", UrlProblem::UrlWithExtras),
        ] {
            assert_eq!(origin(input), Err(problem), "{input}");
        }
    }
}

//! The browser's own URL parser, for connect-core's checks of the addresses a configuration names
//! ([`connect_core::origin`]): what the form allows is then exactly what the browser will fetch.

use connect_core::origin::{ParsedUrl, UrlParser};
use web_sys::Url;

/// The browser's `URL`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserUrls;

impl UrlParser for BrowserUrls {
    fn parse(&self, input: &str, base: Option<&str>) -> Option<ParsedUrl> {
        let url = match base {
            Some(base) => Url::new_with_base(input, base),
            None => Url::new(input),
        }
        .ok()?;
        Some(ParsedUrl {
            href: url.href(),
            origin: url.origin(),
        })
    }
}

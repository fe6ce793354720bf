//! The dev pages that stand in for a provider's sign-in and a custom-auth redirect step: plain
//! server-rendered HTML with no external resources, a real heading, real buttons, `lang="en"`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::Value;

/// Inline styles and scripts only, forms posting back here, nothing loaded from elsewhere.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:#1a1a1a;background:#fff}\
main{max-width:32rem;margin:auto}h1{font-size:1.5rem;margin:0 0 1rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}\
.actions{display:flex;gap:1rem;margin-top:1.5rem}\
button{font:inherit;padding:.5rem 1.25rem;border-radius:.375rem;border:2px solid #1d4ed8;cursor:pointer}\
button.primary{background:#1d4ed8;color:#fff}button.secondary{background:#fff;color:#1d4ed8}\
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}.note{color:#444;font-size:.875rem}";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON to place inside a `<script>`: `<` is escaped so no value can close the script element.
fn script_json(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// A page response, with `Cross-Origin-Opener-Policy: same-origin` when `coop`.
pub fn respond(status: StatusCode, html: String, coop: bool) -> Response {
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if coop {
        headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    }
    response
}

/// What the consent page shows about the request.
pub struct ConsentFacts<'a> {
    /// The provider's display name.
    pub title: &'a str,
    /// The provider's identifier.
    pub provider: &'a str,
    /// The project.
    pub project: &'a str,
    /// The group.
    pub group_ref: &'a str,
    /// The consumer.
    pub consumer_ref: &'a str,
    /// The connection being re-authorized, for `:oauth-update`.
    pub connection_id: Option<&'a str>,
    /// The OAuth `state` to post back.
    pub state: &'a str,
}

/// The stand-in for the provider's sign-in and consent screen.
pub fn consent(facts: &ConsentFacts) -> String {
    let title = escape(facts.title);
    let purpose = match facts.connection_id {
        Some(id) => format!("to sign in again for connection <code>{}</code>", escape(id)),
        None => "to connect an account".to_owned(),
    };
    let body = format!(
        "<h1>Connect {title}</h1>\n\
         <p>This page stands in for {title}'s sign-in page. Approve {purpose}, or deny to refuse.</p>\n\
         <dl>\n<dt>Provider</dt><dd><code>{provider}</code></dd>\n<dt>Project</dt><dd>{project}</dd>\n\
         <dt>Group</dt><dd>{group}</dd>\n<dt>Consumer</dt><dd>{consumer}</dd>\n</dl>\n\
         <form method=\"post\" action=\"/dev/authorize\">\n\
         <input type=\"hidden\" name=\"state\" value=\"{state}\">\n\
         <div class=\"actions\">\n\
         <button type=\"submit\" class=\"primary\" name=\"decision\" value=\"approve\">Approve</button>\n\
         <button type=\"submit\" class=\"secondary\" name=\"decision\" value=\"deny\">Deny</button>\n\
         </div>\n</form>\n<p class=\"note\">dev-api: no real account is involved.</p>",
        provider = escape(facts.provider),
        project = escape(facts.project),
        group = escape(facts.group_ref),
        consumer = escape(facts.consumer_ref),
        state = escape(facts.state),
    );
    document(&format!("Sign in to {} (dev-api)", facts.title), &body)
}

/// The page the popup lands on after the decision. It posts `message` to the opener with target
/// origin `*` (as the hosted API's callback does, so receivers must check `event.origin`) and
/// closes itself. With `message: None` (a provider whose COOP cuts the opener) it posts nothing.
pub fn oauth_result(title: &str, heading: &str, text: &str, message: Option<&Value>) -> String {
    let post = match message {
        Some(message) => format!(
            "  var message = {};\n  if (window.opener) {{ window.opener.postMessage(message, \"*\"); }}\n",
            script_json(message)
        ),
        None => String::new(),
    };
    let body = format!(
        "<h1>{}</h1>\n<p role=\"status\">{}</p>\n<p class=\"note\">This window closes by itself; if it does not, \
         close it.</p>\n<script>\n(function () {{\n{post}  window.close();\n}})();\n</script>",
        escape(heading),
        escape(text),
    );
    document(&format!("{title} (dev-api)"), &body)
}

/// The stand-in for a multi-step custom-auth redirect step: Continue posts
/// `{source: "ampersand-custom-auth", params: {code}}` to the opener and closes.
pub fn custom_auth(title: &str, code: &str) -> String {
    let message = serde_json::json!({ "source": "ampersand-custom-auth", "params": { "code": code } });
    let body = format!(
        "<h1>Continue connecting {title}</h1>\n\
         <p>This page stands in for {title}'s extra step. Continue to finish connecting.</p>\n\
         <div class=\"actions\">\n\
         <button type=\"button\" class=\"primary\" id=\"continue\">Continue</button>\n\
         <button type=\"button\" class=\"secondary\" id=\"cancel\">Cancel</button>\n\
         </div>\n<p role=\"status\" id=\"status\"></p>\n\
         <script>\n(function () {{\n  var message = {message};\n\
         document.getElementById(\"continue\").addEventListener(\"click\", function () {{\n\
         \x20   if (window.opener) {{ window.opener.postMessage(message, \"*\"); }}\n\
         \x20   document.getElementById(\"status\").textContent = \"Done. This window closes by itself.\";\n\
         \x20   window.close();\n  }});\n\
         document.getElementById(\"cancel\").addEventListener(\"click\", function () {{ window.close(); }});\n\
         }})();\n</script>",
        title = escape(title),
        message = script_json(&message),
    );
    document(&format!("Continue connecting {title} (dev-api)"), &body)
}

/// A page for a link that does not work (unknown or finished session).
pub fn error(heading: &str, text: &str) -> String {
    document(
        &format!("{heading} (dev-api)"),
        &format!("<h1>{}</h1>\n<p>{}</p>", escape(heading), escape(text)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        let json = script_json(&serde_json::json!({ "error": "</script><script>alert(1)</script>" }));
        assert!(!json.contains("</script>"));
    }

    #[test]
    fn result_page_posts_only_with_a_message() {
        let message = serde_json::json!({ "eventType": "AUTHORIZATION_SUCCEEDED", "data": { "connection": "conn_1" } });
        let page = oauth_result("Connected", "Connected", "Done.", Some(&message));
        assert!(page.contains("postMessage(message, \"*\")"));
        assert!(page.contains("\"connection\":\"conn_1\""));
        let page = oauth_result("Connected", "Connected", "Done.", None);
        assert!(!page.contains("postMessage"));
        assert!(page.contains("window.close()"));
    }
}

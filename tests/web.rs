//! The components in a real browser (headless Chromium through wasm-bindgen-test): the fields each
//! auth type gets, validation messages with their ARIA state, and the exact payload submitted.
//!
//! One binary, one browser: every test mounts the app into its own element and unmounts it.

#![cfg(target_arch = "wasm32")]

use connect_core::Config;
use connect_core::settings::Settings;
use connect_form::urls::BrowserUrls;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function install_fake_fetch(status, body, contentType) {
  window.__requests = [];
  window.__fetchDelay = 0;
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    // The form lists the user's connections on load; here there are none (not recorded).
    if (request.method === 'GET' && request.url.includes('/connections?')) {
      return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
    }
    const text = await request.text();
    window.__requests.push({ url: request.url, method: request.method, body: text,
      contentType: request.headers.get('content-type') });
    await new Promise((resolve) => setTimeout(resolve, window.__fetchDelay));
    return new Response(body, { status, headers: { 'content-type': contentType } });
  };
}
export function recorded_requests() { return JSON.stringify(window.__requests || []); }
export function recording_port(catalog) {
  window.__events = [];
  const files = JSON.parse(catalog);
  return {
    emit: (name, detail) => window.__events.push({ name, detail: JSON.parse(detail) }),
    token: () => null,
    // The shipped catalog's files, at hand as web/app.js has the first screen's.
    catalog: (path) => files[path] ?? null,
  };
}
export function flaky(port, path, failures) {
  // As web/app.js does: one fetch per file at a time (asking again while it is on its way gets the
  // same promise), a failed one forgotten so that the next ask fetches again; `failures` fetches fail.
  const inner = port.catalog;
  let pending = null;
  port.catalog = (p) => {
    if (p !== path) return inner(p);
    if (!pending) {
      const fail = failures > 0;
      if (fail) failures -= 1;
      pending = new Promise((resolve, reject) =>
        setTimeout(() => (fail ? reject(new Error('offline')) : resolve(inner(p))), 5),
      );
      pending.then(() => {}, () => (pending = null));
    }
    return pending;
  };
  return port;
}
export function watch_errors() {
  window.__errors = [];
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
}
export function uncaught_errors() { return JSON.stringify(window.__errors || []); }
export function delay_answers(ms) { window.__fetchDelay = ms; }
export function recorded_events() { return JSON.stringify(window.__events || []); }
"#)]
extern "C" {
    fn install_fake_fetch(status: u16, body: &str, content_type: &str);
    fn recorded_requests() -> String;
    fn recording_port(catalog: &str) -> connect_form::Port;
    fn flaky(port: connect_form::Port, path: &str, failures: u32) -> connect_form::Port;
    fn recorded_events() -> String;
    fn delay_answers(ms: u32);
    fn watch_errors();
    fn uncaught_errors() -> String;
}

const IDENTITY: &str = "project=p1&groupRef=g1&groupName=Acme&consumerRef=u1&apiBase=https://api.example.com/v1";
/// The deployment these tests stand for: its API is the one [`IDENTITY`] names.
const SETTINGS: &str = r#"{"apiBases": ["https://api.example.com/v1"]}"#;

/// The form's own origin: where the test page is served.
fn form_origin() -> String {
    window().location().origin().unwrap()
}

/// An app started by [`connect_form::mount`], unmounted when dropped.
struct Mounted(usize);

impl Drop for Mounted {
    fn drop(&mut self) {
        connect_form::unmount(self.0);
    }
}

/// Mounts the app for a query string, as web/app.js does, with a port that records its events;
/// returns the container and the handle that keeps it alive.
fn mount(query: &str) -> (HtmlElement, Mounted) {
    mount_with(query, recording_port(&catalog_files()))
}

/// [`mount`], with a port of the test's own.
fn mount_with(query: &str, port: connect_form::Port) -> (HtmlElement, Mounted) {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let number = connect_form::mount(
        container.clone().into(),
        container.clone(),
        query,
        &form_origin(),
        SETTINGS.into(),
        port,
    );
    (container, Mounted(number))
}

/// The shipped catalog's files as a JSON object keyed by path, as scripts/postbuild.mjs writes them.
fn catalog_files() -> String {
    thread_local! {
        static FILES: String = {
            let files: serde_json::Map<String, serde_json::Value> = connect_core::catalog_files::files()
                .into_iter()
                .map(|(path, text)| (path, serde_json::Value::String(text)))
                .collect();
            serde_json::Value::Object(files).to_string()
        };
    }
    FILES.with(Clone::clone)
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
    // Let fetch promises and the next animation frame run.
    sleep(30).await;
    leptos::task::tick().await;
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// The control a label names, as a user (or a screen reader) finds it.
fn control(root: &Element, label: &str) -> HtmlElement {
    let found = all(root, "label").into_iter().find(|l| {
        l.text_content()
            .unwrap_or_default()
            .trim()
            .trim_end_matches("(optional)")
            .trim()
            == label
    });
    let label = found.unwrap_or_else(|| panic!("no label {label:?}"));
    let id = label.get_attribute("for").expect("labels name their control");
    find(root, &format!("#{id}"))
        .expect("the labelled control exists")
        .unchecked_into()
}

fn labels(root: &Element) -> Vec<String> {
    all(root, "form label")
        .iter()
        .map(|l| l.text_content().unwrap_or_default().trim().to_owned())
        .collect()
}

fn type_into(root: &Element, label: &str, text: &str) {
    let input: HtmlInputElement = control(root, label).unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    input.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
}

fn submit(root: &Element) {
    let button: HtmlElement = find(root, "form button[type=submit]").unwrap().unchecked_into();
    button.click();
}

/// A provider, the labels its form shows, and the `type` of some of its inputs.
type FieldCase = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

#[wasm_bindgen_test]
async fn each_auth_type_gets_its_fields() {
    let cases: &[FieldCase] = &[
        (
            "activeCampaign",
            &["Account name", "API key"],
            &[("API key", "password")],
        ),
        (
            "freshdesk",
            &["Domain", "Username", "Password"],
            &[("Username", "text"), ("Password", "password")],
        ),
        ("gitlab", &["Access Token"], &[("Access Token", "password")]),
        (
            "adobe",
            &["Client ID", "Client secret", "Scopes"],
            &[("Client secret", "password")],
        ),
        (
            "sugarCRM",
            &[
                "Base URL",
                "Username",
                "Password",
                "Client ID",
                "Client secret",
                "Scopes (optional)",
            ],
            &[("Password", "password")],
        ),
        ("zendeskSupport", &["Subdomain"], &[("Subdomain", "text")]),
        ("salesforce", &["Subdomain (optional)"], &[]),
        ("hubspot", &[], &[]),
    ];
    for (provider, expected, types) in cases {
        let (root, _handle) = mount(&format!("{IDENTITY}&provider={provider}"));
        settle().await;
        assert_eq!(labels(&root), *expected, "{provider}");
        for (label, kind) in *types {
            assert_eq!(
                control(&root, label).get_attribute("type").as_deref(),
                Some(*kind),
                "{provider} {label}"
            );
        }
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn the_submit_button_names_the_flow_and_unsupported_providers_say_why() {
    install_fake_fetch(200, "https://auth.example.com/authorize?state=s1", "text/plain");
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=zendeskSupport"));
    settle().await;
    let button = find(&root, "form button[type=submit]").unwrap();
    assert_eq!(button.text_content().unwrap(), "Continue to Zendesk Support");
    type_into(&root, "Subdomain", "https://acme.zendesk.com/agent/");
    submit(&root);
    settle().await;
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("We used “acme” from the address you pasted."), "{text}");
    // Continue asks the API for the provider's sign-in page, with the workspace known before sign-in.
    let requests: serde_json::Value = serde_json::from_str(&recorded_requests()).unwrap();
    let sign_in = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["url"] == "https://api.example.com/v1/oauth-connect")
        .expect("a POST /oauth-connect");
    assert_eq!(sign_in["method"], "POST");
    let body: serde_json::Value = serde_json::from_str(sign_in["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "projectIdOrName": "p1",
            "provider": "zendeskSupport",
            "groupRef": "g1",
            "groupName": "Acme",
            "consumerRef": "u1",
            "providerWorkspaceRef": "acme",
            "providerMetadata": {"workspace": {"value": "acme", "source": "input"}}
        })
    );
    root.remove();

    let (root, _handle) = mount(&format!("{IDENTITY}&provider=snowflake"));
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Snowflake cannot be connected here"), "{text}");
    assert!(find(&root, "form").is_none());
    root.remove();

    let (root, _handle) = mount(&format!("{IDENTITY}&provider=sugarCRM"));
    settle().await;
    assert!(root.text_content().unwrap().contains("uses an older sign-in method"));
    root.remove();
}

#[wasm_bindgen_test]
async fn validation_messages_carry_their_aria_state() {
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=freshdesk"));
    settle().await;
    let domain = control(&root, "Domain");
    // Nothing is shown before the user leaves a field or submits.
    assert_eq!(domain.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(find(&root, "#cf-summary").is_none());

    type_into(&root, "Domain", "not a domain!");
    settle().await;
    assert_eq!(domain.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = domain.get_attribute("aria-describedby").unwrap();
    let error_id = described
        .split(' ')
        .find(|id| id.ends_with("-error"))
        .expect("the error is referenced");
    let error = find(&root, &format!("#{error_id}")).unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "Domain can only contain letters, digits and hyphens, with no dots or spaces."
    );

    submit(&root);
    settle().await;
    let summary = find(&root, "#cf-summary").expect("a summary after a failed submit");
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("cf-summary")
    );
    let links: Vec<(String, String)> = all(&summary, "a")
        .iter()
        .map(|a| (a.text_content().unwrap(), a.get_attribute("href").unwrap()))
        .collect();
    let expected = [
        (
            "Domain can only contain letters, digits and hyphens, with no dots or spaces.",
            "#f-providerMetadata-workspace",
        ),
        ("Username is required.", "#f-basicAuth-username"),
        ("Password is required.", "#f-basicAuth-password"),
    ];
    assert_eq!(links, expected.map(|(text, href)| (text.to_owned(), href.to_owned())));
    for label in ["Username", "Password"] {
        assert_eq!(
            control(&root, label).get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{label}"
        );
    }
    // The submit button stays enabled.
    assert!(
        !find(&root, "form button[type=submit]")
            .unwrap()
            .has_attribute("disabled")
    );

    // Fixing a field clears its message as soon as the value is right.
    type_into(&root, "Domain", "acme");
    settle().await;
    assert_eq!(domain.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(
        !domain
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .contains("-error")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn secrets_have_a_show_hide_toggle_with_a_name() {
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=activeCampaign"));
    settle().await;
    let key = control(&root, "API key");
    assert_eq!(key.get_attribute("autocomplete").as_deref(), Some("current-password"));
    let toggle: HtmlElement = find(&root, ".cf-reveal").unwrap().unchecked_into();
    assert_eq!(toggle.get_attribute("aria-label").as_deref(), Some("Show API key"));
    toggle.click();
    settle().await;
    assert_eq!(key.get_attribute("type").as_deref(), Some("text"));
    assert_eq!(toggle.get_attribute("aria-label").as_deref(), Some("Hide API key"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_submitted_payload_is_exactly_the_generate_request() {
    install_fake_fetch(
        201,
        r#"{"id": "conn_42", "projectId": "p1", "provider": "freshdesk", "createTime": "2026-11-29T10:00:00Z",
            "authScheme": "basic", "status": "working",
            "group": {"groupRef": "g1", "groupName": "Acme", "projectId": "p1", "createTime": "2026-11-29T10:00:00Z"},
            "consumer": {"consumerRef": "u1", "consumerName": "u1", "projectId": "p1", "createTime": "2026-11-29T10:00:00Z"}}"#,
        "application/json",
    );
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=freshdesk"));
    settle().await;
    type_into(&root, "Domain", "https://acme.freshdesk.com/a/tickets/1");
    type_into(&root, "Username", "  jane@acme.com ");
    type_into(&root, "Password", "hunter2 ");
    submit(&root);
    settle().await;
    settle().await;
    let requests: serde_json::Value = serde_json::from_str(&recorded_requests()).unwrap();
    let requests = requests.as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]["url"],
        "https://api.example.com/v1/projects/p1/connections:generate"
    );
    assert_eq!(requests[0]["method"], "POST");
    assert_eq!(requests[0]["contentType"], "application/json");
    let body: serde_json::Value = serde_json::from_str(requests[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "provider": "freshdesk",
            "groupRef": "g1",
            "groupName": "Acme",
            "consumerRef": "u1",
            "providerWorkspaceRef": "acme",
            "providerMetadata": {"workspace": {"value": "acme", "source": "input"}},
            "basicAuth": {"username": "jane@acme.com", "password": "hunter2 "}
        })
    );
    let text = root.text_content().unwrap();
    assert!(text.contains("Freshdesk is connected"), "{text}");
    assert!(text.contains("conn_42"), "{text}");
    // Connected: what was typed is gone from the form.
    let password: HtmlInputElement = control(&root, "Password").unchecked_into();
    assert_eq!(password.value(), "");
    // The page is told through the port the app was mounted with: the connection, no secret.
    let events: serde_json::Value = serde_json::from_str(&recorded_events()).unwrap();
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");
    assert_eq!(events[0]["name"], "connected");
    assert_eq!(events[0]["detail"]["connection"]["id"], "conn_42");
    assert_eq!(events[0]["detail"]["updated"], false);
    assert!(!events.to_string().contains("hunter2"));
    root.remove();
}

#[wasm_bindgen_test]
async fn unmounting_during_a_call_leaves_nothing_running() {
    install_fake_fetch(
        201,
        r#"{"id": "conn_43", "projectId": "p1", "provider": "freshdesk", "createTime": "2026-11-29T10:00:00Z",
            "authScheme": "basic", "status": "working"}"#,
        "application/json",
    );
    let (root, handle) = mount(&format!("{IDENTITY}&provider=freshdesk"));
    settle().await;
    type_into(&root, "Domain", "acme");
    type_into(&root, "Username", "jane");
    type_into(&root, "Password", "secret");
    // The answer comes after the form is gone.
    delay_answers(100);
    watch_errors();
    submit(&root);
    settle().await;
    drop(handle);
    settle().await;
    sleep(150).await;
    // The call was sent, its answer came to nothing: above all no error (an answer handled by a form
    // that is gone traps the wasm), no view, and the app still works.
    assert_eq!(uncaught_errors(), "[]");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&recorded_requests())
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(recorded_events(), "[]");
    assert_eq!(root.child_element_count(), 0);
    root.remove();
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=freshdesk"));
    settle().await;
    assert!(control(&root, "Domain").is_connected());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_refusal_keeps_every_value_and_attaches_issues_to_fields() {
    install_fake_fetch(
        422,
        r#"{"type": "about:blank", "title": "Invalid", "status": 422, "detail": "The provider refused the credentials.",
            "remedy": "Check them and try again.",
            "issues": [{"in": "body", "name": "basicAuth.password", "detail": "The password is wrong."}]}"#,
        "application/problem+json",
    );
    let (root, _handle) = mount(&format!("{IDENTITY}&provider=freshdesk"));
    settle().await;
    type_into(&root, "Domain", "acme");
    type_into(&root, "Username", "jane");
    type_into(&root, "Password", "wrong");
    submit(&root);
    settle().await;
    settle().await;
    let summary = find(&root, "#cf-summary").expect("a summary of the refusal");
    let text = summary.text_content().unwrap();
    assert!(text.contains("The connection could not be made"), "{text}");
    assert!(text.contains("The provider refused the credentials."), "{text}");
    assert!(text.contains("Password: The password is wrong."), "{text}");
    assert!(text.contains("Check them and try again."), "{text}");
    let password: HtmlInputElement = control(&root, "Password").unchecked_into();
    assert_eq!(password.value(), "wrong");
    assert_eq!(password.get_attribute("aria-invalid").as_deref(), Some("true"));
    let username: HtmlInputElement = control(&root, "Username").unchecked_into();
    assert_eq!(username.value(), "jane");
    let events: serde_json::Value = serde_json::from_str(&recorded_events()).unwrap();
    assert_eq!(events[0]["name"], "error", "{events}");
    assert_eq!(events[0]["detail"]["code"], "rejected");
    assert_eq!(events[0]["detail"]["status"], 422);
    root.remove();
}

#[wasm_bindgen_test]
async fn configuration_problems_name_their_parameter() {
    let (root, _handle) = mount("project=p&consumerRef=u&theme=blue");
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("This form is not set up correctly"), "{text}");
    assert!(text.contains("“groupRef” is required."), "{text}");
    assert!(text.contains("“theme” must be one of: light, dark, auto."), "{text}");
    root.remove();

    let (root, _handle) = mount(&format!("{IDENTITY}&provider=zendesk"));
    settle().await;
    let text = root.text_content().unwrap();
    assert!(
        text.contains("“provider” names “zendesk”, which is not in the provider catalog."),
        "{text}"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_picker_searches_and_opens_a_form() {
    let (root, _handle) = mount(&format!("{IDENTITY}&providers=hubspot,zendeskSupport,freshdesk"));
    settle().await;
    assert_eq!(all(&root, "#cf-results li").len(), 3);
    assert_eq!(
        find(&root, "#cf-results-count").unwrap().text_content().unwrap(),
        "3 providers"
    );
    type_into(&root, "Search providers", "ZÉN");
    settle().await;
    let items = all(&root, "#cf-results li:not([hidden]) button");
    assert_eq!(items.len(), 1);
    assert!(items[0].text_content().unwrap().contains("Zendesk Support"));
    assert!(
        items[0]
            .text_content()
            .unwrap()
            .contains("Sign in on the provider’s site")
    );
    items[0].unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(labels(&root), ["Subdomain"]);
    let back: HtmlElement = find(&root, ".cf-back").unwrap().unchecked_into();
    back.click();
    settle().await;
    assert!(find(&root, "#cf-search").is_some());
    root.remove();
}

/// Clicks the picker's button for a provider.
async fn pick(root: &Element, title: &str) {
    let button = all(root, "#cf-results button")
        .into_iter()
        .find(|b| b.text_content().unwrap().contains(title))
        .unwrap_or_else(|| panic!("no {title} in the picker"));
    button.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

/// The picker for two providers, whose shipped entry for Freshdesk fails to arrive the first time.
async fn picker_with_flaky_freshdesk() -> (HtmlElement, Mounted) {
    let port = flaky(recording_port(&catalog_files()), "providers/freshdesk", 1);
    let mounted = mount_with(&format!("{IDENTITY}&providers=hubspot,freshdesk"), port);
    settle().await;
    mounted
}

#[wasm_bindgen_test]
async fn a_picked_provider_that_does_not_load_can_be_tried_again() {
    let (root, _handle) = picker_with_flaky_freshdesk().await;
    pick(&root, "Freshdesk").await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Freshdesk did not load"), "{text}");
    assert_eq!(
        find(&root, "[role=alert]").unwrap().text_content().unwrap(),
        "Check your internet connection, then try again."
    );
    assert!(labels(&root).is_empty());
    let retry: HtmlElement = find(&root, ".cf-not-loaded .cf-primary").unwrap().unchecked_into();
    assert_eq!(retry.text_content().unwrap(), "Try again");
    retry.click();
    settle().await;
    assert_eq!(labels(&root), ["Domain", "Username", "Password"]);
    root.remove();

    // Back to the picker from the message instead.
    let (root, _handle) = picker_with_flaky_freshdesk().await;
    pick(&root, "Freshdesk").await;
    find(&root, ".cf-not-loaded .cf-back")
        .unwrap()
        .unchecked_ref::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(all(&root, "#cf-results li").len(), 2);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_first_screen_that_does_not_load_can_be_tried_again() {
    let port = flaky(recording_port(&catalog_files()), "providers/freshdesk", 1);
    let (root, _handle) = mount_with(&format!("{IDENTITY}&provider=freshdesk"), port);
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("This form did not load"), "{text}");
    find(&root, ".cf-not-loaded .cf-primary")
        .unwrap()
        .unchecked_ref::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(labels(&root), ["Domain", "Username", "Password"]);
    root.remove();

    let port = flaky(recording_port(&catalog_files()), "index", 1);
    let (root, _handle) = mount_with(IDENTITY, port);
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("The list of providers did not load"), "{text}");
    assert!(find(&root, "#cf-search").is_none());
    find(&root, ".cf-not-loaded .cf-primary")
        .unwrap()
        .unchecked_ref::<HtmlElement>()
        .click();
    settle().await;
    assert!(find(&root, "#cf-search").is_some());
    assert_eq!(
        find(&root, "#cf-results-count").unwrap().text_content().unwrap(),
        "238 providers"
    );
    // A page of them, and the way to the rest.
    assert_eq!(all(&root, "#cf-results li").len(), 30);
    assert_eq!(
        find(&root, ".cf-more").unwrap().text_content().unwrap(),
        "Show 30 more (208 not shown)"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_select_input_offers_its_options_and_sends_the_choice() {
    use connect_core::catalog::Provider;
    use connect_core::form::FormSpec;
    use connect_form::Host;
    use connect_form::api::Client;
    use connect_form::components::{Announcer, ConnectForm};
    use connect_form::i18n::I18n;
    use std::sync::Arc;
    // No provider of today's catalog has a select input, so this one is made up.
    let provider = Provider::from_json(
        r#"{"name": "acmeCrm", "displayName": "Acme CRM", "authType": "custom", "baseURL": "https://acme.example",
            "customOpts": {"inputs": [
              {"name": "region", "displayName": "Region", "fieldType": "fieldTypeSelect",
               "options": [{"value": "eu", "label": "Europe"}, {"value": "us", "label": "United States"}]},
              {"name": "token", "displayName": "Token"}]}}"#,
    )
    .unwrap();
    install_fake_fetch(
        201,
        r#"{"id": "conn_7", "provider": "acmeCrm", "projectId": "p1", "createTime": "2026-11-29T10:00:00Z",
            "authScheme": "none", "status": "working"}"#,
        "application/json",
    );
    let settings = Settings::from_json(SETTINGS, &form_origin(), &BrowserUrls).unwrap();
    let config = Arc::new(Config::from_query(IDENTITY, &settings, &BrowserUrls).unwrap());
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let root = container.clone();
    let _handle = leptos::mount::mount_to(container.clone(), move || {
        let host = Host::new(root.into(), recording_port("{}"));
        provide_context(host);
        provide_context(config.clone());
        provide_context(Client::new(config.clone(), host));
        provide_context(I18n::new("en"));
        provide_context(Announcer(RwSignal::new(String::new())));
        let spec = FormSpec::for_provider(&provider, None);
        view! { <ConnectForm spec=spec icon=None on_back=None /> }
    });
    settle().await;
    let select: web_sys::HtmlSelectElement = control(&container, "Region").unchecked_into();
    let options: Vec<String> = all(&container, "select option")
        .iter()
        .map(|o| o.text_content().unwrap())
        .collect();
    assert_eq!(options, ["Choose…", "Europe", "United States"]);
    submit(&container);
    settle().await;
    assert_eq!(select.get_attribute("aria-invalid").as_deref(), Some("true"));
    select.set_value("us");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    type_into(&container, "Token", "tok-123");
    submit(&container);
    settle().await;
    settle().await;
    let requests: serde_json::Value = serde_json::from_str(&recorded_requests()).unwrap();
    assert_eq!(requests.as_array().unwrap().len(), 1);
    let body: serde_json::Value = serde_json::from_str(requests[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "provider": "acmeCrm",
            "groupRef": "g1",
            "groupName": "Acme",
            "consumerRef": "u1",
            "customAuth": {"region": "us", "token": "tok-123"}
        })
    );
    assert!(container.text_content().unwrap().contains("Acme CRM is connected"));
    container.remove();
}

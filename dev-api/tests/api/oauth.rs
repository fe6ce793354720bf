//! The simulated OAuth sign-in: `POST /v1/oauth-connect`, the consent page, approve and deny, the
//! COOP switch, and `:oauth-update`.

use dev_api::Config;
use dev_api::host::AllowedHost;
use serde_json::{Value, json};

use crate::common::{Api, Reply, aircall, issue_names, schemas};

fn zendesk(consumer: &str) -> Value {
    json!({
        "projectIdOrName": "p",
        "provider": "zendeskSupport",
        "groupRef": "g1",
        "groupName": "Acme",
        "consumerRef": consumer,
        "providerWorkspaceRef": "acme",
        "providerMetadata": { "workspace": { "value": "acme", "source": "input" } }
    })
}

/// Starts a sign-in; returns the consent URL's path and query, and the state.
async fn start_sign_in(api: &Api, body: &Value, fault: Option<&str>) -> (String, String) {
    testkit::assert_valid(&schemas().oauth_connect_request, body, "test body");
    let mut builder = api.client.post(api.url("/v1/oauth-connect")).json(body);
    if let Some(fault) = fault {
        builder = builder.header("X-Dev-Fault", fault);
    }
    let reply = api.send(builder).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        reply.content_type().starts_with("text/plain"),
        "{}",
        reply.content_type()
    );
    let prefix = format!("{}/dev/authorize?state=", api.origin);
    assert!(reply.text.starts_with(&prefix), "{}", reply.text);
    let state = reply.text[prefix.len()..].to_owned();
    assert!(
        state.len() >= 32 && state.bytes().all(|b| b.is_ascii_hexdigit()),
        "{state}"
    );
    (reply.text[api.origin.len()..].to_owned(), state)
}

async fn decide(api: &Api, state: &str, decision: &str) -> Reply {
    api.send(
        api.client
            .post(api.url("/dev/authorize"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("state={state}&decision={decision}")),
    )
    .await
}

/// The message the result page posts (`var message = {...};`).
fn message_of(page: &Reply) -> Value {
    let start = page.text.find("var message = ").expect("a message") + "var message = ".len();
    let end = start + page.text[start..].find(";\n").unwrap();
    serde_json::from_str(&page.text[start..end]).unwrap()
}

fn assert_plain_page(reply: &Reply) {
    assert!(
        reply.content_type().starts_with("text/html"),
        "{}",
        reply.content_type()
    );
    assert!(reply.text.starts_with("<!DOCTYPE html>"));
    assert!(reply.text.contains("<html lang=\"en\">"));
    for external in ["src=\"http", "href=\"http", "<link", "@import", "url("] {
        assert!(
            !reply.text.contains(external),
            "external resource {external}: {}",
            reply.text
        );
    }
}

#[tokio::test]
async fn approve_stores_the_connection_and_tells_the_opener() {
    let api = Api::start().await;
    let (consent, state) = start_sign_in(&api, &zendesk("c1"), None).await;
    let page = api.get(&consent).await;
    assert_eq!(page.status, 200);
    assert_plain_page(&page);
    assert!(page.text.contains("<h1>Connect Zendesk Support</h1>"), "{}", page.text);
    assert!(
        page.text
            .contains("<button type=\"submit\" class=\"primary\" name=\"decision\" value=\"approve\">Approve</button>")
    );
    assert!(page.text.contains(">Deny</button>"));
    assert!(page.text.contains(&format!("value=\"{state}\"")));
    assert_eq!(page.header("cross-origin-opener-policy"), "");
    assert!(api.list("").await.is_empty(), "nothing before approval");

    let result = decide(&api, &state, "approve").await;
    assert_eq!(result.status, 200);
    assert_plain_page(&result);
    let listed = api.list("").await;
    assert_eq!(listed.len(), 1);
    let connection = &listed[0];
    let id = connection["id"].as_str().unwrap();
    assert_eq!(connection["authScheme"], "oauth2/authorizationCode");
    assert_eq!(connection["providerWorkspaceRef"], "acme");
    assert_eq!(connection["group"]["groupName"], "Acme");
    assert_eq!(connection["providerMetadata"]["workspace"]["value"], "acme");
    let message = message_of(&result);
    assert_eq!(
        message,
        json!({ "eventType": "AUTHORIZATION_SUCCEEDED", "data": { "connection": id } })
    );
    assert!(result.text.contains("window.opener.postMessage(message, \"*\")"));
    let post_at = result.text.find("postMessage").unwrap();
    assert!(
        result.text[post_at..].contains("window.close()"),
        "closes after posting"
    );

    // Approving again (a double submit) answers the same and stores nothing new.
    let again = decide(&api, &state, "approve").await;
    assert_eq!(message_of(&again), message);
    assert_eq!(api.list("").await.len(), 1);

    let received = api
        .get(&format!("/dev/projects/p/connections/{id}/received"))
        .await
        .ok_json(200);
    assert_eq!(received["flow"], "oauthConnect");
    assert_eq!(received["values"]["providerMetadata.workspace"], "acme");

    // A second sign-in of the same end user renews that connection.
    let (_, state) = start_sign_in(&api, &zendesk("c1"), None).await;
    let renewed = decide(&api, &state, "approve").await;
    assert!(renewed.text.contains(id), "{}", renewed.text);
    let listed = api.list("").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id);
    assert!(listed[0]["updateTime"].is_string());
}

#[tokio::test]
async fn deny_tells_the_opener_and_stores_nothing() {
    let api = Api::start().await;
    let (_, state) = start_sign_in(&api, &zendesk("c1"), None).await;
    let result = decide(&api, &state, "deny").await;
    assert_eq!(result.status, 200);
    assert_plain_page(&result);
    let message = message_of(&result);
    assert_eq!(message["eventType"], "AUTHORIZATION_FAILED");
    assert!(
        message["data"]["error"].as_str().unwrap().contains("denied"),
        "{message}"
    );
    assert!(result.text.contains("window.close()"));
    // Deciding after a denial does not connect.
    let later = decide(&api, &state, "approve").await;
    assert!(later.text.contains("AUTHORIZATION_FAILED"));
    assert!(api.list("").await.is_empty());
}

#[tokio::test]
async fn coop_cuts_the_opener_but_still_connects() {
    let api = Api::start().await;
    let (consent, state) = start_sign_in(&api, &zendesk("c1"), Some("coop")).await;
    let page = api.get(&consent).await;
    assert_eq!(page.header("cross-origin-opener-policy"), "same-origin");
    let result = decide(&api, &state, "approve").await;
    assert_eq!(result.header("cross-origin-opener-policy"), "same-origin");
    assert!(!result.text.contains("postMessage"), "{}", result.text);
    assert_eq!(api.list("").await.len(), 1);

    // Armed for the popup flow too.
    api.post("/dev/faults", &json!({ "fault": "coop", "path": "oauth-connect" }))
        .await
        .ok_json(201);
    let (consent, _) = start_sign_in(&api, &zendesk("c2"), None).await;
    assert_eq!(
        api.get(&consent).await.header("cross-origin-opener-policy"),
        "same-origin"
    );
}

#[tokio::test]
async fn pkce_providers_and_the_host_header() {
    // The consent URL follows the Host the client used: here a proxy's, let in by --allowed-host.
    let api = Api::with(Config {
        allowed_hosts: vec![AllowedHost::parse("proxy.test:4321").unwrap()],
        ..Config::for_tests()
    })
    .await;
    let body = json!({ "projectIdOrName": "p", "provider": "airtable", "groupRef": "g1", "consumerRef": "c1" });
    let reply = api
        .send(
            api.client
                .post(api.url("/v1/oauth-connect"))
                .header("Host", "proxy.test:4321")
                .json(&body),
        )
        .await;
    assert!(
        reply.text.starts_with("http://proxy.test:4321/dev/authorize?state="),
        "{}",
        reply.text
    );
    let state = reply.text.split("state=").nth(1).unwrap();
    decide(&api, state, "approve").await;
    assert_eq!(api.list("").await[0]["authScheme"], "oauth2/authorizationCodePKCE");
}

#[tokio::test]
async fn refused_sign_ins() {
    let api = Api::start().await;
    let problem = api
        .post("/v1/oauth-connect", &json!({ "provider": "asana" }))
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["projectIdOrName", "groupRef", "consumerRef"]);
    let mut body = zendesk("c1");
    body["provider"] = json!("aircall");
    let problem = api.post("/v1/oauth-connect", &body).await.problem(422);
    assert_eq!(issue_names(&problem), ["provider"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("connections:generate")
    );
    let mut body = zendesk("c1");
    body.as_object_mut().unwrap().remove("providerMetadata");
    body.as_object_mut().unwrap().remove("providerWorkspaceRef");
    let problem = api.post("/v1/oauth-connect", &body).await.problem(422);
    assert_eq!(issue_names(&problem), ["providerMetadata.workspace"]);
    assert_eq!(problem["issues"][0]["detail"], "Subdomain is required.");
    let mut body = zendesk("c1");
    body["providerMetadata"]["workspace"]["value"] = json!("acme.example.com");
    let problem = api.post("/v1/oauth-connect", &body).await.problem(422);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("*.zendesk.com"),
        "{problem}"
    );

    // Pages for unknown sign-ins.
    let page = api.get("/dev/authorize?state=0123").await;
    assert_eq!(page.status, 404);
    assert_plain_page(&page);
    assert_eq!(decide(&api, "0123", "approve").await.status, 404);
    let (_, state) = start_sign_in(&api, &zendesk("c1"), None).await;
    decide(&api, &state, "maybe").await.problem(400);
    assert!(api.list("").await.is_empty());
}

#[tokio::test]
async fn oauth_update_signs_in_again() {
    let api = Api::start().await;
    let (_, state) = start_sign_in(&api, &zendesk("c1"), None).await;
    decide(&api, &state, "approve").await;
    let id = api.list("").await[0]["id"].as_str().unwrap().to_owned();
    assert!(api.list("").await[0].get("updateTime").is_none());

    let reply = api
        .send(
            api.client
                .patch(api.url(&format!("/v1/projects/p/connections/{id}:oauth-update"))),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.content_type().starts_with("text/plain"));
    let consent = &reply.text[api.origin.len()..];
    let page = api.get(consent).await;
    assert!(page.text.contains("<h1>Connect Zendesk Support</h1>"));
    assert!(page.text.contains(&id));
    let state = reply.text.split("state=").nth(1).unwrap();
    let result = decide(&api, state, "approve").await;
    assert_eq!(
        message_of(&result),
        json!({ "eventType": "AUTHORIZATION_SUCCEEDED", "data": { "connection": id } })
    );
    let listed = api.list("").await;
    assert_eq!(listed.len(), 1);
    assert!(listed[0]["updateTime"].is_string(), "{}", listed[0]);

    // Only for OAuth connections that exist.
    let other = api.generate(&aircall("c1", "k")).await.connection(201);
    let path = format!(
        "/v1/projects/p/connections/{}:oauth-update",
        other["id"].as_str().unwrap()
    );
    api.send(api.client.patch(api.url(&path))).await.problem(400);
    api.send(
        api.client
            .patch(api.url("/v1/projects/p/connections/conn_00000000000000000000:oauth-update")),
    )
    .await
    .problem(404);
    // With the COOP switch.
    let reply = api
        .send(
            api.client
                .patch(api.url(&format!("/v1/projects/p/connections/{id}:oauth-update")))
                .header("X-Dev-Fault", "coop"),
        )
        .await;
    let state = reply.text.split("state=").nth(1).unwrap();
    let result = decide(&api, state, "approve").await;
    assert_eq!(result.header("cross-origin-opener-policy"), "same-origin");
    assert!(!result.text.contains("postMessage"));
}

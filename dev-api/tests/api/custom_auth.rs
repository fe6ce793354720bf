//! Multi-step custom auth: first call, the redirect page, the second call.

use serde_json::{Value, json};

use crate::common::{Api, issue_names, schemas};

const CONNECT: &str = "/v1/custom-auth/connect";

fn redtail(consumer: &str) -> Value {
    json!({
        "projectIdOrName": "p",
        "provider": "redtail",
        "groupRef": "g1",
        "consumerRef": consumer,
        "providerMetadata": { "region": { "value": "crm", "source": "input" } },
        "customAuth": { "apiKey": "rt-key-0123456789", "username": "jane", "password": "rt-password-0042" }
    })
}

/// First call; returns the page path and the session id.
async fn first_call(api: &Api, body: &Value) -> (String, String) {
    let reply = api.post(CONNECT, body).await;
    let answer = reply.ok_json(200);
    testkit::assert_valid(&schemas().custom_auth_response, &answer, "CustomAuthConnectResponse");
    assert!(!reply.text.contains("rt-password-0042"));
    let url = answer["redirect"]["url"].as_str().unwrap();
    let session = answer["redirect"]["sessionId"].as_str().unwrap().to_owned();
    assert_eq!(url, format!("{}/dev/custom-auth?session={session}", api.origin));
    (url[api.origin.len()..].to_owned(), session)
}

/// The code the page's Continue button posts.
async fn code_on_page(api: &Api, page: &str) -> String {
    let reply = api.get(page).await;
    assert_eq!(reply.status, 200);
    let start = reply.text.find("var message = ").unwrap() + "var message = ".len();
    let end = start + reply.text[start..].find(";\n").unwrap();
    let message: Value = serde_json::from_str(&reply.text[start..end]).unwrap();
    assert_eq!(message["source"], "ampersand-custom-auth");
    message["params"]["code"].as_str().unwrap().to_owned()
}

fn second_call(session: &str, code: &str) -> Value {
    json!({ "projectIdOrName": "p", "sessionId": session, "callbackParams": { "code": code } })
}

#[tokio::test]
async fn two_steps_make_a_connection() {
    let api = Api::start().await;
    let (page_path, session) = first_call(&api, &redtail("c1")).await;
    let page = api.get(&page_path).await;
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.text.contains("<html lang=\"en\">"));
    assert!(
        page.text.contains("<h1>Continue connecting Redtail</h1>"),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains("<button type=\"button\" class=\"primary\" id=\"continue\">Continue</button>")
    );
    assert!(page.text.contains("window.opener.postMessage(message, \"*\")"));
    assert!(page.text.contains("window.close()"));
    assert!(!page.text.contains("rt-password-0042"));
    assert!(api.list("").await.is_empty(), "nothing before the second call");

    let code = code_on_page(&api, &page_path).await;
    let reply = api.post(CONNECT, &second_call(&session, &code)).await;
    let answer = reply.ok_json(200);
    testkit::assert_valid(&schemas().custom_auth_response, &answer, "CustomAuthConnectResponse");
    assert!(!reply.text.contains("rt-key-0123456789") && !reply.text.contains("rt-password-0042"));
    let connection = &answer["connection"];
    testkit::assert_valid(&schemas().connection, connection, "Connection");
    assert_eq!(connection["provider"], "redtail");
    assert_eq!(connection["providerMetadata"]["region"]["value"], "crm");
    assert_eq!(api.list("").await, std::slice::from_ref(connection));

    let id = connection["id"].as_str().unwrap();
    let reply = api.get(&format!("/dev/projects/p/connections/{id}/received")).await;
    let received = reply.ok_json(200);
    assert!(!reply.text.contains("rt-password-0042") && !reply.text.contains("rt-key-0123456789"));
    assert_eq!(received["credential"], "customAuth");
    assert_eq!(received["flow"], "customAuthConnect");
    assert_eq!(received["values"]["customAuth.username"], "jane");
    assert_eq!(received["values"]["customAuth.password"]["last4"], "0042");
    assert_eq!(received["values"]["customAuth.apiKey"]["last4"], "6789");
    assert_eq!(received["values"]["providerMetadata.region"], "crm");

    // The session is spent; the page is gone too.
    let problem = api.post(CONNECT, &second_call(&session, &code)).await.problem(400);
    assert!(
        problem["detail"].as_str().unwrap().contains("already used"),
        "{problem}"
    );
    assert_eq!(api.get(&page_path).await.status, 404);

    // Running the flow again for the same end user renews the connection.
    let (page_path, session) = first_call(&api, &redtail("c1")).await;
    let code = code_on_page(&api, &page_path).await;
    let again = api.post(CONNECT, &second_call(&session, &code)).await.ok_json(200);
    assert_eq!(again["connection"]["id"], id);
    assert!(again["connection"]["updateTime"].is_string());
    assert_eq!(api.list("").await.len(), 1);
}

#[tokio::test]
async fn a_provider_without_inputs() {
    let api = Api::start().await;
    let body =
        json!({ "projectIdOrName": "p", "provider": "microsoftAdminConsent", "groupRef": "g1", "consumerRef": "c1" });
    let (page_path, session) = first_call(&api, &body).await;
    assert!(
        api.get(&page_path)
            .await
            .text
            .contains("Continue connecting Microsoft (Admin consent)")
    );
    let code = code_on_page(&api, &page_path).await;
    let answer = api.post(CONNECT, &second_call(&session, &code)).await.ok_json(200);
    assert_eq!(answer["connection"]["authScheme"], "none");
}

#[tokio::test]
async fn refused_calls() {
    let api = Api::start().await;
    let problem = api.post(CONNECT, &json!({ "provider": "redtail" })).await.problem(400);
    assert_eq!(issue_names(&problem), ["projectIdOrName", "groupRef", "consumerRef"]);

    let mut body = redtail("c1");
    body["provider"] = json!("gitlab");
    let problem = api.post(CONNECT, &body).await.problem(422);
    assert_eq!(issue_names(&problem), ["provider"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("connections:generate")
    );

    let mut body = redtail("c1");
    body["customAuth"] = json!({ "apiKey": "k", "extra": "x" });
    let problem = api.post(CONNECT, &body).await.problem(422);
    assert_eq!(
        issue_names(&problem),
        ["customAuth.extra", "customAuth.username", "customAuth.password"]
    );
    assert_eq!(problem["issues"][1]["detail"], "Username is required.");

    let (_, session) = first_call(&api, &redtail("c1")).await;
    let problem = api.post(CONNECT, &second_call(&session, "wrong")).await.problem(400);
    assert_eq!(issue_names(&problem), ["callbackParams.code"]);
    let problem = api
        .post(CONNECT, &json!({ "projectIdOrName": "p", "sessionId": session }))
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["callbackParams.code"]);
    let mut other_project = second_call(&session, "wrong");
    other_project["projectIdOrName"] = json!("q");
    let problem = api.post(CONNECT, &other_project).await.problem(400);
    assert_eq!(issue_names(&problem), ["projectIdOrName"]);
    let problem = api.post(CONNECT, &second_call("cas_nope", "x")).await.problem(404);
    assert!(problem["detail"].as_str().unwrap().contains("cas_nope"));
    assert_eq!(api.get("/dev/custom-auth?session=cas_nope").await.status, 404);
    assert!(api.list("").await.is_empty());
}

//! Requests that cannot be handled get a problem document with a clear sentence, and store nothing.

use serde_json::json;

use crate::common::{Api, aircall, issue_names};

const GENERATE: &str = "/v1/projects/p/connections:generate";

async fn nothing_stored(api: &Api) {
    assert!(api.list("").await.is_empty(), "something was stored");
}

#[tokio::test]
async fn invalid_json_says_where() {
    let api = Api::start().await;
    let reply = api
        .send(
            api.client
                .post(api.url(GENERATE))
                .header("content-type", "application/json")
                .body("{\"groupRef\": \"g1\",\n \"consumerRef\": }"),
        )
        .await;
    let problem = reply.problem(400);
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.starts_with("The request body is not valid JSON"), "{detail}");
    assert!(detail.contains("line 2 column"), "{detail}");
    for body in ["", "   ", "[1, 2]", "\"text\""] {
        let reply = api
            .send(
                api.client
                    .post(api.url(GENERATE))
                    .header("content-type", "application/json")
                    .body(body),
            )
            .await;
        let problem = reply.problem(400);
        assert!(problem["detail"].as_str().unwrap().contains("JSON object"), "{problem}");
    }
    nothing_stored(&api).await;
}

#[tokio::test]
async fn wrong_or_missing_content_type_is_415() {
    let api = Api::start().await;
    let body = serde_json::to_string(&aircall("c1", "ak_live_0123456789")).unwrap();
    let reply = api
        .send(
            api.client
                .post(api.url(GENERATE))
                .header("content-type", "text/plain")
                .body(body.clone()),
        )
        .await;
    let problem = reply.problem(415);
    assert!(
        problem["detail"].as_str().unwrap().contains("application/json"),
        "{problem}"
    );
    let reply = api.send(api.client.post(api.url(GENERATE)).body(body.clone())).await;
    let problem = reply.problem(415);
    assert!(
        problem["detail"].as_str().unwrap().contains("no Content-Type"),
        "{problem}"
    );
    // A parameter or a +json type is fine.
    let reply = api
        .send(
            api.client
                .post(api.url(GENERATE))
                .header("content-type", "application/json; charset=utf-8")
                .body(body),
        )
        .await;
    reply.connection(201);
}

#[tokio::test]
async fn a_body_over_one_megabyte_is_413() {
    let api = Api::start().await;
    let mut body = aircall("c1", "ak_live_0123456789");
    body["consumerName"] = json!("x".repeat(1024 * 1024));
    let reply = api.send(api.client.post(api.url(GENERATE)).json(&body)).await;
    let problem = reply.problem(413);
    assert!(problem["detail"].as_str().unwrap().contains("1 MB"), "{problem}");
    nothing_stored(&api).await;
    // The connection is still usable afterwards.
    api.generate(&aircall("c1", "ak_live_0123456789")).await.connection(201);
}

#[tokio::test]
async fn missing_refs_and_an_unknown_provider() {
    let api = Api::start().await;
    let problem = api.post(GENERATE, &json!({ "apiKey": "k" })).await.problem(400);
    assert_eq!(issue_names(&problem), ["groupRef", "consumerRef", "provider"]);
    assert!(problem["detail"].as_str().unwrap().contains("groupRef"));
    let problem = api
        .post(
            GENERATE,
            &json!({ "groupRef": " ", "consumerRef": 7, "provider": "aircall", "apiKey": "k" }),
        )
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["groupRef", "consumerRef"]);
    let mut unknown = aircall("c1", "ak_live_0123456789");
    unknown["provider"] = json!("noSuchProvider");
    let problem = api.generate(&unknown).await.problem(422);
    assert_eq!(issue_names(&problem), ["provider"]);
    assert!(problem["detail"].as_str().unwrap().contains("noSuchProvider"));
    nothing_stored(&api).await;
}

#[tokio::test]
async fn wrong_shapes_are_named_and_never_echo_the_value() {
    let api = Api::start().await;
    let mut body = aircall("c1", "x");
    body["apiKey"] = json!(12345);
    let problem = api.post(GENERATE, &body).await.problem(400);
    assert_eq!(issue_names(&problem), ["apiKey"]);
    assert!(
        problem["issues"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("expected a string")
    );

    let secret = "hunter2-very-secret";
    let body = json!({
        "groupRef": "g1", "consumerRef": "c1", "provider": "freshdesk",
        "basicAuth": format!("jane:{secret}")
    });
    let reply = api.post(GENERATE, &body).await;
    let problem = reply.problem(400);
    assert_eq!(issue_names(&problem), ["basicAuth"]);
    assert!(!reply.text.contains(secret), "{}", reply.text);

    let body = json!({
        "groupRef": "g1", "consumerRef": "c1", "provider": "freshdesk",
        "basicAuth": { "username": "jane" }
    });
    let problem = api.post(GENERATE, &body).await.problem(400);
    assert_eq!(issue_names(&problem), ["basicAuth.password"]);
    nothing_stored(&api).await;
}

#[tokio::test]
async fn paths_and_queries_that_cannot_be_read() {
    let api = Api::start().await;
    let problem = api.get("/v1/providers/%FF%FE").await.problem(400);
    assert_eq!(problem["issues"][0]["in"], "path");
    let problem = api.get("/v1/nothing/here").await.problem(404);
    assert!(problem["detail"].as_str().unwrap().contains("/v1/nothing/here"));
    let problem = api.get("/v1/projects/p/connections?provider=nope").await.problem(400);
    assert_eq!(problem["issues"][0]["in"], "query");
    let reply = api
        .send(api.client.put(api.url("/v1/projects/p/connections/conn_1")))
        .await;
    reply.problem(405);
}

//! Fault injection through `X-Dev-Fault` and `/dev/faults`, and the CORS rules that let a browser
//! use them.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{Api, Reply, aircall, freshdesk, issue_names};

const GENERATE: &str = "/v1/projects/p/connections:generate";

async fn generate_with(api: &Api, fault: &str) -> Reply {
    let body = aircall("c1", "ak_live_0123456789");
    api.send(
        api.client
            .post(api.url(GENERATE))
            .header("X-Dev-Fault", fault)
            .json(&body),
    )
    .await
}

async fn nothing_stored(api: &Api) {
    assert!(api.list("").await.is_empty(), "something was stored");
}

#[tokio::test]
async fn delay_then_handle() {
    let api = Api::start().await;
    let started = Instant::now();
    generate_with(&api, "delay=300").await.connection(201);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let problem = generate_with(&api, "delay=30001").await.problem(400);
    assert!(problem["detail"].as_str().unwrap().contains("delay=30001"), "{problem}");
    assert_eq!(problem["issues"][0]["in"], "header");
}

#[tokio::test]
async fn status_answers_without_handling() {
    let api = Api::start().await;
    let problem = generate_with(&api, "status=500").await.problem(500);
    assert!(problem["detail"].as_str().unwrap().contains("simulated"), "{problem}");
    assert!(problem.get("retryable").is_none());
    let problem = generate_with(&api, "status=422").await.problem(422);
    assert_eq!(problem["title"], "Unprocessable Entity");
    nothing_stored(&api).await;
}

#[tokio::test]
async fn retry_after_on_429_and_503() {
    let api = Api::start().await;
    for status in [429, 503] {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let reply = generate_with(&api, &format!("status={status};retry-after=2")).await;
        assert_eq!(reply.header("retry-after"), "2");
        let problem = reply.problem(status);
        assert_eq!(problem["retryable"], true);
        let at = connect_core::time::parse_rfc3339(problem["retryAfter"].as_str().unwrap()).unwrap();
        // Two seconds after the request, give or take a slow machine.
        assert!((now + 1..=now + 30).contains(&at), "{problem}");
    }
    let reply = generate_with(&api, "status=429").await;
    assert_eq!(reply.header("retry-after"), "");
    assert_eq!(reply.problem(429)["retryable"], true);
    generate_with(&api, "status=500;retry-after=2").await.problem(400);
    nothing_stored(&api).await;
}

#[tokio::test]
async fn html_502_like_a_proxy() {
    let api = Api::start().await;
    let reply = generate_with(&api, "html502").await;
    assert_eq!(reply.status, 502);
    assert!(reply.content_type().starts_with("text/html"));
    assert!(reply.text.contains("502 Bad Gateway"));
    nothing_stored(&api).await;
}

#[tokio::test]
async fn malformed_json() {
    let api = Api::start().await;
    let reply = generate_with(&api, "malformed").await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.content_type(), "application/json");
    assert!(serde_json::from_str::<serde_json::Value>(&reply.text).is_err());
    nothing_stored(&api).await;
    let reply = api
        .send(
            api.client
                .get(api.url("/v1/providers"))
                .header("X-Dev-Fault", "malformed"),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&reply.text).is_err());
}

#[tokio::test]
async fn drop_is_a_network_error() {
    let api = Api::start().await;
    let body = aircall("c1", "ak_live_0123456789");
    let result = api
        .client
        .post(api.url(GENERATE))
        .header("X-Dev-Fault", "drop")
        .json(&body)
        .send()
        .await;
    let error = result.expect_err("no answer at all");
    assert!(error.is_request() || error.is_connect() || error.is_body(), "{error:?}");
    nothing_stored(&api).await;
    // The server carries on.
    api.generate(&body).await.connection(201);
}

#[tokio::test]
async fn reject_names_the_value() {
    let api = Api::start().await;
    let body = freshdesk("c1", "correct-horse-ter2");
    let reply = api
        .send(
            api.client
                .post(api.url(GENERATE))
                .header("X-Dev-Fault", "reject=basicAuth.password")
                .json(&body),
        )
        .await;
    let problem = reply.problem(422);
    assert_eq!(
        problem["issues"],
        json!([{ "in": "body", "name": "basicAuth.password", "detail": "The provider rejected this value (simulated)." }])
    );
    nothing_stored(&api).await;
}

#[tokio::test]
async fn unknown_or_bad_faults_are_400() {
    let api = Api::start().await;
    for fault in ["explode", "status=200", "drop=now", "status=500;drop", "reject="] {
        let problem = generate_with(&api, fault).await.problem(400);
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("cannot be used"), "{detail}");
        assert_eq!(issue_names(&problem), ["X-Dev-Fault"]);
    }
    let problem = generate_with(&api, "explode").await.problem(400);
    assert!(problem["detail"].as_str().unwrap().contains("\"explode\""));
    nothing_stored(&api).await;
}

#[tokio::test]
async fn armed_faults_apply_to_matching_requests() {
    let api = Api::start().await;
    let armed = api
        .post(
            "/dev/faults",
            &json!({ "fault": "status=503;retry-after=1", "path": "connections:generate", "times": 2 }),
        )
        .await
        .ok_json(201);
    assert_eq!(
        armed,
        json!({ "fault": "status=503;retry-after=1", "path": "connections:generate", "times": 2 })
    );
    // Other paths are untouched, and a preflight does not spend the fault.
    api.get("/v1/providers/aircall").await.ok_json(200);
    let preflight = api
        .send(
            api.client
                .request(reqwest::Method::OPTIONS, api.url(GENERATE))
                .header("Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Request-Method", "POST"),
        )
        .await;
    assert_eq!(preflight.status, 200);
    let body = aircall("c1", "ak_live_0123456789");
    let reply = api.generate(&body).await;
    assert_eq!(reply.header("retry-after"), "1");
    reply.problem(503);
    let listed = api.get("/dev/faults").await.ok_json(200);
    assert_eq!(listed["armed"][0]["times"], 1);
    api.generate(&body).await.problem(503);
    api.generate(&body).await.connection(201);
    assert_eq!(api.get("/dev/faults").await.ok_json(200), json!({ "armed": [] }));

    // `times` defaults to 1; any path when `path` is left out; DELETE clears.
    api.post("/dev/faults", &json!({ "fault": "html502" }))
        .await
        .ok_json(201);
    assert_eq!(api.get("/v1/providers").await.status, 502);
    api.get("/v1/providers").await.ok_json(200);
    api.post("/dev/faults", &json!({ "fault": "status=500", "times": 5 }))
        .await
        .ok_json(201);
    assert_eq!(api.delete("/dev/faults").await.status, 204);
    api.get("/v1/providers").await.ok_json(200);

    // DELETE with a path forgets only the faults armed for paths containing it.
    for (fault, path) in [("status=500", "/v1/projects/a/"), ("status=503", "/v1/projects/b/")] {
        api.post("/dev/faults", &json!({ "fault": fault, "path": path, "times": 3 }))
            .await
            .ok_json(201);
    }
    assert_eq!(api.delete("/dev/faults?path=projects/a/").await.status, 204);
    let armed = api.get("/dev/faults").await.ok_json(200);
    assert_eq!(armed["armed"].as_array().unwrap().len(), 1);
    assert_eq!(armed["armed"][0]["path"], "/v1/projects/b/");
    assert_eq!(api.delete("/dev/faults").await.status, 204);

    // An armed drop closes the connection too.
    api.post(
        "/dev/faults",
        &json!({ "fault": "drop", "path": "/v1/projects/p/connections" }),
    )
    .await
    .ok_json(201);
    assert!(
        api.client
            .get(api.url("/v1/projects/p/connections"))
            .send()
            .await
            .is_err()
    );
    api.list("").await;

    // Bad arming requests.
    let problem = api
        .post("/dev/faults", &json!({ "fault": "explode" }))
        .await
        .problem(400);
    assert_eq!(issue_names(&problem), ["fault"]);
    api.post("/dev/faults", &json!({ "path": "x" })).await.problem(400);
    api.post("/dev/faults", &json!({ "fault": "drop", "times": 0 }))
        .await
        .problem(400);
    assert_eq!(api.get("/dev/faults").await.ok_json(200), json!({ "armed": [] }));
}

#[tokio::test]
async fn reset_forgets_everything() {
    let api = Api::start().await;
    api.generate(&aircall("c1", "ak_live_0123456789")).await.connection(201);
    // Without a JSON body (what a cross-site form post would send) nothing is reset.
    let refused = api.send(api.client.post(api.url("/dev/reset"))).await;
    assert_eq!(refused.status, 415);
    assert_eq!(api.list("").await.len(), 1);
    api.post("/dev/faults", &json!({ "fault": "status=500" }))
        .await
        .ok_json(201);
    let reply = api.post("/dev/reset", &json!({})).await;
    assert_eq!(reply.status, 204);
    assert!(api.list("").await.is_empty());
    assert_eq!(api.get("/dev/faults").await.ok_json(200), json!({ "armed": [] }));
}

#[tokio::test]
async fn cors_lets_the_form_use_faults_and_read_retry_after() {
    let api = Api::start().await;
    let preflight = api
        .send(
            api.client
                .request(reqwest::Method::OPTIONS, api.url(GENERATE))
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "content-type,x-dev-fault,authorization",
                ),
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), "http://localhost:8080");
    let allowed = preflight.header("access-control-allow-headers").to_ascii_lowercase();
    for header in ["content-type", "x-dev-fault", "authorization"] {
        assert!(allowed.contains(header), "{allowed}");
    }
    assert!(preflight.header("access-control-allow-methods").contains("PATCH"));
    assert_eq!(preflight.header("access-control-allow-credentials"), "");

    let reply = api
        .send(
            api.client
                .post(api.url(GENERATE))
                .header("Origin", "http://127.0.0.1:8080")
                .header("X-Dev-Fault", "status=429;retry-after=2")
                .json(&aircall("c1", "k")),
        )
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), "http://127.0.0.1:8080");
    assert!(
        reply
            .header("access-control-expose-headers")
            .to_ascii_lowercase()
            .contains("retry-after")
    );

    // Another origin is not allowed.
    let other = api
        .send(
            api.client
                .request(reqwest::Method::OPTIONS, api.url(GENERATE))
                .header("Origin", "http://evil.test")
                .header("Access-Control-Request-Method", "POST"),
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), "");

    // The token endpoint allows credentials.
    let token = api
        .send(
            api.client
                .request(reqwest::Method::OPTIONS, api.url("/dev/token"))
                .header("Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"),
        )
        .await;
    assert_eq!(token.header("access-control-allow-origin"), "http://127.0.0.1:8080");
    assert_eq!(token.header("access-control-allow-credentials"), "true");
}

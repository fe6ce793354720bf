//! `--require-auth`: bearer tokens from `POST /dev/token` (for the user signed in with
//! `POST /dev/session`), scoped to one group and consumer.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dev_api::auth::{Claims, mint};
use dev_api::{Config, Database};
use serde_json::{Value, json};

use crate::common::{Api, Reply, aircall, schemas};

/// The token key of [`start`].
pub const SECRET: &str = "test-secret";

/// A server that demands tokens, with a known key.
pub async fn start() -> Api {
    Api::with(Config {
        require_auth: true,
        jwt_secret: Some(SECRET.to_owned()),
        db: Database::Memory,
        ..Config::for_tests()
    })
    .await
}

/// Signs in as `group` + `consumer`; returns the cookie to send back (`dev_session=...`).
pub async fn sign_in(api: &Api, group: &str, consumer: &str) -> String {
    let reply = api
        .post("/dev/session", &json!({ "groupRef": group, "consumerRef": consumer }))
        .await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let set_cookie = reply.header("set-cookie");
    let pair = set_cookie.split(';').next().unwrap().trim().to_owned();
    assert!(pair.starts_with("dev_session="), "{set_cookie}");
    pair
}

/// A token for `group` + `consumer`, the way a browser gets one: sign in, then ask with the cookie.
pub async fn token(api: &Api, group: &str, consumer: &str) -> String {
    let cookie = sign_in(api, group, consumer).await;
    let answer = api
        .send(
            api.client
                .post(api.url("/dev/token"))
                .header("Cookie", cookie)
                .json(&json!({ "groupRef": group, "consumerRef": consumer })),
        )
        .await
        .ok_json(200);
    assert_eq!(answer["expiresIn"], 600);
    assert!(answer["expiresAt"].is_string());
    answer["token"].as_str().unwrap().to_owned()
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn with_token(api: &Api, method: reqwest::Method, path: &str, token: &str, body: Option<&Value>) -> Reply {
    let mut builder = api.client.request(method, api.url(path)).bearer_auth(token);
    if let Some(body) = body {
        builder = builder.json(body);
    }
    api.send(builder).await
}

fn unauthorized(reply: &Reply, says: &str) {
    let problem = reply.problem(401);
    assert!(
        reply.header("www-authenticate").starts_with("Bearer"),
        "{:?}",
        reply.headers
    );
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(says), "{detail}");
}

#[tokio::test]
async fn tokens_are_demanded_and_checked() {
    let api = start().await;
    let body = aircall("c1", "ak_live_0123456789");
    let generate = "/v1/projects/p/connections:generate";

    // The catalog stays public.
    api.get("/v1/providers").await.ok_json(200);
    api.get("/v1/providers/aircall").await.ok_json(200);

    unauthorized(&api.post(generate, &body).await, "needs Authorization");
    unauthorized(&api.get("/v1/projects/p/connections").await, "needs Authorization");
    unauthorized(&api.post("/v1/oauth-connect", &json!({})).await, "needs Authorization");
    unauthorized(
        &api.post("/v1/custom-auth/connect", &json!({})).await,
        "needs Authorization",
    );
    let basic = api
        .send(
            api.client
                .get(api.url("/v1/projects/p/connections"))
                .basic_auth("u", Some("p")),
        )
        .await;
    unauthorized(&basic, "not \"Bearer");

    let forged = mint(
        b"another-secret",
        &Claims {
            group_ref: "g1".into(),
            consumer_ref: "c1".into(),
            iat: now(),
            exp: now() + 600,
        },
    );
    let reply = with_token(&api, reqwest::Method::POST, generate, &forged, Some(&body)).await;
    unauthorized(&reply, "signature");
    assert!(reply.header("www-authenticate").contains("invalid_token"));

    let expired = mint(
        SECRET.as_bytes(),
        &Claims {
            group_ref: "g1".into(),
            consumer_ref: "c1".into(),
            iat: now() - 700,
            exp: now() - 100,
        },
    );
    unauthorized(
        &with_token(&api, reqwest::Method::POST, generate, &expired, Some(&body)).await,
        "expired",
    );
    unauthorized(
        &with_token(&api, reqwest::Method::POST, generate, "not.a.jwt", Some(&body)).await,
        "not a JWT",
    );

    let good = token(&api, "g1", "c1").await;
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(good.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["groupRef"], "g1");
    assert_eq!(claims["consumerRef"], "c1");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 600);
    with_token(&api, reqwest::Method::POST, generate, &good, Some(&body))
        .await
        .connection(201);

    // Someone else's refs.
    let mut other = aircall("c2", "ak_live_0123456789");
    let problem = with_token(&api, reqwest::Method::POST, generate, &good, Some(&other))
        .await
        .problem(403);
    assert!(problem["detail"].as_str().unwrap().contains("\"c2\""), "{problem}");
    other["consumerRef"] = json!("c1");
    other["groupRef"] = json!("g2");
    with_token(&api, reqwest::Method::POST, generate, &good, Some(&other))
        .await
        .problem(403);
    let oauth = json!({ "projectIdOrName": "p", "groupRef": "g1", "consumerRef": "c2", "provider": "asana" });
    with_token(&api, reqwest::Method::POST, "/v1/oauth-connect", &good, Some(&oauth))
        .await
        .problem(403);
    let custom =
        json!({ "projectIdOrName": "p", "groupRef": "g1", "consumerRef": "c2", "provider": "microsoftAdminConsent" });
    with_token(
        &api,
        reqwest::Method::POST,
        "/v1/custom-auth/connect",
        &good,
        Some(&custom),
    )
    .await
    .problem(403);
}

#[tokio::test]
async fn a_token_sees_only_its_own_connections() {
    let api = start().await;
    let generate = "/v1/projects/p/connections:generate";
    let mine = token(&api, "g1", "c1").await;
    let theirs = token(&api, "g1", "c2").await;
    let my_connection = with_token(&api, reqwest::Method::POST, generate, &mine, Some(&aircall("c1", "k")))
        .await
        .connection(201);
    let their_connection = with_token(
        &api,
        reqwest::Method::POST,
        generate,
        &theirs,
        Some(&aircall("c2", "k")),
    )
    .await
    .connection(201);

    let listed = with_token(&api, reqwest::Method::GET, "/v1/projects/p/connections", &mine, None)
        .await
        .ok_json(200);
    testkit::assert_valid(&schemas().connections, &listed, "Connection[]");
    assert_eq!(listed, json!([my_connection]));
    with_token(
        &api,
        reqwest::Method::GET,
        "/v1/projects/p/connections?consumerRef=c2",
        &mine,
        None,
    )
    .await
    .problem(403);
    let filtered = with_token(
        &api,
        reqwest::Method::GET,
        "/v1/projects/p/connections?consumerRef=c1&groupRef=g1",
        &mine,
        None,
    )
    .await
    .ok_json(200);
    assert_eq!(filtered.as_array().unwrap().len(), 1);

    let theirs_path = format!(
        "/v1/projects/p/connections/{}",
        their_connection["id"].as_str().unwrap()
    );
    with_token(&api, reqwest::Method::GET, &theirs_path, &mine, None)
        .await
        .problem(403);
    let update = json!({ "updateMask": ["apiKey"], "connection": { "apiKey": "new-key" } });
    with_token(&api, reqwest::Method::PATCH, &theirs_path, &mine, Some(&update))
        .await
        .problem(403);
    with_token(&api, reqwest::Method::DELETE, &theirs_path, &mine, None)
        .await
        .problem(403);
    assert_eq!(
        with_token(&api, reqwest::Method::GET, &theirs_path, &theirs, None)
            .await
            .status,
        200,
        "still there"
    );
    let my_path = format!("/v1/projects/p/connections/{}", my_connection["id"].as_str().unwrap());
    with_token(&api, reqwest::Method::PATCH, &my_path, &mine, Some(&update))
        .await
        .connection(200);
    assert_eq!(
        with_token(&api, reqwest::Method::DELETE, &my_path, &mine, None)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn signing_in_needs_both_refs() {
    let api = start().await;
    let problem = api
        .post("/dev/session", &json!({ "groupRef": "g1" }))
        .await
        .problem(400);
    assert_eq!(problem["issues"][0]["name"], "consumerRef");
    // Without --require-auth tokens are minted but not needed.
    let open = Api::start().await;
    token(&open, "g1", "c1").await;
    open.generate(&aircall("c1", "k")).await.connection(201);
}

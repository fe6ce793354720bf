//! `POST /dev/session` and whom `POST /dev/token` mints for: the signed-in user (or the identity
//! fixed with `--token-group` + `--token-consumer`), never refs the browser names.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dev_api::auth::Identity;
use dev_api::session::seal;
use dev_api::{Config, Database};
use serde_json::{Value, json};

use crate::auth::{SECRET, now, sign_in, start};
use crate::common::{Api, Reply, aircall};

fn jane() -> Identity {
    Identity {
        group_ref: "g1".into(),
        consumer_ref: "c1".into(),
    }
}

/// `POST /dev/token` with this cookie (if any) and JSON body (if any).
async fn mint(api: &Api, cookie: Option<&str>, body: Option<&Value>) -> Reply {
    let mut builder = api.client.post(api.url("/dev/token"));
    if let Some(cookie) = cookie {
        builder = builder.header("Cookie", cookie);
    }
    if let Some(body) = body {
        builder = builder.json(body);
    }
    api.send(builder).await
}

/// The claims of a minted token.
fn claims(reply: &Reply) -> Value {
    let token = reply.ok_json(200)["token"].as_str().unwrap().to_owned();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

fn detail(problem: &Value) -> &str {
    problem["detail"].as_str().unwrap()
}

#[tokio::test]
async fn without_a_session_there_is_no_token() {
    let api = start().await;
    for body in [
        None,
        Some(json!({})),
        Some(json!({ "groupRef": "g1", "consumerRef": "c1" })),
    ] {
        let problem = mint(&api, None, body.as_ref()).await.problem(401);
        assert!(
            detail(&problem).contains("no signed-in user: POST /dev/session first"),
            "{problem}"
        );
        assert!(
            problem["remedy"].as_str().unwrap().contains("--token-group"),
            "{problem}"
        );
    }
    // Other cookies are not a session.
    let problem = mint(&api, Some("theme=dark"), None).await.problem(401);
    assert!(!detail(&problem).contains("cookie"), "{problem}");
}

#[tokio::test]
async fn a_session_mints_for_its_user_only() {
    let api = start().await;
    let reply = api
        .post("/dev/session", &json!({ "groupRef": " g1 ", "consumerRef": "c1" }))
        .await;
    assert_eq!(reply.status, 204);
    assert_eq!(reply.text, "");
    let set_cookie = reply.header("set-cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/dev", "Max-Age=3600"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // No body (and no Content-Type), `{}`, or the same refs: a token for the session's user.
    for body in [
        None,
        Some(json!({})),
        Some(json!({ "groupRef": "g1", "consumerRef": "c1" })),
    ] {
        let claims = claims(&mint(&api, Some(&cookie), body.as_ref()).await);
        assert_eq!(
            (&claims["groupRef"], &claims["consumerRef"]),
            (&json!("g1"), &json!("c1"))
        );
    }
    let empty = api.send(
        api.client
            .post(api.url("/dev/token"))
            .header("Cookie", &cookie)
            .header("Content-Type", "application/json"),
    );
    claims(&empty.await);

    // Refs the browser chose are refused, whichever differs.
    for body in [
        json!({ "groupRef": "g1", "consumerRef": "c2" }),
        json!({ "consumerRef": "c2" }),
        json!({ "groupRef": "g2" }),
    ] {
        let problem = mint(&api, Some(&cookie), Some(&body)).await.problem(403);
        assert!(
            detail(&problem).contains("never minted for refs the browser chose"),
            "{problem}"
        );
        assert!(detail(&problem).contains("consumerRef \"c1\""), "{problem}");
    }
    let problem = mint(&api, Some(&cookie), Some(&json!({ "consumerRef": 7 })))
        .await
        .problem(400);
    assert_eq!(problem["issues"][0]["name"], "consumerRef");
    let plain = api.send(
        api.client
            .post(api.url("/dev/token"))
            .header("Cookie", &cookie)
            .header("Content-Type", "text/plain")
            .body("{}"),
    );
    plain.await.problem(415);

    // The token does what a token does: c1's connection, not c2's.
    let token = mint(&api, Some(&cookie), None).await.ok_json(200)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let generate = |body: Value| {
        api.client
            .post(api.url("/v1/projects/p/connections:generate"))
            .bearer_auth(&token)
            .json(&body)
    };
    api.send(generate(aircall("c1", "k"))).await.connection(201);
    api.send(generate(aircall("c2", "k"))).await.problem(403);

    // Signing out clears the cookie.
    let out = api.delete("/dev/session").await;
    assert_eq!(out.status, 204);
    let cleared = out.header("set-cookie");
    assert!(
        cleared.starts_with("dev_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
}

#[tokio::test]
async fn forged_tampered_and_expired_cookies_are_not_sessions() {
    let api = start().await;
    let good = sign_in(&api, "g1", "c1").await;
    let value = good.strip_prefix("dev_session=").unwrap();
    let (payload, signature) = value.split_once('.').unwrap();

    // Another identity under the real signature.
    let mut said: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    said["consumerRef"] = json!("c2");
    let tampered = format!(
        "dev_session={}.{signature}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&said).unwrap())
    );
    let forged = format!("dev_session={}", seal(b"not-the-key", &jane(), now() + 600));
    let expired = format!("dev_session={}", seal(SECRET.as_bytes(), &jane(), now() - 1));
    for (cookie, says) in [
        (tampered.as_str(), "signature does not match"),
        (&forged, "signature does not match"),
        (&expired, "expired"),
        ("dev_session=garbage", "not a dev-api session"),
    ] {
        let problem = mint(&api, Some(cookie), None).await.problem(401);
        assert!(detail(&problem).contains("no signed-in user"), "{problem}");
        assert!(detail(&problem).contains(says), "{cookie}: {problem}");
    }
    // Beside a bad one (another dev-api on this host sets the same name), the good one counts.
    let both = format!("{forged}; {good}");
    assert_eq!(claims(&mint(&api, Some(&both), None).await)["consumerRef"], "c1");
}

#[tokio::test]
async fn a_fixed_identity_needs_no_session() {
    let config = Config::from_args([
        "--port",
        "0",
        "--db",
        ":memory:",
        "--require-auth",
        "--jwt-secret",
        SECRET,
        "--token-group",
        "g1",
        "--token-consumer",
        "c1",
    ])
    .unwrap()
    .unwrap();
    assert_eq!(config.db, Database::Memory);
    let api = Api::with(config).await;
    let minted = claims(&mint(&api, None, Some(&json!({ "groupRef": "g1", "consumerRef": "c1" }))).await);
    assert_eq!(
        (&minted["groupRef"], &minted["consumerRef"]),
        (&json!("g1"), &json!("c1"))
    );
    claims(&mint(&api, None, None).await);
    // Still never for other refs, in the body or signed in.
    mint(&api, None, Some(&json!({ "consumerRef": "c2" })))
        .await
        .problem(403);
    let problem = api
        .post("/dev/session", &json!({ "groupRef": "g1", "consumerRef": "c2" }))
        .await
        .problem(403);
    assert!(detail(&problem).contains("--token-group"), "{problem}");
    let other = format!(
        "dev_session={}",
        seal(
            SECRET.as_bytes(),
            &Identity {
                consumer_ref: "c2".into(),
                ..jane()
            },
            now() + 600
        )
    );
    mint(&api, Some(&other), None).await.problem(403);
    // Its own user may sign in; a cookie of another dev-api is ignored.
    let cookie = sign_in(&api, "g1", "c1").await;
    claims(&mint(&api, Some(&cookie), None).await);
    let foreign = format!("dev_session={}", seal(b"another-dev-api", &jane(), now() + 600));
    claims(&mint(&api, Some(&foreign), None).await);
}

#[tokio::test]
async fn the_session_allows_credentials_from_allowed_origins_and_is_never_faulted() {
    let api = start().await;
    let preflight = api
        .send(
            api.client
                .request(reqwest::Method::OPTIONS, api.url("/dev/session"))
                .header("Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"),
        )
        .await;
    assert_eq!(preflight.header("access-control-allow-origin"), "http://127.0.0.1:8080");
    assert_eq!(preflight.header("access-control-allow-credentials"), "true");
    let reply = api
        .send(
            api.client
                .post(api.url("/dev/session"))
                .header("Origin", "http://localhost:8080")
                .json(&json!({ "groupRef": "g1", "consumerRef": "c1" })),
        )
        .await;
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("access-control-allow-origin"), "http://localhost:8080");
    assert_eq!(reply.header("access-control-allow-credentials"), "true");
    let other = api
        .send(
            api.client
                .post(api.url("/dev/session"))
                .header("Origin", "http://evil.test")
                .json(&json!({ "groupRef": "g1", "consumerRef": "c1" })),
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), "");

    // A form post (no JSON) cannot sign anyone in.
    let form = api.send(
        api.client
            .post(api.url("/dev/session"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("groupRef=g1&consumerRef=c2"),
    );
    assert_eq!(form.await.status, 415);

    // Faults are for the API: the stand-in login ignores them, armed or in the header.
    api.post("/dev/faults", &json!({ "fault": "status=503", "path": "/dev/session" }))
        .await
        .ok_json(201);
    sign_in(&api, "g1", "c1").await;
    let header = api.send(
        api.client
            .post(api.url("/dev/session"))
            .header("X-Dev-Fault", "status=500")
            .json(&json!({ "groupRef": "g1", "consumerRef": "c1" })),
    );
    assert_eq!(header.await.status, 204);
    assert_eq!(api.get("/dev/faults").await.ok_json(200)["armed"][0]["times"], 1);
}

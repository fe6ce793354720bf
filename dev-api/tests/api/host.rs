//! The `Host` check: a request must name this server (127.0.0.1, localhost or \[::1\] with the port
//! bound, or an `--allowed-host`), so a page that rebinds its own name to 127.0.0.1 gets nowhere.

use dev_api::Config;
use serde_json::{Value, json};

use crate::common::{Api, Reply, aircall};

/// The port of a running server.
fn port(api: &Api) -> u16 {
    api.origin.rsplit(':').next().unwrap().parse().unwrap()
}

/// `method path` with this `Host`, and optionally a JSON body.
async fn with_host(api: &Api, method: reqwest::Method, path: &str, host: &str, body: Option<&Value>) -> Reply {
    let mut builder = api.client.request(method, api.url(path)).header("Host", host);
    if let Some(body) = body {
        builder = builder.json(body);
    }
    api.send(builder).await
}

fn bad_host(reply: &Reply, host: &str) {
    let problem = reply.problem(400);
    assert_eq!(
        problem["type"], "https://dev-api.invalid/problems/bad-host",
        "{problem}"
    );
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(&format!("{host:?}")), "{detail}");
    assert!(
        problem["remedy"].as_str().unwrap().contains("--allowed-host"),
        "{problem}"
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        "",
        "no CORS for a refused host"
    );
}

#[tokio::test]
async fn a_rebound_name_reaches_nothing() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
    let api = Api::with(Config {
        static_dir: Some(folder.path().to_path_buf()),
        ..Config::for_tests()
    })
    .await;
    api.generate(&aircall("c1", "ak_live_0123456789")).await.connection(201);
    let port = port(&api);
    let evil = format!("rebind.attacker.example:{port}");
    use reqwest::Method;
    for (method, path, body) in [
        (Method::GET, "/v1/projects/p/connections", None),
        (Method::POST, "/dev/reset", Some(json!({}))),
        (Method::GET, "/v1/providers", None),
        (
            Method::POST,
            "/v1/projects/p/connections:generate",
            Some(aircall("c2", "k")),
        ),
        (Method::POST, "/dev/token", Some(json!({}))),
        (
            Method::POST,
            "/dev/session",
            Some(json!({ "groupRef": "g1", "consumerRef": "c1" })),
        ),
        (Method::POST, "/dev/faults", Some(json!({ "fault": "drop" }))),
        (Method::GET, "/dev/faults", None),
        (Method::GET, "/dev/authorize?state=x", None),
        (Method::GET, "/dev/custom-auth?session=x", None),
        (Method::GET, "/", None),
        (Method::GET, "/index.html", None),
        (Method::GET, "/nothing-here", None),
    ] {
        let reply = with_host(&api, method.clone(), path, &evil, body.as_ref()).await;
        bad_host(&reply, &evil);
        assert!(reply.header("set-cookie").is_empty(), "{method} {path}");
    }
    // Preflights too: a same-origin page would not need them, but nothing answers them either.
    let preflight = api
        .send(
            api.client
                .request(Method::OPTIONS, api.url("/v1/projects/p/connections"))
                .header("Host", &evil)
                .header("Origin", "http://127.0.0.1:8080")
                .header("Access-Control-Request-Method", "GET"),
        )
        .await;
    bad_host(&preflight, &evil);

    // Nothing was reset, stored or armed.
    assert_eq!(api.list("").await.len(), 1);
    assert_eq!(api.get("/dev/faults").await.ok_json(200), json!({ "armed": [] }));
    // The answer names the host and nothing else of the request.
    let reply = api
        .send(
            api.client
                .get(api.url("/v1/projects/p/connections?consumerRef=secret-ref"))
                .header("Host", &evil)
                .header("Authorization", "Bearer hunter2.token.value"),
        )
        .await;
    bad_host(&reply, &evil);
    assert!(
        !reply.text.contains("secret-ref") && !reply.text.contains("hunter2"),
        "{}",
        reply.text
    );
    assert!(!reply.text.contains("/v1/projects"), "{}", reply.text);
}

#[tokio::test]
async fn the_loopback_names_with_the_bound_port() {
    let api = Api::start().await;
    let port = port(&api);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = with_host(&api, reqwest::Method::GET, "/v1/providers/aircall", &host, None).await;
        reply.ok_json(200);
        let reset = with_host(&api, reqwest::Method::POST, "/dev/reset", &host, Some(&json!({}))).await;
        assert_eq!(reset.status, 204, "{host}");
    }
    // Another port (another server, or a page rebinding to this one), no port, a look-alike.
    let other_port = if port == 65535 { 1 } else { port + 1 };
    for host in [
        format!("127.0.0.1:{other_port}"),
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.2:{port}"),
    ] {
        bad_host(
            &with_host(&api, reqwest::Method::GET, "/v1/providers", &host, None).await,
            &host,
        );
    }
}

#[tokio::test]
async fn a_request_without_a_host_or_with_another_target_is_refused() {
    let api = Api::start().await;
    let port = port(&api);
    let address = format!("127.0.0.1:{port}");
    let requests = [
        // HTTP/1.1 demands a Host; HTTP/1.0 has none.
        "GET /v1/providers HTTP/1.1\r\nConnection: close\r\n\r\n".to_owned(),
        "GET /v1/providers HTTP/1.0\r\n\r\n".to_owned(),
        format!("GET /v1/providers HTTP/1.1\r\nHost: {address}\r\nHost: evil.test\r\nConnection: close\r\n\r\n"),
        // The absolute target names the host, whatever the header says.
        format!("GET http://evil.test:{port}/v1/providers HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    ];
    for request in requests {
        let address = address.clone();
        let sent = request.clone();
        // On its own thread: the server runs on this test's runtime.
        let answer = tokio::task::spawn_blocking(move || raw(&address, &sent)).await.unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.0 400"),
            "{request}: {answer}"
        );
        assert!(answer.contains("bad-host"), "{request}: {answer}");
    }
    // An absolute target naming this server is fine.
    let fine =
        format!("GET http://{address}/v1/providers/aircall HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    let answer = tokio::task::spawn_blocking(move || raw(&address, &fine)).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn allowed_hosts_let_a_proxy_in() {
    // Through the flags, as a proxy setup would start it.
    let config = Config::from_args([
        "--port=0",
        "--db=:memory:",
        "--allowed-host",
        "Dev.Proxy.test, other.test:8443",
    ])
    .unwrap()
    .unwrap();
    let api = Api::with(config).await;
    let port = port(&api);
    for host in [
        "dev.proxy.test",
        "DEV.PROXY.TEST:443",
        "dev.proxy.test:9999",
        "other.test:8443",
        &format!("127.0.0.1:{port}"),
    ] {
        with_host(&api, reqwest::Method::GET, "/v1/providers/aircall", host, None)
            .await
            .ok_json(200);
    }
    for host in ["other.test", "other.test:8444", "proxy.test", "evil.dev.proxy.test"] {
        bad_host(
            &with_host(&api, reqwest::Method::GET, "/v1/providers", host, None).await,
            host,
        );
    }
    // The consent page's link follows the proxy's name.
    let body = json!({ "projectIdOrName": "p", "provider": "asana", "groupRef": "g1", "consumerRef": "c1" });
    let reply = with_host(
        &api,
        reqwest::Method::POST,
        "/v1/oauth-connect",
        "dev.proxy.test",
        Some(&body),
    )
    .await;
    assert!(
        reply.text.starts_with("http://dev.proxy.test/dev/authorize?state="),
        "{}",
        reply.text
    );
}

/// Sends `request` over a plain socket, exactly as written; the whole answer.
fn raw(address: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

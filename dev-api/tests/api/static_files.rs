//! `--static DIR`: a release build served from the API's own origin.

use dev_api::Config;

use crate::common::Api;

#[tokio::test]
async fn files_with_their_types() {
    // The served folder sits inside another, beside a file that must never be served.
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "not for the web").unwrap();
    let folder = outer.path().join("dist");
    std::fs::create_dir(&folder).unwrap();
    let files = [
        (
            "index.html",
            "<!DOCTYPE html><title>app</title>",
            "text/html; charset=utf-8",
        ),
        ("app_bg.wasm", "\0asm", "application/wasm"),
        ("app.js", "export {}", "text/javascript; charset=utf-8"),
        ("style.css", "body{}", "text/css; charset=utf-8"),
        ("logo.svg", "<svg/>", "image/svg+xml"),
        ("icon.png", "png", "image/png"),
        ("data.json", "{}", "application/json"),
    ];
    for (name, body, _) in files {
        std::fs::write(folder.join(name), body).unwrap();
    }
    let api = Api::with(Config {
        static_dir: Some(folder.clone()),
        ..Config::for_tests()
    })
    .await;
    let root = api.get("/").await;
    assert_eq!(root.status, 200);
    assert_eq!(root.content_type(), "text/html; charset=utf-8");
    assert_eq!(root.text, files[0].1);
    for (name, body, content_type) in files {
        let reply = api.get(&format!("/{name}")).await;
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.content_type(), content_type, "{name}");
        assert_eq!(reply.text, body);
    }
    api.get("/missing.js").await.problem(404);
    // Paths that climb out of the folder, sent as written (an HTTP client would clean them up first).
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/dist/../../secret.txt",
    ] {
        let (origin, path_owned) = (api.origin.clone(), path.to_owned());
        // On its own thread: the server runs on this test's runtime.
        let answer = tokio::task::spawn_blocking(move || raw_get(&origin, &path_owned))
            .await
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        assert!(!answer.contains("not for the web"), "{path}");
    }
    // The API is still there, and its unknown paths are not files.
    api.get("/v1/providers/aircall").await.ok_json(200);
    api.get("/v1/index.html").await.problem(404);
    let post = api.send(api.client.post(api.url("/index.html"))).await;
    post.problem(405);
}

#[tokio::test]
async fn without_static_nothing_is_served_at_the_root() {
    let api = Api::start().await;
    api.get("/").await.problem(404);
}

/// `GET path` over a plain socket, exactly as written; the whole answer.
fn raw_get(origin: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = origin.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}
